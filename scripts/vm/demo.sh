#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# `make demo`: the tracer's main job inside the throwaway OVS guest. Runs
# ovs-upcall-trace with its defaults while ns1 (52:54:00:39:89:ff) sends
# ping, UDP and TCP to ns2, hits a controller rule, then stops it with
# Ctrl-C's signal and shows `ovs-dpctl dump-flows` to compare.
. "$REPO/scripts/vm/lib.sh"

cd /tmp
echo "### ovs-upcall-trace (defaults: --eth-src 52:54:00:39:89:ff --eth-type 0x0800)"
"$REPO/ovs-upcall-trace" &
tracer=$!
sleep 2
ovs-ofctl add-flow br0 "priority=60,udp,dl_src=$NS1_MAC,tp_dst=7777,actions=controller"
send_ping 3
echo hello | ns1 socat -u - "UDP-SENDTO:$NS2_IP:7777"
send_tcp 5001
# Exact-match flows: one megaflow per connection.
ovs-appctl upcall/disable-megaflows >/dev/null
for port in 5002 5003; do send_tcp $port; done
sleep 2
kill -INT $tracer
wait $tracer
rc=$?
echo
echo "### ovs-dpctl dump-flows (megaflows from $NS1_MAC)"
dump_flows | grep "src=$NS1_MAC" | grep 'eth_type(0x0800)'
exit $rc
