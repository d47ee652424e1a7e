// SPDX-License-Identifier: GPL-2.0-only
/*
 * OpenFlow match text: every Megaflow line and rule match of the real
 * traces in tests/fixtures/unixctl/ splits into fields; the values and
 * masks of one megaflow of each kind (a /24, a port under a bit mask, MACs,
 * ct_state flags); each kind of value OVS prints; and bad text refused
 * with the field named.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ofmatch.h"
#include "oftrace.h"

static struct ofmatch m;

static const struct ofmatch_field *field(const char *name, enum ofmatch_kind kind)
{
	const struct ofmatch_field *f = ofmatch_find(&m, name);

	if (!f)
		fail_msg("no field %s", name);
	assert_int_equal(f->kind, kind);
	return f;
}

static void expect_bytes(const uint8_t *got, const uint8_t *want, size_t n)
{
	assert_memory_equal(got, want, n);
}

/* Each trace's text is in its .txt (what ovs-appctl printed). */
static void test_every_real_match(void **state)
{
	char why[160], line[1024];
	size_t files = 0, lines = 0;
	glob_t g;

	(void)state;
	assert_int_equal(glob("tests/fixtures/unixctl/*/*.txt", 0, NULL, &g), 0);
	for (size_t i = 0; i < g.gl_pathc; i++) {
		FILE *f = fopen(g.gl_pathv[i], "r");

		assert_non_null(f);
		files++;
		while (fgets(line, sizeof(line), f)) {
			const char *s = NULL;
			size_t n;

			line[strcspn(line, "\n")] = '\0';
			if (!strncmp(line, "Megaflow: ", 10))
				s = line + 10;
			else if (strstr(line, ". ") && strstr(line, ", priority "))
				s = strstr(line, ". ") + 2;
			if (!s)
				continue;
			n = strstr(s, ", priority ") ? (size_t)(strstr(s, ", priority ") - s) : strlen(s);
			if (ofmatch_parse(s, n, &m, why, sizeof(why)))
				fail_msg("%s: '%.*s': %s", g.gl_pathv[i], (int)n, s, why);
			assert_true(m.n > 0);
			lines++;
		}
		fclose(f);
	}
	globfree(&g);
	/* Four releases, each with its traces and their megaflows. */
	assert_true(files >= 4 * 9);
	assert_true(lines >= 4 * 12);
}

static void test_megaflow_fields(void **state)
{
	const char *mf = "recirc_id=0,eth,udp,in_port=1,dl_src=52:54:00:39:89:ff,dl_dst=52:54:00:00:00:02,"
			 "nw_src=10.99.0.0/24,nw_dst=10.99.0.2,nw_frag=no,tp_dst=0x1000/0xf800";
	static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x39, 0x89, 0xff };
	static const uint8_t net[4] = { 10, 99, 0, 0 }, p24[4] = { 255, 255, 255, 0 };
	static const uint8_t tp[8] = { 0, 0, 0, 0, 0, 0, 0x10, 0x00 }, tpm[8] = { 0, 0, 0, 0, 0, 0, 0xf8, 0x00 };
	static const uint8_t ones[8] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	const struct ofmatch_field *f;
	char why[160];

	(void)state;
	assert_int_equal(ofmatch_parse(mf, strlen(mf), &m, why, sizeof(why)), 0);
	assert_int_equal(m.n, 10);
	field("eth", OFM_WORD);
	field("udp", OFM_WORD);
	f = field("recirc_id", OFM_NUM);
	expect_bytes(f->mask, ones, 8);
	f = field("dl_src", OFM_MAC);
	expect_bytes(f->value, mac, 6);
	expect_bytes(f->mask, ones, 6);
	f = field("nw_src", OFM_IPV4);
	expect_bytes(f->value, net, 4);
	expect_bytes(f->mask, p24, 4);
	f = field("tp_dst", OFM_NUM);
	expect_bytes(f->value, tp, 8);
	expect_bytes(f->mask, tpm, 8);
	f = field("nw_frag", OFM_TEXT);
	assert_int_equal(f->text_len, 2);
	assert_memory_equal(f->text, "no", 2);
	assert_null(ofmatch_find(&m, "tp_src"));

	mf = "recirc_id=0x2,ct_state=+new+trk,eth,ip,in_port=1,nw_frag=no";
	assert_int_equal(ofmatch_parse(mf, strlen(mf), &m, why, sizeof(why)), 0);
	f = field("ct_state", OFM_TEXT);
	assert_memory_equal(f->text, "+new+trk", f->text_len);
	f = field("recirc_id", OFM_NUM);
	assert_int_equal(f->value[7], 2);
	/* A catch-all rule's match is empty. */
	assert_int_equal(ofmatch_parse("", 0, &m, why, sizeof(why)), 0);
	assert_int_equal(m.n, 0);
}

static void test_value_kinds(void **state)
{
	const char *mf = "packet_type=(1,0x800),ipv6_src=fe80::1,ipv6_dst=2001:db8::/32,"
			 "ipv6_label=0x12345/0xfffff,dl_dst=01:00:00:00:00:00/01:00:00:00:00:00,"
			 "nw_src=10.0.0.0/255.0.0.0,tcp_flags=+syn-ack,in_port=LOCAL,ct_mark=0x1/0xff,"
			 "nd_target=[fe80::2]";
	static const uint8_t p32[16] = { 0xff, 0xff, 0xff, 0xff };
	static const uint8_t p8[4] = { 0xff, 0, 0, 0 };
	const struct ofmatch_field *f;
	char why[160];

	(void)state;
	assert_int_equal(ofmatch_parse(mf, strlen(mf), &m, why, sizeof(why)), 0);
	assert_int_equal(m.n, 10);
	f = field("packet_type", OFM_TEXT);
	assert_int_equal(f->text_len, strlen("(1,0x800)"));
	f = field("ipv6_src", OFM_IPV6);
	assert_int_equal(f->value[0], 0xfe);
	assert_int_equal(f->value[15], 1);
	f = field("ipv6_dst", OFM_IPV6);
	expect_bytes(f->mask, p32, 16);
	f = field("dl_dst", OFM_MAC);
	assert_int_equal(f->mask[0], 1);
	assert_int_equal(f->mask[5], 0);
	f = field("nw_src", OFM_IPV4);
	expect_bytes(f->mask, p8, 4);
	field("tcp_flags", OFM_TEXT);
	field("in_port", OFM_TEXT);
	f = field("ct_mark", OFM_NUM);
	assert_int_equal(f->mask[7], 0xff);
	assert_int_equal(f->mask[6], 0);
	f = field("nd_target", OFM_IPV6);
	assert_int_equal(f->value[15], 2);
}

static void expect_bad(const char *text, const char *why_has)
{
	char why[160] = "";

	assert_int_equal(ofmatch_parse(text, strlen(text), &m, why, sizeof(why)), -EINVAL);
	if (!strstr(why, why_has))
		fail_msg("'%s': why is '%s', want '%s' in it", text, why, why_has);
}

static void test_bad(void **state)
{
	char big[64 * 3 + 8];

	(void)state;
	expect_bad("ip,,udp", "no field name");
	expect_bad("ip,", "ends with a ','");
	expect_bad("=1", "no field name");
	expect_bad("Nw_src=1", "lower-case letters");
	expect_bad("tp_dst=", "'tp_dst=': no value after '='");
	expect_bad("tp_dst=1/", "empty mask");
	expect_bad("tp_dst=0x10/zz", "'tp_dst=0x10/zz': the mask is not a number");
	expect_bad("tp_dst=0x11/0xf0", "bits outside its mask");
	expect_bad("nw_src=10.0.0.0/33", "neither a prefix length nor an address");
	expect_bad("nw_src=10.0.0.1/24", "bits outside its mask");
	expect_bad("dl_src=52:54:00:00:00:00/ff", "not an Ethernet address");
	expect_bad("recirc_id=99999999999999999999", "does not fit 64 bits");
	big[0] = '\0';
	for (int i = 0; i < 65; i++)
		strcat(big, i ? ",ip" : "ip");
	expect_bad(big, "more than 64 fields");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_real_match),
		cmocka_unit_test(test_megaflow_fields),
		cmocka_unit_test(test_value_kinds),
		cmocka_unit_test(test_bad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
