#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The flows test_dpctl_diff.sh adds with `ovs-dpctl add-flow`, one per
line as KEY<TAB>ACTIONS, in the text OVS 3.1's odp-util parses: every key
attribute the kernel defines, alone and nested, exact and masked, each
with and without a UFID; and every action on one plain key. Deterministic:
the same list on every run."""

IN = "in_port(1)"
ETH = "eth(src=52:54:00:39:89:ff,dst=52:54:00:00:00:02)"
ETH_M = "eth(src=52:54:00:39:89:ff/ff:ff:ff:00:00:00,dst=52:54:00:00:00:02)"

IP4 = "ipv4(src=10.1.2.3,dst=10.4.5.6,proto={p},tos=0x10,ttl=64,frag={f})"
IP4_M = "ipv4(src=10.1.2.3/255.255.255.0,dst=10.4.5.6/255.255.0.0,proto={p},tos=0x10/0xfc,ttl=64/0,frag={f})"
IP6 = ("ipv6(src=2001:db8::1,dst=2001:db8::2,label=0x12345,proto={p},tclass=0x20,"
       "hlimit=64,frag={f})")
IP6_M = ("ipv6(src=2001:db8::1/ffff:ffff::,dst=2001:db8::2,label=0x12345/0xff,proto={p},"
         "tclass=0x20/0xf0,hlimit=64,frag={f})")


def l4(proto, masked):
    """Transport headers of proto, exact or masked."""
    if proto == 6:
        return ["tcp(src=1000,dst=80),tcp_flags(0)", "tcp(src=1000,dst=80),tcp_flags(syn|ack)",
                "tcp(src=1000/0xff00,dst=80),tcp_flags(0x012/0x0ff)" if masked
                else "tcp(src=1000,dst=80),tcp_flags(0x002)"]
    if proto == 17:
        return ["udp(src=1000,dst=53)", "udp(src=1000/0xf000,dst=53)" if masked
                else "udp(src=0,dst=4789)"]
    if proto == 132:
        return ["sctp(src=5000,dst=6000)", "sctp(src=5000/0xff00,dst=6000/0xffff)" if masked
                else "sctp(src=1,dst=2)"]
    if proto == 1:
        return ["icmp(type=8,code=0)", "icmp(type=3/0xff,code=1/0)" if masked
                else "icmp(type=0,code=0)"]
    if proto == 58:
        return ["icmpv6(type=128,code=0)",
                "icmpv6(type=135,code=0),nd(target=2001:db8::2,sll=52:54:00:39:89:ff,tll=00:00:00:00:00:00)",
                "icmpv6(type=136,code=0),nd(target=2001:db8::2,sll=00:00:00:00:00:00,tll=52:54:00:00:00:02)",
                "icmpv6(type=135,code=0),nd(target=2001:db8::2/ffff:ffff::,sll=52:54:00:39:89:ff/ff:ff:ff:00:00:00,tll=00:00:00:00:00:00/00:00:00:00:00:00)"
                if masked else "icmpv6(type=129,code=0)"]
    return []


def l3_keys():
    """eth_type and what follows, for every network protocol the kernel
    parses."""
    out = []
    for masked in (False, True):
        ip4, ip6 = (IP4_M, IP6_M) if masked else (IP4, IP6)
        for p in (6, 17, 132, 1, 47):
            for f in ("no", "first", "later"):
                base = "eth_type(0x0800)," + ip4.format(p=p, f=f)
                tails = l4(p, masked) if f != "later" else [""]
                for t in tails or [""]:
                    out.append(base + ("," + t if t else ""))
        for p in (6, 17, 132, 58):
            for f in ("no", "first", "later"):
                base = "eth_type(0x86dd)," + ip6.format(p=p, f=f)
                tails = l4(p, masked) if f != "later" else [""]
                for t in tails or [""]:
                    out.append(base + ("," + t if t else ""))
    out += [
        "eth_type(0x0806),arp(sip=10.1.2.3,tip=10.4.5.6,op=1,sha=52:54:00:39:89:ff,tha=00:00:00:00:00:00)",
        "eth_type(0x0806),arp(sip=10.1.2.3/255.255.255.0,tip=10.4.5.6,op=2,sha=52:54:00:39:89:ff/ff:ff:ff:00:00:00,tha=52:54:00:00:00:02)",
        "eth_type(0x8035),arp(sip=0.0.0.0,tip=0.0.0.0,op=3,sha=52:54:00:39:89:ff,tha=52:54:00:39:89:ff)",
        "eth_type(0x8847),mpls(label=100,tc=3,ttl=64,bos=1)",
        "eth_type(0x8848),mpls(label=100,tc=0,ttl=64,bos=0),mpls(label=200,tc=0,ttl=63,bos=1)",
        "eth_type(0x8847),mpls(label=1,tc=0,ttl=1,bos=0),mpls(label=2,tc=0,ttl=2,bos=0),mpls(label=3,tc=0,ttl=3,bos=1)",
        "eth_type(0x8847),mpls(label=100/0xff,tc=0/0,ttl=64/0,bos=1/1)",
        "eth_type(0x894f),nsh(flags=0,ttl=63,mdtype=1,np=3,spi=0x100,si=255,c1=0x1,c2=0x2,c3=0x3,c4=0x4)",
        "eth_type(0x894f),nsh(flags=0,ttl=63,mdtype=1,np=3,spi=0x100/0xff,si=255,c1=0x1/0xff,c2=0,c3=0,c4=0)",
        "eth_type(0x1234)",
        "eth_type(0x88cc)",
    ]
    return out


def l2_prefixes():
    """What comes before eth_type: Ethernet, VLAN tags, or nothing."""
    return ["", "masked-eth"]


def vlan_keys():
    inner = "eth_type(0x0800)," + IP4.format(p=17, f="no") + ",udp(src=1,dst=2)"
    return [
        "eth_type(0x8100),vlan(vid=100,pcp=3),encap(" + inner + ")",
        "eth_type(0x8100),vlan(vid=100/0xfff,pcp=0/0),encap(" + inner + ")",
        "eth_type(0x88a8),vlan(vid=10,pcp=0),encap(eth_type(0x8100),vlan(vid=20,pcp=1),encap(" + inner + "))",
        "eth_type(0x8100),vlan(vid=4095,pcp=7),encap(eth_type(0x0806),arp(sip=1.1.1.1,tip=2.2.2.2,op=1,sha=00:00:00:00:00:01,tha=00:00:00:00:00:02))",
        "eth_type(0x8100),vlan(vid=1,pcp=0),encap()",
    ]


def metadata_prefixes():
    return [
        "",
        "recirc_id(0x5),",
        "dp_hash(0x12345678),",
        "dp_hash(0x5/0xff),",
        "skb_priority(0x7),",
        "skb_mark(0x1234),",
        "skb_mark(0x10/0xf0),",
        "ct_state(+trk+est),",
        "ct_state(+new-est+trk),",
        "ct_state(+trk+rpl+inv+rel+snat+dnat),",
        "ct_zone(0x5),",
        "ct_zone(0x5/0xff),",
        "ct_mark(0xdeadbeef),",
        "ct_mark(0x1/0xf),",
        "ct_label(0x1234),",
        "ct_label(0x1/0xff),",
        "ct_state(+trk),ct_tuple4(src=10.1.2.3,dst=10.4.5.6,proto=6,tp_src=1000,tp_dst=80),",
    ]


def tunnels():
    v4 = "src=192.168.0.1,dst=192.168.0.2"
    v6 = "ipv6_src=2001:db8::a,ipv6_dst=2001:db8::b"
    return [
        "tunnel(tun_id=0x7f10354," + v4 + ",ttl=64,flags(df|key)),",
        "tunnel(tun_id=0x7f10354/0xff," + v4 + ",ttl=64,flags(df|key)),",
        "tunnel(tun_id=0x5," + v4 + ",tos=0x10,ttl=64,tp_src=1000,tp_dst=4789,flags(csum|key)),",
        "tunnel(" + v4 + ",ttl=64,flags(-df-csum)),",
        "tunnel(" + v4 + "/255.255.255.0,ttl=64/0,flags(df)),",
        "tunnel(tun_id=0x5," + v6 + ",ttl=64,flags(key)),",
        "tunnel(tun_id=0x5," + v6 + "/ffff::,ttl=64,flags(key)),",
        "tunnel(tun_id=0x5," + v4 + ",ttl=64,geneve({class=0x102,type=0x80,len=4,0xa}),flags(df|key)),",
        "tunnel(tun_id=0x5," + v4 + ",ttl=64,geneve({class=0xffff,type=0x1,len=8,0x1122334455667788}{class=0x102,type=0x2,len=0}),flags(key)),",
        "tunnel(tun_id=0x5," + v4 + ",ttl=64,geneve({class=0x102,type=0x80,len=4,0xa/0xf}),flags(key)),",
        "tunnel(tun_id=0x5," + v4 + ",ttl=64,vxlan(gbp(id=10,flags=0x8)),flags(key)),",
        "tunnel(tun_id=0x5," + v4 + ",ttl=64,vxlan(gbp(id=10/0xff,flags=0x8/0)),flags(key)),",
        "tunnel(" + v4 + ",ttl=64,erspan(ver=1,idx=0x7),flags(df)),",
        "tunnel(" + v4 + ",ttl=64,erspan(ver=1,idx=0x7/0xf),flags(df)),",
        "tunnel(" + v4 + ",ttl=64,erspan(ver=2,dir=1,hwid=0x3),flags(df)),",
        "tunnel(" + v4 + ",ttl=64,erspan(ver=2,dir=0/1,hwid=0x3/0xf),flags(df)),",
        "tunnel(" + v4 + ",ttl=64,gtpu(flags=0x30,msgtype=255),flags(df)),",
        "tunnel(tun_id=0x0,dst=192.168.0.2,ttl=0,flags(oam|key)),",
    ]


def keys():
    out = []
    body = [IN + "," + ETH + "," + k for k in l3_keys()]
    body += [IN + "," + ETH_M + "," + k for k in l3_keys()[:6]]
    body += [IN + "," + ETH + "," + k for k in vlan_keys()]
    body += [IN + ",eth()," + "eth_type(0x0800)," + IP4.format(p=17, f="no")]
    # No Ethernet header: a layer 3 flow (mac_proto none).
    body += [IN + ",eth_type(0x0800)," + IP4.format(p=6, f="no") + ",tcp(src=1,dst=2)"]
    body += [IN + ",eth_type(0x86dd)," + IP6.format(p=17, f="no") + ",udp(src=1,dst=2)"]
    # No in_port at all, and an 802.2 frame (no eth_type attribute).
    # (Ports of its own: without in_port it would take the packets of
    # every flow below.)
    body += [ETH + ",eth_type(0x0800)," + IP4.format(p=17, f="no") + ",udp(src=7,dst=7)"]
    body += [IN + "," + ETH]
    plain = IN + "," + ETH + ",eth_type(0x0800)," + IP4.format(p=17, f="no") + ",udp(src=1,dst=2)"
    for m in metadata_prefixes()[1:]:
        body.append(m + plain)
    for t in tunnels():
        body.append(t + plain)
    body.append(tunnels()[0] + "ct_state(+trk),ct_zone(0x1)," + plain)
    body.append("ct_state(+trk),ct_tuple6(src=2001:db8::1,dst=2001:db8::2,proto=17,tp_src=1,tp_dst=2),"
                + IN + "," + ETH + ",eth_type(0x86dd)," + IP6.format(p=17, f="no") + ",udp(src=1,dst=2)")
    return body


ACTION_KEY = (IN + "," + ETH + ",eth_type(0x0800)," +
              "ipv4(src=10.1.2.3,dst=10.4.5.6,proto=17,tos=0,ttl=64,frag=no),udp(src=1,dst=2)")

# OVS 3.1's ovs-dpctl prints but cannot parse push_mpls, pop_mpls,
# push_eth, pop_eth, hash, dec_ttl, meter and psample, nor some spellings
# below (recirc in hex, ct force, pop_nsh without "()", slow_path(controller)):
# they are reported as not parsed.
ACTIONS = [
    "drop", "2", "2,3", "2,3,2",
    "userspace(pid=1)",
    "userspace(pid=1,userdata(01020304))",
    "userspace(pid=1,sFlow(vid=5,pcp=1,output=2))",
    "userspace(pid=1,slow_path(match))",
    "userspace(pid=1,slow_path(controller))",
    "userspace(pid=1,flow_sample(probability=100,collector_set_id=1,obs_domain_id=2,obs_point_id=3,output_port=2))",
    "userspace(pid=1,ipfix(output_port=2))",
    "userspace(pid=1,controller(reason=1,dont_send=0,continuation=0,recirc_id=3,rule_cookie=0x1,controller_id=0,max_len=65535))",
    "userspace(pid=1,flow_sample(probability=1,collector_set_id=0,obs_domain_id=0,obs_point_id=0,output_port=4294967295,ingress))",
    "userspace(pid=1,userdata(00),actions)",
    "userspace(pid=1,tunnel_out_port=2)",
    "set(skb_priority(0x5))", "set(skb_mark(0x1))", "set(skb_mark(0x1/0xf))",
    "set(eth(src=52:54:00:00:00:01,dst=52:54:00:00:00:02))",
    "set(eth(src=52:54:00:00:00:01/ff:ff:ff:00:00:00))",
    "set(ipv4(src=1.1.1.1,dst=2.2.2.2,proto=17,tos=0,ttl=64,frag=no))",
    "set(ipv4(src=1.1.1.1/255.255.255.0))",
    "set(ipv4(tos=0x4/0xfc,ttl=32/0xff))",
    "set(udp(src=5,dst=6))", "set(udp(dst=7/0xff))",
    "set(tunnel(tun_id=0x5,dst=10.99.0.2,ttl=64,tp_dst=4789,flags(df|key)))",
    "set(tunnel(tun_id=0x5,src=10.0.0.1,dst=10.99.0.2,tos=0,ttl=64,tp_src=0,tp_dst=4789,flags(key)))",
    "set(tunnel(dst=10.99.0.2,ttl=64,geneve({class=0x102,type=0x80,len=4,0xa}),flags(df)))",
    "set(tunnel(tun_id=0x5,dst=10.99.0.2,ttl=64,vxlan(gbp(id=10,flags=0x8)),flags(key)))",
    "set(tunnel(dst=10.99.0.2,ttl=64,erspan(ver=1,idx=0x7),flags(df)))",
    "set(tunnel(dst=10.99.0.2,ttl=64,erspan(ver=2,dir=1,hwid=0x3),flags(df)))",
    "set(tunnel(tun_id=0x5,ipv6_dst=2001:db8::b,ttl=64,flags(key)))",
    "push_vlan(vid=10,pcp=3),2", "push_vlan(tpid=0x88a8,vid=10,pcp=0),2", "pop_vlan,2",
    "push_mpls(label=10,tc=0,ttl=64,bos=1,eth_type=0x8847),2",
    "pop_mpls(eth_type=0x800),2",
    "pop_eth,2", "push_eth(src=52:54:00:00:00:01,dst=52:54:00:00:00:02),2",
    "ct", "ct(commit)", "ct(commit,zone=5)", "ct(zone=5,mark=0x1/0xff)",
    "ct(commit,label=0x1/0xff)", "ct(commit,nat(src=10.0.0.1-10.0.0.10:1000-2000,random))",
    "ct(commit,nat(dst=10.0.0.1,persistent))", "ct(nat)", "ct(commit,helper=ftp)",
    "ct(commit,force)", "ct_clear,2",
    "recirc(0x1)", "hash(l4(0)),recirc(0x2)", "hash(sym_l4(5)),recirc(0x2)",
    "clone(2)", "clone(set(ipv4(src=1.1.1.1/255.255.255.255)),2),3",
    "sample(sample=50.0%,actions(2))", "sample(sample=100.0%,actions(userspace(pid=1)))",
    "check_pkt_len(size=200,gt(2),le(3))", "check_pkt_len(size=1500,gt(drop),le(2,3))",
    "trunc(100),2", "meter(0),2",
    "dec_ttl(le_1(drop)),2", "dec_ttl(le_1(userspace(pid=1))),2",
    "push_nsh(flags=0,ttl=63,mdtype=1,np=3,spi=0x100,si=255,c1=0x1,c2=0x2,c3=0x3,c4=0x4),2",
    "pop_nsh,2",
    "tnl_pop(2)", "lb_output(1)",
    "psample(group=1,cookie=0x0102)",
]


def main():
    """Each flow carries what tells its dump line apart: a key flow its own
    output port, an action flow its own UDP source port."""
    seen = set()
    n = 0
    # The kernel takes a new flow that a packet of an installed one would
    # hit for that flow (EEXIST): each flow has an in_port of its own, and
    # the kernel always matches in_port exactly.
    for k in keys():
        if k in seen:
            continue
        seen.add(k)
        for ufid in (False, True):
            n += 1
            key = ("ufid:%08x-0000-4000-8000-%012x," % (n, n) if ufid else "") + \
                k.replace(IN, "in_port(%d)" % (100 + n))
            print("%s\t%d" % (key, 1000 + n))
    for i, a in enumerate(ACTIONS):
        n += 1
        key = ACTION_KEY.replace("udp(src=1,", "udp(src=%d," % (20000 + i))
        key = key.replace(IN, "in_port(%d)" % (100 + n))
        print("ufid:%08x-0000-4000-8000-%012x,%s\t%s" % (n, n, key, a))


if __name__ == "__main__":
    main()
