/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel datapath's view of a flow match, modelled on struct
 * sw_flow_key in net/openvswitch/flow.h. ovs-dpctl does not print what
 * ovs-vswitchd sent in a flow put: it prints what the kernel dumps back,
 * which is the put's key and mask after the kernel parsed them
 * (ovs_nla_get_match()), masked the key, and serialised both again in its
 * own order (__ovs_nla_put_key()). This module redoes those two steps so a
 * put can be shown exactly as dump-flows will show the flow.
 */
#ifndef DP_MATCH_H
#define DP_MATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nlattr.h"

struct dp_vlan {
	uint16_t tpid;		/* be */
	uint16_t tci;		/* be */
};

/* The fields of sw_flow_key that reach a dump; the kernel's unions are
 * spelled out since only one member of each is ever dumped. */
struct dp_key {
	uint32_t recirc_id;
	uint32_t dp_hash;
	uint32_t priority;
	uint16_t in_port;	/* DP_MAX_PORTS when the key has none */
	uint32_t skb_mark;
	uint8_t ct_state;
	uint16_t ct_zone;
	uint32_t ct_mark;
	uint8_t ct_labels[16];
	uint8_t ct_orig_proto;
	uint32_t ct_orig4_src;	/* be */
	uint32_t ct_orig4_dst;	/* be */
	uint8_t ct_orig6_src[16];
	uint8_t ct_orig6_dst[16];
	uint16_t ct_orig_tp_src;	/* be */
	uint16_t ct_orig_tp_dst;	/* be */
	uint8_t tun_proto;	/* nonzero when a tunnel key is present */
	uint8_t mac_proto;
	uint8_t eth_src[6];
	uint8_t eth_dst[6];
	struct dp_vlan vlan;
	struct dp_vlan cvlan;
	uint16_t eth_type;	/* be */
	uint8_t ip_proto;
	uint8_t ip_tos;
	uint8_t ip_ttl;
	uint8_t ip_frag;
	uint32_t ipv4_src;	/* be */
	uint32_t ipv4_dst;	/* be */
	uint8_t arp_sha[6];
	uint8_t arp_tha[6];
	uint8_t ipv6_src[16];
	uint8_t ipv6_dst[16];
	uint32_t ipv6_label;	/* be */
	uint16_t ipv6_exthdrs;
	uint8_t nd_target[16];
	uint8_t nd_sll[6];
	uint8_t nd_tll[6];
	uint16_t tp_src;	/* be; ICMP type as htons() */
	uint16_t tp_dst;	/* be; ICMP code as htons() */
	uint16_t tcp_flags;	/* be */
	uint32_t mpls_lse[3];	/* be */
	uint8_t mpls_num_labels_mask;
	uint8_t nsh_flags;
	uint8_t nsh_ttl;
	uint8_t nsh_mdtype;
	uint8_t nsh_np;
	uint32_t nsh_path_hdr;	/* be */
	uint32_t nsh_context[4];	/* be */
};

struct dp_match {
	struct dp_key key;	/* masked, as the kernel stores it */
	struct dp_key mask;
	/* Tunnel metadata is kept as the put's own nests: the kernel rebuilds
	 * them from struct ip_tunnel_key, which this model does not carry. */
	struct nla tun_key;
	struct nla tun_mask;
	bool has_tun_mask;
	uint8_t tun_mask_buf[512];	/* the implicit tunnel mask */
};

/*
 * Parses a flow put's KEY (and MASK, or none for an exact-match flow) the
 * way ovs_nla_get_match() does, then masks the key. Returns 0, or -EINVAL
 * where the kernel would have refused the put (it then installs nothing,
 * so there is no dump to reproduce).
 */
int dp_match_from_put(struct dp_match *m, const void *key, size_t key_len,
		      const void *mask, size_t mask_len);

/* Serialises the key (is_mask false) or the mask the way the kernel dumps
 * them. Errors are left in w->err. */
void dp_match_put(const struct dp_match *m, bool is_mask,
		  struct nla_writer *w);

#endif /* DP_MATCH_H */
