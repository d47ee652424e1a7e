#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Starting and stopping: each documented failure gives one line and its exit
# code; Ctrl-C's SIGINT and SIGTERM exit 0 with the summary; `| head` exits
# quietly; bad option values exit 2.
. "$REPO/scripts/vm/lib.sh"
cd /tmp

# expect_exit CODE TEXT CMD...: CMD exits CODE and says TEXT in one line.
expect_exit() {
	local want=$1 text=$2 rc
	shift 2
	"$@" >/tmp/ee.out 2>/tmp/ee.err
	rc=$?
	[ "$rc" = "$want" ] || fail "'$*' exited $rc, want $want: $(cat /tmp/ee.err)"
	grep -qF -- "$text" /tmp/ee.err || fail "'$*' did not say '$text': $(cat /tmp/ee.err)"
	[ "$(wc -l </tmp/ee.err)" = 1 ] || fail "'$*' printed more than one line: $(cat /tmp/ee.err)"
	[ ! -s /tmp/ee.out ] || fail "'$*' printed to stdout: $(cat /tmp/ee.out)"
	echo "ok: exit $want: $(cat /tmp/ee.err)"
}

expect_exit 2 "invalid --eth-src 'zz:54:00:39:89:ff'" "$TRACER" --eth-src zz:54:00:39:89:ff
expect_exit 2 "invalid --eth-type '0x10'" "$TRACER" --eth-type 0x10
expect_exit 2 "invalid --timeout" "$TRACER" --timeout 0
expect_exit 2 "invalid --ringbuf-size" "$TRACER" --ringbuf-size 5000
expect_exit 2 "invalid filter expression 'tcp prot 80'" "$TRACER" tcp prot 80
expect_exit 3 "need CAP_BPF and CAP_PERFMON" \
	setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all "$TRACER"
expect_exit 4 "openvswitch kernel module not loaded" \
	unshare -m sh -c 'mount -t tmpfs none /sys/module && exec "$0"' "$TRACER"
expect_exit 5 "kernel has no BTF" \
	unshare -m sh -c 'mount -t tmpfs none /sys/kernel/btf && exec "$0"' "$TRACER"
# Without the kprobe PMU or tracefs nothing can attach a kprobe; fentry
# needs neither, so auto still traces there, where the kernel has the
# module's BTF; where it has not (5.10), auto has only kprobes and says so.
NOKPROBES='mount -t tmpfs none /sys/bus/event_source/devices && mount -t tmpfs none /sys/kernel/tracing && mount -t tmpfs none /sys/kernel/debug'
expect_exit 6 "cannot attach kretprobe ovs_dp_upcall" \
	unshare -m sh -c "$NOKPROBES"' && exec "$0" --probe kprobe' "$TRACER"
if vm_module_btf; then
	unshare -m sh -c "$NOKPROBES"' && exec "$0" -d 1' "$TRACER" >/dev/null 2>/tmp/nokp.err ||
		fail "auto without kprobes: exit $?: $(cat /tmp/nokp.err)"
	grep -q "with fentry probes" /tmp/nokp.err || fail "auto without kprobes: $(cat /tmp/nokp.err)"
	echo "ok: without kprobes, auto traces with fentry"
else
	expect_exit 6 "cannot attach kretprobe ovs_dp_upcall" \
		unshare -m sh -c "$NOKPROBES"' && exec "$0"' "$TRACER"
	echo "ok: without kprobes or module BTF, auto exits 6 in one line"
fi

# Ctrl-C: SIGINT, exit 0, summary on stderr.
tracer_start sigint || fail "tracer did not start"
send_ping 1 || fail "ping"
sleep 1
kill -INT "$TRACER_PID"
wait "$TRACER_PID"
rc=$?
[ $rc = 0 ] || fail "exit $rc after SIGINT"
grep -q "^ovs-upcall-trace: upcalls 1: installed 1," /tmp/sigint.err || fail "no summary after SIGINT: $(cat /tmp/sigint.err)"
grep -q " flow " /tmp/sigint.out || fail "no flow line: $(cat /tmp/sigint.out)"
echo "ok: SIGINT exits 0 with summary"

# | head -n 1: the tracer notices the closed pipe and exits 0, quietly.
ovs-appctl revalidator/purge
( "$TRACER" 2>/tmp/head.err | head -n 1 >/tmp/head.out; echo "${PIPESTATUS[0]}" >/tmp/head.rc ) &
pipeline=$!
wait_for 60 grep -q "tracing upcalls" /tmp/head.err || fail "tracer did not start"
send_ping 1 || fail "ping"
wait_for 10 test -s /tmp/head.rc || fail "tracer still running after head exited"
wait $pipeline
[ "$(cat /tmp/head.rc)" = 0 ] || fail "tracer exited $(cat /tmp/head.rc) under head"
[ "$(wc -l </tmp/head.out)" = 1 ] || fail "head got no line"
[ "$(grep -vc 'tracing upcalls' /tmp/head.err)" = 0 ] || fail "not quiet: $(cat /tmp/head.err)"
echo "ok: | head -n 1 exits 0 quietly: $(cat /tmp/head.out)"
