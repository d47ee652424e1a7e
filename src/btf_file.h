/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernels without module BTF (Debian 11's 5.10, RHEL 8, Ubuntu 20.04 GA):
 * the openvswitch types come from a file instead, made from the kernel's
 * debug package by scripts/make-btf. The file is the module's split BTF
 * over the kernel's own vmlinux BTF, what /sys/kernel/btf/openvswitch would
 * hold; libbpf's CO-RE wants one standalone BTF, so the two are joined.
 * A standalone file (scripts/make-btf --min: bpftool gen min_core_btf of
 * the joined BTF, only the types the tracer reads) is taken as it is.
 */
#ifndef BTF_FILE_H
#define BTF_FILE_H

#include <stddef.h>

/* Where the tracer looks when the module has no BTF and --btf is not
 * given: this directory (or $OVS_UPCALL_TRACE_BTF_DIR), then
 * "<uname -r>.btf". */
#define BTF_FILE_DIR "/var/lib/ovs-upcall-trace/btf"

/* The default path for the running kernel into buf. */
void btf_file_default(char *buf, size_t len);

/*
 * Joins the running kernel's vmlinux BTF and path's openvswitch split BTF
 * (or copies path's standalone BTF) into a memfd; *fd is it (-1 on
 * failure) and *custom the path libbpf's btf_custom_path takes. 0, or
 * -errno with a one-line reason in why: unreadable, not BTF of this kernel
 * (split over another base, or a standalone one whose kernel structs have
 * other sizes), or no openvswitch types.
 */
int btf_file_join(const char *path, int *fd, char *custom, size_t custom_len, char *why,
		  size_t why_len);

#endif /* BTF_FILE_H */
