// SPDX-License-Identifier: GPL-2.0-only
/*
 * Log2 histogram in bcc's print_log2_hist() look; see histogram.h for the
 * slot layout and the output formats.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <string.h>

#include "histogram.h"

/* Past this last slot, bcc widens the value columns and halves the stars. */
#define HIST_NARROW_LAST_SLOT 32
#define HIST_STARS 40
#define HIST_STARS_WIDE (HIST_STARS / 2)

void hist_init(struct histogram *h)
{
	memset(h, 0, sizeof(*h));
}

void hist_reset(struct histogram *h)
{
	hist_init(h);
}

/* floor(log2(v)), with 0 and 1 sharing slot 0 as in bcc. */
static unsigned int hist_slot(uint64_t v)
{
	return v < 2 ? 0 : 63 - (unsigned int)__builtin_clzll(v);
}

void hist_add(struct histogram *h, uint64_t value)
{
	h->slots[hist_slot(value)]++;
	if (!h->count || value < h->min)
		h->min = value;
	if (!h->count || value > h->max)
		h->max = value;
	h->count++;
	/* Saturate: a wrapped sum would print a small, plausible, wrong avg. */
	h->sum = value > UINT64_MAX - h->sum ? UINT64_MAX : h->sum + value;
}

/* Inclusive bounds of a row; 2^(i+1) - 1 is formed without 1 << 64. */
static uint64_t slot_lo(unsigned int i)
{
	return i ? UINT64_C(1) << i : 0;
}

static uint64_t slot_hi(unsigned int i)
{
	uint64_t p = UINT64_C(1) << i;

	return p + (p - 1);
}

/* First and last non-empty slot; false when there is none. */
static bool slot_range(const struct histogram *h, unsigned int *first, unsigned int *last)
{
	bool any = false;

	*first = *last = 0;
	for (unsigned int i = 0; i < HIST_SLOTS; i++) {
		if (!h->slots[i])
			continue;
		if (!any)
			*first = i;
		*last = i;
		any = true;
	}
	return any;
}

static uint64_t hist_avg(const struct histogram *h)
{
	uint64_t avg;

	if (!h->count)
		return 0;
	avg = h->sum / h->count;
	/* A saturated sum only bounds avg from below; min is a better bound. */
	if (h->sum == UINT64_MAX && avg < h->min)
		avg = h->min;
	return avg;
}

/*
 * floor(val * width / val_max) for val <= val_max, exact for any uint64_t
 * counts: val is added width times while whole val_maxes are carried out,
 * so the product that could overflow is never formed.
 */
static unsigned int star_count(uint64_t val, uint64_t val_max, unsigned int width)
{
	unsigned int stars = 0;
	uint64_t rem = 0;

	if (!val_max)
		return 0;
	if (val >= val_max)
		return width;
	for (unsigned int i = 0; i < width; i++) {
		/* rem + val >= val_max, asked without the sum: rem, val < val_max */
		if (rem >= val_max - val) {
			rem -= val_max - val;
			stars++;
		} else {
			rem += val;
		}
	}
	return stars;
}

/*
 * Writes stop at the first failure, whose error is kept, so the printers
 * can write unconditionally and check once.
 */
struct hist_out {
	FILE *f;
	int err;
};

static void out_printf(struct hist_out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void out_printf(struct hist_out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->err)
		return;
	errno = 0;
	va_start(ap, fmt);
	n = vfprintf(o->f, fmt, ap);
	va_end(ap);
	if (n < 0)
		o->err = errno ? -errno : -EIO;
}

/* Buffered writes may only fail here, so the result is not final before. */
static int out_finish(struct hist_out *o)
{
	if (o->err)
		return o->err;
	errno = 0;
	if (fflush(o->f))
		return errno ? -errno : -EIO;
	return 0;
}

int hist_print(const struct histogram *h, FILE *f, const char *title, const char *unit)
{
	static const char stars[] = "****************************************";
	struct hist_out o = { .f = f };
	unsigned int first, last, width, nstars;
	uint64_t val_max = 0;

	_Static_assert(sizeof(stars) - 1 == HIST_STARS, "one star per column");
	if (!h || !f || !title || !unit)
		return -EINVAL;
	if (!slot_range(h, &first, &last)) {
		out_printf(&o, "%s: no samples\n", title);
		return out_finish(&o);
	}
	for (unsigned int i = first; i <= last; i++)
		if (h->slots[i] > val_max)
			val_max = h->slots[i];

	width = last <= HIST_NARROW_LAST_SLOT ? 10 : 20;
	nstars = last <= HIST_NARROW_LAST_SLOT ? HIST_STARS : HIST_STARS_WIDE;
	out_printf(&o, "%s\n", title);
	/* The unit column is as wide as "lo -> hi", so the colons line up. */
	out_printf(&o, "%*s%-*s : count    distribution\n",
		   (int)width - 5, "", (int)width + 9, unit);
	for (unsigned int i = first; i <= last; i++) {
		unsigned int n = star_count(h->slots[i], val_max, nstars);

		out_printf(&o, "%*" PRIu64 " -> %-*" PRIu64 " : %-8" PRIu64 " |%.*s%*s|\n",
			   (int)width, slot_lo(i), (int)width, slot_hi(i), h->slots[i],
			   (int)n, stars, (int)(nstars - n), "");
	}
	out_printf(&o, "count %" PRIu64 ", min %" PRIu64 ", avg %" PRIu64 ", max %" PRIu64 " %s\n",
		   h->count, h->min, hist_avg(h), h->max, unit);
	return out_finish(&o);
}

/* A JSON string body: ", \ and controls escaped, all else as given. */
static void out_json_str(struct hist_out *o, const char *s)
{
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			out_printf(o, "\\%c", ch);
		else if (ch < 0x20 || ch == 0x7f)
			out_printf(o, "\\u%04x", ch);
		else
			out_printf(o, "%c", ch);
	}
}

int hist_print_json(const struct histogram *h, FILE *f, const char *title, const char *unit)
{
	struct hist_out o = { .f = f };
	unsigned int first, last;

	if (!h || !f || !title || !unit)
		return -EINVAL;
	out_printf(&o, "{\"title\":\"");
	out_json_str(&o, title);
	out_printf(&o, "\",\"unit\":\"");
	out_json_str(&o, unit);
	out_printf(&o, "\",\"count\":%" PRIu64 ",\"min\":%" PRIu64 ",\"avg\":%" PRIu64 ",\"max\":%" PRIu64 ",\"buckets\":[",
		   h->count, h->min, hist_avg(h), h->max);
	if (slot_range(h, &first, &last)) {
		for (unsigned int i = first; i <= last; i++)
			out_printf(&o, "%s{\"lo\":%" PRIu64 ",\"hi\":%" PRIu64 ",\"count\":%" PRIu64 "}",
				   i == first ? "" : ",", slot_lo(i), slot_hi(i), h->slots[i]);
	}
	out_printf(&o, "]}");
	return out_finish(&o);
}
