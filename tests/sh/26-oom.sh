#!/bin/sh
# An OOM-killed case fails with a clear reason and the suite goes on.
# Needs root and a memory cgroup (v1 or v2) to confine the OOM killer.
. tests/sh/lib.sh
[ "$(id -u)" -eq 0 ] || skip "needs root for a memory cgroup"
if [ -w /sys/fs/cgroup/memory ]; then
	cg=/sys/fs/cgroup/memory/faultline-test.$$
	limit=memory.limit_in_bytes
elif grep -qw memory /sys/fs/cgroup/cgroup.controllers 2> /dev/null; then
	cg=/sys/fs/cgroup/faultline-test.$$
	limit=memory.max
else
	skip "no memory cgroup"
fi
mkdir "$cg" || skip "cannot create $cg"
trap 'rm -rf "$TMP"; rmdir "$cg" 2> /dev/null' EXIT INT TERM
echo 256M > "$cg/$limit"

for m in threads processes; do
	sh -c "echo \$\$ > $cg/cgroup.procs; exec $FL run -q -o $TMP -n $m \
		-m $m -d 3 -w 0 -r 1 -t 1 selftest:do=oom mmap1" \
		> "$TMP/out" 2>&1
	rc=$?
	[ $rc -eq 1 ] || { cat "$TMP/out"; fail "$m: exit $rc, want 1"; }
	jq -e '.cases[0].status == "crash" and
	       (.cases[0].reason | test("OOM")) and
	       .cases[1].status == "ok"' "$TMP/$m/result.json" > /dev/null ||
		fail "$m: $(jq -c '[.cases[] | .status, .reason]' "$TMP/$m/result.json")"
done
