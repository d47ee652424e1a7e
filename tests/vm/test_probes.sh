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

# one KIND: trace 20 distinct UDP flows (megaflows off) with --probe KIND.
one() {
	local kind=$1
	vm_reset
	ovs-appctl upcall/disable-megaflows >/dev/null
	local t0=$SECONDS
	tracer_start "p-$kind" --json --probe "$kind" --lifecycle || fail "--probe $kind did not start"
	log "--probe $kind: attached in $((SECONDS - t0)) s"
	grep -q "with $kind probes" "/tmp/p-$kind.err" || fail "--probe $kind: start line $(cat /tmp/p-$kind.err)"
	kind_links >"$ART/links-$kind.txt"
	# One fixed source port: the exact-match keys must be the same both runs.
	ns1 python3 -c "
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(('$NS1_IP', 4300))
for p in range(7300, 7320):
    s.sendto(b'x', ('$NS2_IP', p))"
	log "--probe $kind: sent"
	wait_for 30 sh -c "[ \$(grep -c '\"verdict\":\"installed\"' /tmp/p-$kind.out) -ge 20 ]" ||
		fail "--probe $kind: $(grep -c '"verdict":"installed"' /tmp/p-$kind.out) of 20 flows"
	# A flush ends every traced flow: the lifecycle hooks fire on this kind.
	ovs-appctl dpctl/del-flows >/dev/null
	wait_for 10 grep -q '"reason":"flush"' "/tmp/p-$kind.out" ||
		fail "--probe $kind --lifecycle: no flow_del after a flush"
	tracer_stop || fail "--probe $kind exited $?"
	tracer_nothing_lost || fail "--probe $kind lost or cut events: $(tail -2 /tmp/p-$kind.err)"
	flows_of "/tmp/p-$kind.out" >"$ART/flows-$kind.txt"
	log "--probe $kind: $(wc -l <"$ART/flows-$kind.txt") flows; links: $(cat "$ART/links-$kind.txt")"
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
	grep -q "perf_event\|kprobe" "$ART/links-fentry.txt" && fail "fentry: kprobe links too"
	diff "$ART/flows-fentry.txt" "$ART/flows-kprobe.txt" >&2 || fail "fentry and kprobe saw different flows"
else
	"$TRACER" --probe fentry >/tmp/nofe.out 2>/tmp/nofe.err
	rc=$?
	[ $rc = 2 ] && [ "$(wc -l </tmp/nofe.err)" = 1 ] && grep -q "needs the kernel's own BTF of openvswitch" /tmp/nofe.err ||
		fail "--probe fentry without module BTF: exit $rc: $(cat /tmp/nofe.err)"
fi
# Nothing stays behind either way.
[ -z "$(bpftool -j link show | python3 -c 'import json,sys; print(json.load(sys.stdin) or "")')" ] ||
	fail "links left: $(bpftool link show)"

[ -z "$(bpftool -j perf show | python3 -c 'import json,sys; print(json.load(sys.stdin) or "")')" ] ||
	fail "kprobes left: $(bpftool perf show)"

if [ $want = fentry ]; then
	echo "ok: auto picks fentry; fentry and kprobe attach their own kind and report the same 20 flows"
else
	echo "ok: no module BTF: auto picks kprobes with $btf; --probe fentry refused in one line; 20 flows"
fi
