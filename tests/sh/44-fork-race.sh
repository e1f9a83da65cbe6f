#!/bin/sh
# fork_race: clean on this kernel (children checked pages, writers
# faulted), a skip in processes mode, and every violation message
# reachable by injection (inject=SITE), as in 41-races-inject.sh.
. tests/sh/lib.sh
W=fork_race

rm -rf "$TMP/r"
expect_rc 0 "$FL" run -q -o "$TMP/r" -n c -d 2 -w 0 -r 1 -t 2 \
	--timeout 60 "$W"
assert_grep "^ok 1 " "$TMP/out"
j="$TMP/r/c/result.json"
assert_grep '"violations_total":0' "$j"
for c in forks writes child_checks writer_faults remaps; do
	tr -d ' \n' < "$j" | grep -q "\"${c}_per_sec\":{[^}]*\"reps\":\[[1-9]" ||
		fail "$W: $c did not move"
done

expect_rc 4 "$FL" run -q -o "$TMP/s" -d 1 -w 0 -r 1 -t 1 -m processes "$W"
assert_grep "SKIP $W runs in threads mode only" "$TMP/out"

n=0
fires() {	# fires PARAMS PATTERN: the injected run fails with PATTERN
	n=$((n + 1))
	FAULTLINE_INJECT=$W expect_rc 1 "$FL" run -q -o "$TMP/r" -n "i$n" \
		-d 1 -w 0 -r 1 -t 2 --timeout 60 "$W:$1"
	assert_grep "^not ok 1 " "$TMP/out"
	j="$TMP/r/i$n/result.json"
	assert_grep '"status":"fail"' "$j"
	for k in '"page":' '"expected":"0x' '"seen":"0x'; do
		assert_grep "$k" "$j"
	done
	assert_grep "\"what\":\"[^\"]*$2" "$j"
	echo "ok: $W:$1 -> $2"
}

fires inject=tag	"fork child: bad check bits"
fires inject=foreign	"fork child: not this page's tag"
fires inject=zero	"fork child: zero, but a write had completed before fork"
fires inject=stale	"fork child: stale: older than the last write"
fires inject=future	"fork child: saw a write that began after fork returned"
fires inject=lost	"parent lost its own write"
fires inject=exit	"fork child exited 7"
fires inject=kill	"fork child killed by signal 9"
fires inject=leak	"parent sees a fork child.s write"
exit 0
