#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The supervisor sleeps on the measured process's pidfd until it ends or
# the watchdog's deadline: it used to wake every 20 ms (about 150 sleeps
# for a 3 s case). Counted with strace on the runner (the supervisor).
# Ctrl-C and the watchdog still act at once.
. tests/sh/lib.sh
command -v strace > /dev/null || skip "no strace"
strace -o /dev/null true 2> /dev/null || skip "strace cannot trace here"

O="$TMP/res"
# LeakSanitizer cannot run under ptrace (make asan): no leak check here
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
	strace -o "$TMP/trace" -e trace=nanosleep,clock_nanosleep,ppoll,poll \
	$FL run -q -o "$O" -n p -d 3 -w 0 -r 1 -t 1 -m threads \
	page_fault1:size=1M > "$TMP/out" 2> "$TMP/err" ||
	{ cat "$TMP/err"; fail "run failed under strace"; }
wakes=$(grep -c 'sleep\|poll' "$TMP/trace")
[ "$wakes" -lt 30 ] || { tail -5 "$TMP/trace"; fail "$wakes sleeps for a 3 s case"; }
grep -q ppoll "$TMP/trace" || fail "no ppoll on the pidfd"

# SIGINT during a long case still ends it at once
$FL run -q -o "$O" -n i -d 30 -w 0 -r 1 -t 1 -m threads page_fault1:size=1M \
	> "$TMP/out" 2> "$TMP/err" &
pid=$!
sleep 2
t0=$(date +%s)
kill -INT $pid
wait $pid
rc=$?
[ $rc -eq 130 ] || fail "interrupted run exited $rc"
[ $(($(date +%s) - t0)) -le 3 ] || fail "SIGINT took more than 3 s"

# the watchdog fires on time
t0=$(date +%s)
$FL run -o "$O" -n t -d 1 -w 0 -r 1 -t 1 -m threads --timeout 3 \
	selftest:do=hang > "$TMP/out" 2> "$TMP/err"
assert_grep "TIMEOUT" "$TMP/out"
[ $(($(date +%s) - t0)) -le 6 ] || fail "the watchdog took over 6 s"
echo "supervisor sleeps on the pidfd"
