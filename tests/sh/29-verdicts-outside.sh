#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# compare does not call a wall-clock change of a kernel when a side lost
# CPU time to outside load and the same rate per CPU-second held: the
# rate is "disturbed", the gate passes. The same loss with the
# per-CPU-second rate down too, or the wall-clock loss on a quiet side,
# is a regression. The documents are a real run's, the reps set by jq.
. tests/sh/lib.sh
command -v jq > /dev/null || fail "jq missing (make deps)"

expect_rc 0 "$FL" run -q -o "$TMP" -n r --no-db -d 1 -w 0 -t 1 -r 5 \
	page_fault1:size=16M
# mk NAME SCALE CPU_SCALE SHARE: wall-clock reps x SCALE, per-CPU-second
# reps x CPU_SCALE, every rep's cpu_share SHARE (the rest run-queue wait)
mk() {
	mkdir -p "$TMP/$1"
	jq --argjson s "$2" --argjson c "$3" --argjson sh "$4" '
	  .run.name = "'"$1"'" |
	  .cases[0].metrics.ops_per_sec.reps =
	    ([1000, 1010, 990, 1005, 995] | map(. * $s)) |
	  .cases[0].metrics.ops_per_cpu_sec.reps =
	    ([2000, 2020, 1980, 2010, 1990] | map(. * $c)) |
	  .cases[0].sched |= map(.cpu_share = $sh | .runq_share = 1 - $sh |
	    .steal_share = 0 | .disturbed = ($sh < 0.9))' \
	  "$TMP/r/result.json" > "$TMP/$1/result.json" ||
		fail "jq could not write $1"
}
mk base 1 1 1
mk loaded 0.6 1 0.6
mk slower 0.6 0.6 0.6
mk quiet 0.6 1 1

expect_rc 0 "$FL" compare "$TMP/base" "$TMP/loaded"
assert_grep "disturbed" "$TMP/out"
assert_grep "noise: .*new outside" "$TMP/out"
assert_no_grep "REGRESSION" "$TMP/out"
expect_rc 0 "$FL" compare --json "$TMP/base" "$TMP/loaded"
jq -e '[.. | objects | select(.name? == "ops_per_sec") | .verdict] |
       index("disturbed")' "$TMP/out" > /dev/null ||
	fail "compare --json: ops_per_sec not disturbed"
expect_rc 1 "$FL" compare "$TMP/base" "$TMP/slower"
assert_grep "REGRESSION" "$TMP/out"
expect_rc 1 "$FL" compare "$TMP/base" "$TMP/quiet"
assert_grep "REGRESSION" "$TMP/out"
