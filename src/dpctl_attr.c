// SPDX-License-Identifier: GPL-2.0-only
/*
 * Attribute rules shared by the key and tunnel formatters: the length
 * tables of OVS 3.1 lib/odp-util.c (ovs_flow_key_attr_lens[] and its nested
 * tables), check_attr_len(), format_unknown_key() and
 * generate_all_wildcard_mask(). They know attribute shapes, not their text.
 */
#include <stdio.h>
#include <string.h>
#include <linux/openvswitch.h>

#include "dpctl_fmt.h"

/* Sizes from lib/odp-util.c ovs_tun_key_attr_lens[] and friends; the key
 * attributes' own come from dp_key_attr_len(). */

static int df_tbl_max(enum df_tbl tbl)
{
	switch (tbl) {
	case TBL_KEY:
		return ODP_KEY_ATTR_MAX;
	case TBL_TUNNEL:
		return DF_TUNNEL_KEY_ATTR_GTPU_OPTS;
	case TBL_VXLAN:
		return OVS_VXLAN_EXT_GBP;
	case TBL_NSH:
		return OVS_NSH_KEY_ATTR_MD2;
	}
	return 0;
}

int df_attr_len(enum df_tbl tbl, unsigned int type)
{
	if ((int)type > df_tbl_max(tbl))
		return LEN_INVALID;
	if (tbl == TBL_VXLAN)
		return type == OVS_VXLAN_EXT_GBP ? 4 : 0;
	if (tbl == TBL_NSH) {
		switch (type) {
		case OVS_NSH_KEY_ATTR_BASE: return 8;
		case OVS_NSH_KEY_ATTR_MD1: return 16;
		case OVS_NSH_KEY_ATTR_MD2: return LEN_VARIABLE;
		default: return 0;
		}
	}
	if (tbl == TBL_TUNNEL)
		return dp_tun_attr_len(type);
	/* OVS 3.1's ovs_flow_key_attr_lens[] is the shared table up to
	 * ODP_KEY_ATTR_MAX, checked above: it has PACKET_TYPE and
	 * ND_EXTENSIONS, and IPV6_EXTHDRS lies beyond it. */
	return dp_key_attr_len(type);
}

bool df_find(const struct nla *nest, uint16_t type, struct nla *out)
{
	return nla_find(nest->data, nest->len, type, out);
}

void df_put_bad_len(struct strbuf *out, const struct nla *a, const struct nla *ma, int want,
		    bool need_key)
{
	bool bad_key = a->len != (size_t)want;
	bool bad_mask = ma && ma->len != (size_t)want;

	if (need_key)
		strbuf_printf(out, "key%u", a->type);
	if (bad_key)
		strbuf_printf(out, "(bad key length %zu, expected %d)(",
			      a->len, want);
	dpctl_fmt_hex_spaced(out, a->data, a->len);
	if (ma) {
		strbuf_putc(out, '/');
		if (bad_mask)
			strbuf_printf(out, "(bad mask length %zu, expected %d)(",
				      ma->len, want);
		dpctl_fmt_hex_spaced(out, ma->data, ma->len);
	}
	strbuf_putc(out, ')');
}

/* check_attr_len(). */
bool df_check_len(struct strbuf *out, const struct nla *a,
		      const struct nla *ma, enum df_tbl tbl, bool need_key)
{
	int want;

	if ((int)a->type > df_tbl_max(tbl))
		return true;
	want = df_attr_len(tbl, a->type);
	if (want == LEN_VARIABLE || want == LEN_NESTED)
		return true;
	if (a->len == (size_t)want && (!ma || ma->len == (size_t)want))
		return true;
	df_put_bad_len(out, a, ma, want, need_key);
	return false;
}

bool df_mask_is_constant(const struct nla *ma, uint8_t c)
{
	const uint8_t *p = ma->data;

	switch (ma->type) {
	case OVS_KEY_ATTR_PRIORITY:
	case OVS_KEY_ATTR_IN_PORT:
	case OVS_KEY_ATTR_ETHERNET:
	case OVS_KEY_ATTR_VLAN:
	case OVS_KEY_ATTR_ETHERTYPE:
	case OVS_KEY_ATTR_IPV4:
	case OVS_KEY_ATTR_TCP:
	case OVS_KEY_ATTR_UDP:
	case OVS_KEY_ATTR_ICMP:
	case OVS_KEY_ATTR_ICMPV6:
	case OVS_KEY_ATTR_ND:
	case OVS_KEY_ATTR_ND_EXTENSIONS:
	case OVS_KEY_ATTR_SKB_MARK:
	case OVS_KEY_ATTR_TUNNEL:
	case OVS_KEY_ATTR_SCTP:
	case OVS_KEY_ATTR_DP_HASH:
	case OVS_KEY_ATTR_RECIRC_ID:
	case OVS_KEY_ATTR_MPLS:
	case OVS_KEY_ATTR_CT_STATE:
	case OVS_KEY_ATTR_CT_ZONE:
	case OVS_KEY_ATTR_CT_MARK:
	case OVS_KEY_ATTR_CT_LABELS:
	case OVS_KEY_ATTR_PACKET_TYPE:
	case OVS_KEY_ATTR_NSH:
		return df_all_bytes(p, ma->len, c);
	case OVS_KEY_ATTR_TCP_FLAGS:
		return ma->len >= 2 &&
		       (df_rd_be16(p) & 0x0fff) == (c ? 0x0fff : 0);
	case OVS_KEY_ATTR_IPV6:
		return ma->len >= 40 &&
		       (df_rd_be32(p + 32) & 0xfffff) == (c ? 0xfffff : 0) &&
		       df_all_bytes(p + 36, 4, c) && df_all_bytes(p, 32, c);
	case OVS_KEY_ATTR_ARP:
		return ma->len >= 22 && df_all_bytes(p, 22, c);
	case OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV4:
		return ma->len >= 13 && df_all_bytes(p, 13, c);
	case OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV6:
		return ma->len >= 37 && df_all_bytes(p, 37, c);
	default:
		return false;
	}
}

void df_unknown_key(struct strbuf *out, const struct nla *a,
			       const struct nla *ma)
{
	strbuf_printf(out, "key%u(", a->type);
	dpctl_fmt_hex_spaced(out, a->data, a->len);
	if (ma && !df_mask_is_constant(ma, 0xff)) {
		strbuf_putc(out, '/');
		dpctl_fmt_hex_spaced(out, ma->data, ma->len);
	}
	strbuf_puts(out, "),");
}

/* Zeroes every leaf payload of a stream in place, keeping nests. Callers
 * pass at most 512 bytes, which bounds the recursion. */
static void zero_leaves(uint8_t *buf, size_t len, enum df_tbl tbl)
{
	struct nla_iter it;
	struct nla a;

	nla_iter_init(&it, buf, len);
	while (nla_iter_next(&it, &a)) {
		uint8_t *payload = (uint8_t *)a.data;

		if (df_attr_len(tbl, a.type) != LEN_NESTED)
			memset(payload, 0, a.len);
		else if (tbl == TBL_KEY && a.type == OVS_KEY_ATTR_TUNNEL)
			zero_leaves(payload, a.len, TBL_TUNNEL);
		else if (tbl == TBL_TUNNEL)
			zero_leaves(payload, a.len, TBL_VXLAN);
		else
			zero_leaves(payload, a.len, tbl);
	}
}

/* generate_all_wildcard_mask(): a mask attribute with the key attribute's
 * shape and nothing matched, built in buf. */
struct nla df_wildcard_of(const struct nla *a, uint8_t *buf, size_t cap,
			      enum df_tbl tbl)
{
	struct nla out = *a;
	size_t n = NLA_HDRLEN + a->len;

	if (n > cap) {
		out.len = 0;
		out.data = buf;
		return out;
	}
	memcpy(buf, a->hdr, n);
	out.hdr = buf;
	out.data = buf + NLA_HDRLEN;
	if (df_attr_len(tbl, a->type) == LEN_NESTED)
		zero_leaves(buf + NLA_HDRLEN, a->len,
			    a->type == OVS_KEY_ATTR_TUNNEL && tbl == TBL_KEY ?
			    TBL_TUNNEL : tbl == TBL_TUNNEL ? TBL_VXLAN : tbl);
	else
		memset(buf + NLA_HDRLEN, 0, a->len);
	return out;
}

const struct nla *df_mask_of(const struct nla *mattr, const struct nla *a,
			     struct nla *mbuf, uint8_t *buf, size_t cap,
			     enum df_tbl tbl)
{
	if (!mattr)
		return NULL;
	if (!df_find(mattr, a->type, mbuf))
		*mbuf = df_wildcard_of(a, buf, cap, tbl);
	return mbuf;
}

bool df_leftover(struct strbuf *out, const struct nla_iter *it, size_t len)
{
	size_t left = nla_iter_left(it), i;
	const uint8_t *p = nla_iter_pos(it);

	if (!left)
		return false;
	if (left == len)
		strbuf_puts(out, "<empty>");
	strbuf_printf(out, ",***%zu leftover bytes*** (", left);
	for (i = 0; i < left; i++)
		strbuf_printf(out, "%02x", p[i]);
	strbuf_putc(out, ')');
	return true;
}
