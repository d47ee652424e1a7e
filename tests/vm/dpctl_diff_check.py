#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""dpctl_diff_check.py ROWS DUMP TRACER_JSON

ROWS: batch, pid, ovs-dpctl add-flow's exit status, key, actions and its
message, a flow a line. DUMP: batch and an `ovs-dpctl dump-flows` line.
Each accepted flow's put record (the tracer's JSON line of that pid) must
give "KEY, ..., actions:ACTIONS" equal to a dump line of its batch. Prints
"matched N/M", the flows the kernel rejected and those ovs-dpctl could not
parse, and each mismatch with the dump line that names the same flow (its
output port, or its UDP source port); exits 1 on any mismatch or missing
line.

One exception, counted apart: OVS before 3.4 reads the kernel's dec_ttl
action (type 23) as its own tnl_push and prints a tunnel header read past
the attribute's end, different on each dump. For those flows the key must
still equal the dump's and the actions must be dec_ttl as OVS 3.4 prints
it, which is the text dp_put.py gives for the row."""
import json
import re
import sys


def load_puts(path):
    puts = {}
    with open(path) as f:
        for line in f:
            rec = json.loads(line)
            if rec.get("type") == "put":
                puts.setdefault(rec["handler_tid"], []).append(rec)
    return puts


def load_dump(path):
    dump = {}
    with open(path) as f:
        for line in f:
            batch, _, text = line.rstrip("\n").partition("\t")
            key, _, rest = text.partition(", packets:")
            dump.setdefault(batch, []).append((key, rest.partition(", actions:")[2]))
    return dump


def token(key, acts):
    """What names a flow in its dump line whatever else differs."""
    m = re.search(r"udp\(src=([23]\d{4}),", key)
    return ("udp(src=%s," % m.group(1), None) if m else (None, acts)


def main():
    rows_path, dump_path, json_path = sys.argv[1:4]
    puts, dump = load_puts(json_path), load_dump(dump_path)
    matched, accepted, rejected, unparsed, bad = 0, 0, [], [], []
    dec_ttl = 0
    with open(rows_path) as f:
        for row in f:
            batch, pid, rc, key, acts, msg = (row.rstrip("\n").split("\t") + [""] * 6)[:6]
            recs = puts.get(int(pid), [])
            if rc != "0":
                if recs:
                    rejected.append((key, acts, msg.strip()))
                elif "dp_put" in msg:
                    bad.append((key, acts, "no put record", msg.strip()))
                else:
                    unparsed.append((key, acts, msg.strip()))
                continue
            accepted += 1
            if len(recs) != 1:
                bad.append((key, acts, "%d put records for pid %s" % (len(recs), pid), ""))
                continue
            got = (recs[0]["key"], recs[0]["actions"])
            if got in dump.get(batch, []):
                matched += 1
                continue
            same_key = [d for d in dump.get(batch, []) if d[0] == got[0]]
            if ("dec_ttl(" in acts and got[1] == acts and len(same_key) == 1
                    and "tnl_push(" in same_key[0][1]):
                matched += 1
                dec_ttl += 1
                continue
            in_key, in_acts = token(key, acts)
            near = [d for d in dump.get(batch, [])
                    if (in_key and in_key in d[0]) or (in_acts and d[1] == in_acts)]
            bad.append((key, acts, "%s, actions:%s" % got,
                        "; ".join("%s, actions:%s" % d for d in near) or "(no dump line)"))
    print("matched %d/%d accepted flows (%d rejected by the kernel, %d not parsed by ovs-dpctl)"
          % (matched, accepted, len(rejected), len(unparsed)))
    if dec_ttl:
        print("of which %d dec_ttl flows against OVS 3.4's text: this ovs-dpctl reads"
              " the kernel's dec_ttl as tnl_push, past the attribute" % dec_ttl)
    for key, acts, msg in rejected:
        print("rejected: %s  %s: %s" % (key, acts, msg))
    for key, acts, msg in unparsed:
        print("unparsed: %s  %s: %s" % (key, acts, msg))
    for key, acts, got, near in bad:
        print("MISMATCH: add-flow %s %s\n  tracer: %s\n  dump:   %s" % (key, acts, got, near))
    return 1 if bad or not accepted else 0


if __name__ == "__main__":
    sys.exit(main())
