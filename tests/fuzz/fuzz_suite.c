// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_suite - suite files: every line a workload spec with parameters
 * and case options, through fl_suite_load() (and so fl_cases_add(),
 * fl_params_parse(), the case option checks).
 */
#include "fuzz.h"
#include "caseopt.h"
#include "run.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fl_topo topo;
	struct fl_caselist l = { 0 };
	struct fl_caseopts cli;
	char err[512];

	fl_caseopts_default(&cli);
	fl_suite_load(&l, fuzz_file("fuzz.suite", data, size), &cli, &topo,
		      42, err, sizeof(err));
	fl_caselist_free(&l);
	return 0;
}
