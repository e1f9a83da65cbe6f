#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# ci/nightly.sh - the nightly regression job.
#
#   ci/nightly.sh [--kernel IMAGE] [--kernel-commit SHA] [--db FILE]
#                 [-o DIR] [-n NAME] [--suite FILE] [-- VM-OPTIONS]
#
# Runs the suite (configs/nightly.suite) on the running kernel, or on
# IMAGE inside `faultline vm`; compares the run with the last good run
# of the same cases on the same machine from the history database;
# records the run and its gate status there; and leaves for the CI
# system, in <DIR>/<NAME>/: ktap.txt, result.json, compare.txt,
# compare.json, summary.md and report/ (faultline report). Exit: the
# gate's status, 0 pass, 1 a regression or a correctness failure; 2
# bad usage; 3 the image did not boot. The first run on a machine has
# no baseline and passes unless a case failed. See docs/compare.md for
# cron and CI examples.
# NIGHTLY_BASE_RUNS (default 3): the gate judges the night against the
# spread of this many last good runs (compare --base-runs), the run as
# the unit; with fewer of them recorded, against the last good run
# alone (the rep as the unit, which cannot see how far the level moves
# from run to run: docs/compare.md). 1: always the last good run.
# NIGHTLY_COMPARE_ARGS: options for the gate's compare, e.g.
# "--threshold 10" on a machine whose runs drift more than the default
# 3% from one night to the next (measure it with bench/compare.sh).
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
FL=${FAULTLINE:-$top/faultline}
suite=$top/configs/nightly.suite
out=$top/results
db=
name=nightly-$(date -u +%Y%m%d-%H%M%S)
kernel= commit=
cmp_args=${NIGHTLY_COMPARE_ARGS:-}
base_runs=${NIGHTLY_BASE_RUNS:-3}

usage() {
	sed -n '4,7p' "$0" | sed 's/^# *//'
}
die() {
	echo "faultline: nightly: $*" >&2
	exit 2
}

while [ $# -gt 0 ]; do
	case $1 in
	--kernel) [ $# -ge 2 ] || die "--kernel needs IMAGE"
		kernel=$2; shift 2 ;;
	--kernel-commit) [ $# -ge 2 ] || die "--kernel-commit needs SHA"
		commit=$2; shift 2 ;;
	--db) [ $# -ge 2 ] || die "--db needs FILE"; db=$2; shift 2 ;;
	-o|--output) [ $# -ge 2 ] || die "$1 needs DIR"; out=$2; shift 2 ;;
	-n|--name) [ $# -ge 2 ] || die "$1 needs NAME"; name=$2; shift 2 ;;
	--suite) [ $# -ge 2 ] || die "--suite needs FILE"; suite=$2; shift 2 ;;
	-h|--help) usage; exit 0 ;;
	--) shift; break ;;
	*) die "unknown option '$1' (try ci/nightly.sh --help)" ;;
	esac
done
case $base_runs in
''|*[!0-9]*|0) die "NIGHTLY_BASE_RUNS=$base_runs: not a count >= 1" ;;
esac
[ -x "$FL" ] || die "$FL not built (run make)"
[ -r "$suite" ] || die "cannot read suite $suite"
[ -z "$kernel" ] || [ -r "$kernel" ] || die "cannot read kernel $kernel"
mkdir -p "$out" || die "cannot create $out"
db=${db:-$out/faultline.db}
run=$out/$name

# 1. run the suite: KTAP on stdout and in ktap.txt
if [ -n "$kernel" ]; then
	"$FL" vm --kernel "$kernel" -o "$out" -n "$name" "$@" -- -c "$suite"
else
	"$FL" run -o "$out" -n "$name" -c "$suite"
fi
rc_run=$?
case $rc_run in
0|1|4) ;;
2) die "faultline rejected the suite or options (exit 2)" ;;
3) echo "faultline: nightly: $kernel did not boot" >&2; exit 3 ;;
esac
[ -f "$run/result.json" ] || {
	echo "faultline: nightly: no $run/result.json (exit $rc_run)" >&2
	exit 1
}

# 2. the gate: against the last good runs of the same cases and machine
# (run directories are taken as words: no blanks in their paths)
bases=$("$FL" history --db "$db" --last-good "$run" --runs "$base_runs") ||
	exit 2
base=$(echo "$bases" | sed -n 1p)	# the newest
nb=$(echo "$bases" | grep -c .)
if [ "$nb" -ge 3 ]; then
	cmp_base="--base-runs $nb $(echo "$bases" | tr '\n' ' ')"
else
	cmp_base=$base
fi
if [ -n "$base" ]; then
	# shellcheck disable=SC2086
	"$FL" compare $cmp_args $cmp_base "$run" > "$run/compare.txt"
	gate=$?
	# shellcheck disable=SC2086
	"$FL" compare $cmp_args --json $cmp_base "$run" > "$run/compare.json"
	# shellcheck disable=SC2086
	"$FL" compare $cmp_args --markdown $cmp_base "$run" \
		> "$run/summary.md"
	[ $gate -le 1 ] || exit 2
else
	# no baseline yet: the gate is the run's own correctness
	gate=0
	[ $rc_run -eq 1 ] && gate=1
	{
		echo "## faultline nightly: $([ $gate -eq 0 ] && echo PASS || echo FAIL)"
		echo
		echo "No earlier good run of these cases on this machine in"
		echo "\`$db\`: nothing to compare against yet. This run becomes"
		echo "the baseline if all its cases passed."
	} > "$run/summary.md"
	echo "no baseline in $db" > "$run/compare.txt"
fi

# 3. record the run with its gate status; a failed run is never a baseline
set -- --db "$db" --gate "$gate"
[ -n "$commit" ] && set -- "$@" --kernel-commit "$commit"
"$FL" import -q "$@" "$run" || exit 1
report=$run/report/index.html
"$FL" report -o "$run/report" ${base:+--compare "$base"} --db "$db" "$run" ||
	report="not made (faultline report failed)"

cat "$run/compare.txt"
more=
[ "$nb" -ge 3 ] && more=" and the $((nb - 1)) good runs before it"
echo "nightly: $run: gate $([ $gate -eq 0 ] && echo PASS || echo FAIL)," \
	"baseline ${base:-none}$more; summary: $run/summary.md; report: $report"
exit $gate
