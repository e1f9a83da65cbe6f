#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Run each fuzz target built for AFL++ (build/afl/tests/fuzz/fuzz_TARGET:
# the libFuzzer harness linked with AFL++'s libAFLDriver, persistent
# mode; make fuzz FUZZ_ENGINE=afl) under afl-fuzz for FUZZ_SECONDS, one
# after another on one core, from tests/fuzz/corpus/TARGET/. A crash or a
# hang fails the run; its input is copied to
# tests/fuzz/crashes/TARGET-afl-*. Per target it prints afl-fuzz's
# fuzzer_stats: executions, paths (corpus_count), edges found of the
# map's edges, crashes and hangs.
set -u
cd "$(dirname "$0")/../.." || exit 2
bin=${FUZZ_BIN:-build/afl/tests/fuzz}
work=${FUZZ_WORK:-build/afl/work}
command -v afl-fuzz > /dev/null ||
	{ echo "fuzz: afl-fuzz not found (make deps-hardening)"; exit 2; }
# shellcheck source=tests/fuzz/lib.sh
. tests/fuzz/lib.sh
# afl-fuzz wants abort_on_error and symbolize=0 from a sanitizer; leaks
# are checked at the driver's exit only (persistent mode)
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:symbolize=0:detect_leaks=1:allocator_may_return_null=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:abort_on_error=1:symbolize=0}"
# a shared machine: no CPU pinning, no frequency or core_pattern demands,
# no UI, stop after -V seconds even if a cycle is not finished
export AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1
export AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_CRASH_README=1
export AFL_FAST_CAL=1
stat() { sed -n "s/^$1 *: *//p" "$2"; }
for t in "$@"; do
	need_target "$t"
	rm -rf "${work:?}/$t" && mkdir -p "$work/$t"
	afl-fuzz -i tests/fuzz/corpus/"$t" -o "$work/$t/out" -V "$secs" \
		-t 5000 -m none -- "$bin/fuzz_$t" > "$work/$t/log" 2>&1
	rc=$?
	s=$work/$t/out/default/fuzzer_stats
	if [ ! -f "$s" ]; then
		tail -n 15 "$work/$t/log"
		echo "fuzz $t: afl-fuzz did not start (rc $rc), log $work/$t/log"
		failed="$failed $t"
		continue
	fi
	echo "fuzz $t: rc $rc, ${secs}s, $(stat execs_done "$s") executions," \
		"$(stat corpus_count "$s") paths," \
		"$(stat edges_found "$s")/$(stat total_edges "$s") edges" \
		"($(stat bitmap_cvg "$s")), $(stat saved_crashes "$s") crashes," \
		"$(stat saved_hangs "$s") hangs"
	n=0
	for d in crashes hangs; do
		for a in "$work/$t/out/default/$d"/id:*; do
			[ -e "$a" ] || continue
			n=$((n + 1))
			cp "$a" "$crashes/$t-afl-$d-$n"
		done
	done
	if [ "$rc" -ne 0 ] || [ "$n" -gt 0 ]; then
		failed="$failed $t"
		echo "fuzz $t: $n crash/hang inputs in $crashes/, log $work/$t/log"
	fi
done
finish
