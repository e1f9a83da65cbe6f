#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The Debian 12 packages that only the hardening targets need (make asan,
# ubsan, fuzz, analyze; docs/hardening.md): clang for libFuzzer, cppcheck,
# valgrind, sqlite3 (the CLI: tests/data/history-v0.sql). make check does
# not use this list. As root, install what is missing; else say how.
set -eu

PKGS="clang cppcheck valgrind sqlite3"
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
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >&2
