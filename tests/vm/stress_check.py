#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Sender and checker for tests/vm/test_stress.sh.

  stress_check.py send DST FIRST STEP COUNT CPU SIZE
      COUNT datagrams of SIZE bytes to DST, port FIRST + (2*j + CPU) * STEP
      for j in 0..COUNT-1: two senders (CPU 0 and 1) never share a port.
      Creates /tmp/stress.ready.CPU when set up, then waits for
      /tmp/stress.go to appear: the burst is not slowed by Python's start.

  stress_check.py check --trace T.json --err T.err --dump D.txt --dst IP
                        --dst-mac MAC --sent N --lost N --label TEXT

Checks one round of the backlog stress as equalities; prints one summary
line ending in ": exact" or ": NOT exact" and each problem; exit 1 if any.
"""
import os
import socket
import sys
import time


def send(dst, first, step, count, cpu, size):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    payload = b"x" * size
    to = [(dst, first + (2 * j + cpu) * step) for j in range(count)]
    open("/tmp/stress.ready.%d" % cpu, "w").close()
    while not os.path.exists("/tmp/stress.go"):
        time.sleep(0.01)
    for addr in to:
        s.sendto(payload, addr)


if __name__ == "__main__" and len(sys.argv) == 8 and sys.argv[1] == "send":
    # The sender stops here: the burst waits for no imports it never uses.
    sys.exit(send(sys.argv[2], *map(int, sys.argv[3:])))

import argparse  # noqa: E402
import collections  # noqa: E402
import functools  # noqa: E402
import ipaddress  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_trace import parse_dump  # noqa: E402

# What a key says of an upcall: (attribute, field, record field); a field
# the key omits is not checked, one it shows masked only under its mask.
FIELDS = [("in_port", None, "in_port"), ("eth", "src", "eth_src"), ("eth", "dst", "eth_dst"),
          ("eth_type", None, "eth_type"), ("ipv4", "src", "src"), ("ipv4", "dst", "dst"),
          ("ipv4", "proto", "proto"), ("udp", "src", "sport"), ("udp", "dst", "dport")]


@functools.lru_cache(maxsize=None)
def number(text):
    if ":" in text:
        return int(text.replace(":", ""), 16)
    if "." in text:
        return int(ipaddress.IPv4Address(text))
    return int(text, 0)


@functools.lru_cache(maxsize=None)
def constraints(key):
    """[(record field, shown text, value, mask)] for the FIELDS key shows."""
    out = []
    for attr, field, rfield in FIELDS:
        m = re.search(r"(?:^|,)" + attr + r"\(([^()]*)\)", key)
        if not m:
            continue
        if field is None:
            value = m.group(1)
        else:
            value = dict(p.partition("=")[::2] for p in m.group(1).split(",")).get(field)
            if value is None:
                continue
        v, _, mask = value.partition("/")
        out.append((rfield, value, number(v), number(mask) if mask else -1))
    return out


def uncovered(rec, key):
    """Why KEY does not cover REC's upcall fields ([] if it does)."""
    return ["%s=%s does not cover upcall %s" % (rfield, text, rec[rfield])
            for rfield, text, v, mask in constraints(key)
            if rec[rfield] is None or number(str(rec[rfield])) & mask != v & mask]


def summary_counts(path):
    text = open(path).read()
    m = re.search(r"upcalls (\d+): installed (\d+), shared (\d+), put failed (\d+), "
                  r"noflow (\d+) \(evicted \d+\), lost (\d+).*?, action (\d+); "
                  r"flow puts (\d+) \(failed (\d+)\), unmatched puts (\d+)", text)
    k = re.search(r"kernel passed the filter: upcalls (\d+), flow puts (\d+); (.*)", text)
    if not m or not k:
        return None
    names = ("upcalls", "installed", "shared", "put_failed", "noflow", "lost", "action",
             "puts", "puts_failed", "unmatched")
    s = dict(zip(names, map(int, m.groups())))
    s["kernel_upcalls"], s["kernel_puts"] = int(k.group(1)), int(k.group(2))
    # What the tracer could not see: lost events, truncated puts, ... and,
    # where the tracer prints them, ring-buffer losses by event type.
    unseen = ", ".join([k.group(3)] + re.findall(r"lost events by type: ([^;]*)", text))
    s["unseen"] = {name: int(v) for name, v in re.findall(r"([a-z][a-z ]*?) (\d+)", unseen)}
    r = re.search(r"upcall reads (\d+) seen in the kernel, (\d+) received", text)
    s["reads"] = tuple(map(int, r.groups())) if r else None
    return s


def check(a):
    errors = []
    recs = [r for r in map(json.loads, open(a.trace)) if r["type"] != "histogram"]
    puts = [r for r in recs if r["type"] == "put"]
    upcalls = [r for r in recs if r["type"] != "put"]
    burst = [r for r in upcalls if r["dst"] == a.dst]
    by = collections.defaultdict(list)
    for r in burst:
        by[r["verdict"]].append(r)
    n = {v: len(by[v]) for v in ("lost", "installed", "shared", "put_failed", "noflow")}
    n["unmatched"] = len(puts)

    # 1. one upcall record per datagram sent, from both CPUs.
    if len(burst) != a.sent:
        errors.append("%d upcall records of the burst, %d datagrams sent" % (len(burst), a.sent))
    if len(upcalls) != len(burst):
        errors.append("%d upcall records not of the burst, e.g. %s"
                      % (len(upcalls) - len(burst), next(r for r in upcalls if r["dst"] != a.dst)))
    cpus = sorted({r["cpu"] for r in burst})
    if cpus != [0, 1]:
        errors.append("burst upcalls came from CPUs %s, want [0, 1]" % cpus)
    # 2. lost records = growth of ovs-dpctl show's lost:.
    if n["lost"] != a.lost:
        errors.append("%d lost records, ovs-dpctl lost: grew by %d" % (n["lost"], a.lost))
    for r in by["lost"]:
        if r["type"] != "lost" or r["result"] not in ("EAGAIN", "ENOBUFS"):
            errors.append("odd lost record: %s" % json.dumps(r))
    # 3. each burst megaflow in dump-flows: exactly one installed record
    # with its key and actions text, covering that upcall's fields.
    mac = "dst=" + a.dst_mac
    dump = [(k, act) for k, act in parse_dump(a.dump)
            if re.search(r"(?:^|,)eth\([^)]*" + re.escape(mac), k)]
    installed = collections.defaultdict(list)
    for r in by["installed"]:
        installed[r["key"], r["actions"]].append(r)
    for k, act in dump:
        mine = installed[k, act]
        if len(mine) != 1:
            errors.append("%d installed records for dump-flows line %s, actions:%s" % (len(mine), k, act))
        for r in mine:
            errors += ["installed %s:%d: %s" % (r["src"], r["sport"], e) for e in uncovered(r, k)]
    if n["installed"] != len(dump):
        errors.append("%d installed records, %d burst megaflows in dump-flows"
                      % (n["installed"], len(dump)))
    # 4. every other upcall that reached ovs-vswitchd: shared or EEXIST,
    # under a key that covers it.
    for r in burst:
        v = r["verdict"]
        if v in ("lost", "installed"):
            continue
        if v == "noflow" and r["result"] is None:
            continue    # counted against the flow limit's hits below
        if v not in ("shared", "put_failed") or (v == "put_failed" and r["result"] != "EEXIST"):
            errors.append("verdict %s result %s for upcall dport %s (%s)"
                          % (v, r["result"], r["dport"], r["reason"]))
        elif not r["key"]:
            errors.append("%s record without key: %s" % (v, json.dumps(r)))
        else:
            errors += ["%s dport %d: %s" % (v, r["dport"], e) for e in uncovered(r, r["key"])]
    # 5. no unmatched put; a noflow for each upcall ovs-vswitchd left
    # without a flow at its flow limit, and none else; no flow in
    # dump-flows for them; the summary says what the records say.
    ports = {(r["sport"], r["dport"]) for r in by["noflow"]}
    for k, act in dump:
        m = re.search(r"udp\(src=(\d+),dst=(\d+)\)", k)
        if m and (int(m.group(1)), int(m.group(2))) in ports:
            errors.append("noflow upcall has a flow in dump-flows: %s" % k)
    if n["unmatched"] or n["noflow"] != a.flow_limit_hits:
        errors.append("%d unmatched puts, %d noflow, %d upcalls at the flow limit (%s)" % (
            n["unmatched"], n["noflow"], a.flow_limit_hits,
            dict(collections.Counter(r["reason"] for r in by["noflow"]))))
    s = summary_counts(a.err)
    if s is None:
        errors.append("no summary lines in %s" % a.err)
    else:
        verdicts = collections.Counter(r["verdict"] for r in upcalls)
        want = {"upcalls": len(upcalls), "installed": verdicts["installed"],
                "shared": verdicts["shared"], "put_failed": verdicts["put_failed"],
                "noflow": verdicts["noflow"], "lost": verdicts["lost"],
                "action": verdicts["action"], "unmatched": len(puts),
                "puts": verdicts["installed"] + verdicts["put_failed"] + len(puts),
                "puts_failed": verdicts["put_failed"] + sum(r["result"] != "ok" for r in puts),
                "kernel_upcalls": len(upcalls),
                "kernel_puts": verdicts["installed"] + verdicts["put_failed"] + len(puts)}
        for name, value in want.items():
            if s[name] != value:
                errors.append("summary says %s %d, the records %d" % (name, s[name], value))
        # Every upcall queued was read once by its handler.
        if s["reads"] and s["reads"] != (len(upcalls) - verdicts["lost"],) * 2:
            errors.append("upcall reads %d seen, %d received, %d upcalls not lost"
                          % (s["reads"] + (len(upcalls) - verdicts["lost"],)))
        bad = {name: v for name, v in s["unseen"].items() if v}
        if bad or not s["unseen"]:
            errors.append("the tracer did not see everything: %s" % (bad or "no counters"))

    print("%s: sent %d, lost %d, installed %d, shared %d, put_failed %d, noflow %d (flow limit hit %d), unmatched %d: %s"
          % (a.label, a.sent, n["lost"], n["installed"], n["shared"], n["put_failed"],
             n["noflow"], a.flow_limit_hits, n["unmatched"], "NOT exact" if errors else "exact"))
    # Each kind of problem (its first words, numbers aside) once, counted.
    kinds = collections.OrderedDict()
    for e in errors:
        kinds.setdefault(re.sub(r"\d+", "#", " ".join(e.split()[:4])), []).append(e)
    for same in kinds.values():
        e = same[0] if len(same[0]) < 300 else same[0][:297] + "..."
        print("  %s%s" % (e, " (and %d more like it)" % (len(same) - 1) if len(same) > 1 else ""))
    return 1 if errors else 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cmd", choices=["check"])
    for opt in ("--trace", "--err", "--dump", "--dst", "--dst-mac", "--label"):
        ap.add_argument(opt, required=True)
    ap.add_argument("--sent", type=int, required=True)
    ap.add_argument("--lost", type=int, required=True)
    ap.add_argument("--flow-limit-hits", type=int, default=0,
                    help="growth of ovs-vswitchd's upcall_flow_limit_hit coverage count")
    return check(ap.parse_args())


if __name__ == "__main__":
    sys.exit(main())
