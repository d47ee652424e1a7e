/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One flow put, decoded once. The correlator makes a view of each put it
 * is fed and hands it out with every record of that put, so correlation,
 * --explain, --lifecycle and the record line all read one decode: the
 * kernel's match (dp_match.h), its out_key_fields projection, and the
 * dump-flows text, built the first time someone prints it.
 */
#ifndef PUT_VIEW_H
#define PUT_VIEW_H

#include <stdbool.h>

#include "dp_match.h"
#include "events.h"
#include "strbuf.h"

struct put_view {
	struct out_flow_put ev;		/* the put, as the ring gave it */
	int err;		/* dp_match_from_put(): 0 when the fields hold */
	struct dp_match match;
	/* Projections for comparing with upcalls: the key as the put gave
	 * it, the mask the kernel applies, and the exact mask of the key
	 * (every field it carries). */
	struct out_key_fields key, mask, exact;
	bool text_done;		/* key_text and actions_text are built */
	bool text_bad;		/* some of the put did not decode */
	struct strbuf key_text, actions_text;
};

/* Decodes e into v. A view used before keeps its text buffers. */
void put_view_init(struct put_view *v, const struct out_flow_put *e);
void put_view_free(struct put_view *v);

/* Builds the dump-flows text of the put's key/mask and actions, once.
 * A bad or cut attribute still prints what decodes, with the decoder's
 * marker, and sets text_bad. memo (dpctl.h) may be NULL. Returns true
 * when this call built it. */
struct dpctl_memo;
bool put_view_text(struct put_view *v, struct dpctl_memo *memo, uint32_t ovs);

#endif /* PUT_VIEW_H */
