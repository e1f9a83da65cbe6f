#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# bench/races.sh - rates of the racing pairs of the race workloads, and
# what their checkers cost (check=1 against the same loop with check=0).
#
#   sh bench/races.sh            # 3 reps of 3 s after 1 s warm-up
#   DUR=5 REPS=5 sh bench/races.sh
#
# Each number is the mean over the reps of the case's own metric from
# result.json; the run directories stay in $OUT (default results/) for
# `faultline compare`. Target: checker cost under 10%.
set -u
cd "$(dirname "$0")/.."
FL=${FL:-./faultline}
OUT=${OUT:-results}
DUR=${DUR:-3}
REPS=${REPS:-3}
WARM=${WARM:-1}
stamp=$(date -u +%Y%m%d-%H%M%S)

# run NAME MODE TASKS SPEC: one case, echo its result.json
run() {
	name="races-bench-$stamp-$2-$3-$(echo "$4" | tr -c "a-z0-9\n" -)"
	"$FL" run -q -o "$OUT" -n "$name" -m "$2" -t "$3" -d "$DUR" \
		-w "$WARM" -r "$REPS" --timeout 120 "$4" > "$OUT/.bench.log" 2>&1
	rc=$?
	[ $rc -eq 0 ] || { cat "$OUT/.bench.log" >&2;
		echo "bench: $4 failed ($rc)" >&2; exit 1; }
	echo "$OUT/$name/result.json"
}

# m FILE METRIC: the mean of the metric's reps
m() {
	tr -d ' \n' < "$1" | grep -o "\"$2\":{[^}]*" | head -n 1 |
		sed 's/.*"reps":\[\([^]]*\)\].*/\1/' |
		awk -F, '{ s = 0; for (i = 1; i <= NF; i++) s += $i;
			   printf "%.0f", NF ? s / NF : 0 }'
}

cost() {	# cost ON OFF: percent lost with the checker on
	awk -v on="$1" -v off="$2" 'BEGIN {
		if (off > 0) printf "%+.1f%%", (off - on) * 100 / off;
		else printf "n/a" }'
}

get() { eval "echo \${$1:-0}"; }	# get VAR: the value of the named variable
set_m() {	# set_m PREFIX FILE METRIC...: PREFIX_i = mean of METRIC i
	pre=$1 file=$2; shift 2
	i=0
	for met in "$@"; do
		i=$((i + 1))
		eval "${pre}_$i=$(m "$file" "$met")"
	done
}

mkdir -p "$OUT"
echo "# faultline race benchmarks: $(uname -r), $(nproc) CPUs," \
     "$REPS x ${DUR}s (+${WARM}s warm-up), files on /dev/shm"
echo "# cost = (off - on) / off: what turning the checker on loses"
echo

echo "## mapfixed_race: remaps/s vs reader faults/s (1 remapper thread)"
printf '%-22s %12s %16s %14s\n' case remaps/s reader_faults/s reader_ops/s
for t in 1 2; do
	for c in 1 0; do
		j=$(run mf threads $t "mapfixed_race:check=$c") || exit 1
		set_m "mf$c" "$j" remaps_per_sec reader_faults_per_sec \
			reader_ops_per_sec
		printf '%-22s %12s %16s %14s\n' "readers=$t check=$c" \
			"$(get mf${c}_1)" "$(get mf${c}_2)" "$(get mf${c}_3)"
	done
	echo "  checker cost: remaps/s $(cost $mf1_1 $mf0_1)," \
	     "reader faults/s $(cost $mf1_2 $mf0_2)," \
	     "reader ops/s $(cost $mf1_3 $mf0_3)"
done
echo

echo "## truncate_race: truncates/s vs faults/s (1 truncator, 1 faulter)"
printf '%-22s %12s %12s %10s %14s\n' case truncates/s faults/s sigbus/s ops/s
for op in truncate punch; do
	for c in 1 0; do
		j=$(run tr threads 1 "truncate_race:op=$op,check=$c") || exit 1
		set_m "tr$c" "$j" truncates_per_sec faults_per_sec \
			sigbus_per_sec ops_per_sec
		printf '%-22s %12s %12s %10s %14s\n' "op=$op check=$c" \
			"$(get tr${c}_1)" "$(get tr${c}_2)" "$(get tr${c}_3)" \
			"$(get tr${c}_4)"
	done
	echo "  checker cost: truncates/s $(cost $tr1_1 $tr0_1)," \
	     "faults/s $(cost $tr1_2 $tr0_2), ops/s $(cost $tr1_4 $tr0_4)"
done
echo

echo "## cow_storm: COW faults/s per process at P=1 and P=2 (processes)"
printf '%-22s %14s %15s %13s %9s\n' case cow_faults/s/P read_faults/s/P \
	cow_faults/s loops/s
for p in 1 2; do
	for c in 1 0; do
		j=$(run cs processes $p "cow_storm:check=$c") || exit 1
		set_m "cs$c" "$j" cow_faults_per_sec_per_task \
			read_faults_per_sec_per_task cow_faults_per_sec \
			loops_per_sec
		printf '%-22s %14s %15s %13s %9s\n' "P=$p check=$c" \
			"$(get cs${c}_1)" "$(get cs${c}_2)" "$(get cs${c}_3)" \
			"$(get cs${c}_4)"
	done
	echo "  checker cost: COW faults/s $(cost $cs1_3 $cs0_3)," \
	     "loops/s $(cost $cs1_4 $cs0_4)"
	eval "cow_total_$p=$cs1_3"
done
echo "  scaling P=1 -> P=2, total COW faults/s (check=1):" \
     "x$(awk -v a="$cow_total_1" -v b="$cow_total_2" \
	'BEGIN { if (a > 0) printf "%.2f", b / a; else printf "n/a" }')"
rm -f "$OUT/.bench.log"
