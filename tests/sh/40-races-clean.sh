#!/bin/sh
# The race workloads run clean on this kernel: status ok, exit 0, no
# violation, and the racing pairs really ran (both counters moved).
. tests/sh/lib.sh

clean() {	# clean SPEC MODE COUNTER...: ok, and each counter's rate > 0
	spec=$1 mode=$2; shift 2
	rm -rf "$TMP/r"
	expect_rc 0 "$FL" run -q -o "$TMP/r" -n c -d 1 -w 0 -r 1 -t 2 \
		-m "$mode" --timeout 60 "$spec"
	assert_grep "^ok 1 " "$TMP/out"
	j="$TMP/r/c/result.json"
	assert_grep '"status":"ok"' "$j"
	assert_grep '"violations_total":0' "$j"
	for c in "$@"; do
		# the first value of <counter>_per_sec's reps is not 0
		tr -d ' \n' < "$j" | grep -q "\"${c}_per_sec\":{[^}]*\"reps\":\[[1-9]" ||
			fail "$spec: $c did not move"
	done
}

clean mapfixed_race threads remaps reader_faults reader_ops
clean mapfixed_race:anon=1,span=8,map=private threads remaps reader_faults
clean truncate_race threads faults truncates sigbus eof_checks
clean truncate_race:op=punch processes faults truncates
clean cow_storm processes cow_faults read_faults loops
clean cow_storm:shared_writer=1 threads cow_faults writer_gens
clean cow_storm:backing=anon processes cow_faults loops
# the variants that reach the bug paths
clean truncate_race:size=odd processes faults truncates eof_checks tail_checks
clean truncate_race:hold_us=0 threads truncates eof_checks
clean cow_storm:shared=none,shared_writer=1 processes cow_faults file_checks \
	writer_gens
clean cow_storm:shared=none processes cow_faults file_checks
clean mapfixed_race:access=rw threads remaps writes

# mapfixed_race needs one mm: processes mode is a skip, not a fake pass
expect_rc 4 "$FL" run -q -o "$TMP/s" -d 1 -w 0 -r 1 -t 1 -m processes \
	mapfixed_race
assert_grep "SKIP mapfixed_race runs in threads mode only" "$TMP/out"
exit 0
