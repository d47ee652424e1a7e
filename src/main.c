// SPDX-License-Identifier: GPL-2.0-only
/*
 * ovs-upcall-trace: which packet made which megaflow.
 * main(): options -> tracer -> poll loop -> correlator -> output.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/types.h>

#include "bpf_loader.h"
#include "correlate.h"
#include "evfile.h"
#include "histogram.h"
#include "lifecycle.h"
#include "pcapng.h"
#include "pktfilter.h"
#include "dpctl.h"
#include "options.h"
#include "output.h"
#include "ovs_version.h"
#include "pipeline.h"

/* How often the ring is taken: the programs never wake the reader for one
 * record (see tracer_poll()), so this is the longest a line waits. */
#define POLL_MS 10
#define REPLAY_BLOCK 1024

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

struct app {
	struct pipeline pipe;	/* events -> correlator, --lifecycle flows */
	struct output out;
	int write_err;		/* first failed write of a line */
	uint64_t records;	/* lines printed */
	uint64_t max_records;	/* -c: 0 = no limit */
	struct pktfilter *filter;	/* trailing expression, or NULL */
	struct pcapng *pcap;	/* -w, or NULL */
	uint64_t filtered;	/* records the expression hid */
	uint64_t batch;		/* events since start, for EV_YIELD checks */
	uint64_t poll_start;	/* CLOCK_MONOTONIC when this poll began */
	struct evfile *evw;	/* --write-events */
	struct evfile *evr;	/* --read-events */
	struct histogram read_hist;	/* upcall -> handler read, usecs */
	struct histogram flow_hist;	/* upcall -> flow installed, usecs */
	char ovs_note[192];	/* whose text, for the start line */
};

/* -c: count a line about to be printed; false once N were. */
static bool may_print(struct app *a)
{
	if (a->write_err || (a->max_records && a->records >= a->max_records))
		return false;
	if (a->max_records && ++a->records >= a->max_records)
		stop = 1;
	return true;
}

/* The first failed write ends the trace; it is reported at exit. */
static void write_failed(struct app *a, int err)
{
	if (err && !a->write_err) {
		a->write_err = err;
		stop = 1;
	}
}

static void emit_lifecycle(const struct lc_record *r, void *ctx)
{
	struct app *a = ctx;

	if (may_print(a))
		write_failed(a, output_lifecycle(&a->out, r));
}

/* The upcall's packet, with its verdict and flow, into the -w file. */
static void write_packet(struct app *a, const struct corr_record *r)
{
	const struct out_upcall *u = r->upcall;
	struct strbuf c = STRBUF_INIT;
	int err;

	strbuf_printf(&c, "%s verdict=%s", output_type_name(r->type),
		      output_verdict_name(r->verdict) ? output_verdict_name(r->verdict) : "none");
	if (r->put && (r->put->flags & OUT_F_HAS_UFID)) {
		strbuf_putc(&c, ' ');
		dpctl_format_ufid(&c, r->put->ufid);
	}
	err = strbuf_error(&c);
	if (!err)
		err = pcapng_write(a->pcap, u->dev[0] ? u->dev : "unknown",
				   u->hdr.ts_ns + a->out.wall_offset_ns, u->packet,
				   u->cap_len < OUT_SNAP_MAX ? u->cap_len : OUT_SNAP_MAX, u->skb_len,
				   strbuf_cstr(&c));
	strbuf_free(&c);
	if (err && !a->write_err)
		fprintf(stderr, "ovs-upcall-trace: cannot write the pcapng file: %s\n", strerror(-err));
	write_failed(a, err);
}

static void on_record(const struct corr_record *r, void *ctx)
{
	struct app *a = ctx;

	/* With an expression, only upcalls whose packet passes are shown:
	 * a put nobody's packet passed is hidden too. */
	if (a->filter) {
		const struct out_upcall *u = r->upcall;

		if (!u || !pktfilter_match(a->filter, u->packet,
					   u->cap_len < OUT_SNAP_MAX ? u->cap_len : OUT_SNAP_MAX,
					   u->skb_len)) {
			a->filtered++;
			return;
		}
	}
	if (a->pcap && r->upcall && !a->write_err)
		write_packet(a, r);

	if (r->read_latency_ns)
		hist_add(&a->read_hist, r->read_latency_ns / 1000);
	if (r->verdict == CORR_V_INSTALLED || r->verdict == CORR_V_SHARED)
		hist_add(&a->flow_hist, r->latency_ns / 1000);
	/* A put that installed a flow: remember it for its end. */
	if (a->pipe.lc && r->put && r->result_known && !r->result && (r->put->flags & OUT_F_HAS_UFID) &&
	    (r->verdict == CORR_V_INSTALLED || r->type == CORR_PUT)) {
		output_flow_text(&a->out, r->view);
		lc_install(a->pipe.lc, r->put->ufid, r->put->dp_ifindex,
			   r->upcall ? r->upcall->hdr.ts_ns + r->latency_ns : r->put->hdr.ts_ns,
			   strbuf_cstr(&r->view->key_text), strbuf_cstr(&r->view->actions_text));
	}
	if (!may_print(a))
		return;
	write_failed(a, output_record(&a->out, r));
}

/* Returned once an event is processed, to leave ring_buffer__poll(): under
 * a sustained storm it would otherwise never return, and -c, -d, timeouts
 * and Ctrl-C would wait. libbpf has consumed the event by then; nothing is
 * skipped. */
#define EV_YIELD (-ECANCELED)
#define YIELD_NS (50 * 1000 * 1000ULL)

static uint64_t clock_ns(clockid_t id);

static int on_event(void *ctx, void *data, size_t size)
{
	struct app *a = ctx;
	int ret = 0;

	if (stop || (++a->batch % 256 == 0 && clock_ns(CLOCK_MONOTONIC) - a->poll_start > YIELD_NS))
		ret = EV_YIELD;
	if (a->evw && !a->write_err) {
		int err = evfile_write(a->evw, data, size);

		if (err)
			fprintf(stderr, "ovs-upcall-trace: cannot record events: %s\n", strerror(-err));
		write_failed(a, err);
	}

	pipeline_event(&a->pipe, data, size);
	return ret;
}

/* The reader of our pipe went away (`| head`): stop now, not at the next
 * record, which may be minutes away on a quiet datapath. */
static bool stdout_closed(void)
{
	struct pollfd p = { .fd = STDOUT_FILENO, .events = 0 };

	return poll(&p, 1, 0) == 1 && (p.revents & (POLLERR | POLLHUP));
}

static uint64_t clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static void print_summary(const struct app *a, const uint64_t *cnt, uint64_t skipped)
{
	const struct corr_stats *s = corr_stats(a->pipe.corr);
	struct strbuf lost = STRBUF_INIT;
	uint64_t ring_lost = 0;

	for (int i = OUT_CNT_LOST_FIRST; i <= OUT_CNT_LOST_LAST; i++)
		ring_lost += cnt[i];

	for (int e = 1; e < CORR_ERRNO_MAX; e++)
		if (s->lost_errno[e])
			strbuf_printf(&lost, "%s%s %llu", strbuf_len(&lost) ? ", " : " (",
				      strerrorname_np(e) ? strerrorname_np(e) : "E?",
				      (unsigned long long)s->lost_errno[e]);
	if (s->lost_errno[0])
		strbuf_printf(&lost, "%sother %llu", strbuf_len(&lost) ? ", " : " (",
			      (unsigned long long)s->lost_errno[0]);
	if (strbuf_len(&lost))
		strbuf_putc(&lost, ')');
	fprintf(stderr,
		"ovs-upcall-trace: upcalls %llu: installed %llu, shared %llu, put failed %llu, noflow %llu (evicted %llu), lost %llu%s, action %llu; flow puts %llu (failed %llu), unmatched puts %llu\n",
		(unsigned long long)s->upcalls, (unsigned long long)s->installed,
		(unsigned long long)s->shared, (unsigned long long)s->put_failed_upcalls,
		(unsigned long long)s->noflow, (unsigned long long)s->evicted,
		(unsigned long long)s->lost, strbuf_cstr(&lost), (unsigned long long)s->action_upcalls,
		(unsigned long long)s->puts, (unsigned long long)s->put_failed,
		(unsigned long long)s->unmatched_puts);
	fprintf(stderr,
		"ovs-upcall-trace: kernel passed the filter: upcalls %llu, flow puts %llu; lost events %llu (ring buffer full), truncated puts %llu, kernel read errors %llu, bad events %llu, undecodable keys %llu, undecodable flow texts %llu, missed put returns %llu, untracked nesting %llu, handler table drops %llu\n",
		(unsigned long long)cnt[OUT_CNT_UPCALL_SEEN], (unsigned long long)cnt[OUT_CNT_PUT_SEEN],
		(unsigned long long)ring_lost, (unsigned long long)cnt[OUT_CNT_TRUNC],
		(unsigned long long)cnt[OUT_CNT_READ_ERR], (unsigned long long)a->pipe.bad_events,
		(unsigned long long)s->key_errors,
		(unsigned long long)(a->out.format_errors + a->pipe.bad_flow_texts),
		(unsigned long long)s->ret_missed, (unsigned long long)cnt[OUT_CNT_NEST],
		(unsigned long long)s->reader_drops);
	fprintf(stderr,
		"ovs-upcall-trace: lost events by type: upcalls %llu, upcall returns %llu, reads %llu, reader changes %llu, flow puts %llu, put results %llu, lifecycle %llu; upcall reads %llu seen in the kernel, %llu received (%llu of no pending upcall); upcall messages not followed %llu (no free slot in the table of queued messages), --dev ports not learned %llu, probe runs the kernel skipped %llu (program busy on that CPU)\n",
		(unsigned long long)cnt[OUT_CNT_LOST_UPCALL], (unsigned long long)cnt[OUT_CNT_LOST_UPCALL_RET],
		(unsigned long long)cnt[OUT_CNT_LOST_READ], (unsigned long long)cnt[OUT_CNT_LOST_HANDLER],
		(unsigned long long)cnt[OUT_CNT_LOST_PUT], (unsigned long long)cnt[OUT_CNT_LOST_PUT_RET],
		(unsigned long long)cnt[OUT_CNT_LOST_LIFECYCLE], (unsigned long long)cnt[OUT_CNT_READ_SEEN],
		(unsigned long long)s->reads, (unsigned long long)s->stray_reads,
		(unsigned long long)cnt[OUT_CNT_QUEUE_FULL], (unsigned long long)cnt[OUT_CNT_DEV_PORT_ERR],
		(unsigned long long)skipped);
	strbuf_free(&lost);
}

/* The two latency histograms, bcc style (or JSON objects with --json),
 * then start counting afresh, as bcc's interval mode does. */
static int print_histograms(struct app *a, uint64_t now_ns)
{
	static const struct {
		size_t off;
		const char *title;
	} h[] = {
		{ offsetof(struct app, read_hist), "upcall -> handler read latency" },
		{ offsetof(struct app, flow_hist), "upcall -> flow installed latency" },
	};
	int err = 0;

	for (size_t i = 0; i < sizeof(h) / sizeof(h[0]) && !err; i++) {
		struct histogram *hist = (struct histogram *)((char *)a + h[i].off);

		if (a->out.json) {
			struct strbuf t = STRBUF_INIT;

			output_time(&a->out, &t, now_ns);
			printf("{\"type\":\"histogram\",\"time\":\"%s\",\"histogram\":", strbuf_cstr(&t));
			strbuf_free(&t);
			err = hist_print_json(hist, stdout, h[i].title, "usecs");
			if (!err && (putchar('}') == EOF || putchar('\n') == EOF || fflush(stdout)))
				err = -errno;
		} else {
			err = hist_print(hist, stdout, h[i].title, "usecs");
		}
		hist_reset(hist);
	}
	return err;
}

static void print_start(const struct options *o, const struct tracer *t, const char *ovs)
{
	const char *btf = tracer_btf_file(t);
	char via[600] = "";
	char src[18] = "any", type[8] = "any";
	const uint8_t *m = o->eth_src;

	if (!o->eth_src_any)
		snprintf(src, sizeof(src), "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3],
			 m[4], m[5]);
	if (!o->eth_type_any)
		snprintf(type, sizeof(type), "0x%04x", o->eth_type);
	if (btf)
		snprintf(via, sizeof(via), " (openvswitch types from %s)", btf);
	if (tracer_preempt_model(t))
		snprintf(via, sizeof(via), " (kprobes where the hook runs in a task: this kernel preempts tasks, preemption %s)",
			 tracer_preempt_model(t));
	fprintf(stderr, "ovs-upcall-trace: tracing upcalls from eth src %s, eth type %s with %s probes%s, flows as dump-flows of %s prints them; Ctrl-C to stop\n",
		src, type, tracer_probe_kind(t), via, ovs);
}

/* Tracing: the probes feed on_event() until a stop; then the queue is
 * drained and every waiting upcall accounted for. An exit code. */
static int run_live(struct app *a, const struct options *opts, struct tracer **tp)
{
	uint64_t start, now, next_hist, next_check = 0;
	int code, err;

	if (opts->write_events) {
		err = evfile_create(&a->evw, opts->write_events, opts->overwrite, a->out.wall_offset_ns,
				    a->out.ovs);
		if (err) {
			fprintf(stderr, "ovs-upcall-trace: cannot write '%s': %s%s\n", opts->write_events,
				strerror(-err), err == -EEXIST ? " (use --overwrite to replace it)" : "");
			return EXIT_USAGE;
		}
	}
	code = tracer_start(tp, opts, on_event, a);
	if (code)
		return code;
	err = tracer_drop_privileges();
	if (err)
		fprintf(stderr, "ovs-upcall-trace: warning: cannot drop capabilities: %s\n", strerror(-err));
	start = clock_ns(CLOCK_MONOTONIC);
	if (opts->relative)
		output_set_relative(&a->out, start);
	next_hist = opts->interval_ns ? start + opts->interval_ns : 0;
	print_start(opts, *tp, a->ovs_note);

	while (!stop && !a->write_err) {
		a->poll_start = clock_ns(CLOCK_MONOTONIC);
		err = tracer_poll(*tp, POLL_MS);
		if (err < 0 && err != -EINTR && err != EV_YIELD) {
			fprintf(stderr, "ovs-upcall-trace: polling the ring buffer failed: %s\n", strerror(-err));
			code = EXIT_RUNTIME;
			break;
		}
		now = clock_ns(CLOCK_MONOTONIC);
		corr_tick(a->pipe.corr, now);
		/* Every line of the batch just handled goes out now: none waits
		 * for a later event, and a burst costs one write, not one per
		 * line (the tracer shares the CPUs with the handlers). */
		if (a->out.batch && fflush(stdout))
			write_failed(a, errno ? -errno : -EIO);
		if (a->evw && evfile_flush(a->evw) && !a->write_err)
			a->write_err = evfile_flush(a->evw);
		if (stdout_closed())
			a->write_err = -EPIPE;
		if (next_hist && now >= next_hist && !a->write_err) {
			a->write_err = print_histograms(a, now);
			/* After a stall, one report, not a burst of empty ones. */
			next_hist = now + opts->interval_ns;
		}
		if (opts->duration_ns && now - start >= opts->duration_ns)
			break;
		/* Its probes die with the module: say so, do not idle on. */
		if (now >= next_check) {
			next_check = now + 1000000000ULL;
			if (access("/sys/module/openvswitch", F_OK)) {
				fprintf(stderr, "ovs-upcall-trace: the openvswitch module was removed while tracing; stopping\n");
				code = EXIT_NO_OVS;
				break;
			}
		}
	}
	if (!a->write_err) {
		/* Stop new events, drain what the kernel already queued, then
		 * account for every upcall still waiting. */
		tracer_detach(*tp);
		stop = 0;
		a->poll_start = clock_ns(CLOCK_MONOTONIC);
		while (tracer_poll(*tp, 0) == EV_YIELD && !a->write_err)
			a->poll_start = clock_ns(CLOCK_MONOTONIC);
		corr_flush(a->pipe.corr);
	}
	if (a->out.batch && fflush(stdout))
		write_failed(a, errno ? -errno : -EIO);
	return code;
}

/* --read-events: the same pipeline fed from a file, on the recording's
 * own clock, so timeouts expire as they would have live. */
static int run_replay(struct app *a, const struct options *opts)
{
	static uint64_t buf[EVFILE_RECORD_MAX / sizeof(uint64_t)];
	int n = 0;

	a->out.wall_offset_ns = evfile_wall_offset(a->evr);
	const void *ev;

	while (!stop && !a->write_err && (n = evfile_next(a->evr, &ev, buf, sizeof(buf))) > 0) {
		const struct out_hdr *h = ev;

		if ((size_t)n >= sizeof(*h) && h->ts_ns && !a->pipe.now && opts->relative)
			output_set_relative(&a->out, h->ts_ns);
		/* Live, timeouts are checked at least every poll, so an event
		 * after a long quiet spell finds them expired: here too. */
		pipeline_replay(&a->pipe, ev, n, POLL_MS * 1000000ULL);
		if (evfile_records(a->evr) % REPLAY_BLOCK)
			continue;
		/* A recording is read as fast as the disk allows: the lines go
		 * out in blocks, the pipe's end is checked, every block of
		 * events (well under a millisecond of them). */
		if (a->out.batch && fflush(stdout))
			write_failed(a, errno ? -errno : -EIO);
		if (stdout_closed())
			write_failed(a, -EPIPE);
	}
	if (!a->write_err) {
		corr_tick(a->pipe.corr, a->pipe.now);
		corr_flush(a->pipe.corr);
	}
	if (a->out.batch && fflush(stdout))
		write_failed(a, errno ? -errno : -EIO);
	if (n < 0 && !a->write_err) {
		fprintf(stderr, "ovs-upcall-trace: '%s' is truncated or damaged after %llu events: %s\n",
			opts->read_events, (unsigned long long)evfile_records(a->evr),
			n == -EPROTO ? "bad record" : strerror(-n));
		return EXIT_RUNTIME;
	}
	return 0;
}

/* What is done with each upcall's packet: the trailing expression, which
 * hides records, and -w. An exit code. */
static int setup_packets(struct app *a, const struct options *opts)
{
	int err;

	if (opts->expr) {
		char msg[512];

		if (pktfilter_compile(&a->filter, opts->expr, opts->snaplen, msg, sizeof(msg))) {
			fprintf(stderr, "ovs-upcall-trace: invalid filter expression '%s': %s\n", opts->expr, msg);
			return EXIT_USAGE;
		}
	}
	if (opts->pcap_path) {
		err = pcapng_open(&a->pcap, opts->pcap_path, opts->snaplen, opts->overwrite);
		if (err) {
			fprintf(stderr, "ovs-upcall-trace: cannot write '%s': %s%s\n", opts->pcap_path, strerror(-err),
				err == -EEXIST ? " (use --overwrite to replace it)" : "");
			return EXIT_USAGE;
		}
	}
	return 0;
}

static void setup_stdio_signals(void)
{
	/* SA_RESTART: a write blocked on a full pipe (| less) must not fail
	 * with EINTR on Ctrl-C; ring_buffer__poll() still returns -EINTR. */
	struct sigaction sa = { .sa_handler = on_signal, .sa_flags = SA_RESTART };

	/* A terminal gets each line as it is made. Into a pipe or file, lines
	 * go out in blocks: after each batch of kernel events, every 64
	 * recorded ones, and at exit (a.out.batch), never later. */
	if (isatty(STDOUT_FILENO))
		setlinebuf(stdout);
	else
		setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	/* A closed pipe shows up as EPIPE on write, and we exit quietly. */
	signal(SIGPIPE, SIG_IGN);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

/* Whose dump-flows text to print: --ovs-version's, the recording's, or
 * the host's, else OVS 3.1's; a->ovs_note says which on the start line. */
static uint32_t choose_ovs_version(struct app *a, const struct options *opts)
{
	char from[96] = "--ovs-version", v[16];
	uint32_t ver = opts->ovs_version;

	if (!ver && a->evr)
		return evfile_ovs_version(a->evr) ? evfile_ovs_version(a->evr) : DPCTL_OVS_DEFAULT;
	if (!ver && ovs_version_detect(&ver, from, sizeof(from))) {
		ver = DPCTL_OVS_DEFAULT;
		snprintf(from, sizeof(from), "no ovs-vswitchd told its version; see --ovs-version");
	}
	ovs_version_format(ver, v, sizeof(v));
	snprintf(a->ovs_note, sizeof(a->ovs_note), "OVS %s (%s)", v, from);
	return ver;
}

/* The recording to read, if any, then the correlator, the lifecycle and
 * the output the events go through. An exit code. */
static int setup_pipeline(struct app *a, const struct options *opts)
{
	struct corr_config cc;
	int err;

	if (opts->read_events) {
		err = evfile_open(&a->evr, opts->read_events);
		if (err) {
			fprintf(stderr, "ovs-upcall-trace: cannot read '%s': %s\n", opts->read_events,
				err == -EPROTO ? "not an ovs-upcall-trace event file of version 2 or 3" : strerror(-err));
			return EXIT_USAGE;
		}
	}
	cc.timeout_ns = opts->timeout_ns;
	cc.max_pending = opts->max_pending;
	/* Live, and in files of version 3, each upcall's read is seen. */
	cc.exact_reads = !a->evr || evfile_version(a->evr) >= 3;
	a->max_records = opts->max_records;
	hist_init(&a->read_hist);
	hist_init(&a->flow_hist);
	output_init(&a->out, stdout, opts->json,
		    (int64_t)(clock_ns(CLOCK_REALTIME) - clock_ns(CLOCK_MONOTONIC)));
	a->out.explain = opts->explain;
	a->out.ovs = a->pipe.ovs = choose_ovs_version(a, opts);
	a->out.batch = !isatty(STDOUT_FILENO);
	a->pipe.corr = corr_new(&cc, on_record, a);
	if (opts->lifecycle)
		a->pipe.lc = lc_new(opts->max_pending);
	a->pipe.lc_emit = emit_lifecycle;
	a->pipe.lc_ctx = a;
	if (!a->pipe.corr || (opts->lifecycle && !a->pipe.lc)) {
		fprintf(stderr, "ovs-upcall-trace: out of memory\n");
		return EXIT_RUNTIME;
	}
	return 0;
}

/* The totals of the files and tables besides the correlator's. */
static void print_totals(const struct app *a, const struct options *opts, struct tracer *t,
			 const uint64_t *cnt)
{
	if (a->evr)
		fprintf(stderr, "ovs-upcall-trace: read %llu events from %s (counters of the recording host's kernel are not in the file)\n",
			(unsigned long long)evfile_records(a->evr), opts->read_events);
	if (a->evw)
		fprintf(stderr, "ovs-upcall-trace: recorded %llu events to %s\n",
			(unsigned long long)evfile_records(a->evw), opts->write_events);
	if (a->filter)
		fprintf(stderr, "ovs-upcall-trace: filter expression '%s': %llu records hidden\n", opts->expr,
			(unsigned long long)a->filtered);
	if (a->pcap)
		fprintf(stderr, "ovs-upcall-trace: wrote %llu packets to %s\n",
			(unsigned long long)pcapng_packets(a->pcap), opts->pcap_path);
	if (a->pipe.lc && t)
		fprintf(stderr, "ovs-upcall-trace: lifecycle: %u flows still installed, %llu forgotten (over --max-pending), %llu not followed to their end (evicted from the kernel's table of %u)\n",
			lc_count(a->pipe.lc), (unsigned long long)lc_forgotten(a->pipe.lc),
			(unsigned long long)tracer_ufid_evictions(t, cnt), tracer_ufid_capacity(t));
	else if (a->pipe.lc)
		fprintf(stderr, "ovs-upcall-trace: lifecycle: %u flows still installed, %llu forgotten (over --max-pending)\n",
			lc_count(a->pipe.lc), (unsigned long long)lc_forgotten(a->pipe.lc));
}

/* After a run that ended well: the histograms and the last lines, then
 * the summary. A closed pipe is no failure, and gets no summary. An exit
 * code. */
static int finish_run(struct app *a, const struct options *opts, struct tracer *t)
{
	uint64_t cnt[OUT_CNT_MAX] = { 0 };
	int code = 0;

	if (!a->write_err)
		a->write_err = print_histograms(a, clock_ns(CLOCK_MONOTONIC));
	if (!a->write_err && fflush(stdout))
		a->write_err = errno ? -errno : -EIO;
	if (a->write_err == -EPIPE)
		return 0;
	if (a->write_err) {
		fprintf(stderr, "ovs-upcall-trace: cannot write output: %s\n", strerror(-a->write_err));
		code = EXIT_RUNTIME;
	}
	if (t)
		tracer_counters(t, cnt);
	print_summary(a, cnt, t ? tracer_skipped_runs(t) : 0);
	print_totals(a, opts, t, cnt);
	return code;
}

/* Frees everything; a file that cannot be completed fails a run that
 * had not failed already. Returns the exit code. */
static int teardown(struct app *a, struct options *opts, struct tracer *t, int code)
{
	int err;

	tracer_stop(t);
	corr_free(a->pipe.corr);
	lc_free(a->pipe.lc);
	pktfilter_free(a->filter);
	evfile_close(a->evr);
	if (a->evw && (err = evfile_close(a->evw)) && !code) {
		fprintf(stderr, "ovs-upcall-trace: cannot write '%s': %s\n", opts->write_events, strerror(-err));
		code = EXIT_RUNTIME;
	}
	if (a->pcap && (err = pcapng_close(a->pcap)) && !code) {
		fprintf(stderr, "ovs-upcall-trace: cannot write the pcapng file: %s\n", strerror(-err));
		code = EXIT_RUNTIME;
	}
	options_free(opts);
	output_free(&a->out);
	return code;
}

int main(int argc, char **argv)
{
	struct options opts;
	struct tracer *t = NULL;
	struct app a = { 0 };
	int code;

	if (options_parse(&opts, argc, argv))
		return EXIT_USAGE;
	code = setup_packets(&a, &opts);
	if (code)
		goto cleanup;
	setup_stdio_signals();
	code = setup_pipeline(&a, &opts);
	if (code)
		goto cleanup;
	if (opts.read_events)
		code = run_replay(&a, &opts);
	else
		code = run_live(&a, &opts, &t);
	if (!code)
		code = finish_run(&a, &opts, t);
cleanup:
	return teardown(&a, &opts, t, code);
}
