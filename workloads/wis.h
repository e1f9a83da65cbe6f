/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wis.h - the loops behind the will-it-scale compatible workloads, with
 * the same semantics and op counting as will-it-scale's tests of the
 * same names: a 128 MB region, a per-task unlinked file for the
 * file-backed ones, one op per page touched or per mmap/munmap pair.
 */
#ifndef FAULTLINE_WIS_H
#define FAULTLINE_WIS_H

#include <errno.h>
#include <stdbool.h>
#include <sys/mman.h>
#include <unistd.h>

#include "workload.h"

#define WIS_SIZE_PARAM \
	{ "size", FL_P_SIZE, "128M", 4096, 1LL << 40, NULL, \
	  "bytes mapped per loop (will-it-scale: 128M)" }
#define WIS_DIR_PARAM \
	{ "dir", FL_P_STR, "/tmp", 0, 0, NULL, \
	  "directory of the per-task unlinked file" }

static const char *const wis_counters[] = { "ops", NULL };

/* A per-task file when the workload has a dir= parameter, else -1. */
static inline int wis_file(struct fl_task *t, size_t size, bool file)
{
	return file ? fl_tmpfile(fl_param_str(t->ctx, "dir"), size) : -1;
}

/*
 * A hole of `size` for this task, with a 2 MiB PROT_NONE guard kept above
 * it (2 MiB, so the hole keeps the huge-page alignment the kernel gives
 * a bare mmap of this size). Without it, top-down allocation puts two threads' regions next to
 * each other, they merge into one VMA, and every munmap splits the VMA
 * the other thread is faulting in: seen in /proc/PID/maps as one 256M
 * anonymous VMA with 2 threads. will-it-scale's regions do not touch.
 * The loop's mmap() passes the hole as a hint, which the kernel takes
 * while it is free. NULL if the hole cannot be made (no hint, then).
 */
static inline void *wis_hole(size_t size)
{
	char *r = mmap(NULL, size + (2 << 20), PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (r == MAP_FAILED)
		return NULL;
	munmap(r, size);
	return r;
}

/*
 * mmap, then either write one byte per page (one op each: page_fault*)
 * or nothing (one op per mmap/munmap pair: mmap*), munmap; repeat.
 */
static inline int wis_loop(struct fl_task *t, int flags, bool file,
			   bool touch)
{
	size_t size = fl_param_int(t->ctx, "size"), pg = getpagesize(), i;
	int fd = wis_file(t, size, file);
	char *hole = wis_hole(size), *c;
	bool noted = false;

	if (file && fd < 0)
		return fd;
	while (!fl_stopping(t)) {
		c = mmap(hole, size, PROT_READ | PROT_WRITE, flags, fd, 0);
		if (c == MAP_FAILED)
			return -errno;
		if (!touch) {
			munmap(c, size);
			fl_inc(t, 0);
			continue;
		}
		for (i = 0; i < size; i += pg) {
			c[i] = 0;
			fl_inc(t, 0);
		}
		if (!noted)
			fl_note_pages(t, c, size);
		noted = true;
		munmap(c, size);
	}
	if (fd >= 0)
		close(fd);
	return 0;
}

#endif /* FAULTLINE_WIS_H */
