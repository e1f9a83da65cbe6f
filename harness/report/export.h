/* SPDX-License-Identifier: GPL-2.0 */
/*
 * export.h - run directories in formats other CI systems read: JUnit
 * XML (Jenkins, GitLab) and KCIDB I/O JSON (KernelCI), for `faultline
 * export`; and the reproduce.sh a run leaves behind. docs/ci.md.
 */
#ifndef FAULTLINE_EXPORT_H
#define FAULTLINE_EXPORT_H

#include <stdio.h>

#include "rundoc.h"

/* The KCIDB I/O schema version written (tests/schema/). */
#define FL_KCIDB_MAJOR	5
#define FL_KCIDB_MINOR	3
/* KCIDB caps log excerpts at this many bytes. */
#define FL_KCIDB_LOG_MAX	16384

/* What a case records beyond struct fl_rcase. */
struct fl_xcase {
	double elapsed;		/* elapsed_sec; -1 when absent */
	char *detail;		/* violation records, then kmsg lines, one
				 * a line; NULL when there are none */
};

/* A run directory as the exporters read it. */
struct fl_xrun {
	struct fl_rundoc doc;
	struct fl_xcase *x;	/* doc.ncases of them */
	char *governor;		/* system.cpu.governor */
	char *thp_enabled, *thp_defrag;
	int aslr;		/* system.aslr.system; -1 when absent */
};

/* fl_rundoc_load() and the above; 0, or -1 with a reason in err. */
int fl_xrun_load(const char *path, struct fl_xrun *r, char *err,
		 size_t errlen);
void fl_xrun_free(struct fl_xrun *r);

/* The case's text for a failure: reason, then detail; malloc'd. */
char *fl_xcase_log(const struct fl_rcase *c, const struct fl_xcase *x);

/* One <testsuites> with a <testsuite> per run. 0, or -1 on EIO. */
int fl_export_junit(FILE *f, const struct fl_xrun *runs, size_t n);
/*
 * One KCIDB I/O document: a checkout per kernel release, a build per
 * release and config, a test per case and one per metric of each
 * passed case. origin must match ^[a-z0-9_]+$. 0, or -1 on EIO.
 */
int fl_export_kcidb(FILE *f, const struct fl_xrun *runs, size_t n,
		    const char *origin);
/* A KCIDB test path segment: [a-zA-Z0-9_-]+ only; malloc'd. */
char *fl_kcidb_path(const struct fl_rcase *c);

/*
 * Write dir/reproduce.sh from dir/result.json and the command line
 * argv (NULL-terminated, argv[0] the faultline that ran), run from the
 * current directory. 0, or -1 after a warning on stderr.
 */
int fl_reproduce_write(const char *dir, char **argv);

#endif /* FAULTLINE_EXPORT_H */
