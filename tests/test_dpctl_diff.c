// SPDX-License-Identifier: GPL-2.0-only
/*
 * Puts of tests/vm/test_dpctl_diff.sh, bytes as the real datapath got them
 * (scripts/fixtures-from-diff), against the line `ovs-dpctl dump-flows` of
 * OVS 3.1 printed for each: one flow of every shape of key and actions,
 * with and without a UFID. A put without one (all-zero ufid here) shows its
 * unmasked key, as the kernel keeps and dumps it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "dp_match.h"
#include "dpctl.h"
#include "fixtures/diff_6_1.h"
#include "fixtures/diff_6_12.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static bool has_ufid(const struct dpctl_fixture *f)
{
	static const uint8_t zero[16];

	return memcmp(f->ufid, zero, sizeof(zero)) != 0;
}

/* Each fixture's key and actions text, through memo (NULL: none). */
static size_t mismatches(const struct dpctl_fixture *fx, size_t n, struct dpctl_memo *memo)
{
	struct strbuf sb = STRBUF_INIT;
	struct dp_match m;
	size_t i, bad = 0;

	for (i = 0; i < n; i++) {
		const struct dpctl_fixture *f = &fx[i];

		strbuf_clear(&sb);
		assert_int_equal(dp_match_from_put(&m, f->key, f->key_len, f->mask, f->mask_len, NULL), 0);
		m.dump_unmasked = !has_ufid(f);
		dpctl_format_match(&sb, &m, memo, DPCTL_OVS(3, 1, 0), f->key, f->key_len, f->mask, f->mask_len);
		if (strcmp(strbuf_cstr(&sb), f->golden_key)) {
			print_message("%s key\n  want %s\n  got  %s\n", f->name, f->golden_key, strbuf_cstr(&sb));
			bad++;
		}
		strbuf_clear(&sb);
		dpctl_format_actions(&sb, f->actions, f->actions_len, DPCTL_OVS(3, 1, 0));
		if (strcmp(strbuf_cstr(&sb), f->golden_actions)) {
			print_message("%s actions\n  want %s\n  got  %s\n", f->name, f->golden_actions,
				      strbuf_cstr(&sb));
			bad++;
		}
	}
	strbuf_free(&sb);
	return bad;
}

static void test_diff_6_1(void **state)
{
	(void)state;
	assert_true(N(diff_6_1) > 100);
	assert_int_equal(mismatches(diff_6_1, N(diff_6_1), NULL), 0);
}

static void test_diff_6_12(void **state)
{
	(void)state;
	assert_true(N(diff_6_12) > 100);
	assert_int_equal(mismatches(diff_6_12, N(diff_6_12), NULL), 0);
}

/* One memo across both kernels' puts, twice: a text remembered for a put
 * with a UFID is not the one of the same bytes without. */
static void test_diff_memo(void **state)
{
	static struct dpctl_memo memo;

	(void)state;
	for (int pass = 0; pass < 2; pass++) {
		assert_int_equal(mismatches(diff_6_12, N(diff_6_12), &memo), 0);
		assert_int_equal(mismatches(diff_6_1, N(diff_6_1), &memo), 0);
	}
}

/* The shapes the differential test exists for are in the fixtures. */
static void test_diff_covers(void **state)
{
	static const char *const want[] = {
		"nsh(", "erspan(", "geneve(", "vxlan(", "ct_tuple4(", "ct_tuple6(", "mpls(",
		"encap(", "nd(", "arp(", "sctp(", "tcp_flags(", "key32(",
	};
	static const char *const want_acts[] = {
		"push_mpls(", "pop_mpls(", "push_eth(", "pop_eth", "hash(", "add_mpls(",
		"check_pkt_len(", "clone(", "sample(", "ct(", "nat(", "set(tunnel(", "push_nsh(",
		"pop_nsh()", "tnl_pop(", "action25(", "userspace(", "trunc(", "meter(",
	};
	size_t i, j;

	(void)state;
	for (i = 0; i < N(want) + N(want_acts); i++) {
		const char *w = i < N(want) ? want[i] : want_acts[i - N(want)];
		bool found = false;

		for (j = 0; j < N(diff_6_12) && !found; j++)
			found = strstr(i < N(want) ? diff_6_12[j].golden_key : diff_6_12[j].golden_actions, w);
		if (!found)
			print_message("no fixture has %s\n", w);
		assert_true(found);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_diff_6_1),
		cmocka_unit_test(test_diff_6_12),
		cmocka_unit_test(test_diff_memo),
		cmocka_unit_test(test_diff_covers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
