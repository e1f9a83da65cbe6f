-- SPDX-License-Identifier: GPL-2.0
-- A history database of schema version 1 (before the cases' cpus, mem
-- and perf columns of version 2), as faultline import wrote it: runs A
-- (6.1.0) and B (6.12.0) of tests/sh/synth_run.sh, page_fault1 only.
-- sqlite3 h.db < history-v1.sql recreates it; tests/unit/test_hdb.c
-- does the same through libsqlite3 and checks the migration.
PRAGMA user_version=1;
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE kernels ( id INTEGER PRIMARY KEY, release TEXT NOT NULL, version TEXT, config_sha256 TEXT, git_commit TEXT, UNIQUE (release, version, config_sha256, git_commit));
INSERT INTO kernels VALUES(1,'6.1.0','#1 SMP','c0ffee','deadbeef');
INSERT INTO kernels VALUES(2,'6.12.0','#1 SMP','c0ffee','deadbeef');
CREATE TABLE runs ( id INTEGER PRIMARY KEY, name TEXT NOT NULL, dir TEXT NOT NULL, started TEXT NOT NULL, finished TEXT, status TEXT, hostname TEXT NOT NULL, machine TEXT, config TEXT, kernel_id INTEGER REFERENCES kernels(id), faultline_version TEXT, seed INTEGER, argv TEXT, cmdline TEXT, vm TEXT, all_ok INTEGER, gate INTEGER, imported TEXT, UNIQUE (hostname, name, started));
INSERT INTO runs VALUES(1,'A','/tmp/faultline-hist-v1/a','2026-11-19T00:00:00Z','2026-11-22T04:05:00Z','complete','synthhost','synthhost|synthetic|2 pus|1 nodes|vm=none','a3e3b1f72babceb48bbb03a3e525d8bfdd94dbd41138844606e221aeea93b2f6',1,'test',1,'["faultline","run","-r","5"]','ro',NULL,1,NULL,'2026-11-30T14:10:55Z');
INSERT INTO runs VALUES(2,'B','/tmp/faultline-hist-v1/b','2026-11-20T00:00:00Z','2026-11-22T04:05:00Z','complete','synthhost','synthhost|synthetic|2 pus|1 nodes|vm=none','a3e3b1f72babceb48bbb03a3e525d8bfdd94dbd41138844606e221aeea93b2f6',2,'test',1,'["faultline","run","-r","5"]','ro',NULL,1,NULL,'2026-11-30T14:10:55Z');
CREATE TABLE cases ( id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, key TEXT NOT NULL, workload TEXT NOT NULL, mode TEXT, tasks INTEGER, status TEXT NOT NULL, reason TEXT, violations INTEGER, replay TEXT, UNIQUE (run_id, key));
INSERT INTO cases VALUES(1,1,'page_fault1:size=1M|threads|1','page_fault1','threads',1,'ok',NULL,0,'faultline run --seed 1 -t 1 -m threads -d 1 -w 0 -r 5 page_fault1:size=1M');
INSERT INTO cases VALUES(2,2,'page_fault1:size=1M|threads|1','page_fault1','threads',1,'ok',NULL,0,'faultline run --seed 1 -t 1 -m threads -d 1 -w 0 -r 5 page_fault1:size=1M');
CREATE TABLE metrics ( id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE, name TEXT NOT NULL, unit TEXT, better TEXT, is_primary INTEGER, n INTEGER, mean REAL, cov REAL, UNIQUE (case_id, name));
INSERT INTO metrics VALUES(1,1,'faults_per_sec','ops/s','higher',1,3,99.993333111103709139,0.010000000000000000208);
INSERT INTO metrics VALUES(2,2,'faults_per_sec','ops/s','higher',1,3,89.992592287748450988,0.011111111111111111535);
CREATE TABLE reps ( metric_id INTEGER NOT NULL REFERENCES metrics(id)   ON DELETE CASCADE, rep INTEGER NOT NULL, value REAL NOT NULL, PRIMARY KEY (metric_id, rep));
INSERT INTO reps VALUES(1,0,100.0);
INSERT INTO reps VALUES(1,1,101.0);
INSERT INTO reps VALUES(1,2,99.0);
INSERT INTO reps VALUES(2,0,90.0);
INSERT INTO reps VALUES(2,1,91.0);
INSERT INTO reps VALUES(2,2,89.0);
CREATE INDEX cases_wl ON cases (workload);
CREATE INDEX runs_started ON runs (started);
CREATE INDEX metrics_name ON metrics (name);
COMMIT;
