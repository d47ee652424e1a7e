#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# `make install` and `make install-static` put the binary, the BTF helper
# and the man page where packagers expect them, and the man page and README
# document every option --help lists.
set -u
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo" || exit 1
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

make -s install DESTDIR="$dest" PREFIX=/usr >/dev/null || fail "make install"
[ -x "$dest/usr/sbin/ovs-upcall-trace" ] || fail "no binary in \$DESTDIR/usr/sbin"
[ -f "$dest/usr/share/man/man8/ovs-upcall-trace.8" ] || fail "no man page"
[ -x "$dest/usr/sbin/ovs-upcall-trace-make-btf" ] || fail "no BTF helper in \$DESTDIR/usr/sbin"
man -l "$dest/usr/share/man/man8/ovs-upcall-trace.8" >/dev/null 2>&1 || fail "man page does not render"
make -s install-static DESTDIR="$dest/static" PREFIX=/usr >/dev/null 2>&1 || fail "make install-static"
cmp -s "$dest/static/usr/sbin/ovs-upcall-trace" ovs-upcall-trace-static || fail "install-static did not install the static build"
[ -x "$dest/static/usr/sbin/ovs-upcall-trace-make-btf" ] && [ -f "$dest/static/usr/share/man/man8/ovs-upcall-trace.8" ] ||
	fail "install-static: no BTF helper or man page"
opts=$(./ovs-upcall-trace --help | grep -o -- '--[a-z][a-z-]*' | sort -u)
[ -n "$opts" ] || fail "--help lists no options"
for o in $opts; do
	grep -q -- "${o//-/\\\\-}" src/ovs-upcall-trace.8 || grep -q -- "$o" src/ovs-upcall-trace.8 ||
		fail "man page does not document $o"
	grep -q -- "$o" README.md || fail "README does not document $o"
done
for code in 0 1 2 3 4 5 6; do
	grep -q "^| $code |" README.md || fail "README does not document exit code $code"
	grep -q "^\.B $code$" src/ovs-upcall-trace.8 || fail "man page does not document exit code $code"
done
echo "ok: install and documentation of $(echo $opts | wc -w) options"
