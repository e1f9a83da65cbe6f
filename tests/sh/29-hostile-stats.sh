#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# compare on reps that made GSL abort: 600 reps a side (the exact
# Mann-Whitney count overflowed), NaN and infinite reps (Welch's test).
# compare must finish and print "-" for what it cannot compute.
. tests/sh/lib.sh
. tests/sh/synth_run.sh

a=$(seq 1 600 | awk '{ printf "%s%d", (NR > 1 ? "," : ""), 100 + $1 % 7 }')
b=$(seq 1 600 | awk '{ printf "%s%d", (NR > 1 ? "," : ""), 99 + $1 % 5 }')
synth_run "$TMP/a" A 6.1.0 "page_fault1/ok/$a/"
synth_run "$TMP/b" B 6.1.0 "page_fault1/ok/$b/"
synth_run "$TMP/n" N 6.1.0 "page_fault1/ok/100,NaN,101,99,100/"
synth_run "$TMP/i" I 6.1.0 "page_fault1/ok/100,Infinity,101,99,100/"

expect_rc 0 $FL compare "$TMP/a" "$TMP/b"
assert_grep "faults_per_sec" "$TMP/out"
expect_rc 0 $FL compare --test mwu "$TMP/a" "$TMP/b"
for pair in "a n" "n i" "i i" "a i"; do
	set -- $pair
	expect_rc 0 $FL compare "$TMP/$1" "$TMP/$2"
	assert_no_grep "nan" "$TMP/out"
	# the p column is "-"
	grep "faults_per_sec" "$TMP/out" | grep -q -- " - " ||
		{ cat "$TMP/out"; fail "$1 $2: no '-'"; }
done
expect_rc 0 $FL compare --json "$TMP/n" "$TMP/i"
echo "compare survives hostile reps"
