// SPDX-License-Identifier: GPL-2.0-only
/* Installed megaflows by UFID for --lifecycle; see lifecycle.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lifecycle.h"

#define LC_BUCKETS 4096

struct lifecycle {
	struct lc_flow *buckets[LC_BUCKETS];
	struct lc_flow *oldest, *newest;
	uint32_t n, max;
	uint64_t forgotten;
};

/* A UFID is already a hash of the flow key. */
static uint32_t bucket(const uint8_t ufid[16])
{
	uint32_t h;

	memcpy(&h, ufid, sizeof(h));
	return h & (LC_BUCKETS - 1);
}

struct lifecycle *lc_new(uint32_t max_flows)
{
	struct lifecycle *lc = calloc(1, sizeof(*lc));

	if (lc)
		lc->max = max_flows ? max_flows : 1;
	return lc;
}

void lc_flow_free(struct lc_flow *f)
{
	if (!f)
		return;
	free(f->key);
	free(f->actions);
	free(f);
}

void lc_free(struct lifecycle *lc)
{
	if (!lc)
		return;
	while (lc->oldest)
		lc_flow_free(lc_take_oldest(lc));
	free(lc);
}

struct lc_flow *lc_find(struct lifecycle *lc, const uint8_t ufid[16])
{
	for (struct lc_flow *f = lc->buckets[bucket(ufid)]; f; f = f->chain)
		if (!memcmp(f->ufid, ufid, 16))
			return f;
	return NULL;
}

static void unlink_flow(struct lifecycle *lc, struct lc_flow *f)
{
	struct lc_flow **pp = &lc->buckets[bucket(f->ufid)];

	while (*pp != f)
		pp = &(*pp)->chain;
	*pp = f->chain;
	if (f->older)
		f->older->newer = f->newer;
	else
		lc->oldest = f->newer;
	if (f->newer)
		f->newer->older = f->older;
	else
		lc->newest = f->older;
	f->chain = f->older = f->newer = NULL;
	lc->n--;
}

struct lc_flow *lc_take(struct lifecycle *lc, const uint8_t ufid[16])
{
	struct lc_flow *f = lc_find(lc, ufid);

	if (f)
		unlink_flow(lc, f);
	return f;
}

struct lc_flow *lc_take_oldest(struct lifecycle *lc)
{
	return lc_take_oldest_of(lc, 0);
}

struct lc_flow *lc_take_oldest_of(struct lifecycle *lc, uint32_t dp_ifindex)
{
	struct lc_flow *f = lc->oldest;

	while (f && dp_ifindex && f->dp_ifindex && f->dp_ifindex != dp_ifindex)
		f = f->newer;
	if (f)
		unlink_flow(lc, f);
	return f;
}

int lc_install(struct lifecycle *lc, const uint8_t ufid[16], uint32_t dp_ifindex,
	       uint64_t install_ns, const char *key, const char *actions)
{
	struct lc_flow *f;
	uint32_t b;

	lc_flow_free(lc_take(lc, ufid));
	if (lc->n >= lc->max) {
		lc_flow_free(lc_take_oldest(lc));
		lc->forgotten++;
	}
	f = calloc(1, sizeof(*f));
	if (!f)
		return -ENOMEM;
	f->key = strdup(key);
	f->actions = strdup(actions);
	if (!f->key || !f->actions) {
		lc_flow_free(f);
		return -ENOMEM;
	}
	memcpy(f->ufid, ufid, 16);
	f->dp_ifindex = dp_ifindex;
	f->install_ns = install_ns;
	b = bucket(ufid);
	f->chain = lc->buckets[b];
	lc->buckets[b] = f;
	f->older = lc->newest;
	if (lc->newest)
		lc->newest->newer = f;
	else
		lc->oldest = f;
	lc->newest = f;
	lc->n++;
	return 0;
}

int lc_set_actions(struct lc_flow *f, const char *actions)
{
	char *a = strdup(actions);

	if (!a)
		return -ENOMEM;
	free(f->actions);
	f->actions = a;
	return 0;
}

uint32_t lc_count(const struct lifecycle *lc)
{
	return lc->n;
}

uint64_t lc_forgotten(const struct lifecycle *lc)
{
	return lc->forgotten;
}
