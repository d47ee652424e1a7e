/* SPDX-License-Identifier: GPL-2.0-only */
/* One line per correlation record, as text or JSON; see README "Output". */
#ifndef OUTPUT_H
#define OUTPUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "correlate.h"
#include "dpctl.h"
#include "lifecycle.h"
#include "put_view.h"
#include "strbuf.h"

struct output {
	FILE *f;
	bool json;
	int64_t wall_offset_ns;	/* CLOCK_REALTIME - CLOCK_MONOTONIC */
	bool relative;		/* times as seconds since start_ns */
	bool explain;		/* --explain: read each flow's mask */
	uint64_t start_ns;	/* CLOCK_MONOTONIC at start */
	struct strbuf line;
	uint64_t format_errors;	/* puts whose key/mask/actions did not decode */
	struct dpctl_memo memo;	/* attribute texts of the puts shown so far */
	uint32_t ovs;		/* whose dump-flows text: DPCTL_OVS(...) */
	bool batch;		/* leave flushing to the caller (--read-events
				 * into a file or pipe); else flushed per line */
};

void output_init(struct output *o, FILE *f, bool json, int64_t wall_offset_ns);
/* Print times as seconds since start_ns (CLOCK_MONOTONIC) from now on. */
void output_set_relative(struct output *o, uint64_t start_ns);
/* The time of event clock ts_ns as printed in the "time" field. */
void output_time(const struct output *o, struct strbuf *sb, uint64_t ts_ns);
void output_free(struct output *o);
/* Formats r into o->line (with its newline), without writing it. */
int output_format(struct output *o, const struct corr_record *r);
/* Formats and writes one line. 0, or -errno of the failed write (-EPIPE
 * when the reader went away). */
int output_record(struct output *o, const struct corr_record *r);

int output_lifecycle(struct output *o, const struct lc_record *r);
/* The names of record types and verdicts, as text and JSON print them. */
const char *output_type_name(enum corr_type t);
const char *output_verdict_name(enum corr_verdict v);
/* Builds the dump-flows text of a record's put (v->key_text,
 * v->actions_text) if no one has yet, counting it in format_errors when
 * some of it did not decode. */
void output_flow_text(struct output *o, struct put_view *v);

#endif /* OUTPUT_H */
