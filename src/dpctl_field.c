// SPDX-License-Identifier: GPL-2.0-only
/*
 * Text of single flow key fields, following OVS 3.1 lib/odp-util.c and
 * lib/flow.c so that dump-flows output can be reproduced byte for byte.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/openvswitch.h>

#include "dpctl_fmt.h"

void dpctl_fmt_hex_spaced(struct strbuf *out, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		strbuf_printf(out, i ? " %02x" : "%02x", p[i]);
}

bool df_all_bytes(const uint8_t *p, size_t n, uint8_t v)
{
	while (n--)
		if (*p++ != v)
			return false;
	return true;
}

/* ds_put_hex(): big-endian bytes as one 0x number without leading zeros. */
void df_put_hex(struct strbuf *out, const uint8_t *p, size_t n)
{
	bool printed = false;
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i] || printed) {
			strbuf_printf(out, printed ? "%02" PRIx8 : "0x%" PRIx8,
				      p[i]);
			printed = true;
		}
	}
	if (!printed)
		strbuf_putc(out, '0');
}

static void put_be_of_host128(uint8_t be[16], const uint8_t *host)
{
	int i;

	/* ovs_u128 is two host-order u64s, low first: on the little-endian
	 * hosts this targets, the 16 bytes are one little-endian number. */
	for (i = 0; i < 16; i++)
		be[i] = host[15 - i];
}

void dpctl_fmt_u128(struct strbuf *out, const uint8_t *value,
		    const uint8_t *mask, bool verbose)
{
	uint8_t be[16];

	if (!verbose && !(mask && !df_all_bytes(mask, 16, 0)))
		return;
	put_be_of_host128(be, value);
	df_put_hex(out, be, 16);
	if (mask && !df_all_bytes(mask, 16, 0xff)) {
		put_be_of_host128(be, mask);
		strbuf_putc(out, '/');
		df_put_hex(out, be, 16);
	}
}

void df_eth(struct strbuf *out, const char *name,
		       const uint8_t *key, const uint8_t *mask, bool verbose)
{
	if (!verbose && mask && df_all_bytes(mask, 6, 0))
		return;
	strbuf_printf(out, "%s=" ETH_FMT, name, ETH_ARGS(key));
	if (mask && !df_all_bytes(mask, 6, 0xff))
		strbuf_printf(out, "/" ETH_FMT, ETH_ARGS(mask));
	strbuf_putc(out, ',');
}

void df_ipv4(struct strbuf *out, const char *name,
			const uint8_t *key, const uint8_t *mask, bool verbose)
{
	if (!verbose && mask && df_all_bytes(mask, 4, 0))
		return;
	strbuf_printf(out, "%s=" IP_FMT, name, IP_ARGS(key));
	if (mask && !df_all_bytes(mask, 4, 0xff))
		strbuf_printf(out, "/" IP_FMT, IP_ARGS(mask));
	strbuf_putc(out, ',');
}

void df_put_in6(struct strbuf *out, const uint8_t *a)
{
	char buf[INET6_ADDRSTRLEN];

	if (!inet_ntop(AF_INET6, a, buf, sizeof(buf)))
		strcpy(buf, "?");
	strbuf_puts(out, buf);
}

void df_in6(struct strbuf *out, const char *name,
		       const uint8_t *key, const uint8_t *mask, bool verbose)
{
	if (!verbose && mask && df_all_bytes(mask, 16, 0))
		return;
	strbuf_printf(out, "%s=", name);
	df_put_in6(out, key);
	if (mask && !df_all_bytes(mask, 16, 0xff)) {
		strbuf_putc(out, '/');
		df_put_in6(out, mask);
	}
	strbuf_putc(out, ',');
}

void df_ipv6_label(struct strbuf *out, const uint8_t *key,
			      const uint8_t *mask, bool verbose)
{
	if (!verbose && mask && !df_rd_be32(mask))
		return;
	strbuf_printf(out, "label=%#" PRIx32, df_rd_be32(key));
	if (mask && (df_rd_be32(mask) & 0xfffff) != 0xfffff)
		strbuf_printf(out, "/%#" PRIx32, df_rd_be32(mask));
	strbuf_putc(out, ',');
}

void df_u8(struct strbuf *out, const char *name, uint8_t key,
		      const uint8_t *mask, bool verbose, bool hex)
{
	if (!verbose && mask && !*mask)
		return;
	strbuf_printf(out, hex ? "%s=%#" PRIx8 : "%s=%" PRIu8, name, key);
	if (mask && *mask != 0xff)
		strbuf_printf(out, "/%#" PRIx8, *mask);
	strbuf_putc(out, ',');
}

void df_be16(struct strbuf *out, const char *name,
			const uint8_t *key, const uint8_t *mask, bool verbose,
			bool hex)
{
	if (!verbose && mask && !df_rd_be16(mask))
		return;
	strbuf_printf(out, hex ? "%s=%#" PRIx16 : "%s=%" PRIu16, name,
		      df_rd_be16(key));
	if (mask && df_rd_be16(mask) != 0xffff)
		strbuf_printf(out, "/%#" PRIx16, df_rd_be16(mask));
	strbuf_putc(out, ',');
}

void df_be64(struct strbuf *out, const char *name,
			const uint8_t *key, const uint8_t *mask, bool verbose)
{
	uint64_t m = mask ? df_rd_be64(mask) : 0;

	if (!verbose && !m)
		return;
	strbuf_printf(out, "%s=0x%" PRIx64, name, df_rd_be64(key));
	if (mask && m != UINT64_MAX)
		strbuf_printf(out, "/%#" PRIx64, m);
	strbuf_putc(out, ',');
}

void df_frag(struct strbuf *out, uint8_t key, const uint8_t *mask)
{
	static const char *const names[] = { "no", "first", "later" };

	if (mask && *mask && *mask != 0xff)
		strbuf_printf(out, "error: partial mask not supported for frag (%#" PRIx8 "),",
			      *mask);
	else if (!mask || *mask)
		strbuf_printf(out, "frag=%s,",
			      key < 3 ? names[key] : "<error>");
}

/* df_flags() / df_flags_masked() of lib/flow.c. */
void df_flags(struct strbuf *out, df_bit_name_fn name, uint32_t flags,
			 char del)
{
	uint32_t bad = 0;

	if (!flags) {
		strbuf_putc(out, '0');
		return;
	}
	while (flags) {
		uint32_t bit = flags & -flags;
		const char *s = name(bit);

		if (s)
			strbuf_printf(out, "%s%c", s, del);
		else
			bad |= bit;
		flags &= ~bit;
	}
	if (bad)
		strbuf_printf(out, "0x%" PRIx32 "%c", bad, del);
	strbuf_chomp(out, del);
}

void df_flags_masked(struct strbuf *out, df_bit_name_fn name,
				uint32_t flags, uint32_t mask,
				uint32_t max_mask)
{
	if (mask == max_mask) {
		df_flags(out, name, flags, '|');
		return;
	}
	if (!mask) {
		strbuf_puts(out, "0/0");
		return;
	}
	while (mask) {
		uint32_t bit = mask & -mask;
		const char *s = name(bit);

		strbuf_printf(out, "%s%s", (flags & bit) ? "+" : "-",
			      s ? s : "[Unknown]");
		mask &= ~bit;
	}
}

const char *df_ct_state_name(uint32_t bit)
{
	switch (bit) {
	case OVS_CS_F_REPLY_DIR: return "rpl";
	case OVS_CS_F_TRACKED: return "trk";
	case OVS_CS_F_NEW: return "new";
	case OVS_CS_F_ESTABLISHED: return "est";
	case OVS_CS_F_RELATED: return "rel";
	case OVS_CS_F_INVALID: return "inv";
	case OVS_CS_F_SRC_NAT: return "snat";
	case OVS_CS_F_DST_NAT: return "dnat";
	default: return NULL;
	}
}

const char *df_tcp_flag_name(uint32_t bit)
{
	static const char *const names[] = {
		"fin", "syn", "rst", "psh", "ack", "urg", "ece", "cwr", "ns",
		"[200]", "[400]", "[800]",
	};
	int i;

	for (i = 0; i < 12; i++)
		if (bit == 1u << i)
			return names[i];
	return NULL;
}

const char *df_tun_flag_name(uint32_t bit)
{
	switch (bit) {
	case TNL_F_DF: return "df";
	case TNL_F_CSUM: return "csum";
	case TNL_F_KEY: return "key";
	case TNL_F_OAM: return "oam";
	default: return NULL;
	}
}

/* format_vlan_tci(); also used by push_vlan. */
void dpctl_fmt_vlan_tci(struct strbuf *out, uint16_t tci, uint16_t mask,
			bool verbose)
{
	unsigned int vid = tci & 0xfff, vid_m = mask & 0xfff;
	unsigned int pcp = tci >> 13, pcp_m = mask >> 13;

	if (verbose || vid || vid_m) {
		strbuf_printf(out, "vid=%u", vid);
		if (vid_m != 0xfff)
			strbuf_printf(out, "/0x%x", vid_m);
		strbuf_putc(out, ',');
	}
	if (verbose || pcp || pcp_m) {
		strbuf_printf(out, "pcp=%u", pcp);
		if (pcp_m != 7)
			strbuf_printf(out, "/0x%x", pcp_m);
		strbuf_putc(out, ',');
	}
	if (!(tci & 0x1000))
		strbuf_puts(out, "cfi=0,");
	strbuf_chomp(out, ',');
}
