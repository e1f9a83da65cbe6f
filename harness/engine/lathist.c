// SPDX-License-Identifier: GPL-2.0
/* lathist.c - log-linear histogram arithmetic. */
#include "lathist.h"

uint64_t fl_hist_lower(int b)
{
	int e;

	if (b < FL_HIST_SUB)
		return (uint64_t)b;
	e = b / FL_HIST_SUB + FL_HIST_SUB_BITS - 1;
	return ((uint64_t)(FL_HIST_SUB + b % FL_HIST_SUB)) <<
	       (e - FL_HIST_SUB_BITS);
}

void fl_hist_merge(struct fl_hist *dst, const struct fl_hist *src, int sign)
{
	int i;

	for (i = 0; i < FL_HIST_BUCKETS; i++)
		dst->count[i] += sign < 0 ? -src->count[i] : src->count[i];
	if (sign > 0 && src->max > dst->max)
		dst->max = src->max;
}

uint64_t fl_hist_total(const struct fl_hist *h)
{
	uint64_t n = 0;
	int i;

	for (i = 0; i < FL_HIST_BUCKETS; i++)
		n += h->count[i];
	return n;
}

uint64_t fl_hist_quantile(const struct fl_hist *h, double q)
{
	uint64_t n = fl_hist_total(h), want, seen = 0;
	int i;

	if (!n)
		return 0;
	want = (uint64_t)(q * (double)n);
	if (want >= n)
		want = n - 1;
	for (i = 0; i < FL_HIST_BUCKETS; i++) {
		seen += h->count[i];
		if (seen > want)
			return fl_hist_lower(i);
	}
	return h->max;
}
