/* SPDX-License-Identifier: GPL-2.0-only */
/* The key formatter below dpctl_format_key(), for the action formatter:
 * set() and set_masked() show key attributes. */
#ifndef DPCTL_KEY_H
#define DPCTL_KEY_H

#include <stdbool.h>
#include <stddef.h>

#include "nlattr.h"
#include "strbuf.h"

/* format_odp_key_attr(): one key attribute with an optional mask attribute
 * (NULL: exact), after checking their lengths. False if they were bad and
 * were shown as such. */
bool dpctl_fmt_key_attr(struct strbuf *out, const struct nla *a,
			const struct nla *ma, bool verbose);

/* odp_flow_format(): a key stream with an optional mask stream, as release
 * ovs (DPCTL_OVS) prints it. Returns -EINVAL if it had to show malformed
 * data. */
int dpctl_fmt_flow(struct strbuf *out, const void *key, size_t key_len,
		   const void *mask, size_t mask_len, bool verbose, uint32_t ovs);

#endif /* DPCTL_KEY_H */
