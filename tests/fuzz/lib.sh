# SPDX-License-Identifier: GPL-2.0
# Sourced by tests/fuzz/run.sh (libFuzzer) and tests/fuzz/afl.sh (AFL++)
# from the top of the tree, $bin set to the targets' directory: the run
# length, the crash directory, the harnesses' scratch files (fuzz.h)
# under a per-run FUZZ_TMPDIR removed at the end (also on SIGINT and
# SIGTERM), and the check of a target and the closing line.
# (secs and crashes are used by the sourcing script, which sets bin)
# shellcheck disable=SC2034,SC2154
secs=${FUZZ_SECONDS:-60}
crashes=tests/fuzz/crashes
mkdir -p "$crashes"
shm=/dev/shm; [ -w $shm ] || shm=/tmp
FUZZ_TMPDIR=$(mktemp -d "$shm/flfuzz-run.XXXXXX") || exit 2
export FUZZ_TMPDIR
trap 'rm -rf "$FUZZ_TMPDIR"' EXIT
trap 'exit 130' INT TERM
failed=""

# need_target T: $bin/fuzz_T is built, or exit 2
need_target() {
	[ -x "$bin/fuzz_$1" ] || { echo "fuzz: $bin/fuzz_$1: not built"; exit 2; }
}

# The closing line; exit 1 if a target failed ($failed names them).
finish() {
	[ -z "$failed" ] || { echo "fuzz: failed:$failed"; exit 1; }
	echo "fuzz: no crash"
}
