#!/bin/sh
# dirtycow: clean on this kernel in both modes (forced writes, DONTNEEDs
# and strictly judged reads all happened), and every violation message
# reachable by injection (inject=SITE), for backing=file and, where THP
# and its zero page are on, backing=thp.
. tests/sh/lib.sh
W=dirtycow

clean() {	# clean SPEC MODE: ok, no violation, the counters moved
	rm -rf "$TMP/r"
	expect_rc 0 "$FL" run -q -o "$TMP/r" -n c -d 2 -w 0 -r 1 -t 2 \
		-m "$2" --timeout 60 "$1"
	assert_grep "^ok 1 " "$TMP/out"
	j="$TMP/r/c/result.json"
	assert_grep '"violations_total":0' "$j"
	for c in forced_writes dontneeds stable_reads file_checks; do
		tr -d ' \n' < "$j" |
			grep -q "\"${c}_per_sec\":{[^}]*\"reps\":\[[1-9]" ||
			fail "$1 $2: $c did not move"
	done
}

"$FL" run -q -o "$TMP/p" -d 1 -w 0 -r 1 -t 1 "$W:backing=thp" \
	> "$TMP/thp" 2>&1
thp=backing=thp
if grep -q "SKIP" "$TMP/thp"; then
	echo "backing=thp skips here: $(grep SKIP "$TMP/thp")"
	thp=
fi
for mode in threads processes; do
	clean "$W" "$mode"
	[ -z "$thp" ] || clean "$W:$thp" "$mode"
done

n=0
fires() {	# fires PARAMS PATTERN: the injected run fails with PATTERN
	n=$((n + 1))
	FAULTLINE_INJECT=$W expect_rc 1 "$FL" run -q -o "$TMP/r" -n "i$n" \
		-d "${D:-1}" -w 0 -r 1 -t 2 --timeout 60 "$W:$1"
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
# a whole DONTNEED between write and read is rarer: give it 3 s
D=3 fires inject=kept "a forced write survived a completed MADV_DONTNEED"
if [ -n "$thp" ]; then
	fires inject=file,backing=thp "the zero page is not zero"
	D=3 fires inject=kept,backing=thp "a forced write survived a completed"
fi
exit 0
