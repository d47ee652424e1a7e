/* SPDX-License-Identifier: GPL-2.0-only */
/* Open, configure, load and attach the BPF programs. */
#ifndef BPF_LOADER_H
#define BPF_LOADER_H

#include <stdint.h>
#include <bpf/libbpf.h>

#include "options.h"

struct tracer;

/* Checks the host (privileges, BTF, openvswitch module), then opens, loads
 * and attaches the --probe family (auto: fentry, else kprobes). On failure prints one line naming the cause and its fix,
 * and returns the exit code for it (enum exit_code); 0 on success. */
int tracer_start(struct tracer **out, const struct options *opts,
		 ring_buffer_sample_fn on_event, void *ctx);
/* Once attached: give up every capability but CAP_BPF, and the bounding
 * set with them. 0 or -errno. */
int tracer_drop_privileges(void);
/* "fentry" or "kprobe": the family attached. */
const char *tracer_probe_kind(const struct tracer *t);
/* The --btf (or default) file the openvswitch types came from, NULL when
 * they are the module's own. */
const char *tracer_btf_file(const struct tracer *t);
/* With fentry on a kernel that preempts tasks in it: the model's name (the
 * hooks in tasks then took kprobes, preempt.h); else NULL. */
const char *tracer_preempt_model(const struct tracer *t);
/* Runs of the tracer's programs the kernel skipped because the program was
 * already running on that CPU (bpf_prog_info.recursion_misses). */
uint64_t tracer_skipped_runs(const struct tracer *t);
/* Wait up to timeout_ms for a wakeup, then take the ring whether or not one
 * came; like ring_buffer__poll() otherwise. */
int tracer_poll(struct tracer *t, int timeout_ms);
/* --lifecycle: UFIDs the kernel's LRU table of traced flows evicted (their
 * end is not reported), from the counters and the entries left; and the
 * table's size. */
uint64_t tracer_ufid_evictions(struct tracer *t, const uint64_t *cnt);
uint32_t tracer_ufid_capacity(const struct tracer *t);
/* Sum of each per-CPU counter (enum out_counter) into out[OUT_CNT_MAX]. */
int tracer_counters(struct tracer *t, uint64_t *out);
/* Detach the probes: no new events, what is queued stays readable. */
void tracer_detach(struct tracer *t);
void tracer_stop(struct tracer *t);

#endif /* BPF_LOADER_H */
