#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# compare, bisect-step, history and import: --help, and every bad input
# is one line "faultline: ..." on stderr with exit 2 (bisect-step: 128,
# so that git bisect run stops rather than calling the commit bad).
. tests/sh/lib.sh
. tests/sh/synth_run.sh

synth_run "$TMP/a" a 6.1 "page_fault1/ok/1,2,3/"
echo '{ "schema": "other" }' > "$TMP/bad.json"
mkdir -p "$TMP/empty"

for c in compare bisect-step history import; do
	expect_rc 0 $FL $c --help
	assert_grep "^usage: faultline $c" "$TMP/out"
done

bad() {
	expect_rc 2 "$@"
	one_line "$TMP/err"
	assert_grep "^faultline: " "$TMP/err"
}
bad $FL compare
bad $FL compare "$TMP/a"
bad $FL compare --bogus "$TMP/a" "$TMP/a"
bad $FL compare --threshold x "$TMP/a" "$TMP/a"
bad $FL compare --threshold -1 "$TMP/a" "$TMP/a"
bad $FL compare --alpha 2 "$TMP/a" "$TMP/a"
bad $FL compare --test ks "$TMP/a" "$TMP/a"
bad $FL compare --gate some "$TMP/a" "$TMP/a"
bad $FL compare "$TMP/a" "$TMP/nonexistent"
bad $FL compare "$TMP/a" "$TMP/empty"
bad $FL compare "$TMP/a" "$TMP/bad.json"
assert_grep "not a faultline result document" "$TMP/err"

bad128() {
	expect_rc 128 $FL bisect-step "$@"
	one_line "$TMP/err"
	assert_grep "^faultline: " "$TMP/err"
}
bad128
bad128 --good "$TMP/a"
bad128 --good "$TMP/a" --metric nometric
bad128 --good "$TMP/a" --metric nosuch/faults_per_sec
bad128 --good "$TMP/a" --metric page_fault1/nosuch
bad128 --good "$TMP/nonexistent" --metric page_fault1/faults_per_sec
bad128 --good "$TMP/a" --metric page_fault1/faults_per_sec --bogus
bad128 --good "$TMP/a" --metric page_fault1/faults_per_sec -d 0
assert_grep "duration: '0' is not in" "$TMP/err"
bad128 --good "$TMP/a" --metric page_fault1/faults_per_sec --mode fibers
bad128 --good "$TMP/a" --metric page_fault1/faults_per_sec --threshold x
bad128 --good "$TMP/a" --metric page_fault1/faults_per_sec --accel fast

bad $FL history
bad $FL history --db "$TMP/empty.db" page_fault1
bad $FL history --db "$TMP/none/x.db" page_fault1/faults_per_sec
bad $FL import
bad $FL import --db "$TMP/h.db" "$TMP/nonexistent"

# the CI scripts
expect_rc 0 sh ci/bisect.sh --help
assert_grep "git bisect" "$TMP/out"
bad sh ci/bisect.sh
bad sh ci/bisect.sh --tree "$TMP" --good a --bad b --metric w/m --case x
bad sh ci/nightly.sh --suite "$TMP/nonexistent.suite"
expect_rc 0 sh ci/nightly.sh --help
exit 0
