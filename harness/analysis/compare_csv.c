// SPDX-License-Identifier: GPL-2.0
/*
 * compare_csv.c - the comparison as CSV: a row per case, NEW run and
 * metric, with the numbers --json gives, exact (csv.h).
 */
#include <math.h>
#include <stdio.h>

#include "compare.h"
#include "csv.h"

#define CMP_CSV_HEADER							\
	"base_run,new_run,key,workload,base_status,new_status,metric,"	\
	"unit,better,primary,gated,base_n,base_mean,base_sd,base_min,"	\
	"base_max,new_n,new_mean,new_sd,new_min,new_max,change_pct,p,"	\
	"verdict,mark\n"

static void num(FILE *f, double v)
{
	fl_csv_num(f, v);
	fputc(',', f);
}

static void summary(FILE *f, const struct fl_summary *s)
{
	fprintf(f, "%zu,", s->n);
	num(f, s->mean);
	num(f, s->sd);
	num(f, s->min);
	num(f, s->max);
}

static void row_start(FILE *f, const struct fl_cmp *c,
		      const struct fl_cmp_case *cc, int j)
{
	const struct fl_cmp_side *s = &cc->side[j];

	fl_csv_str(f, c->base->name);
	fl_csv_str(f, c->new[j].name);
	fl_csv_str(f, cc->base->key);
	fl_csv_str(f, cc->base->workload);
	fl_csv_str(f, cc->base->status);
	fl_csv_str(f, s->c ? s->c->status : "missing");
}

static void metric_row(FILE *f, const struct fl_cmp_metric *m)
{
	fl_csv_str(f, m->base->name);
	fl_csv_str(f, m->base->unit);
	fl_csv_str(f, m->base->higher_better ? "higher" : "lower");
	fprintf(f, "%d,%d,", m->base->primary, m->gated);
	summary(f, &m->d.base);
	summary(f, &m->d.new);
	num(f, m->d.change);
	num(f, m->d.p);
	fl_csv_str(f, fl_verdict_name(m->d.verdict));
	/* the last field: its comma off */
	fputc('"', f);
	fputs(fl_cmp_mark(m), f);
	fputs("\"\n", f);
}

void fl_cmp_print_csv(const struct fl_cmp *c, FILE *f)
{
	size_t i, k;
	int j, rows;

	fputs(CMP_CSV_HEADER, f);
	for (i = 0; i < c->ncases; i++) {
		const struct fl_cmp_case *cc = &c->cases[i];

		for (j = 0; j < c->nnew; j++) {
			const struct fl_cmp_side *s = &cc->side[j];

			for (rows = 0, k = 0; s->m &&
			     k < cc->base->nmetrics; k++) {
				if (!s->m[k].new)
					continue;
				row_start(f, c, cc, j);
				metric_row(f, &s->m[k]);
				rows++;
			}
			if (rows)
				continue;
			/* no statistics: the statuses alone */
			row_start(f, c, cc, j);
			fputs(",,,,,,,,,,,,,,,,,,\n", f);
		}
	}
}
