#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# bisect-step with --good given three times: the step run's mean is
# judged against the spread of the good runs' means (the run as the
# unit, compare --base-runs). Synthetic good runs far above and far
# below any real rate make a real step run bad and good; two --good
# and good runs of two kernels are usage errors (128).
. tests/sh/lib.sh
. tests/sh/synth_run.sh

# good DIR LEVEL [RELEASE]: a good run of page_fault1 at LEVEL ops/s
good() {
	synth_run "$TMP/$1" "$1" "${3:-$(uname -r)}" \
		"page_fault1/ok/$2,$(echo "$2" | awk '{ print $1 * 1.01 }'),$2/"
	sed -i 's/"faults_per_sec"/"ops_per_sec"/' "$TMP/$1/result.json"
}
step() {
	_rc=$1
	shift
	expect_rc "$_rc" $FL bisect-step -o "$TMP/steps" -d 1 -w 0 -r 3 \
		--metric page_fault1/ops_per_sec "$@"
}
good h1 1e12; good h2 1.02e12; good h3 0.99e12
step 1 --good "$TMP/h1" --good "$TMP/h2" --good "$TMP/h3"
assert_grep "^bad: page_fault1 ops_per_sec -100.0%" "$TMP/out"
assert_grep "(the run as the unit: 3 good runs)" "$TMP/out"
assert_grep "n=3/1" "$TMP/out"

good l1 10; good l2 10.2; good l3 9.9
step 0 --good "$TMP/l1" --good "$TMP/l2" --good "$TMP/l3"
assert_grep "^good: page_fault1 ops_per_sec" "$TMP/out"

step 128 --good "$TMP/l1" --good "$TMP/l2"
one_line "$TMP/err"
assert_grep "one run, or at least 3" "$TMP/err"
good o1 10 6.1.0-other
step 128 --good "$TMP/l1" --good "$TMP/o1" --good "$TMP/l3"
one_line "$TMP/err"
assert_grep "ran different kernels" "$TMP/err"
exit 0
