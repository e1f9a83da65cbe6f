#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A guest whose runner dies (a broken kernel can do that) still brings
# home what it has, and says which case was running and what killed it:
# runner.txt in the results and a console line. The kill is the init's
# test hook faultline.test_kill_runner=SEC (SIGSEGV), on Debian 6.12.
. tests/sh/lib.sh

k=$(sh ci/kernels.sh 6.12 2> "$TMP/fetch") || {
	cat "$TMP/fetch"
	[ "$(id -u)" -ne 0 ] && skip "cannot fetch kernels as a user"
	fail "ci/kernels.sh could not fetch the kernel"
}

"$FL" vm --kernel "$k" --accel tcg --mem 1G -o "$TMP/res" -n dead --no-db \
	--boot-timeout 300 \
	--append "no_timer_check faultline.test_kill_runner=10" \
	-- -q -d 60 -w 0 -r 1 -t 1 page_fault1 mmap1 > "$TMP/out" 2>&1 &&
	{ cat "$TMP/out"; fail "faultline vm passed with a killed runner"; }
d=$TMP/res/dead
[ -f "$d/runner.txt" ] || { cat "$TMP/out"; fail "no $d/runner.txt"; }
assert_grep '^killed by signal 11 while running: page_fault1' "$d/runner.txt"
assert_grep '@@FAULTLINE-RUNNER-DIED 11 page_fault1' "$d/console.log"
tr -d ' \n' < "$d/vm.json" > "$TMP/v.json"
assert_grep '"guest_exit":139' "$TMP/v.json"
# what the runner had written came home: the case it was in
jq -e '.run.case_running | test("^page_fault1")' "$d/result.json" \
	> /dev/null || fail "result.json does not name the running case"
exit 0
