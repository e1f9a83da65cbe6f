#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# faultline vm boots both Debian cloud kernels (6.1: no per-VMA locks,
# 6.12: per-VMA locks) under TCG, runs a short case in each, and the
# results come home per kernel carrying that kernel's identity (and
# RUN-ARGS' --csv gives result.csv and scaling/ next to each one).
. tests/sh/lib.sh

# fetch: the images' paths, or skip/fail with why
kernels=$(sh ci/kernels.sh 6.1 6.12 2> "$TMP/fetch") || {
	cat "$TMP/fetch"
	[ "$(id -u)" -ne 0 ] && skip "cannot fetch kernels as a user"
	fail "ci/kernels.sh could not fetch the kernels"
}
set -- $kernels
k61=$1 k612=$2

expect_vm_rc 0 "$FL" vm --kernel "$k61" --kernel "$k612" --accel tcg \
	--mem 1G -o "$TMP/res" -n boot -- -q --csv -d 1 -w 0 -r 1 -t 1,2 \
	page_fault1
assert_grep '^KTAP version 1' "$TMP/out"
assert_grep '^ok 1 page_fault1' "$TMP/out"

# check IMAGE PER_VMA_LOCK: one kernel's run directory
check() {
	rel=${1##*/vmlinuz-}
	d=$TMP/res/boot-$rel
	[ -f "$d/result.json" ] || fail "no $d/result.json"
	tr -d ' \n' < "$d/result.json" > "$TMP/r.json"
	assert_grep "\"release\":\"$rel\"" "$TMP/r.json"
	assert_grep "\"source\":\"/boot/config-$rel\"" "$TMP/r.json"
	assert_grep "\"CONFIG_PER_VMA_LOCK\":\"$2\"" "$TMP/r.json"
	assert_grep '"vm":{"accel":"tcg","vcpus":2,"mem_mb":1024' \
		"$TMP/r.json"
	assert_grep "\"kernel_release\":\"$rel\"" "$TMP/r.json"
	assert_grep '"status":"complete"' "$TMP/r.json"
	assert_grep '"status":"ok"' "$TMP/r.json"
	assert_grep '^ok 1 page_fault1' "$d/ktap.txt"
	# --csv: made on the host from the result.json that came home
	assert_grep "^\"boot-$rel\",\"page_fault1:size=128M|threads|1\"," \
		"$d/result.csv"
	[ "$(cut -d, -f1 "$d/scaling/page_fault1.csv" | tr "\n" " ")" = \
		"tasks 1 2 " ] || fail "$d/scaling/page_fault1.csv: no rows 1 and 2"
	assert_grep "@@FAULTLINE-BOOTED $rel" "$d/console.log"
	assert_grep '"status":"ok"' "$d/vm.json"
	assert_grep '"exit":0' "$d/vm.json"
	tr -d ' \n' < "$d/vm.json" > "$TMP/v.json"
	# under TCG the guest skips the IO-APIC timer check (a starved vCPU
	# fails it and panics)
	assert_grep '"cmdline":"[^"]*no_timer_check' "$TMP/v.json"
}
check "$k61" n
check "$k612" y
# recorded in the history database, as a native run is
[ -s "$TMP/res/faultline.db" ] || fail "no $TMP/res/faultline.db"
exit 0
