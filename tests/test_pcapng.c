// SPDX-License-Identifier: GPL-2.0-only
/*
 * The pcapng writer: the block layout byte by byte, what libpcap (and
 * tcpdump, when installed) read back, how files are created, and errors.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <pcap/pcap.h>

#include "pcapng.h"

#define SHB_LEN 52	/* 28 + shb_userappl "ovs-upcall-trace" (4 + 16) + end (4) */
#define SNAPLEN 262144
#define TS1 1700000000123456789ull
#define TS2 1700000001000000001ull
#define TS3 1700000002999999999ull

struct t {
	char dir[64];
	char path[128];
};

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int setup(void **state)
{
	struct t *t = calloc(1, sizeof(*t));

	if (!t)
		return -1;
	strcpy(t->dir, "/tmp/test_pcapng-XXXXXX");
	if (!mkdtemp(t->dir)) {
		free(t);
		return -1;
	}
	snprintf(t->path, sizeof(t->path), "%s/out.pcapng", t->dir);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct t *t = *state;

	nftw(t->dir, rm_one, 8, FTW_DEPTH | FTW_PHYS);
	free(t);
	return 0;
}

static uint32_t get32(const char *buf, size_t off)
{
	uint32_t v;

	memcpy(&v, buf + off, sizeof(v));
	return v;
}

static uint16_t get16(const char *buf, size_t off)
{
	uint16_t v;

	memcpy(&v, buf + off, sizeof(v));
	return v;
}

/* An ARP request, 42 bytes: the sender's last address byte tells packets apart. */
static void arp(uint8_t *p, uint8_t id)
{
	static const uint8_t tmpl[42] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x52, 0x54, 0x00, 0x00, 0x00, 0x01,
		0x08, 0x06, 0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01,
		0x52, 0x54, 0x00, 0x00, 0x00, 0x01, 10, 99, 0, 1,
		0, 0, 0, 0, 0, 0, 10, 99, 0, 2,
	};

	memcpy(p, tmpl, sizeof(tmpl));
	p[31] = id;
}

static void check_file(const char *path, const void *want, size_t len)
{
	char buf[64] = "";
	FILE *f = fopen(path, "r");
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	assert_int_equal(n, len);
	assert_memory_equal(buf, want, len);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* Two interfaces, three packets, read back by libpcap and tcpdump. */
static void test_libpcap_reads(void **state)
{
	static const struct {
		const char *ifname, *comment;
		uint64_t ts;
		uint32_t len;
	} pk[3] = {
		{ "eth0", "upcall 1: miss, put ufid 1", TS1, 42 },
		{ "br-int", "upcall 2: action", TS2, 42 },
		{ "eth0", "upcall 3: truncated", TS3, 60 },
	};
	struct t *t = *state;
	char errbuf[PCAP_ERRBUF_SIZE], cmd[512], line[256];
	struct pcap_pkthdr *h;
	const u_char *data;
	struct pcapng *w;
	uint8_t p[42];
	pcap_t *pc;
	int i, n, rc;
	FILE *f;

	assert_int_equal(pcapng_open(&w, t->path, SNAPLEN, false), 0);
	assert_non_null(w);
	for (i = 0; i < 3; i++) {
		arp(p, i + 1);
		assert_int_equal(pcapng_write(w, pk[i].ifname, pk[i].ts, p, 42, pk[i].len,
					      pk[i].comment), 0);
		assert_int_equal(pcapng_packets(w), i + 1);
	}
	assert_int_equal(pcapng_close(w), 0);

	/* Default precision: libpcap scales the ns down to us. */
	pc = pcap_open_offline(t->path, errbuf);
	if (!pc)
		fail_msg("pcap_open_offline: %s", errbuf);
	assert_int_equal(pcap_datalink(pc), DLT_EN10MB);
	for (n = 0; (rc = pcap_next_ex(pc, &h, &data)) == 1; n++) {
		assert_true(n < 3);
		assert_int_equal(h->ts.tv_sec, pk[n].ts / 1000000000);
		assert_int_equal(h->ts.tv_usec, pk[n].ts % 1000000000 / 1000);
	}
	assert_int_equal(rc, PCAP_ERROR_BREAK);
	assert_int_equal(n, 3);
	pcap_close(pc);

	pc = pcap_open_offline_with_tstamp_precision(t->path, PCAP_TSTAMP_PRECISION_NANO,
						     errbuf);
	if (!pc)
		fail_msg("pcap_open_offline_with_tstamp_precision: %s", errbuf);
	assert_int_equal(pcap_datalink(pc), DLT_EN10MB);
	assert_int_equal(pcap_snapshot(pc), SNAPLEN);
	for (n = 0; (rc = pcap_next_ex(pc, &h, &data)) == 1; n++) {
		assert_true(n < 3);
		/* tv_usec holds nanoseconds at this precision. */
		assert_int_equal(h->ts.tv_sec, pk[n].ts / 1000000000);
		assert_int_equal(h->ts.tv_usec, pk[n].ts % 1000000000);
		assert_int_equal(h->caplen, 42);
		assert_int_equal(h->len, pk[n].len);
		arp(p, n + 1);
		assert_memory_equal(data, p, 42);
	}
	assert_int_equal(rc, PCAP_ERROR_BREAK);
	assert_int_equal(n, 3);
	pcap_close(pc);

	if (system("command -v tcpdump >/dev/null 2>&1") != 0) {
		print_message("tcpdump is not installed: skipped reading the file with it\n");
		return;
	}
	snprintf(cmd, sizeof(cmd), "tcpdump -nn -r '%s' >'%s/tcpdump.out' 2>/dev/null",
		 t->path, t->dir);
	assert_int_equal(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "%s/tcpdump.out", t->dir);
	f = fopen(cmd, "r");
	assert_non_null(f);
	for (n = 0; fgets(line, sizeof(line), f); n++)
		assert_non_null(strstr(line, "ARP, Request who-has 10.99.0.2"));
	fclose(f);
	assert_int_equal(n, 3);
}

/* SHB, IDB and EPB field by field, with their options and padding. */
/* Section Header Block */
static void check_shb(const char *buf)
{
	assert_int_equal(get32(buf, 0), 0x0A0D0D0A);
	assert_int_equal(get32(buf, 4), SHB_LEN);
	assert_int_equal(get32(buf, 8), 0x1A2B3C4D);
	assert_int_equal(get16(buf, 12), 1);
	assert_int_equal(get16(buf, 14), 0);
	assert_memory_equal(buf + 16, "\xff\xff\xff\xff\xff\xff\xff\xff", 8);
	assert_int_equal(get16(buf, 24), 4);		/* shb_userappl */
	assert_int_equal(get16(buf, 26), 16);
	assert_memory_equal(buf + 28, "ovs-upcall-trace", 16);
	assert_int_equal(get32(buf, 44), 0);		/* opt_endofopt */
	assert_int_equal(get32(buf, 48), SHB_LEN);
}

/* Interface Description Block for eth0, ID 0 */
static void check_idb_eth0(const char *buf, size_t o)
{
	assert_int_equal(get32(buf, o), 0x00000001);
	assert_int_equal(get32(buf, o + 4), 40);
	assert_int_equal(get16(buf, o + 8), 1);		/* LINKTYPE_ETHERNET */
	assert_int_equal(get16(buf, o + 10), 0);
	assert_int_equal(get32(buf, o + 12), 1500);
	assert_int_equal(get16(buf, o + 16), 2);	/* if_name */
	assert_int_equal(get16(buf, o + 18), 4);
	assert_memory_equal(buf + o + 20, "eth0", 4);
	assert_int_equal(get16(buf, o + 24), 9);	/* if_tsresol */
	assert_int_equal(get16(buf, o + 26), 1);
	assert_memory_equal(buf + o + 28, "\x09\0\0\0", 4);
	assert_int_equal(get32(buf, o + 32), 0);
	assert_int_equal(get32(buf, o + 36), 40);
}

/* Enhanced Packet Block: 5 bytes padded to 8, comment "hi" to 4 */
static void check_epb_hi(const char *buf, size_t o)
{
	assert_int_equal(get32(buf, o), 0x00000006);
	assert_int_equal(get32(buf, o + 4), 52);
	assert_int_equal(get32(buf, o + 8), 0);
	assert_int_equal(get32(buf, o + 12), TS1 >> 32);
	assert_int_equal(get32(buf, o + 16), (uint32_t)TS1);
	assert_int_equal(get32(buf, o + 20), 5);
	assert_int_equal(get32(buf, o + 24), 64);
	assert_memory_equal(buf + o + 28, "\1\2\3\4\5\0\0\0", 8);
	assert_int_equal(get16(buf, o + 36), 1);	/* opt_comment */
	assert_int_equal(get16(buf, o + 38), 2);
	assert_memory_equal(buf + o + 40, "hi\0\0", 4);
	assert_int_equal(get32(buf, o + 44), 0);
	assert_int_equal(get32(buf, o + 48), 52);
}

static void test_layout(void **state)
{
	static const uint8_t pkt[5] = { 1, 2, 3, 4, 5 };
	struct pcapng *w;
	char *buf = NULL;
	size_t size = 0, o;
	FILE *f;

	(void)state;
	f = open_memstream(&buf, &size);
	assert_non_null(f);
	assert_int_equal(pcapng_open_file(&w, f, 1500), 0);
	assert_int_equal(pcapng_write(w, "eth0", TS1, pkt, 5, 64, "hi"), 0);
	assert_int_equal(pcapng_write(w, "eth0", TS2, pkt, 4, 4, NULL), 0);
	assert_int_equal(pcapng_write(w, "br-int", TS3, pkt, 0, 0, ""), 0);
	assert_int_equal(pcapng_packets(w), 3);
	assert_int_equal(pcapng_close(w), 0);
	assert_int_equal(fclose(f), 0);

	check_shb(buf);
	o = SHB_LEN;
	check_idb_eth0(buf, o);
	o += 40;
	check_epb_hi(buf, o);
	o += 52;
	/* Same interface: no new IDB; no comment: only opt_endofopt */
	assert_int_equal(get32(buf, o), 0x00000006);
	assert_int_equal(get32(buf, o + 4), 40);
	assert_int_equal(get32(buf, o + 8), 0);
	assert_int_equal(get32(buf, o + 20), 4);
	assert_int_equal(get32(buf, o + 24), 4);
	assert_memory_equal(buf + o + 28, "\1\2\3\4", 4);
	assert_int_equal(get32(buf, o + 32), 0);
	assert_int_equal(get32(buf, o + 36), 40);

	/* A new name: its IDB, ID 1, then an empty packet */
	o += 40;
	assert_int_equal(get32(buf, o), 0x00000001);
	assert_int_equal(get32(buf, o + 4), 44);
	assert_int_equal(get16(buf, o + 16), 2);
	assert_int_equal(get16(buf, o + 18), 6);
	assert_memory_equal(buf + o + 20, "br-int\0\0", 8);
	assert_int_equal(get16(buf, o + 28), 9);
	assert_int_equal(get32(buf, o + 40), 44);
	o += 44;
	assert_int_equal(get32(buf, o), 0x00000006);
	assert_int_equal(get32(buf, o + 4), 36);
	assert_int_equal(get32(buf, o + 8), 1);
	assert_int_equal(get32(buf, o + 12), TS3 >> 32);
	assert_int_equal(get32(buf, o + 16), (uint32_t)TS3);
	assert_int_equal(get32(buf, o + 20), 0);
	assert_int_equal(get32(buf, o + 24), 0);
	assert_int_equal(get32(buf, o + 28), 0);
	assert_int_equal(get32(buf, o + 32), 36);
	assert_int_equal(size, o + 36);
	free(buf);
}

/* caplen over snaplen, origlen under caplen, long names and comments. */
static void test_cuts(void **state)
{
	static const char long1[] = "a-very-long-interface-name";
	static const char long2[] = "a-very-long-interface-other";
	size_t clen = 70000, o;
	uint8_t pkt[20];
	struct pcapng *w;
	char *buf = NULL, *c;
	size_t size = 0;
	FILE *f;

	(void)state;
	memset(pkt, 0xab, sizeof(pkt));
	c = malloc(clen + 1);
	assert_non_null(c);
	memset(c, 'c', clen);
	c[clen] = '\0';
	f = open_memstream(&buf, &size);
	assert_non_null(f);
	assert_int_equal(pcapng_open_file(&w, f, 8), 0);
	/* 20 bytes with snaplen 8: 8 kept, the original length stays 20. */
	assert_int_equal(pcapng_write(w, long1, 1, pkt, 20, 20, NULL), 0);
	/* The same first 15 bytes: the same interface. */
	assert_int_equal(pcapng_write(w, long2, 2, pkt, 8, 3, c), 0);
	/* A two-byte character across byte 65535 is left out whole. */
	memcpy(c + 65534, "\xc3\xa9", 2);
	assert_int_equal(pcapng_write(w, long1, 3, pkt, 0, 0, c), 0);
	assert_int_equal(pcapng_close(w), 0);
	assert_int_equal(fclose(f), 0);
	free(c);

	o = SHB_LEN;
	assert_int_equal(get32(buf, o), 0x00000001);
	assert_int_equal(get32(buf, o + 4), 20 + 4 + 16 + 8 + 4);
	assert_int_equal(get32(buf, o + 12), 8);
	assert_int_equal(get16(buf, o + 18), 15);
	assert_memory_equal(buf + o + 20, "a-very-long-int\0", 16);
	o += 52;
	assert_int_equal(get32(buf, o), 0x00000006);
	assert_int_equal(get32(buf, o + 4), 32 + 8 + 4);
	assert_int_equal(get32(buf, o + 20), 8);
	assert_int_equal(get32(buf, o + 24), 20);
	assert_int_equal(get32(buf, o + 40), 44);
	o += 44;
	/* origlen 3 < caplen 8: raised, a packet is as long as what we hold. */
	assert_int_equal(get32(buf, o), 0x00000006);
	assert_int_equal(get32(buf, o + 4), 32 + 8 + 4 + 65536 + 4);
	assert_int_equal(get32(buf, o + 8), 0);
	assert_int_equal(get32(buf, o + 20), 8);
	assert_int_equal(get32(buf, o + 24), 8);
	assert_int_equal(get16(buf, o + 36), 1);
	assert_int_equal(get16(buf, o + 38), 65535);
	assert_int_equal(buf[o + 40 + 65534], 'c');
	assert_int_equal(buf[o + 40 + 65535], '\0');
	o += 32 + 8 + 4 + 65536 + 4;
	assert_int_equal(get32(buf, o), 0x00000006);
	assert_int_equal(get32(buf, o + 4), 32 + 4 + 65536 + 4);
	assert_int_equal(get32(buf, o + 8), 0);
	assert_int_equal(get16(buf, o + 30), 65534);
	assert_memory_equal(buf + o + 32 + 65532, "cc\0\0", 4);
	o += 32 + 4 + 65536 + 4;
	assert_int_equal(get32(buf, o - 4), 32 + 4 + 65536 + 4);
	assert_int_equal(size, o);
	free(buf);
}

/* A new file is 0644 (under umask 022); an existing one is refused. */
static void test_excl(void **state)
{
	struct t *t = *state;
	struct pcapng *w = (void *)1;
	struct stat st;
	mode_t old = umask(022);

	assert_int_equal(pcapng_open(&w, t->path, SNAPLEN, false), 0);
	umask(old);
	assert_int_equal(pcapng_close(w), 0);
	assert_int_equal(stat(t->path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);
	assert_int_equal(st.st_size, SHB_LEN);

	write_file(t->path, "keep");
	assert_int_equal(pcapng_open(&w, t->path, SNAPLEN, false), -EEXIST);
	assert_null(w);
	check_file(t->path, "keep", 4);
}

/* overwrite truncates what was there. */
static void test_overwrite(void **state)
{
	struct t *t = *state;
	struct pcapng *w;
	uint32_t type;
	struct stat st;
	FILE *f;

	write_file(t->path, "an old and longer capture, overwritten, not appended to");
	assert_int_equal(pcapng_open(&w, t->path, SNAPLEN, true), 0);
	assert_int_equal(pcapng_close(w), 0);
	assert_int_equal(stat(t->path, &st), 0);
	assert_int_equal(st.st_size, SHB_LEN);
	f = fopen(t->path, "r");
	assert_non_null(f);
	assert_int_equal(fread(&type, sizeof(type), 1, f), 1);
	fclose(f);
	assert_int_equal(type, 0x0A0D0D0A);
}

/* Never through a symlink, to a file or dangling, overwrite or not. */
static void test_symlink(void **state)
{
	struct t *t = *state;
	char target[160], missing[160];
	struct pcapng *w = (void *)1;

	snprintf(target, sizeof(target), "%s/target", t->dir);
	snprintf(missing, sizeof(missing), "%s/missing", t->dir);
	write_file(target, "keep");
	assert_int_equal(symlink(target, t->path), 0);
	assert_int_equal(pcapng_open(&w, t->path, SNAPLEN, true), -ELOOP);
	assert_null(w);
	assert_int_equal(pcapng_open(&w, t->path, SNAPLEN, false), -EEXIST);
	check_file(target, "keep", 4);

	assert_int_equal(unlink(t->path), 0);
	assert_int_equal(symlink(missing, t->path), 0);
	assert_int_equal(pcapng_open(&w, t->path, SNAPLEN, true), -ELOOP);
	assert_int_equal(pcapng_open(&w, t->path, SNAPLEN, false), -EEXIST);
	assert_int_equal(access(missing, F_OK), -1);
}

/* A full disk at the section header, and later at a packet. */
static void test_enospc(void **state)
{
	struct t *t = *state;
	struct pcapng *w = (void *)1;
	uint8_t p[42];
	int fd;
	FILE *f;

	f = fopen("/dev/full", "w");
	if (!f)
		skip();
	assert_int_equal(pcapng_open_file(&w, f, SNAPLEN), -ENOSPC);
	assert_null(w);
	fclose(f);

	/* The header fits; then the file's descriptor becomes /dev/full. */
	f = fopen(t->path, "w");
	assert_non_null(f);
	assert_int_equal(pcapng_open_file(&w, f, SNAPLEN), 0);
	fd = open("/dev/full", O_WRONLY | O_CLOEXEC);
	assert_true(fd >= 0);
	assert_true(dup2(fd, fileno(f)) >= 0);
	close(fd);
	arp(p, 1);
	assert_int_equal(pcapng_write(w, "eth0", TS1, p, 42, 42, "c"), -ENOSPC);
	/* Sticky: nothing after a torn block. */
	assert_int_equal(pcapng_write(w, "eth0", TS2, p, 42, 42, NULL), -ENOSPC);
	assert_int_equal(pcapng_packets(w), 0);
	assert_int_equal(pcapng_close(w), -ENOSPC);
	fclose(f);
}

static void test_bad_args(void **state)
{
	struct pcapng *w;
	char *buf = NULL;
	size_t size = 0;
	FILE *f;

	(void)state;
	assert_int_equal(pcapng_open_file(&w, NULL, SNAPLEN), -EINVAL);
	assert_null(w);
	f = open_memstream(&buf, &size);
	assert_non_null(f);
	assert_int_equal(pcapng_open_file(&w, f, SNAPLEN), 0);
	assert_int_equal(pcapng_write(w, NULL, 0, "x", 1, 1, NULL), -EINVAL);
	assert_int_equal(pcapng_write(w, "eth0", 0, NULL, 1, 1, NULL), -EINVAL);
	assert_int_equal(pcapng_write(NULL, "eth0", 0, "x", 1, 1, NULL), -EINVAL);
	assert_int_equal(pcapng_packets(w), 0);
	assert_int_equal(pcapng_close(w), 0);
	assert_int_equal(pcapng_close(NULL), 0);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(size, SHB_LEN);
	free(buf);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_libpcap_reads),
		T(test_layout),
		T(test_cuts),
		T(test_excl),
		T(test_overwrite),
		T(test_symlink),
		T(test_enospc),
		T(test_bad_args),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
