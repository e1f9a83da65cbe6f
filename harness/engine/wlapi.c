// SPDX-License-Identifier: GPL-2.0
/* wlapi.c - the services workload.h promises to workloads. */
#include <errno.h>
#include <fcntl.h>
#include <numaif.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

int fl_param_index(const struct fl_ctx *ctx, const char *name)
{
	const struct fl_param *p;

	for (p = ctx->wl->params; p && p->name; p++)
		if (!strcmp(p->name, name))
			return (int)(p - ctx->wl->params);
	fprintf(stderr, "faultline: BUG: %s has no parameter %s\n",
		ctx->wl->name, name);
	abort();
}

int fl_param_enum(const struct fl_ctx *ctx, const char *name)
{
	int i = fl_param_index(ctx, name);

	if (ctx->wl->params[i].type != FL_P_ENUM) {
		fprintf(stderr, "faultline: BUG: %s: parameter %s is not an "
			"enum\n", ctx->wl->name, name);
		abort();
	}
	return (int)ctx->param[i].i;
}

bool fl_stopping(const struct fl_task *t)
{
	return __atomic_load_n(&t->ctx->shm->stop, __ATOMIC_RELAXED);
}

uint64_t fl_now_ns(void)
{
	return fl_mono_ns();
}

void fl_lat_record(struct fl_task *t, uint64_t ns)
{
	struct fl_lathist *h = t->rec->lat;

	if (!h)
		return;
	h->count[fl_lathist_bucket(ns)]++;
	if (ns > h->max)
		h->max = ns;
}

void fl_note_pages(struct fl_task *t, const void *addr, size_t len)
{
	enum { N = 32 };
	void *pages[N];
	int status[N], i, n = 0;
	long psz = sysconf(_SC_PAGESIZE);
	size_t npages = len / psz, step;

	if (!npages)
		return;
	step = npages > N ? npages / N : 1;
	for (i = 0; i < N && (size_t)i * step < npages; i++)
		pages[n++] = (char *)addr + (size_t)i * step * psz;
	if (move_pages(0, n, pages, NULL, status, 0))
		return;
	for (i = 0; i < n; i++)
		if (status[i] >= 0 && status[i] < FL_MAX_NODES)
			t->rec->pages_by_node[status[i]]++;
}

void fl_violation(struct fl_task *t, uint64_t page, uint64_t expected,
		  uint64_t seen, const char *fmt, ...)
{
	struct fl_shared *shm = t->ctx->shm;
	int i = __atomic_fetch_add(&shm->nviol, 1, __ATOMIC_RELAXED);
	struct fl_viol *v;
	va_list ap;

	if (i >= FL_MAX_VIOL)
		return;
	v = &shm->viol[i];
	v->t_ns = fl_now_ns() - shm->t0_ns;
	v->task = t->id;
	v->rep = t->ctx->rep;
	v->page = page;
	v->expected = expected;
	v->seen = seen;
	va_start(ap, fmt);
	vsnprintf(v->what, sizeof(v->what), fmt, ap);
	va_end(ap);
}

bool fl_inject(struct fl_task *t)
{
	int *left = &t->ctx->shm->inject_left;

	if (!__atomic_load_n(left, __ATOMIC_RELAXED))
		return false;
	return __atomic_exchange_n(left, 0, __ATOMIC_RELAXED) != 0;
}

void fl_reason(struct fl_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ctx->shm->reason, sizeof(ctx->shm->reason), fmt, ap);
	va_end(ap);
}

int fl_tmpfile(const char *dir, size_t size)
{
	char path[4096];
	int fd;

	snprintf(path, sizeof(path), "%s/faultline.XXXXXX", dir ? dir : "/tmp");
	fd = mkstemp(path);
	if (fd < 0)
		return -errno;
	unlink(path);
	if (size && ftruncate(fd, (off_t)size)) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}
