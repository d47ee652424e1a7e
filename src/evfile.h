/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * --write-events / --read-events: raw events as the kernel sent them, to
 * decode, correlate and print later, elsewhere, without root or BPF.
 *
 * File: a header, then records. All integers little-endian (the events
 * themselves are in the recording host's order; the header says which).
 *   header  "OVSUPEV\n" | u32 version (3) | u32 header length (32)
 *           | s64 wall offset ns (CLOCK_REALTIME - CLOCK_MONOTONIC)
 *           | u32 byte order mark 0x01020304 as written by the host
 *           | u32 Open vSwitch release whose text the recorder printed,
 *             DPCTL_OVS(...) (0 in files from before it was kept)
 *   record  u32 length | u32 0 | length bytes | zero padding to 8
 * A version bump means an incompatible event layout; readers refuse it.
 * Version 3: OUT_EV_UPCALL_READ, datapath ifindex in puts and flushes.
 */
#ifndef EVFILE_H
#define EVFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define EVFILE_VERSION 3
/* Version 2 is read too: evfile_read() brings its records to version 3's
 * layout (event_upgrade_v2()); it has no reads (OUT_EV_UPCALL_READ). */
#define EVFILE_VERSION_MIN 2
#define EVFILE_RECORD_MAX (64 * 1024)

struct evfile;

/* Creates path (O_EXCL|O_NOFOLLOW, O_TRUNC instead of O_EXCL when
 * overwrite) and writes the header. 0 or -errno. */
int evfile_create(struct evfile **out, const char *path, bool overwrite, int64_t wall_offset_ns,
		  uint32_t ovs_version);
/* Appends one event of 1..EVFILE_RECORD_MAX bytes. 0 or -errno. */
int evfile_write(struct evfile *w, const void *data, uint32_t len);
/* Opens path for reading and checks the header. 0, -errno, or -EPROTO for
 * a file that is not an event file or of another version. */
int evfile_open(struct evfile **out, const char *path);
/* Same on an open stream (not closed by evfile_close). */
int evfile_open_stream(struct evfile **out, FILE *f);
int64_t evfile_wall_offset(const struct evfile *r);
uint32_t evfile_version(const struct evfile *r);
/* The header's Open vSwitch release, 0 when the file has none. */
uint32_t evfile_ovs_version(const struct evfile *r);
/* Pushes buffered events to the file, so a killed recorder loses little. */
int evfile_flush(struct evfile *w);
/* Next event into buf (at least EVFILE_RECORD_MAX bytes), in this
 * version's layout whatever the file's: its length, 0 at a clean end of
 * file, -EPROTO for a truncated or malformed record. */
int evfile_read(struct evfile *r, void *buf, size_t size);
/* The same without a copy where it can: *data is the event, in the file's
 * mapping (valid until the next call or close) or in buf. */
int evfile_next(struct evfile *r, const void **data, void *buf, size_t size);
/* Flushes and closes. 0 or -errno of a failed write. */
int evfile_close(struct evfile *f);
uint64_t evfile_records(const struct evfile *f);

#endif /* EVFILE_H */
