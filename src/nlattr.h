/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Walking netlink attribute streams held in plain byte buffers (copies of
 * kernel attributes, capture files), which may be cut short or corrupt.
 * Lengths are never trusted: an attribute whose nla_len is below the header
 * size or that runs past the buffer ends the walk, and the unread rest is
 * reported as malformed, like OVS's NL_ATTR_FOR_EACH. Payloads are not
 * aligned in memory; read scalars with the nla_get_*() helpers.
 */
#ifndef NLATTR_H
#define NLATTR_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <linux/netlink.h>

/* One attribute as seen by the walk. */
struct nla {
	uint16_t type;		/* nla_type & NLA_TYPE_MASK */
	uint16_t flags;		/* NLA_F_NESTED / NLA_F_NET_BYTEORDER bits */
	const uint8_t *hdr;	/* the attribute header */
	const uint8_t *data;	/* payload */
	size_t len;		/* payload bytes (nla_len - header) */
};

struct nla_iter {
	const uint8_t *pos;	/* next header to read */
	size_t left;		/* bytes from pos to the end of the buffer */
};

/* The walk is inline: decoding and formatting a flow put spends much of
 * its time in it. */
static inline void nla_iter_init(struct nla_iter *it, const void *buf, size_t len)
{
	it->pos = buf;
	it->left = buf ? len : 0;
}

/* Reads the next attribute into 'a'. False at the end of the stream or at a
 * malformed attribute; nla_iter_left() tells the two apart. */
static inline bool nla_iter_next(struct nla_iter *it, struct nla *a)
{
	struct nlattr h;
	size_t step;

	if (it->left < NLA_HDRLEN)
		return false;
	memcpy(&h, it->pos, sizeof(h));
	if (h.nla_len < NLA_HDRLEN || h.nla_len > it->left)
		return false;

	a->type = h.nla_type & NLA_TYPE_MASK;
	a->flags = h.nla_type & ~NLA_TYPE_MASK;
	a->hdr = it->pos;
	a->data = it->pos + NLA_HDRLEN;
	a->len = h.nla_len - NLA_HDRLEN;

	/* The last attribute may lack its padding. */
	step = NLA_ALIGN((size_t)h.nla_len);
	if (step > it->left)
		step = it->left;
	it->pos += step;
	it->left -= step;
	return true;
}

/* Bytes not consumed: nonzero after the walk means malformed input. */
static inline size_t nla_iter_left(const struct nla_iter *it)
{
	return it->left;
}

static inline const uint8_t *nla_iter_pos(const struct nla_iter *it)
{
	return it->pos;
}

/* Walks a's payload as a nested stream. */
void nla_iter_nested(struct nla_iter *it, const struct nla *a);

/* First attribute of 'type' in the stream; false if none is found before
 * the end or before a malformed attribute. */
bool nla_find(const void *buf, size_t len, uint16_t type, struct nla *out);

/* Indexes a stream by type in one walk: tb[type] is the first attribute
 * of each type <= max, the one nla_find() would find, for the types set in
 * *present; other entries are not written. Types above max are skipped;
 * max must be below 64. Returns 0, or -EINVAL if the stream is malformed
 * (the index then holds what came before the bad attribute). */
int nla_parse(const void *buf, size_t len, struct nla *tb, unsigned int max,
	      uint64_t *present);

/* Total bytes an attribute with an n-byte payload takes, padding included. */
static inline size_t nla_total_size(size_t n)
{
	return NLA_ALIGN(NLA_HDRLEN + n);
}

/* Copies min(a->len, n) payload bytes to dst and zero-fills the rest.
 * Inline, like the getters below: a key's decode reads a dozen fixed-size
 * payloads, and with n known the usual full-length case is one load, not
 * a call and two variable-length libc copies. */
static inline void nla_get_bytes(const struct nla *a, void *dst, size_t n)
{
	if (a->len >= n) {
		memcpy(dst, a->data, n);
		return;
	}
	memcpy(dst, a->data, a->len);
	memset((uint8_t *)dst + a->len, 0, n - a->len);
}

static inline uint8_t nla_get_u8(const struct nla *a)
{
	uint8_t v;

	nla_get_bytes(a, &v, sizeof(v));
	return v;
}

static inline uint16_t nla_get_u16(const struct nla *a)
{
	uint16_t v;

	nla_get_bytes(a, &v, sizeof(v));
	return v;
}

static inline uint32_t nla_get_u32(const struct nla *a)
{
	uint32_t v;

	nla_get_bytes(a, &v, sizeof(v));
	return v;
}

static inline uint64_t nla_get_u64(const struct nla *a)
{
	uint64_t v;

	nla_get_bytes(a, &v, sizeof(v));
	return v;
}

/*
 * Building attribute streams into a caller-supplied buffer. Running out of
 * room sets err to -ENOSPC and turns later puts into no-ops, so a builder can
 * put everything and check err once.
 */
struct nla_writer {
	uint8_t *buf;
	size_t cap;
	size_t len;
	int err;
};

void nla_writer_init(struct nla_writer *w, void *buf, size_t cap);

/* Appends an attribute with 'n' payload bytes, zero padded to alignment.
 * Inline: the dump-flows text of every put re-serialises its key and mask,
 * some thirty fixed-size attributes, and with n known the copy and the
 * padding are a few stores instead of libc calls. */
static inline void nla_put(struct nla_writer *w, uint16_t type, const void *data, size_t n)
{
	size_t total = nla_total_size(n);
	struct nlattr h;

	if (w->err)
		return;
	if (n > 0xffff - NLA_HDRLEN || total > w->cap - w->len) {
		w->err = -ENOSPC;
		return;
	}
	h.nla_len = (uint16_t)(NLA_HDRLEN + n);
	h.nla_type = type;
	memcpy(w->buf + w->len, &h, sizeof(h));
	if (n)
		memcpy(w->buf + w->len + NLA_HDRLEN, data, n);
	memset(w->buf + w->len + NLA_HDRLEN + n, 0, total - NLA_HDRLEN - n);
	w->len += total;
}

static inline void nla_put_u8(struct nla_writer *w, uint16_t type, uint8_t v)
{
	nla_put(w, type, &v, sizeof(v));
}

static inline void nla_put_u16(struct nla_writer *w, uint16_t type, uint16_t v)
{
	nla_put(w, type, &v, sizeof(v));
}

static inline void nla_put_u32(struct nla_writer *w, uint16_t type, uint32_t v)
{
	nla_put(w, type, &v, sizeof(v));
}

static inline void nla_put_u64(struct nla_writer *w, uint16_t type, uint64_t v)
{
	nla_put(w, type, &v, sizeof(v));
}

static inline void nla_put_flag(struct nla_writer *w, uint16_t type)
{
	nla_put(w, type, NULL, 0);
}
/* Opens a nest; returns the offset nla_nest_end() needs. */
size_t nla_nest_start(struct nla_writer *w, uint16_t type);
void nla_nest_end(struct nla_writer *w, size_t start);

#endif /* NLATTR_H */
