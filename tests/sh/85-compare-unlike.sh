#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# compare does not call a change between runs measured differently:
# perf counting on one side only (--perf stat cost page_fault1 about 5%
# on this kind of VM, docs/compare.md), other CPUs or another memory
# policy. The same 10% drop measured alike is a regression; measured
# unlike it is marked `unlike`, counted as unstable, and names the
# option. A side of several runs that measured unlike is a usage error,
# and so is a bisect-step override that would measure unlike its good run.
. tests/sh/lib.sh
. tests/sh/synth_run.sh

synth_level a 100
synth_level b 90
SYNTH_PERF=stat synth_level p 90
SYNTH_CPUS=spread synth_level s 90
SYNTH_PERF=stat synth_level p2 100

# measured alike: the drop is called
expect_rc 1 $FL compare "$TMP/a" "$TMP/b"
assert_grep "\-10\.0%.*REGRESSION.*faults_per_sec" "$TMP/out"
assert_no_grep "unlike" "$TMP/out"

# perf counting on the new side only: not called, and said why
expect_rc 0 $FL compare "$TMP/a" "$TMP/p"
assert_grep "\-10\.0%.* unlike .*faults_per_sec" "$TMP/out"
assert_grep "^  \[1\] unlike: --perf none against stat: measured differently" \
	"$TMP/out"
assert_grep "0 regression(s), 0 correctness failure(s), 1 unstable" "$TMP/out"
expect_rc 0 $FL compare --markdown "$TMP/a" "$TMP/p"
assert_grep "| | unlike | --perf none against stat" "$TMP/out"
expect_rc 0 $FL compare --json "$TMP/a" "$TMP/p"
assert_grep '"verdict": "unlike"' "$TMP/out"
assert_grep '"unlike": "perf"' "$TMP/out"
assert_grep '"unlike_detail": "none against stat"' "$TMP/out"
expect_rc 1 $FL compare --json "$TMP/a" "$TMP/b"
assert_grep '"unlike": null' "$TMP/out"
expect_rc 0 $FL compare --csv "$TMP/a" "$TMP/p"
assert_grep ',"unlike","unlike"$' "$TMP/out"

# other CPUs
expect_rc 0 $FL compare "$TMP/a" "$TMP/s"
assert_grep "^  \[1\] unlike: --cpus compact against spread" "$TMP/out"

# perf counting on both sides: alike again
expect_rc 1 $FL compare "$TMP/p2" "$TMP/p"
assert_grep "REGRESSION" "$TMP/out"

# a side of runs that measured unlike is refused, naming the option
expect_rc 2 $FL compare --runs 2 "$TMP/a" "$TMP/p2" "$TMP/b" "$TMP/b"
assert_grep "measured page_fault1:size=1M|threads|1 differently (--perf none against stat): a side's runs must measure alike" \
	"$TMP/err"
one_line "$TMP/err"
expect_rc 2 $FL compare --base-runs 2 "$TMP/a" "$TMP/p2" "$TMP/b"
assert_grep "must measure alike" "$TMP/err"
# bisect-step refuses an override that measures unlike the good run
expect_rc 128 $FL bisect-step --good "$TMP/a" --metric page_fault1/faults_per_sec \
	--perf stat
assert_grep "bisect-step: --perf none against stat (good run, step): the step must measure alike" \
	"$TMP/err"
# and lets one that measures alike run (the real page_fault1 has no
# faults_per_sec: a skip, but after running)
expect_rc 125 $FL bisect-step --good "$TMP/a" --metric page_fault1/faults_per_sec \
	--cpus compact -d 1 -w 0 -r 3 -o "$TMP/bs"
assert_grep "skip: the step run has no metric faults_per_sec" "$TMP/out"
# history: a night measured with perf counting is unlike its neighbours
for x in "h1 100 none 19" "h2 90 stat 20" "h3 90 none 21" "h4 80 none 22"; do
	set -- $x
	SYNTH_STARTED=2026-11-${4}T00:00:00Z SYNTH_PERF=$3 synth_level $1 $2
	expect_rc 0 $FL import --db "$TMP/h.db" "$TMP/$1"
done
expect_rc 0 $FL history --db "$TMP/h.db" page_fault1/faults_per_sec
assert_grep " h2 .*-10\.0%  unlike (--perf none against stat)" "$TMP/out"
grep " h3 " "$TMP/out" | grep -q "unlike\|<<" &&
	fail "h3: no change, so nothing to mark"
assert_grep " h4 .*-11\.1%  << worse" "$TMP/out"
[ "$(grep -c '<<' "$TMP/out")" -eq 1 ] || fail "expected one change point"
expect_rc 0 $FL history --db "$TMP/h.db" --csv page_fault1/faults_per_sec
assert_grep '"h2",.*,"unlike"$' "$TMP/out"
# and a night with perf counting is no baseline for one without
expect_rc 0 $FL history --db "$TMP/h.db" --last-good "$TMP/h3" --runs 3
[ "$(cat "$TMP/out")" = "$TMP/h1" ] ||
	fail "last good of h3: $(cat "$TMP/out"), expected $TMP/h1 alone"
echo "unlike runs: no change called, the option named"
