#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Faults during a trace: ovs-vswitchd restarted (new process, threads and
# sockets: the trace goes on correlating); the ring buffer overflowed with
# a tiny --ringbuf-size (every lost event counted and shown); the
# openvswitch module removed while tracing with kprobes (noticed within a
# second, one line, exit 4); with fentry, the module cannot be removed. It reloads the module and restarts OVS at the end, so the
# tests after it run on a fresh datapath.
. "$REPO/scripts/vm/lib.sh"
cd /tmp

# --- ovs-vswitchd restarted mid-trace --------------------------------------
tracer_start restart --json || fail "start"
send_ping 1 || fail "ping before"
old=$(cat "$OVS_RUNDIR/ovs-vswitchd.pid")
vm_restart_ovs || fail "ovs-vswitchd did not come back"
new=$(cat "$OVS_RUNDIR/ovs-vswitchd.pid")
[ "$old" != "$new" ] || fail "same ovs-vswitchd"
ovs-vsctl set Open_vSwitch . other_config:max-idle=120000
wait_uptime 0
sleep 2
ovs-appctl revalidator/purge
n0=$(wc -l </tmp/restart.out)
send_ping 1 || fail "ping after restart"
send_udp 7005 || fail "udp after restart"
sleep 2
tracer_stop || fail "exit $?"
tail -n +$((n0 + 1)) /tmp/restart.out | grep -v histogram >/tmp/after.json
python3 - /tmp/after.json "$new" <<'PY' || fail "no correlation after ovs-vswitchd restart"
import json, os, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
tids = set(int(t) for t in os.listdir("/proc/%s/task" % sys.argv[2]))
flows = [r for r in recs if r["type"] == "flow"]
assert flows, recs
assert all(r["verdict"] == "installed" and r["handler_tid"] in tids for r in flows), (flows, tids)
assert not [r for r in recs if r["type"] in ("noflow", "put")], recs
print("ok: %d flows correlated with the new ovs-vswitchd's handlers %s" % (len(flows), sorted({r["handler_comm"] for r in flows})))
PY

# --- ring buffer overflow --------------------------------------------------
ovs-appctl upcall/disable-megaflows >/dev/null
tracer_start tiny --json --ringbuf-size 4096 || fail "start"
ns1 bash -c "for p in {40000..40299}; do echo x >/dev/udp/$NS2_IP/\$p; done"
sleep 5
tracer_stop || fail "exit $? with a full ring"
cat /tmp/tiny.err
# Per event type, exactly: records shown + records lost = events made.
# by_type NAME: the count of NAME in "lost events by type: upcalls N, ...;"
by_type() { sed -n "s/^ovs-upcall-trace: lost events by type: \([^;]*\);.*/, \1,/p" /tmp/tiny.err |
	sed -n "s/.*, $1 \([0-9][0-9]*\),.*/\1/p"; }
lost=$(sed -n 's/.*; lost events \([0-9][0-9]*\) (ring buffer full).*/\1/p' /tmp/tiny.err)
seen=$(sed -n 's/.*kernel passed the filter: upcalls \([0-9][0-9]*\),.*/\1/p' /tmp/tiny.err)
puts_seen=$(sed -n 's/.*kernel passed the filter: upcalls [0-9]*, flow puts \([0-9][0-9]*\);.*/\1/p' /tmp/tiny.err)
puts_got=$(sed -n 's/.*; flow puts \([0-9][0-9]*\) (failed.*/\1/p' /tmp/tiny.err)
lost_up=$(by_type upcalls)
lost_put=$(by_type "flow puts")
lost_read=$(by_type reads)
reads_seen=$(sed -n 's/.*; upcall reads \([0-9][0-9]*\) seen in the kernel.*/\1/p' /tmp/tiny.err)
reads_got=$(sed -n 's/.* seen in the kernel, \([0-9][0-9]*\) received.*/\1/p' /tmp/tiny.err)
got=$(grep -c '"upcall":"miss"' /tmp/tiny.out)
[ "${lost:-0}" -gt 0 ] || fail "a 4 KiB ring lost nothing: cannot test"
[ "$seen" = 300 ] || fail "kernel saw $seen upcalls, sent 300"
[ $((got + lost_up)) = 300 ] || fail "$got upcalls shown + $lost_up lost != 300 sent"
[ $((puts_got + lost_put)) = "$puts_seen" ] || fail "$puts_got puts shown + $lost_put lost != $puts_seen made"
[ $((reads_got + lost_read)) = "$reads_seen" ] || fail "$reads_got reads received + $lost_read lost != $reads_seen made"
echo "ok: 4 KiB ring: 300 upcalls = $got shown + $lost_up lost; $puts_seen puts = $puts_got + $lost_put lost; $reads_seen reads = $reads_got + $lost_read lost; $lost events lost in all"
ovs-appctl upcall/enable-megaflows >/dev/null

# --- module removed while tracing ------------------------------------------
# fentry programs hold a reference on the module they trace: while they are
# attached, rmmod fails ("in use") and the trace goes on; kprobes do not.
# (No fentry without the kernel's module BTF: 5.10 checks kprobes only.)
ovs-appctl -t ovs-vswitchd exit --cleanup
wait_for 10 sh -c "! pidof ovs-vswitchd" || fail "ovs-vswitchd did not exit"
ovs-dpctl del-dp ovs-system 2>/dev/null
if vm_module_btf; then
	tracer_start pinned || fail "start"
	grep -q "with fentry probes" /tmp/pinned.err || fail "auto did not pick fentry"
	rmmod openvswitch 2>/tmp/rmmod.err && fail "openvswitch unloaded under fentry probes"
	kill -0 "$TRACER_PID" || fail "tracer died when rmmod failed"
	tracer_stop || fail "exit $? after a refused rmmod"
	echo "ok: fentry pins the module: $(cat /tmp/rmmod.err)"
fi

tracer_start gone --probe kprobe || fail "start"
wait_for 10 rmmod openvswitch || fail "cannot unload openvswitch: $(lsmod | grep openvswitch)"
t0=$(date +%s%N)
wait_for 10 sh -c "! kill -0 $TRACER_PID 2>/dev/null" || fail "tracer still running without the module"
ms=$((($(date +%s%N) - t0) / 1000000))
tracer_stop
rc=$?
[ $rc = 4 ] || fail "exit $rc after the module went, want 4"
grep -q "^ovs-upcall-trace: the openvswitch module was removed while tracing; stopping$" /tmp/gone.err ||
	fail "message: $(cat /tmp/gone.err)"
[ $ms -le 2000 ] || fail "noticed after ${ms} ms"
echo "ok: module removal noticed in ${ms} ms, exit 4"
vm_load_openvswitch || fail "reload openvswitch"
vm_restart_ovs || fail "OVS did not come back"
