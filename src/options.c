// SPDX-License-Identifier: GPL-2.0-only
/* Command-line parsing (argp). */
#include <argp.h>
#include <stdarg.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "options.h"
#include "ovs_version.h"
#include "btf_file.h"

#define DEFAULT_ETH_SRC "52:54:00:39:89:ff"
#define DEFAULT_ETH_TYPE 0x0800
#define DEFAULT_TIMEOUT_NS (5ULL * 1000000000ULL)
#define DEFAULT_MAX_PENDING 65536
#define DEFAULT_RINGBUF_SIZE (16u << 20)

enum {
	OPT_ETH_SRC = 0x100,
	OPT_ETH_TYPE,
	OPT_JSON,
	OPT_TIMEOUT,
	OPT_MAX_PENDING,
	OPT_RINGBUF_SIZE,
	OPT_IN_PORT,
	OPT_DEV,
	OPT_INTERVAL,
	OPT_LIFECYCLE,
	OPT_SNAPLEN,
	OPT_OVERWRITE,
	OPT_EXPLAIN,
	OPT_WRITE_EVENTS,
	OPT_READ_EVENTS,
	OPT_PROBE,
	OPT_OVS_VERSION,
	OPT_BTF,
	OPT_USAGE,
};

#define VERSION "ovs-upcall-trace 0.1"
const char *argp_program_bug_address = "the project's issue tracker";

/* One literal per line of help, so each message greps whole. */
static const char doc[] =
	"Show how Open vSwitch's kernel datapath turns each flow-table miss into a megaflow.\n"
	"\n"
	"For every packet from the filtered source MAC that misses the datapath's megaflow table (an upcall), print the megaflow ovs-vswitchd installed for it, in the text `ovs-dpctl dump-flows` prints, with device, in_port, five-tuple, handler thread and latency. Upcalls that get no flow, upcalls the kernel lost and flow puts that match no upcall get their own lines."
	"\v"
	"EXAMPLES:\n"
	"  ovs-upcall-trace                              # src 52:54:00:39:89:ff, IPv4\n"
	"  ovs-upcall-trace --eth-src fa:16:3e:01:02:03  # another VM's MAC\n"
	"  ovs-upcall-trace --eth-src any --eth-type any # every upcall\n"
	"  ovs-upcall-trace --eth-type arp --json        # ARP, one JSON object a line\n"
	"  ovs-upcall-trace --dev tap0 --lifecycle       # one port, and flow ends\n"
	"  ovs-upcall-trace | grep 'in_port(7)'          # flows of one port\n"
	"\n"
	"EXIT STATUS: 0 ok (also after Ctrl-C or SIGTERM), 1 runtime failure, 2 bad usage, 3 not root or missing capabilities, 4 openvswitch module not loaded, 5 no kernel BTF, 6 BPF load or probe attach failure.";

static const struct argp_option argp_options[] = {
	{ "eth-src", OPT_ETH_SRC, "MAC", 0, "Trace packets from this Ethernet source, or 'any' (default 52:54:00:39:89:ff)", 0 },
	{ "eth-type", OPT_ETH_TYPE, "TYPE", 0, "Trace this ethertype: 0x0800, 2048, ip, arp, ipv6, or 'any' (default 0x0800); VLAN-tagged packets match on their outer or inner type", 0 },
	{ "json", OPT_JSON, NULL, 0, "One JSON object per line instead of text", 0 },
	{ "timeout", OPT_TIMEOUT, "DURATION", 0, "Report an upcall as 'noflow' when no flow follows within DURATION (e.g. 2s, 500ms; default 5s)", 0 },
	{ "max-pending", OPT_MAX_PENDING, "N", 0, "Keep at most N upcalls waiting for their flow (and, with --lifecycle, N installed flows); beyond that the oldest is reported as evicted (default 65536)", 0 },
	{ "ringbuf-size", OPT_RINGBUF_SIZE, "BYTES", 0, "Kernel ring buffer size, a power of two >= 4096 (default 16777216)", 0 },
	{ "in-port", OPT_IN_PORT, "PORT", 0, "Trace only upcalls from this datapath port number, as in in_port(PORT)", 0 },
	{ "dev", OPT_DEV, "NAME", 0, "Trace only upcalls from this device (e.g. a VM's tap or vhost-user port)", 0 },
	{ "count", 'c', "N", 0, "Exit after printing N records", 0 },
	{ "duration", 'd', "DURATION", 0, "Exit after DURATION (e.g. 30s, 1.5s, 500ms)", 0 },
	{ "relative", 'r', NULL, 0, "Print times as seconds since the trace started instead of UTC wall clock", 0 },
	{ "interval", OPT_INTERVAL, "DURATION", 0, "Also print the latency histograms every DURATION, not only at exit", 0 },
	{ "lifecycle", OPT_LIFECYCLE, NULL, 0, "Also report when a traced megaflow's actions change and when it is removed (deleted, aged out or flushed), how long it lived and its final statistics", 0 },
	{ "snaplen", OPT_SNAPLEN, "BYTES", 0, "Capture the first BYTES of each upcalled packet, 14..256 (default 128): for -w, filter expressions and --write-events, which alone make the kernel copy packet bytes", 0 },
	{ "write", 'w', "FILE", 0, "Write each upcalled packet to FILE as pcapng, with its interface name and a comment with the UFID and verdict; an existing FILE is kept unless --overwrite", 0 },
	{ "overwrite", OPT_OVERWRITE, NULL, 0, "Let -w replace an existing file", 0 },
	{ "explain", OPT_EXPLAIN, NULL, 0, "Add to each flow a field-by-field reading of its mask against the packet: exact, prefix, partial, and the fields the flow ignores", 0 },
	{ "write-events", OPT_WRITE_EVENTS, "FILE", 0, "Also record the raw kernel events to FILE, to read later with --read-events; an existing FILE is kept unless --overwrite", 0 },
	{ "read-events", OPT_READ_EVENTS, "FILE", 0, "Decode, correlate and print the events recorded in FILE instead of tracing: no root, no BPF; kernel-side filters were applied when it was recorded", 0 },
	{ "ovs-version", OPT_OVS_VERSION, "VERSION", 0, "Print flows as the ovs-dpctl of this Open vSwitch release does (e.g. 3.1.0, 3.5), or auto: the running ovs-vswitchd's, or the recording's with --read-events, else 3.1.0 (default auto)", 0 },
	{ "btf", OPT_BTF, "FILE", 0, "The openvswitch module's BTF, for a kernel without it (made by scripts/make-btf; default " BTF_FILE_DIR "/$(uname -r).btf when there is one); implies kprobes", 0 },
	{ "probe", OPT_PROBE, "KIND", 0, "Attach with fentry/fexit, kprobe/kretprobe, or auto: fentry where the kernel can, else kprobes (default auto)", 0 },
	{ "verbose", 'v', NULL, 0, "Show libbpf debug output on stderr", 0 },
	{ "help", '?', NULL, 0, "Give this help list", -1 },
	{ "usage", OPT_USAGE, NULL, 0, "Give a short usage message", -1 },
	{ "version", 'V', NULL, 0, "Print the program version", -1 },
	{ 0 },
};

int parse_mac(const char *s, uint8_t mac[6])
{
	unsigned int b[6];
	char end;

	if (!s || sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3], &b[4],
			 &b[5], &end) != 6)
		return -EINVAL;
	/* sscanf accepts "1:2:..." and signs; require the canonical form. */
	if (strlen(s) != 17)
		return -EINVAL;
	for (int i = 0; i < 17; i++) {
		if (i % 3 == 2 ? s[i] != ':' : !isxdigit((unsigned char)s[i]))
			return -EINVAL;
	}
	for (int i = 0; i < 6; i++)
		mac[i] = b[i];
	return 0;
}

int parse_eth_type(const char *s, uint16_t *type)
{
	static const struct {
		const char *name;
		uint16_t type;
	} names[] = {
		{ "ip", 0x0800 }, { "ipv4", 0x0800 }, { "arp", 0x0806 },
		{ "ipv6", 0x86dd }, { "vlan", 0x8100 }, { "mpls", 0x8847 },
	};
	unsigned long v;
	char *end;

	if (!s || !*s)
		return -EINVAL;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!strcasecmp(s, names[i].name)) {
			*type = names[i].type;
			return 0;
		}
	}
	if (!isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end)
		return -EINVAL;
	/* Below 0x0600 the field is an 802.3 length, never an ethertype. */
	if (v < 0x0600 || v > 0xffff)
		return -ERANGE;
	*type = v;
	return 0;
}

int check_dev_name(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n == 0 || n > 15 || !strcmp(s, ".") || !strcmp(s, ".."))
		return -EINVAL;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = s[i];

		if (c == '/' || c == ':' || isspace(c) || c < 0x20 || c == 0x7f)
			return -EINVAL;
	}
	return 0;
}

int parse_duration(const char *s, uint64_t *ns)
{
	double v, unit = 1e9;
	char *end;

	if (!s || !*s || !(isdigit((unsigned char)*s) || *s == '.'))
		return -EINVAL;
	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s)
		return -EINVAL;
	if (!strcmp(end, "ms"))
		unit = 1e6;
	else if (!strcmp(end, "us"))
		unit = 1e3;
	else if (*end && strcmp(end, "s"))
		return -EINVAL;
	v *= unit;
	if (v < 1e6 || v > 3600e9)
		return -ERANGE;
	*ns = (uint64_t)v;
	return 0;
}

static int parse_u32(const char *s, uint32_t min, uint32_t max, uint32_t *out)
{
	unsigned long long v;
	char *end;

	if (!s || !isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end)
		return -EINVAL;
	if (v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

/* One line and exit 2: argp's own messages add a second "Try" line, so
 * parsing runs with ARGP_NO_ERRS and reports errors here. */
static void __attribute__((noreturn, format(printf, 1, 2))) usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("ovs-upcall-trace: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_USAGE);
}

/* argv[i] is an option getopt refused: unknown, or missing its value. */
static void bad_option(const char *arg)
{
	const char *name = arg;
	size_t n;

	while (*name == '-')
		name++;
	n = strcspn(name, "=");
	for (const struct argp_option *o = argp_options; o->name || o->key; o++) {
		if ((o->name && strlen(o->name) == n && !strncmp(o->name, name, n)) ||
		    (arg[1] != '-' && o->key == name[0] && n == 1))
			usage_error("option '%s' needs a value (see --help)", arg);
	}
	usage_error("unknown option '%s' (see --help)", arg);
}

/* The options that switch something on. */
static const struct {
	int key;
	size_t off;	/* of a bool in struct options */
} flag_opts[] = {
	{ OPT_JSON, offsetof(struct options, json) },
	{ 'r', offsetof(struct options, relative) },
	{ OPT_LIFECYCLE, offsetof(struct options, lifecycle) },
	{ 'v', offsetof(struct options, verbose) },
	{ OPT_OVERWRITE, offsetof(struct options, overwrite) },
	{ OPT_EXPLAIN, offsetof(struct options, explain) },
};

/* The options that name a file: none may be empty. */
static const struct {
	int key;
	size_t off;	/* of a const char * in struct options */
	const char *empty;	/* the error for an empty name */
} file_opts[] = {
	{ 'w', offsetof(struct options, pcap_path), "invalid -w '': want a file name" },
	{ OPT_WRITE_EVENTS, offsetof(struct options, write_events), "invalid --write-events '': want a file name" },
	{ OPT_READ_EVENTS, offsetof(struct options, read_events), "invalid --read-events '': want a file name" },
};

/* Flags and file names, from the tables above. */
static error_t parse_table_opt(struct options *o, int key, char *arg)
{
	for (size_t i = 0; i < sizeof(flag_opts) / sizeof(flag_opts[0]); i++) {
		if (flag_opts[i].key == key) {
			*(bool *)((char *)o + flag_opts[i].off) = true;
			return 0;
		}
	}
	for (size_t i = 0; i < sizeof(file_opts) / sizeof(file_opts[0]); i++) {
		if (file_opts[i].key == key) {
			if (!*arg)
				usage_error("%s", file_opts[i].empty);
			*(const char **)((char *)o + file_opts[i].off) = arg;
			return 0;
		}
	}
	return ARGP_ERR_UNKNOWN;
}

/* What the BPF programs are loaded with: which upcalls they report, how
 * they attach, how much of each packet they copy, the ring's size. */
static error_t parse_kernel_opt(struct options *o, int key, char *arg)
{
	int err;

	switch (key) {
	case OPT_ETH_SRC:
		if (!strcasecmp(arg, "any")) {
			o->eth_src_any = true;
		} else if (parse_mac(arg, o->eth_src)) {
			usage_error("invalid --eth-src '%s': want a MAC like 52:54:00:39:89:ff or 'any'", arg);
		} else {
			o->eth_src_any = false;
		}
		return 0;
	case OPT_ETH_TYPE:
		if (!strcasecmp(arg, "any")) {
			o->eth_type_any = true;
			return 0;
		}
		err = parse_eth_type(arg, &o->eth_type);
		if (err == -ERANGE)
			usage_error("invalid --eth-type '%s': an ethertype is 0x0600..0xffff", arg);
		else if (err)
			usage_error("invalid --eth-type '%s': want a number like 0x0800, ip, arp, ipv6 or 'any'", arg);
		o->eth_type_any = false;
		return 0;
	case OPT_IN_PORT:
		if (parse_u32(arg, 0, 65535, &o->in_port))
			usage_error("invalid --in-port '%s': want a datapath port number 0..65535", arg);
		o->in_port_on = true;
		return 0;
	case OPT_DEV:
		if (check_dev_name(arg))
			usage_error("invalid --dev '%s': want an interface name of 1..15 characters without '/', ':' or spaces", arg);
		strcpy(o->dev, arg);
		return 0;
	case OPT_PROBE:
		if (!strcmp(arg, "auto"))
			o->probe = PROBE_AUTO;
		else if (!strcmp(arg, "fentry"))
			o->probe = PROBE_FENTRY;
		else if (!strcmp(arg, "kprobe"))
			o->probe = PROBE_KPROBE;
		else
			usage_error("invalid --probe '%s': want auto, fentry or kprobe", arg);
		return 0;
	case OPT_RINGBUF_SIZE:
		if (parse_u32(arg, 4096, 1u << 30, &o->ringbuf_size) ||
		    (o->ringbuf_size & (o->ringbuf_size - 1)))
			usage_error("invalid --ringbuf-size '%s': want a power of two from 4096 to 1073741824", arg);
		return 0;
	case OPT_BTF:
		if (!*arg)
			usage_error("invalid --btf '': want a file");
		o->btf = arg;
		return 0;
	case OPT_OVS_VERSION:
		if (strcmp(arg, "auto") && (strspn(arg, "0123456789.") != strlen(arg) ||
					    !isdigit((unsigned char)arg[0]) ||
					    ovs_version_parse(arg, &o->ovs_version)))
			usage_error("invalid --ovs-version '%s': want a release such as 3.1.0, or auto", arg);
		if (!strcmp(arg, "auto"))
			o->ovs_version = 0;
		return 0;
	case OPT_SNAPLEN:
		if (parse_u32(arg, 14, 256, &o->snaplen))
			usage_error("invalid --snaplen '%s': want 14..256 bytes", arg);
		o->snaplen_set = true;
		return 0;
	default:
		return ARGP_ERR_UNKNOWN;
	}
}

/* The tracer's own limits: how long, how many, how often. */
static error_t parse_limit_opt(struct options *o, int key, char *arg)
{
	uint32_t n;

	switch (key) {
	case OPT_TIMEOUT:
		if (parse_duration(arg, &o->timeout_ns))
			usage_error("invalid --timeout '%s': want 1ms..3600s, e.g. 2s or 500ms", arg);
		return 0;
	case 'd':
		if (parse_duration(arg, &o->duration_ns))
			usage_error("invalid --duration '%s': want 1ms..3600s, e.g. 30s or 500ms", arg);
		return 0;
	case OPT_INTERVAL:
		if (parse_duration(arg, &o->interval_ns) || o->interval_ns < 100000000ULL)
			usage_error("invalid --interval '%s': want 100ms..3600s, e.g. 10s", arg);
		return 0;
	case 'c':
		if (parse_u32(arg, 1, UINT32_MAX, &n))
			usage_error("invalid --count '%s': want 1..4294967295", arg);
		o->max_records = n;
		return 0;
	case OPT_MAX_PENDING:
		if (parse_u32(arg, 1, 1u << 24, &o->max_pending))
			usage_error("invalid --max-pending '%s': want 1..16777216", arg);
		return 0;
	default:
		return ARGP_ERR_UNKNOWN;
	}
}

/* The words after the options form one expression, as for tcpdump:
 * `ovs-upcall-trace tcp port 80`. */
static void add_expr_word(struct options *o, const char *arg)
{
	size_t n = o->expr ? strlen(o->expr) : 0;
	char *e = realloc(o->expr, n + strlen(arg) + 2);

	if (!e)
		usage_error("out of memory reading the filter expression");
	if (n)
		e[n++] = ' ';
	strcpy(e + n, arg);
	o->expr = e;
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	struct options *o = state->input;

	if (parse_table_opt(o, key, arg) != ARGP_ERR_UNKNOWN ||
	    parse_kernel_opt(o, key, arg) != ARGP_ERR_UNKNOWN ||
	    parse_limit_opt(o, key, arg) != ARGP_ERR_UNKNOWN)
		return 0;
	switch (key) {
	case ARGP_KEY_ARG:
		add_expr_word(o, arg);
		return 0;
	/* argp's own --help would be silenced by ARGP_NO_ERRS. */
	case '?':
		argp_help(state->root_argp, stdout, ARGP_HELP_STD_HELP, "ovs-upcall-trace");
		exit(EXIT_OK);
	case OPT_USAGE:
		argp_help(state->root_argp, stdout, ARGP_HELP_USAGE, "ovs-upcall-trace");
		exit(EXIT_OK);
	case 'V':
		puts(VERSION);
		exit(EXIT_OK);
	case ARGP_KEY_ERROR:
		if (state->next > 0 && state->next <= state->argc)
			bad_option(state->argv[state->next - 1]);
		usage_error("bad command line (see --help)");
	default:
		return ARGP_ERR_UNKNOWN;
	}
}

int options_parse(struct options *opts, int argc, char **argv)
{
	static const struct argp argp = {
		.options = argp_options,
		.parser = parse_opt,
		.doc = doc,
		.args_doc = "[EXPRESSION]",
	};

	memset(opts, 0, sizeof(*opts));
	parse_mac(DEFAULT_ETH_SRC, opts->eth_src);
	opts->eth_type = DEFAULT_ETH_TYPE;
	opts->timeout_ns = DEFAULT_TIMEOUT_NS;
	opts->max_pending = DEFAULT_MAX_PENDING;
	opts->ringbuf_size = DEFAULT_RINGBUF_SIZE;
	opts->snaplen = 128;
	argp_err_exit_status = EXIT_USAGE;
	if (argp_parse(&argp, argc, argv, ARGP_NO_ERRS | ARGP_NO_HELP, NULL, opts))
		return -EINVAL;
	if (opts->read_events && opts->write_events) {
		fprintf(stderr, "ovs-upcall-trace: --read-events and --write-events do not go together\n");
		return -EINVAL;
	}
	/* Packet bytes cost a kernel read and ring room on every upcall:
	 * copied only for what reads them (a recording keeps them for a
	 * later -w or expression). */
	if (opts->pcap_path || opts->expr || opts->write_events || opts->snaplen_set)
		opts->capture_len = opts->snaplen;
	return 0;
}

void options_free(struct options *opts)
{
	free(opts->expr);
	opts->expr = NULL;
}
