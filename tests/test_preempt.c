// SPDX-License-Identifier: GPL-2.0-only
/*
 * The preemption model, from the texts the kernels of the test guest gave:
 * debugfs's sched/preempt first, then preempt= where the model is chosen at
 * boot, then the build's default; unknown counts as preempting.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "preempt.h"

static void test_sched_preempt(void **state)
{
	const char *m;

	(void)state;
	/* 6.1 and 6.12 (Debian: voluntary by default), 7.3 (lazy). */
	assert_false(preempt_tasks("none (voluntary) full \n", NULL, NULL, &m));
	assert_string_equal(m, "voluntary");
	assert_true(preempt_tasks("full (lazy) \n", NULL, NULL, &m));
	assert_string_equal(m, "lazy");
	assert_true(preempt_tasks("none voluntary (full) lazy\n", "preempt=none", NULL, &m));
	assert_string_equal(m, "full");
	assert_false(preempt_tasks("(none) voluntary full\n", NULL, NULL, &m));
}

static void test_config_and_cmdline(void **state)
{
	const char *dyn = "CONFIG_PREEMPT_BUILD=y\nCONFIG_PREEMPT_VOLUNTARY=y\nCONFIG_PREEMPTION=y\nCONFIG_PREEMPT_DYNAMIC=y\n";
	const char *m;

	(void)state;
	assert_false(preempt_tasks(NULL, "BOOT_IMAGE=/vmlinuz ro quiet", dyn, &m));
	assert_string_equal(m, "voluntary");
	assert_true(preempt_tasks(NULL, "ro preempt=full quiet", dyn, &m));
	assert_string_equal(m, "full");
	/* Not a preempt= of its own, and ignored without PREEMPT_DYNAMIC. */
	assert_false(preempt_tasks(NULL, "xpreempt=full", dyn, &m));
	assert_false(preempt_tasks(NULL, "preempt=full", "CONFIG_PREEMPT_VOLUNTARY=y\n", &m));
	/* 5.10 (Debian 11): voluntary, no dynamic model. */
	assert_false(preempt_tasks(NULL, NULL, "# CONFIG_PREEMPT_NONE is not set\nCONFIG_PREEMPT_VOLUNTARY=y\n# CONFIG_PREEMPT is not set\n", &m));
	assert_true(preempt_tasks(NULL, NULL, "CONFIG_PREEMPT=y\nCONFIG_PREEMPT_COUNT=y\n", &m));
	assert_string_equal(m, "full");
	assert_true(preempt_tasks(NULL, NULL, "CONFIG_PREEMPT_RT=y\n", &m));
	assert_string_equal(m, "rt");
}

static void test_unknown(void **state)
{
	const char *m;

	(void)state;
	assert_true(preempt_tasks(NULL, NULL, NULL, &m));
	assert_string_equal(m, "unknown");
	assert_true(preempt_tasks("garbage (x)", "", "CONFIG_FOO=y\n", &m));
	assert_string_equal(m, "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sched_preempt),
		cmocka_unit_test(test_config_and_cmdline),
		cmocka_unit_test(test_unknown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
