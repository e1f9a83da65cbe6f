#!/bin/sh
# stack_race: clean on this kernel (the stack grew, the guard gap was
# probed, mappers mapped beside it), a skip in processes mode, and every
# violation message reachable by injection (inject=SITE).
. tests/sh/lib.sh
W=stack_race

rm -rf "$TMP/r"
expect_rc 0 "$FL" run -q -o "$TMP/r" -n c -d 2 -w 0 -r 1 -t 2 \
	--timeout 60 "$W"
assert_grep "^ok 1 " "$TMP/out"
j="$TMP/r/c/result.json"
assert_grep '"violations_total":0' "$j"
for c in grows gap_probes cycles mapper_ops mapper_faults; do
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

fires inject=gap	"access in the stack guard gap did not fault"
fires inject=lost	"page does not hold what its one writer wrote (grown page"
fires inject=mapper	"page does not hold what its one writer wrote (a mapper"
fires inject=segv	"SIGSEGV on a mapped page (stack top"
exit 0
