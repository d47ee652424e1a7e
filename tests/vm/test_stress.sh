#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Backlog stress: per round, ovs-vswitchd is frozen while both CPUs of ns1
# send >= 1000 distinct UDP flows, then resumed; once it has worked off the
# backlog every upcall must be accounted for exactly, as equalities: one
# record per datagram; lost records = growth of ovs-dpctl show's lost:;
# every burst megaflow in dump-flows has exactly one "installed" record
# with its key and actions text, covering that upcall; every other upcall
# that reached ovs-vswitchd is "shared" or EEXIST under a key covering it;
# no noflow, no unmatched put, no event lost; the summary agrees. Rounds
# cycle through three modes: a tp_dst rule whose port trie widens
# megaflows over many ports (most puts EEXIST), full-size datagrams that
# overflow the handler sockets, and megaflows disabled (a flow per packet).
# Each round has a fresh tracer (kprobes in rounds 2, 6, 10, fentry in the
# others, kprobes in all where the kernel has no module BTF; started after the freeze in odd rounds but the first, before it
# in the others) and keeps ovs-vswitchd frozen FREEZE s;
# even rounds and the last LONG_FREEZE s, longer than the tracer's 5 s
# --timeout (an upcall queued behind a frozen handler is late, not
# flowless), so six rounds run every mode both short and long.
#
# Run by suite.sh, or alone (make stress): scripts/ovs-vm tests/vm/test_stress.sh [ROUNDS]
# vm-set: core
. "$REPO/scripts/vm/lib.sh"
cd /tmp
ROUNDS=${1:-${ROUNDS:-3}}
N=${N:-1200}                    # datagrams per round, half from each CPU
N_BIG=${N_BIG:-4800}            # the same for full-size datagrams
FREEZE=${FREEZE:-1}             # seconds ovs-vswitchd stays frozen
LONG_FREEZE=${LONG_FREEZE:-7}   # the same in even rounds and the last
DST=10.99.0.99
DST_MAC=52:54:00:00:00:99
STRESS="python3 $REPO/tests/vm/stress_check.py"
SEND="python3 -S $REPO/tests/vm/stress_check.py send"
vswitchd=$(cat "$OVS_RUNDIR/ovs-vswitchd.pid")
: "${ART:=$OUT/art}"		# not under suite.sh: straight to the results
mkdir -p "$ART"

lost_counter() { ovs-dpctl show | sed -n 's/.*lost:\([0-9]*\).*/\1/p'; }
# Upcalls a handler did not install a flow for because the datapath held
# ovs-vswitchd's flow limit (a limit it lowers itself when revalidation
# runs slow: seen in CI on trixie, 24 of a round's 1200). Coverage counts
# reach the total when the thread that counted them next polls, at most
# once a second: hit_counter first wakes both CPUs' handlers, twice, with
# pings; with the datapath's flows purged first, so that the pings' own
# upcalls are under the limit and count no hit.
hit_counter() {
	local i c
	ovs-appctl revalidator/purge >/dev/null
	for i in 1 2; do
		sleep 1.1
		for c in 0 1; do
			ns1 taskset -c $c ping -c 1 -W 1 -q "$NS2_IP" >/dev/null 2>&1
		done
	done
	ovs-appctl coverage/show | sed -n 's/^upcall_flow_limit_hit .*total: \([0-9]*\)$/\1/p' | grep . || echo 0
}
now_ms() { echo $(($(date +%s%N) / 1000000)); }
burst_flows() { dump_flows | grep -c "dst=$DST_MAC" ; }
# Bytes waiting in generic netlink sockets: ovs-vswitchd's handler queues.
queued() { awk 'NR > 1 && $2 == 16 { s += $5 } END { print s + 0 }' /proc/net/netlink; }
# The backlog is handled once the queues are empty and the tracer has
# printed nothing new for a second.
handled() {
	local before
	before=$(wc -l <"/tmp/$TRACER_NAME.out")
	sleep 1
	[ "$(queued)" = 0 ] && [ "$(wc -l <"/tmp/$TRACER_NAME.out")" = "$before" ]
}

# set_mode MODE: the OpenFlow table and megaflow setting of a mode, an
# empty datapath, and what to send: count, size, first port, port step.
set_mode() {
	ovs-ofctl del-flows br0 && ovs-ofctl add-flow br0 priority=0,actions=NORMAL || return 1
	case $1 in
	exact)
		ovs-appctl upcall/disable-megaflows >/dev/null || return 1
		desc="megaflows off, exact" count=$N size=1 first=10000 step=1 ;;
	trie)
		ovs-appctl upcall/enable-megaflows >/dev/null || return 1
		ovs-ofctl add-flow br0 "priority=100,udp,tp_dst=9,actions=drop" || return 1
		desc="megaflows, trie" count=$N size=1 first=10 step=53 ;;
	overflow)
		ovs-appctl upcall/enable-megaflows >/dev/null || return 1
		desc="megaflows, overflow" count=$N_BIG size=1400 first=20000 step=1 ;;
	esac
	ovs-appctl revalidator/purge >/dev/null && ovs-dpctl del-flows
}

# A destination nobody answers: no replies (nor ARP) join the burst.
ip -n ns1 neigh replace $DST lladdr $DST_MAC dev eth0 nud permanent
# ns1's MAC learned now: learning it from a burst makes the revalidators
# recheck every flow (rev_mac_learning), which in this slow guest once
# deleted the never-hit burst flows before they were dumped.
echo x | ns1 socat -u - "UDP-SENDTO:$DST:1"
sleep 1
# Whatever happens, ovs-vswitchd runs on and no sender waits forever.
trap 'kill -CONT "$vswitchd" 2>/dev/null; touch /tmp/stress.go' EXIT
modes=(trie overflow exact)
good=0
for ((round = 1; round <= ROUNDS; round++)); do
	mode=${modes[(round - 1) % 3]}
	set_mode "$mode" || fail "round $round: cannot set up mode $mode"
	label="round $round ($desc)"
	[ "$(burst_flows)" = 0 ] || fail "$label: burst flows left from before"
	name=stress$round
	freeze=$FREEZE
	[ $((round % 2)) = 0 ] || [ "$round" = "$ROUNDS" ] && freeze=$LONG_FREEZE
	# The senders set up while the tracer loads, then wait for the go.
	ts=$(now_ms)
	rm -f /tmp/stress.go /tmp/stress.ready.*
	for cpu in 0 1; do
		ns1 taskset -c $cpu $SEND $DST "$first" "$step" $((count / 2)) $cpu "$size" &
		senders[cpu]=$!
	done
	# Odd rounds after the first start the tracer once ovs-vswitchd is
	# frozen (its handlers stopped mid-wait), the others before.
	# Rounds 2, 6, 10 trace with kprobes, the others with fentry.
	late=0 probe=fentry
	[ $((round % 2)) = 1 ] && [ "$round" -gt 1 ] && late=1
	[ $((round % 4)) = 2 ] && probe=kprobe
	vm_module_btf || probe=kprobe
	targs=(--json --probe $probe --ringbuf-size 67108864 --write-events "/tmp/$name.ev")
	# Its pings must come before the tracer starts: they are not the burst.
	hits_before=$(hit_counter)
	[ $late = 1 ] || tracer_start "$name" "${targs[@]}" || fail "$label: tracer did not start"
	wait_for 60 test -e /tmp/stress.ready.0 -a -e /tmp/stress.ready.1 || fail "$label: senders not ready"
	before=$(lost_counter)
	kill -STOP "$vswitchd"
	[ $late = 0 ] || tracer_start "$name" "${targs[@]}" || fail "$label: tracer did not start"
	tu=$(now_ms)
	label="$label, $probe, tracer started $([ $late = 1 ] && echo after || echo before) the freeze"
	t0=$(now_ms)
	touch /tmp/stress.go
	wait "${senders[0]}" && wait "${senders[1]}" || fail "$label: a sender failed"
	t1=$(now_ms)
	left=$((freeze * 1000 - (t1 - t0)))
	[ $left -le 0 ] || sleep "$((left / 1000)).$(printf %03d $((left % 1000)))"
	t2=$(now_ms)
	kill -CONT "$vswitchd"
	wait_for 20 handled || log "$label: backlog still not handled"
	t3=$(now_ms)
	dump_flows >"/tmp/$name.dump"
	growth=$(($(lost_counter) - before))
	tracer_stop || fail "$label: tracer exited $?"
	t4=$(now_ms)
	hits=$(($(hit_counter) - hits_before))
	log "$label: tracer up after $((tu - ts)) ms, burst after $((t0 - ts)) ms, sent in $((t1 - t0)) ms, frozen $((t2 - t0)) ms, backlog handled $((t3 - t2)) ms after resuming, tracer stopped in $((t4 - t3)) ms"
	exact=1
	$STRESS check --trace "/tmp/$name.out" --err "/tmp/$name.err" --dump "/tmp/$name.dump" \
		--dst $DST --dst-mac $DST_MAC --sent "$count" --lost "$growth" --flow-limit-hits "$hits" --label "$label" || exact=0
	tracer_nothing_lost || { exact=0; echo "  the tracer lost or cut events"; }
	if [ $exact = 1 ]; then
		good=$((good + 1))
	else
		grep '^ovs-upcall-trace:' "/tmp/$name.err"
		{ ovs-appctl upcall/show; ovs-appctl coverage/show; } >"$ART/$name.ovs.txt" 2>&1
		cp "/tmp/$name.ev" "/tmp/$name.dump" "$ART/"
	fi
	rm -f "/tmp/$name.ev"
done
echo "stress: $good/$ROUNDS rounds exact"
[ "$good" = "$ROUNDS" ] || fail "$((ROUNDS - good)) of $ROUNDS rounds not exact"
