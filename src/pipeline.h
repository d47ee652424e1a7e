/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One pipeline for every raw event, whoever reads them: the ring buffer
 * (live tracing), an event file (--read-events) and the fuzzer. Each event
 * is validated (events.h), unpacked and handed to the correlator, or with
 * --lifecycle to the remembered flows; records leave through the
 * correlator's emit callback and lc_emit.
 */
#ifndef PIPELINE_H
#define PIPELINE_H

#include <stddef.h>
#include <stdint.h>

#include "correlate.h"
#include "events.h"
#include "flowlife.h"

struct pipeline {
	struct correlator *corr;
	struct lifecycle *lc;		/* NULL without --lifecycle */
	lc_emit_fn lc_emit;
	void *lc_ctx;
	uint32_t ovs;			/* whose dump-flows text: DPCTL_OVS(...) */
	uint64_t bad_events;		/* failed validation */
	uint64_t bad_flow_texts;	/* new actions of a flow that did not decode */
	uint64_t now;			/* --read-events: the recording's clock */
	uint64_t last_tick;
	struct out_upcall upcall;	/* the event being handled, unpacked */
	struct out_flow_put put;
};

/* One event: its type (enum out_event_type), or -EINVAL when it failed
 * validation (counted). */
int pipeline_event(struct pipeline *p, const void *data, size_t size);
/* One recorded event: first the timeouts its time ends, as a live trace's
 * polls (every poll_ns at most) would have found them. */
int pipeline_replay(struct pipeline *p, const void *data, size_t size, uint64_t poll_ns);

#endif /* PIPELINE_H */
