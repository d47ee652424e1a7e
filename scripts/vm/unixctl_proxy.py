#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Record what passes between ovs-appctl and ovs-vswitchd's control socket.

  unixctl_proxy.py LISTEN_PATH DAEMON_PATH OUT_DIR

Serves LISTEN_PATH; each connection is relayed to DAEMON_PATH, and the bytes
of its first request and of everything the daemon answered are written to
OUT_DIR/N.request and OUT_DIR/N.reply (N counts connections from 0) once
either side closes. Byte for byte: these are unit-test fixtures.
"""
import os
import select
import socket
import sys


def relay(client, daemon_path, out, n):
    daemon = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    daemon.connect(daemon_path)
    got = {client: bytearray(), daemon: bytearray()}
    peer = {client: daemon, daemon: client}
    open_ = {client, daemon}
    while open_ == {client, daemon}:
        r, _, _ = select.select(list(open_), [], [], 30)
        if not r:
            break
        for s in r:
            data = s.recv(65536)
            if not data:
                open_.discard(s)
                break
            got[s] += data
            peer[s].sendall(data)
    with open(os.path.join(out, "%d.request" % n), "wb") as f:
        f.write(got[client])
    with open(os.path.join(out, "%d.reply" % n), "wb") as f:
        f.write(got[daemon])
    client.close()
    daemon.close()


def main():
    listen_path, daemon_path, out = sys.argv[1:4]
    try:
        os.unlink(listen_path)
    except FileNotFoundError:
        pass
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(listen_path)
    srv.listen(8)
    n = 0
    while True:
        client, _ = srv.accept()
        relay(client, daemon_path, out, n)
        n += 1


if __name__ == "__main__":
    main()
