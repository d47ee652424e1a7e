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
int strbuf_putc(struct strbuf *sb, char c);
int strbuf_puts(struct strbuf *sb, const char *s);
int strbuf_put(struct strbuf *sb, const void *data, size_t n);
int strbuf_printf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
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
