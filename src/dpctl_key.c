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

/* One key attribute being formatted, as format_odp_key_attr__() sees it. */
struct key_view {
	const struct nla *a;
	const struct nla *ma;	/* NULL: exact */
	const uint8_t *k;
	const uint8_t *m;	/* NULL: exact */
	bool exact;		/* no mask, or all ones where it matters */
	bool mask_empty;	/* no mask, or all zeros */
	bool verbose;
	uint32_t ovs;		/* the release whose text, DPCTL_OVS */
};

/* The text inside "name(...)". False leaves the parenthesis open: odp-util
 * does so after the errors it finds there. */
typedef bool key_fmt_fn(struct strbuf *out, const struct key_view *v);

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

/* Packet metadata: skb_priority, skb_mark, dp_hash, recirc_id. */
static bool fmt_u32(struct strbuf *out, const struct key_view *v)
{
	put_u32_masked(out, df_rd_u32(v->k), v->m, v->exact);
	return true;
}

static bool fmt_in_port(struct strbuf *out, const struct key_view *v)
{
	strbuf_put_dec(out, df_rd_u32(v->k));
	if (!v->exact) {
		strbuf_putc(out, '/');
		strbuf_put_hex_alt(out, df_rd_u32(v->m));
	}
	return true;
}

/* ENCAP nesting of the flow being formatted (per thread: formatting is
 * reentrant otherwise). */
static __thread int encap_depth;

static bool fmt_encap(struct strbuf *out, const struct key_view *v)
{
	const struct nla *a = v->a, *ma = v->ma;

	if (encap_depth >= 3) {
		/* Real keys nest two tags at most; a deeper stream can only
		 * be garbage, and must not exhaust the stack. */
		strbuf_puts(out, "<error: nested too deeply>");
		return true;
	}
	encap_depth++;
	if (ma && ma->len && a->len)
		dpctl_fmt_flow(out, a->data, a->len, ma->data, ma->len,
			       v->verbose, v->ovs);
	else if (a->len)
		dpctl_fmt_flow(out, a->data, a->len, NULL, 0, v->verbose, v->ovs);
	encap_depth--;
	return true;
}

/* Conntrack state. */
static bool fmt_ct_state(struct strbuf *out, const struct key_view *v)
{
	uint32_t state = df_rd_u32(v->k);
	uint32_t mask = v->mask_empty ? 0 : df_rd_u32(v->m);

	if (v->verbose) {
		strbuf_printf(out, "%#" PRIx32, state);
		if (!v->exact)
			strbuf_printf(out, "/%#" PRIx32, mask);
	} else if (!v->exact) {
		df_flags_masked(out, df_ct_state_name, state, mask, UINT32_MAX);
	} else {
		df_flags(out, df_ct_state_name, state, '|');
	}
	return true;
}

static bool fmt_ct_zone(struct strbuf *out, const struct key_view *v)
{
	if (!v->verbose && v->mask_empty)
		return true;
	strbuf_put_hex_alt(out, df_rd_u16(v->k));
	if (!v->exact) {
		strbuf_putc(out, '/');
		strbuf_put_hex_alt(out, df_rd_u16(v->m));
	}
	return true;
}

static bool fmt_ct_mark(struct strbuf *out, const struct key_view *v)
{
	if (v->verbose || !v->mask_empty)
		put_u32_masked(out, df_rd_u32(v->k), v->m, v->exact);
	return true;
}

static bool fmt_ct_labels(struct strbuf *out, const struct key_view *v)
{
	dpctl_fmt_u128(out, v->k, v->m, v->verbose);
	return true;
}

/* Layer 2. */
static bool fmt_vlan(struct strbuf *out, const struct key_view *v)
{
	dpctl_fmt_vlan_tci(out, df_rd_be16(v->k),
			   v->m ? df_rd_be16(v->m) : 0xffff, v->verbose);
	return true;
}

static bool fmt_ethertype(struct strbuf *out, const struct key_view *v)
{
	strbuf_put(out, "0x", 2);
	strbuf_put_hex(out, df_rd_be16(v->k), 4);
	if (!v->exact) {
		strbuf_put(out, "/0x", 3);
		strbuf_put_hex(out, df_rd_be16(v->m), 4);
	}
	return true;
}

/* Label stack entries, each with its mask unless exact. */
static bool fmt_mpls(struct strbuf *out, const struct key_view *v)
{
	const struct nla *a = v->a, *ma = v->exact ? NULL : v->ma;
	size_t i, n = a->len / 4;

	if (!a->len || a->len % 4) {
		strbuf_printf(out, "(bad key length %zu)", a->len);
		return false;
	}
	if (ma && a->len != ma->len) {
		strbuf_printf(out, "(key length %zu != mask length %zu)",
			      a->len, ma->len);
		return false;
	}
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
	return true;
}

/* Layers 3 and 4. */
static bool fmt_tcp_flags(struct strbuf *out, const struct key_view *v)
{
	if (!v->exact)
		df_flags_masked(out, df_tcp_flag_name, df_rd_be16(v->k),
				df_rd_be16(v->m) & 0x0fff, 0x0fff);
	else
		df_flags(out, df_tcp_flag_name, df_rd_be16(v->k), '|');
	return true;
}

static bool fmt_nd_ext(struct strbuf *out, const struct key_view *v)
{
	static const struct df_field options_type = {
		DF_U8, 4, "nd_options_type"
	};
	uint32_t reserved = df_rd_be32(v->k);

	/* OVS prints nd_reserved as if fully masked, always. */
	if (reserved)
		strbuf_printf(out, "nd_reserved=0x%" PRIx32, reserved);
	strbuf_putc(out, ',');
	df_field(out, &options_type, v->k, v->m, v->verbose);
	strbuf_chomp(out, ',');
	return true;
}

/* The nests with rules of their own. */
static bool fmt_tunnel(struct strbuf *out, const struct key_view *v)
{
	df_tunnel(out, v->a, v->ma, v->verbose);
	return true;
}

static bool fmt_nsh(struct strbuf *out, const struct key_view *v)
{
	df_nsh(out, v->a, v->ma);
	return true;
}

/* What odp-util shows of a type it has no rules for: the bytes. */
static void fmt_raw(struct strbuf *out, const struct key_view *v)
{
	dpctl_fmt_hex_spaced(out, v->a->data, v->a->len);
	if (!v->exact) {
		strbuf_putc(out, '/');
		dpctl_fmt_hex_spaced(out, v->ma->data, v->ma->len);
	}
}

/* The payloads that are plain structs of fields (struct ovs_key_*). */
static const struct df_field eth_fields[] = {
	{ DF_ETH, 0, "src" }, { DF_ETH, 6, "dst" }, { DF_END },
};
static const struct df_field packet_type_fields[] = {
	{ DF_BE16, 0, "ns" }, { DF_BE16_HEX, 2, "id" }, { DF_END },
};
static const struct df_field ipv4_fields[] = {
	{ DF_IP4, 0, "src" }, { DF_IP4, 4, "dst" }, { DF_U8, 8, "proto" },
	{ DF_U8_HEX, 9, "tos" }, { DF_U8, 10, "ttl" }, { DF_FRAG, 11, NULL },
	{ DF_END },
};
static const struct df_field ipv6_fields[] = {
	{ DF_IN6, 0, "src" }, { DF_IN6, 16, "dst" }, { DF_IPV6_LABEL, 32, NULL },
	{ DF_U8, 36, "proto" }, { DF_U8_HEX, 37, "tclass" },
	{ DF_U8, 38, "hlimit" }, { DF_FRAG, 39, NULL }, { DF_END },
};
static const struct df_field port_fields[] = {	/* tcp, udp, sctp */
	{ DF_BE16, 0, "src" }, { DF_BE16, 2, "dst" }, { DF_END },
};
static const struct df_field icmp_fields[] = {
	{ DF_U8, 0, "type" }, { DF_U8, 1, "code" }, { DF_END },
};
static const struct df_field arp_fields[] = {
	{ DF_IP4, 0, "sip" }, { DF_IP4, 4, "tip" }, { DF_BE16, 8, "op" },
	{ DF_ETH, 10, "sha" }, { DF_ETH, 16, "tha" }, { DF_END },
};
static const struct df_field nd_fields[] = {
	{ DF_IN6, 0, "target" }, { DF_ETH, 16, "sll" }, { DF_ETH, 22, "tll" },
	{ DF_END },
};
/* The order is odp-util's, not the struct's: proto before the ports. */
static const struct df_field ct_tuple4_fields[] = {
	{ DF_IP4, 0, "src" }, { DF_IP4, 4, "dst" }, { DF_U8, 12, "proto" },
	{ DF_BE16, 8, "tp_src" }, { DF_BE16, 10, "tp_dst" }, { DF_END },
};
static const struct df_field ct_tuple6_fields[] = {
	{ DF_IN6, 0, "src" }, { DF_IN6, 16, "dst" }, { DF_U8, 36, "proto" },
	{ DF_BE16, 32, "src_port" }, { DF_BE16, 34, "dst_port" }, { DF_END },
};

/* ovs_key_attr_to_string() and format_odp_key_attr__(), by type: a type
 * with neither fmt nor fields is shown raw. */
static const struct key_attr_fmt {
	const char *name;
	key_fmt_fn *fmt;
	const struct df_field *fields;
} key_fmts[] = {
	[OVS_KEY_ATTR_UNSPEC] = { "unspec", NULL, NULL },
	[OVS_KEY_ATTR_ENCAP] = { "encap", fmt_encap, NULL },
	[OVS_KEY_ATTR_PRIORITY] = { "skb_priority", fmt_u32, NULL },
	[OVS_KEY_ATTR_SKB_MARK] = { "skb_mark", fmt_u32, NULL },
	[OVS_KEY_ATTR_CT_STATE] = { "ct_state", fmt_ct_state, NULL },
	[OVS_KEY_ATTR_CT_ZONE] = { "ct_zone", fmt_ct_zone, NULL },
	[OVS_KEY_ATTR_CT_MARK] = { "ct_mark", fmt_ct_mark, NULL },
	[OVS_KEY_ATTR_CT_LABELS] = { "ct_label", fmt_ct_labels, NULL },
	[OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV4] = { "ct_tuple4", NULL, ct_tuple4_fields },
	[OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV6] = { "ct_tuple6", NULL, ct_tuple6_fields },
	[OVS_KEY_ATTR_TUNNEL] = { "tunnel", fmt_tunnel, NULL },
	[OVS_KEY_ATTR_IN_PORT] = { "in_port", fmt_in_port, NULL },
	[OVS_KEY_ATTR_ETHERNET] = { "eth", NULL, eth_fields },
	[OVS_KEY_ATTR_VLAN] = { "vlan", fmt_vlan, NULL },
	[OVS_KEY_ATTR_ETHERTYPE] = { "eth_type", fmt_ethertype, NULL },
	[OVS_KEY_ATTR_IPV4] = { "ipv4", NULL, ipv4_fields },
	[OVS_KEY_ATTR_IPV6] = { "ipv6", NULL, ipv6_fields },
	[OVS_KEY_ATTR_TCP] = { "tcp", NULL, port_fields },
	[OVS_KEY_ATTR_TCP_FLAGS] = { "tcp_flags", fmt_tcp_flags, NULL },
	[OVS_KEY_ATTR_UDP] = { "udp", NULL, port_fields },
	[OVS_KEY_ATTR_SCTP] = { "sctp", NULL, port_fields },
	[OVS_KEY_ATTR_ICMP] = { "icmp", NULL, icmp_fields },
	[OVS_KEY_ATTR_ICMPV6] = { "icmpv6", NULL, icmp_fields },
	[OVS_KEY_ATTR_ARP] = { "arp", NULL, arp_fields },
	[OVS_KEY_ATTR_ND] = { "nd", NULL, nd_fields },
	[OVS_KEY_ATTR_ND_EXTENSIONS] = { "nd_ext", fmt_nd_ext, NULL },
	[OVS_KEY_ATTR_MPLS] = { "mpls", fmt_mpls, NULL },
	[OVS_KEY_ATTR_DP_HASH] = { "dp_hash", fmt_u32, NULL },
	[OVS_KEY_ATTR_RECIRC_ID] = { "recirc_id", fmt_u32, NULL },
	[OVS_KEY_ATTR_PACKET_TYPE] = { "packet_type", NULL, packet_type_fields },
	[OVS_KEY_ATTR_NSH] = { "nsh", fmt_nsh, NULL },
	[OVS_KEY_ATTR_TUNNEL_INFO] = { "<error: kernel-only tunnel_info>", NULL, NULL },
};

/* format_odp_key_attr__(); a and ma have correct lengths. */
static bool format_key_attr(struct strbuf *out, const struct nla *a,
			    const struct nla *ma, bool verbose, uint32_t ovs)
{
	static const struct key_attr_fmt unknown;
	const struct key_attr_fmt *f =
		a->type < sizeof(key_fmts) / sizeof(key_fmts[0]) ?
		&key_fmts[a->type] : &unknown;
	const struct key_view v = {
		.a = a,
		.ma = ma,
		.k = a->data,
		.m = ma ? ma->data : NULL,
		.exact = ma ? df_mask_is_constant(ma, 0xff) : true,
		.mask_empty = !ma || df_all_bytes(ma->data, ma->len, 0),
		.verbose = verbose,
		.ovs = ovs,
	};

	if (f->name)
		strbuf_puts(out, f->name);
	else
		strbuf_printf(out, "key%u", a->type);
	strbuf_putc(out, '(');
	if (f->fmt) {
		if (!f->fmt(out, &v))
			return false;
	} else if (f->fields) {
		df_fields(out, f->fields, v.k, v.m, verbose);
	} else {
		fmt_raw(out, &v);
	}
	strbuf_putc(out, ')');
	return true;
}

/* An attribute's bytes, zero-padded to the memo's 16, for comparing in
 * two words. */
static void memo_bytes(uint8_t dst[DPCTL_MEMO_BYTES], const struct nla *a)
{
	memset(dst, 0, DPCTL_MEMO_BYTES);
	if (a)
		memcpy(dst, a->data, a->len);
}

static bool same16(const uint8_t *x, const uint8_t *y)
{
	uint64_t a[2], b[2];

	memcpy(a, x, 16);
	memcpy(b, y, 16);
	return !((a[0] ^ b[0]) | (a[1] ^ b[1]));
}

/* The memo's entry for an attribute (and its mask attribute, NULL: exact)
 * when it can hold it: small, not verbose. Its bytes go to kb and mb. */
static struct dpctl_memo_entry *memo_slot(struct dpctl_memo *memo, const struct nla *a,
					  const struct nla *ma, bool verbose,
					  uint8_t kb[DPCTL_MEMO_BYTES],
					  uint8_t mb[DPCTL_MEMO_BYTES])
{
	if (!memo || verbose || a->type >= DPCTL_MEMO_TYPES || a->len > DPCTL_MEMO_BYTES ||
	    (ma && ma->len > DPCTL_MEMO_BYTES))
		return NULL;
	memo_bytes(kb, a);
	memo_bytes(mb, ma);
	return &memo->e[a->type];
}

static bool memo_hit(const struct dpctl_memo_entry *e, const struct nla *a,
		     const struct nla *ma, const uint8_t *kb, const uint8_t *mb)
{
	return e && e->tlen && e->klen == a->len && e->mlen == (ma ? ma->len : 0xff) &&
	       same16(e->k, kb) && same16(e->m, mb);
}

/* format_key_attr(), its text kept in the memo entry e (if any) when it
 * closed its parenthesis: text with an error in it is not kept. */
static void format_key_attr_memo(struct strbuf *out, const struct nla *a,
				 const struct nla *ma, bool verbose, uint32_t ovs,
				 struct dpctl_memo_entry *e, const uint8_t *kb,
				 const uint8_t *mb)
{
	size_t start = strbuf_len(out), n;

	if (!format_key_attr(out, a, ma, verbose, ovs) || !e || strbuf_error(out))
		return;
	n = strbuf_len(out) - start;
	if (n > sizeof(e->text))
		return;
	e->klen = (uint8_t)a->len;
	e->mlen = ma ? (uint8_t)ma->len : 0xff;
	e->tlen = (uint8_t)n;
	memcpy(e->k, kb, DPCTL_MEMO_BYTES);
	memcpy(e->m, mb, DPCTL_MEMO_BYTES);
	memcpy(e->text, strbuf_cstr(out) + start, n);
}

bool dpctl_fmt_key_attr(struct strbuf *out, const struct nla *a,
			const struct nla *ma, bool verbose)
{
	if (!df_check_len(out, a, ma, TBL_KEY, false))
		return false;
	/* Only set() actions come here, whose keys every release prints
	 * alike. */
	format_key_attr(out, a, ma, verbose, DPCTL_OVS_DEFAULT);
	return true;
}

/* nla_find() on one stream many times: every key attribute OVS knows has
 * a type below 64, indexed in one walk. */
struct attr_index {
	const void *buf;
	size_t len;
	uint64_t present;
	struct nla tb[64];
};

static bool attr_index_find(const struct attr_index *ix, uint16_t type, struct nla *out)
{
	if (type >= 64)
		return nla_find(ix->buf, ix->len, type, out);
	if (!(ix->present & (1ULL << type)))
		return false;
	*out = ix->tb[type];
	return true;
}

/* odp_flow_format()'s walk over a key stream, attribute by attribute. */
struct flow_walk {
	struct strbuf *out;
	struct dpctl_memo *memo;
	struct attr_index mix;	/* the mask stream */
	bool have_mask, verbose;
	bool first, has_ethtype, has_packet_type;
	uint32_t ovs;
	int err;
};

static void walk_sep(struct flow_walk *w)
{
	if (!w->first)
		strbuf_putc(w->out, ',');
	w->first = false;
}

static void walk_attr(struct flow_walk *w, const struct nla *a)
{
	uint8_t wbuf[512], kb[DPCTL_MEMO_BYTES], mb[DPCTL_MEMO_BYTES];
	struct nla mbuf, *ma = NULL, wild;
	struct dpctl_memo_entry *e;
	bool hit, wildcard = false;

	if (w->have_mask && attr_index_find(&w->mix, a->type, &mbuf))
		ma = &mbuf;
	/* A mask stream without this attribute: the text is of a wildcard
	 * made below, not for the memo. */
	e = w->have_mask && !ma ? NULL : memo_slot(w->memo, a, ma, w->verbose, kb, mb);
	hit = memo_hit(e, a, ma, kb, mb);
	if (!hit && a->type > ODP_KEY_ATTR_MAX && !dpctl_ovs_late_2022(w->ovs)) {
		/* Before 954ae38a1 a type past its own enum (the kernel's
		 * IPV6_EXTHDRS) failed the length check: OVS 2.15 prints the
		 * bad-length text, no separator, and goes on. */
		df_put_bad_len(w->out, a, ma, LEN_INVALID, false);
		return;
	}
	if (!hit && !df_check_len(w->out, a, ma, TBL_KEY, false)) {
		w->err = -EINVAL;
		return;
	}
	if (a->type == OVS_KEY_ATTR_ETHERTYPE)
		w->has_ethtype = true;
	else if (a->type == OVS_KEY_ATTR_PACKET_TYPE)
		w->has_packet_type = true;
	if (hit) {
		/* Only text of checked, shown attributes is kept. */
		walk_sep(w);
		strbuf_put(w->out, e->text, e->tlen);
		return;
	}
	if (w->have_mask)
		wildcard = ma ? df_mask_is_constant(ma, 0) : true;

	/* A nest is shown even when wildcarded. The nests (encap, tunnel,
	 * nsh) are all OVS 3.1's, so the kernel's table is
	 * df_attr_len(TBL_KEY)'s answer, one call cheaper. */
	if (w->verbose || !wildcard || dp_key_attr_len(a->type) == LEN_NESTED) {
		if (wildcard && !ma) {
			wild = df_wildcard_of(a, wbuf, sizeof(wbuf), TBL_KEY);
			ma = &wild;
		}
		walk_sep(w);
		format_key_attr_memo(w->out, a, ma, w->verbose, w->ovs, e, kb, mb);
	} else if (a->type == OVS_KEY_ATTR_ETHERNET && !w->has_packet_type) {
		/* An all-wildcarded Ethernet header still says the packet is
		 * Ethernet, which the kernel needs shown. odp-util leaves the
		 * separator state alone here. */
		if (!w->first)
			strbuf_putc(w->out, ',');
		strbuf_puts(w->out, "eth()");
	} else if (a->type == OVS_KEY_ATTR_PACKET_TYPE && wildcard) {
		w->has_packet_type = false;
	}
}

static int fmt_flow(struct strbuf *out, const void *key, size_t key_len,
		    const void *mask, size_t mask_len, bool verbose,
		    struct dpctl_memo *memo, uint32_t ovs)
{
	struct flow_walk w = {
		.out = out, .memo = memo, .have_mask = mask && mask_len,
		.verbose = verbose, .first = true, .ovs = ovs,
	};
	struct nla_iter it;
	struct nla a;

	if (!key_len) {
		strbuf_puts(out, "<empty>");
		return 0;
	}
	w.mix.buf = mask;
	w.mix.len = w.have_mask ? mask_len : 0;
	nla_parse(w.mix.buf, w.mix.len, w.mix.tb, 63, &w.mix.present);
	nla_iter_init(&it, key, key_len);
	while (nla_iter_next(&it, &a))
		walk_attr(&w, &a);
	if (df_leftover(out, &it, key_len))
		w.err = -EINVAL;
	/* A mask of no bytes holds no attribute. */
	if (!w.has_ethtype && w.have_mask &&
	    attr_index_find(&w.mix, OVS_KEY_ATTR_ETHERTYPE, &a))
		strbuf_printf(out, ",eth_type(0/0x%04" PRIx16 ")",
			      a.len >= 2 ? df_rd_be16(a.data) : 0);
	return w.err;
}

int dpctl_fmt_flow(struct strbuf *out, const void *key, size_t key_len,
		   const void *mask, size_t mask_len, bool verbose, uint32_t ovs)
{
	return fmt_flow(out, key, key_len, mask, mask_len, verbose, NULL, ovs);
}

int dpctl_format_match(struct strbuf *out, const struct dp_match *m,
		       struct dpctl_memo *memo, uint32_t ovs, const void *key,
		       size_t key_len, const void *mask, size_t mask_len)
{
	uint8_t kbuf[2048], mbuf[2048];
	struct nla_writer kw, mw;
	int err;

	if (!m || m->refused) {
		/* The kernel would have refused this put, so there is no dump
		 * to reproduce: show the put itself, bad parts marked the way
		 * odp-util marks them. */
		dpctl_fmt_flow(out, key, key_len, mask, mask ? mask_len : 0,
			       false, ovs);
		return strbuf_error(out) ? strbuf_error(out) : -EINVAL;
	}
	nla_writer_init(&kw, kbuf, sizeof(kbuf));
	nla_writer_init(&mw, mbuf, sizeof(mbuf));
	dp_match_put(m, false, &kw);
	dp_match_put(m, true, &mw);
	err = kw.err ? kw.err : mw.err;
	if (!err)
		err = fmt_flow(out, kbuf, kw.len, mbuf, mw.len, false, memo, ovs);
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
	err = dpctl_format_match(out, err ? NULL : m, NULL, DPCTL_OVS_DEFAULT, key, key_len, mask,
				 mask_len);
	free(m);
	return err;
}
