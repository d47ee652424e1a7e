// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/openvswitch.h>

#include "dp_match.h"

#define DP_MAX_PORTS 0xffff
#define MAC_PROTO_NONE 0
#define MAC_PROTO_ETHERNET 1
#define ETH_P_802_2_BE 0x0400	/* htons(0x0004) on little and big endian */
#define VLAN_CFI 0x1000
#define CT_SUPPORTED_MASK 0xff
#define NDISC_NEIGHBOUR_SOLICITATION 135
#define NDISC_NEIGHBOUR_ADVERTISEMENT 136

/* Userspace-only struct ovs_key_nd_extensions of OVS's own
 * openvswitch.h: be32 nd_reserved + u8 nd_options_type, padded to 8. */
#define DP_KEY_ND_EXTENSIONS_LEN 8

static const int key_attr_lens[] = {
	[OVS_KEY_ATTR_ENCAP] = DP_KEY_LEN_NESTED,
	[OVS_KEY_ATTR_PRIORITY] = sizeof(__u32),
	[OVS_KEY_ATTR_IN_PORT] = sizeof(__u32),
	[OVS_KEY_ATTR_ETHERNET] = sizeof(struct ovs_key_ethernet),
	[OVS_KEY_ATTR_VLAN] = sizeof(__be16),
	[OVS_KEY_ATTR_ETHERTYPE] = sizeof(__be16),
	[OVS_KEY_ATTR_IPV4] = sizeof(struct ovs_key_ipv4),
	[OVS_KEY_ATTR_IPV6] = sizeof(struct ovs_key_ipv6),
	[OVS_KEY_ATTR_TCP] = sizeof(struct ovs_key_tcp),
	[OVS_KEY_ATTR_UDP] = sizeof(struct ovs_key_udp),
	[OVS_KEY_ATTR_ICMP] = sizeof(struct ovs_key_icmp),
	[OVS_KEY_ATTR_ICMPV6] = sizeof(struct ovs_key_icmpv6),
	[OVS_KEY_ATTR_ARP] = sizeof(struct ovs_key_arp),
	[OVS_KEY_ATTR_ND] = sizeof(struct ovs_key_nd),
	[OVS_KEY_ATTR_SKB_MARK] = sizeof(__u32),
	[OVS_KEY_ATTR_TUNNEL] = DP_KEY_LEN_NESTED,
	[OVS_KEY_ATTR_SCTP] = sizeof(struct ovs_key_sctp),
	[OVS_KEY_ATTR_TCP_FLAGS] = sizeof(__be16),
	[OVS_KEY_ATTR_DP_HASH] = sizeof(__u32),
	[OVS_KEY_ATTR_RECIRC_ID] = sizeof(__u32),
	/* An array of struct ovs_key_mpls, one per label. */
	[OVS_KEY_ATTR_MPLS] = DP_KEY_LEN_VARIABLE,
	[OVS_KEY_ATTR_CT_STATE] = sizeof(__u32),
	[OVS_KEY_ATTR_CT_ZONE] = sizeof(__u16),
	[OVS_KEY_ATTR_CT_MARK] = sizeof(__u32),
	[OVS_KEY_ATTR_CT_LABELS] = sizeof(struct ovs_key_ct_labels),
	[OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV4] = sizeof(struct ovs_key_ct_tuple_ipv4),
	[OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV6] = sizeof(struct ovs_key_ct_tuple_ipv6),
	[OVS_KEY_ATTR_NSH] = DP_KEY_LEN_NESTED,
	/* Userspace only, absent from the kernel's table. */
	[OVS_KEY_ATTR_PACKET_TYPE] = sizeof(__be32),
	[OVS_KEY_ATTR_ND_EXTENSIONS] = DP_KEY_ND_EXTENSIONS_LEN,
	/* Kernel only, absent from OVS 3.1's table. */
	[OVS_KEY_ATTR_IPV6_EXTHDRS] = sizeof(struct ovs_key_ipv6_exthdrs),
};

int dp_key_attr_len(unsigned int type)
{
	if (type >= sizeof(key_attr_lens) / sizeof(key_attr_lens[0]))
		return 0;
	return key_attr_lens[type];
}

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
	return dp_key_attr_len(type);
}

#define NTYPES (OVS_KEY_ATTR_IPV6_EXTHDRS + 1)
#define BIT(type) (1ULL << (type))

/* One stream being parsed into one dp_key: the key, its mask, or the
 * implicit exact mask. Bad framing or sizes make the fields unreliable
 * (err); what the kernel would refuse for its content only sets
 * m->refused, and parsing goes on, as the kernel's own parse of a newer
 * attribute set would. */
struct parse {
	struct dp_match *m;
	struct dp_key *k;
	bool is_mask;
	bool keep_tunnel;	/* a mask the kernel parses: fill m->tun_mask */
	bool implicit;		/* ... made from the key (no MASK) */
	struct nla a[NTYPES];
	uint64_t present;
	int err;
};

static bool has(const struct parse *p, unsigned int type)
{
	return p->present & BIT(type);
}

static void drop(struct parse *p, unsigned int type)
{
	p->present &= ~BIT(type);
}

static void refuse(struct parse *p)
{
	p->m->refused = true;
}

static bool all_zero(const uint8_t *b, size_t n)
{
	while (n--)
		if (*b++)
			return false;
	return true;
}

/* __parse_flow_nlattrs(): adds a stream's attributes. In a mask an
 * all-zero fixed-size attribute counts as absent. */
static void collect(struct parse *p, const void *buf, size_t len)
{
	struct nla_iter it;
	struct nla a;

	nla_iter_init(&it, buf, len);
	while (nla_iter_next(&it, &a)) {
		int want = a.type < NTYPES ? kernel_key_len(a.type) : 0;

		if (!want || has(p, a.type)) {
			refuse(p);
			continue;
		}
		if (want > 0 && a.len != (size_t)want) {
			p->err = -EINVAL;
			continue;
		}
		if (p->is_mask && want > 0 && all_zero(a.data, a.len))
			continue;
		p->a[a.type] = a;
		p->present |= BIT(a.type);
	}
	if (nla_iter_left(&it))
		p->err = -EINVAL;
}

static uint16_t get_be16(const struct parse *p, unsigned int type)
{
	return has(p, type) ? nla_get_u16(&p->a[type]) : 0;
}

static uint32_t get_u32(const struct parse *p, unsigned int type)
{
	return has(p, type) ? nla_get_u32(&p->a[type]) : 0;
}

static bool eth_type_vlan(uint16_t be)
{
	return be == htons(0x8100) || be == htons(0x88a8);
}

/* __parse_vlan_from_nlattrs() for one tag. Returns false when there is no
 * tag (or none that can be read) to descend into. */
static bool parse_vlan(struct parse *p, bool inner)
{
	struct dp_vlan *v = inner ? &p->k->cvlan : &p->k->vlan;
	uint16_t tci = get_be16(p, OVS_KEY_ATTR_VLAN);
	uint16_t tpid = get_be16(p, OVS_KEY_ATTR_ETHERTYPE);
	struct nla encap;

	if (!p->is_mask) {
		if (!(has(p, OVS_KEY_ATTR_ETHERNET) &&
		      has(p, OVS_KEY_ATTR_ETHERTYPE) && eth_type_vlan(tpid)))
			return false;
		if (!has(p, OVS_KEY_ATTR_VLAN) || !has(p, OVS_KEY_ATTR_ENCAP)) {
			refuse(p);
			return false;
		}
		if (!(tci & htons(VLAN_CFI)) &&
		    (tci || p->a[OVS_KEY_ATTR_ENCAP].len))
			refuse(p);
	} else {
		const struct dp_vlan *kv = inner ? &p->m->put_key.cvlan : &p->m->put_key.vlan;

		if (!has(p, OVS_KEY_ATTR_ENCAP))
			return false;
		if (!(kv->tci & htons(VLAN_CFI)) || tpid != 0xffff ||
		    !(tci & htons(VLAN_CFI)))
			refuse(p);
	}
	v->tpid = tpid;
	v->tci = tci;
	encap = p->a[OVS_KEY_ATTR_ENCAP];
	drop(p, OVS_KEY_ATTR_ENCAP);
	drop(p, OVS_KEY_ATTR_VLAN);
	drop(p, OVS_KEY_ATTR_ETHERTYPE);
	collect(p, encap.data, encap.len);
	return true;
}

static void parse_vlans(struct parse *p)
{
	if (parse_vlan(p, false) && (p->m->put_key.vlan.tci & htons(VLAN_CFI)))
		parse_vlan(p, true);
}

static void parse_eth_type(struct parse *p)
{
	uint16_t type = get_be16(p, OVS_KEY_ATTR_ETHERTYPE);

	if (p->is_mask)
		type = 0xffff;
	else if (ntohs(type) < 0x600)
		refuse(p);
	p->k->eth_type = type;
	drop(p, OVS_KEY_ATTR_ETHERTYPE);
}

int dp_tun_attr_len(unsigned int type)
{
	switch (type) {
	case OVS_TUNNEL_KEY_ATTR_ID: return 8;
	case OVS_TUNNEL_KEY_ATTR_IPV4_SRC:
	case OVS_TUNNEL_KEY_ATTR_IPV4_DST: return 4;
	case OVS_TUNNEL_KEY_ATTR_TOS:
	case OVS_TUNNEL_KEY_ATTR_TTL: return 1;
	case OVS_TUNNEL_KEY_ATTR_TP_SRC:
	case OVS_TUNNEL_KEY_ATTR_TP_DST: return 2;
	case OVS_TUNNEL_KEY_ATTR_IPV6_SRC:
	case OVS_TUNNEL_KEY_ATTR_IPV6_DST: return 16;
	case OVS_TUNNEL_KEY_ATTR_GENEVE_OPTS:
	case OVS_TUNNEL_KEY_ATTR_ERSPAN_OPTS:
	case OVS_TUNNEL_KEY_ATTR_IPV4_INFO_BRIDGE:	/* OVS's GTPU_OPTS */
		return DP_KEY_LEN_VARIABLE;
	case OVS_TUNNEL_KEY_ATTR_VXLAN_OPTS: return DP_KEY_LEN_NESTED;
	default: return 0;	/* the flags, PAD */
	}
}

/* vxlan_tun_opt_from_nlattr(): the GBP extension into opts[0..3]. */
static bool tun_vxlan(struct dp_tun *t, const struct nla *a)
{
	struct nla_iter it;
	struct nla sub;
	uint32_t gbp = 0;

	nla_iter_nested(&it, a);
	while (nla_iter_next(&it, &sub)) {
		if (sub.type != OVS_VXLAN_EXT_GBP || sub.len != 4)
			return false;
		gbp = nla_get_u32(&sub);
	}
	if (nla_iter_left(&it))
		return false;
	memcpy(t->opts + DP_TUN_OPTS_MAX - 4, &gbp, 4);
	t->opts_len = 4;
	return true;
}

/* One tunnel option block (Geneve, VXLAN or ERSPAN); false where the kernel
 * refuses it. A mask's must be as long as its key's. */
static bool tun_opts(struct parse *p, struct dp_tun *t, const struct nla *a, uint8_t flag)
{
	if (t->flags & (DP_TUN_F_GENEVE | DP_TUN_F_VXLAN | DP_TUN_F_ERSPAN))
		return false;	/* "Multiple metadata blocks provided" */
	t->flags |= flag;
	if (flag == DP_TUN_F_VXLAN)
		return tun_vxlan(t, a);
	if (a->len > DP_TUN_OPTS_MAX || (flag == DP_TUN_F_GENEVE && a->len % 4))
		return false;
	if (p->is_mask && flag == DP_TUN_F_GENEVE && a->len != p->m->tun.opts_len)
		return false;
	/* Options sit at the end of the kernel's tun_opts[]
	 * (TUN_METADATA_OFFSET()); ERSPAN's length is its struct's, whatever
	 * was sent. */
	memcpy(t->opts + DP_TUN_OPTS_MAX - a->len, a->data, a->len);
	t->opts_len = flag == DP_TUN_F_ERSPAN ? 12 : (uint8_t)a->len;
	return true;
}

/* One attribute of a TUNNEL nest; false where the kernel refuses it. */
static bool tun_attr(struct parse *p, struct dp_tun *t, const struct nla *a, bool *v4, bool *v6,
		     bool *ttl)
{
	/* Type 16 is the kernel's IPV4_INFO_BRIDGE flag, OVS's GTPU_OPTS. */
	int want = a->type == OVS_TUNNEL_KEY_ATTR_IPV4_INFO_BRIDGE ? 0 : dp_tun_attr_len(a->type);

	if (a->type > OVS_TUNNEL_KEY_ATTR_MAX || (want >= 0 && a->len != (size_t)want))
		return false;
	switch (a->type) {
	case OVS_TUNNEL_KEY_ATTR_ID: t->tun_id = nla_get_u64(a); t->flags |= DP_TUN_F_KEY; break;
	case OVS_TUNNEL_KEY_ATTR_IPV4_SRC: t->ipv4_src = nla_get_u32(a); *v4 = true; break;
	case OVS_TUNNEL_KEY_ATTR_IPV4_DST: t->ipv4_dst = nla_get_u32(a); *v4 = true; break;
	case OVS_TUNNEL_KEY_ATTR_IPV6_SRC: nla_get_bytes(a, t->ipv6_src, 16); *v6 = true; break;
	case OVS_TUNNEL_KEY_ATTR_IPV6_DST: nla_get_bytes(a, t->ipv6_dst, 16); *v6 = true; break;
	case OVS_TUNNEL_KEY_ATTR_TOS: t->tos = nla_get_u8(a); break;
	case OVS_TUNNEL_KEY_ATTR_TTL: t->ttl = nla_get_u8(a); *ttl = true; break;
	case OVS_TUNNEL_KEY_ATTR_DONT_FRAGMENT: t->flags |= DP_TUN_F_DF; break;
	case OVS_TUNNEL_KEY_ATTR_CSUM: t->flags |= DP_TUN_F_CSUM; break;
	case OVS_TUNNEL_KEY_ATTR_OAM: t->flags |= DP_TUN_F_OAM; break;
	case OVS_TUNNEL_KEY_ATTR_TP_SRC: t->tp_src = nla_get_u16(a); break;
	case OVS_TUNNEL_KEY_ATTR_TP_DST: t->tp_dst = nla_get_u16(a); break;
	case OVS_TUNNEL_KEY_ATTR_GENEVE_OPTS: return tun_opts(p, t, a, DP_TUN_F_GENEVE);
	case OVS_TUNNEL_KEY_ATTR_VXLAN_OPTS: return tun_opts(p, t, a, DP_TUN_F_VXLAN);
	case OVS_TUNNEL_KEY_ATTR_ERSPAN_OPTS: return tun_opts(p, t, a, DP_TUN_F_ERSPAN);
	case OVS_TUNNEL_KEY_ATTR_IPV4_INFO_BRIDGE: t->bridge = true; *v4 = true; break;
	default: break;	/* PAD */
	}
	return true;
}

/* ip_tun_from_nlattr(). A mask's fields are those its nest sets, over the
 * all-ones the kernel starts an implicit mask from. */
static void parse_tunnel(struct parse *p)
{
	struct dp_tun *t = p->is_mask ? &p->m->tun_mask : &p->m->tun;
	bool v4 = false, v6 = false, ttl = false;
	struct nla_iter it;
	struct nla sub;

	if (p->is_mask)
		p->k->tun_proto = 0xff;
	if (p->is_mask && !p->keep_tunnel)
		return;	/* the exact mask of a put with its own MASK */
	memset(t, 0, sizeof(*t));
	if (p->is_mask && p->implicit) {
		/* "The userspace does not send tunnel attributes that are 0,
		 * but we should not wildcard them nonetheless." */
		memset(t, 0xff, offsetof(struct dp_tun, flags));
		t->bridge = false;
	}
	nla_iter_nested(&it, &p->a[OVS_KEY_ATTR_TUNNEL]);
	while (nla_iter_next(&it, &sub))
		if (!tun_attr(p, t, &sub, &v4, &v6, &ttl))
			refuse(p);
	if (nla_iter_left(&it))
		p->err = -EINVAL;
	if (p->is_mask) {
		t->opts_len = 0xff;
		return;
	}
	p->k->tun_proto = v6 ? 10 : 2;	/* AF_INET6 : AF_INET */
	if ((v4 && v6) || (!v4 && !v6) || (!ttl && !t->bridge) ||
	    (v4 && !t->bridge && !t->ipv4_dst) ||
	    (v6 && all_zero(t->ipv6_dst, 16)))
		refuse(p);
}

static void parse_ct_tuples(struct parse *p)
{
	struct dp_key *k = p->k;

	if (has(p, OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV4)) {
		struct ovs_key_ct_tuple_ipv4 ct;

		nla_get_bytes(&p->a[OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV4], &ct, sizeof(ct));
		k->ct_orig4_src = ct.ipv4_src;
		k->ct_orig4_dst = ct.ipv4_dst;
		k->ct_orig_tp_src = ct.src_port;
		k->ct_orig_tp_dst = ct.dst_port;
		k->ct_orig_proto = ct.ipv4_proto;
	}
	if (has(p, OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV6)) {
		struct ovs_key_ct_tuple_ipv6 ct;

		nla_get_bytes(&p->a[OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV6], &ct, sizeof(ct));
		memcpy(k->ct_orig6_src, ct.ipv6_src, 16);
		memcpy(k->ct_orig6_dst, ct.ipv6_dst, 16);
		k->ct_orig_tp_src = ct.src_port;
		k->ct_orig_tp_dst = ct.dst_port;
		k->ct_orig_proto = ct.ipv6_proto;
	}
}

/* metadata_from_nlattrs(). */
static void parse_metadata(struct parse *p)
{
	struct dp_key *k = p->k;

	k->dp_hash = get_u32(p, OVS_KEY_ATTR_DP_HASH);
	k->recirc_id = get_u32(p, OVS_KEY_ATTR_RECIRC_ID);
	k->priority = get_u32(p, OVS_KEY_ATTR_PRIORITY);
	k->skb_mark = get_u32(p, OVS_KEY_ATTR_SKB_MARK);
	if (has(p, OVS_KEY_ATTR_IN_PORT)) {
		uint32_t port = get_u32(p, OVS_KEY_ATTR_IN_PORT);

		if (p->is_mask)
			port = 0xffffffff;
		else if (port >= DP_MAX_PORTS)
			refuse(p);
		k->in_port = (uint16_t)port;
	} else if (!p->is_mask) {
		k->in_port = DP_MAX_PORTS;
	}
	if (has(p, OVS_KEY_ATTR_TUNNEL))
		parse_tunnel(p);
	if (has(p, OVS_KEY_ATTR_CT_STATE)) {
		uint32_t st = get_u32(p, OVS_KEY_ATTR_CT_STATE);

		if (st & ~CT_SUPPORTED_MASK)
			refuse(p);
		k->ct_state = (uint8_t)st;
	}
	k->ct_zone = get_be16(p, OVS_KEY_ATTR_CT_ZONE);
	k->ct_mark = get_u32(p, OVS_KEY_ATTR_CT_MARK);
	if (has(p, OVS_KEY_ATTR_CT_LABELS))
		nla_get_bytes(&p->a[OVS_KEY_ATTR_CT_LABELS], k->ct_labels, 16);
	parse_ct_tuples(p);
	p->present &= ~(BIT(OVS_KEY_ATTR_DP_HASH) | BIT(OVS_KEY_ATTR_RECIRC_ID) |
			BIT(OVS_KEY_ATTR_PRIORITY) | BIT(OVS_KEY_ATTR_IN_PORT) |
			BIT(OVS_KEY_ATTR_SKB_MARK) | BIT(OVS_KEY_ATTR_TUNNEL) |
			BIT(OVS_KEY_ATTR_CT_STATE) | BIT(OVS_KEY_ATTR_CT_ZONE) |
			BIT(OVS_KEY_ATTR_CT_MARK) | BIT(OVS_KEY_ATTR_CT_LABELS) |
			BIT(OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV4) |
			BIT(OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV6));
}

/* The Ethernet header and ethertype: a layer 3 packet has an ethertype but
 * no Ethernet header. */
static void parse_l2(struct parse *p)
{
	struct dp_key *k = p->k;
	uint8_t mac_proto = MAC_PROTO_ETHERNET;

	if (!has(p, OVS_KEY_ATTR_ETHERNET) && has(p, OVS_KEY_ATTR_ETHERTYPE))
		mac_proto = MAC_PROTO_NONE;
	k->mac_proto = p->is_mask ? 0xff : mac_proto;
	if (mac_proto == MAC_PROTO_NONE)
		parse_eth_type(p);
	if (has(p, OVS_KEY_ATTR_ETHERNET)) {
		struct ovs_key_ethernet e;

		nla_get_bytes(&p->a[OVS_KEY_ATTR_ETHERNET], &e, sizeof(e));
		memcpy(k->eth_src, e.eth_src, 6);
		memcpy(k->eth_dst, e.eth_dst, 6);
		drop(p, OVS_KEY_ATTR_ETHERNET);
		if (has(p, OVS_KEY_ATTR_VLAN))
			refuse(p);
		if (has(p, OVS_KEY_ATTR_ETHERTYPE))
			parse_eth_type(p);
		else if (!p->is_mask)
			k->eth_type = ETH_P_802_2_BE;
	} else if (!p->m->put_key.eth_type) {
		refuse(p);
	}
}

static void parse_ip(struct parse *p)
{
	struct dp_key *k = p->k;

	if (has(p, OVS_KEY_ATTR_IPV4)) {
		struct ovs_key_ipv4 ip;

		nla_get_bytes(&p->a[OVS_KEY_ATTR_IPV4], &ip, sizeof(ip));
		if (!p->is_mask && ip.ipv4_frag > OVS_FRAG_TYPE_LATER)
			refuse(p);
		k->ip_proto = ip.ipv4_proto;
		k->ip_tos = ip.ipv4_tos;
		k->ip_ttl = ip.ipv4_ttl;
		k->ip_frag = ip.ipv4_frag;
		k->ipv4_src = ip.ipv4_src;
		k->ipv4_dst = ip.ipv4_dst;
		drop(p, OVS_KEY_ATTR_IPV4);
	}
	if (has(p, OVS_KEY_ATTR_IPV6)) {
		struct ovs_key_ipv6 ip;

		nla_get_bytes(&p->a[OVS_KEY_ATTR_IPV6], &ip, sizeof(ip));
		if (!p->is_mask && (ip.ipv6_frag > OVS_FRAG_TYPE_LATER ||
				    (ip.ipv6_label & htonl(0xfff00000))))
			refuse(p);
		k->ipv6_label = ip.ipv6_label;
		k->ip_proto = ip.ipv6_proto;
		k->ip_tos = ip.ipv6_tclass;
		k->ip_ttl = ip.ipv6_hlimit;
		k->ip_frag = ip.ipv6_frag;
		memcpy(k->ipv6_src, ip.ipv6_src, 16);
		memcpy(k->ipv6_dst, ip.ipv6_dst, 16);
		drop(p, OVS_KEY_ATTR_IPV6);
	}
	if (has(p, OVS_KEY_ATTR_IPV6_EXTHDRS)) {
		k->ipv6_exthdrs = get_be16(p, OVS_KEY_ATTR_IPV6_EXTHDRS);
		drop(p, OVS_KEY_ATTR_IPV6_EXTHDRS);
	}
}

static void parse_arp(struct parse *p)
{
	struct dp_key *k = p->k;
	struct ovs_key_arp arp;

	if (!has(p, OVS_KEY_ATTR_ARP))
		return;
	nla_get_bytes(&p->a[OVS_KEY_ATTR_ARP], &arp, sizeof(arp));
	if (!p->is_mask && (arp.arp_op & htons(0xff00)))
		refuse(p);
	k->ipv4_src = arp.arp_sip;
	k->ipv4_dst = arp.arp_tip;
	k->ip_proto = (uint8_t)ntohs(arp.arp_op);
	memcpy(k->arp_sha, arp.arp_sha, 6);
	memcpy(k->arp_tha, arp.arp_tha, 6);
	drop(p, OVS_KEY_ATTR_ARP);
}

static void parse_nsh(struct parse *p)
{
	struct dp_key *k = p->k;
	struct nla_iter it;
	struct nla sub;

	if (!has(p, OVS_KEY_ATTR_NSH))
		return;
	nla_iter_nested(&it, &p->a[OVS_KEY_ATTR_NSH]);
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
			nla_get_bytes(&sub, k->nsh_context, sizeof(k->nsh_context));
		} else {
			refuse(p);
		}
	}
	if (nla_iter_left(&it))
		p->err = -EINVAL;
	drop(p, OVS_KEY_ATTR_NSH);
}

static void parse_mpls(struct parse *p)
{
	const struct nla *a = &p->a[OVS_KEY_ATTR_MPLS];
	size_t n = a->len / 4, i;

	if (!has(p, OVS_KEY_ATTR_MPLS))
		return;
	if (!n || n > 3 || a->len % 4) {
		refuse(p);
		n = n > 3 ? 3 : n;
	}
	for (i = 0; i < n; i++)
		memcpy(&p->k->mpls_lse[i], a->data + 4 * i, 4);
	p->k->mpls_num_labels_mask = (uint8_t)((1u << n) - 1);
	drop(p, OVS_KEY_ATTR_MPLS);
}

/* TCP, UDP and SCTP share one layout: two be16 ports. */
static void parse_ports(struct parse *p, unsigned int type)
{
	struct ovs_key_tcp l4;

	if (!has(p, type))
		return;
	nla_get_bytes(&p->a[type], &l4, sizeof(l4));
	p->k->tp_src = l4.tcp_src;
	p->k->tp_dst = l4.tcp_dst;
	drop(p, type);
}

static void parse_l4(struct parse *p)
{
	struct dp_key *k = p->k;

	parse_ports(p, OVS_KEY_ATTR_TCP);
	if (has(p, OVS_KEY_ATTR_TCP_FLAGS)) {
		k->tcp_flags = get_be16(p, OVS_KEY_ATTR_TCP_FLAGS);
		drop(p, OVS_KEY_ATTR_TCP_FLAGS);
	}
	parse_ports(p, OVS_KEY_ATTR_UDP);
	parse_ports(p, OVS_KEY_ATTR_SCTP);
	if (has(p, OVS_KEY_ATTR_ICMP) || has(p, OVS_KEY_ATTR_ICMPV6)) {
		/* Both present: the kernel lets ICMPv6 overwrite ICMP. */
		unsigned int type = has(p, OVS_KEY_ATTR_ICMPV6) ?
				    OVS_KEY_ATTR_ICMPV6 : OVS_KEY_ATTR_ICMP;
		struct ovs_key_icmp ic;

		nla_get_bytes(&p->a[type], &ic, sizeof(ic));
		k->tp_src = htons(ic.icmp_type);
		k->tp_dst = htons(ic.icmp_code);
		drop(p, OVS_KEY_ATTR_ICMP);
		drop(p, OVS_KEY_ATTR_ICMPV6);
	}
	if (has(p, OVS_KEY_ATTR_ND)) {
		struct ovs_key_nd nd;

		nla_get_bytes(&p->a[OVS_KEY_ATTR_ND], &nd, sizeof(nd));
		memcpy(k->nd_target, nd.nd_target, 16);
		memcpy(k->nd_sll, nd.nd_sll, 6);
		memcpy(k->nd_tll, nd.nd_tll, 6);
		drop(p, OVS_KEY_ATTR_ND);
	}
}

/* ovs_key_from_nlattrs() over one stream, VLAN tags first. */
static int parse_stream(struct dp_match *m, struct dp_key *k, const void *buf,
			size_t len, bool is_mask, bool keep_tunnel, bool implicit)
{
	struct parse p;

	/* Not an initialiser: p.a[] is read only where p.present says it was
	 * written, and zeroing it would cost more than the parse. */
	p.m = m;
	p.k = k;
	p.is_mask = is_mask;
	p.keep_tunnel = keep_tunnel;
	p.implicit = implicit;
	p.present = 0;
	p.err = 0;

	collect(&p, buf, len);
	if (is_mask) {
		/* The kernel always matches the TCIs exactly. */
		k->vlan.tci = 0xffff;
		k->cvlan.tci = 0xffff;
	}
	parse_vlans(&p);
	parse_metadata(&p);
	parse_l2(&p);
	parse_ip(&p);
	parse_arp(&p);
	parse_nsh(&p);
	parse_mpls(&p);
	parse_l4(&p);
	if (p.present)
		refuse(&p);	/* attributes the kernel would not expect here */
	return p.err;
}

/* Where ones_stream() is: which attribute table the kernel uses there. */
enum ones_ctx { ONES_KEY, ONES_TUNNEL, ONES_VXLAN, ONES_NSH };

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
		} else if (ctx == ONES_KEY && a.type == OVS_KEY_ATTR_NSH) {
			/* Nested too (ovs_nsh_key_attr_lens): its BASE and MD1
			 * get the ones, not their headers. */
			ones_stream(a.data, a.len, payload, ONES_NSH, depth + 1);
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

/* k &= mask, a word at a time: the structs are a few hundred bytes and
 * every put masks one. */
static void and_bytes(void *dst, const void *mask, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *m = mask;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t a, b;

		memcpy(&a, d + i, 8);
		memcpy(&b, m + i, 8);
		a &= b;
		memcpy(d + i, &a, 8);
	}
	for (; i < n; i++)
		d[i] &= m[i];
}

static void mask_key(struct dp_key *k, const struct dp_key *mask)
{
	and_bytes(k, mask, sizeof(*k));
}

int dp_match_from_put(struct dp_match *m, const void *key, size_t key_len,
		      const void *mask, size_t mask_len, struct dp_key *exact)
{
	bool implicit = !mask || !mask_len;
	struct dp_key exact_buf;
	uint8_t ones[2048];
	size_t ones_len;
	bool refused;
	int err;

	/* The tunnels are written where put_key has one, before they are
	 * read. */
	memset(m, 0, offsetof(struct dp_match, tun));
	m->dump_exthdrs = true;
	if (!exact)
		exact = &exact_buf;
	memset(exact, 0, sizeof(*exact));
	err = parse_stream(m, &m->put_key, key, key_len, false, true, false);
	if (err)
		return err;
	if (m->put_key.tun_proto)
		memset(&m->tun_mask, 0, sizeof(m->tun_mask));
	if (key_len > sizeof(ones))
		return -E2BIG;
	ones_len = ones_stream(key, key_len, ones, ONES_KEY, 0);
	/* The kernel parses the implicit mask only when the put has none: a
	 * refusal of it otherwise is not the kernel's. */
	refused = m->refused;
	err = parse_stream(m, exact, ones, ones_len, true, implicit, true);
	if (err)
		return err;
	if (implicit) {
		m->mask = *exact;
		return 0;
	}
	m->refused = refused;
	return parse_stream(m, &m->mask, mask, mask_len, true, true, false);
}

void dp_key_fields(const struct dp_key *k, bool is_mask, struct out_key_fields *f)
{
	memset(f, 0, sizeof(*f));
	f->recirc_id = k->recirc_id;
	f->dp_hash = k->dp_hash;
	f->priority = k->priority;
	f->skb_mark = k->skb_mark;
	/* The BPF side has the upcall's port as a u32, and no "none". */
	if (is_mask)
		f->in_port = k->in_port == 0xffff ? 0xffffffff : k->in_port;
	else
		f->in_port = k->in_port == DP_MAX_PORTS ? 0 : k->in_port;
	f->ct_mark = k->ct_mark;
	f->ct_state = k->ct_state;
	f->ct_zone = k->ct_zone;
	f->ipv4_src = k->ipv4_src;
	f->ipv4_dst = k->ipv4_dst;
	f->ipv6_label = k->ipv6_label;
	memcpy(f->ipv6_src, k->ipv6_src, 16);
	memcpy(f->ipv6_dst, k->ipv6_dst, 16);
	memcpy(f->eth_src, k->eth_src, 6);
	memcpy(f->eth_dst, k->eth_dst, 6);
	f->eth_type = k->eth_type;
	f->vlan_tci = k->vlan.tci;
	f->tp_src = k->tp_src;
	f->tp_dst = k->tp_dst;
	f->tcp_flags = k->tcp_flags;
	f->ip_proto = k->ip_proto;
	f->ip_tos = k->ip_tos;
	f->ip_ttl = k->ip_ttl;
	f->ip_frag = k->ip_frag;
}

bool dp_fields_match(const struct out_key_fields *pkt,
		     const struct out_key_fields *key,
		     const struct out_key_fields *mask)
{
	const uint8_t *p = (const uint8_t *)pkt;
	const uint8_t *k = (const uint8_t *)key;
	const uint8_t *m = (const uint8_t *)mask;
	size_t i = 0;

	/* Every upcall a put may claim, and every recent put an expiring
	 * upcall may have had, is compared: a word at a time, and most differ
	 * in the first few (port, addresses). */
	for (; i + 8 <= sizeof(*pkt); i += 8) {
		uint64_t a, b, c;

		memcpy(&a, p + i, 8);
		memcpy(&b, k + i, 8);
		memcpy(&c, m + i, 8);
		if ((a ^ b) & c)
			return false;
	}
	for (; i < sizeof(*pkt); i++)
		if ((p[i] ^ k[i]) & m[i])
			return false;
	return true;
}

static void put_vlan(struct nla_writer *w, const struct dp_vlan *v,
		     bool is_mask)
{
	nla_put(w, OVS_KEY_ATTR_ETHERTYPE, is_mask ? &(uint16_t){ 0xffff } :
		&v->tpid, 2);
	nla_put(w, OVS_KEY_ATTR_VLAN, &v->tci, 2);
}

static void put_l3(const struct dp_key *sw, const struct dp_key *out, bool exthdrs,
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
		if (exthdrs)
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
}

/* The transport header, where the network header has one (not a later
 * fragment). */
static void put_l4(const struct dp_key *sw, const struct dp_key *out,
		   struct nla_writer *w)
{
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

/* The tunnel of the masked key, or the mask's, as the kernel stores it:
 * ovs_flow_mask_key() masks the whole key, tunnel and options alike. The
 * mask's opts_len is 0xff and its bridge false; neither is dumped from t. */
static void tun_masked(const struct dp_match *m, bool is_mask, struct dp_tun *t)
{
	*t = is_mask ? m->tun_mask : m->tun;
	if (!is_mask && !m->dump_unmasked)
		and_bytes(t, &m->tun_mask, sizeof(*t));
}

/* __ip_tun_to_nlattr(): what is zero is left out, except the TTL. */
static void put_tunnel(struct nla_writer *w, const struct dp_match *m, bool is_mask)
{
	size_t nest = nla_nest_start(w, OVS_KEY_ATTR_TUNNEL);
	uint8_t len = m->tun.opts_len;	/* the key's */
	const uint8_t *opts;
	struct dp_tun t;

	tun_masked(m, is_mask, &t);
	opts = t.opts + DP_TUN_OPTS_MAX - len;
	if (t.flags & DP_TUN_F_KEY)
		nla_put(w, OVS_TUNNEL_KEY_ATTR_ID, &t.tun_id, 8);
	if (m->put_key.tun_proto == 2) {
		if (t.ipv4_src)
			nla_put(w, OVS_TUNNEL_KEY_ATTR_IPV4_SRC, &t.ipv4_src, 4);
		if (t.ipv4_dst)
			nla_put(w, OVS_TUNNEL_KEY_ATTR_IPV4_DST, &t.ipv4_dst, 4);
	} else {
		if (!all_zero(t.ipv6_src, 16))
			nla_put(w, OVS_TUNNEL_KEY_ATTR_IPV6_SRC, t.ipv6_src, 16);
		if (!all_zero(t.ipv6_dst, 16))
			nla_put(w, OVS_TUNNEL_KEY_ATTR_IPV6_DST, t.ipv6_dst, 16);
	}
	if (t.tos)
		nla_put_u8(w, OVS_TUNNEL_KEY_ATTR_TOS, t.tos);
	nla_put_u8(w, OVS_TUNNEL_KEY_ATTR_TTL, t.ttl);
	if (t.flags & DP_TUN_F_DF)
		nla_put_flag(w, OVS_TUNNEL_KEY_ATTR_DONT_FRAGMENT);
	if (t.flags & DP_TUN_F_CSUM)
		nla_put_flag(w, OVS_TUNNEL_KEY_ATTR_CSUM);
	if (t.tp_src)
		nla_put(w, OVS_TUNNEL_KEY_ATTR_TP_SRC, &t.tp_src, 2);
	if (t.tp_dst)
		nla_put(w, OVS_TUNNEL_KEY_ATTR_TP_DST, &t.tp_dst, 2);
	if (t.flags & DP_TUN_F_OAM)
		nla_put_flag(w, OVS_TUNNEL_KEY_ATTR_OAM);
	if (len && (t.flags & DP_TUN_F_GENEVE)) {
		nla_put(w, OVS_TUNNEL_KEY_ATTR_GENEVE_OPTS, opts, len);
	} else if (len && (t.flags & DP_TUN_F_VXLAN)) {
		size_t vx = nla_nest_start(w, OVS_TUNNEL_KEY_ATTR_VXLAN_OPTS);

		nla_put(w, OVS_VXLAN_EXT_GBP, opts, 4);
		nla_nest_end(w, vx);
	} else if (len && (t.flags & DP_TUN_F_ERSPAN)) {
		nla_put(w, OVS_TUNNEL_KEY_ATTR_ERSPAN_OPTS, opts, len);
	}
	nla_nest_end(w, nest);
}

/* ovs_ct_put_key(), on a kernel with conntrack zones, marks and labels
 * as Debian builds it. */
static void put_ct(const struct dp_key *sw, const struct dp_key *out,
		   struct nla_writer *w)
{
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
}

/* __ovs_nla_put_key(): sw is the (masked) flow key, out the key or mask
 * being written. */
void dp_match_put(const struct dp_match *m, bool is_mask, struct nla_writer *w)
{
	struct dp_key masked = m->put_key;
	const struct dp_key *sw = &masked;
	const struct dp_key *out = is_mask ? &m->mask : sw;
	size_t encap = 0, in_encap = 0;
	bool have_encap = false, have_in_encap = false;

	if (is_mask || !m->dump_unmasked)
		mask_key(&masked, &m->mask);
	nla_put_u32(w, OVS_KEY_ATTR_RECIRC_ID, out->recirc_id);
	nla_put_u32(w, OVS_KEY_ATTR_DP_HASH, out->dp_hash);
	nla_put_u32(w, OVS_KEY_ATTR_PRIORITY, out->priority);
	if (sw->tun_proto)
		put_tunnel(w, m, is_mask);
	if (sw->in_port == DP_MAX_PORTS) {
		if (is_mask && out->in_port == 0xffff)
			nla_put_u32(w, OVS_KEY_ATTR_IN_PORT, 0xffffffff);
	} else {
		nla_put_u32(w, OVS_KEY_ATTR_IN_PORT,
			    (is_mask ? 0xffff0000u : 0) | out->in_port);
	}
	nla_put_u32(w, OVS_KEY_ATTR_SKB_MARK, out->skb_mark);

	put_ct(sw, out, w);

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
	put_l3(sw, out, m->dump_exthdrs, w);
	put_l4(sw, out, w);
unencap:
	if (have_in_encap)
		nla_nest_end(w, in_encap);
	if (have_encap)
		nla_nest_end(w, encap);
}
