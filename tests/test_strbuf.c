// SPDX-License-Identifier: GPL-2.0-only
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "strbuf.h"

static void test_empty(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	assert_string_equal(strbuf_cstr(&sb), "");
	assert_int_equal(strbuf_len(&sb), 0);
	strbuf_free(&sb);
	assert_string_equal(strbuf_cstr(&sb), "");
}

static void test_append(void **state)
{
	struct strbuf sb;

	(void)state;
	strbuf_init(&sb);
	assert_int_equal(strbuf_puts(&sb, "recirc_id("), 0);
	assert_int_equal(strbuf_printf(&sb, "%#x", 0), 0);
	assert_int_equal(strbuf_putc(&sb, ')'), 0);
	assert_string_equal(strbuf_cstr(&sb), "recirc_id(0)");
	assert_int_equal(strbuf_len(&sb), 12);
	strbuf_free(&sb);
}

static void test_grow(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	char big[5000];
	int i;

	(void)state;
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	/* printf longer than the first allocation takes the retry path */
	assert_int_equal(strbuf_printf(&sb, "<%s>", big), 0);
	assert_int_equal(strbuf_len(&sb), sizeof(big) + 1);
	assert_int_equal(strbuf_cstr(&sb)[0], '<');
	assert_int_equal(strbuf_cstr(&sb)[sizeof(big)], '>');
	for (i = 0; i < 1000; i++)
		strbuf_putc(&sb, 'y');
	assert_int_equal(strbuf_len(&sb), sizeof(big) + 1 + 1000);
	assert_int_equal(strlen(strbuf_cstr(&sb)), strbuf_len(&sb));
	assert_int_equal(strbuf_error(&sb), 0);
	strbuf_free(&sb);
}

static void test_chomp_truncate_clear(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	strbuf_puts(&sb, "a,b,");
	strbuf_chomp(&sb, ',');
	assert_string_equal(strbuf_cstr(&sb), "a,b");
	strbuf_chomp(&sb, ',');
	assert_string_equal(strbuf_cstr(&sb), "a,b");
	strbuf_truncate(&sb, 1);
	assert_string_equal(strbuf_cstr(&sb), "a");
	strbuf_truncate(&sb, 10);
	assert_string_equal(strbuf_cstr(&sb), "a");
	strbuf_clear(&sb);
	assert_string_equal(strbuf_cstr(&sb), "");
	strbuf_puts(&sb, "again");
	assert_string_equal(strbuf_cstr(&sb), "again");
	strbuf_free(&sb);
}

static void test_put_binary(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	assert_int_equal(strbuf_put(&sb, "ab\0cd", 2), 0);
	assert_int_equal(strbuf_put(&sb, "", 0), 0);
	assert_string_equal(strbuf_cstr(&sb), "ab");
	strbuf_free(&sb);
}

static void test_overflow_is_enomem(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	strbuf_puts(&sb, "x");
	/* a size that cannot be allocated fails cleanly and sticks */
	assert_int_equal(strbuf_reserve(&sb, SIZE_MAX - 1), -ENOMEM);
	assert_int_equal(strbuf_error(&sb), -ENOMEM);
	assert_int_equal(strbuf_puts(&sb, "more"), -ENOMEM);
	assert_string_equal(strbuf_cstr(&sb), "x");
	strbuf_clear(&sb);
	assert_int_equal(strbuf_error(&sb), 0);
	assert_int_equal(strbuf_puts(&sb, "ok"), 0);
	assert_string_equal(strbuf_cstr(&sb), "ok");
	strbuf_free(&sb);
}

/* The number appends print as printf does, at every digit count and
 * across the 32-bit boundary, also where the buffer must grow for them. */
static void test_numbers_as_printf(void **state)
{
	static const uint64_t edges[] = { 0, 1, 9, 10, 99, 100, 999, 1000, 9999, 10000, 65535,
					  99999999, 100000000, UINT32_MAX, (uint64_t)UINT32_MAX + 1,
					  0xdeadbeefcafeULL, 10000000000000000000ULL, UINT64_MAX };
	char want[64];

	(void)state;
	for (size_t i = 0; i < sizeof(edges) / sizeof(edges[0]); i++) {
		for (int k = -1; k <= 1; k++) {
			uint64_t v = edges[i] + (uint64_t)(int64_t)k;
			struct strbuf sb = STRBUF_INIT;

			strbuf_puts(&sb, "x");
			snprintf(want, sizeof(want), "x%" PRIu64, v);
			assert_int_equal(strbuf_put_dec(&sb, v), 0);
			assert_string_equal(strbuf_cstr(&sb), want);
			assert_int_equal(strbuf_len(&sb), strlen(want));
			for (unsigned int w = 0; w <= 17; w++) {
				strbuf_clear(&sb);
				snprintf(want, sizeof(want), "%0*" PRIx64, w > 16 ? 16 : (int)w, v);
				assert_int_equal(strbuf_put_hex(&sb, v, w), 0);
				assert_string_equal(strbuf_cstr(&sb), want);
			}
			strbuf_clear(&sb);
			snprintf(want, sizeof(want), "%#" PRIx64, v);
			assert_int_equal(strbuf_put_hex_alt(&sb, v), 0);
			assert_string_equal(strbuf_cstr(&sb), want);
			strbuf_free(&sb);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_append),
		cmocka_unit_test(test_grow),
		cmocka_unit_test(test_chomp_truncate_clear),
		cmocka_unit_test(test_put_binary),
		cmocka_unit_test(test_overflow_is_enomem),
		cmocka_unit_test(test_numbers_as_printf),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
