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

static void format_vxlan_opts(struct strbuf *out, const struct nla *attr,
			      const struct nla *mattr, bool verbose)
{
	struct nla_iter it;
	struct nla a;

	nla_iter_nested(&it, attr);
	while (nla_iter_next(&it, &a)) {
		struct nla mbuf, *ma = NULL;
		uint8_t zero[64];

		if (mattr) {
			if (df_find(mattr, a.type, &mbuf))
				ma = &mbuf;
			else
				mbuf = df_wildcard_of(&a, zero, sizeof(zero),
						   TBL_VXLAN);
			ma = &mbuf;
		}
		if (!df_check_len(out, &a, ma, TBL_VXLAN, true))
			continue;
		if (a.type == OVS_VXLAN_EXT_GBP) {
			uint32_t key = df_rd_u32(a.data);
			uint32_t m = ma ? df_rd_u32(ma->data) : 0;
			uint8_t id[2] = { (uint8_t)(key >> 8), (uint8_t)key };
			uint8_t idm[2] = { (uint8_t)(m >> 8), (uint8_t)m };
			uint8_t fl = (uint8_t)(key >> 16), flm = (uint8_t)(m >> 16);

			strbuf_puts(out, "gbp(");
			df_be16(out, "id", id, ma ? idm : NULL, verbose,
				    false);
			df_u8(out, "flags", fl, ma ? &flm : NULL, verbose,
				  true);
			strbuf_chomp(out, ',');
			strbuf_puts(out, "),");
		} else {
			df_unknown_key(out, &a, ma);
		}
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

/* format_odp_tun_attr(). */
void df_tunnel(struct strbuf *out, const struct nla *attr,
			  const struct nla *mattr, bool verbose)
{
	uint16_t flags = 0, mask_flags = 0;
	struct nla_iter it;
	struct nla a;

	nla_iter_nested(&it, attr);
	while (nla_iter_next(&it, &a)) {
		uint8_t zero[512];
		struct nla mbuf, *ma = NULL;
		const uint8_t *m;

		if (mattr) {
			if (!df_find(mattr, a.type, &mbuf))
				mbuf = df_wildcard_of(&a, zero, sizeof(zero),
						   TBL_TUNNEL);
			ma = &mbuf;
		}
		if (!df_check_len(out, &a, ma, TBL_TUNNEL, true))
			continue;
		m = ma ? ma->data : NULL;
		switch (a.type) {
		case OVS_TUNNEL_KEY_ATTR_ID:
			df_field(out, &tun_fields[a.type], a.data, m, verbose);
			flags |= TNL_F_KEY;
			if (ma)
				mask_flags |= TNL_F_KEY;
			break;
		case OVS_TUNNEL_KEY_ATTR_IPV4_SRC:
		case OVS_TUNNEL_KEY_ATTR_IPV4_DST:
		case OVS_TUNNEL_KEY_ATTR_IPV6_SRC:
		case OVS_TUNNEL_KEY_ATTR_IPV6_DST:
		case OVS_TUNNEL_KEY_ATTR_TOS:
		case OVS_TUNNEL_KEY_ATTR_TTL:
		case OVS_TUNNEL_KEY_ATTR_TP_SRC:
		case OVS_TUNNEL_KEY_ATTR_TP_DST:
			df_field(out, &tun_fields[a.type], a.data, m, verbose);
			break;
		case OVS_TUNNEL_KEY_ATTR_DONT_FRAGMENT:
			flags |= TNL_F_DF;
			break;
		case OVS_TUNNEL_KEY_ATTR_CSUM:
			flags |= TNL_F_CSUM;
			break;
		case OVS_TUNNEL_KEY_ATTR_OAM:
			flags |= TNL_F_OAM;
			break;
		case OVS_TUNNEL_KEY_ATTR_VXLAN_OPTS:
			strbuf_puts(out, "vxlan(");
			format_vxlan_opts(out, &a, ma, verbose);
			strbuf_puts(out, "),");
			break;
		case OVS_TUNNEL_KEY_ATTR_GENEVE_OPTS:
			strbuf_puts(out, "geneve(");
			format_geneve(out, &a, ma, verbose);
			strbuf_puts(out, "),");
			break;
		case OVS_TUNNEL_KEY_ATTR_PAD:
			break;
		case DF_TUNNEL_KEY_ATTR_GTPU_OPTS:
			strbuf_puts(out, "gtpu(");
			if (a.len >= 2) {
				df_u8(out, "flags", a.data[0], m, verbose,
					  true);
				df_u8(out, "msgtype", a.data[1],
					  m ? m + 1 : NULL, verbose, false);
			}
			strbuf_chomp(out, ',');
			strbuf_puts(out, "),");
			break;
		default:
			/* ERSPAN options are shown raw rather than decoded. */
			df_unknown_key(out, &a, ma);
			break;
		}
	}
	if (mattr) {
		nla_iter_nested(&it, mattr);
		while (nla_iter_next(&it, &a)) {
			if (a.type == OVS_TUNNEL_KEY_ATTR_DONT_FRAGMENT)
				mask_flags |= TNL_F_DF;
			else if (a.type == OVS_TUNNEL_KEY_ATTR_CSUM)
				mask_flags |= TNL_F_CSUM;
			else if (a.type == OVS_TUNNEL_KEY_ATTR_OAM)
				mask_flags |= TNL_F_OAM;
		}
	}
	/* format_tun_flags() */
	if (verbose || !mattr || mask_flags) {
		strbuf_puts(out, "flags(");
		if (mattr)
			df_flags_masked(out, df_tun_flag_name, flags,
					    mask_flags & TNL_F_MASK, TNL_F_MASK);
		else
			df_flags(out, df_tun_flag_name, flags, '|');
		strbuf_puts(out, "),");
	}
	strbuf_chomp(out, ',');
}

void df_nsh(struct strbuf *out, const struct nla *attr,
		       const struct nla *mattr)
{
	struct ovs_key_nsh_view {
		uint8_t flags, ttl, mdtype, np;
		uint8_t path_hdr[4];
		uint8_t context[16];
	} k, m;
	struct nla_iter it;
	struct nla a;

	memset(&k, 0, sizeof(k));
	memset(&m, 0xff, sizeof(m));
	nla_iter_nested(&it, attr);
	while (nla_iter_next(&it, &a)) {
		struct nla mbuf, *ma = NULL;

		if (mattr && df_find(mattr, a.type, &mbuf))
			ma = &mbuf;
		if (!df_check_len(out, &a, ma, TBL_NSH, true))
			continue;
		if (a.type == OVS_NSH_KEY_ATTR_BASE) {
			memcpy(&k, a.data, 8);
			if (ma)
				memcpy(&m, ma->data, 8);
		} else if (a.type == OVS_NSH_KEY_ATTR_MD1) {
			memcpy(k.context, a.data, 16);
			if (ma)
				memcpy(m.context, ma->data, 16);
		}
	}
	if (!mattr) {
		int i;

		strbuf_printf(out, "flags=%d,ttl=%d,mdtype=%d,np=%d,spi=0x%x,si=%d",
			      k.flags, k.ttl, k.mdtype, k.np,
			      df_rd_be32(k.path_hdr) >> 8, k.path_hdr[3]);
		if (k.mdtype == 1)
			for (i = 0; i < 4; i++)
				strbuf_printf(out, ",c%d=0x%x", i + 1,
					      df_rd_be32(k.context + 4 * i));
		return;
	} else {
		/* format_nsh_key_mask() */
		const char *names[] = { "flags", "ttl", "mdtype", "np" };
		uint8_t kv[4] = { k.flags, k.ttl, k.mdtype, k.np };
		uint8_t mv[4] = { m.flags, m.ttl, m.mdtype, m.np };
		uint32_t spi = df_rd_be32(k.path_hdr) >> 8;
		uint32_t spi_m = df_rd_be32(m.path_hdr) >> 8;
		bool first = true;
		int i;

		if (spi_m == 0xffffff)
			spi_m = UINT32_MAX;
		for (i = 0; i < 4; i++) {
			if (!mv[i])
				continue;
			strbuf_printf(out, "%s%s=", first ? "" : ",", names[i]);
			if (mv[i] == 0xff)
				strbuf_printf(out, "%" PRIu8, kv[i]);
			else
				strbuf_printf(out, "0x%02" PRIx8 "/0x%02" PRIx8,
					      kv[i], mv[i]);
			first = false;
		}
		if (spi_m) {
			strbuf_printf(out, "%sspi=", first ? "" : ",");
			if (spi_m == UINT32_MAX)
				strbuf_printf(out, "0x%" PRIx32, spi);
			else
				strbuf_printf(out, "0x%" PRIx32 "/0x%08" PRIx32,
					      spi, spi_m);
			first = false;
		}
		if (m.path_hdr[3]) {
			strbuf_printf(out, "%ssi=", first ? "" : ",");
			if (m.path_hdr[3] == 0xff)
				strbuf_printf(out, "%" PRIu8, k.path_hdr[3]);
			else
				strbuf_printf(out, "0x%02" PRIx8 "/0x%02" PRIx8,
					      k.path_hdr[3], m.path_hdr[3]);
			first = false;
		}
		for (i = 0; i < 4; i++) {
			uint32_t c = df_rd_be32(k.context + 4 * i);
			uint32_t cm = df_rd_be32(m.context + 4 * i);

			if (!cm)
				continue;
			strbuf_printf(out, "%sc%d=", first ? "" : ",", i + 1);
			if (cm == UINT32_MAX)
				strbuf_printf(out, "0x%" PRIx32, c);
			else
				strbuf_printf(out, "0x%" PRIx32 "/0x%08" PRIx32,
					      c, cm);
			first = false;
		}
	}
}
