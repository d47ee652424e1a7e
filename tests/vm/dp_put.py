#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""dp_put.py BATCH

Puts the flows of dpctl_flows.raw_flows() with OVS_FLOW_CMD_NEW, each
from a child process of its own, and prints a row per flow in the format
test_dpctl_diff.sh writes for ovs-dpctl: batch, the putting process's pid
(the tracer's handler_tid), 0 or the errno name, key and actions text,
message. These are the flows ovs-dpctl add-flow cannot express (actions
OVS 3.1 prints but does not parse, keys without a mask attribute).
Python's socket module does the netlink; the attributes are built by
dpctl_flows.py."""
import errno
import os
import socket
import struct
import sys

import dpctl_flows

NETLINK_GENERIC = 16
GENL_ID_CTRL = 0x10
CTRL_CMD_GETFAMILY = 3
CTRL_ATTR_FAMILY_ID = 1
CTRL_ATTR_FAMILY_NAME = 2
NLMSG_ERROR = 2
NLM_F_REQUEST, NLM_F_ACK, NLM_F_EXCL, NLM_F_CREATE = 0x1, 0x4, 0x200, 0x400
OVS_FLOW_CMD_NEW = 1
OVS_FLOW_VERSION = 1
OVS_FLOW_ATTR_KEY, OVS_FLOW_ATTR_ACTIONS, OVS_FLOW_ATTR_MASK, OVS_FLOW_ATTR_UFID = 1, 2, 7, 9


def request(sock, family, cmd, version, header, attrs, seq):
    """Sends one generic netlink request and returns (errno, reply body)."""
    body = struct.pack("=BBH", cmd, version, 0) + header + attrs
    sock.send(struct.pack("=IHHII", 16 + len(body), family,
                          NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL,
                          seq, 0) + body)
    reply = b""
    while True:
        data = sock.recv(65536)
        off = 0
        while off + 16 <= len(data):
            ln, typ, _, rseq, _ = struct.unpack_from("=IHHII", data, off)
            if ln < 16 or off + ln > len(data):
                raise RuntimeError("malformed netlink reply")
            if rseq == seq and typ == NLMSG_ERROR:
                return -struct.unpack_from("=i", data, off + 16)[0], reply
            if rseq == seq:
                reply = data[off + 16:off + ln]
            off += (ln + 3) & ~3


def family_id(sock, name):
    attrs = dpctl_flows.nla(CTRL_ATTR_FAMILY_NAME, name.encode() + b"\0")
    err, reply = request(sock, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1, b"", attrs, 1)
    if err:
        raise OSError(err, "cannot resolve generic netlink family %s" % name)
    off = 4
    while off + 4 <= len(reply):
        ln, typ = struct.unpack_from("=HH", reply, off)
        if typ == CTRL_ATTR_FAMILY_ID:
            return struct.unpack_from("=H", reply, off + 4)[0]
        off += (ln + 3) & ~3
    raise OSError(errno.ENOENT, "no id for generic netlink family %s" % name)


def put(flow, dp_ifindex):
    """In a child: one OVS_FLOW_CMD_NEW; its exit status is the errno."""
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
    family = family_id(sock, "ovs_flow")
    attrs = dpctl_flows.nest(OVS_FLOW_ATTR_KEY, flow["key"])
    if flow["mask"] is not None:
        attrs += dpctl_flows.nest(OVS_FLOW_ATTR_MASK, flow["mask"])
    attrs += dpctl_flows.nest(OVS_FLOW_ATTR_ACTIONS, flow["actions"])
    if flow["ufid"] is not None:
        attrs += dpctl_flows.nla(OVS_FLOW_ATTR_UFID, flow["ufid"])
    err, _ = request(sock, family, OVS_FLOW_CMD_NEW, OVS_FLOW_VERSION,
                     struct.pack("=i", dp_ifindex), attrs, 2)
    return err


def main():
    batch = sys.argv[1]
    dp_ifindex = socket.if_nametoindex("ovs-system")
    for flow in dpctl_flows.raw_flows(batch):
        pid = os.fork()
        if pid == 0:
            try:
                os._exit(put(flow, dp_ifindex))
            except Exception as e:  # the row says why; never a silent loss
                sys.stderr.write("dp_put: %s\n" % e)
                os._exit(255)
        _, status = os.waitpid(pid, 0)
        rc = os.waitstatus_to_exitcode(status)
        msg = "" if rc == 0 else (errno.errorcode.get(rc, "exit %d" % rc) +
                                  " " + os.strerror(rc) if rc < 255 else "dp_put failed")
        print("%s\t%d\t%d\t%s\t%s\t%s" % (batch, pid, rc, flow["key_text"],
                                          flow["actions_text"], msg))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
