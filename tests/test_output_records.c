// SPDX-License-Identifier: GPL-2.0-only
/*
 * Record lines beyond one flow (README "Record types", "Verdicts",
 * "Megaflow lifecycle"): lost upcalls, every verdict, read latency,
 * --relative times, --lifecycle records, and writing a line (EPIPE).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "output_harness.h"

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
}

/* The verdicts of records without a flow of their own. */
static void test_verdicts_no_flow(void **state)
{
	struct ctx *c = *state;
	const struct dpctl_fixture *f = fx_key(F_ICMP_IN2);
	const char *line;
	struct jobj o;

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
	sync_view(c);
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
		T(test_text_lost),
		T(test_json_lost),
		T(test_verdicts),
		T(test_verdicts_no_flow),
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
