#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Prove the README commands on a machine that has nothing: build a minimal
# Debian 12 root (debootstrap --variant=minbase, plus make and git, as the
# smallest machine a developer could start from), clone this project's
# HEAD into it and run `make check` and `make run` there as root, in a
# private mount namespace. The root is removed afterwards, whatever
# happened; the pristine root is cached so the next run skips debootstrap.
#
#   sh ci/fresh-root.sh [--keep] [TARGET...]	TARGET: make targets
#						(default: check run)
#
# Logs: the terminal, and $OUT/fresh-root.log (OUT defaults to results/).
# Exit: 0 every target passed, 1 one failed, 2 bad usage or not root.
set -eu

die() { echo "faultline: fresh-root: $*" >&2; exit 2; }

keep=0
targets=""
for a in "$@"; do
	case $a in
	--keep) keep=1 ;;
	-h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	-*) die "unknown option '$a'" ;;
	*) targets="$targets $a" ;;
	esac
done
[ -n "$targets" ] || targets="check run"
[ "$(id -u)" -eq 0 ] || die "must run as root (debootstrap, chroot, mounts)"
command -v debootstrap > /dev/null ||
	die "debootstrap is missing: apt-get install -y debootstrap"
command -v unshare > /dev/null || die "unshare (util-linux) is missing"

top=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${FAULTLINE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/faultline}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
base=$CACHE/fresh-root/bookworm-minbase
OUT=${OUT:-$top/results}
mkdir -p "$OUT"
log=$OUT/fresh-root.log

# The pristine root: debootstrap once, then kept read-only in the cache.
if [ ! -e "$base/.complete" ]; then
	rm -rf "$base"
	mkdir -p "$base"
	echo "faultline: fresh-root: debootstrap bookworm into $base" >&2
	debootstrap --variant=minbase bookworm "$base" "$MIRROR" > "$log" 2>&1 ||
		{ tail -n 20 "$log" >&2; rm -rf "$base"; exit 1; }
	touch "$base/.complete"
fi

root=$(mktemp -d /var/tmp/faultline-fresh.XXXXXX)
cleanup() {
	[ "$keep" -eq 1 ] && { echo "faultline: fresh-root: kept $root" >&2; return; }
	rm -rf "$root"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cp -a "$base/." "$root/"
cat > "$root/etc/apt/sources.list" <<EOF
deb $MIRROR bookworm main
deb $MIRROR bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
EOF
cp /etc/resolv.conf "$root/etc/resolv.conf" 2> /dev/null || true
# A network that re-signs TLS (a proxy with its own CA) is part of the
# machine, not of the project: its extra CA, if the host has one, goes with
# the root, as a machine on that network would have it.
extra_ca=""
if [ -n "${NODE_EXTRA_CA_CERTS:-}" ] && [ -f "$NODE_EXTRA_CA_CERTS" ]; then
	cp "$NODE_EXTRA_CA_CERTS" "$root/etc/host-extra-ca.crt"
	extra_ca="NODE_EXTRA_CA_CERTS=/etc/host-extra-ca.crt"
fi
git clone -q "$top" "$root/root/faultline"

# Inside a private mount namespace: everything mounted here vanishes with
# it, so nothing is left on the host even if a test leaves a mount.
{
unshare -m --propagation private /bin/sh -eu -c '
	r=$1 ca=$2; shift 2
	mount -t proc proc "$r/proc"
	mount -t sysfs sys "$r/sys"
	mount -t cgroup2 cgroup2 "$r/sys/fs/cgroup" 2> /dev/null || true
	mount --rbind /dev "$r/dev"
	mount -t tmpfs -o mode=1777 shm "$r/dev/shm"
	mount -t tmpfs run "$r/run"
	exec chroot "$r" /usr/bin/env -i HOME=/root TERM=dumb LANG=C.UTF-8 $ca \
		PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		/bin/sh -c "
		set -e
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq
		apt-get install -y -qq --no-install-recommends make git > /dev/null
		cd /root/faultline
		for t in $*; do
			echo \"faultline: fresh-root: make \$t\"
			make \$t
		done"
' sh "$root" "$extra_ca" $targets || st=$?
echo "${st:-0}" > "$root.rc"
} 2>&1 | tee -a "$log"
rc=$(cat "$root.rc" 2> /dev/null || echo 1)
rm -f "$root.rc"
[ "$rc" -eq 0 ] || rc=1
echo "faultline: fresh-root: targets:$targets: $([ $rc -eq 0 ] && echo pass || echo FAIL)" | tee -a "$log"
exit $rc
