#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Show that the tests issue 14 names fail when their subject is broken:
# tests/sh/70-compare-synthetic, 74-compare-real, 75-nightly, 62-vm-numa,
# the kernel-log patterns (tests/unit/test_kmsg, one mutant per pattern
# in kmsg.c's table) and 29-hostile-kmsg (the unwatched log).
#
# The tree (tracked and untracked files of the working tree, not build/)
# is copied to a temporary directory and built there once. Each test runs
# first on that copy (the control: it must pass), then once per mutant:
# a fresh copy of the built tree with one small change made by sed to the
# test's subject, rebuilt (only what changed), the test run again. A
# mutant must make the test fail (exit 1 for a shell test, non-zero
# but not 4 for a unit test); a skip does not count. The real tree is
# never touched. Prints a table, test -> what broke -> control -> failed,
# and exits 1 if a control did not pass, a sed changed nothing, or a
# mutant went unnoticed.
#
#   TEST_MUTATIONS=1 sh bench/test-mutations.sh [TEST-GLOB...]
#
# No globs: every row. Needs root for the nobody and VM tests, and the
# kernels ci/kernels.sh fetches. About 20 minutes on a shared 2-core
# machine, so it runs only when asked: TEST_MUTATIONS=1 (bench/run.sh,
# make bench, skip it otherwise). Exit: 0 every mutant failed its test,
# 1 not, 4 skipped.
set -u
cd "$(dirname "$0")/.." || exit 1
if [ -z "${TEST_MUTATIONS:-}" ]; then
	echo "bench/test-mutations.sh: skipped: rebuilds and reruns slow tests per mutant (about 20 minutes); run TEST_MUTATIONS=1 sh bench/test-mutations.sh"
	exit 4
fi
J=${MUT_JOBS:-2}
T=$(mktemp -d /tmp/faultline-mut.XXXXXX)
trap 'rm -rf "$T"' EXIT
trap 'exit 130' INT TERM
bad=0
tab=$(printf "\t")
rows=""

want() {	# want TEST: the globs given select it
	[ $# -ge 2 ] || return 0
	_t=$1; shift
	for _g in "$@"; do
		# shellcheck disable=SC2254 # globs, on purpose
		case $_t in $_g) return 0 ;; esac
	done
	return 1
}

mkdir "$T/base"
git ls-files -z --cached --others --exclude-standard |
	tar --null --ignore-failed-read -T - -cf - 2> /dev/null |
	tar -xf - -C "$T/base" || { echo "mut: cannot copy the tree"; exit 1; }
rm -rf "$T/base/build" "$T/base/faultline"
echo "mut: building the copy in $T/base"
(cd "$T/base" && make -s -j"$J" faultline build/tests/unit/test_kmsg) \
	> "$T/build.log" 2>&1 || { cat "$T/build.log"; exit 1; }

# run TREE TEST: the test's exit status, its log in $T/TEST.log
run() {
	(
		cd "$1" || exit 99
		case $2 in
		test_*) ./build/tests/unit/"$2" ;;
		*) FL=./faultline sh tests/sh/"$2".sh ;;
		esac
	) > "$T/$2.log" 2>&1
}

control() {	# control TEST
	run "$T/base" "$1"
	rc=$?
	echo "mut: control $1: exit $rc"
	[ $rc -eq 0 ] || { tail -n 20 "$T/$1.log"; bad=1; }
	eval "ctl_$(echo "$1" | tr -c 'a-zA-Z0-9\n' _)=$rc"
}

# mutant TEST FILE SED-SCRIPT WHAT: break FILE with the sed script, rebuild,
# run TEST; a row of the table
mutant() {
	t=$1 f=$2 s=$3 what=$4
	ctl=$(eval echo "\${ctl_$(echo "$t" | tr -c 'a-zA-Z0-9\n' _):-?}")
	rm -rf "$T/m"
	cp -a "$T/base" "$T/m"
	sed "$s" "$T/base/$f" > "$T/m/$f"
	if cmp -s "$T/base/$f" "$T/m/$f"; then
		res="NOT APPLIED (the sed changed nothing)"
		bad=1
	elif ! (cd "$T/m" && make -s -j"$J" faultline \
			build/tests/unit/test_kmsg) > "$T/mbuild.log" 2>&1; then
		res="NO BUILD"
		tail -n 5 "$T/mbuild.log"
		bad=1
	else
		run "$T/m" "$t"
		rc=$?
		case $t:$rc in
		*:0) res="no (passed)"; bad=1 ;;
		*:4) res="no (skipped: $(tail -n 1 "$T/$t.log"))"; bad=1 ;;
		test_*:*|*:1) res="yes (exit $rc: $(grep -o -m 1 -E \
			'FAIL: .*|\[  ERROR   \] .*' "$T/$t.log" |
			cut -c 1-70))" ;;
		*) res="no (exit $rc, not a test failure)"; bad=1 ;;
		esac
	fi
	echo "mut: $t: $what: failed $res"
	res=$(printf "%s" "$res" | tr "\t\n" "  ")
	rows="$rows$t$tab$what$tab$ctl$tab$res
"
	rm -rf "$T/m"
}

# the separated-ranges block and the verdict's sign (compare's rule)
if want 70-compare-synthetic "$@"; then
	control 70-compare-synthetic
	mutant 70-compare-synthetic harness/analysis/stats.c \
		's#d->separated = d->base.max < d->new.min || d->new.max < d->base.min;#d->separated = false;#' \
		"stats.c: non-overlapping ranges no longer override the noise guard"
	mutant 70-compare-synthetic harness/analysis/stats.c \
		's#d->verdict = d->change > 0 ? FL_BETTER : FL_WORSE;#d->verdict = d->change > 0 ? FL_WORSE : FL_BETTER;#' \
		"stats.c: better and worse swapped"
fi
# real runs: a compare that never calls the slowdown must fail, not skip
if want 74-compare-real "$@"; then
	control 74-compare-real
	mutant 74-compare-real harness/analysis/stats.c \
		's#d->verdict = d->change > 0 ? FL_BETTER : FL_WORSE;#d->verdict = FL_UNSTABLE;#' \
		"stats.c: every significant change called unstable"
	mutant 74-compare-real harness/analysis/stats.c \
		's#d->verdict = d->change > 0 ? FL_BETTER : FL_WORSE;#d->verdict = d->change > 0 ? FL_WORSE : FL_BETTER;#' \
		"stats.c: better and worse swapped"
fi
# the nightly job: a failed night as a baseline, a failed gate ignored
if want 75-nightly "$@"; then
	control 75-nightly
	mutant 75-nightly harness/history/history.c \
		's#"AND dir IS NOT NULL AND all_ok = 1 "#"AND dir IS NOT NULL "#;s#"AND (gate IS NULL OR gate = 0) "#""#' \
		"history.c: --last-good takes a failed night as the baseline"
	# shellcheck disable=SC2016 # a sed script, not an expansion
	mutant 75-nightly ci/nightly.sh 's#^exit \$gate$#exit 0#' \
		"ci/nightly.sh: exits 0 when its gate fails"
fi
# per-node rates of a two-node guest: zero, or missing
if want 62-vm-numa "$@"; then
	control 62-vm-numa
	mutant 62-vm-numa harness/report/results.c \
		's#json_object_array_put_idx(arr, rep, json_object_new_double(v));#json_object_array_put_idx(arr, rep, json_object_new_double(0 * v));#' \
		"results.c: per-node rates recorded as 0"
	mutant 62-vm-numa harness/report/results.c \
		's#^\(\t*\)node_add(per_node, shm->task\[i\].node, name, r,#\1if (0) node_add(per_node, shm->task[i].node, name, r,#' \
		"results.c: no per-node rates (per_node empty)"
fi
# every pattern of the kernel-log watch, one at a time
if want test_kmsg "$@"; then
	control test_kmsg
	sed -n '/^} bad\[\] = {/,/^};/s/^\t{ "\([^"]*\)",.*/\1/p' \
		"$T/base/harness/engine/kmsg.c" > "$T/patterns"
	[ -s "$T/patterns" ] || { echo "mut: no patterns in kmsg.c"; bad=1; }
	while IFS= read -r p; do
		mutant test_kmsg harness/engine/kmsg.c \
			"s#^\t{ \"$p\",#\t{ \"@@never@@\",#" \
			"kmsg.c: pattern \"$p\" never matches"
	done < "$T/patterns"
fi
# the unwatched kernel log is said after each case
if want 29-hostile-kmsg "$@"; then
	control 29-hostile-kmsg
	mutant 29-hostile-kmsg harness/cli/run.c \
		's#^\(\t*\)kmsg_diag(&k, obj, r.strict);#\1;#' \
		"run.c: no 'kmsg: not watched' line after a case"
fi

echo
echo "| test | broke what | control | test failed |"
echo "| --- | --- | --- | --- |"
printf '%s' "$rows" | while IFS="$tab" read -r t what ctl res; do
	[ "$ctl" = 0 ] && ctl=passed || ctl="exit $ctl"
	echo "| $t | $what | $ctl | $res |"
done
[ $bad -eq 0 ] || { echo "mut: a control failed or a mutant went unnoticed"; exit 1; }
echo "mut: every mutant failed its test"
