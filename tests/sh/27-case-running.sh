#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# While a case runs, result.json names it (run.case_running), so that a
# runner that dies (in a guest: a broken kernel) leaves where it was;
# a finished run has no case_running.
. tests/sh/lib.sh

"$FL" run -q -o "$TMP" -n live -d 4 -w 0 -r 1 -t 1 mmap1 \
	'selftest:do=ok' > "$TMP/out" 2>&1 &
pid=$!
doc=$TMP/live/result.json
i=0
while [ $i -lt 40 ]; do
	[ -s "$doc" ] && jq -e '.run.case_running' "$doc" > /dev/null 2>&1 &&
		break
	sleep 0.1
	i=$((i + 1))
done
jq -e '.run.case_running | test("^mmap1")' "$doc" > /dev/null ||
	{ kill $pid; fail "no case_running naming mmap1 in $doc"; }
wait $pid || fail "the run failed: $(cat "$TMP/out")"
jq -e '.run | has("case_running") | not' "$doc" > /dev/null ||
	fail "case_running left in a finished run"
jq -e '.run.status == "complete"' "$doc" > /dev/null || fail "not complete"
exit 0
