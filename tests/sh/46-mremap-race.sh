#!/bin/sh
# mremap_race: clean on this kernel with plain moves and with
# MREMAP_DONTUNMAP (or a skip that says why), a skip in processes mode,
# and every violation message reachable by injection (inject=SITE).
. tests/sh/lib.sh
W=mremap_race

clean() {	# clean PARAMS COUNTER...
	p=$1; shift
	rm -rf "$TMP/r"
	expect_rc 0 "$FL" run -q -o "$TMP/r" -n c -d 2 -w 0 -r 1 -t 2 \
		--timeout 60 "$W:$p"
	assert_grep "^ok 1 " "$TMP/out"
	j="$TMP/r/c/result.json"
	assert_grep '"violations_total":0' "$j"
	for c in "$@"; do
		tr -d ' \n' < "$j" |
			grep -q "\"${c}_per_sec\":{[^}]*\"reps\":\[[1-9]" ||
			fail "$W:$p: $c did not move"
	done
}

clean dontunmap=0 moves reads segvs writes stable_reads
"$FL" run -q -o "$TMP/p" -d 1 -w 0 -r 1 -t 1 "$W:dontunmap=1" \
	> "$TMP/probe" 2>&1
if grep -q "SKIP .*refuses MREMAP_DONTUNMAP" "$TMP/probe"; then
	echo "MREMAP_DONTUNMAP refused here: that variant skips"
else
	clean dontunmap=1 moves reads zeros reader_faults stable_reads
fi
clean thp=1 moves reads

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

fires inject=tag	"bad check bits"
fires inject=foreign	"not this page's tag"
fires inject=gen	"stale or unwritten generation"
fires inject=zero	"zero page where the region was mapped"
fires inject=segv	"SIGSEGV in a range mapped in every state"
fires inject=mapped	"old range still readable after mremap() moved it"
grep -q "SKIP" "$TMP/probe" ||
	fires inject=notzero,dontunmap=1 "old range holds data after MREMAP_DONTUNMAP"
fires inject=mremap	"mremap() returned 0x"
exit 0
