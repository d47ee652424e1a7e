// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: raw events, the way --read-events and the ring buffer
 * hand them to the pipeline: event_check() (events.h), the correlator
 * (correlate.h), the --lifecycle bookkeeping (lifecycle.h) and both output
 * formats (output.h). An event file is anyone's file and ring samples are
 * kernel memory read by BPF: nothing may crash, read past a record, leak,
 * lose an upcall or print raw bytes.
 *
 * One input is read twice:
 *  - as an event file (evfile.h) from an fmemopen()ed copy, as run_replay()
 *    in main.c reads one: wall offset from the header, the recording's own
 *    clock, timeouts checked every 100 ms of it (pipeline_replay());
 *  - as ring buffer samples: the same record framing (u32 length, u32,
 *    payload, padding to 8; a leading evfile header is skipped) but with
 *    nothing checked, so event_check() sees sizes evfile_read() refuses
 *    (zero, cut short at the end of the input); a tick after every sample.
 * The two views differ in timeout, --max-pending, --explain and
 * --relative so that eviction and expiry paths are reached.
 *
 * Every record is copied into a heap buffer of exactly its size first, so
 * ASan reports any read past its end. Build and run with scripts/fuzz.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "correlate.h"
#include "dpctl.h"
#include "events.h"
#include "evfile.h"
#include "flowlife.h"
#include "lifecycle.h"
#include "output.h"
#include "pipeline.h"
#include "strbuf.h"

#define FAIL(...) do { fprintf(stderr, "fuzz_events: " __VA_ARGS__); fputc('\n', stderr); abort(); } while (0)

static FILE *devnull;
static char tmp_path[64];

/* --- line checks ------------------------------------------------------- */

#include "json_check.h"

/*
 * One output line: printable ASCII and a single newline at the end.
 * output.c escapes names from the kernel (put_escaped) and prints decoder
 * text as is, promising it is ASCII; a JSON line must also be one JSON
 * object, since consumers parse line by line.
 */
static void check_line(const char *what, const struct output *o)
{
	const char *s = strbuf_cstr(&o->line);
	size_t n = strbuf_len(&o->line);

	if (strbuf_error(&o->line))
		FAIL("%s: strbuf error %d", what, strbuf_error(&o->line));
	if (!n || s[n] != '\0' || strlen(s) != n || s[n - 1] != '\n')
		FAIL("%s: not one NUL-terminated line (%zu bytes)", what, n);
	for (size_t i = 0; i + 1 < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c > 0x7e)
			FAIL("%s: byte 0x%02x at %zu of %zu in %s", what, c, i, n, s);
	}
	if (o->json) {
		const char *end = json_value(s, 0);

		if (!end || *s != '{' || *json_ws(end))
			FAIL("%s: not one JSON object: %s", what, s);
	}
}

/* --- the pipeline, as main.c wires it --------------------------------- */

struct view {
	struct pipeline pipe;	/* main.c's: correlator, lifecycle, clock */
	struct output out[2];	/* text, JSON: every record goes to both */
	uint32_t lc_max;
	uint32_t max_pending;
	uint64_t poll_ns;	/* timeouts checked this often (event clock) */
	bool relative;		/* --relative from the first event */
	/* What the emit callback saw, to hold against corr_stats(). */
	uint64_t upcall_records, put_records;
	uint64_t by_verdict[CORR_V_ACTION + 1];
	uint64_t noflow_evicted;
};

static void check_record(const struct corr_record *r)
{
	bool ok;

	switch (r->type) {
	case CORR_FLOW:
		ok = r->upcall && r->put && r->reason == CORR_R_NONE &&
		     (r->verdict == CORR_V_INSTALLED || r->verdict == CORR_V_SHARED ||
		      r->verdict == CORR_V_PUT_FAILED) &&
		     r->shared == (r->verdict == CORR_V_SHARED) &&
		     (r->verdict != CORR_V_PUT_FAILED || (r->result_known && r->result));
		break;
	case CORR_NOFLOW:
		ok = r->upcall && !r->put && r->verdict == CORR_V_NOFLOW && r->reason != CORR_R_NONE;
		break;
	case CORR_PUT:
		ok = !r->upcall && r->put && r->verdict == CORR_V_NONE;
		break;
	case CORR_ACTION:
		ok = r->upcall && !r->put && r->verdict == CORR_V_ACTION;
		break;
	case CORR_LOST:
		ok = r->upcall && !r->put && r->verdict == CORR_V_LOST && r->result_known;
		break;
	default:
		ok = false;
	}
	if (!ok)
		FAIL("inconsistent record: type %d verdict %d reason %d upcall %p put %p",
		     r->type, r->verdict, r->reason, (const void *)r->upcall, (const void *)r->put);
}

static void lc_line(struct view *v, const struct lc_record *r)
{
	for (int i = 0; i < 2; i++) {
		if (output_lifecycle(&v->out[i], r))
			FAIL("output_lifecycle failed");
		check_line("lifecycle", &v->out[i]);
	}
}

/* main.c on_record(), minus the filter, pcapng and histograms. */
static void on_record(const struct corr_record *r, void *ctx)
{
	struct view *v = ctx;

	check_record(r);
	if (r->upcall) {
		v->upcall_records++;
		if (r->verdict == CORR_V_NOFLOW && r->reason == CORR_R_EVICTED)
			v->noflow_evicted++;
	}
	if (r->type == CORR_PUT)
		v->put_records++;
	v->by_verdict[r->verdict]++;

	if (v->pipe.lc && r->put && r->result_known && !r->result && (r->put->flags & OUT_F_HAS_UFID) &&
	    (r->verdict == CORR_V_INSTALLED || r->type == CORR_PUT)) {
		struct lc_flow *f;

		output_flow_text(&v->out[0], r->view);
		if (lc_install(v->pipe.lc, r->put->ufid, r->put->dp_ifindex,
			       r->upcall ? r->upcall->hdr.ts_ns + r->latency_ns : r->put->hdr.ts_ns,
			       strbuf_cstr(&r->view->key_text), strbuf_cstr(&r->view->actions_text)))
			FAIL("lc_install failed");
		f = lc_find(v->pipe.lc, r->put->ufid);
		if (!f || strcmp(f->key, strbuf_cstr(&r->view->key_text)) ||
		    strcmp(f->actions, strbuf_cstr(&r->view->actions_text)))
			FAIL("installed flow not found as installed");
		if (lc_count(v->pipe.lc) > v->lc_max)
			FAIL("lifecycle holds %u flows, max %u", lc_count(v->pipe.lc), v->lc_max);
	}
	for (int i = 0; i < 2; i++) {
		int err = output_record(&v->out[i], r);

		if (err)
			FAIL("output_record (%s) failed: %d", v->out[i].json ? "json" : "text", err);
		check_line(v->out[i].json ? "json record" : "text record", &v->out[i]);
	}
}

static void emit_lc(const struct lc_record *r, void *ctx)
{
	lc_line(ctx, r);
}

/* The remembered flows after a --lifecycle removal: none of a flushed
 * datapath's (every one, for datapath 0), not the removed one. */
static bool lc_has_dp(struct lifecycle *lc, uint32_t dp_ifindex)
{
	struct lc_flow *f = lc_take_oldest_of(lc, dp_ifindex);
	bool found = f != NULL;

	lc_flow_free(f);
	return found;
}

static void check_flow_del(struct view *v, const struct out_flow_del *e)
{
	if ((e->flags & OUT_D_FLUSH) && lc_has_dp(v->pipe.lc, e->dp_ifindex))
		FAIL("flows of datapath %u left after its flush", e->dp_ifindex);
	if (!(e->flags & OUT_D_FLUSH) && lc_find(v->pipe.lc, e->ufid))
		FAIL("flow still found after its removal");
}

/* One record, already a heap copy of 'size' bytes, through main.c's
 * pipeline, once what event_check() promised about it is checked. */
static void on_event(struct view *v, const void *data, size_t size)
{
	const struct out_hdr *h = data;
	int type = event_check(data, size);
	size_t need;

	/* events.h: the event's type when complete and consistent. */
	if (type == -EINVAL)
		return;
	if (size < sizeof(*h) || type != (int)h->type)
		FAIL("event_check returned %d for %zu bytes of type %u", type, size,
		     size >= sizeof(*h) ? h->type : 0);
	switch (type) {
	case OUT_EV_UPCALL: need = offsetof(struct out_upcall, packet); break;
	case OUT_EV_UPCALL_RET: need = sizeof(struct out_upcall_ret); break;
	case OUT_EV_HANDLER: need = sizeof(struct out_handler); break;
	case OUT_EV_UPCALL_READ: need = sizeof(struct out_upcall_read); break;
	case OUT_EV_FLOW_PUT: need = offsetof(struct out_put_rec, data); break;
	case OUT_EV_FLOW_RET: need = sizeof(struct out_flow_ret); break;
	case OUT_EV_FLOW_DEL: need = sizeof(struct out_flow_del); break;
	case OUT_EV_FLOW_SET: need = sizeof(struct out_flow_set); break;
	default: FAIL("event_check accepted unknown type %d", type);
	}
	if (size < need)
		FAIL("event_check accepted %zu bytes of type %d, needs %zu", size, type, need);

	if (size >= sizeof(*h) && h->ts_ns && !v->pipe.now && v->relative)
		for (int i = 0; i < 2; i++)
			output_set_relative(&v->out[i], h->ts_ns);
	switch (type) {
	case OUT_EV_UPCALL:
		if (((const struct out_upcall *)data)->cap_len > size - need)
			FAIL("event_check accepted an upcall of %u packet bytes in %zu",
			     ((const struct out_upcall *)data)->cap_len, size);
		break;
	case OUT_EV_FLOW_PUT: {
		const struct out_put_rec *p = data;

		if (p->key_len > OUT_KEY_MAX || p->mask_len > OUT_KEY_MAX ||
		    p->actions_len > OUT_ACTIONS_MAX ||
		    size < offsetof(struct out_put_rec, data) + p->key_len + p->mask_len + p->actions_len)
			FAIL("event_check accepted a put with lengths %u/%u/%u in %zu bytes", p->key_len,
			     p->mask_len, p->actions_len, size);
		break;
	}
	case OUT_EV_FLOW_SET:
		if (((const struct out_flow_set *)data)->actions_len > OUT_ACTIONS_MAX)
			FAIL("event_check accepted a flow set with %u action bytes",
			     ((const struct out_flow_set *)data)->actions_len);
		break;
	}
	if (pipeline_replay(&v->pipe, data, size, v->poll_ns) != type)
		FAIL("the pipeline took an event of type %d for another", type);
	if (type == OUT_EV_FLOW_DEL)
		check_flow_del(v, data);
	/* --max-pending bounds the queue: an upcall over it evicts the oldest. */
	if (corr_pending(v->pipe.corr) > v->max_pending)
		FAIL("%u upcalls pending, max %u", corr_pending(v->pipe.corr), v->max_pending);
}

static void view_init(struct view *v, const struct corr_config *cc, int64_t wall_offset,
		      bool explain_text, uint32_t lc_max, bool relative)
{
	memset(v, 0, sizeof(*v));
	output_init(&v->out[0], devnull, false, wall_offset);
	output_init(&v->out[1], devnull, true, wall_offset);
	v->out[0].explain = explain_text;
	v->out[1].explain = !explain_text;
	v->relative = relative;
	v->pipe.corr = corr_new(cc, on_record, v);
	v->pipe.lc_emit = emit_lc;
	v->pipe.lc_ctx = v;
	v->max_pending = cc->max_pending;
	v->lc_max = lc_max;
	v->pipe.lc = lc_new(lc_max);
	if (!v->pipe.corr || !v->pipe.lc)
		abort();
}

/* End of trace as main.c has it, then the books must balance. */
static void view_finish(struct view *v)
{
	const struct corr_stats *s;
	uint64_t lost = 0;

	corr_tick(v->pipe.corr, v->pipe.now);
	corr_flush(v->pipe.corr);
	s = corr_stats(v->pipe.corr);
	if (corr_pending(v->pipe.corr))
		FAIL("%u upcalls still pending after a flush", corr_pending(v->pipe.corr));
	/* correlate.h: exactly one record per upcall; the verdicts add up. */
	if (s->upcalls != v->upcall_records)
		FAIL("%llu upcalls, %llu upcall records", (unsigned long long)s->upcalls,
		     (unsigned long long)v->upcall_records);
	if (s->upcalls != s->installed + s->shared + s->put_failed_upcalls + s->noflow + s->lost +
			  s->action_upcalls)
		FAIL("verdicts do not add up to %llu upcalls", (unsigned long long)s->upcalls);
	if (s->installed != v->by_verdict[CORR_V_INSTALLED] ||
	    s->shared != v->by_verdict[CORR_V_SHARED] ||
	    s->put_failed_upcalls != v->by_verdict[CORR_V_PUT_FAILED] ||
	    s->noflow != v->by_verdict[CORR_V_NOFLOW] || s->lost != v->by_verdict[CORR_V_LOST] ||
	    s->action_upcalls != v->by_verdict[CORR_V_ACTION] || s->evicted != v->noflow_evicted)
		FAIL("stats differ from the records emitted");
	if (s->unmatched_puts != v->put_records || s->put_failed > s->puts ||
	    s->unmatched_puts > s->puts)
		FAIL("put counts inconsistent");
	for (int i = 0; i < CORR_ERRNO_MAX; i++)
		lost += s->lost_errno[i];
	if (lost != s->lost)
		FAIL("lost by errno %llu, lost %llu", (unsigned long long)lost,
		     (unsigned long long)s->lost);
	corr_free(v->pipe.corr);
	lc_free(v->pipe.lc);
	output_free(&v->out[0]);
	output_free(&v->out[1]);
}

/* A heap copy of exactly n bytes (see the top). */
static void *dup_exact(const void *p, size_t n)
{
	void *d = malloc(n);

	if (!d && n)
		abort();
	if (n)
		memcpy(d, p, n);
	return d;
}

/* --- view 1: an event file -------------------------------------------- */

static uint64_t rec_buf[EVFILE_RECORD_MAX / sizeof(uint64_t)];

struct rec {
	void *p;
	size_t n;
};

/* Writes back what was read and reads it again: the writer and reader
 * must agree on framing and padding for every length. */
static void round_trip(const struct rec *recs, size_t n, int64_t wall_offset)
{
	struct evfile *w, *r;
	int len;

	if (evfile_create(&w, tmp_path, true, wall_offset, 0))
		FAIL("evfile_create %s failed", tmp_path);
	for (size_t i = 0; i < n; i++)
		if (evfile_write(w, recs[i].p, (uint32_t)recs[i].n))
			FAIL("evfile_write of %zu bytes failed", recs[i].n);
	if (evfile_records(w) != n || evfile_close(w))
		FAIL("evfile writer: records or close");
	if (evfile_open(&r, tmp_path))
		FAIL("evfile_open of a file just written failed");
	if (evfile_wall_offset(r) != wall_offset)
		FAIL("wall offset changed on a round trip");
	for (size_t i = 0; i < n; i++) {
		len = evfile_read(r, rec_buf, sizeof(rec_buf));
		if (len < 0 || (size_t)len != recs[i].n || memcmp(rec_buf, recs[i].p, recs[i].n))
			FAIL("record %zu of %zu came back as %d bytes", i, n, len);
	}
	if ((len = evfile_read(r, rec_buf, sizeof(rec_buf))) != 0)
		FAIL("%d after the last record, not end of file", len);
	evfile_close(r);
}

static void run_file(const uint8_t *data, size_t size)
{
	struct corr_config cc = { .timeout_ns = 5000000000ULL, .max_pending = 8 };
	struct rec *recs = NULL;
	size_t n_recs = 0, cap = 0;
	struct evfile *ev;
	struct view v;
	uint8_t *copy;
	FILE *f;
	int n;

	if (!size)
		return;
	copy = dup_exact(data, size);
	f = fmemopen(copy, size, "rb");
	if (!f)
		abort();
	if (evfile_open_stream(&ev, f)) {
		fclose(f);
		free(copy);
		return;
	}
	cc.exact_reads = evfile_version(ev) >= 3;
	view_init(&v, &cc, evfile_wall_offset(ev), true, 8, false);
	v.poll_ns = 100 * 1000000ULL;	/* main.c's POLL_MS */
	while ((n = evfile_read(ev, rec_buf, sizeof(rec_buf))) > 0) {
		void *e;

		if ((size_t)n > EVFILE_RECORD_MAX)
			FAIL("evfile_read returned %d bytes", n);
		e = dup_exact(rec_buf, (size_t)n);
		on_event(&v, e, (size_t)n);
		if (n_recs == cap) {
			cap = cap ? cap * 2 : 16;
			recs = realloc(recs, cap * sizeof(*recs));
			if (!recs)
				abort();
		}
		recs[n_recs++] = (struct rec){ e, (size_t)n };
	}
	if (n != 0 && n != -EPROTO)
		FAIL("evfile_read returned %d", n);
	if (evfile_records(ev) != n_recs)
		FAIL("evfile counted %llu records, read %zu",
		     (unsigned long long)evfile_records(ev), n_recs);
	view_finish(&v);
	if (n_recs)
		round_trip(recs, n_recs, evfile_wall_offset(ev));
	for (size_t i = 0; i < n_recs; i++)
		free(recs[i].p);
	free(recs);
	evfile_close(ev);
	fclose(f);
	free(copy);
}

/* --- view 2: ring buffer samples --------------------------------------- */

static void run_raw(const uint8_t *data, size_t size)
{
	const struct corr_config cc = { .timeout_ns = 1000000ULL, .max_pending = 3 };
	struct view v;
	size_t off = 0;

	view_init(&v, &cc, 0, false, 2, true);
	if (size >= 32 && !memcmp(data, "OVSUPEV\n", 8))
		off = 32;
	while (off < size) {
		size_t left = size - off, n;
		uint32_t len;
		void *e;

		if (left < 8) {
			/* A stub of a sample: still something to validate. */
			n = left;
			off = size;
			e = dup_exact(data + size - n, n);
		} else {
			memcpy(&len, data + off, sizeof(len));
			n = len < left - 8 ? len : left - 8;
			e = dup_exact(data + off + 8, n);
			off += 8 + n + (8 - n % 8) % 8;
		}
		on_event(&v, e, n);
		corr_tick(v.pipe.corr, v.pipe.now);
		free(e);
	}
	view_finish(&v);
}

static void remove_tmp(void)
{
	unlink(tmp_path);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	devnull = fopen("/dev/null", "w");
	if (!devnull)
		abort();
	/* Per process: libFuzzer -jobs/-fork run several at once. */
	snprintf(tmp_path, sizeof(tmp_path), "/tmp/fuzz_events.%d.ev", (int)getpid());
	atexit(remove_tmp);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	run_file(data, size);
	run_raw(data, size);
	return 0;
}
