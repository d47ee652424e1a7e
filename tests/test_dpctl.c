// SPDX-License-Identifier: GPL-2.0-only
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <linux/openvswitch.h>

#include "dp_match.h"
#include "dpctl.h"
#include "fixtures/flows_6_1.h"
#include "fixtures/flows_6_12.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Runs one golden array; reports every mismatch before failing. */
static void check_golden(const struct dpctl_fixture *fx, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, bad = 0;

	assert_true(n > 0);
	for (i = 0; i < n; i++) {
		const struct dpctl_fixture *f = &fx[i];
		int err;

		strbuf_clear(&sb);
		err = dpctl_format_key(&sb, f->key, f->key_len, f->mask,
				       f->mask_len);
		if (err || strcmp(strbuf_cstr(&sb), f->golden_key)) {
			print_message("%s key (err %d)\n  want %s\n  got  %s\n",
				      f->name, err, f->golden_key,
				      strbuf_cstr(&sb));
			bad++;
		}
		strbuf_clear(&sb);
		err = dpctl_format_actions(&sb, f->actions, f->actions_len, DPCTL_OVS_DEFAULT);
		if (err || strcmp(strbuf_cstr(&sb), f->golden_actions)) {
			print_message("%s actions (err %d)\n  want %s\n  got  %s\n",
				      f->name, err, f->golden_actions,
				      strbuf_cstr(&sb));
			bad++;
		}
		strbuf_clear(&sb);
		dpctl_format_ufid(&sb, f->ufid);
		if (strcmp(strbuf_cstr(&sb), f->golden_ufid)) {
			print_message("%s ufid\n  want %s\n  got  %s\n", f->name,
				      f->golden_ufid, strbuf_cstr(&sb));
			bad++;
		}
	}
	strbuf_free(&sb);
	assert_int_equal(bad, 0);
}

/* Every captured put through one memo, as an output formats a stream of
 * puts, forwards and back twice: the texts stay the golden ones. */
static void test_memo_keeps_golden(void **state)
{
	static struct dpctl_memo memo;
	struct strbuf sb = STRBUF_INIT;
	struct dp_match m;
	size_t bad = 0, n = N(fixtures_6_12);

	(void)state;
	for (size_t pass = 0; pass < 4; pass++) {
		for (size_t j = 0; j < n; j++) {
			const struct dpctl_fixture *f = &fixtures_6_12[pass % 2 ? n - 1 - j : j];

			strbuf_clear(&sb);
			assert_int_equal(dp_match_from_put(&m, f->key, f->key_len, f->mask,
							   f->mask_len, NULL), 0);
			assert_int_equal(dpctl_format_match(&sb, &m, &memo, DPCTL_OVS_DEFAULT, f->key, f->key_len,
							    f->mask, f->mask_len), 0);
			if (strcmp(strbuf_cstr(&sb), f->golden_key)) {
				print_message("%s\n  want %s\n  got  %s\n", f->name, f->golden_key,
					      strbuf_cstr(&sb));
				bad++;
			}
		}
	}
	strbuf_free(&sb);
	assert_int_equal(bad, 0);
}

static void test_golden_6_1(void **state)
{
	(void)state;
	check_golden(fixtures_6_1, N(fixtures_6_1));
}

static void test_golden_6_12(void **state)
{
	(void)state;
	check_golden(fixtures_6_12, N(fixtures_6_12));
}

/* Finds a captured flow whose golden key contains 'needle'. */
static const struct dpctl_fixture *find_fixture(const char *needle)
{
	size_t i;

	for (i = 0; i < N(fixtures_6_12); i++)
		if (strstr(fixtures_6_12[i].golden_key, needle))
			return &fixtures_6_12[i];
	return NULL;
}

static void test_brief_lines_covered(void **state)
{
	/* The dump lines quoted from our test datapath are all among the
	 * captured fixtures, so the golden test covers them. */
	static const char *const keys[] = {
		"recirc_id(0),in_port(2),eth(src=52:54:00:39:89:ff,dst=ff:ff:ff:ff:ff:ff),eth_type(0x0806),arp(sip=10.99.0.1,tip=10.99.0.2,op=1/0xff)",
		"eth_type(0x0800),ipv4(proto=17,frag=no),udp(dst=7777)",
		"eth(src=52:54:00:00:00:02,dst=01:00:5e:00:00:16),eth_type(0x0800),ipv4(proto=2,frag=no)",
	};
	size_t i;

	(void)state;
	for (i = 0; i < N(keys); i++)
		assert_non_null(find_fixture(keys[i]));
}

static void test_ufid(void **state)
{
	static const unsigned char ufid[16] = {
		0x6d, 0x66, 0x32, 0xde, 0x36, 0x4c, 0x41, 0xeb,
		0xdf, 0x07, 0xbb, 0xa0, 0x5a, 0xac, 0xe4, 0xee,
	};
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	dpctl_format_ufid(&sb, ufid);
	assert_string_equal(strbuf_cstr(&sb),
			    "ufid:de32666d-eb41-4c36-a0bb-07dfeee4ac5a");
	strbuf_free(&sb);
}

static void expect_actions(const uint8_t *acts, size_t len, const char *want,
			   int want_err)
{
	struct strbuf sb = STRBUF_INIT;

	assert_int_equal(dpctl_format_actions(&sb, acts, len, DPCTL_OVS_DEFAULT), want_err);
	assert_string_equal(strbuf_cstr(&sb), want);
	strbuf_free(&sb);
}

static void expect_key(const uint8_t *key, size_t len, const uint8_t *mask,
		       size_t mask_len, const char *want, int want_err)
{
	struct strbuf sb = STRBUF_INIT;

	assert_int_equal(dpctl_format_key(&sb, key, len, mask, mask_len),
			 want_err);
	assert_string_equal(strbuf_cstr(&sb), want);
	strbuf_free(&sb);
}

static void test_actions_simple(void **state)
{
	static const uint8_t out_recirc[] = {
		8, 0, OVS_ACTION_ATTR_OUTPUT, 0, 3, 0, 0, 0,
		8, 0, OVS_ACTION_ATTR_RECIRC, 0, 0x2a, 0, 0, 0,
		4, 0, OVS_ACTION_ATTR_POP_VLAN, 0,
		8, 0, OVS_ACTION_ATTR_PUSH_VLAN, 0, 0x81, 0x00, 0x10, 0x64,
		4, 0, OVS_ACTION_ATTR_CT_CLEAR, 0,
		8, 0, OVS_ACTION_ATTR_METER, 0, 0, 0, 0, 0,
		8, 0, OVS_ACTION_ATTR_TRUNC, 0, 100, 0, 0, 0,
		12, 0, OVS_ACTION_ATTR_HASH, 0, 0, 0, 0, 0, 5, 0, 0, 0,
		6, 0, OVS_ACTION_ATTR_POP_MPLS, 0, 0x08, 0x00, 0, 0,
	};

	(void)state;
	expect_actions(NULL, 0, "drop", 0);
	expect_actions(out_recirc, sizeof(out_recirc),
		       "3,recirc(0x2a),pop_vlan,push_vlan(vid=100,pcp=0),ct_clear,meter(0),trunc(100),hash(l4(5)),pop_mpls(eth_type=0x800)",
		       0);
}

static void test_actions_nested(void **state)
{
	/* clone(3,recirc(0x1)),userspace(pid=7,userdata(0102),actions,
	 * tunnel_out_port=4) */
	static const uint8_t acts[] = {
		20, 0, OVS_ACTION_ATTR_CLONE, 0,
		8, 0, OVS_ACTION_ATTR_OUTPUT, 0, 3, 0, 0, 0,
		8, 0, OVS_ACTION_ATTR_RECIRC, 0, 1, 0, 0, 0,
		32, 0, OVS_ACTION_ATTR_USERSPACE, 0,
		8, 0, OVS_USERSPACE_ATTR_PID, 0, 7, 0, 0, 0,
		6, 0, OVS_USERSPACE_ATTR_USERDATA, 0, 1, 2, 0, 0,
		8, 0, OVS_USERSPACE_ATTR_EGRESS_TUN_PORT, 0, 4, 0, 0, 0,
		4, 0, OVS_USERSPACE_ATTR_ACTIONS, 0,
	};

	(void)state;
	expect_actions(acts, sizeof(acts),
		       "clone(3,recirc(0x1)),userspace(pid=7,userdata(0102),actions,tunnel_out_port=4)",
		       0);
}

static void test_actions_malformed(void **state)
{
	/* output with a 2-byte payload */
	static const uint8_t bad_len[] = { 6, 0, OVS_ACTION_ATTR_OUTPUT, 0,
					   1, 2, 0, 0 };
	/* a good output then an attribute running past the end */
	static const uint8_t trunc[] = { 8, 0, 1, 0, 2, 0, 0, 0,
					 12, 0, 1, 0, 3, 0 };
	/* type 200 is unknown to OVS, which can only say it has no valid
	 * length */
	static const uint8_t unknown[] = { 6, 0, 200, 0, 0xab, 0xcd, 0, 0 };
	/* userspace without its mandatory pid */
	static const uint8_t no_pid[] = { 4, 0, OVS_ACTION_ATTR_USERSPACE, 0 };
	/* sample whose nested stream is cut */
	static const uint8_t bad_sample[] = { 8, 0, OVS_ACTION_ATTR_SAMPLE, 0,
					      8, 0, 1, 0 };
	/* garbage shorter than a header */
	static const uint8_t junk[] = { 0xff, 0x01 };

	(void)state;
	expect_actions(bad_len, sizeof(bad_len),
		       "bad length 2, expected 4 for: action1(01 02)", -EINVAL);
	expect_actions(trunc, sizeof(trunc),
		       "2,***6 leftover bytes*** (0c0001000300)", -EINVAL);
	expect_actions(unknown, sizeof(unknown),
		       "bad length 2, expected -1 for: action200(ab cd)",
		       -EINVAL);
	expect_actions(no_pid, sizeof(no_pid), "userspace(error)", -EINVAL);
	expect_actions(bad_sample, sizeof(bad_sample), "sample(error)",
		       -EINVAL);
	expect_actions(junk, sizeof(junk),
		       "<empty>,***2 leftover bytes*** (ff01)", -EINVAL);
}

static void test_actions_ct(void **state)
{
	/* ct(commit, force_commit, zone=5, mark 1/0 (dropped by the kernel),
	 * nat(src=10.0.0.1-10.0.0.2:100-200)) */
	static const uint8_t ct[] = {
		64, 0, OVS_ACTION_ATTR_CT, 0,
		4, 0, OVS_CT_ATTR_COMMIT, 0,
		4, 0, OVS_CT_ATTR_FORCE_COMMIT, 0,
		6, 0, OVS_CT_ATTR_ZONE, 0, 5, 0, 0, 0,
		12, 0, OVS_CT_ATTR_MARK, 0, 1, 0, 0, 0, 0, 0, 0, 0,
		32, 0, OVS_CT_ATTR_NAT, 0,
		4, 0, OVS_NAT_ATTR_SRC, 0,
		8, 0, OVS_NAT_ATTR_IP_MIN, 0, 10, 0, 0, 1,
		8, 0, OVS_NAT_ATTR_IP_MAX, 0, 10, 0, 0, 2,
		6, 0, OVS_NAT_ATTR_PROTO_MIN, 0, 100, 0, 0, 0,
	};

	(void)state;
	expect_actions(ct, sizeof(ct),
		       "ct(force_commit,zone=5,nat(src=10.0.0.1-10.0.0.2:100))",
		       0);
}

static void test_key_malformed(void **state)
{
	/* in_port with a 2-byte payload: kernel would refuse it */
	static const uint8_t bad_len[] = { 6, 0, OVS_KEY_ATTR_IN_PORT, 0,
					   1, 0, 0, 0 };
	/* a good recirc_id, then a cut attribute */
	static const uint8_t trunc[] = { 8, 0, OVS_KEY_ATTR_RECIRC_ID, 0,
					 0, 0, 0, 0, 8, 0, 3, 0 };
	/* an attribute type OVS does not know */
	static const uint8_t unknown[] = {
		8, 0, OVS_KEY_ATTR_RECIRC_ID, 0, 0, 0, 0, 0,
		6, 0, 99, 0, 0x12, 0x34, 0, 0,
	};

	(void)state;
	expect_key(bad_len, sizeof(bad_len), NULL, 0,
		   "(bad key length 2, expected 4)(01 00)", -EINVAL);
	expect_key(trunc, sizeof(trunc), NULL, 0,
		   "recirc_id(0),***4 leftover bytes*** (08000300)", -EINVAL);
	expect_key(unknown, sizeof(unknown), NULL, 0,
		   "recirc_id(0),key99(12 34)", -EINVAL);
	expect_key(NULL, 0, NULL, 0, "<empty>", -EINVAL);
}

static void test_key_exact_match(void **state)
{
	/* A put without MASK: every field the key has is exact, those it
	 * lacks are wildcarded away; the ARP opcode keeps the kernel's u8
	 * mask. */
	static const uint8_t key[] = {
		8, 0, OVS_KEY_ATTR_IN_PORT, 0, 2, 0, 0, 0,
		16, 0, OVS_KEY_ATTR_ETHERNET, 0, 1, 2, 3, 4, 5, 6,
		7, 8, 9, 10, 11, 12,
		6, 0, OVS_KEY_ATTR_ETHERTYPE, 0, 0x08, 0x06, 0, 0,
		28, 0, OVS_KEY_ATTR_ARP, 0, 10, 0, 0, 1, 10, 0, 0, 2, 0, 1,
		1, 2, 3, 4, 5, 6, 0, 0, 0, 0, 0, 0, 0, 0,
	};

	(void)state;
	expect_key(key, sizeof(key), NULL, 0,
		   "in_port(2),eth(src=01:02:03:04:05:06,dst=07:08:09:0a:0b:0c),eth_type(0x0806),arp(sip=10.0.0.1,tip=10.0.0.2,op=1/0xff,sha=01:02:03:04:05:06,tha=00:00:00:00:00:00)",
		   0);
}

static void test_key_deep_nesting(void **state)
{
	enum { DEPTH = 1000 };
	static uint8_t buf[DEPTH * 4 + 8];
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	(void)state;
	/* ENCAP inside ENCAP, a thousand deep: shown, refused, no crash */
	for (i = 0; i < DEPTH; i++) {
		uint16_t len = (uint16_t)(sizeof(buf) - 4 * i);

		memcpy(buf + 4 * i, &len, 2);
		buf[4 * i + 2] = OVS_KEY_ATTR_ENCAP;
		buf[4 * i + 3] = 0;
	}
	assert_int_equal(dpctl_format_key(&sb, buf, sizeof(buf), buf,
					  sizeof(buf)), -EINVAL);
	assert_non_null(strstr(strbuf_cstr(&sb), "nested too deeply"));
	strbuf_free(&sb);
}

/* xorshift: a fixed sequence, so failures reproduce */
static uint32_t rnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static void test_garbage_never_crashes(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	uint8_t k[600], m[600], a[600];
	uint32_t seed = 0x2545f491;
	size_t i, j;

	(void)state;
	for (i = 0; i < 20000; i++) {
		const struct dpctl_fixture *f =
			&fixtures_6_12[i % N(fixtures_6_12)];
		size_t kl = f->key_len, ml = f->mask_len, al = f->actions_len;

		/* real puts with a few bytes flipped, or cut short */
		memcpy(k, f->key, kl);
		if (f->mask)
			memcpy(m, f->mask, ml);
		memcpy(a, f->actions, al);
		for (j = 0; j < 1 + rnd(&seed) % 4; j++) {
			k[rnd(&seed) % kl] ^= (uint8_t)rnd(&seed);
			if (ml)
				m[rnd(&seed) % ml] ^= (uint8_t)rnd(&seed);
			if (al)
				a[rnd(&seed) % al] ^= (uint8_t)rnd(&seed);
		}
		if (rnd(&seed) % 4 == 0)
			kl = rnd(&seed) % (kl + 1);
		if (al && rnd(&seed) % 4 == 0)
			al = rnd(&seed) % (al + 1);
		strbuf_clear(&sb);
		dpctl_format_key(&sb, k, kl, f->mask ? m : NULL, ml);
		strbuf_clear(&sb);
		dpctl_format_actions(&sb, a, al, DPCTL_OVS_DEFAULT);
		assert_int_equal(strbuf_error(&sb), 0);
	}
	strbuf_free(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_6_1),
		cmocka_unit_test(test_golden_6_12),
		cmocka_unit_test(test_memo_keeps_golden),
		cmocka_unit_test(test_brief_lines_covered),
		cmocka_unit_test(test_ufid),
		cmocka_unit_test(test_actions_simple),
		cmocka_unit_test(test_actions_nested),
		cmocka_unit_test(test_actions_malformed),
		cmocka_unit_test(test_actions_ct),
		cmocka_unit_test(test_key_malformed),
		cmocka_unit_test(test_key_exact_match),
		cmocka_unit_test(test_key_deep_nesting),
		cmocka_unit_test(test_garbage_never_crashes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
