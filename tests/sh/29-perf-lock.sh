#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# --perf lock: without the lock tracepoints, a reason naming what is
# missing; with them (tracefs mounted here for the test, as root, and
# unmounted after), perf lock contention's sums over the measured window
# as lock_contended_per_op and lock_wait_ns_per_op. How much contention
# there is depends on the machine: only how it adds up is asserted.
. tests/sh/lib.sh
command -v jq > /dev/null || fail "jq missing (make deps)"
command -v perf > /dev/null || skip "no perf (Debian package linux-perf)"
tp=/sys/kernel/tracing/events/lock/contention_begin
mounted=
trap '[ -z "$mounted" ] || umount /sys/kernel/tracing; rm -rf "$TMP"' \
	EXIT INT TERM

dbg=/sys/kernel/debug/tracing/events/lock/contention_begin
if [ ! -e $tp ] && [ ! -e $dbg ]; then
	expect_rc 0 "$FL" run -q -o "$TMP" -n r --no-db -d 1 -w 0 -t 1 -r 1 \
		--perf lock page_fault1:size=16M
	jq -e '.cases[0] | .status == "ok" and
	       (.perf_data.reason | test("^lock contention: ")) and
	       .metrics.lock_contended_per_op == null' \
		"$TMP/r/result.json" > /dev/null ||
		fail "no tracepoints, yet no reason (or metrics)"
	[ -r /proc/lock_stat ] || jq -e '.cases[0].perf_data.reason |
		test("no /proc/lock_stat")' "$TMP/r/result.json" > /dev/null ||
		fail "the reason does not name /proc/lock_stat"
	echo "reason: $(jq -r '.cases[0].perf_data.reason' "$TMP/r/result.json")"
	[ "$(id -u)" -eq 0 ] && grep -qw tracefs /proc/filesystems &&
		! grep -q ' /sys/kernel/tracing ' /proc/mounts ||
		skip "cannot mount tracefs here: the counting path untested"
	mount -t tracefs nodev /sys/kernel/tracing ||
		skip "mount tracefs failed"
	mounted=1
	[ -e $tp ] || skip "the kernel has no lock:contention_begin"
fi

expect_rc 0 "$FL" run -q -o "$TMP" -n l --no-db -d 1 -w 1 -t 2 -r 2 \
	--perf lock giant_vma:size=64M,writer=mmap
doc=$TMP/l/result.json
jqt() {	# jqt EXPR: assert the document satisfies EXPR
	jq -e "$1" "$doc" > /dev/null || fail "result.json: $1"
}
jqt '.cases[0].status == "ok" and .cases[0].perf == "lock"'
jqt '.cases[0].perf_data | .reason == null and
     .events == "lock:contention_begin,lock:contention_end"'
jqt '.cases[0] | (.perf_data.reps | length) == .reps_used and
     (.metrics.lock_contended_per_op.reps | length) == .reps_used and
     (.metrics.lock_wait_ns_per_op.reps | length) == .reps_used'
# the metrics are the sums over the window's primary ops
jqt '.cases[0] as $c | [range(0; $c.reps_used) as $r | $c.perf_data.reps[$r] |
     .lock.contended >= 0 and .lock.wait_ns >= 0 and
     (.lock.top | length) <= .lock.lines and
     ([.lock.top[].contended] | add // 0) <= .lock.contended and
     (.lock.contended / .ops - $c.metrics.lock_contended_per_op.reps[$r] |
      fabs) < 1e-12 and
     (.lock.wait_ns / .ops - $c.metrics.lock_wait_ns_per_op.reps[$r] |
      fabs) < 1e-9] | all'
jqt '.cases[0].replay | test(" --perf lock ")'
echo "contended: $(jq -c '[.cases[0].perf_data.reps[].lock.contended]' "$doc")"
