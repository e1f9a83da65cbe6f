#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# faultline export --junit: valid against tests/schema/JUnit.xsd (the
# Ant layout Jenkins and GitLab read), one testsuite per run, one
# testcase per case, and each status as the element JUnit has for it.
. tests/sh/lib.sh
. tests/sh/synth_run.sh
command -v xmllint > /dev/null || skip "no xmllint (make deps: libxml2-utils)"
XSD=tests/schema/JUnit.xsd

valid() {
	xmllint --noout --schema "$XSD" "$1" 2> "$TMP/xmllint" ||
		{ cat "$TMP/xmllint"; fail "$1 is not valid JUnit"; }
}
# count PATTERN FILE: lines matching
count() { grep -c -- "$1" "$2"; }

# the validator itself rejects what is not JUnit
printf '<testsuites><testsuite name="x"/></testsuites>\n' > "$TMP/bad.xml"
xmllint --noout --schema "$XSD" "$TMP/bad.xml" 2> /dev/null &&
	fail "xmllint accepted a testsuite without its required attributes"

# every status, synthetic; characters XML must escape in the reason
synth_run "$TMP/a" 'run<&>a' 6.1 "page_fault1/ok/1,2/" "mmap1/fail/1/" \
	"mmap2/crash/1/" "giant_vma/timeout//" "cow_storm/skip//" \
	"truncate_race/error//"
synth_run "$TMP/b" b 6.2 "page_fault1/ok/3,4/"
expect_rc 0 "$FL" export --junit "$TMP/a" "$TMP/b" -o "$TMP/j.xml"
[ -s "$TMP/out" ] && fail "-o FILE also wrote to stdout"
valid "$TMP/j.xml"
[ "$(count '<testsuite ' "$TMP/j.xml")" -eq 2 ] || fail "not 2 testsuites"
[ "$(count '<testcase ' "$TMP/j.xml")" -eq 7 ] || fail "not 7 testcases"
assert_grep 'name="run&lt;&amp;&gt;a"' "$TMP/j.xml"
assert_grep 'tests="6" failures="1" errors="3" skipped="1" time="30.000"' \
	"$TMP/j.xml"
assert_grep 'classname="faultline.page_fault1" name="page_fault1:size=1M|threads|1" time="5.000"' \
	"$TMP/j.xml"
assert_grep '<failure type="fail" message="synthetic fail">' "$TMP/j.xml"
assert_grep '<error type="crash" message="synthetic crash">' "$TMP/j.xml"
assert_grep '<error type="timeout" ' "$TMP/j.xml"
assert_grep '<error type="error" ' "$TMP/j.xml"
assert_grep '<skipped message="synthetic skip"/>' "$TMP/j.xml"
assert_grep 'name="kernel.release" value="6.2"' "$TMP/j.xml"
assert_grep 'name="faultline.command" value="faultline run -r 5"' "$TMP/j.xml"
assert_grep 'name="kernel.config_sha256" value="c0ffee"' "$TMP/j.xml"
assert_grep '^page_fault1:size=1M|threads|1 faults_per_sec 3.42857 ops/s (2 reps)$' \
	"$TMP/j.xml"
# stdout without -o: the same document
expect_rc 0 "$FL" export "$TMP/a" "$TMP/b" --junit
cmp -s "$TMP/out" "$TMP/j.xml" || fail "stdout and -o FILE differ"

# a real run: a checker fires; its violation record is the failure text
FAULTLINE_INJECT=mapfixed_race expect_rc 1 "$FL" run -q --no-db \
	-o "$TMP/r" -n inj -d 1 -w 0 -r 1 -t 2 --timeout 60 \
	mapfixed_race:inject=tag mmap1:size=1M
expect_rc 0 "$FL" export --junit -o "$TMP/r.xml" "$TMP/r/inj"
valid "$TMP/r.xml"
assert_grep '<failure type="fail" message="1 violation(s)">' "$TMP/r.xml"
assert_grep '^violation: rep 0 task [0-9]* page [0-9]* t_ns [0-9]*: bad check bits.*(expected 0x[0-9a-f]*, seen 0x[0-9a-f]*)$' \
	"$TMP/r.xml"
assert_grep '^replay: FAULTLINE_INJECT=mapfixed_race faultline run --seed ' \
	"$TMP/r.xml"
assert_grep 'classname="faultline.mmap1" name="mmap1:size=1M|threads|2" time="[0-9.]*"/>' \
	"$TMP/r.xml"
echo "ok: JUnit valid, statuses mapped, violations in the failure text"
