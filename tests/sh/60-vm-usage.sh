#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# faultline vm: bad usage is one line and exit 2; an image that is not a
# kernel is exit 3 ("did not boot") with vm.json saying so. No guest boots.
. tests/sh/lib.sh

# usage2 ARGS...: exit 2, one "faultline: ..." line on stderr
usage2() {
	expect_rc 2 "$FL" vm "$@"
	one_line "$TMP/err"
	assert_grep '^faultline: vm: ' "$TMP/err"
}

usage2 -- -d 1
usage2 --kernel /nonexistent/bzImage
usage2 --kernel /etc
usage2 --kernel /bin/sh --cpus 0
usage2 --kernel /bin/sh --mem lots
usage2 --kernel /bin/sh --numa 3 --cpus 2
usage2 --kernel /bin/sh --numa 1G@0,1G@0
usage2 --kernel /bin/sh --numa 1G@0,1G@x
usage2 --kernel /bin/sh --accel fast
usage2 --kernel /bin/sh --timeout -1
usage2 --kernel /bin/sh --name ../up
usage2 --kernel /bin/sh -- -o elsewhere page_fault1
usage2 --kernel /bin/sh -- -oelsewhere page_fault1
usage2 --kernel /bin/sh -- --name=x page_fault1
usage2 --kernel /bin/sh --bogus
usage2 --kernel /bin/sh --modules /lib/modules
usage2 --kernel /bin/sh --disk btrfs
usage2 --kernel /bin/sh --disk ext4:10M
usage2 --kernel /bin/sh stray-arg
FAULTLINE_QEMU=/nonexistent/qemu usage2 --kernel /bin/sh
assert_grep 'qemu' "$TMP/err"
usage2 --kernel /bin/sh --qemu /nonexistent/qemu

# not a kernel: exit 3, the reason on stderr, vm.json in the run dir
expect_rc 3 "$FL" vm --kernel /bin/sh -o "$TMP/res" -n nk -- -d 1
assert_grep 'not a bootable x86 kernel' "$TMP/err"
assert_grep '"status":"no-boot"' "$TMP/res/nk/vm.json"
assert_grep '"exit":3' "$TMP/res/nk/vm.json"
[ ! -e "$TMP/res/nk/result.json" ] || fail "result.json for no run"

expect_rc 0 "$FL" vm --help
assert_grep '3 the image did' "$TMP/out"

# make vm-ab: RUNS is a count; a kernel that does not boot ends it
expect_rc 2 env FL="$FL" A=/bin/sh B=/bin/sh RUNS=0 sh ci/vm-ab.sh
one_line "$TMP/err"
assert_grep "RUNS=0: not a count" "$TMP/err"
expect_rc 3 env FL="$FL" A=/bin/sh B=/bin/sh RUNS=2 OUT="$TMP/ab" \
	sh ci/vm-ab.sh
[ -e "$TMP/ab/ab-a1/vm.json" ] && [ -e "$TMP/ab/ab-b2/vm.json" ] ||
	fail "vm-ab did not boot each image RUNS times, in turn"
exit 0
