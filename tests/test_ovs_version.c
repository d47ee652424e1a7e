// SPDX-License-Identifier: GPL-2.0-only
/*
 * --ovs-version: which release's text, and what differs between releases.
 * OVS 3.4 took the kernel's numbers for dec_ttl (23), drop (24) and psample
 * (25), which 3.1 reads as its own tnl_push, tnl_pop and drop. The 3.1
 * texts are what 3.1's ovs-dpctl printed on 6.12 (tests/fixtures/diff_*.h
 * hold the same); the 3.5 ones follow format_odp_action() of v3.5.0.
 * OVS 2.15 (no ADD_MPLS yet) numbers its own from 22: the 2.15 texts are
 * what bullseye's ovs-dpctl 2.15.0 printed on 5.10 (tests/vm/test_dpctl_diff).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>

#include "dpctl.h"
#include "ovs_version.h"

static void test_parse(void **state)
{
	uint32_t v = 0;
	char buf[16];

	(void)state;
	assert_int_equal(ovs_version_parse("ovs-vswitchd (Open vSwitch) 3.1.0\n", &v), 0);
	assert_int_equal(v, DPCTL_OVS(3, 1, 0));
	assert_int_equal(ovs_version_parse("3.5", &v), 0);
	assert_int_equal(v, DPCTL_OVS(3, 5, 0));
	assert_int_equal(ovs_version_parse("2.17.9-1~bpo11+1", &v), 0);
	assert_int_equal(v, DPCTL_OVS(2, 17, 9));
	assert_int_equal(ovs_version_parse("ovs-vswitchd (Open vSwitch) 4.0.90", &v), 0);
	assert_int_equal(v, DPCTL_OVS(4, 0, 90));
	ovs_version_format(v, buf, sizeof(buf));
	assert_string_equal(buf, "4.0.90");
	assert_int_equal(ovs_version_parse("ovs-vswitchd", &v), -EINVAL);
	assert_int_equal(ovs_version_parse("3", &v), -EINVAL);
	assert_int_equal(ovs_version_parse("", &v), -EINVAL);
	assert_int_equal(ovs_version_parse(NULL, &v), -EINVAL);
	assert_int_equal(ovs_version_parse("3.256", &v), -EINVAL);
}

/* The actions text of acts for release ovs. */
static void expect(uint32_t ovs, const void *acts, size_t len, const char *want)
{
	struct strbuf sb = STRBUF_INIT;

	dpctl_format_actions(&sb, acts, len, ovs);
	assert_string_equal(strbuf_cstr(&sb), want);
	strbuf_free(&sb);
}

static const uint32_t v215 = DPCTL_OVS(2, 15, 0), v217 = DPCTL_OVS(2, 17, 0), v31 = DPCTL_OVS(3, 1, 0), v33 = DPCTL_OVS(3, 3, 9),
		      v34 = DPCTL_OVS(3, 4, 0), v35 = DPCTL_OVS(3, 5, 0);

static void test_drop(void **state)
{
	/* OVS_ACTION_ATTR_DROP (24) with reason 4, then output 2. */
	static const uint8_t drop[] = { 8, 0, 24, 0, 4, 0, 0, 0 };
	static const uint8_t out_drop[] = { 8, 0, 1, 0, 2, 0, 0, 0, 8, 0, 24, 0, 0, 0, 0, 0 };

	(void)state;
	expect(v31, drop, sizeof(drop), "tnl_pop(4)");
	expect(v33, drop, sizeof(drop), "tnl_pop(4)");
	expect(v34, drop, sizeof(drop), "drop");
	expect(v35, out_drop, sizeof(out_drop), "2,drop");
	expect(v31, out_drop, sizeof(out_drop), "2,tnl_pop(0)");
}

static void test_psample(void **state)
{
	/* PSAMPLE (25, NLA_F_NESTED) { GROUP 1, COOKIE 01 02 } */
	static const uint8_t ps[] = { 20, 0, 25, 0x80, 8, 0, 1, 0, 1, 0, 0, 0,
				      6, 0, 2, 0, 1, 2, 0, 0 };
	/* The cookie first: 3.5 runs it into the group. */
	static const uint8_t rev[] = { 20, 0, 25, 0, 6, 0, 2, 0, 0, 10, 0, 0,
				       8, 0, 1, 0, 3, 0, 0, 0 };
	/* Group alone; an all-zero cookie prints as 0. */
	static const uint8_t grp[] = { 12, 0, 25, 0, 8, 0, 1, 0, 0xff, 0xff, 0xff, 0xff };
	static const uint8_t zero[] = { 20, 0, 25, 0, 8, 0, 1, 0, 7, 0, 0, 0, 6, 0, 2, 0, 0, 0, 0, 0 };

	(void)state;
	expect(v31, ps, sizeof(ps),
	       "bad length 16, expected 4 for: action25(08 00 01 00 01 00 00 00 06 00 02 00 01 02 00 00)");
	expect(v35, ps, sizeof(ps), "psample(group=1,cookie=0x102)");
	expect(v35, rev, sizeof(rev), "psample(cookie=0xagroup=3)");
	expect(v35, grp, sizeof(grp), "psample(group=4294967295)");
	expect(v35, zero, sizeof(zero), "psample(group=7,cookie=0)");
}

static void test_dec_ttl(void **state)
{
	/* DEC_TTL { ACTION { } }, output 2; DEC_TTL { ACTION { output 2, output 3 } } */
	static const uint8_t empty[] = { 8, 0, 23, 0, 4, 0, 1, 0, 8, 0, 1, 0, 2, 0, 0, 0 };
	static const uint8_t two[] = { 24, 0, 23, 0, 20, 0, 1, 0, 8, 0, 1, 0, 2, 0, 0, 0,
				       8, 0, 1, 0, 3, 0, 0, 0 };

	(void)state;
	/* 3.1 reads past the attribute; 3.4's text stands for every release. */
	expect(v31, empty, sizeof(empty), "dec_ttl(le_1(drop)),2");
	expect(v35, empty, sizeof(empty), "dec_ttl(le_1(drop)),2");
	expect(v35, two, sizeof(two), "dec_ttl(le_1(2,3))");
}

/* Userspace-only actions as each release numbers them: lb_output is 26 in
 * 3.1, 28 in 3.4; above that, unknown. */
static void test_userspace_only(void **state)
{
	static const uint8_t a26[] = { 8, 0, 26, 0, 1, 0, 0, 0 };
	static const uint8_t a28[] = { 8, 0, 28, 0, 1, 0, 0, 0 };
	static const uint8_t a27[] = { 8, 0, 27, 0, 5, 0, 0, 0 };

	(void)state;
	expect(v31, a26, sizeof(a26), "lb_output(1)");
	expect(v35, a28, sizeof(a28), "lb_output(1)");
	expect(v35, a27, sizeof(a27), "tnl_pop(5)");
	expect(v31, a28, sizeof(a28), "bad length 4, expected -1 for: action28(01 00 00 00)");
}

/* 2.15: the kernel's dec_ttl (23) is its tnl_pop, drop (24) its drop,
 * psample (25) its lb_output, 26 unknown. 2.17 has 3.1's numbers. */
static void test_before_2_17(void **state)
{
	static const uint8_t dec_drop[] = { 8, 0, 23, 0, 4, 0, 1, 0, 8, 0, 1, 0, 2, 0, 0, 0 };
	static const uint8_t dec_user[] = { 20, 0, 23, 0, 16, 0, 1, 0, 12, 0, 2, 0, 8, 0, 1, 0,
					    1, 0, 0, 0, 8, 0, 1, 0, 2, 0, 0, 0 };
	static const uint8_t drop[] = { 8, 0, 24, 0, 4, 0, 0, 0 };
	static const uint8_t ps[] = { 20, 0, 25, 0x80, 8, 0, 1, 0, 1, 0, 0, 0,
				      6, 0, 2, 0, 1, 2, 0, 0 };
	static const uint8_t a26[] = { 8, 0, 26, 0, 1, 0, 0, 0 };

	(void)state;
	expect(v215, dec_drop, sizeof(dec_drop), "tnl_pop(65540),2");
	expect(v215, dec_user, sizeof(dec_user),
	       "bad length 16, expected 4 for: action23(10 00 01 00 0c 00 02 00 08 00 01 00 01 00 00 00),2");
	expect(v215, drop, sizeof(drop), "drop");
	expect(v215, ps, sizeof(ps),
	       "bad length 16, expected 4 for: action25(08 00 01 00 01 00 00 00 06 00 02 00 01 02 00 00)");
	expect(v215, a26, sizeof(a26), "bad length 4, expected -1 for: action26(01 00 00 00)");
	expect(v217, drop, sizeof(drop), "tnl_pop(4)");
	/* ct(commit,timeout=tp1,nat(src=10.0.0.1)): 2.15's nat runs into
	 * the name; 2.17.4 and 3.0.2 have the comma, 2.17.3 not. */
	static const uint8_t ct[] = { 32, 0, 12, 0x80, 4, 0, 1, 0, 8, 0, 9, 0, 't', 'p', '1', 0,
				      16, 0, 6, 0x80, 4, 0, 1, 0, 8, 0, 3, 0, 10, 0, 0, 1 };
	expect(v215, ct, sizeof(ct), "ct(commit,timeout=tp1nat(src=10.0.0.1))");
	expect(DPCTL_OVS(2, 17, 3), ct, sizeof(ct), "ct(commit,timeout=tp1nat(src=10.0.0.1))");
	expect(DPCTL_OVS(2, 17, 4), ct, sizeof(ct), "ct(commit,timeout=tp1,nat(src=10.0.0.1))");
	expect(DPCTL_OVS(3, 0, 1), ct, sizeof(ct), "ct(commit,timeout=tp1nat(src=10.0.0.1))");
	expect(v31, ct, sizeof(ct), "ct(commit,timeout=tp1,nat(src=10.0.0.1))");
	expect(v217, dec_drop, sizeof(dec_drop), "dec_ttl(le_1(drop)),2");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_drop),
		cmocka_unit_test(test_psample),
		cmocka_unit_test(test_dec_ttl),
		cmocka_unit_test(test_userspace_only),
		cmocka_unit_test(test_before_2_17),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
