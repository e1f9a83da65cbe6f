// SPDX-License-Identifier: GPL-2.0
/* fuzz_rundoc - the result-document reader: fl_rundoc_load() on a file. */
#include "fuzz.h"
#include "rundoc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fl_rundoc d;
	char err[512];

	memset(&d, 0, sizeof(d));
	if (!fl_rundoc_load(fuzz_file("result.json", data, size), &d, err,
			    sizeof(err)))
		fl_rundoc_free(&d);
	return 0;
}
