// SPDX-License-Identifier: GPL-2.0-only
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <string.h>

#include "options.h"

static void test_mac_ok(void **state)
{
	uint8_t mac[6];
	const uint8_t want[6] = { 0x52, 0x54, 0x00, 0x39, 0x89, 0xff };

	(void)state;
	assert_int_equal(parse_mac("52:54:00:39:89:ff", mac), 0);
	assert_memory_equal(mac, want, 6);
	assert_int_equal(parse_mac("52:54:00:39:89:FF", mac), 0);
	assert_memory_equal(mac, want, 6);
}

static void test_mac_bad(void **state)
{
	static const char *bad[] = {
		"", "52:54:00:39:89", "52:54:00:39:89:ff:00", "52-54-00-39-89-ff",
		"5:54:00:39:89:ff", "52:54:00:39:89:fg", "52:54:00:39:89:ff ", " 52:54:00:39:89:f",
		"+2:54:00:39:89:ff", "any",
	};
	uint8_t mac[6] = { 1, 2, 3, 4, 5, 6 };
	const uint8_t orig[6] = { 1, 2, 3, 4, 5, 6 };

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(parse_mac(bad[i], mac), -EINVAL);
		assert_memory_equal(mac, orig, 6);
	}
	assert_int_equal(parse_mac(NULL, mac), -EINVAL);
}

static void test_eth_type(void **state)
{
	uint16_t t = 0;

	(void)state;
	assert_int_equal(parse_eth_type("0x0800", &t), 0);
	assert_int_equal(t, 0x0800);
	assert_int_equal(parse_eth_type("2054", &t), 0);
	assert_int_equal(t, 0x0806);
	assert_int_equal(parse_eth_type("ipv6", &t), 0);
	assert_int_equal(t, 0x86dd);
	assert_int_equal(parse_eth_type("ARP", &t), 0);
	assert_int_equal(t, 0x0806);
	assert_int_equal(parse_eth_type("0x05ff", &t), -ERANGE);
	assert_int_equal(parse_eth_type("0x10000", &t), -ERANGE);
	assert_int_equal(parse_eth_type("0x08zz", &t), -EINVAL);
	assert_int_equal(parse_eth_type("-1", &t), -EINVAL);
	assert_int_equal(parse_eth_type("", &t), -EINVAL);
	assert_int_equal(parse_eth_type("ipx", &t), -EINVAL);
}

static void test_duration(void **state)
{
	uint64_t ns = 0;

	(void)state;
	assert_int_equal(parse_duration("2", &ns), 0);
	assert_int_equal(ns, 2000000000ULL);
	assert_int_equal(parse_duration("250ms", &ns), 0);
	assert_int_equal(ns, 250000000ULL);
	assert_int_equal(parse_duration("1.5s", &ns), 0);
	assert_int_equal(ns, 1500000000ULL);
	assert_int_equal(parse_duration("0", &ns), -ERANGE);
	assert_int_equal(parse_duration("2h", &ns), -EINVAL);
	assert_int_equal(parse_duration("-1", &ns), -EINVAL);
	assert_int_equal(parse_duration("99999", &ns), -ERANGE);
}

static void test_defaults(void **state)
{
	char *argv[] = { "ovs-upcall-trace", NULL };
	const uint8_t want[6] = { 0x52, 0x54, 0x00, 0x39, 0x89, 0xff };
	struct options o;

	(void)state;
	assert_int_equal(options_parse(&o, 1, argv), 0);
	assert_memory_equal(o.eth_src, want, 6);
	assert_false(o.eth_src_any);
	assert_int_equal(o.eth_type, 0x0800);
	assert_false(o.eth_type_any);
	assert_false(o.json);
}

static void test_any(void **state)
{
	char *argv[] = { "ovs-upcall-trace", "--eth-src", "any", "--eth-type=any", "--json",
			 "--timeout", "500ms", NULL };
	struct options o;

	(void)state;
	assert_int_equal(options_parse(&o, 7, argv), 0);
	assert_true(o.eth_src_any);
	assert_true(o.eth_type_any);
	assert_true(o.json);
	assert_int_equal(o.timeout_ns, 500000000ULL);
}

static void test_ovs_version(void **state)
{
	char *a31[] = { "ovs-upcall-trace", "--ovs-version", "3.1.0", NULL };
	char *a35[] = { "ovs-upcall-trace", "--ovs-version=3.5", NULL };
	char *aut[] = { "ovs-upcall-trace", "--ovs-version", "auto", NULL };
	char *none[] = { "ovs-upcall-trace", NULL };
	struct options o;

	(void)state;
	assert_int_equal(options_parse(&o, 3, a31), 0);
	assert_int_equal(o.ovs_version, 3u << 16 | 1u << 8);
	assert_int_equal(options_parse(&o, 2, a35), 0);
	assert_int_equal(o.ovs_version, 3u << 16 | 5u << 8);
	assert_int_equal(options_parse(&o, 3, aut), 0);
	assert_int_equal(o.ovs_version, 0);
	assert_int_equal(options_parse(&o, 1, none), 0);
	assert_int_equal(o.ovs_version, 0);
}

static void test_run_control(void **state)
{
	char *argv[] = { "ovs-upcall-trace", "--in-port", "7", "--dev", "tap-1.a", "-c", "10", "-d",
			 "1.5s", "-r", "--interval", "250ms", NULL };
	struct options o;

	(void)state;
	assert_int_equal(options_parse(&o, 12, argv), 0);
	assert_true(o.in_port_on);
	assert_int_equal(o.in_port, 7);
	assert_string_equal(o.dev, "tap-1.a");
	assert_int_equal(o.max_records, 10);
	assert_int_equal(o.duration_ns, 1500000000ULL);
	assert_true(o.relative);
	assert_int_equal(o.interval_ns, 250000000ULL);
}

/* The kernel copies packet bytes only where something reads them. */
static void test_capture_len(void **state)
{
	char *plain[] = { "ovs-upcall-trace", "--lifecycle", "--explain", "--json", NULL };
	char *pcap[] = { "ovs-upcall-trace", "-w", "/tmp/x.pcapng", NULL };
	char *expr[] = { "ovs-upcall-trace", "udp", "port", "53", NULL };
	char *rec[] = { "ovs-upcall-trace", "--write-events", "/tmp/x.ev", "--snaplen", "64", NULL };
	char *snap[] = { "ovs-upcall-trace", "--snaplen=200", NULL };
	struct options o;

	(void)state;
	assert_int_equal(options_parse(&o, 4, plain), 0);
	assert_int_equal(o.capture_len, 0);
	assert_int_equal(o.snaplen, 128);
	assert_int_equal(options_parse(&o, 3, pcap), 0);
	assert_int_equal(o.capture_len, 128);
	assert_int_equal(options_parse(&o, 4, expr), 0);
	assert_int_equal(o.capture_len, 128);
	options_free(&o);
	assert_int_equal(options_parse(&o, 5, rec), 0);
	assert_int_equal(o.capture_len, 64);
	assert_int_equal(options_parse(&o, 2, snap), 0);
	assert_int_equal(o.capture_len, 200);
}

static void test_dev_names(void **state)
{
	(void)state;
	assert_int_equal(check_dev_name("v1"), 0);
	assert_int_equal(check_dev_name("123456789012345"), 0);
	assert_int_equal(check_dev_name("1234567890123456"), -EINVAL);
	assert_int_equal(check_dev_name(""), -EINVAL);
	assert_int_equal(check_dev_name("a/b"), -EINVAL);
	assert_int_equal(check_dev_name("a b"), -EINVAL);
	assert_int_equal(check_dev_name("a:1"), -EINVAL);
	assert_int_equal(check_dev_name(".."), -EINVAL);
	assert_int_equal(check_dev_name("a\x1b[31m"), -EINVAL);
	assert_int_equal(check_dev_name(NULL), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mac_ok),
		cmocka_unit_test(test_mac_bad),
		cmocka_unit_test(test_eth_type),
		cmocka_unit_test(test_duration),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_any),
		cmocka_unit_test(test_run_control),
		cmocka_unit_test(test_ovs_version),
		cmocka_unit_test(test_dev_names),
		cmocka_unit_test(test_capture_len),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
