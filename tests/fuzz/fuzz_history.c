// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_history - history's inputs: a result document, read, recorded in
 * a fresh history database as `faultline import` does, then every
 * case's metrics read back as `history` and the report's trends do.
 */
#include "fuzz.h"
#include "rundoc.h"
#include "hdb.h"
#include "trend.h"

static void db_remove(const char *db)
{
	static const char *const ext[] = { "", "-wal", "-shm", "-journal" };
	char p[PATH_MAX + 32];
	size_t i;

	for (i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", db, ext[i]);
		unlink(p);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fl_rundoc d;
	struct fl_tpoint *tp;
	char err[512], db[PATH_MAX + 16], *machine;
	sqlite3 *h;
	size_t i, j;
	long n;

	memset(&d, 0, sizeof(d));
	if (fl_rundoc_load(fuzz_file("result.json", data, size), &d, err,
			   sizeof(err)))
		return 0;
	snprintf(db, sizeof(db), "%s/h.db", fuzz_dir());
	db_remove(db);
	h = fl_hdb_open(db, err, sizeof(err));
	if (!h)
		abort();	/* a fresh file: only the document can fail */
	if (!fl_hdb_record(h, &d, "c0ffee", FL_HDB_NO_GATE, err,
			   sizeof(err))) {
		machine = fl_hdb_machine(&d);
		for (i = 0; i < d.ncases && i < 8; i++) {
			const struct fl_rcase *c = &d.cases[i];

			for (j = 0; j < c->nmetrics && j < 8; j++) {
				n = fl_hdb_trend(h, c->key, c->metrics[j].name,
						 machine, &tp, err,
						 sizeof(err));
				if (n >= 0)
					fl_hdb_trend_free(tp, n);
			}
		}
		free(machine);
		free(fl_hdb_config(&d));
	}
	fl_hdb_close(h);
	fl_rundoc_free(&d);
	return 0;
}
