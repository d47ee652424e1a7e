// SPDX-License-Identifier: GPL-2.0-only
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <string.h>

#include "pktfilter.h"

/* Ethernet + IPv4 + UDP 10.99.0.1:4001 -> 10.99.0.2:7002, as sent up from
 * ns1 in the VM tests. */
static const uint8_t udp_pkt[] = {
	0x52, 0x54, 0x00, 0x00, 0x00, 0x02, 0x52, 0x54, 0x00, 0x39, 0x89, 0xff, 0x08, 0x00,
	0x45, 0x00, 0x00, 0x1e, 0x12, 0x34, 0x40, 0x00, 0x40, 0x11, 0x00, 0x00,
	0x0a, 0x63, 0x00, 0x01, 0x0a, 0x63, 0x00, 0x02,
	0x0f, 0xa1, 0x1b, 0x5a, 0x00, 0x0a, 0x00, 0x00, 'x', '\n',
};

static void test_match(void **state)
{
	static const struct {
		const char *expr;
		bool match;
	} cases[] = {
		{ "udp", true },
		{ "udp dst port 7002", true },
		{ "udp port 7001", false },
		{ "tcp", false },
		{ "src host 10.99.0.1 and dst net 10.99.0.0/24", true },
		{ "ether src 52:54:00:39:89:ff", true },
		{ "ether src 52:54:00:39:89:fe", false },
		{ "not icmp", true },
	};
	char err[512];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct pktfilter *f = NULL;

		assert_int_equal(pktfilter_compile(&f, cases[i].expr, 128, err, sizeof(err)), 0);
		assert_int_equal(pktfilter_match(f, udp_pkt, sizeof(udp_pkt), sizeof(udp_pkt)),
				 cases[i].match);
		pktfilter_free(f);
	}
}

/* A packet cut before its ports cannot match a port filter. */
static void test_snapped(void **state)
{
	struct pktfilter *f = NULL;
	char err[512];

	(void)state;
	assert_int_equal(pktfilter_compile(&f, "udp dst port 7002", 128, err, sizeof(err)), 0);
	assert_false(pktfilter_match(f, udp_pkt, 34, 200));
	assert_true(pktfilter_match(f, udp_pkt, 38, 200));
	pktfilter_free(f);
}

static void test_bad_expressions(void **state)
{
	static const char *bad[] = { "tcp prot 80", "udp port", "(", "port 99999", "ether src 52:54" };
	char err[512];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct pktfilter *f = (struct pktfilter *)1;

		err[0] = 0;
		assert_int_equal(pktfilter_compile(&f, bad[i], 128, err, sizeof(err)), -EINVAL);
		assert_null(f);
		assert_true(strlen(err) > 0);
		assert_null(strchr(err, '\n'));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_snapped),
		cmocka_unit_test(test_bad_expressions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
