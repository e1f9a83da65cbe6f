/* SPDX-License-Identifier: GPL-2.0 */
/*
 * placement.h - where tasks run and where their memory goes.
 * Topology from hwloc; memory policies through libnuma.
 */
#ifndef FAULTLINE_PLACEMENT_H
#define FAULTLINE_PLACEMENT_H

#include <stddef.h>

#define FL_MAX_CPUS	1024

struct fl_node {
	int id;			/* OS index */
	char cpus[256];		/* list, e.g. "0-3,8-11" */
	unsigned long long mem_bytes;
};

struct fl_topo {
	int packages, nnodes, cores, pus;
	/* usable PUs in hwloc logical order */
	int pu_os[FL_MAX_CPUS];
	int pu_core[FL_MAX_CPUS];	/* logical core index */
	int pu_node[FL_MAX_CPUS];	/* NUMA node OS index */
	struct fl_node node[64];
	int dist[64][64];		/* node distances, by position */
};

enum fl_mem_kind {
	FL_MEM_DEFAULT, FL_MEM_LOCAL, FL_MEM_INTERLEAVE, FL_MEM_BIND,
	FL_MEM_PREFERRED, FL_MEM_REMOTE,
};

struct fl_placement {
	const struct fl_topo *topo;
	int ncpus;			/* 0: unpinned */
	int cpu[FL_MAX_CPUS];		/* task i runs on cpu[i % ncpus] */
	enum fl_mem_kind mem;
	int mem_node;			/* BIND, PREFERRED */
	char mem_note[128];		/* what was done instead, if any */
};

/* Load the topology of the CPUs this process may use. 0 or -1. */
int fl_topo_load(struct fl_topo *t);
/* The node a CPU belongs to, -1 if unknown. */
int fl_topo_node_of(const struct fl_topo *t, int cpu);

/* Build a placement for policy strings; -1 with err set when invalid. */
int fl_placement_make(struct fl_placement *pl, const struct fl_topo *t,
		      const char *cpus, const char *mem, char *err,
		      size_t errlen);
/* Check a policy string alone (option parsing). */
int fl_placement_check(const struct fl_topo *t, const char *cpus,
		       const char *mem, char *err, size_t errlen);

/* In a task: pin it to its CPU and apply the memory policy. */
int fl_place_task(const struct fl_placement *pl, int id, int *cpu);

#endif /* FAULTLINE_PLACEMENT_H */
