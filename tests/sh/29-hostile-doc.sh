#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Hostile result documents: a member of the wrong JSON type (params a
# string, metrics an array, a case a number, ...) is refused by every
# reader -- compare, import, bisect-step, history --last-good -- with a
# one-line error naming the field, never a crash.
. tests/sh/lib.sh
. tests/sh/synth_run.sh

DB="$TMP/h.db"
synth_run "$TMP/good" G 6.1.0 "page_fault1/ok/100,101,99,100.5,99.5/"

# mutate NAME SED-EXPR: a copy of the good run with one change
mutate() {
	mkdir -p "$TMP/$1"
	sed "$2" "$TMP/good/result.json" > "$TMP/$1/result.json"
	cmp -s "$TMP/good/result.json" "$TMP/$1/result.json" &&
		fail "mutation $1 changed nothing"
}
mutate params 's/"params": { "size": "1M" }/"params": "size=1M"/'
mutate params_arr 's/"params": { "size": "1M" }/"params": [1, 2]/'
mutate metrics '/"metrics": {/,/^      },/c\      "metrics": [1, 2],'
mutate metric '/"faults_per_sec": {/c\        "faults_per_sec": 7'
mutate reps '/"faults_per_sec": {/s/"reps": \[[^]]*\]/"reps": {"a": 1}/'
mutate rep '/"faults_per_sec": {/s/"reps": \[100,/"reps": [{"x": 1},/'
mutate run '/"run": {/,/} },$/c\  "run": [1],'
mutate cases '/"cases": \[/,$c\  "cases": {"a": 1} }'
mutate system '/"system": {/,/"vm": null },/c\  "system": "x",'
mutate kernel '/"kernel": {/,/"options": {} } },/c\    "kernel": 5,'
mutate key 's/"key": "[^"]*"/"key": {"a": 1}/'

# field NAME PATTERN: the one-line error names the field
check() {
	name=$1 pat=$2
	expect_rc 2 $FL compare "$TMP/good" "$TMP/$name"
	one_line "$TMP/err"
	assert_grep "$pat" "$TMP/err"
	expect_rc 2 $FL compare "$TMP/$name" "$TMP/good"
	one_line "$TMP/err"
	$FL import --db "$DB" "$TMP/$name" > "$TMP/out" 2> "$TMP/err"
	rc=$?
	[ $rc -eq 1 ] || [ $rc -eq 2 ] || { cat "$TMP/err"; fail "import $name: exit $rc"; }
	one_line "$TMP/err"
	assert_grep "$pat" "$TMP/err"
	expect_rc 128 $FL bisect-step --good "$TMP/$name" \
		--metric page_fault1/faults_per_sec
	assert_grep "$pat" "$TMP/err"
	$FL history --db "$DB" --last-good "$TMP/$name" > "$TMP/out" 2> "$TMP/err"
	rc=$?
	[ $rc -eq 1 ] || [ $rc -eq 2 ] || { cat "$TMP/err"; fail "history --last-good $name: exit $rc"; }
	one_line "$TMP/err"
	assert_grep "$pat" "$TMP/err"
}
expect_rc 0 $FL import --db "$DB" "$TMP/good"
check params 'cases\[0\]\.params is string, not an object'
check params_arr 'cases\[0\]\.params is array, not an object'
check metrics 'cases\[0\]\.metrics is array, not an object'
check metric 'cases\[0\]\.metrics\.faults_per_sec is int, not an object'
check reps 'faults_per_sec\.reps is object, not an array'
check rep 'faults_per_sec\.reps\[0\] is object, not a number'
check run 'run is array, not an object'
check cases 'cases is object, not an array'
check system 'system is string, not an object'
check kernel 'system\.kernel is int, not an object'
check key 'cases\[0\]\.key is object, not a string'
echo "all hostile documents refused"
