// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: what ovs-vswitchd's control socket sends back, through
 * the JSON-RPC reply parser (unixctl_reply_parse) and, when it is a reply,
 * its text through the ofproto/trace parser (oftrace_parse), and each
 * rule's match and pass's Megaflow through the match parser
 * (ofmatch_parse); the raw bytes through the trace parser too. A daemon of another release, a confused
 * one or anything else listening on that path may send them: nothing may
 * crash, leak or read past them, and what is parsed must hold together.
 *
 * Input: bytes as read from the socket. Seeds: the real replies under
 * tests/fixtures/unixctl/. Build and run with scripts/fuzz.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ofmatch.h"
#include "oftrace.h"
#include "unixctl.h"

#define FAIL(...) do { fprintf(stderr, "fuzz_oftrace: " __VA_ARGS__); fputc('\n', stderr); abort(); } while (0)

static void match(const char *text)
{
	static struct ofmatch m;
	char why[160];
	int err = ofmatch_parse(text, strlen(text), &m, why, sizeof(why));

	if (err && (err != -EINVAL || !why[0]))
		FAIL("ofmatch_parse returned %d (%s)", err, why);
	for (size_t i = 0; !err && i < m.n; i++)
		if (!m.f[i].name_len || (m.f[i].kind != OFM_WORD && !m.f[i].text_len))
			FAIL("match field %zu without a name or a value", i);
}

static void trace(const char *text, size_t len)
{
	struct oftrace t;
	char why[160];
	int err = oftrace_parse(text, len, &t, why, sizeof(why));

	if (err && err != -EBADMSG && err != -ENOMEM)
		FAIL("oftrace_parse returned %d", err);
	if (err) {
		if (t.n_rules || t.n_passes || t.rules || t.passes)
			FAIL("a refused trace left %zu rules, %zu passes", t.n_rules, t.n_passes);
		if (err == -EBADMSG && !why[0])
			FAIL("a refused trace without a reason");
		return;
	}
	if (!t.n_passes)
		FAIL("a parsed trace without a pass");
	for (size_t i = 0; i < t.n_rules; i++) {
		const struct oftrace_rule *r = &t.rules[i];

		if (r->pass >= t.n_passes || !r->bridge || !r->match || !r->actions)
			FAIL("rule %zu: pass %u of %zu, or a missing text", i, r->pass, t.n_passes);
		if (r->matched ? r->priority < 0 || r->priority > 65535 : r->priority != -1)
			FAIL("rule %zu: matched %d with priority %d", i, r->matched, r->priority);
		if (r->matched)
			match(r->match);
	}
	for (size_t i = 0; i < t.n_passes; i++)
		if (t.passes[i].megaflow)
			match(t.passes[i].megaflow);
	oftrace_free(&t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct unixctl_reply r;
	size_t used = 0;
	char why[160];
	int err;

	err = unixctl_reply_parse(data, size, 0, &r, &used, why, sizeof(why));
	if (!err) {
		if (!r.text || used == 0 || used > size)
			FAIL("a reply of %zu bytes from %zu, text %p", used, size, (void *)r.text);
		trace(r.text, strlen(r.text));
		unixctl_reply_free(&r);
	} else if (err != -EAGAIN && err != -EBADMSG && err != -EPROTO && err != -EMSGSIZE &&
		   err != -ENOMEM) {
		FAIL("unixctl_reply_parse returned %d", err);
	} else if (r.text) {
		FAIL("a refused reply left its text");
	}
	trace((const char *)data, size);
	return 0;
}
