// SPDX-License-Identifier: GPL-2.0-only
/*
 * Record lines, text and JSON, for records built from real flow puts
 * (flows_6_12.h): the flow text is exactly the golden dump-flows text, every
 * field has the value of the upcall, names from the kernel are escaped.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>

#include "output.h"
#include "event_builders.h"

#define F_UDP6667 "recirc_id(0),in_port(2),eth(),eth_type(0x0800),ipv4(proto=17,frag=no),udp(dst=6667)"
#define F_ICMP_IN2 "recirc_id(0),in_port(2),eth(src=52:54:00:39:89:ff,dst=52:54:00:00:00:02),eth_type(0x0800),ipv4(frag=no)"
#define F_VLAN_ARP "recirc_id(0),in_port(2),eth(),eth_type(0x8100),vlan(vid=200,pcp=0),encap(eth_type(0x0806))"

/* 2026-11-21T06:30:01.123456789Z in ns since the epoch, and an upcall
 * time on the monotonic clock. */
#define WALL_NS 1795242601123456789LL
#define UPCALL_TS 5123456789ULL
#define OFFSET ((int64_t)(WALL_NS - (int64_t)UPCALL_TS))
#define TIME "2026-11-21T06:30:01.123456Z"

struct ctx {
	struct out_upcall u;
	struct out_flow_put *p;
	struct corr_record r;
	struct output o;
	char *written;		/* what output_lifecycle() wrote (lc_line) */
};

/* The CORR_FLOW of a UDP packet 10.99.0.1:33743 > 10.99.0.2:6667 on veth-a
 * and the megaflow "output/0" the handler tid 10 put for it. */
static int setup(void **state)
{
	struct ctx *c = calloc(1, sizeof(*c));
	const struct dpctl_fixture *f = fx_key(F_UDP6667);

	assert_non_null(c);
	build_upcall(&c->u, f, UPCALL_TS, 1001);
	c->p = new_put(f, UPCALL_TS + 1000000, 10, 1);
	c->r = (struct corr_record){
		.type = CORR_FLOW,
		.upcall = &c->u,
		.put = c->p,
		.handler_tid = 10,
		.result_known = true,
		.latency_ns = 1234567,
	};
	strcpy(c->r.handler_comm, "handler10");
	output_init(&c->o, NULL, false, OFFSET);
	*state = c;
	return 0;
}

static int teardown(void **state)
{
	struct ctx *c = *state;

	output_free(&c->o);
	free(c->written);
	free(c->p);
	free(c);
	return 0;
}

static const char *fmt(struct ctx *c, bool json)
{
	c->o.json = json;
	assert_int_equal(output_format(&c->o, &c->r), 0);
	return strbuf_cstr(&c->o.line);
}

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), m = strlen(tail);

	return n >= m && !strcmp(s + n - m, tail);
}

/* One line: a single '\n', at the end, and nothing else below 0x20 or
 * above 0x7e anywhere (no raw ESC, DEL, or high bytes). */
static void assert_one_clean_line(const char *line)
{
	size_t n = strlen(line);

	assert_true(n > 1);
	assert_int_equal(line[n - 1], '\n');
	for (size_t i = 0; i + 1 < n; i++) {
		unsigned char ch = line[i];

		if (ch < 0x20 || ch > 0x7e)
			fail_msg("raw byte 0x%02x at %zu in %s", ch, i, line);
	}
}

/* Value of " name=" in the text part before the flow ("ufid:"), up to the
 * next space; NULL if absent. */
static const char *text_field(const char *line, const char *name, char *buf, size_t len)
{
	const char *end = strstr(line, " ufid:");
	char pat[64];
	const char *p;
	size_t n;

	snprintf(pat, sizeof(pat), " %s=", name);
	p = strstr(line, pat);
	if (!p || (end && p > end))
		return NULL;
	p += strlen(pat);
	n = strcspn(p, " \n");
	assert_true(n < len);
	memcpy(buf, p, n);
	buf[n] = 0;
	return buf;
}

#define assert_text_field(line, name, want) \
	do { \
		char b_[256]; \
		const char *v_ = text_field(line, name, b_, sizeof(b_)); \
		if (!v_) \
			fail_msg("no %s= in %s", name, line); \
		assert_string_equal(v_, want); \
	} while (0)

/* A minimal JSON reader for the flat objects output.c writes: strings,
 * integers, true/false/null. It rejects anything else, so a line that parses
 * is valid JSON. \u00NN decodes to the byte NN. */
enum jkind { J_STR, J_NUM, J_NULL, J_TRUE, J_FALSE };

struct jval {
	char name[32];
	enum jkind kind;
	char s[512];		/* decoded string */
	size_t slen;
	long long num;
};

struct jobj {
	struct jval v[48];
	size_t n;
};

static const char *jstring(const char *p, char *out, size_t max, size_t *len)
{
	size_t n = 0;

	if (*p++ != '"')
		return NULL;
	while (*p != '"') {
		unsigned char ch = *p;
		unsigned int u;

		if (!ch || ch < 0x20 || n + 1 >= max)
			return NULL;
		if (ch == '\\') {
			p++;
			switch (*p) {
			case '"': ch = '"'; break;
			case '\\': ch = '\\'; break;
			case '/': ch = '/'; break;
			case 'n': ch = '\n'; break;
			case 't': ch = '\t'; break;
			case 'r': ch = '\r'; break;
			case 'b': ch = '\b'; break;
			case 'f': ch = '\f'; break;
			case 'u':
				if (sscanf(p + 1, "%4x", &u) != 1 || u > 0xff ||
				    strspn(p + 1, "0123456789abcdefABCDEF") < 4)
					return NULL;
				ch = u;
				p += 4;
				break;
			default:
				return NULL;
			}
		}
		out[n++] = ch;
		p++;
	}
	out[n] = 0;
	if (len)
		*len = n;
	return p + 1;
}

static void json_parse(const char *line, struct jobj *o)
{
	const char *p = line;

	memset(o, 0, sizeof(*o));
	if (*p++ != '{')
		fail_msg("not an object: %s", line);
	for (;;) {
		struct jval *v;

		assert_true(o->n < N(o->v));
		v = &o->v[o->n];
		p = jstring(p, v->name, sizeof(v->name), NULL);
		if (!p || *p++ != ':')
			fail_msg("bad name in %s", line);
		for (size_t i = 0; i < o->n; i++)
			if (!strcmp(o->v[i].name, v->name))
				fail_msg("duplicate %s in %s", v->name, line);
		if (*p == '"') {
			v->kind = J_STR;
			p = jstring(p, v->s, sizeof(v->s), &v->slen);
			if (!p)
				fail_msg("bad string %s in %s", v->name, line);
		} else if (!strncmp(p, "null", 4)) {
			v->kind = J_NULL;
			p += 4;
		} else if (!strncmp(p, "true", 4)) {
			v->kind = J_TRUE;
			p += 4;
		} else if (!strncmp(p, "false", 5)) {
			v->kind = J_FALSE;
			p += 5;
		} else {
			char *end;

			v->kind = J_NUM;
			if (!(*p == '-' || (*p >= '0' && *p <= '9')))
				fail_msg("bad value %s in %s", v->name, line);
			v->num = strtoll(p, &end, 10);
			p = end;
		}
		o->n++;
		if (*p == ',') {
			p++;
			continue;
		}
		if (*p++ != '}')
			fail_msg("bad object %s", line);
		break;
	}
	if (strcmp(p, "\n"))
		fail_msg("trailing text after the object: %s", line);
}

static const struct jval *jget(const struct jobj *o, const char *name)
{
	for (size_t i = 0; i < o->n; i++)
		if (!strcmp(o->v[i].name, name))
			return &o->v[i];
	fail_msg("no key %s", name);
	return NULL;
}

static void jstr(const struct jobj *o, const char *name, const char *want)
{
	const struct jval *v = jget(o, name);

	if (v->kind != J_STR)
		fail_msg("%s is not a string", name);
	assert_string_equal(v->s, want);
}

static void jnum(const struct jobj *o, const char *name, long long want)
{
	const struct jval *v = jget(o, name);

	if (v->kind != J_NUM)
		fail_msg("%s is not a number", name);
	assert_int_equal(v->num, want);
}

static void jkind(const struct jobj *o, const char *name, enum jkind k)
{
	assert_int_equal(jget(o, name)->kind, k);
}

static void jabsent(const struct jobj *o, const char *name)
{
	for (size_t i = 0; i < o->n; i++)
		if (!strcmp(o->v[i].name, name))
			fail_msg("unexpected key %s", name);
}

/* --- text --- */

static void test_text_flow(void **state)
{
	struct ctx *c = *state;
	const struct dpctl_fixture *f = fx_key(F_UDP6667);
	const char *line = fmt(c, false);
	char tail[1024];

	assert_one_clean_line(line);
	snprintf(tail, sizeof(tail), " %s, %s, actions:%s\n", f->golden_ufid, f->golden_key,
		 f->golden_actions);
	if (!ends_with(line, tail))
		fail_msg("line does not end with the dump-flows text:\n%s", line);
	assert_string_equal(tail, " ufid:db8802c9-9099-47a0-a7c8-f64586ae1e13, "
			    F_UDP6667 ", actions:trunc(100),3\n");

	assert_text_field(line, "dev", "veth-a");
	assert_text_field(line, "in_port", "2");
	assert_text_field(line, "eth_src", "52:54:00:39:89:ff");
	assert_text_field(line, "eth_dst", "52:54:00:00:00:02");
	assert_text_field(line, "eth_type", "0x0800");
	assert_text_field(line, "src", "10.99.0.1");
	assert_text_field(line, "dst", "10.99.0.2");
	assert_text_field(line, "proto", "udp");
	assert_text_field(line, "sport", "33743");
	assert_text_field(line, "dport", "6667");
	assert_text_field(line, "upcall", "miss");
	assert_text_field(line, "portid", "1001");
	assert_text_field(line, "handler", "10(handler10)");
	assert_text_field(line, "latency", "1.235ms");
	assert_text_field(line, "result", "ok");
	assert_null(strstr(line, " reason="));
	assert_null(strstr(line, " shared"));
	assert_null(strstr(line, " vlan="));

	/* and the whole line, in order */
	assert_string_equal(line, TIME " flow dev=veth-a in_port=2 eth_src=52:54:00:39:89:ff "
			    "eth_dst=52:54:00:00:00:02 eth_type=0x0800 src=10.99.0.1 dst=10.99.0.2 "
			    "proto=udp sport=33743 dport=6667 upcall=miss portid=1001 "
			    "handler=10(handler10) latency=1.235ms result=ok"
			    " ufid:db8802c9-9099-47a0-a7c8-f64586ae1e13, " F_UDP6667
			    ", actions:trunc(100),3\n");
	assert_int_equal(c->o.format_errors, 0);
}

/* Every captured megaflow: the line ends with its golden text. */
static void test_text_all_fixtures(void **state)
{
	struct ctx *c = *state;
	size_t bad = 0;

	for (size_t i = 0; i < N(fixtures_6_12); i++) {
		const struct dpctl_fixture *f = &fixtures_6_12[i];
		struct out_flow_put *p = new_put(f, UPCALL_TS + 1000, 10, 1);
		char tail[4096];
		const char *line;

		build_upcall(&c->u, f, UPCALL_TS, 1001);
		c->r.put = p;
		line = fmt(c, false);
		snprintf(tail, sizeof(tail), " %s, %s, actions:%s\n", f->golden_ufid,
			 f->golden_key, f->golden_actions);
		if (!ends_with(line, tail)) {
			print_message("%s\n  want ...%s  got  %s", f->name, tail, line);
			bad++;
		}
		free(p);
	}
	c->r.put = c->p;
	assert_int_equal(bad, 0);
	assert_int_equal(c->o.format_errors, 0);
}

static void test_text_shared_icmp(void **state)
{
	struct ctx *c = *state;
	const struct dpctl_fixture *f = fx_key(F_ICMP_IN2);
	const char *line;

	build_upcall(&c->u, f, UPCALL_TS, 1001);
	build_put(c->p, f, UPCALL_TS + 5, 10, 1);
	c->r.shared = true;
	c->r.verdict = CORR_V_SHARED;
	c->r.latency_ns = 0;
	line = fmt(c, false);
	assert_one_clean_line(line);
	/* ICMP type/code in the port fields, as the kernel keeps them */
	assert_text_field(line, "proto", "icmp");
	assert_text_field(line, "sport", "8");
	assert_text_field(line, "dport", "0");
	assert_text_field(line, "latency", "0.000ms");
	assert_non_null(strstr(line, " result=ok verdict=shared ufid:ca50e358-93dd-4bdb-ae4a-ad19e82b82be, "
			       F_ICMP_IN2 ", actions:3\n"));
}

static void test_text_vlan(void **state)
{
	struct ctx *c = *state;
	const struct dpctl_fixture *f = fx_key(F_VLAN_ARP);
	const char *line;

	build_upcall(&c->u, f, UPCALL_TS, 1001);
	build_put(c->p, f, UPCALL_TS + 5, 10, 1);
	line = fmt(c, false);
	assert_one_clean_line(line);
	assert_text_field(line, "vlan", "200");
	assert_text_field(line, "eth_type", "0x0806");	/* the encapsulated type */
	assert_text_field(line, "proto", "-");
	assert_text_field(line, "sport", "-");
	assert_text_field(line, "dport", "-");
	assert_true(ends_with(line, ", " F_VLAN_ARP ", actions:pop_vlan,3\n"));
}

/* Later fragments carry no L4 header: no ports. The first one does. */
static void test_text_fragments(void **state)
{
	struct ctx *c = *state;
	const char *line;
	struct jobj o;

	c->u.key.ip_frag = 2;	/* OVS_FRAG_TYPE_LATER */
	line = fmt(c, false);
	assert_text_field(line, "proto", "udp");
	assert_text_field(line, "sport", "-");
	assert_text_field(line, "dport", "-");
	json_parse(fmt(c, true), &o);
	jnum(&o, "proto", 17);
	jkind(&o, "sport", J_NULL);
	jkind(&o, "dport", J_NULL);

	c->u.key.ip_frag = 1;	/* OVS_FRAG_TYPE_FIRST */
	line = fmt(c, false);
	assert_text_field(line, "sport", "33743");
	assert_text_field(line, "dport", "6667");

	/* an IP protocol without a name is shown by number, without ports */
	c->u.key.ip_frag = 0;
	c->u.key.ip_proto = 47;
	line = fmt(c, false);
	assert_text_field(line, "proto", "47");
	assert_text_field(line, "sport", "-");
}

static void test_text_noflow(void **state)
{
	struct ctx *c = *state;
	const char *line;

	c->r = (struct corr_record){
		.type = CORR_NOFLOW,
		.reason = CORR_R_TIMEOUT,
		.upcall = &c->u,
		.handler_tid = 10,
	};
	strcpy(c->r.handler_comm, "handler10");
	line = fmt(c, false);
	assert_one_clean_line(line);
	assert_string_equal(line, TIME " noflow dev=veth-a in_port=2 eth_src=52:54:00:39:89:ff "
			    "eth_dst=52:54:00:00:00:02 eth_type=0x0800 src=10.99.0.1 dst=10.99.0.2 "
			    "proto=udp sport=33743 dport=6667 upcall=miss portid=1001 "
			    "handler=10(handler10) reason=timeout\n");

	c->r.reason = CORR_R_EVICTED;
	c->r.handler_tid = 0;
	line = fmt(c, false);
	assert_true(ends_with(line, " portid=1001 handler=- reason=evicted\n"));
	c->r.reason = CORR_R_EXIT;
	line = fmt(c, false);
	assert_true(ends_with(line, " handler=- reason=exit\n"));
	assert_null(strstr(line, "latency="));
	assert_null(strstr(line, "result="));
	assert_null(strstr(line, "ufid:"));
}

static void test_text_put(void **state)
{
	struct ctx *c = *state;
	const struct dpctl_fixture *f = fx_key(F_ICMP_IN2);
	const char *line;

	build_put(c->p, f, UPCALL_TS + 1000000, 10, 1);
	c->r = (struct corr_record){
		.type = CORR_PUT,
		.put = c->p,
		.handler_tid = 10,
		.result_known = true,
	};
	strcpy(c->r.handler_comm, "handler10");
	line = fmt(c, false);
	assert_one_clean_line(line);
	/* the put's own time and its key's fields; no device, no upcall */
	assert_string_equal(line, "2026-11-21T06:30:01.124456Z put dev=- in_port=2 "
			    "eth_src=52:54:00:39:89:ff eth_dst=52:54:00:00:00:02 eth_type=0x0800 "
			    "src=10.99.0.1 dst=10.99.0.2 proto=icmp sport=8 dport=0 "
			    "handler=10(handler10) result=ok "
			    "ufid:ca50e358-93dd-4bdb-ae4a-ad19e82b82be, " F_ICMP_IN2 ", actions:3\n");
}

static void test_text_action(void **state)
{
	struct ctx *c = *state;
	const char *line;

	c->u.cmd = OVS_PACKET_CMD_ACTION;
	c->r = (struct corr_record){
		.type = CORR_ACTION,
		.upcall = &c->u,
		.handler_tid = 10,
	};
	strcpy(c->r.handler_comm, "handler10");
	line = fmt(c, false);
	assert_one_clean_line(line);
	assert_string_equal(line, TIME " action dev=veth-a in_port=2 eth_src=52:54:00:39:89:ff "
			    "eth_dst=52:54:00:00:00:02 eth_type=0x0800 src=10.99.0.1 dst=10.99.0.2 "
			    "proto=udp sport=33743 dport=6667 upcall=action portid=1001 "
			    "handler=10(handler10)\n");
}

static void test_result_names(void **state)
{
	struct ctx *c = *state;
	struct jobj o;
	char buf[64];

	c->r.result = -EEXIST;
	assert_string_equal(text_field(fmt(c, false), "result", buf, sizeof(buf)), "EEXIST");
	json_parse(fmt(c, true), &o);
	jstr(&o, "result", "EEXIST");

	c->r.result = -ENOSPC;
	assert_string_equal(text_field(fmt(c, false), "result", buf, sizeof(buf)), "ENOSPC");

	/* an errno with no name */
	c->r.result = -9999;
	assert_string_equal(text_field(fmt(c, false), "result", buf, sizeof(buf)), "E9999");

	c->r.result = 0;
	c->r.result_known = false;
	assert_string_equal(text_field(fmt(c, false), "result", buf, sizeof(buf)), "unknown");
	json_parse(fmt(c, true), &o);
	jstr(&o, "result", "unknown");
	/* unknown wins over a stale value */
	c->r.result = -EEXIST;
	assert_string_equal(text_field(fmt(c, false), "result", buf, sizeof(buf)), "unknown");
}

static void test_time(void **state)
{
	struct ctx *c = *state;
	char want[64];

	assert_true(ends_with(TIME, ".123456Z"));
	assert_int_equal(strncmp(fmt(c, false), TIME " ", strlen(TIME) + 1), 0);

	/* microseconds are cut, not rounded */
	c->o.wall_offset_ns = OFFSET + 876543210;	/* .999999999 */
	assert_int_equal(strncmp(fmt(c, false), "2026-11-21T06:30:01.999999Z ", 28), 0);
	c->o.wall_offset_ns = OFFSET + 876543211;	/* next second */
	assert_int_equal(strncmp(fmt(c, false), "2026-11-21T06:30:02.000000Z ", 28), 0);
	/* the epoch itself */
	c->o.wall_offset_ns = -(int64_t)UPCALL_TS;
	assert_int_equal(strncmp(fmt(c, false), "1970-01-01T00:00:00.000000Z ", 28), 0);
	/* a leap day */
	c->o.wall_offset_ns = 1709164800LL * 1000000000 + 7000 - (int64_t)UPCALL_TS;
	snprintf(want, sizeof(want), "%s ", "2024-02-29T00:00:00.000007Z");
	assert_int_equal(strncmp(fmt(c, false), want, strlen(want)), 0);
}

/* Names from the kernel: control characters, quote, backslash, space, ESC,
 * DEL and high bytes never reach the terminal raw. */
static const char evil_dev[OUT_IFNAMSIZ] = { 'e', ' ', '\\', 0x1b, '[', '2', 'J', '\t',
					     '\n', 0x7f, (char)0xe9, 'x', '"', 'y', 'z', 0 };
static const char evil_comm[OUT_TASK_COMM_LEN] = { 0x1b, ']', '0', ';', 'h', 0x07, ' ', '"',
						   '\\', '\r', 'k', 0 };

static void set_evil(struct ctx *c)
{
	memcpy(c->u.dev, evil_dev, sizeof(evil_dev));
	memcpy(c->r.handler_comm, evil_comm, sizeof(evil_comm));
}

static void test_text_escaping(void **state)
{
	struct ctx *c = *state;
	const char *line;

	set_evil(c);
	line = fmt(c, false);
	assert_one_clean_line(line);
	/* the quote stays: see test_text_quote_as_documented */
	assert_non_null(strstr(line, " dev=e\\x20\\x5c\\x1b[2J\\x09\\x0a\\x7f\\xe9x"));
	assert_non_null(strstr(line, "\\xe9x\"yz in_port=2 "));
	assert_non_null(strstr(line, " handler=10(\\x1b]0;h\\x07\\x20"));
	assert_non_null(strstr(line, "\\x5c\\x0dk) latency="));
	assert_null(strchr(line, 0x1b));
	/* the fields after the names are still where they belong */
	assert_text_field(line, "in_port", "2");
	assert_text_field(line, "latency", "1.235ms");
}

/* README "Text fields": in text, a byte outside printable ASCII, a space or
 * a backslash is \xNN; a quote is printable and written as is (the text
 * format has no quoting). JSON escapes it. */
static void test_text_quote_as_documented(void **state)
{
	struct ctx *c = *state;
	const char *line;
	struct jobj o;

	strcpy(c->u.dev, "a\"b");
	strcpy(c->r.handler_comm, "h\"1");
	line = fmt(c, false);
	assert_non_null(strstr(line, " dev=a\"b in_port=2 "));
	assert_non_null(strstr(line, " handler=10(h\"1) latency="));
	line = fmt(c, true);
	assert_non_null(strstr(line, "\"dev\":\"a\\u0022b\""));
	assert_non_null(strstr(line, "\"handler_comm\":\"h\\u00221\""));
	json_parse(line, &o);
	jstr(&o, "dev", "a\"b");
	jstr(&o, "handler_comm", "h\"1");
}

/* A 16-byte name with no NUL is read to its end and no further. */
static void test_text_name_unterminated(void **state)
{
	struct ctx *c = *state;

	memcpy(c->u.dev, "abcdefghijklmnop", OUT_IFNAMSIZ);
	memcpy(c->r.handler_comm, "0123456789ABCDEF", OUT_TASK_COMM_LEN);
	assert_non_null(strstr(fmt(c, false), " dev=abcdefghijklmnop in_port=2 "));
	assert_non_null(strstr(fmt(c, false), " handler=10(0123456789ABCDEF) latency="));
}

/* A put whose attributes were cut in the kernel says so. */
static void test_text_truncated(void **state)
{
	struct ctx *c = *state;
	const char *line;

	c->p->flags |= OUT_F_KEY_TRUNC | OUT_F_ACTIONS_TRUNC;
	c->p->key_len_orig = 600;
	c->p->actions_len_orig = 2000;
	line = fmt(c, false);
	assert_one_clean_line(line);
	assert_non_null(strstr(line, ", " F_UDP6667
			       "<truncated: key 132 of 600 bytes, mask 144 of 144 bytes>, "
			       "actions:trunc(100),3<truncated: 16 of 2000 bytes>\n"));
}

/* A key that does not decode is still shown, and counted. */
static void test_format_errors(void **state)
{
	struct ctx *c = *state;

	c->p->key_len = 13;	/* an attribute cut in two */
	assert_int_equal(output_format(&c->o, &c->r), 0);
	assert_int_equal(c->o.format_errors, 1);
	assert_one_clean_line(strbuf_cstr(&c->o.line));
	assert_non_null(strstr(strbuf_cstr(&c->o.line), " actions:trunc(100),3\n"));
}

/* --- JSON --- */

static void test_json_flow(void **state)
{
	struct ctx *c = *state;
	const struct dpctl_fixture *f = fx_key(F_UDP6667);
	const char *line = fmt(c, true);
	struct jobj o;

	assert_one_clean_line(line);
	json_parse(line, &o);
	jstr(&o, "type", "flow");
	jstr(&o, "time", TIME);
	jnum(&o, "ts_ns", WALL_NS);
	jstr(&o, "dev", "veth-a");
	jnum(&o, "ifindex", 7);
	jnum(&o, "in_port", 2);
	jstr(&o, "eth_src", "52:54:00:39:89:ff");
	jstr(&o, "eth_dst", "52:54:00:00:00:02");
	jstr(&o, "eth_type", "0x0800");
	jkind(&o, "vlan", J_NULL);
	jstr(&o, "src", "10.99.0.1");
	jstr(&o, "dst", "10.99.0.2");
	jnum(&o, "proto", 17);
	jnum(&o, "sport", 33743);
	jnum(&o, "dport", 6667);
	jnum(&o, "cpu", 1);
	jstr(&o, "upcall", "miss");
	jnum(&o, "portid", 1001);
	jnum(&o, "handler_tid", 10);
	jstr(&o, "handler_comm", "handler10");
	jnum(&o, "latency_ns", 1234567);
	jstr(&o, "result", "ok");
	jkind(&o, "shared", J_FALSE);
	jkind(&o, "reason", J_NULL);
	jstr(&o, "ufid", f->golden_ufid + strlen("ufid:"));
	jstr(&o, "ufid", "db8802c9-9099-47a0-a7c8-f64586ae1e13");
	jstr(&o, "key", f->golden_key);
	jstr(&o, "actions", f->golden_actions);
	/* and the line starts with the type */
	assert_int_equal(strncmp(line, "{\"type\":\"flow\",", 15), 0);
}

/* Golden key and actions text of every captured flow survive JSON. */
static void test_json_all_fixtures(void **state)
{
	struct ctx *c = *state;
	struct jobj o;

	for (size_t i = 0; i < N(fixtures_6_12); i++) {
		const struct dpctl_fixture *f = &fixtures_6_12[i];
		struct out_flow_put *p = new_put(f, UPCALL_TS + 1000, 10, 1);

		build_upcall(&c->u, f, UPCALL_TS, 1001);
		c->r.put = p;
		json_parse(fmt(c, true), &o);
		jstr(&o, "key", f->golden_key);
		jstr(&o, "actions", f->golden_actions);
		jstr(&o, "ufid", f->golden_ufid + 5);
		free(p);
	}
	c->r.put = c->p;
}

static void test_json_shared_noflow(void **state)
{
	struct ctx *c = *state;
	struct jobj o;

	c->r.shared = true;
	json_parse(fmt(c, true), &o);
	jkind(&o, "shared", J_TRUE);

	c->r = (struct corr_record){
		.type = CORR_NOFLOW,
		.reason = CORR_R_EVICTED,
		.upcall = &c->u,
	};
	json_parse(fmt(c, true), &o);
	jstr(&o, "type", "noflow");
	jstr(&o, "time", TIME);
	jstr(&o, "dev", "veth-a");
	jnum(&o, "sport", 33743);
	jnum(&o, "portid", 1001);
	jstr(&o, "upcall", "miss");
	jstr(&o, "reason", "evicted");
	jkind(&o, "handler_tid", J_NULL);
	jkind(&o, "handler_comm", J_NULL);
	jkind(&o, "latency_ns", J_NULL);
	jkind(&o, "result", J_NULL);
	jkind(&o, "ufid", J_NULL);
	jkind(&o, "key", J_NULL);
	jkind(&o, "actions", J_NULL);
	jkind(&o, "shared", J_FALSE);
}

static void test_json_put_action(void **state)
{
	struct ctx *c = *state;
	const struct dpctl_fixture *f = fx_key(F_ICMP_IN2);
	struct jobj o;

	build_put(c->p, f, UPCALL_TS, 10, 1);
	c->r = (struct corr_record){
		.type = CORR_PUT,
		.put = c->p,
		.handler_tid = 10,
		.result_known = true,
		.result = -EEXIST,
	};
	strcpy(c->r.handler_comm, "handler10");
	json_parse(fmt(c, true), &o);
	jstr(&o, "type", "put");
	jstr(&o, "time", TIME);
	jkind(&o, "dev", J_NULL);
	jkind(&o, "ifindex", J_NULL);
	jkind(&o, "upcall", J_NULL);
	jkind(&o, "portid", J_NULL);
	jkind(&o, "cpu", J_NULL);
	jkind(&o, "latency_ns", J_NULL);
	jnum(&o, "in_port", 2);
	jstr(&o, "eth_src", "52:54:00:39:89:ff");
	jstr(&o, "src", "10.99.0.1");
	jnum(&o, "proto", 1);
	jnum(&o, "sport", 8);
	jnum(&o, "dport", 0);
	jnum(&o, "handler_tid", 10);
	jstr(&o, "result", "EEXIST");
	jstr(&o, "ufid", "ca50e358-93dd-4bdb-ae4a-ad19e82b82be");
	jstr(&o, "key", F_ICMP_IN2);
	jstr(&o, "actions", "3");

	c->u.cmd = OVS_PACKET_CMD_ACTION;
	c->r = (struct corr_record){ .type = CORR_ACTION, .upcall = &c->u };
	json_parse(fmt(c, true), &o);
	jstr(&o, "type", "action");
	jstr(&o, "upcall", "action");
	jstr(&o, "dev", "veth-a");
	jnum(&o, "portid", 1001);
	jkind(&o, "handler_tid", J_NULL);
	jkind(&o, "result", J_NULL);
	jkind(&o, "key", J_NULL);
	jkind(&o, "reason", J_NULL);
}

static void test_json_escaping(void **state)
{
	struct ctx *c = *state;
	const char *line;
	struct jobj o;

	set_evil(c);
	line = fmt(c, true);
	assert_one_clean_line(line);
	/* \u00NN for every byte outside printable ASCII, and for " and \ */
	assert_non_null(strstr(line, "\"dev\":\"e \\u005c\\u001b[2J\\u0009\\u000a\\u007f\\u00e9x"
			       "\\u0022yz\""));
	assert_non_null(strstr(line, "\"handler_comm\":\"\\u001b]0;h\\u0007 \\u0022\\u005c\\u000dk\""));
	/* and they decode back to the kernel's bytes */
	json_parse(line, &o);
	assert_int_equal(jget(&o, "dev")->slen, strlen(evil_dev));
	assert_memory_equal(jget(&o, "dev")->s, evil_dev, strlen(evil_dev));
	jstr(&o, "handler_comm", evil_comm);
	jnum(&o, "in_port", 2);
}

/* --- lost upcalls, verdicts, read latency (README "Record types",
 * "Verdicts", "Latency") --- */

/* An upcall ovs_dp_upcall() failed to queue: no handler read it, no flow. */
static void set_lost(struct ctx *c, int32_t err)
{
	c->r = (struct corr_record){
		.type = CORR_LOST,
		.verdict = CORR_V_LOST,
		.upcall = &c->u,
		.result_known = true,
		.result = err,
	};
}

static void test_text_lost(void **state)
{
	struct ctx *c = *state;
	const char *line;

	set_lost(c, -EAGAIN);
	line = fmt(c, false);
	assert_one_clean_line(line);
	assert_string_equal(line, TIME " lost dev=veth-a in_port=2 eth_src=52:54:00:39:89:ff "
			    "eth_dst=52:54:00:00:00:02 eth_type=0x0800 src=10.99.0.1 dst=10.99.0.2 "
			    "proto=udp sport=33743 dport=6667 upcall=miss portid=1001 "
			    "handler=- result=EAGAIN verdict=lost\n");
	assert_null(strstr(line, "ufid"));
	assert_null(strstr(line, "actions:"));
	assert_null(strstr(line, " latency="));
	assert_null(strstr(line, " reason="));

	/* no handler socket */
	set_lost(c, -ENOTCONN);
	line = fmt(c, false);
	assert_true(ends_with(line, " portid=1001 handler=- result=ENOTCONN verdict=lost\n"));
}

static void test_json_lost(void **state)
{
	struct ctx *c = *state;
	const char *line;
	struct jobj o;

	set_lost(c, -EAGAIN);
	line = fmt(c, true);
	assert_one_clean_line(line);
	assert_int_equal(strncmp(line, "{\"type\":\"lost\",", 15), 0);
	json_parse(line, &o);
	jstr(&o, "type", "lost");
	jstr(&o, "time", TIME);
	jnum(&o, "ts_ns", WALL_NS);
	jstr(&o, "dev", "veth-a");
	jnum(&o, "ifindex", 7);
	jnum(&o, "in_port", 2);
	jstr(&o, "src", "10.99.0.1");
	jstr(&o, "dst", "10.99.0.2");
	jnum(&o, "proto", 17);
	jnum(&o, "sport", 33743);
	jnum(&o, "dport", 6667);
	jnum(&o, "cpu", 1);
	jstr(&o, "upcall", "miss");
	jnum(&o, "portid", 1001);
	jkind(&o, "handler_tid", J_NULL);
	jkind(&o, "handler_comm", J_NULL);
	jkind(&o, "read_latency_ns", J_NULL);
	jkind(&o, "latency_ns", J_NULL);
	jstr(&o, "result", "EAGAIN");
	jkind(&o, "shared", J_FALSE);
	jstr(&o, "verdict", "lost");
	jkind(&o, "reason", J_NULL);
	jkind(&o, "ufid", J_NULL);
	jkind(&o, "key", J_NULL);
	jkind(&o, "actions", J_NULL);
	/* the exact text of the null flow fields */
	assert_non_null(strstr(line, ",\"ufid\":null,\"key\":null,"));

	set_lost(c, -ENOTCONN);
	json_parse(fmt(c, true), &o);
	jstr(&o, "result", "ENOTCONN");
	jstr(&o, "verdict", "lost");
}

/* Every upcall record says its verdict, after result= and before reason=;
 * a put that matched no upcall has none. */
static void test_verdicts(void **state)
{
	struct ctx *c = *state;
	const struct dpctl_fixture *f = fx_key(F_ICMP_IN2);
	const char *line;
	struct jobj o;

	/* installed: its own put, result ok */
	c->r.verdict = CORR_V_INSTALLED;
	line = fmt(c, false);
	assert_one_clean_line(line);
	assert_non_null(strstr(line, " handler=10(handler10) latency=1.235ms result=ok verdict=installed "
			       "ufid:db8802c9-9099-47a0-a7c8-f64586ae1e13, " F_UDP6667 ", actions:"));
	json_parse(fmt(c, true), &o);
	jstr(&o, "verdict", "installed");
	jstr(&o, "result", "ok");
	jkind(&o, "shared", J_FALSE);

	/* installed with the put's return missed */
	c->r.result_known = false;
	assert_non_null(strstr(fmt(c, false), " result=unknown verdict=installed ufid:"));
	c->r.result_known = true;

	/* shared: covered by another upcall's put */
	c->r.verdict = CORR_V_SHARED;
	c->r.shared = true;
	line = fmt(c, false);
	assert_non_null(strstr(line, " latency=1.235ms result=ok verdict=shared ufid:db8802c9-"));
	json_parse(fmt(c, true), &o);
	jstr(&o, "verdict", "shared");
	jkind(&o, "shared", J_TRUE);

	/* put_failed: its own put failed, the errno in result= */
	c->r.verdict = CORR_V_PUT_FAILED;
	c->r.shared = false;
	c->r.result = -EEXIST;
	line = fmt(c, false);
	assert_string_equal(line, TIME " flow dev=veth-a in_port=2 eth_src=52:54:00:39:89:ff "
			    "eth_dst=52:54:00:00:00:02 eth_type=0x0800 src=10.99.0.1 dst=10.99.0.2 "
			    "proto=udp sport=33743 dport=6667 upcall=miss portid=1001 "
			    "handler=10(handler10) latency=1.235ms result=EEXIST verdict=put_failed"
			    " ufid:db8802c9-9099-47a0-a7c8-f64586ae1e13, " F_UDP6667
			    ", actions:trunc(100),3\n");
	json_parse(fmt(c, true), &o);
	jstr(&o, "result", "EEXIST");
	jstr(&o, "verdict", "put_failed");

	/* noflow: verdict, then reason */
	c->r = (struct corr_record){
		.type = CORR_NOFLOW,
		.verdict = CORR_V_NOFLOW,
		.reason = CORR_R_TIMEOUT,
		.upcall = &c->u,
		.handler_tid = 10,
	};
	strcpy(c->r.handler_comm, "handler10");
	line = fmt(c, false);
	assert_true(ends_with(line, " portid=1001 handler=10(handler10) verdict=noflow reason=timeout\n"));
	assert_null(strstr(line, " result="));
	json_parse(fmt(c, true), &o);
	jstr(&o, "type", "noflow");
	jstr(&o, "verdict", "noflow");
	jstr(&o, "reason", "timeout");
	jkind(&o, "result", J_NULL);

	/* action: a userspace() action's upcall */
	c->u.cmd = OVS_PACKET_CMD_ACTION;
	c->r = (struct corr_record){
		.type = CORR_ACTION,
		.verdict = CORR_V_ACTION,
		.upcall = &c->u,
		.handler_tid = 10,
	};
	strcpy(c->r.handler_comm, "handler10");
	line = fmt(c, false);
	assert_string_equal(line, TIME " action dev=veth-a in_port=2 eth_src=52:54:00:39:89:ff "
			    "eth_dst=52:54:00:00:00:02 eth_type=0x0800 src=10.99.0.1 dst=10.99.0.2 "
			    "proto=udp sport=33743 dport=6667 upcall=action portid=1001 "
			    "handler=10(handler10) verdict=action\n");
	json_parse(fmt(c, true), &o);
	jstr(&o, "verdict", "action");
	jkind(&o, "reason", J_NULL);

	/* put: no upcall, no verdict */
	build_put(c->p, f, UPCALL_TS, 10, 1);
	c->r = (struct corr_record){
		.type = CORR_PUT,
		.verdict = CORR_V_NONE,
		.put = c->p,
		.handler_tid = 10,
		.result_known = true,
	};
	strcpy(c->r.handler_comm, "handler10");
	line = fmt(c, false);
	assert_null(strstr(line, "verdict"));
	assert_non_null(strstr(line, " handler=10(handler10) result=ok ufid:ca50e358-"));
	line = fmt(c, true);
	assert_non_null(strstr(line, ",\"verdict\":null,"));
	json_parse(line, &o);
	jstr(&o, "type", "put");
	jkind(&o, "verdict", J_NULL);
}

/* read= (upcall -> its handler's next read) comes before latency=; absent
 * when the read was not seen. */
static void test_read_latency(void **state)
{
	struct ctx *c = *state;
	const char *line;
	struct jobj o;

	c->r.verdict = CORR_V_INSTALLED;
	c->r.read_latency_ns = 500000;
	line = fmt(c, false);
	assert_one_clean_line(line);
	assert_text_field(line, "read", "0.500ms");
	assert_non_null(strstr(line, " handler=10(handler10) read=0.500ms latency=1.235ms result=ok "
			       "verdict=installed ufid:"));
	json_parse(fmt(c, true), &o);
	jnum(&o, "read_latency_ns", 500000);
	jnum(&o, "latency_ns", 1234567);

	/* a record without latency= still shows its read */
	c->r.type = CORR_NOFLOW;
	c->r.verdict = CORR_V_NOFLOW;
	c->r.reason = CORR_R_EXIT;
	c->r.put = NULL;
	c->r.result_known = false;
	line = fmt(c, false);
	assert_true(ends_with(line, " handler=10(handler10) read=0.500ms verdict=noflow reason=exit\n"));
	json_parse(fmt(c, true), &o);
	jnum(&o, "read_latency_ns", 500000);
	jkind(&o, "latency_ns", J_NULL);

	/* not seen */
	c->r = (struct corr_record){
		.type = CORR_FLOW,
		.verdict = CORR_V_INSTALLED,
		.upcall = &c->u,
		.put = c->p,
		.handler_tid = 10,
		.result_known = true,
		.latency_ns = 1234567,
	};
	strcpy(c->r.handler_comm, "handler10");
	line = fmt(c, false);
	assert_null(strstr(line, "read="));
	assert_non_null(strstr(line, " handler=10(handler10) latency=1.235ms result=ok "));
	line = fmt(c, true);
	assert_non_null(strstr(line, ",\"read_latency_ns\":null,"));
	json_parse(line, &o);
	jkind(&o, "read_latency_ns", J_NULL);
}

/* --- -r/--relative: seconds since start --- */

#define START_NS (UPCALL_TS - 1500000000ULL)	/* the upcall is 1.5 s after it */

static void test_relative_time(void **state)
{
	struct ctx *c = *state;
	const char *line;
	struct jobj o;

	output_set_relative(&c->o, START_NS);
	line = fmt(c, false);
	assert_one_clean_line(line);
	assert_int_equal(strncmp(line, "1.500000 flow dev=veth-a ", 25), 0);
	/* the rest of the line is unchanged */
	assert_true(ends_with(line, " latency=1.235ms result=ok ufid:db8802c9-9099-47a0-a7c8-f64586ae1e13, "
			      F_UDP6667 ", actions:trunc(100),3\n"));
	assert_null(strstr(line, "Z "));

	line = fmt(c, true);
	assert_one_clean_line(line);
	json_parse(line, &o);
	jstr(&o, "time", "1.500000");
	/* ts_ns is still ns since the epoch (README "JSON fields") */
	jnum(&o, "ts_ns", WALL_NS);

	/* microseconds are cut, not rounded; whole seconds past a minute */
	output_set_relative(&c->o, 1000);
	c->u.hdr.ts_ns = 1000 + 3725000001999ULL;
	assert_int_equal(strncmp(fmt(c, false), "3725.000001 flow ", 17), 0);
	c->u.hdr.ts_ns = UPCALL_TS;
	output_set_relative(&c->o, UPCALL_TS);
	assert_int_equal(strncmp(fmt(c, false), "0.000000 flow ", 14), 0);

	/* an event stamped before the start is at 0, not a huge number */
	output_set_relative(&c->o, UPCALL_TS + 1);
	assert_int_equal(strncmp(fmt(c, false), "0.000000 flow ", 14), 0);
	json_parse(fmt(c, true), &o);
	jstr(&o, "time", "0.000000");
	output_set_relative(&c->o, UPCALL_TS + 5000000000ULL);
	assert_int_equal(strncmp(fmt(c, false), "0.000000 flow ", 14), 0);

	/* a put without an upcall: the put's own time */
	output_set_relative(&c->o, START_NS);
	c->r = (struct corr_record){
		.type = CORR_PUT,
		.put = c->p,
		.result_known = true,
	};
	assert_int_equal(strncmp(fmt(c, false), "1.501000 put dev=- ", 19), 0);
	json_parse(fmt(c, true), &o);
	jstr(&o, "time", "1.501000");

	/* output_time() is what both print */
	{
		struct strbuf sb = STRBUF_INIT;

		output_time(&c->o, &sb, START_NS + 2000000);
		assert_string_equal(strbuf_cstr(&sb), "0.002000");
		strbuf_free(&sb);
	}
}

/* --- --lifecycle records (README "Megaflow lifecycle") --- */

#define LC_UFID "ufid:ca50e358-93dd-4bdb-ae4a-ad19e82b82be"
#define LIVED_NS 2482832999ULL	/* printed 2.482832s */

struct lc_fixture {
	struct lc_flow flow;
	struct out_hdr hdr;
	struct lc_record rec;
};

/* The F_ICMP_IN2 megaflow (actions "3"), installed LIVED_NS before the
 * event at UPCALL_TS by thread tid/comm. */
static void lc_setup(struct lc_fixture *lf, enum lc_type type, uint32_t tid, const char *comm)
{
	const struct dpctl_fixture *f = fx_key(F_ICMP_IN2);

	memset(lf, 0, sizeof(*lf));
	assert_string_equal(f->golden_ufid, LC_UFID);
	assert_string_equal(f->golden_actions, "3");
	memcpy(lf->flow.ufid, f->ufid, sizeof(lf->flow.ufid));
	lf->flow.install_ns = UPCALL_TS - LIVED_NS;
	lf->flow.key = strdup(f->golden_key);
	lf->flow.actions = strdup(f->golden_actions);
	assert_non_null(lf->flow.key);
	assert_non_null(lf->flow.actions);
	build_hdr(&lf->hdr, type == LC_SET ? OUT_EV_FLOW_SET : OUT_EV_FLOW_DEL, UPCALL_TS, tid,
		  comm);
	lf->rec = (struct lc_record){ .type = type, .hdr = &lf->hdr, .flow = &lf->flow };
}

static void lc_teardown(struct lc_fixture *lf)
{
	free(lf->flow.key);
	free(lf->flow.actions);
}

/* What output_lifecycle() writes to its stream. */
static const char *lc_line(struct ctx *c, const struct lc_record *r, bool json)
{
	size_t len = 0;
	FILE *f;

	free(c->written);
	c->written = NULL;
	f = open_memstream(&c->written, &len);
	assert_non_null(f);
	c->o.f = f;
	c->o.json = json;
	assert_int_equal(output_lifecycle(&c->o, r), 0);
	assert_int_equal(fclose(f), 0);
	c->o.f = NULL;
	assert_non_null(c->written);
	assert_int_equal(strlen(c->written), len);
	return c->written;
}

static void test_lifecycle_del(void **state)
{
	struct ctx *c = *state;
	struct lc_fixture lf;
	const char *line;
	struct jobj o;

	lc_setup(&lf, LC_DEL, 208, "ovs-vswitchd");
	lf.rec.packets = 3;
	lf.rec.bytes = 135;
	lf.rec.tcp_flags = 0x12;
	line = lc_line(c, &lf.rec, false);
	assert_one_clean_line(line);
	assert_string_equal(line, TIME " flow_del by=208(ovs-vswitchd) lived=2.482832s packets=3 "
			    "bytes=135 tcp_flags=0x012 reason=delete " LC_UFID ", " F_ICMP_IN2
			    ", actions:3\n");

	line = lc_line(c, &lf.rec, true);
	assert_one_clean_line(line);
	assert_int_equal(strncmp(line, "{\"type\":\"flow_del\",", 19), 0);
	json_parse(line, &o);
	jstr(&o, "type", "flow_del");
	jstr(&o, "time", TIME);
	jnum(&o, "ts_ns", WALL_NS);
	jnum(&o, "by_tid", 208);
	jstr(&o, "by_comm", "ovs-vswitchd");
	jnum(&o, "lived_ns", LIVED_NS);
	jnum(&o, "packets", 3);
	jnum(&o, "bytes", 135);
	jnum(&o, "tcp_flags", 0x12);
	jstr(&o, "reason", "delete");
	jstr(&o, "ufid", LC_UFID + 5);
	jstr(&o, "key", F_ICMP_IN2);
	jstr(&o, "actions", "3");
	jabsent(&o, "age_ns");
	jabsent(&o, "old_actions");

	/* aged out right away by a revalidator: all zero */
	lc_teardown(&lf);
	lc_setup(&lf, LC_DEL, 250, "revalidator7");
	lf.flow.install_ns = UPCALL_TS - 1231033000;
	line = lc_line(c, &lf.rec, false);
	assert_string_equal(line, TIME " flow_del by=250(revalidator7) lived=1.231033s packets=0 "
			    "bytes=0 tcp_flags=0x000 reason=delete " LC_UFID ", " F_ICMP_IN2
			    ", actions:3\n");
	json_parse(lc_line(c, &lf.rec, true), &o);
	jnum(&o, "packets", 0);
	jnum(&o, "bytes", 0);
	jnum(&o, "tcp_flags", 0);

	/* an event stamped before the install (clock skew between CPUs) */
	lf.flow.install_ns = UPCALL_TS + 10;
	line = lc_line(c, &lf.rec, false);
	assert_non_null(strstr(line, " lived=0.000000s packets=0 "));
	json_parse(lc_line(c, &lf.rec, true), &o);
	jnum(&o, "lived_ns", 0);
	lc_teardown(&lf);
}

static void test_lifecycle_flush(void **state)
{
	struct ctx *c = *state;
	struct lc_fixture lf;
	const char *line;
	struct jobj o;

	lc_setup(&lf, LC_FLUSH, 208, "ovs-vswitchd");
	/* the kernel reports no statistics for a flush: stale values unused */
	lf.rec.packets = 3;
	lf.rec.bytes = 135;
	lf.rec.tcp_flags = 0x12;
	line = lc_line(c, &lf.rec, false);
	assert_one_clean_line(line);
	assert_string_equal(line, TIME " flow_del by=208(ovs-vswitchd) lived=2.482832s packets=- "
			    "bytes=- tcp_flags=- reason=flush " LC_UFID ", " F_ICMP_IN2
			    ", actions:3\n");

	line = lc_line(c, &lf.rec, true);
	assert_one_clean_line(line);
	json_parse(line, &o);
	jstr(&o, "type", "flow_del");
	jstr(&o, "time", TIME);
	jnum(&o, "ts_ns", WALL_NS);
	jnum(&o, "by_tid", 208);
	jstr(&o, "by_comm", "ovs-vswitchd");
	jnum(&o, "lived_ns", LIVED_NS);
	jkind(&o, "packets", J_NULL);
	jkind(&o, "bytes", J_NULL);
	jkind(&o, "tcp_flags", J_NULL);
	jstr(&o, "reason", "flush");
	jstr(&o, "ufid", LC_UFID + 5);
	jstr(&o, "key", F_ICMP_IN2);
	jstr(&o, "actions", "3");
	jabsent(&o, "age_ns");
	jabsent(&o, "old_actions");
	lc_teardown(&lf);
}

static void test_lifecycle_mod(void **state)
{
	struct ctx *c = *state;
	struct lc_fixture lf;
	const char *line;
	struct jobj o;

	lc_setup(&lf, LC_SET, 250, "revalidator7");
	free(lf.flow.actions);
	lf.flow.actions = strdup("drop");	/* the new actions */
	assert_non_null(lf.flow.actions);
	lf.flow.install_ns = UPCALL_TS - 1928933000;
	lf.rec.old_actions = "3";
	line = lc_line(c, &lf.rec, false);
	assert_one_clean_line(line);
	assert_string_equal(line, TIME " flow_mod by=250(revalidator7) age=1.928933s " LC_UFID ", "
			    F_ICMP_IN2 ", actions:drop\n");
	assert_null(strstr(line, "reason="));
	assert_null(strstr(line, "packets="));
	assert_null(strstr(line, "lived="));

	line = lc_line(c, &lf.rec, true);
	assert_one_clean_line(line);
	assert_int_equal(strncmp(line, "{\"type\":\"flow_mod\",", 19), 0);
	json_parse(line, &o);
	jstr(&o, "type", "flow_mod");
	jstr(&o, "time", TIME);
	jnum(&o, "ts_ns", WALL_NS);
	jnum(&o, "by_tid", 250);
	jstr(&o, "by_comm", "revalidator7");
	jnum(&o, "age_ns", 1928933000);
	jkind(&o, "packets", J_NULL);
	jkind(&o, "bytes", J_NULL);
	jkind(&o, "tcp_flags", J_NULL);
	jkind(&o, "reason", J_NULL);
	jstr(&o, "ufid", LC_UFID + 5);
	jstr(&o, "key", F_ICMP_IN2);
	jstr(&o, "actions", "drop");
	jstr(&o, "old_actions", "3");
	jabsent(&o, "lived_ns");
	lc_teardown(&lf);
}

/* The thread name is kernel data: escaped in both formats. */
static void test_lifecycle_escaping(void **state)
{
	struct ctx *c = *state;
	struct lc_fixture lf;
	const char *line;
	struct jobj o;

	lc_setup(&lf, LC_DEL, 208, evil_comm);
	assert_string_equal(lf.hdr.comm, evil_comm);
	line = lc_line(c, &lf.rec, false);
	assert_one_clean_line(line);
	{
		static const char want[] = TIME " flow_del by=208(\\x1b]0;h\\x07\\x20\"\\x5c\\x0dk) "
					   "lived=2.482832s packets=0 ";

		assert_int_equal(strncmp(line, want, strlen(want)), 0);
	}
	assert_null(strchr(line, 0x1b));

	line = lc_line(c, &lf.rec, true);
	assert_one_clean_line(line);
	assert_non_null(strstr(line, "\"by_comm\":\"\\u001b]0;h\\u0007 \\u0022\\u005c\\u000dk\""));
	json_parse(line, &o);
	jstr(&o, "by_comm", evil_comm);
	jnum(&o, "by_tid", 208);

	/* 16 bytes, no NUL: read to the end, no further */
	memcpy(lf.hdr.comm, "0123456789ABCDEF", OUT_TASK_COMM_LEN);
	assert_non_null(strstr(lc_line(c, &lf.rec, false), " by=208(0123456789ABCDEF) lived="));
	json_parse(lc_line(c, &lf.rec, true), &o);
	jstr(&o, "by_comm", "0123456789ABCDEF");
	lc_teardown(&lf);
}

/* -r applies to lifecycle records too. */
static void test_lifecycle_relative(void **state)
{
	struct ctx *c = *state;
	struct lc_fixture lf;
	struct jobj o;

	output_set_relative(&c->o, START_NS);
	lc_setup(&lf, LC_FLUSH, 208, "ovs-vswitchd");
	assert_int_equal(strncmp(lc_line(c, &lf.rec, false), "1.500000 flow_del by=208(", 25), 0);
	json_parse(lc_line(c, &lf.rec, true), &o);
	jstr(&o, "time", "1.500000");
	jnum(&o, "ts_ns", WALL_NS);
	lc_teardown(&lf);
}

/* --- writing --- */

static void test_record_writes_line(void **state)
{
	struct ctx *c = *state;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	c->o.f = f;
	c->o.json = false;
	assert_int_equal(output_record(&c->o, &c->r), 0);
	c->o.json = true;
	assert_int_equal(output_record(&c->o, &c->r), 0);
	fclose(f);
	/* the text line, then the JSON line */
	assert_int_equal(strncmp(buf, TIME " flow ", strlen(TIME) + 6), 0);
	assert_non_null(strstr(buf, ", actions:trunc(100),3\n{\"type\":\"flow\","));
	assert_true(ends_with(buf, "\"actions\":\"trunc(100),3\"}\n"));
	assert_int_equal(strlen(buf), len);
	free(buf);
}

static void test_record_epipe(void **state)
{
	struct ctx *c = *state;
	void (*old)(int) = signal(SIGPIPE, SIG_IGN);
	int fd[2];
	FILE *f;

	assert_int_equal(pipe(fd), 0);
	close(fd[0]);
	f = fdopen(fd[1], "w");
	assert_non_null(f);
	c->o.f = f;
	assert_int_equal(output_record(&c->o, &c->r), -EPIPE);
	fclose(f);
	signal(SIGPIPE, old);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_text_flow),
		T(test_text_all_fixtures),
		T(test_text_shared_icmp),
		T(test_text_vlan),
		T(test_text_fragments),
		T(test_text_noflow),
		T(test_text_put),
		T(test_text_action),
		T(test_result_names),
		T(test_time),
		T(test_text_escaping),
		T(test_text_quote_as_documented),
		T(test_text_name_unterminated),
		T(test_text_truncated),
		T(test_format_errors),
		T(test_json_flow),
		T(test_json_all_fixtures),
		T(test_json_shared_noflow),
		T(test_json_put_action),
		T(test_json_escaping),
		T(test_text_lost),
		T(test_json_lost),
		T(test_verdicts),
		T(test_read_latency),
		T(test_relative_time),
		T(test_lifecycle_del),
		T(test_lifecycle_flush),
		T(test_lifecycle_mod),
		T(test_lifecycle_escaping),
		T(test_lifecycle_relative),
		T(test_record_writes_line),
		T(test_record_epipe),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
