// SPDX-License-Identifier: GPL-2.0
/*
 * vmstat.c - the /proc/vmstat counters a fault-path run cares about:
 * pgfault and friends, thp_*, numa_* and vma_lock_* where present.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"

static bool wanted(const char *name)
{
	static const char *const prefix[] = {
		"pgfault", "pgmajfault", "thp_fault", "thp_split",
		"thp_collapse", "numa_", "vma_lock_", "pgalloc_normal",
		"pgfree",
	};
	size_t i;

	for (i = 0; i < sizeof(prefix) / sizeof(prefix[0]); i++)
		if (!strncmp(name, prefix[i], strlen(prefix[i])))
			return true;
	return false;
}

int fl_vmstat_names(struct fl_shared *shm)
{
	char name[64];
	unsigned long long v;
	FILE *f = fopen("/proc/vmstat", "r");

	shm->nvmstat = 0;
	if (!f)
		return -1;
	while (fscanf(f, "%63s %llu", name, &v) == 2)
		if (wanted(name) && shm->nvmstat < FL_MAX_VMSTAT)
			snprintf(shm->vmstat_name[shm->nvmstat++],
				 sizeof(shm->vmstat_name[0]), "%s", name);
	fclose(f);
	return 0;
}

void fl_vmstat_read(const struct fl_shared *shm, uint64_t *vals)
{
	char name[64];
	unsigned long long v;
	FILE *f = fopen("/proc/vmstat", "r");
	int i = 0;

	memset(vals, 0, sizeof(*vals) * shm->nvmstat);
	if (!f)
		return;
	/* the names were read in file order: walk both together */
	while (i < shm->nvmstat && fscanf(f, "%63s %llu", name, &v) == 2)
		if (!strcmp(name, shm->vmstat_name[i]))
			vals[i++] = v;
	fclose(f);
}
