// SPDX-License-Identifier: GPL-2.0-only
/* --lifecycle events applied to the remembered flows; see flowlife.h. */
#include <errno.h>
#include <stdlib.h>
#include <arpa/inet.h>

#include "dpctl.h"
#include "flowlife.h"

void flowlife_del(struct lifecycle *lc, const struct out_flow_del *e, lc_emit_fn emit, void *ctx)
{
	struct lc_record r = { .hdr = &e->hdr };
	struct lc_flow *f;

	if (e->flags & OUT_D_FLUSH) {
		r.type = LC_FLUSH;
		/* Only that datapath's flows (all of them where either side
		 * does not know it: event files of version 2). */
		while ((f = lc_take_oldest_of(lc, e->dp_ifindex))) {
			r.flow = f;
			emit(&r, ctx);
			lc_flow_free(f);
		}
		return;
	}
	f = lc_take(lc, e->ufid);
	if (!f)
		return;
	r.type = LC_DEL;
	r.flow = f;
	r.packets = e->packets;
	r.bytes = e->bytes;
	r.tcp_flags = ntohs(e->tcp_flags);
	emit(&r, ctx);
	lc_flow_free(f);
}

int flowlife_set(struct lifecycle *lc, const struct out_flow_set *e, uint32_t ovs, lc_emit_fn emit,
		 void *ctx)
{
	struct lc_record r = { .type = LC_SET, .hdr = &e->hdr };
	struct strbuf acts = STRBUF_INIT;
	struct lc_flow *f = lc_find(lc, e->ufid);
	char *old;
	int bad, err;

	if (!f)
		return 0;
	bad = dpctl_format_actions(&acts, e->actions, e->actions_len, ovs) ? -EINVAL : 0;
	if (e->flags & OUT_F_ACTIONS_TRUNC)
		strbuf_printf(&acts, "<truncated: %u of %u bytes>", e->actions_len, e->actions_len_orig);
	err = strbuf_error(&acts);
	/* The record shows old and new actions; the flow keeps the new. */
	old = f->actions;
	f->actions = NULL;
	if (!err)
		err = lc_set_actions(f, strbuf_cstr(&acts));
	if (err) {
		f->actions = old;
	} else {
		r.flow = f;
		r.old_actions = old;
		emit(&r, ctx);
		free(old);
	}
	strbuf_free(&acts);
	return err ? err : bad;
}
