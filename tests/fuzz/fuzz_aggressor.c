// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_aggressor - the stress-ng YAML and fio JSON parsers of --with
 * (static in aggressor.c, so it is included here). The first byte picks
 * the parser: even stress-ng, odd fio; the rest is the file.
 */
#include "../../harness/engine/aggressor.c"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_object *o;
	char why[256];
	const char *p;

	if (!size)
		return 0;
	p = fuzz_file("aggr.out", data + 1, size - 1);
	o = data[0] & 1 ? parse_fio(p, why, sizeof(why)) :
			  parse_stress_ng(p, why, sizeof(why));
	json_object_put(o);
	return 0;
}
