// SPDX-License-Identifier: GPL-2.0-only
/*
 * Record -> one line. Text is `TIME TYPE name=value ... [ufid:U, KEY,
 * actions:ACTIONS]`, so the flow text at the end greps like a dump-flows
 * line; JSON carries the same fields by the names the README documents.
 * Device and thread names come from the kernel and may hold anything:
 * they are escaped, never written raw to the operator's terminal.
 */
#include <errno.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>

#include "dpctl.h"
#include "emit.h"
#include "explain.h"
#include "put_view.h"
#include "output.h"

#define ETH_P_IP 0x0800
#define ETH_P_ARP 0x0806
#define ETH_P_IPV6 0x86dd
#define VLAN_CFI 0x1000

void output_init(struct output *o, FILE *f, bool json, int64_t wall_offset_ns)
{
	memset(o, 0, sizeof(*o));
	o->f = f;
	o->json = json;
	o->wall_offset_ns = wall_offset_ns;
	strbuf_init(&o->line);
}

void output_set_relative(struct output *o, uint64_t start_ns)
{
	o->relative = true;
	o->start_ns = start_ns;
}

void output_free(struct output *o)
{
	strbuf_free(&o->line);
}

const char *output_type_name(enum corr_type t)
{
	switch (t) {
	case CORR_FLOW: return "flow";
	case CORR_NOFLOW: return "noflow";
	case CORR_PUT: return "put";
	case CORR_ACTION: return "action";
	case CORR_LOST: return "lost";
	}
	return "unknown";
}

const char *output_verdict_name(enum corr_verdict v)
{
	switch (v) {
	case CORR_V_INSTALLED: return "installed";
	case CORR_V_SHARED: return "shared";
	case CORR_V_PUT_FAILED: return "put_failed";
	case CORR_V_NOFLOW: return "noflow";
	case CORR_V_LOST: return "lost";
	case CORR_V_ACTION: return "action";
	case CORR_V_NONE: break;
	}
	return NULL;
}

static const char *reason_name(enum corr_reason r)
{
	switch (r) {
	case CORR_R_TIMEOUT: return "timeout";
	case CORR_R_EVICTED: return "evicted";
	case CORR_R_EXIT: return "exit";
	case CORR_R_UNREAD: return "unread";
	case CORR_R_NONE: break;
	}
	return NULL;
}

static const char *upcall_kind(const struct out_upcall *u)
{
	switch (u->cmd) {
	case 1: return "miss";
	case 2: return "action";
	}
	return "other";
}

static const char *proto_name(unsigned int p)
{
	switch (p) {
	case 1: return "icmp";
	case 2: return "igmp";
	case 6: return "tcp";
	case 17: return "udp";
	case 58: return "icmpv6";
	case 132: return "sctp";
	}
	return NULL;
}

/* The clock lines are printed on, as o says now (tests and main set its
 * fields directly). */
static struct em_clock clock_of(const struct output *o)
{
	return (struct em_clock){ o->wall_offset_ns, o->relative, o->start_ns };
}

void output_time(const struct output *o, struct strbuf *sb, uint64_t ts_ns)
{
	struct em_clock c = clock_of(o);

	em_put_time(sb, &c, ts_ns);
}

/* "%02x:%02x:%02x:%02x:%02x:%02x" into buf[18]. */
static void format_mac(char *buf, const uint8_t *m)
{
	static const char digits[] = "0123456789abcdef";

	for (int i = 0; i < 6; i++) {
		buf[3 * i] = digits[m[i] >> 4];
		buf[3 * i + 1] = digits[m[i] & 0xf];
		buf[3 * i + 2] = i < 5 ? ':' : '\0';
	}
}

/* inet_ntop(AF_INET) into buf[16]. */
static void format_ip4(char *buf, const void *addr)
{
	const uint8_t *a = addr;

	for (int i = 0; i < 4; i++) {
		unsigned int v = a[i];

		if (i)
			*buf++ = '.';
		if (v >= 100)
			*buf++ = (char)('0' + v / 100);
		if (v >= 10)
			*buf++ = (char)('0' + v / 10 % 10);
		*buf++ = (char)('0' + v % 10);
	}
	*buf = '\0';
}

/* The fields every line shows, from the upcall or, for a put nobody asked
 * for, from the put's own key. */
struct summary {
	const char *dev;	/* NULL: unknown */
	uint32_t ifindex;
	uint32_t in_port;
	char eth_src[18], eth_dst[18];
	uint16_t eth_type;
	int vlan;		/* -1: none */
	char src[INET6_ADDRSTRLEN], dst[INET6_ADDRSTRLEN];	/* "" if none */
	int proto;		/* -1: none */
	int sport, dport;	/* -1: none */
};

static void summarize(struct summary *s, const struct out_key_fields *k)
{
	uint16_t type = ntohs(k->eth_type);
	uint16_t tci = ntohs(k->vlan_tci);

	s->in_port = k->in_port;
	format_mac(s->eth_src, k->eth_src);
	format_mac(s->eth_dst, k->eth_dst);
	s->eth_type = type;
	s->vlan = tci & VLAN_CFI ? tci & 0x0fff : -1;
	s->src[0] = s->dst[0] = 0;
	s->proto = s->sport = s->dport = -1;
	if (type == ETH_P_IP || type == ETH_P_ARP) {
		format_ip4(s->src, &k->ipv4_src);
		format_ip4(s->dst, &k->ipv4_dst);
	} else if (type == ETH_P_IPV6) {
		inet_ntop(AF_INET6, k->ipv6_src, s->src, sizeof(s->src));
		inet_ntop(AF_INET6, k->ipv6_dst, s->dst, sizeof(s->dst));
	}
	if (type == ETH_P_IP || type == ETH_P_IPV6) {
		s->proto = k->ip_proto;
		if (k->ip_frag != 2 /* later fragments carry no ports */ &&
		    (k->ip_proto == 6 || k->ip_proto == 17 || k->ip_proto == 132 ||
		     k->ip_proto == 1 || k->ip_proto == 58)) {
			s->sport = ntohs(k->tp_src);
			s->dport = ntohs(k->tp_dst);
		}
	}
}

static const char *result_name(const struct corr_record *r, char *buf, size_t len)
{
	const char *name;

	if (!r->result_known)
		return "unknown";
	if (!r->result)
		return "ok";
	/* Kernel data: -INT_MIN would overflow. */
	name = r->result > INT32_MIN ? strerrorname_np(-r->result) : NULL;
	if (name)
		return name;
	snprintf(buf, len, "E%lld", -(long long)r->result);
	return buf;
}

/* The put's flow in dump-flows text, built once per put however many
 * records show it; a put whose text did not decode counts once. */
void output_flow_text(struct output *o, struct put_view *v)
{
	if (put_view_text(v, &o->memo, o->ovs) && v->text_bad)
		o->format_errors++;
}

/* --explain: the flow's mask, as the kernel applies it, against the upcall's
 * packet. Returns false when the put's key or mask does not decode. */
static bool explain_flow(struct emit *e, const struct corr_record *r)
{
	if (r->view->err)
		return false;
	explain_emit(e, EM_F("explain"), &r->upcall->key, &r->view->mask);
	return true;
}

/* Only flows are explained; text says so for one whose mask is bad. */
static void explain_field(struct emit *e, const struct corr_record *r)
{
	bool flow = r->type == CORR_FLOW;

	if (!flow || !explain_flow(e, r))
		em_str(e, EM_F("explain"), NULL, flow ? "\"undecodable\"" : EM_OMIT);
}

/* A flow as dump-flows -m shows it, the text's tail "ufid:U, KEY,
 * actions:A"; JSON's ufid is without "ufid:". uuid NULL: the put had no
 * UFID. Without a flow at all, text shows none of it. */
static void flow_fields(struct emit *e, bool flow, const char *uuid, const char *key,
			size_t key_len, const char *actions, size_t actions_len)
{
	em_strn(e, EM_TAIL(" ufid:", "ufid"), uuid, DPCTL_UUID_LEN, flow ? "none" : EM_OMIT);
	em_text(e, EM_TAIL(", ", "key"), flow ? key : NULL, key_len, EM_OMIT);
	em_text(e, EM_TAIL(", actions:", "actions"), flow ? actions : NULL, actions_len, EM_OMIT);
}

/* A record's fields in JSON's order, each named once (README "Text
 * fields" and "JSON fields"). */
EM_FIELDS static void record_fields(struct emit *e, const struct corr_record *r,
				 const struct summary *s)
{
	const struct out_upcall *u = r->upcall;
	char rbuf[16];

	em_kstr(e, EM_F("dev"), s->dev, OUT_IFNAMSIZ, EM_DASH);
	em_uint(e, EM_J("ifindex"), s->ifindex, s->dev != NULL, EM_OMIT);
	em_uint(e, EM_F("in_port"), s->in_port, true, EM_OMIT);
	/* A MAC is always 17 characters: known lengths copy inline. */
	em_strn(e, EM_F("eth_src"), s->eth_src, sizeof(s->eth_src) - 1, EM_OMIT);
	em_strn(e, EM_F("eth_dst"), s->eth_dst, sizeof(s->eth_dst) - 1, EM_OMIT);
	em_hex(e, EM_F("eth_type"), s->eth_type, 4);
	em_uint(e, EM_F("vlan"), (uint64_t)s->vlan, s->vlan >= 0, EM_OMIT);
	em_str(e, EM_F("src"), s->src[0] ? s->src : NULL, EM_DASH);
	em_str(e, EM_F("dst"), s->dst[0] ? s->dst : NULL, EM_DASH);
	em_uint_named(e, EM_F("proto"), (uint64_t)s->proto, proto_name((unsigned int)s->proto),
		      s->proto >= 0, EM_DASH);
	em_uint(e, EM_F("sport"), (uint64_t)s->sport, s->sport >= 0, EM_DASH);
	em_uint(e, EM_F("dport"), (uint64_t)s->dport, s->dport >= 0, EM_DASH);
	em_uint(e, EM_J("cpu"), u ? u->hdr.cpu : 0, u != NULL, EM_OMIT);
	em_str(e, EM_F("upcall"), u ? upcall_kind(u) : NULL, EM_OMIT);
	em_uint(e, EM_F("portid"), u ? u->portid : 0, u != NULL, EM_OMIT);
	em_thread(e, EM_THREAD("handler", "handler_tid", "handler_comm"), r->handler_tid != 0,
		  r->handler_tid, r->handler_comm, OUT_TASK_COMM_LEN, EM_DASH);
	em_ms(e, EM_F2("read", "read_latency_ns"), r->read_latency_ns, r->read_latency_ns != 0,
	      EM_OMIT);
	em_ms(e, EM_F2("latency", "latency_ns"), r->latency_ns, r->type == CORR_FLOW, EM_OMIT);
	em_str(e, EM_F("result"),
	       r->put || r->type == CORR_LOST ? result_name(r, rbuf, sizeof(rbuf)) : NULL, EM_OMIT);
	em_bool(e, EM_J("shared"), r->shared);
	em_str(e, EM_F("verdict"), output_verdict_name(r->verdict), EM_OMIT);
	em_str(e, EM_F("reason"), reason_name(r->reason), EM_OMIT);
}

int output_format(struct output *o, const struct corr_record *r)
{
	struct summary s = { 0 };
	char uuid[DPCTL_UUID_LEN + 1];
	struct em_clock clock;
	struct emit e;
	bool has_ufid;
	uint64_t ts;

	if (r->upcall) {
		summarize(&s, &r->upcall->key);
		s.dev = r->upcall->dev[0] ? r->upcall->dev : NULL;
		s.ifindex = r->upcall->ifindex;
		ts = r->upcall->hdr.ts_ns;
	} else {
		summarize(&s, &r->view->key);
		ts = r->put->hdr.ts_ns;
	}
	if (r->put)
		output_flow_text(o, r->view);
	strbuf_clear(&o->line);
	clock = clock_of(o);
	em_init(&e, &o->line, o->json, &clock);
	em_record_begin(&e, output_type_name(r->type), ts);
	record_fields(&e, r, &s);
	has_ufid = r->put && (r->put->flags & OUT_F_HAS_UFID);
	if (has_ufid)
		dpctl_format_uuid(uuid, r->put->ufid);
	if (r->view)
		flow_fields(&e, true, has_ufid ? uuid : NULL, strbuf_cstr(&r->view->key_text),
			    strbuf_len(&r->view->key_text), strbuf_cstr(&r->view->actions_text),
			    strbuf_len(&r->view->actions_text));
	else
		flow_fields(&e, false, NULL, "", 0, "", 0);
	if (o->explain)
		explain_field(&e, r);
	/* The uuid lives to here: text writes the flow last. */
	em_record_end(&e);
	return strbuf_error(&o->line);
}

static int write_line(struct output *o)
{
	if (fwrite(strbuf_cstr(&o->line), 1, strbuf_len(&o->line), o->f) != strbuf_len(&o->line) ||
	    (!o->batch && fflush(o->f)))
		return errno ? -errno : -EIO;
	return 0;
}

int output_record(struct output *o, const struct corr_record *r)
{
	int err = output_format(o, r);

	return err ? err : write_line(o);
}

static const char *lc_type_name(enum lc_type t)
{
	return t == LC_SET ? "flow_mod" : "flow_del";
}

/* A flow_mod has no statistics to show; a flush has them, unknown ("-"):
 * the kernel reports none for it. */
int output_lifecycle(struct output *o, const struct lc_record *r)
{
	const struct lc_flow *f = r->flow;
	uint64_t age = r->hdr->ts_ns > f->install_ns ? r->hdr->ts_ns - f->install_ns : 0;
	bool set = r->type == LC_SET, stats = r->type == LC_DEL;
	const char *nostats = r->type == LC_FLUSH ? EM_DASH : EM_OMIT;
	struct em_clock clock = clock_of(o);
	char uuid[DPCTL_UUID_LEN + 1];
	struct emit e;
	int err;

	dpctl_format_uuid(uuid, f->ufid);
	strbuf_clear(&o->line);
	em_init(&e, &o->line, o->json, &clock);
	em_record_begin(&e, lc_type_name(r->type), r->hdr->ts_ns);
	em_thread(&e, EM_THREAD("by", "by_tid", "by_comm"), true, r->hdr->tid, r->hdr->comm,
		  OUT_TASK_COMM_LEN, EM_OMIT);
	em_secs(&e, set ? EM_F2("age", "age_ns") : EM_F2("lived", "lived_ns"), age);
	em_uint(&e, EM_F("packets"), r->packets, stats, nostats);
	em_uint(&e, EM_F("bytes"), r->bytes, stats, nostats);
	em_flags(&e, EM_F("tcp_flags"), r->tcp_flags, 3, stats, nostats);
	em_str(&e, EM_F("reason"), set ? NULL : r->type == LC_FLUSH ? "flush" : "delete", EM_OMIT);
	flow_fields(&e, true, uuid, f->key, strlen(f->key), f->actions, strlen(f->actions));
	if (set)
		em_text(&e, EM_J("old_actions"), r->old_actions, strlen(r->old_actions), EM_OMIT);
	em_record_end(&e);
	err = strbuf_error(&o->line);
	return err ? err : write_line(o);
}
