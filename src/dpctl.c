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
	strbuf_printf(out, "ufid:%08x-%04x-%04x-%04x-%04x%08x", p[0],
		      p[1] >> 16, p[1] & 0xffff, p[2] >> 16, p[2] & 0xffff,
		      p[3]);
}
