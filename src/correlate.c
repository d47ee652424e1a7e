// SPDX-License-Identifier: GPL-2.0-only
/* Upcall -> handler thread -> flow put correlation; see correlate.h. */
#include <errno.h>
#include <stddef.h>
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "correlate.h"
#include "put_view.h"

#define OVS_PACKET_CMD_ACTION 2
/* Puts in flight at once: one per handler thread, so a few dozen at most. */
#define OPEN_PUTS_MAX 256
/* Flows remembered for upcalls that a put for another upcall covered. */
#define RECENT_PUTS 512
/* Views of finished puts kept for reuse, text buffers and all. */
#define FREE_VIEWS 16
/* Hash buckets for pending upcalls: from this many, x4 whenever there are
 * twice as many pending. */
#define BUCKETS_MIN 1024
/* Ended upcalls kept for reuse: a burst ends and starts thousands. */
#define FREE_PENDING 4096
#define READERS_MAX 65536
#define COVER_SLACK_NS (10 * 1000 * 1000ULL)

/* Each pending upcall is on up to four lists: all of them in arrival order
 * (eviction, the linear claim), its hash bucket by flow fields (claims by
 * exact key), its bucket by identity (cpu, timestamp: its read and its
 * return find it), and, once its clock runs, the expiry list in the order
 * the clocks started: at its read, or (event files without reads) at the
 * upcall. */
enum { L_ALL, L_BUCKET, L_ID, L_CLOCK, L_NR };

struct pending {
	struct {
		struct pending *prev, *next;
	} link[L_NR];
	uint32_t bucket, id_bucket;
	bool on_clock;
	uint64_t read_ns;	/* when its handler read it, 0 = not yet */
	uint32_t read_tid;	/* the thread that read it (exact reads) */
	char read_comm[OUT_TASK_COMM_LEN];
	int32_t ret;		/* ovs_dp_upcall()'s result, once ret_seen */
	bool ret_seen;
	struct out_upcall ev;
};

struct put_state {
	struct put_view *view;	/* NULL: slot free */
	int32_t result;
	bool result_known;
	uint64_t end_ns;
	struct pending **claimed;
	size_t n_claimed, cap_claimed;
};

struct plist {
	struct pending *head, *tail;
};

struct reader {
	uint32_t portid;
	uint32_t tid;		/* 0: slot free */
	char comm[OUT_TASK_COMM_LEN];
};

struct correlator {
	struct corr_config cfg;
	corr_emit_fn emit;
	void *ctx;
	struct plist all;
	uint32_t n_pending;
	struct put_state open[OPEN_PUTS_MAX];
	uint32_t n_open;	/* slots of open[] in use: scans stop there */
	struct put_state recent[RECENT_PUTS];
	/* Beside recent[], scanned for every expiring upcall: the key hash
	 * of a recent put whose mask compares every hashed field in full,
	 * else none. Such a put covers only upcalls of its own hash. */
	uint32_t recent_hash[RECENT_PUTS];
	bool recent_hashed[RECENT_PUTS];
	uint32_t recent_next;
	/* Pending upcalls by a hash of their flow fields (key_hash()): a put
	 * finds the upcalls its exact key names in its bucket instead of
	 * walking the whole backlog, which a burst makes tens of thousands
	 * long while handlers catch up. */
	struct plist *buckets;
	struct plist *id_buckets;	/* same size */
	uint32_t bucket_mask;
	uint32_t max_buckets;	/* for --max-pending upcalls: they grow to it */
	struct plist clock;		/* L_CLOCK: oldest clock first */
	struct reader *readers;	/* open addressing by portid */
	uint32_t n_readers, cap_readers;
	struct corr_stats stats;
	struct put_view *free_views[FREE_VIEWS];
	uint32_t n_free_views;
	struct put_view spare_view;	/* a put's view when none can be had */
	/* By size class (pending_class()), through link[L_ALL].next. */
	struct pending *free_pending[2];
	uint32_t n_free_pending[2];
};

static uint32_t hash_u32(uint32_t x)
{
	x ^= x >> 16;
	x *= 0x7feb352d;
	x ^= x >> 15;
	x *= 0x846ca68b;
	x ^= x >> 16;
	return x;
}

static struct reader *reader_slot(struct reader *tab, uint32_t cap, uint32_t portid)
{
	uint32_t i = hash_u32(portid) & (cap - 1);

	while (tab[i].tid && tab[i].portid != portid)
		i = (i + 1) & (cap - 1);
	return &tab[i];
}

static const struct reader *reader_find(const struct correlator *c, uint32_t portid)
{
	const struct reader *r = reader_slot(c->readers, c->cap_readers, portid);

	return r->tid ? r : NULL;
}

static int readers_grow(struct correlator *c)
{
	uint32_t cap = c->cap_readers * 2;
	struct reader *tab;

	if (cap > READERS_MAX)
		return -ENOSPC;
	tab = calloc(cap, sizeof(*tab));
	if (!tab)
		return -ENOMEM;
	for (uint32_t i = 0; i < c->cap_readers; i++)
		if (c->readers[i].tid)
			*reader_slot(tab, cap, c->readers[i].portid) = c->readers[i];
	free(c->readers);
	c->readers = tab;
	c->cap_readers = cap;
	return 0;
}

/* The fields every exact put key of an IP flow has: an upcall and the put
 * that names it exactly agree on all of them. Gathered into words and
 * mixed a word at a time: every upcall and every put is hashed. */
#define GATHER(k, f) (memcpy(b + n, &(k)->f, sizeof((k)->f)), n += sizeof((k)->f))

static uint32_t key_hash(const struct out_key_fields *k)
{
	uint64_t w[8] = { 0 };
	uint8_t *b = (uint8_t *)w;
	uint64_t h = 0x9e3779b97f4a7c15ULL;
	size_t n = 0;

	GATHER(k, in_port);
	GATHER(k, eth_src);
	GATHER(k, eth_dst);
	GATHER(k, eth_type);
	GATHER(k, ipv4_src);
	GATHER(k, ipv4_dst);
	GATHER(k, ipv6_src);
	GATHER(k, ipv6_dst);
	GATHER(k, ip_proto);
	GATHER(k, tp_src);
	GATHER(k, tp_dst);
	for (size_t i = 0; i < (n + 7) / 8; i++) {
		h = (h ^ w[i]) * 0xff51afd7ed558ccdULL;
		h ^= h >> 29;
	}
	return (uint32_t)(h ^ (h >> 32));
}

static bool all_ones(const void *p, size_t n)
{
	const uint8_t *b = p;

	for (size_t i = 0; i < n; i++)
		if (b[i] != 0xff)
			return false;
	return true;
}

#define ONES(m, f) all_ones(&(m)->f, sizeof((m)->f))

/* Whether mask compares every hashed field in full, so that every upcall
 * it can match shares the put's bucket. IPv4 or IPv6, whichever the key is:
 * the other's fields are zero on both sides. */
static bool mask_covers_hash(const struct out_key_fields *m, const struct out_key_fields *key)
{
	bool l3 = key->eth_type == htons(0x86dd) ? ONES(m, ipv6_src) && ONES(m, ipv6_dst)
						 : ONES(m, ipv4_src) && ONES(m, ipv4_dst);

	return l3 && ONES(m, in_port) && ONES(m, eth_src) && ONES(m, eth_dst) &&
	       ONES(m, eth_type) && ONES(m, ip_proto) && ONES(m, tp_src) && ONES(m, tp_dst);
}

struct correlator *corr_new(const struct corr_config *cfg, corr_emit_fn emit, void *ctx)
{
	struct correlator *c = calloc(1, sizeof(*c));
	uint32_t n = 1024;

	if (!c)
		return NULL;
	c->cfg = *cfg;
	if (!c->cfg.max_pending)
		c->cfg.max_pending = 1;
	c->emit = emit;
	c->ctx = ctx;
	c->cap_readers = 64;
	c->readers = calloc(c->cap_readers, sizeof(*c->readers));
	while (n < c->cfg.max_pending && n < (1u << 20))
		n <<= 1;
	c->max_buckets = n;
	/* Small to start with, so that they stay in the cache while the
	 * backlog is short; buckets_grow() makes them as many as needed. */
	n = n < BUCKETS_MIN ? n : BUCKETS_MIN;
	c->buckets = calloc(n, sizeof(*c->buckets));
	c->id_buckets = calloc(n, sizeof(*c->id_buckets));
	c->bucket_mask = n - 1;
	if (!c->readers || !c->buckets || !c->id_buckets) {
		free(c->readers);
		free(c->buckets);
		free(c->id_buckets);
		free(c);
		return NULL;
	}
	return c;
}

/* An upcall keeps the packet bytes it has (--snaplen, 128 by default, of
 * the 256 the record has room for): a backlog of them is most of the
 * tracer's memory. Two sizes, so that ended ones can be reused. */
#define PENDING_SMALL 128

static size_t pending_size(int cls)
{
	return offsetof(struct pending, ev.packet) + (cls ? OUT_SNAP_MAX : PENDING_SMALL);
}

static int pending_class(const struct out_upcall *e)
{
	return e->cap_len > PENDING_SMALL;
}

static struct pending *pending_get(struct correlator *c, int cls)
{
	struct pending *p = c->free_pending[cls];

	if (!p)
		return calloc(1, pending_size(cls));
	c->free_pending[cls] = p->link[L_ALL].next;
	c->n_free_pending[cls]--;
	return p;	/* corr_upcall() sets every field */
}

static void pending_release(struct correlator *c, struct pending *p)
{
	int cls = pending_class(&p->ev);

	if (c->n_free_pending[cls] >= FREE_PENDING) {
		free(p);
		return;
	}
	p->link[L_ALL].next = c->free_pending[cls];
	c->free_pending[cls] = p;
	c->n_free_pending[cls]++;
}

static struct put_view *view_get(struct correlator *c)
{
	if (c->n_free_views)
		return c->free_views[--c->n_free_views];
	return calloc(1, sizeof(struct put_view));
}

static void view_release(struct correlator *c, struct put_view *v)
{
	if (!v)
		return;
	if (c->n_free_views < FREE_VIEWS) {
		c->free_views[c->n_free_views++] = v;
		return;
	}
	put_view_free(v);
	free(v);
}

static void put_clear(struct correlator *c, struct put_state *p)
{
	for (size_t i = 0; i < p->n_claimed; i++)
		pending_release(c, p->claimed[i]);
	view_release(c, p->view);
	free(p->claimed);
	memset(p, 0, sizeof(*p));
}

void corr_free(struct correlator *c)
{
	struct pending *p, *n;

	if (!c)
		return;
	for (p = c->all.head; p; p = n) {
		n = p->link[L_ALL].next;
		free(p);
	}
	for (int i = 0; i < OPEN_PUTS_MAX; i++)
		put_clear(c, &c->open[i]);
	for (int i = 0; i < RECENT_PUTS; i++)
		put_clear(c, &c->recent[i]);
	for (uint32_t i = 0; i < c->n_free_views; i++) {
		put_view_free(c->free_views[i]);
		free(c->free_views[i]);
	}
	put_view_free(&c->spare_view);
	for (int cls = 0; cls < 2; cls++) {
		for (p = c->free_pending[cls]; p; p = n) {
			n = p->link[L_ALL].next;
			free(p);
		}
	}
	free(c->readers);
	free(c->buckets);
	free(c->id_buckets);
	free(c);
}

static void plist_append(struct plist *l, struct pending *p, int k)
{
	p->link[k].prev = l->tail;
	p->link[k].next = NULL;
	if (l->tail)
		l->tail->link[k].next = p;
	else
		l->head = p;
	l->tail = p;
}

static void plist_remove(struct plist *l, struct pending *p, int k)
{
	struct pending *prev = p->link[k].prev, *next = p->link[k].next;

	if (prev)
		prev->link[k].next = next;
	else
		l->head = next;
	if (next)
		next->link[k].prev = prev;
	else
		l->tail = prev;
	p->link[k].prev = p->link[k].next = NULL;
}

static void unlink_pending(struct correlator *c, struct pending *p)
{
	plist_remove(&c->buckets[p->bucket], p, L_BUCKET);
	plist_remove(&c->id_buckets[p->id_bucket], p, L_ID);
	plist_remove(&c->all, p, L_ALL);
	if (p->on_clock)
		plist_remove(&c->clock, p, L_CLOCK);
	c->n_pending--;
}

static void start_clock(struct correlator *c, struct pending *p)
{
	plist_append(&c->clock, p, L_CLOCK);
	p->on_clock = true;
}

static uint64_t clock_start(const struct correlator *c, const struct pending *p)
{
	return c->cfg.exact_reads ? p->read_ns : p->ev.hdr.ts_ns;
}

static uint32_t id_hash(const struct correlator *c, uint32_t cpu, uint64_t ts)
{
	return hash_u32(cpu ^ hash_u32((uint32_t)ts ^ hash_u32(ts >> 32))) & c->bucket_mask;
}

/* More buckets for a longer backlog. Each list is rebuilt in arrival order
 * (the order of c->all), which claims and expiry rely on. Without memory
 * for it the buckets stay as they are: longer lists, same answers. */
static void buckets_grow(struct correlator *c)
{
	uint32_t n = (c->bucket_mask + 1) * 4;
	struct plist *b, *ib;
	struct pending *p;

	if (n > c->max_buckets)
		n = c->max_buckets;
	b = calloc(n, sizeof(*b));
	ib = calloc(n, sizeof(*ib));
	if (!b || !ib) {
		free(b);
		free(ib);
		c->max_buckets = c->bucket_mask + 1;
		return;
	}
	free(c->buckets);
	free(c->id_buckets);
	c->buckets = b;
	c->id_buckets = ib;
	c->bucket_mask = n - 1;
	for (p = c->all.head; p; p = p->link[L_ALL].next) {
		p->bucket = key_hash(&p->ev.key) & c->bucket_mask;
		p->id_bucket = id_hash(c, p->ev.hdr.cpu, p->ev.hdr.ts_ns);
		plist_append(&c->buckets[p->bucket], p, L_BUCKET);
		plist_append(&c->id_buckets[p->id_bucket], p, L_ID);
	}
}

/* The pending upcall made on cpu at ts, or NULL. */
static struct pending *find_pending(const struct correlator *c, uint32_t cpu, uint64_t ts)
{
	struct pending *p = c->id_buckets[id_hash(c, cpu, ts)].head;

	while (p && !(p->ev.hdr.ts_ns == ts && p->ev.hdr.cpu == cpu))
		p = p->link[L_ID].next;
	return p;
}

/* The thread that read the upcall, else the one that reads its socket. */
static void fill_handler(const struct correlator *c, struct corr_record *r,
			 const struct pending *p)
{
	const struct reader *rd = reader_find(c, p->ev.portid);

	if (p->read_tid) {
		r->handler_tid = p->read_tid;
		memcpy(r->handler_comm, p->read_comm, sizeof(r->handler_comm));
	} else if (rd) {
		r->handler_tid = rd->tid;
		memcpy(r->handler_comm, rd->comm, sizeof(r->handler_comm));
	}
}

static void emit_noflow(struct correlator *c, struct pending *p, enum corr_reason why)
{
	struct corr_record r = {
		.type = CORR_NOFLOW,
		.reason = why,
		.upcall = &p->ev,
		.verdict = CORR_V_NOFLOW,
	};

	fill_handler(c, &r, p);
	if (p->read_ns)
		r.read_latency_ns = p->read_ns - p->ev.hdr.ts_ns;
	c->stats.noflow++;
	if (why == CORR_R_EVICTED)
		c->stats.evicted++;
	c->emit(&r, c->ctx);
}

static uint64_t put_end(const struct put_state *p)
{
	return p->result_known ? p->end_ns : p->view->ev.hdr.ts_ns;
}

static void emit_flow(struct correlator *c, const struct put_state *put,
		      const struct pending *p, bool shared)
{
	const struct out_upcall *u = &p->ev;
	struct corr_record r = {
		.type = CORR_FLOW,
		.upcall = u,
		.put = &put->view->ev,
		.view = put->view,
		.result_known = put->result_known,
		.shared = shared,
		.result = put->result,
	};
	uint64_t end = put_end(put);

	/* The thread that read this upcall: the put's own for claimed upcalls,
	 * another handler's for one a put of that thread covered. */
	fill_handler(c, &r, p);
	if (!r.handler_tid) {
		r.handler_tid = put->view->ev.hdr.tid;
		memcpy(r.handler_comm, put->view->ev.hdr.comm, sizeof(r.handler_comm));
	}
	r.latency_ns = end > u->hdr.ts_ns ? end - u->hdr.ts_ns : 0;
	if (p->read_ns)
		r.read_latency_ns = p->read_ns - u->hdr.ts_ns;
	if (shared)
		r.verdict = CORR_V_SHARED;
	else if (put->result_known && put->result)
		r.verdict = CORR_V_PUT_FAILED;
	else
		r.verdict = CORR_V_INSTALLED;
	c->stats.correlated++;
	if (shared)
		c->stats.shared++;
	else if (r.verdict == CORR_V_PUT_FAILED)
		c->stats.put_failed_upcalls++;
	else
		c->stats.installed++;
	c->emit(&r, c->ctx);
}

#define DIFFERS(u, k, m, f) (((u)->f ^ (k)->f) & (m)->f)

static bool put_covers(const struct put_state *p, const struct out_upcall *u)
{
	const struct out_key_fields *k = &p->view->key, *m = &p->view->mask;

	/* Each expiring upcall is tried against every recent put: most are
	 * another port's or another address's, told apart here in a few
	 * instructions before the whole struct is compared. */
	if (DIFFERS(&u->key, k, m, in_port) || DIFFERS(&u->key, k, m, ipv4_src) ||
	    DIFFERS(&u->key, k, m, ipv4_dst) || DIFFERS(&u->key, k, m, tp_src) ||
	    DIFFERS(&u->key, k, m, tp_dst))
		return false;
	return !p->view->err && dp_fields_match(&u->key, k, m);
}

static void expire_pending(struct correlator *c, struct pending *p, enum corr_reason why);

static void emit_lost(struct correlator *c, const struct pending *p, int32_t ret)
{
	struct corr_record r = {
		.type = CORR_LOST,
		.upcall = &p->ev,
		.result_known = true,
		.result = ret,
		.verdict = CORR_V_LOST,
	};
	uint32_t err = -(int64_t)ret;

	fill_handler(c, &r, p);
	c->stats.lost++;
	c->stats.lost_errno[err < CORR_ERRNO_MAX ? err : 0]++;
	c->emit(&r, c->ctx);
}

static void emit_action(struct correlator *c, const struct pending *p)
{
	struct corr_record r = { .type = CORR_ACTION, .upcall = &p->ev, .verdict = CORR_V_ACTION };

	fill_handler(c, &r, p);
	c->stats.action_upcalls++;
	c->emit(&r, c->ctx);
}

/* Every upcall waits here: a miss for its put, any upcall for its return,
 * which says whether it reached the handler at all. */
void corr_upcall(struct correlator *c, const struct out_upcall *e)
{
	struct pending *p;

	c->stats.upcalls++;
	if (c->n_pending >= c->cfg.max_pending)
		expire_pending(c, c->all.head, CORR_R_EVICTED);
	p = pending_get(c, pending_class(e));
	if (!p) {
		/* Still accounted for: reported, never dropped silently. */
		struct pending tmp = { .ev = *e };

		emit_noflow(c, &tmp, CORR_R_EVICTED);
		return;
	}
	if (c->n_pending >= 2 * (c->bucket_mask + 1) && c->bucket_mask + 1 < c->max_buckets)
		buckets_grow(c);
	/* The packet bytes it has: no more fit a small one. */
	memcpy(&p->ev, e, offsetof(struct out_upcall, packet) +
			  (e->cap_len < OUT_SNAP_MAX ? e->cap_len : OUT_SNAP_MAX));
	p->on_clock = false;
	p->read_ns = 0;
	p->read_tid = 0;
	p->read_comm[0] = '\0';
	p->ret = 0;
	p->ret_seen = false;
	p->bucket = key_hash(&e->key) & c->bucket_mask;
	p->id_bucket = id_hash(c, e->hdr.cpu, e->hdr.ts_ns);
	plist_append(&c->all, p, L_ALL);
	plist_append(&c->buckets[p->bucket], p, L_BUCKET);
	plist_append(&c->id_buckets[p->id_bucket], p, L_ID);
	if (!c->cfg.exact_reads)
		start_clock(c, p);
	c->n_pending++;
}

void corr_upcall_ret(struct correlator *c, const struct out_upcall_ret *e)
{
	struct pending *p = find_pending(c, e->hdr.cpu, e->upcall_ts);

	if (!p)
		return;	/* already claimed by its put, or evicted */
	p->ret = e->ret;
	p->ret_seen = true;
	/* A GSO packet goes up one segment at a time: the ones before a
	 * failure reached the handler and may still get their flow. */
	if (e->ret && !p->ev.gso_size) {
		unlink_pending(c, p);
		emit_lost(c, p, e->ret);
		pending_release(c, p);
	} else if (!e->ret && p->ev.cmd == OVS_PACKET_CMD_ACTION) {
		unlink_pending(c, p);
		emit_action(c, p);
		pending_release(c, p);
	}
}

/* Its handler took the upcall off the socket: from now on its put can come,
 * and its timeout runs. The first read counts (a GSO packet's segments are
 * read one by one). */
void corr_read(struct correlator *c, const struct out_upcall_read *e)
{
	struct pending *p = find_pending(c, e->upcall_cpu, e->upcall_ts);

	c->stats.reads++;
	if (!p || p->read_tid) {
		c->stats.stray_reads++;
		return;
	}
	p->read_ns = e->hdr.ts_ns;
	p->read_tid = e->hdr.tid;
	memcpy(p->read_comm, e->hdr.comm, sizeof(p->read_comm));
	if (c->cfg.exact_reads && !p->on_clock)
		start_clock(c, p);
}

/* The handler read its socket: the upcalls queued on it before now were
 * waiting that long for their handler. Newest first; an upcall already
 * marked means every older one on the socket is too. */
static void mark_read(struct correlator *c, uint32_t portid, uint64_t ts)
{
	for (struct pending *p = c->all.tail; p; p = p->link[L_ALL].prev) {
		if (p->ev.portid != portid || p->ev.hdr.ts_ns > ts)
			continue;
		if (p->read_ns)
			break;
		p->read_ns = ts;
	}
}

void corr_handler(struct correlator *c, const struct out_handler *e)
{
	struct reader *r;

	if (!e->hdr.tid)
		return;
	r = reader_slot(c->readers, c->cap_readers, e->portid);
	if (!r->tid && c->n_readers * 2 >= c->cap_readers) {
		if (readers_grow(c)) {
			c->stats.reader_drops++;
			return;
		}
		r = reader_slot(c->readers, c->cap_readers, e->portid);
	}
	if (!r->tid)
		c->n_readers++;
	else if (r->tid != e->hdr.tid)
		c->stats.handler_changes++;
	r->portid = e->portid;
	r->tid = e->hdr.tid;
	memcpy(r->comm, e->hdr.comm, sizeof(r->comm));
	if ((e->flags & OUT_H_READ) && !c->cfg.exact_reads)
		mark_read(c, e->portid, e->hdr.ts_ns);
}

/* A finished put (a slot of c->open): report it with the upcalls it
 * claimed, then keep it for upcalls of the same flow that its handler never
 * put again. */
static void put_finish(struct correlator *c, struct put_state *p, bool at_exit)
{
	struct put_state *slot;
	uint32_t r;

	c->n_open--;
	if (!p->result_known && !at_exit)
		c->stats.ret_missed++;
	if (p->result_known && p->result)
		c->stats.put_failed++;
	if (!p->n_claimed) {
		struct corr_record r = {
			.type = CORR_PUT,
			.put = &p->view->ev,
			.view = p->view,
			.handler_tid = p->view->ev.hdr.tid,
			.result_known = p->result_known,
			.result = p->result,
		};

		memcpy(r.handler_comm, p->view->ev.hdr.comm, sizeof(r.handler_comm));
		c->stats.unmatched_puts++;
		c->emit(&r, c->ctx);
	}
	for (size_t i = 0; i < p->n_claimed; i++) {
		emit_flow(c, p, p->claimed[i], i > 0);
		pending_release(c, p->claimed[i]);
	}
	free(p->claimed);
	p->claimed = NULL;
	p->n_claimed = p->cap_claimed = 0;

	r = c->recent_next++ % RECENT_PUTS;
	slot = &c->recent[r];
	put_clear(c, slot);
	*slot = *p;
	c->recent_hashed[r] = mask_covers_hash(&p->view->mask, &p->view->key);
	c->recent_hash[r] = c->recent_hashed[r] ? key_hash(&p->view->key) : 0;
	memset(p, 0, sizeof(*p));
}

static int claim(struct put_state *p, struct pending *u)
{
	if (p->n_claimed == p->cap_claimed) {
		size_t cap = p->cap_claimed ? p->cap_claimed * 2 : 4;
		struct pending **v = realloc(p->claimed, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		p->claimed = v;
		p->cap_claimed = cap;
	}
	p->claimed[p->n_claimed++] = u;
	return 0;
}

/* Whether put e may claim pending upcall u: read by the put's thread (seen
 * read by it; in files without reads, on a socket it reads), a miss
 * (action upcalls get no put), its fields equal to key under mask. An
 * upcall still on its socket is no put's yet, whoever reads that socket. */
static bool claimable(const struct correlator *c, const struct pending *u,
		      const struct out_flow_put *e, const struct out_key_fields *key,
		      const struct out_key_fields *mask)
{
	bool reader;

	if (u->read_tid) {
		reader = u->read_tid == e->hdr.tid;
	} else if (!c->cfg.exact_reads) {
		const struct reader *rd = reader_find(c, u->ev.portid);

		reader = rd && rd->tid == e->hdr.tid;
	} else {
		reader = false;
	}
	return reader && u->ev.cmd != OVS_PACKET_CMD_ACTION && dp_fields_match(&u->ev.key, key, mask);
}

/* Claims the pending upcalls that thread e->hdr.tid read, queued before the
 * put, whose fields equal the put's key under 'mask'. Returns how many. */
static size_t claim_from(struct correlator *c, struct put_state *p,
			 const struct out_flow_put *e, const struct out_key_fields *mask)
{
	const struct out_key_fields *key = &p->view->key;
	int k = mask_covers_hash(mask, key) ? L_BUCKET : L_ALL;
	struct pending *u, *next;
	size_t n = 0;

	u = k == L_BUCKET ? c->buckets[key_hash(key) & c->bucket_mask].head : c->all.head;
	for (; u; u = next) {
		next = u->link[k].next;
		/* Both lists are in arrival order: the rest came after the put. */
		if (u->ev.hdr.ts_ns > e->hdr.ts_ns)
			break;
		if (!claimable(c, u, e, key, mask))
			continue;
		if (claim(p, u))
			break;
		unlink_pending(c, u);
		n++;
	}
	return n;
}

void corr_put(struct correlator *c, const struct out_flow_put *e)
{
	struct put_state *p = NULL, *oldest = NULL;
	uint32_t n_open = c->n_open, seen = 0;

	c->stats.puts++;
	/* A thread is in one ovs_flow_cmd_new() at a time: an open put of
	 * the same thread lost its kretprobe. Past the last open slot, all
	 * that is left to find is a free one. */
	for (int i = 0; i < OPEN_PUTS_MAX && !(p && seen == n_open); i++) {
		struct put_state *s = &c->open[i];

		if (!s->view) {
			if (!p)
				p = s;
			continue;
		}
		seen++;
		if (s->view->ev.hdr.tid == e->hdr.tid) {
			put_finish(c, s, false);
			if (!p)
				p = s;
			continue;
		}
		if (!oldest || s->view->ev.hdr.ts_ns < oldest->view->ev.hdr.ts_ns)
			oldest = s;
	}
	if (!p) {
		put_finish(c, oldest, false);
		p = oldest;
	}
	p->view = view_get(c);
	if (!p->view) {
		/* No memory to keep it open: reported now, from the spare. */
		struct corr_record r = {
			.type = CORR_PUT, .put = &c->spare_view.ev, .view = &c->spare_view,
			.handler_tid = e->hdr.tid,
		};

		put_view_init(&c->spare_view, e);
		c->stats.unmatched_puts++;
		c->emit(&r, c->ctx);
		return;
	}
	put_view_init(p->view, e);
	c->n_open++;
	if (p->view->err) {
		c->stats.key_errors++;
		return;
	}
	/* The put's KEY is its upcall's key byte for byte: claim the upcalls
	 * it names exactly (identical packets share one put). Upcalls that only
	 * match under the mask get puts of their own, which fail with EEXIST;
	 * if not, expiry finds this flow for them (recent_cover). Claiming
	 * them here would steal them from their own put. */
	claim_from(c, p, e, &p->view->exact);
}

void corr_ret(struct correlator *c, const struct out_flow_ret *e)
{
	uint32_t seen = 0;

	for (int i = 0; i < OPEN_PUTS_MAX && seen < c->n_open; i++) {
		struct put_state *p = &c->open[i];

		if (!p->view)
			continue;
		seen++;
		if (p->view->ev.hdr.tid == e->hdr.tid) {
			p->result = e->ret;
			p->result_known = true;
			p->end_ns = e->hdr.ts_ns;
			put_finish(c, p, false);
			return;
		}
	}
}

/* An upcall whose own handler put nothing may still have its flow: put by
 * another handler for an identical packet, or by its handler just before
 * this upcall was read. */
static const struct put_state *recent_cover(const struct correlator *c,
					    const struct out_upcall *u)
{
	uint32_t h = key_hash(&u->key);

	for (uint32_t i = 0; i < RECENT_PUTS; i++) {
		uint32_t slot = (c->recent_next - 1 - i) % RECENT_PUTS;
		const struct put_state *p = &c->recent[slot];

		if (!p->view)
			break;
		if (c->recent_hashed[slot] && c->recent_hash[slot] != h)
			continue;
		/* A flow in place before the packet's lookup would have been
		 * hit, not missed: it was deleted since, and is not this
		 * upcall's. The slack covers lookup -> ovs_dp_upcall(). */
		if (put_end(p) + COVER_SLACK_NS < u->hdr.ts_ns)
			continue;
		if ((!p->result_known || p->result == 0 || p->result == -EEXIST) &&
		    put_covers(p, u))
			return p;
	}
	return NULL;
}

static void expire_pending(struct correlator *c, struct pending *p, enum corr_reason why)
{
	const struct put_state *put;

	unlink_pending(c, p);
	/* An action upcall whose return was missed, a GSO upcall partly lost
	 * and never put: no flow was due, or none came. */
	if (p->ev.cmd == OVS_PACKET_CMD_ACTION) {
		emit_action(c, p);
		pending_release(c, p);
		return;
	}
	put = recent_cover(c, &p->ev);
	if (!put && p->ret_seen && p->ret) {
		emit_lost(c, p, p->ret);
		pending_release(c, p);
		return;
	}
	if (put)
		emit_flow(c, put, p, true);
	else
		emit_noflow(c, p, why == CORR_R_EXIT && c->cfg.exact_reads && !p->read_ns
					  ? CORR_R_UNREAD : why);
	pending_release(c, p);
}

void corr_tick(struct correlator *c, uint64_t now_ns)
{
	uint64_t limit = c->cfg.timeout_ns;
	uint32_t n_open = c->n_open, seen = 0;

	for (int i = 0; i < OPEN_PUTS_MAX && seen < n_open; i++) {
		struct put_state *p = &c->open[i];

		if (!p->view)
			continue;
		seen++;
		if (p->view->ev.hdr.ts_ns + limit < now_ns)
			put_finish(c, p, false);
	}
	while (c->clock.head && clock_start(c, c->clock.head) + limit < now_ns)
		expire_pending(c, c->clock.head, CORR_R_TIMEOUT);
}

void corr_flush(struct correlator *c)
{
	for (int i = 0; i < OPEN_PUTS_MAX && c->n_open; i++)
		if (c->open[i].view)
			put_finish(c, &c->open[i], true);
	while (c->all.head)
		expire_pending(c, c->all.head, CORR_R_EXIT);
}

const struct corr_stats *corr_stats(const struct correlator *c)
{
	return &c->stats;
}

uint32_t corr_pending(const struct correlator *c)
{
	return c->n_pending;
}
