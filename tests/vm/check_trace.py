#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Check ovs-upcall-trace --json output against `ovs-dpctl dump-flows`.

  check_trace.py --trace T.json --dump D.txt [--dump D2.txt]... --mac MAC --eth-type 0x0800
                 [--min-flows N] [--need-text TEXT]...

Every dump-flows line whose key has eth(src=MAC...) and eth_type(TYPE) must
appear as a correlated "flow" record with the identical key and actions
text; every record must be for MAC; every record's upcall fields must agree
with the fields its key shows exactly. Prints each problem; exit 1 if any.
"""
import argparse
import json
import re
import sys


def parse_dump(path):
    flows = []
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or ", packets:" not in line:
                continue
            key = line.split(", packets:", 1)[0]
            actions = line.split(" actions:", 1)[1]
            flows.append((key, actions))
    return flows


def exact(key, attr, field):
    """Value of attr(...field=V...) when shown without a /mask, else None."""
    m = re.search(r"(?:^|,)" + re.escape(attr) + r"\(([^()]*)\)", key)
    if not m:
        return None
    if field is None:
        return m.group(1)
    for part in m.group(1).split(","):
        name, _, value = part.partition("=")
        if name == field and "/" not in value:
            return value
    return None


def check_fields(rec, errors):
    key = rec["key"]
    where = "record %s" % key
    v = exact(key, "in_port", None)
    if v is not None and v.isdigit() and int(v) != rec["in_port"]:
        errors.append("%s: in_port %s != upcall %s" % (where, v, rec["in_port"]))
    for field in ("src", "dst"):
        v = exact(key, "eth", field)
        if v is not None and v != rec["eth_" + field]:
            errors.append("%s: eth %s %s != upcall %s" % (where, field, v, rec["eth_" + field]))
    v = exact(key, "eth_type", None)
    if v is not None and "/" not in v and int(v, 16) != int(rec["eth_type"], 16) \
            and rec.get("vlan") is None:
        errors.append("%s: eth_type %s != upcall %s" % (where, v, rec["eth_type"]))
    for attr in ("ipv4", "arp"):
        for kf, rf in (("src", "src"), ("dst", "dst"), ("sip", "src"), ("tip", "dst")):
            v = exact(key, attr, kf)
            if v is not None and v != rec[rf]:
                errors.append("%s: %s %s %s != upcall %s" % (where, attr, kf, v, rec[rf]))
    v = exact(key, "ipv4", "proto")
    if v is not None and int(v) != rec["proto"]:
        errors.append("%s: proto %s != upcall %s" % (where, v, rec["proto"]))
    for attr in ("tcp", "udp", "sctp"):
        for kf, rf in (("src", "sport"), ("dst", "dport")):
            v = exact(key, attr, kf)
            if v is not None and int(v) != rec[rf]:
                errors.append("%s: %s %s %s != upcall %s" % (where, attr, kf, v, rec[rf]))
    for kf, rf in (("type", "sport"), ("code", "dport")):
        v = exact(key, "icmp", kf)
        if v is not None and int(v) != rec[rf]:
            errors.append("%s: icmp %s %s != upcall %s" % (where, kf, v, rec[rf]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--trace", required=True)
    ap.add_argument("--dump", action="append", required=True,
                    help="dump-flows output; several when flows come and go between dumps")
    ap.add_argument("--mac", required=True)
    ap.add_argument("--eth-type", required=True)
    ap.add_argument("--min-flows", type=int, default=1)
    ap.add_argument("--need-text", action="append", default=[])
    ap.add_argument("--need-cpus", type=int, default=0,
                    help="the wanted flows' upcalls came from at least N CPUs")
    a = ap.parse_args()
    errors = []

    records = []
    with open(a.trace) as f:
        for n, line in enumerate(f, 1):
            try:
                rec = json.loads(line)
                # The latency histograms printed at exit are not records.
                if rec.get("type") != "histogram":
                    records.append(rec)
            except ValueError as e:
                errors.append("trace line %d is not JSON (%s): %r" % (n, e, line[:200]))
    correlated = {}
    for r in records:
        if r["eth_src"] != a.mac:
            errors.append("record for another MAC: %s" % json.dumps(r))
        if r["type"] == "flow":
            correlated.setdefault((r["key"], r["actions"]), r)
            check_fields(r, errors)
            if r["handler_tid"] is None or r["latency_ns"] is None or r["ufid"] is None:
                errors.append("flow record without handler/latency/ufid: %s" % json.dumps(r))

    want_type = "eth_type(0x%04x)" % int(a.eth_type, 16)
    # A flow in two dumps is one flow.
    wanted = list(dict.fromkeys((k, act) for d in a.dump for k, act in parse_dump(d)
                                if ("eth(src=%s" % a.mac) in k and want_type in k))
    if len(wanted) < a.min_flows:
        errors.append("dump-flows has %d flows from %s with %s, want >= %d"
                      % (len(wanted), a.mac, want_type, a.min_flows))
    missing = [(k, act) for k, act in wanted if (k, act) not in correlated]
    for k, act in missing:
        near = [r for r in records if r.get("ufid") and r.get("key") and
                r["key"].split(",")[:3] == k.split(",")[:3]]
        errors.append("dump-flows line not traced: %s, actions:%s%s" % (
            k, act, (" (nearest traced: %s, actions:%s)" % (near[0]["key"], near[0]["actions"])
                     if near else "")))
    cpus = {correlated[f]["cpu"] for f in wanted if f in correlated}
    if len(cpus) < a.need_cpus:
        errors.append("upcalls of the wanted flows came from CPUs %s, want %d CPUs"
                      % (sorted(cpus), a.need_cpus))
    for text in a.need_text:
        if not any(text in k + ", actions:" + act for k, act in wanted):
            errors.append("no traced flow contains %r" % text)

    for e in errors[:50]:
        print("check_trace: " + e)
    print("check_trace: %d records, %d correlated flows, %d dump-flows lines wanted, %d missing, %d errors"
          % (len(records), len(correlated), len(wanted), len(missing), len(errors)))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
