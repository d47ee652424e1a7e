#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# make static: one executable with no shared library that says what the
# dynamic build says, filter expressions (its own libpcap) included; and
# make release: the tarball an operator copies, the same bytes when made
# again from the same commit.
set -u
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo" || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

st=./ovs-upcall-trace-static
[ -x $st ] || fail "no $st (make static)"
readelf -lW $st | grep -q "Requesting program interpreter" && fail "$st asks for a dynamic loader"
readelf -d $st 2>&1 | grep -q "There is no dynamic section" || fail "$st has a dynamic section"

# The same replay, summary included, with and without an expression.
xz -dc tests/fixtures/preempt-7.3/skipped-reads.ev.xz >"$tmp/rec.ev"
for expr in "" "udp and dst port 10007" "host 10.99.0.2 and not icmp"; do
	# shellcheck disable=SC2086
	./ovs-upcall-trace --json --read-events "$tmp/rec.ev" $expr >"$tmp/dyn.out" 2>"$tmp/dyn.err"
	rd=$?
	# shellcheck disable=SC2086
	$st --json --read-events "$tmp/rec.ev" $expr >"$tmp/st.out" 2>"$tmp/st.err"
	rs=$?
	[ $rd = 0 ] && [ $rs = 0 ] || fail "replay '$expr': exit $rd (dynamic), $rs (static)"
	[ -s "$tmp/st.out" ] || fail "replay '$expr': no records"
	# A replay's histograms are stamped with the time they are printed.
	sed -i 's/^\({"type":"histogram","time":"\)[^"]*/\1/' "$tmp/dyn.out" "$tmp/st.out"
	cmp -s "$tmp/dyn.out" "$tmp/st.out" && cmp -s "$tmp/dyn.err" "$tmp/st.err" ||
		fail "replay '$expr': the static build's output differs: $(diff "$tmp/dyn.err" "$tmp/st.err" | head -n 4)"
done
$st --read-events "$tmp/rec.ev" "udp prot 80" >/dev/null 2>"$tmp/bad.err"
rc=$?
[ $rc = 2 ] && [ "$(wc -l <"$tmp/bad.err")" = 1 ] || fail "bad expression: exit $rc: $(cat "$tmp/bad.err")"

make -s release >"$tmp/rel.txt" 2>&1 || fail "make release: $(cat "$tmp/rel.txt")"
tar=$(ls .output/ovs-upcall-trace-*-"$(uname -m)".tar.gz)
dir=$(basename "$tar" .tar.gz)
want="$dir/ $dir/LICENSE $dir/README.md $dir/ovs-upcall-trace $dir/ovs-upcall-trace-make-btf $dir/ovs-upcall-trace.8"
got=$(tar tzf "$tar" | tr '\n' ' ')
[ "$got" = "$want " ] || fail "release holds: $got"
tar xzf "$tar" -C "$tmp"
readelf -d "$tmp/$dir/ovs-upcall-trace" 2>&1 | grep -q "There is no dynamic section" || fail "the release binary is not static"
"$tmp/$dir/ovs-upcall-trace" --version | grep -q "^ovs-upcall-trace " || fail "the release binary does not run"
sum=$(sha256sum <"$tar")
touch src/ovs-upcall-trace.8
make -s release >/dev/null 2>&1 || fail "make release again"
[ "$(sha256sum <"$tar")" = "$sum" ] || fail "make release is not reproducible"
echo "ok: static build ($(stat -c %s $st) bytes) replays like the dynamic one; release $(basename "$tar"): $(stat -c %s "$tar") bytes, reproducible"
