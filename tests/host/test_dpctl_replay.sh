#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The differential test's recording of the real 6.12 datapath
# (tests/vm/test_dpctl_diff.sh, kept in tests/fixtures/diff-6.12): replayed,
# every accepted put prints as its dump-flows line, as it did live. The
# recording says it was printed for OVS 3.1.0; as 3.5 would print them, the
# explicit drop and psample flows differ, and nothing else.
set -u
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo" || exit 1
fail() { echo "FAIL: $*"; exit 1; }
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
for f in diff.ev rows.tsv dump.txt; do
	xz -dc "tests/fixtures/diff-6.12/$f.xz" >"$d/$f" || fail "cannot unpack $f"
done

./ovs-upcall-trace --read-events "$d/diff.ev" --json >"$d/trace.json" 2>"$d/err" || fail "replay: $(cat "$d/err")"
python3 tests/vm/dpctl_diff_check.py "$d/rows.tsv" "$d/dump.txt" "$d/trace.json" >"$d/report" ||
	fail "$(grep -A2 MISMATCH "$d/report" | head -9)"
want="matched 522/522 accepted flows (42 rejected by the kernel, 2 not parsed by ovs-dpctl)"
[ "$(head -1 "$d/report")" = "$want" ] || fail "$(head -1 "$d/report")"

./ovs-upcall-trace --read-events "$d/diff.ev" --json --ovs-version 3.5 >"$d/trace35.json" 2>/dev/null
python3 tests/vm/dpctl_diff_check.py "$d/rows.tsv" "$d/dump.txt" "$d/trace35.json" >"$d/report35"
got=$(grep -A1 '^MISMATCH' "$d/report35" | sed -n 's/^  tracer: .*, actions://p' | sort | uniq -c |
	awk '{$1=$1; print}' | tr '\n' ';')
# Each raw flow twice (with and without a MASK attribute) in both batches;
# the ninth drop is ovs-dpctl's tnl_pop(2), which is the kernel's drop.
want="4 2,drop;4 clone(psample(group=1)),2;9 drop;4 psample(cookie=0xagroup=3);4 psample(group=1,cookie=0x102);4 psample(group=4294967295);4 psample(group=7,cookie=0x102030405060708090a0b0c0d0e0f10),2;"
[ "$got" = "$want" ] || fail "as OVS 3.5: $got"
echo "dpctl replay: 522 of 522 flows as recorded; as OVS 3.5, the 33 drop and psample flows differ"
