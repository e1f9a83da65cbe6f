#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Images that do not boot exit 3 (bisect's "skip"), not 1: a bzImage
# whose compressed kernel is damaged (the decompressor halts; nothing
# from the guest's init within --boot-timeout), and a kernel that panics
# before faultline runs (no init to run).
. tests/sh/lib.sh

k=$(sh ci/kernels.sh 6.1 2> "$TMP/fetch") || {
	cat "$TMP/fetch"
	[ "$(id -u)" -ne 0 ] && skip "cannot fetch kernels as a user"
	fail "ci/kernels.sh could not fetch the kernel"
}

# keep the boot sector and setup code, zero 1 MiB of the payload
cp "$k" "$TMP/bzImage"
dd if=/dev/zero of="$TMP/bzImage" bs=1M seek=2 count=1 conv=notrunc \
	2> /dev/null
expect_rc 3 "$FL" vm --kernel "$TMP/bzImage" --accel tcg --mem 512M \
	--boot-timeout 8 -o "$TMP/res" -n bad -- -d 1 page_fault1
assert_grep 'did not boot' "$TMP/err"
assert_grep '"status":"no-boot"' "$TMP/res/bad/vm.json"
assert_grep '"booted":false' "$TMP/res/bad/vm.json"
[ -f "$TMP/res/bad/console.log" ] || fail "no console.log"

expect_rc 3 "$FL" vm --kernel "$k" --accel tcg --mem 512M \
	--append rdinit=/nonexistent -o "$TMP/res" -n noinit -- -d 1
assert_grep 'did not boot: .*Kernel panic' "$TMP/err"
assert_grep '"status":"no-boot"' "$TMP/res/noinit/vm.json"
exit 0
