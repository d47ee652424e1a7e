// SPDX-License-Identifier: GPL-2.0-only
/* The emitter's back ends and value formats; see emit.h. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "emit.h"

static const char hexdig[] = "0123456789abcdef";

void em_init(struct emit *e, struct strbuf *sb, bool json, const struct em_clock *clock)
{
	e->sb = sb;
	e->json = json;
	e->depth = 0;
	e->lv[0] = (struct em_level){ .first = true };
	e->ntail = 0;
	e->clock = clock;
}

/* "%lld" */
void em__json_int(struct strbuf *sb, int64_t v)
{
	if (v < 0) {
		strbuf_putc(sb, '-');
		strbuf_put_dec(sb, -(uint64_t)v);
	} else {
		strbuf_put_dec(sb, (uint64_t)v);
	}
}

/* v, 0 <= v < 10^digits, zero-padded to digits (at most 9): "%0*u". */
static void put_dec_padded(struct strbuf *sb, uint32_t v, int digits)
{
	char buf[9];

	for (int i = digits - 1; i >= 0; i--) {
		buf[i] = (char)('0' + v % 10);
		v /= 10;
	}
	strbuf_put(sb, buf, (size_t)digits);
}

/* "%.3f" of the double ns / 1e6 the way printf rounds it: that double's
 * exact binary value to three decimals, a tie to even. The value is
 * m * 2^-sh with sh from 8 (ns near 2^64) to 72 (ns = 1), so the
 * integer and fraction parts fit in 128 bits. */
static void put_ms_exact(struct strbuf *sb, uint64_t ns)
{
	double d = (double)ns / 1e6;
	unsigned __int128 frac, t, rem, half;
	uint64_t bits, m, ip, ms3;
	int sh;

	memcpy(&bits, &d, sizeof(bits));
	m = (bits & ((1ULL << 52) - 1)) | (1ULL << 52);
	sh = 1075 - (int)(bits >> 52);
	ip = sh < 64 ? m >> sh : 0;
	frac = (unsigned __int128)m - ((unsigned __int128)ip << sh);
	t = frac * 1000;
	ms3 = (uint64_t)(t >> sh);
	rem = t - ((unsigned __int128)ms3 << sh);
	half = (unsigned __int128)1 << (sh - 1);
	if (rem > half || (rem == half && (ms3 & 1)))
		ms3++;
	if (ms3 == 1000) {
		ip++;
		ms3 = 0;
	}
	strbuf_put_dec(sb, ip);
	strbuf_putc(sb, '.');
	put_dec_padded(sb, (uint32_t)ms3, 3);
}

/* Rounding ns to whole microseconds gives printf's digits exactly unless
 * ns ends in 500, a decimal tie the double's binary value breaks: below
 * 2^50 ns, ns / 1e6 as a double is within 1.25e-7 of the true value, and
 * every other ns is at least 1e-6 from a tie. Those few and larger values
 * take the exact way. */
void em_put_ms(struct strbuf *sb, uint64_t ns)
{
	uint64_t us;

	if (!ns) {
		strbuf_put(sb, "0.000", 5);
		return;
	}
	if (ns % 1000 == 500 || ns >= (1ULL << 50)) {
		put_ms_exact(sb, ns);
		return;
	}
	us = ns / 1000 + (ns % 1000 > 500);
	strbuf_put_dec(sb, us / 1000);
	strbuf_putc(sb, '.');
	put_dec_padded(sb, (uint32_t)(us % 1000), 3);
}

static void put_wall_time(struct strbuf *sb, int64_t ns)
{
	/* Records come in time order: most share the last one's second, and
	 * its text, kept here, saves gmtime_r() and strftime(). */
	static __thread struct {
		bool valid;
		time_t sec;
		char text[32];
		size_t len;
	} last;
	time_t sec = ns / 1000000000;
	long usec = (ns % 1000000000) / 1000;
	struct tm tm;

	/* Times from a file can be anything: keep the field well formed. */
	if (usec < 0) {
		usec += 1000000;
		sec--;
	}
	if (!last.valid || last.sec != sec) {
		if (!gmtime_r(&sec, &tm) ||
		    !strftime(last.text, sizeof(last.text), "%Y-%m-%dT%H:%M:%S", &tm))
			snprintf(last.text, sizeof(last.text), "@%lld", (long long)sec);
		last.len = strlen(last.text);
		last.sec = sec;
		last.valid = true;
	}
	strbuf_put(sb, last.text, last.len);
	strbuf_putc(sb, '.');
	put_dec_padded(sb, (uint32_t)usec, 6);
	strbuf_putc(sb, 'Z');
}

void em_put_time(struct strbuf *sb, const struct em_clock *c, uint64_t ts)
{
	if (c->relative) {
		uint64_t d = ts > c->start_ns ? ts - c->start_ns : 0;

		strbuf_put_dec(sb, d / 1000000000);
		strbuf_putc(sb, '.');
		put_dec_padded(sb, (uint32_t)(d % 1000000000 / 1000), 6);
		return;
	}
	/* Unsigned: a recorded file may hold any time and offset. */
	put_wall_time(sb, (int64_t)(ts + (uint64_t)c->wall_offset_ns));
}

void em_record_begin(struct emit *e, const char *type, uint64_t ts)
{
	struct strbuf *sb = e->sb;

	/* The one place the back ends order fields differently: a text line
	 * starts with its time, so that lines sort and read as a log. */
	if (e->json) {
		strbuf_put(sb, "{\"type\":\"", 9);
		strbuf_puts(sb, type);
		strbuf_put(sb, "\",\"time\":\"", 10);
		em_put_time(sb, e->clock, ts);
		strbuf_put(sb, "\",\"ts_ns\":", 10);
		em__json_int(sb, (int64_t)(ts + (uint64_t)e->clock->wall_offset_ns));
	} else {
		em_put_time(sb, e->clock, ts);
		strbuf_putc(sb, ' ');
		strbuf_puts(sb, type);
	}
	e->lv[0] = (struct em_level){ .first = false };
}

/* More tail fields than EM_TAIL_MAX or a nesting deeper than EM_DEPTH is
 * a bug, kept out of the line as an error. */
void em__overflow(struct emit *e)
{
	if (!e->sb->err)
		e->sb->err = -EOVERFLOW;
}

void em_record_end(struct emit *e)
{
	struct strbuf *sb = e->sb;

	if (e->json) {
		strbuf_put(sb, "}\n", 2);
		return;
	}
	for (unsigned int i = 0; i < e->ntail; i++) {
		if (!e->tail[i].s && !e->tail[i].absent)
			continue;
		strbuf_put(sb, e->tail[i].name, e->tail[i].name_len);
		if (e->tail[i].s)
			strbuf_put(sb, e->tail[i].s, e->tail[i].len);
		else
			strbuf_puts(sb, e->tail[i].absent);
	}
	e->ntail = 0;
	strbuf_putc(sb, '\n');
}

/* Text: printable ASCII but space and backslash, so a name stays one
 * token. JSON: printable ASCII but the quote and backslash. */
static inline bool text_safe(unsigned char ch)
{
	return ch > 0x20 && ch < 0x7f && ch != '\\';
}

static inline bool json_safe(unsigned char ch)
{
	return ch >= 0x20 && ch < 0x7f && ch != '"' && ch != '\\';
}

/* Up to len bytes or a NUL; bytes outside the safe set as \xNN in text,
 * \u00NN in JSON, the same escape whatever the byte, so that the reader
 * can undo it. Inline, so that each back end gets its own loop. */
static inline __attribute__((always_inline)) void put_escaped(struct strbuf *sb, const char *s,
							       size_t len, bool json)
{
	char *d;
	size_t i;

	/* Room for the worst case first: the loop then writes unchecked. */
	if (len > SIZE_MAX / 8 || strbuf_reserve(sb, len * 6))
		return;
	d = sb->buf + sb->len;
	for (i = 0; i < len && s[i]; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (json ? json_safe(ch) : text_safe(ch)) {
			*d++ = (char)ch;
			continue;
		}
		*d++ = '\\';
		if (json) {
			memcpy(d, "u00", 3);
			d += 3;
		} else {
			*d++ = 'x';
		}
		*d++ = hexdig[ch >> 4];
		*d++ = hexdig[ch & 0xf];
	}
	*d = '\0';
	sb->len = (size_t)(d - sb->buf);
}

#define ONES (~0ULL / 255)

/* Whether any of the 8 bytes in x needs a JSON escape: below 0x20, above
 * 0x7e, a quote or a backslash. Each test is exact for "any byte" (bit
 * tricks from Hacker's Delight, 6-1). */
static inline bool word_needs_escape(uint64_t x)
{
	uint64_t q = x ^ (ONES * '"'), b = x ^ (ONES * '\\');
	uint64_t low = (x - ONES * 0x20) & ~x;
	uint64_t high = (x + ONES * (0x7f - 0x7e)) | x;
	uint64_t zq = (q - ONES) & ~q, zb = (b - ONES) & ~b;

	return (low | high | zq | zb) & (ONES * 0x80);
}

/* Dump-flows text is long (a key is hundreds of bytes) and clean: find
 * the first byte that needs an escape eight at a time, copy up to it in
 * one go. */
static void put_json_text(struct strbuf *sb, const char *s, size_t len)
{
	size_t i = 0;
	uint64_t x;

	while (i + 8 <= len) {
		memcpy(&x, s + i, 8);
		if (word_needs_escape(x))
			break;
		i += 8;
	}
	while (i < len && json_safe((unsigned char)s[i]))
		i++;
	strbuf_put(sb, s, i);
	if (i < len)
		put_escaped(sb, s + i, len - i, true);
}

void em__json_text(struct strbuf *sb, const char *s, size_t len)
{
	strbuf_putc(sb, '"');
	put_json_text(sb, s, len);
	strbuf_putc(sb, '"');
}

void em__kstr(struct strbuf *sb, const char *s, size_t max, bool json)
{
	if (json) {
		strbuf_putc(sb, '"');
		put_escaped(sb, s, max, true);
		strbuf_putc(sb, '"');
	} else {
		put_escaped(sb, s, max, false);
	}
}

void em__ms(struct emit *e, uint64_t ns)
{
	if (e->json) {
		em__json_int(e->sb, (int64_t)ns);
		return;
	}
	em_put_ms(e->sb, ns);
	strbuf_put(e->sb, "ms", 2);
}

void em__secs(struct emit *e, uint64_t ns)
{
	/* Unsigned in JSON too, as the lifecycle lines always wrote it. */
	strbuf_put_dec(e->sb, e->json ? ns : ns / 1000000000);
	if (e->json)
		return;
	strbuf_putc(e->sb, '.');
	put_dec_padded(e->sb, (uint32_t)(ns % 1000000000 / 1000), 6);
	strbuf_putc(e->sb, 's');
}

/* One level down. */
static struct em_level *push(struct emit *e)
{
	if (e->depth + 1 >= EM_DEPTH) {
		em__overflow(e);
		return &e->lv[e->depth];
	}
	e->lv[++e->depth] = (struct em_level){ .first = true };
	return &e->lv[e->depth];
}

static void pop(struct emit *e)
{
	if (e->lv[e->depth].close)
		strbuf_putc(e->sb, e->lv[e->depth].close);
	if (e->depth)
		e->depth--;
}

void em_obj_begin(struct emit *e, const struct em_name *n)
{
	struct em_level *l;

	if (n && !em__key(e, n, true, EM_OMIT))
		return;
	if (e->json)
		strbuf_putc(e->sb, '{');
	else if (n)
		strbuf_putc(e->sb, '"');
	l = push(e);
	l->close = e->json ? '}' : n ? '"' : 0;
}

void em_obj_end(struct emit *e)
{
	pop(e);
}

static void group_begin(struct emit *e, const char *name, bool list, char text_sep)
{
	struct em_level *parent = &e->lv[e->depth], *l;

	if (e->json) {
		if (!parent->first)
			strbuf_putc(e->sb, ',');
		parent->first = false;
		strbuf_putc(e->sb, '"');
		strbuf_puts(e->sb, name);
		strbuf_put(e->sb, list ? "\":[" : "\":{", 3);
	}
	l = push(e);
	if (e->json) {
		l->close = list ? ']' : '}';
	} else {
		l->name = name;
		l->sep = text_sep;
	}
}

void em_list_begin(struct emit *e, const char *name)
{
	group_begin(e, name, true, 0);
}

void em_map_begin(struct emit *e, const char *name, char text_sep)
{
	group_begin(e, name, false, text_sep);
}

void em_group_end(struct emit *e)
{
	pop(e);
}

/* Before an item: JSON's comma; in text the group's name with its first
 * item, so that an empty group shows nothing. */
static void item_sep(struct emit *e)
{
	struct em_level *l = &e->lv[e->depth];

	if (e->json) {
		if (!l->first)
			strbuf_putc(e->sb, ',');
	} else if (l->first && e->depth) {
		struct em_level *obj = &e->lv[e->depth - 1];

		if (!obj->first)
			strbuf_put(e->sb, "; ", 2);
		obj->first = false;
		strbuf_puts(e->sb, l->name);
		strbuf_put(e->sb, ": ", 2);
	} else {
		strbuf_putc(e->sb, ' ');
	}
	l->first = false;
}

void em_item(struct emit *e, const char *s)
{
	item_sep(e);
	if (e->json)
		strbuf_putc(e->sb, '"');
	strbuf_puts(e->sb, s);
	if (e->json)
		strbuf_putc(e->sb, '"');
}

static void entry_key(struct emit *e, const char *key)
{
	item_sep(e);
	if (e->json)
		strbuf_putc(e->sb, '"');
	strbuf_puts(e->sb, key);
	if (e->json)
		strbuf_put(e->sb, "\":", 2);
	else
		strbuf_putc(e->sb, e->lv[e->depth].sep);
}

void em_entry_uint(struct emit *e, const char *key, uint64_t v)
{
	entry_key(e, key);
	strbuf_put_dec(e->sb, v);
}

void em_entry_begin(struct emit *e, const char *key)
{
	entry_key(e, key);
	if (e->json)
		strbuf_putc(e->sb, '"');
}

void em_entry_end(struct emit *e)
{
	if (e->json)
		strbuf_putc(e->sb, '"');
}
