// SPDX-License-Identifier: GPL-2.0
/* parse.c - numbers, sizes and lists (parse.h). */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"

/* Decimal, or hex after 0x; never octal: 010 is ten. */
static int base_of(const char *s)
{
	while (isspace((unsigned char)*s) || *s == '-' || *s == '+')
		s++;
	return s[0] == '0' && (s[1] == 'x' || s[1] == 'X') ? 16 : 10;
}

int fl_parse_int(const char *s, long long lo, long long hi, long long *out)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, base_of(s));
	if (errno || end == s || *end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

int fl_parse_u64(const char *s, uint64_t *out)
{
	unsigned long long v;
	char *end;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoull(s, &end, base_of(s));
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

int fl_parse_num(const char *s, double lo, double hi, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !isfinite(v) || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

int fl_parse_size(const char *s, long long *out)
{
	char *end;
	long long v;
	int shift = 0;

	errno = 0;
	v = strtoll(s, &end, base_of(s));
	if (errno || end == s || v < 0)
		return -1;
	switch (tolower((unsigned char)*end)) {
	case 'k': shift = 10; end++; break;
	case 'm': shift = 20; end++; break;
	case 'g': shift = 30; end++; break;
	case 't': shift = 40; end++; break;
	}
	if (*end == 'b' || *end == 'B')
		end++;
	if (*end || (shift && v > (LLONG_MAX >> shift)))
		return -1;
	*out = v << shift;
	return 0;
}

void fl_size_text(long long n, char *buf, size_t len)
{
	static const char sfx[] = "KMGT";
	int k = -1;

	while (n && !(n & 1023) && k < 3) {
		n >>= 10;
		k++;
	}
	if (k >= 0)
		snprintf(buf, len, "%lld%c", n, sfx[k]);
	else
		snprintf(buf, len, "%lld", n);
}

int fl_parse_range(const char *s, long long lo, long long hi,
		   long long *first, long long *last)
{
	const char *dash = strchr(s, '-');
	char a[32];

	if (!dash)
		return fl_parse_int(s, lo, hi, first) ? -1 :
		       (*last = *first, 0);
	if (dash == s || (size_t)(dash - s) >= sizeof(a))
		return -1;
	memcpy(a, s, dash - s);
	a[dash - s] = 0;
	if (!isdigit((unsigned char)a[0]) || !isdigit((unsigned char)dash[1]))
		return -1;
	if (fl_parse_int(a, lo, hi, first) ||
	    fl_parse_int(dash + 1, *first, hi, last))
		return -1;
	return 0;
}

int fl_parse_list(const char *s, int (*fn)(const char *item, void *arg),
		  void *arg)
{
	char item[256];
	size_t n;
	int ret;

	for (;;) {
		n = strcspn(s, ",");
		if (!n || n >= sizeof(item))
			return -1;
		memcpy(item, s, n);
		item[n] = 0;
		ret = fn(item, arg);
		if (ret)
			return ret;
		if (!s[n])
			return 0;
		s += n + 1;
	}
}
