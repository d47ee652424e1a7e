#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Every flow of tests/vm/dpctl_flows.py goes in with `ovs-dpctl add-flow`
# (each a real OVS_FLOW_CMD_NEW), with ovs-vswitchd stopped so that no
# revalidator touches them: first those without a UFID, then those with
# one (a key may be in both), each batch dumped once. The tracer's `key`
# and `actions` of each accepted put must be a line of that dump.
# tests/vm/dpctl_diff_check.py pairs them (the put by the ovs-dpctl process
# that made it) and reports "matched N/M", what the kernel rejected, and
# every mismatch. tests/vm/dp_put.py puts, in each batch, the flows
# ovs-dpctl cannot express (actions OVS 3.1 does not parse, keys without a
# mask). Some 900 ovs-dpctl runs in the emulated guest, two at a time.
# vm-timeout: 600
# vm-set: core
. "$REPO/scripts/vm/lib.sh"

python3 "$REPO/tests/vm/dpctl_flows.py" >/tmp/flows.tsv || fail "dpctl_flows.py"
ovs-appctl -t ovs-vswitchd exit || fail "cannot stop ovs-vswitchd"
wait_for 10 sh -c '! pidof ovs-vswitchd >/dev/null' || fail "ovs-vswitchd did not stop"
trap 'vm_restart_ovs' EXIT
ovs-dpctl del-flows
# ct(helper=...) needs the helper's module, as on a host that uses it.
/sbin/modprobe -d "$VM_KDIR" -a nf_conntrack_ftp nf_conntrack_tftp || fail "cannot load the conntrack helpers"
tracer_start diff --eth-src any --eth-type any --json --write-events /tmp/diff.ev ||
	fail "tracer did not start"
: >/tmp/rows.tsv
: >/tmp/dump.txt
# put BATCH SHARD: every second flow of BATCH from SHARD (0 or 1). Two run
# at once, one per guest CPU: a flow is told by its process, not by order.
put() {
	local n=0 key acts pid
	while IFS=$'\t' read -r key acts; do
		case $key in ufid:*) [ $1 = ufid ] || continue ;; *) [ $1 = plain ] || continue ;; esac
		n=$((n + 1))
		[ $((n % 2)) = "$2" ] || continue
		ovs-dpctl add-flow "$key" "$acts" >/tmp/add.$2.out 2>&1 &
		pid=$!
		wait $pid
		printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$pid" "$?" "$key" "$acts" \
			"$(tr '\n\t' '  ' </tmp/add.$2.out)" >>/tmp/rows.$2.tsv
	done </tmp/flows.tsv
}
for batch in plain ufid; do
	: >/tmp/rows.0.tsv
	: >/tmp/rows.1.tsv
	put $batch 0 &
	p0=$!
	put $batch 1 &
	wait $p0 $!
	cat /tmp/rows.0.tsv /tmp/rows.1.tsv >>/tmp/rows.tsv
	python3 "$REPO/tests/vm/dp_put.py" $batch >>/tmp/rows.tsv || fail "dp_put.py $batch"
	ovs-dpctl dump-flows | sed "s/^/$batch\t/" >>/tmp/dump.txt
	ovs-dpctl del-flows
done
sleep 1
tracer_stop || fail "tracer exited $?"
cp /tmp/rows.tsv /tmp/dump.txt /tmp/diff.ev "$ART/"
python3 "$REPO/tests/vm/dpctl_diff_check.py" /tmp/rows.tsv /tmp/dump.txt "$ART/diff.out" |
	tee "$ART/report.txt"
[ "${PIPESTATUS[0]}" = 0 ] || fail "the tracer's flow text differs from dump-flows (see report.txt)"
