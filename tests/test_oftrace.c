// SPDX-License-Identifier: GPL-2.0-only
/*
 * ofproto/trace text, from the replies real ovs-vswitchd releases sent
 * (tests/fixtures/unixctl/VERSION/, scripts/capture-unixctl): the rules of
 * the capture's tables (scripts/vm/capture-unixctl.sh) as each trace went
 * through them. The reply's text must also be what ovs-appctl printed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oftrace.h"
#include "unixctl.h"

static const char *const versions[] = { "2.15", "3.1", "3.5", "4.0" };
#define N_VERSIONS (sizeof(versions) / sizeof(versions[0]))

static char *slurp(const char *ver, const char *name)
{
	char path[256], *buf;
	long n;
	FILE *f;

	snprintf(path, sizeof(path), "tests/fixtures/unixctl/%s/%s", ver, name);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s (run from the repository's top)", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* The trace text of fixture NAME of VER, checked against ovs-appctl's. */
static char *trace_text(const char *ver, const char *name)
{
	char file[64], why[160];
	struct unixctl_reply r;
	size_t used, len;
	char *raw, *txt;

	snprintf(file, sizeof(file), "%s.json", name);
	raw = slurp(ver, file);
	if (unixctl_reply_parse(raw, strlen(raw), 0, &r, &used, why, sizeof(why)))
		fail_msg("OVS %s %s: %s", ver, file, why);
	assert_false(r.is_error);
	snprintf(file, sizeof(file), "%s.txt", name);
	txt = slurp(ver, file);
	/* From 3.4 the daemon leaves the last newline to ovs-appctl. */
	len = strlen(r.text);
	if (strncmp(txt, r.text, len) || strcmp(txt + len, len && r.text[len - 1] == '\n' ? "" : "\n"))
		fail_msg("OVS %s %s: the reply's text is not what ovs-appctl printed", ver, name);
	free(txt);
	free(raw);
	return r.text;
}

struct want_rule {
	unsigned int pass;
	int table, priority;
	uint64_t cookie;
	const char *match, *actions;
};

static void check(const char *ver, const char *name, const struct want_rule *want, size_t n_want,
		  const char *const *megaflows, size_t n_passes)
{
	char *text = trace_text(ver, name), why[160];
	struct oftrace t;
	size_t i;

	if (oftrace_parse(text, strlen(text), &t, why, sizeof(why)))
		fail_msg("OVS %s %s: %s", ver, name, why);
	if (t.n_rules != n_want)
		fail_msg("OVS %s %s: %zu rules, want %zu", ver, name, t.n_rules, n_want);
	for (i = 0; i < n_want; i++) {
		const struct oftrace_rule *r = &t.rules[i];

		assert_int_equal(r->pass, want[i].pass);
		assert_string_equal(r->bridge, "br0");
		assert_int_equal(r->table, want[i].table);
		assert_true(r->matched);
		assert_int_equal(r->priority, want[i].priority);
		assert_int_equal(r->cookie, want[i].cookie);
		assert_string_equal(r->match, want[i].match);
		assert_string_equal(r->actions, want[i].actions);
	}
	assert_int_equal(t.n_passes, n_passes);
	for (i = 0; i < n_passes; i++) {
		assert_non_null(t.passes[i].flow);
		assert_string_equal(t.passes[i].megaflow, megaflows[i]);
	}
	oftrace_free(&t);
	free(text);
}

/* Table 0's /24 resubmits to table 1, whose conjunction sends it through
 * ct to table 2 in a second pass. */
static void test_conjunction_ct_recirc(void **state)
{
	static const struct want_rule want[] = {
		{ 0, 0, 50, 0x20, "ip,nw_src=10.99.0.0/24", "resubmit(,1)" },
		{ 0, 1, 40, 0x32, "conj_id=7,ip", "ct(table=2,zone=5),drop" },
		{ 1, 2, 10, 0x50, "ct_state=+new+trk,ip", "ct(commit,zone=5),drop,output:2" },
	};
	static const char *const megaflows[] = {
		"recirc_id=0,eth,udp,in_port=1,nw_src=10.99.0.0/24,nw_dst=10.99.0.2,nw_frag=no,tp_dst=7000",
		"recirc_id=0x1,ct_state=+new+trk,eth,ip,in_port=1,nw_frag=no",
	};
	char why[160], *text;
	struct oftrace t;

	(void)state;
	for (size_t v = 0; v < N_VERSIONS; v++)
		check(versions[v], "reply-trace", want, 3, megaflows, 2);
	text = trace_text("3.1", "reply-trace");
	assert_int_equal(oftrace_parse(text, strlen(text), &t, why, sizeof(why)), 0);
	assert_string_equal(t.passes[0].title, "");
	assert_string_equal(t.passes[0].dp_actions, "ct(zone=5),recirc(0x1)");
	assert_string_equal(t.passes[1].title,
			    "recirc(0x1) - resume conntrack with default ct_state=trk|new (use --ct-next to customize)");
	assert_string_equal(t.passes[1].dp_actions, "ct(commit,zone=5),3");
	oftrace_free(&t);
	free(text);
}

static void test_one_table(void **state)
{
	static const struct want_rule drop[] = { { 0, 0, 100, 0x10, "udp,tp_dst=9999", "drop" } };
	static const struct want_rule normal[] = {
		{ 0, 0, 50, 0x20, "ip,nw_src=10.99.0.0/24", "resubmit(,1)" },
		/* A catch-all rule: no match text at all. */
		{ 0, 1, 10, 0x40, "", "NORMAL" },
	};
	static const struct want_rule arp[] = { { 0, 0, 0, 0x1, "", "NORMAL" } };
	/* The recirculated packet's own upcall: one pass, resumed at table 2. */
	static const struct want_rule recirc[] = {
		{ 0, 2, 10, 0x50, "ct_state=+new+trk,ip", "ct(commit,zone=5),drop,output:2" },
	};
	static const char *const mf_recirc[] = { "recirc_id=0x2,ct_state=+new+trk,eth,ip,in_port=1,nw_frag=no" };
	static const char *const mf_drop[] = { "recirc_id=0,eth,udp,in_port=1,nw_frag=no,tp_dst=9999" };
	static const char *const mf_6000[] = {
		"recirc_id=0,eth,udp,in_port=1,dl_src=52:54:00:39:89:ff,dl_dst=52:54:00:00:00:02,"
		"nw_src=10.99.0.0/24,nw_dst=10.99.0.2,nw_frag=no,tp_dst=0x1000/0xf800"
	};
	static const char *const mf_arp[] = {
		"recirc_id=0,eth,arp,in_port=1,dl_src=52:54:00:39:89:ff,dl_dst=ff:ff:ff:ff:ff:ff,"
		"arp_spa=10.99.0.1,arp_tpa=10.99.0.2,arp_op=1"
	};

	(void)state;
	for (size_t v = 0; v < N_VERSIONS; v++) {
		check(versions[v], "trace-udp-9999", drop, 1, mf_drop, 1);
		check(versions[v], "trace-udp-6000", normal, 2, mf_6000, 1);
		check(versions[v], "trace-arp", arp, 1, mf_arp, 1);
		check(versions[v], "trace-recirc", recirc, 1, mf_recirc, 1);
	}
}

static void expect_bad(const char *text, const char *why_has)
{
	struct oftrace t;
	char why[160] = "";

	assert_int_equal(oftrace_parse(text, strlen(text), &t, why, sizeof(why)), -EBADMSG);
	assert_int_equal(t.n_rules, 0);
	if (!strstr(why, why_has))
		fail_msg("why is '%s', want '%s' in it", why, why_has);
}

static void test_bad_text(void **state)
{
	char *text;
	size_t cut, len;
	struct oftrace t;
	char why[160];

	(void)state;
	expect_bad("", "no Flow line");
	expect_bad("syntax error at eth(src=zz) (or the bridge name was omitted)\n", "no Flow line");
	expect_bad("Flow: in_port=1\n 0. ip, priority x\n", "line 2 ( 0. ip, priority x): no priority number");
	expect_bad("Flow: in_port=1\n 0. ip, priority 70000\n", "no priority number");
	expect_bad("Flow: in_port=1\n 0. ip, priority 1, cookie zz\n", "cookie is not a number");
	expect_bad("Flow: a\nFlow: b\n", "line 2 (Flow: b): a second such line in one pass");
	{
		/* Ends inside a heading, a bridge line, a detail: no NUL after. */
		static const char *const tails[] = { "Flow: a\n==========", "Flow: a\nbridge(\"b", "Flow: a\n 0. x, priority 1\n    -" };

		for (size_t i = 0; i < 3; i++) {
			size_t n = strlen(tails[i]);
			char *part = malloc(n);

			assert_non_null(part);
			memcpy(part, tails[i], n);
			assert_int_equal(oftrace_parse(part, n, &t, why, sizeof(why)), 0);
			oftrace_free(&t);
			free(part);
		}
	}
	assert_int_equal(oftrace_parse("Flow: a\n 0. x\0y\n", 17, &t, why, sizeof(why)), -EBADMSG);
	assert_non_null(strstr(why, "a NUL byte"));
	/* Cut anywhere, a real trace parses or is refused, never misread:
	 * each cut in a heap block of exactly its size, without a NUL, so
	 * that ASan sees any read past the end of a partial line. */
	text = trace_text("4.0", "reply-trace");
	len = strlen(text);
	for (cut = 0; cut <= len; cut++) {
		char *part = malloc(cut ? cut : 1);
		int err;

		assert_non_null(part);
		memcpy(part, text, cut);
		err = oftrace_parse(part, cut, &t, why, sizeof(why));
		free(part);

		assert_true(err == 0 || err == -EBADMSG);
		if (!err) {
			assert_true(t.n_rules <= 3);
			oftrace_free(&t);
		}
	}
	free(text);
}

/* A table that had no rule, and a rule whose actions come back after a
 * resubmit that is not its last action (the nested table sits deeper). */
static void test_no_match_and_nesting(void **state)
{
	const char *text =
		"Flow: in_port=1\n"
		"\n"
		"bridge(\"br0\")\n"
		"-------------\n"
		" 0. in_port=1, priority 9, cookie 0xa\n"
		"    resubmit(,12)\n"
		"        12. No match.\n"
		"            drop\n"
		"    output:2\n"
		"     -> forwarding to port 2\n"
		"\n"
		"Final flow: unchanged\n"
		"Megaflow: recirc_id=0,eth,in_port=1\n"
		"Datapath actions: 2\n";
	struct oftrace t;
	char why[160];

	(void)state;
	assert_int_equal(oftrace_parse(text, strlen(text), &t, why, sizeof(why)), 0);
	assert_int_equal(t.n_rules, 2);
	assert_int_equal(t.rules[0].table, 0);
	assert_string_equal(t.rules[0].actions, "resubmit(,12),output:2");
	assert_int_equal(t.rules[1].table, 12);
	assert_false(t.rules[1].matched);
	assert_int_equal(t.rules[1].priority, -1);
	assert_string_equal(t.rules[1].match, "No match.");
	assert_string_equal(t.rules[1].actions, "drop");
	oftrace_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_conjunction_ct_recirc),
		cmocka_unit_test(test_one_table),
		cmocka_unit_test(test_no_match_and_nesting),
		cmocka_unit_test(test_bad_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
