#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make bench, guest side (run by scripts/bench/run through scripts/ovs-vm).
# Arguments: N (default 10000; 0 skips the comparison of tools), TOP
# (default 45000; 0 skips the top rate), ROUNDS (default 3), SET (full;
# kprobe: ovs-upcall-trace and the floor with kprobes only, for kernels
# without the module BTF fentry needs; fentry: the same with fentry, for a
# quick comparison of two builds).
# Each round starts every tool in turn, times it to attached, and feeds it
# two bursts of N upcalls (distinct flows, megaflows disabled): one its
# filter takes (from ns1's MAC), one it rejects (from ns2's). Per burst:
# upcalls and lost upcalls from the datapath's counters, how long the
# handlers took to install the flows, and bpf_stats' run_time_ns / run_cnt
# of every program the tool attached. Rounds interleave the tools, so a
# drift of the emulated guest's speed touches all of them alike. Then
# ovs-upcall-trace alone at the highest rate the guest makes, TOP upcalls,
# recorded with --write-events for the host half. Raw figures go to
# $OUT/bench.txt for scripts/bench/report.
. "$REPO/scripts/vm/lib.sh"
cd /tmp

N=${1:-10000}
TOP=${2:-45000}
ROUNDS=${3:-3}
SET=${4:-full}
FAKE_IP=10.99.0.99		# nobody: no replies, so each burst is one-way
FAKE_MAC=52:54:00:00:00:99
RES=$OUT/bench.txt
BENCH=$REPO/scripts/bench
: >"$RES"

# Deep socket buffers for the handlers, made when OVS starts: a burst then
# queues instead of overflowing, and the rate is how fast handlers drain it.
sysctl -qw net.core.rmem_default=$((64 << 20)) net.core.rmem_max=$((64 << 20))
vm_restart_ovs || fail "cannot restart OVS"
# The blaster (and with it the datapath's softirq work: veth receives on
# the sender's CPU) on CPU 0, ovs-vswitchd's threads on CPU 1. bpf_stats
# times a program by the clock, interrupts included: unpinned, the
# datapath's softirq work for the next packets ran inside the handlers'
# recvmsg and flow put programs and was charged to them (up to 20x their
# own cost in this guest), to the empty floor programs hardly at all.
# (A thread that ends while taskset walks them fails it: try again.)
for try in 1 2 3 4 5; do
	taskset -a -p -c 1 "$(pidof ovs-vswitchd)" >/dev/null && break
	[ $try = 5 ] && fail "cannot pin ovs-vswitchd"
	sleep 1
done
sysctl -qw kernel.bpf_stats_enabled=1 || fail "no bpf_stats"
ovs-appctl upcall/disable-megaflows >/dev/null
ns1 ip neigh replace $FAKE_IP lladdr $FAKE_MAC dev eth0
ns2 ip neigh replace $FAKE_IP lladdr $FAKE_MAC dev eth0
send_ping 1 || fail "ping"
# bpftrace's script reads the key at these offsets (full set only: the
# kprobe set is for kernels without the module BTF they come from).
OFFSETS=
[ "$SET" != full ] ||
	OFFSETS="$("$BENCH/btf-offsets" /sys/kernel/btf/openvswitch sw_flow_key eth.src eth.type \
		phy.in_port ip.proto tp ipv4.addr) $("$BENCH/btf-offsets" /sys/kernel/btf/openvswitch \
		dp_upcall_info portid)" || fail "no sw_flow_key offsets"
log "bench: $N upcalls a burst, $ROUNDS rounds ($SET), $TOP at top rate; sw_flow_key offsets $OFFSETS"
echo "config n=$N rounds=$ROUNDS set=$SET kernel=$(uname -r)" >>"$RES"

now_ms() { echo $(($(date +%s%N) / 1000000)); }
flows() { ovs-dpctl show | sed -n 's/^ *flows: *//p'; }
# dp_counter missed|lost: the datapath's upcall counters.
dp_counter() { ovs-dpctl show | sed -n "s/.*$1:\([0-9]*\).*/\1/p"; }
prog_ids() { bpftool -j prog show | python3 -c '
import json, sys
print(" ".join(str(p["id"]) for p in json.load(sys.stdin)))'; }
# prog_stats IDS_BEFORE: "id name run_time_ns run_cnt" of programs not in IDS_BEFORE.
prog_stats() { bpftool -j prog show | python3 -c '
import json, sys
old = set(sys.argv[1].split())
for p in json.load(sys.stdin):
    if str(p["id"]) not in old:
        print(p["id"], p.get("name", "?"), p.get("run_time_ns", 0), p.get("run_cnt", 0))' "$1"; }

TOOL_PID= LAUNCH_PID=
# start_tool NAME CMD...: start it and record the time from launch to its
# "attached" line, as scripts/bench/launch measures it.
start_tool() {
	local name=$1 pat=attached r
	shift
	[ "$name" = none ] && return 0
	case $name in ours-*) pat="tracing upcalls" ;; esac
	rm -f /tmp/launch.txt
	python3 "$BENCH/launch" "$pat" "/tmp/$name.out" "/tmp/$name.err" 1200 "$@" \
		>/tmp/launch.txt 2>/tmp/launch.err &
	LAUNCH_PID=$!
	wait_for 1300 sh -c "[ -s /tmp/launch.txt ] || ! kill -0 $LAUNCH_PID" || fail "launch hung"
	r=$(cat /tmp/launch.txt)
	[ -n "$r" ] || fail "$name did not attach: $(cat /tmp/launch.err; tail -3 "/tmp/$name.err")"
	TOOL_PID=${r% *}
	echo "startup $name $ROUND ${r#* }" >>"$RES"
	log "bench: $name attached in ${r#* } ms"
}

stop_tool() {
	[ -n "$TOOL_PID" ] || return 0
	kill -INT "$TOOL_PID"
	wait "$LAUNCH_PID"
	TOOL_PID= LAUNCH_PID=
}

# burst TOOL CASE NS SPORT FIRST_DPORT COUNT IDS_BEFORE: one burst of round
# $ROUND and its figures.
burst() {
	local tool=$1 case=$2 ns=$3 sport=$4 first=$5 count=$6 ids=$7
	local f0 m0 l0 t0 tsend f last tlast still
	ovs-appctl revalidator/purge >/dev/null
	sleep 1
	f0=$(flows) m0=$(dp_counter missed) l0=$(dp_counter lost)
	prog_stats "$ids" >/tmp/stats0
	t0=$(now_ms)
	tsend=$($ns taskset -c 0 python3 "$BENCH/blast" "$([ "$ns" = ns1 ] && echo $NS1_IP || echo $NS2_IP)" \
		"$sport" $FAKE_IP "$first" "$count")
	# Done when every flow is in, or nothing moved for 3 s (lost upcalls).
	last=$f0 tlast=$t0 still=0
	while :; do
		f=$(flows)
		if [ "$f" != "$last" ]; then
			last=$f tlast=$(now_ms) still=0
		else
			still=$((still + 1))
		fi
		[ "$f" -ge $((f0 + count)) ] && break
		[ $still -ge 30 ] && break
		sleep 0.1
	done
	prog_stats "$ids" >/tmp/stats1
	# Empty again, so the next start and burst do not share the guest's
	# two CPUs with revalidators sweeping thousands of flows.
	ovs-appctl revalidator/purge >/dev/null
	echo "burst $tool $ROUND $case upcalls=$(($(dp_counter missed) - m0)) lost_upcalls=$(($(dp_counter lost) - l0)) flows=$((last - f0)) ms=$((tlast - t0)) send_s=$tsend" >>"$RES"
	python3 -c '
import sys
def load(p):
    return {l.split()[0]: l.split() for l in open(p)}
a, b = load("/tmp/stats0"), load("/tmp/stats1")
for i, r in b.items():
    t0, c0 = (int(a[i][2]), int(a[i][3])) if i in a else (0, 0)
    print("prog", sys.argv[1], sys.argv[2], sys.argv[3], r[1], int(r[2]) - t0, int(r[3]) - c0)' "$tool" "$ROUND" "$case" >>"$RES"
	log "bench: $tool $case: $(tail -n +1 "$RES" | grep "^burst $tool $ROUND $case" | cut -d' ' -f5-)"
}

# prog_sizes TOOL IDS_BEFORE: each new program's translated and JITed
# size and the instructions the verifier walked (bpftool prog show).
prog_sizes() { bpftool -j prog show | python3 -c '
import json, sys
old = set(sys.argv[2].split())
for p in json.load(sys.stdin):
    if str(p["id"]) not in old:
        print("size", sys.argv[1], p.get("name", "?"), p.get("bytes_xlated", 0),
              p.get("bytes_jited", 0), p.get("verified_insns", 0))' "$1" "$2" >>"$RES"; }

# profile_start TOOL IDS_BEFORE SECONDS, profile_end TOOL: bpftool prog profile of the tool's upcall
# program while a burst runs; its output, joined on one line, goes to the results
# whatever it says (an emulated CPU has no PMU: the kernel refuses the events).
PROFILE_PID=
profile_start() {
	local id
	id=$(bpftool -j prog show | python3 -c '
import json, sys
old = set(sys.argv[1].split())
ids = [p["id"] for p in json.load(sys.stdin) if str(p["id"]) not in old and p.get("name", "").endswith("_upcall")]
print(ids[0] if ids else "")' "$2")
	[ -n "$id" ] || return 0
	bpftool prog profile id "$id" duration "$3" cycles instructions >/tmp/profile.txt 2>&1 &
	PROFILE_PID=$!
}
profile_end() {
	[ -n "$PROFILE_PID" ] || return 0
	wait "$PROFILE_PID"
	PROFILE_PID=
	echo "profile $1 $(tr '\n' ' ' </tmp/profile.txt | tr -s ' ')" >>"$RES"
}

# tool NAME SPORT CMD...: start, a taken and a rejected burst, stop.
tool() {
	local name=$1 sport=$2 ids
	shift 2
	ids=$(prog_ids)
	start_tool "$name" "$@"
	if [ "$ROUND" = 1 ] && [ "$name" != none ]; then
		prog_sizes "$name" "$ids"
		[ "$name" != ours-fentry ] && [ "$name" != ours-kprobe ] || profile_start "$name" "$ids" 5
	fi
	# A new source port each round: every burst is flows of its own.
	burst "$name" match ns1 "$((sport + 10 * ROUND))" 10000 "$N" "$ids"
	profile_end "$name"
	burst "$name" reject ns2 "$((sport + 10 * ROUND))" 30000 "$N" "$ids"
	stop_tool
	case $name in ours-*)
		sed -n 's/.*lost events \([0-9]*\) (ring buffer full).*/lost_events '"$name"' \1/p' \
			"/tmp/$name.err" >>"$RES" ;;
	esac
}

# N=0 records only the top rate (tests/bench/top-6.12.ev.xz was made so).
if [ "$N" -gt 0 ]; then
	FLOOR=("$REPO/.output/bench/floor-load" "$REPO/.output/bench_floor.bpf.o")
	for ((ROUND = 1; ROUND <= ROUNDS; ROUND++)); do
		log "bench: round $ROUND of $ROUNDS"
		tool none 4001
		if [ "$SET" != fentry ]; then
			tool ours-kprobe 4003 "$TRACER" --probe kprobe
			tool floor-kprobe 4005 "${FLOOR[@]}" kprobe
		fi
		[ "$SET" != kprobe ] || continue
		tool ours-fentry 4002 "$TRACER" --probe fentry
		tool floor-fentry 4004 "${FLOOR[@]}" fentry
		[ "$SET" = full ] || continue
		# What each option costs, on the fentry build.
		tool ours-pcap 4006 "$TRACER" --probe fentry -w /tmp/bench.pcapng --overwrite
		tool ours-expr 4007 "$TRACER" --probe fentry udp
		tool ours-lifecycle 4008 "$TRACER" --probe fentry --lifecycle
	done
	if [ "$SET" = full ]; then
		ROUND=1
		# shellcheck disable=SC2086 # the offsets are seven words
		BPFTRACE_STRLEN=160 tool bpftrace 4009 bpftrace -B line "$BENCH/upcalls.bt" 0x${NS1_MAC//:/} 0x0800 $OFFSETS
		# bpftrace reports each perf-buffer loss as a line "Lost N events".
		sed -n 's/^Lost \([0-9]*\) events.*/lost_events bpftrace \1/p' /tmp/bpftrace.err /tmp/bpftrace.out >>"$RES"
		grep '^upcall ' /tmp/bpftrace.out | grep -q "10.99.0.1 -> $FAKE_IP proto 17" ||
			fail "bpftrace read the key wrong: $(grep -m1 '^upcall ' /tmp/bpftrace.out)"
		echo "bpftrace_lines upcall $(grep -c '^upcall ' /tmp/bpftrace.out) put $(grep -c '^put ' /tmp/bpftrace.out)" >>"$RES"
	fi
fi

# The highest rate: ovs-upcall-trace (auto) recording what it sees.
if [ "$TOP" -gt 0 ]; then
	ROUND=1
	ids=$(prog_ids)
	start_tool ours-top "$TRACER" --write-events "$OUT/bench.ev" --overwrite
	burst ours-top top ns1 4010 20000 "$TOP" "$ids"
	stop_tool
	sed -n 's/.*lost events \([0-9]*\) (ring buffer full).*/lost_events ours-top \1/p' /tmp/ours-top.err >>"$RES"
	sed -n 's/.*recorded \([0-9]*\) events.*/recorded_events \1/p' /tmp/ours-top.err >>"$RES"
fi
cp /tmp/*.err "$OUT/" 2>/dev/null
log "bench: done"
