// SPDX-License-Identifier: GPL-2.0-only
/*
 * The correlator's verdicts beyond one put per upcall (event files of
 * version 2: no reads; the socket's reader stands in): action and lost
 * upcalls, GSO, flows shared across handlers, failed and stale puts, the
 * end of a trace, exact-match puts, bad keys, many handlers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "corr_harness.h"

/* 11. ACTION upcalls (a flow's userspace() action) are reported at once. */
static void test_action_upcall(void **state)
{
	struct t *t = *state;
	struct out_upcall u;

	handler(t, T0, TID_A, PORT_A, 0);
	build_upcall(&u, fx_key(F_UDP6667), T0 + 1000, PORT_A);
	u.cmd = OVS_PACKET_CMD_ACTION;
	upcall_ev(t, &u);
	assert_int_equal(t->n, 1);
	assert_int_equal(t->recs[0].r.type, CORR_ACTION);
	assert_int_equal(t->recs[0].r.reason, CORR_R_NONE);
	assert_true(t->recs[0].has_upcall);
	assert_false(t->recs[0].has_put);
	assert_int_equal(t->recs[0].upcall.hdr.ts_ns, T0 + 1000);
	assert_int_equal(t->recs[0].upcall.cmd, OVS_PACKET_CMD_ACTION);
	assert_int_equal(t->recs[0].r.handler_tid, TID_A);
	assert_string_equal(t->recs[0].r.handler_comm, "handler10");
	assert_false(t->recs[0].r.shared);
	assert_int_equal(corr_pending(t->c), 0);
	assert_int_equal(t->recs[0].r.verdict, CORR_V_ACTION);
	check_stats(t, (struct want){ .upcalls = 1, .action_upcalls = 1 });

	/* Not pending: a put of its flow does not take it. */
	put(t, F_UDP6667, T0 + 2000, TID_A, 1);
	ret(t, T0 + 3000, TID_A, 0);
	assert_int_equal(t->n, 2);
	check_put(&t->recs[1], 1, TID_A, true, 0);
	corr_flush(t->c);
	assert_int_equal(t->n, 2);
	check_stats(t, (struct want){ .upcalls = 1, .action_upcalls = 1, .puts = 1,
				      .unmatched_puts = 1 });
}

/* An upcall that failed in the kernel (socket full, no handler) is reported
 * at once as lost, with its errno, and never waits for a flow. */
static void test_lost_upcall(void **state)
{
	struct t *t = *state;
	struct out_upcall u;

	handler(t, T0, TID_A, PORT_A, 0);
	build_upcall(&u, fx_key(F_UDP6667), T0 + 1000, PORT_A);
	upcall_lost(t, &u, -EAGAIN);
	build_upcall(&u, fx_key(F_UDP6667), T0 + 2000, 0);
	upcall_lost(t, &u, -ENOTCONN);
	u.hdr.ts_ns = T0 + 2001;
	u.cmd = OVS_PACKET_CMD_ACTION;
	upcall_lost(t, &u, -EAGAIN);
	assert_int_equal(t->n, 3);
	assert_int_equal(corr_pending(t->c), 0);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(t->recs[i].r.type, CORR_LOST);
		assert_int_equal(t->recs[i].r.verdict, CORR_V_LOST);
		assert_true(t->recs[i].r.result_known);
	}
	assert_int_equal(t->recs[0].r.result, -EAGAIN);
	assert_int_equal(t->recs[0].r.handler_tid, TID_A);
	assert_int_equal(t->recs[1].r.result, -ENOTCONN);
	assert_int_equal(t->recs[1].r.handler_tid, 0);
	/* A put of the flow later claims nothing: the upcalls never got up. */
	put(t, F_UDP6667, T0 + 5000, TID_A, 1);
	ret(t, T0 + 6000, TID_A, 0);
	assert_int_equal(t->n, 4);
	check_put(&t->recs[3], 1, TID_A, true, 0);
	check_stats(t, (struct want){ .upcalls = 3, .lost = 3, .eagain = 2, .enotconn = 1,
				      .puts = 1, .unmatched_puts = 1 });
}

/* An upcall's return can be missed (kretprobe): an action upcall is still
 * reported, at expiry; a miss waits for its put as ever. A return that
 * comes after the put claimed its upcall changes nothing. */
static void test_upcall_ret_order(void **state)
{
	struct t *t = *state;
	struct out_upcall u;

	handler(t, T0, TID_A, PORT_A, 0);
	build_upcall(&u, fx_key(F_UDP6667), T0 + 1000, PORT_A);
	u.cmd = OVS_PACKET_CMD_ACTION;
	corr_upcall(t->c, &u);			/* no return */
	assert_int_equal(t->n, 0);
	build_upcall(&u, fx_key(F_UDP6667), T0 + 2000, PORT_A);
	corr_upcall(t->c, &u);
	put(t, F_UDP6667, T0 + 3000, TID_A, 1);
	ret(t, T0 + 4000, TID_A, 0);
	assert_int_equal(t->n, 1);
	assert_int_equal(t->recs[0].r.verdict, CORR_V_INSTALLED);
	upcall_ret_ev(t, &u, 0);		/* late: ignored */
	corr_tick(t->c, T0 + 1000 + TIMEOUT + 1);
	assert_int_equal(t->n, 2);
	assert_int_equal(t->recs[1].r.type, CORR_ACTION);
	assert_int_equal(t->recs[1].r.verdict, CORR_V_ACTION);
	assert_int_equal(corr_pending(t->c), 0);
}

/* A GSO packet goes up segment by segment: a failure after some went up
 * keeps the upcall for its put; with no put it is lost at expiry. */
static void test_gso_partly_lost(void **state)
{
	struct t *t = *state;
	struct out_upcall u;

	handler(t, T0, TID_A, PORT_A, 0);
	build_upcall(&u, fx_key(F_UDP6667), T0 + 1000, PORT_A);
	u.gso_size = 1448;
	upcall_lost(t, &u, -EAGAIN);
	assert_int_equal(t->n, 0);
	put(t, F_UDP6667, T0 + 2000, TID_A, 1);
	ret(t, T0 + 3000, TID_A, 0);
	assert_int_equal(t->n, 1);
	assert_int_equal(t->recs[0].r.verdict, CORR_V_INSTALLED);

	build_upcall(&u, fx_key(F_ICMP_IN2), T0 + 4000, PORT_A);
	u.gso_size = 1448;
	upcall_lost(t, &u, -EAGAIN);
	corr_tick(t->c, T0 + 4000 + TIMEOUT + 1);
	assert_int_equal(t->n, 2);
	assert_int_equal(t->recs[1].r.type, CORR_LOST);
	assert_int_equal(t->recs[1].r.result, -EAGAIN);
}

/* Each upcall gets exactly one verdict and the verdict counters add up. */
static void test_verdicts(void **state)
{
	struct t *t = *state;
	const struct corr_stats *s = corr_stats(t->c);
	struct out_upcall u;

	handler(t, T0, TID_A, PORT_A, 0);
	upcall(t, F_UDP6667, T0 + 1000, PORT_A);		/* installed */
	upcall(t, F_UDP6667, T0 + 1100, PORT_A);		/* shared: identical */
	build_upcall(&u, fx_key(F_ICMP_IN2), T0 + 1200, PORT_A);	/* put failed */
	upcall_ev(t, &u);
	build_upcall(&u, fx_key(F_ARP_IN3), T0 + 1300, PORT_A);	/* noflow */
	upcall_ev(t, &u);
	build_upcall(&u, fx_key(F_ARP_IN3), T0 + 1400, PORT_A);	/* lost */
	upcall_lost(t, &u, -EAGAIN);
	put(t, F_UDP6667, T0 + 2000, TID_A, 1);
	ret(t, T0 + 3000, TID_A, 0);
	put(t, F_ICMP_IN2, T0 + 4000, TID_A, 2);
	ret(t, T0 + 5000, TID_A, -EEXIST);
	corr_tick(t->c, T0 + 1300 + TIMEOUT + 1);
	assert_int_equal(t->n, 5);
	assert_int_equal(t->recs[0].r.verdict, CORR_V_LOST);
	assert_int_equal(t->recs[1].r.verdict, CORR_V_INSTALLED);
	assert_int_equal(t->recs[2].r.verdict, CORR_V_SHARED);
	assert_int_equal(t->recs[3].r.verdict, CORR_V_PUT_FAILED);
	assert_int_equal(t->recs[3].r.result, -EEXIST);
	assert_int_equal(t->recs[4].r.verdict, CORR_V_NOFLOW);
	assert_int_equal(s->upcalls, 5);
	assert_int_equal(s->installed, 1);
	assert_int_equal(s->shared, 1);
	assert_int_equal(s->put_failed_upcalls, 1);
	assert_int_equal(s->noflow, 1);
	assert_int_equal(s->lost, 1);
	assert_int_equal(s->installed + s->shared + s->put_failed_upcalls + s->noflow + s->lost +
			 s->action_upcalls, s->upcalls);
}

/* 12. Two handlers get the same flow's packets; only one puts it. The other
 * upcall is the flow's too: shared, not noflow. */
static void test_shared_across_handlers(void **state)
{
	struct t *t = *state;

	handler(t, T0, TID_A, PORT_A, 0);
	handler(t, T0, TID_B, PORT_B, 0);
	upcall(t, F_IP_IN3, T0 + 1000, PORT_A);
	upcall(t, F_IP_IN3, T0 + 2000, PORT_B);
	put(t, F_IP_IN3, T0 + 10000, TID_A, 1);
	ret(t, T0 + 12000, TID_A, 0);
	assert_int_equal(t->n, 1);
	check_flow(&t->recs[0], T0 + 1000, 1, TID_A, false, true, 0, 11000);
	assert_int_equal(corr_pending(t->c), 1);

	corr_tick(t->c, T0 + 2000 + TIMEOUT);
	assert_int_equal(t->n, 1);
	corr_tick(t->c, T0 + 2000 + TIMEOUT + 1);
	assert_int_equal(t->n, 2);
	assert_int_equal(t->recs[1].r.type, CORR_FLOW);
	assert_int_equal(t->recs[1].r.reason, CORR_R_NONE);
	assert_true(t->recs[1].r.shared);
	assert_true(t->recs[1].has_put);
	assert_int_equal(t->recs[1].put_seq, 1);
	assert_int_equal(t->recs[1].put_tid, TID_A);
	assert_int_equal(t->recs[1].upcall.hdr.ts_ns, T0 + 2000);
	assert_int_equal(t->recs[1].upcall.portid, PORT_B);
	assert_true(t->recs[1].r.result_known);
	assert_int_equal(t->recs[1].r.result, 0);
	assert_int_equal(t->recs[1].r.latency_ns, 10000);
	/* handler_tid of this record: see the disabled test below */
	assert_int_equal(corr_pending(t->c), 0);
	check_stats(t, (struct want){ .upcalls = 2, .puts = 1, .correlated = 2, .shared = 1 });
}

/* A record names the thread that read its upcall, even when another
 * handler's put covered it. */
static void test_shared_across_handlers_tid(void **state)
{
	struct t *t = *state;

	handler(t, T0, TID_A, PORT_A, 0);
	handler(t, T0, TID_B, PORT_B, 0);
	upcall(t, F_IP_IN3, T0 + 1000, PORT_A);
	upcall(t, F_IP_IN3, T0 + 2000, PORT_B);
	put(t, F_IP_IN3, T0 + 10000, TID_A, 1);
	ret(t, T0 + 12000, TID_A, 0);
	corr_tick(t->c, T0 + 2000 + TIMEOUT + 1);
	assert_int_equal(t->n, 2);
	assert_int_equal(t->recs[1].upcall.portid, PORT_B);
	assert_int_equal(t->recs[1].r.handler_tid, TID_B);
	assert_string_equal(t->recs[1].r.handler_comm, "handler20");
}

/* A flow that had returned before the upcall happened cannot be its flow:
 * it was deleted since, and this upcall got none. */
static void test_stale_put_does_not_cover(void **state)
{
	struct t *t = *state;

	handler(t, T0, TID_A, PORT_A, 0);
	put(t, F_IP_IN3, T0 + 1000, TID_A, 1);
	ret(t, T0 + 2000, TID_A, 0);
	assert_int_equal(t->n, 1);
	upcall(t, F_IP_IN3, T0 + 10000 * MS, PORT_A);
	corr_tick(t->c, T0 + 10000 * MS + TIMEOUT + 1);
	assert_int_equal(t->n, 2);
	check_noflow(&t->recs[1], T0 + 10000 * MS, CORR_R_TIMEOUT, TID_A);
	check_stats(t, (struct want){ .upcalls = 1, .puts = 1, .noflow = 1,
				      .unmatched_puts = 1 });
}

/* More threads in ovs_flow_cmd_new() at once than the correlator tracks:
 * the oldest open put is finished, unknown result. */
static void test_open_puts_overflow(void **state)
{
	struct t *t = *state;
	enum { OPEN = 256 };

	for (uint32_t i = 0; i < OPEN; i++)
		put(t, F_ARP_IN3, T0 + 1000 + i, 3000 + i, i);
	assert_int_equal(t->n, 0);
	put(t, F_ARP_IN3, T0 + 5000, 3000 + OPEN, OPEN);
	assert_int_equal(t->n, 1);
	check_put(&t->recs[0], 0, 3000, false, 0);
	check_stats(t, (struct want){ .puts = OPEN + 1, .unmatched_puts = 1, .ret_missed = 1 });
	/* the others are all still open and get their returns */
	for (uint32_t i = 1; i <= OPEN; i++)
		ret(t, T0 + 10000 + i, 3000 + i, 0);
	assert_int_equal(t->n, OPEN + 1);
	for (uint32_t i = 1; i <= OPEN; i++)
		check_put(&t->recs[i], i, 3000 + i, true, 0);
}

/* max_pending 0 is taken as 1. */
static void test_max_pending_zero(void **state)
{
	struct t *t = new_t(TIMEOUT, 0);

	(void)state;
	upcall(t, F_ICMP_IN2, T0 + 1000, PORT_A);
	assert_int_equal(corr_pending(t->c), 1);
	assert_int_equal(t->n, 0);
	upcall(t, F_IP_IN3, T0 + 2000, PORT_A);
	assert_int_equal(corr_pending(t->c), 1);
	assert_int_equal(t->n, 1);
	check_noflow(&t->recs[0], T0 + 1000, CORR_R_EVICTED, 0);
	corr_free(t->c);
	free(t);
}

/* 12b. A failed put (other than EEXIST) installed nothing: it covers no
 * other upcall at expiry. */
static void test_failed_put_covers_nothing(void **state)
{
	struct t *t = *state;

	handler(t, T0, TID_A, PORT_A, 0);
	handler(t, T0, TID_B, PORT_B, 0);
	upcall(t, F_IP_IN3, T0 + 1000, PORT_A);
	upcall(t, F_IP_IN3, T0 + 2000, PORT_B);
	put(t, F_IP_IN3, T0 + 10000, TID_A, 1);
	ret(t, T0 + 12000, TID_A, -EINVAL);
	corr_tick(t->c, T0 + 2000 + TIMEOUT + 1);
	assert_int_equal(t->n, 2);
	check_flow(&t->recs[0], T0 + 1000, 1, TID_A, false, true, -EINVAL, 11000);
	check_noflow(&t->recs[1], T0 + 2000, CORR_R_TIMEOUT, TID_B);
	check_stats(t, (struct want){ .upcalls = 2, .puts = 1, .put_failed = 1, .correlated = 1,
				      .noflow = 1 });
}

/* 13. End of trace: open puts are finished, pending upcalls reported. */
static void test_flush(void **state)
{
	struct t *t = *state;

	handler(t, T0, TID_A, PORT_A, 0);
	handler(t, T0, TID_B, PORT_B, 0);
	upcall(t, F_ARP_REQ, T0 + 1000, PORT_A);	/* never put */
	upcall(t, F_ICMP_IN2, T0 + 2000, PORT_B);
	put(t, F_ICMP_IN2, T0 + 5000, TID_B, 21);	/* no return yet */
	put(t, F_ARP_IN3, T0 + 6000, TID_A, 11);		/* for nobody */
	assert_int_equal(t->n, 0);

	corr_flush(t->c);
	assert_int_equal(t->n, 3);
	/* open puts first, in slot order */
	check_flow(&t->recs[0], T0 + 2000, 21, TID_B, false, false, 0, 3000);
	check_put(&t->recs[1], 11, TID_A, false, 0);
	check_noflow(&t->recs[2], T0 + 1000, CORR_R_EXIT, TID_A);
	assert_int_equal(corr_pending(t->c), 0);
	/* Puts still open at exit are not missed returns. */
	check_stats(t, (struct want){ .upcalls = 2, .puts = 2, .correlated = 1, .noflow = 1,
				      .unmatched_puts = 1 });
	/* Flushing again reports nothing twice. */
	corr_flush(t->c);
	assert_int_equal(t->n, 3);
}

/* 13b. At exit, an upcall whose flow another handler put is shared. */
static void test_flush_shared(void **state)
{
	struct t *t = *state;

	handler(t, T0, TID_A, PORT_A, 0);
	handler(t, T0, TID_B, PORT_B, 0);
	upcall(t, F_ARP_REQ, T0 + 1000, PORT_A);
	upcall(t, F_ARP_REQ, T0 + 2000, PORT_B);
	put(t, F_ARP_REQ, T0 + 3000, TID_A, 1);
	ret(t, T0 + 4000, TID_A, 0);
	corr_flush(t->c);
	assert_int_equal(t->n, 2);
	check_flow(&t->recs[0], T0 + 1000, 1, TID_A, false, true, 0, 3000);
	assert_int_equal(t->recs[1].r.type, CORR_FLOW);
	assert_true(t->recs[1].r.shared);
	assert_int_equal(t->recs[1].put_seq, 1);
	assert_int_equal(t->recs[1].upcall.hdr.ts_ns, T0 + 2000);
	assert_int_equal(t->recs[1].r.latency_ns, 2000);
	check_stats(t, (struct want){ .upcalls = 2, .puts = 1, .correlated = 2, .shared = 1 });
}

/* 14. Exact-match puts (no MASK attribute) take only identical packets. */
static void test_exact_match(void **state)
{
	struct t *t = *state;
	const struct dpctl_fixture *x1 = fx_find(X_UDP33337), *x6 = fx_find(X_UDP50469);
	struct out_upcall u;

	assert_null(x1->mask);
	assert_null(x6->mask);
	handler(t, T0, TID_A, PORT_A, 0);
	build_upcall(&u, x1, T0 + 1000, PORT_A);
	upcall_ev(t, &u);
	build_upcall(&u, x6, T0 + 2000, PORT_A);	/* another source port */
	upcall_ev(t, &u);
	build_upcall(&u, x1, T0 + 3000, PORT_A);	/* differs in the TTL only */
	u.key.ip_ttl = 63;
	upcall_ev(t, &u);
	build_upcall(&u, x1, T0 + 4000, PORT_A);	/* differs in eth dst only */
	u.key.eth_dst[5] = 0x03;
	upcall_ev(t, &u);

	put_fx(t, x1, T0 + 10000, TID_A, 1);
	ret(t, T0 + 11000, TID_A, 0);
	assert_int_equal(t->n, 1);
	check_flow(&t->recs[0], T0 + 1000, 1, TID_A, false, true, 0, 10000);
	assert_int_equal(corr_pending(t->c), 3);

	put_fx(t, x6, T0 + 12000, TID_A, 6);
	ret(t, T0 + 13000, TID_A, 0);
	assert_int_equal(t->n, 2);
	check_flow(&t->recs[1], T0 + 2000, 6, TID_A, false, true, 0, 11000);
	assert_int_equal(t->recs[1].upcall.key.tp_src, htons(50469));
	assert_int_equal(corr_pending(t->c), 2);

	corr_flush(t->c);
	assert_int_equal(t->n, 4);
	check_noflow(&t->recs[2], T0 + 3000, CORR_R_EXIT, TID_A);
	check_noflow(&t->recs[3], T0 + 4000, CORR_R_EXIT, TID_A);
	check_stats(t, (struct want){ .upcalls = 4, .puts = 2, .correlated = 2, .noflow = 2 });
}

/* A put whose key does not decode matches nothing and is counted. */
static void test_bad_key(void **state)
{
	struct t *t = *state;
	struct out_flow_put *p = new_put(fx_key(F_IP_IN3), T0 + 2000, TID_A, 1);

	handler(t, T0, TID_A, PORT_A, 0);
	upcall(t, F_IP_IN3, T0 + 1000, PORT_A);
	p->key_len = 13;	/* cuts an attribute header in two */
	corr_put(t->c, p);
	free(p);
	ret(t, T0 + 3000, TID_A, 0);
	assert_int_equal(t->n, 1);
	check_put(&t->recs[0], 1, TID_A, true, 0);
	assert_int_equal(corr_pending(t->c), 1);
	check_stats(t, (struct want){ .upcalls = 1, .puts = 1, .unmatched_puts = 1,
				      .key_errors = 1 });
}

/* Many handler threads: the portid table grows and keeps every mapping. */
static void test_many_handlers(void **state)
{
	struct t *t = *state;
	enum { H = 200 };

	for (uint32_t i = 0; i < H; i++)
		handler(t, T0, 1000 + i, 50000 + i, 0);
	for (uint32_t i = 0; i < H; i++)
		upcall(t, F_IP_IN3, T0 + 10 + i, 50000 + i);
	/* each thread puts the same flow once, in reverse order: each takes
	 * the one upcall of its own portid */
	for (uint32_t i = H; i-- > 0;) {
		put(t, F_IP_IN3, T0 + 100000 + i, 1000 + i, i);
		ret(t, T0 + 200000 + i, 1000 + i, 0);
		assert_int_equal(t->n, H - i);
		check_flow(&t->recs[H - 1 - i], T0 + 10 + i, i, 1000 + i, false, true, 0,
			   200000 - 10);
	}
	assert_int_equal(corr_pending(t->c), 0);
	check_stats(t, (struct want){ .upcalls = H, .puts = H, .correlated = H });
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_max_pending_zero),
		cmocka_unit_test_setup_teardown(test_action_upcall, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shared_across_handlers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shared_across_handlers_tid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lost_upcall, setup, teardown),
		cmocka_unit_test_setup_teardown(test_upcall_ret_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gso_partly_lost, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verdicts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stale_put_does_not_cover, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failed_put_covers_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_puts_overflow, setup, teardown),
		cmocka_unit_test_setup_teardown(test_flush, setup, teardown),
		cmocka_unit_test_setup_teardown(test_flush_shared, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exact_match, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_handlers, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
