// SPDX-License-Identifier: GPL-2.0
/*
 * placement.c - CPU policies over the hwloc topology, and memory
 * policies through libnuma.
 *
 *   compact  one PU per core, cores in order (fills a node first), then
 *            the SMT siblings
 *   spread   like compact, but round-robin across NUMA nodes
 *   smt      every PU of a core before the next core
 *   none     no pinning
 *   LIST     explicit CPUs, e.g. 0-3,8
 */
#define _GNU_SOURCE
#include <errno.h>
#include <hwloc.h>
#include <limits.h>
#include <numa.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "placement.h"

int fl_topo_load(struct fl_topo *t)
{
	hwloc_topology_t topo;
	hwloc_obj_t pu, obj;
	int i, j, n;

	memset(t, 0, sizeof(*t));
	if (hwloc_topology_init(&topo) || hwloc_topology_load(topo))
		return -1;
	t->packages = hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_PACKAGE);
	t->cores = hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_CORE);
	n = hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_NUMANODE);
	t->nnodes = n > 64 ? 64 : n;
	for (i = 0; i < t->nnodes; i++) {
		obj = hwloc_get_obj_by_type(topo, HWLOC_OBJ_NUMANODE, i);
		if (!obj) {		/* fewer than hwloc counted */
			t->nnodes = i;
			break;
		}
		t->node[i].id = (int)obj->os_index;
		hwloc_bitmap_list_snprintf(t->node[i].cpus,
					   sizeof(t->node[i].cpus),
					   obj->cpuset);
		t->node[i].mem_bytes = obj->attr->numanode.local_memory;
	}
	n = hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_PU);
	for (i = 0; i < n && t->pus < FL_MAX_CPUS; i++) {
		pu = hwloc_get_obj_by_type(topo, HWLOC_OBJ_PU, i);
		obj = hwloc_get_ancestor_obj_by_type(topo, HWLOC_OBJ_CORE, pu);
		t->pu_os[t->pus] = (int)pu->os_index;
		t->pu_core[t->pus] = obj ? (int)obj->logical_index : i;
		t->pu_node[t->pus] = -1;
		for (j = 0; j < t->nnodes; j++) {
			hwloc_obj_t nd = hwloc_get_obj_by_type(
				topo, HWLOC_OBJ_NUMANODE, j);
			if (hwloc_bitmap_isset(nd->cpuset, pu->os_index))
				t->pu_node[t->pus] = t->node[j].id;
		}
		t->pus++;
	}
	if (!t->cores)
		t->cores = t->pus;
	if (!t->packages)
		t->packages = 1;
	for (i = 0; i < t->nnodes; i++)
		for (j = 0; j < t->nnodes; j++)
			t->dist[i][j] = numa_available() < 0 ? (i == j ? 10 : 20) :
				numa_distance(t->node[i].id, t->node[j].id);
	hwloc_topology_destroy(topo);
	return 0;
}

int fl_topo_node_of(const struct fl_topo *t, int cpu)
{
	int i;

	for (i = 0; i < t->pus; i++)
		if (t->pu_os[i] == cpu)
			return t->pu_node[i];
	return -1;
}

/* PU positions, one per core first, then each core's further PUs. */
static int order_compact(const struct fl_topo *t, int *pos)
{
	int n = 0, round, i, j, rank;

	for (round = 0; n < t->pus; round++) {
		int before = n;

		for (i = 0; i < t->pus; i++) {
			for (rank = 0, j = 0; j < i; j++)
				rank += t->pu_core[j] == t->pu_core[i];
			if (rank == round)
				pos[n++] = i;
		}
		if (n == before)
			break;
	}
	return n;
}

static int order_spread(const struct fl_topo *t, int *pos)
{
	int compact[FL_MAX_CPUS], used[FL_MAX_CPUS] = { 0 };
	int n = order_compact(t, compact), out = 0, k, i;

	while (out < n) {
		for (k = 0; k < t->nnodes || (!t->nnodes && k == 0); k++) {
			for (i = 0; i < n; i++) {
				int p = compact[i];

				if (used[i] || (t->nnodes &&
				    t->pu_node[p] != t->node[k].id))
					continue;
				used[i] = 1;
				pos[out++] = p;
				break;
			}
		}
		if (!t->nnodes)
			break;
	}
	return out;
}

struct cpu_list {
	const struct fl_topo *t;
	int *cpu, n;
	char *err;
	size_t errlen;
};

/* One item of a CPU list: N or N-M, every CPU usable here. */
static int cpu_item(const char *item, void *arg)
{
	struct cpu_list *l = arg;
	long long a, b;
	int i, ok;

	if (fl_parse_range(item, 0, FL_MAX_CPUS * 64, &a, &b))
		return -1;
	for (; a <= b && l->n < FL_MAX_CPUS; a++) {
		for (ok = 0, i = 0; i < l->t->pus; i++)
			ok |= l->t->pu_os[i] == a;
		if (!ok) {
			snprintf(l->err, l->errlen,
				 "--cpus: CPU %lld is not usable here", a);
			return -2;
		}
		l->cpu[l->n++] = (int)a;
	}
	return 0;
}

static int parse_list(const struct fl_topo *t, const char *s, int *cpu,
		      char *err, size_t errlen)
{
	struct cpu_list l = { t, cpu, 0, err, errlen };
	int r = fl_parse_list(s, cpu_item, &l);

	if (r == -2)
		return -1;
	if (!r && l.n)
		return l.n;
	snprintf(err, errlen,
		 "--cpus: '%s' is not compact|spread|smt|none|CPU list", s);
	return -1;
}

static int parse_mem(struct fl_placement *pl, const struct fl_topo *t,
		     const char *mem, char *err, size_t errlen)
{
	static const char *const kinds[] = {
		"default", "local", "interleave", "bind:", "preferred:",
		"remote",
	};
	size_t i, len;
	int k;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		len = strlen(kinds[i]);
		if (kinds[i][len - 1] == ':' ? !strncmp(mem, kinds[i], len) :
		    !strcmp(mem, kinds[i]))
			break;
	}
	if (i == sizeof(kinds) / sizeof(kinds[0])) {
		snprintf(err, errlen, "--mem: '%s' is not default|local|"
			 "interleave|bind:N|preferred:N|remote", mem);
		return -1;
	}
	pl->mem = (enum fl_mem_kind)i;
	pl->mem_node = -1;
	if (pl->mem == FL_MEM_BIND || pl->mem == FL_MEM_PREFERRED) {
		long long node = -1;

		fl_parse_int(mem + len, 0, INT_MAX, &node);
		pl->mem_node = (int)node;
		for (k = 0; k < t->nnodes; k++)
			if (t->node[k].id == pl->mem_node)
				return 0;
		snprintf(err, errlen, "--mem: no NUMA node '%s' here",
			 mem + len);
		return -1;
	}
	if (pl->mem == FL_MEM_REMOTE && t->nnodes < 2)
		snprintf(pl->mem_note, sizeof(pl->mem_note),
			 "single node: remote memory is local");
	if (numa_available() < 0 && pl->mem != FL_MEM_DEFAULT)
		snprintf(pl->mem_note, sizeof(pl->mem_note),
			 "no NUMA support in this kernel: policy not applied");
	return 0;
}

int fl_placement_make(struct fl_placement *pl, const struct fl_topo *t,
		      const char *cpus, const char *mem, char *err,
		      size_t errlen)
{
	int pos[FL_MAX_CPUS], n, i;

	memset(pl, 0, sizeof(*pl));
	pl->topo = t;
	if (!strcmp(cpus, "none")) {
		n = 0;
	} else if (!strcmp(cpus, "compact") || !strcmp(cpus, "spread") ||
		   !strcmp(cpus, "smt")) {
		if (cpus[0] == 'c')
			n = order_compact(t, pos);
		else if (cpus[1] == 'p')
			n = order_spread(t, pos);
		else
			for (n = 0; n < t->pus; n++)
				pos[n] = n;
		for (i = 0; i < n; i++)
			pl->cpu[i] = t->pu_os[pos[i]];
	} else {
		n = parse_list(t, cpus, pl->cpu, err, errlen);
		if (n < 0)
			return -1;
	}
	pl->ncpus = n;
	return parse_mem(pl, t, mem, err, errlen);
}

int fl_placement_check(const struct fl_topo *t, const char *cpus,
		       const char *mem, char *err, size_t errlen)
{
	struct fl_placement *pl = malloc(sizeof(*pl));
	int r = fl_placement_make(pl, t, cpus, mem, err, errlen);

	free(pl);
	return r;
}

/* The nearest node other than `node`. */
static int remote_of(const struct fl_topo *t, int node)
{
	int i, j, best = node, bd = 1 << 30;

	for (i = 0; i < t->nnodes && t->node[i].id != node; i++)
		;
	if (i == t->nnodes)
		return node;
	for (j = 0; j < t->nnodes; j++)
		if (j != i && t->dist[i][j] < bd) {
			bd = t->dist[i][j];
			best = t->node[j].id;
		}
	return best;
}

int fl_place_task(const struct fl_placement *pl, int id, int *cpu)
{
	struct bitmask *bm;
	cpu_set_t set;
	int node;

	*cpu = -1;
	if (pl->ncpus) {
		*cpu = pl->cpu[id % pl->ncpus];
		CPU_ZERO(&set);
		CPU_SET(*cpu, &set);
		if (sched_setaffinity(0, sizeof(set), &set))
			return -errno;
	}
	if (pl->mem == FL_MEM_DEFAULT || numa_available() < 0)
		return 0;
	node = fl_topo_node_of(pl->topo, *cpu >= 0 ? *cpu : sched_getcpu());
	switch (pl->mem) {
	case FL_MEM_LOCAL:
		numa_set_localalloc();
		break;
	case FL_MEM_INTERLEAVE:
		numa_set_interleave_mask(numa_all_nodes_ptr);
		break;
	case FL_MEM_PREFERRED:
		numa_set_preferred(pl->mem_node);
		break;
	case FL_MEM_BIND:
	case FL_MEM_REMOTE:
		bm = numa_allocate_nodemask();
		numa_bitmask_setbit(bm, pl->mem == FL_MEM_BIND ? pl->mem_node :
				    remote_of(pl->topo, node < 0 ? 0 : node));
		numa_set_membind(bm);
		numa_free_nodemask(bm);
		break;
	default:
		break;
	}
	return 0;
}
