#!/bin/sh
# --with: stress-ng and fio run beside a case, their own metrics land in
# the case's "aggressors", and nothing of theirs survives the case or a
# SIGKILL of the runner. Bad specs are one-line usage errors.
. tests/sh/lib.sh

command -v stress-ng > /dev/null || skip "no stress-ng"
command -v fio > /dev/null || skip "no fio"

ours() {	# our tools: their FL_AGGR_DIR is a scratch dir under $TMP
	for p in $(pgrep -x stress-ng; pgrep -f '^stress-ng-'; pgrep -x fio); do
		{ tr '\0' '\n' 2>/dev/null < /proc/$p/environ; } 2>/dev/null |
			grep -q "^FL_AGGR_DIR=$TMP/" && echo "$p"
	done
}

expect_rc 0 "$FL" run -q -o "$TMP/r" -n a -d 2 -w 0 -r 1 -t 1 \
	--with 'stress-ng:--job configs/aggressors/mmap-churn.job' \
	--with fio:configs/aggressors/randrw.fio cow_storm
j="$TMP/r/a/result.json"
tr -d ' \n' < "$j" > "$TMP/flat"
assert_grep '"aggressors":\[{"tool":"stress-ng"' "$TMP/flat"
assert_grep '"stressor":"mmap","bogo-ops":[0-9]' "$TMP/flat"
assert_grep '"tool":"fio"' "$TMP/flat"
assert_grep '"jobname":"randrw","error":0' "$TMP/flat"
assert_grep '"read_iops":[0-9]' "$TMP/flat"
assert_grep '"stopped_by":"SIGTERM"' "$TMP/flat"
sleep 1
[ -z "$(ours)" ] || fail "aggressors survived the case: $(ours)"

# SIGKILL of the runner: PR_SET_PDEATHSIG takes the tools down too
"$FL" run -q -o "$TMP/r" -n k -d 30 -w 0 -r 1 -t 1 \
	--with 'stress-ng:--job configs/aggressors/vm-pressure.job' \
	--with fio:configs/aggressors/mmap-read.fio cow_storm \
	> /dev/null 2>&1 &
runner=$!
i=0
while [ -z "$(ours)" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
[ -n "$(ours)" ] || fail "the aggressors never started"
sleep 1
kill -KILL $runner
wait $runner 2>/dev/null
i=0
while [ -n "$(ours)" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
[ -z "$(ours)" ] || fail "aggressors survived SIGKILL of the runner: $(ours)"

# fio stopped before it set up its handlers dies of SIGTERM with no
# report: the runner waits until it catches SIGTERM. 12 busy loops per
# CPU slow fio's start-up past a 1 s case (the runner without the wait
# lost fio's JSON 3 times in 3 here).
hogs=""
i=0
while [ $i -lt $((12 * $(nproc))) ]; do
	sh -c 'while :; do :; done' &
	hogs="$hogs $!"
	i=$((i + 1))
done
"$FL" run -q -o "$TMP/r" -n slow -d 1 -w 0 -r 1 -t 1 \
	--with fio:configs/aggressors/randrw.fio page_fault1:size=16M \
	> "$TMP/out" 2>&1
rc=$?
# shellcheck disable=SC2086
kill $hogs
wait 2> /dev/null
[ $rc -eq 0 ] || { cat "$TMP/out"; fail "run under load exited $rc"; }
tr -d ' \n' < "$TMP/r/slow/result.json" > "$TMP/flat"
assert_grep '"jobname":"randrw","error":0' "$TMP/flat"

# a tool that dies early is recorded as such, with its own words
expect_rc 0 "$FL" run -q -o "$TMP/r" -n early -d 1 -w 0 -r 1 -t 1 \
	--with 'stress-ng:--vm 1 --no-such-option' mmap1
tr -d ' \n' < "$TMP/r/early/result.json" > "$TMP/flat"
assert_grep '"exit":"exit1","stopped_by":"SIGTERM","ran_to_end":false' "$TMP/flat"
assert_grep '"log_tail":"stress-ng:unrecognizedoption' "$TMP/flat"

bad() {	# bad PATTERN SPEC
	expect_rc 2 "$FL" run -q -o "$TMP/b" --with "$2" mmap1
	one_line "$TMP/err"
	assert_grep "$1" "$TMP/err"
}
bad "expected stress-ng:ARGS or fio:JOBFILE"	stress-ng
bad "unknown tool"				perf:record
bad "fio job file /nonexistent.fio"		fio:/nonexistent.fio
bad "sets stress-ng's --yaml itself"		"stress-ng:--vm 1 --yaml x"
exit 0
