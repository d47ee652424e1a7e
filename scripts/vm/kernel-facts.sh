#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Guest side of scripts/kernel-facts: what this kernel offers the tracer,
# read off the kernel and OVS rather than assumed, one "fact: value" line
# each (README, Kernel requirements).
. "$REPO/scripts/vm/lib.sh"
cd /tmp

fact() { printf '%s: %s\n' "$1" "$2"; }
fact kernel "$(uname -r)"
cfg=$VM_KDIR/boot/config-$(uname -r)
[ -e "$cfg" ] || cfg=$VM_KDIR/usr/lib/modules/$(uname -r)/config
fact preemption "$(grep -E '^CONFIG_PREEMPT(ION|_DYNAMIC|_VOLUNTARY)?=y' "$cfg" | sed 's/=y//' | tr '\n' ' ')"
fact cpus "$(nproc)"

if vm_module_btf; then
	ovs_btf=/sys/kernel/btf/openvswitch
	fact module_btf "in the kernel"
else
	ovs_btf=$OVS_UPCALL_TRACE_BTF_DIR/$(uname -r).btf
	fact module_btf "none: scripts/make-btf file, $(stat -c %s "$ovs_btf") bytes"
fi

# Struct sizes and the offsets the tracer's CO-RE relocations resolve to.
python3 - "$ovs_btf" <<'PY'
import json, subprocess, sys
def dump(args):
    return json.loads(subprocess.run(["bpftool", "-j", "btf", "dump"] + args,
                                     check=True, capture_output=True).stdout)["types"]
base = dump(["file", "/sys/kernel/btf/vmlinux"])
types = base + dump(["-B", "/sys/kernel/btf/vmlinux", "file", sys.argv[1]])
by_id = {t["id"]: t for t in types}
named = {}
for t in types:
    if t["kind"] == "STRUCT":
        named.setdefault(t["name"], t)
def resolve(tid):
    while by_id.get(tid, {}).get("kind") in ("TYPEDEF", "CONST", "VOLATILE", "RESTRICT"):
        tid = by_id[tid]["type_id"]
    return by_id.get(tid)
def members(t, prefix=""):
    for m in t.get("members", []):
        if m["name"] in ("(anon)", ""):
            sub = resolve(m["type_id"])
            for n, off in members(sub or {}, prefix):
                yield n, m["bits_offset"] + off
        else:
            yield prefix + m["name"], m["bits_offset"]
for s in ("sw_flow_key", "dp_upcall_info", "ip_tunnel_key", "genl_info", "vport", "datapath"):
    t = named.get(s)
    if not t:
        print("struct %s: absent" % s)
        continue
    print("struct %s: %d bytes; %s" % (s, t["size"], " ".join(
        "%s@%d" % (n, off // 8) for n, off in members(t))))
enums = [t for t in types if t["kind"] in ("ENUM", "ENUM64") and
         any(v["name"].startswith("OVS_PACKET_ATTR_") for v in t.get("values", []))]
print("enum ovs_packet_attr: %s" % (" ".join("%s=%d" % (v["name"][16:], v["val"])
      for v in enums[0]["values"]) if enums else "not in BTF"))
PY

fact dispatch "$(sed -n 's/.*Datapath dispatch mode: //p' "$OVS_LOGDIR/ovs-vswitchd.log" | tail -n 1)"
fact handlers "$(ls /proc/"$(pidof ovs-vswitchd)"/task | while read -r t; do cat "/proc/$(pidof ovs-vswitchd)/task/$t/comm"; done | grep -c '^handler')"
fact bpf_loop "$(bpftool feature probe kernel 2>/dev/null | grep -q -w bpf_loop && echo yes || echo no)"

tracer_start facts-kp --probe kprobe || fail "--probe kprobe did not start"
fact kprobe_attach "$(bpftool -j link show | python3 -c '
import json, sys
links = [l for l in json.load(sys.stdin) if l["type"] == "perf_event"]
print("%d perf_event BPF links" % len(links) if links else "perf events, no BPF links")')"
tracer_stop
tracer_start facts-auto || fail "auto did not start"
fact auto "$(sed -n 's/.* with \([a-z]*\) probes.*/\1/p' /tmp/facts-auto.err)"
tracer_stop
