// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

void strbuf_init(struct strbuf *sb)
{
	sb->buf = NULL;
	sb->len = 0;
	sb->cap = 0;
	sb->err = 0;
}

void strbuf_free(struct strbuf *sb)
{
	free(sb->buf);
	strbuf_init(sb);
}

void strbuf_clear(struct strbuf *sb)
{
	sb->len = 0;
	sb->err = 0;
	if (sb->buf)
		sb->buf[0] = '\0';
}

int strbuf_reserve(struct strbuf *sb, size_t extra)
{
	size_t need, cap;
	char *p;

	if (sb->err)
		return sb->err;
	if (extra > SIZE_MAX - sb->len - 1) {
		sb->err = -ENOMEM;
		return sb->err;
	}
	need = sb->len + extra + 1;
	if (need <= sb->cap)
		return 0;
	cap = sb->cap ? sb->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	p = realloc(sb->buf, cap);
	if (!p) {
		sb->err = -ENOMEM;
		return sb->err;
	}
	if (!sb->buf)
		p[0] = '\0';
	sb->buf = p;
	sb->cap = cap;
	return 0;
}

int strbuf_put_slow(struct strbuf *sb, const void *data, size_t n)
{
	int err = strbuf_reserve(sb, n);

	if (err)
		return err;
	memcpy(sb->buf + sb->len, data, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
	return 0;
}

/* Room for n more bytes and the NUL after the text, or NULL with sb->err
 * set. Numbers are written straight into it: built aside first, each
 * would cost a libc copy, more than the digits themselves. */
static char *room(struct strbuf *sb, size_t n)
{
	if ((sb->err || n >= sb->cap - sb->len) && strbuf_reserve(sb, n))
		return NULL;
	return sb->buf + sb->len;
}

int strbuf_put_dec(struct strbuf *sb, uint64_t v)
{
	static const char pairs[] =
		"00010203040506070809101112131415161718192021222324"
		"25262728293031323334353637383940414243444546474849"
		"50515253545556575859606162636465666768697071727374"
		"75767778798081828384858687888990919293949596979899";
	size_t n = 1;
	uint32_t w;
	char *p;

	/* Four digits a division: most numbers here are ports and lengths. */
	for (uint64_t t = v;; t /= 10000, n += 4) {
		if (t < 10)
			break;
		if (t < 100) {
			n += 1;
			break;
		}
		if (t < 1000) {
			n += 2;
			break;
		}
		if (t < 10000) {
			n += 3;
			break;
		}
	}
	p = room(sb, n);
	if (!p)
		return sb->err;
	sb->len += n;
	p += n;
	*p = '\0';
	/* 32-bit divisions, cheaper, once the number fits. */
	while (v > UINT32_MAX) {
		p -= 2;
		memcpy(p, pairs + 2 * (v % 100), 2);
		v /= 100;
	}
	for (w = (uint32_t)v; w >= 100; w /= 100) {
		p -= 2;
		memcpy(p, pairs + 2 * (w % 100), 2);
	}
	if (w >= 10) {
		p -= 2;
		memcpy(p, pairs + 2 * w, 2);
	} else {
		*--p = (char)('0' + w);
	}
	return 0;
}

int strbuf_put_hex(struct strbuf *sb, uint64_t v, unsigned int width)
{
	static const char digits[] = "0123456789abcdef";
	size_t n = v ? (67 - (size_t)__builtin_clzll(v)) / 4 : 1;
	char *p;

	if (width > 16)
		width = 16;
	if (n < width)
		n = width;
	p = room(sb, n);
	if (!p)
		return sb->err;
	sb->len += n;
	p += n;
	*p = '\0';
	/* Past the last significant digit v is 0: the padding is '0's. */
	for (size_t i = 0; i < n; i++) {
		*--p = digits[v & 0xf];
		v >>= 4;
	}
	return 0;
}

int strbuf_put_hex_alt(struct strbuf *sb, uint64_t v)
{
	if (v)
		strbuf_put(sb, "0x", 2);
	return strbuf_put_hex(sb, v, 1);
}

int strbuf_printf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n, err;

	if (sb->err)
		return sb->err;
	/* Format straight into the spare room; retry once with the exact
	 * size vsnprintf reported when it did not fit. */
	err = strbuf_reserve(sb, 32);
	if (err)
		return err;
	va_start(ap, fmt);
	n = vsnprintf(sb->buf + sb->len, sb->cap - sb->len, fmt, ap);
	va_end(ap);
	if (n < 0) {
		sb->buf[sb->len] = '\0';
		sb->err = -EINVAL;
		return sb->err;
	}
	if ((size_t)n >= sb->cap - sb->len) {
		err = strbuf_reserve(sb, (size_t)n);
		if (err) {
			sb->buf[sb->len] = '\0';
			return err;
		}
		va_start(ap, fmt);
		vsnprintf(sb->buf + sb->len, sb->cap - sb->len, fmt, ap);
		va_end(ap);
	}
	sb->len += (size_t)n;
	return 0;
}

void strbuf_chomp(struct strbuf *sb, char c)
{
	if (sb->len && sb->buf[sb->len - 1] == c)
		sb->buf[--sb->len] = '\0';
}

void strbuf_truncate(struct strbuf *sb, size_t len)
{
	if (len < sb->len) {
		sb->len = len;
		sb->buf[len] = '\0';
	}
}

const char *strbuf_cstr(const struct strbuf *sb)
{
	return sb->buf ? sb->buf : "";
}

size_t strbuf_len(const struct strbuf *sb)
{
	return sb->len;
}

int strbuf_error(const struct strbuf *sb)
{
	return sb->err;
}
