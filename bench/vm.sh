#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# bench/vm.sh - what `faultline vm` costs, per Debian kernel (6.1, 6.12),
# under TCG (2 vCPUs, 1 GiB), running one 1-second page_fault1 case:
#   initramfs_bytes       the cached base initramfs (gzip'd cpio)
#   initramfs_build_sec   building it (empty cache) vs. finding it cached
#   boot_to_init_sec      qemu started -> the guest's init speaks
#   boot_to_first_sec     qemu started -> first KTAP byte from faultline
#   overhead_sec          `faultline vm` wall time to the first KTAP byte:
#                         initramfs + accel pick + boot (target <= 10)
#   wall_sec              the whole `faultline vm` command
# Figures come from each run's vm.json, which faultline vm measures with
# CLOCK_MONOTONIC. Standalone: sh bench/vm.sh (FL=path to faultline).
set -eu
FL=${FL:-./faultline}
TMP=$(mktemp -d /tmp/faultline-bench-vm.XXXXXX)
trap 'rm -rf "$TMP"' EXIT INT TERM

kernels=$(sh ci/kernels.sh 6.1 6.12)

# field KEY FILE: a number from pretty-printed vm.json
field() {
	sed -n "s/^ *\"$1\":\([0-9.eE+-]*\),*$/\1/p" "$2" | head -n 1
}

# once CACHE NAME KERNEL: one short guest; prints its vm.json path
once() {
	t0=$(date +%s.%N)
	FAULTLINE_CACHE=$1 "$FL" vm --kernel "$3" --accel tcg --cpus 2 \
		--mem 1G -o "$TMP/res" -n "$2" -- -q -d 1 -w 0 -r 1 -t 1 \
		page_fault1 > "$TMP/log" 2>&1 || {
		cat "$TMP/log" >&2
		echo "bench/vm.sh: faultline vm failed for $3" >&2
		exit 1
	}
	t1=$(date +%s.%N)
	echo "$t0 $t1" > "$TMP/res/$2/wall"
}

report() {
	j=$TMP/res/$1/vm.json
	read -r t0 t1 < "$TMP/res/$1/wall"
	b=$(field build_sec "$j")
	f=$(field first_output_sec "$j")
	echo "$2 $3 initramfs_bytes $(field bytes "$j")"
	echo "$2 $3 initramfs_build_sec $b"
	echo "$2 $3 boot_to_init_sec $(field boot_sec "$j")"
	echo "$2 $3 boot_to_first_sec $f"
	echo "$2 $3 overhead_sec $(echo "$b $f" | awk '{ print $1 + $2 }')"
	echo "$2 $3 wall_sec $(echo "$t0 $t1" | awk '{ print $2 - $1 }')"
}

echo "# kernel cache metric value (TCG, 2 vCPUs, 1 GiB)"
for k in $kernels; do
	rel=${k##*/vmlinuz-}
	cache=$TMP/cache-$rel
	mkdir -p "$cache"
	once "$cache" "u-$rel" "$k"
	once "$cache" "c-$rel" "$k"
	report "u-$rel" "$rel" uncached
	report "c-$rel" "$rel" cached
done
