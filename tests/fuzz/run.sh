#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Run each libFuzzer target (build/fuzz/tests/fuzz/fuzz_TARGET, make
# fuzz-build) for FUZZ_SECONDS on a copy of tests/fuzz/corpus/TARGET/.
# A crash, leak or sanitizer report fails the run; its input is copied to
# tests/fuzz/crashes/TARGET-*. Per target it prints the executions and
# the coverage reached (libFuzzer's "cov" edges and "ft" features).
set -u
cd "$(dirname "$0")/../.." || exit 2
bin=${FUZZ_BIN:-build/fuzz/tests/fuzz}
work=build/fuzz/work
# shellcheck source=tests/fuzz/lib.sh
. tests/fuzz/lib.sh
# leaks: detected, per input; allocator failures are reported, not fatal
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
for t in "$@"; do
	need_target "$t"
	rm -rf "${work:?}/$t" && mkdir -p "$work/$t/corpus" "$work/$t/art"
	cp tests/fuzz/corpus/"$t"/* "$work/$t/corpus/" 2> /dev/null
	"$bin/fuzz_$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=1024 \
		-max_len=65536 -print_final_stats=1 \
		-artifact_prefix="$work/$t/art/" "$work/$t/corpus" \
		> "$work/$t/log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$t/log")
	cov=$(grep -E '^#[0-9]+' "$work/$t/log" | tail -n 1 |
		sed -n 's/.*cov: \([0-9]*\) ft: \([0-9]*\) corp: \([0-9]*\).*/cov \1 ft \2 corpus \3/p')
	echo "fuzz $t: rc $rc, ${secs}s, ${execs:-?} executions, ${cov:-?}"
	n=0
	for a in "$work/$t/art"/*; do
		[ -e "$a" ] || continue
		cp "$a" "$crashes/$t-$(basename "$a")"
		n=$((n + 1))
	done
	if [ "$rc" -ne 0 ] || [ "$n" -gt 0 ]; then
		failed="$failed $t"
		grep -E 'ERROR|SUMMARY|runtime error' "$work/$t/log" | head -n 5
		echo "fuzz $t: $n crash inputs in $crashes/, log $work/$t/log"
	fi
done
finish
