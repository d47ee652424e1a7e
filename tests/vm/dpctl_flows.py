#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The flows test_dpctl_diff.sh adds with `ovs-dpctl add-flow`, one per
line as KEY<TAB>ACTIONS, in the text OVS 3.1's odp-util parses: every key
attribute the kernel defines, alone and nested, exact and masked, each
with and without a UFID; and every action on one plain key. Deterministic:
the same list on every run."""
import struct

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
        # NSH keys: OVS 3.1's ovs-dpctl parses none; raw_flows() has them.
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


UDP4 = (IN + "," + ETH + ",eth_type(0x0800)," +
        "ipv4(src=10.1.2.3,dst=10.4.5.6,proto=17,tos=0,ttl=64,frag=no),udp(src=1,dst=2)")
# An action is checked against its flow's key (set(tcp) needs TCP, pop_mpls
# MPLS, pop_nsh NSH): these are the keys actions run on.
TEMPLATES = {
    "udp4": UDP4,
    # The kernel refuses a TCP key without tcp_flags.
    "tcp4": UDP4.replace("proto=17", "proto=6").replace("udp(src=1,dst=2)",
                                                         "tcp(src=1,dst=2),tcp_flags(0)"),
    "sctp4": UDP4.replace("proto=17", "proto=132").replace("udp(", "sctp("),
    "udp6": (IN + "," + ETH + ",eth_type(0x86dd),ipv6(src=2001:db8::1,dst=2001:db8::2,"
             "label=0,proto=17,tclass=0,hlimit=64,frag=no),udp(src=1,dst=2)"),
    "mpls": IN + "," + ETH + ",eth_type(0x8847),mpls(label=100,tc=0,ttl=64,bos=1)",
    "vlan": (IN + "," + ETH + ",eth_type(0x8100),vlan(vid=10,pcp=0),encap(eth_type(0x0800),"
             "ipv4(src=10.1.2.3,dst=10.4.5.6,proto=17,tos=0,ttl=64,frag=no),udp(src=1,dst=2))"),
}

# Every action on the udp4 key unless another is named. OVS 3.1's ovs-dpctl
# prints but cannot parse push_mpls, pop_mpls, push_eth, pop_eth, hash,
# dec_ttl, psample and the explicit drop action: raw_flows() puts those.
# The kernel refuses some of these on purpose (see the README): a masked
# set whose value has bits outside its mask, ct mark without commit,
# lb_output and tnl_pop (userspace datapath only).
ACTIONS = [
    "2", "2,3", "2,3,2", "0", "4294967295",
    "userspace(pid=1)",
    "userspace(pid=1,userdata(01020304))",
    "userspace(pid=1,userdata(0102030405060708090a0b0c0d0e0f10))",
    "userspace(pid=1,sFlow(vid=5,pcp=1,output=2))",
    "userspace(pid=1,slow_path(match))",
    "userspace(pid=1,slow_path(bfd))",
    "userspace(pid=1,slow_path(cfm|lacp|stp|lldp))",
    "userspace(pid=1,slow_path(action))",
    "userspace(pid=1,flow_sample(probability=100,collector_set_id=1,obs_domain_id=2,obs_point_id=3,output_port=2))",
    "userspace(pid=1,flow_sample(probability=1,collector_set_id=0,obs_domain_id=0,obs_point_id=0,output_port=4294967295,ingress))",
    "userspace(pid=1,flow_sample(probability=65535,collector_set_id=7,obs_domain_id=8,obs_point_id=9,output_port=3,egress))",
    "userspace(pid=1,ipfix(output_port=2))",
    "userspace(pid=1,controller(reason=1,dont_send=0,continuation=0,recirc_id=3,rule_cookie=0x1,controller_id=0,max_len=65535))",
    "userspace(pid=1,controller(reason=0,dont_send=1,continuation=1,recirc_id=0,rule_cookie=0xfedcba9876543210,controller_id=5,max_len=128))",
    "userspace(pid=1,userdata(00),actions)",
    "userspace(pid=1,tunnel_out_port=2)",
    "userspace(pid=4294967295,userdata(ff),actions,tunnel_out_port=3)",
    "set(skb_priority(0x5))", "set(skb_priority(0x5/0xff))",
    "set(skb_mark(0x1))", "set(skb_mark(0x1/0xf))",
    "set(eth(src=52:54:00:00:00:01,dst=52:54:00:00:00:02))",
    "set(eth(src=52:54:00:00:00:01/ff:ff:ff:00:00:00))",
    "set(eth(src=52:54:00:00:00:00/ff:ff:ff:00:00:00))",
    "set(eth(dst=00:00:00:00:00:02/00:00:00:00:00:ff))",
    "set(ipv4(src=1.1.1.1,dst=2.2.2.2,proto=17,tos=0,ttl=64,frag=no))",
    "set(ipv4(src=1.1.1.1/255.255.255.0))",
    "set(ipv4(src=1.1.1.0/255.255.255.0))",
    "set(ipv4(tos=0x4/0xfc,ttl=32/0xff))",
    "set(ipv4(dst=10.0.0.0/255.0.0.0,ttl=1/0xff))",
    "set(udp(src=5,dst=6))", "set(udp(dst=7/0xff))", "set(udp(src=256/0xff00))",
    ("tcp4", "set(tcp(src=5,dst=6))"), ("tcp4", "set(tcp(dst=20480/0xff00))"),
    ("sctp4", "set(sctp(src=5,dst=6))"), ("sctp4", "set(sctp(src=7/0xff))"),
    ("udp6", "set(ipv6(src=2001:db8::9,dst=2001:db8::a,label=0,proto=17,tclass=0,hlimit=64,frag=no))"),
    ("udp6", "set(ipv6(src=2001:db8::/ffff:ffff::))"),
    ("udp6", "set(ipv6(label=0x5/0xfffff,tclass=0x10/0xfc,hlimit=1/0xff))"),
    # Written whole, a set(ipv6) is a masked one (the label has 20 bits),
    # and a masked set may not touch proto or frag: the kernel refuses the
    # full form above; this one it takes.
    ("udp6", "set(ipv6(src=2001:db8::9,dst=2001:db8::a))"),
    ("mpls", "set(mpls(label=200,tc=1,ttl=63,bos=1))"),
    ("mpls", "set(mpls(label=200/0xfffff,tc=0/0,ttl=0/0,bos=0/0))"),
    "set(tunnel(tun_id=0x5,dst=10.99.0.2,ttl=64,tp_dst=4789,flags(df|key)))",
    "set(tunnel(tun_id=0x5,src=10.0.0.1,dst=10.99.0.2,tos=0,ttl=64,tp_src=0,tp_dst=4789,flags(key)))",
    "set(tunnel(tun_id=0xffffffffffffffff,src=10.0.0.1,dst=10.99.0.2,tos=0xfc,ttl=255,tp_src=65535,tp_dst=6081,flags(df|csum|key)))",
    "set(tunnel(dst=10.99.0.2,ttl=64,geneve({class=0x102,type=0x80,len=4,0xa}),flags(df)))",
    "set(tunnel(dst=10.99.0.2,ttl=64,geneve({class=0xffff,type=0x1,len=8,0x1122334455667788}{class=0x102,type=0x2,len=0}),flags(df)))",
    "set(tunnel(tun_id=0x5,dst=10.99.0.2,ttl=64,vxlan(gbp(id=10,flags=0x8)),flags(key)))",
    "set(tunnel(dst=10.99.0.2,ttl=64,erspan(ver=1,idx=0x7),flags(df)))",
    "set(tunnel(dst=10.99.0.2,ttl=64,erspan(ver=2,dir=1,hwid=0x3),flags(df)))",
    "set(tunnel(tun_id=0x5,ipv6_dst=2001:db8::b,ttl=64,flags(key)))",
    "set(tunnel(tun_id=0x5,ipv6_src=2001:db8::a,ipv6_dst=2001:db8::b,ttl=64,tp_dst=6081,flags(key)))",
    "push_vlan(vid=10,pcp=3),2", "push_vlan(tpid=0x88a8,vid=10,pcp=0),2",
    "push_vlan(vid=4095,pcp=7,cfi=0),2", "pop_vlan,2", ("vlan", "pop_vlan,2"),
    "push_vlan(tpid=0x88a8,vid=10,pcp=0),push_vlan(vid=20,pcp=1),2",
    "add_mpls(label=10,tc=1,ttl=64,bos=1,eth_type=0x8847),2",
    "add_mpls(label=1048575,tc=7,ttl=255,bos=0,eth_type=0x8848),2",
    "ct", "ct(commit)", "ct(commit,zone=5)", "ct(zone=65535)",
    "ct(zone=5,mark=0x1/0xff)", "ct(commit,zone=5,mark=0x1/0xff)", "ct(commit,mark=0xdeadbeef)",
    "ct(commit,label=0x1/0xff)",
    "ct(commit,label=0xffffffffffffffffffffffffffffffff)",
    "ct(commit,nat(src=10.0.0.1-10.0.0.10:1000-2000,random))",
    "ct(commit,nat(src=10.0.0.1:80))", "ct(commit,nat(src=10.0.0.1,hash))",
    "ct(commit,nat(dst=10.0.0.1,persistent))", "ct(nat)", "ct(commit,nat(src))",
    "ct(commit,nat(dst))",
    ("udp6", "ct(commit,nat(src=[2001:db8::1]-[2001:db8::5]:1000-2000))"),
    ("udp6", "ct(commit,nat(dst=[2001:db8::1]:443,random,persistent))"),
    "ct(commit,nat(src=[2001:db8::1]-[2001:db8::5]:1000-2000))",  # refused: IPv6 NAT, IPv4 flow
    # A helper of the flow's protocol: ftp is TCP's, tftp UDP's.
    "ct(commit,helper=ftp)", ("tcp4", "ct(commit,helper=ftp)"), "ct(commit,helper=tftp)",
    "ct(commit,timeout=tp1)",
    "ct(force_commit)", "ct(force_commit,zone=3)",
    ("tcp4", "ct(commit,zone=1,mark=0x2/0x3,label=0x4/0x5,nat(src=10.0.0.1),helper=ftp)"),
    "ct_clear,2",
    "recirc(1)", "recirc(4294967295)",
    "clone(2)", "clone(set(ipv4(src=1.1.1.1,dst=2.2.2.2,proto=17,tos=0,ttl=64,frag=no)),2),3",
    "clone(clone(2),3)", "clone(drop)",
    "sample(sample=50.0%,actions(2))", "sample(sample=100.0%,actions(userspace(pid=1)))",
    "sample(sample=0.0%,actions(2))", "sample(sample=33.3%,actions(clone(2),3))",
    "check_pkt_len(size=200,gt(2),le(3))", "check_pkt_len(size=1500,gt(drop),le(2,3))",
    "check_pkt_len(size=65535,gt(userspace(pid=1)),le(drop))",
    "check_pkt_len(size=64,gt(check_pkt_len(size=128,gt(2),le(3))),le(4))",
    "trunc(100),2", "trunc(65535),2", "meter(0),2", "meter(4294967295),2",
    "push_nsh(flags=0,ttl=63,mdtype=1,np=3,spi=0x100,si=255,c1=0x1,c2=0x2,c3=0x3,c4=0x4),2",
    "push_nsh(flags=2,ttl=1,mdtype=2,np=1,spi=0xffffff,si=0,md2=0x0102),2",
    "tnl_pop(2)", "lb_output(1)",
    "psample(group=1,cookie=0x0102)",
]


def nla(typ, payload):
    """A netlink attribute, padded to 4 bytes."""
    n = 4 + len(payload)
    return struct.pack("=HH", n, typ) + payload + b"\0" * ((4 - n % 4) % 4)


def nest(typ, *parts):
    return nla(typ, b"".join(parts))


def u32(typ, v):
    return nla(typ, struct.pack("=I", v))


MAC1 = bytes.fromhex("525400000001")
MAC_SRC, MAC_DST = bytes.fromhex("5254003989ff"), bytes.fromhex("525400000002")


NSH_BASE = bytes([0, 63, 1, 3]) + struct.pack("!I", 0x100 << 8 | 255)  # flags ttl mdtype np, spi si
NSH_MD1 = struct.pack("!IIII", 1, 2, 3, 4)


def nsh(base, md1):
    return nest(28, nla(1, base), nla(2, md1))                      # NSH: BASE, MD1


def raw_key(kind, port, sport):
    """The kernel attributes of a udp4 flow (kind "udp4"), of the same
    without Ethernet ("l3"), of an MPLS flow ("mpls") or an NSH one
    ("nsh", "nsh-masked")."""
    k = u32(3, port)                                              # IN_PORT
    if kind != "l3":
        k += nla(4, MAC_SRC + MAC_DST)                             # ETHERNET
    if kind.startswith("nsh"):
        return k + nla(6, struct.pack("!H", 0x894f)) + nsh(NSH_BASE, NSH_MD1)
    if kind == "mpls":
        return k + nla(6, struct.pack("!H", 0x8847)) + \
            nla(21, struct.pack("!I", 100 << 12 | 1 << 8 | 64))     # MPLS
    return k + nla(6, struct.pack("!H", 0x0800)) + \
        nla(7, bytes([10, 1, 2, 3, 10, 4, 5, 6, 17, 0, 64, 0])) + \
        nla(10, struct.pack("!HH", sport, 2))                       # IPV4, UDP


def exact_mask(key):
    """All ones over every attribute of key, as ovs-dpctl sends it; an NSH
    key's nested attributes each."""
    out, off = b"", 0
    while off < len(key):
        n, typ = struct.unpack_from("=HH", key, off)
        body = key[off + 4:off + n]
        out += nla(typ, exact_mask(body) if typ == 28 else b"\xff" * (n - 4))
        off += (n + 3) & ~3
    return out


def raw_mask(kind, key):
    if kind != "nsh-masked":
        return exact_mask(key)
    # np and spi matched, flags and ttl not, si and c1 in part.
    return exact_mask(key[:-len(nsh(NSH_BASE, NSH_MD1))]) + nsh(
        bytes([0, 0, 0xff, 0xff]) + struct.pack("!I", 0xffffff00 | 0xf0),
        struct.pack("!IIII", 0xff, 0, 0, 0))


def lse(label, tc, ttl, bos):
    return label << 12 | tc << 9 | bos << 8 | ttl


def psample(*parts):
    return nla(25 | 0x8000, b"".join(parts))                        # PSAMPLE, NLA_F_NESTED


OUT2 = u32(1, 2)
USER1 = nest(2, u32(1, 1))                                          # USERSPACE(PID)
# (key kind, text as the description of the row, actions)
RAW_ACTIONS = [
    ("udp4", "drop (no action)", b""),
    ("udp4", "drop action, reason 0", u32(24, 0)),
    ("udp4", "drop action, reason 4", u32(24, 4)),
    ("udp4", "2,drop action", OUT2 + u32(24, 0)),
    ("udp4", "push_mpls(label=10,tc=0,ttl=64,bos=1,eth_type=0x8847),2",
     nla(9, struct.pack("!IH2x", lse(10, 0, 64, 1), 0x8847)) + OUT2),
    ("udp4", "push_mpls(label=1048575,tc=7,ttl=255,bos=0,eth_type=0x8848),2",
     nla(9, struct.pack("!IH2x", lse(0xfffff, 7, 255, 0), 0x8848)) + OUT2),
    ("mpls", "pop_mpls(eth_type=0x800),2", nla(10, struct.pack("!H", 0x0800)) + OUT2),
    ("mpls", "pop_mpls(eth_type=0x8847),pop_mpls(eth_type=0x86dd),2",
     nla(10, struct.pack("!H", 0x8847)) + nla(10, struct.pack("!H", 0x86dd)) + OUT2),
    ("udp4", "pop_eth,2", nla(15, b"") + OUT2),
    ("udp4", "pop_eth,push_eth(src=52:54:00:00:00:01,dst=52:54:00:00:00:02),2",
     nla(15, b"") + nla(14, MAC1 + MAC_DST) + OUT2),
    ("l3", "push_eth(src=52:54:00:00:00:01,dst=52:54:00:00:00:02),2",
     nla(14, MAC1 + MAC_DST) + OUT2),
    ("udp4", "push_eth on an Ethernet flow", nla(14, MAC1 + MAC_DST) + OUT2),
    ("udp4", "hash(l4(0)),recirc(2)", nla(8, struct.pack("=II", 0, 0)) + u32(7, 2)),
    ("udp4", "hash(l4(305419896)),recirc(2)", nla(8, struct.pack("=II", 0, 0x12345678)) + u32(7, 2)),
    ("udp4", "hash(sym_l4(5)),recirc(2)", nla(8, struct.pack("=II", 1, 5)) + u32(7, 2)),
    ("udp4", "dec_ttl(le_1(drop)),2", nest(23, nest(1)) + OUT2),
    ("udp4", "dec_ttl(le_1(userspace(pid=1))),2", nest(23, nest(1, USER1)) + OUT2),
    ("udp4", "dec_ttl(le_1(2,3)),4", nest(23, nest(1, OUT2, u32(1, 3))) + u32(1, 4)),
    # The kernel parses psample strictly: NLA_F_NESTED set.
    ("udp4", "psample(group=1,cookie=0x0102)", psample(u32(1, 1), nla(2, b"\x01\x02"))),
    ("udp4", "psample(group=4294967295)", psample(u32(1, 0xffffffff))),
    ("udp4", "psample(group=7,cookie=16 bytes),2",
     psample(u32(1, 7), nla(2, bytes(range(1, 17)))) + OUT2),
    ("udp4", "psample(cookie before group)", psample(nla(2, b"\x00\x0a"), u32(1, 3))),
    ("udp4", "clone(psample(group=1)),2", nest(20, psample(u32(1, 1))) + OUT2),
    ("udp4", "clone(drop),2", nest(20) + OUT2),
    ("udp4", "sample(sample=25.0%,actions(drop)),2",
     nest(6, u32(1, 0x40000000), nest(2)) + OUT2),
    ("nsh", "nsh key, 2", OUT2),
    ("nsh-masked", "masked nsh key, 2", OUT2),
    ("nsh", "pop_nsh(),2", nla(18, b"") + OUT2),
    ("nsh", "set(nsh(flags=0,ttl=10,mdtype=1,np=3,spi=0x200,si=254,c1=0x5,...))",
     nest(3, nsh(bytes([0, 10, 1, 3]) + struct.pack("!I", 0x200 << 8 | 254),
                 struct.pack("!IIII", 5, 6, 7, 8)))),
    ("nsh", "set(nsh(spi=0x200/0xffff00,si=254/0xff)) masked",
     nest(11, nsh(bytes([0, 0, 0, 0]) + struct.pack("!I", 0x200 << 8 | 254) +
                  bytes([0, 0, 0, 0]) + struct.pack("!I", 0xffff0000 | 0xff),
                  bytes(32)))),
    ("nsh", "set(nsh(ttl=9)) base only, masked",
     nest(11, nest(28, nla(1, bytes([0, 9, 0, 0, 0, 0, 0, 0, 0, 0xff, 0, 0, 0, 0, 0, 0]))))),
]


def dpctl_rows():
    """The flows for ovs-dpctl add-flow: (key, actions). Each carries what
    tells its dump line apart: a key flow its own output port, an action
    flow its own UDP source port. The kernel takes a new flow that a packet
    of an installed one would hit for that flow (EEXIST): each flow has an
    in_port of its own, and the kernel always matches in_port exactly."""
    rows, seen = [], set()
    n = 0
    for k in keys():
        if k in seen:
            continue
        seen.add(k)
        for ufid in (False, True):
            n += 1
            key = ("ufid:%08x-0000-4000-8000-%012x," % (n, n) if ufid else "") + \
                k.replace(IN, "in_port(%d)" % (100 + n))
            rows.append((key, "%d" % (1000 + n)))
    for i, a in enumerate(ACTIONS):
        n += 1
        tmpl, a = a if isinstance(a, tuple) else ("udp4", a)
        key = TEMPLATES[tmpl].replace("udp(src=1,", "udp(src=%d," % (20000 + i))
        key = key.replace(IN, "in_port(%d)" % (100 + n))
        rows.append(("ufid:%08x-0000-4000-8000-%012x,%s" % (n, n, key), a))
    return rows


def raw_flows(batch):
    """The flows dp_put.py puts itself, numbered on from dpctl_rows(): the
    plain batch has no UFID, the ufid batch one; every flow goes in once
    with an exact MASK attribute and once without any."""
    n = len(dpctl_rows())
    out = []
    for i, (kind, text, acts) in enumerate(RAW_ACTIONS):
        for with_mask in (True, False):
            n += 1
            sport = 30000 + 2 * i + (0 if with_mask else 1)
            key = raw_key(kind, 100 + n, sport)
            ufid = struct.pack(">IHHHHI", n, 0, 0x4000, 0x8000, 0, n) if batch == "ufid" else None
            out.append({
                "key": key, "mask": raw_mask(kind, key) if with_mask else None,
                "actions": acts, "ufid": ufid,
                "key_text": "%s%s in_port(%d) udp(src=%d,dst=2)%s" % (
                    "ufid " if ufid else "", kind, 100 + n, sport,
                    "" if with_mask else " (no mask attribute)"),
                "actions_text": text,
            })
    return out


def main():
    for key, acts in dpctl_rows():
        print("%s\t%s" % (key, acts))


if __name__ == "__main__":
    main()
