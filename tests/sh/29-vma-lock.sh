#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The per-VMA-lock story: giant_vma and mapfixed_race carry a row per
# vma_lock_* vmstat counter (and the share of faults that fell back to
# mmap_lock) where the kernel counts them (CONFIG_PER_VMA_LOCK_STATS),
# and say so where it does not. page_fault1 carries neither.
. tests/sh/lib.sh
command -v jq > /dev/null || fail "jq missing (make deps)"

expect_rc 0 "$FL" run -q -o "$TMP" -n v --no-db -d 1 -w 0 -t 1 -r 1 \
	giant_vma:size=64M mapfixed_race page_fault1:size=16M
doc=$TMP/v/result.json
jqt() {	# jqt EXPR: assert the document satisfies EXPR
	jq -e "$1" "$doc" > /dev/null || fail "result.json: $1"
}
vl='[.metrics | keys[] | select(startswith("vma_lock_"))]'
if grep -q '^vma_lock_success ' /proc/vmstat; then
	jqt "[.cases[] | select(.workload != \"page_fault1\") |
	      ($vl | index(\"vma_lock_success_per_op\")) and
	      .vma_lock_note == null] | all"
	grep -q '^vma_lock_retry ' /proc/vmstat && grep -q \
		'^vma_lock_abort ' /proc/vmstat &&
		jqt '[.cases[] | select(.workload != "page_fault1") |
		      .metrics.vma_lock_fallback_share.reps[] |
		      . >= 0 and . <= 1] | all'
	echo "vma_lock_* counted by this kernel"
else
	jqt "[.cases[] | select(.workload != \"page_fault1\") | $vl == [] and
	      (.vma_lock_note | test(\"CONFIG_PER_VMA_LOCK_STATS\"))] | all"
	echo "this kernel has no vma_lock_* counters: the note is there"
fi
jqt "[.cases[] | select(.workload == \"page_fault1\") | $vl == [] and
      .vma_lock_note == null] | all"
jqt '[.cases[].status == "ok"] | all'
