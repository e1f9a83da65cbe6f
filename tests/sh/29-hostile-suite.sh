#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Hostile suite files and run names: a comment longer than 1024 bytes is
# a comment, a line of more than 63 words loses none, a NUL byte is an
# error naming file and line; /dev/zero and a directory are not suites;
# ".." and ".x" are not run names and leave nothing behind.
. tests/sh/lib.sh

O="$TMP/res"
# runs nothing: every line below must be refused before a case runs
run() { expect_rc 2 $FL run -o "$O" -d 1 -w 0 -r 1 -t 1 "$@"; one_line "$TMP/err"; }

# a long comment: before, its 1025th byte on started a "case"
{ printf '# '; head -c 2000 /dev/zero | tr '\0' 'x'; printf ' nosuchworkload\n'
  printf 'nosuch_wl\n'; } > "$TMP/long.suite"
run -c "$TMP/long.suite"
assert_grep "long.suite:2: .*nosuch_wl" "$TMP/err"

# 70 words: the 64th and later were dropped silently
{ printf 'page_fault1'; i=1; while [ $i -lt 35 ]; do printf ' -d 1'; i=$((i + 1)); done
  printf ' nosuch_wl\n'; } > "$TMP/words.suite"
run -c "$TMP/words.suite"
assert_grep "words.suite:1: .*nosuch_wl" "$TMP/err"

# a NUL ends nothing silently
printf 'page_fault1\0 nosuch_wl\n' > "$TMP/nul.suite"
run -c "$TMP/nul.suite"
assert_grep "nul.suite:1: .*NUL" "$TMP/err"

# not regular files
run -c /dev/zero
assert_grep "not a regular file" "$TMP/err"
run -c "$TMP"
assert_grep "not a regular file" "$TMP/err"

# bad run names leave no directory behind
for n in .. . .hidden "$(printf 'a\tb')"; do
	run -n "$n" page_fault1
	assert_grep "must be a plain name" "$TMP/err"
	[ ! -e "$O" ] || { ls -la "$O"; fail "-n '$n' left $O"; }
done
echo "hostile suites and names refused"
