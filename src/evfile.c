// SPDX-License-Identifier: GPL-2.0-only
/* Event files for --write-events / --read-events; see evfile.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "events.h"
#include "evfile.h"

static const char magic[8] = { 'O', 'V', 'S', 'U', 'P', 'E', 'V', '\n' };
#define BOM 0x01020304u
#define HDR_LEN 32
#define READ_BUF (128 * 1024)
#define MAP_DROP (256 * 1024)	/* a multiple of any page size */

struct evfile {
	FILE *f;
	bool own;		/* opened here: close it */
	int err;		/* first write error, sticky */
	int64_t wall_offset_ns;
	uint32_t version;
	uint32_t ovs_version;	/* DPCTL_OVS(...), 0 = not recorded */
	uint64_t records;
	char *buf;		/* evfile_open(): the stream's buffer */
	/* evfile_open() of a regular file: the file mapped, records read in
	 * place (no read(2) copy, no stdio copy). Its size is the one at
	 * open, as reading to the end would find it. */
	const uint8_t *map;
	size_t map_len, map_pos;
	size_t map_dropped;	/* pages before this are let go of */
};

static int put(struct evfile *w, const void *p, size_t n)
{
	if (w->err)
		return w->err;
	if (n && fwrite(p, 1, n, w->f) != n)
		w->err = errno ? -errno : -EIO;
	return w->err;
}

int evfile_create(struct evfile **out, const char *path, bool overwrite, int64_t wall_offset_ns,
		  uint32_t ovs_version)
{
	uint8_t hdr[HDR_LEN] = { 0 };
	uint32_t v32;
	struct evfile *w;
	int fd, err;

	*out = NULL;
	fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC | (overwrite ? O_TRUNC : O_EXCL),
		  0644);
	if (fd < 0)
		return -errno;
	w = calloc(1, sizeof(*w));
	if (!w || !(w->f = fdopen(fd, "w"))) {
		err = w ? -errno : -ENOMEM;
		free(w);
		close(fd);
		return err;
	}
	w->own = true;
	memcpy(hdr, magic, 8);
	v32 = EVFILE_VERSION;
	memcpy(hdr + 8, &v32, 4);
	v32 = HDR_LEN;
	memcpy(hdr + 12, &v32, 4);
	memcpy(hdr + 16, &wall_offset_ns, 8);
	v32 = BOM;
	memcpy(hdr + 24, &v32, 4);
	memcpy(hdr + 28, &ovs_version, 4);
	err = put(w, hdr, sizeof(hdr));
	if (!err && fflush(w->f))
		err = -errno;
	if (err) {
		fclose(w->f);
		free(w);
		return err;
	}
	*out = w;
	return 0;
}

int evfile_write(struct evfile *w, const void *data, uint32_t len)
{
	static const uint8_t zero[8];
	uint32_t head[2] = { len, 0 };

	/* An empty record would read back as the end of the file. */
	if (!len)
		return -EINVAL;
	if (len > EVFILE_RECORD_MAX)
		return -EMSGSIZE;
	put(w, head, sizeof(head));
	put(w, data, len);
	put(w, zero, (8 - len % 8) % 8);
	if (!w->err)
		w->records++;
	return w->err;
}

int evfile_flush(struct evfile *w)
{
	if (!w->err && fflush(w->f))
		w->err = errno ? -errno : -EIO;
	return w->err;
}

int evfile_open_stream(struct evfile **out, FILE *f)
{
	uint8_t hdr[HDR_LEN];
	uint32_t version, len, bom;
	struct evfile *r;

	*out = NULL;
	if (fread(hdr, 1, sizeof(hdr), f) != sizeof(hdr) || memcmp(hdr, magic, 8))
		return ferror(f) ? -EIO : -EPROTO;
	memcpy(&version, hdr + 8, 4);
	memcpy(&len, hdr + 12, 4);
	memcpy(&bom, hdr + 24, 4);
	/* Events are raw structs of the recording host: refuse what this
	 * build would misread. */
	if (version < EVFILE_VERSION_MIN || version > EVFILE_VERSION || len != HDR_LEN ||
	    bom != BOM)
		return -EPROTO;
	r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	r->f = f;
	r->version = version;
	memcpy(&r->wall_offset_ns, hdr + 16, 8);
	memcpy(&r->ovs_version, hdr + 28, 4);
	*out = r;
	return 0;
}

uint32_t evfile_version(const struct evfile *r)
{
	return r->version;
}

uint32_t evfile_ovs_version(const struct evfile *r)
{
	return r->ovs_version;
}

/* Maps a regular file after its header; streams, and files that cannot be
 * mapped, are read through stdio. */
static void map_file(struct evfile *r)
{
	struct stat st;
	void *m;

	if (fstat(fileno(r->f), &st) || !S_ISREG(st.st_mode) || st.st_size <= HDR_LEN ||
	    (uint64_t)st.st_size > SIZE_MAX)
		return;
	m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fileno(r->f), 0);
	if (m == MAP_FAILED)
		return;
	madvise(m, (size_t)st.st_size, MADV_SEQUENTIAL);
	r->map = m;
	r->map_len = (size_t)st.st_size;
	r->map_pos = HDR_LEN;
}

int evfile_open(struct evfile **out, const char *path)
{
	FILE *f = fopen(path, "rbe");
	char *buf;
	int err;

	*out = NULL;
	if (!f)
		return -errno;
	/* A recording is read straight through: in big reads, not stdio's
	 * 4 KiB ones (glibc takes the size only with a buffer). */
	buf = malloc(READ_BUF);
	if (buf)
		setvbuf(f, buf, _IOFBF, READ_BUF);
	err = evfile_open_stream(out, f);
	if (err) {
		fclose(f);
		free(buf);
		return err;
	}
	(*out)->own = true;
	(*out)->buf = buf;
	map_file(*out);
	return 0;
}

int64_t evfile_wall_offset(const struct evfile *r)
{
	return r->wall_offset_ns;
}

/* The next record's length and payload from the mapping; as
 * read_stream() decides. */
static int read_map(struct evfile *r, const void **data, size_t size)
{
	size_t left = r->map_len - r->map_pos, padn;
	uint32_t head[2];

	if (!left)
		return 0;
	if (left < sizeof(head))
		return -EPROTO;
	/* Records before this one are done with: their pages are let go of,
	 * so a long recording costs its reader no more memory than stdio's
	 * buffer would. */
	if (r->map_pos - r->map_dropped >= MAP_DROP) {
		size_t end = r->map_pos & ~(size_t)(MAP_DROP - 1);

		madvise((void *)(r->map + r->map_dropped), end - r->map_dropped, MADV_DONTNEED);
		r->map_dropped = end;
	}
	memcpy(head, r->map + r->map_pos, sizeof(head));
	if (head[1] != 0 || !head[0] || head[0] > EVFILE_RECORD_MAX || head[0] > size)
		return -EPROTO;
	padn = (8 - head[0] % 8) % 8;
	if (left - sizeof(head) < head[0] + padn)
		return -EPROTO;
	*data = r->map + r->map_pos + sizeof(head);
	r->map_pos += sizeof(head) + head[0] + padn;
	return (int)head[0];
}

static int read_stream(struct evfile *r, void *buf, size_t size)
{
	uint32_t head[2];
	uint8_t pad[8];
	size_t n, padn;

	/* One thread reads an event file: no stdio locking per call. */
	n = fread_unlocked(head, 1, sizeof(head), r->f);
	if (n == 0 && feof(r->f))
		return 0;
	if (n != sizeof(head) || head[1] != 0 || !head[0] || head[0] > EVFILE_RECORD_MAX ||
	    head[0] > size)
		return ferror(r->f) ? -EIO : -EPROTO;
	padn = (8 - head[0] % 8) % 8;
	/* The padding in the same read where the buffer has room for it. */
	if (head[0] + padn <= size) {
		if (fread_unlocked(buf, 1, head[0] + padn, r->f) != head[0] + padn)
			return ferror(r->f) ? -EIO : -EPROTO;
	} else if (fread_unlocked(buf, 1, head[0], r->f) != head[0] ||
		   (padn && fread_unlocked(pad, 1, padn, r->f) != padn)) {
		return ferror(r->f) ? -EIO : -EPROTO;
	}
	return (int)head[0];
}

int evfile_next(struct evfile *r, const void **data, void *buf, size_t size)
{
	int n;

	*data = buf;
	n = r->map ? read_map(r, data, size) : read_stream(r, buf, size);
	if (n <= 0)
		return n;
	r->records++;
	if (r->version == 2) {
		size_t len;

		/* Upgraded in place: in the caller's buffer, not the map. */
		if (*data != buf)
			memcpy(buf, *data, (size_t)n);
		*data = buf;
		len = event_upgrade_v2(buf, (size_t)n, size);
		return len ? (int)len : -EPROTO;
	}
	return n;
}

int evfile_read(struct evfile *r, void *buf, size_t size)
{
	const void *data;
	int n = evfile_next(r, &data, buf, size);

	if (n > 0 && data != buf)
		memcpy(buf, data, (size_t)n);
	return n;
}

int evfile_close(struct evfile *f)
{
	int err;

	if (!f)
		return 0;
	err = f->err;
	if (f->own) {
		if (fclose(f->f) && !err)
			err = -errno;
	} else if (fflush(f->f) && !err) {
		err = -errno;
	}
	if (f->map)
		munmap((void *)f->map, f->map_len);
	free(f->buf);
	free(f);
	return err;
}

uint64_t evfile_records(const struct evfile *f)
{
	return f->records;
}
