#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# bench/races-vm.sh - the race suite must never fail a correct kernel:
# configs/races.suite in `faultline vm` under TCG, with its files on the
# guest's tmpfs (the suite's default) and on an NVMe scratch disk of each
# filesystem, several runs, on Debian's 6.1 (no per-VMA locks) and 6.12
# cloud kernels and, if built, the stock kernel of `make mutants` (a small
# config without X86_MCE: the build the COW false alarm was seen on).
# Prints a table kernel x filesystem x run -> ok / not ok (cases).
#
#   sh bench/races-vm.sh
#   RUNS=1 FSES="tmpfs xfs" KERNELS=6.12 DUR=2 sh bench/races-vm.sh
#
# KERNELS: 6.1, 6.12, stock, or paths of images or build trees
# (default: 6.1 6.12 stock). FSES: where the files live: tmpfs (the
# suite as it is), xfs, ext4 (a scratch disk) (default all). RUNS: 3.
# SUITE: another suite file. DUR: seconds per case (default: the
# suite's own). Run directories stay
# in $OUT (default results/), one per kernel, filesystem and run. Exit 0
# only if every run is ok.
#
# Under TCG on a loaded host a vCPU thread can go unscheduled for 20-30 s
# (the guest then logs "clocksource: Long readout interval"), and the
# guest's RCU stall detector (21 s in Debian's configs and the stock one)
# reports a stall that is the host's, which fails the case running then.
# The guests get rcupdate.rcu_cpu_stall_timeout=$STALL (120 s; the kernel
# clamps it at 300): a real stall lasts, so it is still reported, and a
# case stuck in one trips its watchdog (--timeout) as well.
set -u
cd "$(dirname "$0")/.."
FL=${FL:-./faultline}
OUT=${OUT:-results}
RUNS=${RUNS:-3}
FSES=${FSES:-tmpfs xfs ext4}
KERNELS=${KERNELS:-6.1 6.12 stock}
SUITE=${SUITE:-configs/races.suite}
STALL=${STALL:-120}
CACHE=${FAULTLINE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/faultline}
stamp=$(date -u +%Y%m%d-%H%M%S)
T=$(mktemp -d /tmp/faultline-bench.XXXXXX)
trap 'rm -rf "$T"' EXIT
trap 'exit 130' INT TERM
cp "$FL" "$T/faultline" || exit 1
FL=$T/faultline

# image NAME: the kernel image or build tree to boot, or nothing
image() {
	case $1 in
	6.1|6.12) sh ci/kernels.sh "$1" 2> "$T/fetch" | tail -n 1 ;;
	stock) [ -e "$CACHE/mutants/build/stock/arch/x86/boot/bzImage" ] &&
		echo "$CACHE/mutants/build/stock" ;;
	*) [ -e "$1" ] && echo "$1" ;;
	esac
}

# modules IMAGE FS: for a Debian image (.../boot/vmlinuz-REL) whose FS is
# a module, a directory with the module and what it depends on (modinfo),
# decompressed (faultline vm --modules takes plain .ko files)
modules() {
	case $1 in */boot/vmlinuz-*) ;; *) return 0 ;; esac
	rel=${1##*/vmlinuz-}
	tree=${1%/boot/*}/lib/modules/$rel/kernel
	grep -q "^CONFIG_$(echo "$2" | tr a-z A-Z)_FS=m" \
		"${1%/vmlinuz-*}/config-$rel" 2> /dev/null || return 0
	d=$T/mods-$rel-$2
	rm -rf "$d"
	mkdir -p "$d"
	todo=$2
	while [ -n "$todo" ]; do
		set -- $todo
		m=$1; shift; todo=$*
		f=$(find "$tree" -name "$m.ko" -o -name "$m.ko.xz" | head -n 1)
		[ -n "$f" ] || { echo "bench: no module $m in $tree" >&2; return 1; }
		case $f in
		*.xz) xz -dc "$f" > "$d/$m.ko" ;;
		*) cp "$f" "$d/$m.ko" ;;
		esac
		todo="$todo $(modinfo -F depends "$f" | tr , ' ')"
		todo=$(echo $todo)
	done
	echo "--modules $d"
}

# the suite with every case's files on the scratch disk
grep -v -e '^#' -e '^[[:space:]]*$' "$SUITE" |
	awk '{ sep = index($1, ":") ? "," : ":"; $1 = $1 sep "dir=/mnt/disk";
	       print }' > "$T/disk.suite"

dur=""
[ -n "${DUR:-}" ] && dur="-d $DUR"
fails=0
printf '%-32s %-6s %-4s %s\n' kernel files run result > "$T/table"
for k in $KERNELS; do
	img=$(image "$k")
	if [ -z "$img" ]; then
		printf '%-32s %s\n' "$k" "not available (skipped)" >> "$T/table"
		continue
	fi
	for fs in $FSES; do
		# tmpfs: the suite as it is; a disk: its files on /mnt/disk
		suite=$T/disk.suite disk="--disk $fs:1G $(modules "$img" "$fs")"
		[ "$fs" = tmpfs ] && suite=$SUITE disk=""
		run=1
		while [ "$run" -le "$RUNS" ]; do
			n="races-vm-$stamp-$(basename "$k")-$fs-$run"
			t0=$(date +%s)
			# shellcheck disable=SC2086
			"$FL" vm --kernel "$img" --accel tcg --cpus 2 --mem 2G \
				--append "rcupdate.rcu_cpu_stall_timeout=$STALL" \
				$disk -o "$OUT" -n "$n" -- -q $dur -c "$suite" \
				> "$T/log" 2>&1
			rc=$?
			secs=$(($(date +%s) - t0))
			k_out="$OUT/$n/ktap.txt"
			bad=$(grep '^not ok' "$k_out" 2> /dev/null |
			      sed 's/^not ok [0-9]* //; s/ #.*//' | tr '\n' ' ')
			total=$(grep -c '^\(not \)\{0,1\}ok ' "$k_out" 2> /dev/null)
			case $rc in
			0) res="ok (${total:-0} cases, ${secs}s)" ;;
			1) res="NOT OK: $bad" ;;
			*) res="ERROR (vm exit $rc): $(tail -n 1 "$T/log")" ;;
			esac
			[ $rc -eq 0 ] || fails=$((fails + 1))
			printf '%-32s %-6s %-4s %s\n' "$(basename "$k")" "$fs" \
				"$run" "$res" | tee -a "$T/table" >&2
			run=$((run + 1))
		done
	done
done
cat "$T/table"
echo "# $fails run(s) not ok; run directories: $OUT/races-vm-$stamp-*"
[ "$fails" -eq 0 ]
