/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rundoc_series.h - the parts of result.json that struct fl_rundoc
 * leaves out and only the HTML report needs: a case's label, its
 * per-second samples, its per-node throughput and its placement.
 * Loaded next to fl_rundoc_load(), case for case in the same order.
 */
#ifndef FAULTLINE_RUNDOC_SERIES_H
#define FAULTLINE_RUNDOC_SERIES_H

#include <stddef.h>

#include "rundoc.h"

/* One rep's per-second samples of the primary counter. */
struct fl_rseries {
	int rep;
	int warm;		/* leading samples that are warm-up */
	double *t, *v;		/* seconds since the rep's start, delta */
	size_t n;
};

/* One node's values of the primary metric, per rep. */
struct fl_rnode {
	int node;
	double *reps;
	size_t n;
};

struct fl_rcase_x {
	char *label;		/* NULL in schema 1: use the key */
	char *counter;		/* the primary counter's name */
	struct fl_rseries *s;
	size_t ns;
	struct fl_rnode *nodes;
	size_t nn;
	char *placement;	/* JSON text of "placement", or NULL */
};

/*
 * Load them for every case of doc (from doc->dir). Returns an array of
 * doc->ncases, or NULL with a one-line reason in err.
 */
struct fl_rcase_x *fl_rundoc_series(const struct fl_rundoc *doc,
				    char *err, size_t errlen);
void fl_rundoc_series_free(struct fl_rcase_x *x, size_t n);

#endif /* FAULTLINE_RUNDOC_SERIES_H */
