#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# bench/monitors.sh - issue 13's target on the monitors, the per-second
# sampler and the /proc reads at each rep's window edges (schedstat,
# stat, status, /proc/stat, /proc/vmstat): at most 0.5% of throughput.
# Their cost at one snapshot a second is far below this VM's noise, so
# it is measured amplified (bench/sampler.sh AMPLIFY, docs/bench.md):
# the "on" arm takes N snapshots a second, the "off" arm none
# (FAULTLINE_NO_MONITORS=1), and the overhead is divided back. Two
# values of N, to see whether the cost per snapshot holds. Then what
# `--perf stat` costs beside them, measured without a target: it is
# opt-in, and compare marks runs with and without it `unlike`.
#
# Environment: AMPLIFY_LIST [100 20]; PERF [1]: 0 leaves --perf stat
# out; OUT [bench/out/monitors]; anything else goes to bench/sampler.sh
# (CASE, MODE, TASKS, WARMUP, DURATION, BUDGET, MINPAIRS, MAXPAIRS).
# Exit: 0 the monitors met the target at every N, 1 otherwise, 2 error.
set -u
cd "$(dirname "$0")/.." || exit 2

OUTDIR=${OUT:-bench/out/monitors}
rm -rf "$OUTDIR"
mkdir -p "$OUTDIR" || exit 2
rc=0
for n in ${AMPLIFY_LIST:-100 20}; do
	OUT=$OUTDIR/x$n AMPLIFY=$n KNOB=FAULTLINE_NO_MONITORS \
		NAME=monitors-x$n sh bench/sampler.sh
	case $? in
	0) ;;
	1) rc=1 ;;
	*) exit 2 ;;
	esac
done
if [ "${PERF:-1}" = 1 ]; then
	if command -v perf > /dev/null; then
		OUT=$OUTDIR/perf-stat ON_ARGS="--perf stat" KNOB='' \
			NAME=perf-stat TARGET=none sh bench/sampler.sh ||
			exit 2
	else
		echo "monitors: no perf: --perf stat not measured" \
		     "(apt-get install linux-perf)"
	fi
fi
exit $rc
