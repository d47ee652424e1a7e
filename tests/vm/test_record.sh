#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# --write-events records the raw kernel events; --read-events replays them
# without root or BPF and prints the same records; a truncated file fails
# with one line and exit 1 after what it could read.
. "$REPO/scripts/vm/lib.sh"
cd /tmp
ovs-appctl upcall/disable-megaflows >/dev/null
tracer_start rec --json --write-events /tmp/rec.ev || fail "start"
send_ping 2 || fail "ping"
send_udp 7001 || fail "udp"
send_tcp 8080 || fail "tcp"
sleep 1
tracer_stop || fail "exit $?"
cat /tmp/rec.err
grep -Eq "recorded [1-9][0-9]* events to /tmp/rec.ev" /tmp/rec.err || fail "no recording summary"
chmod 644 /tmp/rec.ev
cp /tmp/rec.ev "$ART/"
setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
	"$TRACER" --json --read-events /tmp/rec.ev >/tmp/replay.out 2>/tmp/replay.err || fail "replay as nobody: $(cat /tmp/replay.err)"
cat /tmp/replay.err
grep -v '"type":"histogram"' /tmp/rec.out >/tmp/a.json
grep -v '"type":"histogram"' /tmp/replay.out >/tmp/b.json
[ -s /tmp/a.json ] || fail "nothing traced"
diff /tmp/a.json /tmp/b.json >/tmp/diff.txt || fail "replay differs: $(head -c 2000 /tmp/diff.txt)"
echo "ok: replay of $(wc -l </tmp/a.json) records is identical"

# Text mode and a damaged file.
"$TRACER" --read-events /tmp/rec.ev | grep -q " flow dev=v1 " || fail "text replay"
head -c $(($(stat -c %s /tmp/rec.ev) - 100)) /tmp/rec.ev >/tmp/cut.ev
"$TRACER" --json --read-events /tmp/cut.ev >/tmp/cut.out 2>/tmp/cut.err; rc=$?
[ $rc = 1 ] || fail "truncated file: exit $rc"
grep -q "'/tmp/cut.ev' is truncated or damaged after [0-9]* events: bad record" /tmp/cut.err || fail "$(cat /tmp/cut.err)"
[ -s /tmp/cut.out ] || fail "nothing printed before the damage"
"$TRACER" --read-events /tmp/rec.ev --write-events /tmp/x.ev 2>/tmp/both.err; rc=$?
[ $rc = 2 ] || fail "--read-events with --write-events: exit $rc"
echo "ok: truncated file and conflicting options refused"
