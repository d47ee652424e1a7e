// SPDX-License-Identifier: GPL-2.0-only
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "lifecycle.h"

static void ufid(uint8_t u[16], uint32_t n)
{
	memset(u, 0, 16);
	/* The first word picks the bucket: collide on purpose every 4096. */
	memcpy(u, &n, sizeof(n));
	u[15] = n >> 24;
}

static void test_install_take(void **state)
{
	struct lifecycle *lc = lc_new(16);
	uint8_t a[16], b[16];
	struct lc_flow *f;

	(void)state;
	ufid(a, 1);
	ufid(b, 1 + 4096);	/* same bucket */
	assert_int_equal(lc_install(lc, a, 0, 100, "key-a", "3"), 0);
	assert_int_equal(lc_install(lc, b, 0, 200, "key-b", "drop"), 0);
	assert_int_equal(lc_count(lc), 2);
	f = lc_find(lc, b);
	assert_non_null(f);
	assert_string_equal(f->key, "key-b");
	assert_int_equal(f->install_ns, 200);
	f = lc_take(lc, a);
	assert_non_null(f);
	assert_string_equal(f->actions, "3");
	lc_flow_free(f);
	assert_null(lc_take(lc, a));
	assert_null(lc_find(lc, a));
	assert_non_null(lc_find(lc, b));
	assert_int_equal(lc_count(lc), 1);
	lc_free(lc);
}

static void test_reinstall_replaces(void **state)
{
	struct lifecycle *lc = lc_new(16);
	uint8_t a[16];

	(void)state;
	ufid(a, 7);
	assert_int_equal(lc_install(lc, a, 0, 100, "k", "1"), 0);
	assert_int_equal(lc_install(lc, a, 0, 300, "k", "2"), 0);
	assert_int_equal(lc_count(lc), 1);
	assert_int_equal(lc_find(lc, a)->install_ns, 300);
	assert_string_equal(lc_find(lc, a)->actions, "2");
	lc_free(lc);
}

static void test_bound_forgets_oldest(void **state)
{
	struct lifecycle *lc = lc_new(3);
	uint8_t u[16];

	(void)state;
	for (uint32_t i = 0; i < 5; i++) {
		ufid(u, i);
		assert_int_equal(lc_install(lc, u, 0, i, "k", "a"), 0);
	}
	assert_int_equal(lc_count(lc), 3);
	assert_int_equal(lc_forgotten(lc), 2);
	ufid(u, 0);
	assert_null(lc_find(lc, u));
	ufid(u, 1);
	assert_null(lc_find(lc, u));
	ufid(u, 4);
	assert_non_null(lc_find(lc, u));
	lc_free(lc);
}

/* A flush takes every flow, oldest first. */
static void test_flush_order(void **state)
{
	struct lifecycle *lc = lc_new(16);
	uint8_t u[16];
	struct lc_flow *f;
	uint64_t want = 10;

	(void)state;
	for (uint32_t i = 10; i < 14; i++) {
		ufid(u, i * 4096);
		assert_int_equal(lc_install(lc, u, 0, i, "k", "a"), 0);
	}
	ufid(u, 11 * 4096);
	lc_flow_free(lc_take(lc, u));
	while ((f = lc_take_oldest(lc))) {
		if (want == 11)
			want++;
		assert_int_equal(f->install_ns, want++);
		lc_flow_free(f);
	}
	assert_int_equal(want, 14);
	assert_int_equal(lc_count(lc), 0);
	lc_free(lc);
}

static void test_set_actions(void **state)
{
	struct lifecycle *lc = lc_new(4);
	uint8_t u[16];

	(void)state;
	ufid(u, 3);
	assert_int_equal(lc_install(lc, u, 0, 1, "k", "3"), 0);
	assert_int_equal(lc_set_actions(lc_find(lc, u), "drop"), 0);
	assert_string_equal(lc_find(lc, u)->actions, "drop");
	lc_free(lc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_install_take),
		cmocka_unit_test(test_reinstall_replaces),
		cmocka_unit_test(test_bound_forgets_oldest),
		cmocka_unit_test(test_flush_order),
		cmocka_unit_test(test_set_actions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
