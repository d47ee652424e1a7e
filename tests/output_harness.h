/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The output tests' harness: one CORR_FLOW record of a real flow put to
 * format (setup/teardown), its line as text fields or a parsed JSON object,
 * and names from the kernel built to break a terminal. Include after
 * <cmocka.h>.
 */
#ifndef TESTS_OUTPUT_HARNESS_H
#define TESTS_OUTPUT_HARNESS_H

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
	struct put_view v;	/* r.put decoded, as the correlator would */
	struct output o;
	char *written;		/* what output_lifecycle() wrote (lc_line) */
};

/* The correlator hands out a view of each put with its records: make the
 * one of r.put as the test has left it. */
static inline void sync_view(struct ctx *c)
{
	if (c->r.put)
		put_view_init(&c->v, c->r.put);
	c->r.view = c->r.put ? &c->v : NULL;
}

/* The CORR_FLOW of a UDP packet 10.99.0.1:33743 > 10.99.0.2:6667 on veth-a
 * and the megaflow "output/0" the handler tid 10 put for it. */
static inline int setup(void **state)
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
	sync_view(c);
	*state = c;
	return 0;
}

static inline int teardown(void **state)
{
	struct ctx *c = *state;

	output_free(&c->o);
	put_view_free(&c->v);
	free(c->written);
	free(c->p);
	free(c);
	return 0;
}

static const char *fmt(struct ctx *c, bool json)
{
	sync_view(c);
	c->o.json = json;
	assert_int_equal(output_format(&c->o, &c->r), 0);
	return strbuf_cstr(&c->o.line);
}

static inline bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), m = strlen(tail);

	return n >= m && !strcmp(s + n - m, tail);
}

/* One line: a single '\n', at the end, and nothing else below 0x20 or
 * above 0x7e anywhere (no raw ESC, DEL, or high bytes). */
static inline void assert_one_clean_line(const char *line)
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

static inline void json_parse(const char *line, struct jobj *o)
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

static inline void jstr(const struct jobj *o, const char *name, const char *want)
{
	const struct jval *v = jget(o, name);

	if (v->kind != J_STR)
		fail_msg("%s is not a string", name);
	assert_string_equal(v->s, want);
}

static inline void jnum(const struct jobj *o, const char *name, long long want)
{
	const struct jval *v = jget(o, name);

	if (v->kind != J_NUM)
		fail_msg("%s is not a number", name);
	assert_int_equal(v->num, want);
}

static inline void jkind(const struct jobj *o, const char *name, enum jkind k)
{
	assert_int_equal(jget(o, name)->kind, k);
}

static inline void jabsent(const struct jobj *o, const char *name)
{
	for (size_t i = 0; i < o->n; i++)
		if (!strcmp(o->v[i].name, name))
			fail_msg("unexpected key %s", name);
}

/* Names from the kernel: control characters, quote, backslash, space, ESC,
 * DEL and high bytes never reach the terminal raw. */
static const char evil_dev[OUT_IFNAMSIZ] __attribute__((unused)) = { 'e', ' ', '\\', 0x1b, '[', '2', 'J', '\t',
					     '\n', 0x7f, (char)0xe9, 'x', '"', 'y', 'z', 0 };
static const char evil_comm[OUT_TASK_COMM_LEN] __attribute__((unused)) = { 0x1b, ']', '0', ';', 'h', 0x07, ' ', '"',
						   '\\', '\r', 'k', 0 };

static inline void set_evil(struct ctx *c)
{
	memcpy(c->u.dev, evil_dev, sizeof(evil_dev));
	memcpy(c->r.handler_comm, evil_comm, sizeof(evil_comm));
}

#endif /* TESTS_OUTPUT_HARNESS_H */
