/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Decoding an OVS flow key attribute stream (the OVS_KEY_ATTR_* nest of a
 * flow put's KEY or MASK) into struct out_key_fields, the fixed layout that
 * the BPF side fills from the kernel's struct sw_flow_key, so an upcall can
 * be matched against a put under the put's mask.
 */
#ifndef ODP_KEY_H
#define ODP_KEY_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>
#include "ovs_upcall_trace.h"

/*
 * Fills 'f' (zeroed first) from the attributes in buf, literally: every
 * field of every attribute present, in sw_flow_key's meaning (see
 * struct out_key_fields). Attributes the struct has no room for (tunnel,
 * MPLS, ND, ct labels, ...) and unknown types are skipped. For 802.1Q frames
 * the outer VLAN gives vlan_tci and the ENCAP nest gives the inner
 * ethertype and L3/L4 fields.
 * Returns 0, or -EINVAL if the stream is malformed or an attribute has the
 * wrong length; 'f' then holds everything that could be decoded.
 */
int odp_key_parse(const void *buf, size_t len, struct out_key_fields *f);

/*
 * Decodes a MASK attribute the way the kernel applies it (net/openvswitch
 * ovs_nla_get_match()): like odp_key_parse(), then in_port and eth_type are
 * exact whenever present, the VLAN TCI is always exact, and ct_state keeps
 * only the bits the datapath supports.
 */
int odp_key_parse_mask(const void *buf, size_t len, struct out_key_fields *mask);

/*
 * The mask the kernel gives a flow put without a MASK attribute: every field
 * of every attribute present in the key is exact, plus the fixed rules of
 * odp_key_parse_mask(). Returns as odp_key_parse() does for 'key'.
 */
int odp_key_exact_mask(const void *key, size_t len, struct out_key_fields *mask);

/*
 * Expected payload length of an OVS_KEY_ATTR_* attribute, the one table the
 * parser, the kernel matcher (dp_match.c) and the dump-flows formatter
 * (dpctl_key.c) share. It is the union of the kernel's ovs_key_lens[]
 * (net/openvswitch/flow_netlink.c) and OVS's ovs_flow_key_attr_lens[]
 * (lib/odp-util.c): the two agree on every type both define. They differ
 * only in which types they define, so each caller narrows it to its view:
 * PACKET_TYPE and ND_EXTENSIONS are userspace-only (the kernel rejects
 * them), IPV6_EXTHDRS is newer than OVS 3.1 (which prints it as "key32").
 * Returns the length, ODP_KEY_LEN_VARIABLE, ODP_KEY_LEN_NESTED, or 0 for a
 * type with no payload defined (UNSPEC, TUNNEL_INFO, unknown types).
 */
#define ODP_KEY_LEN_VARIABLE (-2)	/* OVS's ATTR_LEN_VARIABLE */
#define ODP_KEY_LEN_NESTED (-3)		/* OVS's ATTR_LEN_NESTED */
int odp_key_attr_len(unsigned int type);

/* True when (pkt ^ key) & mask is zero over the whole struct. */
bool odp_key_match(const struct out_key_fields *pkt,
		   const struct out_key_fields *key,
		   const struct out_key_fields *mask);

#endif /* ODP_KEY_H */
