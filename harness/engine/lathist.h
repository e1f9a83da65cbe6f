/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lathist.h - log-linear latency histogram: 16 linear sub-buckets per power
 * of two, so any recorded value is known to within 1/16 (6.25%).
 */
#ifndef FAULTLINE_LATHIST_H
#define FAULTLINE_LATHIST_H

#include <stdint.h>

#define FL_LATHIST_SUB_BITS	4
#define FL_LATHIST_SUB		(1 << FL_LATHIST_SUB_BITS)
#define FL_LATHIST_BUCKETS	((64 - FL_LATHIST_SUB_BITS + 1) * FL_LATHIST_SUB)

struct fl_lathist {
	uint64_t count[FL_LATHIST_BUCKETS];
	uint64_t max;
};

static inline int fl_lathist_bucket(uint64_t v)
{
	int e;

	if (v < FL_LATHIST_SUB)
		return (int)v;
	e = 63 - __builtin_clzll(v);
	return (e - FL_LATHIST_SUB_BITS + 1) * FL_LATHIST_SUB +
	       (int)((v >> (e - FL_LATHIST_SUB_BITS)) & (FL_LATHIST_SUB - 1));
}

/* The smallest value that falls into bucket b. */
uint64_t fl_lathist_lower(int b);
/* Add src into dst, or subtract when sign < 0 (for snapshots). */
void fl_lathist_merge(struct fl_lathist *dst, const struct fl_lathist *src,
		      int sign);
uint64_t fl_lathist_total(const struct fl_lathist *h);
/* Value at quantile q (0..1): the lower bound of its bucket. */
uint64_t fl_lathist_quantile(const struct fl_lathist *h, double q);

#endif /* FAULTLINE_LATHIST_H */
