/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The lowest layer of the dump-flows formatters, shared by all of them:
 * single fields (dpctl_field.c) and attribute rules (dpctl_attr.c). Above
 * it, dpctl_tunnel.c (tunnel and NSH nests, dpctl_tunnel.h), dpctl_key.c
 * (keys, dpctl_key.h) and dpctl_actions.c (actions, whose set() reuses the
 * key formatter). All follow the text rules of OVS 3.1 lib/odp-util.c.
 */
#ifndef DPCTL_FMT_H
#define DPCTL_FMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <linux/openvswitch.h>

#include "nlattr.h"
#include "dp_match.h"
#include "strbuf.h"

/* dpctl_field.c */

/* format_u128() for ct labels: the 16 bytes as a host-order u128. */
void dpctl_fmt_u128(struct strbuf *out, const uint8_t *value,
		    const uint8_t *mask, bool verbose);

/* Hex bytes separated by spaces (format_generic_odp_key()). */
void dpctl_fmt_hex_spaced(struct strbuf *out, const uint8_t *p, size_t n);

#define ETH_FMT "%02x:%02x:%02x:%02x:%02x:%02x"
#define ETH_ARGS(e) (e)[0], (e)[1], (e)[2], (e)[3], (e)[4], (e)[5]
#define IP_FMT "%u.%u.%u.%u"
#define IP_ARGS(p) (p)[0], (p)[1], (p)[2], (p)[3]

/* FLOW_TNL_F_* of OVS: OAM 1, DONT_FRAGMENT 2, CSUM 4, KEY 8. */
#define TNL_F_OAM 0x1
#define TNL_F_DF 0x2
#define TNL_F_CSUM 0x4
#define TNL_F_KEY 0x8
#define TNL_F_MASK 0xf

/* Unaligned reads of attribute payloads. */
static inline uint32_t df_rd_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static inline uint16_t df_rd_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint64_t df_rd_be64(const uint8_t *p)
{
	return (uint64_t)df_rd_be32(p) << 32 | df_rd_be32(p + 4);
}

static inline uint32_t df_rd_u32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static inline uint16_t df_rd_u16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, 2);
	return v;
}

/*
 * Field formatters of lib/odp-util.c, over raw payload bytes. 'mask' NULL
 * means exact; each appends "name=value[/mask]," unless the mask is empty
 * and not verbose.
 */
bool df_all_bytes(const uint8_t *p, size_t n, uint8_t v);
/* ds_put_hex(): bytes as one 0x number without leading zeros. */
void df_put_hex(struct strbuf *out, const uint8_t *p, size_t n);
void df_u8(struct strbuf *out, const char *name, uint8_t key,
	   const uint8_t *mask, bool verbose, bool hex);
void df_be16(struct strbuf *out, const char *name, const uint8_t *key,
	     const uint8_t *mask, bool verbose, bool hex);

/* One field of a key struct, as a row of a table: how odp-util prints it,
 * and where it sits in the payload (and in the mask's). */
enum df_kind {
	DF_END,		/* ends a list */
	DF_ETH,
	DF_IP4,
	DF_IN6,
	DF_U8,
	DF_U8_HEX,
	DF_BE16,
	DF_BE16_HEX,
	DF_BE64,	/* always hex */
	DF_IPV6_LABEL,	/* "label": the 20 bits of a flow label */
	DF_FRAG,	/* "frag": no, first or later */
};

struct df_field {
	uint8_t kind;	/* enum df_kind */
	uint8_t off;
	const char *name;	/* NULL for the kinds that have their own */
};

void df_field(struct strbuf *out, const struct df_field *f,
	      const uint8_t *key, const uint8_t *mask, bool verbose);
/* Every field of a list ended by DF_END, then its last comma dropped. */
void df_fields(struct strbuf *out, const struct df_field *f,
	       const uint8_t *key, const uint8_t *mask, bool verbose);

typedef const char *(*df_bit_name_fn)(uint32_t bit);
/* format_flags() / format_flags_masked() of lib/flow.c. */
void df_flags(struct strbuf *out, df_bit_name_fn name, uint32_t flags,
	      char del);
void df_flags_masked(struct strbuf *out, df_bit_name_fn name, uint32_t flags,
		     uint32_t mask, uint32_t max_mask);
const char *df_ct_state_name(uint32_t bit);
const char *df_tcp_flag_name(uint32_t bit);
const char *df_tun_flag_name(uint32_t bit);
/* format_vlan_tci(); tci and mask in host order. */
void dpctl_fmt_vlan_tci(struct strbuf *out, uint16_t tci, uint16_t mask,
			bool verbose);

/* OVS userspace numbers GTP-U tunnel options right after ERSPAN; the kernel
 * uapi has no such attribute. */
#define DF_TUNNEL_KEY_ATTR_GTPU_OPTS (OVS_TUNNEL_KEY_ATTR_ERSPAN_OPTS + 1)

/* dpctl_attr.c */

/* Attribute length tables of odp-util (ovs_flow_key_attr_lens, ...), with
 * its ATTR_LEN_* codes; TBL_KEY's lengths are dp_key_attr_len()'s. */
enum df_tbl { TBL_KEY, TBL_TUNNEL, TBL_VXLAN, TBL_NSH };
/* OVS's own enum (3.1's, and 2.15's) ends at OVS_KEY_ATTR_TUNNEL_INFO;
 * anything above is an unknown "key<N>" to ovs-dpctl, e.g. the kernel's
 * IPV6_EXTHDRS. */
#define ODP_KEY_ATTR_MAX OVS_KEY_ATTR_TUNNEL_INFO
#define LEN_INVALID (-1)
#define LEN_VARIABLE DP_KEY_LEN_VARIABLE
#define LEN_NESTED DP_KEY_LEN_NESTED
int df_attr_len(enum df_tbl tbl, unsigned int type);
bool df_find(const struct nla *nest, uint16_t type, struct nla *out);
/* check_attr_len(): false if a or ma had a bad length (then shown). */
bool df_check_len(struct strbuf *out, const struct nla *a,
		  const struct nla *ma, enum df_tbl tbl, bool need_key);
/* Its text for an attribute (and mask) of another length than want:
 * "(bad key length N, expected W)(HEX/...)". */
void df_put_bad_len(struct strbuf *out, const struct nla *a, const struct nla *ma, int want,
		    bool need_key);
/* odp_mask_is_constant__(): whether a (correctly sized) mask attribute is
 * all 'c' in the bytes that matter. Unknown types are neither. */
bool df_mask_is_constant(const struct nla *ma, uint8_t c);
/* format_unknown_key(): "key<N>(hex[/hex]),". */
void df_unknown_key(struct strbuf *out, const struct nla *a,
		    const struct nla *ma);
/* After the attributes of a stream of 'len' bytes, the bytes 'it' could
 * not read, as odp-util shows them; false if there were none. */
bool df_leftover(struct strbuf *out, const struct nla_iter *it, size_t len);
/* generate_all_wildcard_mask() for one attribute, built in buf. */
struct nla df_wildcard_of(const struct nla *a, uint8_t *buf, size_t cap,
			  enum df_tbl tbl);
/* The mask attribute of a nested key attribute: NULL if there is no mask
 * at all (exact), else the one in mattr, or a wildcard built in buf where
 * mattr lacks it, as odp-util's nested formatters do. */
const struct nla *df_mask_of(const struct nla *mattr, const struct nla *a,
			     struct nla *mbuf, uint8_t *buf, size_t cap,
			     enum df_tbl tbl);

#endif /* DPCTL_FMT_H */
