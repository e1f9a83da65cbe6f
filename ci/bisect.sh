#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# ci/bisect.sh - bisect a fault-path regression over a kernel tree:
# build each commit, boot it with `faultline vm`, step with
# `faultline bisect-step`, let `git bisect run` drive.
#
#   ci/bisect.sh --tree DIR --good COMMIT --bad COMMIT
#                --metric WORKLOAD/METRIC --case 'RUN-OPTIONS SPEC'
#                [--config FILE] [--objdir DIR] [--cc CC] [--vm 'OPTIONS']
#                [--good-run RUN] [--output DIR] [--jobs N]
#                [-- BISECT-STEP-OPTIONS]
#
# --case is what to measure: faultline run options, then the workload,
# e.g. '-t 2 -r 5 giant_vma:writer=mmap'. --metric WORKLOAD/status
# bisects a race bug: bad is the case failing (a checker's violation),
# whatever its metrics do (faultline bisect-step --help).
# Without --good-run the script first builds GOOD, boots it and records
# the reference run (OUTPUT/bisect-good-*). Then it builds BAD and steps
# it once: a BAD that is not bad stops the script before bisecting
# (git bisect would otherwise name BAD's commit whatever the kernels do).
# --config is the .config to build with (default: the tree's own;
# olddefconfig fills the rest). --objdir builds with make O=DIR, the
# tree left clean; --cc is make's CC (e.g. 'ccache gcc'). --vm adds
# faultline vm options (split at spaces) to the reference run and to
# every step, e.g. '--accel tcg --cpus 2 --mem 2G'. --output (default
# results) holds the reference run and the steps (OUTPUT/bisect).
# A commit that does not build, or whose image does not boot, is
# skipped (125); an unstable measurement is skipped too. Options after
# -- go to bisect-step: --threshold, --cov-limit, --accel, --append...
# At the end: the first bad commit, and the builds' and boots' seconds.
# Exit: git bisect run's status (0 when it named a commit), 1 when GOOD
# or BAD could not be built, run or checked, 2 on bad usage.
# Example:
#   ci/bisect.sh --tree ~/linux --good v6.6 --bad v6.7 \
#     --metric giant_vma/faults_per_sec \
#     --case '-t 2 -d 5 -r 5 giant_vma:writer=mmap' \
#     --config /boot/config-$(uname -r) -- --threshold 5
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
FL=${FAULTLINE:-$top/faultline}
tree= good= bad= metric= case= config= goodrun= objdir= cc= vmopts=
out=$top/results
jobs=$(nproc)

die() {
	echo "faultline: bisect: $*" >&2
	exit 2
}
stop() {	# a failure that is no usage error
	echo "faultline: bisect: $*" >&2
	exit 1
}
abspath() {	# abspath PATH: PATH from /, its directory must exist
	echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
}

while [ $# -gt 0 ]; do
	case $1 in
	--tree|--good|--bad|--metric|--case|--config|--good-run|--jobs|\
	--objdir|--cc|--vm|--output)
		[ $# -ge 2 ] || die "$1 needs a value" ;;
	esac
	case $1 in
	--tree) tree=$2; shift 2 ;;
	--good) good=$2; shift 2 ;;
	--bad) bad=$2; shift 2 ;;
	--metric) metric=$2; shift 2 ;;
	--case) case=$2; shift 2 ;;
	--config) config=$2; shift 2 ;;
	--good-run) goodrun=$2; shift 2 ;;
	--jobs) jobs=$2; shift 2 ;;
	--objdir) objdir=$2; shift 2 ;;
	--cc) cc=$2; shift 2 ;;
	--vm) vmopts=$2; shift 2 ;;
	--output) out=$2; shift 2 ;;
	-h|--help) sed -n '3,37p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	--) shift; break ;;
	*) die "unknown option '$1' (try ci/bisect.sh --help)" ;;
	esac
done
[ -n "$tree" ] && [ -n "$good" ] && [ -n "$bad" ] && [ -n "$metric" ] ||
	die "needs --tree, --good, --bad and --metric"
[ -n "$goodrun" ] || [ -n "$case" ] || die "needs --case or --good-run"
case $jobs in
''|*[!0-9]*|0) die "--jobs: a positive number, not '$jobs'" ;;
esac
[ -x "$FL" ] || die "$FL not built (run make)"
git -C "$tree" rev-parse --verify -q "$good^{commit}" > /dev/null 2>&1 ||
	die "$good is not a commit in $tree"
git -C "$tree" rev-parse --verify -q "$bad^{commit}" > /dev/null 2>&1 ||
	die "$bad is not a commit in $tree"
[ -z "$config" ] || [ -r "$config" ] || die "cannot read $config"
[ -z "$goodrun" ] || [ -d "$goodrun" ] || die "no run directory $goodrun"
config=${config:+$(abspath "$config")}
tree=$(cd "$tree" && pwd)
mkdir -p "$out" || die "cannot create $out"
out=$(cd "$out" && pwd)
if [ -n "$objdir" ]; then
	mkdir -p "$objdir" || die "cannot create $objdir"
	objdir=$(cd "$objdir" && pwd)
fi
image=${objdir:-$tree}/arch/x86/boot/bzImage

work=$(mktemp -d "${TMPDIR:-/tmp}/faultline-bisect.XXXXXX")
: > "$work/times.txt"

# env.sh: what the two scripts below need, each value single-quoted
q() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }
{
	for v in FL tree objdir cc config jobs out image metric vmopts; do
		eval "echo $v=\$(q \"\$$v\")"
	done
	echo "stepopts=$(q "$*")"
	echo "work=$(q "$work")"
} > "$work/env.sh"

# build.sh: build the checked-out commit; exit 125 when it does not build
cat > "$work/build.sh" <<'EOT'
#!/bin/sh
. "$(dirname "$0")/env.sh"
cd "$tree" || exit 128
set -- ${objdir:+O=$objdir}
[ -z "$cc" ] || set -- "$@" CC="$cc"
dir=${objdir:-.}
if [ -n "$config" ] && ! cmp -s "$config" "$dir/.config"; then
	cp "$config" "$dir/.config"
fi
t0=$(date +%s)
make "$@" olddefconfig > "$work/build.log" 2>&1 &&
	make "$@" -j"$jobs" bzImage >> "$work/build.log" 2>&1
rc=$?
echo "build $(git rev-parse --short HEAD) $(($(date +%s) - t0)) $rc" \
	>> "$work/times.txt"
[ $rc = 0 ] || {
	echo "bisect: $(git rev-parse --short HEAD) does not build" >&2
	exit 125
}
EOT

# step.sh: one `git bisect run` step (the check of BAD too)
cat > "$work/step.sh" <<'EOT'
#!/bin/sh
. "$(dirname "$0")/env.sh"
sh "$work/build.sh" || exit $?
set --
for a in $vmopts; do
	set -- "$@" --vm-arg="$a"
done
t0=$(date +%s)
# shellcheck disable=SC2086
"$FL" bisect-step --good "$GOODRUN" --metric "$metric" \
	--kernel "$image" -o "$out/bisect" "$@" $stepopts
rc=$?
echo "boot $(git rev-parse --short HEAD) $(($(date +%s) - t0)) $rc" \
	>> "$work/times.txt"
exit $rc
EOT

cd "$tree" || die "cannot cd to $tree"
# leave the tree as it was found: on its branch, no bisection
orig=$(git symbolic-ref -q --short HEAD || git rev-parse HEAD)
# and, whatever happened, the result and the time spent
restore() {
	[ -s "$work/run.log" ] && git bisect log > "$work/bisect.log" 2> /dev/null
	git bisect reset > /dev/null 2>&1
	git checkout -q "$orig" 2> /dev/null
	first=$(sed -n 's/^\([0-9a-f]\{40\}\) is the first bad commit$/\1/p' \
		"$work/run.log" 2> /dev/null)
	awk -v first="${first:-none}" '
		{ n[$1]++; s[$1] += $3 }
		END { printf "bisect: first bad commit %s; builds %d, %d s; boots %d, %d s\n",
			first, n["build"], s["build"], n["boot"], s["boot"] }
	' "$work/times.txt" >&2
	echo "bisect: logs in $work, step runs in $out/bisect" >&2
}
trap restore EXIT
trap 'exit 130' INT TERM
if [ -z "$goodrun" ]; then
	echo "bisect: recording the reference run on $good" >&2
	git checkout -q "$good" || stop "cannot check out $good"
	sh "$work/build.sh" || stop "$good does not build: $work/build.log"
	name=bisect-good-$(date -u +%Y%m%d-%H%M%S)
	t0=$(date +%s)
	# shellcheck disable=SC2086
	"$FL" vm --kernel "$image" $vmopts -o "$out" -n "$name" -- $case >&2
	rc=$?
	echo "boot $(git rev-parse --short HEAD) $(($(date +%s) - t0)) $rc" \
		>> "$work/times.txt"
	[ $rc = 0 ] || stop "the reference run on $good failed (exit $rc)"
	goodrun=$out/$name
fi
export GOODRUN="$goodrun"
# a bad step command would make every commit 'bad': check it once
"$FL" compare "$goodrun" "$goodrun" > /dev/null ||
	die "$goodrun is not a usable run directory"

# BAD must be bad, or git bisect names its commit whatever happens
echo "bisect: checking that $bad is bad" >&2
git checkout -q "$bad" || stop "cannot check out $bad"
sh "$work/step.sh"
rc=$?
[ $rc = 1 ] || stop "$bad did not step bad (exit $rc): nothing to bisect"

git bisect start "$bad" "$good" || stop "git bisect start failed"
{
	git bisect run sh "$work/step.sh"
	echo $? > "$work/rc"
} 2>&1 | tee "$work/run.log"
rc=$(cat "$work/rc")
exit $rc
