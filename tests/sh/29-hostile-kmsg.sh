#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# An ordinary user under dmesg_restrict=1 cannot read /dev/kmsg: a BUG:
# would go unseen. KTAP says so ("# kmsg: not watched: ...", at the start
# and after each case), result.json's kmsg_note too, and --strict makes
# every such case an error.
. tests/sh/lib.sh
[ "$(id -u)" -eq 0 ] || skip "not root: cannot become another user"
command -v setpriv > /dev/null || skip "no setpriv"
[ "$(cat /proc/sys/kernel/dmesg_restrict 2> /dev/null)" = 1 ] ||
	skip "dmesg_restrict is not 1"
FLABS=$(cd "$(dirname "$FL")" && pwd)/$(basename "$FL")
chmod 755 "$TMP"
mkdir "$TMP/o"
chown 65534:65534 "$TMP/o"
as_nobody() {
	setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
}
as_nobody true || skip "cannot become nobody"

as_nobody "$FLABS" run -o "$TMP/o" -n plain --no-db -d 1 -w 0 -r 1 -t 1 \
	-m threads page_fault1:size=1M > "$TMP/out" 2> "$TMP/err" ||
	{ cat "$TMP/out" "$TMP/err"; fail "plain run failed"; }
[ "$(grep -c '^# kmsg: not watched: ' "$TMP/out")" -eq 2 ] ||
	{ cat "$TMP/out"; fail "no kmsg diagnostics"; }
assert_grep "^ok 1 " "$TMP/out"
assert_grep '"kmsg_note": *"/dev/kmsg unreadable' "$TMP/o/plain/result.json"

as_nobody "$FLABS" run --strict -o "$TMP/o" -n strict --no-db -d 1 -w 0 \
	-r 1 -t 1 -m threads page_fault1:size=1M > "$TMP/out" 2> "$TMP/err"
rc=$?
[ $rc -eq 1 ] || { cat "$TMP/out" "$TMP/err"; fail "--strict exited $rc"; }
assert_grep "^not ok 1 .*# ERROR .*--strict: kernel log not watched" "$TMP/out"
assert_grep '"status": *"error"' "$TMP/o/strict/result.json"

# as root, --strict changes nothing
expect_rc 0 $FL run --strict -o "$TMP/r" -n root --no-db -d 1 -w 0 -r 1 \
	-t 1 -m threads page_fault1:size=1M
assert_no_grep "kmsg: not watched" "$TMP/out"
echo "unwatched kernel log reported"
