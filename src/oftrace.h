/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The text of ovs-vswitchd's `ofproto/trace`, parsed into the OpenFlow rules
 * the translation went through and, per pass (the first, then one per
 * recirculation the trace followed), its Flow, Megaflow and Datapath
 * actions lines. A pure function over the bytes: lines it does not know are
 * skipped, lines it needs and cannot read are an error that names the line.
 */
#ifndef OFTRACE_H
#define OFTRACE_H

#include <stddef.h>
#include <stdint.h>

struct oftrace_rule {
	unsigned int pass;	/* index into oftrace.passes */
	char *bridge;		/* bridge("br0") of the section it is in */
	int table;
	int matched;		/* 0: the table had no rule for the packet */
	int priority;		/* -1 when !matched */
	uint64_t cookie;	/* 0 when the trace printed none */
	char *match;		/* "" for a catch-all rule, the trace's text when !matched */
	char *actions;		/* the rule's actions as the trace ran them, one
				 * level deep, joined by ","; "" for none */
};

struct oftrace_pass {
	char *title;		/* "" for the first pass; the recirculation's
				 * heading ("recirc(0x1) - resume conntrack ...") */
	char *flow;		/* after "Flow: " */
	char *megaflow;		/* after "Megaflow: ", NULL if none printed */
	char *dp_actions;	/* after "Datapath actions: ", NULL if none */
};

struct oftrace {
	struct oftrace_rule *rules;
	size_t n_rules;
	struct oftrace_pass *passes;
	size_t n_passes;
};

/* 0, -EBADMSG (with 'why': which line, what was wrong) or -ENOMEM. *out is
 * empty on error. */
int oftrace_parse(const char *buf, size_t len, struct oftrace *out, char *why, size_t why_len);
void oftrace_free(struct oftrace *t);

#endif /* OFTRACE_H */
