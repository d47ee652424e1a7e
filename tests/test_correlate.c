// SPDX-License-Identifier: GPL-2.0-only
/*
 * The correlator fed with events built from real flow puts (flows_6_12.h):
 * which upcall goes with which put, and every record's fields and counters,
 * in event files of version 2 (no reads: the socket's reader stands in).
 * More verdicts in test_correlate_verdicts.c; with each upcall's read in
 * test_correlate_reads.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "corr_harness.h"

/* The builders agree with the capture: the upcall fields of a flow are what
 * the dump-flows text shows for it. */
static void test_builders(void **state)
{
	struct out_upcall u;
	struct out_flow_put *p;
	const struct dpctl_fixture *f = fx_key(F_UDP6667);
	static const uint8_t src[6] = { 0x52, 0x54, 0x00, 0x39, 0x89, 0xff };

	(void)state;
	build_upcall(&u, f, T0, PORT_A);
	assert_int_equal(u.key.in_port, 2);
	assert_memory_equal(u.key.eth_src, src, 6);
	assert_int_equal(u.key.eth_type, htons(0x0800));
	assert_int_equal(u.key.ip_proto, 17);
	assert_int_equal(u.key.tp_dst, htons(6667));
	assert_int_equal(u.key.ipv4_src, htonl(0x0a630001));
	assert_int_equal(u.key.ipv4_dst, htonl(0x0a630002));

	p = new_put(f, T0, TID_A, 1);
	assert_int_equal(p->key_len, f->key_len);
	assert_int_equal(p->mask_len, f->mask_len);
	assert_int_equal(p->actions_len, f->actions_len);
	assert_int_equal(p->flags, OUT_F_HAS_MASK | OUT_F_HAS_UFID | OUT_F_HAS_ACTIONS);
	assert_memory_equal(p->key, f->key, f->key_len);
	assert_memory_equal(p->mask, f->mask, f->mask_len);
	assert_memory_equal(p->ufid, f->ufid, 16);
	free(p);
	p = new_put(fx_find(X_UDP33337), T0, TID_A, 1);
	assert_false(p->flags & OUT_F_HAS_MASK);
	assert_int_equal(p->mask_len, 0);
	free(p);
}

/* 1. upcall -> handler read -> put -> return. */
static void test_single(void **state)
{
	struct t *t = *state;

	upcall(t, F_ICMP_IN2, T0, PORT_A);
	handler(t, T0 + 10000, TID_A, PORT_A, 0);
	assert_int_equal(corr_pending(t->c), 1);
	put(t, F_ICMP_IN2, T0 + 200000, TID_A, 1);
	/* Nothing until the put's return is known. */
	assert_int_equal(t->n, 0);
	assert_int_equal(corr_pending(t->c), 0);
	ret(t, T0 + 350000, TID_A, 0);

	assert_int_equal(t->n, 1);
	check_flow(&t->recs[0], T0, 1, TID_A, false, true, 0, 350000);
	assert_memory_equal(t->recs[0].put_ufid, fx_key(F_ICMP_IN2)->ufid, 16);
	assert_int_equal(t->recs[0].upcall.portid, PORT_A);
	check_stats(t, (struct want){ .upcalls = 1, .puts = 1, .correlated = 1 });

	/* Nothing left: neither a tick nor a flush emits more. */
	corr_tick(t->c, T0 + 10 * TIMEOUT);
	corr_flush(t->c);
	assert_int_equal(t->n, 1);
}

/* 2. Several upcalls of different flows queued on one handler. */
static void test_queue_one_handler(void **state)
{
	struct t *t = *state;

	handler(t, T0, TID_A, PORT_A, 0);
	upcall(t, F_ICMP_IN2, T0 + 1000, PORT_A);
	upcall(t, F_IP_IN3, T0 + 2000, PORT_A);
	upcall(t, F_ARP_REQ, T0 + 3000, PORT_A);
	upcall(t, F_ARP_IN3, T0 + 4000, PORT_A);
	assert_int_equal(corr_pending(t->c), 4);

	put(t, F_ICMP_IN2, T0 + 10000, TID_A, 1);
	ret(t, T0 + 11000, TID_A, 0);
	put(t, F_IP_IN3, T0 + 12000, TID_A, 2);
	ret(t, T0 + 13000, TID_A, 0);
	assert_int_equal(corr_pending(t->c), 2);
	put(t, F_ARP_REQ, T0 + 14000, TID_A, 3);
	ret(t, T0 + 15000, TID_A, 0);
	put(t, F_ARP_IN3, T0 + 16000, TID_A, 4);
	ret(t, T0 + 17000, TID_A, 0);

	assert_int_equal(t->n, 4);
	check_flow(&t->recs[0], T0 + 1000, 1, TID_A, false, true, 0, 10000);
	check_flow(&t->recs[1], T0 + 2000, 2, TID_A, false, true, 0, 11000);
	check_flow(&t->recs[2], T0 + 3000, 3, TID_A, false, true, 0, 12000);
	check_flow(&t->recs[3], T0 + 4000, 4, TID_A, false, true, 0, 13000);
	assert_int_equal(corr_pending(t->c), 0);
	check_stats(t, (struct want){ .upcalls = 4, .puts = 4, .correlated = 4 });
}

/* 3. Two handlers, each put claims only upcalls of the portid its thread
 * reads, even when another handler's older upcall has the same flow. */
static void test_two_handlers(void **state)
{
	struct t *t = *state;

	handler(t, T0, TID_A, PORT_A, 0);
	handler(t, T0, TID_B, PORT_B, 0);
	upcall(t, F_ICMP_IN2, T0 + 1000, PORT_A);	/* same flow on both */
	upcall(t, F_ICMP_IN2, T0 + 2000, PORT_B);
	upcall(t, F_IP_IN3, T0 + 3000, PORT_A);
	upcall(t, F_ARP_REQ, T0 + 4000, PORT_B);

	/* B's put of the shared flow first: it must take B's upcall, not
	 * A's older one. */
	put(t, F_ICMP_IN2, T0 + 10000, TID_B, 21);
	put(t, F_ICMP_IN2, T0 + 11000, TID_A, 11);
	ret(t, T0 + 12000, TID_B, 0);
	ret(t, T0 + 13000, TID_A, 0);
	assert_int_equal(t->n, 2);
	check_flow(&t->recs[0], T0 + 2000, 21, TID_B, false, true, 0, 10000);
	assert_int_equal(t->recs[0].upcall.portid, PORT_B);
	check_flow(&t->recs[1], T0 + 1000, 11, TID_A, false, true, 0, 12000);
	assert_int_equal(t->recs[1].upcall.portid, PORT_A);

	/* Interleaved puts of the flows each handler really has. */
	put(t, F_ARP_REQ, T0 + 20000, TID_B, 22);
	put(t, F_IP_IN3, T0 + 21000, TID_A, 12);
	ret(t, T0 + 22000, TID_A, 0);
	ret(t, T0 + 23000, TID_B, 0);
	assert_int_equal(t->n, 4);
	check_flow(&t->recs[2], T0 + 3000, 12, TID_A, false, true, 0, 19000);
	check_flow(&t->recs[3], T0 + 4000, 22, TID_B, false, true, 0, 19000);
	assert_int_equal(corr_pending(t->c), 0);
	check_stats(t, (struct want){ .upcalls = 4, .puts = 4, .correlated = 4 });
}

/* 3b. A put whose flow matches only an upcall of another handler claims
 * nothing. */
static void test_put_other_handlers_upcall(void **state)
{
	struct t *t = *state;

	handler(t, T0, TID_A, PORT_A, 0);
	handler(t, T0, TID_B, PORT_B, 0);
	upcall(t, F_IP_IN3, T0 + 1000, PORT_A);
	put(t, F_IP_IN3, T0 + 5000, TID_B, 21);
	ret(t, T0 + 6000, TID_B, 0);
	assert_int_equal(t->n, 1);
	check_put(&t->recs[0], 21, TID_B, true, 0);
	assert_int_equal(corr_pending(t->c), 1);
	check_stats(t, (struct want){ .upcalls = 1, .puts = 1, .unmatched_puts = 1 });
}

/* 4. Several upcalls of one flow (a burst of the same packet: identical
 * keys) collapse into one put: the first is the put's own, the rest shared. */
static void test_collapse(void **state)
{
	struct t *t = *state;
	const struct dpctl_fixture *f = fx_key(F_UDP6667);
	struct out_upcall u;

	handler(t, T0, TID_A, PORT_A, 0);
	for (uint64_t i = 1; i <= 3; i++) {
		build_upcall(&u, f, T0 + i * 1000, PORT_A);
		u.skb_len = 100 + i;
		upcall_ev(t, &u);
	}
	/* not this flow: another UDP destination */
	build_upcall(&u, f, T0 + 4000, PORT_A);
	u.key.tp_dst = htons(6668);
	upcall_ev(t, &u);

	put_fx(t, f, T0 + 50000, TID_A, 7);
	assert_int_equal(corr_pending(t->c), 1);
	ret(t, T0 + 60000, TID_A, 0);

	assert_int_equal(t->n, 3);
	check_flow(&t->recs[0], T0 + 1000, 7, TID_A, false, true, 0, 59000);
	check_flow(&t->recs[1], T0 + 2000, 7, TID_A, true, true, 0, 58000);
	check_flow(&t->recs[2], T0 + 3000, 7, TID_A, true, true, 0, 57000);
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(t->recs[i].upcall.skb_len, 101 + i);
		assert_memory_equal(t->recs[i].put_ufid, f->ufid, 16);
	}
	assert_int_equal(corr_pending(t->c), 1);
	check_stats(t, (struct want){ .upcalls = 4, .puts = 1, .correlated = 3, .shared = 2 });

	/* the other flow's upcall is still waiting for its own put */
	corr_tick(t->c, T0 + 4000 + TIMEOUT + 1);
	assert_int_equal(t->n, 4);
	check_noflow(&t->recs[3], T0 + 4000, CORR_R_TIMEOUT, TID_A);
	assert_int_equal(t->recs[3].upcall.key.tp_dst, htons(6668));
}

/* 4b. Upcalls that differ only in fields the megaflow's mask ignores (eth(),
 * udp(src), addresses, TTL) and none of them the put's exact key: the put
 * claims none (that would steal them from their own puts); the flow covers
 * them all when they expire. */
static void test_collapse_masked(void **state)
{
	struct t *t = *state;
	const struct dpctl_fixture *f = fx_key(F_UDP6667);
	struct out_upcall u;

	handler(t, T0, TID_A, PORT_A, 0);
	build_upcall(&u, f, T0 + 1000, PORT_A);
	u.key.tp_src = htons(40000);
	upcall_ev(t, &u);
	build_upcall(&u, f, T0 + 2000, PORT_A);
	u.key.tp_src = htons(40001);
	u.key.ipv4_src = htonl(0x0a630063);
	upcall_ev(t, &u);
	build_upcall(&u, f, T0 + 3000, PORT_A);
	u.key.eth_src[5] = 0x42;
	u.key.ip_ttl = 3;
	upcall_ev(t, &u);

	/* No upcall has the put's exact key (its own upcall was not traced):
	 * the put claims none, and the flow covers all three at expiry. */
	put_fx(t, f, T0 + 50000, TID_A, 7);
	assert_int_equal(corr_pending(t->c), 3);
	ret(t, T0 + 60000, TID_A, 0);
	assert_int_equal(t->n, 1);
	check_put(&t->recs[0], 7, TID_A, true, 0);
	corr_tick(t->c, T0 + 3000 + TIMEOUT + 1);
	assert_int_equal(t->n, 4);
	check_flow(&t->recs[1], T0 + 1000, 7, TID_A, true, true, 0, 59000);
	assert_int_equal(t->recs[1].upcall.key.tp_src, htons(40000));
	check_flow(&t->recs[2], T0 + 2000, 7, TID_A, true, true, 0, 58000);
	assert_int_equal(t->recs[2].upcall.key.tp_src, htons(40001));
	check_flow(&t->recs[3], T0 + 3000, 7, TID_A, true, true, 0, 57000);
	assert_int_equal(t->recs[3].upcall.key.ip_ttl, 3);
	check_stats(t, (struct want){ .upcalls = 3, .puts = 1, .correlated = 3, .shared = 3,
				      .unmatched_puts = 1 });
}

/* 4c. One upcall carries the put's exact key, another matches only under
 * the mask: the put is the exact one's; the other (whose own put would
 * fail with EEXIST, or never come) is found covered by this flow when it
 * expires: a shared flow record, not noflow. */
static void test_collapse_exact_first(void **state)
{
	struct t *t = *state;
	const struct dpctl_fixture *f = fx_key(F_UDP6667);
	struct out_upcall u;

	handler(t, T0, TID_A, PORT_A, 0);
	build_upcall(&u, f, T0 + 1000, PORT_A);
	u.key.tp_src = htons(40000);		/* under the mask only */
	upcall_ev(t, &u);
	build_upcall(&u, f, T0 + 2000, PORT_A);	/* the put's own key */
	upcall_ev(t, &u);

	put_fx(t, f, T0 + 50000, TID_A, 7);
	ret(t, T0 + 60000, TID_A, 0);
	assert_int_equal(t->n, 1);
	check_flow(&t->recs[0], T0 + 2000, 7, TID_A, false, true, 0, 58000);
	assert_int_equal(corr_pending(t->c), 1);

	corr_tick(t->c, T0 + 1000 + TIMEOUT + 1);
	assert_int_equal(t->n, 2);
	check_flow(&t->recs[1], T0 + 1000, 7, TID_A, true, true, 0, 59000);
	assert_int_equal(t->recs[1].upcall.key.tp_src, htons(40000));
	check_stats(t, (struct want){ .upcalls = 2, .puts = 1, .correlated = 2, .shared = 1 });
}

/* 5. A handler thread restarted: portid A moves from tid 10 to tid 11. */
static void test_handler_restart(void **state)
{
	struct t *t = *state;

	handler(t, T0, TID_A, PORT_A, 0);
	upcall(t, F_IP_IN3, T0 + 1000, PORT_A);
	handler(t, T0 + 2000, TID_A + 1, PORT_A, TID_A);
	check_stats(t, (struct want){ .upcalls = 1, .handler_changes = 1 });

	/* The old thread no longer reads A: its put claims nothing. */
	put(t, F_IP_IN3, T0 + 3000, TID_A, 1);
	ret(t, T0 + 4000, TID_A, 0);
	assert_int_equal(t->n, 1);
	check_put(&t->recs[0], 1, TID_A, true, 0);
	assert_int_equal(corr_pending(t->c), 1);

	put(t, F_IP_IN3, T0 + 5000, TID_A + 1, 2);
	ret(t, T0 + 6000, TID_A + 1, 0);
	assert_int_equal(t->n, 2);
	check_flow(&t->recs[1], T0 + 1000, 2, TID_A + 1, false, true, 0, 5000);
	assert_int_equal(corr_pending(t->c), 0);
	check_stats(t, (struct want){ .upcalls = 1, .puts = 2, .correlated = 1,
				      .unmatched_puts = 1, .handler_changes = 1 });

	/* The same thread reading again is not a change. */
	handler(t, T0 + 7000, TID_A + 1, PORT_A, TID_A + 1);
	assert_int_equal(corr_stats(t->c)->handler_changes, 1);
}

/* 6. No put: noflow after the timeout, nothing before. */
static void test_expiry(void **state)
{
	struct t *t = *state;

	handler(t, T0, TID_A, PORT_A, 0);
	upcall(t, F_ARP_REQ, T0 + 1000, PORT_A);
	upcall(t, F_IP_IN3, T0 + 400 * MS, PORT_A);

	corr_tick(t->c, T0 + 1000);
	corr_tick(t->c, T0 + 1000 + TIMEOUT / 2);
	corr_tick(t->c, T0 + 1000 + TIMEOUT);	/* exactly the timeout */
	assert_int_equal(t->n, 0);
	assert_int_equal(corr_pending(t->c), 2);

	corr_tick(t->c, T0 + 1000 + TIMEOUT + 1);
	assert_int_equal(t->n, 1);
	check_noflow(&t->recs[0], T0 + 1000, CORR_R_TIMEOUT, TID_A);
	assert_string_equal(t->recs[0].r.handler_comm, "handler10");
	assert_int_equal(t->recs[0].r.latency_ns, 0);
	assert_false(t->recs[0].r.result_known);
	assert_int_equal(corr_pending(t->c), 1);
	check_stats(t, (struct want){ .upcalls = 2, .noflow = 1 });

	corr_tick(t->c, T0 + 400 * MS + TIMEOUT + 1);
	assert_int_equal(t->n, 2);
	check_noflow(&t->recs[1], T0 + 400 * MS, CORR_R_TIMEOUT, TID_A);
	assert_int_equal(corr_pending(t->c), 0);
	check_stats(t, (struct want){ .upcalls = 2, .noflow = 2 });
}

/* 6b. An upcall nobody has read yet expires with no handler. */
static void test_expiry_unknown_handler(void **state)
{
	struct t *t = *state;

	upcall(t, F_ARP_REQ, T0, PORT_B);
	corr_tick(t->c, T0 + TIMEOUT + 1);
	assert_int_equal(t->n, 1);
	check_noflow(&t->recs[0], T0, CORR_R_TIMEOUT, 0);
	assert_int_equal(t->recs[0].r.handler_comm[0], 0);
}

/* 7. --max-pending 2: the third upcall pushes the oldest out. */
static void test_max_pending(void **state)
{
	struct t *t = new_t(TIMEOUT, 2);

	(void)state;
	handler(t, T0, TID_A, PORT_A, 0);
	upcall(t, F_ICMP_IN2, T0 + 1000, PORT_A);
	upcall(t, F_IP_IN3, T0 + 2000, PORT_A);
	assert_int_equal(t->n, 0);
	assert_int_equal(corr_pending(t->c), 2);

	upcall(t, F_ARP_REQ, T0 + 3000, PORT_A);
	assert_int_equal(t->n, 1);
	check_noflow(&t->recs[0], T0 + 1000, CORR_R_EVICTED, TID_A);
	assert_int_equal(corr_pending(t->c), 2);
	check_stats(t, (struct want){ .upcalls = 3, .noflow = 1, .evicted = 1 });

	/* The evicted upcall is gone: its put now matches nothing. */
	put(t, F_ICMP_IN2, T0 + 4000, TID_A, 1);
	ret(t, T0 + 5000, TID_A, 0);
	assert_int_equal(t->n, 2);
	check_put(&t->recs[1], 1, TID_A, true, 0);
	/* The survivors are still matched. */
	put(t, F_ARP_REQ, T0 + 6000, TID_A, 2);
	ret(t, T0 + 7000, TID_A, 0);
	assert_int_equal(t->n, 3);
	check_flow(&t->recs[2], T0 + 3000, 2, TID_A, false, true, 0, 4000);
	assert_int_equal(corr_pending(t->c), 1);
	check_stats(t, (struct want){ .upcalls = 3, .puts = 2, .correlated = 1, .noflow = 1,
				      .evicted = 1, .unmatched_puts = 1 });
	corr_free(t->c);
	free(t);
}

/* 8. A put for no traced upcall; a put whose key differs from the pending
 * upcall in a masked field. */
static void test_unmatched_put(void **state)
{
	struct t *t = *state;
	const struct dpctl_fixture *f = fx_key(F_ICMP_IN2);
	struct out_upcall u;

	handler(t, T0, TID_A, PORT_A, 0);
	put_fx(t, f, T0 + 1000, TID_A, 1);
	ret(t, T0 + 2000, TID_A, 0);
	assert_int_equal(t->n, 1);
	check_put(&t->recs[0], 1, TID_A, true, 0);
	assert_memory_equal(t->recs[0].put_ufid, f->ufid, 16);

	/* in_port 5 and another eth src: both exact in this megaflow */
	build_upcall(&u, f, T0 + 3000, PORT_A);
	u.key.in_port = 5;
	upcall_ev(t, &u);
	build_upcall(&u, f, T0 + 3500, PORT_A);
	u.key.eth_src[0] = 0x02;
	upcall_ev(t, &u);
	/* TTL and addresses are not in the mask, but the put's key names its
	 * own upcall exactly: this one is only covered by the flow. */
	build_upcall(&u, f, T0 + 4000, PORT_A);
	u.key.ip_ttl = 1;
	u.key.ipv4_dst = htonl(0x08080808);
	upcall_ev(t, &u);

	put_fx(t, f, T0 + 5000, TID_A, 2);
	assert_int_equal(corr_pending(t->c), 3);
	ret(t, T0 + 6000, TID_A, 0);
	assert_int_equal(t->n, 2);
	check_put(&t->recs[1], 2, TID_A, true, 0);

	/* Another put of the same megaflow still takes none. */
	put_fx(t, f, T0 + 7000, TID_A, 3);
	ret(t, T0 + 8000, TID_A, 0);
	assert_int_equal(t->n, 3);
	check_put(&t->recs[2], 3, TID_A, true, 0);
	assert_int_equal(corr_pending(t->c), 3);

	/* At the end the two the mask excludes got no flow; the third is
	 * covered by the newest put of its megaflow. */
	corr_flush(t->c);
	assert_int_equal(t->n, 6);
	check_noflow(&t->recs[3], T0 + 3000, CORR_R_EXIT, TID_A);
	assert_int_equal(t->recs[3].upcall.key.in_port, 5);
	check_noflow(&t->recs[4], T0 + 3500, CORR_R_EXIT, TID_A);
	check_flow(&t->recs[5], T0 + 4000, 3, TID_A, true, true, 0, 4000);
	check_stats(t, (struct want){ .upcalls = 3, .puts = 3, .correlated = 1, .shared = 1,
				      .noflow = 2, .unmatched_puts = 3 });
}

/* 9. The kretprobe missed a return: the next put of the thread closes the
 * open one with an unknown result. */
static void test_missed_ret(void **state)
{
	struct t *t = *state;

	handler(t, T0, TID_A, PORT_A, 0);
	upcall(t, F_ICMP_IN2, T0 + 1000, PORT_A);
	upcall(t, F_ARP_REQ, T0 + 2000, PORT_A);
	put(t, F_ICMP_IN2, T0 + 10000, TID_A, 1);
	assert_int_equal(t->n, 0);
	put(t, F_ARP_REQ, T0 + 30000, TID_A, 2);

	assert_int_equal(t->n, 1);
	/* latency up to the put's entry, the only time known */
	check_flow(&t->recs[0], T0 + 1000, 1, TID_A, false, false, 0, 9000);
	check_stats(t, (struct want){ .upcalls = 2, .puts = 2, .correlated = 1, .ret_missed = 1 });

	ret(t, T0 + 32000, TID_A, 0);
	assert_int_equal(t->n, 2);
	check_flow(&t->recs[1], T0 + 2000, 2, TID_A, false, true, 0, 30000);
	check_stats(t, (struct want){ .upcalls = 2, .puts = 2, .correlated = 2, .ret_missed = 1 });

	/* A return with no open put of its thread is ignored. */
	ret(t, T0 + 33000, TID_A, 0);
	ret(t, T0 + 33000, 999, -EINVAL);
	assert_int_equal(t->n, 2);
}

/* 9b. A put left open past the timeout is closed by corr_tick(). */
static void test_open_put_times_out(void **state)
{
	struct t *t = *state;

	handler(t, T0, TID_A, PORT_A, 0);
	upcall(t, F_IP_IN3, T0, PORT_A);
	put(t, F_IP_IN3, T0 + 1000, TID_A, 1);
	corr_tick(t->c, T0 + 1000 + TIMEOUT);
	assert_int_equal(t->n, 0);
	corr_tick(t->c, T0 + 1000 + TIMEOUT + 1);
	assert_int_equal(t->n, 1);
	check_flow(&t->recs[0], T0, 1, TID_A, false, false, 0, 1000);
	check_stats(t, (struct want){ .upcalls = 1, .puts = 1, .correlated = 1, .ret_missed = 1 });
	/* a late return changes nothing */
	ret(t, T0 + 2 * TIMEOUT, TID_A, 0);
	assert_int_equal(t->n, 1);
}

/* 10. A put that failed: the flow existed already. */
static void test_failed_put(void **state)
{
	struct t *t = *state;

	handler(t, T0, TID_A, PORT_A, 0);
	upcall(t, F_ARP_IN3, T0 + 1000, PORT_A);
	put(t, F_ARP_IN3, T0 + 2000, TID_A, 1);
	ret(t, T0 + 2500, TID_A, -EEXIST);
	assert_int_equal(t->n, 1);
	check_flow(&t->recs[0], T0 + 1000, 1, TID_A, false, true, -EEXIST, 1500);
	check_stats(t, (struct want){ .upcalls = 1, .puts = 1, .put_failed = 1, .correlated = 1 });

	/* a failed put of no upcall */
	put(t, F_ARP_IN3, T0 + 3000, TID_A, 2);
	ret(t, T0 + 3500, TID_A, -ENOMEM);
	assert_int_equal(t->n, 2);
	check_put(&t->recs[1], 2, TID_A, true, -ENOMEM);
	check_stats(t, (struct want){ .upcalls = 1, .puts = 2, .put_failed = 2, .correlated = 1,
				      .unmatched_puts = 1 });
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builders),
		cmocka_unit_test_setup_teardown(test_single, setup, teardown),
		cmocka_unit_test_setup_teardown(test_queue_one_handler, setup, teardown),
		cmocka_unit_test_setup_teardown(test_two_handlers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_put_other_handlers_upcall, setup, teardown),
		cmocka_unit_test_setup_teardown(test_collapse, setup, teardown),
		cmocka_unit_test_setup_teardown(test_collapse_masked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_collapse_exact_first, setup, teardown),
		cmocka_unit_test_setup_teardown(test_handler_restart, setup, teardown),
		cmocka_unit_test_setup_teardown(test_expiry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_expiry_unknown_handler, setup, teardown),
		cmocka_unit_test(test_max_pending),
		cmocka_unit_test_setup_teardown(test_unmatched_put, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missed_ret, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_put_times_out, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failed_put, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
