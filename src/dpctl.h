/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Flow puts shown exactly as `ovs-dpctl dump-flows` (OVS 3.1) will show the
 * flow they install: key, actions and UFID. Inputs are the payloads of the
 * OVS_FLOW_ATTR_KEY / _MASK / _ACTIONS / _UFID attributes of an
 * OVS_FLOW_CMD_NEW, as ovs-vswitchd sent them. Malformed input is never
 * fatal: it is shown the way lib/odp-util.c shows bad attributes, and the
 * functions return -EINVAL. -ENOMEM reports an allocation failure in 'out'.
 */
#ifndef DPCTL_H
#define DPCTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"

/*
 * The flow part of a dump-flows line (before ", packets:"), e.g.
 * "recirc_id(0),in_port(2),eth(src=52:54:00:39:89:ff),eth_type(0x0800),
 * ipv4(frag=no)". 'key' is the unmasked key, 'mask' the put's MASK, or
 * NULL / 0 for a put without one (an exact-match flow). The text follows
 * the kernel's dump of the flow, not the put's attribute order.
 */
int dpctl_format_key(struct strbuf *out, const void *key, size_t key_len,
		     const void *mask, size_t mask_len);

struct dp_match;

/*
 * The text of key attributes already formatted, by type: consecutive puts
 * repeat most of theirs (metadata, conntrack, Ethernet), and the text of an
 * attribute depends only on its bytes and its mask's. A formatter's caller
 * owns one; NULL formats everything anew. Zeroed is empty.
 */
#define DPCTL_MEMO_TYPES 64
#define DPCTL_MEMO_BYTES 16
#define DPCTL_MEMO_TEXT 112
struct dpctl_memo_entry {
	uint8_t klen, mlen;	/* mlen 0xff: no mask attribute */
	uint8_t tlen;		/* 0: empty */
	uint8_t k[DPCTL_MEMO_BYTES], m[DPCTL_MEMO_BYTES];
	char text[DPCTL_MEMO_TEXT];
};

struct dpctl_memo {
	struct dpctl_memo_entry e[DPCTL_MEMO_TYPES];
};

/* The same from the put's match as dp_match_from_put() decoded it, NULL
 * when that failed; the put's own attributes are shown instead where the
 * kernel would have refused it. As release ovs (DPCTL_OVS) prints it. */
int dpctl_format_match(struct strbuf *out, const struct dp_match *m,
		       struct dpctl_memo *memo, uint32_t ovs, const void *key,
		       size_t key_len, const void *mask, size_t mask_len);

/*
 * The Open vSwitch release whose ovs-dpctl text is wanted, as
 * DPCTL_OVS(major, minor, patch). Releases print a few kernel actions
 * differently (dpctl_actions.c); keys print alike from 3.1 on.
 */
#define DPCTL_OVS(major, minor, patch) ((uint32_t)(major) << 16 | (uint32_t)(minor) << 8 | (patch))
#define DPCTL_OVS_DEFAULT DPCTL_OVS(3, 1, 0)

/* Releases with two fixes of late 2022 to the text (OVS 954ae38a1: a key
 * attribute of a type it does not know prints as "keyN(...)", not as a bad
 * length; 0bd4155f5: a comma after ct's timeout=NAME): 3.1.0 on, and their
 * backports in 2.17.4 and 3.0.2. 2.15 has neither. */
static inline bool dpctl_ovs_late_2022(uint32_t ovs)
{
	return ovs >= DPCTL_OVS(3, 0, 2) ||
	       (ovs >= DPCTL_OVS(2, 17, 4) && ovs < DPCTL_OVS(3, 0, 0));
}

/* The text after "actions:"; "drop" for no actions. */
int dpctl_format_actions(struct strbuf *out, const void *acts, size_t len,
			 uint32_t ovs);

/* "ufid:xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" as dpctl/dump-flows -m shows
 * it: the UFID attribute is an ovs_u128, four host-order u32s. */
void dpctl_format_ufid(struct strbuf *out, const unsigned char ufid[16]);
/* The same without "ufid:", NUL-terminated, into buf[DPCTL_UUID_LEN + 1]:
 * what JSON calls the ufid. */
#define DPCTL_UUID_LEN 36
void dpctl_format_uuid(char *buf, const unsigned char ufid[16]);

#endif /* DPCTL_H */
