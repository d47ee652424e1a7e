#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Guest scenario: records ovs-vswitchd's control-socket traffic for the unit
# tests (tests/fixtures/unixctl/VERSION/, copied there by hand), through
# scripts/vm/unixctl_proxy.py between ovs-appctl and the daemon:
#   request-appctl.json   ovs-appctl's request for "ofproto/trace br0 in_port=1"
#   reply-error.json      the reply to a trace of a bridge that does not exist
#   reply-trace.json      a trace through the rules below (two tables, cookies,
#                         a /24, a conjunction, ct with recirculation)
#   trace-NAME.*          more traces (.request, .reply; .txt as ovs-appctl
#                         printed it), dump-flows.txt: the megaflows the same
#                         packets made
# Run by scripts/capture-unixctl, which files them.
. "$REPO/scripts/vm/lib.sh"

set -u
ctl=$OVS_RUNDIR/ovs-vswitchd.$(cat "$OVS_RUNDIR/ovs-vswitchd.pid").ctl
rec=/tmp/unixctl-rec
mkdir -p "$rec"
python3 "$REPO/scripts/vm/unixctl_proxy.py" /tmp/proxy.ctl "$ctl" "$rec" &
proxy=$!
wait_for 10 test -S /tmp/proxy.ctl || fail "proxy did not start"
n=0
# via NAME ARGS...: one ovs-appctl call through the proxy, kept as NAME.
via() {
	local name=$1
	shift
	ovs-appctl -t /tmp/proxy.ctl "$@" >"$OUT/$name.txt" 2>&1
	wait_for 10 test -e "$rec/$n.reply"
	cp "$rec/$n.request" "$OUT/$name.request"
	cp "$rec/$n.reply" "$OUT/$name.reply"
	n=$((n + 1))
}

p2=$(ofport v2)
ovs-ofctl del-flows br0
ovs-ofctl add-flows br0 - <<RULES
table=0,priority=100,cookie=0x10,udp,tp_dst=9999,actions=drop
table=0,priority=50,cookie=0x20,ip,nw_src=10.99.0.0/24,actions=resubmit(,1)
table=0,priority=0,cookie=0x1,actions=NORMAL
table=1,priority=40,cookie=0x30,ip,nw_dst=$NS2_IP,actions=conjunction(7,1/2)
table=1,priority=40,cookie=0x31,udp,tp_dst=7000,actions=conjunction(7,2/2)
table=1,priority=40,cookie=0x32,conj_id=7,ip,actions=ct(table=2,zone=5)
table=1,priority=10,cookie=0x40,actions=NORMAL
table=2,priority=10,cookie=0x50,ct_state=+trk+new,ip,actions=ct(commit,zone=5),output:$p2
table=2,priority=10,cookie=0x51,ct_state=+trk+est,ip,actions=output:$p2
table=2,priority=5,cookie=0x52,actions=NORMAL
RULES
ovs-ofctl dump-flows br0 >"$OUT/of-dump-flows.txt"

via request-appctl ofproto/trace br0 in_port=1
via reply-error ofproto/trace nosuchbridge in_port=1
# In datapath-flow form, as the tracer will ask: the whole key of each
# packet (a put's key is the packet's, unmasked), datapath port numbers.
d1=$(dpport v1)
l2="in_port($d1),eth(src=$NS1_MAC,dst=$NS2_MAC)"
eth="recirc_id(0),$l2"
ip4="eth_type(0x0800),ipv4(src=$NS1_IP,dst=$NS2_IP,proto=17,tos=0,ttl=64,frag=no)"
via reply-trace ofproto/trace "$eth,$ip4,udp(src=40000,dst=7000)"
via trace-udp-6000 ofproto/trace "$eth,$ip4,udp(src=40000,dst=6000)"
via trace-udp-9999 ofproto/trace "$eth,$ip4,udp(src=40000,dst=9999)"
via trace-icmp ofproto/trace "$eth,eth_type(0x0800),ipv4(src=$NS1_IP,dst=$NS2_IP,proto=1,tos=0,ttl=64,frag=no),icmp(type=8,code=0)"
via trace-arp ofproto/trace "recirc_id(0),in_port($d1),eth(src=$NS1_MAC,dst=ff:ff:ff:ff:ff:ff),eth_type(0x0806),arp(sip=$NS1_IP,tip=$NS2_IP,op=1,sha=$NS1_MAC,tha=00:00:00:00:00:00)"
via trace-bad ofproto/trace "in_port(2),eth(src=zz)"

# The same packets for real, and the megaflows they made: what a trace's
# "Megaflow:" is compared with.
ip netns exec ns2 timeout 10 socat -u UDP-RECV:7000 - >/dev/null &
sleep 1
for port in 7000 6000 9999; do
	echo x | ns1 socat -u - "UDP-SENDTO:$NS2_IP:$port,sourceport=40000"
done
send_ping 1
sleep 1
ovs-dpctl dump-flows >"$OUT/dump-flows.txt"
ovs-appctl dpctl/dump-flows -m >"$OUT/dump-flows-m.txt"
# A trace in datapath-flow form of the first megaflow the UDP 7000 packet made.
key=$(grep -F 'udp(' "$OUT/dump-flows.txt" | grep -F 'dst=7000' | head -n 1 | sed 's/, packets:.*//')
[ -n "$key" ] && via trace-odp ofproto/trace "$key"
# The second pass alone, as the upcall of the recirculated packet asks it,
# with the recirculation id the real packet's megaflow names.
rid=$(sed -n 's/.*actions:ct(zone=5),recirc(\(0x[0-9a-f]*\)).*/\1/p' "$OUT/dump-flows.txt" | head -n 1)
[ -n "$rid" ] && via trace-recirc ofproto/trace "recirc_id($rid),ct_state(+new+trk),ct_zone(5),$l2,$ip4,udp(src=40000,dst=7000)"
kill $proxy
ovs-vswitchd --version | head -n 1 >"$OUT/ovs-version.txt"
ls "$OUT"
