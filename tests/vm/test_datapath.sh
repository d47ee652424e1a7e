#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The foundation every tracer test stands on: ping, UDP and TCP from ns1 go
# through a real kernel datapath, and ovs-dpctl shows the megaflow they made
# from ns1's MAC. A flow keyed on eth src only makes the megaflow text exact.
# vm-set: core
. "$REPO/scripts/vm/lib.sh"

ovs-ofctl add-flow br0 "priority=50,ip,dl_src=$NS1_MAC,actions=output:v2" || fail "add-flow"
send_ping 3 || fail "ping from ns1 to ns2 got no reply"
send_udp 7777 || fail "UDP from ns1 did not reach ns2"
send_tcp 8080 || fail "TCP from ns1 did not reach ns2"
dump_flows >"$ART/dump-flows.txt" || fail "ovs-dpctl dump-flows"
cat "$ART/dump-flows.txt"

has_megaflow "$ART/dump-flows.txt" "eth(src=$NS1_MAC)" "eth_type(0x0800)" ||
	fail "no megaflow with eth(src=$NS1_MAC) and eth_type(0x0800)"
# The check itself must be able to fail: a MAC nobody sent from.
if has_megaflow "$ART/dump-flows.txt" "eth(src=52:54:00:39:89:fe)" "eth_type(0x0800)"; then
	fail "has_megaflow matched a MAC that sent nothing"
fi
ovs-dpctl show | grep -q "lost:0" || fail "upcalls lost: $(ovs-dpctl show | grep lost)"
echo "ok: megaflow for eth(src=$NS1_MAC),eth_type(0x0800) present"
