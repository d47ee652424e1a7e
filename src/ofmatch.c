// SPDX-License-Identifier: GPL-2.0-only
/*
 * OpenFlow match text into fields (ofmatch.h). Fields are separated by
 * commas outside parentheses (packet_type=(1,0x800) is one field); a
 * value's kind is read from its syntax, not from a table of field names,
 * so that fields of later OVS releases still split and compare.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ofmatch.h"

static int bad(char *why, size_t why_len, const struct ofmatch_field *f, const char *what)
{
	snprintf(why, why_len, "match field '%.*s%s%.*s': %s", (int)f->name_len, f->name,
		 f->text ? "=" : "", (int)f->text_len, f->text ? f->text : "", what);
	return -EINVAL;
}

/* s[0..n) as a NUL-terminated copy in buf, or 0 if it does not fit. */
static int copy(char *buf, size_t size, const char *s, size_t n)
{
	if (n >= size)
		return 0;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return 1;
}

/* Decimal or 0x hex, the whole text, into 8 big-endian bytes. */
static int parse_num(const char *s, size_t n, uint8_t out[8])
{
	unsigned long long v = 0;
	size_t i = 0;
	int hex = n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');

	if (!n || (hex && n > 18))
		return 0;
	for (i = hex ? 2 : 0; i < n; i++) {
		unsigned int d;
		char c = s[i];

		if (c >= '0' && c <= '9')
			d = (unsigned int)(c - '0');
		else if (hex && c >= 'a' && c <= 'f')
			d = (unsigned int)(c - 'a' + 10);
		else if (hex && c >= 'A' && c <= 'F')
			d = (unsigned int)(c - 'A' + 10);
		else
			return 0;
		if (!hex && v > (~0ULL - d) / 10)
			return 0;
		v = hex ? v << 4 | d : v * 10 + d;
	}
	for (i = 0; i < 8; i++)
		out[i] = (uint8_t)(v >> (56 - 8 * i));
	return 1;
}

static int parse_mac(const char *s, size_t n, uint8_t out[6])
{
	unsigned int b[6];
	char buf[18], end;

	if (n != 17 || !copy(buf, sizeof(buf), s, n))
		return 0;
	if (sscanf(buf, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5], &end) != 6)
		return 0;
	for (int i = 0; i < 6; i++) {
		if (!memchr("0123456789abcdefABCDEF", buf[i * 3], 22) ||
		    !memchr("0123456789abcdefABCDEF", buf[i * 3 + 1], 22))
			return 0;
		out[i] = (uint8_t)b[i];
	}
	return 1;
}

static int parse_ip(int af, const char *s, size_t n, uint8_t *out)
{
	char buf[64];

	if (n && s[0] == '[' && s[n - 1] == ']') {
		s++;
		n -= 2;
	}
	return copy(buf, sizeof(buf), s, n) && inet_pton(af, buf, out) == 1;
}

/* A prefix length 0..bits as a mask of bits/8 bytes. */
static int prefix_mask(const char *s, size_t n, unsigned int bits, uint8_t *out)
{
	unsigned int len = 0;

	if (!n || n > 3)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		len = len * 10 + (unsigned int)(s[i] - '0');
	}
	if (len > bits)
		return 0;
	for (unsigned int i = 0; i < bits / 8; i++)
		out[i] = len >= 8 * (i + 1) ? 0xff : len <= 8 * i ? 0 : (uint8_t)(0xff << (8 - (len - 8 * i)));
	return 1;
}

/* How many of s[0..n) from the start are in 'set'. */
static size_t strspn_n(const char *s, size_t n, const char *set)
{
	size_t i = 0;

	while (i < n && s[i] && strchr(set, s[i]))
		i++;
	return i;
}

static int parse_value(struct ofmatch_field *f, char *why, size_t why_len)
{
	const char *v = f->text, *slash = memchr(f->text, '/', f->text_len);
	size_t vn = slash ? (size_t)(slash - v) : f->text_len;
	const char *m = slash ? slash + 1 : NULL;
	size_t mn = slash ? f->text_len - vn - 1 : 0;
	int af;

	if (slash && !mn)
		return bad(why, why_len, f, "empty mask after '/'");
	if (vn && vn == strspn_n(v, vn, "0123456789") && !parse_num(v, vn, f->value))
		return bad(why, why_len, f, "the number does not fit 64 bits");
	if (parse_num(v, vn, f->value)) {
		f->kind = OFM_NUM;
		f->width = 8;
		if (m && !parse_num(m, mn, f->mask))
			return bad(why, why_len, f, "the mask is not a number");
	} else if (parse_mac(v, vn, f->value)) {
		f->kind = OFM_MAC;
		f->width = 6;
		if (m && !parse_mac(m, mn, f->mask))
			return bad(why, why_len, f, "the mask is not an Ethernet address");
	} else if ((af = AF_INET, parse_ip(af, v, vn, f->value)) ||
		   (af = AF_INET6, parse_ip(af, v, vn, f->value))) {
		f->kind = af == AF_INET ? OFM_IPV4 : OFM_IPV6;
		f->width = af == AF_INET ? 4 : 16;
		if (m && !prefix_mask(m, mn, f->width * 8u, f->mask) && !parse_ip(af, m, mn, f->mask))
			return bad(why, why_len, f, "the mask is neither a prefix length nor an address");
	} else {
		/* Flags (+new+trk), keywords (no, later), port names: as text. */
		f->kind = OFM_TEXT;
		return 0;
	}
	if (!m)
		memset(f->mask, 0xff, f->width);
	for (unsigned int i = 0; i < f->width; i++)
		if (f->value[i] & ~f->mask[i])
			return bad(why, why_len, f, "the value has bits outside its mask");
	return 0;
}

int ofmatch_parse(const char *text, size_t len, struct ofmatch *m, char *why, size_t why_len)
{
	size_t i = 0, start, depth;

	m->n = 0;
	if (why && why_len)
		why[0] = '\0';
	while (i < len) {
		struct ofmatch_field *f;
		const char *eq;

		for (start = i, depth = 0; i < len && (text[i] != ',' || depth); i++) {
			if (text[i] == '(')
				depth++;
			else if (text[i] == ')' && depth)
				depth--;
		}
		if (m->n == OFMATCH_MAX_FIELDS) {
			snprintf(why, why_len, "match has more than %d fields", OFMATCH_MAX_FIELDS);
			return -EINVAL;
		}
		f = &m->f[m->n];
		memset(f, 0, sizeof(*f));
		f->name = text + start;
		eq = memchr(f->name, '=', i - start);
		f->name_len = eq ? (size_t)(eq - f->name) : i - start;
		if (eq) {
			f->text = eq + 1;
			f->text_len = i - start - f->name_len - 1;
		}
		if (!f->name_len)
			return bad(why, why_len, f, "no field name");
		for (size_t k = 0; k < f->name_len; k++)
			if (!memchr("abcdefghijklmnopqrstuvwxyz0123456789_", f->name[k], 37))
				return bad(why, why_len, f, "a field name is lower-case letters, digits and '_'");
		if (eq) {
			int err;

			if (!f->text_len)
				return bad(why, why_len, f, "no value after '='");
			err = parse_value(f, why, why_len);
			if (err)
				return err;
		}
		m->n++;
		if (i < len && i + 1 == len) {
			snprintf(why, why_len, "match text ends with a ','");
			return -EINVAL;
		}
		i++;	/* the ',' */
	}
	return 0;
}

const struct ofmatch_field *ofmatch_find(const struct ofmatch *m, const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; i < m->n; i++)
		if (m->f[i].name_len == n && !memcmp(m->f[i].name, name, n))
			return &m->f[i];
	return NULL;
}
