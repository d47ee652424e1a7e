// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kernel side of ovs-upcall-trace: one miss -> upcall -> handler -> flow put.
 *
 *   ovs_dp_upcall()      the packet that missed, with its flow key and the
 *                        netlink portid of the handler socket it goes to
 *   netlink_unicast()    inside it: the message (skb) queued on that socket
 *   netlink_recvmsg()    which thread takes that message off the socket
 *   ovs_flow_cmd_new()   the megaflow a thread installs, and its result
 *
 * The flow put's own netlink portid comes from ovs-vswitchd's socket pool and
 * never equals the upcall's, so userspace joins upcall -> put through the
 * handler thread: see src/correlate.c.
 *
 * Every hook exists twice, as kprobe/kretprobe and as fentry/fexit, around
 * one shared body; userspace loads one family (--probe). (The flow put is
 * one fexit under fentry: it sees both arguments and result.) fentry
 * arguments are BTF-typed, so the bodies read struct fields with plain
 * loads, which cost a fraction of a bpf_probe_read_kernel() call. The
 * kprobe side hands the same bodies a per-CPU copy of the flow key, made
 * with one read.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "ovs_upcall_trace.h"
#include "ovs_core.h"

/* One field of a kernel struct: a plain load where the pointer is a BTF-typed
 * fentry argument (btf, a constant, so the other branch compiles away), a
 * bpf_probe_read_kernel() under kprobes. */
#define READ(btf, p, field) ((btf) ? (p)->field : BPF_CORE_READ(p, field))

/* From include/uapi/linux/openvswitch.h, stable ABI. */
#define OVS_FLOW_ATTR_KEY 1
#define OVS_FLOW_ATTR_ACTIONS 2
#define OVS_FLOW_ATTR_MASK 7
#define OVS_FLOW_ATTR_UFID 9
#define OVS_PACKET_CMD_ACTION 2
#define OVS_KEY_ATTR_ENCAP 1
#define OVS_KEY_ATTR_IN_PORT 3
#define OVS_KEY_ATTR_ETHERNET 4
#define OVS_KEY_ATTR_ETHERTYPE 6
#define NLA_TYPE_MASK 0x3fff
#define NETLINK_GENERIC 16
#define MSG_PEEK 2
#define GENL_HDRLEN 4
#define EEXIST 17
#define ETH_P_IP 0x0800
#define ETH_P_ARP 0x0806
#define ETH_P_IPV6 0x86dd
#define ETH_P_8021Q 0x8100
#define ETH_P_8021AD 0x88a8
#define VLAN_CFI_MASK 0x1000
/* Bound on the attributes walked to filter a flow key: real keys have 8-15. */
#define KEY_ATTRS_MAX 32

/* Filters, set by userspace before load. eth_type is in network order. */
const volatile __u8 filter_eth_src[6] = {};
const volatile bool filter_eth_src_on = false;
const volatile __u16 filter_eth_type = 0;
const volatile bool filter_eth_type_on = false;
const volatile __u32 filter_in_port = 0;
const volatile bool filter_in_port_on = false;
const volatile char filter_dev[OUT_IFNAMSIZ] = {};
const volatile bool filter_dev_on = false;
/* --lifecycle; nr_cpus bounds the walk of a flow's per-CPU stats. */
const volatile bool lifecycle_on = false;
const volatile __u32 snaplen = 128;
/* An upcall record carries snaplen packet bytes, not OUT_SNAP_MAX: snaplen
 * is read-only data, a constant to the verifier, so the record has a fixed
 * size that still fits the capture. */
#define SNAP (snaplen < OUT_SNAP_MAX ? snaplen : OUT_SNAP_MAX)
const volatile __u32 nr_cpus = 1;
/* Filter flow keys with bpf_loop() where the kernel has it; off only to
 * test the walk older kernels take (OVS_UPCALL_TRACE_NO_BPF_LOOP). */
const volatile bool key_walk_loop = true;
#define STATS_CPUS_MAX 1024
/* Ring bytes waiting that wake the reader at once (see ring_flags()): set
 * by userspace to a quarter of the ring. */
const volatile __u64 wake_bytes = 1 << 20;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4 << 20);	/* resized by userspace before load */
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, OUT_CNT_MAX);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

/* Upcall portids seen (that passed the filter) -> last thread that read
 * them. Lets netlink_recvmsg() ignore every other netlink socket with one
 * lookup, and report the reader when it changes. */
struct reader {
	__u32 tid;
	__u32 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 4096);
	__type(key, __u32);
	__type(value, struct reader);
} portid_reader SEC(".maps");

/* Messages of traced upcalls queued and not yet read: the entries of
 * queued_msgs. While there are none, a netlink read cannot be one we
 * report, and netlink_recvmsg() returns after one array lookup instead of
 * three reads and two hash lookups. Counted where an entry is added or
 * deleted, so it is exact; a stale entry (a socket closed with traced
 * messages queued) only keeps the check open. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} unread_total SEC(".maps");

static __always_inline void unread_add(__s64 d)
{
	__u32 zero = 0;
	__u64 *n = bpf_map_lookup_elem(&unread_total, &zero);

	if (n)
		__sync_fetch_and_add(n, d);
}

/* Messages of traced upcalls on their way to a handler, by skb address ->
 * the upcall (its CPU and timestamp). Added by netlink_unicast() inside
 * ovs_dp_upcall(), deleted when a thread reads the message or when the
 * upcall failed to queue it. Never dropped unseen: a full table refuses and
 * counts (OUT_CNT_QUEUE_FULL).
 *
 * Two tables, one used per run (queued_cas, set by userspace). Where the
 * kernel has BPF compare-and-exchange (5.12), an array of buckets of
 * QUEUED_WAYS slots, claimed with a cmpxchg of the slot's skb: a hash map
 * takes a bucket spinlock with interrupts off for each of the three
 * operations (and a free-list lock for the insert), which measured ~12 us
 * of a traced miss in the emulated guest. Only the claim needs the atomic:
 * a slot's other fields are written by its claimer before the message is
 * queued, so before any reader can find it, and emptied by the one reader
 * that took it (or by the upcall when the queueing failed). Older kernels
 * refuse the cmpxchg instruction, so there a plain hash map, and the
 * program that claims slots (upcall_message) loads in its hash form. */
struct queued_msg {
	__u64 upcall_ts;
	__u32 upcall_cpu;
	__u32 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 65536);	/* 1 when queued_cas */
	__type(key, __u64);
	__type(value, struct queued_msg);
} queued_msgs SEC(".maps");

#define QUEUED_WAYS 4
#define QUEUED_BUCKETS 16384	/* 65536 slots; 1 bucket unless queued_cas */

struct queued_slot {
	__u64 skb;		/* 0: free */
	struct queued_msg m;
};

struct queued_bucket {
	struct queued_slot s[QUEUED_WAYS];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, QUEUED_BUCKETS);
	__type(key, __u32);
	__type(value, struct queued_bucket);
} queued_slots SEC(".maps");

const volatile bool queued_cas = false;

/* A kernel pointer's address as a plain number, through memory: under
 * fentry a struct pointer is BTF-typed, and the verifier refuses any
 * arithmetic on it (the bucket hash below) but takes its store into a map
 * value, and a load from a map value is always a number. slot is a per-CPU
 * word no other program on this CPU uses between the two accesses. */
static __always_inline __u64 plain_addr(__u64 *slot, const void *p)
{
	*(volatile __u64 *)slot = (__u64)p;
	return *(volatile __u64 *)slot;
}

/* handler_read()'s word for plain_addr(). */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} read_addr SEC(".maps");

/* skb addresses are slab objects of a few hundred bytes: their low bits
 * say little, so a multiplicative hash takes the high ones. */
static __always_inline struct queued_bucket *queued_bucket(__u64 skb)
{
	__u32 b = (__u32)((skb * 0x9E3779B97F4A7C15ULL) >> 32) & (QUEUED_BUCKETS - 1);

	return bpf_map_lookup_elem(&queued_slots, &b);
}

/* The slot that holds skb, or NULL. */
static __always_inline struct queued_slot *queued_find(struct queued_bucket *qb, __u64 skb)
{
	for (int i = 0; i < QUEUED_WAYS; i++)
		if (qb->s[i].skb == skb)
			return &qb->s[i];
	return NULL;
}

/* The upcall of a queued traced message, or NULL. */
static __always_inline struct queued_msg *queued_msg_get(__u64 skb, struct queued_slot **slot)
{
	struct queued_bucket *qb;

	*slot = NULL;
	if (!queued_cas)
		return bpf_map_lookup_elem(&queued_msgs, &skb);
	qb = queued_bucket(skb);
	if (!qb)
		return NULL;
	*slot = queued_find(qb, skb);
	return *slot ? &(*slot)->m : NULL;
}

/* A slot's message was read, or never queued: the slot is free again. */
static __always_inline void queued_slot_free(struct queued_slot *s)
{
	*(volatile __u64 *)&s->skb = 0;
	unread_add(-1);
}

static __always_inline void queued_msg_del(__u64 skb)
{
	struct queued_bucket *qb;
	struct queued_slot *s;

	if (!skb)
		return;
	if (!queued_cas) {
		if (!bpf_map_delete_elem(&queued_msgs, &skb))
			unread_add(-1);
		return;
	}
	qb = queued_bucket(skb);
	s = qb ? queued_find(qb, skb) : NULL;
	if (s)
		queued_slot_free(s);
}

/* kprobes: threads inside a reported request (ovs_flow_cmd_new, _del,
 * _set), so that the kretprobe, which cannot see the request, reports
 * results only for requests that passed: a slot per thread id modulo the
 * size, an array lookup (inlined by the verifier) where a hash lookup cost
 * a rejected put more than the rest of its return probe. A thread is in one
 * request at a time. (fentry needs none: its fexit sees both.) */
#define REQ_SLOTS 4096

struct req_mark {
	__u32 tid;		/* 0: free */
	__u32 pad;
	__u64 info;		/* struct genl_info *: lives until doit returns */
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, REQ_SLOTS);
	__type(key, __u32);
	__type(value, struct req_mark);
} req_inflight SEC(".maps");

/* Entry: mark this thread's request if it is reported (keep), else clear
 * a mark of its own, or the return would be taken for an earlier one. */
static __always_inline void req_mark(struct genl_info *info, bool keep)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid(), slot = tid % REQ_SLOTS;
	struct req_mark *m = bpf_map_lookup_elem(&req_inflight, &slot);

	if (!m)
		return;
	if (keep) {
		m->tid = tid;
		m->info = (__u64)info;
	} else if (m->tid == tid) {
		m->tid = 0;
	}
}

/* Return: the request this thread marked, or NULL. */
static __always_inline struct genl_info *req_take(void)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid(), slot = tid % REQ_SLOTS;
	struct req_mark *m = bpf_map_lookup_elem(&req_inflight, &slot);

	if (!m || m->tid != tid)
		return NULL;
	m->tid = 0;
	return (struct genl_info *)m->info;
}

/* UFIDs of flows reported put, so that --lifecycle reports the removal
 * and changes of those flows only. */
struct ufid_key {
	__u8 b[OUT_UFID_LEN];
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 65536);
	__type(key, struct ufid_key);
	__type(value, __u8);
} tracked_ufids SEC(".maps");

/* Datapath ports of the --dev device, learned from its upcalls: a flow put
 * carries only in_port, and puts follow their upcalls. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u8);
} dev_ports SEC(".maps");

/* Wakeups: a submit that wakes the reader queues irq work, and the woken
 * reader then preempts the thread that made the record (a handler in the
 * middle of its flow put, on the same CPU). In the emulated guest that
 * made a traced miss cost several times the programs themselves. So no
 * record wakes the reader, which takes the ring every 10 ms instead
 * (tracer_poll()); only a ring filling up (wake_bytes waiting, a quarter
 * of it) wakes it at once, so a storm still drains. */
static __always_inline __u64 ring_flags(void)
{
	__u64 avail = bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA);

	/* NO_WAKEUP (1), or FORCE_WAKEUP (2) once avail >= wake_bytes, without
	 * a branch: a branch here had the verifier walk the rest of every
	 * program twice per submit (seconds of load time on 6.1). Both are
	 * far below 2^63, so the difference's sign bit is the comparison. */
	_Static_assert(BPF_RB_NO_WAKEUP == 1 && BPF_RB_FORCE_WAKEUP == 2, "ring flags");
	return 1 + ((wake_bytes - 1 - avail) >> 63);
}

static __always_inline void count(__u32 idx)
{
	__u64 *v = bpf_map_lookup_elem(&counters, &idx);

	if (v)
		*v += 1;
}

static __always_inline void fill_hdr(struct out_hdr *h, __u32 type)
{
	__u64 id = bpf_get_current_pid_tgid();

	h->ts_ns = bpf_ktime_get_ns();
	h->type = type;
	h->pid = id >> 32;
	h->tid = (__u32)id;
	h->cpu = bpf_get_smp_processor_id();
	bpf_get_current_comm(h->comm, sizeof(h->comm));
}

static __always_inline bool eth_src_ok(const __u8 *src)
{
	if (!filter_eth_src_on)
		return true;
	for (int i = 0; i < 6; i++)
		if (src[i] != filter_eth_src[i])
			return false;
	return true;
}

/* A VLAN-tagged packet matches on its outer TPID or its inner type, so
 * `--eth-type 0x8100` and `--eth-type 0x0800` both find IPv4 in VLANs. */
static __always_inline bool eth_type_ok(__u16 outer, __u16 inner)
{
	if (!filter_eth_type_on)
		return true;
	return outer == filter_eth_type || inner == filter_eth_type;
}

/* dev->name, NUL-terminated within its IFNAMSIZ bytes: two plain loads
 * under fentry, a read under kprobes. */
static __always_inline int dev_name(char *name, const struct net_device *dev, bool btf)
{
	if (btf) {
		__builtin_memcpy(name, (const void *)dev->name, OUT_IFNAMSIZ);
		name[OUT_IFNAMSIZ - 1] = 0;
		return 0;
	}
	return bpf_probe_read_kernel_str(name, OUT_IFNAMSIZ, &dev->name) < 0 ? -1 : 0;
}

static __always_inline bool dev_ok(const struct net_device *dev, bool btf)
{
	char name[OUT_IFNAMSIZ];

	if (!dev || dev_name(name, dev, btf))
		return false;
	for (int i = 0; i < OUT_IFNAMSIZ; i++) {
		if (name[i] != filter_dev[i])
			return false;
		if (!name[i])
			break;
	}
	return true;
}

/* key is readable with plain loads: the fentry argument itself, or the
 * kprobe side's copy of it (see key_copy). */
static __always_inline void read_key_fields(struct out_key_fields *f,
					    const struct sw_flow_key *key)
{
	__u16 type = key->eth.type;

	f->recirc_id = key->recirc_id;
	f->dp_hash = key->ovs_flow_hash;
	f->priority = key->phy.priority;
	f->skb_mark = key->phy.skb_mark;
	f->in_port = key->phy.in_port;
	f->ct_mark = key->ct.mark;
	f->ct_state = key->ct_state;
	f->ct_zone = key->ct_zone;
	for (int i = 0; i < 6; i++) {
		f->eth_src[i] = key->eth.src[i];
		f->eth_dst[i] = key->eth.dst[i];
	}
	f->eth_type = type;
	f->vlan_tci = key->eth.vlan.tci;
	f->tp_src = key->tp.src;
	f->tp_dst = key->tp.dst;
	f->tcp_flags = key->tp.flags;
	f->ip_proto = key->ip.proto;
	f->ip_tos = key->ip.tos;
	f->ip_ttl = key->ip.ttl;
	f->ip_frag = key->ip.frag;
	/* The address union means what eth.type says it means. */
	if (type == bpf_htons(ETH_P_IP) || type == bpf_htons(ETH_P_ARP)) {
		f->ipv4_src = key->ipv4.addr.src;
		f->ipv4_dst = key->ipv4.addr.dst;
	} else if (type == bpf_htons(ETH_P_IPV6)) {
		for (int i = 0; i < 4; i++) {
			__u32 s = key->ipv6.addr.src.in6_u.u6_addr32[i];
			__u32 d = key->ipv6.addr.dst.in6_u.u6_addr32[i];

			__builtin_memcpy(f->ipv6_src + 4 * i, &s, 4);
			__builtin_memcpy(f->ipv6_dst + 4 * i, &d, 4);
		}
		f->ipv6_label = key->ipv6.label;
	}
}

/* ovs_dp_upcall(): the event goes out at entry, before the message is
 * queued, so it always precedes its handler's read and put in the ring;
 * the return only says whether the message got onto the socket, and is
 * sent only when that matters (upcall_return()). BH is off in the
 * datapath, so entry and return of one call run on one CPU; a small per-CPU
 * stack pairs them across an upcall made during another. */
#define UPCALL_NEST_MAX 4

struct upcall_stack {
	__u32 depth;
	__u32 action;			/* bit d: slot d is an action upcall */
	__u64 ts[UPCALL_NEST_MAX];	/* 0: not traced */
	__u64 msg[UPCALL_NEST_MAX];	/* skb of its last queued message, 0: none */
	__u64 addr;			/* see plain_addr() */
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct upcall_stack);
} upcall_stacks SEC(".maps");

/* The kprobe side's copy of struct sw_flow_key: one read of the whole key
 * (~470 bytes) costs less than the ~25 small reads of its fields, and lets
 * the kprobe and fentry programs share one body. kprobe programs do not
 * nest on a CPU (bpf_prog_active), so one slot per CPU is enough. */
#define KEY_COPY_MAX 1024

struct key_copy {
	__u8 b[KEY_COPY_MAX];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct key_copy);
} key_copies SEC(".maps");

/* The packet's first bytes, from the Ethernet header: the datapath has
 * pushed it back onto skb->data before the upcall. Only the linear head is
 * read; paged data would need the skb's frags. */
static __always_inline void copy_packet(struct out_upcall *e, struct sk_buff *skb, bool btf)
{
	/* 64-bit throughout: a u32 difference would reach the helper as a
	 * register the verifier must treat as possibly negative. */
	__u64 len = READ(btf, skb, len);
	unsigned char *data;
	__u64 paged, n = snaplen;

	e->skb_len = len;
	e->cap_len = 0;
	/* No packet bytes unless -w, an expression or a recording reads
	 * them: snaplen is 0 then, and the verifier drops the rest. */
	if (!SNAP)
		return;
	data = READ(btf, skb, data);
	paged = READ(btf, skb, data_len);
	if (paged >= len)
		n = 0;
	else if (len - paged < n)
		n = len - paged;
	if (n > SNAP)
		n = SNAP;
	if (bpf_probe_read_kernel(e->packet, n, data)) {
		count(OUT_CNT_READ_ERR);
		n = 0;
	}
	e->cap_len = n;
}

static __always_inline __u32 gso_size(struct sk_buff *skb, bool btf)
{
	/* skb_shinfo(): at head + end on 64-bit (end is an offset there). */
	struct skb_shared_info *shinfo;

	shinfo = (void *)(READ(btf, skb, head) + READ(btf, skb, end));
	return BPF_CORE_READ(shinfo, gso_size);
}

/* Entry half one: claim a slot of this CPU's upcall stack, which the
 * return pops whatever happens here. The slot index, or -1. */
static __always_inline int upcall_push(struct upcall_stack **stp)
{
	struct upcall_stack *st;
	__u32 zero = 0, d;

	st = bpf_map_lookup_elem(&upcall_stacks, &zero);
	if (!st)
		return -1;
	d = st->depth++;
	if (d >= UPCALL_NEST_MAX) {
		count(OUT_CNT_NEST);
		return -1;
	}
	st->ts[d] = 0;
	st->msg[d] = 0;
	st->action &= ~(1u << d);
	*stp = st;
	return d;
}

/* Entry half two: the filter, on key fields only (phy and eth). */
static __always_inline bool upcall_wanted(struct sk_buff *skb, const struct sw_flow_key *key,
					  bool btf)
{
	__u16 outer = 0;
	bool pass;

	if (key->eth.vlan.tci & bpf_htons(VLAN_CFI_MASK))
		outer = key->eth.vlan.tpid;
	pass = eth_src_ok(key->eth.src) && eth_type_ok(outer, key->eth.type);
	if (pass && filter_in_port_on)
		pass = key->phy.in_port == filter_in_port;
	if (pass && filter_dev_on) {
		pass = dev_ok(READ(btf, skb, dev), btf);
		if (pass) {
			__u32 port = key->phy.in_port;
			__u8 one = 1;

			if (bpf_map_update_elem(&dev_ports, &port, &one, BPF_ANY))
				count(OUT_CNT_DEV_PORT_ERR);
		}
	}
	return pass;
}

/* Entry half three, for a wanted upcall: the event. */
static __always_inline int upcall_emit(struct upcall_stack *st, __u32 d, struct sk_buff *skb,
				       const struct sw_flow_key *key,
				       const struct dp_upcall_info *info, __u32 cutlen, bool btf)
{
	struct out_upcall *e;
	struct net_device *dev;
	struct reader fresh = {};
	__u32 portid;

	count(OUT_CNT_UPCALL_SEEN);
	e = bpf_ringbuf_reserve(&events, offsetof(struct out_upcall, packet) + SNAP, 0);
	if (!e) {
		count(OUT_CNT_LOST_UPCALL);
		return 0;
	}
	fill_hdr(&e->hdr, OUT_EV_UPCALL);
	__builtin_memset(&e->key, 0, sizeof(e->key));
	read_key_fields(&e->key, key);
	portid = READ(btf, info, portid);
	e->portid = portid;
	e->cmd = READ(btf, info, cmd);
	e->pad[0] = e->pad[1] = e->pad[2] = 0;
	e->pad2 = 0;
	e->cutlen = cutlen;
	e->gso_size = gso_size(skb, btf);
	copy_packet(e, skb, btf);
	e->ifindex = 0;
	e->netns_ino = 0;
	e->dev[0] = 0;
	dev = READ(btf, skb, dev);
	if (dev) {
		struct net *net = READ(btf, dev, nd_net.net);

		e->ifindex = READ(btf, dev, ifindex);
		if (net)
			e->netns_ino = READ(btf, net, ns.inum);
		dev_name(e->dev, dev, btf);
	}
	if (d < UPCALL_NEST_MAX) {
		st->ts[d] = e->hdr.ts_ns;
		if (e->cmd == OVS_PACKET_CMD_ACTION)
			st->action |= 1u << d;
	}
	bpf_ringbuf_submit(e, ring_flags());

	/* Known before the handler can read the socket: its reads of it are
	 * looked at from now on. Looked up first: an LRU update takes a free
	 * node (and may evict) before it finds the key there already. */
	if (!bpf_map_lookup_elem(&portid_reader, &portid))
		bpf_map_update_elem(&portid_reader, &portid, &fresh, BPF_NOEXIST);
	return 0;
}

SEC("kprobe/ovs_dp_upcall")
int BPF_KPROBE(kp_upcall, void *dp, struct sk_buff *skb,
	       const struct sw_flow_key *key, const struct dp_upcall_info *info,
	       __u32 cutlen)
{
	__u32 zero = 0, size = bpf_core_type_size(struct sw_flow_key);
	__u32 head = bpf_core_field_offset(struct sw_flow_key, phy);
	__u32 head_end = bpf_core_field_offset(struct sw_flow_key, eth) +
			 bpf_core_field_size(struct sw_flow_key, eth);
	const struct sw_flow_key *copy;
	struct upcall_stack *st = NULL;
	struct key_copy *kc;
	int d;

	d = upcall_push(&st);
	kc = bpf_map_lookup_elem(&key_copies, &zero);
	if (d < 0 || !kc || !st)
		return 0;
	copy = (const struct sw_flow_key *)kc->b;
	/* The filter needs phy and eth, adjacent in every kernel: one small
	 * read decides; the whole key only for a wanted upcall. */
	if (head >= head_end || head_end > sizeof(kc->b) ||
	    bpf_probe_read_kernel(kc->b + (head & (KEY_COPY_MAX - 1)),
				  (head_end - head) & (KEY_COPY_MAX - 1), (void *)key + head)) {
		count(OUT_CNT_READ_ERR);
		return 0;
	}
	if (!upcall_wanted(skb, copy, false))
		return 0;
	if (size > sizeof(kc->b))
		size = sizeof(kc->b);
	if (bpf_probe_read_kernel(kc->b, size, key)) {
		count(OUT_CNT_READ_ERR);
		return 0;
	}
	return upcall_emit(st, d, skb, copy, info, cutlen, false);
}

SEC("fentry/ovs_dp_upcall")
int BPF_PROG(fe_upcall, void *dp, struct sk_buff *skb,
	     const struct sw_flow_key *key, const struct dp_upcall_info *info,
	     __u32 cutlen)
{
	struct upcall_stack *st = NULL;
	int d;

	d = upcall_push(&st);
	if (d < 0 || !st || !upcall_wanted(skb, key, true))
		return 0;
	return upcall_emit(st, d, skb, key, info, cutlen, true);
}

static __always_inline int upcall_return(int ret)
{
	struct out_upcall_ret *e;
	struct upcall_stack *st;
	__u32 zero = 0, d;
	__u64 ts, msg;

	st = bpf_map_lookup_elem(&upcall_stacks, &zero);
	if (!st || !st->depth)
		return 0;
	d = --st->depth;
	if (d >= UPCALL_NEST_MAX)
		return 0;
	ts = st->ts[d];
	/* The slot's message is this call's only: a later call that fails
	 * before its unicast must not take an earlier message's entry. */
	msg = st->msg[d];
	st->msg[d] = 0;
	if (!ts)
		return 0;
	st->ts[d] = 0;
	/* queue_userspace_packet() ends with the unicast: on failure its
	 * message (a GSO packet's last segment) was freed, not queued. */
	if (ret)
		queued_msg_del(msg);
	/* A miss queued to its socket needs no event: its flow put, or the
	 * lack of one, tells the rest. Failures do, and action upcalls, which
	 * get no put: one ring record less per traced miss. */
	if (!ret && !(st->action & (1u << d)))
		return 0;

	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		count(OUT_CNT_LOST_UPCALL_RET);
		return 0;
	}
	fill_hdr(&e->hdr, OUT_EV_UPCALL_RET);
	e->upcall_ts = ts;
	e->ret = ret;
	e->pad = 0;
	bpf_ringbuf_submit(e, ring_flags());
	return 0;
}

SEC("kretprobe/ovs_dp_upcall")
int BPF_KRETPROBE(kp_upcall_ret, int ret)
{
	return upcall_return(ret);
}

SEC("fexit/ovs_dp_upcall")
int BPF_PROG(fx_upcall_ret, void *dp, struct sk_buff *skb, const struct sw_flow_key *key,
	     const struct dp_upcall_info *info, __u32 cutlen, int ret)
{
	return upcall_return(ret);
}

/* A slot for skb in the array of queued messages: one left by this
 * address (a message freed unread, its socket closed), else a free one,
 * claimed with a cmpxchg: another CPU may be claiming in the same bucket.
 * Returns 1 for a new slot, 0 for a reused one, -1 when the bucket is full. */
static __always_inline int queued_claim(__u64 skb, const struct queued_msg *m)
{
	struct queued_bucket *qb = queued_bucket(skb);
	struct queued_slot *s;

	if (!qb)
		return -1;
	s = queued_find(qb, skb);
	if (s) {
		s->m = *m;
		return 0;
	}
	for (int i = 0; i < QUEUED_WAYS; i++) {
		if (qb->s[i].skb || __sync_val_compare_and_swap(&qb->s[i].skb, 0, skb))
			continue;
		qb->s[i].m = *m;
		return 1;
	}
	return -1;
}

static __always_inline int queued_insert(__u64 skb, const struct queued_msg *m, bool cas)
{
	long err;

	if (cas)
		return queued_claim(skb, m);
	err = bpf_map_update_elem(&queued_msgs, &skb, m, BPF_NOEXIST);
	if (!err)
		return 1;
	if (err != -EEXIST)
		return -1;
	/* An entry left by a message freed unread (its socket closed): the
	 * address is this message's now. */
	bpf_map_update_elem(&queued_msgs, &skb, m, BPF_EXIST);
	return 0;
}

/* netlink_unicast() inside a traced ovs_dp_upcall() on this CPU: skb is
 * that upcall's message (netlink_trim() keeps an unshared skb), about to be
 * queued on the handler socket. Known before any reader can see it. */
static __always_inline int upcall_message(struct sk_buff *skb, bool cas)
{
	struct queued_msg q = {};
	struct upcall_stack *st;
	__u64 key = (__u64)skb;
	__u32 zero = 0, d;
	int added;

	st = bpf_map_lookup_elem(&upcall_stacks, &zero);
	if (!st || !st->depth)
		return 0;
	d = st->depth - 1;
	if (d >= UPCALL_NEST_MAX || !st->ts[d])
		return 0;
	if (cas)
		key = plain_addr(&st->addr, skb);
	q.upcall_ts = st->ts[d];
	q.upcall_cpu = bpf_get_smp_processor_id();
	added = queued_insert(key, &q, cas);
	if (added < 0) {
		count(OUT_CNT_QUEUE_FULL);
		return 0;
	}
	if (added)
		unread_add(1);
	st->msg[d] = key;
	return 0;
}

SEC("kprobe/netlink_unicast")
int BPF_KPROBE(kp_unicast, struct sock *ssk, struct sk_buff *skb)
{
	return upcall_message(skb, false);
}

SEC("fentry/netlink_unicast")
int BPF_PROG(fe_unicast, struct sock *ssk, struct sk_buff *skb)
{
	return upcall_message(skb, false);
}

SEC("kprobe/netlink_unicast")
int BPF_KPROBE(kp_unicast_cas, struct sock *ssk, struct sk_buff *skb)
{
	return upcall_message(skb, true);
}

SEC("fentry/netlink_unicast")
int BPF_PROG(fe_unicast_cas, struct sock *ssk, struct sk_buff *skb)
{
	return upcall_message(skb, true);
}

/* A read of an upcall socket. The message it takes is the head of the
 * receive queue now: only the socket's one reader dequeues, and messages
 * are only ever added at the tail. The call takes none with MSG_PEEK, or
 * when a pending socket error (ENOBUFS after an overflow) is returned
 * first; an error set between this check and the kernel's own makes the
 * read reported one call early, by the same thread. */
static __always_inline int handler_read(struct socket *sock, int flags, bool btf)
{
	struct out_upcall_read *r;
	struct queued_slot *slot;
	struct queued_msg *q;
	struct out_handler *e;
	struct reader *reader;
	struct sk_buff *head;
	struct sock *sk;
	__u32 portid, tid, prev, zero = 0;
	__u64 *pending, key;

	pending = bpf_map_lookup_elem(&unread_total, &zero);
	if (!pending || !*pending)
		return 0;
	/* struct netlink_sock starts with its struct sock (nlk_sk()). Upcall
	 * sockets are generic netlink; other families reuse portid values. */
	sk = READ(btf, sock, sk);
	if (!sk || READ(btf, sk, sk_protocol) != NETLINK_GENERIC)
		return 0;
	portid = BPF_CORE_READ((struct netlink_sock *)sk, portid);
	reader = bpf_map_lookup_elem(&portid_reader, &portid);
	if (!reader)
		return 0;
	tid = (__u32)bpf_get_current_pid_tgid();
	prev = reader->tid;
	if (prev != tid) {
		e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
		if (e) {
			reader->tid = tid;
			fill_hdr(&e->hdr, OUT_EV_HANDLER);
			e->portid = portid;
			e->prev_tid = prev;
			e->flags = OUT_H_CHANGED;
			e->pad = 0;
			bpf_ringbuf_submit(e, ring_flags());
		} else {
			/* The old reader stays, so the next read reports
			 * the change again. */
			count(OUT_CNT_LOST_HANDLER);
		}
	}
	if ((flags & MSG_PEEK) || READ(btf, sk, sk_err))
		return 0;
	head = READ(btf, sk, sk_receive_queue.next);
	if (!head || (void *)head == (void *)&sk->sk_receive_queue)
		return 0;
	key = (__u64)head;
	if (queued_cas) {
		__u64 *w = bpf_map_lookup_elem(&read_addr, &zero);

		if (!w)
			return 0;
		key = plain_addr(w, head);
	}
	q = queued_msg_get(key, &slot);
	if (!q)
		return 0;
	count(OUT_CNT_READ_SEEN);
	r = bpf_ringbuf_reserve(&events, sizeof(*r), 0);
	if (r) {
		fill_hdr(&r->hdr, OUT_EV_UPCALL_READ);
		r->upcall_ts = q->upcall_ts;
		r->upcall_cpu = q->upcall_cpu;
		r->portid = portid;
		bpf_ringbuf_submit(r, ring_flags());
	} else {
		count(OUT_CNT_LOST_READ);
	}
	/* The slot found above, without a second search of its bucket. */
	if (slot)
		queued_slot_free(slot);
	else
		queued_msg_del(key);
	return 0;
}

SEC("kprobe/netlink_recvmsg")
int BPF_KPROBE(kp_recvmsg, struct socket *sock, struct msghdr *msg, size_t len, int flags)
{
	return handler_read(sock, flags, false);
}

SEC("fentry/netlink_recvmsg")
int BPF_PROG(fe_recvmsg, struct socket *sock, struct msghdr *msg, size_t len, int flags)
{
	return handler_read(sock, flags, true);
}

static __always_inline const struct nlattr *flow_attr(struct nlattr **attrs, int type)
{
	const struct nlattr *a = NULL;

	bpf_probe_read_kernel(&a, sizeof(a), &attrs[type]);
	return a;
}

static __always_inline __u16 attr_payload_len(const struct nlattr *a)
{
	__u16 len = BPF_CORE_READ(a, nla_len);

	return len > 4 ? len - 4 : 0;
}

#define KEY_WALK_LOOP (key_walk_loop && bpf_core_enum_value_exists(enum bpf_func_id, BPF_FUNC_loop))

/* The fields a flow key filter needs, found attribute by attribute. */
struct key_walk {
	const __u8 *copy;	/* the key copied into the record, or NULL */
	const __u8 *kern;	/* the kernel's key payload */
	__u32 off, end;
	__u32 in_port;
	__u16 outer, inner;	/* ethertypes */
	__u8 src[6];
	__u8 have_src, have_port;
};

static __always_inline int key_get(void *dst, __u32 n, const __u8 *src, bool copied)
{
	if (copied) {
		__builtin_memcpy(dst, src, n);
		return 0;
	}
	return bpf_probe_read_kernel(dst, n, src);
}

/* The attribute at w->off, from the copy (a plain load at an offset masked
 * for the verifier) or from the kernel (a small read each); 1 to stop. */
static __always_inline long key_step(struct key_walk *w, bool copied)
{
	__u32 off = w->off;
	const __u8 *v;
	struct nlattr h;
	__u16 type;

	if (off + 4 > w->end)
		return 1;
	if (copied) {
		if (!w->copy)
			return 1;
		v = w->copy + (off & (OUT_KEY_MAX - 1));
	} else {
		v = w->kern + off;
	}
	if (key_get(&h, sizeof(h), v, copied)) {
		count(OUT_CNT_READ_ERR);
		return 1;
	}
	if (h.nla_len < 4 || off + h.nla_len > w->end)
		return 1;
	type = h.nla_type & NLA_TYPE_MASK;
	v += 4;
	if (type == OVS_KEY_ATTR_IN_PORT && h.nla_len >= 4 + 4) {
		w->have_port = !key_get(&w->in_port, 4, v, copied);
	} else if (type == OVS_KEY_ATTR_ETHERNET && h.nla_len >= 4 + 12) {
		w->have_src = !key_get(w->src, 6, v, copied);
	} else if (type == OVS_KEY_ATTR_ETHERTYPE && h.nla_len >= 4 + 2) {
		__u16 t = 0;

		key_get(&t, 2, v, copied);
		if (w->outer)
			w->inner = t;
		else
			w->outer = t;
	} else if (type == OVS_KEY_ATTR_ENCAP &&
		   (w->outer == bpf_htons(ETH_P_8021Q) || w->outer == bpf_htons(ETH_P_8021AD))) {
		/* Walk on inside the 802.1Q encapsulation: its ethertype is
		 * the inner one. */
		w->end = off + h.nla_len;
		w->off = off + 4;
		return 0;
	}
	w->off = off + ((h.nla_len + 3) & ~3);
	/* Stop as soon as the answer is known: IPv4/L4 attributes come after
	 * ETHERNET and ETHERTYPE, and a foreign eth src settles it there. Only
	 * in the bpf_loop() step, verified once: in the unrolled walk these
	 * branches multiply the verifier's states (loads took ~30 s longer on 6.1). */
	if (!copied)
		return 0;
	if (w->have_src && !eth_src_ok(w->src))
		return 1;
	if (filter_eth_src_on && !w->have_src)
		return 0;
	if ((filter_in_port_on || filter_dev_on) && !w->have_port)
		return 0;
	if (filter_eth_type_on && !w->inner &&
	    (!w->outer || w->outer == bpf_htons(ETH_P_8021Q) || w->outer == bpf_htons(ETH_P_8021AD)))
		return 0;
	return 1;
}

static long key_step_copied(__u32 i, void *w)
{
	return key_step(w, true);
}

/* Whether a flow key passes the filters. With bpf_loop() (5.17+) the walk
 * runs over copy, the key already read into the record with one read: the
 * verifier checks the step once, where an unrolled walk over a bounded
 * cursor made a state per attribute and hit E2BIG on 6.1. Without it (or
 * with no copy: a key longer than the record keeps), a small read per
 * attribute from the kernel's key. */
static __always_inline bool key_passes(const struct nlattr *ka, const __u8 *copy, __u32 len,
				       bool loop)
{
	struct key_walk w = {
		.copy = copy,
		.kern = (const __u8 *)ka + 4,
		.end = len,
	};

	if (!filter_eth_src_on && !filter_eth_type_on && !filter_in_port_on && !filter_dev_on)
		return true;
	if (loop && copy && KEY_WALK_LOOP) {
		bpf_loop(KEY_ATTRS_MAX, key_step_copied, &w, 0);
	} else {
		for (int i = 0; i < KEY_ATTRS_MAX; i++)
			if (key_step(&w, false))
				break;
	}
	if (filter_eth_src_on && (!w.have_src || !eth_src_ok(w.src)))
		return false;
	if (filter_in_port_on && (!w.have_port || w.in_port != filter_in_port))
		return false;
	if (filter_dev_on && (!w.have_port || !bpf_map_lookup_elem(&dev_ports, &w.in_port)))
		return false;
	return eth_type_ok(w.outer, w.inner ? w.inner : w.outer);
}

/* Appends attribute a's payload at data[off], at most max bytes. */
static __always_inline __u16 copy_attr(__u8 *data, __u32 off, const struct nlattr *a, __u32 max,
				       __u16 *orig, __u32 *flags, __u32 trunc_flag)
{
	__u32 len = attr_payload_len(a);

	*orig = len;
	if (len > max) {
		len = max;
		*flags |= trunc_flag;
	}
	/* Bounds the verifier can see: off <= 2 * OUT_KEY_MAX by the callers,
	 * len <= max. */
	if (off > 2 * OUT_KEY_MAX || len > OUT_ACTIONS_MAX)
		return 0;
	if (bpf_probe_read_kernel(data + off, len, (const void *)a + 4)) {
		count(OUT_CNT_READ_ERR);
		return 0;
	}
	return len;
}

/* A flow put is built here and sent with only the bytes its attributes
 * use (~400 of 2 KiB on real flows), so the ring holds five times more
 * puts. Not shared with the upcall programs, which can interrupt a put on
 * the same CPU under fentry. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct out_put_rec);
} put_scratch SEC(".maps");

/* The datapath a request is for: its ovs_header, genl's user header
 * (info->userhdr until 6.7, then right after info->genlhdr). */
static __always_inline __u32 dp_ifindex(struct genl_info *info)
{
	void *hdr;
	__s32 ifindex = 0;

	if (bpf_core_field_exists(info->userhdr))
		hdr = BPF_CORE_READ(info, userhdr);
	else
		hdr = (void *)BPF_CORE_READ(info, genlhdr) + GENL_HDRLEN;

	if (!hdr || bpf_probe_read_kernel(&ifindex, sizeof(ifindex), hdr))
		count(OUT_CNT_READ_ERR);
	return ifindex;
}

/* The put's MASK and ACTIONS after its key in e->data, each cut to its
 * room. Returns the offset past them. */
static __always_inline __u32 put_mask_actions(struct out_put_rec *e, __u32 off,
					      const struct nlattr *ma,
					      const struct nlattr *aa)
{
	if (ma) {
		e->flags |= OUT_F_HAS_MASK;
		e->mask_len = copy_attr(e->data, off, ma, OUT_KEY_MAX, &e->mask_len_orig,
					&e->flags, OUT_F_MASK_TRUNC);
		off += e->mask_len;
	}
	if (aa) {
		e->flags |= OUT_F_HAS_ACTIONS;
		e->actions_len = copy_attr(e->data, off, aa, OUT_ACTIONS_MAX,
					   &e->actions_len_orig, &e->flags,
					   OUT_F_ACTIONS_TRUNC);
		off += e->actions_len;
	}
	return off;
}

/* The UFID, and under --lifecycle the flow it names, to follow to its end. */
static __always_inline void put_ufid(struct out_put_rec *e, const struct nlattr *ua)
{
	if (ua && attr_payload_len(ua) >= OUT_UFID_LEN &&
	    !bpf_probe_read_kernel(e->ufid, OUT_UFID_LEN, (const void *)ua + 4)) {
		e->flags |= OUT_F_HAS_UFID;
		if (lifecycle_on) {
			struct ufid_key k;
			__u8 one = 1;

			/* Counted only when new, so that adds - deletes -
			 * entries left is the LRU's evictions, exactly. */
			__builtin_memcpy(k.b, e->ufid, sizeof(k.b));
			if (!bpf_map_update_elem(&tracked_ufids, &k, &one, BPF_NOEXIST))
				count(OUT_CNT_UFID_ADD);
		}
	}
}

/* Reports a flow put that passes the filter; true if it went out. loop
 * (a constant) builds the bpf_loop() walk in: a kernel before 5.13 refuses
 * a program that so much as names the callback, even where it is never
 * called, so those get the programs built without (the _noloop ones). */
static __always_inline bool flow_put(struct genl_info *info, bool btf, bool loop)
{
	struct nlattr **attrs = READ(btf, info, attrs);
	const struct nlattr *a[OVS_FLOW_ATTR_UFID + 1] = {};
	const struct nlattr *ka;
	struct out_put_rec *e;
	__u32 zero = 0, off, klen;
	/* 64-bit: a u32's zero extension gives the helper a copy the bound
	 * below never reached. */
	__u64 size, flags;
	bool copied;

	e = bpf_map_lookup_elem(&put_scratch, &zero);
	/* The attribute table in one read, the key in another. */
	if (!e)
		return false;
	if (bpf_probe_read_kernel(a, sizeof(a), attrs)) {
		count(OUT_CNT_READ_ERR);
		return false;
	}
	ka = a[OVS_FLOW_ATTR_KEY];
	if (!ka)
		return false;
	klen = attr_payload_len(ka);
	e->flags = bpf_core_field_exists(((struct sw_flow_key *)0)->ipv6.exthdrs) ? 0 : OUT_F_NO_EXTHDRS;
	e->key_len_orig = klen;
	if (klen > OUT_KEY_MAX) {
		klen = OUT_KEY_MAX;
		e->flags |= OUT_F_KEY_TRUNC;
	}
	/* Filtered after the copy where the copy can be walked, before it
	 * where not, so a rejected put pays the fewest reads either way. */
	copied = loop && KEY_WALK_LOOP && !(e->flags & OUT_F_KEY_TRUNC);
	if (!copied && !key_passes(ka, NULL, e->key_len_orig, loop))
		return false;
	if (bpf_probe_read_kernel(e->data, klen, (const void *)ka + 4)) {
		count(OUT_CNT_READ_ERR);
		return false;
	}
	if (copied && !key_passes(ka, e->data, klen, loop))
		return false;
	count(OUT_CNT_PUT_SEEN);

	fill_hdr(&e->hdr, OUT_EV_FLOW_PUT);
	e->snd_portid = READ(btf, info, snd_portid);
	e->snd_seq = READ(btf, info, snd_seq);
	e->dp_ifindex = dp_ifindex(info);
	e->pad = 0;
	e->key_len = klen;
	e->mask_len = e->mask_len_orig = 0;
	e->actions_len = e->actions_len_orig = 0;
	__builtin_memset(e->ufid, 0, sizeof(e->ufid));
	off = klen;
	off = put_mask_actions(e, off, a[OVS_FLOW_ATTR_MASK], a[OVS_FLOW_ATTR_ACTIONS]);
	put_ufid(e, a[OVS_FLOW_ATTR_UFID]);
	if (e->flags & (OUT_F_KEY_TRUNC | OUT_F_MASK_TRUNC | OUT_F_ACTIONS_TRUNC))
		count(OUT_CNT_TRUNC);

	flags = ring_flags();
	size = offsetof(struct out_put_rec, data) + off;
	if (size > sizeof(*e))
		size = sizeof(*e);
	if (bpf_ringbuf_output(&events, e, size, flags)) {
		count(OUT_CNT_LOST_PUT);
		return false;
	}
	return true;
}

/* put_hdr: the put's own header under fexit, same thread and moment, so
 * copied rather than made again with four helper calls. */
static __always_inline void put_result(int ret, const struct out_hdr *put_hdr)
{
	struct out_flow_ret *e;

	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		count(OUT_CNT_LOST_PUT_RET);
		return;
	}
	if (put_hdr) {
		__builtin_memcpy(&e->hdr, put_hdr, sizeof(e->hdr));
		e->hdr.type = OUT_EV_FLOW_RET;
	} else {
		fill_hdr(&e->hdr, OUT_EV_FLOW_RET);
	}
	e->ret = ret;
	e->pad = 0;
	bpf_ringbuf_submit(e, ring_flags());
}

/* kprobes: the put at entry, its result at return, joined by the in-flight
 * mark of the thread (see req_inflight). */
SEC("kprobe/ovs_flow_cmd_new")
int BPF_KPROBE(kp_flow_put, struct sk_buff *skb, struct genl_info *info)
{
	req_mark(info, flow_put(info, false, true));
	return 0;
}

SEC("kprobe/ovs_flow_cmd_new")
int BPF_KPROBE(kp_flow_put_noloop, struct sk_buff *skb, struct genl_info *info)
{
	req_mark(info, flow_put(info, false, false));
	return 0;
}

SEC("kretprobe/ovs_flow_cmd_new")
int BPF_KRETPROBE(kp_flow_put_ret, int ret)
{
	if (req_take())
		put_result(ret, NULL);
	return 0;
}

/* fentry: one program at the return, which sees the arguments (the request
 * and its attributes live until the caller frees them) and the result: one
 * trampoline where entry + exit took two, and no in-flight mark. The put's
 * timestamp is its return, as its result's always was. */
static __always_inline int fx_put(struct genl_info *info, int ret, bool loop)
{
	struct out_put_rec *e;
	__u32 zero = 0;

	if (!flow_put(info, true, loop))
		return 0;
	e = bpf_map_lookup_elem(&put_scratch, &zero);
	if (e)
		put_result(ret, &e->hdr);
	return 0;
}

SEC("fexit/ovs_flow_cmd_new")
int BPF_PROG(fx_flow_put, struct sk_buff *skb, struct genl_info *info, int ret)
{
	return fx_put(info, ret, true);
}

SEC("fexit/ovs_flow_cmd_new")
int BPF_PROG(fx_flow_put_noloop, struct sk_buff *skb, struct genl_info *info, int ret)
{
	return fx_put(info, ret, false);
}

/* --lifecycle: the end of a traced flow, whoever removes it (a revalidator
 * aging it out, ovs-dpctl del-flow, ...), with its final statistics. */
static __always_inline int flow_remove(struct sw_flow *flow)
{
	struct ufid_key k = {};
	struct out_flow_del *e;
	__u64 packets = 0, bytes = 0;
	__u16 tcp_flags = 0;
	unsigned long stats_off;

	if (BPF_CORE_READ(flow, id.ufid_len) != OUT_UFID_LEN ||
	    bpf_core_read(k.b, sizeof(k.b), &flow->id.ufid))
		return 0;
	if (bpf_map_delete_elem(&tracked_ufids, &k))
		return 0;
	count(OUT_CNT_UFID_DEL);

	stats_off = bpf_core_field_offset(struct sw_flow, stats);
	if (nr_cpus > STATS_CPUS_MAX)
		count(OUT_CNT_TRUNC);
	for (__u32 i = 0; i < STATS_CPUS_MAX && i < nr_cpus; i++) {
		struct sw_flow_stats *st = NULL;

		bpf_probe_read_kernel(&st, sizeof(st), (void *)flow + stats_off + i * sizeof(st));
		if (!st)
			continue;
		packets += BPF_CORE_READ(st, packet_count);
		bytes += BPF_CORE_READ(st, byte_count);
		tcp_flags |= BPF_CORE_READ(st, tcp_flags);
	}

	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		count(OUT_CNT_LOST_LIFECYCLE);
		return 0;
	}
	fill_hdr(&e->hdr, OUT_EV_FLOW_DEL);
	e->packets = packets;
	e->bytes = bytes;
	__builtin_memcpy(e->ufid, k.b, sizeof(e->ufid));
	e->flags = 0;
	e->tcp_flags = tcp_flags;
	e->pad = 0;
	e->dp_ifindex = 0;
	e->pad2 = 0;
	bpf_ringbuf_submit(e, ring_flags());
	return 0;
}

SEC("kprobe/ovs_flow_tbl_remove")
int BPF_KPROBE(kp_flow_remove, void *table, struct sw_flow *flow)
{
	return flow_remove(flow);
}

SEC("fentry/ovs_flow_tbl_remove")
int BPF_PROG(fe_flow_remove, void *table, struct sw_flow *flow)
{
	return flow_remove(flow);
}

/* --lifecycle: a request that deleted every flow of one datapath
 * (OVS_FLOW_CMD_DEL without key or UFID: ovs-dpctl del-flows, a datapath
 * reset), once it succeeded. The kernel reports no statistics for these. */
static __always_inline bool is_flush(struct genl_info *info)
{
	struct nlattr **attrs = BPF_CORE_READ(info, attrs);

	return !flow_attr(attrs, OVS_FLOW_ATTR_KEY) && !flow_attr(attrs, OVS_FLOW_ATTR_UFID);
}

static __always_inline int flow_flush(__u32 dp_ifindex)
{
	struct out_flow_del *e;

	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		count(OUT_CNT_LOST_LIFECYCLE);
		return 0;
	}
	__builtin_memset(e, 0, sizeof(*e));
	fill_hdr(&e->hdr, OUT_EV_FLOW_DEL);
	e->flags = OUT_D_FLUSH;
	e->dp_ifindex = dp_ifindex;
	bpf_ringbuf_submit(e, ring_flags());
	return 0;
}

SEC("kprobe/ovs_flow_cmd_del")
int BPF_KPROBE(kp_flow_del, struct sk_buff *skb, struct genl_info *info)
{
	req_mark(info, is_flush(info));
	return 0;
}

SEC("kretprobe/ovs_flow_cmd_del")
int BPF_KRETPROBE(kp_flow_del_ret, int ret)
{
	struct genl_info *info = req_take();

	if (info && !ret)
		flow_flush(dp_ifindex(info));
	return 0;
}

SEC("fexit/ovs_flow_cmd_del")
int BPF_PROG(fx_flow_del, struct sk_buff *skb, struct genl_info *info, int ret)
{
	if (!ret && is_flush(info))
		flow_flush(dp_ifindex(info));
	return 0;
}

/* --lifecycle: new actions for a traced flow (a revalidator retranslated
 * it after an OpenFlow change), reported once the kernel took them. The
 * request's new actions if it sets them for a traced UFID (into k), else
 * NULL. */
static __always_inline const struct nlattr *set_tracked(struct genl_info *info,
							 struct ufid_key *k)
{
	struct nlattr **attrs = BPF_CORE_READ(info, attrs);
	const struct nlattr *ua, *aa;

	ua = flow_attr(attrs, OVS_FLOW_ATTR_UFID);
	aa = flow_attr(attrs, OVS_FLOW_ATTR_ACTIONS);
	if (!ua || !aa || attr_payload_len(ua) < OUT_UFID_LEN ||
	    bpf_probe_read_kernel(k->b, sizeof(k->b), (const void *)ua + 4) ||
	    !bpf_map_lookup_elem(&tracked_ufids, k))
		return NULL;
	return aa;
}

static __always_inline int flow_set(struct genl_info *info)
{
	struct out_flow_set *e;
	struct ufid_key k = {};
	const struct nlattr *aa = set_tracked(info, &k);

	if (!aa)
		return 0;
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		count(OUT_CNT_LOST_LIFECYCLE);
		return 0;
	}
	fill_hdr(&e->hdr, OUT_EV_FLOW_SET);
	__builtin_memcpy(e->ufid, k.b, sizeof(e->ufid));
	e->flags = OUT_F_HAS_ACTIONS;
	e->actions_len = copy_attr(e->actions, 0, aa, OUT_ACTIONS_MAX, &e->actions_len_orig,
				   &e->flags, OUT_F_ACTIONS_TRUNC);
	if (e->flags & OUT_F_ACTIONS_TRUNC)
		count(OUT_CNT_TRUNC);
	bpf_ringbuf_submit(e, ring_flags());
	return 0;
}

SEC("kprobe/ovs_flow_cmd_set")
int BPF_KPROBE(kp_flow_set, struct sk_buff *skb, struct genl_info *info)
{
	struct ufid_key k = {};

	req_mark(info, set_tracked(info, &k) != NULL);
	return 0;
}

SEC("kretprobe/ovs_flow_cmd_set")
int BPF_KRETPROBE(kp_flow_set_ret, int ret)
{
	struct genl_info *info = req_take();

	if (info && !ret)
		flow_set(info);
	return 0;
}

SEC("fexit/ovs_flow_cmd_set")
int BPF_PROG(fx_flow_set, struct sk_buff *skb, struct genl_info *info, int ret)
{
	if (!ret)
		flow_set(info);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
