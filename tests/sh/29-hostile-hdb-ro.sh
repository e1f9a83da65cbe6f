#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# history opens its database read-only: a misspelt --db creates nothing
# (neither the database nor its -wal and -shm files) and an ordinary
# user reads root's database in root's directory.
. tests/sh/lib.sh
. tests/sh/synth_run.sh

FLABS=$(cd "$(dirname "$FL")" && pwd)/$(basename "$FL")
FL=$FLABS
cd "$TMP" || fail "cd"
expect_rc 2 $FL history --db typo.db page_fault1
one_line "$TMP/err"
assert_grep "typo.db" "$TMP/err"
ls typo.db* > /dev/null 2>&1 && fail "history created $(ls typo.db*)"
# --last-good on no database: no earlier good run (the nightly job's first night)
synth_run "$TMP/s" S 6.1.0 "page_fault1/ok/1,2,3/"
expect_rc 0 $FL history --db typo.db --last-good "$TMP/s"
[ -s "$TMP/out" ] && fail "a baseline from no database"
ls typo.db* > /dev/null 2>&1 && fail "history --last-good created a database"
cd - > /dev/null || fail "cd -"

[ "$(id -u)" -eq 0 ] || skip "not root: cannot make root's database"
command -v setpriv > /dev/null || skip "no setpriv"
chmod 755 "$TMP"
mkdir -m 755 "$TMP/root"
synth_run "$TMP/root/a" A 6.1.0 "page_fault1/ok/100,101,99,100.5,99.5/"
synth_run "$TMP/root/b" B 6.1.0 "page_fault1/ok/90,91,89,90.5,89.5/"
expect_rc 0 $FL import --db "$TMP/root/h.db" "$TMP/root/a" "$TMP/root/b"
chmod -R go-w "$TMP/root"
as_nobody() {
	setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
}
as_nobody true || skip "cannot become nobody"
as_nobody "$FLABS" history --db "$TMP/root/h.db" page_fault1 \
	> "$TMP/out" 2> "$TMP/err" || { cat "$TMP/err"; fail "nobody: history"; }
assert_grep " B " "$TMP/out"
# also with root's -wal and -shm files lying there
sqlite3 "$TMP/root/h.db" "PRAGMA journal_mode" > /dev/null
ls "$TMP/root"
as_nobody "$FLABS" history --db "$TMP/root/h.db" --last-good "$TMP/root/b" \
	> "$TMP/out" 2> "$TMP/err" || { cat "$TMP/err"; fail "nobody: --last-good"; }
echo "history reads only"
