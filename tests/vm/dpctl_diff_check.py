#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""dpctl_diff_check.py ROWS TRACER_JSON: each row of ROWS (pid, ovs-dpctl
add-flow's exit status, key, actions, the dump-flows line, add-flow's
message) against the tracer's put record of that pid. Prints "matched
N/M", the rows the kernel rejected and those ovs-dpctl could not parse,
and each mismatch; exits 1 if any accepted flow differs."""
import json
import sys


def main():
    rows_path, json_path = sys.argv[1], sys.argv[2]
    puts = {}
    with open(json_path) as f:
        for line in f:
            rec = json.loads(line)
            if rec.get("type") == "put":
                puts.setdefault(rec["handler_tid"], []).append(rec)
    matched, accepted, rejected, unparsed, mismatches = 0, 0, [], [], []
    with open(rows_path) as f:
        for row in f:
            pid, rc, key, acts, dump, msg = (row.rstrip("\n").split("\t") + [""] * 6)[:6]
            recs = puts.get(int(pid), [])
            if rc != "0":
                (rejected if recs else unparsed).append((key, acts, msg.strip()))
                continue
            accepted += 1
            if len(recs) != 1 or ", actions:" not in dump:
                mismatches.append((key, acts, dump, "%d put records" % len(recs)))
                continue
            rec = recs[0]
            dkey, _, rest = dump.partition(", packets:")
            dacts = rest.partition(", actions:")[2]
            if rec["key"] == dkey and rec["actions"] == dacts:
                matched += 1
            else:
                mismatches.append((key, acts, dump, "tracer: %s, actions:%s" % (rec["key"], rec["actions"])))
    print("matched %d/%d accepted flows (%d rejected by the kernel, %d not parsed by ovs-dpctl)"
          % (matched, accepted, len(rejected), len(unparsed)))
    for key, acts, msg in rejected:
        print("rejected: %s %s: %s" % (key, acts, msg))
    for key, acts, msg in unparsed:
        print("unparsed: %s %s: %s" % (key, acts, msg))
    for key, acts, dump, got in mismatches:
        print("MISMATCH: add-flow %s %s\n  dump:   %s\n  %s" % (key, acts, dump, got))
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
