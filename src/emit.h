/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One field emitter with a text and a JSON back end, in the spirit of
 * bpftool's json_writer: a line is a list of calls, one per field, and
 * each call names its field once (the text name, the JSON name where it
 * differs) together with what text shows when the value is missing;
 * the back end chosen at em_init() decides the syntax:
 *
 *   text:  TIME TYPE name=value name=value ... TAIL\n
 *   JSON:  {"type":"TYPE","time":"TIME","ts_ns":N,"name":value,...}\n
 *
 * A missing value is null in JSON; in text the field is left out
 * (EM_OMIT) or shows a placeholder (EM_DASH, or any text given). Where the
 * two forms differ by more than syntax, the kind of the call says how:
 * em_ms() is "read=1.234ms" in text and "read_latency_ns":1234000 in
 * JSON, em_thread() "handler=TID(comm)" and "handler_tid" plus
 * "handler_comm", em_uint_named() "proto=udp" and "proto":17. A name
 * made with EM_J() is JSON only. Fields named with EM_TAIL() are, in
 * text, held back to the end of the line, so that a flow greps like a
 * dump-flows line whatever was emitted after it; JSON keeps call order.
 *
 * A value with inner structure (--explain's reading) is an object:
 * em_obj_begin(), then groups (em_list_begin(), em_map_begin()) of items.
 * JSON writes them as they are; text writes a named object as one quoted
 * value whose groups read "name: item item", joined by "; ", with the
 * empty groups left out.
 *
 * Everything is appended to a strbuf without printf, on the strbuf's
 * sticky error: the record path runs once per upcall. The small kinds are
 * inline, so that a name's text and length fold into the call site.
 */
#ifndef EMIT_H
#define EMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"

/* How a field is named in each back end; build one with the macros below. */
struct em_name {
	const char *text;	/* written before the value: " dev="; NULL: JSON only */
	const char *json;	/* ",\"dev\":", the comma left out before a first member */
	const char *json2;	/* em_thread()'s second member */
	unsigned char tlen, jlen, j2len;
	bool tail;		/* text: at the end of the line */
};

#define EM__T(t) " " t "="
#define EM__J(j) ",\"" j "\":"
#define EM__NAME(t, j, ...) (&(const struct em_name){ \
	.text = t, .tlen = sizeof(t) - 1, .json = EM__J(j), .jlen = sizeof(EM__J(j)) - 1, __VA_ARGS__ })
/* The same name in both: "dev=" and "dev". */
#define EM_F(n) EM__NAME(EM__T(n), n)
/* Text and JSON names: "read=", "read_latency_ns". */
#define EM_F2(t, j) EM__NAME(EM__T(t), j)
/* A JSON-only member. */
#define EM_J(j) (&(const struct em_name){ .json = EM__J(j), .jlen = sizeof(EM__J(j)) - 1 })
/* Part of the text tail, after everything else; t is written as is:
 * EM_TAIL(", actions:", "actions"). */
#define EM_TAIL(t, j) EM__NAME(t, j, .tail = true)
/* em_thread()'s: "handler=" and "handler_tid", "handler_comm". */
#define EM_THREAD(t, jtid, jcomm) \
	EM__NAME(EM__T(t), jtid, .json2 = EM__J(jcomm), .j2len = sizeof(EM__J(jcomm)) - 1)

/* Text for a missing value (JSON has null): leave the field out, or "-". */
#define EM_OMIT NULL
#define EM_DASH "-"

/* The clock the line's times are printed on; see output.h. */
struct em_clock {
	int64_t wall_offset_ns;	/* CLOCK_REALTIME - event clock */
	bool relative;		/* seconds since start_ns instead */
	uint64_t start_ns;
};

#define EM_DEPTH 4
#define EM_TAIL_MAX 4

struct em_level {
	bool first;		/* nothing written in it yet */
	char close;		/* what ends it: JSON '}' or ']', text '"' or 0 */
	char sep;		/* text: a map entry's key and value apart */
	const char *name;	/* text: a group's name, written with its first item */
};

struct emit {
	struct strbuf *sb;
	bool json;
	unsigned int depth;
	struct em_level lv[EM_DEPTH];
	unsigned int ntail;
	struct {		/* names are copied: an EM_F() dies with its block */
		const char *name, *s, *absent;
		size_t name_len, len;
	} tail[EM_TAIL_MAX];
	const struct em_clock *clock;
};

/* Appends to sb. clock may be NULL when no time is emitted. */
void em_init(struct emit *e, struct strbuf *sb, bool json, const struct em_clock *clock);

/* A record line: its type and the time of ts (event clock) first (text
 * "TIME TYPE", JSON "type", "time" and "ts_ns"), then the fields, then
 * em_record_end() for the text tail and the newline. */
void em_record_begin(struct emit *e, const char *type, uint64_t ts);
void em_record_end(struct emit *e);

/* The time of event clock ts as records print it, into any strbuf. */
void em_put_time(struct strbuf *sb, const struct em_clock *c, uint64_t ts);
/* "%.3f" of ns / 1e6, a latency in ms. */
void em_put_ms(struct strbuf *sb, uint64_t ns);

/* The small kinds fold into the call site only if they are inlined, and
 * gcc -O2 declines that for calls this many. */
#define EM_INLINE static inline __attribute__((always_inline))

/* For a function that emits many fields: gcc then inlines the strbuf
 * appends the kinds make, which past a size it declines to. */
#define EM_FIELDS __attribute__((flatten))

/* Internals of the inline kinds: the values, written by back end. */
void em__json_int(struct strbuf *sb, int64_t v);
void em__overflow(struct emit *e);
void em__json_text(struct strbuf *sb, const char *s, size_t len);
void em__kstr(struct strbuf *sb, const char *s, size_t max, bool json);
void em__ms(struct emit *e, uint64_t ns);
void em__secs(struct emit *e, uint64_t ns);

/* Text: a tail field, kept for em_record_end(). */
EM_INLINE void em__queue(struct emit *e, const struct em_name *n, const char *s, size_t len,
			 const char *absent)
{
	if (e->ntail == EM_TAIL_MAX) {
		em__overflow(e);
		return;
	}
	e->tail[e->ntail].name = n->text;
	e->tail[e->ntail].name_len = n->tlen;
	e->tail[e->ntail].s = s;
	e->tail[e->ntail].len = len;
	e->tail[e->ntail].absent = absent;
	e->ntail++;
}

/* A field's name in this back end, and for a missing value null or the
 * absent text. True when the caller is to write the value; false also
 * when this back end does not show the field. */
EM_INLINE bool em__key(struct emit *e, const struct em_name *n, bool present,
		       const char *absent)
{
	if (e->json) {
		struct em_level *l = &e->lv[e->depth];

		if (!n->json)
			return false;
		/* Two puts of known length beat one of either. */
		if (l->first)
			strbuf_put(e->sb, n->json + 1, n->jlen - 1u);
		else
			strbuf_put(e->sb, n->json, n->jlen);
		l->first = false;
		if (!present)
			strbuf_put(e->sb, "null", 4);
		return present;
	}
	if (!n->text || (!present && !absent))
		return false;
	strbuf_put(e->sb, n->text, n->tlen);
	if (!present)
		strbuf_puts(e->sb, absent);
	return present;
}

/* A string of ours, len bytes, NULL when missing: as is in text (or, for
 * the tail, kept for em_record_end()), quoted in JSON and escaped there if
 * it may need it. */
EM_INLINE void em__string(struct emit *e, const struct em_name *n, const char *s, size_t len,
			  const char *absent, bool json_escape)
{
	if (!e->json && n->tail) {
		em__queue(e, n, s, len, absent);
		return;
	}
	if (!em__key(e, n, s != NULL, absent))
		return;
	if (!e->json) {
		strbuf_put(e->sb, s, len);
	} else if (json_escape) {
		em__json_text(e->sb, s, len);
	} else {
		strbuf_putc(e->sb, '"');
		strbuf_put(e->sb, s, len);
		strbuf_putc(e->sb, '"');
	}
}

/* Our own text that needs no escaping (names, addresses, verdicts). */
EM_INLINE void em_strn(struct emit *e, const struct em_name *n, const char *s, size_t len,
		       const char *absent)
{
	em__string(e, n, s, len, absent, false);
}

EM_INLINE void em_str(struct emit *e, const struct em_name *n, const char *s,
		      const char *absent)
{
	em__string(e, n, s, s ? strlen(s) : 0, absent, false);
}

/* Our own text that may hold a quote or a backslash (dump-flows keys and
 * actions). */
EM_INLINE void em_text(struct emit *e, const struct em_name *n, const char *s, size_t len,
		       const char *absent)
{
	em__string(e, n, s, len, absent, true);
}

/* Kernel data, at most max bytes up to a NUL (device, thread names):
 * escaped in both, so that no byte reaches a terminal raw. */
EM_INLINE void em_kstr(struct emit *e, const struct em_name *n, const char *s, size_t max,
		       const char *absent)
{
	if (em__key(e, n, s != NULL, absent))
		em__kstr(e->sb, s, max, e->json);
}

/* A number, decimal in both. JSON writes it as int64, what a reader's
 * integer holds: a counter past it shows as the negative it wraps to. */
EM_INLINE void em_uint(struct emit *e, const struct em_name *n, uint64_t v, bool present,
		       const char *absent)
{
	if (!em__key(e, n, present, absent))
		return;
	if (e->json)
		em__json_int(e->sb, (int64_t)v);
	else
		strbuf_put_dec(e->sb, v);
}

/* A number that text shows by its name where it has one ("proto=udp"). */
EM_INLINE void em_uint_named(struct emit *e, const struct em_name *n, uint64_t v,
			     const char *text_name, bool present, const char *absent)
{
	if (!e->json && present && text_name)
		em_str(e, n, text_name, absent);
	else
		em_uint(e, n, v, present, absent);
}

/* "0x%0*x" in both, a string in JSON: eth_type. */
EM_INLINE void em_hex(struct emit *e, const struct em_name *n, uint64_t v,
		      unsigned int width)
{
	if (!em__key(e, n, true, EM_OMIT))
		return;
	if (e->json)
		strbuf_put(e->sb, "\"0x", 3);
	else
		strbuf_put(e->sb, "0x", 2);
	strbuf_put_hex(e->sb, v, width);
	if (e->json)
		strbuf_putc(e->sb, '"');
}

/* Flags: "0x%0*x" in text, a number in JSON (tcp_flags). */
EM_INLINE void em_flags(struct emit *e, const struct em_name *n, uint64_t v,
			unsigned int width, bool present, const char *absent)
{
	if (!em__key(e, n, present, absent))
		return;
	if (e->json) {
		em__json_int(e->sb, (int64_t)v);
		return;
	}
	strbuf_put(e->sb, "0x", 2);
	strbuf_put_hex(e->sb, v, width);
}

/* A JSON-only flag; text, should it ever name one, shows true/false. */
EM_INLINE void em_bool(struct emit *e, const struct em_name *n, bool v)
{
	if (em__key(e, n, true, EM_OMIT))
		strbuf_puts(e->sb, v ? "true" : "false");
}

/* A duration in ns: text in ms with three decimals ("1.234ms"). */
EM_INLINE void em_ms(struct emit *e, const struct em_name *n, uint64_t ns, bool present,
		     const char *absent)
{
	if (em__key(e, n, present, absent))
		em__ms(e, ns);
}

/* A duration in ns: text in seconds with six decimals ("2.482832s"). */
EM_INLINE void em_secs(struct emit *e, const struct em_name *n, uint64_t ns)
{
	if (em__key(e, n, true, EM_OMIT))
		em__secs(e, ns);
}

/* A thread: text "TID(comm)", JSON its two members; comm is kernel data. */
EM_INLINE void em_thread(struct emit *e, const struct em_name *n, bool present, uint32_t tid,
			 const char *comm, size_t comm_max, const char *absent)
{
	bool value = em__key(e, n, present, absent);

	if (e->json && n->json) {
		if (value)
			strbuf_put_dec(e->sb, tid);
		strbuf_put(e->sb, n->json2, n->j2len);
		if (value)
			em__kstr(e->sb, comm, comm_max, true);
		else
			strbuf_put(e->sb, "null", 4);
	} else if (value) {
		strbuf_put_dec(e->sb, tid);
		strbuf_putc(e->sb, '(');
		em__kstr(e->sb, comm, comm_max, false);
		strbuf_putc(e->sb, ')');
	}
}

/* An object value; n NULL for one that is the whole output. Text writes a
 * named one as a quoted string. */
void em_obj_begin(struct emit *e, const struct em_name *n);
void em_obj_end(struct emit *e);
/* A group in the object: a list of items, or a map of entries whose key
 * and value text writes with text_sep between them. */
void em_list_begin(struct emit *e, const char *name);
void em_map_begin(struct emit *e, const char *name, char text_sep);
void em_group_end(struct emit *e);
/* A list item, a name of ours (no escaping). */
void em_item(struct emit *e, const char *s);
/* A map entry whose value is a number. */
void em_entry_uint(struct emit *e, const char *key, uint64_t v);
/* A map entry whose value the caller appends to e->sb in between (our own
 * text, no escaping): a string in JSON. */
void em_entry_begin(struct emit *e, const char *key);
void em_entry_end(struct emit *e);

#endif /* EMIT_H */
