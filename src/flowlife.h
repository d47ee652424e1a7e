/* SPDX-License-Identifier: GPL-2.0-only */
/* --lifecycle events from the kernel applied to the remembered flows: the
 * records of a flow's change or end, handed to a callback. */
#ifndef FLOWLIFE_H
#define FLOWLIFE_H

#include <linux/types.h>

#include "lifecycle.h"
#include "ovs_upcall_trace.h"

typedef void (*lc_emit_fn)(const struct lc_record *r, void *ctx);

/* A removal (one flow, with stats) or a flush (every remembered flow):
 * emits a record per remembered flow it ends, and forgets them. */
void flowlife_del(struct lifecycle *lc, const struct out_flow_del *e, lc_emit_fn emit, void *ctx);
/* New actions for a remembered flow: emits LC_SET and keeps the new text.
 * Returns -EINVAL when the actions did not decode (still shown, with the
 * decoder's marker), -ENOMEM, or 0. */
int flowlife_set(struct lifecycle *lc, const struct out_flow_set *e, uint32_t ovs, lc_emit_fn emit,
		 void *ctx);

#endif /* FLOWLIFE_H */
