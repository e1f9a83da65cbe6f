#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A history database written by something else, whose cases' status or
# key (NOT NULL in faultline's schema) or a run's name is NULL: history
# and --last-good must not crash (strcmp on NULL).
. tests/sh/lib.sh
. tests/sh/synth_run.sh
command -v sqlite3 > /dev/null || skip "no sqlite3"

DB="$TMP/h.db"
SYNTH_STARTED=2026-11-19T00:00:00Z synth_run "$TMP/a" A 6.1.0 \
	"page_fault1/ok/100,101,99,100.5,99.5/"
SYNTH_STARTED=2026-11-20T00:00:00Z synth_run "$TMP/b" B 6.1.0 \
	"page_fault1/ok/90,91,89,90.5,89.5/"
SYNTH_STARTED=2026-11-21T00:00:00Z synth_run "$TMP/c" C 6.1.0 \
	"page_fault1/ok/90,91,89,90.5,89.5/"
expect_rc 0 $FL import --db "$DB" "$TMP/a" "$TMP/b" "$TMP/c"
# drop the NOT NULLs the way another writer's schema would lack them
sqlite3 "$DB" "PRAGMA writable_schema = ON;
UPDATE sqlite_master SET sql = replace(replace(sql,
	'key TEXT NOT NULL', 'key TEXT'), 'status TEXT NOT NULL',
	'status TEXT') WHERE name = 'cases';" || fail "schema edit"
sqlite3 "$DB" "UPDATE cases SET status = NULL WHERE run_id =
	(SELECT id FROM runs WHERE name = 'B');" || fail "status NULL"
expect_rc 0 $FL history --db "$DB" page_fault1
assert_grep " B " "$TMP/out"
sqlite3 "$DB" "UPDATE cases SET key = NULL WHERE run_id =
	(SELECT id FROM runs WHERE name = 'C');" || fail "key NULL"
expect_rc 0 $FL history --db "$DB" page_fault1
expect_rc 0 $FL history --db "$DB" --key 'page*' page_fault1
sqlite3 "$DB" "UPDATE cases SET workload = NULL WHERE run_id =
	(SELECT id FROM runs WHERE name = 'A');" 2> /dev/null
expect_rc 0 $FL history --db "$DB" page_fault1
expect_rc 0 $FL history --db "$DB" --last-good "$TMP/c"
echo "history survives NULLs"
