#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# make vm-ab A=IMAGE B=IMAGE: the same run on two kernel images, into
# $OUT/ab-a and $OUT/ab-b, then `faultline compare` of B against A.
#
#   VM_ARGS='--accel auto' VM_RUN_ARGS='-d 5 -r 3 giant_vma' OUT=results
# Exit: the worse of the two guests' statuses (see faultline vm --help),
# else compare's (1: B regressed).
set -u
FL=${FL:-./faultline}
OUT=${OUT:-results}
A=${A:-} B=${B:-}
[ -n "$A" ] && [ -n "$B" ] || {
	echo "faultline: usage: make vm-ab A=IMAGE B=IMAGE" >&2
	exit 2
}
ARGS=${VM_ARGS:---accel auto}
RUN=${VM_RUN_ARGS:--d 5 -w 1 -r 3 -t 1 giant_vma giant_vma:writer=mmap}

# shellcheck disable=SC2086
"$FL" vm --kernel "$A" $ARGS -o "$OUT" -n ab-a -- $RUN
ra=$?
[ "$ra" -eq 2 ] && exit 2
# shellcheck disable=SC2086
"$FL" vm --kernel "$B" $ARGS -o "$OUT" -n ab-b -- $RUN
rb=$?
for rc in "$ra" "$rb"; do
	case $rc in 0|4) ;; *) exit "$rc" ;; esac
done
echo
"$FL" compare "$OUT/ab-a" "$OUT/ab-b"
