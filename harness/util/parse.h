/* SPDX-License-Identifier: GPL-2.0 */
/*
 * parse.h - the one copy of the number, size and list parsers. Each
 * returns 0, or -1 when the whole string is not a value in range.
 */
#ifndef FAULTLINE_PARSE_H
#define FAULTLINE_PARSE_H

#include <stddef.h>
#include <stdint.h>

/* An integer in [lo, hi]; decimal (010 is ten), or hex after 0x. */
int fl_parse_int(const char *s, long long lo, long long hi, long long *out);
/* An unsigned 64-bit integer, decimal or 0x hex. */
int fl_parse_u64(const char *s, uint64_t *out);
/* A finite number in [lo, hi]. */
int fl_parse_num(const char *s, double lo, double hi, double *out);
/* Bytes: a number with an optional K, M, G or T suffix (and B). */
int fl_parse_size(const char *s, long long *out);
/* Bytes as a user types them back: 1G, 64K, 1536M, or plain. */
void fl_size_text(long long n, char *buf, size_t len);

/* "N" or "N-M" with lo <= N <= M <= hi, e.g. a CPU range. */
int fl_parse_range(const char *s, long long lo, long long hi,
		   long long *first, long long *last);

/*
 * Call fn on every item of a comma-separated list; stops at, and
 * returns, the first non-zero return of fn. An empty item is -1.
 */
int fl_parse_list(const char *s, int (*fn)(const char *item, void *arg),
		  void *arg);

#endif /* FAULTLINE_PARSE_H */
