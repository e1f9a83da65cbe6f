#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# faultline export --kcidb: valid against the KCIDB I/O schema 5.3
# (tests/schema/, checked by ajv), a checkout and a build per kernel,
# a test per case with its status, number and log excerpt, a DONE test
# per metric of a passed case.
. tests/sh/lib.sh
. tests/sh/synth_run.sh
command -v node > /dev/null || skip "no node (make deps: nodejs npm)"
SCHEMA=tests/schema/kcidb-io.schema.v5.3.json
node tests/schema/validate-json.js "$SCHEMA" "$SCHEMA" 2> "$TMP/v" ||
	{ [ $? -eq 2 ] && skip "$(cat "$TMP/v")"; }

valid() {
	node tests/schema/validate-json.js "$SCHEMA" "$1" 2> "$TMP/v" ||
		{ cat "$TMP/v"; fail "$1 is not valid KCIDB"; }
}
q() { jq -r "$1" "$TMP/k.json"; }

# the validator rejects what is not KCIDB
echo '{ "version": { "major": 5, "minor": 3 }, "tests": [ { "id": "x:1",
  "build_id": "x:b", "origin": "x", "status": "BOGUS" } ] }' > "$TMP/bad.json"
node tests/schema/validate-json.js "$SCHEMA" "$TMP/bad.json" 2> /dev/null &&
	fail "ajv accepted status BOGUS"
echo '{ "version": { "major": 5, "minor": 3 }, "tests": [ { "id": "x:1",
  "build_id": "x:b", "origin": "x", "path": "a:b" } ] }' > "$TMP/bad.json"
node tests/schema/validate-json.js "$SCHEMA" "$TMP/bad.json" 2> /dev/null &&
	fail "ajv accepted path a:b"

synth_run "$TMP/a" a 6.1 "page_fault1/ok/1,2/10,30" "mmap1/fail/1/" \
	"mmap2/crash/1/" "giant_vma/timeout//" "cow_storm/skip//"
SYNTH_CONFIG=beef synth_run "$TMP/b" b 6.1 "page_fault1/ok/3,4/"
expect_rc 0 "$FL" export --kcidb --origin my_lab -o "$TMP/k.json" \
	"$TMP/a" "$TMP/b"
valid "$TMP/k.json"
[ "$(q '.version.major, .version.minor' | tr '\n' .)" = "5.3." ] ||
	fail "version"
[ "$(q '.checkouts | length')" -eq 1 ] || fail "one release: one checkout"
[ "$(q '.builds | length')" -eq 2 ] || fail "two configs: two builds"
[ "$(q '.builds[1].id')" = "my_lab:6.1:beef" ] || fail "build id"
[ "$(q '[.tests[] | .origin] | unique | join(",")')" = my_lab ] ||
	fail "origin"
[ "$(q '[.tests[] | select(.status != "DONE") | .status] | join(",")')" = \
	"PASS,FAIL,ERROR,ERROR,SKIP,PASS" ] || fail "statuses: $(q '[.tests[].status]')"
[ "$(q '.tests[0].path')" = faultline.page_fault1.size-1M.threads.1 ] ||
	fail "path $(q '.tests[0].path')"
# primary metric: harmonic mean of 1 and 2, with its unit
[ "$(q '.tests[0].number | "\(.value) \(.unit)"')" = "1.3333333333333333 ops/s" ] ||
	fail "number $(q '.tests[0].number')"
# a DONE sub-test per metric of the passed case; lower-better: mean 20
[ "$(q '[.tests[] | select(.status == "DONE") | .path] | join(" ")')" = \
	"faultline.page_fault1.size-1M.threads.1.faults_per_sec faultline.page_fault1.size-1M.threads.1.lat_p99_ns faultline.page_fault1.size-1M.threads.1.faults_per_sec" ] ||
	fail "sub-tests $(q '[.tests[].path]')"
[ "$(q '.tests[2].number | "\(.value) \(.unit)"')" = "20 ns" ] ||
	fail "lat_p99_ns $(q '.tests[2].number')"
[ "$(q '.tests[3].log_excerpt' | head -n 1)" = "fail: synthetic fail" ] ||
	fail "log excerpt $(q '.tests[3].log_excerpt')"
[ "$(q '.tests[0] | has("log_excerpt")')" = false ] || fail "log of a pass"
[ "$(q '.tests[3].misc.key')" = "mmap1:size=1M|threads|1" ] || fail "misc.key"
[ "$(q '.tests[3].duration')" = 5 ] || fail "duration"
[ "$(q '.tests[6] | has("number")')" = false ] || fail "number of a skip"

# a bad origin is a usage error
expect_rc 2 "$FL" export --kcidb --origin My-Lab "$TMP/a"
one_line "$TMP/err"
assert_grep "origin 'My-Lab' is not" "$TMP/err"

# a real run: valid; the violation is in the log excerpt
FAULTLINE_INJECT=mapfixed_race expect_rc 1 "$FL" run -q --no-db \
	-o "$TMP/r" -n inj -d 1 -w 0 -r 1 -t 2 --timeout 60 \
	mapfixed_race:inject=tag mmap1:size=1M
expect_rc 0 "$FL" export --kcidb -o "$TMP/k.json" "$TMP/r/inj"
valid "$TMP/k.json"
q '.tests[0].log_excerpt' > "$TMP/log"
assert_grep '^violation: rep 0 task [0-9]* page [0-9]*.*bad check bits' \
	"$TMP/log"
[ "$(q '.tests[0].status')" = FAIL ] || fail "injected case not FAIL"
[ "$(q '.tests[1].status')" = PASS ] || fail "mmap1 not PASS"
[ "$(q '.tests[1].number.value > 0')" = true ] || fail "mmap1 number"
[ "$(q '.builds[0].misc.config_sha256 | length')" -eq 64 ] ||
	[ "$(q '.builds[0].misc | has("config_sha256")')" = false ] ||
	fail "config hash"
echo "ok: KCIDB 5.3 valid, statuses, numbers, logs"
