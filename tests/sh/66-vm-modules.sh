#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# --modules DIR: every *.ko in DIR goes into the initramfs and is loaded
# at boot, dependencies first whatever the names' order (libcrc32c is
# renamed to sort after xfs, which needs it). A module that cannot load
# is named in vm.json and makes the run an ERROR, exit 1. With xfs
# loaded, --disk xfs gives the guest an xfs scratch disk on /mnt/disk,
# and a file-backed case runs there.
. tests/sh/lib.sh

k=$(sh ci/kernels.sh 6.1 2> "$TMP/fetch") || {
	cat "$TMP/fetch"
	[ "$(id -u)" -ne 0 ] && skip "cannot fetch kernels as a user"
	fail "ci/kernels.sh could not fetch the kernel"
}
rel=${k##*/vmlinuz-}
tree=${k%/boot/*}/lib/modules/$rel/kernel
mkdir "$TMP/mods"
cp "$tree/fs/xfs/xfs.ko" "$TMP/mods/" || fail "no xfs.ko in $tree"
cp "$tree/lib/libcrc32c.ko" "$TMP/mods/z-libcrc32c.ko" ||
	fail "no libcrc32c.ko in $tree"
echo "not a module" > "$TMP/mods/bogus.ko"

expect_vm_rc 1 "$FL" vm --kernel "$k" --accel tcg --mem 1G \
	--modules "$TMP/mods" --disk xfs:512M -o "$TMP/res" -n mods -- \
	-q -d 1 -w 0 -r 1 -t 1 'giant_vma:backing=file,dir=/mnt/disk,size=32M'
d=$TMP/res/mods
assert_grep 'modules failed to load: bogus.ko' "$TMP/err"
tr -d ' \n' < "$d/vm.json" > "$TMP/vm.json"
loaded='"loaded":\["z-libcrc32c.ko","xfs.ko"\]'
assert_grep "\"modules\":{$loaded,\"failed\":\\[\"bogus.ko\"\\]}" \
	"$TMP/vm.json"
assert_grep '"status":"error"' "$TMP/vm.json"
assert_grep "can't insert '/lib/modules/faultline/bogus.ko'" "$d/console.log"
# the disk: made, mounted, described to the runner, used by the case
assert_grep '"disk":{"fs":"xfs","size_mb":512,"mounted":true}' \
	"$TMP/vm.json"
tr -d ' \n' < "$d/result.json" > "$TMP/r.json"
assert_grep '"disk":{"fs":"xfs","size_mb":512,"device":"nvme"' "$TMP/r.json"
assert_grep '"status":"complete"' "$TMP/r.json"
assert_grep '"dir":"/mnt/disk"' "$TMP/r.json"
assert_grep '"status":"ok"' "$TMP/r.json"
exit 0
