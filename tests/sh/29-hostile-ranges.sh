#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Values that wrapped: --cpus 4294967297 (CPU 1), --mem bind:4294967296
# (node 0), --seed -1 (2^64-1), also on suite lines: refused, one line.
. tests/sh/lib.sh

O="$TMP/res"
for a in "--cpus 4294967297" "--cpus 0-4294967297" "--mem bind:4294967296" \
	"--mem preferred:-1" "--seed -1" "--seed 18446744073709551616" \
	"-t 4294967297" "-d 4294967297" "-r 1001"; do
	expect_rc 2 $FL run -o "$O" -d 1 -w 0 -r 1 -t 1 $a page_fault1
	one_line "$TMP/err"
	printf 'page_fault1 %s\n' "$a" > "$TMP/s.suite"
	case $a in --seed*) continue ;; esac
	expect_rc 2 $FL run -o "$O" -d 1 -w 0 -r 1 -t 1 -c "$TMP/s.suite"
	one_line "$TMP/err"
	assert_grep "s.suite:1: " "$TMP/err"
done
[ ! -e "$O" ] || fail "a refused run left $O"
echo "out-of-range values refused"
