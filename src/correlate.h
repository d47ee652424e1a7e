/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Correlation: each upcall with the megaflow its handler installs.
 *
 * An upcall names the netlink portid of the handler socket it is queued on.
 * A handler thread takes its message off that socket (OUT_EV_UPCALL_READ
 * names the upcall and the thread), then issues ovs_flow_cmd_new() from
 * the same thread. The put's own snd_portid is a pool socket and says
 * nothing. So a put from thread T claims the pending upcalls that T read
 * whose flow fields equal the put's key. An upcall still on its socket
 * waits however long its handler stalls: the --timeout runs from the read.
 * Event files of version 2 have no such reads: there a put claims the
 * upcalls on the sockets T reads (OUT_EV_HANDLER), and the timeout runs
 * from the upcall. Pure: fed events, emits records.
 */
#ifndef CORRELATE_H
#define CORRELATE_H

#include <stdbool.h>
#include <stdint.h>
#include <linux/types.h>

#include "events.h"

struct put_view;

enum corr_type {
	CORR_FLOW,	/* an upcall and the flow installed for it */
	CORR_NOFLOW,	/* an upcall no flow followed */
	CORR_PUT,	/* a flow put that matched no traced upcall */
	CORR_ACTION,	/* an upcall made by a flow's userspace() action */
	CORR_LOST,	/* an upcall that never reached its handler socket */
};

/* What became of an upcall: exactly one per upcall record. */
enum corr_verdict {
	CORR_V_NONE,		/* CORR_PUT: no upcall */
	CORR_V_INSTALLED,	/* its own put installed the flow */
	CORR_V_SHARED,		/* a put for another upcall covered it */
	CORR_V_PUT_FAILED,	/* its own put failed (result) */
	CORR_V_NOFLOW,		/* no flow followed (reason) */
	CORR_V_LOST,		/* ovs_dp_upcall() failed (result) */
	CORR_V_ACTION,		/* sent by a userspace() action: no flow due */
};

#define CORR_ERRNO_MAX 256

enum corr_reason {
	CORR_R_NONE,
	CORR_R_TIMEOUT,	/* noflow: nothing within the timeout */
	CORR_R_EVICTED,	/* noflow: pushed out by --max-pending */
	CORR_R_EXIT,	/* noflow: still pending when the trace stopped */
	CORR_R_UNREAD,	/* noflow: still on its handler socket, never read */
};

struct corr_record {
	enum corr_type type;
	enum corr_reason reason;
	const struct out_upcall *upcall;	/* NULL for CORR_PUT */
	const struct out_flow_put *put;		/* NULL for NOFLOW, ACTION */
	struct put_view *view;	/* the put decoded (put_view.h), with put */
	uint32_t handler_tid;	/* thread that read the upcall, 0 if unknown */
	char handler_comm[OUT_TASK_COMM_LEN];
	bool result_known;	/* the put's return was seen */
	bool shared;		/* the flow was put for an earlier upcall */
	int32_t result;		/* put return (or, for CORR_LOST, the
				 * upcall's): 0 or -errno */
	enum corr_verdict verdict;
	uint64_t latency_ns;	/* upcall -> put return (entry if unknown) */
	uint64_t read_latency_ns;	/* upcall -> its handler's next read of
					 * the socket; 0 = not seen */
};

struct corr_stats {
	uint64_t upcalls;		/* every upcall: the verdicts add up to it */
	uint64_t installed;
	uint64_t put_failed_upcalls;	/* upcalls whose own put failed */
	uint64_t lost;			/* upcalls that failed in the kernel */
	uint64_t lost_errno[CORR_ERRNO_MAX];	/* by -ret; [0] for others */
	uint64_t action_upcalls;
	uint64_t puts;
	uint64_t put_failed;
	uint64_t correlated;
	uint64_t shared;
	uint64_t noflow;
	uint64_t evicted;
	uint64_t unmatched_puts;
	uint64_t ret_missed;	/* kretprobe did not fire (maxactive) */
	uint64_t key_errors;	/* put key or mask that did not decode */
	uint64_t handler_changes;
	uint64_t reader_drops;	/* portid -> thread entries not kept (table full) */
	uint64_t reads;		/* upcall messages seen read */
	uint64_t stray_reads;	/* reads of no pending upcall: a GSO packet's
				 * later segments, or an upcall already ended */
};

struct corr_config {
	uint64_t timeout_ns;
	uint32_t max_pending;
	bool exact_reads;	/* events include OUT_EV_UPCALL_READ */
};

typedef void (*corr_emit_fn)(const struct corr_record *rec, void *ctx);

struct correlator;

struct correlator *corr_new(const struct corr_config *cfg, corr_emit_fn emit, void *ctx);
void corr_free(struct correlator *c);

/* Feed one validated event; see events.h. Events arrive in ring order. */
void corr_upcall(struct correlator *c, const struct out_upcall *e);
void corr_upcall_ret(struct correlator *c, const struct out_upcall_ret *e);
void corr_handler(struct correlator *c, const struct out_handler *e);
void corr_read(struct correlator *c, const struct out_upcall_read *e);
void corr_put(struct correlator *c, const struct out_flow_put *e);
void corr_ret(struct correlator *c, const struct out_flow_ret *e);
/* Expire what is older than the timeout, as of now_ns (event clock). */
void corr_tick(struct correlator *c, uint64_t now_ns);
/* Report everything still open (end of trace). */
void corr_flush(struct correlator *c);

const struct corr_stats *corr_stats(const struct correlator *c);
uint32_t corr_pending(const struct correlator *c);

#endif /* CORRELATE_H */
