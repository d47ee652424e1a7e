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

	for (i = 0; i < n; i++) {
		if (i)
			strbuf_putc(out, ' ');
		strbuf_put_hex(out, p[i], 2);
	}
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
			if (!printed)
				strbuf_put(out, "0x", 2);
			strbuf_put_hex(out, p[i], printed ? 2 : 1);
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

/* ETH_FMT. */
static void put_mac(struct strbuf *out, const uint8_t *e)
{
	static const char digits[] = "0123456789abcdef";
	char buf[17];

	for (int i = 0; i < 6; i++) {
		buf[3 * i] = digits[e[i] >> 4];
		buf[3 * i + 1] = digits[e[i] & 0xf];
		if (i < 5)
			buf[3 * i + 2] = ':';
	}
	strbuf_put(out, buf, sizeof(buf));
}

/* IP_FMT. */
static void put_ip4(struct strbuf *out, const uint8_t *a)
{
	char buf[16], *p = buf;

	for (int i = 0; i < 4; i++) {
		unsigned int v = a[i];

		if (i)
			*p++ = '.';
		if (v >= 100)
			*p++ = (char)('0' + v / 100);
		if (v >= 10)
			*p++ = (char)('0' + v / 10 % 10);
		*p++ = (char)('0' + v % 10);
	}
	strbuf_put(out, buf, (size_t)(p - buf));
}

static void put_in6(struct strbuf *out, const uint8_t *a)
{
	char buf[INET6_ADDRSTRLEN];

	if (!inet_ntop(AF_INET6, a, buf, sizeof(buf)))
		strcpy(buf, "?");
	strbuf_puts(out, buf);
}

/* "name=" */
static void put_name(struct strbuf *out, const char *name)
{
	strbuf_puts(out, name);
	strbuf_putc(out, '=');
}

/* An address of n bytes, which 'put' prints: a MAC, IPv4 or IPv6 one. */
static inline void put_addr(struct strbuf *out, const char *name, const uint8_t *key,
		     const uint8_t *mask, bool verbose, size_t n,
		     void (*put)(struct strbuf *, const uint8_t *))
{
	if (!verbose && mask && df_all_bytes(mask, n, 0))
		return;
	put_name(out, name);
	put(out, key);
	if (mask && !df_all_bytes(mask, n, 0xff)) {
		strbuf_putc(out, '/');
		put(out, mask);
	}
	strbuf_putc(out, ',');
}

static void df_ipv6_label(struct strbuf *out, const uint8_t *key,
			  const uint8_t *mask, bool verbose)
{
	if (!verbose && mask && !df_rd_be32(mask))
		return;
	strbuf_puts(out, "label=");
	strbuf_put_hex_alt(out, df_rd_be32(key));
	if (mask && (df_rd_be32(mask) & 0xfffff) != 0xfffff) {
		strbuf_putc(out, '/');
		strbuf_put_hex_alt(out, df_rd_be32(mask));
	}
	strbuf_putc(out, ',');
}

void df_u8(struct strbuf *out, const char *name, uint8_t key,
		      const uint8_t *mask, bool verbose, bool hex)
{
	if (!verbose && mask && !*mask)
		return;
	put_name(out, name);
	if (hex)
		strbuf_put_hex_alt(out, key);
	else
		strbuf_put_dec(out, key);
	if (mask && *mask != 0xff) {
		strbuf_putc(out, '/');
		strbuf_put_hex_alt(out, *mask);
	}
	strbuf_putc(out, ',');
}

void df_be16(struct strbuf *out, const char *name,
			const uint8_t *key, const uint8_t *mask, bool verbose,
			bool hex)
{
	if (!verbose && mask && !df_rd_be16(mask))
		return;
	put_name(out, name);
	if (hex)
		strbuf_put_hex_alt(out, df_rd_be16(key));
	else
		strbuf_put_dec(out, df_rd_be16(key));
	if (mask && df_rd_be16(mask) != 0xffff) {
		strbuf_putc(out, '/');
		strbuf_put_hex_alt(out, df_rd_be16(mask));
	}
	strbuf_putc(out, ',');
}

static void df_be64(struct strbuf *out, const char *name, const uint8_t *key,
		    const uint8_t *mask, bool verbose)
{
	uint64_t m = mask ? df_rd_be64(mask) : 0;

	if (!verbose && !m)
		return;
	put_name(out, name);
	strbuf_put(out, "0x", 2);
	strbuf_put_hex(out, df_rd_be64(key), 1);
	if (mask && m != UINT64_MAX) {
		strbuf_putc(out, '/');
		strbuf_put_hex_alt(out, m);
	}
	strbuf_putc(out, ',');
}

static void df_frag(struct strbuf *out, uint8_t key, const uint8_t *mask)
{
	static const char *const names[] = { "no", "first", "later" };

	if (mask && *mask && *mask != 0xff)
		strbuf_printf(out, "error: partial mask not supported for frag (%#" PRIx8 "),",
			      *mask);
	else if (!mask || *mask) {
		strbuf_puts(out, "frag=");
		strbuf_puts(out, key < 3 ? names[key] : "<error>");
		strbuf_putc(out, ',');
	}
}

/* df_field(), forced inline into df_fields(): a call per field of every
 * put's key cost --read-events 0.5% of its instructions. */
static inline __attribute__((always_inline)) void
put_field(struct strbuf *out, const struct df_field *f, const uint8_t *key,
	  const uint8_t *mask, bool verbose)
{
	const uint8_t *k = key + f->off, *m = mask ? mask + f->off : NULL;

	switch (f->kind) {
	case DF_ETH:
		put_addr(out, f->name, k, m, verbose, 6, put_mac);
		break;
	case DF_IP4:
		put_addr(out, f->name, k, m, verbose, 4, put_ip4);
		break;
	case DF_IN6:
		put_addr(out, f->name, k, m, verbose, 16, put_in6);
		break;
	case DF_U8:
	case DF_U8_HEX:
		df_u8(out, f->name, *k, m, verbose, f->kind == DF_U8_HEX);
		break;
	case DF_BE16:
	case DF_BE16_HEX:
		df_be16(out, f->name, k, m, verbose, f->kind == DF_BE16_HEX);
		break;
	case DF_BE64:
		df_be64(out, f->name, k, m, verbose);
		break;
	case DF_IPV6_LABEL:
		df_ipv6_label(out, k, m, verbose);
		break;
	case DF_FRAG:
		df_frag(out, *k, m);
		break;
	case DF_END:
		break;
	}
}

void df_field(struct strbuf *out, const struct df_field *f,
	      const uint8_t *key, const uint8_t *mask, bool verbose)
{
	put_field(out, f, key, mask, verbose);
}

void df_fields(struct strbuf *out, const struct df_field *f,
	       const uint8_t *key, const uint8_t *mask, bool verbose)
{
	for (; f->kind != DF_END; f++)
		put_field(out, f, key, mask, verbose);
	strbuf_chomp(out, ',');
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

		if (s) {
			strbuf_puts(out, s);
			strbuf_putc(out, del);
		} else
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

		strbuf_putc(out, (flags & bit) ? '+' : '-');
		strbuf_puts(out, s ? s : "[Unknown]");
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

/* One field of a TCI, "name=value[/0xmask],", where 'full' is its exact
 * mask: nothing if both are zero, unless verbose. */
static void put_tci_field(struct strbuf *out, const char *name, unsigned int v,
			  unsigned int m, unsigned int full, bool verbose)
{
	if (!verbose && !v && !m)
		return;
	strbuf_puts(out, name);
	strbuf_put_dec(out, v);
	if (m != full) {
		strbuf_puts(out, "/0x");
		strbuf_put_hex(out, m, 1);
	}
	strbuf_putc(out, ',');
}

/* format_vlan_tci(); also used by push_vlan. */
void dpctl_fmt_vlan_tci(struct strbuf *out, uint16_t tci, uint16_t mask,
			bool verbose)
{
	put_tci_field(out, "vid=", tci & 0xfff, mask & 0xfff, 0xfff, verbose);
	put_tci_field(out, "pcp=", tci >> 13, mask >> 13, 7, verbose);
	if (!(tci & 0x1000))
		strbuf_puts(out, "cfi=0,");
	strbuf_chomp(out, ',');
}
