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
#include "explain.h"
#include "put_view.h"
#include "output.h"

#define ETH_P_IP 0x0800
#define ETH_P_ARP 0x0806
#define ETH_P_IPV6 0x86dd
#define VLAN_CFI 0x1000

static void format_time(struct strbuf *sb, int64_t ns);

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

/* Printable ASCII as is; anything else as \xNN in text, \u00NN in JSON. */
static void put_escaped(struct strbuf *sb, const char *s, size_t max, bool json)
{
	for (size_t i = 0; i < max && s[i]; i++) {
		unsigned char ch = s[i];

		if (ch >= 0x20 && ch < 0x7f && !(json && (ch == '"' || ch == '\\')) &&
		    !(!json && (ch == ' ' || ch == '\\')))
			strbuf_putc(sb, ch);
		else if (json)
			strbuf_printf(sb, "\\u%04x", ch);
		else
			strbuf_printf(sb, "\\x%02x", ch);
	}
}

/* JSON string of our own, already safe text (dpctl output is ASCII). */
static void put_json_str(struct strbuf *sb, const char *name, const char *s)
{
	strbuf_puts(sb, ",\"");
	strbuf_puts(sb, name);
	strbuf_puts(sb, "\":\"");
	put_escaped(sb, s, (size_t)-1, true);
	strbuf_putc(sb, '"');
}

/* v, 0 <= v < 10^digits, zero-padded to digits (at most 9): "%0*u". */
static void put_dec_padded(struct strbuf *sb, uint32_t v, int digits)
{
	char buf[9];

	for (int i = digits - 1; i >= 0; i--) {
		buf[i] = (char)('0' + v % 10);
		v /= 10;
	}
	strbuf_put(sb, buf, (size_t)digits);
}

/* "%lld" */
static void put_lld(struct strbuf *sb, long long v)
{
	if (v < 0) {
		strbuf_putc(sb, '-');
		strbuf_put_dec(sb, -(unsigned long long)v);
	} else {
		strbuf_put_dec(sb, (unsigned long long)v);
	}
}

/* "%.3f" of ns / 1e6, a latency in ms. Rounding ns to whole microseconds
 * gives printf's digits exactly unless ns ends in 500, a decimal tie the
 * double's binary value breaks: below 2^50 ns, ns / 1e6 as a double is
 * within 1.25e-7 of the true value, and every other ns is at least 1e-6
 * from a tie. Those few and larger values go through printf. */
static void put_ms(struct strbuf *sb, uint64_t ns)
{
	uint64_t us;

	if (ns % 1000 == 500 || ns >= (1ULL << 50)) {
		strbuf_printf(sb, "%.3f", ns / 1e6);
		return;
	}
	us = ns / 1000 + (ns % 1000 > 500);
	strbuf_put_dec(sb, us / 1000);
	strbuf_putc(sb, '.');
	put_dec_padded(sb, (uint32_t)(us % 1000), 3);
}

void output_time(const struct output *o, struct strbuf *sb, uint64_t ts_ns)
{
	if (o->relative) {
		uint64_t d = ts_ns > o->start_ns ? ts_ns - o->start_ns : 0;

		strbuf_put_dec(sb, d / 1000000000);
		strbuf_putc(sb, '.');
		put_dec_padded(sb, (uint32_t)(d % 1000000000 / 1000), 6);
		return;
	}
	format_time(sb, (int64_t)(ts_ns + (uint64_t)o->wall_offset_ns));
}

static void format_time(struct strbuf *sb, int64_t ns)
{
	/* Records come in time order: most share the last one's second, and
	 * its text, kept here, saves gmtime_r() and strftime(). */
	static __thread struct {
		bool valid;
		time_t sec;
		char text[32];
		size_t len;
	} last;
	time_t sec = ns / 1000000000;
	long usec = (ns % 1000000000) / 1000;
	struct tm tm;

	/* Times from a file can be anything: keep the field well formed. */
	if (usec < 0) {
		usec += 1000000;
		sec--;
	}
	if (!last.valid || last.sec != sec) {
		if (!gmtime_r(&sec, &tm) ||
		    !strftime(last.text, sizeof(last.text), "%Y-%m-%dT%H:%M:%S", &tm))
			snprintf(last.text, sizeof(last.text), "@%lld", (long long)sec);
		last.len = strlen(last.text);
		last.sec = sec;
		last.valid = true;
	}
	strbuf_put(sb, last.text, last.len);
	strbuf_putc(sb, '.');
	put_dec_padded(sb, (uint32_t)usec, 6);
	strbuf_putc(sb, 'Z');
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
	if (put_view_text(v) && v->text_bad)
		o->format_errors++;
}

/* --explain: the flow's mask, as the kernel applies it, against the upcall's
 * packet. Returns false when the put's key or mask does not decode. */
static bool explain_flow(struct strbuf *sb, const struct corr_record *r, bool json)
{
	if (r->view->err)
		return false;
	if (json)
		explain_format_json(sb, &r->upcall->key, &r->view->mask);
	else
		explain_format(sb, &r->upcall->key, &r->view->mask);
	return true;
}

static void format_ufid(struct strbuf *sb, const struct out_flow_put *p)
{
	if (p->flags & OUT_F_HAS_UFID)
		dpctl_format_ufid(sb, p->ufid);
	else
		strbuf_puts(sb, "ufid:none");
}

static void text_line(struct output *o, const struct corr_record *r, const struct summary *s)
{
	struct strbuf *sb = &o->line;
	const struct out_upcall *u = r->upcall;
	char rbuf[16];

	strbuf_putc(sb, ' ');
	strbuf_puts(sb, output_type_name(r->type));
	strbuf_puts(sb, " dev=");
	if (s->dev)
		put_escaped(sb, s->dev, OUT_IFNAMSIZ, false);
	else
		strbuf_putc(sb, '-');
	strbuf_puts(sb, " in_port=");
	strbuf_put_dec(sb, s->in_port);
	strbuf_puts(sb, " eth_src=");
	strbuf_puts(sb, s->eth_src);
	strbuf_puts(sb, " eth_dst=");
	strbuf_puts(sb, s->eth_dst);
	strbuf_puts(sb, " eth_type=0x");
	strbuf_put_hex(sb, s->eth_type, 4);
	if (s->vlan >= 0) {
		strbuf_puts(sb, " vlan=");
		strbuf_put_dec(sb, (unsigned int)s->vlan);
	}
	strbuf_puts(sb, " src=");
	strbuf_puts(sb, s->src[0] ? s->src : "-");
	strbuf_puts(sb, " dst=");
	strbuf_puts(sb, s->dst[0] ? s->dst : "-");
	if (s->proto < 0) {
		strbuf_puts(sb, " proto=-");
	} else {
		strbuf_puts(sb, " proto=");
		if (proto_name(s->proto))
			strbuf_puts(sb, proto_name(s->proto));
		else
			strbuf_put_dec(sb, (unsigned int)s->proto);
	}
	if (s->sport >= 0) {
		strbuf_puts(sb, " sport=");
		strbuf_put_dec(sb, (unsigned int)s->sport);
		strbuf_puts(sb, " dport=");
		strbuf_put_dec(sb, (unsigned int)s->dport);
	} else {
		strbuf_puts(sb, " sport=- dport=-");
	}
	if (u) {
		strbuf_puts(sb, " upcall=");
		strbuf_puts(sb, upcall_kind(u));
		strbuf_puts(sb, " portid=");
		strbuf_put_dec(sb, u->portid);
	}
	if (r->handler_tid) {
		strbuf_puts(sb, " handler=");
		strbuf_put_dec(sb, r->handler_tid);
		strbuf_putc(sb, '(');
		put_escaped(sb, r->handler_comm, OUT_TASK_COMM_LEN, false);
		strbuf_putc(sb, ')');
	} else {
		strbuf_puts(sb, " handler=-");
	}
	if (r->read_latency_ns) {
		strbuf_puts(sb, " read=");
		put_ms(sb, r->read_latency_ns);
		strbuf_puts(sb, "ms");
	}
	if (r->type == CORR_FLOW) {
		strbuf_puts(sb, " latency=");
		put_ms(sb, r->latency_ns);
		strbuf_puts(sb, "ms");
	}
	if (r->put || r->type == CORR_LOST) {
		strbuf_puts(sb, " result=");
		strbuf_puts(sb, result_name(r, rbuf, sizeof(rbuf)));
	}
	if (output_verdict_name(r->verdict)) {
		strbuf_puts(sb, " verdict=");
		strbuf_puts(sb, output_verdict_name(r->verdict));
	}
	if (reason_name(r->reason)) {
		strbuf_puts(sb, " reason=");
		strbuf_puts(sb, reason_name(r->reason));
	}
	if (o->explain && r->type == CORR_FLOW) {
		strbuf_puts(sb, " explain=\"");
		if (!explain_flow(sb, r, false))
			strbuf_puts(sb, "undecodable");
		strbuf_putc(sb, '"');
	}
	if (r->put) {
		strbuf_putc(sb, ' ');
		format_ufid(sb, r->put);
		strbuf_puts(sb, ", ");
		strbuf_puts(sb, strbuf_cstr(&r->view->key_text));
		strbuf_puts(sb, ", actions:");
		strbuf_puts(sb, strbuf_cstr(&r->view->actions_text));
	}
	strbuf_putc(sb, '\n');
}

static void json_int_or_null(struct strbuf *sb, const char *name, long long v, bool present)
{
	strbuf_puts(sb, ",\"");
	strbuf_puts(sb, name);
	strbuf_puts(sb, "\":");
	if (present)
		put_lld(sb, v);
	else
		strbuf_puts(sb, "null");
}

static void json_line(struct output *o, const struct corr_record *r, const struct summary *s,
		      int64_t wall_ns)
{
	struct strbuf *sb = &o->line;
	const struct out_upcall *u = r->upcall;
	char rbuf[16];

	strbuf_puts(sb, "{\"type\":\"");
	strbuf_puts(sb, output_type_name(r->type));
	strbuf_puts(sb, "\",\"time\":\"");
	output_time(o, sb, (uint64_t)wall_ns - (uint64_t)o->wall_offset_ns);
	strbuf_puts(sb, "\",\"ts_ns\":");
	put_lld(sb, (long long)wall_ns);
	if (s->dev) {
		strbuf_puts(sb, ",\"dev\":\"");
		put_escaped(sb, s->dev, OUT_IFNAMSIZ, true);
		strbuf_putc(sb, '"');
	} else {
		strbuf_puts(sb, ",\"dev\":null");
	}
	json_int_or_null(sb, "ifindex", s->ifindex, s->dev != NULL);
	strbuf_puts(sb, ",\"in_port\":");
	strbuf_put_dec(sb, s->in_port);
	strbuf_puts(sb, ",\"eth_src\":\"");
	strbuf_puts(sb, s->eth_src);
	strbuf_puts(sb, "\",\"eth_dst\":\"");
	strbuf_puts(sb, s->eth_dst);
	strbuf_puts(sb, "\",\"eth_type\":\"0x");
	strbuf_put_hex(sb, s->eth_type, 4);
	strbuf_putc(sb, '"');
	json_int_or_null(sb, "vlan", s->vlan, s->vlan >= 0);
	if (s->src[0]) {
		strbuf_puts(sb, ",\"src\":\"");
		strbuf_puts(sb, s->src);
		strbuf_puts(sb, "\",\"dst\":\"");
		strbuf_puts(sb, s->dst);
		strbuf_putc(sb, '"');
	} else
		strbuf_puts(sb, ",\"src\":null,\"dst\":null");
	json_int_or_null(sb, "proto", s->proto, s->proto >= 0);
	json_int_or_null(sb, "sport", s->sport, s->sport >= 0);
	json_int_or_null(sb, "dport", s->dport, s->dport >= 0);
	json_int_or_null(sb, "cpu", u ? u->hdr.cpu : 0, u != NULL);
	if (u) {
		strbuf_puts(sb, ",\"upcall\":\"");
		strbuf_puts(sb, upcall_kind(u));
		strbuf_putc(sb, '"');
	} else
		strbuf_puts(sb, ",\"upcall\":null");
	json_int_or_null(sb, "portid", u ? u->portid : 0, u != NULL);
	json_int_or_null(sb, "handler_tid", r->handler_tid, r->handler_tid != 0);
	if (r->handler_tid) {
		strbuf_puts(sb, ",\"handler_comm\":\"");
		put_escaped(sb, r->handler_comm, OUT_TASK_COMM_LEN, true);
		strbuf_putc(sb, '"');
	} else {
		strbuf_puts(sb, ",\"handler_comm\":null");
	}
	json_int_or_null(sb, "read_latency_ns", r->read_latency_ns, r->read_latency_ns != 0);
	json_int_or_null(sb, "latency_ns", r->latency_ns, r->type == CORR_FLOW);
	if (r->put || r->type == CORR_LOST) {
		strbuf_puts(sb, ",\"result\":\"");
		strbuf_puts(sb, result_name(r, rbuf, sizeof(rbuf)));
		strbuf_putc(sb, '"');
	} else {
		strbuf_puts(sb, ",\"result\":null");
	}
	strbuf_puts(sb, r->shared ? ",\"shared\":true" : ",\"shared\":false");
	if (output_verdict_name(r->verdict)) {
		strbuf_puts(sb, ",\"verdict\":\"");
		strbuf_puts(sb, output_verdict_name(r->verdict));
		strbuf_putc(sb, '"');
	} else {
		strbuf_puts(sb, ",\"verdict\":null");
	}
	if (reason_name(r->reason)) {
		strbuf_puts(sb, ",\"reason\":\"");
		strbuf_puts(sb, reason_name(r->reason));
		strbuf_putc(sb, '"');
	} else
		strbuf_puts(sb, ",\"reason\":null");
	if (r->put) {
		if (r->put->flags & OUT_F_HAS_UFID) {
			struct strbuf ufid = STRBUF_INIT;

			dpctl_format_ufid(&ufid, r->put->ufid);
			o->err = strbuf_error(&ufid);
			/* "ufid:" is dump-flows -m's prefix, not part of the id. */
			if (!o->err && strbuf_len(&ufid) > 5)
				put_json_str(sb, "ufid", strbuf_cstr(&ufid) + 5);
			strbuf_free(&ufid);
		} else {
			strbuf_puts(sb, ",\"ufid\":null");
		}
		put_json_str(sb, "key", strbuf_cstr(&r->view->key_text));
		put_json_str(sb, "actions", strbuf_cstr(&r->view->actions_text));
	} else {
		strbuf_puts(sb, ",\"ufid\":null,\"key\":null,\"actions\":null");
	}
	if (o->explain) {
		strbuf_puts(sb, ",\"explain\":");
		if (r->type != CORR_FLOW || !explain_flow(sb, r, true))
			strbuf_puts(sb, "null");
	}
	strbuf_puts(sb, "}\n");
}

int output_format(struct output *o, const struct corr_record *r)
{
	struct summary s = { 0 };
	uint64_t ts;
	int64_t wall;

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
	/* Unsigned: a recorded file may hold any time and offset. */
	wall = (int64_t)(ts + (uint64_t)o->wall_offset_ns);

	strbuf_clear(&o->line);
	o->err = 0;
	if (o->json) {
		json_line(o, r, &s, wall);
	} else {
		output_time(o, &o->line, ts);
		text_line(o, r, &s);
	}
	return o->err ? o->err : strbuf_error(&o->line);
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

int output_lifecycle(struct output *o, const struct lc_record *r)
{
	struct strbuf *sb = &o->line;
	struct strbuf ufid = STRBUF_INIT;
	uint64_t age = r->hdr->ts_ns > r->flow->install_ns ? r->hdr->ts_ns - r->flow->install_ns : 0;
	bool stats = r->type == LC_DEL;
	int err;

	dpctl_format_ufid(&ufid, r->flow->ufid);
	strbuf_clear(sb);
	if (o->json) {
		strbuf_printf(sb, "{\"type\":\"%s\",\"time\":\"", lc_type_name(r->type));
		output_time(o, sb, r->hdr->ts_ns);
		strbuf_printf(sb, "\",\"ts_ns\":%lld,\"by_tid\":%u,\"by_comm\":\"",
			      (long long)(r->hdr->ts_ns + (uint64_t)o->wall_offset_ns), r->hdr->tid);
		put_escaped(sb, r->hdr->comm, OUT_TASK_COMM_LEN, true);
		strbuf_printf(sb, "\",\"%s\":%llu", r->type == LC_SET ? "age_ns" : "lived_ns",
			      (unsigned long long)age);
		json_int_or_null(sb, "packets", r->packets, stats);
		json_int_or_null(sb, "bytes", r->bytes, stats);
		json_int_or_null(sb, "tcp_flags", r->tcp_flags, stats);
		if (r->type == LC_SET)
			strbuf_puts(sb, ",\"reason\":null");
		else
			strbuf_printf(sb, ",\"reason\":\"%s\"", r->type == LC_FLUSH ? "flush" : "delete");
		put_json_str(sb, "ufid", strbuf_cstr(&ufid) + 5);
		put_json_str(sb, "key", r->flow->key);
		put_json_str(sb, "actions", r->flow->actions);
		if (r->type == LC_SET)
			put_json_str(sb, "old_actions", r->old_actions);
		strbuf_puts(sb, "}\n");
	} else {
		output_time(o, sb, r->hdr->ts_ns);
		strbuf_printf(sb, " %s by=%u(", lc_type_name(r->type), r->hdr->tid);
		put_escaped(sb, r->hdr->comm, OUT_TASK_COMM_LEN, false);
		strbuf_printf(sb, ") %s=%llu.%06llus", r->type == LC_SET ? "age" : "lived",
			      (unsigned long long)(age / 1000000000),
			      (unsigned long long)(age % 1000000000 / 1000));
		if (stats)
			strbuf_printf(sb, " packets=%llu bytes=%llu tcp_flags=0x%03x",
				      (unsigned long long)r->packets, (unsigned long long)r->bytes,
				      r->tcp_flags);
		else if (r->type == LC_FLUSH)
			strbuf_puts(sb, " packets=- bytes=- tcp_flags=-");
		if (r->type != LC_SET)
			strbuf_printf(sb, " reason=%s", r->type == LC_FLUSH ? "flush" : "delete");
		strbuf_printf(sb, " %s, %s, actions:%s\n", strbuf_cstr(&ufid), r->flow->key,
			      r->flow->actions);
	}
	err = strbuf_error(&ufid);
	strbuf_free(&ufid);
	if (!err)
		err = strbuf_error(sb);
	return err ? err : write_line(o);
}
