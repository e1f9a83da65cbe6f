#!/bin/sh
# A case that crashes, hangs, errs or fails costs that case only, with a
# clear reason; an interrupted or killed runner leaves nothing behind.
. tests/sh/lib.sh

no_leftovers() {
	sleep 0.5
	pgrep -f "faultline run -q -o $TMP" > /dev/null && fail "processes left"
	ls /tmp/faultline.* 2> /dev/null && fail "temporary files left"
	return 0
}

for m in threads processes; do
	expect_rc 1 "$FL" run -q -o "$TMP" -n "$m" -d 1 -w 0 -r 2 -t 2 -m $m \
		--timeout 4 selftest:do=crash selftest:do=hang \
		selftest:do=error selftest:do=fail selftest:do=skip mmap1
	doc=$TMP/$m/result.json
	st=$(jq -r '[.cases[].status] | join(",")' "$doc")
	[ "$st" = "crash,timeout,error,fail,skip,ok" ] || fail "$m: statuses $st"
	jq -e '.cases[0].reason | test("Segmentation fault")' "$doc" > /dev/null ||
		fail "$m: crash reason"
	jq -e '.cases[1].reason | test("watchdog")' "$doc" > /dev/null ||
		fail "$m: timeout reason"
	jq -e '.cases[3].violations[0].what == "asked to fail"' "$doc" > /dev/null ||
		fail "$m: violation record"
	# KTAP's own directives; the totals count the errors
	assert_grep "^not ok 1 selftest:do=crash|$m|2 # ERROR crash: .*Segm" \
		"$TMP/out"
	assert_grep "^not ok 2 selftest:do=hang|$m|2 # TIMEOUT watchdog" \
		"$TMP/out"
	assert_grep "^not ok 3 selftest:do=error|$m|2 # ERROR error: " \
		"$TMP/out"
	assert_grep "^not ok 4 selftest:do=fail|$m|2$" "$TMP/out"
	assert_grep "^# Totals: pass:1 fail:1 xfail:0 xpass:0 skip:1 error:3$" \
		"$TMP/out"
	assert_grep "^# replay: faultline run --seed" "$TMP/out"
	assert_grep "^ok 5 .*# SKIP asked to skip" "$TMP/out"
	assert_grep "^ok 6 mmap1" "$TMP/out"
	no_leftovers
done

# all skipped: exit 4, as kselftest
expect_rc 4 "$FL" run -q -o "$TMP" -d 1 -w 0 -r 1 -t 1 selftest:do=skip

# Ctrl-C: exit 130, the document says interrupted, samples kept
"$FL" run -q -o "$TMP" -n intr -d 20 -w 0 -r 1 -t 2 -m processes \
	giant_vma:size=64M > "$TMP/out" 2>&1 &
pid=$!
sleep 3
kill -INT $pid
wait $pid
rc=$?
[ $rc -eq 130 ] || fail "interrupted run exited $rc"
jq -e '.run.status == "interrupted" and .cases[0].status == "interrupted"
       and (.cases[0].samples[0].t | length) >= 2' "$TMP/intr/result.json" \
	> /dev/null || fail "interrupted document"
no_leftovers

# SIGKILL of the runner: its measured processes die with it, and its
# guardian marks the document interrupted
"$FL" run -q -o "$TMP" -n killed -d 20 -w 0 -r 1 -t 2 -m processes \
	giant_vma:size=64M > /dev/null 2>&1 &
pid=$!
sleep 2
kill -KILL $pid
wait $pid 2> /dev/null
no_leftovers
jq -e '.run.status == "interrupted"' "$TMP/killed/result.json" > /dev/null ||
	fail "killed run left no readable, interrupted document"

# the replay command of a failed case replays it: same key, same seed
doc=$TMP/threads/result.json
cmd=$(jq -r '.cases[3].replay' "$doc" |
	sed "s|^faultline run|$FL run -q -o $TMP -n replay|")
eval "$cmd" > /dev/null 2>&1
[ $? -eq 1 ] || fail "replay did not fail again: $cmd"
[ "$(jq '.cases[3].seed' "$doc")" = "$(jq '.cases[0].seed' "$TMP/replay/result.json")" ] ||
	fail "replay seed differs"
[ "$(jq '.cases[3].key' "$doc")" = "$(jq '.cases[0].key' "$TMP/replay/result.json")" ] ||
	fail "replay key differs"
