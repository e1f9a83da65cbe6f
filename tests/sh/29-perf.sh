#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# --perf stat on real runs: the events perf could open are counted over
# the measured window and stored as perf_<event>_per_op metrics; those
# it could not open are left out with a reason; a suite line takes the
# option; compare reads the metrics (--perf lock: 29-perf-lock.sh).
# Nothing here asserts a time or a rate, only what adds up: page_fault1
# takes one page fault per op, so perf's page-faults per op must be 1
# within the uncertainty of perf's window (ops_uncertainty).
. tests/sh/lib.sh
command -v jq > /dev/null || fail "jq missing (make deps)"
command -v perf > /dev/null || skip "no perf (Debian package linux-perf)"
perf stat -x, -e task-clock -- true > /dev/null 2>&1 ||
	skip "perf stat cannot count task-clock here ($(perf stat -e \
task-clock -- true 2>&1 | head -n 1))"

expect_rc 0 "$FL" run -q -o "$TMP" -n p --no-db -d 1 -w 0 -t 1 -r 2 \
	-m both --perf stat page_fault1:size=16M
doc=$TMP/p/result.json
jqt() {	# jqt EXPR: assert the document satisfies EXPR
	jq -e "$1" "$doc" > /dev/null || fail "result.json: $1"
}
jqt '[.cases[] | .status == "ok" and .perf == "stat"] | all'
jqt '[.cases[].perf_data.events | split(",") | index("task-clock") and
      index("page-faults") and index("context-switches")] | all'
jqt '[.cases[] | .reps_used == (.metrics.perf_task_clock_per_op.reps |
      length) and .reps_used == (.perf_data.reps | length)] | all'
# an event is either counted (a metric) or left out with its reason
for ev in cycles instructions; do
	m=perf_${ev}_per_op
	jqt "[.cases[] | ((.perf_data.events | split(\",\") | index(\"$ev\"))
	      and .metrics.$m) or ((.perf_data.skipped // \"\") |
	      test(\"(^|; )$ev: \")) and .metrics.$m == null] | all"
done
# a metric is the rep's count over the ops of perf's window
jqt '[.cases[] | . as $c | range(0; .reps_used) as $r |
      ($c.perf_data.reps[$r].counts."task-clock".value /
       $c.perf_data.reps[$r].ops) /
      $c.metrics.perf_task_clock_per_op.reps[$r] - 1 | fabs < 1e-9] | all'
# page_fault1: a fault per op (4K pages: without THP on this mapping)
if grep -q '\[always\]' /sys/kernel/mm/transparent_hugepage/enabled \
	2> /dev/null; then
	echo "THP always: faults per op not checked"
else
	jqt '[.cases[] | . as $c | range(0; .reps_used) as $r |
	      $c.perf_data.reps[$r] | (.counts."page-faults".value / .ops - 1 |
	      fabs) <= .ops_uncertainty / .ops + 0.001] | all'
fi
jqt '[.cases[].replay | test(" --perf stat ")] | all'
# compare reads them as metrics, lower is better
expect_rc 0 "$FL" compare --json "$TMP/p" "$TMP/p"
jq -e '[.cases[0].runs[0].metrics[].name] | index("perf_task_clock_per_op")
       and index("perf_page_faults_per_op")' "$TMP/out" > /dev/null ||
	fail "compare lacks the perf_ metrics"

# a suite line with its own event list
printf 'page_fault1:size=16M -t 1 -d 1 -w 0 -r 1 --perf stat=task-clock\n' \
	> "$TMP/s.suite"
expect_rc 0 "$FL" run -q -o "$TMP" -n s --no-db -c "$TMP/s.suite"
doc=$TMP/s/result.json
jqt '.cases[0].perf_data.events == "task-clock"'
jqt '[.cases[0].metrics | keys[] | select(startswith("perf_"))] ==
     ["perf_task_clock_per_op"]'

# an event perf does not know: the case runs, without perf, and says why
expect_rc 0 "$FL" run -q -o "$TMP" -n b --no-db -d 1 -w 0 -t 1 -r 1 \
	--perf stat=no-such-event page_fault1:size=16M
doc=$TMP/b/result.json
jqt '.cases[0].status == "ok"'
jqt '.cases[0].perf_data.reason | test("no-such-event")'
jqt '[.cases[0].metrics | keys[] | select(startswith("perf_"))] == []'

# usage errors: one line, exit 2
for bad in foo stat= 'stat=a;b'; do
	expect_rc 2 "$FL" run -q -o "$TMP" -n u --no-db --perf "$bad" \
		page_fault1
	one_line "$TMP/err"
	assert_grep "^faultline: --perf: " "$TMP/err"
done
echo "perf: $(jq -r '.cases[0].perf_data.events' "$TMP/p/result.json");" \
	"left out: $(jq -r '.cases[0].perf_data.skipped' "$TMP/p/result.json")"
