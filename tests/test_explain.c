// SPDX-License-Identifier: GPL-2.0-only
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/openvswitch.h>

#include "dpctl.h"
#include "explain.h"
#include "nlattr.h"
#include "dp_match.h"
#include "fixtures/flows_6_1.h"
#include "fixtures/flows_6_12.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* The packet and mask of a put, as --explain gets them (put_view.h). */
static void put_fields(const void *key, size_t key_len, const void *m, size_t mask_len,
		       struct out_key_fields *pkt, struct out_key_fields *mask)
{
	struct dp_match match;

	assert_int_equal(dp_match_from_put(&match, key, key_len, m, mask_len, NULL), 0);
	dp_key_fields(&match.put_key, false, pkt);
	dp_key_fields(&match.mask, true, mask);
}

static void fixture_fields(const struct dpctl_fixture *f, struct out_key_fields *pkt,
			   struct out_key_fields *mask)
{
	put_fields(f->key, f->key_len, f->mask, f->mask ? f->mask_len : 0, pkt, mask);
}

/* The first fixture of either kernel whose golden key contains 'needle'. */
static const struct dpctl_fixture *fixture(const char *needle)
{
	size_t i;

	for (i = 0; i < N(fixtures_6_12); i++)
		if (strstr(fixtures_6_12[i].golden_key, needle))
			return &fixtures_6_12[i];
	fail_msg("no fixture with %s in its golden key", needle);
	return NULL;
}

/*
 * Where dump-flows writes a field of this packet: the attribute and, inside
 * it, the "sub=" (NULL: the attribute is the field).
 */
struct spot {
	const char *attr, *sub;
};

static struct spot spot_of(const char *name, const struct out_key_fields *pkt)
{
	uint16_t type = ntohs(pkt->eth_type);
	bool v6 = type == 0x86dd, arp = type == 0x0806 || type == 0x8035;
	const char *l4;

	switch (pkt->ip_proto) {
	case 6: l4 = "tcp"; break;
	case 17: l4 = "udp"; break;
	case 132: l4 = "sctp"; break;
	default: l4 = v6 ? "icmpv6" : "icmp"; break;
	}
	if (!strcmp(name, "priority"))
		return (struct spot){ "skb_priority", NULL };
	if (!strcmp(name, "eth_src"))
		return (struct spot){ "eth", "src" };
	if (!strcmp(name, "eth_dst"))
		return (struct spot){ "eth", "dst" };
	if (!strcmp(name, "vlan_tci"))
		return (struct spot){ "vlan", NULL };
	if (!strcmp(name, "ip_proto"))
		return (struct spot){ arp ? "arp" : v6 ? "ipv6" : "ipv4", arp ? "op" : "proto" };
	if (!strcmp(name, "ip_tos"))
		return (struct spot){ v6 ? "ipv6" : "ipv4", v6 ? "tclass" : "tos" };
	if (!strcmp(name, "ip_ttl"))
		return (struct spot){ v6 ? "ipv6" : "ipv4", v6 ? "hlimit" : "ttl" };
	if (!strcmp(name, "ip_frag"))
		return (struct spot){ v6 ? "ipv6" : "ipv4", "frag" };
	if (!strcmp(name, "ipv4_src"))
		return (struct spot){ arp ? "arp" : "ipv4", arp ? "sip" : "src" };
	if (!strcmp(name, "ipv4_dst"))
		return (struct spot){ arp ? "arp" : "ipv4", arp ? "tip" : "dst" };
	if (!strcmp(name, "ipv6_src"))
		return (struct spot){ "ipv6", "src" };
	if (!strcmp(name, "ipv6_dst"))
		return (struct spot){ "ipv6", "dst" };
	if (!strcmp(name, "ipv6_label"))
		return (struct spot){ "ipv6", "label" };
	if (!strcmp(name, "tp_src"))
		return (struct spot){ l4, strncmp(l4, "icmp", 4) ? "src" : "type" };
	if (!strcmp(name, "tp_dst"))
		return (struct spot){ l4, strncmp(l4, "icmp", 4) ? "dst" : "code" };
	/* in_port, skb_mark, recirc_id, dp_hash, ct_*, eth_type, tcp_flags. */
	return (struct spot){ name, NULL };
}

/* Whether key text shows the spot: some "attr(" (at the start or after
 * ',' or '(') whose contents, up to the matching ')', have "sub=" at the
 * start or after ','. */
static bool shows(const char *text, struct spot s)
{
	size_t alen = strlen(s.attr), slen = s.sub ? strlen(s.sub) : 0;
	const char *p;

	for (p = text; (p = strstr(p, s.attr)); p += alen) {
		const char *c, *end;
		int depth = 1;

		if ((p != text && p[-1] != ',' && p[-1] != '(') || p[alen] != '(')
			continue;
		if (!s.sub)
			return true;
		c = p + alen + 1;
		for (end = c; *end && depth; end++)
			depth += *end == '(' ? 1 : *end == ')' ? -1 : 0;
		for (; c < end; c++)
			if ((c == p + alen + 1 || c[-1] == ',') &&
			    !strncmp(c, s.sub, slen) && c[slen] == '=')
				return true;
	}
	return false;
}

/* Every field explain_fields() reports, wild ones included, against the
 * dump-flows key of the same flow: shown there iff not wild. Returns the
 * number of disagreements, each printed. */
static size_t disagreements(const char *name, const struct out_key_fields *pkt,
			    const struct out_key_fields *mask, const char *dump,
			    size_t kinds[4])
{
	struct explain_field ef[EXPLAIN_FIELDS_MAX];
	size_t n = explain_fields(pkt, mask, ef, N(ef)), i, bad = 0;

	assert_true(n > 0);
	for (i = 0; i < n; i++) {
		bool wild = ef[i].kind == EXPLAIN_WILD;

		kinds[ef[i].kind]++;
		if (shows(dump, spot_of(ef[i].name, pkt)) == wild) {
			print_message("%s: %s is %s but the key is\n  %s\n", name,
				      ef[i].name, wild ? "ignored" : "matched", dump);
			bad++;
		}
	}
	return bad;
}

static void check_fixtures(const struct dpctl_fixture *fx, size_t n, size_t kinds[4])
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, bad = 0;

	assert_true(n > 0);
	for (i = 0; i < n; i++) {
		struct out_key_fields pkt, mask;

		fixture_fields(&fx[i], &pkt, &mask);
		bad += disagreements(fx[i].name, &pkt, &mask, fx[i].golden_key, kinds);
		strbuf_clear(&sb);
		assert_int_equal(explain_format(&sb, &pkt, &mask), 0);
		assert_true(strbuf_len(&sb) > 0);
		strbuf_clear(&sb);
		assert_int_equal(explain_format_json(&sb, &pkt, &mask), 0);
	}
	strbuf_free(&sb);
	assert_int_equal(bad, 0);
}

/* Every captured put, with and without a MASK, agrees with its golden
 * dump-flows key; across them every kind of reading occurs, so the check
 * is not vacuous. */
static void test_fixtures_agree_with_dump(void **state)
{
	size_t kinds[4] = { 0 };

	(void)state;
	check_fixtures(fixtures_6_12, N(fixtures_6_12), kinds);
	check_fixtures(fixtures_6_1, N(fixtures_6_1), kinds);
	assert_true(kinds[EXPLAIN_WILD] > 0);
	assert_true(kinds[EXPLAIN_EXACT] > 0);
	assert_true(kinds[EXPLAIN_PREFIX] > 0);
	assert_true(kinds[EXPLAIN_PARTIAL] > 0);
}

static void expect_text(const struct out_key_fields *pkt, const struct out_key_fields *mask,
			const char *want)
{
	struct strbuf sb = STRBUF_INIT;

	assert_int_equal(explain_format(&sb, pkt, mask), 0);
	assert_string_equal(strbuf_cstr(&sb), want);
	strbuf_free(&sb);
}

static void expect_json(const struct out_key_fields *pkt, const struct out_key_fields *mask,
			const char *want)
{
	struct strbuf sb = STRBUF_INIT;

	assert_int_equal(explain_format_json(&sb, pkt, mask), 0);
	assert_string_equal(strbuf_cstr(&sb), want);
	strbuf_free(&sb);
}

static void expect_fixture(const char *golden_key, const char *want)
{
	const struct dpctl_fixture *f = fixture(golden_key);
	struct out_key_fields pkt, mask;

	assert_string_equal(f->golden_key, golden_key);
	fixture_fields(f, &pkt, &mask);
	expect_text(&pkt, &mask, want);
}

/*
 * A real put whose IPv4 mask (src and dst) is replaced, run through the
 * same decoding and through the dump-flows formatter: the explanation must
 * read as 'want' and agree with the dump key, which must contain 'dump_has'.
 */
static void expect_ipv4_masks(const char *src_mask, const char *dst_mask,
			      const char *dump_has, const char *want)
{
	const struct dpctl_fixture *f =
		fixture("ipv4(dst=10.99.0.0/255.255.0.0,proto=17,frag=no),udp(dst=5006)");
	struct strbuf dump = STRBUF_INIT;
	struct out_key_fields pkt, mask;
	uint8_t m[OUT_KEY_MAX];
	size_t kinds[4] = { 0 };
	struct nla a;

	assert_true(f->mask_len <= sizeof(m));
	memcpy(m, f->mask, f->mask_len);
	assert_true(nla_find(m, f->mask_len, OVS_KEY_ATTR_IPV4, &a));
	assert_int_equal(inet_pton(AF_INET, src_mask, m + (a.data - m)), 1);
	assert_int_equal(inet_pton(AF_INET, dst_mask, m + (a.data - m) + 4), 1);
	put_fields(f->key, f->key_len, m, f->mask_len, &pkt, &mask);
	expect_text(&pkt, &mask, want);
	assert_int_equal(dpctl_format_key(&dump, f->key, f->key_len, m, f->mask_len), 0);
	assert_non_null(strstr(strbuf_cstr(&dump), dump_has));
	assert_int_equal(disagreements("edited put", &pkt, &mask, strbuf_cstr(&dump), kinds), 0);
	strbuf_free(&dump);
}

static void test_prefix_24(void **state)
{
	(void)state;
	expect_ipv4_masks("0.0.0.0", "255.255.255.0", "ipv4(dst=10.99.0.0/255.255.255.0,",
			  "exact: in_port recirc_id eth_type ip_proto ip_frag tp_dst; "
			  "prefix: ipv4_dst/24; "
			  "ignores: eth_src eth_dst ip_tos ip_ttl ipv4_src tp_src");
}

static void test_prefix_32_is_exact(void **state)
{
	(void)state;
	expect_ipv4_masks("255.255.255.255", "255.255.0.0",
			  "ipv4(src=10.99.0.1,dst=10.99.0.0/255.255.0.0,",
			  "exact: in_port recirc_id eth_type ip_proto ip_frag ipv4_src tp_dst; "
			  "prefix: ipv4_dst/16; "
			  "ignores: eth_src eth_dst ip_tos ip_ttl tp_src");
}

static void test_noncontiguous_ipv4_is_partial(void **state)
{
	(void)state;
	expect_ipv4_masks("255.0.255.0", "0.0.0.0", "ipv4(src=10.0.0.0/255.0.255.0,",
			  "exact: in_port recirc_id eth_type ip_proto ip_frag tp_dst; "
			  "partial: ipv4_src=10.99.0.1/255.0.255.0; "
			  "ignores: eth_src eth_dst ip_tos ip_ttl ipv4_dst tp_src");
}

static void set_mac(uint8_t *dst, const char *s)
{
	unsigned int b[6];
	int i;

	assert_int_equal(sscanf(s, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3],
				&b[4], &b[5]), 6);
	for (i = 0; i < 6; i++)
		dst[i] = (uint8_t)b[i];
}

static uint32_t ip4(const char *s)
{
	struct in_addr a;

	assert_int_equal(inet_pton(AF_INET, s, &a), 1);
	return a.s_addr;
}

/* A TCP SYN from 10.99.0.1:40000 to 10.99.0.2:80. */
static void tcp_syn(struct out_key_fields *p)
{
	memset(p, 0, sizeof(*p));
	p->in_port = 2;
	set_mac(p->eth_src, "52:54:00:39:89:ff");
	set_mac(p->eth_dst, "52:54:00:00:00:02");
	p->eth_type = htons(0x0800);
	p->ipv4_src = ip4("10.99.0.1");
	p->ipv4_dst = ip4("10.99.0.2");
	p->ip_proto = 6;
	p->ip_ttl = 64;
	p->tp_src = htons(40000);
	p->tp_dst = htons(80);
	p->tcp_flags = htons(0x002);
}

/* The mask of the header's example: a /24 source, SYN without ACK. */
static void example_mask(struct out_key_fields *m)
{
	memset(m, 0, sizeof(*m));
	m->in_port = UINT32_MAX;
	memset(m->eth_src, 0xff, 6);
	m->eth_type = 0xffff;
	m->vlan_tci = 0xffff;	/* what the kernel always does */
	m->ip_frag = 0xff;
	m->ipv4_src = ip4("255.255.255.0");
	m->tcp_flags = htons(0x012);
}

static void test_tcp_flags_partial(void **state)
{
	struct out_key_fields pkt, mask;

	(void)state;
	tcp_syn(&pkt);
	example_mask(&mask);
	expect_text(&pkt, &mask,
		    "exact: in_port eth_src eth_type ip_frag; prefix: ipv4_src/24; "
		    "partial: tcp_flags=0x002/0x012; "
		    "ignores: eth_dst ip_proto ip_tos ip_ttl ipv4_dst tp_src tp_dst");
	/* The data offset bits above the 12 flags are nothing to match. */
	mask.tcp_flags = htons(0xf012);
	expect_text(&pkt, &mask,
		    "exact: in_port eth_src eth_type ip_frag; prefix: ipv4_src/24; "
		    "partial: tcp_flags=0x002/0x012; "
		    "ignores: eth_dst ip_proto ip_tos ip_ttl ipv4_dst tp_src tp_dst");
	mask.tcp_flags = htons(0x0fff);
	expect_text(&pkt, &mask,
		    "exact: in_port eth_src eth_type ip_frag tcp_flags; prefix: ipv4_src/24; "
		    "ignores: eth_dst ip_proto ip_tos ip_ttl ipv4_dst tp_src tp_dst");
}

static void test_eth_dst_wildcarded(void **state)
{
	struct out_key_fields pkt, mask;

	(void)state;
	tcp_syn(&pkt);
	example_mask(&mask);
	mask.tcp_flags = 0;
	mask.ipv4_src = 0;
	expect_text(&pkt, &mask,
		    "exact: in_port eth_src eth_type ip_frag; "
		    "ignores: eth_dst ip_proto ip_tos ip_ttl ipv4_src ipv4_dst tp_src tp_dst "
		    "tcp_flags");
	/* Only the multicast bit, as OVS matches it for flooding decisions;
	 * a MAC mask is never a prefix. */
	set_mac(mask.eth_dst, "01:00:00:00:00:00");
	set_mac(mask.eth_src, "ff:ff:ff:00:00:00");
	expect_text(&pkt, &mask,
		    "exact: in_port eth_type ip_frag; "
		    "partial: eth_src=52:54:00:39:89:ff/ff:ff:ff:00:00:00 "
		    "eth_dst=52:54:00:00:00:02/01:00:00:00:00:00; "
		    "ignores: ip_proto ip_tos ip_ttl ipv4_src ipv4_dst tp_src tp_dst tcp_flags");
}

/* Megaflows disabled: the put has no MASK and everything is exact. */
static void test_exact_match_flow(void **state)
{
	(void)state;
	expect_fixture("recirc_id(0),dp_hash(0),skb_priority(0),in_port(2),skb_mark(0),"
		       "ct_state(-new-est-rel-rpl-inv-trk-snat-dnat),ct_zone(0),ct_mark(0),"
		       "ct_label(0),eth(src=52:54:00:39:89:ff,dst=52:54:00:00:00:02),"
		       "eth_type(0x0800),ipv4(src=10.99.0.1,dst=10.99.0.2,proto=1,tos=0,"
		       "ttl=64,frag=no),icmp(type=8,code=0)",
		       "exact: in_port skb_mark recirc_id dp_hash priority ct_state ct_zone "
		       "ct_mark eth_src eth_dst eth_type ip_proto ip_tos ip_ttl ip_frag "
		       "ipv4_src ipv4_dst tp_src tp_dst");
}

static void test_arp(void **state)
{
	(void)state;
	/* ARP request learned by the NORMAL action: sip, tip and opcode. */
	expect_fixture("recirc_id(0),in_port(2),eth(src=52:54:00:39:89:ff,"
		       "dst=ff:ff:ff:ff:ff:ff),eth_type(0x0806),"
		       "arp(sip=10.99.0.1,tip=10.99.0.2,op=1/0xff)",
		       "exact: in_port recirc_id eth_src eth_dst eth_type ip_proto "
		       "ipv4_src ipv4_dst");
	/* ARP reply forwarded on MACs alone. */
	expect_fixture("recirc_id(0),in_port(3),eth(src=52:54:00:00:00:02,"
		       "dst=52:54:00:39:89:ff),eth_type(0x0806)",
		       "exact: in_port recirc_id eth_src eth_dst eth_type; "
		       "ignores: ip_proto ipv4_src ipv4_dst");
}

static void test_icmp_type_code(void **state)
{
	struct out_key_fields pkt, mask;

	(void)state;
	tcp_syn(&pkt);
	pkt.ip_proto = 1;
	pkt.tcp_flags = 0;
	pkt.tp_src = htons(8);	/* echo request, code 0 */
	pkt.tp_dst = htons(0);
	memset(&mask, 0, sizeof(mask));
	mask.in_port = UINT32_MAX;
	mask.eth_type = 0xffff;
	mask.ip_proto = 0xff;
	mask.ip_frag = 0xff;
	mask.tp_src = htons(0xff);
	expect_text(&pkt, &mask,
		    "exact: in_port eth_type ip_proto ip_frag tp_src; "
		    "ignores: eth_src eth_dst ip_tos ip_ttl ipv4_src ipv4_dst tp_dst");
	/* The kernel keeps one byte each: 0xffff is still just exact, and
	 * there are no tcp_flags to speak of. */
	mask.tp_src = htons(0xf0);
	mask.tp_dst = htons(0xffff);
	expect_text(&pkt, &mask,
		    "exact: in_port eth_type ip_proto ip_frag tp_dst; "
		    "partial: tp_src=8/0xf0; "
		    "ignores: eth_src eth_dst ip_tos ip_ttl ipv4_src ipv4_dst");
}

static void test_ipv6_prefix_64(void **state)
{
	struct out_key_fields pkt, mask;

	(void)state;
	tcp_syn(&pkt);
	pkt.eth_type = htons(0x86dd);
	pkt.ipv4_src = pkt.ipv4_dst = 0;
	assert_int_equal(inet_pton(AF_INET6, "2001:db8:0:1::10", pkt.ipv6_src), 1);
	assert_int_equal(inet_pton(AF_INET6, "2001:db8:0:2::20", pkt.ipv6_dst), 1);
	pkt.ipv6_label = htonl(0x12345);
	memset(&mask, 0, sizeof(mask));
	mask.in_port = UINT32_MAX;
	mask.recirc_id = UINT32_MAX;
	mask.eth_type = 0xffff;
	mask.ip_proto = 0xff;
	mask.ip_frag = 0xff;
	memset(mask.ipv6_src, 0xff, 8);
	mask.ipv6_dst[0] = 0xff;
	mask.ipv6_dst[15] = 0xff;
	mask.ipv6_label = htonl(0xfffff);
	mask.tp_dst = htons(0xfff0);
	expect_text(&pkt, &mask,
		    "exact: in_port recirc_id eth_type ip_proto ip_frag ipv6_label; "
		    "prefix: ipv6_src/64; "
		    "partial: ipv6_dst=2001:db8:0:2::20/ff00::ff tp_dst=80/0xfff0; "
		    "ignores: eth_src eth_dst ip_tos ip_ttl tp_src tcp_flags");
}

/* A fragment after the first has no ports, and a VLAN tag shows. */
static void test_later_fragment_and_vlan(void **state)
{
	struct out_key_fields pkt, mask;

	(void)state;
	tcp_syn(&pkt);
	pkt.ip_frag = OVS_FRAG_TYPE_LATER;
	pkt.vlan_tci = htons(0x1000 | 100);
	memset(&mask, 0, sizeof(mask));
	mask.in_port = UINT32_MAX;
	mask.eth_type = 0xffff;
	mask.vlan_tci = 0xffff;
	mask.ip_frag = 0xff;
	expect_text(&pkt, &mask,
		    "exact: in_port eth_type vlan_tci ip_frag; "
		    "ignores: eth_src eth_dst ip_proto ip_tos ip_ttl ipv4_src ipv4_dst");
	expect_fixture("recirc_id(0),in_port(2),eth(),eth_type(0x8100),vlan(vid=200,pcp=0),"
		       "encap(eth_type(0x0806))",
		       "exact: in_port recirc_id eth_type vlan_tci; "
		       "ignores: eth_src eth_dst ip_proto ipv4_src ipv4_dst");
}

/* Metadata shows when matched, partial in its dump-flows notation. */
static void test_metadata(void **state)
{
	(void)state;
	expect_fixture("recirc_id(0xd),in_port(2),ct_state(+new+trk),"
		       "eth(src=52:54:00:39:89:ff,dst=52:54:00:00:00:02),eth_type(0x0800),"
		       "ipv4(proto=1,frag=no)",
		       "exact: in_port recirc_id eth_src eth_dst eth_type ip_proto ip_frag; "
		       "partial: ct_state=0x21/0x21; "
		       "ignores: ip_tos ip_ttl ipv4_src ipv4_dst tp_src tp_dst");
	expect_fixture("recirc_id(0xf),dp_hash(0x6/0xf),in_port(2),eth(),eth_type(0x0800),"
		       "ipv4(frag=no)",
		       "exact: in_port recirc_id eth_type ip_frag; "
		       "partial: dp_hash=0xbf055816/0xf; "
		       "ignores: eth_src eth_dst ip_proto ip_tos ip_ttl ipv4_src ipv4_dst "
		       "tp_src tp_dst");
}

static void test_fields(void **state)
{
	struct out_key_fields pkt, mask;
	struct explain_field ef[EXPLAIN_FIELDS_MAX];
	size_t n;

	(void)state;
	tcp_syn(&pkt);
	example_mask(&mask);
	n = explain_fields(&pkt, &mask, ef, N(ef));
	/* in_port, 7 metadata, 3 eth, 4 ip, 2 ipv4, 2 ports, tcp_flags. */
	assert_int_equal(n, 20);
	assert_string_equal(ef[0].name, "in_port");
	assert_int_equal(ef[0].kind, EXPLAIN_EXACT);
	assert_string_equal(ef[2].name, "recirc_id");
	assert_int_equal(ef[2].kind, EXPLAIN_WILD);
	assert_string_equal(ef[15].name, "ipv4_src");
	assert_int_equal(ef[15].kind, EXPLAIN_PREFIX);
	assert_int_equal(ef[15].prefix, 24);
	assert_string_equal(ef[16].name, "ipv4_dst");
	assert_int_equal(ef[16].kind, EXPLAIN_WILD);
	assert_int_equal(ef[16].prefix, 0);
	assert_string_equal(ef[19].name, "tcp_flags");
	assert_int_equal(ef[19].kind, EXPLAIN_PARTIAL);
	/* A short array gets the first entries. */
	assert_int_equal(explain_fields(&pkt, &mask, ef, 3), 3);
	assert_string_equal(ef[2].name, "recirc_id");
	assert_int_equal(explain_fields(&pkt, &mask, ef, 0), 0);
}

static void test_json(void **state)
{
	const struct dpctl_fixture *f;
	struct out_key_fields pkt, mask;

	(void)state;
	tcp_syn(&pkt);
	example_mask(&mask);
	expect_json(&pkt, &mask,
		    "{\"exact\":[\"in_port\",\"eth_src\",\"eth_type\",\"ip_frag\"],"
		    "\"prefix\":{\"ipv4_src\":24},"
		    "\"partial\":{\"tcp_flags\":\"0x002/0x012\"},"
		    "\"ignores\":[\"eth_dst\",\"ip_proto\",\"ip_tos\",\"ip_ttl\",\"ipv4_dst\","
		    "\"tp_src\",\"tp_dst\"]}");
	f = fixture("recirc_id(0),in_port(2),ct_state(-trk),eth(),eth_type(0x0800),ipv4(frag=no)");
	fixture_fields(f, &pkt, &mask);
	expect_json(&pkt, &mask,
		    "{\"exact\":[\"in_port\",\"recirc_id\",\"eth_type\",\"ip_frag\"],"
		    "\"prefix\":{},"
		    "\"partial\":{\"ct_state\":\"0x00/0x20\"},"
		    "\"ignores\":[\"eth_src\",\"eth_dst\",\"ip_proto\",\"ip_tos\",\"ip_ttl\","
		    "\"ipv4_src\",\"ipv4_dst\",\"tp_src\",\"tp_dst\"]}");
}

/* Appends to what is there, and a buffer that already failed stays failed. */
static void test_append_and_enomem(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct out_key_fields pkt, mask;

	(void)state;
	tcp_syn(&pkt);
	memset(&mask, 0xff, sizeof(mask));
	strbuf_puts(&sb, "explain ");
	assert_int_equal(explain_format(&sb, &pkt, &mask), 0);
	assert_string_equal(strbuf_cstr(&sb),
			    "explain exact: in_port skb_mark recirc_id dp_hash priority ct_state "
			    "ct_zone ct_mark eth_src eth_dst eth_type ip_proto ip_tos ip_ttl ip_frag "
			    "ipv4_src ipv4_dst tp_src tp_dst tcp_flags");
	strbuf_free(&sb);
	sb.err = -ENOMEM;
	assert_int_equal(explain_format(&sb, &pkt, &mask), -ENOMEM);
	assert_int_equal(explain_format_json(&sb, &pkt, &mask), -ENOMEM);
	strbuf_free(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixtures_agree_with_dump),
		cmocka_unit_test(test_prefix_24),
		cmocka_unit_test(test_prefix_32_is_exact),
		cmocka_unit_test(test_noncontiguous_ipv4_is_partial),
		cmocka_unit_test(test_tcp_flags_partial),
		cmocka_unit_test(test_eth_dst_wildcarded),
		cmocka_unit_test(test_exact_match_flow),
		cmocka_unit_test(test_arp),
		cmocka_unit_test(test_icmp_type_code),
		cmocka_unit_test(test_ipv6_prefix_64),
		cmocka_unit_test(test_later_fragment_and_vlan),
		cmocka_unit_test(test_metadata),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_append_and_enomem),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
