// SPDX-License-Identifier: GPL-2.0-only
#include <stddef.h>
#include <string.h>

#include "dpctl.h"
#include "put_view.h"

void put_view_init(struct put_view *v, const struct out_flow_put *e)
{
	bool mask = e->flags & OUT_F_HAS_MASK;
	struct dp_key exact;

	/* The used part only: a put's buffers are mostly empty, and the view
	 * reads them by their lengths. */
	memcpy(&v->ev, e, offsetof(struct out_flow_put, key));
	v->ev.key_len = e->key_len < OUT_KEY_MAX ? e->key_len : OUT_KEY_MAX;
	v->ev.mask_len = e->mask_len < OUT_KEY_MAX ? e->mask_len : OUT_KEY_MAX;
	v->ev.actions_len = e->actions_len < OUT_ACTIONS_MAX ? e->actions_len : OUT_ACTIONS_MAX;
	memcpy(v->ev.key, e->key, v->ev.key_len);
	memcpy(v->ev.mask, e->mask, v->ev.mask_len);
	memcpy(v->ev.actions, e->actions, v->ev.actions_len);
	/* The match points into the view's own copy of the put. */
	v->err = dp_match_from_put(&v->match, v->ev.key, v->ev.key_len,
				   mask ? v->ev.mask : NULL, mask ? v->ev.mask_len : 0, &exact);
	v->match.dump_unmasked = !(e->flags & OUT_F_HAS_UFID);
	v->match.dump_exthdrs = !(e->flags & OUT_F_NO_EXTHDRS);
	/* What did decode still names the put in its record line. */
	dp_key_fields(&v->match.put_key, false, &v->key);
	dp_key_fields(&v->match.mask, true, &v->mask);
	dp_key_fields(&exact, true, &v->exact);
	v->text_done = false;
	v->text_bad = false;
	strbuf_clear(&v->key_text);
	strbuf_clear(&v->actions_text);
}

void put_view_free(struct put_view *v)
{
	strbuf_free(&v->key_text);
	strbuf_free(&v->actions_text);
}

bool put_view_text(struct put_view *v, struct dpctl_memo *memo, uint32_t ovs)
{
	const struct out_flow_put *p = &v->ev;
	bool has_mask = p->flags & OUT_F_HAS_MASK;
	bool bad;

	if (v->text_done)
		return false;
	bad = dpctl_format_match(&v->key_text, v->err ? NULL : &v->match, memo, ovs, p->key, p->key_len,
				 has_mask ? p->mask : NULL, has_mask ? p->mask_len : 0) != 0;
	if (p->flags & (OUT_F_KEY_TRUNC | OUT_F_MASK_TRUNC))
		strbuf_printf(&v->key_text, "<truncated: key %u of %u bytes, mask %u of %u bytes>",
			      p->key_len, p->key_len_orig, p->mask_len, p->mask_len_orig);
	bad |= dpctl_format_actions(&v->actions_text, p->actions, p->actions_len, ovs) != 0;
	if (p->flags & OUT_F_ACTIONS_TRUNC)
		strbuf_printf(&v->actions_text, "<truncated: %u of %u bytes>", p->actions_len,
			      p->actions_len_orig);
	v->text_done = true;
	v->text_bad = bad;
	return true;
}
