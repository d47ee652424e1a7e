#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Bounded memory under a storm: ovs-vswitchd frozen while ns1 sends 100,000
# datagrams to distinct ports, every one an upcall. Pending upcalls stay
# under --max-pending (the rest evicted, counted and reported), every
# upcall the kernel passed is accounted for (a record or a lost event), and
# the tracer's peak RSS stays under the bound the README documents.
. "$REPO/scripts/vm/lib.sh"
cd /tmp
N=100000
# The ring buffer's pages count in RSS twice (its data area is mapped twice
# so records can wrap): 4 MiB here, so that the bound is about userspace.
RING=$((4 << 20))
BOUND_KB=$((32 * 1024))
vswitchd=$(cat "$OVS_RUNDIR/ovs-vswitchd.pid")
ip -n ns1 neigh replace 10.99.0.99 lladdr 52:54:00:00:00:99 dev eth0 nud permanent

"$TRACER" --json --max-pending 1000 --ringbuf-size $RING >/dev/null 2>/tmp/storm.err &
pid=$!
wait_for 60 grep -q "tracing upcalls" /tmp/storm.err || fail "start"
kill -STOP "$vswitchd"
t0=$(date +%s)
ns1 taskset -c 0 bash -c 'for ((p = 0; p < 50000; p++)); do echo x >/dev/udp/10.99.0.99/$((10000 + p)); done' &
s0=$!
ns1 taskset -c 1 bash -c 'for ((p = 0; p < 50000; p++)); do echo x >/dev/udp/10.99.0.99/$((10000 + p)); done' &
s1=$!
wait $s0 $s1
log "sent $N datagrams in $(($(date +%s) - t0)) s"
kill -CONT "$vswitchd"
sleep 10
hwm=$(sed -n 's/^VmHWM:\s*\([0-9]*\) kB/\1/p' /proc/$pid/status)
kill -TERM $pid
wait $pid
rc=$?
cat /tmp/storm.err
[ $rc = 0 ] || fail "exit $rc"
read -r ups evicted lost_ev seen <<<"$(python3 - /tmp/storm.err <<'PY'
import re, sys
t = open(sys.argv[1]).read()
g = lambda p: int(re.search(p, t).group(1))
print(g(r"upcalls (\d+): installed"), g(r"\(evicted (\d+)\)"), g(r"lost events (\d+) \(ring"),
      g(r"kernel passed the filter: upcalls (\d+)"))
PY
)"
[ "$seen" -ge $N ] || fail "the kernel passed only $seen upcalls of $N"
[ "$evicted" -gt 0 ] || fail "nothing evicted with --max-pending 1000"
[ $((seen - ups)) -le "$lost_ev" ] || fail "$seen upcalls passed, $ups accounted, $lost_ev events lost"
[ "$hwm" -le $BOUND_KB ] || fail "peak RSS ${hwm} kB over ${BOUND_KB} kB"
echo "ok: $seen upcalls: $ups accounted ($evicted evicted over --max-pending), $lost_ev events lost to a full ring; peak RSS $hwm kB"
