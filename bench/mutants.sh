#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# bench/mutants.sh - `make mutants`: does the race suite catch real bugs?
# Builds the stock kernel and one kernel per ci/mutants/*.patch
# (ci/mutants/build.sh), boots each with `faultline vm --disk xfs`
# under TCG with 2 vCPUs, runs configs/mutants.suite, and prints the
# detection matrix: a row per kernel (stock MUTANTS_STOCK_RUNS times,
# then each mutant), a column per case of the suite. A cell is
#   caught S   a checker violation; S: seconds into the case to the
#              first one (the earliest violation t_ns in result.json)
#   missed     the case passed
#   error      no violation, but the case or the guest failed (crash,
#              timeout, a kernel log line, a panic: see details.txt)
# Targets: the stock rows all missed (clean); every mutant caught by at
# least one case; the whole run, builds included, under 40 minutes.
# `make mutants` then runs bench/bisect-tree.sh: ci/bisect.sh over a git
# tree of stock, an unrelated change and one mutant (timed apart).
#
# Slow (a kernel build, then ~2 minutes of TCG per kernel), so it runs
# only when asked: `make mutants`, or MUTANTS=1 (bench/run.sh skips it
# otherwise). Environment:
#   MUTANTS_ONLY="01-shmem-fault-isize ..."  only these mutants
#   MUTANTS_STOCK_RUNS=3    stock rows
#   MUTANTS_SUITE=configs/mutants.suite
#   MUTANTS_OUT=results/mutants-TIME   where runs and the matrix go
#   MUTANTS_CACHE           see ci/mutants/build.sh
#   MUTANTS_REPORT=1        no builds or guests: the matrix of MUTANTS_OUT
# Exit: 0 targets met, 1 a target missed, 4 skipped.
set -eu
cd "$(dirname "$0")/.."
FL=${FL:-./faultline}

if [ -z "${MUTANTS:-}" ]; then
	echo "bench/mutants.sh: skipped: builds kernels and boots one guest per kernel (about 40 minutes); run make mutants or MUTANTS=1"
	exit 4
fi

cache=${MUTANTS_CACHE:-$HOME/.cache/faultline/mutants}
suite=${MUTANTS_SUITE:-configs/mutants.suite}
stock_runs=${MUTANTS_STOCK_RUNS:-3}
out=${MUTANTS_OUT:-results/mutants-$(date +%Y%m%d-%H%M%S)}
export MUTANTS_CACHE=$cache
mkdir -p "$out"
command -v jq > /dev/null || { echo "bench/mutants.sh: needs jq" >&2; exit 1; }

# the suite, less lines naming a workload this faultline does not have
# (a suite may name workloads that land later), each skipped line said
known=" $("$FL" list | awk '/^[a-z_0-9]+ +(race|throughput) / { print $1 }' | tr '\n' ' ')"
awk -v known="$known" '
	/^[ \t]*(#|$)/ { print; next }
	{ w = $1; sub(/:.*/, "", w)
	  if (index(known, " " w " ")) print
	  else printf "mutants: %s: no such workload here, line skipped\n", w > "/dev/stderr" }
' "$suite" > "$out/suite"
suite=$out/suite

t_all=$(date +%s)
mutants=""
for p in ci/mutants/*.patch; do
	n=$(basename "$p" .patch)
	case " ${MUTANTS_ONLY:-$n} " in *" $n "*) mutants="$mutants $n" ;; esac
done
# MUTANTS_REPORT=1: only the matrix, from the runs already in MUTANTS_OUT
if [ -z "${MUTANTS_REPORT:-}" ]; then
	# shellcheck disable=SC2086
	sh ci/mutants/build.sh stock $mutants
fi
t_built=$(date +%s)

rows=""
i=1
while [ "$i" -le "$stock_runs" ]; do
	rows="$rows stock-$i"
	i=$((i + 1))
done
rows="$rows$mutants"

# boot ROW: one guest; its run directory is $out/ROW
boot() {
	case $1 in stock-*) tree=$cache/build/stock ;; *) tree=$cache/build/$1 ;; esac
	rm -rf "${out:?}/$1"
	t0=$(date +%s)
	rc=0
	"$FL" vm --kernel "$tree" --accel tcg --cpus 2 --mem 2G \
		--disk xfs:1G --timeout 1200 --boot-timeout 300 \
		--append no_timer_check \
		-o "$out" -n "$1" --no-db \
		-- -q -c "$suite" > "$out/$1.log" 2>&1 || rc=$?
	echo "$1 rc=$rc wall=$(($(date +%s) - t0))s" >> "$out/runs.txt"
	echo "mutants: $1: faultline vm exit $rc, $(($(date +%s) - t0)) s" >&2
}

if [ -z "${MUTANTS_REPORT:-}" ]; then
	: > "$out/runs.txt"
	for r in $rows; do
		boot "$r"
	done
fi
t_ran=$(date +%s)

# the columns: the suite's cases, in order, from the first stock run
# that has them (the labels say workload, variant, mode and tasks)
cols=$out/columns.txt
: > "$cols"
for r in $rows; do
	if [ -s "$out/$r/result.json" ]; then
		jq -r '.cases[].label' "$out/$r/result.json" > "$cols"
		[ -s "$cols" ] && break
	fi
done

# cell ROW LABEL: caught S | missed | error, and a line in details.txt
cell() {
	j=$out/$1/result.json
	line=$( [ -s "$j" ] && jq -r --arg l "$2" '.cases[] | select(.label == $l) |
		[.status, .violations_total,
		 ((.violations | map(.t_ns) | min) // -1),
		 (.reason // "")] | @tsv' "$j" | head -n 1)
	if [ -z "$line" ]; then
		vs=$(jq -r '.status + ": " + (.reason // "")' \
			"$out/$1/vm.json" 2> /dev/null || echo "no vm.json")
		echo "$1	$2	error	case did not run ($vs)" >> "$out/details.txt"
		echo error
		return
	fi
	st=$(echo "$line" | cut -f1)
	nv=$(echo "$line" | cut -f2)
	t=$(echo "$line" | cut -f3)
	why=$(echo "$line" | cut -f4)
	if [ "$nv" -gt 0 ]; then
		s=$(awk -v t="$t" 'BEGIN { printf "%.2f", t / 1e9 }')
		echo "$1	$2	caught $s	$why" >> "$out/details.txt"
		echo "caught $s"
	elif [ "$st" = ok ]; then
		echo missed
	else
		echo "$1	$2	error	$st: $why" >> "$out/details.txt"
		echo error
	fi
}

: > "$out/details.txt"
m=$out/matrix.md
{
	printf '| kernel |'
	n=1
	while read -r l; do printf ' c%d |' "$n"; n=$((n + 1)); done < "$cols"
	printf '\n| --- |'
	while read -r l; do printf ' --- |'; done < "$cols"
	printf '\n'
	for r in $rows; do
		printf '| %s |' "$r"
		while read -r l; do printf ' %s |' "$(cell "$r" "$l")"; done < "$cols"
		printf '\n'
	done
	printf '\n'
	n=1
	while read -r l; do printf 'c%d: `%s`  \n' "$n" "$l"; n=$((n + 1)); done < "$cols"
} > "$m"

# targets
ok=1
for r in $rows; do
	case $r in
	stock-*)
		if grep "^| $r |" "$m" | grep -q 'caught\|error'; then
			echo "mutants: target missed: $r is not clean" >&2
			ok=0
		fi
		;;
	*)
		if ! grep "^| $r |" "$m" | grep -q 'caught'; then
			echo "mutants: target missed: no case caught $r" >&2
			ok=0
		fi
		;;
	esac
done
[ -s "$cols" ] || { echo "mutants: no run produced a result" >&2; ok=0; }
t_end=$(date +%s)
total=$((t_end - t_all))
[ "$total" -le 2400 ] || { echo "mutants: target missed: ${total}s > 40 min" >&2; ok=0; }

cat "$m"
echo
cat "$out/details.txt"
echo
echo "summary: mutants build_sec=$((t_built - t_all)) run_sec=$((t_ran - t_built)) total_sec=$total kernels=$(echo $rows | wc -w) out=$out"
tail -n 20 "$cache/times.txt" 2> /dev/null | sed 's/^/build: /'
[ "$ok" = 1 ]
