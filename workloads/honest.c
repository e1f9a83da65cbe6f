// SPDX-License-Identifier: GPL-2.0
/* honest.c - the fault-count and content checks of honest.h. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "honest.h"

uint64_t honest_kfaults(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_THREAD, &ru))
		return UINT64_MAX;	/* cannot tell: never a violation */
	return (uint64_t)ru.ru_minflt + (uint64_t)ru.ru_majflt;
}

size_t honest_span(void)
{
	FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/hpage_pmd_size",
			"r");
	size_t pg = getpagesize(), span = 0;

	if (f) {
		if (fscanf(f, "%zu", &span) != 1)
			span = 0;
		fclose(f);
	}
	if (span < pg || span % pg)
		span = pg * (pg / sizeof(long));
	return span;
}

uint64_t honest_min_faults(uintptr_t start, size_t len, size_t span)
{
	uintptr_t first, end;

	if (!span || len < span)
		return 0;
	first = (start + span - 1) / span;	/* first whole block */
	end = (start + len) / span;		/* one past the last */
	return end > first ? end - first : 0;
}

bool honest_check_faults(struct fl_task *t, uint64_t round, uint64_t min,
			 uint64_t before, uint64_t after, bool *reported,
			 const char *what)
{
	uint64_t kfaults = after - before;

	if (before == UINT64_MAX || after == UINT64_MAX)
		return true;	/* getrusage failed: no claim either way */
	if (kfaults >= min)
		return true;
	if (!*reported)
		fl_violation(t, round, min, kfaults,
			     "fault count: kernel handled %llu faults for "
			     "%s (round %llu), which needs at least %llu",
			     (unsigned long long)kfaults, what,
			     (unsigned long long)round,
			     (unsigned long long)min);
	*reported = true;
	return false;
}

bool honest_site(const char *site, bool dflt)
{
	const char *s = getenv("FAULTLINE_INJECT_SITE");

	return s && *s ? !strcmp(s, site) : dflt;
}

bool honest_off(void)
{
	const char *e = getenv("FAULTLINE_NO_CHECKS");

	return e && *e == '1';
}
