// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <string.h>

#include "events.h"

int event_check(const void *data, size_t size)
{
	const struct out_hdr *h = data;
	const struct out_flow_put *p = data;

	if (!data || size < sizeof(*h))
		return -EINVAL;
	switch (h->type) {
	case OUT_EV_UPCALL:
		return size >= sizeof(struct out_upcall) ? (int)h->type : -EINVAL;
	case OUT_EV_HANDLER:
		return size >= sizeof(struct out_handler) ? (int)h->type : -EINVAL;
	case OUT_EV_FLOW_RET:
		return size >= sizeof(struct out_flow_ret) ? (int)h->type : -EINVAL;
	case OUT_EV_UPCALL_RET:
		return size >= sizeof(struct out_upcall_ret) ? (int)h->type : -EINVAL;
	case OUT_EV_FLOW_DEL:
		return size >= sizeof(struct out_flow_del) ? (int)h->type : -EINVAL;
	case OUT_EV_FLOW_SET:
		if (size < sizeof(struct out_flow_set) ||
		    ((const struct out_flow_set *)data)->actions_len > OUT_ACTIONS_MAX)
			return -EINVAL;
		return (int)h->type;
	case OUT_EV_FLOW_PUT:
		if (size < sizeof(*p) || p->key_len > OUT_KEY_MAX ||
		    p->mask_len > OUT_KEY_MAX || p->actions_len > OUT_ACTIONS_MAX)
			return -EINVAL;
		return (int)h->type;
	default:
		return -EINVAL;
	}
}
