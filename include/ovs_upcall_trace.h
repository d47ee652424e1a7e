/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event layout shared by the BPF programs (bpf/ovs_upcall_trace.bpf.c) and
 * userspace. No includes and only fixed-width types, so both sides compile
 * it unchanged; every struct is ordered by alignment so there are no holes
 * and the layout is the same for clang -target bpf and the host compiler.
 * Multi-byte fields marked "be" hold network byte order.
 */
#ifndef OVS_UPCALL_TRACE_H
#define OVS_UPCALL_TRACE_H

#define OUT_TASK_COMM_LEN 16
#define OUT_IFNAMSIZ 16

/* Bounds for the flow put attributes copied out of the kernel. Seen on real
 * datapaths: KEY 128-140 bytes, MASK 140-152, ACTIONS 12-68 (with headers).
 * Tunnel and NSH keys grow the key well past that; longer ones are cut and
 * flagged (OUT_F_*_TRUNC) and counted. */
#define OUT_KEY_MAX 512
#define OUT_ACTIONS_MAX 1024
#define OUT_UFID_LEN 16
/* Upcalled packet bytes kept (--snaplen, default 128). */
#define OUT_SNAP_MAX 256

/* The packet fields one flow key carries, in one fixed layout that both the
 * BPF side (from struct sw_flow_key) and the netlink decoder (from
 * OVS_KEY_ATTR_* of a flow put, key or mask) fill in. Correlation compares
 * an upcall's fields with a put's key under the put's mask, byte by byte.
 * Fields follow the kernel's own sw_flow_key meaning: for ICMP, tp_src/tp_dst
 * hold type/code (be16); for ARP, ipv4_src/ipv4_dst are sip/tip and ip_proto
 * is the low byte of the opcode. */
struct out_key_fields {
	__u32 recirc_id;
	__u32 dp_hash;
	__u32 priority;
	__u32 skb_mark;
	__u32 in_port;
	__u32 ct_mark;
	__u32 ipv4_src;		/* be */
	__u32 ipv4_dst;		/* be */
	__u32 ipv6_label;	/* be */
	__u8 ipv6_src[16];
	__u8 ipv6_dst[16];
	__u8 eth_src[6];
	__u8 eth_dst[6];
	__u16 eth_type;		/* be */
	__u16 vlan_tci;		/* be */
	__u16 tp_src;		/* be */
	__u16 tp_dst;		/* be */
	__u16 tcp_flags;	/* be */
	__u16 ct_zone;
	__u8 ip_proto;
	__u8 ip_tos;
	__u8 ip_ttl;
	__u8 ip_frag;
	__u8 ct_state;
	__u8 pad[3];
};

enum out_event_type {
	OUT_EV_UPCALL = 1,	/* ovs_dp_upcall() entry (struct out_upcall, up to
				 * packet[snaplen]): a packet sent up,
				 * before it is queued to its handler */
	OUT_EV_HANDLER = 2,	/* a thread reads an upcall socket (portid -> tid),
				 * first time or first since an upcall */
	OUT_EV_FLOW_PUT = 3,	/* ovs_flow_cmd_new() of a traced key (struct
				 * out_put_rec): at entry under kprobes, at
				 * return (just before its FLOW_RET) under fentry */
	OUT_EV_FLOW_RET = 4,	/* ovs_flow_cmd_new() return */
	OUT_EV_FLOW_DEL = 5,	/* --lifecycle: a traced flow removed, or a flush */
	OUT_EV_FLOW_SET = 6,	/* --lifecycle: a traced flow's actions replaced */
	OUT_EV_UPCALL_RET = 7,	/* ovs_dp_upcall() return of a traced upcall
				 * that failed, or of an action upcall; a
				 * miss queued without error sends none */
	OUT_EV_UPCALL_READ = 8,	/* a thread takes a traced upcall's message
				 * off its socket (struct out_upcall_read) */
};

/* Flags of struct out_put_rec. */
#define OUT_F_KEY_TRUNC (1u << 0)
#define OUT_F_MASK_TRUNC (1u << 1)
#define OUT_F_ACTIONS_TRUNC (1u << 2)
#define OUT_F_HAS_MASK (1u << 3)
#define OUT_F_HAS_UFID (1u << 4)
#define OUT_F_HAS_ACTIONS (1u << 5)
/* The kernel's flow keys have no IPv6 extension header field (5.10 here):
 * its dumps carry no IPV6_EXTHDRS attribute, which later kernels add to
 * every IPv6 key. */
#define OUT_F_NO_EXTHDRS (1u << 6)

/* Common head of every event. */
struct out_hdr {
	__u64 ts_ns;		/* bpf_ktime_get_ns(), CLOCK_MONOTONIC */
	__u32 type;		/* enum out_event_type */
	__u32 pid;		/* tgid */
	__u32 tid;
	__u32 cpu;
	char comm[OUT_TASK_COMM_LEN];
};

struct out_upcall {
	struct out_hdr hdr;
	struct out_key_fields key;
	__u32 portid;		/* upcall_info->portid: handler socket */
	__u32 ifindex;		/* skb->dev */
	__u32 skb_len;
	__u32 netns_ino;	/* 0 where unknown */
	__u32 gso_size;		/* skb_shinfo()->gso_size: 0 unless GSO, when
				 * the kernel queues one upcall per segment */
	__u32 cutlen;		/* bytes a trunc() action cut, 0 if none */
	__u8 cmd;		/* OVS_PACKET_CMD_MISS or _ACTION */
	__u8 pad[3];
	char dev[OUT_IFNAMSIZ];
	__u32 cap_len;		/* bytes in packet[]: the linear head, up to
				 * --snaplen; skb_len is the whole packet */
	__u32 pad2;
	__u8 packet[OUT_SNAP_MAX];	/* from the Ethernet header on; the
					 * record ends after --snaplen bytes */
};

/* Flags of struct out_handler. */
#define OUT_H_CHANGED (1u << 0)	/* hdr.tid is a new reader of portid */
#define OUT_H_READ (1u << 1)	/* event files of version 2 only: first read
				 * since a traced upcall was queued (version
				 * 3 says which upcall: OUT_EV_UPCALL_READ) */

/* Whether a traced upcall reached its handler socket. Joins its
 * OUT_EV_UPCALL by (hdr.cpu, upcall_ts): entry and return of one call run
 * on one CPU, and a CPU's clock does not repeat. */
struct out_upcall_ret {
	struct out_hdr hdr;
	__u64 upcall_ts;	/* hdr.ts_ns of the OUT_EV_UPCALL */
	__s32 ret;		/* 0, or -errno: lost (ovs-dpctl's lost:); for
				 * GSO, segments before the failed one went up */
	__u32 pad;
};

struct out_handler {
	struct out_hdr hdr;
	__u32 portid;		/* netlink portid of the socket read */
	__u32 prev_tid;		/* thread that read it before, 0 if none */
	__u32 flags;		/* OUT_H_* */
	__u32 pad;
};

/* The message of one traced upcall taken off its socket by hdr.tid at
 * hdr.ts_ns: known by the message's own skb, queued by netlink_unicast()
 * inside that ovs_dp_upcall() and at the head of the socket's receive
 * queue when netlink_recvmsg() starts. Joins its OUT_EV_UPCALL by
 * (upcall_cpu, upcall_ts), as out_upcall_ret does. */
struct out_upcall_read {
	struct out_hdr hdr;
	__u64 upcall_ts;	/* hdr.ts_ns of the OUT_EV_UPCALL */
	__u32 upcall_cpu;	/* hdr.cpu of the OUT_EV_UPCALL */
	__u32 portid;		/* the socket read */
};

/* A flow put as sent: the fixed part, then the attribute payloads packed
 * in data[]: key_len key bytes, mask_len mask bytes, actions_len action
 * bytes. Only offsetof(data) + their sum is sent, ~450 bytes on real flows;
 * the full size is the BPF side's scratch. Userspace unpacks it
 * (src/events.h). */
#define OUT_PUT_DATA_MAX (2 * OUT_KEY_MAX + OUT_ACTIONS_MAX)

struct out_put_rec {
	struct out_hdr hdr;
	__u32 snd_portid;	/* info->snd_portid: a pool socket, not the upcall's */
	__u32 snd_seq;
	__u32 flags;		/* OUT_F_* */
	__u32 dp_ifindex;	/* ovs_header: the datapath put into */
	__u16 key_len;		/* bytes of OVS_FLOW_ATTR_KEY payload in data[] */
	__u16 key_len_orig;	/* attribute payload length in the kernel */
	__u16 mask_len;		/* OVS_FLOW_ATTR_MASK, after the key */
	__u16 mask_len_orig;
	__u16 actions_len;	/* OVS_FLOW_ATTR_ACTIONS, after the mask */
	__u16 actions_len_orig;
	__u32 pad;
	__u8 ufid[OUT_UFID_LEN];
	__u8 data[OUT_PUT_DATA_MAX];
};

struct out_flow_ret {
	struct out_hdr hdr;
	__s32 ret;		/* 0 or negative errno */
	__u32 pad;
};

/* Flags of struct out_flow_del. */
#define OUT_D_FLUSH (1u << 0)	/* a datapath's table was flushed: no ufid, no stats */

/* ovs_flow_tbl_remove() of a flow a traced put installed, with the final
 * statistics the kernel would report; or a successful OVS_FLOW_CMD_DEL
 * without key or UFID, which flushes datapath dp_ifindex. */
struct out_flow_del {
	struct out_hdr hdr;
	__u64 packets;
	__u64 bytes;
	__u8 ufid[OUT_UFID_LEN];
	__u32 flags;		/* OUT_D_* */
	__u16 tcp_flags;	/* be */
	__u16 pad;
	__u32 dp_ifindex;	/* OUT_D_FLUSH: the datapath flushed */
	__u32 pad2;
};

/* A successful ovs_flow_cmd_set() with new actions for a traced flow. */
struct out_flow_set {
	struct out_hdr hdr;
	__u8 ufid[OUT_UFID_LEN];
	__u32 flags;		/* OUT_F_HAS_ACTIONS, OUT_F_ACTIONS_TRUNC */
	__u16 actions_len;
	__u16 actions_len_orig;
	__u8 actions[OUT_ACTIONS_MAX];
};

/* Per-CPU counters (BPF array map "counters"), summed by userspace. The
 * OUT_CNT_LOST_* are events lost to a full ring buffer, by type, so that
 * records shown + lost = events made, exactly, for each. */
enum out_counter {
	OUT_CNT_LOST_UPCALL = 0,	/* OUT_EV_UPCALL */
	OUT_CNT_LOST_UPCALL_RET,	/* OUT_EV_UPCALL_RET */
	OUT_CNT_LOST_READ,		/* OUT_EV_UPCALL_READ */
	OUT_CNT_LOST_HANDLER,		/* OUT_EV_HANDLER */
	OUT_CNT_LOST_PUT,		/* OUT_EV_FLOW_PUT */
	OUT_CNT_LOST_PUT_RET,		/* OUT_EV_FLOW_RET */
	OUT_CNT_LOST_LIFECYCLE,		/* OUT_EV_FLOW_DEL, OUT_EV_FLOW_SET */
	OUT_CNT_TRUNC,		/* a flow put attribute was cut */
	OUT_CNT_READ_ERR,	/* a kernel read failed: event incomplete */
	OUT_CNT_UPCALL_SEEN,	/* upcalls that passed the filter */
	OUT_CNT_PUT_SEEN,	/* flow puts that passed the filter */
	OUT_CNT_NEST,		/* ovs_dp_upcall() nested deeper than tracked */
	OUT_CNT_QUEUE_FULL,	/* a traced upcall's message not followed to
				 * its read: no free slot in the table of
				 * queued messages (its bucket, in the array) */
	OUT_CNT_DEV_PORT_ERR,	/* --dev: a port of the device not learned */
	OUT_CNT_UFID_ADD,	/* --lifecycle: UFIDs added to tracked_ufids */
	OUT_CNT_UFID_DEL,	/* --lifecycle: and removed by their flow's end;
				 * add - del - entries left = LRU evictions */
	OUT_CNT_READ_SEEN,	/* reads of traced upcalls' messages */
	OUT_CNT_MAX,
};

#define OUT_CNT_LOST_FIRST OUT_CNT_LOST_UPCALL
#define OUT_CNT_LOST_LAST OUT_CNT_LOST_LIFECYCLE

#endif /* OVS_UPCALL_TRACE_H */
