# SPDX-License-Identifier: GPL-2.0
# Sourced by the race workload tests (44-47) after lib.sh, with W set to
# the workload: one clean run that must move its counters, the threads-
# only skip, and injected runs that must fail with a given message.

# race_clean SPEC MODE COUNTER...: ok, no violation, every counter moved
race_clean() {
	rc_spec=$1 rc_mode=$2
	shift 2
	rm -rf "$TMP/r"
	expect_rc 0 "$FL" run -q -o "$TMP/r" -n c -d 2 -w 0 -r 1 -t 2 \
		-m "$rc_mode" --timeout 60 "$rc_spec"
	assert_grep "^ok 1 " "$TMP/out"
	j="$TMP/r/c/result.json"
	assert_grep '"violations_total":0' "$j"
	for c in "$@"; do
		tr -d ' \n' < "$j" |
			grep -q "\"${c}_per_sec\":{[^}]*\"reps\":\[[1-9]" ||
			fail "$rc_spec $rc_mode: $c did not move"
	done
}

# race_threads_only: processes mode is a skip that says why
race_threads_only() {
	expect_rc 4 "$FL" run -q -o "$TMP/s" -d 1 -w 0 -r 1 -t 1 \
		-m processes "$W"
	assert_grep "SKIP $W runs in threads mode only" "$TMP/out"
}

# fires PARAMS PATTERN: the run with FAULTLINE_INJECT=$W fails with a
# violation record (page, expected, seen) whose message has PATTERN.
# D=seconds gives a rarer site more time (default 1).
n=0
fires() {
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
