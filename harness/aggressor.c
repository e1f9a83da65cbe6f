// SPDX-License-Identifier: GPL-2.0
/* Placeholder until --with lands: accepts nothing. */
#include <stdio.h>

#include "aggressor.h"

int aggr_parse(const char *spec, char *err, size_t errlen)
{
	snprintf(err, errlen, "--with is not built yet");
	return -1;
}

struct aggr *aggr_start(char *const *specs, int nr, const char *dir)
{
	return NULL;
}

void aggr_stop(struct aggr *a, json_object *case_obj)
{
}
