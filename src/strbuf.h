/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A growable, always NUL-terminated string buffer, in the spirit of OVS's
 * struct ds, for building dump-flows style text. Allocation failures are
 * returned as -ENOMEM and make the buffer sticky-failed: later appends are
 * no-ops that return the same error, so a formatter can append freely and
 * check once at the end.
 */
#ifndef STRBUF_H
#define STRBUF_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct strbuf {
	char *buf;	/* NULL until the first append */
	size_t len;	/* bytes used, not counting the NUL */
	size_t cap;	/* bytes allocated */
	int err;	/* 0 or the first negative errno */
};

#define STRBUF_INIT { NULL, 0, 0, 0 }

void strbuf_init(struct strbuf *sb);
void strbuf_free(struct strbuf *sb);
/* Empties the buffer and forgets an earlier error; keeps the allocation. */
void strbuf_clear(struct strbuf *sb);
int strbuf_reserve(struct strbuf *sb, size_t extra);
/* strbuf_put() when the bytes may not fit: grows the buffer. */
int strbuf_put_slow(struct strbuf *sb, const void *data, size_t n);

/* The appends are inline: formatting a flow is mostly short appends into
 * room the buffer already has. */
static inline int strbuf_put(struct strbuf *sb, const void *data, size_t n)
{
	if (!sb->err && n < sb->cap - sb->len) {
		memcpy(sb->buf + sb->len, data, n);
		sb->len += n;
		sb->buf[sb->len] = '\0';
		return 0;
	}
	return strbuf_put_slow(sb, data, n);
}

static inline int strbuf_putc(struct strbuf *sb, char c)
{
	if (!sb->err && sb->len + 1 < sb->cap) {
		sb->buf[sb->len++] = c;
		sb->buf[sb->len] = '\0';
		return 0;
	}
	return strbuf_put_slow(sb, &c, 1);
}

static inline int strbuf_puts(struct strbuf *sb, const char *s)
{
	return strbuf_put(sb, s, strlen(s));
}

int strbuf_printf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Numbers without printf, as the conversions in their comments print them. */
int strbuf_put_dec(struct strbuf *sb, uint64_t v);		/* "%" PRIu64 */
int strbuf_put_hex(struct strbuf *sb, uint64_t v, unsigned int width);
							/* "%0*" PRIx64, width <= 16 */
int strbuf_put_hex_alt(struct strbuf *sb, uint64_t v);	/* "%#" PRIx64 */
/* Drops one trailing 'c', if the text ends with it (OVS ds_chomp). */
void strbuf_chomp(struct strbuf *sb, char c);
/* Cuts the text back to 'len' bytes (no-op if it is shorter). */
void strbuf_truncate(struct strbuf *sb, size_t len);
/* The text so far; "" for an empty or never-used buffer. Never NULL. */
const char *strbuf_cstr(const struct strbuf *sb);
size_t strbuf_len(const struct strbuf *sb);
/* 0, or the first allocation error since init/clear. */
int strbuf_error(const struct strbuf *sb);

#endif /* STRBUF_H */
