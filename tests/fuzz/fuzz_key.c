// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: flow put KEY and MASK attribute streams through the
 * dump-flows formatter (dpctl.h), the one decoder (dp_match.h) and
 * --explain (explain.h). These bytes come from any process that can send
 * OVS_FLOW_CMD_NEW, and from --read-events files: nothing may crash, read
 * past them or print raw bytes to the operator's terminal.
 *
 * Input: u16 little-endian key length, then the key, then the mask (the
 * rest). A key length past the end takes everything and leaves no mask.
 * Build and run with scripts/fuzz.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dpctl.h"
#include "explain.h"
#include "dp_match.h"
#include "events.h"
#include "put_view.h"
#include "strbuf.h"

#define FAIL(...) do { fprintf(stderr, "fuzz_key: " __VA_ARGS__); fputc('\n', stderr); abort(); } while (0)

/* A copy of exactly n bytes, so that ASan flags a read one past a part of
 * the input (the key and the mask sit next to each other in it). */
static uint8_t *dup_exact(const uint8_t *p, size_t n)
{
	uint8_t *d = malloc(n);

	if (!d && n)
		abort();
	if (n)
		memcpy(d, p, n);
	return d;
}

/*
 * Decoder text ends up in text lines with %s (output.c text_line), straight
 * on the operator's terminal: it must be NUL-terminated printable ASCII.
 * The decoders have no escaping of their own, they print numbers, names
 * and hex only, so no other byte is legitimate.
 */
static void check_text(const char *what, const struct strbuf *sb)
{
	const char *s = strbuf_cstr(sb);
	size_t n = strbuf_len(sb);

	if (!s || s[n] != '\0' || strlen(s) != n)
		FAIL("%s: text not NUL-terminated at its length %zu", what, n);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c > 0x7e)
			FAIL("%s: byte 0x%02x at %zu of %zu in \"%s\"", what, c, i, n, s);
	}
	if (strbuf_error(sb))
		FAIL("%s: strbuf error %d", what, strbuf_error(sb));
}

#include "json_check.h"

static void check_json(const char *what, const struct strbuf *sb)
{
	const char *end;

	check_text(what, sb);
	end = json_value(strbuf_cstr(sb), 0);
	if (!end || *json_ws(end))
		FAIL("%s: not one JSON value: %s", what, strbuf_cstr(sb));
}

static void check_rc(const char *what, int rc)
{
	/* dpctl.h: malformed input is -EINVAL, never fatal; -ENOMEM only on
	 * allocation failure, which the fuzzer's small inputs never cause. */
	if (rc != 0 && rc != -EINVAL)
		FAIL("%s: returned %d", what, rc);
}

/* The same bytes must give the same text: a difference means the
 * formatter read memory it did not initialise or keeps state. */
static void format_key_twice(const char *what, const uint8_t *key, size_t key_len,
			     const uint8_t *mask, size_t mask_len)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	int ra = dpctl_format_key(&a, key, key_len, mask, mask_len);
	int rb = dpctl_format_key(&b, key, key_len, mask, mask_len);

	check_rc(what, ra);
	check_text(what, &a);
	if (ra != rb || strbuf_len(&a) != strbuf_len(&b) || strcmp(strbuf_cstr(&a), strbuf_cstr(&b)))
		FAIL("%s: two runs differ: \"%s\" (%d) vs \"%s\" (%d)", what, strbuf_cstr(&a), ra,
		     strbuf_cstr(&b), rb);
	strbuf_free(&a);
	strbuf_free(&b);
}

static void check_explain(const char *what, const struct out_key_fields *pkt,
			  const struct out_key_fields *mask)
{
	struct explain_field f[EXPLAIN_FIELDS_MAX];
	struct strbuf sb = STRBUF_INIT;
	size_t n;

	/* A packet always matches its own key, whatever the mask. */
	if (!dp_fields_match(pkt, pkt, mask))
		FAIL("%s: key does not match itself", what);
	n = explain_fields(pkt, mask, f, EXPLAIN_FIELDS_MAX);
	if (n > EXPLAIN_FIELDS_MAX)
		FAIL("%s: explain_fields wrote %zu entries", what, n);
	for (size_t i = 0; i < n; i++) {
		if (!f[i].name || f[i].kind > EXPLAIN_PARTIAL)
			FAIL("%s: bad explain field %zu", what, i);
		/* No field is wider than an IPv6 address. */
		if (f[i].kind == EXPLAIN_PREFIX && (f[i].prefix == 0 || f[i].prefix > 128))
			FAIL("%s: %s prefix /%u", what, f[i].name, f[i].prefix);
	}
	/* A short array must be honoured, not overrun (ASan sees the stack). */
	if (n && explain_fields(pkt, mask, f, n - 1) > n - 1)
		FAIL("%s: explain_fields ignored max", what);

	if (explain_format(&sb, pkt, mask))
		FAIL("%s: explain_format failed", what);
	check_text(what, &sb);
	strbuf_clear(&sb);
	if (explain_format_json(&sb, pkt, mask))
		FAIL("%s: explain_format_json failed", what);
	check_json(what, &sb);
	strbuf_free(&sb);
}

/* A key's text through the memo equals the text made without one. */
static void check_memo(const struct put_view *v, const uint8_t *key, size_t key_len,
		       const uint8_t *mask, size_t mask_len)
{
	struct strbuf fresh = STRBUF_INIT;

	dpctl_format_key(&fresh, key, key_len, mask, mask_len);
	if (strcmp(strbuf_cstr(&fresh), strbuf_cstr(&v->key_text)))
		FAIL("memo: \"%s\" where formatting gives \"%s\"", strbuf_cstr(&v->key_text),
		     strbuf_cstr(&fresh));
	strbuf_free(&fresh);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct out_flow_put put;
	static struct put_view v;
	static struct dpctl_memo memo;
	uint8_t *key, *msk;
	size_t key_len, mask_len;

	if (size < 2)
		return 0;
	key_len = (size_t)data[0] | (size_t)data[1] << 8;
	if (key_len > size - 2)
		key_len = size - 2;
	mask_len = size - 2 - key_len;
	key = dup_exact(data + 2, key_len);
	msk = dup_exact(data + 2 + key_len, mask_len);

	format_key_twice("key", key, key_len, NULL, 0);
	format_key_twice("key+mask", key, key_len, msk, mask_len);

	/* The view the correlator makes of such a put: poison it first, the
	 * decoder promises to fill every byte of the projections. */
	memset(&v.key, 0xa5, sizeof(v.key));
	memset(&v.mask, 0xa5, sizeof(v.mask));
	memset(&v.exact, 0xa5, sizeof(v.exact));
	memset(&put, 0, sizeof(put));
	if (key_len <= sizeof(put.key) && mask_len <= sizeof(put.mask)) {
		memcpy(put.key, key, key_len);
		memcpy(put.mask, msk, mask_len);
		put.key_len = (uint32_t)key_len;
		put.mask_len = (uint32_t)mask_len;
		/* With a UFID: the masked dump, as dpctl_format_key() makes it,
		 * which check_memo() compares with. */
		put.flags = (mask_len ? OUT_F_HAS_MASK : 0) | OUT_F_HAS_UFID;
		put_view_init(&v, &put);
		check_rc("dp_match_from_put", v.err);
		if (v.key.pad[0] || v.key.pad[1] || v.key.pad[2] || v.mask.pad[0] ||
		    v.mask.pad[1] || v.mask.pad[2])
			FAIL("decoder left padding it should have zeroed");
		check_explain("explain key/mask", &v.key, &v.mask);
		check_explain("explain key/exact", &v.key, &v.exact);
		/* The memo lives across inputs, as an output's does across
		 * puts: what it hands back must be what formatting gives. */
		put_view_text(&v, &memo, DPCTL_OVS_DEFAULT);
		check_text("view key text", &v.key_text);
		check_text("view actions text", &v.actions_text);
		check_memo(&v, key, key_len, mask_len ? msk : NULL, mask_len);
	}

	free(key);
	free(msk);
	return 0;
}
