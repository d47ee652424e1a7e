#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Recordings of the real 6.12 datapath replay to the same accounting: the
# backlog of issue 12 (tests/vm/test_lost.sh with ovs-vswitchd frozen 7 s,
# cut to its first 12 upcalls) as event file version 3, where each read is
# recorded; and a version 2 file, read the old way.
set -u
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo" || exit 1
fail() { echo "FAIL: $*"; exit 1; }
summary() { ./ovs-upcall-trace --read-events "$1" 2>&1 >/dev/null | sed -n 1p; }

got=$(summary tests/fuzz/seeds/recorded-6.12-v3.ev)
want="ovs-upcall-trace: upcalls 12: installed 1, shared 0, put failed 11, noflow 0 (evicted 0), lost 0, action 0; flow puts 12 (failed 11), unmatched puts 0"
[ "$got" = "$want" ] || fail "version 3 backlog: $got"
# The first upcall installed the megaflow; each later one failed EEXIST
# with its own put, read 7 s after it was queued.
./ovs-upcall-trace --read-events tests/fuzz/seeds/recorded-6.12-v3.ev --json 2>/dev/null |
	python3 -c '
import json, sys
recs = [r for r in map(json.loads, sys.stdin) if r["type"] == "flow"]
assert [r["verdict"] for r in recs] == ["installed"] + ["put_failed"] * 11, recs
assert [r["dport"] for r in recs] == list(range(10000, 10012)), recs
assert all(r["result"] == "EEXIST" for r in recs[1:]) and len({r["ufid"] for r in recs}) == 12
assert all(r["read_latency_ns"] > 7e9 for r in recs), [r["read_latency_ns"] for r in recs]
' || fail "version 3 backlog records"

got=$(summary tests/fuzz/seeds/recorded-6.12.ev)
want="ovs-upcall-trace: upcalls 6: installed 6, shared 0, put failed 0, noflow 0 (evicted 0), lost 0, action 0; flow puts 6 (failed 0), unmatched puts 0"
[ "$got" = "$want" ] || fail "version 2 file: $got"
# 7.3.4 with fentry on every hook (before kprobes took the task hooks on
# kernels that preempt there): a task preempted inside fe_recvmsg made
# the kernel skip 48 reads in a row of the other handler's socket. The
# upcalls whose reads are missing stay the reader's own: each is "unread"
# noflow and its put unmatched, never given to another upcall.
ev=$(mktemp)
trap 'rm -f "$ev"' EXIT
xz -dc tests/fixtures/preempt-7.3/skipped-reads.ev.xz >"$ev" || fail "cannot unpack the 7.3 recording"
got=$(summary "$ev")
want="ovs-upcall-trace: upcalls 1200: installed 12, shared 0, put failed 1140, noflow 48 (evicted 0), lost 0, action 0; flow puts 1200 (failed 1188), unmatched puts 48"
[ "$got" = "$want" ] || fail "7.3 skipped reads: $got"
echo "replay: 3 recordings, accounting as recorded"
