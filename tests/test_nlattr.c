// SPDX-License-Identifier: GPL-2.0-only
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>

#include "nlattr.h"

/* Two attributes: type 3 u32 = 7, then type 5 | NLA_F_NESTED holding
 * type 1 u16 = 9 (unpadded inside, padded outside). */
static const uint8_t stream[] = {
	0x08, 0x00, 0x03, 0x00, 0x07, 0x00, 0x00, 0x00,
	0x0a, 0x00, 0x05, 0x80, 0x06, 0x00, 0x01, 0x00, 0x09, 0x00, 0x00, 0x00,
};

static void test_walk(void **state)
{
	struct nla_iter it, in;
	struct nla a, b = { 0 };	/* gcc cannot tell that assert_true() guards b */

	(void)state;
	nla_iter_init(&it, stream, sizeof(stream));
	assert_true(nla_iter_next(&it, &a));
	assert_int_equal(a.type, 3);
	assert_int_equal(a.len, 4);
	assert_int_equal(nla_get_u32(&a), 7);
	assert_true(nla_iter_next(&it, &a));
	assert_int_equal(a.type, 5);
	assert_int_equal(a.flags, NLA_F_NESTED);
	assert_int_equal(a.len, 6);
	nla_iter_nested(&in, &a);
	assert_true(nla_iter_next(&in, &b));
	assert_int_equal(b.type, 1);
	assert_int_equal(nla_get_u16(&b), 9);
	assert_false(nla_iter_next(&in, &b));
	assert_int_equal(nla_iter_left(&in), 0);
	assert_false(nla_iter_next(&it, &a));
	assert_int_equal(nla_iter_left(&it), 0);
}

static void test_last_attr_without_padding(void **state)
{
	struct nla_iter it;
	struct nla a;

	(void)state;
	/* 18 bytes: the second attribute's 2 pad bytes are missing */
	nla_iter_init(&it, stream, 18);
	assert_true(nla_iter_next(&it, &a));
	assert_true(nla_iter_next(&it, &a));
	assert_false(nla_iter_next(&it, &a));
	assert_int_equal(nla_iter_left(&it), 0);
}

static void test_truncated(void **state)
{
	struct nla_iter it;
	struct nla a;

	(void)state;
	/* cut inside the second attribute: it runs past the buffer */
	nla_iter_init(&it, stream, 14);
	assert_true(nla_iter_next(&it, &a));
	assert_false(nla_iter_next(&it, &a));
	assert_int_equal(nla_iter_left(&it), 6);
	assert_ptr_equal(nla_iter_pos(&it), stream + 8);
	/* a lone partial header */
	nla_iter_init(&it, stream, 3);
	assert_false(nla_iter_next(&it, &a));
	assert_int_equal(nla_iter_left(&it), 3);
}

static void test_bad_len(void **state)
{
	static const uint8_t short_len[] = { 0x02, 0x00, 0x01, 0x00, 0, 0, 0, 0 };
	static const uint8_t zero_len[] = { 0x00, 0x00, 0x01, 0x00 };
	struct nla_iter it;
	struct nla a;

	(void)state;
	nla_iter_init(&it, short_len, sizeof(short_len));
	assert_false(nla_iter_next(&it, &a));
	assert_int_equal(nla_iter_left(&it), sizeof(short_len));
	/* nla_len 0 must not loop forever */
	nla_iter_init(&it, zero_len, sizeof(zero_len));
	assert_false(nla_iter_next(&it, &a));
	assert_int_equal(nla_iter_left(&it), 4);
	/* NULL buffer is an empty stream */
	nla_iter_init(&it, NULL, 100);
	assert_false(nla_iter_next(&it, &a));
	assert_int_equal(nla_iter_left(&it), 0);
}

static void test_find_and_parse(void **state)
{
	struct nla tb[6];
	struct nla a;
	uint64_t present;

	(void)state;
	assert_true(nla_find(stream, sizeof(stream), 5, &a));
	assert_int_equal(a.len, 6);
	assert_false(nla_find(stream, sizeof(stream), 4, &a));
	assert_int_equal(nla_parse(stream, sizeof(stream), tb, 5, &present), 0);
	assert_int_equal(present, (1u << 3) | (1u << 5));
	assert_int_equal(nla_get_u32(&tb[3]), 7);
	/* types above max are skipped, not an error */
	assert_int_equal(nla_parse(stream, sizeof(stream), tb, 4, &present), 0);
	assert_int_equal(present, 1u << 3);
	assert_int_equal(nla_parse(stream, 14, tb, 5, &present), -EINVAL);
	assert_int_equal(present, 1u << 3);
}

static void test_short_payload_reads_zero_fill(void **state)
{
	static const uint8_t one[] = { 0x05, 0x00, 0x02, 0x00, 0xab, 0, 0, 0 };
	struct nla_iter it;
	struct nla a;

	(void)state;
	nla_iter_init(&it, one, sizeof(one));
	assert_true(nla_iter_next(&it, &a));
	assert_int_equal(a.len, 1);
	assert_int_equal(nla_get_u32(&a), 0xab);
	assert_int_equal(nla_get_u8(&a), 0xab);
}

static void test_writer(void **state)
{
	uint8_t buf[64];
	struct nla_writer w;
	struct nla_iter it, in;
	struct nla a;
	size_t nest;

	(void)state;
	nla_writer_init(&w, buf, sizeof(buf));
	nla_put_u32(&w, 3, 7);
	nest = nla_nest_start(&w, 5);
	nla_put_u16(&w, 1, 9);
	nla_nest_end(&w, nest);
	nla_put_flag(&w, 6);
	assert_int_equal(w.err, 0);
	assert_int_equal(w.len, 8 + 12 + 4);
	assert_memory_equal(buf, stream, 8);
	nla_iter_init(&it, buf, w.len);
	assert_true(nla_iter_next(&it, &a));
	assert_true(nla_iter_next(&it, &a));
	assert_int_equal(a.type, 5);
	assert_int_equal(a.len, 8);
	nla_iter_nested(&in, &a);
	assert_true(nla_iter_next(&in, &a));
	assert_int_equal(nla_get_u16(&a), 9);
	assert_true(nla_iter_next(&it, &a));
	assert_int_equal(a.type, 6);
	assert_int_equal(a.len, 0);

	/* running out of room is sticky and writes nothing past cap */
	nla_writer_init(&w, buf, 10);
	nla_put_u32(&w, 1, 1);
	nla_put_u32(&w, 2, 2);
	assert_int_equal(w.err, -ENOSPC);
	assert_int_equal(w.len, 8);
	nla_put_flag(&w, 3);
	assert_int_equal(w.len, 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_walk),
		cmocka_unit_test(test_last_attr_without_padding),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_bad_len),
		cmocka_unit_test(test_find_and_parse),
		cmocka_unit_test(test_short_payload_reads_zero_fill),
		cmocka_unit_test(test_writer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
