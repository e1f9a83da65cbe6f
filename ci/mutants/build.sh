#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Build the stock kernel and one kernel per ci/mutants/*.patch from
# Debian's linux-source-6.12, for bench/mutants.sh (make mutants).
#
#   sh ci/mutants/build.sh [NAME...]     NAME: stock, or a patch's name
#                                        without .patch (default: all)
#
# $MUTANTS_CACHE (default ~/.cache/faultline/mutants) holds:
#   src/           the source, unpacked once from $MUTANTS_TARBALL
#   build/stock/   the stock build tree (make O=), config from
#                  tinyconfig + ci/mutants/qemu.config
#   build/NAME/    a mutant's build tree: a copy of build/stock, built
#                  again with the patch applied to src/ (then reverted),
#                  so only what the patch touches is compiled
#   build/*/.faultline-stamp   what the tree was built from
#   times.txt      seconds each build took, appended
# Each build tree works with `faultline vm --kernel build/NAME`.
# ccache is used when present, with CCACHE_DIR defaulting to
# ~/.cache/faultline/ccache and CCACHE_BASEDIR set to the
# cache (see bench/bisect-tree.sh).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
cache=${MUTANTS_CACHE:-$HOME/.cache/faultline/mutants}
tarball=${MUTANTS_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
jobs=${MUTANTS_JOBS:-$(nproc)}
src=$cache/src

say() { echo "mutants: $*" >&2; }
die() { say "$*"; exit 1; }

sh "$here/deps.sh"
mkdir -p "$cache/build"

# the source, once; a patch left applied by an interrupted run is undone
if [ ! -f "$src/Makefile" ]; then
	[ -r "$tarball" ] || die "no $tarball (apt-get install linux-source-6.12)"
	say "unpacking $tarball into $src"
	rm -rf "$cache/src.tmp"
	mkdir -p "$cache/src.tmp"
	tar -xJf "$tarball" -C "$cache/src.tmp"
	mv "$cache/src.tmp"/linux-source-* "$src"
	rmdir "$cache/src.tmp"
fi
if [ -f "$src/.faultline-applied" ]; then
	p=$(cat "$src/.faultline-applied")
	say "reverting $p, left applied by an earlier run"
	(cd "$src" && patch -p1 -R -s < "$p")
	rm -f "$src/.faultline-applied"
fi

cc=gcc
if command -v ccache > /dev/null; then
	cc="ccache gcc"
	export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/faultline/ccache}"
	# paths under the cache are hashed relative to the build tree, so
	# that bench/bisect-tree.sh's build (bisect/build/obj on the copy
	# bisect/src: the same ../../src) hits what these builds stored
	export CCACHE_BASEDIR="$(cd "$cache" && pwd)" CCACHE_NOHASHDIR=1
	mkdir -p "$CCACHE_DIR"
fi

sum() { cat "$@" | sha256sum | cut -c1-16; }
# the config fragment, and the tarball by its size and mtime
stock_stamp="$(sum "$here/qemu.config")-$(stat -c %s-%Y "$tarball")"

make_k() {	# make_k DIR: build the bzImage in build tree DIR
	make -s -C "$src" O="$1" -j"$jobs" CC="$cc" bzImage
}

built() {	# built NAME STAMP: is build/NAME up to date?
	[ -f "$cache/build/$1/arch/x86/boot/bzImage" ] &&
		[ "$(cat "$cache/build/$1/.faultline-stamp" 2> /dev/null)" = "$2" ]
}

timed() {	# timed NAME CMD...: run, append the seconds to times.txt
	n=$1
	shift
	t0=$(date +%s)
	"$@" || return $?
	t=$(($(date +%s) - t0))
	echo "$(date -u +%FT%TZ) $n ${t}s jobs=$jobs" >> "$cache/times.txt"
	say "$n built in ${t}s"
}

config_stock() {
	d=$cache/build/stock
	rm -rf "$d"
	mkdir -p "$d"
	make -s -C "$src" O="$d" tinyconfig > /dev/null
	(cd "$src" && ./scripts/kconfig/merge_config.sh -O "$d" \
		"$d/.config" "$here/qemu.config") > "$d/merge.log" 2>&1
	# every line of the fragment must have survived alldefconfig
	bad=0
	for l in $(grep "^CONFIG_" "$here/qemu.config" | tr -d " "); do
		grep -qxF "$l" "$d/.config" || { say "not in .config: $l"; bad=1; }
	done
	[ $bad = 0 ] || die "ci/mutants/qemu.config does not hold (see $d/.config)"
}

build_stock() {
	if built stock "$stock_stamp"; then
		return
	fi
	config_stock
	timed stock make_k "$cache/build/stock"
	echo "$stock_stamp" > "$cache/build/stock/.faultline-stamp"
}

build_mutant() {	# build_mutant PATCH
	p=$1
	n=$(basename "$p" .patch)
	d=$cache/build/$n
	stamp="$stock_stamp-$(sum "$p")"
	if built "$n" "$stamp"; then
		return
	fi
	(cd "$src" && patch -p1 --dry-run -s < "$p") ||
		die "$n does not apply to $src"
	rm -rf "$d"
	cp -a "$cache/build/stock" "$d"
	rm -f "$d/.faultline-stamp"
	echo "$p" > "$src/.faultline-applied"
	(cd "$src" && patch -p1 -s < "$p")
	rc=0
	timed "$n" make_k "$d" || rc=$?
	(cd "$src" && patch -p1 -R -s < "$p")
	rm -f "$src/.faultline-applied"
	[ $rc = 0 ] || die "$n does not build (make -C $src O=$d)"
	echo "$stamp" > "$d/.faultline-stamp"
}

want=${*:-all}
build_stock
for p in "$here"/*.patch; do
	n=$(basename "$p" .patch)
	case " $want " in
	*" all "* | *" $n "*) build_mutant "$p" ;;
	esac
done
