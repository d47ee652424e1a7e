// SPDX-License-Identifier: GPL-2.0-only
#include <stdint.h>
#include <string.h>

#include "dpctl.h"

void dpctl_format_ufid(struct strbuf *out, const unsigned char ufid[16])
{
	uint32_t p[4];

	/* odp_format_ufid() prints the u128 as a struct uuid, whose four
	 * parts are the UFID's u32s in host order. */
	memcpy(p, ufid, sizeof(p));
	/* "ufid:%08x-%04x-%04x-%04x-%04x%08x", on every line: no printf. */
	strbuf_puts(out, "ufid:");
	strbuf_put_hex(out, p[0], 8);
	strbuf_putc(out, '-');
	strbuf_put_hex(out, p[1] >> 16, 4);
	strbuf_putc(out, '-');
	strbuf_put_hex(out, p[1] & 0xffff, 4);
	strbuf_putc(out, '-');
	strbuf_put_hex(out, p[2] >> 16, 4);
	strbuf_putc(out, '-');
	strbuf_put_hex(out, p[2] & 0xffff, 4);
	strbuf_put_hex(out, p[3], 8);
}
