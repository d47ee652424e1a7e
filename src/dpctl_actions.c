// SPDX-License-Identifier: GPL-2.0-only
/*
 * Datapath actions as `ovs-dpctl dump-flows` prints them after "actions:":
 * OVS 3.1 lib/odp-util.c format_odp_actions() applied to what the kernel
 * dumps back. The kernel returns most actions as they were put; where it
 * rebuilds them from its own state (ct, set(tunnel)) this file rebuilds
 * them the same way first.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/openvswitch.h>

#include "dpctl.h"
#include "dpctl_fmt.h"
#include "dpctl_key.h"

/*
 * What ovs-dpctl takes a kernel action type to be. Up to ADD_MPLS the
 * kernel's and OVS's enums agree. After it, OVS before 3.4 numbered its
 * userspace-only actions (TUNNEL_PUSH 23, TUNNEL_POP 24, DROP 25,
 * LB_OUTPUT 26) where the kernel has since put DEC_TTL 23, DROP 24 and
 * PSAMPLE 25; OVS 3.4 took the kernel's numbers and moved its own to 26..28.
 * So OVS 3.1 prints the kernel's drop as tnl_pop(N) and its psample as a
 * bad drop; both are what this file prints for 3.1. The kernel's dec_ttl it
 * reads as a tnl_push header, past the attribute's end, into whatever
 * follows in its buffer: no text can match that, so dec_ttl prints as 3.4
 * prints it for every version.
 * OVS before 2.17 had no ADD_MPLS either: its userspace actions began at 22
 * (TUNNEL_PUSH 22, TUNNEL_POP 23, DROP 24, LB_OUTPUT 25), so 2.15 prints the
 * kernel's dec_ttl as tnl_pop(N) or a bad tnl_pop, its drop as drop and its
 * psample as a bad lb_output. Its add_mpls, read as a tnl_push past the
 * end, prints as later releases print it.
 */
enum {
	ACT_DEC_TTL = 256,
	ACT_DROP,
	ACT_PSAMPLE,
	ACT_TUNNEL_PUSH,
	ACT_TUNNEL_POP,
	ACT_LB_OUTPUT,
	ACT_UNKNOWN,
};

static unsigned int action_kind(unsigned int type, uint32_t ovs)
{
	static const unsigned int before_2_17[] = {
		ACT_TUNNEL_POP, ACT_DROP, ACT_LB_OUTPUT,
	};
	static const unsigned int before_3_4[] = {
		ACT_DEC_TTL, ACT_TUNNEL_POP, ACT_DROP, ACT_LB_OUTPUT,
	};
	static const unsigned int since_3_4[] = {
		ACT_DEC_TTL, ACT_DROP, ACT_PSAMPLE, ACT_TUNNEL_PUSH, ACT_TUNNEL_POP,
		ACT_LB_OUTPUT,
	};
	const unsigned int *tab = before_3_4;
	size_t n = sizeof(before_3_4) / sizeof(before_3_4[0]);

	if (ovs >= DPCTL_OVS(3, 4, 0)) {
		tab = since_3_4;
		n = sizeof(since_3_4) / sizeof(since_3_4[0]);
	} else if (ovs < DPCTL_OVS(2, 17, 0)) {
		tab = before_2_17;
		n = sizeof(before_2_17) / sizeof(before_2_17[0]);
	}
	if (type <= OVS_ACTION_ATTR_ADD_MPLS)
		return type;
	type -= OVS_ACTION_ATTR_ADD_MPLS + 1;
	return type < n ? tab[type] : ACT_UNKNOWN;
}

#define LEN_ANY (-2)

/* odp_action_len() of an action_kind(): fixed payload sizes, LEN_ANY for
 * variable ones. */
static int action_len(unsigned int kind)
{
	switch (kind) {
	case OVS_ACTION_ATTR_OUTPUT:
	case ACT_LB_OUTPUT:
	case OVS_ACTION_ATTR_TRUNC:
	case ACT_TUNNEL_POP:
	case OVS_ACTION_ATTR_METER:
	case OVS_ACTION_ATTR_RECIRC:
	case ACT_DROP:
		return 4;
	case OVS_ACTION_ATTR_PUSH_VLAN:
		return sizeof(struct ovs_action_push_vlan);
	case OVS_ACTION_ATTR_POP_VLAN:
	case OVS_ACTION_ATTR_CT_CLEAR:
	case OVS_ACTION_ATTR_POP_ETH:
	case OVS_ACTION_ATTR_POP_NSH:
		return 0;
	case OVS_ACTION_ATTR_PUSH_MPLS:
		return sizeof(struct ovs_action_push_mpls);
	case OVS_ACTION_ATTR_POP_MPLS:
		return 2;
	case OVS_ACTION_ATTR_HASH:
		return sizeof(struct ovs_action_hash);
	case OVS_ACTION_ATTR_PUSH_ETH:
		return sizeof(struct ovs_action_push_eth);
	case OVS_ACTION_ATTR_ADD_MPLS:
		return 8;	/* struct ovs_action_add_mpls */
	case ACT_TUNNEL_PUSH:
	case ACT_DEC_TTL:
	case ACT_PSAMPLE:
	case OVS_ACTION_ATTR_USERSPACE:
	case OVS_ACTION_ATTR_SET:
	case OVS_ACTION_ATTR_SET_MASKED:
	case OVS_ACTION_ATTR_SAMPLE:
	case OVS_ACTION_ATTR_CT:
	case OVS_ACTION_ATTR_CLONE:
	case OVS_ACTION_ATTR_PUSH_NSH:
	case OVS_ACTION_ATTR_CHECK_PKT_LEN:
		return LEN_ANY;
	default:
		return -1;
	}
}

/* Where an action list is being formatted: the error to set, the OVS
 * version whose text is wanted, and how deep in nested lists. */
struct actx {
	int *err;
	uint32_t ovs;
	int depth;
};

static struct actx deeper(struct actx x)
{
	x.depth++;
	return x;
}

static void format_actions(struct strbuf *out, const uint8_t *acts,
			   size_t len, struct actx x);

/* format_generic_odp_action() */
static void format_generic(struct strbuf *out, const struct nla *a)
{
	size_t i;

	strbuf_printf(out, "action%d", a->type);
	if (!a->len)
		return;
	for (i = 0; i < a->len; i++)
		strbuf_printf(out, "%c%02x", i ? ' ' : '(', a->data[i]);
	strbuf_putc(out, ')');
}

/* A nested policy check in the manner of nl_parse_nested(): attributes of
 * known types must have a length in [min, max]; the last one wins; unknown
 * types are ignored; the stream must be well formed. */
struct pol {
	int min;
	int max;	/* -1: no limit */
	bool required;
	bool string;	/* NUL-terminated, no embedded NUL */
};

static bool parse_nested(const struct nla *attr, const struct pol *pol,
			 unsigned int n, struct nla *tb, bool *seen)
{
	struct nla_iter it;
	struct nla a;
	unsigned int i;

	memset(seen, 0, n * sizeof(*seen));
	nla_iter_nested(&it, attr);
	while (nla_iter_next(&it, &a)) {
		const struct pol *p;

		if (a.type >= n)
			continue;
		p = &pol[a.type];
		if (!p->min && !p->max && !p->required && !p->string)
			continue;
		if ((int)a.len < p->min || (p->max >= 0 && (int)a.len > p->max))
			return false;
		if (p->string && (!a.len || a.data[a.len - 1] ||
				  memchr(a.data, 0, a.len - 1)))
			return false;
		tb[a.type] = a;
		seen[a.type] = true;
	}
	if (nla_iter_left(&it))
		return false;
	for (i = 0; i < n; i++)
		if (pol[i].required && !seen[i])
			return false;
	return true;
}

static const char *slow_path_name(uint32_t bit)
{
	switch (bit) {
	case 1 << 0: return "cfm";
	case 1 << 1: return "bfd";
	case 1 << 2: return "lacp";
	case 1 << 3: return "stp";
	case 1 << 4: return "lldp";
	case 1 << 5: return "action";
	case 1 << 6: return "match";
	default: return NULL;
	}
}

/* struct user_action_cookie of lib/odp-util.h (48 bytes): u16 type, u32
 * ofp_in_port at 4, uuid at 8, then a union at 24. */
#define COOKIE_LEN 48
enum {
	COOKIE_SFLOW = 1,
	COOKIE_SLOW_PATH,
	COOKIE_FLOW_SAMPLE,
	COOKIE_IPFIX,
	COOKIE_CONTROLLER,
};

/* Returns false if the cookie is not one OVS decodes. */
static bool format_cookie(struct strbuf *out, const uint8_t *c)
{
	const uint8_t *u = c + 24;

	switch (df_rd_u16(c)) {
	case COOKIE_SFLOW: {
		uint16_t tci = ntohs(df_rd_u16(u));

		strbuf_printf(out, ",sFlow(vid=%u,pcp=%u,output=%" PRIu32 ")",
			      tci & 0xfff, tci >> 13, df_rd_u32(u + 4));
		return true;
	}
	case COOKIE_SLOW_PATH:
		strbuf_puts(out, ",slow_path(");
		df_flags(out, slow_path_name, df_rd_u32(u + 4), ',');
		strbuf_putc(out, ')');
		return true;
	case COOKIE_FLOW_SAMPLE: {
		uint32_t dir = df_rd_u32(u + 20);

		strbuf_printf(out, ",flow_sample(probability=%u,collector_set_id=%" PRIu32 ",obs_domain_id=%" PRIu32 ",obs_point_id=%" PRIu32 ",output_port=%" PRIu32,
			      df_rd_u16(u), df_rd_u32(u + 4), df_rd_u32(u + 8),
			      df_rd_u32(u + 12), df_rd_u32(u + 16));
		if (dir == 1)
			strbuf_puts(out, ",ingress");
		else if (dir == 2)
			strbuf_puts(out, ",egress");
		strbuf_putc(out, ')');
		return true;
	}
	case COOKIE_IPFIX:
		strbuf_printf(out, ",ipfix(output_port=%" PRIu32 ")",
			      df_rd_u32(u));
		return true;
	case COOKIE_CONTROLLER: {
		uint64_t cookie = (uint64_t)ntohl(df_rd_u32(u + 8)) << 32 |
				  ntohl(df_rd_u32(u + 12));

		strbuf_printf(out, ",controller(reason=%u,dont_send=%d,continuation=%d,recirc_id=%" PRIu32 ",rule_cookie=%#" PRIx64 ",controller_id=%u,max_len=%u)",
			      df_rd_u16(u + 2), !!u[0], !!u[1], df_rd_u32(u + 4),
			      cookie, df_rd_u16(u + 16), df_rd_u16(u + 18));
		return true;
	}
	default:
		return false;
	}
}

static void format_userspace(struct strbuf *out, const struct nla *attr,
			     int *err)
{
	static const struct pol pol[] = {
		[OVS_USERSPACE_ATTR_PID] = { 4, 4, true, false },
		[OVS_USERSPACE_ATTR_USERDATA] = { 0, -1, false, false },
		[OVS_USERSPACE_ATTR_EGRESS_TUN_PORT] = { 4, 4, false, false },
		[OVS_USERSPACE_ATTR_ACTIONS] = { 0, -1, false, false },
	};
	enum { N = OVS_USERSPACE_ATTR_ACTIONS + 1 };
	struct nla tb[N];
	bool seen[N];

	if (!parse_nested(attr, pol, N, tb, seen)) {
		strbuf_puts(out, "userspace(error)");
		*err = -EINVAL;
		return;
	}
	strbuf_printf(out, "userspace(pid=%" PRIu32,
		      df_rd_u32(tb[OVS_USERSPACE_ATTR_PID].data));
	if (seen[OVS_USERSPACE_ATTR_USERDATA]) {
		const struct nla *u = &tb[OVS_USERSPACE_ATTR_USERDATA];
		size_t i;

		if (u->len != COOKIE_LEN || !format_cookie(out, u->data)) {
			strbuf_puts(out, ",userdata(");
			for (i = 0; i < u->len; i++)
				strbuf_printf(out, "%02x", u->data[i]);
			strbuf_putc(out, ')');
		}
	}
	if (seen[OVS_USERSPACE_ATTR_ACTIONS])
		strbuf_puts(out, ",actions");
	if (seen[OVS_USERSPACE_ATTR_EGRESS_TUN_PORT])
		strbuf_printf(out, ",tunnel_out_port=%" PRIu32,
			      df_rd_u32(tb[OVS_USERSPACE_ATTR_EGRESS_TUN_PORT].data));
	strbuf_putc(out, ')');
}

static void put_ip_range(struct strbuf *out, const struct nla *min,
			 const struct nla *max, uint16_t proto_min)
{
	char buf[INET6_ADDRSTRLEN];

	if (min->len == 4) {
		strbuf_printf(out, IP_FMT, IP_ARGS(min->data));
		if (max && df_rd_u32(max->data) &&
		    df_rd_u32(max->data) != df_rd_u32(min->data))
			strbuf_printf(out, "-" IP_FMT, IP_ARGS(max->data));
		return;
	}
	/* ipv6_format_addr_bracket(): brackets only when a port follows. */
	inet_ntop(AF_INET6, min->data, buf, sizeof(buf));
	strbuf_printf(out, proto_min ? "[%s]" : "%s", buf);
	if (max && !df_all_bytes(max->data, 16, 0) &&
	    memcmp(max->data, min->data, 16)) {
		inet_ntop(AF_INET6, max->data, buf, sizeof(buf));
		strbuf_printf(out, proto_min ? "-[%s]" : "-%s", buf);
	}
}

/* The attributes of a ct action's nat nest. */
enum { NAT_N = OVS_NAT_ATTR_PROTO_RANDOM + 1 };
struct nat {
	struct nla tb[NAT_N];
	bool s[NAT_N];		/* tb[i] is there */
	size_t alen;		/* address length: 0 (none), 4 or 16 */
	uint16_t pmin, pmax;	/* ports, 0 if absent */
};

/* The range checks of format_odp_ct_nat(), on well-sized attributes. */
static bool nat_range_ok(const struct nat *n)
{
	const struct nla *min = &n->tb[OVS_NAT_ATTR_IP_MIN];
	const struct nla *max = &n->tb[OVS_NAT_ATTR_IP_MAX];

	if (n->alen == 4 && n->s[OVS_NAT_ATTR_IP_MAX] && df_rd_u32(max->data) &&
	    ntohl(df_rd_u32(min->data)) > ntohl(df_rd_u32(max->data)))
		return false;
	if (n->alen == 16 && n->s[OVS_NAT_ATTR_IP_MAX] &&
	    !df_all_bytes(max->data, 16, 0) &&
	    memcmp(min->data, max->data, 16) > 0)
		return false;
	return !(n->pmax && n->pmin > n->pmax);
}

/* The checks of format_odp_ct_nat(), in its order: the text of the first
 * that fails, or NULL. */
static const char *nat_error(const struct nat *n)
{
	const bool *s = n->s;

	if (!(s[OVS_NAT_ATTR_SRC] || s[OVS_NAT_ATTR_DST]) &&
	    (s[OVS_NAT_ATTR_IP_MIN] || s[OVS_NAT_ATTR_IP_MAX] ||
	     s[OVS_NAT_ATTR_PROTO_MIN] || s[OVS_NAT_ATTR_PROTO_MAX] ||
	     s[OVS_NAT_ATTR_PERSISTENT] || s[OVS_NAT_ATTR_PROTO_HASH] ||
	     s[OVS_NAT_ATTR_PROTO_RANDOM]))
		return "nat(error: options allowed only with \"src\" or \"dst\")";
	if (s[OVS_NAT_ATTR_SRC] && s[OVS_NAT_ATTR_DST])
		return "nat(error: Only one of \"src\" or \"dst\" may be present.)";
	if (!s[OVS_NAT_ATTR_IP_MIN] && s[OVS_NAT_ATTR_PROTO_MIN])
		return "nat(error: proto but no IP.)";
	if ((!s[OVS_NAT_ATTR_IP_MIN] && s[OVS_NAT_ATTR_IP_MAX]) ||
	    (!s[OVS_NAT_ATTR_PROTO_MIN] && s[OVS_NAT_ATTR_PROTO_MAX]))
		return "nat(error: range max without min.)";
	if ((n->alen && n->alen != 4 && n->alen != 16) ||
	    (n->alen && s[OVS_NAT_ATTR_IP_MAX] &&
	     n->tb[OVS_NAT_ATTR_IP_MAX].len != n->alen))
		return "nat(error: IP address sizes do not match)";
	if (!nat_range_ok(n))
		return "nat(range error)";
	return NULL;
}

/* "nat", or "nat(src|dst[=range][:ports],options)". */
static void put_nat(struct strbuf *out, const struct nat *n)
{
	const bool *s = n->s;

	strbuf_puts(out, "nat");
	if (!s[OVS_NAT_ATTR_SRC] && !s[OVS_NAT_ATTR_DST])
		return;
	strbuf_puts(out, s[OVS_NAT_ATTR_SRC] ? "(src" : "(dst");
	if (n->alen) {
		strbuf_putc(out, '=');
		put_ip_range(out, &n->tb[OVS_NAT_ATTR_IP_MIN],
			     s[OVS_NAT_ATTR_IP_MAX] ?
			     &n->tb[OVS_NAT_ATTR_IP_MAX] : NULL, n->pmin);
		if (n->pmin) {
			strbuf_printf(out, ":%u", n->pmin);
			if (n->pmax && n->pmax != n->pmin)
				strbuf_printf(out, "-%u", n->pmax);
		}
	}
	strbuf_putc(out, ',');
	if (s[OVS_NAT_ATTR_PERSISTENT])
		strbuf_puts(out, "persistent,");
	if (s[OVS_NAT_ATTR_PROTO_HASH])
		strbuf_puts(out, "hash,");
	if (s[OVS_NAT_ATTR_PROTO_RANDOM])
		strbuf_puts(out, "random,");
	strbuf_chomp(out, ',');
	strbuf_putc(out, ')');
}

/* format_odp_ct_nat() */
static void format_nat(struct strbuf *out, const struct nla *attr, int *err)
{
	static const struct pol pol[] = {
		[OVS_NAT_ATTR_SRC] = { 0, -1, false, false },
		[OVS_NAT_ATTR_DST] = { 0, -1, false, false },
		[OVS_NAT_ATTR_IP_MIN] = { 4, 16, false, false },
		[OVS_NAT_ATTR_IP_MAX] = { 4, 16, false, false },
		[OVS_NAT_ATTR_PROTO_MIN] = { 2, 2, false, false },
		[OVS_NAT_ATTR_PROTO_MAX] = { 2, 2, false, false },
		[OVS_NAT_ATTR_PERSISTENT] = { 0, -1, false, false },
		[OVS_NAT_ATTR_PROTO_HASH] = { 0, -1, false, false },
		[OVS_NAT_ATTR_PROTO_RANDOM] = { 0, -1, false, false },
	};
	const char *error = "nat(error: nl_parse_nested() failed.)";
	struct nat n;

	if (parse_nested(attr, pol, NAT_N, n.tb, n.s)) {
		n.alen = n.s[OVS_NAT_ATTR_IP_MIN] ?
			 n.tb[OVS_NAT_ATTR_IP_MIN].len : 0;
		n.pmin = n.s[OVS_NAT_ATTR_PROTO_MIN] ?
			 df_rd_u16(n.tb[OVS_NAT_ATTR_PROTO_MIN].data) : 0;
		n.pmax = n.s[OVS_NAT_ATTR_PROTO_MAX] ?
			 df_rd_u16(n.tb[OVS_NAT_ATTR_PROTO_MAX].data) : 0;
		error = nat_error(&n);
	}
	if (error) {
		strbuf_puts(out, error);
		*err = -EINVAL;
		return;
	}
	put_nat(out, &n);
}

/*
 * format_odp_conntrack_action() over the kernel's rebuilt ct action
 * (ovs_ct_action_to_attr()): force_commit replaces commit, and a mark or
 * label with an all-zero mask is not dumped.
 */
/* A conntrack helper or timeout policy name, as OVS prints it, but any
 * byte that is not printable ASCII as \xNN: the name comes from the put
 * before the kernel checked it, and must not reach the terminal raw. */
static void put_ct_name(struct strbuf *out, const char *prefix, const struct nla *a, bool comma)
{
	strbuf_puts(out, prefix);
	for (size_t i = 0; i < a->len && a->data[i]; i++) {
		uint8_t c = a->data[i];

		if (c > 0x20 && c < 0x7f && c != '\\')
			strbuf_putc(out, c);
		else
			strbuf_printf(out, "\\x%02x", c);
	}
	if (comma)
		strbuf_putc(out, ',');
}

static void format_ct(struct strbuf *out, const struct nla *attr, uint32_t ovs, int *err)
{
	static const struct pol pol[] = {
		[OVS_CT_ATTR_COMMIT] = { 0, -1, false, false },
		[OVS_CT_ATTR_ZONE] = { 2, 2, false, false },
		[OVS_CT_ATTR_MARK] = { 8, -1, false, false },
		[OVS_CT_ATTR_LABELS] = { 32, -1, false, false },
		[OVS_CT_ATTR_HELPER] = { 1, 16, false, true },
		[OVS_CT_ATTR_NAT] = { 0, -1, false, false },
		[OVS_CT_ATTR_FORCE_COMMIT] = { 0, -1, false, false },
		[OVS_CT_ATTR_TIMEOUT] = { 1, 32, false, true },
	};
	enum { N = OVS_CT_ATTR_TIMEOUT + 1 };
	struct nla tb[N];
	bool s[N];
	bool commit, force, mark, label;
	uint16_t zone;

	if (!parse_nested(attr, pol, N, tb, s)) {
		strbuf_puts(out, "ct(error)");
		*err = -EINVAL;
		return;
	}
	force = s[OVS_CT_ATTR_FORCE_COMMIT];
	commit = s[OVS_CT_ATTR_COMMIT] && !force;
	zone = s[OVS_CT_ATTR_ZONE] ? df_rd_u16(tb[OVS_CT_ATTR_ZONE].data) : 0;
	mark = s[OVS_CT_ATTR_MARK] && df_rd_u32(tb[OVS_CT_ATTR_MARK].data + 4);
	label = s[OVS_CT_ATTR_LABELS] &&
		!df_all_bytes(tb[OVS_CT_ATTR_LABELS].data + 16, 16, 0);

	strbuf_puts(out, "ct");
	if (!(commit || force || zone || mark || label ||
	      s[OVS_CT_ATTR_HELPER] || s[OVS_CT_ATTR_TIMEOUT] ||
	      s[OVS_CT_ATTR_NAT]))
		return;
	strbuf_putc(out, '(');
	if (commit)
		strbuf_puts(out, "commit,");
	if (force)
		strbuf_puts(out, "force_commit,");
	if (zone)
		strbuf_printf(out, "zone=%u,", zone);
	if (mark)
		strbuf_printf(out, "mark=%#" PRIx32 "/%#" PRIx32 ",",
			      df_rd_u32(tb[OVS_CT_ATTR_MARK].data),
			      df_rd_u32(tb[OVS_CT_ATTR_MARK].data + 4));
	if (label) {
		strbuf_puts(out, "label=");
		dpctl_fmt_u128(out, tb[OVS_CT_ATTR_LABELS].data,
			       tb[OVS_CT_ATTR_LABELS].data + 16, true);
		strbuf_putc(out, ',');
	}
	if (s[OVS_CT_ATTR_HELPER])
		put_ct_name(out, "helper=", &tb[OVS_CT_ATTR_HELPER], true);
	/* Before 0bd4155f5 a nat() ran into the timeout's name. */
	if (s[OVS_CT_ATTR_TIMEOUT])
		put_ct_name(out, "timeout=", &tb[OVS_CT_ATTR_TIMEOUT], dpctl_ovs_late_2022(ovs));
	if (s[OVS_CT_ATTR_NAT])
		format_nat(out, &tb[OVS_CT_ATTR_NAT], err);
	strbuf_chomp(out, ',');
	strbuf_putc(out, ')');
}

/*
 * set(tunnel(...)) as the kernel dumps it: rebuilt from ip_tunnel_info by
 * __ip_tun_to_nlattr(), so zero addresses, ToS and ports are dropped and the
 * order is the kernel's.
 */
static void format_set_tunnel(struct strbuf *out, const struct nla *tun)
{
	static const uint16_t order[] = {
		OVS_TUNNEL_KEY_ATTR_ID, OVS_TUNNEL_KEY_ATTR_IPV4_SRC,
		OVS_TUNNEL_KEY_ATTR_IPV4_DST, OVS_TUNNEL_KEY_ATTR_IPV6_SRC,
		OVS_TUNNEL_KEY_ATTR_IPV6_DST, OVS_TUNNEL_KEY_ATTR_TOS,
		OVS_TUNNEL_KEY_ATTR_TTL, OVS_TUNNEL_KEY_ATTR_DONT_FRAGMENT,
		OVS_TUNNEL_KEY_ATTR_CSUM, OVS_TUNNEL_KEY_ATTR_TP_SRC,
		OVS_TUNNEL_KEY_ATTR_TP_DST, OVS_TUNNEL_KEY_ATTR_OAM,
		OVS_TUNNEL_KEY_ATTR_GENEVE_OPTS, OVS_TUNNEL_KEY_ATTR_VXLAN_OPTS,
		OVS_TUNNEL_KEY_ATTR_ERSPAN_OPTS,
	};
	uint8_t buf[512];
	struct nla_writer w;
	struct nla sub, built;
	size_t i, nest;

	nla_writer_init(&w, buf, sizeof(buf));
	nest = nla_nest_start(&w, OVS_KEY_ATTR_TUNNEL);
	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		uint16_t t = order[i];

		if (!nla_find(tun->data, tun->len, t, &sub)) {
			if (t == OVS_TUNNEL_KEY_ATTR_TTL)
				nla_put_u8(&w, t, 0);
			continue;
		}
		if (t != OVS_TUNNEL_KEY_ATTR_TTL && sub.len &&
		    df_all_bytes(sub.data, sub.len, 0) &&
		    t != OVS_TUNNEL_KEY_ATTR_ID)
			continue;
		nla_put(&w, t, sub.data, sub.len);
	}
	nla_nest_end(&w, nest);
	if (w.err) {
		built = *tun;
	} else {
		built.type = OVS_KEY_ATTR_TUNNEL;
		built.flags = 0;
		built.hdr = buf;
		built.data = buf + NLA_HDRLEN;
		built.len = w.len - NLA_HDRLEN;
	}
	dpctl_fmt_key_attr(out, &built, NULL, true);
}

static void format_set(struct strbuf *out, const struct nla *attr, bool masked,
		       int *err)
{
	struct nla_iter it;
	struct nla a;

	nla_iter_nested(&it, attr);
	if (!nla_iter_next(&it, &a)) {
		/* Nothing decodable inside: show the raw action. */
		format_generic(out, attr);
		*err = -EINVAL;
		return;
	}
	if (masked && a.type == OVS_KEY_ATTR_NSH) {
		/* Masked NSH set: rare enough to show raw. */
		strbuf_puts(out, "set(");
		dpctl_fmt_key_attr(out, &a, NULL, false);
		strbuf_putc(out, ')');
		return;
	}
	strbuf_puts(out, "set(");
	if (masked && a.len / 2 <= sizeof(struct ovs_key_ipv6)) {
		struct nla k = a, m = a;

		k.len = a.len / 2;
		m.len = a.len / 2;
		m.data = a.data + k.len;
		if (!dpctl_fmt_key_attr(out, &k, &m, false))
			*err = -EINVAL;
	} else if (!masked && a.type == OVS_KEY_ATTR_TUNNEL) {
		format_set_tunnel(out, &a);
	} else if (!dpctl_fmt_key_attr(out, &a, NULL, !masked)) {
		*err = -EINVAL;
	}
	strbuf_putc(out, ')');
}

/* An action's name, then parse_nested() of its attributes; if they are bad,
 * "(error)" after the name, as odp-util shows it, and *err set. */
static bool parse_action_nest(struct strbuf *out, const char *name,
			      const struct nla *attr, const struct pol *pol,
			      unsigned int n, struct nla *tb, bool *seen,
			      int *err)
{
	strbuf_puts(out, name);
	if (parse_nested(attr, pol, n, tb, seen))
		return true;
	strbuf_puts(out, "(error)");
	*err = -EINVAL;
	return false;
}

static void format_sample(struct strbuf *out, const struct nla *attr,
			  struct actx x)
{
	static const struct pol pol[] = {
		[OVS_SAMPLE_ATTR_PROBABILITY] = { 4, 4, true, false },
		[OVS_SAMPLE_ATTR_ACTIONS] = { 0, -1, true, false },
	};
	struct nla tb[3];
	bool s[3];

	if (!parse_action_nest(out, "sample", attr, pol, 3, tb, s, x.err))
		return;
	strbuf_printf(out, "(sample=%.1f%%,actions(",
		      100.0 * df_rd_u32(tb[OVS_SAMPLE_ATTR_PROBABILITY].data) /
		      UINT32_MAX);
	format_actions(out, tb[OVS_SAMPLE_ATTR_ACTIONS].data,
		       tb[OVS_SAMPLE_ATTR_ACTIONS].len, deeper(x));
	strbuf_puts(out, "))");
}

static void format_check_pkt_len(struct strbuf *out, const struct nla *attr,
				 struct actx x)
{
	static const struct pol pol[] = {
		[OVS_CHECK_PKT_LEN_ATTR_PKT_LEN] = { 2, 2, true, false },
		[OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_GREATER] = { 0, -1, true, false },
		[OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_LESS_EQUAL] = { 0, -1, true, false },
	};
	struct nla tb[4];
	bool s[4];
	const struct nla *gt, *le;

	if (!parse_action_nest(out, "check_pkt_len", attr, pol, 4, tb, s, x.err))
		return;
	gt = &tb[OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_GREATER];
	le = &tb[OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_LESS_EQUAL];
	strbuf_printf(out, "(size=%u,gt(",
		      df_rd_u16(tb[OVS_CHECK_PKT_LEN_ATTR_PKT_LEN].data));
	format_actions(out, gt->data, gt->len, deeper(x));
	strbuf_puts(out, "),le(");
	format_actions(out, le->data, le->len, deeper(x));
	strbuf_puts(out, "))");
}

static void format_mpls_lse(struct strbuf *out, uint32_t be_lse)
{
	uint32_t l = ntohl(be_lse);

	strbuf_printf(out, "label=%" PRIu32 ",tc=%u,ttl=%u,bos=%u", l >> 12,
		      (l >> 9) & 7, l & 0xff, (l >> 8) & 1);
}

static void format_hash(struct strbuf *out, const uint8_t *p)
{
	uint32_t alg = df_rd_u32(p), basis = df_rd_u32(p + 4);

	if (alg == OVS_HASH_ALG_L4)
		strbuf_printf(out, "hash(l4(%" PRIu32 "))", basis);
	else if (alg == 1)	/* OVS_HASH_ALG_SYM_L4, userspace */
		strbuf_printf(out, "hash(sym_l4(%" PRIu32 "))", basis);
	else
		strbuf_printf(out, "hash(Unknown hash algorithm(%" PRIu32 "))",
			      alg);
}

/* The actions that print as "name(N)" of their one u32. */
static const char *u32_action_name(unsigned int type)
{
	switch (type) {
	case ACT_LB_OUTPUT: return "lb_output";
	case OVS_ACTION_ATTR_TRUNC: return "trunc";
	case ACT_TUNNEL_POP: return "tnl_pop";
	case OVS_ACTION_ATTR_METER: return "meter";
	default: return NULL;
	}
}

/* Where the packet goes: out of a port, back through the datapath, or
 * nowhere. False for other actions. */
static bool format_forward_action(struct strbuf *out, const struct nla *a)
{
	const uint8_t *p = a->data;
	const char *name;

	switch (a->type) {
	case OVS_ACTION_ATTR_OUTPUT:
		strbuf_put_dec(out, df_rd_u32(p));	/* "%" PRIu32 */
		return true;
	case OVS_ACTION_ATTR_RECIRC:
		strbuf_puts(out, "recirc(");	/* "recirc(%#" PRIx32 ")" */
		strbuf_put_hex_alt(out, df_rd_u32(p));
		strbuf_putc(out, ')');
		return true;
	case OVS_ACTION_ATTR_HASH:
		format_hash(out, p);
		return true;
	case ACT_DROP:
		strbuf_puts(out, "drop");
		return true;
	default:
		name = u32_action_name(a->type);
		if (!name)
			return false;
		strbuf_puts(out, name);
		strbuf_putc(out, '(');
		strbuf_put_dec(out, df_rd_u32(p));	/* "%" PRIu32 */
		strbuf_putc(out, ')');
		return true;
	}
}

/* Headers pushed or popped. False for other actions. */
static bool format_header_action(struct strbuf *out, const struct nla *a)
{
	const uint8_t *p = a->data;

	switch (a->type) {
	case OVS_ACTION_ATTR_PUSH_ETH:
		strbuf_printf(out, "push_eth(src=" ETH_FMT ",dst=" ETH_FMT ")",
			      ETH_ARGS(p), ETH_ARGS(p + 6));
		return true;
	case OVS_ACTION_ATTR_POP_ETH:
		strbuf_puts(out, "pop_eth");
		return true;
	case OVS_ACTION_ATTR_PUSH_VLAN: {
		uint16_t tpid = ntohs(df_rd_u16(p)), tci = ntohs(df_rd_u16(p + 2));

		strbuf_puts(out, "push_vlan(");
		if (tpid != 0x8100)
			strbuf_printf(out, "tpid=0x%04x,", tpid);
		dpctl_fmt_vlan_tci(out, tci, 0xffff, false);
		strbuf_putc(out, ')');
		return true;
	}
	case OVS_ACTION_ATTR_POP_VLAN:
		strbuf_puts(out, "pop_vlan");
		return true;
	case OVS_ACTION_ATTR_PUSH_MPLS:
	case OVS_ACTION_ATTR_ADD_MPLS:
		strbuf_puts(out, a->type == OVS_ACTION_ATTR_PUSH_MPLS ?
			    "push_mpls(" : "add_mpls(");
		format_mpls_lse(out, df_rd_u32(p));
		strbuf_printf(out, ",eth_type=0x%x)", ntohs(df_rd_u16(p + 4)));
		return true;
	case OVS_ACTION_ATTR_POP_MPLS:
		strbuf_printf(out, "pop_mpls(eth_type=0x%x)", ntohs(df_rd_u16(p)));
		return true;
	case OVS_ACTION_ATTR_POP_NSH:
		strbuf_puts(out, "pop_nsh()");
		return true;
	default:
		return false;
	}
}

/* format_odp_push_nsh_action() of the header odp_nsh_hdr_from_attr()
 * makes of the action's nested OVS_NSH_KEY_ATTR_* attributes. */
static void format_push_nsh(struct strbuf *out, const struct nla *a)
{
	uint8_t base[8] = { 0 }, md1[16] = { 0 };
	struct nla md2 = { 0 };
	struct nla_iter it;
	struct nla nsh, sub;
	uint32_t path;

	/* The action holds one OVS_KEY_ATTR_NSH, which holds the fields. */
	nla_iter_nested(&it, a);
	if (!nla_iter_next(&it, &nsh))
		nsh = (struct nla){ 0 };
	nla_iter_nested(&it, &nsh);
	while (nla_iter_next(&it, &sub)) {
		if (sub.type == OVS_NSH_KEY_ATTR_BASE)
			nla_get_bytes(&sub, base, sizeof(base));
		else if (sub.type == OVS_NSH_KEY_ATTR_MD1)
			nla_get_bytes(&sub, md1, sizeof(md1));
		else if (sub.type == OVS_NSH_KEY_ATTR_MD2)
			md2 = sub;
	}
	path = df_rd_be32(base + 4);
	strbuf_printf(out, "push_nsh(flags=%d,ttl=%d,mdtype=%d,np=%d,spi=0x%x,si=%d",
		      base[0], base[1], base[2], base[3], path >> 8, path & 0xff);
	if (base[2] == 1) {
		for (int i = 0; i < 4; i++)
			strbuf_printf(out, ",c%d=0x%x", i + 1, df_rd_be32(md1 + 4 * i));
	} else if (base[2] == 2) {
		strbuf_puts(out, ",md2=");
		df_put_hex(out, md2.data, md2.len);
	} else {
		strbuf_puts(out, ",<error: unknown mdtype>");
	}
	strbuf_putc(out, ')');
}

/* dec_ttl(le_1(ACTIONS)): the actions of its first OVS_DEC_TTL_ATTR_ACTION,
 * as format_dec_ttl_action() of OVS 3.4 shows them. */
static void format_dec_ttl(struct strbuf *out, const struct nla *attr,
			   struct actx x)
{
	struct nla_iter it;
	struct nla a;

	strbuf_puts(out, "dec_ttl(le_1(");
	nla_iter_nested(&it, attr);
	while (nla_iter_next(&it, &a)) {
		if (a.type == OVS_DEC_TTL_ATTR_ACTION) {
			format_actions(out, a.data, a.len, deeper(x));
			break;
		}
	}
	strbuf_puts(out, "))");
}

/* psample(group=G,cookie=0xC) as OVS 3.4's format_odp_psample_action():
 * "group=G," and "cookie=0xC" in attribute order, then one trailing comma
 * dropped (so a cookie before its group runs into it). Types are compared
 * with their flag bits, as there. */
static void format_psample(struct strbuf *out, const struct nla *attr)
{
	struct nla_iter it;
	struct nla a;
	bool comma = false;

	strbuf_puts(out, "psample(");
	nla_iter_nested(&it, attr);
	while (nla_iter_next(&it, &a)) {
		if ((a.type | a.flags) == 1 && a.len >= 4) {	/* GROUP */
			strbuf_printf(out, "%sgroup=%" PRIu32, comma ? "," : "",
				      df_rd_u32(a.data));
			comma = true;
			continue;
		}
		if ((a.type | a.flags) != 2)			/* COOKIE */
			continue;
		if (comma)
			strbuf_putc(out, ',');
		strbuf_puts(out, "cookie=");
		df_put_hex(out, a.data, a.len);
		comma = false;
	}
	strbuf_putc(out, ')');
}

/* The actions made of attributes or of more actions, and ct_clear with
 * ct. False for other actions. */
static bool format_nested_action(struct strbuf *out, const struct nla *a,
				 struct actx x)
{
	switch (a->type) {
	case OVS_ACTION_ATTR_USERSPACE:
		format_userspace(out, a, x.err);
		return true;
	case OVS_ACTION_ATTR_SET_MASKED:
		format_set(out, a, true, x.err);
		return true;
	case OVS_ACTION_ATTR_SET:
		format_set(out, a, false, x.err);
		return true;
	case OVS_ACTION_ATTR_SAMPLE:
		format_sample(out, a, x);
		return true;
	case OVS_ACTION_ATTR_CT:
		format_ct(out, a, x.ovs, x.err);
		return true;
	case OVS_ACTION_ATTR_CT_CLEAR:
		strbuf_puts(out, "ct_clear");
		return true;
	case OVS_ACTION_ATTR_CLONE:
		strbuf_puts(out, "clone(");
		format_actions(out, a->data, a->len, deeper(x));
		strbuf_putc(out, ')');
		return true;
	case OVS_ACTION_ATTR_CHECK_PKT_LEN:
		format_check_pkt_len(out, a, x);
		return true;
	case OVS_ACTION_ATTR_PUSH_NSH:
		format_push_nsh(out, a);
		return true;
	case ACT_DEC_TTL:
		format_dec_ttl(out, a, x);
		return true;
	case ACT_PSAMPLE:
		format_psample(out, a);
		return true;
	default:
		return false;
	}
}

/* format_odp_action() */
static void format_action(struct strbuf *out, const struct nla *a, struct actx x)
{
	struct nla k = *a;
	int want;

	/* The formatters below see the type as ovs-dpctl takes it. */
	k.type = action_kind(a->type, x.ovs);
	want = action_len(k.type);
	if (want != LEN_ANY && a->len != (size_t)want) {
		strbuf_printf(out, "bad length %zu, expected %d for: ", a->len,
			      want);
		format_generic(out, a);
		*x.err = -EINVAL;
		return;
	}
	if (format_forward_action(out, &k) || format_header_action(out, &k) ||
	    format_nested_action(out, &k, x))
		return;
	/* Unknown types, and tnl_push, whose header is not decoded here:
	 * shown raw as odp-util shows unknowns. */
	format_generic(out, a);
}

static void format_actions(struct strbuf *out, const uint8_t *acts,
			   size_t len, struct actx x)
{
	struct nla_iter it;
	struct nla a;
	bool first = true;

	if (!len) {
		strbuf_puts(out, "drop");
		return;
	}
	if (x.depth > 16) {
		/* The kernel refuses deeper nesting; so do we. */
		strbuf_puts(out, "<error: actions nested too deeply>");
		*x.err = -EINVAL;
		return;
	}
	nla_iter_init(&it, acts, len);
	while (nla_iter_next(&it, &a)) {
		if (!first)
			strbuf_putc(out, ',');
		first = false;
		format_action(out, &a, x);
	}
	if (df_leftover(out, &it, len))
		*x.err = -EINVAL;
}

int dpctl_format_actions(struct strbuf *out, const void *acts, size_t len,
			 uint32_t ovs)
{
	int err = 0;
	struct actx x = { .err = &err, .ovs = ovs, .depth = 0 };

	format_actions(out, acts, acts ? len : 0, x);
	return err ? err : strbuf_error(out);
}
