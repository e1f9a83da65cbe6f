#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# What only bench/lava.sh (make lava; docs/ci.md) needs, from Debian 12:
# - packages: lava-dispatcher (lava-run), j2cli (renders the device
#   dictionary: LAVA's device types are Jinja2 templates), cpio (the
#   guest's initramfs), busybox-static and jq (in the guest);
# - LAVA's device-type templates (base.jinja2, qemu.jinja2). They ship in
#   lava-server, whose dependencies (Django, PostgreSQL client, ...) a
#   dispatcher alone does not need: `apt-get download` it and keep
#   usr/share/lava-server/device-types in the cache, never installed.
# make check does not use this. As root, install what is missing; else
# say how. Prints the templates' directory.
set -eu
sh "$(dirname "$0")/apt-install.sh" lava-dispatcher j2cli cpio \
	busybox-static jq

CACHE=${FAULTLINE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/faultline}
dt=$CACHE/lava/device-types
if [ ! -f "$dt/qemu.jinja2" ]; then
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	# as root apt warns that it downloads "unsandboxed": harmless here
	(cd "$tmp" && apt-get download -q lava-server > /dev/null 2>&1) ||
		{ echo "faultline: apt-get download lava-server failed" >&2
		  exit 1; }
	dpkg-deb -x "$tmp"/lava-server_*.deb "$tmp/x"
	mkdir -p "$CACHE/lava"
	rm -rf "$dt"
	cp -r "$tmp/x/usr/share/lava-server/device-types" "$dt"
	dpkg-deb -f "$tmp"/lava-server_*.deb Version > "$dt/VERSION"
fi
echo "$dt"
