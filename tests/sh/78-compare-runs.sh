#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# compare --runs K: several runs a side, the run as the unit; and
# --base-runs K, one new run against K earlier ones. Six runs
# of one kernel whose reps agree within each run (CoV 0.5%) while the
# level moves 3-5% from run to run, as docs/compare.md measured on a
# quiet VM: one run a side calls a change that is not there; three a
# side do not. A real 10% drop is still called, a crash in one run of
# a side is still a correctness failure, and bad groupings are usage
# errors.
. tests/sh/lib.sh
. tests/sh/synth_run.sh

synth_level a1 100; synth_level a2 105; synth_level a3 97
synth_level a4 103; synth_level a5 98; synth_level a6 104
synth_level b1 89; synth_level b2 93; synth_level b3 87

# the defect: within-run reps cannot see the level move
expect_rc 0 $FL compare "$TMP/a1" "$TMP/a2"
assert_grep "+5.0%.*better.*faults_per_sec" "$TMP/out"
assert_grep "^note: one run a side: .* confirm with --runs 3" "$TMP/out"
assert_grep "unit: the rep (one run a side)" "$TMP/out"
expect_rc 0 $FL compare --markdown "$TMP/a1" "$TMP/a2"
assert_grep "^Note: one run a side: .* confirm with --runs 3." "$TMP/out"

# the same runs, three a side: the spread between runs is the noise
expect_rc 0 $FL compare --runs 3 "$TMP/a1" "$TMP/a2" "$TMP/a3" \
	"$TMP/a4" "$TMP/a5" "$TMP/a6"
assert_grep "0 regression(s), 0 correctness failure(s), 0 unstable, 0 improvement(s)" \
	"$TMP/out"
assert_grep "unit: the run (--runs)" "$TMP/out"
assert_no_grep "^note: one run a side" "$TMP/out"
# every run of a side is named, and the values are the runs' means
assert_grep "^       $TMP/a3" "$TMP/out"
expect_rc 0 $FL compare --json --runs 3 "$TMP/a1" "$TMP/a2" "$TMP/a3" \
	"$TMP/a4" "$TMP/a5" "$TMP/a6"
assert_grep '"unit": "run"' "$TMP/out"
assert_grep '"runs": 3' "$TMP/out"
n=$(grep -c "^ *\"$TMP/a[1-6]\",\{0,1\}$" "$TMP/out")
[ "$n" -eq 6 ] || { cat "$TMP/out"; fail "$n run directories listed, expected 6"; }
n=$(grep -c '"n": 3,' "$TMP/out")
[ "$n" -eq 2 ] || { cat "$TMP/out"; fail "sides of $n runs, expected 3"; }

# a real drop of about 10% is called with the run as the unit
expect_rc 1 $FL compare --runs 3 "$TMP/a1" "$TMP/a2" "$TMP/a3" \
	"$TMP/b1" "$TMP/b2" "$TMP/b3"
assert_grep "\-10\.[0-9]%.*REGRESSION.*faults_per_sec" "$TMP/out"
# and several NEW sides each get their column group
expect_rc 1 $FL compare --runs 3 "$TMP"/a[123] "$TMP"/a[456] "$TMP"/b[123]
assert_grep "1 regression(s)" "$TMP/out"

# a case that crashed in one run of a side is that side's status
synth_level b4 100 crash
expect_rc 1 $FL compare --runs 3 "$TMP/a1" "$TMP/a2" "$TMP/a3" \
	"$TMP/a4" "$TMP/b4" "$TMP/a6"
assert_grep "CORRECTNESS: ok -> crash: synthetic crash" "$TMP/out"

# two runs a side are too few for a verdict (3 is the minimum)
expect_rc 0 $FL compare --runs 2 "$TMP/a1" "$TMP/a2" "$TMP/b1" "$TMP/b2"
assert_grep "few-reps" "$TMP/out"

# one directory alone: the plain message, not one about --base-runs
expect_rc 2 $FL compare "$TMP/a1"
one_line "$TMP/err"
assert_grep "needs BASE and at least one NEW run directory$" "$TMP/err"
# usage: a count that does not split, a bad K, a side of two kernels
expect_rc 2 $FL compare --runs 3 "$TMP/a1" "$TMP/a2" "$TMP/a3" "$TMP/a4"
one_line "$TMP/err"
assert_grep "needs BASE and at least one NEW" "$TMP/err"
expect_rc 2 $FL compare --runs 2 "$TMP/a1" "$TMP/a2" "$TMP/a3" "$TMP/a4" \
	"$TMP/a5"
one_line "$TMP/err"
assert_grep "5 run directories are not sides of 2" "$TMP/err"
expect_rc 2 $FL compare --runs 0 "$TMP/a1" "$TMP/a2"
assert_grep "\-\-runs" "$TMP/err"
synth_run "$TMP/c1" c1 6.1 "page_fault1/ok/100,100,100/"
expect_rc 2 $FL compare --runs 2 "$TMP/a1" "$TMP/c1" "$TMP/a2" "$TMP/a3"
one_line "$TMP/err"
assert_grep "ran different kernels (6.12, 6.1)" "$TMP/err"
# a document with a case twice (hand-made): the first counts, as in
# a plain compare, and a side never holds more values than runs
synth_run "$TMP/dup" dup 6.12 "page_fault1/ok/100,100,100/" \
	"page_fault1/ok/50,50,50/"
expect_rc 0 $FL compare --runs 3 "$TMP/dup" "$TMP/a3" "$TMP/a4" \
	"$TMP/a1" "$TMP/a5" "$TMP/a6"
assert_no_grep "REGRESSION\|few-reps" "$TMP/out"

# --base-runs K: one new run against the spread of K earlier runs (the
# nightly gate). a2 alone against a1 was "better"; against a1, a3, a4
# it is within their spread. A 30% drop is called.
expect_rc 0 $FL compare --base-runs 3 "$TMP/a1" "$TMP/a3" "$TMP/a4" \
	"$TMP/a2"
assert_grep "0 regression(s), 0 correctness failure(s), 0 unstable, 0 improvement(s)" \
	"$TMP/out"
assert_grep "unit: the run, each NEW against BASE's runs (--base-runs)" \
	"$TMP/out"
assert_grep "^rule: Student's prediction test p < 0.05" "$TMP/out"
synth_level d1 70
expect_rc 1 $FL compare --base-runs 3 "$TMP/a1" "$TMP/a3" "$TMP/a4" \
	"$TMP/a2" "$TMP/d1"
assert_grep "\-30\.[0-9]%.*REGRESSION.*faults_per_sec" "$TMP/out"
assert_grep "1 regression(s)" "$TMP/out"
# earlier nights may have run other kernels: their spread counts
synth_run "$TMP/c2" c2 6.1 "page_fault1/ok/101,101,101/"
expect_rc 0 $FL compare --base-runs 3 "$TMP/a1" "$TMP/c2" "$TMP/a3" \
	"$TMP/a2"
expect_rc 2 $FL compare --base-runs 3 "$TMP/a1" "$TMP/a2" "$TMP/a3"
one_line "$TMP/err"
assert_grep "needs 3 BASE runs and at least one NEW" "$TMP/err"
expect_rc 2 $FL compare --runs 3 --base-runs 3 "$TMP"/a[1-6]
one_line "$TMP/err"
assert_grep "do not go together" "$TMP/err"

exit 0
