#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The Debian 12 packages `make mutants` needs on top of ci/deps.sh: the
# kernel source and what building it takes. Installed the same way as
# ci/deps.sh: as root apt-get installs what is missing; otherwise the
# command is printed and this fails.
set -eu

PKGS="linux-source-6.12 build-essential bc flex bison libelf-dev libssl-dev
cpio kmod xz-utils patch ccache qemu-system-x86 xfsprogs jq"

missing=""
for p in $PKGS; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$st" in
	*" installed") ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0

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
