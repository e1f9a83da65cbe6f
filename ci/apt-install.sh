#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Install the Debian packages named that are missing, or say exactly how
# to: as root, apt-get installs them; otherwise the command is printed and
# this fails, so that nothing half-works. Used by ci/deps.sh,
# ci/deps-hardening.sh and ci/mutants/deps.sh.
#
#   sh ci/apt-install.sh PKG...
set -eu

missing=""
for p in "$@"; do
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
