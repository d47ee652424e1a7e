// SPDX-License-Identifier: GPL-2.0-only
/* event_check(): complete events of each type pass, anything short, unknown
 * or out of bounds is refused before a field is trusted. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "event_builders.h"

#define F_UDP6667 "recirc_id(0),in_port(2),eth(),eth_type(0x0800),ipv4(proto=17,frag=no),udp(dst=6667)"

/* A buffer as the ring buffer hands it over: 8-byte aligned, at least
 * 'size' bytes, with room to spare beyond (callers pass the size). */
union ev {
	struct out_hdr hdr;
	struct out_upcall upcall;
	struct out_handler handler;
	struct out_put_rec put;
	struct out_flow_ret ret;
	uint8_t raw[sizeof(struct out_put_rec) + 64];
};

/* A put of flow f as the BPF side sends it: only the bytes its attributes
 * use. Returns the record's length. */
static size_t put_rec(union ev *e, const struct dpctl_fixture *f)
{
	struct out_flow_put *p = new_put(f, 1000, 10, 1);
	size_t n;

	memset(e, 0, sizeof(*e));
	n = event_pack_put(p, &e->put);
	free(p);
	assert_true(n > offsetof(struct out_put_rec, data));
	return n;
}

static union ev *new_ev(void)
{
	union ev *e = calloc(1, sizeof(*e));

	assert_non_null(e);
	return e;
}

static void test_layout(void **state)
{
	(void)state;
	/* The BPF side and userspace share these sizes (no holes). */
	assert_int_equal(sizeof(struct out_hdr), 40);
	assert_int_equal(sizeof(struct out_key_fields), 100);
	assert_int_equal(sizeof(struct out_upcall), 40 + 100 + 16 + 4 + 4 + 4 + 16 + 8 + OUT_SNAP_MAX);
	assert_int_equal(sizeof(struct out_upcall_ret), 56);
	assert_int_equal(sizeof(struct out_upcall) % 8, 0);
	assert_int_equal(sizeof(struct out_handler), 56);
	assert_int_equal(sizeof(struct out_upcall_read), 56);
	assert_int_equal(sizeof(struct out_flow_ret), 48);
	assert_int_equal(sizeof(struct out_put_rec),
			 40 + 16 + 12 + 4 + OUT_UFID_LEN + 2 * OUT_KEY_MAX + OUT_ACTIONS_MAX);
	assert_int_equal(offsetof(struct out_put_rec, data), 88);
}

/* Event files of version 2: a put and a flow deletion as that version laid
 * them out (no dp_ifindex, no pad) come out in this version's layout with
 * every field in place; other records are left alone. */
static void test_upgrade_v2(void **state)
{
	const struct dpctl_fixture *f = fx_key(F_UDP6667);
	struct out_flow_put *p = new_put(f, 1000, 10, 7), *back = calloc(1, sizeof(*back));
	union ev *e = new_ev(), *v2 = new_ev();
	struct out_flow_del del = { .hdr.type = OUT_EV_FLOW_DEL, .packets = 5, .bytes = 600,
				    .flags = OUT_D_FLUSH, .tcp_flags = 0x1200 };
	size_t n, len;

	(void)state;
	assert_non_null(back);
	p->dp_ifindex = 0;
	memset(p->ufid, 0x3c, sizeof(p->ufid));
	n = event_pack_put(p, &e->put);
	/* Version 2: fields up to flags, the six lengths, ufid, data. */
	memcpy(v2, e, 52);
	memcpy((char *)v2 + 52, (char *)e + 56, 12);
	memcpy((char *)v2 + 64, (char *)e + 72, n - 72);
	len = event_upgrade_v2(v2, n - 8, sizeof(*v2));
	assert_int_equal(len, n);
	assert_memory_equal(v2, e, n);
	assert_int_equal(event_check(v2, len), OUT_EV_FLOW_PUT);
	event_unpack_put(v2, back);
	assert_memory_equal(back->key, f->key, f->key_len);

	memset(v2, 0, sizeof(*v2));
	memcpy(v2, &del, 80);
	assert_int_equal(event_upgrade_v2(v2, 80, sizeof(*v2)), sizeof(del));
	assert_memory_equal(v2, &del, sizeof(del));
	/* Not a real record of version 2: unchanged. */
	assert_int_equal(event_upgrade_v2(v2, 81, sizeof(*v2)), 81);
	e->hdr.type = OUT_EV_UPCALL;
	assert_int_equal(event_upgrade_v2(e, 300, sizeof(*e)), 300);
	assert_int_equal(event_upgrade_v2(e, 8, sizeof(*e)), 8);
	free(back);
	free(p);
	free(e);
	free(v2);
}

/* What goes in comes out: key, mask and actions each at their own place,
 * and the record is no longer than they are. */
/* An upcall record ends after --snaplen packet bytes: what it claims to
 * hold must be there, and unpacking zeroes what it does not carry. */
static void test_upcall_snaplen(void **state)
{
	const size_t head = offsetof(struct out_upcall, packet);
	struct out_upcall *back = malloc(sizeof(*back));
	union ev *e = new_ev();

	(void)state;
	assert_non_null(back);
	build_upcall(&e->upcall, fx_key(F_UDP6667), 1000, 7);
	e->upcall.cap_len = 14;
	memset(e->upcall.packet, 0xab, 128);
	assert_int_equal(event_check(e, head + 128), OUT_EV_UPCALL);
	assert_int_equal(event_check(e, head + 14), OUT_EV_UPCALL);
	assert_int_equal(event_check(e, head + 13), -EINVAL);
	assert_int_equal(event_check(e, head - 1), -EINVAL);
	e->upcall.cap_len = OUT_SNAP_MAX + 1;
	assert_int_equal(event_check(e, sizeof(*e)), -EINVAL);
	e->upcall.cap_len = 14;
	memset(back, 0x55, sizeof(*back));
	event_unpack_upcall(e, head + 128, back);
	assert_memory_equal(back, e, head + 128);
	for (size_t i = 128; i < OUT_SNAP_MAX; i++)
		assert_int_equal(back->packet[i], 0);
	free(back);
	free(e);
}

static void test_put_pack_unpack(void **state)
{
	const struct dpctl_fixture *f = fx_key(F_UDP6667);
	struct out_flow_put *p = new_put(f, 1000, 10, 1), *back = calloc(1, sizeof(*back));
	union ev *e = new_ev();
	size_t n;

	(void)state;
	assert_non_null(back);
	n = event_pack_put(p, &e->put);
	assert_int_equal(n, 88 + p->key_len + p->mask_len + p->actions_len);
	assert_true(n < 600);
	assert_int_equal(event_check(e, n), OUT_EV_FLOW_PUT);
	event_unpack_put(e, back);
	assert_memory_equal(back, p, offsetof(struct out_flow_put, key));
	assert_memory_equal(back->key, f->key, f->key_len);
	assert_memory_equal(back->mask, f->mask, f->mask_len);
	assert_memory_equal(back->actions, f->actions, f->actions_len);
	/* Lengths over the maxima are refused, not packed. */
	p->mask_len = OUT_KEY_MAX + 1;
	assert_int_equal(event_pack_put(p, &e->put), 0);
	free(p);
	free(back);
	free(e);
}

static void test_complete_events(void **state)
{
	union ev *e = new_ev();

	(void)state;
	build_upcall(&e->upcall, fx_key(F_UDP6667), 1000, 7);
	assert_int_equal(event_check(e, sizeof(struct out_upcall)), OUT_EV_UPCALL);

	memset(e, 0, sizeof(*e));
	build_handler(&e->handler, 1000, 10, 7, 0, NULL);
	assert_int_equal(event_check(e, sizeof(struct out_handler)), OUT_EV_HANDLER);

	assert_int_equal(event_check(e, put_rec(e, fx_key(F_UDP6667))), OUT_EV_FLOW_PUT);

	memset(e, 0, sizeof(*e));
	e->hdr.type = OUT_EV_UPCALL_READ;
	assert_int_equal(event_check(e, sizeof(struct out_upcall_read)), OUT_EV_UPCALL_READ);
	assert_int_equal(event_check(e, sizeof(struct out_upcall_read) - 1), -EINVAL);

	memset(e, 0, sizeof(*e));
	build_ret(&e->ret, 1000, 10, -EEXIST);
	assert_int_equal(event_check(e, sizeof(struct out_flow_ret)), OUT_EV_FLOW_RET);
	free(e);
}

/* Ring samples are rounded up: a longer buffer is still the event. */
static void test_longer_buffer(void **state)
{
	union ev *e = new_ev();

	(void)state;
	build_handler(&e->handler, 1000, 10, 7, 0, NULL);
	assert_int_equal(event_check(e, sizeof(struct out_handler) + 8), OUT_EV_HANDLER);
	build_ret(&e->ret, 1000, 10, 0);
	assert_int_equal(event_check(e, sizeof(struct out_flow_ret) + 8), OUT_EV_FLOW_RET);
	build_upcall(&e->upcall, fx_key(F_UDP6667), 1000, 7);
	assert_int_equal(event_check(e, sizeof(struct out_upcall) + 8), OUT_EV_UPCALL);
	assert_int_equal(event_check(e, put_rec(e, fx_key(F_UDP6667)) + 8), OUT_EV_FLOW_PUT);
	assert_int_equal(event_check(e, sizeof(*e)), OUT_EV_FLOW_PUT);
	free(e);
}

static void check_short(union ev *e, size_t full)
{
	assert_int_equal(event_check(e, full - 1), -EINVAL);
	assert_int_equal(event_check(e, full / 2), -EINVAL);
	assert_int_equal(event_check(e, sizeof(struct out_hdr)), -EINVAL);
	assert_int_equal(event_check(e, sizeof(struct out_hdr) - 1), -EINVAL);
	assert_int_equal(event_check(e, 4), -EINVAL);
	assert_int_equal(event_check(e, 0), -EINVAL);
}

static void test_short_buffers(void **state)
{
	union ev *e = new_ev();

	(void)state;
	build_upcall(&e->upcall, fx_key(F_UDP6667), 1000, 7);
	e->upcall.cap_len = OUT_SNAP_MAX;
	check_short(e, sizeof(struct out_upcall));

	memset(e, 0, sizeof(*e));
	build_handler(&e->handler, 1000, 10, 7, 0, NULL);
	check_short(e, sizeof(struct out_handler));

	check_short(e, put_rec(e, fx_key(F_UDP6667)));
	/* cut anywhere in the packed attributes, or before them */
	assert_int_equal(event_check(e, offsetof(struct out_put_rec, data) + e->put.key_len),
			 -EINVAL);
	assert_int_equal(event_check(e, offsetof(struct out_put_rec, data)), -EINVAL);
	assert_int_equal(event_check(e, offsetof(struct out_put_rec, data) - 1), -EINVAL);
	/* lengths over the maxima, even with the bytes there */
	e->put.actions_len = OUT_ACTIONS_MAX + 1;
	assert_int_equal(event_check(e, sizeof(*e)), -EINVAL);

	memset(e, 0, sizeof(*e));
	build_ret(&e->ret, 1000, 10, 0);
	check_short(e, sizeof(struct out_flow_ret));
	free(e);
}

/* A handler event's size is not enough for an upcall: the type decides. */
static void test_type_decides_size(void **state)
{
	union ev *e = new_ev();

	(void)state;
	build_handler(&e->handler, 1000, 10, 7, 0, NULL);
	e->hdr.type = OUT_EV_UPCALL;
	assert_int_equal(event_check(e, sizeof(struct out_handler)), -EINVAL);
	e->hdr.type = OUT_EV_FLOW_PUT;
	assert_int_equal(event_check(e, sizeof(struct out_handler)), -EINVAL);
	free(e);
}

static void test_unknown_types(void **state)
{
	static const uint32_t bad[] = { 0, OUT_EV_UPCALL_READ + 1, 9, 0x100, 0x80000001,
					0xffffffff };
	union ev *e = new_ev();

	(void)state;
	for (size_t i = 0; i < N(bad); i++) {
		memset(e, 0, sizeof(*e));
		e->hdr.type = bad[i];
		assert_int_equal(event_check(e, sizeof(*e)), -EINVAL);
	}
	free(e);
}

/* --lifecycle events: complete ones pass, short or overlong ones do not. */
static void test_lifecycle_events(void **state)
{
	union {
		struct out_flow_del del;
		struct out_flow_set set;
	} *e = calloc(1, sizeof(*e));

	(void)state;
	assert_int_equal(sizeof(struct out_flow_del), 88);
	assert_int_equal(sizeof(struct out_flow_set), 40 + 16 + 8 + OUT_ACTIONS_MAX);
	e->del.hdr.type = OUT_EV_FLOW_DEL;
	assert_int_equal(event_check(e, sizeof(e->del)), OUT_EV_FLOW_DEL);
	assert_int_equal(event_check(e, sizeof(e->del) - 1), -EINVAL);
	memset(e, 0, sizeof(*e));
	e->set.hdr.type = OUT_EV_FLOW_SET;
	e->set.actions_len = OUT_ACTIONS_MAX;
	assert_int_equal(event_check(e, sizeof(e->set)), OUT_EV_FLOW_SET);
	assert_int_equal(event_check(e, sizeof(e->set) - 1), -EINVAL);
	e->set.actions_len = OUT_ACTIONS_MAX + 1;
	assert_int_equal(event_check(e, sizeof(e->set)), -EINVAL);
	free(e);
}

static void test_null(void **state)
{
	(void)state;
	assert_int_equal(event_check(NULL, 0), -EINVAL);
	assert_int_equal(event_check(NULL, sizeof(struct out_upcall)), -EINVAL);
	assert_int_equal(event_check(NULL, sizeof(struct out_flow_put)), -EINVAL);
}

/* key_len, mask_len and actions_len are trusted only within their arrays. */
static void test_put_bounds(void **state)
{
	union ev *e = new_ev();
	struct out_put_rec *p = &e->put;
	size_t size = sizeof(*p);

	(void)state;
	put_rec(e, fx_key(F_UDP6667));

	/* the bounds themselves are fine */
	p->key_len = OUT_KEY_MAX;
	p->mask_len = OUT_KEY_MAX;
	p->actions_len = OUT_ACTIONS_MAX;
	assert_int_equal(event_check(e, size), OUT_EV_FLOW_PUT);
	/* so is nothing */
	p->key_len = p->mask_len = p->actions_len = 0;
	assert_int_equal(event_check(e, size), OUT_EV_FLOW_PUT);

	put_rec(e, fx_key(F_UDP6667));
	p->key_len = OUT_KEY_MAX + 1;
	assert_int_equal(event_check(e, size), -EINVAL);
	p->key_len = 0xffff;
	assert_int_equal(event_check(e, size), -EINVAL);

	put_rec(e, fx_key(F_UDP6667));
	p->mask_len = OUT_KEY_MAX + 1;
	assert_int_equal(event_check(e, size), -EINVAL);
	p->mask_len = 0xffff;
	assert_int_equal(event_check(e, size), -EINVAL);

	put_rec(e, fx_key(F_UDP6667));
	p->actions_len = OUT_ACTIONS_MAX + 1;
	assert_int_equal(event_check(e, size), -EINVAL);
	p->actions_len = 0xffff;
	assert_int_equal(event_check(e, size), -EINVAL);

	/* a longer buffer does not make a bad length good */
	assert_int_equal(event_check(e, sizeof(*e)), -EINVAL);

	/* the *_orig lengths only report what the kernel had: a put cut
	 * in the kernel is still a good event */
	put_rec(e, fx_key(F_UDP6667));
	p->key_len_orig = 0xffff;
	p->mask_len_orig = 0xffff;
	p->actions_len_orig = 0xffff;
	p->flags |= OUT_F_KEY_TRUNC | OUT_F_MASK_TRUNC | OUT_F_ACTIONS_TRUNC;
	assert_int_equal(event_check(e, size), OUT_EV_FLOW_PUT);
	free(e);
}

/* Only the put carries lengths; other types ignore what lies beyond. */
static void test_other_types_no_lengths(void **state)
{
	union ev *e = new_ev();

	(void)state;
	memset(e->raw, 0xff, sizeof(e->raw));
	e->hdr.type = OUT_EV_FLOW_RET;
	assert_int_equal(event_check(e, sizeof(struct out_flow_ret)), OUT_EV_FLOW_RET);
	e->hdr.type = OUT_EV_HANDLER;
	assert_int_equal(event_check(e, sizeof(struct out_handler)), OUT_EV_HANDLER);
	/* an upcall's cap_len and a put's lengths are lengths: 0xff.. is
	 * out of bounds */
	e->hdr.type = OUT_EV_UPCALL;
	assert_int_equal(event_check(e, sizeof(struct out_upcall)), -EINVAL);
	/* so is a put full of 0xff, which has every length out of bounds */
	e->hdr.type = OUT_EV_FLOW_PUT;
	assert_int_equal(event_check(e, sizeof(struct out_flow_put)), -EINVAL);
	free(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_upgrade_v2),
		cmocka_unit_test(test_put_pack_unpack),
		cmocka_unit_test(test_upcall_snaplen),
		cmocka_unit_test(test_lifecycle_events),
		cmocka_unit_test(test_complete_events),
		cmocka_unit_test(test_longer_buffer),
		cmocka_unit_test(test_short_buffers),
		cmocka_unit_test(test_type_decides_size),
		cmocka_unit_test(test_unknown_types),
		cmocka_unit_test(test_null),
		cmocka_unit_test(test_put_bounds),
		cmocka_unit_test(test_other_types_no_lengths),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
