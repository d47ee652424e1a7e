/* SPDX-License-Identifier: GPL-2.0-only */
/* The nested key attributes whose text has rules of its own: tunnel
 * metadata and NSH, for the key formatter (dpctl_key.c). */
#ifndef DPCTL_TUNNEL_H
#define DPCTL_TUNNEL_H

#include <stdbool.h>

#include "nlattr.h"
#include "strbuf.h"

/* format_odp_tun_attr() and format_odp_nsh_attr(): the inside of
 * "tunnel(...)" and "nsh(...)". 'mattr' NULL means exact. */
void df_tunnel(struct strbuf *out, const struct nla *attr,
	       const struct nla *mattr, bool verbose);
void df_nsh(struct strbuf *out, const struct nla *attr,
	    const struct nla *mattr);

#endif /* DPCTL_TUNNEL_H */
