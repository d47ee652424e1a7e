// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <string.h>

#include "nlattr.h"

void nla_iter_nested(struct nla_iter *it, const struct nla *a)
{
	nla_iter_init(it, a->data, a->len);
}

bool nla_find(const void *buf, size_t len, uint16_t type, struct nla *out)
{
	struct nla_iter it;
	struct nla a;

	nla_iter_init(&it, buf, len);
	while (nla_iter_next(&it, &a)) {
		if (a.type == type) {
			*out = a;
			return true;
		}
	}
	return false;
}

int nla_parse(const void *buf, size_t len, struct nla *tb, unsigned int max,
	      uint64_t *present)
{
	struct nla_iter it;
	struct nla a;
	uint64_t seen = 0;

	nla_iter_init(&it, buf, len);
	while (nla_iter_next(&it, &a)) {
		if (a.type > max || (seen & (1ULL << a.type)))
			continue;
		tb[a.type] = a;
		seen |= 1ULL << a.type;
	}
	*present = seen;
	return nla_iter_left(&it) ? -EINVAL : 0;
}

void nla_writer_init(struct nla_writer *w, void *buf, size_t cap)
{
	w->buf = buf;
	w->cap = cap;
	w->len = 0;
	w->err = 0;
}

size_t nla_nest_start(struct nla_writer *w, uint16_t type)
{
	size_t start = w->len;

	nla_put(w, type, NULL, 0);
	return start;
}

void nla_nest_end(struct nla_writer *w, size_t start)
{
	struct nlattr h;
	size_t len;

	if (w->err)
		return;
	len = w->len - start;
	if (len > 0xffff) {
		w->err = -ENOSPC;
		return;
	}
	memcpy(&h, w->buf + start, sizeof(h));
	h.nla_len = (uint16_t)len;
	memcpy(w->buf + start, &h, sizeof(h));
}
