/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lathist.h - log-linear latency histogram: 16 linear sub-buckets per power
 * of two, so any recorded value is known to within 1/16 (6.25%).
 */
#ifndef FAULTLINE_HIST_H
#define FAULTLINE_HIST_H

#include <stdint.h>

#define FL_HIST_SUB_BITS	4
#define FL_HIST_SUB		(1 << FL_HIST_SUB_BITS)
#define FL_HIST_BUCKETS		((64 - FL_HIST_SUB_BITS + 1) * FL_HIST_SUB)

struct fl_hist {
	uint64_t count[FL_HIST_BUCKETS];
	uint64_t max;
};

static inline int fl_hist_bucket(uint64_t v)
{
	int e;

	if (v < FL_HIST_SUB)
		return (int)v;
	e = 63 - __builtin_clzll(v);
	return (e - FL_HIST_SUB_BITS + 1) * FL_HIST_SUB +
	       (int)((v >> (e - FL_HIST_SUB_BITS)) & (FL_HIST_SUB - 1));
}

/* The smallest value that falls into bucket b. */
uint64_t fl_hist_lower(int b);
/* Add src into dst, or subtract when sign < 0 (for snapshots). */
void fl_hist_merge(struct fl_hist *dst, const struct fl_hist *src, int sign);
uint64_t fl_hist_total(const struct fl_hist *h);
/* Value at quantile q (0..1): the lower bound of its bucket. */
uint64_t fl_hist_quantile(const struct fl_hist *h, double q);

#endif /* FAULTLINE_HIST_H */
