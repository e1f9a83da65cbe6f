#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Install the Debian 12 packages faultline needs, or say exactly how to.
# As root: apt-get installs what is missing. Otherwise: print the command
# and fail, so that nothing half-works (ci/apt-install.sh). Then the npm
# packages the tests use, into .cache/npm (ci/npm-deps.sh).
set -eu
ci=$(dirname "$0")

PKGS="build-essential pkg-config libhwloc-dev libnuma-dev libjson-c-dev
libgsl-dev libsqlite3-dev libcmocka-dev zlib1g-dev libssl-dev hwloc numactl
stress-ng fio qemu-system-x86 busybox-static cpio xfsprogs e2fsprogs
util-linux procps kmod xz-utils git jq libxml2-utils gnuplot-nox chromium
sqlite3 strace linux-perf"

# JSON Schema checks (tests/sh/81-export-kcidb.sh) run ajv on node: Debian's
# nodejs and npm, unless a node with its own npm is there already.
command -v node > /dev/null && command -v npm > /dev/null ||
	PKGS="$PKGS nodejs npm"
# shellcheck disable=SC2086
sh "$ci/apt-install.sh" $PKGS
exec sh "$ci/npm-deps.sh"
