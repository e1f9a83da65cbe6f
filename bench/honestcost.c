// SPDX-License-Identifier: GPL-2.0
/*
 * honestcost.c - the CPU time of each check of workloads/honest.h next
 * to the CPU time of the operation it rides on, on this machine; the
 * overhead of a workload's checks is their cost per op over the op's.
 * Thread CPU time (CLOCK_THREAD_CPUTIME_ID), best of TRIALS, so that
 * other load on the machine mostly drops out. Used by bench/honest.sh.
 *
 *   honestcost SIZE TRIALS
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "honest.h"

static size_t pg, size, npg;
static volatile uint64_t sink;

static double cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static char *map_anon(size_t len)
{
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		perror("mmap");
		exit(2);
	}
	return p;
}

/* ns per page: write fault on a fresh anonymous mapping (page_fault1) */
static double op_fault(void)
{
	char *p = map_anon(size);
	double t0 = cpu_ns(), t;
	size_t i;

	for (i = 0; i < size; i += pg)
		p[i] = 1;
	t = cpu_ns() - t0;
	munmap(p, size);
	return t / npg;
}

/* ns per mmap/munmap pair of SIZE, untouched (mmap1) */
static double op_pair(void)
{
	double t0 = cpu_ns();
	int i;

	for (i = 0; i < 1000; i++)
		munmap(map_anon(size), size);
	return (cpu_ns() - t0) / 1000;
}

/* ns: two honest_kfaults() calls (one round's fault count) */
static double ck_kfaults(void)
{
	double t0 = cpu_ns();
	int i;

	for (i = 0; i < 1000; i++)
		sink += honest_kfaults() + honest_kfaults();
	return (cpu_ns() - t0) / 1000;
}

/* ns: mincore() of a fresh anonymous mapping and the scan (page_fault1) */
static double ck_fresh(unsigned char *vec)
{
	char *p = map_anon(size);
	double t0 = cpu_ns(), t;
	size_t i;

	if (mincore(p, size, vec))
		exit(2);
	for (i = 0; i < npg; i++)
		if (vec[i] & 1)
			sink += p[i * pg];
	t = cpu_ns() - t0;
	munmap(p, size);
	return t;
}

/* ns: one pread() of a byte (page_fault2, page_fault3, giant_vma) */
static double ck_pread(int fd)
{
	double t0 = cpu_ns();
	unsigned char b;
	int i;

	for (i = 0; i < 1000; i++)
		if (pread(fd, &b, 1, (off_t)(i % npg) * pg) == 1)
			sink += b;
	return (cpu_ns() - t0) / 1000;
}

/* ns: mincore() of an unmapped page (mmap1, mmap2: one pair in 256) */
static double ck_unmapped(void)
{
	char *p = map_anon(pg);
	double t0;
	unsigned char b;
	int i;

	munmap(p, pg);
	t0 = cpu_ns();
	for (i = 0; i < 1000; i++)
		sink += mincore(p, pg, &b) ? errno : 0;
	return (cpu_ns() - t0) / 1000;
}

/* ns: giant_vma's private check: read a dropped page, drop its block */
static double ck_dropped(size_t span)
{
	char *p = map_anon(2 * span), *b;
	double t0, t;
	int i;

	b = (char *)(((uintptr_t)p + span - 1) / span * span);
	t0 = cpu_ns();
	for (i = 0; i < 1000; i++) {
		sink += b[(i % (span / pg)) * pg];
		madvise(b, span, MADV_DONTNEED);
	}
	t = (cpu_ns() - t0) / 1000;
	munmap(p, 2 * span);
	return t;
}

#define BEST(var, expr) do {						\
	int k_;								\
	for (var = 1e18, k_ = 0; k_ < trials; k_++) {			\
		double v_ = (expr);					\
		if (v_ < var)						\
			var = v_;					\
	}								\
} while (0)

int main(int argc, char **argv)
{
	int trials = argc > 2 ? atoi(argv[2]) : 5, fd;
	double fault, pair, kf, fresh, prd, unm, drop;
	size_t span = honest_span();
	unsigned char *vec;

	pg = getpagesize();
	size = argc > 1 ? strtoull(argv[1], NULL, 0) : 128 << 20;
	npg = size / pg;
	vec = malloc(npg);
	fd = fl_tmpfile(NULL, size);
	if (!vec || fd < 0 || trials < 1)
		return 2;
	BEST(fault, op_fault());
	BEST(pair, op_pair());
	BEST(kf, ck_kfaults());
	BEST(fresh, ck_fresh(vec));
	BEST(prd, ck_pread(fd));
	BEST(unm, ck_unmapped());
	BEST(drop, ck_dropped(span));
	printf("# thread CPU ns, best of %d; a loop is %zu pages\n", trials,
	       npg);
	printf("op: anonymous write fault, per page %.0f\n", fault);
	printf("op: mmap+munmap pair %.0f\n", pair);
	printf("check: fault count, per round (2 getrusage) %.0f\n", kf);
	printf("check: mincore+scan of a fresh mapping %.0f\n", fresh);
	printf("check: pread of one byte %.0f\n", prd);
	printf("check: mincore of an unmapped page %.0f\n", unm);
	printf("check: read a dropped page, drop its block %.0f\n", drop);
	printf("overhead: page_fault1 %.4f%%\n",
	       100 * (kf + fresh) / (npg * fault));
	printf("overhead: page_fault2, page_fault3 %.4f%% (at most: "
	       "their faults cost more than an anonymous one)\n",
	       100 * (kf + prd) / (npg * fault));
	printf("overhead: mmap1, mmap2 %.4f%% (processes mode; threads: 0)\n",
	       100 * unm / 256 / pair);
	printf("overhead: giant_vma, 1 GiB, 1 task %.4f%%\n",
	       100 * (kf + drop + prd) / ((1 << 30) / pg * fault));
	close(fd);
	return 0;
}
