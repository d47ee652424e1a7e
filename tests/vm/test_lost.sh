#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Lost upcalls: with ovs-vswitchd frozen, a burst from ns1 overflows its
# handler socket. Every upcall the kernel failed is reported as its own
# "lost" line with its errno, and the tracer's count equals the growth of
# ovs-dpctl show's lost: counter. Every upcall gets exactly one verdict,
# and the put that installed the one megaflow is attributed to its first
# queued upcall; every later one got EEXIST for the same megaflow.
# vm-set: core
. "$REPO/scripts/vm/lib.sh"
cd /tmp
vswitchd=$(cat "$OVS_RUNDIR/ovs-vswitchd.pid")
lost_counter() { ovs-dpctl show | sed -n 's/.*lost:\([0-9]*\).*/\1/p'; }

# A destination nobody answers: no replies from other MACs join the burst.
ip -n ns1 neigh replace 10.99.0.99 lladdr 52:54:00:00:00:99 dev eth0 nud permanent
# Every queued upcall gets a put (~2 KiB event each) once ovs-vswitchd runs.
tracer_start lost --json --ringbuf-size 33554432 || fail "tracer did not start"
before=$(lost_counter)
kill -STOP "$vswitchd"
# Full-size datagrams: each upcall carries its packet, so the handler
# socket's buffer fills after a few hundred.
head -c 1400 /dev/zero | tr '\0' x >/tmp/payload
ns1 taskset -c 0 bash -c 'for p in {10000..12999}; do echo "$(</tmp/payload)" >/dev/udp/10.99.0.99/$p; done'
after=$(lost_counter)
kill -CONT "$vswitchd"
sleep 8
tracer_stop || fail "tracer exited $?"
cat /tmp/lost.err
tracer_nothing_lost || fail "tracer lost events"
growth=$((after - before))
log "lost: grew by $growth ($before -> $after)"
[ "$growth" -gt 0 ] || fail "the burst lost no upcall: cannot test"
python3 - /tmp/lost.out "$growth" <<'PY' || fail "lost upcalls do not match ovs-dpctl show"
import collections, json, sys
recs = [r for r in map(json.loads, open(sys.argv[1])) if r["type"] != "histogram"]
growth = int(sys.argv[2])
burst = [r for r in recs if r["dst"] == "10.99.0.99"]
lost = [r for r in burst if r["type"] == "lost"]
assert len(burst) == 3000, "want 3000 upcall records, got %d" % len(burst)
assert len(lost) == growth, "tracer lost %d, ovs-dpctl lost: grew %d" % (len(lost), growth)
for r in lost:
    assert r["verdict"] == "lost" and r["result"] in ("EAGAIN", "ENOBUFS", "ENOTCONN"), r
    assert r["dev"] == "v1" and r["eth_src"] == "52:54:00:39:89:ff" and r["portid"], r
    assert r["proto"] == 17 and 10000 <= r["dport"] <= 12999, r
verdicts = collections.Counter(r["verdict"] for r in burst)
assert sum(verdicts.values()) == 3000 and None not in verdicts, verdicts
# Attribution: the handler reads its socket in order, so the put of the
# megaflow's first queued upcall installed it, the later ones got EEXIST.
queued = [r for r in burst if r["verdict"] != "lost"]
installed = [r for r in queued if r["verdict"] == "installed"]
assert len(installed) == 1, "want one installed record, got %d" % len(installed)
first = installed[0]
mine = [r for r in queued if r["key"] == first["key"]]
assert min(mine, key=lambda r: r["ts_ns"]) is first, \
    "installed dport %d is not the megaflow's first upcall (dport %d)" % (
        first["dport"], min(mine, key=lambda r: r["ts_ns"])["dport"])
assert mine[0] is first, "installed record not the first of its megaflow in the output"
for r in queued:
    assert r is first or (r["verdict"] == "put_failed" and r["result"] == "EEXIST"
                          and r["key"] == first["key"] and r["actions"] == first["actions"]), r
print("ok: %d lost (%s), verdicts %s; installed by the first queued upcall (dport %d), %d EEXIST"
      % (len(lost), dict(collections.Counter(r["result"] for r in lost)), dict(verdicts),
         first["dport"], len(queued) - 1))
PY
grep -q "lost $growth (E" /tmp/lost.err || fail "summary does not count $growth lost upcalls by errno"
