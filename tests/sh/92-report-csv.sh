#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# faultline report --csv round-trips: every row's value equals the one
# in result.json (read with jq), and every value in result.json has its
# row; on a real short run and on a synthetic one with awkward values.
. tests/sh/lib.sh
. tests/sh/synth_run.sh

command -v gnuplot > /dev/null || fail "no gnuplot (ci/deps.sh installs it)"
expect_rc 0 "$FL" run -q -d 1 -w 0 -r 2 -t 1,2 page_fault1 -o "$TMP" -n real
synth_run "$TMP/syn" syn 6.1.0 \
	"page_fault1/ok/0.1,1e-7,123456789.123456789,2.5e300,3/" \
	"giant_vma/ok/1,2,3,4,5/1.0000000000000002,7,8,9,10"
# a run name with a quote and a comma
jq '.run.name = "syn\"q, x"' "$TMP/syn/result.json" > "$TMP/s.json" &&
	mv "$TMP/s.json" "$TMP/syn/result.json" || fail "jq"
expect_rc 0 "$FL" report --csv -o "$TMP/rep" "$TMP/real" "$TMP/syn"
C="$TMP/rep/report.csv"
h=run,key,workload,mode,tasks,status,metric,unit,rep,value
[ "$(head -n 1 "$C")" = "$h" ] || fail "CSV header: $(head -n 1 "$C")"

# expected rows from jq, the same columns, all but the value quoted
for d in "$TMP/real" "$TMP/syn"; do
	jq -r '.run.name as $run | .cases[] | . as $c | .metrics
		| to_entries[] | .key as $m | .value as $v | $v.reps
		| to_entries[] | [$run, $c.key, $c.workload, $c.mode,
			$c.tasks, $c.status, $m, $v.unit, .key, .value]
		| @csv' \
		"$d/result.json"
done > "$TMP/want"
tail -n +2 "$C" > "$TMP/got"
[ "$(wc -l < "$TMP/want")" -eq "$(wc -l < "$TMP/got")" ] ||
	fail "$(wc -l < "$TMP/got") rows, result.json has" \
		"$(wc -l < "$TMP/want") values"
[ "$(wc -l < "$TMP/got")" -ge 20 ] || fail "too few rows"
# split off the value (the last field: numbers hold no comma); same
# row text, same number (awk compares them as doubles)
sep() { sed 's/,\([^,]*\)$/\t\1/' "$1" | sort; }
sep "$TMP/want" > "$TMP/w"
sep "$TMP/got" > "$TMP/g"
cut -f1 "$TMP/w" > "$TMP/w1"
cut -f1 "$TMP/g" > "$TMP/g1"
cmp -s "$TMP/w1" "$TMP/g1" ||
	{ diff "$TMP/w1" "$TMP/g1" | head; fail "rows differ"; }
paste "$TMP/w" "$TMP/g" | awk -F '\t' '$2 + 0 != $4 + 0 {
	print "value differs: " $1 ": " $2 " vs " $4; bad = 1 }
	END { exit bad }' || fail "a value differs from result.json"
# and the awkward ones are there exactly
assert_grep ',2.5e+300$' "$C"
assert_grep ',1e-07$' "$C"
assert_grep '^"syn""q, x",' "$C"
