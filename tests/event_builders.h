/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Builders for the ring buffer events of include/ovs_upcall_trace.h, from the
 * real flow puts of tests/fixtures/flows_6_12.h: a put carries a captured
 * put's KEY/MASK/ACTIONS/UFID bytes, an upcall carries the fields that the
 * same key decodes to (what the BPF side reads from the kernel's
 * sw_flow_key for a packet of that flow). Include after <cmocka.h>.
 */
#ifndef TESTS_EVENT_BUILDERS_H
#define TESTS_EVENT_BUILDERS_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dp_match.h"
#include "events.h"
#include "fixtures/flows_6_12.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

#define OVS_PACKET_CMD_MISS 1
#define OVS_PACKET_CMD_ACTION 2

/* The first captured 6.12 flow whose golden key is exactly 'golden_key'. */
static inline const struct dpctl_fixture *fx_key(const char *golden_key)
{
	for (size_t i = 0; i < N(fixtures_6_12); i++)
		if (!strcmp(fixtures_6_12[i].golden_key, golden_key))
			return &fixtures_6_12[i];
	fail_msg("no fixture with golden key %s", golden_key);
	return NULL;
}

/* The first captured 6.12 flow whose golden key contains 'needle' (for the
 * long exact-match keys). */
static inline const struct dpctl_fixture *fx_find(const char *needle)
{
	for (size_t i = 0; i < N(fixtures_6_12); i++)
		if (strstr(fixtures_6_12[i].golden_key, needle))
			return &fixtures_6_12[i];
	fail_msg("no fixture with %s in its golden key", needle);
	return NULL;
}

/* comm NULL: "handler<tid>", the way ovs-vswitchd names its threads. */
static inline void build_hdr(struct out_hdr *h, enum out_event_type type, uint64_t ts,
			     uint32_t tid, const char *comm)
{
	memset(h, 0, sizeof(*h));
	h->ts_ns = ts;
	h->type = type;
	h->pid = 4242;		/* ovs-vswitchd */
	h->tid = tid;
	h->cpu = 1;
	if (comm)
		for (size_t i = 0; i < sizeof(h->comm) && comm[i]; i++)
			h->comm[i] = comm[i];
	else
		snprintf(h->comm, sizeof(h->comm), "handler%u", tid % 100000);
}

/* A flow put from handler thread 'tid', issued at 'ts'. snd_seq identifies
 * the put in the tests. */
static inline void build_put(struct out_flow_put *p, const struct dpctl_fixture *f,
			     uint64_t ts, uint32_t tid, uint32_t seq)
{
	memset(p, 0, sizeof(*p));
	build_hdr(&p->hdr, OUT_EV_FLOW_PUT, ts, tid, NULL);
	p->snd_portid = 0x80001234;	/* a pool socket, unrelated to upcalls */
	p->snd_seq = seq;
	p->flags = OUT_F_HAS_UFID | OUT_F_HAS_ACTIONS;
	assert_true(f->key_len <= OUT_KEY_MAX);
	memcpy(p->key, f->key, f->key_len);
	p->key_len = p->key_len_orig = (uint16_t)f->key_len;
	if (f->mask) {
		assert_true(f->mask_len <= OUT_KEY_MAX);
		memcpy(p->mask, f->mask, f->mask_len);
		p->mask_len = p->mask_len_orig = (uint16_t)f->mask_len;
		p->flags |= OUT_F_HAS_MASK;
	}
	assert_true(f->actions_len <= OUT_ACTIONS_MAX);
	if (f->actions_len)
		memcpy(p->actions, f->actions, f->actions_len);
	p->actions_len = p->actions_len_orig = (uint16_t)f->actions_len;
	memcpy(p->ufid, f->ufid, OUT_UFID_LEN);
}

static inline struct out_flow_put *new_put(const struct dpctl_fixture *f, uint64_t ts,
					   uint32_t tid, uint32_t seq)
{
	struct out_flow_put *p = malloc(sizeof(*p));

	assert_non_null(p);
	build_put(p, f, ts, tid, seq);
	return p;
}

/* A miss upcall at 'ts' for a packet of flow f, queued on 'portid'. */
/* The flow fields of a captured key, as the kernel fills an upcall's. */
static inline void key_fields(const void *key, size_t len, struct out_key_fields *f)
{
	struct dp_match m;

	assert_int_equal(dp_match_from_put(&m, key, len, NULL, 0, NULL), 0);
	dp_key_fields(&m.put_key, false, f);
}

static inline void build_upcall(struct out_upcall *u, const struct dpctl_fixture *f,
				uint64_t ts, uint32_t portid)
{
	memset(u, 0, sizeof(*u));
	build_hdr(&u->hdr, OUT_EV_UPCALL, ts, 0, "ksoftirqd/1");
	key_fields(f->key, f->key_len, &u->key);
	u->portid = portid;
	u->ifindex = 7;
	u->skb_len = 98;
	u->netns_ino = 4026531840u;
	u->cmd = OVS_PACKET_CMD_MISS;
	strncpy(u->dev, "veth-a", sizeof(u->dev));
}

static inline void build_handler(struct out_handler *h, uint64_t ts, uint32_t tid,
				 uint32_t portid, uint32_t prev_tid, const char *comm)
{
	build_hdr(&h->hdr, OUT_EV_HANDLER, ts, tid, comm);
	h->portid = portid;
	h->prev_tid = prev_tid;
}

static inline void build_ret(struct out_flow_ret *r, uint64_t ts, uint32_t tid, int32_t ret)
{
	build_hdr(&r->hdr, OUT_EV_FLOW_RET, ts, tid, NULL);
	r->ret = ret;
	r->pad = 0;
}

#endif /* TESTS_EVENT_BUILDERS_H */
