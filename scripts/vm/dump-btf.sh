#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Guest side of scripts/gen-vmlinux-h: dump a BTF object as a C header.
. "$REPO/scripts/vm/lib.sh"
obj=${1:-vmlinux}
bpftool btf dump file "/sys/kernel/btf/$obj" format c >/tmp/btf.h || exit 1
cp /tmp/btf.h "$OUT/$obj.h"
