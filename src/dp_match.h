/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel datapath's view of a flow put: its KEY and MASK attribute
 * streams parsed once, with the rules of ovs_nla_get_match()
 * (net/openvswitch/flow_netlink.c), into struct dp_key, modelled on struct
 * sw_flow_key. Everything else reads a put through this: correlation (the
 * out_key_fields projection, compared with the upcall's), --explain (the
 * mask), and dump-flows text, which is the kernel's own dump of the flow:
 * the masked key and the mask serialised again in the kernel's order
 * (__ovs_nla_put_key()), redone by dp_match_put().
 */
#ifndef DP_MATCH_H
#define DP_MATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nlattr.h"
#include "ovs_upcall_trace.h"

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
	uint8_t ip_proto;	/* ARP: the opcode's low byte */
	uint8_t ip_tos;
	uint8_t ip_ttl;
	uint8_t ip_frag;
	uint32_t ipv4_src;	/* be; ARP: sender IP */
	uint32_t ipv4_dst;	/* be; ARP: target IP */
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

/* Tunnel metadata: the kernel's struct ip_tunnel_key with its options, as
 * ip_tun_from_nlattr() fills it from a TUNNEL nest, and as
 * __ip_tun_to_nlattr() dumps it again (its own order and presence rules). */
#define DP_TUN_F_KEY 0x01	/* a tun_id */
#define DP_TUN_F_DF 0x02
#define DP_TUN_F_CSUM 0x04
#define DP_TUN_F_OAM 0x08
#define DP_TUN_F_GENEVE 0x10	/* opts are Geneve options */
#define DP_TUN_F_VXLAN 0x20	/* opts are struct vxlan_metadata (GBP) */
#define DP_TUN_F_ERSPAN 0x40	/* opts are struct erspan_metadata */
#define DP_TUN_OPTS_MAX 255

struct dp_tun {
	uint64_t tun_id;	/* be */
	uint32_t ipv4_src, ipv4_dst;	/* be */
	uint8_t ipv6_src[16], ipv6_dst[16];
	uint16_t tp_src, tp_dst;	/* be */
	uint8_t tos, ttl;
	uint8_t flags;		/* DP_TUN_F_* */
	uint8_t opts_len;	/* the key's; 0xff in a mask, as the kernel's */
	bool bridge;		/* IPV4_INFO_BRIDGE */
	uint8_t opts[DP_TUN_OPTS_MAX];
};

struct dp_match {
	struct dp_key put_key;	/* the key as the put gave it */
	struct dp_key mask;	/* the kernel stores put_key & mask */
	/* The kernel would refuse this put (it installs nothing): an
	 * attribute it does not know, or a combination it rejects. The
	 * fields above still hold what the attributes say. */
	bool refused;
	/* A flow put without a UFID: the kernel keeps the unmasked key to
	 * name it by, and dumps that key (ovs_nla_put_identifier()), not
	 * the masked one. Set by the caller, before dp_match_put(). */
	bool dump_unmasked;
	/* The kernel dumps an IPV6_EXTHDRS attribute with every IPv6 key
	 * (not 5.10's). dp_match_from_put() sets it; a caller may clear it
	 * before dp_match_put(). */
	bool dump_exthdrs;
	/* Where put_key.tun_proto says there is a tunnel. */
	struct dp_tun tun, tun_mask;
};

/*
 * Parses a flow put's KEY (and MASK, or none for an exact-match flow) the
 * way ovs_nla_get_match() does. Returns 0, or -EINVAL when a stream is
 * malformed or an attribute has the wrong length, and -E2BIG when a key is
 * too long to build its implicit mask: the fields then hold what decoded,
 * and are not to be relied on. A put the kernel would refuse for what it
 * says, not how, returns 0 with m->refused set. 'exact', when not NULL,
 * gets the mask of an exact-match flow of the key (the implicit mask of a
 * put without MASK): which fields the key carries.
 * m points into key and mask: they must outlive it.
 */
int dp_match_from_put(struct dp_match *m, const void *key, size_t key_len,
		      const void *mask, size_t mask_len, struct dp_key *exact);

/* Serialises the key (is_mask false) or the mask the way the kernel dumps
 * them. Errors are left in w->err. Only for a match not refused. */
void dp_match_put(const struct dp_match *m, bool is_mask,
		  struct nla_writer *w);

/*
 * Projects a dp_key onto struct out_key_fields, the layout the BPF side
 * fills from the upcall's sw_flow_key, so an upcall can be compared with a
 * put: is_mask picks the mask's spelling of in_port (all ones when exact).
 */
void dp_key_fields(const struct dp_key *k, bool is_mask,
		   struct out_key_fields *f);

/* True when (pkt ^ key) & mask is zero over the whole struct. */
bool dp_fields_match(const struct out_key_fields *pkt,
		     const struct out_key_fields *key,
		     const struct out_key_fields *mask);

/*
 * Expected payload length of an OVS_KEY_ATTR_* attribute, the one table the
 * parser and the dump-flows formatter (dpctl_key.c) share. It is the union
 * of the kernel's ovs_key_lens[] (net/openvswitch/flow_netlink.c) and OVS's
 * ovs_flow_key_attr_lens[] (lib/odp-util.c): the two agree on every type
 * both define. They differ only in which types they define, so each caller
 * narrows it to its view: PACKET_TYPE and ND_EXTENSIONS are userspace-only
 * (the kernel rejects them), IPV6_EXTHDRS is newer than OVS 3.1 (which
 * prints it as "key32"). Returns the length, DP_KEY_LEN_VARIABLE,
 * DP_KEY_LEN_NESTED, or 0 for a type with no payload defined (UNSPEC,
 * TUNNEL_INFO, unknown types).
 */
#define DP_KEY_LEN_VARIABLE (-2)	/* OVS's ATTR_LEN_VARIABLE */
#define DP_KEY_LEN_NESTED (-3)		/* OVS's ATTR_LEN_NESTED */
int dp_key_attr_len(unsigned int type);

/* The same for the attributes of a TUNNEL nest: the union of the kernel's
 * ovs_tunnel_key_lens[] and OVS's ovs_tun_key_attr_lens[]. They differ on
 * type 16 alone: the kernel's IPV4_INFO_BRIDGE flag, OVS's (userspace-only)
 * GTPU_OPTS, variable, which is what this says. */
int dp_tun_attr_len(unsigned int type);

#endif /* DP_MATCH_H */
