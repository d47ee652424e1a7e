#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# --probe: auto takes fentry/fexit where the kernel has the openvswitch
# module's BTF, kprobes with a BTF file where it has not (5.10); fentry and
# kprobe each attach what they say (fentry/fexit links, kprobes, nothing of
# the other) and report the same flows, byte for byte in key and actions,
# for the same traffic; --lifecycle works on both. Without module BTF,
# --probe fentry is refused in one line. (test_trace runs its IPv4 and burst
# scenarios with --probe kprobe; every other test runs the default, auto.)
# vm-set: core
. "$REPO/scripts/vm/lib.sh"
cd /tmp

# kind_links: what the running tracer has attached: BPF links from bpftool's
# view, and kprobes from its perf view (kernels before 5.15 attach kprobes
# without a BPF link).
kind_links() {
	{
		bpftool -j link show
		bpftool -j perf show
	} | python3 -c '
import json, sys
kinds = set()
for doc in sys.stdin.read().split("\n"):
    for l in json.loads(doc) if doc.strip() else []:
        if "type" in l:
            kinds.add(l["type"] + ":" + str(l.get("attach_type", "")))
        elif l.get("fd_type", "").startswith("k"):
            kinds.add("perf:" + l["fd_type"])
print(" ".join(sorted(kinds)))'
}

# flows_of FILE: "dport key actions" of each installed flow, sorted.
flows_of() { python3 -c '
import json, sys
rows = set()
for l in open(sys.argv[1]):
    r = json.loads(l)
    if r["type"] == "flow" and r["verdict"] == "installed":
        rows.add("%s %s actions:%s" % (r["dport"], r["key"], r["actions"]))
print("\n".join(sorted(rows)))' "$1"; }

# one KIND [NAME ARGS...]: trace 20 distinct UDP flows (megaflows off) with
# --probe KIND and ARGS; its files are named NAME (default KIND).
one() {
	local kind=$1 name=${2:-$1}
	shift $(($# < 2 ? $# : 2))
	vm_reset
	ovs-appctl upcall/disable-megaflows >/dev/null
	local t0=$SECONDS
	tracer_start "p-$name" --json --probe "$kind" --lifecycle "$@" || fail "--probe $name did not start"
	log "--probe $name: attached in $((SECONDS - t0)) s"
	grep -q "with $kind probes" "/tmp/p-$name.err" || fail "--probe $name: start line $(cat /tmp/p-$name.err)"
	kind_links >"$ART/links-$name.txt"
	bpftool prog show | grep -o ' name [a-z_]*unicast[a-z_]*' >"$ART/unicast-$name.txt"
	bpftool -j map show | python3 -c '
import json, sys
print(" ".join("%s:%d" % (m["name"], m["max_entries"]) for m in json.load(sys.stdin)
               if m.get("name") in ("queued_msgs", "queued_slots")))' >"$ART/queued-$name.txt"
	# One fixed source port: the exact-match keys must be the same both runs.
	ns1 python3 -c "
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(('$NS1_IP', 4300))
for p in range(7300, 7320):
    s.sendto(b'x', ('$NS2_IP', p))"
	log "--probe $name: sent"
	wait_for 30 sh -c "[ \$(grep -c '\"verdict\":\"installed\"' /tmp/p-$name.out) -ge 20 ]" ||
		fail "--probe $name: $(grep -c '"verdict":"installed"' /tmp/p-$name.out) of 20 flows"
	# A flush ends every traced flow: the lifecycle hooks fire on this kind.
	ovs-appctl dpctl/del-flows >/dev/null
	wait_for 10 grep -q '"reason":"flush"' "/tmp/p-$name.out" ||
		fail "--probe $name --lifecycle: no flow_del after a flush"
	tracer_stop || fail "--probe $name exited $?"
	tracer_nothing_lost || fail "--probe $name lost or cut events: $(tail -2 /tmp/p-$name.err)"
	flows_of "/tmp/p-$name.out" >"$ART/flows-$name.txt"
	log "--probe $name: $(wc -l <"$ART/flows-$name.txt") flows; links: $(cat "$ART/links-$name.txt")"
}

if vm_module_btf; then
	want=fentry
else
	want=kprobe
	btf=$OVS_UPCALL_TRACE_BTF_DIR/$(uname -r).btf
	[ -s "$btf" ] || fail "no module BTF and no BTF file $btf"
fi
tracer_start auto --json || fail "auto did not start"
grep -q "with $want probes" /tmp/auto.err || fail "auto did not pick $want: $(cat /tmp/auto.err)"
if [ $want = kprobe ]; then
	grep -q "(openvswitch types from $btf)" /tmp/auto.err || fail "auto: no BTF file named: $(cat /tmp/auto.err)"
fi
tracer_stop || fail "auto exited $?"

one kprobe
grep -q "tracing" "$ART/links-kprobe.txt" && fail "kprobe: tracing links too"
grep -q "perf_event\|kprobe" "$ART/links-kprobe.txt" || fail "kprobe: no kprobe link"
[ "$(wc -l <"$ART/flows-kprobe.txt")" -ge 20 ] || fail "kprobe: fewer than 20 distinct flows"
if [ $want = fentry ]; then
	one fentry
	grep -q "tracing:trace_fentry" "$ART/links-fentry.txt" || fail "fentry: no fentry link"
	grep -q "tracing:trace_fexit" "$ART/links-fentry.txt" || fail "fentry: no fexit link"
	# A kernel that preempts tasks in it (7.x: lazy) would skip an fentry
	# program preempted mid-run on every other run of it on that CPU: the
	# hooks that run in tasks take kprobes there, and the start line says so.
	model=$(sed -n 's/.*(\([a-z]*\)).*/\1/p' /sys/kernel/debug/sched/preempt 2>/dev/null)
	case $model in
	none | voluntary)
		grep -q "perf_event\|kprobe" "$ART/links-fentry.txt" && fail "fentry: kprobe links too"
		grep -q "kprobes where the hook runs in a task" /tmp/p-fentry.err && fail "fentry: mixed on $model" ;;
	*)
		grep -q "perf:kprobe" "$ART/links-fentry.txt" || fail "fentry on a $model kernel: no kprobes for the task hooks"
		grep -q "with fentry probes (kprobes where the hook runs in a task: this kernel preempts tasks, preemption $model)" /tmp/p-fentry.err ||
			fail "fentry on a $model kernel: $(cat /tmp/p-fentry.err)" ;;
	esac
	diff "$ART/flows-fentry.txt" "$ART/flows-kprobe.txt" >&2 || fail "fentry and kprobe saw different flows"
else
	# make-btf --min: the types this build's object reads, cut by ovs-vm
	# on the host (a guest root's bpftool may predate gen min_core_btf)
	# from the standalone BTF of the kernel and module; the same flows as
	# with the split file.
	[ -s "$OUT/min.btf" ] || fail "ovs-vm cut no min_core_btf file for $VM_KVER"
	cp "$OUT/min.btf" /tmp/min.btf
	one kprobe min --btf /tmp/min.btf
	grep -q "(openvswitch types from /tmp/min.btf)" /tmp/p-min.err || fail "--btf min: $(cat /tmp/p-min.err)"
	diff "$ART/flows-kprobe.txt" "$ART/flows-min.txt" >&2 || fail "the minimized BTF file gave other flows"
	log "min_core_btf: $(stat -c %s /tmp/min.btf) bytes, from $(stat -c %s "${btf%.btf}.full.btf")"
	"$TRACER" --probe fentry >/tmp/nofe.out 2>/tmp/nofe.err
	rc=$?
	[ $rc = 2 ] && [ "$(wc -l </tmp/nofe.err)" = 1 ] && grep -q "needs the kernel's own BTF of openvswitch" /tmp/nofe.err ||
		fail "--probe fentry without module BTF: exit $rc: $(cat /tmp/nofe.err)"
fi
# The table of queued messages: slots claimed with cmpxchg from 5.12, which
# 5.10's verifier refuses; there the hash map. The unused one has 1 entry.
# (Under fentry a preempting kernel hooks netlink_unicast with a kprobe.)
case $(uname -r) in
5.[0-9].* | 5.1[01].*) unicast=unicast queued="queued_msgs:65536 queued_slots:1" ;;
*) unicast=unicast_cas queued="queued_msgs:1 queued_slots:16384" ;;
esac
for f in "$ART"/unicast-*.txt; do
	[[ $(cat "$f") =~ ^\ name\ (kp|fe)_$unicast$ ]] || fail "$f: unicast programs $(xargs <"$f"), want one *_$unicast"
done
[ "$(tr ' ' '\n' <"$ART/queued-kprobe.txt" | sort | xargs)" = "$queued" ] ||
	fail "queued-message tables $(cat "$ART/queued-kprobe.txt"), want $queued"
log "unicast programs: $(cat "$ART"/unicast-*.txt | xargs); tables: $(cat "$ART/queued-kprobe.txt")"
# Nothing stays behind either way.
[ -z "$(bpftool -j link show | python3 -c 'import json,sys; print(json.load(sys.stdin) or "")')" ] ||
	fail "links left: $(bpftool link show)"

[ -z "$(bpftool -j perf show | python3 -c 'import json,sys; print(json.load(sys.stdin) or "")')" ] ||
	fail "kprobes left: $(bpftool perf show)"

if [ $want = fentry ]; then
	echo "ok: auto picks fentry; fentry and kprobe attach their own kind and report the same 20 flows"
else
	echo "ok: no module BTF: auto picks kprobes with $btf; a make-btf --min file ($(stat -c %s /tmp/min.btf) bytes) gives the same 20 flows; --probe fentry refused in one line"
fi
