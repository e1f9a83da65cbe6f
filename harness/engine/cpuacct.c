// SPDX-License-Identifier: GPL-2.0
/*
 * cpuacct.c - where a task's time went during a rep's measured window:
 * on-CPU and run-queue wait from /proc/TGID/task/TID/schedstat (ns),
 * user and system time from .../stat and involuntary context switches
 * from .../status (the counters getrusage(RUSAGE_THREAD) returns as
 * ru_utime, ru_stime and ru_nivcsw: RUSAGE_THREAD only works on the
 * calling thread, and the sampler must read them at the window's
 * edges), and the machine's steal time from /proc/stat's cpu line.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

static FILE *task_file(int tgid, int tid, const char *what)
{
	char path[96];

	snprintf(path, sizeof(path), "/proc/%d/task/%d/%s", tgid, tid, what);
	return fopen(path, "r");
}

/* utime and stime, fields 14 and 15 of stat, in clock ticks */
static int read_stat(int tgid, int tid, uint64_t *ut, uint64_t *st)
{
	char buf[1024], *p;
	unsigned long long u, s;
	FILE *f = task_file(tgid, tid, "stat");
	size_t n;

	if (!f)
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = 0;
	p = strrchr(buf, ')');	/* comm may hold spaces and parens */
	if (!p || sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u "
			 "%*u %llu %llu", &u, &s) != 2)
		return -1;
	*ut = u;
	*st = s;
	return 0;
}

static int read_nivcsw(int tgid, int tid, uint64_t *v)
{
	char line[256];
	unsigned long long x;
	FILE *f = task_file(tgid, tid, "status");
	int ret = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "nonvoluntary_ctxt_switches: %llu", &x) == 1) {
			*v = x;
			ret = 0;
			break;
		}
	fclose(f);
	return ret;
}

void fl_cpuacct_task(int tgid, int tid, struct fl_cpuacct *a)
{
	unsigned long long on, wait;
	FILE *f;

	memset(a, 0, sizeof(*a));
	if (tid <= 0)
		return;
	f = task_file(tgid, tid, "schedstat");
	if (f && fscanf(f, "%llu %llu", &on, &wait) == 2) {
		a->oncpu_ns = on;
		a->runq_ns = wait;
		a->ok = 1;
	}
	if (f)
		fclose(f);
	if (a->ok && (read_stat(tgid, tid, &a->utime, &a->stime) ||
		      read_nivcsw(tgid, tid, &a->nivcsw)))
		a->ok = 0;
}

int fl_cpuacct_steal(uint64_t *steal, uint64_t *total)
{
	unsigned long long v[8];
	FILE *f = fopen("/proc/stat", "r");
	int n, i;

	*steal = *total = 0;
	if (!f)
		return -1;
	n = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0],
		   &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]);
	fclose(f);
	if (n != 8)
		return -1;
	for (i = 0; i < 8; i++)	/* guest time is within user already */
		*total += v[i];
	*steal = v[7];
	return 0;
}
