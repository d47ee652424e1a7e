#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Least privilege, clean exits and hostile names: once attached the tracer
# keeps only CAP_BPF; after SIGINT, SIGTERM, SIGPIPE and SIGKILL none of its
# BPF programs, links or kprobes remain; an interface name with a terminal
# escape sequence, a quote and a backslash is escaped in text and JSON.
. "$REPO/scripts/vm/lib.sh"
cd /tmp
ours() { bpftool prog show 2>/dev/null | grep -cE '(kp|fe|fx)_(upcall|unicast|recvmsg|flow_)'; }
# fentry (the default): upcall entry and exit, unicast, recvmsg, and one fexit for
# the flow put.
NPROGS=5
links() { bpftool link show 2>/dev/null | grep -c 'prog '; }
kprobes() { grep -c 'ovs_\|netlink_recvmsg\|netlink_unicast' /sys/kernel/tracing/kprobe_events 2>/dev/null || true; }
clean() {	# clean WHAT: nothing of ours left in the kernel
	wait_for 5 sh -c "[ \$(bpftool prog show 2>/dev/null | grep -cE '(kp|fe|fx)_(upcall|unicast|recvmsg|flow_)') = 0 ]" ||
		fail "$1: BPF programs left: $(bpftool prog show)"
	[ "$(links)" = "$links0" ] || fail "$1: BPF links left: $(bpftool link show)"
	[ "$(kprobes)" = 0 ] || fail "$1: kprobe events left: $(cat /sys/kernel/tracing/kprobe_events)"
	echo "ok: clean after $1"
}
links0=$(links)
[ "$(ours)" = 0 ] || fail "programs of ours before the test"

# Capabilities once attached, and it still works.
tracer_start caps || fail "start"
[ "$(ours)" -ge $NPROGS ] || fail "programs not loaded: $(bpftool prog show)"
eff=$(sed -n 's/^CapEff:\t//p' /proc/$TRACER_PID/status)
bnd=$(sed -n 's/^CapBnd:\t//p' /proc/$TRACER_PID/status)
nnp=$(sed -n 's/^NoNewPrivs:\t//p' /proc/$TRACER_PID/status)
[ "$eff" = 0000008000000000 ] && [ "$bnd" = 0000008000000000 ] && [ "$nnp" = 1 ] ||
	fail "capabilities after attach: CapEff $eff CapBnd $bnd NoNewPrivs $nnp"
send_ping 1 || fail "ping"
sleep 1
tracer_stop || fail "exit $?"
grep -q " flow dev=v1 " /tmp/caps.out || fail "no flow with dropped capabilities"
grep -q "; lost events 0 (ring buffer full)" /tmp/caps.err || fail "counters unreadable: $(cat /tmp/caps.err)"
echo "ok: CapEff=$eff (CAP_BPF only), still tracing"
clean SIGTERM

for sig in INT KILL; do
	tracer_start sig$sig || fail "start"
	kill -$sig "$TRACER_PID"
	wait "$TRACER_PID" 2>/dev/null
	clean SIG$sig
done
( "$TRACER" 2>/dev/null | head -n 1 >/dev/null ) &
wait_for 30 sh -c "[ \$(bpftool prog show 2>/dev/null | grep -cE '(kp|fe|fx)_(upcall|unicast|recvmsg|flow_)') -ge $NPROGS ]" || fail "pipe tracer did not start"
sleep 1
ovs-appctl revalidator/purge	# a fresh upcall, for head's one line
send_ping 1
wait_for 10 sh -c "[ \$(bpftool prog show 2>/dev/null | grep -cE '(kp|fe|fx)_(upcall|unicast|recvmsg|flow_)') = 0 ]" || fail "still attached after head"
clean SIGPIPE

# A hostile interface name: ESC [2J (clear screen), a quote, a backslash.
name=$'e\e[2J"\\'
ip netns add ns3
ip link add "$name" type veth peer name eth0 netns ns3 || fail "veth with escape"
ip -n ns3 link set eth0 address 52:54:00:39:89:fe
ip -n ns3 addr add 10.99.0.3/24 dev eth0
ip -n ns3 link set eth0 up
ip link set "$name" up
ovs-vsctl add-port br0 "$name" || fail "add-port"
tracer_start esc --eth-src 52:54:00:39:89:fe || fail "start"
"$TRACER" --json --eth-src 52:54:00:39:89:fe >/tmp/esc.json 2>/tmp/esc-json.err &
jp=$!
wait_for 60 grep -q "tracing upcalls" /tmp/esc-json.err || fail "JSON tracer did not start: $(cat /tmp/esc-json.err)"
ip netns exec ns3 ping -c 1 -W 2 "$NS2_IP" >/dev/null || fail "ping from ns3"
sleep 1
kill -TERM $jp
wait $jp
tracer_stop || fail "exit $?"
ovs-vsctl del-port br0 "$name"
ip netns del ns3
grep -q $'\e' /tmp/esc.out /tmp/esc.json && fail "raw ESC written: $(cat -v /tmp/esc.out)"
grep -qF 'dev=e\x1b[2J"\x5c ' /tmp/esc.out || fail "text escaping: $(cat -v /tmp/esc.out)"
python3 - /tmp/esc.json "$name" <<'PY' || fail "JSON escaping"
import json, sys
recs = [r for r in map(json.loads, open(sys.argv[1])) if r["type"] == "flow"]
assert recs and recs[0]["dev"] == sys.argv[2], recs
print("ok: JSON dev decodes back to %r" % recs[0]["dev"])
PY
echo "ok: hostile interface name escaped: $(grep -o 'dev=[^ ]*' /tmp/esc.out | head -1)"
