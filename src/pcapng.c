// SPDX-License-Identifier: GPL-2.0-only
/*
 * Block layouts from draft-ietf-opsawg-pcapng: every block is type, total
 * length, body, options, total length again (so a reader can walk back),
 * all padded to 32 bits.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pcapng.h"

#define BT_SHB 0x0A0D0D0Au
#define BT_IDB 0x00000001u
#define BT_EPB 0x00000006u
#define BYTE_ORDER_MAGIC 0x1A2B3C4Du
#define LINKTYPE_ETHERNET 1

#define OPT_ENDOFOPT 0
#define OPT_COMMENT 1
#define OPT_IF_NAME 2
#define OPT_SHB_USERAPPL 4
#define OPT_IF_TSRESOL 9
#define TSRESOL_NS 9		/* 10^-9 s: timestamps are ns as given */

#define IFNAME_MAX 15		/* IFNAMSIZ - 1, as the kernel names them */
#define COMMENT_MAX 65535	/* an option's length is 16 bits */
#define USERAPPL "ovs-upcall-trace"

/* 64-bit so that a caplen near UINT32_MAX cannot wrap the block length. */
#define PAD4(n) (((uint64_t)(n) + 3) & ~(uint64_t)3)
#define OPT_SIZE(len) (4 + PAD4(len))

struct pcapng {
	FILE *f;
	bool own;		/* opened by pcapng_open: fclose at the end */
	uint32_t snaplen;	/* 0: no limit */
	uint64_t packets;
	int err;		/* first failed write or flush, sticky */
	char (*ifs)[IFNAME_MAX + 1];	/* the interface ID is the index */
	uint32_t nifs;
};

static void put(struct pcapng *w, const void *p, size_t n)
{
	if (w->err || !n)
		return;
	errno = 0;
	if (fwrite(p, 1, n, w->f) != n)
		w->err = errno ? -errno : -EIO;
}

static void put16(struct pcapng *w, uint16_t v)
{
	put(w, &v, sizeof(v));
}

static void put32(struct pcapng *w, uint32_t v)
{
	put(w, &v, sizeof(v));
}

static void put_opt(struct pcapng *w, uint16_t code, const void *p, size_t len)
{
	static const uint8_t zero[3];

	put16(w, code);
	put16(w, (uint16_t)len);
	put(w, p, len);
	put(w, zero, PAD4(len) - len);
}

static int flush(struct pcapng *w)
{
	if (w->err)
		return w->err;
	errno = 0;
	if (fflush(w->f))
		w->err = errno ? -errno : -EIO;
	return w->err;
}

static void put_shb(struct pcapng *w)
{
	uint32_t len = 28 + OPT_SIZE(strlen(USERAPPL)) + OPT_SIZE(0);
	/* Unknown: we stream, and readers then walk block by block. */
	int64_t section_len = -1;

	put32(w, BT_SHB);
	put32(w, (uint32_t)len);
	put32(w, BYTE_ORDER_MAGIC);
	put16(w, 1);		/* version 1.0 */
	put16(w, 0);
	put(w, &section_len, sizeof(section_len));
	put_opt(w, OPT_SHB_USERAPPL, USERAPPL, strlen(USERAPPL));
	put_opt(w, OPT_ENDOFOPT, NULL, 0);
	put32(w, (uint32_t)len);
}

/* The ID of interface name, after writing its IDB if it is new. */
static int iface(struct pcapng *w, const char *ifname, uint32_t *id)
{
	static const uint8_t tsresol = TSRESOL_NS;
	size_t n = strnlen(ifname, IFNAME_MAX);
	uint32_t i, len;
	void *ifs;

	for (i = 0; i < w->nifs; i++) {
		if (strlen(w->ifs[i]) == n && !memcmp(w->ifs[i], ifname, n)) {
			*id = i;
			return 0;
		}
	}
	ifs = realloc(w->ifs, (w->nifs + 1) * sizeof(*w->ifs));
	if (!ifs)
		return -ENOMEM;
	w->ifs = ifs;
	memcpy(w->ifs[i], ifname, n);
	w->ifs[i][n] = '\0';

	len = (uint32_t)(20 + (n ? OPT_SIZE(n) : 0) + OPT_SIZE(1) + OPT_SIZE(0));
	put32(w, BT_IDB);
	put32(w, (uint32_t)len);
	put16(w, LINKTYPE_ETHERNET);
	put16(w, 0);		/* reserved */
	put32(w, w->snaplen);
	/* An empty if_name would only make readers show an empty name. */
	if (n)
		put_opt(w, OPT_IF_NAME, ifname, n);
	put_opt(w, OPT_IF_TSRESOL, &tsresol, 1);
	put_opt(w, OPT_ENDOFOPT, NULL, 0);
	put32(w, (uint32_t)len);
	w->nifs++;
	*id = i;
	return w->err;
}

static int start(struct pcapng **out, FILE *f, bool own, uint32_t snaplen)
{
	struct pcapng *w;
	int err;

	w = calloc(1, sizeof(*w));
	if (!w) {
		err = -ENOMEM;
		if (own)
			fclose(f);
		return err;
	}
	w->f = f;
	w->own = own;
	w->snaplen = snaplen;
	/* Flushed now so that a reader started right away sees a pcapng file. */
	put_shb(w);
	err = flush(w);
	if (err)
		goto cleanup;
	*out = w;
	return 0;
cleanup:
	pcapng_close(w);
	return err;
}

int pcapng_open(struct pcapng **out, const char *path, uint32_t snaplen, bool overwrite)
{
	int flags = O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC;
	FILE *f;
	int fd, err;

	*out = NULL;
	flags |= overwrite ? O_TRUNC : O_EXCL;
	fd = open(path, flags, 0644);
	if (fd < 0)
		return -errno;
	f = fdopen(fd, "w");
	if (!f) {
		err = -errno;
		close(fd);
		return err;
	}
	return start(out, f, true, snaplen);
}

int pcapng_open_file(struct pcapng **out, FILE *f, uint32_t snaplen)
{
	*out = NULL;
	if (!f)
		return -EINVAL;
	return start(out, f, false, snaplen);
}

int pcapng_write(struct pcapng *w, const char *ifname, uint64_t ts_ns, const void *data,
		 uint32_t caplen, uint32_t origlen, const char *comment)
{
	static const uint8_t zero[3];
	size_t clen = comment ? strnlen(comment, COMMENT_MAX + 1) : 0;
	uint64_t len;
	uint32_t id;
	int err;

	if (!w || !ifname || (!data && caplen))
		return -EINVAL;
	if (w->err)
		return w->err;
	if (w->snaplen && caplen > w->snaplen)
		caplen = w->snaplen;
	/* The packet was at least as long as what we hold of it. */
	if (origlen < caplen)
		origlen = caplen;
	if (clen > COMMENT_MAX) {
		/* Comments are UTF-8: cut before a character, not inside
		 * (at most 3 continuation bytes: invalid text is cut anyway). */
		clen = COMMENT_MAX;
		while (clen > COMMENT_MAX - 3 && ((uint8_t)comment[clen] & 0xc0) == 0x80)
			clen--;
	}
	len = 32 + PAD4(caplen) + (clen ? OPT_SIZE(clen) : 0) + OPT_SIZE(0);
	if (len > UINT32_MAX)
		return -EMSGSIZE;

	err = iface(w, ifname, &id);
	if (err)
		return err;
	put32(w, BT_EPB);
	put32(w, (uint32_t)len);
	put32(w, id);
	put32(w, (uint32_t)(ts_ns >> 32));
	put32(w, (uint32_t)ts_ns);
	put32(w, caplen);
	put32(w, origlen);
	put(w, data, caplen);
	put(w, zero, PAD4(caplen) - caplen);
	if (clen)
		put_opt(w, OPT_COMMENT, comment, clen);
	put_opt(w, OPT_ENDOFOPT, NULL, 0);
	put32(w, (uint32_t)len);
	/* Flushed per packet: we are a live tracer and may be killed. */
	err = flush(w);
	if (!err)
		w->packets++;
	return err;
}

int pcapng_close(struct pcapng *w)
{
	int err;

	if (!w)
		return 0;
	err = flush(w);
	if (w->own) {
		errno = 0;
		if (fclose(w->f) && !err)
			err = errno ? -errno : -EIO;
	}
	free(w->ifs);
	free(w);
	return err;
}

uint64_t pcapng_packets(const struct pcapng *w)
{
	return w ? w->packets : 0;
}
