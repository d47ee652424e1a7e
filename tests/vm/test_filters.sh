#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Filters and run control: --in-port and --dev (in the kernel), -c, -d,
# -r, --interval histograms, and the handler-read latency of each record.
# vm-set: core
. "$REPO/scripts/vm/lib.sh"
cd /tmp
p1=$(dpport v1)
p2=$(dpport v2)
[ -n "$p1" ] && [ -n "$p2" ] || fail "no datapath ports for v1/v2"
json() { python3 -c "import json,sys; [print(json.dumps(json.loads(l))) for l in open(sys.argv[1])]" "$1"; }

# --in-port: only upcalls (and their puts) from ns2's port, any MAC; the
# put's key walked with bpf_loop(), and as kernels before 5.17 walk it.
inport() {
	local name=$1
	vm_reset
	tracer_start "$name" --json --eth-src any --eth-type any --in-port "$p2" || fail "start"
	send_ping 2 || fail "ping"
	sleep 1
	tracer_stop || fail "exit $?"
	python3 - "/tmp/$name.out" "$p2" "$name" <<'PY' || fail "--in-port ($name)"
import json, sys
recs = [r for r in map(json.loads, open(sys.argv[1])) if r["type"] != "histogram"]
port = int(sys.argv[2])
flows = [r for r in recs if r["type"] == "flow"]
assert flows, "no flows from port %d" % port
assert all(r["in_port"] == port for r in recs), [r for r in recs if r["in_port"] != port]
assert all(r["dev"] == "v2" for r in flows)
assert all(("in_port(%d)" % port) in r["key"] for r in flows)
assert not [r for r in recs if r["type"] == "put"], "unmatched puts: %s" % recs
assert all(r["read_latency_ns"] and 0 < r["read_latency_ns"] <= r["latency_ns"] for r in flows), flows
print("ok: --in-port %d (%s): %d records, read latency %s us" % (port, sys.argv[3], len(recs), [r["read_latency_ns"] // 1000 for r in flows]))
PY
}
inport inport
OVS_UPCALL_TRACE_NO_BPF_LOOP=1 inport inport-noloop

# --dev: only v1's upcalls; puts for other ports are dropped in the kernel.
vm_reset
tracer_start dev --json --eth-src any --eth-type any --dev v1 || fail "start"
send_ping 2 || fail "ping"
sleep 1
tracer_stop || fail "exit $?"
python3 - /tmp/dev.out "$p1" <<'PY' || fail "--dev"
import json, sys
recs = [r for r in map(json.loads, open(sys.argv[1])) if r["type"] != "histogram"]
assert [r for r in recs if r["type"] == "flow"], "no flows from v1"
assert all(r["dev"] == "v1" or (r["dev"] is None and r["in_port"] == int(sys.argv[2])) for r in recs), recs
assert not [r for r in recs if r["type"] == "put"], "unmatched puts: %s" % recs
print("ok: --dev v1: %d records, all from v1" % len(recs))
PY
# Its one port learned in the kernel, under the counter of its own.
grep -q -- "--dev ports not learned 0, " /tmp/dev.err || fail "--dev: $(cat /tmp/dev.err)"

# -c 1: exits 0 after one record, with the summary.
vm_reset
tracer_start count -c 1 || fail "start"
send_ping 2 || fail "ping"
wait_for 20 sh -c "! kill -0 $TRACER_PID 2>/dev/null" || fail "-c 1 did not exit"
tracer_stop
[ $? = 0 ] || fail "-c 1 exit status"
# One record line; the latency histograms follow at exit, as always.
[ "$(grep -c '^20[0-9-]*T' /tmp/count.out)" = 1 ] || fail "-c 1 printed $(cat /tmp/count.out)"
grep -q '^upcall -> flow installed latency' /tmp/count.out || fail "-c 1: no histograms at exit"
grep -q "^ovs-upcall-trace: upcalls" /tmp/count.err || fail "-c 1: no summary"
echo "ok: -c 1"

# -d 3 -r --interval 1s: exits by itself, relative times, histograms each second.
# The 3 s count from the start line (programs loaded and attached), which
# can take 10 s under load: timed from the line, not from the launch (CI
# failed this with "took 17s" counted from the launch on a busy machine).
vm_reset
tracer_start dur -d 3 -r --interval 1s || fail "start"
t0=$(date +%s%N)
send_ping 3 || fail "ping"
wait_for 20 sh -c "! kill -0 $TRACER_PID 2>/dev/null" || fail "-d 3 did not exit"
el_ms=$((($(date +%s%N) - t0) / 1000000))
tracer_stop
[ $? = 0 ] || fail "-d exit status"
# tracer_start sees the line within its 0.2 s poll; detaching takes ~1 s.
[ $el_ms -ge 2700 ] && [ $el_ms -le 8000 ] || fail "-d 3 exited ${el_ms} ms after its start line, want 2700..8000"
el=$((el_ms / 1000))
grep -q "^ovs-upcall-trace: upcalls" /tmp/dur.err || fail "-d: no summary"
grep -Eq '^[0-9]+\.[0-9]{6} flow ' /tmp/dur.out || fail "-r: no relative time: $(head -2 /tmp/dur.out)"
n=$(grep -c '^upcall -> flow installed latency' /tmp/dur.out)
[ "$n" -ge 3 ] || fail "--interval 1s over 3 s printed $n histograms"
grep -A3 '^upcall -> handler read latency' /tmp/dur.out | grep -q '     usecs *: count *distribution' || fail "histogram layout"
cat /tmp/dur.out
echo "ok: -d 3 -r --interval 1s ($n histogram reports, ${el}s)"

# JSON histograms
vm_reset
tracer_start hj --json -d 2 || fail "start"
send_ping 2
wait_for 20 sh -c "! kill -0 $TRACER_PID 2>/dev/null" || fail "-d 2 did not exit"
tracer_stop
python3 - /tmp/hj.out <<'PY' || fail "JSON histograms"
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
h = [r for r in recs if r["type"] == "histogram"]
assert len(h) == 2, h
titles = {r["histogram"]["title"] for r in h}
assert titles == {"upcall -> handler read latency", "upcall -> flow installed latency"}, titles
inst = [r for r in h if r["histogram"]["title"].endswith("installed latency")][0]["histogram"]
assert inst["count"] >= 1 and inst["buckets"], inst
print("ok: JSON histograms", titles)
PY
