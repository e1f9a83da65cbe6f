#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# make vm-demo: giant_vma with and without writer=mmap (a thread looping
# mmap/munmap, an mmap_lock writer) on Debian's 6.1 (no per-VMA locks)
# and 6.12 (per-VMA locks) cloud kernels, each in a 2-CPU TCG guest.
# Then each case's mean faults/s per kernel and `faultline compare`.
#
#   FL=./faultline OUT=results NAME=demo VM_DEMO_ARGS='-d 5 -w 1 -r 3 -t 1'
set -eu
FL=${FL:-./faultline}
OUT=${OUT:-results}
NAME=${NAME:-demo}
ARGS=${VM_DEMO_ARGS:--d 5 -w 1 -r 3 -t 1}

kernels=$(sh ci/kernels.sh 6.1 6.12)
set -- $kernels
k61=$1 k612=$2
r61=${k61##*/vmlinuz-} r612=${k612##*/vmlinuz-}

rc=0
# shellcheck disable=SC2086
"$FL" vm --kernel "$k61" --kernel "$k612" --accel tcg --cpus 2 --mem 2G \
	-o "$OUT" -n "$NAME" -- -q $ARGS giant_vma giant_vma:writer=mmap ||
	rc=$?

echo
echo "# faults/s, mean of the reps (TCG guest: compare kernels, not hosts)"
for r in "$r61" "$r612"; do
	grep -h ' faults_per_sec: ' "$OUT/$NAME-$r/ktap.txt" |
		sed "s/^# /$r  /"
done
echo
"$FL" compare "$OUT/$NAME-$r61" "$OUT/$NAME-$r612" || true
exit "$rc"
