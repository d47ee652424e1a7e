// SPDX-License-Identifier: GPL-2.0-only
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/openvswitch.h>

#include "explain.h"

/* The fields in their reporting order; names[] below follows it. */
enum field_id {
	F_IN_PORT,
	F_SKB_MARK,
	F_RECIRC_ID,
	F_DP_HASH,
	F_PRIORITY,
	F_CT_STATE,
	F_CT_ZONE,
	F_CT_MARK,
	F_ETH_SRC,
	F_ETH_DST,
	F_ETH_TYPE,
	F_VLAN_TCI,
	F_IP_PROTO,
	F_IP_TOS,
	F_IP_TTL,
	F_IP_FRAG,
	F_IPV4_SRC,
	F_IPV4_DST,
	F_IPV6_SRC,
	F_IPV6_DST,
	F_IPV6_LABEL,
	F_TP_SRC,
	F_TP_DST,
	F_TCP_FLAGS,
	F_COUNT
};

static const char *const names[F_COUNT] = {
	[F_IN_PORT] = "in_port",
	[F_SKB_MARK] = "skb_mark",
	[F_RECIRC_ID] = "recirc_id",
	[F_DP_HASH] = "dp_hash",
	[F_PRIORITY] = "priority",
	[F_CT_STATE] = "ct_state",
	[F_CT_ZONE] = "ct_zone",
	[F_CT_MARK] = "ct_mark",
	[F_ETH_SRC] = "eth_src",
	[F_ETH_DST] = "eth_dst",
	[F_ETH_TYPE] = "eth_type",
	[F_VLAN_TCI] = "vlan_tci",
	[F_IP_PROTO] = "ip_proto",
	[F_IP_TOS] = "ip_tos",
	[F_IP_TTL] = "ip_ttl",
	[F_IP_FRAG] = "ip_frag",
	[F_IPV4_SRC] = "ipv4_src",
	[F_IPV4_DST] = "ipv4_dst",
	[F_IPV6_SRC] = "ipv6_src",
	[F_IPV6_DST] = "ipv6_dst",
	[F_IPV6_LABEL] = "ipv6_label",
	[F_TP_SRC] = "tp_src",
	[F_TP_DST] = "tp_dst",
	[F_TCP_FLAGS] = "tcp_flags",
};

_Static_assert(F_COUNT == EXPLAIN_FIELDS_MAX, "EXPLAIN_FIELDS_MAX must cover every field");

/* How a partial field's value/mask is written: dump-flows' notation for
 * the field (lib/odp-util.c), except flags, which read better as numbers
 * next to a mask than as +syn-ack. */
enum notation {
	N_DEC,		/* "%u/%#x": in_port, proto, ttl, ports */
	N_HEX,		/* "%#x/%#x": metadata, tos, ipv6 label */
	N_HEX4,		/* "0x%04x/0x%04x": eth_type, vlan_tci */
	N_FLAGS8,	/* ct_state */
	N_FLAGS12,	/* tcp_flags */
	N_MAC,
	N_IPV4,
	N_IPV6,
};

/* One field of one packet: a scalar (host order, judged on the bits in
 * 'full') or an address (bytes in network order, judged whole). */
struct view {
	enum field_id id;
	enum notation how;
	bool meta;		/* not a packet field: never "ignored" */
	size_t n;		/* address bytes; 0 for a scalar */
	const uint8_t *pv, *pm;
	uint32_t v, m, full;
};

struct item {
	struct view view;
	enum explain_kind kind;
	unsigned int prefix;
};

/* Which parts of the key the packet has, as the kernel's key extraction
 * (net/openvswitch/flow.c) decides them, since only those can be masked. */
struct layers {
	bool vlan, ipv4, ipv6, arp, l4, icmp, tcp;
};

static void find_layers(const struct out_key_fields *pkt, struct layers *l)
{
	uint16_t type = ntohs(pkt->eth_type);
	uint8_t proto = pkt->ip_proto;

	memset(l, 0, sizeof(*l));
	/* VLAN_CFI, OVS's "tag present" bit: a TCI of 0 means no tag. */
	l->vlan = ntohs(pkt->vlan_tci) & 0x1000;
	l->ipv4 = type == 0x0800;
	l->ipv6 = type == 0x86dd;
	/* The kernel decodes RARP into the same arp() fields as ARP. */
	l->arp = type == 0x0806 || type == 0x8035;
	/* A fragment after the first has no L4 header to match on. */
	if ((l->ipv4 || l->ipv6) && pkt->ip_frag != OVS_FRAG_TYPE_LATER) {
		l->icmp = (l->ipv4 && proto == 1) || (l->ipv6 && proto == 58);
		l->tcp = proto == 6;
		l->l4 = l->icmp || l->tcp || proto == 17 || proto == 132;
	}
}

static void scalar(struct view *w, enum notation how, bool meta, uint32_t v,
		   uint32_t m, uint32_t full)
{
	w->how = how;
	w->meta = meta;
	w->n = 0;
	w->v = v;
	w->m = m;
	w->full = full;
}

static void address(struct view *w, enum notation how, const void *v,
		    const void *m, size_t n)
{
	w->how = how;
	w->meta = false;
	w->n = n;
	w->pv = v;
	w->pm = m;
}

/* Fills w for field id of pkt, or returns false when pkt has no such
 * field. */
static bool get_view(enum field_id id, const struct out_key_fields *p,
		     const struct out_key_fields *m, const struct layers *l,
		     struct view *w)
{
	bool ip = l->ipv4 || l->ipv6;

	w->id = id;
	switch (id) {
	case F_IN_PORT:
		scalar(w, N_DEC, false, p->in_port, m->in_port, UINT32_MAX);
		return true;
	case F_SKB_MARK:
		scalar(w, N_HEX, true, p->skb_mark, m->skb_mark, UINT32_MAX);
		return true;
	case F_RECIRC_ID:
		scalar(w, N_HEX, true, p->recirc_id, m->recirc_id, UINT32_MAX);
		return true;
	case F_DP_HASH:
		scalar(w, N_HEX, true, p->dp_hash, m->dp_hash, UINT32_MAX);
		return true;
	case F_PRIORITY:
		scalar(w, N_HEX, true, p->priority, m->priority, UINT32_MAX);
		return true;
	case F_CT_STATE:
		scalar(w, N_FLAGS8, true, p->ct_state, m->ct_state, 0xff);
		return true;
	case F_CT_ZONE:
		scalar(w, N_HEX, true, p->ct_zone, m->ct_zone, 0xffff);
		return true;
	case F_CT_MARK:
		scalar(w, N_HEX, true, p->ct_mark, m->ct_mark, UINT32_MAX);
		return true;
	case F_ETH_SRC:
		address(w, N_MAC, p->eth_src, m->eth_src, 6);
		return true;
	case F_ETH_DST:
		address(w, N_MAC, p->eth_dst, m->eth_dst, 6);
		return true;
	case F_ETH_TYPE:
		scalar(w, N_HEX4, false, ntohs(p->eth_type), ntohs(m->eth_type),
		       0xffff);
		return true;
	case F_VLAN_TCI:
		scalar(w, N_HEX4, false, ntohs(p->vlan_tci), ntohs(m->vlan_tci),
		       0xffff);
		return l->vlan;
	case F_IP_PROTO:
		/* For ARP the low byte of the opcode, all the kernel keeps. */
		scalar(w, N_DEC, false, p->ip_proto, m->ip_proto, 0xff);
		return ip || l->arp;
	case F_IP_TOS:
		scalar(w, N_HEX, false, p->ip_tos, m->ip_tos, 0xff);
		return ip;
	case F_IP_TTL:
		scalar(w, N_DEC, false, p->ip_ttl, m->ip_ttl, 0xff);
		return ip;
	case F_IP_FRAG:
		/* OVS_FRAG_TYPE_NONE/FIRST/LATER: two bits carry it all. */
		scalar(w, N_DEC, false, p->ip_frag, m->ip_frag, 0x03);
		return ip;
	case F_IPV4_SRC:
		address(w, N_IPV4, &p->ipv4_src, &m->ipv4_src, 4);
		return l->ipv4 || l->arp;
	case F_IPV4_DST:
		address(w, N_IPV4, &p->ipv4_dst, &m->ipv4_dst, 4);
		return l->ipv4 || l->arp;
	case F_IPV6_SRC:
		address(w, N_IPV6, p->ipv6_src, m->ipv6_src, 16);
		return l->ipv6;
	case F_IPV6_DST:
		address(w, N_IPV6, p->ipv6_dst, m->ipv6_dst, 16);
		return l->ipv6;
	case F_IPV6_LABEL:
		scalar(w, N_HEX, false, ntohl(p->ipv6_label),
		       ntohl(m->ipv6_label), 0xfffff);
		return l->ipv6;
	case F_TP_SRC:
	case F_TP_DST: {
		uint16_t pv = id == F_TP_SRC ? p->tp_src : p->tp_dst;
		uint16_t mv = id == F_TP_SRC ? m->tp_src : m->tp_dst;

		/* ICMP type and code are one byte each, kept as htons(). */
		scalar(w, N_DEC, false, ntohs(pv), ntohs(mv),
		       l->icmp ? 0xff : 0xffff);
		return l->l4;
	}
	case F_TCP_FLAGS:
		/* The top four bits are the TCP data offset, never matched. */
		scalar(w, N_FLAGS12, false, ntohs(p->tcp_flags),
		       ntohs(m->tcp_flags), 0x0fff);
		return l->tcp;
	case F_COUNT:
		break;
	}
	return false;
}

/* Number of leading one bits of a, or -1 when the ones are not one
 * contiguous run from the top. */
static int leading_ones(const uint8_t *a, size_t n)
{
	size_t i = 0;
	int bits = 0;

	while (i < n && a[i] == 0xff) {
		bits += 8;
		i++;
	}
	if (i < n) {
		uint8_t b = a[i++];

		while (b & 0x80) {
			bits++;
			b = (uint8_t)(b << 1);
		}
		if (b)
			return -1;
	}
	for (; i < n; i++)
		if (a[i])
			return -1;
	return bits;
}

static enum explain_kind classify(const struct view *w, unsigned int *prefix)
{
	bool zero = true, ones = true;
	size_t i;
	int lead;

	*prefix = 0;
	if (!w->n) {
		uint32_t m = w->m & w->full;

		return !m ? EXPLAIN_WILD :
		       m == w->full ? EXPLAIN_EXACT : EXPLAIN_PARTIAL;
	}
	for (i = 0; i < w->n; i++) {
		zero = zero && !w->pm[i];
		ones = ones && w->pm[i] == 0xff;
	}
	if (zero)
		return EXPLAIN_WILD;
	if (ones)
		return EXPLAIN_EXACT;
	/* A prefix only means something for IP addresses: a MAC mask such
	 * as ff:ff:ff:00:00:00 (an OUI) is shown as the mask it is. */
	lead = w->how == N_MAC ? -1 : leading_ones(w->pm, w->n);
	if (lead < 0)
		return EXPLAIN_PARTIAL;
	*prefix = (unsigned int)lead;
	return EXPLAIN_PREFIX;
}

static size_t collect(const struct out_key_fields *pkt,
		      const struct out_key_fields *mask, struct item *items)
{
	struct layers l;
	size_t n = 0;
	int id;

	find_layers(pkt, &l);
	for (id = 0; id < F_COUNT; id++) {
		struct item *it = &items[n];

		if (!get_view((enum field_id)id, pkt, mask, &l, &it->view))
			continue;
		it->kind = classify(&it->view, &it->prefix);
		n++;
	}
	return n;
}

size_t explain_fields(const struct out_key_fields *pkt, const struct out_key_fields *mask,
		      struct explain_field *out, size_t max)
{
	struct item items[F_COUNT];
	size_t n = collect(pkt, mask, items), i;

	if (n > max)
		n = max;
	for (i = 0; i < n; i++) {
		out[i].name = names[items[i].view.id];
		out[i].kind = items[i].kind;
		out[i].prefix = items[i].prefix;
	}
	return n;
}

static void put_addr(struct strbuf *out, const struct view *w, const uint8_t *a)
{
	char buf[INET6_ADDRSTRLEN];

	switch (w->how) {
	case N_MAC:
		for (int i = 0; i < 6; i++) {
			if (i)
				strbuf_putc(out, ':');
			strbuf_put_hex(out, a[i], 2);
		}
		break;
	case N_IPV4:
		for (int i = 0; i < 4; i++) {
			if (i)
				strbuf_putc(out, '.');
			strbuf_put_dec(out, a[i]);
		}
		break;
	default:
		if (!inet_ntop(AF_INET6, a, buf, sizeof(buf)))
			strcpy(buf, "?");
		strbuf_puts(out, buf);
		break;
	}
}

/* "0x" and v in width hex digits: "0x%0*x". */
static void put_hex_w(struct strbuf *out, uint32_t v, unsigned int width)
{
	strbuf_put(out, "0x", 2);
	strbuf_put_hex(out, v, width);
}

/* "value/mask" of a partial field: the packet's whole value, so the reader
 * sees which of its bits the mask kept. */
static void put_value(struct strbuf *out, const struct view *w)
{
	static const unsigned int width[] = { [N_HEX4] = 4, [N_FLAGS8] = 2, [N_FLAGS12] = 3 };
	uint32_t m = w->m & w->full;

	switch (w->how) {
	case N_DEC:
		strbuf_put_dec(out, w->v);
		strbuf_putc(out, '/');
		strbuf_put_hex_alt(out, m);
		break;
	case N_HEX:
		strbuf_put_hex_alt(out, w->v);
		strbuf_putc(out, '/');
		strbuf_put_hex_alt(out, m);
		break;
	case N_HEX4:
	case N_FLAGS8:
	case N_FLAGS12:
		put_hex_w(out, w->v, width[w->how]);
		strbuf_putc(out, '/');
		put_hex_w(out, m, width[w->how]);
		break;
	case N_MAC:
	case N_IPV4:
	case N_IPV6:
		put_addr(out, w, w->pv);
		strbuf_putc(out, '/');
		put_addr(out, w, w->pm);
		break;
	}
}

/* Whether it belongs in the output: wildcarded metadata says nothing about
 * the packet, so it is not shown as "ignored". */
static bool shown(const struct item *it)
{
	return !(it->view.meta && it->kind == EXPLAIN_WILD);
}

static const enum explain_kind group_order[] = {
	EXPLAIN_EXACT, EXPLAIN_PREFIX, EXPLAIN_PARTIAL, EXPLAIN_WILD,
};

static const char *group_name(enum explain_kind k)
{
	switch (k) {
	case EXPLAIN_EXACT: return "exact";
	case EXPLAIN_PREFIX: return "prefix";
	case EXPLAIN_PARTIAL: return "partial";
	case EXPLAIN_WILD: return "ignores";
	}
	return "?";
}

/* One group: exact and ignores are lists of names; prefix maps a name to
 * its length ("ipv4_src/24" in text), partial to its value/mask. */
static void emit_group(struct emit *e, enum explain_kind k, const struct item *items, size_t n)
{
	if (k == EXPLAIN_EXACT || k == EXPLAIN_WILD)
		em_list_begin(e, group_name(k));
	else
		em_map_begin(e, group_name(k), k == EXPLAIN_PREFIX ? '/' : '=');
	for (size_t i = 0; i < n; i++) {
		const struct item *it = &items[i];
		const char *name = names[it->view.id];

		if (it->kind != k || !shown(it))
			continue;
		if (k == EXPLAIN_PREFIX) {
			em_entry_uint(e, name, it->prefix);
		} else if (k == EXPLAIN_PARTIAL) {
			em_entry_begin(e, name);
			put_value(e->sb, &it->view);
			em_entry_end(e);
		} else {
			em_item(e, name);
		}
	}
	em_group_end(e);
}

/* Every string written is a field name or a value put_value() made of
 * digits, hex, dots and colons: nothing to escape. */
void explain_emit(struct emit *e, const struct em_name *name, const struct out_key_fields *pkt,
		  const struct out_key_fields *mask)
{
	struct item items[F_COUNT];
	size_t n = collect(pkt, mask, items);

	em_obj_begin(e, name);
	for (size_t g = 0; g < sizeof(group_order) / sizeof(group_order[0]); g++)
		emit_group(e, group_order[g], items, n);
	em_obj_end(e);
}

static int format(struct strbuf *out, bool json, const struct out_key_fields *pkt,
		  const struct out_key_fields *mask)
{
	struct emit e;

	em_init(&e, out, json, NULL);
	explain_emit(&e, NULL, pkt, mask);
	return strbuf_error(out);
}

int explain_format(struct strbuf *out, const struct out_key_fields *pkt,
		   const struct out_key_fields *mask)
{
	return format(out, false, pkt, mask);
}

int explain_format_json(struct strbuf *out, const struct out_key_fields *pkt,
			const struct out_key_fields *mask)
{
	return format(out, true, pkt, mask);
}
