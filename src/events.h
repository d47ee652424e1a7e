/* SPDX-License-Identifier: GPL-2.0-only */
/* Validation of raw events from the ring buffer (or a file): never trust
 * kernel data's sizes and lengths before reading them. */
#ifndef EVENTS_H
#define EVENTS_H

#include <stddef.h>
#include <linux/types.h>

#include "ovs_upcall_trace.h"

/* A flow put unpacked from its record (struct out_put_rec), each attribute
 * at its own place: what the correlator and the formatters work on. */
struct out_flow_put {
	struct out_hdr hdr;
	__u32 snd_portid;	/* info->snd_portid: a pool socket, not the upcall's */
	__u32 snd_seq;
	__u32 flags;		/* OUT_F_* */
	__u32 dp_ifindex;	/* the datapath put into */
	__u16 key_len;		/* bytes in key[] */
	__u16 key_len_orig;	/* attribute payload length in the kernel */
	__u16 mask_len;
	__u16 mask_len_orig;
	__u16 actions_len;
	__u16 actions_len_orig;
	__u32 pad;
	__u8 ufid[OUT_UFID_LEN];
	__u8 key[OUT_KEY_MAX];		/* OVS_FLOW_ATTR_KEY payload */
	__u8 mask[OUT_KEY_MAX];		/* OVS_FLOW_ATTR_MASK payload */
	__u8 actions[OUT_ACTIONS_MAX];	/* OVS_FLOW_ATTR_ACTIONS payload */
};

/* The event's type (enum out_event_type) when data/size hold a complete,
 * consistent event of that type; -EINVAL otherwise. Upcall and put records
 * vary in size: they must hold at least the bytes their lengths claim. */
int event_check(const void *data, size_t size);
/* An upcall record that event_check() accepted (it carries --snaplen
 * packet bytes, not OUT_SNAP_MAX) -> out, the rest zeroed. */
void event_unpack_upcall(const void *data, size_t size, struct out_upcall *out);
/* A record of an event file of version 2 in buf (of size cap), brought in
 * place to this version's layout: puts and flow deletions gained a
 * datapath ifindex (0: unknown). Its new length; len if it needed nothing,
 * 0 if it does not fit cap. */
size_t event_upgrade_v2(void *buf, size_t len, size_t cap);
/* A put record that event_check() accepted -> out. */
void event_unpack_put(const void *data, struct out_flow_put *out);
/* The other way, for tests and recorded fixtures: rec gets the record the
 * BPF side would send; returns its length, 0 for lengths over the maxima. */
size_t event_pack_put(const struct out_flow_put *p, struct out_put_rec *rec);

#endif /* EVENTS_H */
