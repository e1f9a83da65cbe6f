#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# bench/compare.sh - how trustworthy and how fast compare is:
#   1. Only with AA_RUNS=N (N >= 2): A/A false-positive rate, per
#      metric, at the default settings (Welch, p < 0.05, |change| >= 3%,
#      CoV limit 5%, 5 reps): N real runs of page_fault1 and
#      giant_vma:size=256M, 1 task, 1 s reps after 1 s warm-up, each
#      compared with the next (cmpstat aa), no target. Issue 13's A/A
#      target (at most 2% over at least 40 pairs, at faultline's default
#      reps and duration) is measured by bench/power.sh, with the same
#      cmpstat aa on its A runs; this part is for other workloads and
#      metrics (giant_vma, latencies) at short reps.
#   2. Power: the share of 20000 synthetic trials with a true 5% drop
#      at reps=5 that compare flags, with Gaussian noise at CoV 1, 2, 3
#      and 5%, and with noise resampled from the per-rep deviations
#      of the runs of step 1 (or, without them, of bench/power.sh's A
#      runs when bench/out/power holds them). Target >= 90%. The power
#      on real runs with a real 2% slowdown: bench/power.sh.
#   3. Wall time of one `faultline compare` over 100 runs (a base and
#      99 new, copies of a real result.json). Target < 1 s.
# Standalone: sh bench/compare.sh (FL=path to faultline, AA_RUNS=N).
# Results also go to bench/out/compare/report.txt.
set -eu
cd "$(dirname "$0")/.."
FL=${FL:-./faultline}
AA_RUNS=${AA_RUNS:-0}
OUT=bench/out/compare
rm -rf "$OUT"
mkdir -p "$OUT"
REPORT=$OUT/report.txt

[ -x "$FL" ] && [ -f build/libfaultline.a ] ||
	make -s faultline build/libfaultline.a
cc -O2 $(make -s cflags) -o "$OUT/cmpstat" bench/cmpstat.c \
	build/libfaultline.a $(make -s ldlibs)
say() { echo "$*" | tee -a "$REPORT"; }

say "# bench/compare.sh on $(uname -r), $(nproc) CPUs, $(date -u +%FT%TZ)"
say "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

# 1. A/A on the running kernel: only with AA_RUNS (bench/power.sh has
# issue 13's target); otherwise one run, for step 3's copies
if [ "$AA_RUNS" -ge 2 ]; then
	say "## 1. A/A: $AA_RUNS runs, page_fault1 + giant_vma:size=256M, -t 1 -d 1 -w 1 -r 5"
else
	say "## 1. A/A: skipped (AA_RUNS=N to run it); issue 13's A/A target: bench/power.sh"
fi
t0=$(date +%s)
i=1
while [ "$i" -le "$AA_RUNS" ] || [ "$i" = 1 ]; do
	"$FL" run -q --no-db -o "$OUT/aa" -n "aa$(printf %03d "$i")" \
		-t 1 -d 1 -w 1 -r 5 page_fault1 giant_vma:size=256M \
		> /dev/null 2>&1 || true
	i=$((i + 1))
done
runs=$(ls -d "$OUT"/aa/aa* | sort)
if [ "$AA_RUNS" -ge 2 ]; then
	say "# $AA_RUNS runs in $(($(date +%s) - t0)) s; load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
	# shellcheck disable=SC2086
	"$OUT/cmpstat" aa $runs | tee -a "$REPORT"
	# shellcheck disable=SC2086
	"$FL" compare "$OUT/aa/aa001" $(echo $runs | cut -d' ' -f2-) \
		> "$OUT/aa-all.txt" || true
else
	runs=$(ls -d bench/out/power/runs/a[0-9]* 2> /dev/null | sort)
fi

# 2. power at a true 5% change, reps=5
say "## 2. power: true -5%, reps=5, default rule"
for cov in 1 2 3 5; do
	"$OUT/cmpstat" power "$cov" | tee -a "$REPORT"
done
if [ -n "$runs" ]; then
	say "# resampled from: $(echo $runs | wc -w) runs under $(dirname "${runs%% *}")"
	# shellcheck disable=SC2086
	"$OUT/cmpstat" power $runs | tee -a "$REPORT"
else
	say "# no real runs to resample (AA_RUNS=N, or bench/power.sh first)"
fi

# 3. wall time of compare over 100 runs
say "## 3. wall time: faultline compare BASE + 99 NEW (copies of a real run)"
i=1
while [ $i -le 100 ]; do
	mkdir -p "$OUT/w/r$i"
	cp "$OUT/aa/aa001/result.json" "$OUT/w/r$i/"
	i=$((i + 1))
done
best=
for k in 1 2 3; do
	t0=$(date +%s%N)
	# shellcheck disable=SC2046
	"$FL" compare $(ls -d "$OUT"/w/r* | sort -V) > /dev/null || true
	t=$((($(date +%s%N) - t0) / 1000000))
	[ -z "$best" ] || [ "$t" -lt "$best" ] && best=$t
	say "compare over 100 runs: ${t} ms"
done
say "compare over 100 runs: best of 3 ${best} ms ($(wc -c < "$OUT/aa/aa001/result.json") bytes each)"
