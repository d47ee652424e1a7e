// SPDX-License-Identifier: GPL-2.0-only
/*
 * make bench: the floor. Empty programs on the tracer's hooks, in both
 * families, so that bpf_stats' run_time_ns of the tracer's programs can be
 * read against the cost of merely being attached there (the stats' own
 * clock reads included). Loaded by scripts/bench/floor-load.c.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

SEC("kprobe/ovs_dp_upcall")
int BPF_KPROBE(kp_upcall) { return 0; }
SEC("kretprobe/ovs_dp_upcall")
int BPF_KRETPROBE(kp_upcall_ret) { return 0; }
SEC("kprobe/netlink_unicast")
int BPF_KPROBE(kp_unicast) { return 0; }
SEC("kprobe/netlink_recvmsg")
int BPF_KPROBE(kp_recvmsg) { return 0; }
SEC("kprobe/ovs_flow_cmd_new")
int BPF_KPROBE(kp_flow_put) { return 0; }
SEC("kretprobe/ovs_flow_cmd_new")
int BPF_KRETPROBE(kp_flow_put_ret) { return 0; }

SEC("fentry/ovs_dp_upcall")
int BPF_PROG(fe_upcall) { return 0; }
SEC("fexit/ovs_dp_upcall")
int BPF_PROG(fx_upcall_ret) { return 0; }
SEC("fentry/netlink_unicast")
int BPF_PROG(fe_unicast) { return 0; }
SEC("fentry/netlink_recvmsg")
int BPF_PROG(fe_recvmsg) { return 0; }
/* The tracer needs no fentry there: its fexit sees the arguments too. */
SEC("fexit/ovs_flow_cmd_new")
int BPF_PROG(fx_flow_put) { return 0; }

char LICENSE[] SEC("license") = "GPL";
