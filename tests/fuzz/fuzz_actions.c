// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: a flow put's ACTIONS attribute stream through the
 * dump-flows formatter (dpctl_format_actions). The bytes come from whatever
 * sent OVS_FLOW_CMD_NEW (or FLOW_SET, for --lifecycle), or from a
 * --read-events file: nothing may crash, read past them, recurse without
 * bound or print raw bytes to the operator's terminal.
 *
 * Input: the actions payload as is. Build and run with scripts/fuzz.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dpctl.h"
#include "strbuf.h"

#define FAIL(...) do { fprintf(stderr, "fuzz_actions: " __VA_ARGS__); fputc('\n', stderr); abort(); } while (0)

/*
 * The text goes into text lines with %s (output.c text_line), straight to
 * the terminal, so it must be NUL-terminated printable ASCII. The
 * formatter has no escaping of its own: it prints numbers, names and hex
 * (unknown actions as "action<N>(xx xx ..)"), so no other byte is
 * legitimate. ct(helper=,timeout=) currently copy the put's name bytes
 * as they are: tests/fuzz/crashes/fuzz_actions-ct-* until that is fixed.
 */
static void check_text(const struct strbuf *sb)
{
	const char *s = strbuf_cstr(sb);
	size_t n = strbuf_len(sb);

	if (!s || s[n] != '\0' || strlen(s) != n)
		FAIL("text not NUL-terminated at its length %zu", n);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c > 0x7e)
			FAIL("byte 0x%02x at %zu of %zu in \"%s\"", c, i, n, s);
	}
	if (strbuf_error(sb))
		FAIL("strbuf error %d", strbuf_error(sb));
}

/* The releases whose texts differ (--ovs-version): 3.1 reads the kernel's
 * actions 23..25 with its own enum, 3.4 and later with the kernel's. The
 * input's last byte picks one (it is part of the actions too), so both
 * are fuzzed. */
static const uint32_t releases[] = { DPCTL_OVS(3, 1, 0), DPCTL_OVS(3, 5, 0) };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	uint32_t ovs = releases[size && data[size - 1] & 1];
	/* Exactly 'size' bytes of heap: libFuzzer's own buffer is that too,
	 * but a copy keeps the target honest if it is ever run differently. */
	uint8_t *acts = malloc(size);
	int ra, rb;

	if (!acts && size)
		abort();
	if (size)
		memcpy(acts, data, size);

	ra = dpctl_format_actions(&a, acts, size, ovs);
	/* dpctl.h: malformed input is -EINVAL, never fatal. */
	if (ra != 0 && ra != -EINVAL)
		FAIL("returned %d", ra);
	check_text(&a);
	/* dpctl.h: no actions print as "drop", and some text always comes. */
	if (!size && (ra || strcmp(strbuf_cstr(&a), "drop")))
		FAIL("empty actions gave \"%s\" (%d)", strbuf_cstr(&a), ra);
	if (!strbuf_len(&a))
		FAIL("no text for %zu bytes (%d)", size, ra);

	/* Same bytes, same text: a difference means a read of memory the
	 * formatter did not initialise, or state kept between calls. */
	rb = dpctl_format_actions(&b, acts, size, ovs);
	if (ra != rb || strcmp(strbuf_cstr(&a), strbuf_cstr(&b)))
		FAIL("two runs differ: \"%s\" (%d) vs \"%s\" (%d)", strbuf_cstr(&a), ra,
		     strbuf_cstr(&b), rb);

	strbuf_free(&a);
	strbuf_free(&b);
	free(acts);
	return 0;
}
