#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# --lifecycle: a traced megaflow's end and changes, correlated by UFID with
# the install: deleted by UFID (with its final stats), flushed by
# `ovs-appctl dpctl/del-flows` (and not by a flush of another datapath),
# aged out by the revalidator (max-idle), its actions replaced after an
# OpenFlow change (and not by a mod-flow the kernel refused); then the
# kernel's table of traced UFIDs overflowed: every flow's end is either
# reported or counted as evicted.
# vm-set: core
. "$REPO/scripts/vm/lib.sh"
cd /tmp
ufid_of() {	# ufid_of DPORT: the UFID of the traced flow for UDP dport
	python3 -c "
import json, sys
for l in open('/tmp/life.out'):
    r = json.loads(l)
    if r['type'] == 'flow' and r['dport'] == int(sys.argv[1]) and r['verdict'] == 'installed':
        print(r['ufid']); break" "$1"
}
udp() { echo x | ns1 socat -u - "UDP-SENDTO:$NS2_IP:$1"; }

send_ping 1 || fail "ping"
# Per-port megaflows, so each step has its own flow.
ovs-ofctl add-flow br0 "priority=50,udp,dl_src=$NS1_MAC,actions=output:v2"
ovs-appctl upcall/disable-megaflows >/dev/null
tracer_start life --json --lifecycle || fail "start"

# 1. deleted by UFID, after 3 packets went through it
for i in 1 2 3 4; do
	echo "x$i" | ns1 socat -u - "UDP-SENDTO:$NS2_IP:7101,sourceport=4001"
done
wait_for 10 sh -c "grep -q '\"dport\":7101' /tmp/life.out" || fail "no flow for 7101"
u1=$(ufid_of 7101)
[ -n "$u1" ] || fail "no installed flow for 7101: $(cat /tmp/life.out)"
ovs-appctl dpctl/del-flow "ufid:$u1" || fail "del-flow ufid:$u1"

# 2. flushed with every other flow
udp 7102
wait_for 10 sh -c "grep -q '\"dport\":7102' /tmp/life.out" || fail "no flow for 7102"
u2=$(ufid_of 7102)
ovs-appctl dpctl/del-flows || fail "del-flows"

# 2b. another datapath flushed: not ours. 2c. a mod-flow the kernel refuses
# (a TCP rewrite on a UDP flow: EINVAL) is no flow_mod.
udp 7105
wait_for 10 sh -c "grep -q '\"dport\":7105' /tmp/life.out" || fail "no flow for 7105"
u5=$(ufid_of 7105)
ovs-dpctl add-dp dp2 || fail "add-dp dp2"
ovs-dpctl del-flows system@dp2 || fail "del-flows dp2"
ovs-dpctl del-dp dp2 || fail "del-dp dp2"
k5=$(python3 -c "
import json
for l in open('/tmp/life.out'):
    r = json.loads(l)
    if r.get('ufid') == '$u5' and r['type'] == 'flow': print(r['key']); break")
ovs-appctl dpctl/mod-flow "ufid:$u5,$k5" "set(tcp(src=1))" 2>/tmp/mod.err &&
	fail "the kernel took a TCP rewrite of a UDP flow"
log "refused as wanted: $(cat /tmp/mod.err)"

# 3. actions replaced: the same flow now dropped by a higher rule
udp 7103
wait_for 10 sh -c "grep -q '\"dport\":7103' /tmp/life.out" || fail "no flow for 7103"
u3=$(ufid_of 7103)
ovs-ofctl add-flow br0 "priority=60,udp,dl_src=$NS1_MAC,tp_dst=7103,actions=drop"
ovs-appctl revalidator/wait
wait_for 10 sh -c "grep -q '\"flow_mod\"' /tmp/life.out" || log "no flow_mod yet"

# 4. aged out by the revalidator
ovs-vsctl set Open_vSwitch . other_config:max-idle=1000
udp 7104
wait_for 10 sh -c "grep -q '\"dport\":7104' /tmp/life.out" || fail "no flow for 7104"
u4=$(ufid_of 7104)
wait_for 20 sh -c "grep -q '\"flow_del\".*$u4' /tmp/life.out" || log "7104 not aged out yet"
tracer_stop || fail "exit $?"
ovs-vsctl set Open_vSwitch . other_config:max-idle=120000
cat /tmp/life.err
tracer_nothing_lost || fail "events lost"
grep -v '"type":"flow"' /tmp/life.out | grep -v histogram
python3 - /tmp/life.out "$u1" "$u2" "$u3" "$u4" "$(dpport v2)" "$u5" <<'PY' || fail "lifecycle records"
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
u1, u2, u3, u4, out_port = sys.argv[2:7]
ev = lambda t, u: [r for r in recs if r["type"] == t and r["ufid"] == u]
d1 = ev("flow_del", u1)
assert len(d1) == 1, "delete of %s: %s" % (u1, d1)
d1 = d1[0]
assert d1["reason"] == "delete" and d1["packets"] == 3 and d1["bytes"] > 0, d1
assert d1["by_comm"] == "ovs-vswitchd", d1
inst = [r for r in recs if r["type"] == "flow" and r["ufid"] == u1][0]
assert d1["key"] == inst["key"] and d1["actions"] == inst["actions"], (d1, inst)
assert 0 < d1["lived_ns"] < 60e9
d2 = ev("flow_del", u2)
assert len(d2) == 1 and d2[0]["reason"] == "flush" and d2[0]["packets"] is None, d2
m3 = ev("flow_mod", u3)
assert len(m3) == 1 and m3[0]["actions"] == "drop" and m3[0]["old_actions"] == out_port, m3
assert m3[0]["by_comm"].startswith("revalidator"), m3
d4 = ev("flow_del", u4)
assert len(d4) == 1 and d4[0]["reason"] == "delete" and d4[0]["by_comm"].startswith("revalidator"), d4
# The revalidator ages a flow by its ukey's creation, between the upcall and
# the put: from the upcall it lived max-idle (1 s) at least.
inst4 = [r for r in recs if r["type"] == "flow" and r["ufid"] == u4][0]
assert d4[0]["lived_ns"] + inst4["latency_ns"] >= 1e9, (d4, inst4["latency_ns"])
u5 = sys.argv[7]
assert not [r for r in ev("flow_del", u5) if r["reason"] == "flush"], "dp2's flush ended %s" % u5
assert not ev("flow_mod", u5), "a refused mod-flow reported: %s" % ev("flow_mod", u5)
print("ok: delete %s (%d packets), flush %s, mod %s -> drop, aged out %s after %.1fs; %s kept through dp2's flush and a refused mod-flow"
      % (u1, d1["packets"], u2, u3, u4, d4[0]["lived_ns"] / 1e9, u5))
PY

# 5. The kernel's table of traced UFIDs holds 4 (test seam): 10 exact flows,
# then all deleted by the revalidators. Each one's end is reported, or it was
# evicted from the table and is still remembered here, counted in the summary.
ovs-appctl revalidator/purge
OVS_UPCALL_TRACE_UFID_TABLE=4 tracer_start small --json --lifecycle || fail "start"
for p in $(seq 7201 7210); do udp $p; done
wait_for 20 sh -c "[ \$(grep -c '\"verdict\":\"installed\"' /tmp/small.out) -ge 10 ]" || fail "10 flows"
ovs-appctl revalidator/purge
ovs-appctl revalidator/wait
sleep 1
tracer_stop || fail "exit $?"
cat /tmp/small.err
dels=$(grep -c '"type":"flow_del"' /tmp/small.out)
read -r left evicted <<<"$(sed -n 's/.*lifecycle: \([0-9]*\) flows still installed, 0 forgotten (over --max-pending), \([0-9]*\) not followed to their end (evicted from the kernel.s table of 4)$/\1 \2/p' /tmp/small.err)"
[ -n "$evicted" ] || fail "no lifecycle summary with a table of 4"
[ "$evicted" -ge 6 ] || fail "10 UFIDs in a table of 4, $evicted evicted"
[ $((dels + evicted)) = 10 ] || fail "$dels ends reported + $evicted evicted != 10 flows"
[ "$left" = "$evicted" ] || fail "$left flows still remembered, $evicted evicted"
echo "ok: table of 4: $dels ends reported + $evicted evicted = 10"

