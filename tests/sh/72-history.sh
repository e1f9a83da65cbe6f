#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# import and history: runs, kernels (with --kernel-commit), cases with
# their status, per-rep metrics; the trend with change points; the
# last-good baseline (one, or --runs N); and two concurrent importers
# losing nothing.
. tests/sh/lib.sh
. tests/sh/synth_run.sh

DB="$TMP/h.db"
SYNTH_STARTED=2026-11-19T00:00:00Z synth_run "$TMP/a" A 6.1.0 \
	"page_fault1/ok/100,101,99,100.5,99.5/" "mmap1/ok/10,10.1,9.9,10,10/"
SYNTH_STARTED=2026-11-20T00:00:00Z synth_run "$TMP/b" B 6.12.0 \
	"page_fault1/ok/90,91,89,90.5,89.5/" "mmap1/ok/10,10.1,9.9,10,10/"
SYNTH_STARTED=2026-11-21T00:00:00Z synth_run "$TMP/c" C 6.12.0 \
	"page_fault1/ok/90.2,91,89,90.5,89.5/" "mmap1/crash/10/"
SYNTH_STARTED=2026-11-22T00:00:00Z synth_run "$TMP/d" D 6.13.0 \
	"page_fault1/ok/90,91,89,90.5,89.7/" "mmap1/ok/10,10.1,9.9,10,10/"

expect_rc 0 $FL import --db "$DB" --kernel-commit deadbeef "$TMP/a"
assert_grep "imported .*(6.1.0, 2 cases)" "$TMP/out"
expect_rc 0 $FL import --db "$DB" "$TMP/b" "$TMP/c" "$TMP/d"

expect_rc 0 $FL history --db "$DB" page_fault1/faults_per_sec
assert_grep "6.1.0 *deadbeef *A .* 5 *99.99" "$TMP/out"
# the drop from A to B is the one change point
assert_grep "6.12.0 .* B .*-10.0%  << worse" "$TMP/out"
[ "$(grep -c '<<' "$TMP/out")" -eq 1 ] || fail "expected one change point"
# --kernel filters on the release
expect_rc 0 $FL history --db "$DB" --kernel '6.12*' page_fault1/faults_per_sec
assert_no_grep " A " "$TMP/out"
assert_grep " C " "$TMP/out"
# correctness is recorded per case
expect_rc 0 $FL history --db "$DB" mmap1/faults_per_sec
assert_grep " C .* crash" "$TMP/out"

# re-importing replaces instead of duplicating
expect_rc 0 $FL import --db "$DB" "$TMP/b"
expect_rc 0 $FL history --db "$DB" page_fault1/faults_per_sec
[ "$(grep -c ' B ' "$TMP/out")" -eq 1 ] || fail "B recorded twice"

# last good for D: C had a crash, so B; for B: A
expect_rc 0 $FL history --db "$DB" --last-good "$TMP/d"
[ "$(cat "$TMP/out")" = "$(cd "$TMP/b" && pwd -P)" ] || fail "last good of D"
# a run whose gate failed is never a baseline
expect_rc 0 $FL import --db "$DB" --gate 1 "$TMP/b"
expect_rc 0 $FL history --db "$DB" --last-good "$TMP/d"
[ "$(cat "$TMP/out")" = "$(cd "$TMP/a" && pwd -P)" ] || fail "gate ignored"
# --runs N: the newest N good runs, newest first (C crashed, B's gate
# failed: A alone is left before D); only with --last-good
expect_rc 0 $FL history --db "$DB" --last-good "$TMP/d" --runs 3
[ "$(cat "$TMP/out")" = "$(cd "$TMP/a" && pwd -P)" ] || fail "--runs 3 of D"
expect_rc 0 $FL import --db "$DB" --gate 0 "$TMP/b"
expect_rc 0 $FL history --runs 2 --db "$DB" --last-good "$TMP/d"
[ "$(cat "$TMP/out")" = "$(cd "$TMP/b" && pwd -P)
$(cd "$TMP/a" && pwd -P)" ] || { cat "$TMP/out"; fail "--runs 2 of D"; }
expect_rc 2 $FL history --db "$DB" --runs 2 page_fault1
one_line "$TMP/err"
assert_grep "runs goes with --last-good" "$TMP/err"
# another machine has no baseline
SYNTH_HOST=other SYNTH_STARTED=2026-11-23T00:00:00Z synth_run "$TMP/e" E \
	6.13.0 "page_fault1/ok/1,2,3/" "mmap1/ok/1,2,3/"
expect_rc 0 $FL history --db "$DB" --last-good "$TMP/e"
[ ! -s "$TMP/out" ] || fail "baseline from another machine"

# two importers at once, 25 runs each, one transaction per run
P="$TMP/par.db"
i=0
while [ $i -lt 50 ]; do
	day=$(printf '%02d' $((i % 28 + 1)))
	SYNTH_STARTED="2026-10-${day}T00:00:$(printf '%02d' $((i % 60)))Z" \
		synth_run "$TMP/p$i" "P$i" 6.1.$i \
		"page_fault1/ok/100,101,99,100.5,99.5/" "mmap1/ok/1,2,3/"
	i=$((i + 1))
done
imp() {
	i=$1
	while [ $i -lt 50 ]; do
		$FL import -q --db "$P" "$TMP/p$i" || echo "import p$i: $?"
		i=$((i + 2))
	done
}
imp 0 > "$TMP/imp0" 2>&1 &
pid0=$!
imp 1 > "$TMP/imp1" 2>&1 &
pid1=$!
wait $pid0
wait $pid1
[ ! -s "$TMP/imp0" ] && [ ! -s "$TMP/imp1" ] || {
	cat "$TMP/imp0" "$TMP/imp1"; fail "an import failed"; }
expect_rc 0 $FL history --db "$P" page_fault1/faults_per_sec
n=$(grep -c ' P[0-9]* ' "$TMP/out")
[ "$n" -eq 50 ] || fail "expected 50 runs in the history, got $n"
exit 0
