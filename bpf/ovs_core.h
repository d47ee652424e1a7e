/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The openvswitch module's types, as far as the BPF programs touch them.
 *
 * These types live in the module's BTF (/sys/kernel/btf/openvswitch), not in
 * vmlinux BTF, and the build hosts have no openvswitch module to dump. So,
 * like bcc libbpf-tools' core_fixes.bpf.h, we declare only the fields we read,
 * with preserve_access_index: libbpf matches them by name against the running
 * module's BTF at load time and fixes every offset. Nothing here is an
 * offset; the layout below is only a name map. Field names and nesting follow
 * net/openvswitch/flow.h and datapath.h, unchanged from 6.1 to 6.12, while the
 * offsets do move: struct ip_tunnel_key grew 56 -> 64 bytes when 6.10 turned
 * the tunnel flags into a bitmap ("ip_tunnel: convert __be16 tunnel flags to
 * bitmaps"), shifting every sw_flow_key field after it by 8 (phy 312 -> 320,
 * eth.src 332 -> 340, measured on Debian 6.1.0-56 and 6.12.117).
 */
#ifndef OVS_CORE_H
#define OVS_CORE_H

struct vlan_head {
	__be16 tpid;
	__be16 tci;
} __attribute__((preserve_access_index));

struct sw_flow_key {
	struct {
		u32 priority;
		u32 skb_mark;
		u16 in_port;
	} phy;
	u32 ovs_flow_hash;
	u32 recirc_id;
	struct {
		u8 src[6];
		u8 dst[6];
		struct vlan_head vlan;
		struct vlan_head cvlan;
		__be16 type;
	} eth;
	u8 ct_state;
	union {
		struct {
			u8 proto;
			u8 tos;
			u8 ttl;
			u8 frag;
		} ip;
	};
	u16 ct_zone;
	struct {
		__be16 src;
		__be16 dst;
		__be16 flags;
	} tp;
	union {
		struct {
			struct {
				__be32 src;
				__be32 dst;
			} addr;
		} ipv4;
		struct {
			struct {
				struct in6_addr src;
				struct in6_addr dst;
			} addr;
			__be32 label;
			u16 exthdrs;	/* not in 5.10: bpf_core_field_exists() */
		} ipv6;
	};
	struct {
		u32 mark;
	} ct;
} __attribute__((preserve_access_index));

struct dp_upcall_info {
	u32 portid;
	u8 cmd;
} __attribute__((preserve_access_index));

/* For --lifecycle. The flow's per-CPU statistics follow it in memory, one
 * pointer for each of nr_cpu_ids CPUs, NULL until that CPU counted a
 * packet (flow.c ovs_flow_stats_get()). */
struct sw_flow_id {
	u32 ufid_len;
	union {
		u32 ufid[4];
	};
} __attribute__((preserve_access_index));

struct sw_flow_stats {
	u64 packet_count;
	u64 byte_count;
	__be16 tcp_flags;
} __attribute__((preserve_access_index));

struct sw_flow {
	struct sw_flow_id id;
	struct sw_flow_stats *stats[0];
} __attribute__((preserve_access_index));

#endif /* OVS_CORE_H */
