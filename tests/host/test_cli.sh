#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Bad input, one table: every malformed option value, unknown flag,
# unreadable or damaged event file and unusable output path gives one clear
# line on stderr, nothing on stdout, and a non-zero exit. Runs on the build
# host: all of these fail before any BPF is loaded.
set -u
repo=$(cd "$(dirname "$0")/../.." && pwd)
T=$repo/ovs-upcall-trace
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
printf 'OVSUPEV\n' >"$d/short.ev"
head -c 64 /dev/urandom >"$d/junk.ev"
: >"$d/exists"
ln -s "$d/victim" "$d/link"
chmod 000 "$d" 2>/dev/null; chmod 755 "$d"
touch "$d/noread.ev" && chmod 000 "$d/noread.ev"

# exit | text on stderr | arguments
cases=(
	"2|invalid --eth-src 'zz:54:00:39:89:ff'|--eth-src zz:54:00:39:89:ff"
	"2|invalid --eth-src '52:54:00:39:89'|--eth-src 52:54:00:39:89"
	"2|invalid --eth-type '0x10'|--eth-type 0x10"
	"2|invalid --eth-type 'ipx'|--eth-type ipx"
	"2|invalid --timeout '0'|--timeout 0"
	"2|invalid --timeout '5h'|--timeout 5h"
	"2|invalid --max-pending '0'|--max-pending 0"
	"2|invalid --max-pending '99999999999'|--max-pending 99999999999"
	"2|invalid --ringbuf-size '5000'|--ringbuf-size 5000"
	"2|invalid --in-port '65536'|--in-port 65536"
	"2|invalid --dev 'a/b'|--dev a/b"
	"2|invalid --dev '1234567890123456'|--dev 1234567890123456"
	"2|invalid --count '0'|-c 0"
	"2|invalid --duration '-1'|-d -1"
	"2|invalid --interval '10ms'|--interval 10ms"
	"2|invalid --snaplen '8'|--snaplen 8"
	"2|invalid --snaplen '300'|--snaplen 300"
	"2|invalid --btf '': want a file|--btf="
	"2|invalid --ovs-version 'x3.1'|--ovs-version x3.1"
	"2|invalid --ovs-version '3'|--ovs-version 3"
	"2|invalid --ovs-version '3.1.0-1'|--ovs-version 3.1.0-1"
	"2|invalid --ovs-version '3.256'|--ovs-version 3.256"
	"2|unknown option '--bogus' (see --help)|--bogus"
	"2|unknown option '-x' (see --help)|-x"
	"2|option '--eth-src' needs a value (see --help)|--eth-src"
	"2|option '-w' needs a value (see --help)|-w"
	"2|invalid filter expression 'tcp prot 80'|tcp prot 80"
	"2|cannot read '$d/none.ev': No such file or directory|--read-events $d/none.ev"
	"2|cannot read '$d/junk.ev': not an ovs-upcall-trace event file|--read-events $d/junk.ev"
	"2|cannot read '$d/short.ev': not an ovs-upcall-trace event file|--read-events $d/short.ev"
	"2|--read-events and --write-events do not go together|--read-events $d/junk.ev --write-events $d/x.ev"
	"2|cannot write '$d/exists': File exists (use --overwrite to replace it)|-w $d/exists --read-events $d/junk.ev"
	"2|cannot write '$d/link': Too many levels of symbolic links|-w $d/link --overwrite --read-events $d/junk.ev"
	"2|cannot write '$d/nodir/x.pcapng': No such file or directory|-w $d/nodir/x.pcapng --read-events $d/junk.ev"
)
[ "$(id -u)" = 0 ] || cases+=("2|cannot read '$d/noread.ev': Permission denied|--read-events $d/noread.ev")

pass=0 failed=0
for c in "${cases[@]}"; do
	IFS='|' read -r want text args <<<"$c"
	# shellcheck disable=SC2086
	"$T" $args >"$d/out" 2>"$d/err"
	rc=$?
	lines=$(wc -l <"$d/err")
	if [ "$rc" = "$want" ] && grep -qF -- "$text" "$d/err" && [ "$lines" = 1 ] && [ ! -s "$d/out" ]; then
		pass=$((pass + 1))
	else
		failed=$((failed + 1))
		echo "FAIL: ovs-upcall-trace $args: exit $rc (want $want), stderr: $(cat "$d/err"), stdout: $(head -c 200 "$d/out")"
	fi
done
[ ! -e "$d/victim" ] || { echo "FAIL: wrote through a symlink"; failed=$((failed + 1)); }
[ ! -s "$d/exists" ] || { echo "FAIL: clobbered an existing file"; failed=$((failed + 1)); }
echo "cli: $pass passed, $failed failed"
[ $failed = 0 ]
