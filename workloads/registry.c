// SPDX-License-Identifier: GPL-2.0
/*
 * registry.c - every workload faultline knows. Adding a workload is one
 * file in workloads/ and one line here.
 */
#include <string.h>

#include "workload.h"

extern const struct fl_workload wl_page_fault1, wl_page_fault2,
	wl_page_fault3, wl_mmap1, wl_mmap2, wl_giant_vma, wl_selftest;
extern const struct fl_workload wl_mapfixed_race, wl_truncate_race,
	wl_cow_storm;
extern const struct fl_workload wl_fork_race, wl_dirtycow, wl_mremap_race,
	wl_stack_race;

const struct fl_workload *const fl_workloads[] = {
	/* will-it-scale compatible baselines */
	&wl_page_fault1,
	&wl_page_fault2,
	&wl_page_fault3,
	&wl_mmap1,
	&wl_mmap2,
	/* fault-path scalability */
	&wl_giant_vma,
	/* races */
	&wl_mapfixed_race,
	&wl_truncate_race,
	&wl_cow_storm,
	&wl_fork_race,
	&wl_dirtycow,
	&wl_mremap_race,
	&wl_stack_race,
	/* the harness's own test */
	&wl_selftest,
	NULL
};

const struct fl_workload *fl_workload_find(const char *name)
{
	int i;

	for (i = 0; fl_workloads[i]; i++)
		if (!strcmp(fl_workloads[i]->name, name))
			return fl_workloads[i];
	return NULL;
}
