#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# make analyze: cppcheck and gcc -fanalyzer over harness/ and workloads/.
# Fails on any finding that is not justified in a suppression file:
#   tests/cppcheck.supp	cppcheck's own --suppressions-list format
#			(id:file[:line]), a comment above each saying why
#   tests/analyzer.supp	"file -Wanalyzer-WHAT" per line (the line
#			number drifts, so it is not used), same comments
# ANALYZE=cppcheck or ANALYZE=gcc runs one; logs go to build/analyze/.
set -u
cd "$(dirname "$0")/.."
out=build/analyze
mkdir -p "$out"
incs=$(for d in workloads harness harness/*/; do printf -- '-I%s ' "${d%/}"; done)
srcs=$(ls harness/*/*.c workloads/*.c)
rc=0

if [ "${ANALYZE:-cppcheck}" != gcc ]; then
	# shellcheck disable=SC2086
	cppcheck --std=c11 --enable=warning,portability --inline-suppr \
		--suppressions-list=tests/cppcheck.supp --error-exitcode=1 \
		-j "${JOBS:-2}" --quiet -D__GNUC__ -D_GNU_SOURCE \
		"-Dnoreturn=__attribute__((noreturn))" \
		--template='{file}:{line}: {severity}: {message} [{id}]' \
		$incs $srcs 2> "$out/cppcheck.log"
	c=$?
	n=$(grep -c ': \(warning\|portability\|error\): ' "$out/cppcheck.log")
	echo "analyze: cppcheck: $n findings not suppressed (exit $c)"
	cat "$out/cppcheck.log"
	[ "$c" -eq 0 ] || rc=1
fi

if [ "${ANALYZE:-gcc}" != cppcheck ]; then
	: > "$out/gcc.log"
	for f in $srcs; do
		# shellcheck disable=SC2086
		${CC:-gcc} -std=gnu11 -O1 -fanalyzer -fdiagnostics-plain-output \
			-Wno-analyzer-too-complex $incs -c -o /dev/null "$f" \
			>> "$out/gcc.log" 2>&1
	done
	# one line per finding: "file -Wanalyzer-WHAT", then drop the
	# suppressed ones
	grep -E '^[^ ]+:[0-9]+:[0-9]+: warning: .*\[-Wanalyzer-' "$out/gcc.log" |
		sed -E 's/^([^:]+):([0-9]+):[0-9]+: warning: (.*) \[(-Wanalyzer-[a-z-]+)\]$/\1 \4 \2 \3/' |
		sort -u > "$out/gcc.findings"
	sed -e 's/#.*//' -e '/^[[:space:]]*$/d' tests/analyzer.supp |
		awk '{ print $1 " " $2 }' > "$out/gcc.supp"
	awk 'FILENAME == ARGV[1] { s[$1 " " $2] = 1; next }
	     !(($1 " " $2) in s)' \
		"$out/gcc.supp" "$out/gcc.findings" > "$out/gcc.left"
	echo "analyze: gcc -fanalyzer: $(wc -l < "$out/gcc.findings") findings, $(wc -l < "$out/gcc.left") not suppressed"
	cat "$out/gcc.left"
	[ -s "$out/gcc.left" ] && rc=1
fi
exit $rc
