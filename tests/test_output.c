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

#include "output_harness.h"

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
	sync_view(c);
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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
