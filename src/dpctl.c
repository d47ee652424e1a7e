// SPDX-License-Identifier: GPL-2.0-only
#include <stdint.h>
#include <string.h>

#include "dpctl.h"

/* Host-order u32 v as 8 hex digits, most significant first, two digits
 * a byte from a table: this runs for every line with a flow. */
static void hex_u32(char *out, uint32_t v)
{
	static const char pairs[] =
		"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
		"202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
		"404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f"
		"606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f"
		"808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
		"a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"
		"c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf"
		"e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";

	for (int i = 3; i >= 0; i--, v >>= 8)
		memcpy(out + 2 * i, pairs + 2 * (v & 0xff), 2);
}

void dpctl_format_uuid(char *buf, const unsigned char ufid[16])
{
	uint32_t p[4];
	char h[8];

	/* odp_format_ufid() prints the u128 as a struct uuid, whose four
	 * parts are the UFID's u32s in host order:
	 * "%08x-%04x-%04x-%04x-%04x%08x", on every line: no printf. */
	memcpy(p, ufid, sizeof(p));
	hex_u32(buf, p[0]);
	buf[8] = '-';
	hex_u32(h, p[1]);
	memcpy(buf + 9, h, 4);
	buf[13] = '-';
	memcpy(buf + 14, h + 4, 4);
	buf[18] = '-';
	hex_u32(h, p[2]);
	memcpy(buf + 19, h, 4);
	buf[23] = '-';
	memcpy(buf + 24, h + 4, 4);
	hex_u32(buf + 28, p[3]);
	buf[DPCTL_UUID_LEN] = '\0';
}

void dpctl_format_ufid(struct strbuf *out, const unsigned char ufid[16])
{
	char buf[DPCTL_UUID_LEN + 1];

	dpctl_format_uuid(buf, ufid);
	strbuf_put(out, "ufid:", 5);
	strbuf_put(out, buf, DPCTL_UUID_LEN);
}
