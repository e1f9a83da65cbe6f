#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# bench/honest.sh - what the throughput workloads' checks of the kernel
# (workloads/honest.h: the fault count and the content after a drop)
# cost the operation they measure.
#
# The method of bench/sampler.sh, with the checks as the switch: for
# each case, runs in pairs, in alternating order, with the checks (the
# default) and without them (FAULTLINE_NO_CHECKS=1); throughput is
# normalised by the workers' share of time on a CPU (schedstat), so
# that other load on the machine mostly cancels. The summary line per
# case is the overhead with its 95% interval; target <= 0.5%.
#
# Environment: CASES [page_fault1 page_fault2 page_fault3 mmap1 mmap2
# giant_vma:size=256M] (giant_vma smaller than its default so that a run
# holds many rounds), BUDGET per case [120], MINPAIRS [6], TASKS [1];
# anything else is passed to bench/sampler.sh (MODE, WARMUP, DURATION).
# Output: bench/out/honest/CASE/, summaries in bench/out/honest/summary.txt.
# Exit: 0 every case met the target, 1 not, 2 error.
set -u
cd "$(dirname "$0")/.." || exit 2

CASES=${CASES:-page_fault1 page_fault2 page_fault3 mmap1 mmap2 \
giant_vma:size=256M}
OUTDIR=${OUT:-bench/out/honest}
rm -rf "$OUTDIR"
mkdir -p "$OUTDIR" || exit 2
: > "$OUTDIR/summary.txt"
rc=0
for c in $CASES; do
	name=$(echo "$c" | tr ':,=' '_')
	CASE=$c KNOB=FAULTLINE_NO_CHECKS NAME="checks of $c" \
		OUT="$OUTDIR/$name" BUDGET=${BUDGET:-120} \
		MINPAIRS=${MINPAIRS:-6} TASKS=${TASKS:-1} \
		sh bench/sampler.sh > "$OUTDIR/$name.log" 2>&1
	st=$?
	[ $st -eq 2 ] && { cat "$OUTDIR/$name.log" >&2; exit 2; }
	[ $st -eq 0 ] || rc=1
	grep -v '^summary:' "$OUTDIR/$name.log"
	grep '^summary:' "$OUTDIR/$name.log" | tee -a "$OUTDIR/summary.txt"
done
exit $rc
