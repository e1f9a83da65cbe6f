// SPDX-License-Identifier: GPL-2.0
/* util.c - small helpers the runner's files share. */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdio.h>
#include <time.h>

#include "harness.h"

/* FNV-1a over s, folded with seed through splitmix64. */
uint64_t fl_hash64(uint64_t seed, const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 0x100000001b3ULL;
	seed ^= h;
	return fl_rand(&seed);
}

double fl_mono_sec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	return remove(path);
}

/* rm -rf dir; quiet if it does not exist. */
void fl_rmtree(const char *dir)
{
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}
