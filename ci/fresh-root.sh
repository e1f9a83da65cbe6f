#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Prove the README commands on a machine that has nothing: build a minimal
# Debian 12 root (debootstrap --variant=minbase, plus make and git, as the
# smallest machine a developer could start from), clone this project's
# HEAD into it and run `make check` and `make run` there as root, in a
# private mount namespace and PID namespace. The root is removed
# afterwards, whatever happened; SIGINT, SIGTERM or SIGHUP end every
# process started in it first (SIGKILL too, but then the directory stays).
# The pristine root is cached so the next run skips debootstrap.
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
	-h|--help) sed -n '3,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
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
ns=""
# Everything started inside the root runs in its own PID namespace under
# unshare (below): SIGKILL to unshare ends it all. Not SIGTERM: unshare
# ignores it while it waits, and so does the namespace's PID 1 (the
# chroot's sh), which has no handler. --kill-child hands the KILL to PID
# 1, the kernel to every other process of the namespace, and the mounts
# go with the mount namespace's last process. Then wait until no process
# is left in the root (at most 10 s), so that rm -rf does not race it.
stop_root() {
	[ -n "$ns" ] || return 0
	kill -KILL "$ns" 2> /dev/null || true
	wait "$ns" 2> /dev/null || true
	ns=""
	i=0
	while [ $i -lt 100 ] && in_root; do
		sleep 0.1
		i=$((i + 1))
	done
}
# in_root: some process still has the root as its root directory
in_root() {
	for p in /proc/[0-9]*; do
		[ "$(readlink "$p/root" 2> /dev/null)" = "$root" ] && return 0
	done
	return 1
}
cleanup() {
	stop_root
	# tee: at EOF once the root's processes are gone; or still waiting
	# for a writer if the signal came before unshare started
	[ -z "${tee_pid:-}" ] || kill "$tee_pid" 2> /dev/null || true
	rm -f "$root.out"
	[ "$keep" -eq 1 ] && { echo "faultline: fresh-root: kept $root" >&2; return; }
	rm -rf "$root"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

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

# Inside a private mount namespace and a PID namespace: everything mounted
# here vanishes with it, so nothing is left on the host even if a test
# leaves a mount, and every process started in the root ends with it
# (stop_root). setpriv: unshare is killed with this script, even by
# SIGKILL. In the background, so that a signal's trap runs at once (sh
# runs traps only between commands, and wait is one).
mkfifo "$root.out"
tee -a "$log" < "$root.out" &
tee_pid=$!
setpriv --pdeathsig KILL unshare --pid --fork --kill-child -m \
	--propagation private /bin/sh -eu -c '
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
' sh "$root" "$extra_ca" $targets > "$root.out" 2>&1 &
ns=$!
rc=0
wait "$ns" || rc=$?
ns=""
wait "$tee_pid" || true
tee_pid=""
[ "$rc" -eq 0 ] || rc=1
echo "faultline: fresh-root: targets:$targets: $([ $rc -eq 0 ] && echo pass || echo FAIL)" | tee -a "$log"
exit $rc
