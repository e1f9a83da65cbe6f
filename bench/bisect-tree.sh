#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# bench/bisect-tree.sh - `make mutants`, after bench/mutants.sh:
# ci/bisect.sh on a real kernel tree. A git repository made from the
# unpacked linux-source-6.12 that ci/mutants/build.sh keeps in
# $MUTANTS_CACHE/src, with three commits:
#   1  stock
#   2  an unrelated change: a comment in kernel/sys.c (built in every
#      config, so the kernel rebuilds a little)
#   3  one mutant patch of ci/mutants/ (BISECT_MUTANT)
# ci/bisect.sh --good 1 --bad 3 --metric WORKLOAD/status builds each
# kernel it needs (the stock .config of build/stock; make O= and ccache)
# and boots it with `faultline vm` under TCG for one short race case
# (BISECT_CASE) that catches the mutant: a step is bad when that case
# fails with a checker's violation. The bench asserts that git bisect
# names commit 3, that the check of commit 3 failed with a violation and
# the step of commit 2 passed, and that the tree is left on its branch
# with no bisection. It prints a summary: line with the result, the
# seconds of builds and of boots, and ccache's hits.
#
# The repository and its build tree are kept in the cache:
#   $MUTANTS_CACHE/bisect/src        the repository (a plain copy of src,
#                                    made once; a hardlinked copy would be
#                                    changed under src by checkouts)
#   $MUTANTS_CACHE/bisect/build/obj  make O= tree of the bisection
#   $MUTANTS_CACHE/bisect/stamp      what the repository was made from
# They are made again only when the stamp (tarball, qemu.config, patch,
# the unrelated change) changes. ccache: CCACHE_BASEDIR is the cache, as
# in ci/mutants/build.sh, and bisect/build/obj sees the source at
# ../../src as build/stock does, so the first build of the bisection
# hits what the stock build stored.
#
# Environment: MUTANTS (set by make mutants; skipped without it),
# MUTANTS_CACHE, MUTANTS_JOBS, CCACHE_DIR (as ci/mutants/build.sh),
#   BISECT_MUTANT=06-mapfixed-stale-ptes
#   BISECT_CASE='-t 2 -m threads -d 4 -w 0 -r 1 --timeout 120 mapfixed_race'
#   BISECT_OUT=results/bisect-tree-TIME
# Exit: 0 the mutant's commit named, 1 not, 2 bad settings, 4 skipped.
set -eu
cd "$(dirname "$0")/.."
FL=${FL:-./faultline}

if [ -z "${MUTANTS:-}" ]; then
	echo "bench/bisect-tree.sh: skipped: builds and boots three kernels of a git tree (ci/bisect.sh); run make mutants or MUTANTS=1"
	exit 4
fi

say() { echo "bisect-tree: $*" >&2; }
die() { say "$*"; exit 1; }
usage() { echo "bench/bisect-tree.sh: $*" >&2; exit 2; }

cache=${MUTANTS_CACHE:-$HOME/.cache/faultline/mutants}
export MUTANTS_CACHE="$cache"
mutant=${BISECT_MUTANT:-06-mapfixed-stale-ptes}
case=${BISECT_CASE:--t 2 -m threads -d 4 -w 0 -r 1 --timeout 120 mapfixed_race}
out=${BISECT_OUT:-results/bisect-tree-$(date +%Y%m%d-%H%M%S)}
jobs=${MUTANTS_JOBS:-$(nproc)}
tarball=${MUTANTS_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
patch=ci/mutants/$mutant.patch
# the unrelated change: these lines after kernel/sys.c's SPDX line
unrelated_file=kernel/sys.c
unrelated_text='/* faultline bench/bisect-tree.sh: an unrelated change, a comment */'

[ -r "$patch" ] || usage "BISECT_MUTANT: no $patch"
[ -x "$FL" ] || usage "$FL not built (run make)"
# shellcheck disable=SC2086
set -- $case
[ $# -gt 0 ] || usage "BISECT_CASE is empty"
eval "spec=\${$#}"
wl=${spec%%:*}
"$FL" list | awk '/^[a-z_0-9]+ +(race|throughput) / { print $1 }' | grep -qx "$wl" ||
	usage "BISECT_CASE: no workload '$wl' (its last word is the workload)"
command -v git > /dev/null || usage "needs git"
command -v jq > /dev/null || usage "needs jq"

t_all=$(date +%s)
# src/ and build/stock (its .config is the one the bisection builds with)
sh ci/mutants/build.sh stock
cache=$(cd "$cache" && pwd)
src=$cache/src
config=$cache/build/stock/.config
[ -r "$config" ] || die "no $config after ci/mutants/build.sh stock"
[ ! -e "$src/.faultline-applied" ] || die "a patch is applied to $src"
t_stock=$(date +%s)

sum() { cat "$@" | sha256sum | cut -c1-16; }
bdir=$cache/bisect
repo=$bdir/src
obj=$bdir/build/obj
stamp="$(cat "$cache/build/stock/.faultline-stamp")-$(sum "$patch")-$(printf '%s %s' "$unrelated_file" "$unrelated_text" | sum)"
export GIT_AUTHOR_NAME=faultline GIT_AUTHOR_EMAIL=faultline@localhost \
	GIT_COMMITTER_NAME=faultline GIT_COMMITTER_EMAIL=faultline@localhost \
	GIT_AUTHOR_DATE=2026-01-01T00:00:00Z \
	GIT_COMMITTER_DATE=2026-01-01T00:00:00Z

make_repo() {
	rm -rf "$bdir"
	mkdir -p "$bdir/build"
	say "copying $src to $repo"
	cp -a "$src" "$bdir/src.tmp"
	mv "$bdir/src.tmp" "$repo"
	cd "$repo"
	git init -q -b faultline-bisect .
	# 80,000 loose objects: no automatic gc in the middle of a bench
	git config gc.auto 0
	say "commit 1: stock"
	git -c core.looseCompression=1 add -A -f .
	git commit -q -m "stock: $(basename "$tarball")"
	say "commit 2: a comment in $unrelated_file"
	sed -i "1a\\
$unrelated_text" "$unrelated_file"
	git commit -q -a -m "$unrelated_file: a comment (an unrelated change)"
	say "commit 3: $mutant"
	patch -p1 -s --no-backup-if-mismatch < "$OLDPWD/$patch"
	git add -A -f .
	git commit -q -m "mutant: $mutant"
	git rev-list --reverse HEAD > "$bdir/commits"
	cd "$OLDPWD"
	echo "$stamp" > "$bdir/stamp"
}
if [ "$(cat "$bdir/stamp" 2> /dev/null)" != "$stamp" ] ||
   [ "$(wc -l < "$bdir/commits" 2> /dev/null)" != 3 ]; then
	make_repo
fi
c1=$(sed -n 1p "$bdir/commits")
c3=$(sed -n 3p "$bdir/commits")
[ "$(git -C "$repo" rev-parse HEAD)" = "$c3" ] &&
	[ -z "$(git -C "$repo" status --porcelain)" ] ||
	die "$repo is not clean at commit 3; remove $bdir to make it again"
t_repo=$(date +%s)

mkdir -p "$out"
out=$(cd "$out" && pwd)
cc=gcc
stats() { :; }
if command -v ccache > /dev/null; then
	cc="ccache gcc"
	export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/faultline/ccache}"
	export CCACHE_BASEDIR="$cache" CCACHE_NOHASHDIR=1
	mkdir -p "$CCACHE_DIR"
	stats() { ccache --print-stats > "$1"; }
fi
stats "$out/ccache-before.txt"
say "ci/bisect.sh over $repo, good ${c1%"${c1#????????????}"}, bad ${c3%"${c3#????????????}"}"
rc=0
sh ci/bisect.sh --tree "$repo" --objdir "$obj" --cc "$cc" \
	--config "$config" --jobs "$jobs" --good "$c1" --bad "$c3" \
	--metric "$wl/status" --case "$case" --output "$out" \
	--vm "--accel tcg --cpus 2 --mem 2G --boot-timeout 300 --timeout 600" \
	> "$out/bisect.out" 2> "$out/bisect.err" || rc=$?
stats "$out/ccache-after.txt"
t_end=$(date +%s)
cat "$out/bisect.out"
echo
cat "$out/bisect.err"
# ci/bisect.sh's logs (build.log, times.txt, bisect.log) into $out
work=$(sed -n 's/^bisect: logs in \(.*\), step runs in .*/\1/p' "$out/bisect.err" | tail -n 1)
case $work in
*/faultline-bisect.*) [ -d "$work" ] && mv "$work" "$out/bisect-work" ;;
esac

set +e
ok=1
check() {	# check COND-STATUS MESSAGE
	[ "$1" = 0 ] || { say "FAILED: $2"; ok=0; }
}
check "$rc" "ci/bisect.sh exited $rc"
first=$(sed -n 's/^bisect: first bad commit \([0-9a-f]*\);.*/\1/p' "$out/bisect.err")
[ "$first" = "$c3" ]
check $? "git bisect named ${first:-nothing}, not commit 3 ($c3)"
# the steps: commit 3 (the check before bisecting) failed with a
# violation, commit 2 passed; their order is the order they ran
steps=$(ls -d "$out"/bisect/step-* 2> /dev/null || true)
set -- $steps
[ $# = 2 ]
check $? "$# step runs, not 2 (commit 3, then commit 2)"
viol=0 first_what="" first_s=""
if [ $# = 2 ]; then
	v=$(jq -r '[.cases[0].status, .cases[0].violations_total] | @tsv' \
		"$1/result.json" 2> /dev/null || echo "none 0")
	[ "$(echo "$v" | cut -f1)" = fail ] && [ "$(echo "$v" | cut -f2)" -gt 0 ]
	check $? "commit 3's step is not a fail with violations: $v"
	viol=$(echo "$v" | cut -f2)
	first_what=$(jq -r '.cases[0].violations | min_by(.t_ns) | .what' "$1/result.json" 2> /dev/null || true)
	first_s=$(jq -r '.cases[0].violations | min_by(.t_ns) | .t_ns / 1e9 * 100 | round / 100' "$1/result.json" 2> /dev/null || true)
	v=$(jq -r '.cases[0].status' "$2/result.json" 2> /dev/null || echo none)
	[ "$v" = ok ]
	check $? "commit 2's step is $v, not ok"
fi
[ "$(git -C "$repo" symbolic-ref -q --short HEAD)" = faultline-bisect ] &&
	[ -z "$(git -C "$repo" status --porcelain)" ]
check $? "$repo is not back on its branch, clean"
! git -C "$repo" bisect log > /dev/null 2>&1
check $? "a bisection is left in $repo"

hits=""
if [ -s "$out/ccache-after.txt" ]; then
	hits=$(awk '
		FNR == NR { b[$1] = $2; next }
		{ d[$1] = $2 - b[$1] }
		END { h = d["direct_cache_hit"] + d["preprocessed_cache_hit"]
		      n = h + d["cache_miss"]
		      printf "%d/%d (%.0f%%)", h, n, n ? 100 * h / n : 0 }
	' "$out/ccache-before.txt" "$out/ccache-after.txt")
fi
times=$(sed -n 's/^bisect: first bad commit [^;]*; builds \([0-9]*\), \([0-9]*\) s; boots \([0-9]*\), \([0-9]*\) s$/builds=\1 build_sec=\2 boots=\3 boot_sec=\4/p' "$out/bisect.err")
[ "$ok" = 1 ] && res=named || res=FAILED
echo "summary: bisect-tree $res first_bad=${first:-none} mutant_commit=$c3 ($mutant) ${times:-no times} stock_prep_sec=$((t_stock - t_all)) repo_sec=$((t_repo - t_stock)) bisect_sec=$((t_end - t_repo)) total_sec=$((t_end - t_all)) violations=$viol first_violation_s=${first_s:-none} ccache_hits=${hits:-no ccache} out=$out"
[ -z "$first_what" ] || echo "bisect-tree: commit 3's first violation: $first_what"
[ "$ok" = 1 ]
