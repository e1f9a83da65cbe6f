#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# compare on synthetic runs with known per-rep values: the sign of
# %change, the threshold, the noise guard, ok -> not ok, the exit
# status and all three output formats.
. tests/sh/lib.sh
. tests/sh/synth_run.sh

B="$TMP/base" N="$TMP/new"
synth_run "$B" base 6.1 \
	"page_fault1/ok/100,101,99,100.5,99.5/50,51,49,50,50" \
	"mmap1/ok/10,10.1,9.9,10,10/" \
	"giant_vma/ok/100,120,85,110,90/"

# A/A: identical values flag nothing
expect_rc 0 $FL compare "$B" "$B"
assert_grep "0 regression(s), 0 correctness failure(s)" "$TMP/out"
assert_grep "PASS" "$TMP/out"

# rate -10%, latency +10% (worse), noisy case -25% with overlapping
# ranges (unstable), ok -> crash
synth_run "$N" new 6.12 \
	"page_fault1/ok/90,90.9,89.1,90.45,89.55/55,56.1,53.9,55,55" \
	"mmap1/crash/10,10.1/" \
	"giant_vma/ok/75,90,63.75,82.5,67.5/"
expect_rc 1 $FL compare "$B" "$N"
assert_grep "1 regression(s), 1 correctness failure(s), 1 unstable" "$TMP/out"
assert_grep "\-10.0%.*REGRESSION.*faults_per_sec \*" "$TMP/out"
# lat_p99_ns is not primary: marked worse, does not gate by default
assert_grep "\-10.0%.*worse.*lat_p99_ns" "$TMP/out"
assert_grep "CORRECTNESS: ok -> crash: synthetic crash" "$TMP/out"
assert_grep "unstable:-r[0-9]" "$TMP/out"
assert_grep "reproduce \[1\] page_fault1" "$TMP/out"
assert_grep "faultline run --seed 1 .* page_fault1:size=1M" "$TMP/out"

# --gate all counts the latency regression too
expect_rc 1 $FL compare --gate all "$B" "$N"
assert_grep "2 regression(s)" "$TMP/out"

# the improvement has a positive sign and passes
expect_rc 0 $FL compare --key 'page_fault1*' "$N" "$B"
assert_grep "+11.1%.*better.*faults_per_sec" "$TMP/out"
assert_grep "0 regression(s)" "$TMP/out"

# a 2% drop is significant by the test but under the 3% threshold...
synth_run "$TMP/small" small 6.12 \
	"page_fault1/ok/98,98.98,97.02,98.49,97.51/"
expect_rc 0 $FL compare --key page_fault1 "$B" "$TMP/small"
assert_grep "\-2.0% " "$TMP/out"
assert_no_grep "REGRESSION" "$TMP/out"
# ...and a regression at --threshold 1
expect_rc 1 $FL compare --threshold 1 --key page_fault1 "$B" "$TMP/small"
assert_grep "REGRESSION" "$TMP/out"

# the noisy case becomes decidable with a looser noise limit
expect_rc 1 $FL compare --cov-limit 20 --key giant_vma "$B" "$N"
assert_grep "\-25.0%.*REGRESSION" "$TMP/out"
expect_rc 0 $FL compare --key giant_vma "$B" "$N"

# Mann-Whitney: 5 vs 5 fully separated is p = 2/252
expect_rc 1 $FL compare --test mwu --key page_fault1 "$B" "$N"
assert_grep " 0.008 REGRESSION" "$TMP/out"

# JSON
expect_rc 1 $FL compare --json "$B" "$N"
assert_grep '"schema": "faultline-compare"' "$TMP/out"
assert_grep '"verdict": "fail"' "$TMP/out"
assert_grep '"correctness": 1' "$TMP/out"
assert_grep '"verdict": "worse"' "$TMP/out"
assert_grep '"verdict": "unstable"' "$TMP/out"
assert_grep '"change_pct": -10.0' "$TMP/out"
# markdown
expect_rc 1 $FL compare --markdown "$B" "$N"
assert_grep "^## faultline compare: FAIL" "$TMP/out"
assert_grep "| \*\*REGRESSION\*\* |" "$TMP/out"
assert_grep "unstable (needs -r [0-9]*)" "$TMP/out"
assert_grep "ok → not ok" "$TMP/out"

# several NEW runs: one column group each; any regression fails
expect_rc 1 $FL compare "$B" "$B" "$N"
assert_grep "^\[2\] " "$TMP/out"

# noisy, but the ranges do not overlap (5 reps a side): the kernel test
# robot's rule calls it even though the CoV is over the limit
synth_run "$TMP/sep" sep 6.12 "giant_vma/ok/70,84,59.5,77,63/"
expect_rc 1 $FL compare --key giant_vma "$B" "$TMP/sep"
assert_grep "\-30.0%.*REGRESSION.*faults_per_sec \*" "$TMP/out"

# a run that did not finish: compare, report and export warn about it
# with one wording (schema.h's run statuses), compare marks it
sed 's/"status": "complete"/"status": "interrupted"/' "$B/result.json" \
	> "$TMP/int.json"
grep -q '"status": "interrupted"' "$TMP/int.json" || fail "sed: no status"
mkdir -p "$TMP/int" && mv "$TMP/int.json" "$TMP/int/result.json"
expect_rc 0 $FL compare "$TMP/int" "$TMP/int"
assert_grep "^base .*, INCOMPLETE)$" "$TMP/out"
assert_grep "^faultline: warning: $TMP/int: run is interrupted, not complete$" \
	"$TMP/err"
for c in "report -o $TMP/rep" "export --junit -o $TMP/j.xml"; do
	expect_rc 0 $FL $c "$TMP/int"
	assert_grep "warning: .*run is interrupted, not complete$" "$TMP/err"
done
