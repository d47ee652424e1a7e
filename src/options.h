/* SPDX-License-Identifier: GPL-2.0-only */
/* Command-line options and their parsers. */
#ifndef OPTIONS_H
#define OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

/* Exit codes: documented in README.md and ovs-upcall-trace.8. */
enum exit_code {
	EXIT_OK = 0,
	EXIT_RUNTIME = 1,	/* failure while tracing */
	EXIT_USAGE = 2,		/* bad option or value */
	EXIT_PRIVILEGE = 3,	/* not root / missing capabilities */
	EXIT_NO_OVS = 4,	/* openvswitch module not loaded */
	EXIT_NO_BTF = 5,	/* kernel or module without BTF */
	EXIT_BPF = 6,		/* BPF load or probe attach failed */
};

/* --probe: which BPF program family attaches to the hooks. */
enum probe_kind {
	PROBE_AUTO = 0,		/* fentry/fexit where the kernel can, else kprobes */
	PROBE_FENTRY,
	PROBE_KPROBE,
};

struct options {
	uint8_t eth_src[6];
	bool eth_src_any;
	uint16_t eth_type;	/* host order */
	bool eth_type_any;
	uint32_t in_port;	/* datapath port number */
	bool in_port_on;
	char dev[16];		/* "" = any */
	bool json;
	bool verbose;
	bool relative;		/* times since start instead of wall clock */
	bool lifecycle;		/* also trace flow changes and removals */
	bool explain;		/* read each flow's mask against its packet */
	uint32_t snaplen;	/* --snaplen: packet bytes for -w and the expression */
	bool snaplen_set;	/* --snaplen given */
	uint32_t capture_len;	/* packet bytes the kernel copies per upcall:
				 * snaplen where -w, an expression,
				 * --write-events or --snaplen asks for them,
				 * else 0 (the five-tuple is the flow key's) */
	const char *pcap_path;	/* -w: pcapng of upcalled packets */
	const char *write_events;	/* raw events to this file as well */
	const char *read_events;	/* decode this file instead of tracing */
	bool overwrite;		/* -w may replace an existing file */
	char *expr;		/* trailing filter expression, NULL = none */
	uint64_t max_records;	/* stop after this many lines; 0 = no limit */
	uint64_t duration_ns;	/* stop after this long; 0 = no limit */
	uint64_t interval_ns;	/* print latency histograms this often; 0 = at exit */
	uint64_t timeout_ns;	/* an upcall with no flow by then is reported */
	uint32_t max_pending;	/* upcalls awaiting a flow, at most */
	uint32_t ringbuf_size;	/* bytes, power of two */
	enum probe_kind probe;
	uint32_t ovs_version;	/* DPCTL_OVS(...) of --ovs-version; 0 = auto */
	const char *btf;	/* --btf: openvswitch types for a kernel without module BTF */
};

/* Parse argv into opts; on a bad value prints one line and returns
 * -EINVAL (the caller exits EXIT_USAGE). */
int options_parse(struct options *opts, int argc, char **argv);
void options_free(struct options *opts);

/* "52:54:00:39:89:ff" -> bytes. 0 or -EINVAL. */
int parse_mac(const char *s, uint8_t mac[6]);
/* "0x0800", "2048", "ip", "arp", "ipv6" -> host-order ethertype.
 * 0 or -EINVAL; -ERANGE when outside 0x0600..0xffff. */
int parse_eth_type(const char *s, uint16_t *type);
/* A Linux interface name: 1..15 bytes, no '/', ':' or white space.
 * 0 or -EINVAL. */
int check_dev_name(const char *s);
/* "5", "0.5", "250ms", "2s" -> nanoseconds. 0, -EINVAL or -ERANGE. */
int parse_duration(const char *s, uint64_t *ns);

#endif /* OPTIONS_H */
