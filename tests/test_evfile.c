// SPDX-License-Identifier: GPL-2.0-only
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "evfile.h"

static char dir[] = "/tmp/test_evfile.XXXXXX";
static uint8_t buf[EVFILE_RECORD_MAX];

static int setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd);
}

static void path(char *out, const char *name)
{
	sprintf(out, "%s/%s", dir, name);
}

static void write_three(const char *p)
{
	struct evfile *w;
	uint8_t big[2000];

	memset(big, 0xab, sizeof(big));
	assert_int_equal(evfile_create(&w, p, true, -42, 0), 0);
	assert_int_equal(evfile_write(w, "abc", 3), 0);
	assert_int_equal(evfile_write(w, "", 0), -EINVAL);
	assert_int_equal(evfile_write(w, big, sizeof(big)), 0);
	assert_int_equal(evfile_write(w, big, EVFILE_RECORD_MAX + 1), -EMSGSIZE);
	assert_int_equal(evfile_records(w), 2);
	assert_int_equal(evfile_close(w), 0);
}

/* The header keeps the release whose text the recorder printed; files
 * from before it was kept say 0. */
static void test_ovs_version(void **state)
{
	struct evfile *w, *r;
	char p[64];

	(void)state;
	path(p, "ver.ev");
	assert_int_equal(evfile_create(&w, p, true, 1, 3u << 16 | 5u << 8 | 2), 0);
	assert_int_equal(evfile_write(w, "abc", 3), 0);
	assert_int_equal(evfile_close(w), 0);
	assert_int_equal(evfile_open(&r, p), 0);
	assert_int_equal(evfile_ovs_version(r), 3u << 16 | 5u << 8 | 2);
	evfile_close(r);
	assert_int_equal(evfile_create(&w, p, true, 1, 0), 0);
	assert_int_equal(evfile_close(w), 0);
	assert_int_equal(evfile_open(&r, p), 0);
	assert_int_equal(evfile_ovs_version(r), 0);
	evfile_close(r);
}

static void test_roundtrip(void **state)
{
	struct evfile *r;
	char p[64];

	(void)state;
	path(p, "rt.ev");
	write_three(p);
	assert_int_equal(evfile_open(&r, p), 0);
	assert_int_equal(evfile_wall_offset(r), -42);
	assert_int_equal(evfile_read(r, buf, sizeof(buf)), 3);
	assert_memory_equal(buf, "abc", 3);
	assert_int_equal(evfile_read(r, buf, sizeof(buf)), 2000);
	assert_int_equal(buf[1999], 0xab);
	assert_int_equal(evfile_read(r, buf, sizeof(buf)), 0);
	assert_int_equal(evfile_records(r), 2);
	evfile_close(r);
}

static void test_records(void **state)
{
	struct evfile *r;
	char p[64];
	uint8_t pkt[100];
	struct evfile *w;

	(void)state;
	path(p, "recs.ev");
	for (int i = 0; i < 100; i++)
		pkt[i] = i;
	assert_int_equal(evfile_create(&w, p, false, 7, 0), 0);
	for (uint32_t n = 1; n <= 100; n++)
		assert_int_equal(evfile_write(w, pkt, n), 0);
	assert_int_equal(evfile_close(w), 0);
	assert_int_equal(evfile_open(&r, p), 0);
	for (int n = 1; n <= 100; n++) {
		assert_int_equal(evfile_read(r, buf, sizeof(buf)), n);
		assert_memory_equal(buf, pkt, n);
	}
	assert_int_equal(evfile_read(r, buf, sizeof(buf)), 0);
	assert_int_equal(evfile_records(r), 100);
	evfile_close(r);
}

/* Every cut of a valid file reads its whole records, then -EPROTO (or a
 * clean end exactly at a record boundary); never a crash or garbage. */
static void test_truncated(void **state)
{
	char p[64], q[64];
	FILE *f;
	long size;
	uint8_t *all;

	(void)state;
	path(p, "full.ev");
	path(q, "cut.ev");
	write_three(p);
	f = fopen(p, "rb");
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	all = malloc(size);
	assert_int_equal(fread(all, 1, size, f), size);
	fclose(f);
	for (long cut = 0; cut < size; cut++) {
		struct evfile *r = NULL;
		int n, err;

		f = fopen(q, "wb");
		fwrite(all, 1, cut, f);
		fclose(f);
		err = evfile_open(&r, q);
		if (cut < 32) {
			assert_int_equal(err, -EPROTO);
			continue;
		}
		assert_int_equal(err, 0);
		while ((n = evfile_read(r, buf, sizeof(buf))) > 0)
			;
		/* record boundaries: after the header, after "abc" (8 + 8) */
		if (cut == 32 || cut == 48)
			assert_int_equal(n, 0);
		else
			assert_int_equal(n, -EPROTO);
		evfile_close(r);
	}
	free(all);
}

/* A file is read mapped, a stream through stdio: every cut of a file
 * gives both the same records and the same end. */
static void test_map_and_stream_agree(void **state)
{
	char p[64];
	uint8_t other[EVFILE_RECORD_MAX];
	struct evfile *w;

	(void)state;
	path(p, "agree.ev");
	for (long cut = 0; cut < 40 + 3 * 2008; cut += 7) {
		struct evfile *m = NULL, *s = NULL;
		FILE *f;
		int a, b;

		assert_int_equal(evfile_create(&w, p, true, 1, 0), 0);
		for (int i = 0; i < 3; i++) {
			memset(other, i + 1, 2000);
			assert_int_equal(evfile_write(w, other, 2000 - (uint32_t)i), 0);
		}
		assert_int_equal(evfile_close(w), 0);
		assert_int_equal(truncate(p, cut), 0);
		f = fopen(p, "rb");
		assert_non_null(f);
		a = evfile_open(&m, p);
		b = evfile_open_stream(&s, f);
		assert_int_equal(a, b);
		while (!a) {
			const void *data;

			a = evfile_next(m, &data, buf, sizeof(buf));
			b = evfile_read(s, other, sizeof(other));
			assert_int_equal(a, b);
			if (a <= 0)
				break;
			/* In place, not copied. */
			assert_ptr_not_equal(data, buf);
			assert_memory_equal(data, other, (size_t)a);
		}
		evfile_close(m);
		evfile_close(s);
		fclose(f);
	}
}

/* Past the pages it lets go of, a long file still reads whole. */
static void test_long_file(void **state)
{
	char p[64];
	struct evfile *r, *w;
	uint8_t rec[3000];
	int n, i = 0;

	(void)state;
	path(p, "long.ev");
	assert_int_equal(evfile_create(&w, p, true, 1, 0), 0);
	for (i = 0; i < 2000; i++) {
		memset(rec, i & 0xff, sizeof(rec));
		assert_int_equal(evfile_write(w, rec, 1000 + (uint32_t)i), 0);
	}
	assert_int_equal(evfile_close(w), 0);
	assert_int_equal(evfile_open(&r, p), 0);
	for (i = 0; (n = evfile_read(r, buf, sizeof(buf))) > 0; i++) {
		assert_int_equal(n, 1000 + i);
		assert_int_equal(buf[0], i & 0xff);
		assert_int_equal(buf[n - 1], i & 0xff);
	}
	assert_int_equal(n, 0);
	assert_int_equal(i, 2000);
	evfile_close(r);
}

static void test_bad_headers(void **state)
{
	struct evfile *r;
	char p[64];
	FILE *f;
	uint8_t hdr[32];

	(void)state;
	path(p, "hdr.ev");
	write_three(p);
	f = fopen(p, "r+b");
	assert_int_equal(fread(hdr, 1, 32, f), 32);
	hdr[8] = EVFILE_VERSION + 1;	/* a later version */
	rewind(f);
	fwrite(hdr, 1, 32, f);
	fclose(f);
	assert_int_equal(evfile_open(&r, p), -EPROTO);
	/* version 1 put records were fixed-size: refused, not misread */
	hdr[8] = 1;
	f = fopen(p, "r+b");
	fwrite(hdr, 1, 32, f);
	fclose(f);
	assert_int_equal(evfile_open(&r, p), -EPROTO);
	assert_int_equal(evfile_open(&r, "/nonexistent/x.ev"), -ENOENT);
	/* oversized record length */
	write_three(p);
	f = fopen(p, "r+b");
	fseek(f, 32, SEEK_SET);
	fwrite("\\xff\\xff\\xff\\x7f", 1, 4, f);
	fclose(f);
	assert_int_equal(evfile_open(&r, p), 0);
	assert_int_equal(evfile_read(r, buf, sizeof(buf)), -EPROTO);
	evfile_close(r);
}

static void test_no_clobber(void **state)
{
	struct evfile *w;
	char p[64], l[64];

	(void)state;
	path(p, "keep.ev");
	path(l, "link.ev");
	write_three(p);
	assert_int_equal(evfile_create(&w, p, false, 0, 0), -EEXIST);
	assert_int_equal(symlink(p, l), 0);
	assert_int_equal(evfile_create(&w, l, true, 0, 0), -ELOOP);
	assert_int_equal(evfile_create(&w, "/dev/full", true, 0, 0), -ENOSPC);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_ovs_version),
		cmocka_unit_test(test_records),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_map_and_stream_agree),
		cmocka_unit_test(test_long_file),
		cmocka_unit_test(test_bad_headers),
		cmocka_unit_test(test_no_clobber),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
