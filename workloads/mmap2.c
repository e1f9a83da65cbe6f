// SPDX-License-Identifier: GPL-2.0
/* mmap2 - private file mmap/munmap pairs (will-it-scale mmap2). */
#include "wis.h"

static const struct fl_param params[] = {
	WIS_SIZE_PARAM,
	WIS_DIR_PARAM,
	WIS_DELAY_PARAM,
	{ NULL },
};

static int worker(struct fl_task *t)
{
	return wis_loop(t, MAP_PRIVATE, true, false);
}

const struct fl_workload wl_mmap2 = {
	.name = "mmap2",
	.desc = "private file mmap/munmap pairs",
	.kind = FL_THROUGHPUT,
	.params = params,
	WIS_HOOKS,
	.worker = worker,
};
