#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# --explain: OpenFlow rules on nw_src=10.99.0.0/24 and tp_dst=80 at
# different priorities; each traced flow's explained mask (prefix /24 on
# ipv4_src, exact tcp dst, ignored fields, ...) must say what the same
# flow's dump-flows text says.
. "$REPO/scripts/vm/lib.sh"
cd /tmp
ovs-ofctl add-flow br0 "priority=100,tcp,dl_src=$NS1_MAC,tp_dst=80,actions=output:v2" || fail "add-flow"
ovs-ofctl add-flow br0 "priority=50,ip,dl_src=$NS1_MAC,nw_src=10.99.0.0/24,actions=output:v2" || fail "add-flow"
send_ping 1 >/dev/null	# resolve ARP first
ovs-appctl revalidator/purge
tracer_start ex --json --explain || fail "start"
echo x | ns1 timeout 3 socat -u - "TCP:$NS2_IP:80,connect-timeout=2" 2>/dev/null
echo x | ns1 socat -u - "UDP-SENDTO:$NS2_IP:5000"
send_ping 1 || fail "ping"
sleep 1
ovs-appctl dpctl/dump-flows -m >/tmp/dump-m.txt
tracer_stop || fail "exit $?"
cp /tmp/dump-m.txt "$ART/"
python3 - /tmp/ex.out /tmp/dump-m.txt <<'PY' || fail "explained masks disagree with dump-flows"
import json, re, sys
recs = [r for r in map(json.loads, open(sys.argv[1])) if r["type"] == "flow"]
dump = {}
for line in open(sys.argv[2]):
    m = re.match(r"ufid:([0-9a-f-]+), (.*?), packets:", line)
    if m:
        dump[m.group(1)] = m.group(2)
def attr(key, name):
    m = re.search(r"(?:^|,)" + name + r"\(([^()]*)\)", key)
    return dict(p.split("=", 1) for p in m.group(1).split(",")) if m else {}
def kind(ex, field):
    if field in ex["exact"]:
        return "exact"
    if field in ex["prefix"]:
        return "prefix/%d" % ex["prefix"][field]
    if field in ex["partial"]:
        return "partial"
    return "wild"
def dump_kind(key, a, f):
    v = attr(key, a).get(f)
    if v is None:
        return "wild"
    if "/" not in v:
        return "exact"
    mask = v.split("/")[1]
    if a == "ipv4":
        bits = "".join("{:08b}".format(int(o)) for o in mask.split("."))
        return "prefix/%d" % bits.count("1") if "01" not in bits else "partial"
    return "partial"
checked = 0
for r in recs:
    key = dump.get(r["ufid"])
    assert key is not None, "flow %s not in dump-flows -m" % r["ufid"]
    ex = r["explain"]
    assert ex is not None, r
    # dump-flows -m prints every field; a zero mask shows as /0
    for a, f, field in (("ipv4", "src", "ipv4_src"), ("ipv4", "dst", "ipv4_dst"),
                        ("tcp", "dst", "tp_dst"), ("udp", "dst", "tp_dst"), ("ipv4", "proto", "ip_proto")):
        if not attr(key, a):
            continue
        d = dump_kind(key, a, f)
        v = attr(key, a).get(f, "")
        if v.endswith("/0") or v.endswith("/0.0.0.0") or v.endswith("/0x0"):
            d = "wild"
        got = kind(ex, field)
        assert got == d, "%s: %s is %s in dump-flows, explain says %s (%s)" % (r["ufid"], field, d, got, ex)
        checked += 1
    print("ok:", r["proto"], r["dport"], json.dumps(ex))
tcp80 = [r for r in recs if r["proto"] == 6 and r["dport"] == 80]
udp = [r for r in recs if r["proto"] == 17]
assert tcp80 and "tp_dst" in tcp80[0]["explain"]["exact"], tcp80
assert udp and udp[0]["explain"]["prefix"].get("ipv4_src") == 24, udp
assert "ipv4_dst" in udp[0]["explain"]["ignores"], udp
print("ok: %d fields of %d flows agree with dump-flows" % (checked, len(recs)))
PY
