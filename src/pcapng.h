/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A minimal pcapng writer (draft-ietf-opsawg-pcapng), because libpcap can
 * only write classic pcap, which has neither per-interface names nor
 * per-packet comments. One section, Ethernet interfaces with nanosecond
 * timestamps, one Enhanced Packet Block per packet, in host byte order
 * (readers honour the byte-order magic).
 *
 * Every call flushes, so a reader following the file sees each packet as
 * soon as it is written and a killed tracer leaves a readable file. The
 * first write error is sticky: later calls return it without writing, so
 * the file stays a valid prefix (at most its last block torn).
 */
#ifndef PCAPNG_H
#define PCAPNG_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct pcapng;

/* Creates path for writing: O_WRONLY|O_CREAT|O_EXCL|O_NOFOLLOW|O_CLOEXEC, mode 0644, unless
 * overwrite is true, then O_TRUNC instead of O_EXCL (still O_NOFOLLOW: never write through a symlink).
 * Writes the section header. 0 or -errno; *out NULL on error.
 * snaplen 0 means no limit, as in an Interface Description Block. */
int pcapng_open(struct pcapng **out, const char *path, uint32_t snaplen, bool overwrite);
/* Same, on an already open FILE* (for tests); the writer does not close it. */
int pcapng_open_file(struct pcapng **out, FILE *f, uint32_t snaplen);
/* One packet: ifname (NUL-terminated, at most 15 bytes used; a new name adds an IDB first),
 * ts_ns wall clock, data/caplen captured bytes, origlen the packet's length, comment (may be NULL).
 * 0 or -errno. */
int pcapng_write(struct pcapng *w, const char *ifname, uint64_t ts_ns, const void *data,
		 uint32_t caplen, uint32_t origlen, const char *comment);
/* Flushes and closes (fclose only if pcapng_open opened it). 0 or -errno of a failed write/flush/close. */
int pcapng_close(struct pcapng *w);
uint64_t pcapng_packets(const struct pcapng *w);

#endif /* PCAPNG_H */
