# SPDX-License-Identifier: GPL-2.0-only
#
# Helpers for code that runs inside the test guest (scripts/vm/guest-run and
# scenarios). Scenarios source this file; guest-run has already set up OVS.

export OVS_RUNDIR=/run/openvswitch
export OVS_DBDIR=/tmp/ovs
export OVS_LOGDIR=/tmp/ovs
export OVS_PKGDATADIR=/usr/share/openvswitch

# The test topology: fixed MACs so flow keys are the same run to run. ns1
# carries the tracer's default source MAC.
NS1_MAC=52:54:00:39:89:ff
NS2_MAC=52:54:00:00:00:02
NS1_IP=10.99.0.1
NS2_IP=10.99.0.2

log() { echo "[$(cut -d' ' -f1 /proc/uptime)] $*"; }

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

ns1() { ip netns exec ns1 "$@"; }
ns2() { ip netns exec ns2 "$@"; }

# wait_for SECONDS CMD...: poll CMD every 0.2 s until it succeeds.
wait_for() {
	local limit=$1 i
	shift
	for ((i = 0; i < limit * 5; i++)); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.2
	done
	return 1
}

# OVS 3.1.0 counts 0 CPUs until the machine has been up 10 s (fixed upstream
# in 3.2.0 by b354cee2e), which leaves no handler threads and loses every
# upcall. Measured in this guest: see vm_setup.
wait_uptime() {
	local want=$1 up
	while :; do
		up=$(cut -d. -f1 /proc/uptime)
		[ "$up" -ge "$want" ] && return 0
		sleep 0.2
	done
}

# vm_module_btf: the kernel has the openvswitch module's BTF, which fentry
# needs (5.10 has none: the tracer takes kprobes and a BTF file there).
vm_module_btf() { [ -e /sys/kernel/btf/openvswitch ]; }

vm_load_openvswitch() {
	/sbin/modprobe -d "$VM_KDIR" openvswitch || return 1
	/sbin/modprobe -d "$VM_KDIR" veth || return 1
	return 0
}

vm_start_ovs() {
	mkdir -p "$OVS_RUNDIR" "$OVS_DBDIR"
	ovsdb-tool create "$OVS_DBDIR/conf.db" "$OVS_PKGDATADIR/vswitch.ovsschema" || return 1
	ovsdb-server "$OVS_DBDIR/conf.db" --remote="punix:$OVS_RUNDIR/db.sock" \
		--pidfile --detach --log-file="$OVS_LOGDIR/ovsdb-server.log" || return 1
	ovs-vsctl --no-wait init || return 1
	wait_uptime ${VM_OVS_MIN_UPTIME:-11}
	ovs-vswitchd "unix:$OVS_RUNDIR/db.sock" --pidfile --detach \
		--log-file="$OVS_LOGDIR/ovs-vswitchd.log" || return 1
	ovs-vsctl add-br br0 -- set bridge br0 datapath_type=system || return 1
	# Flows must outlive the slow emulated guest until a test dumps them.
	ovs-vsctl set Open_vSwitch . other_config:max-idle=120000 || return 1
	return 0
}

# vm_add_ns NAME PORT MAC IP: a namespace with one veth end on br0.
vm_add_ns() {
	local ns=$1 port=$2 mac=$3 ip=$4
	ip netns add "$ns" || return 1
	ip link add "$port" type veth peer name eth0 netns "$ns" || return 1
	ip -n "$ns" link set eth0 address "$mac" || return 1
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
	ip -n "$ns" addr add "$ip/24" dev eth0 || return 1
	ip -n "$ns" link set eth0 up || return 1
	ip -n "$ns" link set lo up || return 1
	ip link set "$port" up || return 1
	ovs-vsctl add-port br0 "$port" || return 1
}

vm_setup() {
	sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
	vm_load_openvswitch || { echo "vm_setup: cannot load openvswitch from $VM_KDIR" >&2; return 1; }
	vm_start_ovs || { echo "vm_setup: cannot start OVS" >&2; return 1; }
	vm_add_ns ns1 v1 "$NS1_MAC" "$NS1_IP" || return 1
	vm_add_ns ns2 v2 "$NS2_MAC" "$NS2_IP" || return 1
	log "OVS up on $(uname -r): br0 with v1 (ns1 $NS1_MAC) and v2 (ns2 $NS2_MAC)"
	return 0
}

vm_collect_logs() {
	mkdir -p "$OUT/ovs"
	cp "$OVS_LOGDIR"/*.log "$OUT/ovs/" 2>/dev/null
	dmesg >"$OUT/dmesg.txt" 2>/dev/null
	return 0
}

# The megaflows of the kernel datapath, in ovs-dpctl's own text.
dump_flows() { ovs-dpctl dump-flows "$@"; }

# ofport NAME: the OpenFlow/datapath port number of a bridge port.
ofport() { ovs-vsctl get Interface "$1" ofport; }
dpport() { ovs-dpctl show | sed -n "s/^ *port \([0-9]*\): $1\( .*\)\?$/\1/p"; }

# Back to a plain learning switch with no megaflows, between scenarios.
vm_reset() {
	ovs-appctl upcall/enable-megaflows >/dev/null
	ovs-vsctl set bridge br0 mcast_snooping_enable=false
	ovs-ofctl del-flows br0
	ovs-ofctl add-flow br0 priority=0,actions=NORMAL
	ovs-appctl revalidator/purge >/dev/null
	ip -n ns1 neigh flush all
	ip -n ns2 neigh flush all
}

# has_megaflow FILE PATTERN...: a line of FILE (dump-flows text) that
# contains every PATTERN as a fixed string.
has_megaflow() {
	local file=$1 line p ok
	shift
	while IFS= read -r line; do
		ok=1
		for p in "$@"; do
			[[ $line == *"$p"* ]] || { ok=0; break; }
		done
		[ $ok = 1 ] && return 0
	done <"$file"
	return 1
}

# Traffic from ns1 to ns2. Each returns non-zero if the data did not arrive.
send_ping() { ns1 ping -c "${1:-3}" -i 0.2 -W 5 -q "$NS2_IP" >/dev/null; }

send_udp() {
	local port=${1:-7777} got
	rm -f /tmp/udp.$port
	# Not through ns2(): $! must be the receiver itself (ip netns exec
	# execs timeout), so that kill below ends it and frees the port.
	ip netns exec ns2 timeout 30 socat -u "UDP-RECV:$port" "OPEN:/tmp/udp.$port,creat" &
	local pid=$! try
	wait_for 15 ns2 sh -c "ss -lun | grep -q :$port"
	# The guest is emulated and may share its host: give a slow first
	# upcall time, and resend, as an application would.
	for try in 1 2 3; do
		echo "udp-$port" | ns1 socat -u - "UDP-SENDTO:$NS2_IP:$port"
		wait_for 5 grep -q "udp-$port" /tmp/udp.$port && break
	done
	grep -q "udp-$port" /tmp/udp.$port
	got=$?
	kill $pid 2>/dev/null
	wait $pid 2>/dev/null
	return $got
}

send_tcp() {
	local port=${1:-8080} got
	rm -f /tmp/tcp.$port
	ip netns exec ns2 timeout 30 socat -u "TCP-LISTEN:$port,reuseaddr" "OPEN:/tmp/tcp.$port,creat" &
	local pid=$!
	wait_for 15 ns2 sh -c "ss -ltn | grep -q :$port"
	echo "tcp-$port" | ns1 timeout 20 socat -u - "TCP:$NS2_IP:$port"
	wait $pid 2>/dev/null
	grep -q "tcp-$port" /tmp/tcp.$port
}

# The build under test: ovs-upcall-trace, or the static build in a root of
# another suite (scripts/ovs-vm --tracer).
TRACER=${VM_TRACER:-$REPO/ovs-upcall-trace}

# tracer_start NAME ARGS...: run the tracer in the background, stdout to
# $ART/NAME.out, stderr to $ART/NAME.err; returns once probes are attached.
tracer_start() {
	local name=$1
	shift
	"$TRACER" "$@" >"/tmp/$name.out" 2>"/tmp/$name.err" &
	TRACER_PID=$!
	TRACER_NAME=$name
	if ! wait_for 60 grep -q "tracing upcalls" "/tmp/$name.err"; then
		cat "/tmp/$name.err" >&2
		return 1
	fi
}

# tracer_stop: SIGTERM (Ctrl-C's signal is ignored by background jobs of a
# non-interactive shell until the program installs its handler), wait, and
# copy the output to $ART. Returns the tracer's exit status.
tracer_stop() {
	local rc
	kill -TERM "$TRACER_PID" 2>/dev/null
	wait "$TRACER_PID"
	rc=$?
	cp "/tmp/$TRACER_NAME.out" "/tmp/$TRACER_NAME.err" "$ART/" 2>/dev/null
	return $rc
}

# The tracer's summary says nothing was lost or cut.
tracer_nothing_lost() {
	grep -q "lost events 0 (ring buffer full), truncated puts 0, kernel read errors 0, bad events 0, undecodable keys 0, undecodable flow texts 0, missed put returns 0, untracked nesting 0, handler table drops 0$" "/tmp/$TRACER_NAME.err"
}

# Start ovsdb-server and ovs-vswitchd again on the existing database, e.g.
# after a test stopped them or unloaded the module. Bridges and ports come
# back from the database.
vm_restart_ovs() {
	local old
	old=$(pidof ovs-vswitchd)
	if [ -n "$old" ]; then
		ovs-appctl -t ovs-vswitchd exit
		# exit answers before the process is gone; a new daemon started
		# meanwhile finds the pidfile locked, or has its pidfile and
		# sockets unlinked by the old one's exit.
		wait_for 30 sh -c "! kill -0 $old" || { echo "vm_restart_ovs: ovs-vswitchd $old did not exit" >&2; return 1; }
	fi
	pidof ovsdb-server >/dev/null || ovsdb-server "$OVS_DBDIR/conf.db" \
		--remote="punix:$OVS_RUNDIR/db.sock" --pidfile --detach \
		--log-file="$OVS_LOGDIR/ovsdb-server.log" 2>>"$OVS_LOGDIR/restart.log" || return 1
	if ! ovs-vswitchd "unix:$OVS_RUNDIR/db.sock" --pidfile --detach \
		--log-file="$OVS_LOGDIR/ovs-vswitchd.log" 2>>"$OVS_LOGDIR/restart.log"; then
		echo "vm_restart_ovs: ovs-vswitchd did not start: $(tail -n 1 "$OVS_LOGDIR/restart.log")" >&2
		return 1
	fi
	# The datapath keeps its ports across a plain exit: wait for the new
	# daemon itself to answer for br0 as well.
	wait_for 30 sh -c "ovs-dpctl show | grep -q ': v2' && ovs-ofctl show br0" && return 0
	echo "vm_restart_ovs: br0 not back; ovs-vswitchd.log ends: $(tail -n 3 "$OVS_LOGDIR/ovs-vswitchd.log" | tr '\n' ' ')" >&2
	return 1
}
