// SPDX-License-Identifier: GPL-2.0-only
/*
 * Flow keys as `ovs-dpctl dump-flows` prints them: the kernel's dump of the
 * flow (see dp_match.h) run through the rules of OVS 3.1 lib/odp-util.c
 * odp_flow_format(), non-verbose.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/openvswitch.h>

#include "dp_match.h"
#include "dpctl.h"
#include "dpctl_fmt.h"
#include "dpctl_key.h"
#include "dpctl_tunnel.h"
#include "dp_match.h"

static const char *key_attr_name(unsigned int type, char *buf, size_t n)
{
	static const char *const names[] = {
		[OVS_KEY_ATTR_UNSPEC] = "unspec",
		[OVS_KEY_ATTR_ENCAP] = "encap",
		[OVS_KEY_ATTR_PRIORITY] = "skb_priority",
		[OVS_KEY_ATTR_SKB_MARK] = "skb_mark",
		[OVS_KEY_ATTR_CT_STATE] = "ct_state",
		[OVS_KEY_ATTR_CT_ZONE] = "ct_zone",
		[OVS_KEY_ATTR_CT_MARK] = "ct_mark",
		[OVS_KEY_ATTR_CT_LABELS] = "ct_label",
		[OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV4] = "ct_tuple4",
		[OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV6] = "ct_tuple6",
		[OVS_KEY_ATTR_TUNNEL] = "tunnel",
		[OVS_KEY_ATTR_IN_PORT] = "in_port",
		[OVS_KEY_ATTR_ETHERNET] = "eth",
		[OVS_KEY_ATTR_VLAN] = "vlan",
		[OVS_KEY_ATTR_ETHERTYPE] = "eth_type",
		[OVS_KEY_ATTR_IPV4] = "ipv4",
		[OVS_KEY_ATTR_IPV6] = "ipv6",
		[OVS_KEY_ATTR_TCP] = "tcp",
		[OVS_KEY_ATTR_TCP_FLAGS] = "tcp_flags",
		[OVS_KEY_ATTR_UDP] = "udp",
		[OVS_KEY_ATTR_SCTP] = "sctp",
		[OVS_KEY_ATTR_ICMP] = "icmp",
		[OVS_KEY_ATTR_ICMPV6] = "icmpv6",
		[OVS_KEY_ATTR_ARP] = "arp",
		[OVS_KEY_ATTR_ND] = "nd",
		[OVS_KEY_ATTR_ND_EXTENSIONS] = "nd_ext",
		[OVS_KEY_ATTR_MPLS] = "mpls",
		[OVS_KEY_ATTR_DP_HASH] = "dp_hash",
		[OVS_KEY_ATTR_RECIRC_ID] = "recirc_id",
		[OVS_KEY_ATTR_PACKET_TYPE] = "packet_type",
		[OVS_KEY_ATTR_NSH] = "nsh",
		[OVS_KEY_ATTR_TUNNEL_INFO] = "<error: kernel-only tunnel_info>",
	};

	if (type < sizeof(names) / sizeof(names[0]) && names[type])
		return names[type];
	snprintf(buf, n, "key%u", type);
	return buf;
}

static void format_mpls(struct strbuf *out, const struct nla *a,
			const struct nla *ma)
{
	size_t i, n = a->len / 4;

	for (i = 0; i < n; i++) {
		uint32_t k = df_rd_be32(a->data + 4 * i);

		if (!ma) {
			strbuf_printf(out, "label=%" PRIu32 ",tc=%d,ttl=%d,bos=%d",
				      k >> 12, (int)((k >> 9) & 7),
				      (int)(k & 0xff), (int)((k >> 8) & 1));
		} else {
			uint32_t m = df_rd_be32(ma->data + 4 * i);

			strbuf_printf(out, "label=%" PRIu32 "/0x%x,tc=%d/%x,ttl=%d/0x%x,bos=%d/%x",
				      k >> 12, m >> 12,
				      (int)((k >> 9) & 7), (m >> 9) & 7,
				      (int)(k & 0xff), m & 0xff,
				      (int)((k >> 8) & 1), (m >> 8) & 1);
		}
		strbuf_putc(out, ',');
	}
	strbuf_chomp(out, ',');
}

/* "%#x[/%#x]" of a u32 field and, unless exact, its mask. */
static void put_u32_masked(struct strbuf *out, uint32_t v, const uint8_t *m,
			   bool exact)
{
	strbuf_put_hex_alt(out, v);
	if (!exact) {
		strbuf_putc(out, '/');
		strbuf_put_hex_alt(out, df_rd_u32(m));
	}
}

/* ENCAP nesting of the flow being formatted (per thread: formatting is
 * reentrant otherwise). */
static __thread int encap_depth;

/* format_odp_key_attr__(); a and ma have correct lengths. */
static void format_key_attr(struct strbuf *out, const struct nla *a,
			    const struct nla *ma, bool verbose)
{
	bool exact = ma ? df_mask_is_constant(ma, 0xff) : true;
	bool mask_empty = !ma || df_all_bytes(ma->data, ma->len, 0);
	const uint8_t *k = a->data;
	const uint8_t *m = ma ? ma->data : NULL;
	char namebuf[16];

	strbuf_puts(out, key_attr_name(a->type, namebuf, sizeof(namebuf)));
	strbuf_putc(out, '(');
	switch (a->type) {
	case OVS_KEY_ATTR_ENCAP:
		if (encap_depth >= 3) {
			/* Real keys nest two tags at most; a deeper stream can
			 * only be garbage, and must not exhaust the stack. */
			strbuf_puts(out, "<error: nested too deeply>");
			break;
		}
		encap_depth++;
		if (ma && ma->len && a->len)
			dpctl_fmt_flow(out, a->data, a->len, ma->data, ma->len,
				       verbose);
		else if (a->len)
			dpctl_fmt_flow(out, a->data, a->len, NULL, 0, verbose);
		encap_depth--;
		break;
	case OVS_KEY_ATTR_PRIORITY:
	case OVS_KEY_ATTR_SKB_MARK:
	case OVS_KEY_ATTR_DP_HASH:
	case OVS_KEY_ATTR_RECIRC_ID:
		put_u32_masked(out, df_rd_u32(k), m, exact);
		break;
	case OVS_KEY_ATTR_CT_MARK:
		if (verbose || !mask_empty)
			put_u32_masked(out, df_rd_u32(k), m, exact);
		break;
	case OVS_KEY_ATTR_CT_STATE:
		if (verbose) {
			strbuf_printf(out, "%#" PRIx32, df_rd_u32(k));
			if (!exact)
				strbuf_printf(out, "/%#" PRIx32,
					      mask_empty ? 0 : df_rd_u32(m));
		} else if (!exact) {
			df_flags_masked(out, df_ct_state_name, df_rd_u32(k),
					    mask_empty ? 0 : df_rd_u32(m),
					    UINT32_MAX);
		} else {
			df_flags(out, df_ct_state_name, df_rd_u32(k), '|');
		}
		break;
	case OVS_KEY_ATTR_CT_ZONE:
		if (verbose || !mask_empty) {
			strbuf_put_hex_alt(out, df_rd_u16(k));
			if (!exact) {
				strbuf_putc(out, '/');
				strbuf_put_hex_alt(out, df_rd_u16(m));
			}
		}
		break;
	case OVS_KEY_ATTR_CT_LABELS:
		dpctl_fmt_u128(out, k, m, verbose);
		break;
	case OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV4:
		df_ipv4(out, "src", k, m, verbose);
		df_ipv4(out, "dst", k + 4, m ? m + 4 : NULL, verbose);
		df_u8(out, "proto", k[12], m ? m + 12 : NULL, verbose,
			  false);
		df_be16(out, "tp_src", k + 8, m ? m + 8 : NULL, verbose,
			    false);
		df_be16(out, "tp_dst", k + 10, m ? m + 10 : NULL, verbose,
			    false);
		strbuf_chomp(out, ',');
		break;
	case OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV6:
		df_in6(out, "src", k, m, verbose);
		df_in6(out, "dst", k + 16, m ? m + 16 : NULL, verbose);
		df_u8(out, "proto", k[36], m ? m + 36 : NULL, verbose,
			  false);
		df_be16(out, "src_port", k + 32, m ? m + 32 : NULL,
			    verbose, false);
		df_be16(out, "dst_port", k + 34, m ? m + 34 : NULL,
			    verbose, false);
		strbuf_chomp(out, ',');
		break;
	case OVS_KEY_ATTR_TUNNEL:
		df_tunnel(out, a, ma, verbose);
		break;
	case OVS_KEY_ATTR_IN_PORT:
		strbuf_put_dec(out, df_rd_u32(k));
		if (!exact) {
			strbuf_putc(out, '/');
			strbuf_put_hex_alt(out, df_rd_u32(m));
		}
		break;
	case OVS_KEY_ATTR_PACKET_TYPE: {
		uint8_t ns[2] = { k[0], k[1] }, ns_m[2] = { 0xff, 0xff };
		uint8_t id[2] = { k[2], k[3] }, id_m[2] = { 0xff, 0xff };

		if (m) {
			memcpy(ns_m, m, 2);
			memcpy(id_m, m + 2, 2);
		}
		df_be16(out, "ns", ns, ns_m, verbose, false);
		df_be16(out, "id", id, id_m, verbose, true);
		strbuf_chomp(out, ',');
		break;
	}
	case OVS_KEY_ATTR_ETHERNET:
		df_eth(out, "src", k, m, verbose);
		df_eth(out, "dst", k + 6, m ? m + 6 : NULL, verbose);
		strbuf_chomp(out, ',');
		break;
	case OVS_KEY_ATTR_VLAN:
		dpctl_fmt_vlan_tci(out, df_rd_be16(k), m ? df_rd_be16(m) : 0xffff,
				   verbose);
		break;
	case OVS_KEY_ATTR_MPLS:
		if (!a->len || a->len % 4) {
			strbuf_printf(out, "(bad key length %zu)", a->len);
			return;
		}
		if (!exact && a->len != ma->len) {
			strbuf_printf(out, "(key length %zu != mask length %zu)",
				      a->len, ma->len);
			return;
		}
		format_mpls(out, a, exact ? NULL : ma);
		break;
	case OVS_KEY_ATTR_ETHERTYPE:
		strbuf_put(out, "0x", 2);
		strbuf_put_hex(out, df_rd_be16(k), 4);
		if (!exact) {
			strbuf_put(out, "/0x", 3);
			strbuf_put_hex(out, df_rd_be16(m), 4);
		}
		break;
	case OVS_KEY_ATTR_IPV4:
		df_ipv4(out, "src", k, m, verbose);
		df_ipv4(out, "dst", k + 4, m ? m + 4 : NULL, verbose);
		df_u8(out, "proto", k[8], m ? m + 8 : NULL, verbose, false);
		df_u8(out, "tos", k[9], m ? m + 9 : NULL, verbose, true);
		df_u8(out, "ttl", k[10], m ? m + 10 : NULL, verbose, false);
		df_frag(out, k[11], m ? m + 11 : NULL);
		strbuf_chomp(out, ',');
		break;
	case OVS_KEY_ATTR_IPV6:
		df_in6(out, "src", k, m, verbose);
		df_in6(out, "dst", k + 16, m ? m + 16 : NULL, verbose);
		df_ipv6_label(out, k + 32, m ? m + 32 : NULL, verbose);
		df_u8(out, "proto", k[36], m ? m + 36 : NULL, verbose,
			  false);
		df_u8(out, "tclass", k[37], m ? m + 37 : NULL, verbose,
			  true);
		df_u8(out, "hlimit", k[38], m ? m + 38 : NULL, verbose,
			  false);
		df_frag(out, k[39], m ? m + 39 : NULL);
		strbuf_chomp(out, ',');
		break;
	case OVS_KEY_ATTR_TCP:
	case OVS_KEY_ATTR_UDP:
	case OVS_KEY_ATTR_SCTP:
		df_be16(out, "src", k, m, verbose, false);
		df_be16(out, "dst", k + 2, m ? m + 2 : NULL, verbose,
			    false);
		strbuf_chomp(out, ',');
		break;
	case OVS_KEY_ATTR_TCP_FLAGS:
		if (!exact)
			df_flags_masked(out, df_tcp_flag_name, df_rd_be16(k),
					    df_rd_be16(m) & 0x0fff, 0x0fff);
		else
			df_flags(out, df_tcp_flag_name, df_rd_be16(k), '|');
		break;
	case OVS_KEY_ATTR_ICMP:
	case OVS_KEY_ATTR_ICMPV6:
		df_u8(out, "type", k[0], m, verbose, false);
		df_u8(out, "code", k[1], m ? m + 1 : NULL, verbose, false);
		strbuf_chomp(out, ',');
		break;
	case OVS_KEY_ATTR_ARP:
		df_ipv4(out, "sip", k, m, verbose);
		df_ipv4(out, "tip", k + 4, m ? m + 4 : NULL, verbose);
		df_be16(out, "op", k + 8, m ? m + 8 : NULL, verbose, false);
		df_eth(out, "sha", k + 10, m ? m + 10 : NULL, verbose);
		df_eth(out, "tha", k + 16, m ? m + 16 : NULL, verbose);
		strbuf_chomp(out, ',');
		break;
	case OVS_KEY_ATTR_ND:
		df_in6(out, "target", k, m, verbose);
		df_eth(out, "sll", k + 16, m ? m + 16 : NULL, verbose);
		df_eth(out, "tll", k + 22, m ? m + 22 : NULL, verbose);
		strbuf_chomp(out, ',');
		break;
	case OVS_KEY_ATTR_ND_EXTENSIONS:
		/* OVS prints nd_reserved as if fully masked, always. */
		if (df_rd_be32(k))
			strbuf_printf(out, "nd_reserved=0x%" PRIx32, df_rd_be32(k));
		strbuf_putc(out, ',');
		df_u8(out, "nd_options_type", k[4], m ? m + 4 : NULL,
			  verbose, false);
		strbuf_chomp(out, ',');
		break;
	case OVS_KEY_ATTR_NSH:
		df_nsh(out, a, ma);
		break;
	default:
		dpctl_fmt_hex_spaced(out, a->data, a->len);
		if (!exact) {
			strbuf_putc(out, '/');
			dpctl_fmt_hex_spaced(out, ma->data, ma->len);
		}
		break;
	}
	strbuf_putc(out, ')');
}

bool dpctl_fmt_key_attr(struct strbuf *out, const struct nla *a,
			const struct nla *ma, bool verbose)
{
	if (!df_check_len(out, a, ma, TBL_KEY, false))
		return false;
	format_key_attr(out, a, ma, verbose);
	return true;
}

/* nla_find() on one stream many times: the first attribute of each type
 * below 64 (every key attribute OVS knows), indexed in one walk. */
struct attr_index {
	const void *buf;
	size_t len;
	uint64_t present;
	struct nla tb[64];
};

static void attr_index_init(struct attr_index *ix, const void *buf, size_t len)
{
	struct nla_iter it;
	struct nla a;

	ix->buf = buf;
	ix->len = len;
	ix->present = 0;
	nla_iter_init(&it, buf, len);
	while (nla_iter_next(&it, &a)) {
		if (a.type < 64 && !(ix->present & (1ULL << a.type))) {
			ix->tb[a.type] = a;
			ix->present |= 1ULL << a.type;
		}
	}
}

static bool attr_index_find(const struct attr_index *ix, uint16_t type, struct nla *out)
{
	if (type >= 64)
		return nla_find(ix->buf, ix->len, type, out);
	if (!(ix->present & (1ULL << type)))
		return false;
	*out = ix->tb[type];
	return true;
}

int dpctl_fmt_flow(struct strbuf *out, const void *key, size_t key_len,
		   const void *mask, size_t mask_len, bool verbose)
{
	bool has_ethtype = false, has_packet_type = false, first = true;
	bool have_mask = mask && mask_len;
	struct attr_index mix;
	struct nla_iter it;
	struct nla a;
	int err = 0;

	if (!key_len) {
		strbuf_puts(out, "<empty>");
		return 0;
	}
	attr_index_init(&mix, mask, have_mask ? mask_len : 0);
	nla_iter_init(&it, key, key_len);
	while (nla_iter_next(&it, &a)) {
		uint8_t wbuf[512];
		struct nla mbuf, *ma = NULL, wild;
		bool nested, wildcard = false;

		if (have_mask && attr_index_find(&mix, a.type, &mbuf))
			ma = &mbuf;
		if (!df_check_len(out, &a, ma, TBL_KEY, false)) {
			err = -EINVAL;
			continue;
		}
		if (a.type == OVS_KEY_ATTR_ETHERTYPE)
			has_ethtype = true;
		else if (a.type == OVS_KEY_ATTR_PACKET_TYPE)
			has_packet_type = true;
		nested = df_attr_len(TBL_KEY, a.type) == LEN_NESTED;
		if (have_mask)
			wildcard = ma ? df_mask_is_constant(ma, 0) : true;

		if (verbose || !wildcard || nested) {
			if (wildcard && !ma) {
				wild = df_wildcard_of(&a, wbuf, sizeof(wbuf),
						   TBL_KEY);
				ma = &wild;
			}
			if (!first)
				strbuf_putc(out, ',');
			format_key_attr(out, &a, ma, verbose);
			first = false;
		} else if (a.type == OVS_KEY_ATTR_ETHERNET &&
			   !has_packet_type) {
			/* An all-wildcarded Ethernet header still says the
			 * packet is Ethernet, which the kernel needs shown. */
			if (!first)
				strbuf_putc(out, ',');
			strbuf_puts(out, "eth()");
		} else if (a.type == OVS_KEY_ATTR_PACKET_TYPE && wildcard) {
			has_packet_type = false;
		}
	}
	if (nla_iter_left(&it)) {
		size_t left = nla_iter_left(&it), i;
		const uint8_t *p = nla_iter_pos(&it);

		if (left == key_len)
			strbuf_puts(out, "<empty>");
		strbuf_printf(out, ",***%zu leftover bytes*** (", left);
		for (i = 0; i < left; i++)
			strbuf_printf(out, "%02x", p[i]);
		strbuf_putc(out, ')');
		err = -EINVAL;
	}
	/* A mask of no bytes holds no attribute. */
	if (!has_ethtype && have_mask &&
	    attr_index_find(&mix, OVS_KEY_ATTR_ETHERTYPE, &a))
		strbuf_printf(out, ",eth_type(0/0x%04" PRIx16 ")",
			      a.len >= 2 ? df_rd_be16(a.data) : 0);
	return err;
}

int dpctl_format_match(struct strbuf *out, const struct dp_match *m,
		       const void *key, size_t key_len, const void *mask,
		       size_t mask_len)
{
	uint8_t kbuf[2048], mbuf[2048];
	struct nla_writer kw, mw;
	int err;

	if (!m || m->refused) {
		/* The kernel would have refused this put, so there is no dump
		 * to reproduce: show the put itself, bad parts marked the way
		 * odp-util marks them. */
		dpctl_fmt_flow(out, key, key_len, mask, mask ? mask_len : 0,
			       false);
		return strbuf_error(out) ? strbuf_error(out) : -EINVAL;
	}
	nla_writer_init(&kw, kbuf, sizeof(kbuf));
	nla_writer_init(&mw, mbuf, sizeof(mbuf));
	dp_match_put(m, false, &kw);
	dp_match_put(m, true, &mw);
	err = kw.err ? kw.err : mw.err;
	if (!err)
		err = dpctl_fmt_flow(out, kbuf, kw.len, mbuf, mw.len, false);
	return err ? err : strbuf_error(out);
}

int dpctl_format_key(struct strbuf *out, const void *key, size_t key_len,
		     const void *mask, size_t mask_len)
{
	struct dp_match *m;
	int err;

	m = malloc(sizeof(*m));
	if (!m)
		return -ENOMEM;
	err = dp_match_from_put(m, key, key_len, mask, mask_len, NULL);
	err = dpctl_format_match(out, err ? NULL : m, key, key_len, mask, mask_len);
	free(m);
	return err;
}
