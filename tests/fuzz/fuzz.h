/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fuzz.h - shared by the libFuzzer harnesses in tests/fuzz/ (one per
 * target; tests/fuzz/run.sh runs them). The functions under test read
 * files, so each input is written to a private file first.
 */
#ifndef FAULTLINE_FUZZ_H
#define FAULTLINE_FUZZ_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* memmem */
#endif

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * A per-process scratch directory, made once, in $FUZZ_TMPDIR: run.sh and
 * afl.sh make one per run and remove it after (a fuzzer may start
 * thousands of processes, none of which gets to clean up after itself).
 */
static inline const char *fuzz_dir(void)
{
	static char dir[PATH_MAX];

	if (!dir[0]) {
		const char *base = getenv("FUZZ_TMPDIR");

		if (!base || !*base)
			base = access("/dev/shm", W_OK) ? "/tmp" : "/dev/shm";
		snprintf(dir, sizeof(dir), "%s/flfuzz.XXXXXX", base);
		if (!mkdtemp(dir))
			abort();
	}
	return dir;
}

/* Write data to fuzz_dir()/name and return that path (static buffer). */
static inline const char *fuzz_file(const char *name, const void *data,
				    size_t size)
{
	static char path[2][PATH_MAX + 64];
	static int k;
	char *p = path[k++ & 1];
	FILE *f;

	snprintf(p, sizeof(path[0]), "%s/%s", fuzz_dir(), name);
	f = fopen(p, "w");
	if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f))
		abort();
	return p;
}

#endif /* FAULTLINE_FUZZ_H */
