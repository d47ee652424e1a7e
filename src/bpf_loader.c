// SPDX-License-Identifier: GPL-2.0-only
/* open -> set rodata -> load -> attach, with one clear line per failure. */
#include <errno.h>
#include <stdarg.h>
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
#include <sys/utsname.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bpf_loader.h"
#include "btf_file.h"
#include "preempt.h"
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
	enum probe_kind kind;	/* what got attached */
	int btf_fd;		/* the joined BTF of a --btf file, or -1 */
	char btf_path[32];	/* its /proc/self/fd path, "" without one */
	char btf_file[512];	/* the file it was made from, for the start line */
	bool preempts;		/* the kernel preempts tasks in it (preempt.h) */
	const char *preempt_model;
};

static bool verbose;
static void probe_preempt(struct tracer *t);

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

/* The openvswitch types: the module's own BTF, else --btf's file, else
 * the default file for this kernel if there is one. *file is NULL for
 * the module's, else the file to join. 0 or an exit code. */
static int find_module_btf(const struct options *opts, const char **file, char *dflt, size_t len)
{
	*file = NULL;
	if (!opts->btf && !access("/sys/kernel/btf/openvswitch", R_OK))
		return 0;
	if (opts->btf) {
		*file = opts->btf;
		return 0;
	}
	btf_file_default(dflt, len);
	if (!access(dflt, R_OK)) {
		*file = dflt;
		return 0;
	}
	fprintf(stderr, "ovs-upcall-trace: openvswitch module has no BTF (/sys/kernel/btf/openvswitch): make it from the kernel's debug package with make-btf (ovs-upcall-trace-make-btf where installed, scripts/make-btf in the source) and pass --btf FILE or install it as %s (see README, Kernel requirements)\n",
		dflt);
	return EXIT_NO_BTF;
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
	return 0;
}

/* A -v line of our own. */
static __attribute__((format(printf, 1, 2))) int log_line(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = libbpf_print(LIBBPF_WARN, fmt, ap);
	va_end(ap);
	return n;
}

/* One kernel function and the two programs that can hook it: kp a kprobe
 * or kretprobe (kp_ret), fe an fentry or fexit (fe_ret). Either may be
 * absent (NULL) where the other family needs no program there. */
struct hook {
	const char *func;
	bool kp_ret, fe_ret;
	bool lifecycle;		/* only with --lifecycle */
	bool task;		/* runs in tasks, preemptible there (preempt.h) */
	struct bpf_program *kp, *fe;
	struct bpf_link **kp_link, **fe_link;
	enum probe_kind kind;	/* the family that hooks it this run */
};

#define HOOK(f, r, l, t, k, e) \
	{ f, r, r, l, t, skel->progs.k, skel->progs.e, &skel->links.k, &skel->links.e, PROBE_AUTO }
#define NR_HOOKS 11

/* The return probe of ovs_dp_upcall first: an entry seen without its
 * return would hold a slot of that CPU's upcall stack for good. Its entry
 * last: every upcall it reports then has the programs that follow its
 * message (netlink_unicast, netlink_recvmsg) and its put in place. */
static void hooks(struct ovs_upcall_trace_bpf *skel, struct hook *h, bool loop, bool cas)
{
	/* ovs_dp_upcall() runs with bottom halves off, never preempted;
	 * netlink_unicast() in softirq for upcalls, in tasks for replies. */
	const struct hook all[NR_HOOKS] = {
		HOOK("ovs_dp_upcall", true, false, false, kp_upcall_ret, fx_upcall_ret),
		{ "netlink_unicast", false, false, false, true,
		  cas ? skel->progs.kp_unicast_cas : skel->progs.kp_unicast,
		  cas ? skel->progs.fe_unicast_cas : skel->progs.fe_unicast,
		  cas ? &skel->links.kp_unicast_cas : &skel->links.kp_unicast,
		  cas ? &skel->links.fe_unicast_cas : &skel->links.fe_unicast, PROBE_AUTO },
		HOOK("netlink_recvmsg", false, false, true, kp_recvmsg, fe_recvmsg),
		/* fentry: one fexit reports the put and its result. */
		{ "ovs_flow_cmd_new", false, true, false, true,
		  loop ? skel->progs.kp_flow_put : skel->progs.kp_flow_put_noloop,
		  loop ? skel->progs.fx_flow_put : skel->progs.fx_flow_put_noloop,
		  loop ? &skel->links.kp_flow_put : &skel->links.kp_flow_put_noloop,
		  loop ? &skel->links.fx_flow_put : &skel->links.fx_flow_put_noloop, PROBE_AUTO },
		{ "ovs_flow_cmd_new", true, true, false, true, skel->progs.kp_flow_put_ret, NULL,
		  &skel->links.kp_flow_put_ret, NULL, PROBE_AUTO },
		HOOK("ovs_flow_tbl_remove", false, true, true, kp_flow_remove, fe_flow_remove),
		/* Flushes and new actions count once they succeeded: fexit, or
		 * a kprobe and its kretprobe. */
		{ "ovs_flow_cmd_del", false, true, true, true, skel->progs.kp_flow_del,
		  skel->progs.fx_flow_del, &skel->links.kp_flow_del, &skel->links.fx_flow_del, PROBE_AUTO },
		{ "ovs_flow_cmd_del", true, true, true, true, skel->progs.kp_flow_del_ret, NULL,
		  &skel->links.kp_flow_del_ret, NULL, PROBE_AUTO },
		{ "ovs_flow_cmd_set", false, true, true, true, skel->progs.kp_flow_set,
		  skel->progs.fx_flow_set, &skel->links.kp_flow_set, &skel->links.fx_flow_set, PROBE_AUTO },
		{ "ovs_flow_cmd_set", true, true, true, true, skel->progs.kp_flow_set_ret, NULL,
		  &skel->links.kp_flow_set_ret, NULL, PROBE_AUTO },
		HOOK("ovs_dp_upcall", false, false, false, kp_upcall, fe_upcall),
	};

	memcpy(h, all, sizeof(all));
}

static const char *hook_kind(const struct hook *h)
{
	if (h->kind == PROBE_FENTRY)
		return h->fe_ret ? "fexit" : "fentry";
	return h->kp_ret ? "kretprobe" : "kprobe";
}

/* A hook of --lifecycle only is left out without it. */
static bool hook_wanted(const struct hook *h, const struct options *opts)
{
	return !h->lifecycle || opts->lifecycle;
}

/* What the programs are built with: the filters, the capture length, the
 * CPUs to size per-CPU state for, and a test seam. */
static void set_rodata(struct ovs_upcall_trace_bpf *skel, const struct options *opts)
{
	memcpy((void *)skel->rodata->filter_eth_src, opts->eth_src, 6);
	skel->rodata->filter_eth_src_on = !opts->eth_src_any;
	skel->rodata->filter_eth_type = htons(opts->eth_type);
	skel->rodata->filter_eth_type_on = !opts->eth_type_any;
	skel->rodata->filter_in_port = opts->in_port;
	skel->rodata->filter_in_port_on = opts->in_port_on;
	memcpy((void *)skel->rodata->filter_dev, opts->dev, sizeof(opts->dev));
	skel->rodata->filter_dev_on = opts->dev[0] != 0;
	skel->rodata->lifecycle_on = opts->lifecycle;
	skel->rodata->snaplen = opts->capture_len;
	skel->rodata->wake_bytes = opts->ringbuf_size / 4;
	skel->rodata->nr_cpus = cpu_id_limit();
	/* Test seam: the flow key walk of kernels before bpf_loop() (5.17),
	 * on a kernel that has it. */
	skel->rodata->key_walk_loop = !getenv("OVS_UPCALL_TRACE_NO_BPF_LOOP");
}

/* Each hook's family: kind, but kprobes for the hooks that run in tasks
 * where the kernel preempts them (preempt.h). */
static void set_kinds(struct hook *h, enum probe_kind kind, bool preempts)
{
	for (int i = 0; i < NR_HOOKS; i++)
		h[i].kind = kind == PROBE_FENTRY && h[i].task && preempts ? PROBE_KPROBE : kind;
}

/* Whether the verifier takes BPF compare-and-exchange (5.12): a socket
 * filter that swaps a stack slot. Older kernels refuse the instruction in
 * any program, so the programs that use it load only where this says so. */
static bool kernel_has_cmpxchg(void)
{
	const struct bpf_insn insns[] = {
		{ .code = BPF_ST | BPF_MEM | BPF_DW, .dst_reg = BPF_REG_10, .off = -8 },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0 },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_1, .imm = 1 },
		{ .code = BPF_STX | BPF_ATOMIC | BPF_DW, .dst_reg = BPF_REG_10, .src_reg = BPF_REG_1,
		  .off = -8, .imm = BPF_CMPXCHG },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	int fd = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, NULL, "GPL", insns,
			       sizeof(insns) / sizeof(insns[0]), NULL);

	if (fd < 0)
		return false;
	close(fd);
	return true;
}

/* Only each hook's family loads, and of it only the hooks wanted. */
static void set_autoload(const struct hook *h, const struct options *opts)
{
	for (int i = 0; i < NR_HOOKS; i++) {
		bool on = hook_wanted(&h[i], opts);

		if (h[i].kp)
			bpf_program__set_autoload(h[i].kp, on && h[i].kind == PROBE_KPROBE);
		if (h[i].fe)
			bpf_program__set_autoload(h[i].fe, on && h[i].kind == PROBE_FENTRY);
	}
}

/* The ring buffer's size, and a test seam's. Returns 0 or an exit code. */
static int size_maps(struct ovs_upcall_trace_bpf *skel, const struct options *opts)
{
	int err;

	err = bpf_map__set_max_entries(skel->maps.events, opts->ringbuf_size);
	if (err) {
		fprintf(stderr, "ovs-upcall-trace: cannot size the ring buffer to %u bytes: %s\n",
			opts->ringbuf_size, strerror(-err));
		return EXIT_BPF;
	}
	/* Test seam: a table of traced UFIDs small enough to overflow. */
	if (getenv("OVS_UPCALL_TRACE_UFID_TABLE")) {
		unsigned long n = strtoul(getenv("OVS_UPCALL_TRACE_UFID_TABLE"), NULL, 10);

		if (n >= 1 && n <= 65536)
			bpf_map__set_max_entries(skel->maps.tracked_ufids, (uint32_t)n);
	}
	return 0;
}

/* Attaches the loaded programs in the order of hooks(). With quiet, a
 * failure prints nothing but -v detail. Returns 0 or an exit code. */
static int attach_hooks(const struct hook *h, const struct options *opts, bool quiet)
{
	for (int i = 0; i < NR_HOOKS; i++) {
		enum probe_kind kind = h[i].kind;
		struct bpf_program *prog = kind == PROBE_FENTRY ? h[i].fe : h[i].kp;
		struct bpf_link **link = kind == PROBE_FENTRY ? h[i].fe_link : h[i].kp_link;
		int err;

		if (!hook_wanted(&h[i], opts) || !prog)
			continue;
		/* The link goes into the skeleton, which detaches it on destroy. */
		*link = bpf_program__attach(prog);
		if (*link)
			continue;
		err = -errno;
		if (quiet)
			log_line("ovs-upcall-trace: cannot attach %s %s: %s\n",
				 hook_kind(&h[i]), h[i].func, strerror(-err));
		else
			fprintf(stderr, "ovs-upcall-trace: cannot attach %s %s: %s (is the kernel built with %s, and is the function not inlined?)\n",
				hook_kind(&h[i]), h[i].func, strerror(-err),
				kind == PROBE_FENTRY ? "CONFIG_FUNCTION_TRACER=y and BPF trampolines" : "CONFIG_KPROBES=y");
		return EXIT_BPF;
	}
	return 0;
}

/* Opens, configures, loads and attaches one family of programs. With
 * quiet, failures print nothing but -v detail: auto mode then tries
 * kprobes. Returns 0 or an exit code. */
static int start_kind(struct tracer *t, const struct options *opts, enum probe_kind kind,
		      bool quiet)
{
	struct ovs_upcall_trace_bpf *skel;
	struct hook h[NR_HOOKS];
	bool loop, cas;
	int code, err;

	LIBBPF_OPTS(bpf_object_open_opts, oo, .btf_custom_path = t->btf_path[0] ? t->btf_path : NULL);

	skel = ovs_upcall_trace_bpf__open_opts(&oo);
	if (!skel) {
		fprintf(stderr, "ovs-upcall-trace: cannot open the BPF object: %s\n", strerror(errno));
		return EXIT_BPF;
	}
	t->skel = skel;
	set_rodata(skel, opts);
	/* The put programs with the bpf_loop() walk, or without where the
	 * kernel lacks it (5.17) or the test seam says so. */
	loop = skel->rodata->key_walk_loop &&
	       libbpf_probe_bpf_helper(BPF_PROG_TYPE_KPROBE, BPF_FUNC_loop, NULL) > 0;
	bpf_program__set_autoload(skel->progs.kp_flow_put, false);
	bpf_program__set_autoload(skel->progs.kp_flow_put_noloop, false);
	bpf_program__set_autoload(skel->progs.fx_flow_put, false);
	bpf_program__set_autoload(skel->progs.fx_flow_put_noloop, false);
	/* The table of queued messages: the array where slots can be claimed
	 * with cmpxchg, the hash map before; the other shrinks to one entry. */
	cas = kernel_has_cmpxchg();
	skel->rodata->queued_cas = cas;
	bpf_program__set_autoload(skel->progs.kp_unicast, false);
	bpf_program__set_autoload(skel->progs.fe_unicast, false);
	bpf_program__set_autoload(skel->progs.kp_unicast_cas, false);
	bpf_program__set_autoload(skel->progs.fe_unicast_cas, false);
	bpf_map__set_max_entries(cas ? skel->maps.queued_msgs : skel->maps.queued_slots, 1);
	hooks(skel, h, loop, cas);
	set_kinds(h, kind, t->preempts);
	set_autoload(h, opts);
	code = size_maps(skel, opts);
	if (code)
		return code;

	err = ovs_upcall_trace_bpf__load(skel);
	if (err) {
		if (quiet)
			log_line("ovs-upcall-trace: cannot load the %s programs: %s\n",
				 hook_kind(&h[0]), strerror(-err));
		else if (t->btf_file[0])
			fprintf(stderr, "ovs-upcall-trace: cannot load the BPF programs with the openvswitch types of %s: %s (a file made by scripts/make-btf --min serves only the build it was made for; rerun with -v for the verifier log)\n",
				t->btf_file, strerror(-err));
		else
			fprintf(stderr, "ovs-upcall-trace: cannot load the BPF programs: %s (rerun with -v for the verifier log)\n",
				strerror(-err));
		return EXIT_BPF;
	}
	code = attach_hooks(h, opts, quiet);
	if (code)
		return code;
	t->kind = kind;
	return 0;
}

/* fentry, with kprobes for the hooks in tasks where the kernel preempts
 * them; where those kprobes cannot attach (no kprobes, or a preemption
 * model not known), fentry on every hook: then the runs the kernel skips
 * are counted, not avoided. quiet as for start_kind(). */
static int start_fentry(struct tracer *t, const struct options *opts, bool quiet)
{
	int code = start_kind(t, opts, PROBE_FENTRY, quiet || t->preempts);

	if (code && t->preempts) {
		log_line("ovs-upcall-trace: kprobes for the hooks in tasks unavailable, fentry on all\n");
		ovs_upcall_trace_bpf__destroy(t->skel);
		t->skel = NULL;
		t->preempts = false;
		code = start_kind(t, opts, PROBE_FENTRY, quiet);
	}
	return code;
}

int tracer_start(struct tracer **out, const struct options *opts,
		 ring_buffer_sample_fn on_event, void *ctx)
{
	struct tracer *t = NULL;
	char dflt[512], why[512];
	const char *file;
	int code, err;

	*out = NULL;
	verbose = opts->verbose;
	libbpf_set_print(libbpf_print);

	code = check_host();
	if (!code)
		code = find_module_btf(opts, &file, dflt, sizeof(dflt));
	if (code)
		return code;
	/* fentry attaches by the kernel's own BTF of the module. */
	if (file && opts->probe == PROBE_FENTRY) {
		fprintf(stderr, "ovs-upcall-trace: --probe fentry needs the kernel's own BTF of openvswitch; with a BTF file use --probe kprobe (or auto)\n");
		return EXIT_USAGE;
	}

	code = EXIT_BPF;
	t = calloc(1, sizeof(*t));
	if (!t) {
		fprintf(stderr, "ovs-upcall-trace: out of memory\n");
		goto cleanup;
	}
	t->btf_fd = -1;
	probe_preempt(t);
	if (file) {
		err = btf_file_join(file, &t->btf_fd, t->btf_path, sizeof(t->btf_path), why, sizeof(why));
		if (err) {
			fprintf(stderr, "ovs-upcall-trace: %s\n", why);
			code = EXIT_NO_BTF;
			goto cleanup;
		}
		snprintf(t->btf_file, sizeof(t->btf_file), "%s", file);
		code = start_kind(t, opts, PROBE_KPROBE, false);
	} else if (opts->probe == PROBE_AUTO) {
		code = start_fentry(t, opts, true);
		if (code) {
			log_line("ovs-upcall-trace: fentry/fexit unavailable here, using kprobes\n");
			ovs_upcall_trace_bpf__destroy(t->skel);
			t->skel = NULL;
			code = start_kind(t, opts, PROBE_KPROBE, false);
		}
	} else if (opts->probe == PROBE_FENTRY) {
		code = start_fentry(t, opts, false);
	} else {
		code = start_kind(t, opts, opts->probe, false);
	}
	if (code)
		goto cleanup;

	code = EXIT_BPF;
	t->rb = ring_buffer__new(bpf_map__fd(t->skel->maps.events), on_event, ctx, NULL);
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

const char *tracer_btf_file(const struct tracer *t)
{
	return t->btf_file[0] ? t->btf_file : NULL;
}

const char *tracer_probe_kind(const struct tracer *t)
{
	return t->kind == PROBE_FENTRY ? "fentry" : "kprobe";
}

const char *tracer_preempt_model(const struct tracer *t)
{
	return t->kind == PROBE_FENTRY && t->preempts ? t->preempt_model : NULL;
}

/* Up to len - 1 bytes of path into buf, NUL-terminated; NULL when
 * unreadable or empty. */
static char *read_text(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	size_t n = f ? fread(buf, 1, len - 1, f) : 0;

	if (f)
		fclose(f);
	buf[n] = 0;
	return n ? buf : NULL;
}

/* The preemption model, from debugfs, the command line and the kernel's
 * configuration file, whichever are there. */
static void probe_preempt(struct tracer *t)
{
	static char sched[128], cmdline[4096], config[262144];
	char path[128];
	struct utsname u;

	snprintf(path, sizeof(path), "/boot/config-%s", uname(&u) ? "" : u.release);
	t->preempts = preempt_tasks(read_text("/sys/kernel/debug/sched/preempt", sched, sizeof(sched)),
				    read_text("/proc/cmdline", cmdline, sizeof(cmdline)),
				    read_text(path, config, sizeof(config)), &t->preempt_model);
}

uint64_t tracer_skipped_runs(const struct tracer *t)
{
	struct bpf_program *prog;
	uint64_t n = 0;

	bpf_object__for_each_program(prog, t->skel->obj) {
		struct bpf_prog_info info = {};
		__u32 len = sizeof(info);
		int fd = bpf_program__fd(prog);

		if (fd >= 0 && !bpf_obj_get_info_by_fd(fd, &info, &len))
			n += info.recursion_misses;
	}
	return n;
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
	int n = ring_buffer__poll(t->rb, timeout_ms);

	/* The programs submit without waking us (see ring_flags() in the BPF
	 * code): a poll that timed out takes what came meanwhile. */
	return n ? n : ring_buffer__consume(t->rb);
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

/* What the LRU of tracked UFIDs dropped on its own: every UFID added and
 * not deleted by its flow's end is still there, unless evicted. */
uint64_t tracer_ufid_evictions(struct tracer *t, const uint64_t *cnt)
{
	int fd = bpf_map__fd(t->skel->maps.tracked_ufids);
	uint8_t key[OUT_UFID_LEN], next[OUT_UFID_LEN];
	uint64_t left = 0, added = cnt[OUT_CNT_UFID_ADD] - cnt[OUT_CNT_UFID_DEL];
	void *prev = NULL;

	while (!bpf_map_get_next_key(fd, prev, next)) {
		memcpy(key, next, sizeof(key));
		prev = key;
		left++;
	}
	return added > left ? added - left : 0;
}

uint32_t tracer_ufid_capacity(const struct tracer *t)
{
	return bpf_map__max_entries(t->skel->maps.tracked_ufids);
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
	if (t->btf_fd >= 0)
		close(t->btf_fd);
	free(t);
}
