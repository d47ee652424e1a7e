// SPDX-License-Identifier: GPL-2.0-only
/* Raw events -> correlation and lifecycle; see pipeline.h. */
#include <errno.h>

#include "pipeline.h"

int pipeline_event(struct pipeline *p, const void *data, size_t size)
{
	int type = event_check(data, size);

	switch (type) {
	case OUT_EV_UPCALL:
		event_unpack_upcall(data, size, &p->upcall);
		corr_upcall(p->corr, &p->upcall);
		break;
	case OUT_EV_UPCALL_RET:
		corr_upcall_ret(p->corr, data);
		break;
	case OUT_EV_HANDLER:
		corr_handler(p->corr, data);
		break;
	case OUT_EV_UPCALL_READ:
		corr_read(p->corr, data);
		break;
	case OUT_EV_FLOW_PUT:
		event_unpack_put(data, &p->put);
		corr_put(p->corr, &p->put);
		break;
	case OUT_EV_FLOW_RET:
		corr_ret(p->corr, data);
		break;
	case OUT_EV_FLOW_DEL:
		if (p->lc)
			flowlife_del(p->lc, data, p->lc_emit, p->lc_ctx);
		break;
	case OUT_EV_FLOW_SET:
		if (p->lc && flowlife_set(p->lc, data, p->ovs, p->lc_emit, p->lc_ctx) == -EINVAL)
			p->bad_flow_texts++;
		break;
	default:
		p->bad_events++;
		return -EINVAL;
	}
	return type;
}

int pipeline_replay(struct pipeline *p, const void *data, size_t size, uint64_t poll_ns)
{
	const struct out_hdr *h = data;

	if (size >= sizeof(*h) && h->ts_ns > p->now)
		p->now = h->ts_ns;
	if (p->now - p->last_tick >= poll_ns) {
		corr_tick(p->corr, p->now);
		p->last_tick = p->now;
	}
	return pipeline_event(p, data, size);
}
