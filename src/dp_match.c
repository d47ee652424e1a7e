// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/openvswitch.h>

#include "dp_match.h"
#include "odp_key.h"

#define DP_MAX_PORTS 0xffff
#define MAC_PROTO_NONE 0
#define MAC_PROTO_ETHERNET 1
#define ETH_P_802_2_BE 0x0400	/* htons(0x0004) on little and big endian */
#define VLAN_CFI 0x1000
#define CT_SUPPORTED_MASK 0xff
#define NDISC_NEIGHBOUR_SOLICITATION 135
#define NDISC_NEIGHBOUR_ADVERTISEMENT 136

/* The kernel's ovs_key_lens[]: a stream the kernel accepts has exactly
 * these. Negative lengths (nested, variable) skip the check; 0 marks types
 * the kernel rejects. */
static int kernel_key_len(unsigned int type)
{
	/* OVS userspace squats on these two types and never sends them to the
	 * kernel, whose table has no entry for them (linux/openvswitch.h). */
	if (type == OVS_KEY_ATTR_PACKET_TYPE ||
	    type == OVS_KEY_ATTR_ND_EXTENSIONS)
		return 0;
	return odp_key_attr_len(type);
}

#define NTYPES (OVS_KEY_ATTR_IPV6_EXTHDRS + 1)

struct attrs {
	struct nla a[NTYPES];
	uint64_t present;
};

static bool has(const struct attrs *t, unsigned int type)
{
	return t->present & (1ULL << type);
}

static void drop(struct attrs *t, unsigned int type)
{
	t->present &= ~(1ULL << type);
}

static bool all_zero(const uint8_t *p, size_t n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

/* __parse_flow_nlattrs(): adds a stream's attributes to t. In a mask (nz)
 * an all-zero fixed-size attribute counts as absent. */
static int collect(struct attrs *t, const void *buf, size_t len, bool nz)
{
	struct nla_iter it;
	struct nla a;

	nla_iter_init(&it, buf, len);
	while (nla_iter_next(&it, &a)) {
		int want;

		if (a.type >= NTYPES || has(t, a.type))
			return -EINVAL;
		want = kernel_key_len(a.type);
		if (!want || (want > 0 && a.len != (size_t)want))
			return -EINVAL;
		if (nz && want > 0 && all_zero(a.data, a.len))
			continue;
		t->a[a.type] = a;
		t->present |= 1ULL << a.type;
	}
	return nla_iter_left(&it) ? -EINVAL : 0;
}

static uint16_t get_be16(const struct attrs *t, unsigned int type)
{
	return has(t, type) ? nla_get_u16(&t->a[type]) : 0;
}

static bool eth_type_vlan(uint16_t be)
{
	return be == htons(0x8100) || be == htons(0x88a8);
}

/* __parse_vlan_from_nlattrs() for one tag. */
static int parse_vlan(struct dp_match *m, struct dp_key *k, struct attrs *t,
		      bool inner, bool is_mask)
{
	struct dp_vlan *v = inner ? &k->cvlan : &k->vlan;
	uint16_t tci = get_be16(t, OVS_KEY_ATTR_VLAN);
	uint16_t tpid = get_be16(t, OVS_KEY_ATTR_ETHERTYPE);
	struct nla encap;

	if (!is_mask) {
		if (!(has(t, OVS_KEY_ATTR_ETHERNET) &&
		      has(t, OVS_KEY_ATTR_ETHERTYPE) && eth_type_vlan(tpid)))
			return 0;
		if (!has(t, OVS_KEY_ATTR_VLAN) || !has(t, OVS_KEY_ATTR_ENCAP))
			return -EINVAL;
		if (!(tci & htons(VLAN_CFI)) &&
		    (tci || t->a[OVS_KEY_ATTR_ENCAP].len))
			return -EINVAL;
	} else {
		const struct dp_vlan *kv = inner ? &m->key.cvlan : &m->key.vlan;

		if (!has(t, OVS_KEY_ATTR_ENCAP))
			return 0;
		if (!(kv->tci & htons(VLAN_CFI)))
			return -EINVAL;
		if (tpid != 0xffff || !(tci & htons(VLAN_CFI)))
			return -EINVAL;
	}
	v->tpid = tpid;
	v->tci = tci;
	encap = t->a[OVS_KEY_ATTR_ENCAP];
	drop(t, OVS_KEY_ATTR_ENCAP);
	drop(t, OVS_KEY_ATTR_VLAN);
	drop(t, OVS_KEY_ATTR_ETHERTYPE);
	return collect(t, encap.data, encap.len, is_mask);
}

static int parse_vlans(struct dp_match *m, struct dp_key *k, struct attrs *t,
		       bool is_mask)
{
	int err = parse_vlan(m, k, t, false, is_mask);

	if (err)
		return err;
	if (m->key.vlan.tci & htons(VLAN_CFI))
		err = parse_vlan(m, k, t, true, is_mask);
	return err;
}

static int parse_eth_type(struct dp_key *k, struct attrs *t, bool is_mask)
{
	uint16_t type = get_be16(t, OVS_KEY_ATTR_ETHERTYPE);

	if (is_mask)
		type = 0xffff;
	else if (ntohs(type) < 0x600)
		return -EINVAL;
	k->eth_type = type;
	drop(t, OVS_KEY_ATTR_ETHERTYPE);
	return 0;
}

static int parse_tunnel(struct dp_match *m, struct dp_key *k,
			const struct nla *a, bool is_mask)
{
	struct nla_iter it;
	struct nla sub;
	bool v6 = false;

	nla_iter_nested(&it, a);
	while (nla_iter_next(&it, &sub))
		if (sub.type == OVS_TUNNEL_KEY_ATTR_IPV6_SRC ||
		    sub.type == OVS_TUNNEL_KEY_ATTR_IPV6_DST)
			v6 = true;
	if (nla_iter_left(&it))
		return -EINVAL;
	if (is_mask) {
		m->tun_mask = *a;
		m->has_tun_mask = true;
		k->tun_proto = 0xff;
	} else {
		m->tun_key = *a;
		k->tun_proto = v6 ? 10 : 2;	/* AF_INET6 : AF_INET */
	}
	return 0;
}

/* ovs_key_from_nlattrs(), metadata_from_nlattrs() included. */
static int key_from_attrs(struct dp_match *m, struct dp_key *k,
			  struct attrs *t, bool is_mask)
{
	const struct dp_key *key = &m->key;
	uint8_t mac_proto = MAC_PROTO_ETHERNET;
	int err;

	if (has(t, OVS_KEY_ATTR_DP_HASH))
		k->dp_hash = nla_get_u32(&t->a[OVS_KEY_ATTR_DP_HASH]);
	if (has(t, OVS_KEY_ATTR_RECIRC_ID))
		k->recirc_id = nla_get_u32(&t->a[OVS_KEY_ATTR_RECIRC_ID]);
	if (has(t, OVS_KEY_ATTR_PRIORITY))
		k->priority = nla_get_u32(&t->a[OVS_KEY_ATTR_PRIORITY]);
	if (has(t, OVS_KEY_ATTR_IN_PORT)) {
		uint32_t port = nla_get_u32(&t->a[OVS_KEY_ATTR_IN_PORT]);

		if (is_mask)
			port = 0xffffffff;
		else if (port >= DP_MAX_PORTS)
			return -EINVAL;
		k->in_port = (uint16_t)port;
	} else if (!is_mask) {
		k->in_port = DP_MAX_PORTS;
	}
	if (has(t, OVS_KEY_ATTR_SKB_MARK))
		k->skb_mark = nla_get_u32(&t->a[OVS_KEY_ATTR_SKB_MARK]);
	if (has(t, OVS_KEY_ATTR_TUNNEL)) {
		err = parse_tunnel(m, k, &t->a[OVS_KEY_ATTR_TUNNEL], is_mask);
		if (err)
			return err;
	}
	if (has(t, OVS_KEY_ATTR_CT_STATE)) {
		uint32_t st = nla_get_u32(&t->a[OVS_KEY_ATTR_CT_STATE]);

		if (st & ~CT_SUPPORTED_MASK)
			return -EINVAL;
		k->ct_state = (uint8_t)st;
	}
	if (has(t, OVS_KEY_ATTR_CT_ZONE))
		k->ct_zone = nla_get_u16(&t->a[OVS_KEY_ATTR_CT_ZONE]);
	if (has(t, OVS_KEY_ATTR_CT_MARK))
		k->ct_mark = nla_get_u32(&t->a[OVS_KEY_ATTR_CT_MARK]);
	if (has(t, OVS_KEY_ATTR_CT_LABELS))
		nla_get_bytes(&t->a[OVS_KEY_ATTR_CT_LABELS], k->ct_labels, 16);
	if (has(t, OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV4)) {
		struct ovs_key_ct_tuple_ipv4 ct;

		nla_get_bytes(&t->a[OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV4], &ct,
			      sizeof(ct));
		k->ct_orig4_src = ct.ipv4_src;
		k->ct_orig4_dst = ct.ipv4_dst;
		k->ct_orig_tp_src = ct.src_port;
		k->ct_orig_tp_dst = ct.dst_port;
		k->ct_orig_proto = ct.ipv4_proto;
	}
	if (has(t, OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV6)) {
		struct ovs_key_ct_tuple_ipv6 ct;

		nla_get_bytes(&t->a[OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV6], &ct,
			      sizeof(ct));
		memcpy(k->ct_orig6_src, ct.ipv6_src, 16);
		memcpy(k->ct_orig6_dst, ct.ipv6_dst, 16);
		k->ct_orig_tp_src = ct.src_port;
		k->ct_orig_tp_dst = ct.dst_port;
		k->ct_orig_proto = ct.ipv6_proto;
	}
	t->present &= ~((1ULL << OVS_KEY_ATTR_DP_HASH) |
			(1ULL << OVS_KEY_ATTR_RECIRC_ID) |
			(1ULL << OVS_KEY_ATTR_PRIORITY) |
			(1ULL << OVS_KEY_ATTR_IN_PORT) |
			(1ULL << OVS_KEY_ATTR_SKB_MARK) |
			(1ULL << OVS_KEY_ATTR_TUNNEL) |
			(1ULL << OVS_KEY_ATTR_CT_STATE) |
			(1ULL << OVS_KEY_ATTR_CT_ZONE) |
			(1ULL << OVS_KEY_ATTR_CT_MARK) |
			(1ULL << OVS_KEY_ATTR_CT_LABELS) |
			(1ULL << OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV4) |
			(1ULL << OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV6));

	/* A layer 3 packet has an ethertype but no Ethernet header. */
	if (!has(t, OVS_KEY_ATTR_ETHERNET) && has(t, OVS_KEY_ATTR_ETHERTYPE))
		mac_proto = MAC_PROTO_NONE;
	k->mac_proto = is_mask ? 0xff : mac_proto;
	if (mac_proto == MAC_PROTO_NONE) {
		err = parse_eth_type(k, t, is_mask);
		if (err)
			return err;
	}

	if (has(t, OVS_KEY_ATTR_ETHERNET)) {
		struct ovs_key_ethernet e;

		nla_get_bytes(&t->a[OVS_KEY_ATTR_ETHERNET], &e, sizeof(e));
		memcpy(k->eth_src, e.eth_src, 6);
		memcpy(k->eth_dst, e.eth_dst, 6);
		drop(t, OVS_KEY_ATTR_ETHERNET);
		if (has(t, OVS_KEY_ATTR_VLAN))
			return -EINVAL;
		if (has(t, OVS_KEY_ATTR_ETHERTYPE)) {
			err = parse_eth_type(k, t, is_mask);
			if (err)
				return err;
		} else if (!is_mask) {
			k->eth_type = ETH_P_802_2_BE;
		}
	} else if (!key->eth_type) {
		return -EINVAL;
	}

	if (has(t, OVS_KEY_ATTR_IPV4)) {
		struct ovs_key_ipv4 ip;

		nla_get_bytes(&t->a[OVS_KEY_ATTR_IPV4], &ip, sizeof(ip));
		if (!is_mask && ip.ipv4_frag > OVS_FRAG_TYPE_LATER)
			return -EINVAL;
		k->ip_proto = ip.ipv4_proto;
		k->ip_tos = ip.ipv4_tos;
		k->ip_ttl = ip.ipv4_ttl;
		k->ip_frag = ip.ipv4_frag;
		k->ipv4_src = ip.ipv4_src;
		k->ipv4_dst = ip.ipv4_dst;
		drop(t, OVS_KEY_ATTR_IPV4);
	}
	if (has(t, OVS_KEY_ATTR_IPV6)) {
		struct ovs_key_ipv6 ip;

		nla_get_bytes(&t->a[OVS_KEY_ATTR_IPV6], &ip, sizeof(ip));
		if (!is_mask && (ip.ipv6_frag > OVS_FRAG_TYPE_LATER ||
				 (ip.ipv6_label & htonl(0xfff00000))))
			return -EINVAL;
		k->ipv6_label = ip.ipv6_label;
		k->ip_proto = ip.ipv6_proto;
		k->ip_tos = ip.ipv6_tclass;
		k->ip_ttl = ip.ipv6_hlimit;
		k->ip_frag = ip.ipv6_frag;
		memcpy(k->ipv6_src, ip.ipv6_src, 16);
		memcpy(k->ipv6_dst, ip.ipv6_dst, 16);
		drop(t, OVS_KEY_ATTR_IPV6);
	}
	if (has(t, OVS_KEY_ATTR_IPV6_EXTHDRS)) {
		k->ipv6_exthdrs = nla_get_u16(&t->a[OVS_KEY_ATTR_IPV6_EXTHDRS]);
		drop(t, OVS_KEY_ATTR_IPV6_EXTHDRS);
	}
	if (has(t, OVS_KEY_ATTR_ARP)) {
		struct ovs_key_arp arp;

		nla_get_bytes(&t->a[OVS_KEY_ATTR_ARP], &arp, sizeof(arp));
		if (!is_mask && (arp.arp_op & htons(0xff00)))
			return -EINVAL;
		k->ipv4_src = arp.arp_sip;
		k->ipv4_dst = arp.arp_tip;
		k->ip_proto = (uint8_t)ntohs(arp.arp_op);
		memcpy(k->arp_sha, arp.arp_sha, 6);
		memcpy(k->arp_tha, arp.arp_tha, 6);
		drop(t, OVS_KEY_ATTR_ARP);
	}
	if (has(t, OVS_KEY_ATTR_NSH)) {
		struct nla_iter it;
		struct nla sub;

		nla_iter_nested(&it, &t->a[OVS_KEY_ATTR_NSH]);
		while (nla_iter_next(&it, &sub)) {
			if (sub.type == OVS_NSH_KEY_ATTR_BASE &&
			    sub.len == sizeof(struct ovs_nsh_key_base)) {
				struct ovs_nsh_key_base b;

				nla_get_bytes(&sub, &b, sizeof(b));
				k->nsh_flags = b.flags;
				k->nsh_ttl = b.ttl;
				k->nsh_mdtype = b.mdtype;
				k->nsh_np = b.np;
				k->nsh_path_hdr = b.path_hdr;
			} else if (sub.type == OVS_NSH_KEY_ATTR_MD1 &&
				   sub.len == sizeof(k->nsh_context)) {
				nla_get_bytes(&sub, k->nsh_context,
					      sizeof(k->nsh_context));
			} else {
				return -EINVAL;
			}
		}
		if (nla_iter_left(&it))
			return -EINVAL;
		drop(t, OVS_KEY_ATTR_NSH);
	}
	if (has(t, OVS_KEY_ATTR_MPLS)) {
		const struct nla *a = &t->a[OVS_KEY_ATTR_MPLS];
		size_t n = a->len / 4, i;

		if (!n || n > 3 || a->len % 4)
			return -EINVAL;
		for (i = 0; i < n; i++)
			memcpy(&k->mpls_lse[i], a->data + 4 * i, 4);
		k->mpls_num_labels_mask = (uint8_t)((1u << n) - 1);
		drop(t, OVS_KEY_ATTR_MPLS);
	}
	if (has(t, OVS_KEY_ATTR_TCP)) {
		struct ovs_key_tcp l4;

		nla_get_bytes(&t->a[OVS_KEY_ATTR_TCP], &l4, sizeof(l4));
		k->tp_src = l4.tcp_src;
		k->tp_dst = l4.tcp_dst;
		drop(t, OVS_KEY_ATTR_TCP);
	}
	if (has(t, OVS_KEY_ATTR_TCP_FLAGS)) {
		k->tcp_flags = get_be16(t, OVS_KEY_ATTR_TCP_FLAGS);
		drop(t, OVS_KEY_ATTR_TCP_FLAGS);
	}
	if (has(t, OVS_KEY_ATTR_UDP)) {
		struct ovs_key_udp l4;

		nla_get_bytes(&t->a[OVS_KEY_ATTR_UDP], &l4, sizeof(l4));
		k->tp_src = l4.udp_src;
		k->tp_dst = l4.udp_dst;
		drop(t, OVS_KEY_ATTR_UDP);
	}
	if (has(t, OVS_KEY_ATTR_SCTP)) {
		struct ovs_key_sctp l4;

		nla_get_bytes(&t->a[OVS_KEY_ATTR_SCTP], &l4, sizeof(l4));
		k->tp_src = l4.sctp_src;
		k->tp_dst = l4.sctp_dst;
		drop(t, OVS_KEY_ATTR_SCTP);
	}
	if (has(t, OVS_KEY_ATTR_ICMP) || has(t, OVS_KEY_ATTR_ICMPV6)) {
		unsigned int type = has(t, OVS_KEY_ATTR_ICMP) ?
				    OVS_KEY_ATTR_ICMP : OVS_KEY_ATTR_ICMPV6;
		struct ovs_key_icmp ic;

		/* Both present: the kernel lets ICMPv6 overwrite ICMP. */
		if (has(t, OVS_KEY_ATTR_ICMPV6))
			type = OVS_KEY_ATTR_ICMPV6;
		nla_get_bytes(&t->a[type], &ic, sizeof(ic));
		k->tp_src = htons(ic.icmp_type);
		k->tp_dst = htons(ic.icmp_code);
		drop(t, OVS_KEY_ATTR_ICMP);
		drop(t, OVS_KEY_ATTR_ICMPV6);
	}
	if (has(t, OVS_KEY_ATTR_ND)) {
		struct ovs_key_nd nd;

		nla_get_bytes(&t->a[OVS_KEY_ATTR_ND], &nd, sizeof(nd));
		memcpy(k->nd_target, nd.nd_target, 16);
		memcpy(k->nd_sll, nd.nd_sll, 6);
		memcpy(k->nd_tll, nd.nd_tll, 6);
		drop(t, OVS_KEY_ATTR_ND);
	}
	return t->present ? -EINVAL : 0;
}

/* Where ones_stream() is: which attribute table the kernel uses there. */
enum ones_ctx { ONES_KEY, ONES_TUNNEL, ONES_VXLAN };

/* mask_set_nlattr(): the implicit mask of a put without MASK is the key's
 * own stream with every payload byte set (ct_state limited to what the
 * datapath supports), nests kept. Returns bytes written (at most len). */
static size_t ones_stream(const uint8_t *buf, size_t len, uint8_t *out,
			  enum ones_ctx ctx, int depth)
{
	struct nla_iter it;
	struct nla a;
	size_t n = 0;

	nla_iter_init(&it, buf, len);
	while (nla_iter_next(&it, &a)) {
		size_t total = (size_t)(nla_iter_pos(&it) - a.hdr);
		uint8_t *payload = out + n + NLA_HDRLEN;

		memcpy(out + n, a.hdr, total);
		if (ctx == ONES_KEY && a.type == OVS_KEY_ATTR_ENCAP &&
		    depth < 3) {
			ones_stream(a.data, a.len, payload, ONES_KEY, depth + 1);
		} else if (ctx == ONES_KEY && a.type == OVS_KEY_ATTR_TUNNEL) {
			ones_stream(a.data, a.len, payload, ONES_TUNNEL,
				    depth + 1);
		} else if (ctx == ONES_TUNNEL &&
			   a.type == OVS_TUNNEL_KEY_ATTR_VXLAN_OPTS) {
			ones_stream(a.data, a.len, payload, ONES_VXLAN,
				    depth + 1);
		} else if (ctx == ONES_KEY && a.type == OVS_KEY_ATTR_CT_STATE &&
			   a.len == 4) {
			uint32_t v = CT_SUPPORTED_MASK;

			memcpy(payload, &v, 4);
		} else {
			memset(payload, 0xff, a.len);
		}
		n += total;
	}
	return n;
}

static void mask_key(struct dp_key *k, const struct dp_key *mask)
{
	uint8_t *p = (uint8_t *)k;
	const uint8_t *q = (const uint8_t *)mask;
	size_t i;

	for (i = 0; i < sizeof(*k); i++)
		p[i] &= q[i];
}

int dp_match_from_put(struct dp_match *m, const void *key, size_t key_len,
		      const void *mask, size_t mask_len)
{
	uint8_t ones[2048];
	struct attrs t;
	int err;

	memset(m, 0, sizeof(*m));

	memset(&t, 0, sizeof(t));
	err = collect(&t, key, key_len, false);
	if (!err)
		err = parse_vlans(m, &m->key, &t, false);
	if (!err)
		err = key_from_attrs(m, &m->key, &t, false);
	if (err)
		return err;

	if (!mask || !mask_len) {
		if (key_len > sizeof(ones))
			return -E2BIG;
		mask_len = ones_stream(key, key_len, ones, ONES_KEY, 0);
		mask = ones;
	}
	memset(&t, 0, sizeof(t));
	err = collect(&t, mask, mask_len, true);
	if (err)
		return err;
	/* The kernel always matches the TCIs exactly. */
	m->mask.vlan.tci = 0xffff;
	m->mask.cvlan.tci = 0xffff;
	err = parse_vlans(m, &m->mask, &t, true);
	if (!err)
		err = key_from_attrs(m, &m->mask, &t, true);
	if (err)
		return err;
	if (mask == ones && m->has_tun_mask) {
		/* Keep the implicit tunnel mask: 'ones' is about to go. */
		if (m->tun_mask.len > sizeof(m->tun_mask_buf))
			return -E2BIG;
		memcpy(m->tun_mask_buf, m->tun_mask.data, m->tun_mask.len);
		m->tun_mask.data = m->tun_mask_buf;
		m->tun_mask.hdr = NULL;
	}

	mask_key(&m->key, &m->mask);
	return 0;
}

static void put_vlan(struct nla_writer *w, const struct dp_vlan *v,
		     bool is_mask)
{
	nla_put(w, OVS_KEY_ATTR_ETHERTYPE, is_mask ? &(uint16_t){ 0xffff } :
		&v->tpid, 2);
	nla_put(w, OVS_KEY_ATTR_VLAN, &v->tci, 2);
}

static void put_l3_l4(const struct dp_key *sw, const struct dp_key *out,
		      struct nla_writer *w)
{
	if (sw->eth_type == htons(0x0800)) {
		struct ovs_key_ipv4 ip = {
			.ipv4_src = out->ipv4_src,
			.ipv4_dst = out->ipv4_dst,
			.ipv4_proto = out->ip_proto,
			.ipv4_tos = out->ip_tos,
			.ipv4_ttl = out->ip_ttl,
			.ipv4_frag = out->ip_frag,
		};

		nla_put(w, OVS_KEY_ATTR_IPV4, &ip, sizeof(ip));
	} else if (sw->eth_type == htons(0x86dd)) {
		struct ovs_key_ipv6 ip;

		memset(&ip, 0, sizeof(ip));
		memcpy(ip.ipv6_src, out->ipv6_src, 16);
		memcpy(ip.ipv6_dst, out->ipv6_dst, 16);
		ip.ipv6_label = out->ipv6_label;
		ip.ipv6_proto = out->ip_proto;
		ip.ipv6_tclass = out->ip_tos;
		ip.ipv6_hlimit = out->ip_ttl;
		ip.ipv6_frag = out->ip_frag;
		nla_put(w, OVS_KEY_ATTR_IPV6, &ip, sizeof(ip));
		nla_put_u16(w, OVS_KEY_ATTR_IPV6_EXTHDRS, out->ipv6_exthdrs);
	} else if (sw->eth_type == htons(0x894f)) {
		struct ovs_nsh_key_base b = {
			.flags = out->nsh_flags,
			.ttl = out->nsh_ttl,
			.mdtype = out->nsh_mdtype,
			.np = out->nsh_np,
			.path_hdr = out->nsh_path_hdr,
		};
		size_t nest = nla_nest_start(w, OVS_KEY_ATTR_NSH);

		nla_put(w, OVS_NSH_KEY_ATTR_BASE, &b, sizeof(b));
		if (sw->nsh_mdtype == 1)
			nla_put(w, OVS_NSH_KEY_ATTR_MD1, out->nsh_context,
				sizeof(out->nsh_context));
		nla_nest_end(w, nest);
	} else if (sw->eth_type == htons(0x0806) ||
		   sw->eth_type == htons(0x8035)) {
		struct ovs_key_arp arp;

		memset(&arp, 0, sizeof(arp));
		arp.arp_sip = out->ipv4_src;
		arp.arp_tip = out->ipv4_dst;
		arp.arp_op = htons(out->ip_proto);
		memcpy(arp.arp_sha, out->arp_sha, 6);
		memcpy(arp.arp_tha, out->arp_tha, 6);
		nla_put(w, OVS_KEY_ATTR_ARP, &arp, sizeof(arp));
	} else if (sw->eth_type == htons(0x8847) ||
		   sw->eth_type == htons(0x8848)) {
		unsigned int n = (unsigned int)__builtin_popcount(
			out->mpls_num_labels_mask);

		if (n > 3)
			n = 3;
		nla_put(w, OVS_KEY_ATTR_MPLS, out->mpls_lse, 4 * n);
	}

	if ((sw->eth_type != htons(0x0800) && sw->eth_type != htons(0x86dd)) ||
	    sw->ip_frag == OVS_FRAG_TYPE_LATER)
		return;
	if (sw->ip_proto == 6) {
		struct ovs_key_tcp l4 = { out->tp_src, out->tp_dst };

		nla_put(w, OVS_KEY_ATTR_TCP, &l4, sizeof(l4));
		nla_put(w, OVS_KEY_ATTR_TCP_FLAGS, &out->tcp_flags, 2);
	} else if (sw->ip_proto == 17) {
		struct ovs_key_udp l4 = { out->tp_src, out->tp_dst };

		nla_put(w, OVS_KEY_ATTR_UDP, &l4, sizeof(l4));
	} else if (sw->ip_proto == 132) {
		struct ovs_key_sctp l4 = { out->tp_src, out->tp_dst };

		nla_put(w, OVS_KEY_ATTR_SCTP, &l4, sizeof(l4));
	} else if (sw->eth_type == htons(0x0800) && sw->ip_proto == 1) {
		struct ovs_key_icmp ic = {
			(uint8_t)ntohs(out->tp_src), (uint8_t)ntohs(out->tp_dst)
		};

		nla_put(w, OVS_KEY_ATTR_ICMP, &ic, sizeof(ic));
	} else if (sw->eth_type == htons(0x86dd) && sw->ip_proto == 58) {
		struct ovs_key_icmpv6 ic = {
			(uint8_t)ntohs(out->tp_src), (uint8_t)ntohs(out->tp_dst)
		};

		nla_put(w, OVS_KEY_ATTR_ICMPV6, &ic, sizeof(ic));
		if (sw->tp_src == htons(NDISC_NEIGHBOUR_SOLICITATION) ||
		    sw->tp_src == htons(NDISC_NEIGHBOUR_ADVERTISEMENT)) {
			struct ovs_key_nd nd;

			memcpy(nd.nd_target, out->nd_target, 16);
			memcpy(nd.nd_sll, out->nd_sll, 6);
			memcpy(nd.nd_tll, out->nd_tll, 6);
			nla_put(w, OVS_KEY_ATTR_ND, &nd, sizeof(nd));
		}
	}
}

/* __ovs_nla_put_key(): sw is the (masked) flow key, out the key or mask
 * being written. */
void dp_match_put(const struct dp_match *m, bool is_mask, struct nla_writer *w)
{
	const struct dp_key *sw = &m->key;
	const struct dp_key *out = is_mask ? &m->mask : &m->key;
	size_t encap = 0, in_encap = 0;
	bool have_encap = false, have_in_encap = false;

	nla_put_u32(w, OVS_KEY_ATTR_RECIRC_ID, out->recirc_id);
	nla_put_u32(w, OVS_KEY_ATTR_DP_HASH, out->dp_hash);
	nla_put_u32(w, OVS_KEY_ATTR_PRIORITY, out->priority);
	if (sw->tun_proto) {
		const struct nla *t = is_mask ? &m->tun_mask : &m->tun_key;

		if (!is_mask || m->has_tun_mask)
			nla_put(w, OVS_KEY_ATTR_TUNNEL, t->data, t->len);
	}
	if (sw->in_port == DP_MAX_PORTS) {
		if (is_mask && out->in_port == 0xffff)
			nla_put_u32(w, OVS_KEY_ATTR_IN_PORT, 0xffffffff);
	} else {
		nla_put_u32(w, OVS_KEY_ATTR_IN_PORT,
			    (is_mask ? 0xffff0000u : 0) | out->in_port);
	}
	nla_put_u32(w, OVS_KEY_ATTR_SKB_MARK, out->skb_mark);

	/* ovs_ct_put_key(), on a kernel with conntrack zones, marks and
	 * labels as Debian builds it. */
	nla_put_u32(w, OVS_KEY_ATTR_CT_STATE, out->ct_state);
	nla_put_u16(w, OVS_KEY_ATTR_CT_ZONE, out->ct_zone);
	nla_put_u32(w, OVS_KEY_ATTR_CT_MARK, out->ct_mark);
	nla_put(w, OVS_KEY_ATTR_CT_LABELS, out->ct_labels, 16);
	if (sw->ct_orig_proto && sw->eth_type == htons(0x0800)) {
		struct ovs_key_ct_tuple_ipv4 o;

		memset(&o, 0, sizeof(o));
		o.ipv4_src = out->ct_orig4_src;
		o.ipv4_dst = out->ct_orig4_dst;
		o.src_port = out->ct_orig_tp_src;
		o.dst_port = out->ct_orig_tp_dst;
		o.ipv4_proto = out->ct_orig_proto;
		nla_put(w, OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV4, &o, sizeof(o));
	} else if (sw->ct_orig_proto && sw->eth_type == htons(0x86dd)) {
		struct ovs_key_ct_tuple_ipv6 o;

		memset(&o, 0, sizeof(o));
		memcpy(o.ipv6_src, out->ct_orig6_src, 16);
		memcpy(o.ipv6_dst, out->ct_orig6_dst, 16);
		o.src_port = out->ct_orig_tp_src;
		o.dst_port = out->ct_orig_tp_dst;
		o.ipv6_proto = out->ct_orig_proto;
		nla_put(w, OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV6, &o, sizeof(o));
	}

	if ((sw->mac_proto & 0x7f) == MAC_PROTO_ETHERNET) {
		struct ovs_key_ethernet e;

		memcpy(e.eth_src, out->eth_src, 6);
		memcpy(e.eth_dst, out->eth_dst, 6);
		nla_put(w, OVS_KEY_ATTR_ETHERNET, &e, sizeof(e));

		if (sw->vlan.tci || eth_type_vlan(sw->eth_type)) {
			put_vlan(w, &out->vlan, is_mask);
			encap = nla_nest_start(w, OVS_KEY_ATTR_ENCAP);
			have_encap = true;
			if (!sw->vlan.tci)
				goto unencap;
			if (sw->cvlan.tci || eth_type_vlan(sw->eth_type)) {
				put_vlan(w, &out->cvlan, is_mask);
				in_encap = nla_nest_start(w, OVS_KEY_ATTR_ENCAP);
				have_in_encap = true;
				if (!sw->cvlan.tci)
					goto unencap;
			}
		}
		if (sw->eth_type == ETH_P_802_2_BE) {
			/* 802.2 frames: no ethertype in the key, 0xffff in the
			 * mask unless wildcarded. */
			if (is_mask && out->eth_type)
				nla_put(w, OVS_KEY_ATTR_ETHERTYPE,
					&out->eth_type, 2);
			goto unencap;
		}
	}
	nla_put(w, OVS_KEY_ATTR_ETHERTYPE, &out->eth_type, 2);
	if (eth_type_vlan(sw->eth_type))
		goto unencap;
	put_l3_l4(sw, out, w);
unencap:
	if (have_in_encap)
		nla_nest_end(w, in_encap);
	if (have_encap)
		nla_nest_end(w, encap);
}
