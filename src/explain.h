/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * --explain: a megaflow's mask read field by field against the packet that
 * was upcalled. ovs-vswitchd builds the mask by OR-ing the masks of every
 * classifier subtable it looked at, so the mask says which packet fields the
 * OpenFlow pipeline had to examine to decide, and which it never needed:
 * the ignored ones are why one megaflow covers many packets.
 *
 * Each field is judged on the bits its value can have (20 for the IPv6
 * label, 12 for TCP flags, 8 for an ICMP type or code and for the low byte
 * of the ARP opcode, 2 for the fragment type), so that a mask the kernel
 * applies unchanged but that cannot tell two packets apart counts as
 * ignoring the field. The reading agrees with the flow's key in
 * `ovs-dpctl dump-flows` (dpctl.h): a field the dump key shows is exact,
 * prefix or partial here, a packet field it leaves out is ignored.
 */
#ifndef EXPLAIN_H
#define EXPLAIN_H

#include <stddef.h>
#include <linux/types.h>

#include "emit.h"
#include "ovs_upcall_trace.h"
#include "strbuf.h"

enum explain_kind { EXPLAIN_WILD, EXPLAIN_EXACT, EXPLAIN_PREFIX, EXPLAIN_PARTIAL };

struct explain_field {
	const char *name;	/* stable names: in_port, skb_mark, recirc_id, dp_hash, priority, ct_state, ct_zone, ct_mark,
				 * eth_src, eth_dst, eth_type, vlan_tci, ip_proto, ip_tos, ip_ttl, ip_frag,
				 * ipv4_src, ipv4_dst, ipv6_src, ipv6_dst, ipv6_label, tp_src, tp_dst, tcp_flags */
	enum explain_kind kind;
	unsigned int prefix;	/* EXPLAIN_PREFIX: leading one bits, e.g. 24 */
};

/* Room for every field explain_fields() can report. */
#define EXPLAIN_FIELDS_MAX 24

/*
 * Reads mask (a put_view's mask: dp_match.h's projection) field by field,
 * in the order of the names above. Fields only meaningful for another
 * protocol than pkt's (e.g. ipv6_* for an IPv4 packet, tp_* when there is
 * no L4, as for a non-first fragment) are left out. The metadata fields
 * (skb_mark, recirc_id, dp_hash, priority, ct_*) are always reported, wild
 * ones included; explain_format() shows only those the mask looks at.
 * For ARP, ipv4_src/ipv4_dst are sip/tip and ip_proto is the opcode; for
 * ICMP and ICMPv6, tp_src/tp_dst are type/code; for IPv6, ip_tos and ip_ttl
 * are the traffic class and hop limit. Returns the number of entries
 * written to out (at most max).
 */
size_t explain_fields(const struct out_key_fields *pkt, const struct out_key_fields *mask,
		      struct explain_field *out, size_t max);

/*
 * Appends one line of text (no newline), e.g.
 *   "exact: in_port eth_src eth_type ip_frag; prefix: ipv4_src/24; partial: tcp_flags=0x002/0x012; ignores: eth_dst ip_proto ip_tos ip_ttl ipv4_dst tp_src tp_dst"
 * Groups in that order, each omitted when empty; fields in the order of
 * explain_fields(). A partial field shows the packet's value and the mask
 * the way dump-flows writes that field's value and mask: MAC and IPv4/IPv6
 * addresses as addresses, in_port, ip_proto, ip_ttl, ip_frag and ports
 * (ICMP type/code) as decimal with a hex mask, flags (tcp_flags, ct_state)
 * as fixed-width hex, eth_type and vlan_tci as 0x%04x, everything else as
 * 0x-prefixed hex. Wildcarded metadata is left out: "ignores" lists only
 * packet fields. Returns 0 or -ENOMEM.
 */
int explain_format(struct strbuf *out, const struct out_key_fields *pkt,
		   const struct out_key_fields *mask);

/*
 * The same as one JSON object, appended:
 *   {"exact":[..],"prefix":{"ipv4_src":24},"partial":{"tcp_flags":"0x002/0x012"},"ignores":[..]}
 * All four members are always there (empty as [] or {}), so consumers need
 * no special cases. Returns 0 or -ENOMEM.
 */
int explain_format_json(struct strbuf *out, const struct out_key_fields *pkt,
			const struct out_key_fields *mask);

/*
 * Both, as one value of an emitter's line (the record's "explain" field,
 * name), or the whole output with name NULL: explain_format() and
 * explain_format_json() are this on a text and a JSON emitter.
 */
void explain_emit(struct emit *e, const struct em_name *name, const struct out_key_fields *pkt,
		  const struct out_key_fields *mask);

#endif /* EXPLAIN_H */
