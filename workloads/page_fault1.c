// SPDX-License-Identifier: GPL-2.0
/* page_fault1 - anonymous private mapping, write fault per page (will-it-scale page_fault1). */
#include "wis.h"

static const struct fl_param params[] = {
	WIS_SIZE_PARAM,
	WIS_DELAY_PARAM,
	{ NULL },
};

static int worker(struct fl_task *t)
{
	return wis_loop(t, MAP_PRIVATE | MAP_ANONYMOUS, false, true);
}

const struct fl_workload wl_page_fault1 = {
	.name = "page_fault1",
	.desc = "anonymous private mapping, write fault per page",
	.kind = FL_THROUGHPUT,
	.params = params,
	WIS_HOOKS,
	.worker = worker,
};
