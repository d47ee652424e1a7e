// SPDX-License-Identifier: GPL-2.0-only
/* Filter expressions: libpcap compiles and runs them, as in tcpdump. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pcap/pcap.h>

#include "pktfilter.h"

struct pktfilter {
	struct bpf_program prog;
};

int pktfilter_compile(struct pktfilter **out, const char *expr, uint32_t snaplen,
		      char *err, size_t errlen)
{
	struct pktfilter *f = NULL;
	pcap_t *p = NULL;
	int ret = -ENOMEM;

	*out = NULL;
	f = calloc(1, sizeof(*f));
	p = pcap_open_dead(DLT_EN10MB, snaplen);
	if (!f || !p) {
		snprintf(err, errlen, "out of memory");
		goto cleanup;
	}
	if (pcap_compile(p, &f->prog, expr, 1, PCAP_NETMASK_UNKNOWN)) {
		snprintf(err, errlen, "%s", pcap_geterr(p));
		ret = -EINVAL;
		goto cleanup;
	}
	*out = f;
	f = NULL;
	ret = 0;
cleanup:
	if (p)
		pcap_close(p);
	free(f);
	return ret;
}

bool pktfilter_match(const struct pktfilter *f, const void *pkt, uint32_t caplen, uint32_t len)
{
	struct pcap_pkthdr h = { .caplen = caplen, .len = len < caplen ? caplen : len };

	return pcap_offline_filter(&f->prog, &h, pkt) != 0;
}

void pktfilter_free(struct pktfilter *f)
{
	if (!f)
		return;
	pcap_freecode(&f->prog);
	free(f);
}
