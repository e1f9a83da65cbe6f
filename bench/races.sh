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
n=0

# run NAME MODE TASKS SPEC: one case, echo its result.json
run() {
	n=$((n + 1))
	name="races-bench-$stamp-$n-$1"
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

mkdir -p "$OUT"
echo "# faultline race benchmarks: $(uname -r), $(nproc) CPUs," \
     "$REPS x ${DUR}s (+${WARM}s warm-up), files on /dev/shm"
echo

echo "## mapfixed_race: remaps/s vs reader faults/s (1 remapper thread)"
printf '%-28s %12s %14s %14s\n' case remaps/s reader_faults/s reader_ops/s
for t in 1 2; do
	for c in 1 0; do
		j=$(run mf threads $t "mapfixed_race:check=$c") || exit 1
		eval "mf_${t}_${c}_r=$(m "$j" remaps_per_sec)"
		eval "mf_${t}_${c}_f=$(m "$j" reader_faults_per_sec)"
		eval "mf_${t}_${c}_o=$(m "$j" reader_ops_per_sec)"
		eval "printf '%-28s %12s %14s %14s\n' \
			'readers=$t check=$c' \$mf_${t}_${c}_r \$mf_${t}_${c}_f \
			\$mf_${t}_${c}_o"
	done
	eval "echo \"  checker cost, readers=$t: reader faults/s \
		\$(cost \$mf_${t}_1_f \$mf_${t}_0_f), reader ops/s \
		\$(cost \$mf_${t}_1_o \$mf_${t}_0_o), remaps/s \
		\$(cost \$mf_${t}_1_r \$mf_${t}_0_r)\""
done
echo

echo "## truncate_race: truncates/s vs faults/s (1 truncator, 1 faulter)"
printf '%-28s %12s %12s %10s %14s\n' case truncates/s faults/s sigbus/s ops/s
for op in truncate punch; do
	for c in 1 0; do
		j=$(run tr threads 1 "truncate_race:op=$op,check=$c") || exit 1
		eval "tr_${op}_${c}_t=$(m "$j" truncates_per_sec)"
		eval "tr_${op}_${c}_f=$(m "$j" faults_per_sec)"
		eval "tr_${op}_${c}_b=$(m "$j" sigbus_per_sec)"
		eval "tr_${op}_${c}_o=$(m "$j" ops_per_sec)"
		eval "printf '%-28s %12s %12s %10s %14s\n' 'op=$op check=$c' \
			\$tr_${op}_${c}_t \$tr_${op}_${c}_f \$tr_${op}_${c}_b \
			\$tr_${op}_${c}_o"
	done
	eval "echo \"  checker cost, op=$op: faults/s \
		\$(cost \$tr_${op}_1_f \$tr_${op}_0_f), ops/s \
		\$(cost \$tr_${op}_1_o \$tr_${op}_0_o), truncates/s \
		\$(cost \$tr_${op}_1_t \$tr_${op}_0_t)\""
done
echo

echo "## cow_storm: COW faults/s per process at P=1 and P=2 (processes)"
printf '%-28s %16s %16s %14s %10s\n' case cow_faults/s/task \
	read_faults/s/task cow_faults/s loops/s
for p in 1 2; do
	for c in 1 0; do
		j=$(run cs processes $p "cow_storm:check=$c") || exit 1
		eval "cs_${p}_${c}_c=$(m "$j" cow_faults_per_sec_per_task)"
		eval "cs_${p}_${c}_r=$(m "$j" read_faults_per_sec_per_task)"
		eval "cs_${p}_${c}_t=$(m "$j" cow_faults_per_sec)"
		eval "cs_${p}_${c}_l=$(m "$j" loops_per_sec)"
		eval "printf '%-28s %16s %16s %14s %10s\n' 'P=$p check=$c' \
			\$cs_${p}_${c}_c \$cs_${p}_${c}_r \$cs_${p}_${c}_t \
			\$cs_${p}_${c}_l"
	done
	eval "echo \"  checker cost, P=$p: COW faults/s \
		\$(cost \$cs_${p}_1_t \$cs_${p}_0_t), loops/s \
		\$(cost \$cs_${p}_1_l \$cs_${p}_0_l)\""
done
eval "echo \"  scaling P=1 -> P=2 (check=1): total COW faults/s x\$(awk \
	-v a=\$cs_1_1_t -v b=\$cs_2_1_t 'BEGIN { printf \"%.2f\", b / a }')\""
rm -f "$OUT/.bench.log"
