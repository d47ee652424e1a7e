// SPDX-License-Identifier: GPL-2.0-only
/*
 * Seed corpora for the libFuzzer targets, from the flow puts captured on
 * real datapaths (tests/fixtures): mutating real keys, masks and actions
 * reaches deep into the decoders at once, where random bytes would take
 * hours to build one valid attribute nest.
 *
 *   make-corpus DIR
 *
 * writes DIR/corpus-fuzz_key/ (u16 LE key length, key, mask: the
 * fuzz_key input), DIR/corpus-fuzz_actions/ (the actions payload) and
 * DIR/corpus-fuzz_events/ (event files: per fixture an upcall that gets
 * its flow, then the flow's modification and deletion, plus one file per
 * correlator verdict). scripts/fuzz builds and runs it.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <arpa/inet.h>

/* tests/event_builders.h is written for cmocka tests; outside them a
 * failed check is a broken fixture and ends the program. */
#define fail_msg(...) (fprintf(stderr, "make-corpus: " __VA_ARGS__), fputc('\n', stderr), exit(1))
#define assert_true(c) do { if (!(c)) fail_msg("%s", #c); } while (0)
#define assert_non_null(p) assert_true((p) != NULL)
#define assert_int_equal(a, b) assert_true((a) == (b))

#include "../event_builders.h"
#include "../fixtures/flows_6_1.h"
#include "../fixtures/diff_6_1.h"
#include "../fixtures/diff_6_12.h"
#include "evfile.h"

#define PORTID 0x1001
#define TID 2001
#define T0 1000000000000ULL	/* event clock, ns: 1000 s after boot */

static const char *dir;

static void write_file(const char *sub, const char *name, const void *a, size_t an,
		       const void *b, size_t bn)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s/%s", dir, sub, name);
	f = fopen(path, "wb");
	if (!f || (an && fwrite(a, 1, an, f) != an) || (bn && fwrite(b, 1, bn, f) != bn) ||
	    fclose(f))
		fail_msg("cannot write %s", path);
}

/* fuzz_key's input: the key length first, so the mask can be told apart. */
static void key_seed(const char *name, const struct dpctl_fixture *f)
{
	uint8_t buf[2 + 2 * OUT_KEY_MAX];

	assert_true(f->key_len <= OUT_KEY_MAX && f->mask_len <= OUT_KEY_MAX);
	buf[0] = (uint8_t)f->key_len;
	buf[1] = (uint8_t)(f->key_len >> 8);
	memcpy(buf + 2, f->key, f->key_len);
	if (f->mask)
		memcpy(buf + 2 + f->key_len, f->mask, f->mask_len);
	write_file("corpus-fuzz_key", name, buf, 2 + f->key_len + (f->mask ? f->mask_len : 0),
		   NULL, 0);
}

/* --- event files -------------------------------------------------------- */

static struct evfile *ev_open(const char *name)
{
	char path[4096];
	struct evfile *w;
	int err;

	snprintf(path, sizeof(path), "%s/corpus-fuzz_events/%s", dir, name);
	/* A plausible CLOCK_REALTIME - CLOCK_MONOTONIC: early 2025. */
	err = evfile_create(&w, path, true, 1735689600000000000LL, 0);
	if (err)
		fail_msg("cannot create %s: %s", path, strerror(-err));
	return w;
}

static void ev_put(struct evfile *w, const void *e, size_t n)
{
	if (evfile_write(w, e, (uint32_t)n))
		fail_msg("evfile_write failed");
}

static void ev_close(struct evfile *w)
{
	if (evfile_close(w))
		fail_msg("evfile_close failed");
}

static void upcall(struct evfile *w, const struct dpctl_fixture *f, uint64_t ts, uint8_t cmd,
		   uint32_t gso)
{
	struct out_upcall u;

	build_upcall(&u, f, ts, PORTID);
	u.cmd = cmd;
	u.gso_size = gso;
	/* A made-up Ethernet header for the packet bytes, as --snaplen
	 * would keep it: the decoders only show it in pcapng. */
	memcpy(u.packet, u.key.eth_dst, 6);
	memcpy(u.packet + 6, u.key.eth_src, 6);
	memcpy(u.packet + 12, &u.key.eth_type, 2);
	u.cap_len = 14;
	ev_put(w, &u, sizeof(u));
}

static void upcall_ret(struct evfile *w, uint64_t ts, uint64_t upcall_ts, int32_t ret)
{
	struct out_upcall_ret r;

	memset(&r, 0, sizeof(r));
	build_hdr(&r.hdr, OUT_EV_UPCALL_RET, ts, 0, "ksoftirqd/1");
	r.upcall_ts = upcall_ts;
	r.ret = ret;
	ev_put(w, &r, sizeof(r));
}

static void handler(struct evfile *w, uint64_t ts, uint32_t tid, uint32_t flags)
{
	struct out_handler h;

	memset(&h, 0, sizeof(h));
	build_handler(&h, ts, tid, PORTID, 0, NULL);
	h.flags = flags;
	ev_put(w, &h, sizeof(h));
}

static void put(struct evfile *w, const struct dpctl_fixture *f, uint64_t ts, uint32_t flags_clear,
		uint32_t flags_set)
{
	struct out_flow_put *p = new_put(f, ts, TID, 7);
	struct out_put_rec *rec = calloc(1, sizeof(*rec));
	size_t n;

	if (!rec)
		abort();
	p->flags = (p->flags & ~flags_clear) | flags_set;
	if (flags_set & OUT_F_KEY_TRUNC)
		p->key_len_orig = (uint16_t)(p->key_len + 64);
	n = event_pack_put(p, rec);
	if (!n)
		abort();
	ev_put(w, rec, n);
	free(rec);
	free(p);
}

static void ret(struct evfile *w, uint64_t ts, int32_t r)
{
	struct out_flow_ret e;

	build_ret(&e, ts, TID, r);
	ev_put(w, &e, sizeof(e));
}

static void flow_set(struct evfile *w, const struct dpctl_fixture *f, uint64_t ts,
		     const struct dpctl_fixture *acts)
{
	struct out_flow_set s;

	memset(&s, 0, sizeof(s));
	build_hdr(&s.hdr, OUT_EV_FLOW_SET, ts, TID, NULL);
	memcpy(s.ufid, f->ufid, sizeof(s.ufid));
	s.flags = OUT_F_HAS_ACTIONS;
	memcpy(s.actions, acts->actions, acts->actions_len);
	s.actions_len = s.actions_len_orig = (uint16_t)acts->actions_len;
	ev_put(w, &s, sizeof(s));
}

static void flow_del(struct evfile *w, const struct dpctl_fixture *f, uint64_t ts, bool flush)
{
	struct out_flow_del d;

	memset(&d, 0, sizeof(d));
	build_hdr(&d.hdr, OUT_EV_FLOW_DEL, ts, 0, "revalidator7");
	if (flush) {
		d.flags = OUT_D_FLUSH;
	} else {
		memcpy(d.ufid, f->ufid, sizeof(d.ufid));
		d.packets = 12;
		d.bytes = 1176;
		d.tcp_flags = htons(0x012);
	}
	ev_put(w, &d, sizeof(d));
}

/* An upcall that gets its flow, which is then modified and deleted: every
 * event type, in the order a live trace sees them. */
static void flow_seed(const char *name, const struct dpctl_fixture *f,
		      const struct dpctl_fixture *other)
{
	struct evfile *w = ev_open(name);

	upcall(w, f, T0, OVS_PACKET_CMD_MISS, 0);
	upcall_ret(w, T0 + 2000, T0, 0);
	handler(w, T0 + 30000, TID, OUT_H_CHANGED | OUT_H_READ);
	put(w, f, T0 + 90000, 0, 0);
	ret(w, T0 + 120000, 0);
	flow_set(w, f, T0 + 5000000000ULL, other);
	flow_del(w, f, T0 + 10000000000ULL, false);
	ev_close(w);
}

/* One file per way an upcall can end (correlate.h verdicts). */
static void verdict_seeds(void)
{
	const struct dpctl_fixture *f = &fixtures_6_12[0], *g = &fixtures_6_12[1];
	struct evfile *w;

	w = ev_open("lost");		/* ovs_dp_upcall() failed */
	upcall(w, f, T0, OVS_PACKET_CMD_MISS, 0);
	upcall_ret(w, T0 + 1000, T0, -ENOBUFS);
	ev_close(w);

	w = ev_open("action");		/* a userspace() action's upcall */
	upcall(w, f, T0, OVS_PACKET_CMD_ACTION, 0);
	upcall_ret(w, T0 + 1000, T0, 0);
	handler(w, T0 + 20000, TID, OUT_H_CHANGED | OUT_H_READ);
	ev_close(w);

	w = ev_open("noflow");		/* read, never put: timeout, then exit */
	upcall(w, f, T0, OVS_PACKET_CMD_MISS, 0);
	handler(w, T0 + 20000, TID, OUT_H_CHANGED | OUT_H_READ);
	upcall(w, g, T0 + 9000000000ULL, OVS_PACKET_CMD_MISS, 0);
	ev_close(w);

	w = ev_open("shared");		/* two identical packets, one put */
	upcall(w, f, T0, OVS_PACKET_CMD_MISS, 0);
	upcall(w, f, T0 + 500, OVS_PACKET_CMD_MISS, 0);
	handler(w, T0 + 20000, TID, OUT_H_CHANGED | OUT_H_READ);
	put(w, f, T0 + 60000, 0, 0);
	ret(w, T0 + 80000, 0);
	ev_close(w);

	w = ev_open("put_failed");	/* the put returns EEXIST */
	upcall(w, f, T0, OVS_PACKET_CMD_MISS, 0);
	handler(w, T0 + 20000, TID, OUT_H_CHANGED | OUT_H_READ);
	put(w, f, T0 + 60000, 0, 0);
	ret(w, T0 + 80000, -EEXIST);
	ev_close(w);

	w = ev_open("unmatched");	/* puts nobody traced asked for, one
					 * without a mask, one cut short, one
					 * whose return was missed */
	put(w, f, T0, OUT_F_HAS_MASK, 0);
	ret(w, T0 + 1000, 0);
	put(w, g, T0 + 2000, 0, OUT_F_KEY_TRUNC);
	put(w, f, T0 + 4000, 0, 0);
	flow_del(w, NULL, T0 + 5000000000ULL, true);
	ev_close(w);

	w = ev_open("gso");		/* a GSO packet, one segment lost */
	upcall(w, f, T0, OVS_PACKET_CMD_MISS, 1448);
	upcall_ret(w, T0 + 1000, T0, -ENOBUFS);
	handler(w, T0 + 20000, TID, OUT_H_CHANGED | OUT_H_READ);
	ev_close(w);
}

int main(int argc, char **argv)
{
	static const char *subs[] = { "corpus-fuzz_key", "corpus-fuzz_actions",
				      "corpus-fuzz_events" };
	const struct dpctl_fixture *f;
	char name[64];

	if (argc != 2)
		fail_msg("usage: make-corpus DIR");
	dir = argv[1];
	for (size_t i = 0; i < N(subs); i++) {
		char path[4096];

		snprintf(path, sizeof(path), "%s/%s", dir, subs[i]);
		if (mkdir(path, 0755) && errno != EEXIST)
			fail_msg("cannot create %s: %s", path, strerror(errno));
	}

	for (size_t i = 0; i < N(fixtures_6_1); i++) {
		f = &fixtures_6_1[i];
		snprintf(name, sizeof(name), "6_1-%03zu", i);
		key_seed(name, f);
		write_file("corpus-fuzz_actions", name, f->actions, f->actions_len, NULL, 0);
		flow_seed(name, f, &fixtures_6_1[(i + 1) % N(fixtures_6_1)]);
	}
	for (size_t i = 0; i < N(fixtures_6_12); i++) {
		f = &fixtures_6_12[i];
		snprintf(name, sizeof(name), "6_12-%03zu", i);
		key_seed(name, f);
		write_file("corpus-fuzz_actions", name, f->actions, f->actions_len, NULL, 0);
		flow_seed(name, f, &fixtures_6_12[(i + 1) % N(fixtures_6_12)]);
	}
	/* Every shape of key and actions of the differential test. */
	for (size_t i = 0; i < N(diff_6_1) + N(diff_6_12); i++) {
		f = i < N(diff_6_1) ? &diff_6_1[i] : &diff_6_12[i - N(diff_6_1)];
		snprintf(name, sizeof(name), "diff-%03zu", i);
		key_seed(name, f);
		write_file("corpus-fuzz_actions", name, f->actions, f->actions_len, NULL, 0);
	}

	verdict_seeds();
	return 0;
}
