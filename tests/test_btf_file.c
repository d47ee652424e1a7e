// SPDX-License-Identifier: GPL-2.0-only
/*
 * --btf: a module's split BTF joined to the running kernel's. The module
 * file is built here over this kernel's BTF (as scripts/make-btf builds it
 * over its kernel's), so the join runs on any host with kernel BTF; one
 * with none gets the reason instead.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/btf.h>

#include "btf_file.h"

static char dir[64];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/test_btf_file.XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd);
}

/* The two structs the join checks for, the first named name. */
static void add_ovs_structs(struct btf *b, const char *name, int u32)
{
	assert_true(btf__add_struct(b, name, 4) > 0);
	assert_int_equal(btf__add_field(b, "actions_len", u32, 0, 0), 0);
	assert_true(btf__add_struct(b, "sw_flow_key", 4) > 0);
	assert_int_equal(btf__add_field(b, "recirc_id", u32, 0, 0), 0);
}

/* Writes b to path, and frees it. */
static void save(struct btf *b, const char *path)
{
	__u32 size;
	const void *raw = btf__raw_data(b, &size);
	FILE *f = fopen(path, "w");

	assert_non_null(raw);
	assert_non_null(f);
	assert_int_equal(fwrite(raw, 1, size, f), size);
	fclose(f);
	btf__free(b);
}

/* A split BTF over this kernel's with the two structs the join checks
 * for, written to path; NULL base: none here. */
static struct btf *write_module(const char *path, const char *name)
{
	struct btf *base = btf__load_vmlinux_btf(), *mod;
	int u32;

	if (!base)
		return NULL;
	mod = btf__new_empty_split(base);
	assert_non_null(mod);
	u32 = btf__find_by_name_kind(base, "unsigned int", BTF_KIND_INT);
	assert_true(u32 > 0);
	add_ovs_structs(mod, name, u32);
	save(mod, path);
	return base;
}

static void test_join(void **state)
{
	char path[128], custom[32], why[512];
	struct btf *base, *all;
	int fd;

	(void)state;
	snprintf(path, sizeof(path), "%s/ok.btf", dir);
	base = write_module(path, "dp_upcall_info");
	if (!base) {
		assert_int_not_equal(btf_file_join(path, &fd, custom, sizeof(custom), why, sizeof(why)), 0);
		assert_non_null(strstr(why, "cannot read the kernel's BTF"));
		return;
	}
	assert_int_equal(btf_file_join(path, &fd, custom, sizeof(custom), why, sizeof(why)), 0);
	assert_true(fd >= 0);
	/* One standalone BTF: the kernel's types at their IDs, then the module's. */
	all = btf__parse_raw(custom);
	assert_non_null(all);
	assert_int_equal(btf__type_cnt(all), btf__type_cnt(base) + 2);
	assert_int_equal(btf__find_by_name_kind(all, "dp_upcall_info", BTF_KIND_STRUCT),
			 (int)btf__type_cnt(base));
	assert_int_equal(btf__find_by_name_kind(all, "task_struct", BTF_KIND_STRUCT),
			 btf__find_by_name_kind(base, "task_struct", BTF_KIND_STRUCT));
	btf__free(all);
	btf__free(base);
	close(fd);
}

/* A standalone BTF as bpftool gen min_core_btf makes it: a kernel struct
 * (sk_buff, of size skb_size) and the two openvswitch ones; NULL base:
 * no kernel BTF here. */
static struct btf *write_standalone(const char *path, int skb_delta)
{
	struct btf *base = btf__load_vmlinux_btf(), *min;
	int u32, skb;

	if (!base)
		return NULL;
	skb = btf__find_by_name_kind(base, "sk_buff", BTF_KIND_STRUCT);
	assert_true(skb > 0);
	min = btf__new_empty();
	assert_non_null(min);
	u32 = btf__add_int(min, "unsigned int", 4, 0);
	assert_true(u32 > 0);
	assert_true(btf__add_struct(min, "sk_buff", btf__type_by_id(base, skb)->size + skb_delta) > 0);
	assert_int_equal(btf__add_field(min, "len", u32, 0, 0), 0);
	add_ovs_structs(min, "dp_upcall_info", u32);
	save(min, path);
	return base;
}

/* make-btf --min: taken as it is, when its kernel structs are this
 * kernel's size; refused, naming the struct, when not. */
static void test_standalone(void **state)
{
	char path[128], custom[32], why[512];
	struct btf *base, *got;
	int fd;

	(void)state;
	snprintf(path, sizeof(path), "%s/min.btf", dir);
	base = write_standalone(path, 0);
	if (!base)
		return;
	assert_int_equal(btf_file_join(path, &fd, custom, sizeof(custom), why, sizeof(why)), 0);
	got = btf__parse_raw(custom);
	assert_non_null(got);
	assert_int_equal(btf__type_cnt(got), 5);
	assert_true(btf__find_by_name_kind(got, "dp_upcall_info", BTF_KIND_STRUCT) > 0);
	btf__free(got);
	close(fd);
	btf__free(base);

	snprintf(path, sizeof(path), "%s/min-other.btf", dir);
	btf__free(write_standalone(path, 8));
	assert_int_equal(btf_file_join(path, &fd, custom, sizeof(custom), why, sizeof(why)), -ENOENT);
	assert_int_equal(fd, -1);
	assert_non_null(strstr(why, "is of another kernel build: struct sk_buff has "));
}

static void test_refused(void **state)
{
	char path[128], custom[32], why[512];
	struct btf *base;
	FILE *f;
	int fd;

	(void)state;
	/* Not BTF at all. */
	snprintf(path, sizeof(path), "%s/junk.btf", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("not btf\n", f);
	fclose(f);
	assert_true(btf_file_join(path, &fd, custom, sizeof(custom), why, sizeof(why)) < 0);
	assert_int_equal(fd, -1);
	base = btf__load_vmlinux_btf();
	assert_non_null(strstr(why, base ? "cannot read '" : "cannot read the kernel's BTF"));
	/* BTF, but not of openvswitch. */
	snprintf(path, sizeof(path), "%s/other.btf", dir);
	btf__free(write_module(path, "something_else"));
	if (base) {
		assert_int_equal(btf_file_join(path, &fd, custom, sizeof(custom), why, sizeof(why)), -ENOENT);
		assert_non_null(strstr(why, "has no openvswitch types"));
	}
	/* Missing. */
	snprintf(path, sizeof(path), "%s/none.btf", dir);
	assert_true(btf_file_join(path, &fd, custom, sizeof(custom), why, sizeof(why)) < 0);
	btf__free(base);
}

static void test_default(void **state)
{
	char buf[256];

	(void)state;
	unsetenv("OVS_UPCALL_TRACE_BTF_DIR");
	btf_file_default(buf, sizeof(buf));
	assert_int_equal(strncmp(buf, BTF_FILE_DIR "/", strlen(BTF_FILE_DIR) + 1), 0);
	assert_non_null(strstr(buf, ".btf"));
	setenv("OVS_UPCALL_TRACE_BTF_DIR", "/run/x", 1);
	btf_file_default(buf, sizeof(buf));
	assert_int_equal(strncmp(buf, "/run/x/", 7), 0);
	unsetenv("OVS_UPCALL_TRACE_BTF_DIR");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_join),
		cmocka_unit_test(test_standalone),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_default),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
