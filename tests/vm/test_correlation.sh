#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Correlation under the conditions that break naive joins: several upcalls
# queued on one handler collapsing into one put (ovs-vswitchd frozen while
# ns1 sends), and handler threads restarted mid-trace (new tids, same
# sockets).
# vm-set: core
. "$REPO/scripts/vm/lib.sh"
cd /tmp
vswitchd=$(cat "$OVS_RUNDIR/ovs-vswitchd.pid")

handler_tids() {
	local t
	for t in /proc/$vswitchd/task/*; do
		[[ $(cat "$t/comm" 2>/dev/null) == handler* ]] && echo "${t##*/}"
	done | sort -n | tr '\n' ' '
}

# Resolve ARP first: with ovs-vswitchd frozen it could not be answered.
send_ping 1 || fail "ping"
ovs-appctl revalidator/purge
tracer_start corr --json || fail "tracer did not start"

# --- 10 identical packets queued while ovs-vswitchd is stopped: 10 upcalls
# with one key, so one UFID and one put; the other 9 share its flow.
kill -STOP "$vswitchd"
ns1 taskset -c 0 bash -c "exec 3>/dev/udp/$NS2_IP/7001; for i in {1..10}; do echo x >&3; done"
sleep 1
kill -CONT "$vswitchd"
wait_for 20 sh -c "[ \$(grep -c '\"dport\":7001' /tmp/corr.out) -ge 10 ]" ||
	fail "expected 10 records: $(cat /tmp/corr.out)"
# --- 10 packets from 10 source ports, one megaflow: ovs-vswitchd puts each
# upcall's own key (10 UFIDs); the kernel installs the first and answers
# EEXIST to the other 9, which share its flow.
ovs-appctl revalidator/purge
kill -STOP "$vswitchd"
ns1 taskset -c 0 bash -c "for i in {1..10}; do echo x >/dev/udp/$NS2_IP/7002; done"
sleep 1
kill -CONT "$vswitchd"
wait_for 20 sh -c "[ \$(grep -c '\"dport\":7002' /tmp/corr.out) -ge 10 ]" ||
	fail "expected 10 records: $(cat /tmp/corr.out)"
python3 - /tmp/corr.out <<'PY' || fail "queued upcalls not correlated one by one"
import json, sys
recs = [r for r in map(json.loads, open(sys.argv[1])) if r["type"] != "histogram"]
def udp(port):
    return [r for r in recs if r["proto"] == 17 and r["dport"] == port]
same = udp(7001)
assert [r["type"] for r in same] == ["flow"] * 10, "want 10 flow records: %s" % same
assert len({r["ufid"] for r in same}) == 1, "identical packets, not one put"
assert len({r["sport"] for r in same}) == 1
assert sum(not r["shared"] for r in same) == 1, "want exactly one unshared record"
assert {r["result"] for r in same} == {"ok"}
diff = udp(7002)
assert [r["type"] for r in diff] == ["flow"] * 10, "want 10 flow records: %s" % diff
assert len({r["ufid"] for r in diff}) == 10, "want a put (UFID) per upcall"
assert len({r["sport"] for r in diff}) == 10
assert sorted(r["result"] for r in diff) == ["EEXIST"] * 9 + ["ok"], [r["result"] for r in diff]
assert len({r["handler_tid"] for r in same + diff}) == 1, "several handlers"
assert len({r["key"] for r in diff}) == 1, "one megaflow text"
print("ok: 10 identical upcalls -> 1 put %s; 10 distinct -> 10 puts, 9 EEXIST, by %s"
      % (same[0]["ufid"], same[0]["handler_comm"]))
PY

# --- handler threads restarted mid-trace ------------------------------------
before=$(handler_tids)
ovs-vsctl set Open_vSwitch . other_config:n-revalidator-threads=2
wait_for 20 sh -c "[ \"\$(ls /proc/$vswitchd/task | wc -l)\" -gt 0 ] && [ \"$before\" != \"\$(for t in /proc/$vswitchd/task/*; do [[ \$(cat \$t/comm 2>/dev/null) == handler* ]] && echo \${t##*/}; done | sort -n | tr '\n' ' ')\" ]" ||
	fail "handler threads were not restarted"
after=$(handler_tids)
log "handler tids before: $before after: $after"
ovs-appctl revalidator/purge
sleep 1
n0=$(wc -l </tmp/corr.out)
send_ping 2 || fail "ping after restart"
send_udp 7002 || fail "udp after restart"
sleep 2
tracer_stop || fail "tracer exited $?"
cat /tmp/corr.err
tracer_nothing_lost || fail "events lost"
tail -n +$((n0 + 1)) /tmp/corr.out >/tmp/after.json
python3 - /tmp/after.json "$after" <<'PY' || fail "no correlation after handler restart"
import json, sys
recs = [r for r in map(json.loads, open(sys.argv[1])) if r["type"] != "histogram"]
new = {int(t) for t in sys.argv[2].split()}
flows = [r for r in recs if r["type"] == "flow"]
assert flows, "no flow records after the restart"
assert not [r for r in recs if r["type"] == "noflow"], "noflow after restart: %s" % recs
for r in flows:
    assert r["handler_tid"] in new, "handler %s not a new thread %s" % (r["handler_tid"], new)
print("ok: %d flows after restart, handlers %s" % (len(flows), sorted({r["handler_comm"] for r in flows})))
PY
