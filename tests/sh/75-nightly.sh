#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# ci/nightly.sh on a small suite with real runs: the first night has no
# baseline; the second compares with the first (same kernel: A/A, must
# pass at default settings); a night whose race checker fires
# (FAULTLINE_INJECT) fails the gate and is never used as a baseline;
# two nightly jobs at once on one database both get recorded (their
# gates may fail: they slow each other down, a real change); from the
# third good night on, the gate takes the last three good runs.
. tests/sh/lib.sh

FLABS=$(cd "$(dirname "$FL")" && pwd)/$(basename "$FL")
export FAULTLINE="$FLABS"
# Two runs of the same case drift apart on a shared check machine: one
# make check here saw page_fault1 at -3.8% (p = 0.009, CoV 1-2%) between
# two A/A nights. The gate's default rule is tested on synthetic runs
# (70); these nights test the job, so they gate at 10%.
export NIGHTLY_COMPARE_ARGS="--threshold 10"
cat > "$TMP/mini.suite" <<EOT
# two cases, short
page_fault1	-t 1 -d 1 -w 1 -r 5
mapfixed_race	-t 2 -d 1 -w 0 -r 3
EOT
night() {
	sh ci/nightly.sh --suite "$TMP/mini.suite" -o "$TMP/res" \
		--db "$TMP/h.db" -n "$1" > "$TMP/$1.log" 2>&1
}

expect_rc 0 night n1
assert_grep "baseline none" "$TMP/n1.log"
for f in ktap.txt result.json compare.txt summary.md; do
	[ -s "$TMP/res/n1/$f" ] || fail "n1/$f missing"
done
assert_grep "No earlier good run" "$TMP/res/n1/summary.md"

night n2
rc=$?
[ $rc -eq 0 ] || { cat "$TMP/n2.log"; fail "A/A night exited $rc"; }
assert_grep "baseline $TMP/res/n1" "$TMP/n2.log"
assert_grep "0 regression(s), 0 correctness failure(s)" "$TMP/res/n2/compare.txt"
assert_grep '"schema": "faultline-compare"' "$TMP/res/n2/compare.json"
assert_grep "^## faultline compare: PASS" "$TMP/res/n2/summary.md"

FAULTLINE_INJECT=mapfixed_race night n3
rc=$?
[ $rc -eq 1 ] || { cat "$TMP/n3.log"; fail "injected night exited $rc"; }
assert_grep "CORRECTNESS: ok -> fail" "$TMP/res/n3/compare.txt"
assert_grep "^## faultline compare: FAIL" "$TMP/res/n3/summary.md"

# n3 failed: the next night compares with n2, not n3, and passes (A/A)
night n4
rc=$?
[ $rc -eq 0 ] || { cat "$TMP/n4.log"; fail "A/A night n4 exited $rc"; }
assert_grep "baseline $TMP/res/n2" "$TMP/n4.log"

# two nightly jobs at once, one database: both runs are recorded. They
# slow each other down, so a performance verdict may fail (exit 1), but
# never a correctness one, and nothing else may go wrong (exit > 1).
night n5 &
p5=$!
night n6 &
p6=$!
wait $p5
rc5=$?
wait $p6
rc6=$?
[ $rc5 -le 1 ] && [ $rc6 -le 1 ] || {
	cat "$TMP/n5.log" "$TMP/n6.log"; fail "concurrent nights: $rc5 $rc6"; }
for n in n5 n6; do
	assert_grep " 0 correctness failure(s)" "$TMP/res/$n/compare.txt"
done

# n1, n2 and n4 are good: from here the gate judges a night against
# their spread, the run as the unit (compare --base-runs)
for n in n5 n6; do
	assert_grep "each NEW against BASE's runs (--base-runs)" \
		"$TMP/res/$n/compare.txt"
	assert_grep "good runs before it" "$TMP/$n.log"
done

# the history has all six
expect_rc 0 "$FLABS" history --db "$TMP/h.db" page_fault1/ops_per_sec
[ "$(grep -c ' n[1-6] ' "$TMP/out")" -eq 6 ] || fail "history lacks a night"

expect_rc 2 sh ci/nightly.sh --bogus
one_line "$TMP/err"
expect_rc 2 env NIGHTLY_BASE_RUNS=x sh ci/nightly.sh
assert_grep "NIGHTLY_BASE_RUNS=x: not a count" "$TMP/err"
exit 0
