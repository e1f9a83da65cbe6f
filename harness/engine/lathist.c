// SPDX-License-Identifier: GPL-2.0
/* lathist.c - log-linear histogram arithmetic. */
#include "lathist.h"

uint64_t fl_lathist_lower(int b)
{
	int e;

	if (b < FL_LATHIST_SUB)
		return (uint64_t)b;
	e = b / FL_LATHIST_SUB + FL_LATHIST_SUB_BITS - 1;
	return ((uint64_t)(FL_LATHIST_SUB + b % FL_LATHIST_SUB)) <<
	       (e - FL_LATHIST_SUB_BITS);
}

void fl_lathist_merge(struct fl_lathist *dst, const struct fl_lathist *src,
		      int sign)
{
	int i;

	for (i = 0; i < FL_LATHIST_BUCKETS; i++)
		dst->count[i] += sign < 0 ? -src->count[i] : src->count[i];
	if (sign > 0 && src->max > dst->max)
		dst->max = src->max;
}

uint64_t fl_lathist_total(const struct fl_lathist *h)
{
	uint64_t n = 0;
	int i;

	for (i = 0; i < FL_LATHIST_BUCKETS; i++)
		n += h->count[i];
	return n;
}

uint64_t fl_lathist_quantile(const struct fl_lathist *h, double q)
{
	uint64_t n = fl_lathist_total(h), want, seen = 0;
	int i;

	if (!n)
		return 0;
	want = (uint64_t)(q * (double)n);
	if (want >= n)
		want = n - 1;
	for (i = 0; i < FL_LATHIST_BUCKETS; i++) {
		seen += h->count[i];
		if (seen > want)
			return fl_lathist_lower(i);
	}
	return h->max;
}
