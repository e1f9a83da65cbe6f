#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# faultline vm --kernel DIR: a kernel build tree boots its
# arch/x86/boot/bzImage with the tree's .config as the guest's config.
# The tree is a fake: Debian's 6.12 cloud kernel linked in as the
# bzImage, and its config with CONFIG_PER_VMA_LOCK turned off, so the
# result shows which config the guest got. A directory without a
# bzImage is bad usage. The case comes from a suite file (-c) on the
# host, which faultline vm carries into the guest.
. tests/sh/lib.sh

k=$(sh ci/kernels.sh 6.12 2> "$TMP/fetch") || {
	cat "$TMP/fetch"
	[ "$(id -u)" -ne 0 ] && skip "cannot fetch kernels as a user"
	fail "ci/kernels.sh could not fetch the kernel"
}
rel=${k##*/vmlinuz-}
cfg=${k%/vmlinuz-*}/config-$rel
[ -r "$cfg" ] || fail "no $cfg next to $k"

tree=$TMP/tree
mkdir -p "$tree/arch/x86/boot" "$TMP/empty"
ln -s "$k" "$tree/arch/x86/boot/bzImage"
sed 's/^CONFIG_PER_VMA_LOCK=y$/# CONFIG_PER_VMA_LOCK is not set/' "$cfg" \
	> "$tree/.config"
grep -q '^CONFIG_PER_VMA_LOCK=y' "$cfg" ||
	fail "$cfg has no CONFIG_PER_VMA_LOCK=y to turn off"

# not a tree: one line, exit 2, before any guest
expect_rc 2 "$FL" vm --kernel "$TMP/empty" -- -d 1 page_fault1
one_line "$TMP/err"
assert_grep 'not a built kernel tree' "$TMP/err"

# the case comes from a suite file on the host (-c), which the guest gets
echo "page_fault1 -t 1 -d 1 -w 0 -r 1" > "$TMP/t.suite"
expect_vm_rc 0 "$FL" vm --kernel "$tree" --accel tcg --mem 1G -o "$TMP/res" \
	-n tree --no-db --append no_timer_check --boot-timeout 300 \
	-- -q -c "$TMP/t.suite"
d=$TMP/res/tree
[ -f "$d/result.json" ] || fail "no $d/result.json"
tr -d ' \n' < "$d/result.json" > "$TMP/r.json"
assert_grep "\"kernel_release\":\"$rel\"" "$TMP/r.json"
[ "$(jq -r .kernel.config "$d/vm.json")" = "$(cd "$tree" && pwd -P)/.config" ] ||
	fail "vm.json: config is $(jq -r .kernel.config "$d/vm.json")"
# the guest read the tree's config, not the one next to the image
assert_no_grep '"CONFIG_PER_VMA_LOCK":"y"' "$TMP/r.json"
assert_grep '^ok 1 page_fault1' "$d/ktap.txt"
exit 0
