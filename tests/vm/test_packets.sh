#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Upcalled packets: -w writes them as pcapng that tcpdump reads back (one per
# upcall record, interface name, UFID and verdict in a comment); a trailing
# tcpdump expression keeps only the upcalls whose packet passes; bad
# expressions and unusable -w paths fail with one line and exit 2.
. "$REPO/scripts/vm/lib.sh"
cd /tmp

# pcapng comments and interface names, read without any extra tool.
cat >/tmp/pcapng.py <<'PY'
import struct, sys
data = open(sys.argv[1], "rb").read()
off, ifaces, pkts = 0, [], []
while off < len(data):
    btype, blen = struct.unpack_from("<II", data, off)
    body = data[off + 8:off + blen - 4]
    if btype in (1, 6):
        opts = body[8:] if btype == 1 else None
        if btype == 6:
            ifid, _, _, caplen, _ = struct.unpack_from("<IIIII", body, 0)
            opts = body[20 + (caplen + 3) // 4 * 4:]
        o, vals = 0, {}
        while o + 4 <= len(opts):
            code, olen = struct.unpack_from("<HH", opts, o)
            if code == 0:
                break
            vals[code] = opts[o + 4:o + 4 + olen].decode()
            o += 4 + (olen + 3) // 4 * 4
        if btype == 1:
            ifaces.append(vals.get(2, ""))
        else:
            pkts.append((ifaces[ifid], vals.get(1, "")))
    off += blen
for name, comment in pkts:
    print(name, comment)
PY

ovs-appctl upcall/disable-megaflows >/dev/null
tracer_start pk --json -w /tmp/up.pcapng || fail "start"
send_ping 2 || fail "ping"
send_udp 7001 || fail "udp"
send_tcp 8080 || fail "tcp"
sleep 1
tracer_stop || fail "exit $?"
cat /tmp/pk.err
n=$(grep -c '"upcall":"' /tmp/pk.out)
cp /tmp/up.pcapng "$ART/"
tcpdump -nn -r /tmp/up.pcapng >/tmp/td.txt 2>/tmp/td.err || fail "tcpdump cannot read: $(cat /tmp/td.err)"
[ "$(wc -l </tmp/td.txt)" = "$n" ] || fail "pcapng has $(wc -l </tmp/td.txt) packets, trace $n upcall records"
grep -q "10.99.0.1 > 10.99.0.2: ICMP echo request" /tmp/td.txt || fail "no ICMP in pcapng: $(cat /tmp/td.txt)"
# -q: without it tcpdump dissects port 7001 as AFS.
tcpdump -nn -q -r /tmp/up.pcapng 2>/dev/null | grep -q "10.99.0.1.[0-9]* > 10.99.0.2.7001: UDP" ||
	fail "no UDP 7001 in pcapng"
grep -q "10.99.0.1.[0-9]* > 10.99.0.2.8080: Flags \[S\]" /tmp/td.txt || fail "no TCP SYN in pcapng"
python3 /tmp/pcapng.py /tmp/up.pcapng >/tmp/comments.txt
grep -vq '^v1 ' /tmp/comments.txt && fail "interface other than v1: $(cat /tmp/comments.txt)"
grep -Eq '^v1 flow verdict=installed ufid:[0-9a-f-]{36}$' /tmp/comments.txt || fail "comments: $(cat /tmp/comments.txt)"
grep -q "wrote $n packets to /tmp/up.pcapng" /tmp/pk.err || fail "summary does not count $n packets"
echo "ok: -w wrote $n packets that tcpdump reads"
head -3 /tmp/td.txt /tmp/comments.txt

# Packet bytes are copied in the kernel only for what reads them: the
# programs' read-only snaplen, as the kernel holds it, is 0 without -w, an
# expression or --write-events, and --snaplen with them.
rodata_snaplen() { bpftool -j map dump name ovs_upca.rodata | python3 -c '
import json, sys
def find(o):
    if isinstance(o, dict):
        if "snaplen" in o:
            return o["snaplen"]
        o = list(o.values())
    if isinstance(o, list):
        for v in o:
            r = find(v)
            if r is not None:
                return r
print(find([d.get("formatted", d) for d in json.load(sys.stdin)]))'; }
for args in "0|--json" "128|--json udp" "64|--json --snaplen 64 -w /tmp/sn.pcapng --overwrite" "128|--json --write-events /tmp/sn.ev --overwrite"; do
	# shellcheck disable=SC2086 # the options are words
	tracer_start sn ${args#*|} || fail "start ${args#*|}"
	got=$(rodata_snaplen)
	tracer_stop || fail "exit $? with ${args#*|}"
	[ "$got" = "${args%%|*}" ] || fail "snaplen in the kernel $got with ${args#*|}, want ${args%%|*}"
done
echo "ok: packet bytes copied in the kernel only with -w, an expression, --write-events"

# A trailing expression keeps only matching upcalls.
vm_reset
ovs-appctl upcall/disable-megaflows >/dev/null
tracer_start ex --json udp dst port 7002 || fail "start"
send_ping 1 || fail "ping"
for p in 7001 7002 7003; do send_udp $p || fail "udp $p"; done
sleep 1
tracer_stop || fail "exit $?"
cat /tmp/ex.err
python3 - /tmp/ex.out <<'PY' || fail "filter expression"
import json, sys
recs = [r for r in map(json.loads, open(sys.argv[1])) if r["type"] != "histogram"]
assert recs, "nothing passed"
assert all(r["proto"] == 17 and r["dport"] == 7002 for r in recs), recs
assert [r for r in recs if r["type"] == "flow" and "udp(src=" in r["key"] and ",dst=7002)" in r["key"]], recs
print("ok: 'udp dst port 7002': %d records, all for it" % len(recs))
PY
grep -Eq "filter expression 'udp dst port 7002': [1-9][0-9]* records hidden" /tmp/ex.err || fail "hidden records not counted"

# Bad input: one line, exit 2.
"$TRACER" tcp prot 80 >/dev/null 2>/tmp/bad.err; rc=$?
[ $rc = 2 ] && [ "$(wc -l </tmp/bad.err)" = 1 ] && grep -q "invalid filter expression 'tcp prot 80': .*syntax error" /tmp/bad.err ||
	fail "bad expression: rc=$rc $(cat /tmp/bad.err)"
"$TRACER" -w /tmp/up.pcapng >/dev/null 2>/tmp/bad.err; rc=$?
[ $rc = 2 ] && grep -q "cannot write '/tmp/up.pcapng': File exists (use --overwrite to replace it)" /tmp/bad.err ||
	fail "existing -w file: rc=$rc $(cat /tmp/bad.err)"
ln -sf /tmp/victim /tmp/link.pcapng
"$TRACER" -w /tmp/link.pcapng --overwrite >/dev/null 2>/tmp/bad.err; rc=$?
[ $rc = 2 ] && [ ! -e /tmp/victim ] || fail "-w followed a symlink: rc=$rc $(cat /tmp/bad.err)"
"$TRACER" -w /nonexistent/dir/x.pcapng >/dev/null 2>/tmp/bad.err; rc=$?
[ $rc = 2 ] && grep -q "No such file or directory" /tmp/bad.err || fail "bad -w dir: rc=$rc $(cat /tmp/bad.err)"
echo "ok: bad expression and -w paths refused"
