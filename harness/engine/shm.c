// SPDX-License-Identifier: GPL-2.0
/*
 * shm.c - the memory a supervisor shares with a case's measured process.
 * It is mapped before fork(), so the same pointers are valid on both
 * sides, and it outlives a crash of the measured process: whatever a
 * case produced before it died is still there to report.
 */
#include <string.h>
#include <sys/mman.h>

#include "harness.h"

static size_t shm_size(const struct fl_case *c, int max_samples)
{
	size_t rep = sizeof(struct fl_rep_rec) +
		     max_samples * (sizeof(double) +
				    FL_MAX_COUNTERS * sizeof(uint64_t)) +
		     FL_MAX_TASKS * FL_MAX_COUNTERS * sizeof(uint64_t) +
		     FL_MAX_TASKS * sizeof(struct fl_cpuacct) + 64;
	size_t sz = sizeof(struct fl_shared) + 64 +
		    FL_MAX_TASKS * sizeof(struct fl_task_rec) +
		    (size_t)fl_reps_max(&c->o) * (rep + 64);

	if (c->wl->latency)
		sz += FL_MAX_TASKS * sizeof(struct fl_lathist);
	return sz;
}

/* Carve n bytes, 64-byte aligned, off *p. */
static void *carve(char **p, size_t n)
{
	void *r = *p;

	*p += (n + 63) & ~(size_t)63;
	return r;
}

struct fl_shared *fl_shared_alloc(const struct fl_case *c)
{
	int max_samples = c->o.warmup + c->o.duration + 2;
	size_t sz = shm_size(c, max_samples);
	struct fl_shared *shm;
	char *p;
	int i;

	p = mmap(NULL, sz, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
		 -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	shm = carve(&p, sizeof(*shm));
	shm->map_size = sz;
	shm->max_samples = max_samples;
	shm->task = carve(&p, FL_MAX_TASKS * sizeof(struct fl_task_rec));
	shm->rep_rec = carve(&p, fl_reps_max(&c->o) *
				 sizeof(struct fl_rep_rec));
	for (i = 0; i < fl_reps_max(&c->o); i++) {
		struct fl_rep_rec *r = &shm->rep_rec[i];

		r->t = carve(&p, max_samples * sizeof(double));
		r->sample = carve(&p, max_samples * FL_MAX_COUNTERS *
					      sizeof(uint64_t));
		r->delta = carve(&p, FL_MAX_TASKS * FL_MAX_COUNTERS *
					     sizeof(uint64_t));
		r->cpu = carve(&p, FL_MAX_TASKS * sizeof(struct fl_cpuacct));
	}
	if (c->wl->latency)
		for (i = 0; i < FL_MAX_TASKS; i++)
			shm->task[i].lat = carve(&p, sizeof(struct fl_lathist));
	return shm;
}

void fl_shared_free(struct fl_shared *shm)
{
	if (shm)
		munmap(shm, shm->map_size);
}
