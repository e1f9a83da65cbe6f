#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# What a rep's window cost (sched, cpu_share, ops per CPU-second), the
# noise guard's mark, and -r auto on a real short run. Nothing here
# asserts a time or a rate: only what is recorded and how it adds up.
. tests/sh/lib.sh
command -v jq > /dev/null || fail "jq missing (make deps)"

expect_rc 0 "$FL" run -q -o "$TMP" -n v --no-db -d 1 -w 0 -t 1 \
	-r auto --max-reps 6 --min-cpu-share 100 page_fault1:size=16M
doc=$TMP/v/result.json
jqt() {	# jqt EXPR: assert the document satisfies EXPR
	jq -e "$1" "$doc" > /dev/null || fail "result.json: $1"
}
# -r auto: between the minimum (5) and the cap, and recorded
jqt '.cases[0].reps == "auto" and .cases[0]."max-reps" == 6'
jqt '.cases[0].reps_used >= 5 and .cases[0].reps_used <= 6'
jqt '.cases[0] | (.metrics.ops_per_sec.reps | length) == .reps_used'
jqt '.cases[0].reps_ci_pct | type == "number" and . >= 0'
# stopped early only with the interval within +-1%
jqt '.cases[0] | .reps_used == 6 or .reps_ci_pct <= 1'
jqt '.cases[0].replay | test(" -r auto --max-reps 6 ")'
# sched: one entry a rep, on-CPU plus run-queue wait within the window
jqt '.cases[0] | (.sched | length) == .reps_used'
jqt '[.cases[0].sched[] | .cpu_share > 0 and .cpu_share <= 1.05 and
      .runq_share >= 0 and .cpu_share + .runq_share <= 1.05] | all'
# utime + stime is on-CPU time in clock ticks (10 ms at each edge)
jqt '[.cases[0].sched[].per_task[] | .oncpu_ns > 0 and .nivcsw >= 0 and
      ((.utime_sec + .stime_sec) - .oncpu_ns / 1e9 | fabs) <= 0.05] | all'
jqt '.cases[0] | .metrics.cpu_share.reps == [.sched[].cpu_share]'
# ops per CPU-second is ops over the on-CPU seconds of the same window
jqt '.cases[0] as $c | [range(0; $c.reps_used) as $r |
      ($c.metrics.ops_per_sec.reps[$r] * $c.sched[$r].wall_sec /
       ($c.sched[$r].per_task[0].oncpu_ns / 1e9)) /
      $c.metrics.ops_per_cpu_sec.reps[$r] - 1 | fabs < 1e-6] | all'
# --min-cpu-share 100: a rep is marked exactly when cpu_share < 1 (on a
# busy machine, every one)
jqt '[.cases[0].sched[] | .disturbed == (.cpu_share < 1)] | all'
expect_rc 0 "$FL" run -q -o "$TMP" -n z --no-db -d 1 -w 0 -t 1 -r 2 \
	--min-cpu-share 0 page_fault1:size=16M
jq -e '[.cases[0].sched[].disturbed] | any | not' "$TMP/z/result.json" \
	> /dev/null || fail "--min-cpu-share 0 marked a rep disturbed"
jq -e '.cases[0].reps == 2 and .cases[0].reps_used == 2 and
       .cases[0].reps_ci_pct == null' "$TMP/z/result.json" > /dev/null ||
	fail "-r 2: reps, reps_used or reps_ci_pct wrong"
# compare reads it all back: cpu_share and ops_per_cpu_sec are metrics
expect_rc 0 "$FL" compare --json "$TMP/z" "$TMP/z"
jq -e '[.cases[0].runs[0].metrics[].name] |
       index("cpu_share") and index("ops_per_cpu_sec")' "$TMP/out" \
	> /dev/null || fail "compare lacks cpu_share or ops_per_cpu_sec"
jq -e '.cases[0].runs[0].new_noise.reps == 2' "$TMP/out" > /dev/null ||
	fail "compare did not read sched"
# and history keeps them like any metric
expect_rc 0 "$FL" import -q --db "$TMP/h.db" "$TMP/z"
expect_rc 0 "$FL" history --db "$TMP/h.db" page_fault1/ops_per_cpu_sec
assert_grep "ops_per_cpu_sec" "$TMP/out"
expect_rc 0 "$FL" history --db "$TMP/h.db" page_fault1/cpu_share
assert_grep " z  *2 " "$TMP/out"
expect_rc 2 "$FL" run -q -o "$TMP" -n bad --no-db -r often page_fault1
assert_grep "or auto" "$TMP/err"
echo "reps_used $(jq .cases[0].reps_used "$doc"), ci" \
	"$(jq .cases[0].reps_ci_pct "$doc")%"
