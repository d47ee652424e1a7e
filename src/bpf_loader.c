// SPDX-License-Identifier: GPL-2.0-only
/* open -> set rodata -> load -> attach, with one clear line per failure. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/capability.h>
#include <linux/types.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bpf_loader.h"
#include "ovs_upcall_trace.h"
#include "ovs_upcall_trace.skel.h"

#ifndef CAP_PERFMON
#define CAP_PERFMON 38
#endif
#ifndef CAP_BPF
#define CAP_BPF 39
#endif

struct tracer {
	struct ovs_upcall_trace_bpf *skel;
	struct ring_buffer *rb;
};

static bool verbose;

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list args)
{
	/* Without -v even libbpf's warnings stay quiet: every failure is
	 * reported in one line of our own, and -v shows the detail. */
	(void)level;
	if (!verbose)
		return 0;
	return vfprintf(stderr, fmt, args);
}

/* nr_cpu_ids: highest possible CPU + 1, not the count, as the possible
 * mask can have holes; the kernel sizes per-CPU arrays by it. */
static uint32_t cpu_id_limit(void)
{
	FILE *f = fopen("/sys/devices/system/cpu/possible", "r");
	unsigned int a, b, last = 0;
	char sep;

	if (!f)
		return libbpf_num_possible_cpus() > 0 ? libbpf_num_possible_cpus() : 1;
	while (fscanf(f, "%u", &a) == 1) {
		last = a;
		if (fscanf(f, "%c", &sep) != 1)
			break;
		if (sep == '-' && fscanf(f, "%u", &b) == 1) {
			last = b;
			if (fscanf(f, "%c", &sep) != 1)
				break;
		}
		if (sep != ',')
			break;
	}
	fclose(f);
	return last + 1;
}

static bool has_cap(const struct __user_cap_data_struct *d, int cap)
{
	return d[cap / 32].effective & (1u << (cap % 32));
}

/* CAP_BPF + CAP_PERFMON (5.8+) or CAP_SYS_ADMIN load and attach kprobes. */
static int check_privileges(void)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3] = {};

	if (syscall(SYS_capget, &h, d))
		return geteuid() == 0 ? 0 : -EPERM;
	if (has_cap(d, CAP_SYS_ADMIN) || (has_cap(d, CAP_BPF) && has_cap(d, CAP_PERFMON)))
		return 0;
	return -EPERM;
}

static int check_host(void)
{
	if (check_privileges()) {
		fprintf(stderr, "ovs-upcall-trace: need CAP_BPF and CAP_PERFMON (or CAP_SYS_ADMIN): run as root, e.g. with sudo\n");
		return EXIT_PRIVILEGE;
	}
	if (access("/sys/kernel/btf/vmlinux", R_OK)) {
		fprintf(stderr, "ovs-upcall-trace: kernel has no BTF (/sys/kernel/btf/vmlinux): need a kernel built with CONFIG_DEBUG_INFO_BTF=y\n");
		return EXIT_NO_BTF;
	}
	if (access("/sys/module/openvswitch", F_OK)) {
		fprintf(stderr, "ovs-upcall-trace: openvswitch kernel module not loaded: run 'modprobe openvswitch' and start OVS with a system (kernel) datapath\n");
		return EXIT_NO_OVS;
	}
	if (access("/sys/kernel/btf/openvswitch", R_OK)) {
		fprintf(stderr, "ovs-upcall-trace: openvswitch module has no BTF (/sys/kernel/btf/openvswitch): need CONFIG_DEBUG_INFO_BTF_MODULES=y\n");
		return EXIT_NO_BTF;
	}
	return 0;
}

/* The link goes into the skeleton, which detaches it on destroy. */
static int attach(struct bpf_program *prog, struct bpf_link **link, const char *what)
{
	int err;

	*link = bpf_program__attach(prog);
	if (!*link) {
		err = -errno;
		fprintf(stderr, "ovs-upcall-trace: cannot attach %s: %s (is the kernel built with CONFIG_KPROBES=y, and is the function not inlined?)\n",
			what, strerror(-err));
		return err;
	}
	return 0;
}

int tracer_start(struct tracer **out, const struct options *opts,
		 ring_buffer_sample_fn on_event, void *ctx)
{
	struct ovs_upcall_trace_bpf *skel = NULL;
	struct tracer *t = NULL;
	int err, code;

	*out = NULL;
	verbose = opts->verbose;
	libbpf_set_print(libbpf_print);

	code = check_host();
	if (code)
		return code;

	code = EXIT_BPF;
	t = calloc(1, sizeof(*t));
	if (!t) {
		fprintf(stderr, "ovs-upcall-trace: out of memory\n");
		goto cleanup;
	}
	skel = ovs_upcall_trace_bpf__open();
	if (!skel) {
		fprintf(stderr, "ovs-upcall-trace: cannot open the BPF object: %s\n", strerror(errno));
		goto cleanup;
	}
	t->skel = skel;
	memcpy((void *)skel->rodata->filter_eth_src, opts->eth_src, 6);
	skel->rodata->filter_eth_src_on = !opts->eth_src_any;
	skel->rodata->filter_eth_type = htons(opts->eth_type);
	skel->rodata->filter_eth_type_on = !opts->eth_type_any;
	skel->rodata->filter_in_port = opts->in_port;
	skel->rodata->filter_in_port_on = opts->in_port_on;
	memcpy((void *)skel->rodata->filter_dev, opts->dev, sizeof(opts->dev));
	skel->rodata->filter_dev_on = opts->dev[0] != 0;
	skel->rodata->lifecycle_on = opts->lifecycle;
	skel->rodata->snaplen = opts->snaplen;
	skel->rodata->nr_cpus = cpu_id_limit();
	if (!opts->lifecycle) {
		bpf_program__set_autoload(skel->progs.trace_flow_remove, false);
		bpf_program__set_autoload(skel->progs.trace_flow_flush, false);
		bpf_program__set_autoload(skel->progs.trace_flow_set, false);
	}
	err = bpf_map__set_max_entries(skel->maps.events, opts->ringbuf_size);
	if (err) {
		fprintf(stderr, "ovs-upcall-trace: cannot size the ring buffer to %u bytes: %s\n",
			opts->ringbuf_size, strerror(-err));
		goto cleanup;
	}

	err = ovs_upcall_trace_bpf__load(skel);
	if (err) {
		fprintf(stderr, "ovs-upcall-trace: cannot load the BPF programs: %s (rerun with -v for the verifier log)\n",
			strerror(-err));
		goto cleanup;
	}
	/* The return probe first: an entry seen without its return would hold
	 * a slot of that CPU's upcall stack for good. */
	if (attach(skel->progs.trace_upcall_ret, &skel->links.trace_upcall_ret, "kretprobe ovs_dp_upcall") ||
	    attach(skel->progs.trace_upcall, &skel->links.trace_upcall, "kprobe ovs_dp_upcall") ||
	    attach(skel->progs.trace_recvmsg, &skel->links.trace_recvmsg, "kprobe netlink_recvmsg") ||
	    attach(skel->progs.trace_flow_put, &skel->links.trace_flow_put, "kprobe ovs_flow_cmd_new") ||
	    attach(skel->progs.trace_flow_put_ret, &skel->links.trace_flow_put_ret, "kretprobe ovs_flow_cmd_new"))
		goto cleanup;
	if (opts->lifecycle &&
	    (attach(skel->progs.trace_flow_remove, &skel->links.trace_flow_remove, "kprobe ovs_flow_tbl_remove") ||
	     attach(skel->progs.trace_flow_flush, &skel->links.trace_flow_flush, "kprobe ovs_flow_tbl_flush") ||
	     attach(skel->progs.trace_flow_set, &skel->links.trace_flow_set, "kprobe ovs_flow_cmd_set")))
		goto cleanup;

	t->rb = ring_buffer__new(bpf_map__fd(skel->maps.events), on_event, ctx, NULL);
	if (!t->rb) {
		fprintf(stderr, "ovs-upcall-trace: cannot open the ring buffer: %s\n", strerror(errno));
		goto cleanup;
	}
	*out = t;
	return 0;

cleanup:
	tracer_stop(t);
	return code;
}

int tracer_drop_privileges(void)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3] = {};
	int last = 40;
	FILE *f;

	f = fopen("/proc/sys/kernel/cap_last_cap", "r");
	if (f) {
		if (fscanf(f, "%d", &last) != 1)
			last = 40;
		fclose(f);
	}
	/* Nothing we or a child could exec may regain them. Needs
	 * CAP_SETPCAP, so before the capset below. */
	for (int cap = 0; cap <= last; cap++)
		if (cap != CAP_BPF && prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) && errno != EINVAL)
			return -errno;
	/* CAP_BPF stays: reading the counters map is a bpf() call, which
	 * 6.1 refuses without it when unprivileged BPF is disabled. The ring
	 * buffer is mmap'd and the links close with their fds. */
	d[CAP_BPF / 32].effective = d[CAP_BPF / 32].permitted = 1u << (CAP_BPF % 32);
	if (syscall(SYS_capset, &h, d))
		return -errno;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -errno;
	return 0;
}

int tracer_poll(struct tracer *t, int timeout_ms)
{
	return ring_buffer__poll(t->rb, timeout_ms);
}

int tracer_counters(struct tracer *t, uint64_t *out)
{
	int ncpu = libbpf_num_possible_cpus();
	int fd = bpf_map__fd(t->skel->maps.counters);
	uint64_t *vals;
	int err = 0;

	if (ncpu <= 0)
		return ncpu ? ncpu : -EINVAL;
	vals = calloc(ncpu, sizeof(*vals));
	if (!vals)
		return -ENOMEM;
	for (uint32_t i = 0; i < OUT_CNT_MAX; i++) {
		out[i] = 0;
		if (bpf_map_lookup_elem(fd, &i, vals)) {
			err = -errno;
			break;
		}
		for (int c = 0; c < ncpu; c++)
			out[i] += vals[c];
	}
	free(vals);
	return err;
}

void tracer_detach(struct tracer *t)
{
	ovs_upcall_trace_bpf__detach(t->skel);
}

void tracer_stop(struct tracer *t)
{
	if (!t)
		return;
	ring_buffer__free(t->rb);
	ovs_upcall_trace_bpf__destroy(t->skel);
	free(t);
}
