#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Duplicate case keys: -t 1,1 or the same spec twice ran the case twice,
# then the history insert failed and import of that run exited 1. The
# same case with the same options is deduplicated with a note (-t 1,max
# on one CPU is the same case twice and must still run); the same case
# with different options is refused with a one-line error.
. tests/sh/lib.sh

O="$TMP/res" DB="$TMP/h.db"
expect_rc 0 $FL run -o "$O" -n dup --db "$DB" -d 1 -w 0 -r 1 -t 1,1 \
	-m threads page_fault1:size=1M page_fault1:size=1M
assert_grep "note: case page_fault1:size=1M|threads|1 given twice" "$TMP/err"
[ "$(grep -c '^ok\|^not ok' "$TMP/out")" -eq 1 ] || { cat "$TMP/out"; fail "not one case"; }
expect_rc 0 $FL import --db "$DB" "$O/dup"
expect_rc 0 $FL import --db "$TMP/other.db" "$O/dup"

printf 'page_fault1:size=1M -d 1\npage_fault1:size=1M -d 2\n' > "$TMP/d.suite"
expect_rc 2 $FL run -o "$O" -n dup2 -w 0 -r 1 -t 1 -m threads -c "$TMP/d.suite"
one_line "$TMP/err"
assert_grep "d.suite:2: case page_fault1:size=1M|threads|1 given twice with different options" "$TMP/err"
[ ! -e "$O/dup2" ] || fail "refused run left $O/dup2"
echo "duplicates handled"
