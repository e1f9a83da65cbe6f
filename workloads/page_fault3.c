// SPDX-License-Identifier: GPL-2.0
/* page_fault3 - shared file mapping, write fault per page (will-it-scale page_fault3). */
#include "wis.h"

static const struct fl_param params[] = {
	WIS_SIZE_PARAM,
	WIS_DIR_PARAM,
	WIS_DELAY_PARAM,
	{ NULL },
};

static int worker(struct fl_task *t)
{
	return wis_loop(t, MAP_SHARED, true, true);
}

const struct fl_workload wl_page_fault3 = {
	.name = "page_fault3",
	.desc = "shared file mapping, write fault per page",
	.kind = FL_THROUGHPUT,
	.params = params,
	WIS_HOOKS,
	.worker = worker,
};
