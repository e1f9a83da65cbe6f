#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The CSVs of run, compare and history round-trip: run --csv's
# result.csv holds every value of result.json (read with jq) and no
# other; compare --csv holds the numbers of compare --json, row for row;
# history --csv holds every rep the runs recorded, equal to result.json's
# values, and its mean and %change equal compare's for the same pair.
# Two short real runs, recorded in a fresh history database.
. tests/sh/lib.sh
command -v jq > /dev/null || fail "jq missing (make deps)"

for n in a b; do
	expect_rc 0 "$FL" run -q -o "$TMP" -n $n -d 1 -w 0 -r 3 -t 1,2 \
		--csv page_fault1:size=1M
	assert_grep "^# csv: $TMP/$n/result.csv" "$TMP/out"
done

# same_rows WANT GOT: the same rows, the last field compared as numbers
same_rows() {
	sed 's/,\([^,]*\)$/\t\1/' "$1" | sort > "$TMP/w"
	sed 's/,\([^,]*\)$/\t\1/' "$2" | sort > "$TMP/g"
	[ "$(wc -l < "$TMP/w")" -eq "$(wc -l < "$TMP/g")" ] ||
		fail "$2: $(wc -l < "$TMP/g") rows, want $(wc -l < "$TMP/w")"
	[ "$(wc -l < "$TMP/g")" -ge "${3:-1}" ] || fail "$2: too few rows"
	cut -f1 "$TMP/w" > "$TMP/w1"
	cut -f1 "$TMP/g" > "$TMP/g1"
	cmp -s "$TMP/w1" "$TMP/g1" ||
		{ diff "$TMP/w1" "$TMP/g1" | head; fail "$2: rows differ"; }
	paste "$TMP/w" "$TMP/g" | awk -F '\t' '$2 + 0 != $4 + 0 ||
		($2 == "") != ($4 == "") {
		print "differs: " $1 ": " $2 " vs " $4; bad = 1 }
		END { exit bad }' || fail "$2: a value differs"
}

# run --csv: every value of every metric, as report.csv lays it out
C=$TMP/a/result.csv
h=run,key,workload,mode,tasks,status,metric,unit,rep,value
[ "$(head -n 1 "$C")" = "$h" ] || fail "header: $(head -n 1 "$C")"
jq -r '.run.name as $run | .cases[] | . as $c | .metrics | to_entries[]
	| .key as $m | .value as $v | $v.reps | to_entries[]
	| [$run, $c.key, $c.workload, $c.mode, $c.tasks, $c.status, $m,
	   $v.unit, .key, .value] | @csv' "$TMP/a/result.json" > "$TMP/want"
tail -n +2 "$C" > "$TMP/got"
same_rows "$TMP/want" "$TMP/got" 10
# -t 1,2 is two task counts: a scaling file too
[ -f "$TMP/a/scaling/page_fault1.csv" ] || fail "no scaling CSV for -t 1,2"

# compare --csv: --json's numbers, a row per case, new run and metric
expect_rc 0 "$FL" compare --csv --threshold 1000 "$TMP/a" "$TMP/b"
cp "$TMP/out" "$TMP/cmp.csv"
expect_rc 0 "$FL" compare --json --threshold 1000 "$TMP/a" "$TMP/b"
h=base_run,new_run,key,workload,base_status,new_status,metric,unit,better
[ "$(head -n 1 "$TMP/cmp.csv" | cut -d, -f1-9)" = "$h" ] ||
	fail "compare header: $(head -n 1 "$TMP/cmp.csv")"
# every numeric column of a row against --json, one line per number
jq -r '.base.name as $b | .new as $new | .cases[] | .key as $k
	| .runs[] | $new[.new].name as $n | .metrics[] | .name as $m
	| [["base_n", .base.n], ["base_mean", .base.mean],
	   ["base_sd", .base.sd], ["base_min", .base.min],
	   ["base_max", .base.max], ["new_n", .new.n],
	   ["new_mean", .new.mean], ["new_sd", .new.sd],
	   ["new_min", .new.min], ["new_max", .new.max],
	   ["change_pct", .change_pct], ["p", .p]][]
	| [$b, $n, $k, $m, .[0], (.[1] // "")] | @csv' "$TMP/out" |
	sed 's/,"\([^"]*\)"$/,\1/; s/,\([^,]*\)$/,\1/' > "$TMP/want"
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[i] = $i; next }
	{ for (i = 12; i <= 23; i++)
		printf "%s,%s,%s,%s,\"%s\",%s\n", $1, $2, $3, $7, col[i], $i }' \
	"$TMP/cmp.csv" > "$TMP/got"
same_rows "$TMP/want" "$TMP/got" 20
# and the base side's reps are result.json's: n, min and max
jq -r '.cases[] | .key as $k | .metrics | to_entries[]
	| [$k, .key, (.value.reps | length), (.value.reps | min),
	   (.value.reps | max)] | @csv' "$TMP/a/result.json" | sort > "$TMP/want"
awk -F, 'NR > 1 { print $3 "," $7 "," $12 "," $15 "," $16 }' \
	"$TMP/cmp.csv" | sort > "$TMP/got"
[ "$(wc -l < "$TMP/got")" -eq "$(wc -l < "$TMP/want")" ] ||
	fail "compare: $(wc -l < "$TMP/got") rows, result.json has" \
		"$(wc -l < "$TMP/want") metrics"
paste -d, "$TMP/want" "$TMP/got" | awk -F, '$1 != $6 || $2 != $7 ||
	$3 + 0 != $8 + 0 || $4 + 0 != $9 + 0 || $5 + 0 != $10 + 0 {
	print "compare: " $0; bad = 1 } END { exit bad }' ||
	fail "compare's n, min or max is not result.json's"

# history --csv: every recorded rep, equal to result.json's
expect_rc 0 "$FL" history --db "$TMP/faultline.db" --csv page_fault1
cp "$TMP/out" "$TMP/hist.csv"
h=key,machine,started,run,kernel,commit,status,metric,rep,value,mean,change_pct,verdict
[ "$(head -n 1 "$TMP/hist.csv")" = "$h" ] ||
	fail "history header: $(head -n 1 "$TMP/hist.csv")"
for n in a b; do
	jq -r '.run.name as $run | .cases[] | . as $c | .metrics
		| to_entries[] | select(.value.primary) | .key as $m
		| .value.reps | to_entries[]
		| [$c.key, $run, $m, .key, .value] | @csv' \
		"$TMP/$n/result.json"
done > "$TMP/want"
# fields: 1 key, 4 run, 8 metric, 9 rep, 10 value (no commas inside)
tail -n +2 "$TMP/hist.csv" | awk -F, '{ print $1 "," $4 "," $8 ",\"" $9 \
	"\"," $10 }' > "$TMP/got"
sed 's/,\([0-9]*\),\([^,]*\)$/,"\1",\2/' "$TMP/want" > "$TMP/want2"
same_rows "$TMP/want2" "$TMP/got" 8
# b's mean and %change are compare's (the same rule, the same reps)
awk -F, 'NR > 1 && $4 == "\"b\"" && $9 == 0 { print $1 "," $11 "," $12 }' \
	"$TMP/hist.csv" | sort > "$TMP/got"
awk -F, 'NR > 1 && $7 == "\"ops_per_sec\"" { print $3 "," $18 "," $22 }' \
	"$TMP/cmp.csv" | sort > "$TMP/want"
[ -s "$TMP/got" ] || fail "no rows of run b in history --csv"
paste -d, "$TMP/want" "$TMP/got" | awk -F, '$1 != $4 ||
	$2 + 0 != $5 + 0 || $3 + 0 != $6 + 0 { print; bad = 1 }
	END { exit bad }' || fail "history's mean or %change is not compare's"
