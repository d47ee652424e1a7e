// SPDX-License-Identifier: GPL-2.0-only
/* Openvswitch types from a file; see btf_file.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "btf_file.h"

void btf_file_default(char *buf, size_t len)
{
	const char *dir = getenv("OVS_UPCALL_TRACE_BTF_DIR");
	struct utsname u;

	if (uname(&u))
		snprintf(u.release, sizeof(u.release), "unknown");
	snprintf(buf, len, "%s/%s.btf", dir && *dir ? dir : BTF_FILE_DIR, u.release);
}

/* Base types first, at their own IDs; then the module's, which refer to
 * them by those IDs, so btf__add_type() keeps every reference right. */
static struct btf *join(const struct btf *base, const struct btf *mod)
{
	struct btf *all = btf__new_empty();
	__u32 id, n = btf__type_cnt(mod);

	if (!all)
		return NULL;
	if (btf__add_btf(all, base) < 0)
		goto fail;
	for (id = btf__type_cnt(base); id < n; id++)
		if (btf__add_type(all, mod, btf__type_by_id(mod, id)) < 0)
			goto fail;
	return all;
fail:
	btf__free(all);
	return NULL;
}

/* A minimized file has no base to tell its kernel by; its kernel structs
 * must at least have the running kernel's sizes. The module's own are not
 * in the kernel's BTF, so they are not checked. */
static int check_kernel_structs(const struct btf *base, const struct btf *file, const char *path,
				char *why, size_t why_len)
{
	__u32 id, n = btf__type_cnt(file);

	for (id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(file, id);
		const char *name = btf__name_by_offset(file, t->name_off);
		int bid;

		if (!btf_is_struct(t) || !name || !*name)
			continue;
		bid = btf__find_by_name_kind(base, name, BTF_KIND_STRUCT);
		if (bid > 0 && btf__type_by_id(base, bid)->size != t->size) {
			snprintf(why, why_len, "'%s' is of another kernel build: struct %s has %u bytes, this kernel's %u",
				 path, name, t->size, btf__type_by_id(base, bid)->size);
			return -ENOENT;
		}
	}
	return 0;
}

int btf_file_join(const char *path, int *fd, char *custom, size_t custom_len, char *why,
		  size_t why_len)
{
	struct btf *base = NULL, *mod = NULL, *all = NULL;
	const void *raw;
	__u32 size;
	int err, first;

	*fd = -1;
	base = btf__load_vmlinux_btf();
	if (!base) {
		err = -errno;
		snprintf(why, why_len, "cannot read the kernel's BTF: %s", strerror(-err));
		goto cleanup;
	}
	/* A standalone file (scripts/make-btf --min) holds the kernel types
	 * it needs as well: taken as it is. A split one does not parse alone. */
	all = btf__parse(path, NULL);
	if (all) {
		err = check_kernel_structs(base, all, path, why, why_len);
		if (err)
			goto cleanup;
		mod = all;
	} else {
		mod = btf__parse_split(path, base);
	}
	if (!mod) {
		err = -errno;
		snprintf(why, why_len, "cannot read '%s' as openvswitch BTF of this kernel: %s", path,
			 strerror(-err));
		goto cleanup;
	}
	/* A split file of another kernel build parses too, over the wrong
	 * base: the module's own structs then have no name. */
	first = all ? 1 : (int)btf__type_cnt(base);
	if (btf__find_by_name_kind(mod, "dp_upcall_info", BTF_KIND_STRUCT) < first ||
	    btf__find_by_name_kind(mod, "sw_flow_key", BTF_KIND_STRUCT) < first) {
		err = -ENOENT;
		snprintf(why, why_len, "'%s' has no openvswitch types for this kernel (made for another build?)", path);
		goto cleanup;
	}
	if (!all)
		all = join(base, mod);
	raw = all ? btf__raw_data(all, &size) : NULL;
	if (!raw) {
		err = -ENOMEM;
		snprintf(why, why_len, "cannot join '%s' to the kernel's BTF: %s", path, strerror(ENOMEM));
		goto cleanup;
	}
	*fd = memfd_create("ovs-upcall-trace-btf", MFD_CLOEXEC);
	if (*fd < 0 || write(*fd, raw, size) != (ssize_t)size) {
		err = *fd < 0 ? -errno : -EIO;
		snprintf(why, why_len, "cannot keep the joined BTF: %s", strerror(-err));
		goto cleanup;
	}
	snprintf(custom, custom_len, "/proc/self/fd/%d", *fd);
	err = 0;
cleanup:
	if (err && *fd >= 0) {
		close(*fd);
		*fd = -1;
	}
	if (mod != all)
		btf__free(mod);
	btf__free(all);
	btf__free(base);
	return err;
}
