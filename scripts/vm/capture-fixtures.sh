#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Guest scenario for scripts/capture-fixtures: records every netlink message
# with nlmon while OpenFlow rules of many kinds make ovs-vswitchd install
# megaflows, and saves the datapath's own dump of them after each phase.
# The host side joins each dumped flow to its OVS_FLOW_CMD_NEW by UFID.
#
# Each phase ends with the flows deleted, so that a later rule change cannot
# make the revalidators rewrite a flow (OVS_FLOW_CMD_SET) behind the put
# that the fixture keeps.
. "$REPO/scripts/vm/lib.sh"

set -u
OF=(ovs-ofctl -O OpenFlow15)

/sbin/modprobe -d "$VM_KDIR" nlmon || fail "no nlmon module"
/sbin/modprobe -d "$VM_KDIR" 8021q || fail "no 8021q module"
ip link add nlmon0 type nlmon || fail "cannot add nlmon0"
ip link set nlmon0 up
genl ctrl get name ovs_flow >"$OUT/genl-ovs_flow.txt" 2>&1
uname -r >"$OUT/kernel.txt"
ovs-vsctl --version | head -n 1 >"$OUT/ovs-version.txt"

tcpdump -i nlmon0 -w /tmp/nl.pcap -s 0 -U >/tmp/tcpdump.log 2>&1 &
tcpdump_pid=$!
sleep 2

: >"$OUT/dump-flows.txt"
: >"$OUT/dump-flows-m.txt"

# phase_end NAME: save the datapath's flows, then clear them.
phase_end() {
	local name=$1
	sleep 0.5
	# A generic netlink lookup of a family that does not exist: a marker
	# in the capture that splits it into phases at the dump. Family names
	# are cut at 15 characters.
	genl ctrl get name "fxp-$name" >/dev/null 2>&1
	{
		echo "## phase $name"
		ovs-dpctl dump-flows
	} >>"$OUT/dump-flows.txt"
	{
		echo "## phase $name"
		ovs-appctl dpctl/dump-flows -m
	} >>"$OUT/dump-flows-m.txt"
	log "phase $name: $(ovs-dpctl dump-flows | wc -l) flows"
	"${OF[@]}" del-flows br0
	ovs-dpctl del-flows
	sleep 0.5
}

udp_send() { # NS DST PORT [COUNT]
	local i
	for ((i = 0; i < ${4:-2}; i++)); do
		ip netns exec "$1" bash -c "echo hello >/dev/udp/$2/$3" 2>/dev/null
	done
}

ovs-vsctl set bridge br0 protocols=OpenFlow10,OpenFlow13,OpenFlow15
ovs-dpctl show >"$OUT/dpctl-show.txt"

log "phase normal"
"${OF[@]}" del-flows br0
"${OF[@]}" add-flow br0 actions=NORMAL
ns1 arping -c 1 -w 2 -I eth0 $NS2_IP >/dev/null 2>&1
ns1 ping -c 2 -i 0.3 -W 2 $NS2_IP >/dev/null
udp_send ns1 $NS2_IP 5555
ns2 socat -u TCP4-LISTEN:8080,reuseaddr - >/dev/null 2>&1 &
sleep 0.5
echo hi | timeout 3 ip netns exec ns1 socat -u - TCP4:$NS2_IP:8080 2>/dev/null
phase_end normal

log "phase output"
"${OF[@]}" add-flow br0 "priority=10,in_port=v1,ip,actions=output:v2"
"${OF[@]}" add-flow br0 "priority=10,in_port=v2,ip,actions=output:v1"
"${OF[@]}" add-flow br0 "priority=20,in_port=v1,udp,tp_dst=6666,actions=drop"
"${OF[@]}" add-flow br0 "priority=20,in_port=v1,udp,tp_dst=6667,actions=output(port=v2,max_len=100)"
"${OF[@]}" add-flow br0 "priority=0,actions=NORMAL"
ns1 ping -c 2 -i 0.3 -W 2 $NS2_IP >/dev/null
udp_send ns1 $NS2_IP 6666
udp_send ns1 $NS2_IP 6667
phase_end output

log "phase controller"
"${OF[@]}" add-flow br0 "priority=10,udp,tp_dst=7777,actions=controller"
"${OF[@]}" add-flow br0 "priority=10,udp,tp_dst=7778,actions=controller(reason=no_match,max_len=128,id=3,userdata=01.02.03)"
"${OF[@]}" add-flow br0 "priority=0,actions=NORMAL"
udp_send ns1 $NS2_IP 7777
udp_send ns1 $NS2_IP 7778
phase_end controller

log "phase mcast"
ovs-vsctl set Bridge br0 mcast_snooping_enable=true
"${OF[@]}" add-flow br0 actions=NORMAL
ns2 socat -u UDP4-RECV:5000,ip-add-membership=239.1.1.1:eth0 - >/dev/null 2>&1 &
mcast_pid=$!
sleep 1.5
udp_send ns1 239.1.1.1 5000
kill $mcast_pid 2>/dev/null
sleep 0.5
phase_end mcast
ovs-vsctl set Bridge br0 mcast_snooping_enable=false

log "phase vlan"
ns1 ip link add link eth0 name eth0.200 type vlan id 200
ns1 ip addr add 10.99.200.1/24 dev eth0.200
ns1 ip link set eth0.200 up
"${OF[@]}" add-flow br0 "priority=10,in_port=v1,dl_vlan=200,actions=strip_vlan,output:v2"
"${OF[@]}" add-flow br0 "priority=10,in_port=v1,icmp,actions=mod_vlan_vid:100,output:v2"
"${OF[@]}" add-flow br0 "priority=10,in_port=v1,udp,actions=mod_vlan_vid:101,mod_vlan_pcp:5,output:v2"
"${OF[@]}" add-flow br0 "priority=0,actions=NORMAL"
ns1 ping -c 1 -W 1 10.99.200.2 >/dev/null
ns1 ping -c 2 -i 0.3 -W 1 $NS2_IP >/dev/null
udp_send ns1 $NS2_IP 5556
phase_end vlan
ns1 ip link del eth0.200

log "phase set"
"${OF[@]}" add-flow br0 "priority=10,in_port=v1,icmp,actions=mod_nw_tos:32,dec_ttl,output:v2"
"${OF[@]}" add-flow br0 "priority=10,in_port=v1,udp,tp_dst=5001,actions=mod_nw_src:10.99.0.9,output:v2"
"${OF[@]}" add-flow br0 "priority=10,in_port=v1,udp,tp_dst=5002,actions=mod_tp_dst:5003,mod_tp_src:1234,output:v2"
"${OF[@]}" add-flow br0 "priority=10,in_port=v1,udp,tp_dst=5004,actions=mod_dl_src:02:00:00:00:00:01,mod_dl_dst:02:00:00:00:00:02,output:v2"
"${OF[@]}" add-flow br0 "priority=10,in_port=v1,udp,tp_dst=5005,actions=set_field:0xa->pkt_mark,output:v2"
"${OF[@]}" add-flow br0 "priority=10,in_port=v1,udp,tp_dst=5006,actions=set_field:10.99.0.0/16->ip_dst,output:v2"
"${OF[@]}" add-flow br0 "priority=10,in_port=v1,tcp,tp_dst=5007,actions=mod_tp_dst:5008,output:v2"
"${OF[@]}" add-flow br0 "priority=10,in_port=v1,arp,actions=set_field:10.99.0.77->arp_spa,output:v2"
"${OF[@]}" add-flow br0 "priority=0,actions=NORMAL"
ns1 ping -c 2 -i 0.3 -W 1 $NS2_IP >/dev/null
for p in 5001 5002 5004 5005 5006; do udp_send ns1 $NS2_IP $p; done
timeout 2 ip netns exec ns1 bash -c "echo x >/dev/tcp/$NS2_IP/5007" 2>/dev/null
ns1 ip neigh flush dev eth0
ns1 arping -c 1 -w 1 -I eth0 $NS2_IP >/dev/null 2>&1
phase_end set

log "phase ct"
"${OF[@]}" add-flow br0 "table=0,priority=10,ip,ct_state=-trk,actions=ct(table=1)"
"${OF[@]}" add-flow br0 "table=0,priority=0,actions=NORMAL"
"${OF[@]}" add-flow br0 "table=1,priority=10,icmp,ct_state=+trk+new,actions=ct(commit,zone=5,exec(set_field:0x1->ct_mark)),NORMAL"
"${OF[@]}" add-flow br0 "table=1,priority=10,udp,ct_state=+trk+new,actions=ct(commit,nat(src=10.99.0.100-10.99.0.101:2000-3000)),NORMAL"
"${OF[@]}" add-flow br0 "table=1,priority=10,tcp,ct_state=+trk+new,actions=ct(force,commit,exec(set_field:0x5/0xff->ct_label)),NORMAL"
"${OF[@]}" add-flow br0 "table=1,priority=5,ct_state=+trk+est,ct_mark=0x1,actions=NORMAL"
"${OF[@]}" add-flow br0 "table=1,priority=1,ct_state=+trk,actions=ct_clear,NORMAL"
ns1 ping -c 3 -i 0.3 -W 1 $NS2_IP >/dev/null
udp_send ns1 $NS2_IP 5010
timeout 2 ip netns exec ns1 bash -c "echo x >/dev/tcp/$NS2_IP/5011" 2>/dev/null
phase_end ct

log "phase misc"
"${OF[@]}" add-meter br0 "meter=1,kbps,band=type=drop,rate=10000" 2>&1
"${OF[@]}" add-group br0 "group_id=1,type=select,selection_method=dp_hash,bucket=output:v2"
"${OF[@]}" add-flow br0 "priority=10,in_port=v1,icmp,actions=check_pkt_larger(200)->NXM_NX_REG0[0],resubmit(,2)"
"${OF[@]}" add-flow br0 "table=2,priority=10,reg0=0x1,actions=output:v2"
"${OF[@]}" add-flow br0 "table=2,priority=5,actions=NORMAL"
"${OF[@]}" add-flow br0 "priority=10,in_port=v1,udp,tp_dst=6001,actions=meter:1,output:v2"
"${OF[@]}" add-flow br0 "priority=10,in_port=v1,udp,tp_dst=6002,actions=group:1"
"${OF[@]}" add-flow br0 "priority=10,in_port=v1,udp,tp_dst=6003,actions=clone(mod_nw_dst:10.99.0.3,output:v2),output:v2"
"${OF[@]}" add-flow br0 "priority=10,in_port=v1,udp,tp_dst=6004,actions=push_mpls:0x8847,set_field:10->mpls_label,output:v2"
"${OF[@]}" add-flow br0 "priority=10,in_port=v1,udp,tp_dst=6005,actions=push_vlan:0x88a8,set_field:4196->vlan_vid,output:v2"
"${OF[@]}" add-flow br0 "priority=10,in_port=v1,udp,tp_dst=6006,actions=sample(probability=30000,collector_set_id=1,obs_domain_id=2,obs_point_id=3),output:v2"
"${OF[@]}" add-flow br0 "priority=10,in_port=v1,udp,tp_dst=6007,actions=output:v2,output:v2"
/sbin/modprobe -d "$VM_KDIR" vxlan 2>/dev/null
ovs-vsctl add-port br0 vx1 -- set interface vx1 type=vxlan \
	options:remote_ip=10.99.0.2 options:key=flow || log "no vxlan port"
"${OF[@]}" add-flow br0 "priority=10,in_port=v1,udp,tp_dst=6008,actions=set_tunnel:5,output:vx1"
"${OF[@]}" add-flow br0 "priority=0,actions=NORMAL"
ovs-dpctl show >"$OUT/dpctl-show.txt"
ovs-vsctl -- --id=@br get Bridge br0 \
	-- --id=@i create IPFIX targets=\"127.0.0.1:4739\" \
	-- create Flow_Sample_Collector_Set id=1 bridge=@br ipfix=@i >/dev/null
ns1 ping -c 2 -i 0.3 -W 1 $NS2_IP >/dev/null
ns1 ping -c 2 -i 0.3 -W 1 -s 400 $NS2_IP >/dev/null
for p in 6001 6002 6003 6004 6005 6006 6007 6008; do udp_send ns1 $NS2_IP $p; done
phase_end misc
ovs-vsctl -- --all destroy Flow_Sample_Collector_Set >/dev/null 2>&1
ovs-vsctl --if-exists del-port br0 vx1

log "phase exact"
ovs-appctl upcall/disable-megaflows >/dev/null
"${OF[@]}" add-flow br0 actions=NORMAL
ns1 ping -c 2 -i 0.3 -W 1 $NS2_IP >/dev/null
udp_send ns1 $NS2_IP 5555
ns1 ip neigh flush dev eth0
ns1 arping -c 1 -w 1 -I eth0 $NS2_IP >/dev/null 2>&1
phase_end exact
ovs-appctl upcall/enable-megaflows >/dev/null

sleep 1
kill $tcpdump_pid
wait $tcpdump_pid 2>/dev/null
cp /tmp/nl.pcap "$OUT/nl.pcap"
cat /tmp/tcpdump.log
log "captured $(stat -c %s "$OUT/nl.pcap") bytes"
