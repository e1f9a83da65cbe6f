#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Fetch Debian's cloud kernels into faultline's cache, never into /boot:
# `apt-get download` the package, `dpkg-deb -x` it into
#   $CACHE/kernels/PACKAGE/{boot/vmlinuz-REL,boot/config-REL,lib/modules/REL}
# and print the image's path, one line per SERIES asked for.
#
#   sh ci/kernels.sh [SERIES...]	SERIES: 6.1 (default: 6.1 6.12)
#
# 6.1 has no per-VMA locks; 6.12 has them. The newest package of each
# series that apt can fetch is taken. Works as root (runs apt-get update
# when apt knows no such package yet or its lists are stale) and as a
# user (needs the lists). If nothing can be fetched, the newest package
# of the series already in the cache is used. As root, apt warns that it
# downloads "unsandboxed": harmless, the cache is not _apt's to write.
set -eu

CACHE=${FAULTLINE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/faultline}
KDIR=$CACHE/kernels

die() { echo "faultline: kernels: $*" >&2; exit 1; }

# pattern SERIES: the package-name regex of that series
pattern() {
	case $1 in
	6.1) echo '^linux-image-6\.1\.0-[0-9]+-cloud-amd64-unsigned$' ;;
	6.12) echo '^linux-image-6\.12\.[0-9.]+\+deb12-cloud-amd64-unsigned$' ;;
	*) echo "faultline: kernels: unknown series '$1' (6.1 or 6.12)" >&2
	   exit 2 ;;
	esac
}

# candidates SERIES: package names, newest first
candidates() {
	apt-cache search --names-only 'cloud-amd64-unsigned' 2>/dev/null |
		cut -d' ' -f1 | grep -E "$(pattern "$1")" | sort -rV || true
}

updated=0
newest() {
	names=$(candidates "$1")
	if [ -z "$names" ] && [ "$updated" -eq 0 ] && [ "$(id -u)" -eq 0 ]; then
		echo "faultline: kernels: apt-get update" >&2
		apt-get update -qq >&2 || die "apt-get update failed"
		updated=1
		names=$(candidates "$1")
	fi
	[ -n "$names" ] || die "apt knows no $1 cloud kernel" \
		"(run: apt-get update)"
	for n in $names; do
		c=$(apt-cache policy "$n" | sed -n 's/^ *Candidate: //p')
		[ -n "$c" ] && [ "$c" != "(none)" ] && { echo "$n"; return; }
	done
	die "no $1 cloud kernel can be fetched"
}

# unpack PACKAGE: download it and unpack it into the cache, or fail
unpack() {
	tmp=$(mktemp -d "$KDIR/.fetch.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT INT TERM
	ok=1
	if (cd "$tmp" && apt-get download -q "$1" >&2) &&
	   mkdir -p "$tmp/x" && dpkg-deb -x "$tmp"/*.deb "$tmp/x"; then
		touch "$tmp/x/.complete"
		# another fetch may have finished first: keep its copy
		[ -f "$KDIR/$1/.complete" ] || {
			rm -rf "${KDIR:?}/$1"
			mv "$tmp/x" "$KDIR/$1"
		}
		ok=0
	fi
	rm -rf "$tmp"
	trap - EXIT INT TERM
	return $ok
}

# cached SERIES: the newest complete package of SERIES already here
cached() {
	ls "$KDIR" | grep -E "$(pattern "$1")" | sort -rV |
		while read -r p; do
			[ -f "$KDIR/$p/.complete" ] && { echo "$p"; break; }
		done
}

image() {
	img=$(ls "$KDIR/$1"/boot/vmlinuz-* 2>/dev/null | head -n 1)
	[ -n "$img" ] || die "$1 holds no boot/vmlinuz-*"
	echo "$img"
}

mkdir -p "$KDIR"
[ $# -gt 0 ] || set -- 6.1 6.12
for s in "$@"; do
	pattern "$s" > /dev/null
	pkg=$(newest "$s") || pkg=
	if [ -n "$pkg" ] && [ -f "$KDIR/$pkg/.complete" ]; then
		:
	elif [ -n "$pkg" ] && unpack "$pkg"; then
		:
	elif [ "$(id -u)" -eq 0 ] && apt-get update -qq >&2 &&
	     pkg=$(newest "$s") && unpack "$pkg"; then
		:	# the package lists were stale
	else
		pkg=$(cached "$s")
		[ -n "$pkg" ] || die "cannot fetch a $s cloud kernel"
		echo "faultline: kernels: cannot fetch, using cached $pkg" >&2
	fi
	image "$pkg"
done
