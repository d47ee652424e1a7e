// SPDX-License-Identifier: GPL-2.0-only
/*
 * The correlator when it sees each upcall's read (OUT_EV_UPCALL_READ: live
 * tracing, event files of version 3): upcalls waiting on a stalled handler's
 * socket, reads of several sockets interleaved, and the timeout counted from
 * the read. The first test is the backlog failure of issue 12, reduced from
 * a recording of the 6.12 guest (tests/vm/test_lost.sh with a 7 s freeze).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "corr_harness.h"

#define OVS_KEY_ATTR_UDP 10
#define BACKLOG 20
/* Longer than the timeout: ovs-vswitchd frozen with its upcalls queued. */
#define FREEZE (4 * TIMEOUT)

/* The megaflow of the capture with udp(dst=6667), as the put of one of its
 * packets: the key exact, its UDP source port 'sport'. */
struct flow {
	struct dpctl_fixture fx;
	uint8_t key[OUT_KEY_MAX];
};

static void flow_with_sport(struct flow *f, uint16_t sport)
{
	const struct dpctl_fixture *mega = fx_key(F_UDP6667);
	size_t off = 0;

	f->fx = *mega;
	memcpy(f->key, mega->key, mega->key_len);
	f->fx.key = f->key;
	f->fx.ufid[0] = (uint8_t)sport;	/* a put per key, a UFID per put */
	f->fx.ufid[1] = (uint8_t)(sport >> 8);
	while (off + 4 <= mega->key_len) {
		uint16_t len, type;

		memcpy(&len, f->key + off, 2);
		memcpy(&type, f->key + off + 2, 2);
		if (type == OVS_KEY_ATTR_UDP) {
			uint16_t be = htons(sport);

			memcpy(f->key + off + 4, &be, 2);
			return;
		}
		off += (len + 3u) & ~3u;
	}
	fail_msg("no udp attribute in the fixture's key");
}

static void upcall_of(struct t *t, const struct flow *f, uint64_t ts, uint32_t portid)
{
	struct out_upcall u;

	build_upcall(&u, &f->fx, ts, portid);
	upcall_ev(t, &u);
}

static int setup_reads(void **state)
{
	*state = new_t_reads(TIMEOUT, 1000, true);
	return 0;
}

/* BACKLOG upcalls of one megaflow, each its own exact key, queued on PORT_A
 * while the handler is stopped for FREEZE; then it reads and puts each:
 * the first put installs, the others fail EEXIST. */
static void backlog(struct t *t, bool reads)
{
	struct flow f[BACKLOG];
	const uint64_t resume = T0 + FREEZE;

	for (int i = 0; i < BACKLOG; i++) {
		flow_with_sport(&f[i], (uint16_t)(40000 + i));
		upcall_of(t, &f[i], T0 + i * 1000, PORT_A);
	}
	/* The tracer ticks on while nothing happens. */
	for (uint64_t now = T0; now < resume; now += TIMEOUT / 4)
		corr_tick(t->c, now);
	handler(t, resume, TID_A, PORT_A, 0);
	for (int i = 0; i < BACKLOG; i++) {
		uint64_t at = resume + 1000 + i * 10000;

		if (reads)
			read_ev(t, at, TID_A, T0 + i * 1000, PORT_A);
		put_fx(t, &f[i].fx, at + 5000, TID_A, (uint32_t)i + 1);
		ret(t, at + 6000, TID_A, i ? -EEXIST : 0);
		corr_tick(t->c, at + 6000);
	}
	corr_flush(t->c);
}

/* Reads seen: every upcall goes with its own put, however long it waited. */
static void test_backlog_longer_than_timeout(void **state)
{
	struct t *t = *state;

	backlog(t, true);
	assert_int_equal(t->n, BACKLOG);
	for (int i = 0; i < BACKLOG; i++) {
		const struct rec *x = &t->recs[i];
		uint64_t read = T0 + FREEZE + 1000 + i * 10000;

		check_flow(x, T0 + i * 1000, (uint32_t)i + 1, TID_A, false, true, i ? -EEXIST : 0,
			   read + 6000 - (T0 + i * 1000));
		assert_int_equal(x->r.verdict, i ? CORR_V_PUT_FAILED : CORR_V_INSTALLED);
		assert_int_equal(x->r.read_latency_ns, read - (T0 + i * 1000));
	}
	check_stats(t, (struct want){ .upcalls = BACKLOG, .puts = BACKLOG,
				      .put_failed = BACKLOG - 1, .correlated = BACKLOG });
	assert_int_equal(corr_stats(t->c)->reads, BACKLOG);
}

/* The same events without reads, as version 2 recorded them: the timeout
 * runs from the upcall, so the backlog expires before its handler runs and
 * every put is unmatched. This was the failure; files of version 2 keep it. */
static void test_backlog_without_reads(void **state)
{
	struct t *t = new_t(TIMEOUT, 1000);

	(void)state;
	backlog(t, false);
	assert_int_equal(t->n, 2 * BACKLOG);
	for (int i = 0; i < BACKLOG; i++)
		check_noflow(&t->recs[i], T0 + i * 1000, CORR_R_TIMEOUT, 0);
	for (int i = 0; i < BACKLOG; i++)
		check_put(&t->recs[BACKLOG + i], (uint32_t)i + 1, TID_A, true, i ? -EEXIST : 0);
	check_stats(t, (struct want){ .upcalls = BACKLOG, .puts = BACKLOG,
				      .put_failed = BACKLOG - 1, .noflow = BACKLOG,
				      .unmatched_puts = BACKLOG });
	corr_free(t->c);
	free(t);
}

/* Two sockets, one handler each, reads and puts interleaved: a put claims
 * only what its own thread read, even an identical key read by the other. */
static void test_interleaved_handlers(void **state)
{
	struct t *t = *state;
	struct flow a, b;

	flow_with_sport(&a, 1111);
	flow_with_sport(&b, 2222);
	upcall_of(t, &a, T0, PORT_A);
	upcall_of(t, &a, T0 + 100, PORT_B);	/* same packet, other CPU */
	upcall_of(t, &b, T0 + 200, PORT_B);
	handler(t, T0 + 1000, TID_A, PORT_A, 0);
	handler(t, T0 + 1100, TID_B, PORT_B, 0);
	read_ev(t, T0 + 2000, TID_B, T0 + 100, PORT_B);
	read_ev(t, T0 + 2100, TID_A, T0, PORT_A);
	read_ev(t, T0 + 2200, TID_B, T0 + 200, PORT_B);
	put_fx(t, &a.fx, T0 + 3000, TID_B, 1);	/* B's copy of a */
	put_fx(t, &a.fx, T0 + 3100, TID_A, 2);
	ret(t, T0 + 3200, TID_B, 0);
	ret(t, T0 + 3300, TID_A, -EEXIST);
	put_fx(t, &b.fx, T0 + 3400, TID_B, 3);
	ret(t, T0 + 3500, TID_B, -EEXIST);

	assert_int_equal(t->n, 3);
	check_flow(&t->recs[0], T0 + 100, 1, TID_B, false, true, 0, 3100);
	check_flow(&t->recs[1], T0, 2, TID_A, false, true, -EEXIST, 3300);
	check_flow(&t->recs[2], T0 + 200, 3, TID_B, false, true, -EEXIST, 3300);
	check_stats(t, (struct want){ .upcalls = 3, .puts = 3, .put_failed = 2,
				      .correlated = 3, .handler_changes = 0 });
}

/* An upcall still on its socket is nobody's: a put of the socket's reader
 * with its key (made for an earlier, identical packet) does not take it; its
 * own read and put do. */
static void test_unread_not_claimed(void **state)
{
	struct t *t = *state;
	struct flow a;

	flow_with_sport(&a, 3333);
	upcall_of(t, &a, T0, PORT_A);
	upcall_of(t, &a, T0 + 100, PORT_A);
	handler(t, T0 + 1000, TID_A, PORT_A, 0);
	read_ev(t, T0 + 1100, TID_A, T0, PORT_A);
	put_fx(t, &a.fx, T0 + 2000, TID_A, 1);
	ret(t, T0 + 2100, TID_A, 0);
	assert_int_equal(t->n, 1);
	assert_int_equal(corr_pending(t->c), 1);
	read_ev(t, T0 + 3000, TID_A, T0 + 100, PORT_A);
	put_fx(t, &a.fx, T0 + 4000, TID_A, 2);
	ret(t, T0 + 4100, TID_A, -EEXIST);
	assert_int_equal(t->n, 2);
	check_flow(&t->recs[0], T0, 1, TID_A, false, true, 0, 2100);
	check_flow(&t->recs[1], T0 + 100, 2, TID_A, false, true, -EEXIST, 4000);
	check_stats(t, (struct want){ .upcalls = 2, .puts = 2, .put_failed = 1, .correlated = 2 });
}

/* The timeout runs from the read: unread, an upcall waits for ever (until
 * the trace ends: "unread"); read and never put, it is noflow a timeout
 * after its read. A second read of one upcall (a GSO packet's next segment)
 * and a read of no pending upcall are counted, not applied. */
static void test_timeout_from_read(void **state)
{
	struct t *t = *state;
	struct flow a, b;

	flow_with_sport(&a, 4444);
	flow_with_sport(&b, 5555);
	upcall_of(t, &a, T0, PORT_A);
	upcall_of(t, &b, T0 + 100, PORT_B);
	corr_tick(t->c, T0 + 10 * TIMEOUT);
	assert_int_equal(t->n, 0);
	read_ev(t, T0 + 10 * TIMEOUT, TID_A, T0, PORT_A);
	read_ev(t, T0 + 10 * TIMEOUT + 5, TID_A, T0, PORT_A);
	read_ev(t, T0 + 10 * TIMEOUT + 9, TID_A, T0 + 77, PORT_A);
	corr_tick(t->c, T0 + 11 * TIMEOUT);
	assert_int_equal(t->n, 0);
	corr_tick(t->c, T0 + 11 * TIMEOUT + 1);
	assert_int_equal(t->n, 1);
	check_noflow(&t->recs[0], T0, CORR_R_TIMEOUT, TID_A);
	assert_int_equal(t->recs[0].r.read_latency_ns, 10 * TIMEOUT);
	corr_flush(t->c);
	assert_int_equal(t->n, 2);
	check_noflow(&t->recs[1], T0 + 100, CORR_R_UNREAD, 0);
	check_stats(t, (struct want){ .upcalls = 2, .noflow = 2 });
	assert_int_equal(corr_stats(t->c)->reads, 3);
	assert_int_equal(corr_stats(t->c)->stray_reads, 2);
}

/* Past twice the buckets a correlator starts with, twice over: the buckets
 * grow while upcalls wait, and each put, made last to first, still claims
 * exactly its own upcall. */
#define MANY 9000

struct many {
	size_t flows, wrong;
};

static void many_sink(const struct corr_record *r, void *ctx)
{
	struct many *m = ctx;

	if (r->type == CORR_FLOW && r->verdict == CORR_V_INSTALLED &&
	    ntohs(r->upcall->key.tp_src) == 10000 + r->put->snd_seq)
		m->flows++;
	else
		m->wrong++;
}

static void test_buckets_grow(void **state)
{
	struct corr_config cfg = { .timeout_ns = TIMEOUT, .max_pending = 65536,
				   .exact_reads = true };
	struct flow *f = calloc(MANY, sizeof(*f));
	struct many m = { 0 };
	struct t t = { 0 };

	(void)state;
	assert_non_null(f);
	t.c = corr_new(&cfg, many_sink, &m);
	assert_non_null(t.c);
	for (int i = 0; i < MANY; i++) {
		flow_with_sport(&f[i], (uint16_t)(10000 + i));
		upcall_of(&t, &f[i], T0 + i * 10, PORT_A);
	}
	assert_int_equal(corr_pending(t.c), MANY);
	for (int i = 0; i < MANY; i++)
		read_ev(&t, T0 + MANY * 10 + i * 10, TID_A, T0 + i * 10, PORT_A);
	for (int i = MANY - 1; i >= 0; i--) {
		uint64_t at = T0 + MANY * 20 + (MANY - i) * 10;

		put_fx(&t, &f[i].fx, at, TID_A, (uint32_t)i);
		ret(&t, at + 5, TID_A, 0);
	}
	corr_flush(t.c);
	assert_int_equal(m.flows, MANY);
	assert_int_equal(m.wrong, 0);
	corr_free(t.c);
	free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_backlog_longer_than_timeout, setup_reads, teardown),
		cmocka_unit_test(test_backlog_without_reads),
		cmocka_unit_test_setup_teardown(test_interleaved_handlers, setup_reads, teardown),
		cmocka_unit_test_setup_teardown(test_unread_not_claimed, setup_reads, teardown),
		cmocka_unit_test_setup_teardown(test_timeout_from_read, setup_reads, teardown),
		cmocka_unit_test(test_buckets_grow),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
