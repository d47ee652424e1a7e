#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Guest side of the VM tests: runs every tests/vm/test_*.sh (or those named
# as arguments) in one boot, the datapath reset between them, and writes
# "PASS name" / "FAIL name" lines to $OUT/results.txt.
. "$REPO/scripts/vm/lib.sh"

tests=("$@")
if [ ${#tests[@]} -eq 0 ]; then
	for t in "$REPO"/tests/vm/test_*.sh; do
		tests+=("$(basename "$t" .sh)")
	done
fi
: >/tmp/results.txt
for name in "${tests[@]}"; do
	# One test that leaves OVS down must not fail every test after it.
	if ! pidof ovs-vswitchd >/dev/null; then
		log "suite: ovs-vswitchd not running before $name: restarting it; its log ended: $(tail -n 3 "$OVS_LOGDIR/ovs-vswitchd.log" | tr '\n' ' ')"
		vm_load_openvswitch && vm_restart_ovs || log "suite: OVS did not come back"
	fi
	vm_reset
	log "=== RUN $name"
	start=$(date +%s)
	mkdir -p "/tmp/art/$name"
	# A test may need longer than the 300 s most do: "# vm-timeout: N".
	limit=$(sed -n 's/^# vm-timeout: \([0-9]*\)$/\1/p' "$REPO/tests/vm/$name.sh")
	ART=/tmp/art/$name timeout --kill-after=5 "${limit:-300}" bash "$REPO/tests/vm/$name.sh"
	rc=$?
	if [ $rc = 0 ]; then
		echo "PASS $name" >>/tmp/results.txt
	else
		echo "FAIL $name" >>/tmp/results.txt
	fi
	log "=== $(tail -n1 /tmp/results.txt) (rc=$rc, $(($(date +%s) - start))s)"
done
cp -r /tmp/art "$OUT/" 2>/dev/null
cp /tmp/results.txt "$OUT/results.txt"
