// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_compare - compare's inputs: two result documents, split at the
 * first line "----", read and compared, every output format printed.
 */
#include "fuzz.h"
#include "rundoc.h"
#include "compare.h"

/* main.c's; only option parsing calls it, never the data: a finding */
void fl_usage_error(const char *fmt, ...)
{
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char sep[] = "\n----\n";
	struct fl_rundoc a, b;
	struct fl_cmp_opts o;
	struct fl_cmp c;
	char err[512];
	const uint8_t *mid = memmem(data, size, sep, sizeof(sep) - 1);
	size_t na = mid ? (size_t)(mid - data) : size;
	const uint8_t *rest = mid ? mid + sizeof(sep) - 1 : data;
	size_t nb = mid ? size - na - (sizeof(sep) - 1) : size;
	FILE *null;

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	if (fl_rundoc_load(fuzz_file("a.json", data, na), &a, err,
			   sizeof(err)))
		return 0;
	if (fl_rundoc_load(fuzz_file("b.json", rest, nb), &b, err,
			   sizeof(err))) {
		fl_rundoc_free(&a);
		return 0;
	}
	fl_cmp_opts_default(&o);
	fl_cmp_build(&c, &o, &a, &b, 1);
	null = fopen("/dev/null", "w");
	if (null) {
		fl_cmp_print_text(&c, null);
		fl_cmp_print_markdown(&c, null);
		fl_cmp_print_json(&c, null);
		fclose(null);
	}
	fl_cmp_status(&c);
	fl_cmp_free(&c);
	fl_rundoc_free(&a);
	fl_rundoc_free(&b);
	return 0;
}
