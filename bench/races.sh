#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# bench/races.sh - rates of the racing pairs of the race workloads, and
# what their checkers cost (check=1 against the same loop with check=0).
#
#   sh bench/races.sh                  # 5 rounds of 3 s, 1 s warm-up
#   ROUNDS=9 DUR=5 sh bench/races.sh
#
# Each configuration runs ROUNDS times with the checker on and off,
# alternating (on, off, on, off, ...), so that a change in background
# load hits both alike; every number is the median over the rounds of
# the case's own metric in result.json. The run directories stay in
# $OUT (default results/). Target: checker cost under 10%.
set -u
cd "$(dirname "$0")/.."
FL=${FL:-./faultline}
OUT=${OUT:-results}
DUR=${DUR:-3}
WARM=${WARM:-1}
ROUNDS=${ROUNDS:-5}
stamp=$(date -u +%Y%m%d-%H%M%S)
T=$(mktemp -d /tmp/faultline-bench.XXXXXX)
trap 'rm -rf "$T"' EXIT INT TERM
# a private copy: a rebuild of ./faultline meanwhile does not break the run
cp "$FL" "$T/faultline" || exit 1
FL=$T/faultline

# run ROUND MODE TASKS SPEC: one case, echo its result.json
run() {
	name="races-bench-$stamp-r$1-$2-$3-$(echo "$4" | tr -c "a-z0-9\n" -)"
	"$FL" run -q -o "$OUT" -n "$name" -m "$2" -t "$3" -d "$DUR" \
		-w "$WARM" -r 1 --timeout 120 "$4" > "$T/log" 2>&1 || {
		cat "$T/log" >&2
		echo "bench: $4 failed" >&2
		return 1
	}
	echo "$OUT/$name/result.json"
}

# m FILE METRIC: the mean of the metric's reps
m() {
	tr -d ' \n' < "$1" | grep -o "\"$2\":{[^}]*" | head -n 1 |
		sed 's/.*"reps":\[\([^]]*\)\].*/\1/' |
		awk -F, '{ s = 0; for (i = 1; i <= NF; i++) s += $i;
			   printf "%.0f", NF ? s / NF : 0 }'
}

median() {	# median FILE: of the numbers in FILE, one a line
	sort -n "$1" | awk '{ v[NR] = $1 } END {
		if (!NR) { print 0; exit }
		if (NR % 2) print v[(NR + 1) / 2];
		else printf "%.0f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# measure KEY MODE TASKS SPEC METRIC...: medians into files $T/KEY.C.I
measure() {
	key=$1 mode=$2 tasks=$3 spec=$4
	shift 4
	r=0
	while [ $r -lt "$ROUNDS" ]; do
		r=$((r + 1))
		for c in 1 0; do
			case $spec in
			*:*) s="$spec,check=$c" ;;
			*) s="$spec:check=$c" ;;
			esac
			j=$(run $r "$mode" "$tasks" "$s") || exit 1
			i=0
			for met in "$@"; do
				i=$((i + 1))
				m "$j" "$met" >> "$T/$key.$c.$i.all"
				echo >> "$T/$key.$c.$i.all"
			done
		done
	done
	for c in 1 0; do
		i=0
		for met in "$@"; do
			i=$((i + 1))
			median "$T/$key.$c.$i.all" > "$T/$key.$c.$i"
		done
	done
}

v() { cat "$T/$1.$2.$3"; }	# v KEY CHECK I: a median

cost() {	# cost KEY I: percent lost with the checker on
	awk -v on="$(v "$1" 1 "$2")" -v off="$(v "$1" 0 "$2")" 'BEGIN {
		if (off > 0) printf "%+.1f%%", (off - on) * 100 / off;
		else printf "n/a" }'
}

mkdir -p "$OUT"
echo "# faultline race benchmarks: $(uname -r), $(nproc) CPUs, medians of" \
     "$ROUNDS rounds of ${DUR}s (+${WARM}s warm-up), files on /dev/shm"
echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# cost = (off - on) / off: what turning the checker on loses"
echo

echo "## mapfixed_race: remaps/s vs reader faults/s (1 remapper thread)"
printf '%-22s %12s %16s %14s\n' case remaps/s reader_faults/s reader_ops/s
for t in 1 2; do
	measure mf$t threads $t mapfixed_race remaps_per_sec \
		reader_faults_per_sec reader_ops_per_sec
	for c in 1 0; do
		printf '%-22s %12s %16s %14s\n' "readers=$t check=$c" \
			"$(v mf$t $c 1)" "$(v mf$t $c 2)" "$(v mf$t $c 3)"
	done
	echo "  checker cost: remaps/s $(cost mf$t 1)," \
	     "reader faults/s $(cost mf$t 2), reader ops/s $(cost mf$t 3)"
done
echo

echo "## truncate_race: truncates/s vs faults/s (1 truncator, 1 faulter)"
printf '%-22s %12s %12s %10s %14s\n' case truncates/s faults/s sigbus/s ops/s
for op in truncate punch; do
	measure tr$op threads 1 "truncate_race:op=$op" truncates_per_sec \
		faults_per_sec sigbus_per_sec ops_per_sec
	for c in 1 0; do
		printf '%-22s %12s %12s %10s %14s\n' "op=$op check=$c" \
			"$(v tr$op $c 1)" "$(v tr$op $c 2)" \
			"$(v tr$op $c 3)" "$(v tr$op $c 4)"
	done
	echo "  checker cost: truncates/s $(cost tr$op 1)," \
	     "faults/s $(cost tr$op 2), ops/s $(cost tr$op 4)"
done
echo

echo "## cow_storm: COW faults/s per process at P=1 and P=2 (processes)"
printf '%-22s %14s %15s %13s %9s\n' case cow_faults/s/P read_faults/s/P \
	cow_faults/s loops/s
for p in 1 2; do
	measure cs$p processes $p cow_storm cow_faults_per_sec_per_task \
		read_faults_per_sec_per_task cow_faults_per_sec loops_per_sec
	for c in 1 0; do
		printf '%-22s %14s %15s %13s %9s\n' "P=$p check=$c" \
			"$(v cs$p $c 1)" "$(v cs$p $c 2)" "$(v cs$p $c 3)" \
			"$(v cs$p $c 4)"
	done
	echo "  checker cost: COW faults/s $(cost cs$p 3)," \
	     "loops/s $(cost cs$p 4)"
done
echo "  scaling P=1 -> P=2, total COW faults/s (check=1):" \
     "x$(awk -v a="$(v cs1 1 3)" -v b="$(v cs2 1 3)" \
	'BEGIN { if (a > 0) printf "%.2f", b / a; else printf "n/a" }')"
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
