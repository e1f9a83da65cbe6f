#!/bin/sh
# dirtycow: clean on this kernel in both modes (forced writes, DONTNEEDs
# and strictly judged reads all happened), and every violation message
# reachable by injection (inject=SITE).
. tests/sh/lib.sh
W=dirtycow

for mode in threads processes; do
	rm -rf "$TMP/r"
	expect_rc 0 "$FL" run -q -o "$TMP/r" -n c -d 2 -w 0 -r 1 -t 2 \
		-m "$mode" --timeout 60 "$W"
	assert_grep "^ok 1 " "$TMP/out"
	j="$TMP/r/c/result.json"
	assert_grep '"violations_total":0' "$j"
	for c in forced_writes dontneeds stable_reads file_checks; do
		tr -d ' \n' < "$j" |
			grep -q "\"${c}_per_sec\":{[^}]*\"reps\":\[[1-9]" ||
			fail "$W $mode: $c did not move"
	done
done

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
fires inject=foreign	"neither the file nor this task's last forced write"
fires inject=lost	"forced write lost with no MADV_DONTNEED since"
fires inject=file	"read-only file changed"
exit 0
