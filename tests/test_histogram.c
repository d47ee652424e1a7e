// SPDX-License-Identifier: GPL-2.0-only
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "histogram.h"

#define TITLE "upcall -> flow installed latency"

/* The whole output as a string; the caller frees it. */
static char *render(const struct histogram *h, bool json, const char *title, const char *unit)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	if (json)
		assert_int_equal(hist_print_json(h, f, title, unit), 0);
	else
		assert_int_equal(hist_print(h, f, title, unit), 0);
	assert_int_equal(fclose(f), 0);
	assert_non_null(buf);
	return buf;
}

static void assert_text(const struct histogram *h, const char *unit, const char *want)
{
	char *got = render(h, false, TITLE, unit);

	assert_string_equal(got, want);
	free(got);
}

static void assert_json(const struct histogram *h, const char *title, const char *unit,
			const char *want)
{
	char *got = render(h, true, title, unit);

	assert_string_equal(got, want);
	free(got);
}

static void add_all(struct histogram *h, const uint64_t *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		hist_add(h, v[i]);
}

static void test_empty(void **state)
{
	struct histogram h;

	(void)state;
	hist_init(&h);
	assert_int_equal(h.count, 0);
	assert_int_equal(h.min, 0);
	assert_int_equal(h.max, 0);
	assert_text(&h, "usecs", TITLE ": no samples\n");
}

/* Values land in bcc's slots: 0 and 1 share slot 0, then floor(log2). */
static void test_slots(void **state)
{
	static const struct { uint64_t v; unsigned int slot; } cases[] = {
		{ 0, 0 }, { 1, 0 }, { 2, 1 }, { 3, 1 }, { 4, 2 }, { 7, 2 }, { 8, 3 },
		{ 1000, 9 }, { 1000000, 19 }, { (UINT64_C(1) << 33) - 1, 32 },
		{ UINT64_C(1) << 33, 33 }, { (UINT64_C(1) << 63) - 1, 62 },
		{ UINT64_C(1) << 63, 63 }, { UINT64_MAX, 63 },
	};
	struct histogram h;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		hist_init(&h);
		hist_add(&h, cases[i].v);
		assert_int_equal(h.slots[cases[i].slot], 1);
		assert_int_equal(h.count, 1);
		assert_int_equal(h.sum, cases[i].v);
		assert_int_equal(h.min, cases[i].v);
		assert_int_equal(h.max, cases[i].v);
	}
}

static void test_single(void **state)
{
	struct histogram h;

	(void)state;
	hist_init(&h);
	hist_add(&h, 5);
	assert_text(&h, "usecs",
		"upcall -> flow installed latency\n"
		"     usecs               : count    distribution\n"
		"         4 -> 7          : 1        |****************************************|\n"
		"count 1, min 5, avg 5, max 5 usecs\n");
}

/* The example in histogram.h, so the documentation cannot drift. */
static void test_header_example(void **state)
{
	static const uint64_t v[] = { 0, 0, 1, 5 };
	struct histogram h;

	(void)state;
	hist_init(&h);
	add_all(&h, v, 4);
	assert_text(&h, "usecs",
		"upcall -> flow installed latency\n"
		"     usecs               : count    distribution\n"
		"         0 -> 1          : 3        |****************************************|\n"
		"         2 -> 3          : 0        |                                        |\n"
		"         4 -> 7          : 1        |*************                           |\n"
		"count 4, min 0, avg 1, max 5 usecs\n");
}

static void test_mixed(void **state)
{
	static const uint64_t v[] = { 1000000, 0, 7, 1, 1000, 2, 8, 3, 4 };
	struct histogram h;

	(void)state;
	hist_init(&h);
	add_all(&h, v, sizeof(v) / sizeof(v[0]));
	assert_int_equal(h.sum, 1001025);
	assert_text(&h, "usecs",
		"upcall -> flow installed latency\n"
		"     usecs               : count    distribution\n"
		"         0 -> 1          : 2        |****************************************|\n"
		"         2 -> 3          : 2        |****************************************|\n"
		"         4 -> 7          : 2        |****************************************|\n"
		"         8 -> 15         : 1        |********************                    |\n"
		"        16 -> 31         : 0        |                                        |\n"
		"        32 -> 63         : 0        |                                        |\n"
		"        64 -> 127        : 0        |                                        |\n"
		"       128 -> 255        : 0        |                                        |\n"
		"       256 -> 511        : 0        |                                        |\n"
		"       512 -> 1023       : 1        |********************                    |\n"
		"      1024 -> 2047       : 0        |                                        |\n"
		"      2048 -> 4095       : 0        |                                        |\n"
		"      4096 -> 8191       : 0        |                                        |\n"
		"      8192 -> 16383      : 0        |                                        |\n"
		"     16384 -> 32767      : 0        |                                        |\n"
		"     32768 -> 65535      : 0        |                                        |\n"
		"     65536 -> 131071     : 0        |                                        |\n"
		"    131072 -> 262143     : 0        |                                        |\n"
		"    262144 -> 524287     : 0        |                                        |\n"
		"    524288 -> 1048575    : 1        |********************                    |\n"
		"count 9, min 0, avg 111225, max 1000000 usecs\n");
}

/* Slots past 32 widen the value columns to 20 and halve the stars, as bcc. */
static void test_wide(void **state)
{
	static const uint64_t v[] = { UINT64_C(1) << 40, UINT64_C(1) << 38, UINT64_C(1) << 40 };
	struct histogram h;

	(void)state;
	hist_init(&h);
	add_all(&h, v, 3);
	assert_text(&h, "usecs",
		"upcall -> flow installed latency\n"
		"               usecs                         : count    distribution\n"
		"        274877906944 -> 549755813887         : 1        |**********          |\n"
		"        549755813888 -> 1099511627775        : 0        |                    |\n"
		"       1099511627776 -> 2199023255551        : 2        |********************|\n"
		"count 3, min 274877906944, avg 824633720832, max 1099511627776 usecs\n");
}

/* bcc's switch point: slot 32 still fits 10 digits, slot 33 does not. */
static void test_wide_threshold(void **state)
{
	struct histogram h;

	(void)state;
	hist_init(&h);
	hist_add(&h, (UINT64_C(1) << 33) - 1);
	assert_text(&h, "usecs",
		"upcall -> flow installed latency\n"
		"     usecs               : count    distribution\n"
		"4294967296 -> 8589934591 : 1        |****************************************|\n"
		"count 1, min 8589934591, avg 8589934591, max 8589934591 usecs\n");

	hist_reset(&h);
	hist_add(&h, UINT64_C(1) << 33);
	assert_text(&h, "usecs",
		"upcall -> flow installed latency\n"
		"               usecs                         : count    distribution\n"
		"          8589934592 -> 17179869183          : 1        |********************|\n"
		"count 1, min 8589934592, avg 8589934592, max 8589934592 usecs\n");
}

static void test_uint64_max(void **state)
{
	struct histogram h;

	(void)state;
	hist_init(&h);
	hist_add(&h, UINT64_MAX);
	assert_int_equal(h.slots[HIST_SLOTS - 1], 1);
	assert_text(&h, "usecs",
		"upcall -> flow installed latency\n"
		"               usecs                         : count    distribution\n"
		" 9223372036854775808 -> 18446744073709551615 : 1        |********************|\n"
		"count 1, min 18446744073709551615, avg 18446744073709551615, max 18446744073709551615 usecs\n");

	/* A second one would wrap the sum to UINT64_MAX - 1: it saturates. */
	hist_add(&h, UINT64_MAX);
	assert_int_equal(h.sum, UINT64_MAX);
	assert_int_equal(h.count, 2);
}

/* A saturated sum would give avg UINT64_MAX / 3; min is the better bound. */
static void test_saturated_avg(void **state)
{
	struct histogram h;

	(void)state;
	hist_init(&h);
	for (int i = 0; i < 3; i++)
		hist_add(&h, UINT64_C(1) << 63);
	assert_int_equal(h.sum, UINT64_MAX);
	assert_text(&h, "usecs",
		"upcall -> flow installed latency\n"
		"               usecs                         : count    distribution\n"
		" 9223372036854775808 -> 18446744073709551615 : 3        |********************|\n"
		"count 3, min 9223372036854775808, avg 9223372036854775808, max 9223372036854775808 usecs\n");
}

/*
 * Stars for counts near UINT64_MAX: 40 * count would overflow, and
 * 40 * (2^63 - 1) / (2^64 - 1) is just under 20. Rows follow the slots even
 * when, as for slots copied from a BPF map, the summary fields stay 0.
 */
static void test_huge_counts(void **state)
{
	struct histogram h;

	(void)state;
	hist_init(&h);
	h.slots[0] = UINT64_MAX;
	h.slots[1] = UINT64_MAX / 2;
	h.slots[2] = 1;
	assert_text(&h, "usecs",
		"upcall -> flow installed latency\n"
		"     usecs               : count    distribution\n"
		"         0 -> 1          : 18446744073709551615 |****************************************|\n"
		"         2 -> 3          : 9223372036854775807 |*******************                     |\n"
		"         4 -> 7          : 1        |                                        |\n"
		"count 0, min 0, avg 0, max 0 usecs\n");
}

static void test_reset(void **state)
{
	struct histogram h;

	(void)state;
	hist_init(&h);
	hist_add(&h, 1);
	hist_add(&h, 1000);
	hist_reset(&h);
	for (unsigned int i = 0; i < HIST_SLOTS; i++)
		assert_int_equal(h.slots[i], 0);
	assert_int_equal(h.count, 0);
	assert_int_equal(h.sum, 0);
	assert_int_equal(h.min, 0);
	assert_int_equal(h.max, 0);
	assert_text(&h, "usecs", TITLE ": no samples\n");

	/* min and max restart from the next sample, not from 1 and 1000 */
	hist_add(&h, 5);
	assert_text(&h, "usecs",
		"upcall -> flow installed latency\n"
		"     usecs               : count    distribution\n"
		"         4 -> 7          : 1        |****************************************|\n"
		"count 1, min 5, avg 5, max 5 usecs\n");
}

static void test_json(void **state)
{
	static const uint64_t v[] = { 10, 3, 0, 3 };
	struct histogram h;

	(void)state;
	hist_init(&h);
	assert_json(&h, TITLE, "usecs",
		"{\"title\":\"upcall -> flow installed latency\",\"unit\":\"usecs\",\"count\":0,\"min\":0,\"avg\":0,\"max\":0,\"buckets\":[]}");

	add_all(&h, v, 4);
	assert_json(&h, TITLE, "usecs",
		"{\"title\":\"upcall -> flow installed latency\",\"unit\":\"usecs\",\"count\":4,\"min\":0,\"avg\":4,\"max\":10,\"buckets\":[{\"lo\":0,\"hi\":1,\"count\":1},{\"lo\":2,\"hi\":3,\"count\":2},{\"lo\":4,\"hi\":7,\"count\":0},{\"lo\":8,\"hi\":15,\"count\":1}]}");

	hist_reset(&h);
	hist_add(&h, UINT64_MAX);
	assert_json(&h, "t", "ns",
		"{\"title\":\"t\",\"unit\":\"ns\",\"count\":1,\"min\":18446744073709551615,\"avg\":18446744073709551615,\"max\":18446744073709551615,\"buckets\":[{\"lo\":9223372036854775808,\"hi\":18446744073709551615,\"count\":1}]}");
}

/* Quotes, backslashes and controls are escaped; UTF-8 passes through. */
static void test_json_escape(void **state)
{
	struct histogram h;

	(void)state;
	hist_init(&h);
	assert_json(&h, "a \"b\"\\c\n\t\x7f\xc3\xa9", "\xc2\xb5s",
		"{\"title\":\"a \\\"b\\\"\\\\c\\u000a\\u0009\\u007f\xc3\xa9\",\"unit\":\"\xc2\xb5s\",\"count\":0,\"min\":0,\"avg\":0,\"max\":0,\"buckets\":[]}");
}

/* A full device only refuses the data at the flush, which must report it. */
static void test_write_error(void **state)
{
	struct histogram h;
	FILE *f;

	(void)state;
	hist_init(&h);
	hist_add(&h, 5);
	f = fopen("/dev/full", "w");
	if (!f)
		skip();
	assert_int_equal(hist_print(&h, f, TITLE, "usecs"), -ENOSPC);
	clearerr(f);
	assert_int_equal(hist_print_json(&h, f, TITLE, "usecs"), -ENOSPC);
	fclose(f);

	/* A stream not open for writing fails at the first write. */
	f = fopen("/dev/null", "r");
	assert_non_null(f);
	assert_int_equal(hist_print(&h, f, TITLE, "usecs"), -EBADF);
	assert_int_equal(hist_print_json(&h, f, TITLE, "usecs"), -EBADF);
	fclose(f);
}

static void test_null_args(void **state)
{
	struct histogram h;

	(void)state;
	hist_init(&h);
	assert_int_equal(hist_print(NULL, stdout, TITLE, "usecs"), -EINVAL);
	assert_int_equal(hist_print(&h, NULL, TITLE, "usecs"), -EINVAL);
	assert_int_equal(hist_print(&h, stdout, NULL, "usecs"), -EINVAL);
	assert_int_equal(hist_print_json(&h, stdout, TITLE, NULL), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_slots),
		cmocka_unit_test(test_single),
		cmocka_unit_test(test_header_example),
		cmocka_unit_test(test_mixed),
		cmocka_unit_test(test_wide),
		cmocka_unit_test(test_wide_threshold),
		cmocka_unit_test(test_uint64_max),
		cmocka_unit_test(test_saturated_avg),
		cmocka_unit_test(test_huge_counts),
		cmocka_unit_test(test_reset),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_json_escape),
		cmocka_unit_test(test_write_error),
		cmocka_unit_test(test_null_args),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
