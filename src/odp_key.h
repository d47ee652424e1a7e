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

/* True when (pkt ^ key) & mask is zero over the whole struct. */
bool odp_key_match(const struct out_key_fields *pkt,
		   const struct out_key_fields *key,
		   const struct out_key_fields *mask);

#endif /* ODP_KEY_H */
