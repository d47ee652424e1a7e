/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The correlator's test harness: a sink that copies every record out, event
 * feeders that build events from the real flow puts of flows_6_12.h, and
 * checks of records and counters. Include after <cmocka.h>.
 */
#ifndef TESTS_CORR_HARNESS_H
#define TESTS_CORR_HARNESS_H

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>

#include "correlate.h"
#include "event_builders.h"

/* Megaflows of the 6.12 capture, by their dump-flows text. */
#define F_ICMP_IN2 "recirc_id(0),in_port(2),eth(src=52:54:00:39:89:ff,dst=52:54:00:00:00:02),eth_type(0x0800),ipv4(frag=no)"
#define F_IP_IN3 "recirc_id(0),in_port(3),eth(src=52:54:00:00:00:02,dst=52:54:00:39:89:ff),eth_type(0x0800),ipv4(frag=no)"
#define F_ARP_REQ "recirc_id(0),in_port(2),eth(src=52:54:00:39:89:ff,dst=ff:ff:ff:ff:ff:ff),eth_type(0x0806),arp(sip=10.99.0.1,tip=10.99.0.2,op=1/0xff)"
#define F_ARP_IN3 "recirc_id(0),in_port(3),eth(src=52:54:00:00:00:02,dst=52:54:00:39:89:ff),eth_type(0x0806)"
#define F_UDP6667 "recirc_id(0),in_port(2),eth(),eth_type(0x0800),ipv4(proto=17,frag=no),udp(dst=6667)"
/* Exact-match puts (megaflows disabled): no MASK attribute. */
#define X_UDP33337 "udp(src=33337,dst=5555)"
#define X_UDP50469 "udp(src=50469,dst=5555)"

#define MS 1000000ull
#define T0 (5000 * MS)		/* event clock: 5 s after boot */
#define TIMEOUT (500 * MS)

#define PORT_A 1001
#define PORT_B 2002
#define TID_A 10
#define TID_B 20

/* A record as emitted, with what it pointed to copied out (the pointers
 * are only valid during the callback). */
struct rec {
	struct corr_record r;
	bool has_upcall, has_put;
	struct out_upcall upcall;
	uint32_t put_seq, put_tid;
	uint64_t put_ts;
	uint8_t put_ufid[OUT_UFID_LEN];
};

struct t {
	struct correlator *c;
	struct rec recs[300];
	size_t n;
};

static inline void sink(const struct corr_record *r, void *ctx)
{
	struct t *t = ctx;
	struct rec *x;

	assert_true(t->n < N(t->recs));
	x = &t->recs[t->n++];
	memset(x, 0, sizeof(*x));
	x->r = *r;
	x->has_upcall = r->upcall != NULL;
	x->has_put = r->put != NULL;
	/* The correlator keeps only the packet bytes an upcall has. */
	if (r->upcall)
		memcpy(&x->upcall, r->upcall, offsetof(struct out_upcall, packet) +
		       (r->upcall->cap_len < OUT_SNAP_MAX ? r->upcall->cap_len : OUT_SNAP_MAX));
	if (r->put) {
		x->put_seq = r->put->snd_seq;
		x->put_tid = r->put->hdr.tid;
		x->put_ts = r->put->hdr.ts_ns;
		memcpy(x->put_ufid, r->put->ufid, OUT_UFID_LEN);
	}
	/* Records carry no dangling pointers into later callbacks. */
	x->r.upcall = NULL;
	x->r.put = NULL;
}

/* exact_reads: the events say which thread read which upcall
 * (OUT_EV_UPCALL_READ), as live tracing and event files of version 3 do. */
static inline struct t *new_t_reads(uint64_t timeout, uint32_t max_pending, bool exact_reads)
{
	struct corr_config cfg = { .timeout_ns = timeout, .max_pending = max_pending,
				   .exact_reads = exact_reads };
	struct t *t = calloc(1, sizeof(*t));

	assert_non_null(t);
	t->c = corr_new(&cfg, sink, t);
	assert_non_null(t->c);
	return t;
}

/* Event files of version 2: no reads, the socket's reader stands in. */
static inline struct t *new_t(uint64_t timeout, uint32_t max_pending)
{
	return new_t_reads(timeout, max_pending, false);
}

static inline int setup(void **state)
{
	*state = new_t(TIMEOUT, 1000);
	return 0;
}

static inline int teardown(void **state)
{
	struct t *t = *state;

	corr_free(t->c);
	free(t);
	return 0;
}

/* Event feeders. Every upcall is identified by its timestamp, every put by
 * its snd_seq. */
static inline void handler(struct t *t, uint64_t ts, uint32_t tid, uint32_t portid, uint32_t prev)
{
	struct out_handler h;

	build_handler(&h, ts, tid, portid, prev, NULL);
	corr_handler(t->c, &h);
}

/* Thread tid takes the upcall made at upcall_ts (on CPU 1, as
 * build_upcall() makes them) off socket portid. */
static inline void read_ev(struct t *t, uint64_t ts, uint32_t tid, uint64_t upcall_ts,
			   uint32_t portid)
{
	struct out_upcall_read r;

	build_hdr(&r.hdr, OUT_EV_UPCALL_READ, ts, tid, NULL);
	r.upcall_ts = upcall_ts;
	r.upcall_cpu = 1;
	r.portid = portid;
	corr_read(t->c, &r);
}

/* The entry event, then its return as the kernel sends it right after. */
static inline void upcall_ret_ev(struct t *t, const struct out_upcall *u, int32_t ret)
{
	struct out_upcall_ret r = { .upcall_ts = u->hdr.ts_ns, .ret = ret };

	r.hdr.type = OUT_EV_UPCALL_RET;
	r.hdr.ts_ns = u->hdr.ts_ns + 1;
	r.hdr.cpu = u->hdr.cpu;
	corr_upcall_ret(t->c, &r);
}

static inline void upcall_ev(struct t *t, const struct out_upcall *u)
{
	corr_upcall(t->c, u);
	upcall_ret_ev(t, u, 0);
}

static inline void upcall_lost(struct t *t, const struct out_upcall *u, int32_t ret)
{
	corr_upcall(t->c, u);
	upcall_ret_ev(t, u, ret);
}

static inline void upcall(struct t *t, const char *golden, uint64_t ts, uint32_t portid)
{
	struct out_upcall u;

	build_upcall(&u, fx_key(golden), ts, portid);
	upcall_ev(t, &u);
}

static inline void put_fx(struct t *t, const struct dpctl_fixture *f, uint64_t ts, uint32_t tid,
		   uint32_t seq)
{
	struct out_flow_put *p = new_put(f, ts, tid, seq);

	corr_put(t->c, p);
	/* The correlator keeps its own copy: scribble over ours. */
	memset(p, 0xa5, sizeof(*p));
	free(p);
}

static inline void put(struct t *t, const char *golden, uint64_t ts, uint32_t tid, uint32_t seq)
{
	put_fx(t, fx_key(golden), ts, tid, seq);
}

static inline void ret(struct t *t, uint64_t ts, uint32_t tid, int32_t rv)
{
	struct out_flow_ret r;

	build_ret(&r, ts, tid, rv);
	corr_ret(t->c, &r);
}

static inline void check_flow(const struct rec *x, uint64_t upcall_ts, uint32_t put_seq,
		       uint32_t tid, bool shared, bool result_known, int32_t result,
		       uint64_t latency)
{
	char comm[OUT_TASK_COMM_LEN] = { 0 };

	assert_int_equal(x->r.type, CORR_FLOW);
	assert_int_equal(x->r.reason, CORR_R_NONE);
	assert_true(x->has_upcall);
	assert_true(x->has_put);
	assert_int_equal(x->upcall.hdr.ts_ns, upcall_ts);
	assert_int_equal(x->put_seq, put_seq);
	assert_int_equal(x->r.handler_tid, tid);
	snprintf(comm, sizeof(comm), "handler%u", tid);
	assert_string_equal(x->r.handler_comm, comm);
	assert_int_equal(x->r.shared, shared);
	assert_int_equal(x->r.result_known, result_known);
	assert_int_equal(x->r.result, result);
	assert_int_equal(x->r.latency_ns, latency);
}

static inline void check_noflow(const struct rec *x, uint64_t upcall_ts, enum corr_reason why,
			 uint32_t tid)
{
	assert_int_equal(x->r.type, CORR_NOFLOW);
	assert_int_equal(x->r.reason, why);
	assert_true(x->has_upcall);
	assert_false(x->has_put);
	assert_int_equal(x->upcall.hdr.ts_ns, upcall_ts);
	assert_int_equal(x->r.handler_tid, tid);
	assert_false(x->r.shared);
}

static inline void check_put(const struct rec *x, uint32_t put_seq, uint32_t tid, bool result_known,
		      int32_t result)
{
	assert_int_equal(x->r.type, CORR_PUT);
	assert_int_equal(x->r.reason, CORR_R_NONE);
	assert_false(x->has_upcall);
	assert_true(x->has_put);
	assert_int_equal(x->put_seq, put_seq);
	assert_int_equal(x->r.handler_tid, tid);
	assert_int_equal(x->r.result_known, result_known);
	assert_int_equal(x->r.result, result);
	assert_false(x->r.shared);
}

/* Every counter, so a test also proves the ones it does not name stay 0. */
struct want {
	uint64_t upcalls, action_upcalls, puts, put_failed, correlated, shared, noflow,
		evicted, unmatched_puts, ret_missed, key_errors, handler_changes;
	/* Lost upcalls, by errno. */
	uint64_t lost, eagain, enotconn;
};

#define CHECK_STAT(f) \
	do { \
		if (s->f != w.f) \
			print_message("stats." #f ": want %llu, got %llu\n", \
				      (unsigned long long)w.f, (unsigned long long)s->f); \
		bad += s->f != w.f; \
	} while (0)

static inline void check_stats(const struct t *t, struct want w)
{
	const struct corr_stats *s = corr_stats(t->c);
	int bad = 0;

	CHECK_STAT(upcalls);
	CHECK_STAT(action_upcalls);
	CHECK_STAT(lost);
	bad += s->lost_errno[EAGAIN] != w.eagain;
	bad += s->lost_errno[ENOTCONN] != w.enotconn;
	CHECK_STAT(puts);
	CHECK_STAT(put_failed);
	CHECK_STAT(correlated);
	CHECK_STAT(shared);
	CHECK_STAT(noflow);
	CHECK_STAT(evicted);
	CHECK_STAT(unmatched_puts);
	CHECK_STAT(ret_missed);
	CHECK_STAT(key_errors);
	CHECK_STAT(handler_changes);
	assert_int_equal(bad, 0);
}

#endif /* TESTS_CORR_HARNESS_H */
