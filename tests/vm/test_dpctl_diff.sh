#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Every flow of tests/vm/dpctl_flows.py goes in with `ovs-dpctl add-flow`
# (each a real OVS_FLOW_CMD_NEW), one at a time, with ovs-vswitchd stopped
# so that no revalidator touches them; the tracer's `key` and `actions` of
# each accepted put must equal the flow's `ovs-dpctl dump-flows` line.
# tests/vm/dpctl_diff_check.py pairs them (by the ovs-dpctl process that
# made the put) and reports "matched N/M", the flows the kernel rejected,
# and every mismatch.
. "$REPO/scripts/vm/lib.sh"

python3 "$REPO/tests/vm/dpctl_flows.py" >/tmp/flows.tsv || fail "dpctl_flows.py"
ovs-appctl -t ovs-vswitchd exit || fail "cannot stop ovs-vswitchd"
wait_for 10 sh -c '! pidof ovs-vswitchd >/dev/null' || fail "ovs-vswitchd did not stop"
trap 'vm_restart_ovs' EXIT
ovs-dpctl del-flows
tracer_start diff --eth-src any --eth-type any --json --write-events /tmp/diff.ev ||
	fail "tracer did not start"
: >/tmp/diff.tsv
while IFS=$'\t' read -r key acts; do
	ovs-dpctl add-flow "$key" "$acts" >/tmp/add.out 2>&1 &
	pid=$!
	wait $pid
	rc=$?
	dump=$(ovs-dpctl dump-flows 2>&1 | head -n 1)
	ovs-dpctl del-flows
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$pid" "$rc" "$key" "$acts" "$dump" \
		"$(tr '\n\t' '  ' </tmp/add.out)" >>/tmp/diff.tsv
done </tmp/flows.tsv
sleep 1
tracer_stop || fail "tracer exited $?"
cp /tmp/diff.tsv /tmp/diff.ev "$ART/"
python3 "$REPO/tests/vm/dpctl_diff_check.py" /tmp/diff.tsv "$ART/diff.out" | tee "$ART/report.txt"
[ "${PIPESTATUS[0]}" = 0 ] || fail "the tracer's flow text differs from dump-flows (see report.txt)"
