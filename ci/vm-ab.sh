#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# make vm-ab A=IMAGE B=IMAGE: the same run on two kernel images, RUNS
# times each, interleaved (A B A B ...: a drift of the machine falls on
# both alike), into $OUT/ab-a1.. and $OUT/ab-b1.., then `faultline
# compare --runs RUNS` of B against A, the run as the unit
# (docs/compare.md, "Between runs"). RUNS=1: one run each, one compare.
#
#   VM_ARGS='--accel auto' VM_RUN_ARGS='-d 5 -r 3 giant_vma' OUT=results
#   RUNS=3
# Exit: the worse of the guests' statuses (see faultline vm --help),
# else compare's (1: B regressed); 2 on bad usage.
set -u
FL=${FL:-./faultline}
OUT=${OUT:-results}
A=${A:-} B=${B:-}
RUNS=${RUNS:-3}
[ -n "$A" ] && [ -n "$B" ] || {
	echo "faultline: usage: make vm-ab A=IMAGE B=IMAGE [RUNS=N]" >&2
	exit 2
}
case $RUNS in
''|*[!0-9]*|0)
	echo "faultline: vm-ab: RUNS=$RUNS: not a count >= 1" >&2
	exit 2 ;;
esac
ARGS=${VM_ARGS:---accel auto}
RUN=${VM_RUN_ARGS:--d 5 -w 1 -r 3 -t 1 giant_vma giant_vma:writer=mmap}

worst=0
i=1
while [ "$i" -le "$RUNS" ]; do
	for side in a b; do
		img=$A
		[ $side = b ] && img=$B
		# shellcheck disable=SC2086
		"$FL" vm --kernel "$img" $ARGS -o "$OUT" -n "ab-$side$i" -- $RUN
		rc=$?
		[ "$rc" -eq 2 ] && exit 2
		case $rc in 0|4) ;; *) worst=$rc ;; esac
	done
	i=$((i + 1))
done
[ "$worst" -eq 0 ] || exit "$worst"
i=1 as= bs=
while [ "$i" -le "$RUNS" ]; do
	as="$as $OUT/ab-a$i" bs="$bs $OUT/ab-b$i"
	i=$((i + 1))
done
echo
# shellcheck disable=SC2086
"$FL" compare --runs "$RUNS" $as $bs
