// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <string.h>

#include "events.h"

int event_check(const void *data, size_t size)
{
	const struct out_hdr *h = data;
	const struct out_put_rec *p = data;

	if (!data || size < sizeof(*h))
		return -EINVAL;
	switch (h->type) {
	case OUT_EV_UPCALL: {
		const struct out_upcall *u = data;
		size_t head = offsetof(struct out_upcall, packet);

		if (size < head || u->cap_len > OUT_SNAP_MAX || u->cap_len > size - head)
			return -EINVAL;
		return (int)h->type;
	}
	case OUT_EV_HANDLER:
		return size >= sizeof(struct out_handler) ? (int)h->type : -EINVAL;
	case OUT_EV_FLOW_RET:
		return size >= sizeof(struct out_flow_ret) ? (int)h->type : -EINVAL;
	case OUT_EV_UPCALL_RET:
		return size >= sizeof(struct out_upcall_ret) ? (int)h->type : -EINVAL;
	case OUT_EV_UPCALL_READ:
		return size >= sizeof(struct out_upcall_read) ? (int)h->type : -EINVAL;
	case OUT_EV_FLOW_DEL:
		return size >= sizeof(struct out_flow_del) ? (int)h->type : -EINVAL;
	case OUT_EV_FLOW_SET:
		if (size < sizeof(struct out_flow_set) ||
		    ((const struct out_flow_set *)data)->actions_len > OUT_ACTIONS_MAX)
			return -EINVAL;
		return (int)h->type;
	case OUT_EV_FLOW_PUT:
		if (size < offsetof(struct out_put_rec, data) || p->key_len > OUT_KEY_MAX ||
		    p->mask_len > OUT_KEY_MAX || p->actions_len > OUT_ACTIONS_MAX ||
		    size - offsetof(struct out_put_rec, data) <
			    (size_t)p->key_len + p->mask_len + p->actions_len)
			return -EINVAL;
		return (int)h->type;
	default:
		return -EINVAL;
	}
}

/* Version 2's put: the fixed part of out_put_rec without dp_ifindex and
 * pad; its flow deletion ends after pad. */
#define V2_PUT_FLAGS_END offsetof(struct out_put_rec, dp_ifindex)
#define V2_PUT_LENS_END offsetof(struct out_put_rec, pad)
#define V2_DEL_SIZE offsetof(struct out_flow_del, dp_ifindex)

size_t event_upgrade_v2(void *buf, size_t len, size_t cap)
{
	const struct out_hdr *h = buf;
	__u8 *b = buf;
	size_t lens = V2_PUT_LENS_END - sizeof(__u32);

	if (len < sizeof(*h))
		return len;
	/* Records of other sizes are no real put or deletion: left as they
	 * are, for event_check() to judge. */
	if (h->type == OUT_EV_FLOW_DEL && len == V2_DEL_SIZE) {
		if (cap < len + sizeof(__u64))
			return 0;
		memmove(b + V2_DEL_SIZE + sizeof(__u64), b + V2_DEL_SIZE, len - V2_DEL_SIZE);
		memset(b + V2_DEL_SIZE, 0, sizeof(__u64));
		return len + sizeof(__u64);
	}
	if (h->type != OUT_EV_FLOW_PUT || len < lens ||
	    len > sizeof(struct out_put_rec) - 2 * sizeof(__u32))
		return len;
	if (cap < len + 2 * sizeof(__u32))
		return 0;
	/* Open a u32 after the lengths (pad), then one after flags
	 * (dp_ifindex), tail first. */
	memmove(b + lens + 2 * sizeof(__u32), b + lens, len - lens);
	memset(b + lens + sizeof(__u32), 0, sizeof(__u32));
	memmove(b + V2_PUT_FLAGS_END + sizeof(__u32), b + V2_PUT_FLAGS_END,
		lens - V2_PUT_FLAGS_END);
	memset(b + V2_PUT_FLAGS_END, 0, sizeof(__u32));
	return len + 2 * sizeof(__u32);
}

void event_unpack_upcall(const void *data, size_t size, struct out_upcall *out)
{
	if (size > sizeof(*out))
		size = sizeof(*out);
	memcpy(out, data, size);
	memset((char *)out + size, 0, sizeof(*out) - size);
}

void event_unpack_put(const void *data, struct out_flow_put *out)
{
	const struct out_put_rec *p = data;
	const __u8 *d = p->data;

	/* The fixed part is laid out alike in both. */
	memcpy(out, p, offsetof(struct out_put_rec, data));
	memcpy(out->key, d, p->key_len);
	d += p->key_len;
	memcpy(out->mask, d, p->mask_len);
	d += p->mask_len;
	memcpy(out->actions, d, p->actions_len);
}

size_t event_pack_put(const struct out_flow_put *p, struct out_put_rec *rec)
{
	__u8 *d = rec->data;

	if (p->key_len > OUT_KEY_MAX || p->mask_len > OUT_KEY_MAX || p->actions_len > OUT_ACTIONS_MAX)
		return 0;
	memcpy(rec, p, offsetof(struct out_put_rec, data));
	memcpy(d, p->key, p->key_len);
	d += p->key_len;
	memcpy(d, p->mask, p->mask_len);
	d += p->mask_len;
	memcpy(d, p->actions, p->actions_len);
	d += p->actions_len;
	return (size_t)(d - (__u8 *)rec);
}

_Static_assert(offsetof(struct out_flow_put, key) == offsetof(struct out_put_rec, data),
	       "put and put record share their fixed part");
