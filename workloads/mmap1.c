// SPDX-License-Identifier: GPL-2.0
/* mmap1 - anonymous mmap/munmap pairs (will-it-scale mmap1). */
#include "wis.h"

static const struct fl_param params[] = {
	WIS_SIZE_PARAM,
	WIS_DELAY_PARAM,
	{ NULL },
};

static int worker(struct fl_task *t)
{
	return wis_loop(t, MAP_PRIVATE | MAP_ANONYMOUS, false, false);
}

const struct fl_workload wl_mmap1 = {
	.name = "mmap1",
	.desc = "anonymous mmap/munmap pairs",
	.kind = FL_THROUGHPUT,
	.params = params,
	WIS_HOOKS,
	.worker = worker,
};
