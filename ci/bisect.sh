#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# ci/bisect.sh - bisect a fault-path regression over a kernel tree:
# build each commit, boot it with `faultline vm`, step with
# `faultline bisect-step`, let `git bisect run` drive.
#
#   ci/bisect.sh --tree DIR --good COMMIT --bad COMMIT
#                --metric WORKLOAD/METRIC --case 'RUN-OPTIONS SPEC'
#                [--config FILE] [--good-run RUN] [--jobs N]
#                [-- BISECT-STEP-OPTIONS]
#
# --case is what to measure: faultline run options, then the workload,
# e.g. '-t 2 -r 5 giant_vma:writer=mmap'.
# Without --good-run the script first builds GOOD, boots it and records
# the reference run (results/bisect-good). --config is the .config to
# build with (default: the tree's own; olddefconfig fills the rest).
# A commit that does not build, or whose image does not boot, is
# skipped (125); an unstable measurement is skipped too. Options after
# -- go to bisect-step: --threshold, --cov-limit, --accel, --append...
# Example:
#   ci/bisect.sh --tree ~/linux --good v6.6 --bad v6.7 \
#     --metric giant_vma/faults_per_sec \
#     --case '-t 2 -d 5 -r 5 giant_vma:writer=mmap' \
#     --config /boot/config-$(uname -r) -- --threshold 5
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
FL=${FAULTLINE:-$top/faultline}
tree= good= bad= metric= case= config= goodrun=
jobs=$(nproc)

die() {
	echo "faultline: bisect: $*" >&2
	exit 2
}

while [ $# -gt 0 ]; do
	case $1 in
	--tree|--good|--bad|--metric|--case|--config|--good-run|--jobs)
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
	-h|--help) sed -n '3,26p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	--) shift; break ;;
	*) die "unknown option '$1' (try ci/bisect.sh --help)" ;;
	esac
done
[ -n "$tree" ] && [ -n "$good" ] && [ -n "$bad" ] && [ -n "$metric" ] ||
	die "needs --tree, --good, --bad and --metric"
[ -n "$goodrun" ] || [ -n "$case" ] || die "needs --case or --good-run"
[ -x "$FL" ] || die "$FL not built (run make)"
git -C "$tree" rev-parse --verify -q "$good^{commit}" > /dev/null 2>&1 ||
	die "$good is not a commit in $tree"
git -C "$tree" rev-parse --verify -q "$bad^{commit}" > /dev/null 2>&1 ||
	die "$bad is not a commit in $tree"
[ -z "$config" ] || [ -r "$config" ] || die "cannot read $config"
config=${config:+$(cd "$(dirname "$config")" && pwd)/$(basename "$config")}

work=$(mktemp -d /tmp/faultline-bisect.XXXXXX)
out=$top/results

# build.sh: build the checked-out commit; exit 125 when it does not build
cat > "$work/build.sh" <<EOT
#!/bin/sh
cd "$tree" || exit 128
[ -n "$config" ] && cp "$config" .config
make olddefconfig > "$work/build.log" 2>&1 &&
make -j$jobs bzImage >> "$work/build.log" 2>&1 || {
	echo "bisect: \$(git rev-parse --short HEAD) does not build" >&2
	exit 125
}
EOT

# step.sh: one `git bisect run` step
cat > "$work/step.sh" <<EOT
#!/bin/sh
sh "$work/build.sh" || exit \$?
exec "$FL" bisect-step --good "\${GOODRUN}" --metric "$metric" \\
	--kernel "$tree/arch/x86/boot/bzImage" -o "$out/bisect" $*
EOT

if [ -z "$goodrun" ]; then
	echo "bisect: recording the reference run on $good" >&2
	git -C "$tree" checkout -q "$good" || die "cannot check out $good"
	sh "$work/build.sh" || die "$good does not build: $work/build.log"
	# shellcheck disable=SC2086
	"$FL" vm --kernel "$tree/arch/x86/boot/bzImage" -o "$out" \
		-n "bisect-good-$(date -u +%Y%m%d-%H%M%S)" -- $case ||
		die "the reference run on $good failed"
	goodrun=$(ls -d "$out"/bisect-good-* | tail -n 1)
fi
export GOODRUN="$goodrun"
# a bad step command would make every commit 'bad': check it once
"$FL" compare "$goodrun" "$goodrun" > /dev/null ||
	die "$goodrun is not a usable run directory"

cd "$tree" || die "cannot cd to $tree"
git bisect start "$bad" "$good" || die "git bisect start failed"
git bisect run sh "$work/step.sh"
rc=$?
git bisect log > "$work/bisect.log"
git bisect reset -q
echo "bisect: log in $work/bisect.log, step runs in $out/bisect" >&2
exit $rc
