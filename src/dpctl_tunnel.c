// SPDX-License-Identifier: GPL-2.0-only
/*
 * The nested key attributes of a dump: tunnel metadata (with its VXLAN,
 * Geneve and GTP-U options) and NSH, as OVS 3.1 lib/odp-util.c prints them.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <linux/openvswitch.h>

#include "dpctl_fmt.h"
#include "dpctl_tunnel.h"

/* The VXLAN group policy extension: flags and id in one u32. */
static void format_gbp(struct strbuf *out, const struct nla *a,
		       const struct nla *ma, bool verbose)
{
	uint32_t key = df_rd_u32(a->data);
	uint32_t m = ma ? df_rd_u32(ma->data) : 0;
	uint8_t id[2] = { (uint8_t)(key >> 8), (uint8_t)key };
	uint8_t idm[2] = { (uint8_t)(m >> 8), (uint8_t)m };
	uint8_t fl = (uint8_t)(key >> 16), flm = (uint8_t)(m >> 16);

	strbuf_puts(out, "gbp(");
	df_be16(out, "id", id, ma ? idm : NULL, verbose, false);
	df_u8(out, "flags", fl, ma ? &flm : NULL, verbose, true);
	strbuf_chomp(out, ',');
	strbuf_puts(out, "),");
}

static void format_vxlan_opts(struct strbuf *out, const struct nla *attr,
			      const struct nla *mattr, bool verbose)
{
	struct nla_iter it;
	struct nla a;

	nla_iter_nested(&it, attr);
	while (nla_iter_next(&it, &a)) {
		struct nla mbuf;
		uint8_t zero[64];
		const struct nla *ma = df_mask_of(mattr, &a, &mbuf, zero,
						  sizeof(zero), TBL_VXLAN);

		if (!df_check_len(out, &a, ma, TBL_VXLAN, true))
			continue;
		if (a.type == OVS_VXLAN_EXT_GBP)
			format_gbp(out, &a, ma, verbose);
		else
			df_unknown_key(out, &a, ma);
	}
	strbuf_chomp(out, ',');
}

static void format_geneve(struct strbuf *out, const struct nla *a,
			  const struct nla *ma, bool verbose)
{
	const uint8_t *opt = a->data;
	const uint8_t *mask = ma ? ma->data : NULL;
	size_t left = a->len;

	if (ma && a->len != ma->len) {
		strbuf_printf(out, "value len %zu different from mask len %zu",
			      a->len, ma->len);
		return;
	}
	while (left > 0) {
		uint8_t data_len, data_len_mask = 0;
		size_t len;

		if (left < 4) {
			strbuf_printf(out, "opt len %zu less than minimum 4",
				      left);
			return;
		}
		data_len = (uint8_t)((opt[3] & 0x1f) * 4);
		if (mask)
			data_len_mask = (mask[3] & 0x1f) == 0x1f ?
					0xff : (mask[3] & 0x1f);
		len = 4 + (size_t)data_len;
		if (len > left) {
			strbuf_printf(out, "opt len %zu greater than remaining %zu",
				      len, left);
			return;
		}
		strbuf_putc(out, '{');
		df_be16(out, "class", opt, mask, verbose, true);
		df_u8(out, "type", opt[2], mask ? &mask[2] : NULL, verbose,
			  true);
		df_u8(out, "len", data_len, mask ? &data_len_mask : NULL,
			  verbose, false);
		if (data_len &&
		    (verbose || !mask || !df_all_bytes(mask + 4, data_len, 0))) {
			df_put_hex(out, opt + 4, data_len);
			if (mask && !df_all_bytes(mask + 4, data_len, 0xff)) {
				strbuf_putc(out, '/');
				df_put_hex(out, mask + 4, data_len);
			}
		} else {
			strbuf_chomp(out, ',');
		}
		strbuf_putc(out, '}');
		opt += len;
		if (mask)
			mask += len;
		left -= len;
	}
}

/* The tunnel attributes that are one field each. */
static const struct df_field tun_fields[] = {
	[OVS_TUNNEL_KEY_ATTR_ID] = { DF_BE64, 0, "tun_id" },
	[OVS_TUNNEL_KEY_ATTR_IPV4_SRC] = { DF_IP4, 0, "src" },
	[OVS_TUNNEL_KEY_ATTR_IPV4_DST] = { DF_IP4, 0, "dst" },
	[OVS_TUNNEL_KEY_ATTR_TOS] = { DF_U8_HEX, 0, "tos" },
	[OVS_TUNNEL_KEY_ATTR_TTL] = { DF_U8, 0, "ttl" },
	[OVS_TUNNEL_KEY_ATTR_TP_SRC] = { DF_BE16, 0, "tp_src" },
	[OVS_TUNNEL_KEY_ATTR_TP_DST] = { DF_BE16, 0, "tp_dst" },
	[OVS_TUNNEL_KEY_ATTR_IPV6_SRC] = { DF_IN6, 0, "ipv6_src" },
	[OVS_TUNNEL_KEY_ATTR_IPV6_DST] = { DF_IN6, 0, "ipv6_dst" },
};

/* The FLOW_TNL_F_* bit an attribute stands for: the flag attributes', and
 * "key" for tun_id. */
static uint16_t tun_flag(uint16_t type)
{
	switch (type) {
	case OVS_TUNNEL_KEY_ATTR_ID: return TNL_F_KEY;
	case OVS_TUNNEL_KEY_ATTR_DONT_FRAGMENT: return TNL_F_DF;
	case OVS_TUNNEL_KEY_ATTR_CSUM: return TNL_F_CSUM;
	case OVS_TUNNEL_KEY_ATTR_OAM: return TNL_F_OAM;
	default: return 0;
	}
}

static void format_gtpu(struct strbuf *out, const struct nla *a,
			const struct nla *ma, bool verbose)
{
	const uint8_t *m = ma ? ma->data : NULL;

	if (a->len >= 2) {
		df_u8(out, "flags", a->data[0], m, verbose, true);
		df_u8(out, "msgtype", a->data[1], m ? m + 1 : NULL, verbose,
		      false);
	}
	strbuf_chomp(out, ',');
}

/* format_odp_tun_erspan_opt(): OVS's struct erspan_metadata, an int
 * version, then the v1 index (be32) or the v2 fields, whose bitfields are
 * those of a little-endian build (lib/packets.h struct erspan_md2). */
static void format_erspan(struct strbuf *out, const struct nla *a,
			  const struct nla *ma, bool verbose)
{
	uint8_t k[12] = { 0 }, m[12] = { 0 };
	int32_t ver = 0, mver = 0;
	uint8_t v, mv;

	memcpy(k, a->data, a->len < sizeof(k) ? a->len : sizeof(k));
	if (ma)
		memcpy(m, ma->data, ma->len < sizeof(m) ? ma->len : sizeof(m));
	memcpy(&ver, k, 4);
	memcpy(&mver, m, 4);
	v = (uint8_t)ver;
	mv = (uint8_t)mver;
	df_u8(out, "ver", v, ma ? &mv : NULL, verbose, false);
	if (ver == 1) {
		strbuf_puts(out, "idx=");
		strbuf_put_hex_alt(out, df_rd_be32(k + 4));
		if (ma) {
			strbuf_putc(out, '/');
			strbuf_put_hex_alt(out, df_rd_be32(m + 4));
		}
		strbuf_putc(out, ',');
	} else if (ver == 2) {
		/* md2 byte 7: o:1, gra:2, dir:1, hwid:4 from the low bit */
		uint8_t dir = (k[11] >> 3) & 1, mdir = (m[11] >> 3) & 1;
		uint8_t hwid = k[11] >> 4, mhwid = m[11] >> 4;

		df_u8(out, "dir", dir, ma ? &mdir : NULL, verbose, false);
		df_u8(out, "hwid", hwid, ma ? &mhwid : NULL, verbose, true);
	}
	strbuf_chomp(out, ',');
}

/* The tunnel attributes that are not one field: option nests, shown as
 * "name(...),"; flags, shown together at the end; padding; and the rest,
 * shown raw. */
static void format_tun_other(struct strbuf *out, const struct nla *a,
			     const struct nla *ma, bool verbose)
{
	switch (a->type) {
	case OVS_TUNNEL_KEY_ATTR_VXLAN_OPTS:
		strbuf_puts(out, "vxlan(");
		format_vxlan_opts(out, a, ma, verbose);
		strbuf_puts(out, "),");
		break;
	case OVS_TUNNEL_KEY_ATTR_GENEVE_OPTS:
		strbuf_puts(out, "geneve(");
		format_geneve(out, a, ma, verbose);
		strbuf_puts(out, "),");
		break;
	case DF_TUNNEL_KEY_ATTR_GTPU_OPTS:
		strbuf_puts(out, "gtpu(");
		format_gtpu(out, a, ma, verbose);
		strbuf_puts(out, "),");
		break;
	case OVS_TUNNEL_KEY_ATTR_ERSPAN_OPTS:
		strbuf_puts(out, "erspan(");
		format_erspan(out, a, ma, verbose);
		strbuf_puts(out, "),");
		break;
	case OVS_TUNNEL_KEY_ATTR_DONT_FRAGMENT:
	case OVS_TUNNEL_KEY_ATTR_CSUM:
	case OVS_TUNNEL_KEY_ATTR_OAM:
	case OVS_TUNNEL_KEY_ATTR_PAD:
		break;
	default:
		df_unknown_key(out, a, ma);
		break;
	}
}

/* format_tun_flags(): 'flags' those of the key's attributes, their mask
 * the flag attributes of the mask. */
static void format_tun_flags(struct strbuf *out, uint16_t flags,
			     const struct nla *mattr, bool verbose)
{
	uint16_t mask_flags = 0;
	struct nla_iter it;
	struct nla a;

	if (mattr) {
		/* A tun_id always has a mask here (a wildcard if the mask
		 * stream lacks it), so "key" is masked wherever it is set. */
		mask_flags = flags & TNL_F_KEY;
		nla_iter_nested(&it, mattr);
		while (nla_iter_next(&it, &a))
			if (a.type != OVS_TUNNEL_KEY_ATTR_ID)
				mask_flags |= tun_flag(a.type);
	}
	if (!verbose && mattr && !mask_flags)
		return;
	strbuf_puts(out, "flags(");
	if (mattr)
		df_flags_masked(out, df_tun_flag_name, flags,
				mask_flags & TNL_F_MASK, TNL_F_MASK);
	else
		df_flags(out, df_tun_flag_name, flags, '|');
	strbuf_puts(out, "),");
}

void df_tunnel(struct strbuf *out, const struct nla *attr,
	       const struct nla *mattr, bool verbose)
{
	uint16_t flags = 0;
	struct nla_iter it;
	struct nla a;

	nla_iter_nested(&it, attr);
	while (nla_iter_next(&it, &a)) {
		struct nla mbuf;
		uint8_t zero[512];
		const struct nla *ma = df_mask_of(mattr, &a, &mbuf, zero,
						  sizeof(zero), TBL_TUNNEL);

		if (!df_check_len(out, &a, ma, TBL_TUNNEL, true))
			continue;
		flags |= tun_flag(a.type);
		if (a.type < sizeof(tun_fields) / sizeof(tun_fields[0]) &&
		    tun_fields[a.type].kind != DF_END)
			df_field(out, &tun_fields[a.type], a.data,
				 ma ? ma->data : NULL, verbose);
		else
			format_tun_other(out, &a, ma, verbose);
	}
	format_tun_flags(out, flags, mattr, verbose);
	strbuf_chomp(out, ',');
}

/* struct ovs_key_nsh: the base header's fields, then MD1's contexts. */
struct nsh_view {
	uint8_t flags, ttl, mdtype, np;
	uint8_t path_hdr[4];	/* spi << 8 | si */
	uint8_t context[16];
};

/* The key and mask of the BASE and MD1 attributes; a mask the stream lacks
 * is exact. */
static void nsh_collect(struct strbuf *out, const struct nla *attr,
			const struct nla *mattr, struct nsh_view *k,
			struct nsh_view *m)
{
	struct nla_iter it;
	struct nla a;

	memset(k, 0, sizeof(*k));
	memset(m, 0xff, sizeof(*m));
	nla_iter_nested(&it, attr);
	while (nla_iter_next(&it, &a)) {
		struct nla mbuf, *ma = NULL;

		if (mattr && df_find(mattr, a.type, &mbuf))
			ma = &mbuf;
		if (!df_check_len(out, &a, ma, TBL_NSH, true))
			continue;
		if (a.type == OVS_NSH_KEY_ATTR_BASE) {
			memcpy(k, a.data, 8);
			if (ma)
				memcpy(m, ma->data, 8);
		} else if (a.type == OVS_NSH_KEY_ATTR_MD1) {
			memcpy(k->context, a.data, 16);
			if (ma)
				memcpy(m->context, ma->data, 16);
		}
	}
}

/* format_nsh_key(). */
static void format_nsh_key(struct strbuf *out, const struct nsh_view *k)
{
	int i;

	strbuf_printf(out, "flags=%d,ttl=%d,mdtype=%d,np=%d,spi=0x%x,si=%d",
		      k->flags, k->ttl, k->mdtype, k->np,
		      df_rd_be32(k->path_hdr) >> 8, k->path_hdr[3]);
	if (k->mdtype == 1)
		for (i = 0; i < 4; i++)
			strbuf_printf(out, ",c%d=0x%x", i + 1,
				      df_rd_be32(k->context + 4 * i));
}

/* One field of format_nsh_key_mask(), unless its mask is empty: decimal
 * when exact, else value/mask in hex. */
static void nsh_masked_u8(struct strbuf *out, bool *first, const char *name,
			  uint8_t k, uint8_t m)
{
	if (!m)
		return;
	strbuf_printf(out, "%s%s=", *first ? "" : ",", name);
	if (m == 0xff)
		strbuf_printf(out, "%" PRIu8, k);
	else
		strbuf_printf(out, "0x%02" PRIx8 "/0x%02" PRIx8, k, m);
	*first = false;
}

static void nsh_masked_u32(struct strbuf *out, bool *first, const char *name,
			   uint32_t k, uint32_t m)
{
	if (!m)
		return;
	strbuf_printf(out, "%s%s=", *first ? "" : ",", name);
	if (m == UINT32_MAX)
		strbuf_printf(out, "0x%" PRIx32, k);
	else
		strbuf_printf(out, "0x%" PRIx32 "/0x%08" PRIx32, k, m);
	*first = false;
}

/* format_nsh_key_mask(). */
static void format_nsh_key_mask(struct strbuf *out, const struct nsh_view *k,
				const struct nsh_view *m)
{
	static const char *const base[] = { "flags", "ttl", "mdtype", "np" };
	static const char *const contexts[] = { "c1", "c2", "c3", "c4" };
	const uint8_t kb[4] = { k->flags, k->ttl, k->mdtype, k->np };
	const uint8_t mb[4] = { m->flags, m->ttl, m->mdtype, m->np };
	uint32_t spi_m = df_rd_be32(m->path_hdr) >> 8;
	bool first = true;
	int i;

	for (i = 0; i < 4; i++)
		nsh_masked_u8(out, &first, base[i], kb[i], mb[i]);
	/* The spi is 24 bits: all of them is exact. */
	nsh_masked_u32(out, &first, "spi", df_rd_be32(k->path_hdr) >> 8,
		       spi_m == 0xffffff ? UINT32_MAX : spi_m);
	nsh_masked_u8(out, &first, "si", k->path_hdr[3], m->path_hdr[3]);
	for (i = 0; i < 4; i++)
		nsh_masked_u32(out, &first, contexts[i],
			       df_rd_be32(k->context + 4 * i),
			       df_rd_be32(m->context + 4 * i));
}

void df_nsh(struct strbuf *out, const struct nla *attr,
	    const struct nla *mattr)
{
	struct nsh_view k, m;

	nsh_collect(out, attr, mattr, &k, &m);
	if (mattr)
		format_nsh_key_mask(out, &k, &m);
	else
		format_nsh_key(out, &k);
}
