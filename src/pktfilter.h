/* SPDX-License-Identifier: GPL-2.0-only */
/* tcpdump filter expressions on upcalled packets, compiled by libpcap. */
#ifndef PKTFILTER_H
#define PKTFILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pktfilter;

/* Compiles expr for Ethernet frames of at most snaplen bytes. On error
 * writes libpcap's message to err and returns -EINVAL. */
int pktfilter_compile(struct pktfilter **out, const char *expr, uint32_t snaplen,
		      char *err, size_t errlen);
/* Does the packet (caplen bytes captured of len) pass? */
bool pktfilter_match(const struct pktfilter *f, const void *pkt, uint32_t caplen, uint32_t len);
void pktfilter_free(struct pktfilter *f);

#endif /* PKTFILTER_H */
