#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Install the Debian 12 packages faultline needs, or say exactly how to.
# As root: apt-get installs what is missing. Otherwise: print the command
# and fail, so that nothing half-works.
set -eu

PKGS="build-essential pkg-config libhwloc-dev libnuma-dev libjson-c-dev
libgsl-dev libsqlite3-dev libcmocka-dev zlib1g-dev libssl-dev hwloc numactl
stress-ng fio qemu-system-x86 busybox-static cpio xfsprogs e2fsprogs
util-linux procps kmod xz-utils git jq libxml2-utils gnuplot-nox chromium"

missing=""
for p in $PKGS; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$st" in
	*" installed") ;;
	*) missing="$missing $p" ;;
	esac
done
# JSON Schema checks (tests/sh/81-export-kcidb.sh) run ajv on node: Debian's
# nodejs and npm, unless a node with its own npm is there already.
command -v node > /dev/null && command -v npm > /dev/null ||
	missing="$missing nodejs npm"
[ -z "$missing" ] && exec sh "$(dirname "$0")/npm-deps.sh"

cmd="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" -ne 0 ]; then
	echo "faultline: missing packages:$missing" >&2
	echo "faultline: run: sudo apt-get update && sudo $cmd" >&2
	exit 1
fi
echo "faultline: installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >&2
exec sh "$(dirname "$0")/npm-deps.sh"
