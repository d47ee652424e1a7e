/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * --lifecycle: the megaflows the trace saw installed, by UFID, so that a
 * later change or removal can be told apart from other flows' and printed
 * with the flow's text and age. Pure bookkeeping; bounded.
 */
#ifndef LIFECYCLE_H
#define LIFECYCLE_H

#include <stdint.h>

struct out_hdr;	/* include/ovs_upcall_trace.h */

struct lc_flow {
	struct lc_flow *chain;		/* hash bucket */
	struct lc_flow *older, *newer;	/* install order */
	uint8_t ufid[16];
	uint32_t dp_ifindex;		/* its datapath, 0 if unknown */
	uint64_t install_ns;		/* event clock */
	char *key;			/* dump-flows text */
	char *actions;
};

struct lifecycle;

/* --lifecycle records: a traced flow changed or ended. */
enum lc_type {
	LC_DEL,		/* removed (deleted or aged out), with final stats */
	LC_FLUSH,	/* removed by a flush of the whole table: no stats */
	LC_SET,		/* actions replaced */
};

struct lc_record {
	enum lc_type type;
	const struct out_hdr *hdr;	/* the event: time and thread */
	const struct lc_flow *flow;	/* its install, as traced */
	uint64_t packets, bytes;	/* LC_DEL */
	uint16_t tcp_flags;		/* LC_DEL, host order */
	const char *old_actions;	/* LC_SET; flow->actions is the new */
};

struct lifecycle *lc_new(uint32_t max_flows);
void lc_free(struct lifecycle *lc);
/* Remembers a flow (replacing one of the same UFID). When max_flows are
 * remembered, the oldest is forgotten and counted. 0 or -ENOMEM. */
int lc_install(struct lifecycle *lc, const uint8_t ufid[16], uint32_t dp_ifindex,
	       uint64_t install_ns, const char *key, const char *actions);
struct lc_flow *lc_find(struct lifecycle *lc, const uint8_t ufid[16]);
/* Forgets the flow and hands it to the caller (lc_flow_free()); NULL if
 * unknown. */
struct lc_flow *lc_take(struct lifecycle *lc, const uint8_t ufid[16]);
/* The oldest flow, taken; NULL when none is left. For flushes. */
struct lc_flow *lc_take_oldest(struct lifecycle *lc);
/* The oldest flow of datapath dp_ifindex (any, for 0), taken out. */
struct lc_flow *lc_take_oldest_of(struct lifecycle *lc, uint32_t dp_ifindex);
/* New actions for a remembered flow. 0 or -ENOMEM. */
int lc_set_actions(struct lc_flow *f, const char *actions);
void lc_flow_free(struct lc_flow *f);
uint32_t lc_count(const struct lifecycle *lc);
uint64_t lc_forgotten(const struct lifecycle *lc);

#endif /* LIFECYCLE_H */
