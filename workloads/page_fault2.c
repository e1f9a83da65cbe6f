// SPDX-License-Identifier: GPL-2.0
/* page_fault2 - private file mapping, COW fault per page (will-it-scale page_fault2). */
#include "wis.h"

static const struct fl_param params[] = {
	WIS_SIZE_PARAM,
	WIS_DIR_PARAM,
	WIS_DELAY_PARAM,
	{ NULL },
};

static int worker(struct fl_task *t)
{
	return wis_loop(t, MAP_PRIVATE, true, true);
}

const struct fl_workload wl_page_fault2 = {
	.name = "page_fault2",
	.desc = "private file mapping, COW fault per page",
	.kind = FL_THROUGHPUT,
	.params = params,
	WIS_HOOKS,
	.worker = worker,
};
