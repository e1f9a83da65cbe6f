#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Scaling sweeps on short real runs: --sweep runs 1, 2, 4, ... and the
# usable CPUs, -t A..B its range, a suite line's --sweep the same (and a
# command-line -t wins over it); replay lines name the case's own -t.
# run --csv writes each sweep in will-it-scale's layout, every number
# equal to the one computed from result.json's reps with jq. Bad usage
# of --sweep, ranges and --csv: exit 2 and a one-line error.
. tests/sh/lib.sh
command -v jq > /dev/null || fail "jq missing (make deps)"

RUN="-q --no-db -o $TMP -d 1 -w 0 -r 1"
# shellcheck disable=SC2086
expect_rc 0 "$FL" run $RUN -n sw -r 2 -m both --sweep --csv page_fault1
doc=$TMP/sw/result.json
pus=$(jq '.system.topology.pus' "$doc")
[ "$pus" -ge 1 ] || fail "no pus in $doc"
sweep=
t=1
while [ "$t" -lt "$pus" ]; do
	sweep="$sweep $t"
	t=$((t * 2))
done
sweep="$sweep $pus"
tasks() {	# the task counts of mode $2 in run dir $1, in order
	jq -r --arg m "$2" '[.cases[] | select(.mode == $m) | .tasks]
		| map(tostring) | join(" ")' "$1/result.json"
}
[ "$(tasks "$TMP/sw" threads)" = "${sweep# }" ] ||
	fail "--sweep on $pus CPUs: $(tasks "$TMP/sw" threads), want$sweep"
[ "$(tasks "$TMP/sw" processes)" = "${sweep# }" ] ||
	fail "--sweep, processes: $(tasks "$TMP/sw" processes)"
# a replay line replays its own case: -t N, never --sweep
jq -r '.cases[] | "\(.tasks) \(.replay)"' "$doc" > "$TMP/replay"
while read -r n line; do
	case "$line" in
	*--sweep*) fail "replay line with --sweep: $line" ;;
	*" -t $n "*) ;;
	*) fail "replay line without -t $n: $line" ;;
	esac
done < "$TMP/replay"

# will-it-scale's layout: tasks,processes,threads,linear from the reps
C=$TMP/sw/scaling/page_fault1.csv
[ -f "$C" ] || fail "no $C"
[ "$(head -n 1 "$C")" = "tasks,processes,threads,linear" ] ||
	fail "header: $(head -n 1 "$C")"
assert_grep '^page_fault1:' "$TMP/sw/scaling/page_fault1.title"
# the harmonic mean of the primary metric, summed in the same order
jq -r '
  def hmean: length / (map(1 / .) | add);
  def mean($m; $t): [.cases[] | select(.mode == $m and .tasks == $t
	and .status == "ok") | .metrics | to_entries[]
	| select(.value.primary) | .value.reps | hmean] | first;
  . as $d | ([.cases[].tasks] | unique) as $ts
  | ([mean("processes"; 1), mean("threads"; 1)] | max) as $one
  | $ts[] | . as $t
  | [$t, ($d | mean("processes"; $t)), ($d | mean("threads"; $t)),
     $one * $t] | map(tostring) | join(",")' "$doc" > "$TMP/want"
tail -n +2 "$C" > "$TMP/got"
[ "$(wc -l < "$TMP/got")" -eq "$(wc -l < "$TMP/want")" ] &&
	[ -s "$TMP/got" ] || fail "rows: $(cat "$TMP/got") want $(cat "$TMP/want")"
paste -d, "$TMP/want" "$TMP/got" | awk -F, '{
	for (i = 1; i <= 4; i++)
		if ($i + 0 != $(i + 4) + 0 || $(i + 4) == "") {
			print "column " i ": " $i " vs " $(i + 4); bad = 1 } }
	END { exit bad }' || fail "scaling CSV differs from result.json"

# a range: 1, 2, 4 and 5 (more tasks than CPUs is allowed)
# shellcheck disable=SC2086
expect_rc 0 "$FL" run $RUN -n rg -t 1..5 page_fault1:size=1M
[ "$(tasks "$TMP/rg" threads)" = "1 2 4 5" ] ||
	fail "-t 1..5: $(tasks "$TMP/rg" threads)"
# no sweep, no --csv: no scaling files
[ ! -e "$TMP/rg/scaling" ] && [ ! -e "$TMP/rg/result.csv" ] ||
	fail "CSV files without --csv"

# a suite line's --sweep, and a command-line -t over it
printf 'page_fault1:size=1M -t 3 --sweep\n' > "$TMP/s.suite"
# shellcheck disable=SC2086
expect_rc 0 "$FL" run $RUN -n su -c "$TMP/s.suite"
[ "$(tasks "$TMP/su" threads)" = "${sweep# }" ] ||
	fail "suite --sweep: $(tasks "$TMP/su" threads), want$sweep"
# shellcheck disable=SC2086
expect_rc 0 "$FL" run $RUN -n su3 -t 3 -c "$TMP/s.suite"
[ "$(tasks "$TMP/su3" threads)" = "3" ] ||
	fail "-t 3 over a suite's --sweep: $(tasks "$TMP/su3" threads)"

# bad usage: exit 2, one line naming what was wrong
bad() {	# bad PATTERN CMD...
	pat=$1; shift
	expect_rc 2 "$@"
	one_line "$TMP/err"
	assert_grep "$pat" "$TMP/err"
}
bad "'--sweep' takes no value" "$FL" run --sweep=3 page_fault1
bad "'8..2' is not a list" "$FL" run -t 8..2 page_fault1
bad "'max..4' is not a list" "$FL" run -t max..4 page_fault1
bad "'1..' is not a list" "$FL" run --tasks=1.. page_fault1
printf 'page_fault1 --sweep=2\n' > "$TMP/bad.suite"
bad ":1: --sweep takes no value" "$FL" run -c "$TMP/bad.suite"
bad "'--csv' takes no value" "$FL" run --csv=x page_fault1
bad "'--csv' takes no value" "$FL" compare --csv=1 "$TMP/sw" "$TMP/sw"
bad "--csv is for a trend" "$FL" history --csv --last-good "$TMP/sw"
# nothing was run by the bad ones
[ "$(ls "$TMP" | grep -c -v -e '^sw$' -e '^rg$' -e '^su3*$' -e '\.suite$' \
	-e '^out$' -e '^err$' -e '^replay$' -e '^want$' -e '^got$')" -eq 0 ] ||
	fail "left in $TMP: $(ls "$TMP")"
