// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/openvswitch.h>

#include "nlattr.h"
#include "odp_key.h"

/* ct_state bits the kernel accepts (CT_SUPPORTED_MASK in
 * net/openvswitch/conntrack.h); the kernel strips the rest from an
 * all-ones mask. */
#define ODP_CT_SUPPORTED_MASK 0xffu

/* Userspace-only struct ovs_key_nd_extensions of OVS's own
 * openvswitch.h: be32 nd_reserved + u8 nd_options_type, padded to 8. */
#define ODP_KEY_ND_EXTENSIONS_LEN 8

static const int key_attr_lens[] = {
	[OVS_KEY_ATTR_ENCAP] = ODP_KEY_LEN_NESTED,
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
	[OVS_KEY_ATTR_TUNNEL] = ODP_KEY_LEN_NESTED,
	[OVS_KEY_ATTR_SCTP] = sizeof(struct ovs_key_sctp),
	[OVS_KEY_ATTR_TCP_FLAGS] = sizeof(__be16),
	[OVS_KEY_ATTR_DP_HASH] = sizeof(__u32),
	[OVS_KEY_ATTR_RECIRC_ID] = sizeof(__u32),
	/* An array of struct ovs_key_mpls, one per label. */
	[OVS_KEY_ATTR_MPLS] = ODP_KEY_LEN_VARIABLE,
	[OVS_KEY_ATTR_CT_STATE] = sizeof(__u32),
	[OVS_KEY_ATTR_CT_ZONE] = sizeof(__u16),
	[OVS_KEY_ATTR_CT_MARK] = sizeof(__u32),
	[OVS_KEY_ATTR_CT_LABELS] = sizeof(struct ovs_key_ct_labels),
	[OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV4] = sizeof(struct ovs_key_ct_tuple_ipv4),
	[OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV6] = sizeof(struct ovs_key_ct_tuple_ipv6),
	[OVS_KEY_ATTR_NSH] = ODP_KEY_LEN_NESTED,
	/* Userspace only, absent from the kernel's table. */
	[OVS_KEY_ATTR_PACKET_TYPE] = sizeof(__be32),
	[OVS_KEY_ATTR_ND_EXTENSIONS] = ODP_KEY_ND_EXTENSIONS_LEN,
	/* Kernel only, absent from OVS 3.1's table. */
	[OVS_KEY_ATTR_IPV6_EXTHDRS] = sizeof(struct ovs_key_ipv6_exthdrs),
};

int odp_key_attr_len(unsigned int type)
{
	if (type >= sizeof(key_attr_lens) / sizeof(key_attr_lens[0]))
		return 0;
	return key_attr_lens[type];
}

/* The attributes parse_stream() reads into struct out_key_fields. Only
 * their size can make a stream bad: the others (ND, ct labels and tuples,
 * PACKET_TYPE, ...) have no room in the struct and are skipped unread,
 * whatever their length. */
#define KEY_BIT(type) (1ULL << (type))
static const uint64_t decoded_attrs =
	KEY_BIT(OVS_KEY_ATTR_PRIORITY) | KEY_BIT(OVS_KEY_ATTR_IN_PORT) |
	KEY_BIT(OVS_KEY_ATTR_SKB_MARK) | KEY_BIT(OVS_KEY_ATTR_DP_HASH) |
	KEY_BIT(OVS_KEY_ATTR_RECIRC_ID) | KEY_BIT(OVS_KEY_ATTR_CT_STATE) |
	KEY_BIT(OVS_KEY_ATTR_CT_ZONE) | KEY_BIT(OVS_KEY_ATTR_CT_MARK) |
	KEY_BIT(OVS_KEY_ATTR_ETHERNET) | KEY_BIT(OVS_KEY_ATTR_VLAN) |
	KEY_BIT(OVS_KEY_ATTR_ETHERTYPE) | KEY_BIT(OVS_KEY_ATTR_IPV4) |
	KEY_BIT(OVS_KEY_ATTR_IPV6) | KEY_BIT(OVS_KEY_ATTR_TCP) |
	KEY_BIT(OVS_KEY_ATTR_UDP) | KEY_BIT(OVS_KEY_ATTR_SCTP) |
	KEY_BIT(OVS_KEY_ATTR_TCP_FLAGS) | KEY_BIT(OVS_KEY_ATTR_ICMP) |
	KEY_BIT(OVS_KEY_ATTR_ICMPV6) | KEY_BIT(OVS_KEY_ATTR_ARP);

/* Whether 'a' is one parse_stream() reads and has the wrong size for it. */
static bool bad_len(const struct nla *a)
{
	return a->type < 64 && (decoded_attrs & KEY_BIT(a->type)) &&
	       a->len != (size_t)odp_key_attr_len(a->type);
}

static int parse_stream(const void *buf, size_t len, struct out_key_fields *f,
			int depth)
{
	struct nla_iter it;
	struct nla a, encap = { 0 };
	bool have_encap = false;
	int err = 0;

	nla_iter_init(&it, buf, len);
	while (nla_iter_next(&it, &a)) {
		if (bad_len(&a)) {
			err = -EINVAL;
			continue;
		}
		switch (a.type) {
		case OVS_KEY_ATTR_ENCAP:
			/* Parsed last: its ethertype is the frame's real one and
			 * must win over the outer TPID whatever the order. */
			encap = a;
			have_encap = true;
			break;
		case OVS_KEY_ATTR_PRIORITY:
			f->priority = nla_get_u32(&a);
			break;
		case OVS_KEY_ATTR_IN_PORT:
			f->in_port = nla_get_u32(&a);
			break;
		case OVS_KEY_ATTR_SKB_MARK:
			f->skb_mark = nla_get_u32(&a);
			break;
		case OVS_KEY_ATTR_DP_HASH:
			f->dp_hash = nla_get_u32(&a);
			break;
		case OVS_KEY_ATTR_RECIRC_ID:
			f->recirc_id = nla_get_u32(&a);
			break;
		case OVS_KEY_ATTR_CT_STATE:
			f->ct_state = (__u8)nla_get_u32(&a);
			break;
		case OVS_KEY_ATTR_CT_ZONE:
			f->ct_zone = nla_get_u16(&a);
			break;
		case OVS_KEY_ATTR_CT_MARK:
			f->ct_mark = nla_get_u32(&a);
			break;
		case OVS_KEY_ATTR_ETHERNET: {
			struct ovs_key_ethernet e;

			nla_get_bytes(&a, &e, sizeof(e));
			memcpy(f->eth_src, e.eth_src, 6);
			memcpy(f->eth_dst, e.eth_dst, 6);
			break;
		}
		case OVS_KEY_ATTR_VLAN:
			/* Only the outer tag has a place in the struct. */
			if (depth == 0)
				f->vlan_tci = nla_get_u16(&a);
			break;
		case OVS_KEY_ATTR_ETHERTYPE:
			f->eth_type = nla_get_u16(&a);
			break;
		case OVS_KEY_ATTR_IPV4: {
			struct ovs_key_ipv4 k;

			nla_get_bytes(&a, &k, sizeof(k));
			f->ipv4_src = k.ipv4_src;
			f->ipv4_dst = k.ipv4_dst;
			f->ip_proto = k.ipv4_proto;
			f->ip_tos = k.ipv4_tos;
			f->ip_ttl = k.ipv4_ttl;
			f->ip_frag = k.ipv4_frag;
			break;
		}
		case OVS_KEY_ATTR_IPV6: {
			struct ovs_key_ipv6 k;

			nla_get_bytes(&a, &k, sizeof(k));
			memcpy(f->ipv6_src, k.ipv6_src, 16);
			memcpy(f->ipv6_dst, k.ipv6_dst, 16);
			f->ipv6_label = k.ipv6_label;
			f->ip_proto = k.ipv6_proto;
			f->ip_tos = k.ipv6_tclass;
			f->ip_ttl = k.ipv6_hlimit;
			f->ip_frag = k.ipv6_frag;
			break;
		}
		case OVS_KEY_ATTR_TCP:
		case OVS_KEY_ATTR_UDP:
		case OVS_KEY_ATTR_SCTP: {
			/* The three share one layout: two be16 ports. */
			struct ovs_key_tcp k;

			nla_get_bytes(&a, &k, sizeof(k));
			f->tp_src = k.tcp_src;
			f->tp_dst = k.tcp_dst;
			break;
		}
		case OVS_KEY_ATTR_TCP_FLAGS:
			f->tcp_flags = nla_get_u16(&a);
			break;
		case OVS_KEY_ATTR_ICMP:
		case OVS_KEY_ATTR_ICMPV6: {
			/* Same layout; the kernel keeps htons(type), htons(code). */
			struct ovs_key_icmp k;

			nla_get_bytes(&a, &k, sizeof(k));
			f->tp_src = htons(k.icmp_type);
			f->tp_dst = htons(k.icmp_code);
			break;
		}
		case OVS_KEY_ATTR_ARP: {
			struct ovs_key_arp k;

			nla_get_bytes(&a, &k, sizeof(k));
			f->ipv4_src = k.arp_sip;
			f->ipv4_dst = k.arp_tip;
			f->ip_proto = (__u8)ntohs(k.arp_op);
			break;
		}
		default:
			break;
		}
	}
	if (nla_iter_left(&it))
		err = -EINVAL;
	if (have_encap && depth >= 3) {
		/* Deeper than two tags plus payload: not from a real put. */
		err = -EINVAL;
	} else if (have_encap) {
		int e = parse_stream(encap.data, encap.len, f, depth + 1);

		if (e)
			err = e;
	}
	return err;
}

int odp_key_parse(const void *buf, size_t len, struct out_key_fields *f)
{
	memset(f, 0, sizeof(*f));
	return parse_stream(buf, len, f, 0);
}

/* Presence in a mask stream of the two attributes the kernel forces to
 * exact. Like the kernel, an all-zero mask attribute counts as absent. */
static void find_forced(const void *buf, size_t len, bool *in_port,
			bool *eth_type)
{
	struct nla a;

	*in_port = nla_find(buf, len, OVS_KEY_ATTR_IN_PORT, &a) &&
		   nla_get_u32(&a) != 0;
	*eth_type = nla_find(buf, len, OVS_KEY_ATTR_ETHERTYPE, &a) &&
		    nla_get_u16(&a) != 0;
}

static void kernel_mask_rules(struct out_key_fields *mask, bool in_port,
			      bool eth_type)
{
	if (in_port)
		mask->in_port = 0xffffffff;
	if (eth_type)
		mask->eth_type = 0xffff;
	mask->vlan_tci = 0xffff;
	mask->ct_state &= ODP_CT_SUPPORTED_MASK;
}

int odp_key_parse_mask(const void *buf, size_t len, struct out_key_fields *mask)
{
	bool in_port, eth_type;
	int err;

	err = odp_key_parse(buf, len, mask);
	find_forced(buf, len, &in_port, &eth_type);
	kernel_mask_rules(mask, in_port, eth_type);
	return err;
}

/* Copies the stream with every payload byte set to 0xff, the way the kernel
 * builds the implicit mask (mask_set_nlattr()). Returns bytes written. */
static size_t ones_stream(const uint8_t *buf, size_t len, uint8_t *out,
			  int depth)
{
	struct nla_iter it;
	struct nla a;
	size_t n = 0;

	nla_iter_init(&it, buf, len);
	while (nla_iter_next(&it, &a)) {
		size_t total = (size_t)(nla_iter_pos(&it) - a.hdr);

		memcpy(out + n, a.hdr, total);
		if (a.type == OVS_KEY_ATTR_ENCAP && depth < 4)
			ones_stream(a.data, a.len, out + n + NLA_HDRLEN,
				    depth + 1);
		else
			memset(out + n + NLA_HDRLEN, 0xff, a.len);
		n += total;
	}
	return n;
}

int odp_key_exact_mask(const void *key, size_t len, struct out_key_fields *mask)
{
	uint8_t stack[1024];
	uint8_t *ones = stack;
	bool in_port, eth_type;
	size_t n;
	int err;

	if (len > sizeof(stack)) {
		ones = malloc(len);
		if (!ones) {
			memset(mask, 0, sizeof(*mask));
			return -ENOMEM;
		}
	}
	n = ones_stream(key, len, ones, 0);
	err = odp_key_parse(ones, n, mask);
	if (!err && n != len)
		err = -EINVAL;
	find_forced(ones, n, &in_port, &eth_type);
	kernel_mask_rules(mask, in_port, eth_type);
	if (ones != stack)
		free(ones);
	return err;
}

bool odp_key_match(const struct out_key_fields *pkt,
		   const struct out_key_fields *key,
		   const struct out_key_fields *mask)
{
	const uint8_t *p = (const uint8_t *)pkt;
	const uint8_t *k = (const uint8_t *)key;
	const uint8_t *m = (const uint8_t *)mask;
	size_t i;

	for (i = 0; i < sizeof(*pkt); i++)
		if ((p[i] ^ k[i]) & m[i])
			return false;
	return true;
}
