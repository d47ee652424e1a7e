/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * OpenFlow match text as ovs-vswitchd prints it (match_format(): a trace's
 * "Megaflow:" line, a rule's match in a trace or in ovs-ofctl dump-flows)
 * split into fields with their values and masks, so that a megaflow's
 * fields can be compared with the installed key/mask and a rule's with the
 * fields it made exact (issue 18). Pure: views into the text, no
 * allocation.
 */
#ifndef OFMATCH_H
#define OFMATCH_H

#include <stddef.h>
#include <stdint.h>

enum ofmatch_kind {
	OFM_WORD,	/* "eth", "udp", "ip": a protocol, no '=' */
	OFM_NUM,	/* decimal or 0x hex, mask the same */
	OFM_MAC,	/* xx:xx:xx:xx:xx:xx, mask the same */
	OFM_IPV4,	/* a.b.c.d, mask a prefix length or an address */
	OFM_IPV6,	/* inet_pton's, mask a prefix length or an address */
	OFM_TEXT,	/* anything else (ct_state=+new+trk, nw_frag=no, in_port=LOCAL):
			 * as printed, no value */
};

struct ofmatch_field {
	const char *name;	/* into the text, name_len bytes */
	size_t name_len;
	const char *text;	/* what follows '=' (value and mask), text_len bytes */
	size_t text_len;
	enum ofmatch_kind kind;
	uint8_t width;		/* bytes of value and mask: 8, 6, 4 or 16; 0 otherwise */
	uint8_t value[16];	/* big-endian; masked by mask as OVS prints it */
	uint8_t mask[16];	/* all ones when the text has no '/' */
};

#define OFMATCH_MAX_FIELDS 64

struct ofmatch {
	struct ofmatch_field f[OFMATCH_MAX_FIELDS];
	size_t n;
};

/* 0, or -EINVAL with 'why' naming the field and what is wrong with it. */
int ofmatch_parse(const char *text, size_t len, struct ofmatch *m, char *why, size_t why_len);

/* The field called 'name', or NULL. */
const struct ofmatch_field *ofmatch_find(const struct ofmatch *m, const char *name);

#endif /* OFMATCH_H */
