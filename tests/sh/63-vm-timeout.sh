#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A guest that runs past --timeout is stopped: TIMEOUT, exit 1, the
# console kept, and the result.json snapshot that had come home says
# "running", not complete. A kernel panic during the run (the init's
# faultline.test_panic hook: sysrq crash) is ERROR, exit 1. No qemu is
# left behind.
. tests/sh/lib.sh

k=$(sh ci/kernels.sh 6.1 2> "$TMP/fetch") || {
	cat "$TMP/fetch"
	[ "$(id -u)" -ne 0 ] && skip "cannot fetch kernels as a user"
	fail "ci/kernels.sh could not fetch the kernel"
}
run="-q -d 60 -w 0 -r 1 -t 1 page_fault1"
# faultline vm's temporary directories go here: none may be left
export TMPDIR="$TMP/t"
mkdir "$TMPDIR"

expect_vm_rc 1 "$FL" vm --kernel "$k" --accel tcg --mem 1G --timeout 12 \
	-o "$TMP/res" -n slow -- $run
d=$TMP/res/slow
assert_grep '^Bail out! faultline vm: timeout after 12 s' "$TMP/out"
assert_grep 'timeout' "$TMP/err"
assert_grep '"status":"timeout"' "$d/vm.json"
assert_grep '"exit":1' "$d/vm.json"
assert_grep '@@FAULTLINE-BOOTED' "$d/console.log"
tr -d ' \n' < "$d/result.json" > "$TMP/r.json"
assert_grep '"run":{"name":"slow","status":"running"' "$TMP/r.json"

expect_vm_rc 1 "$FL" vm --kernel "$k" --accel tcg --mem 1G --timeout 60 \
	--append faultline.test_panic=3 -o "$TMP/res" -n panic -- $run
d=$TMP/res/panic
assert_grep '^Bail out! faultline vm: kernel panic' "$TMP/out"
assert_grep '"status":"error"' "$d/vm.json"
assert_grep 'Kernel panic - not syncing: sysrq triggered crash' \
	"$d/console.log"
# the guest ended itself well before the timeout
assert_no_grep '"elapsed_sec":[6-9][0-9]' "$d/vm.json"

# every process's command line, from /proc (ps may be missing)
for c in /proc/[0-9]*/cmdline; do
	tr '\0' ' ' < "$c" 2> /dev/null
	echo
done > "$TMP/procs"
assert_grep "63-vm-timeout" "$TMP/procs"	# the listing works
assert_no_grep "[q]emu-system.*$TMPDIR" "$TMP/procs"
[ -z "$(ls -A "$TMPDIR")" ] || fail "left in TMPDIR: $(ls -A "$TMPDIR")"
exit 0
