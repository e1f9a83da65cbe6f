// SPDX-License-Identifier: GPL-2.0
/*
 * vm_numa.c - NUMA emulation for the guest, and the JSON that describes
 * the VM to the runner (FAULTLINE_VM_INFO, stored as system.vm).
 *
 * --numa N		N nodes, CPUs and memory split evenly
 * --numa MEM@CPUS,...	one node per item, e.g. 1536M@0-1,512M@2
 * Remote distance: --numa-distance (default 20), local is 10.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <json-c/json.h>

#include "parse.h"
#include "vm.h"

/* "512", "512M", "2G", "2048K": MiB. Plain numbers are MiB, as qemu's. */
int vm_parse_mb(const char *s, unsigned long long *mb)
{
	char buf[64];
	long long v;
	size_t n = strlen(s);

	if (!isdigit((unsigned char)*s) || n + 2 >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, n + 1);
	/* "1536MiB" is "1536MB", and a plain number is MiB */
	if (n > 2 && !strcasecmp(buf + n - 2, "iB"))
		buf[n - 2] = 0;
	else if (n > 1 && buf[n - 1] == 'i')
		buf[n - 1] = 0;
	if (strspn(buf, "0123456789") == strlen(buf))
		strcat(buf, "M");
	if (fl_parse_size(buf, &v) || v < (1 << 20))
		return -EINVAL;
	*mb = (unsigned long long)v >> 20;
	return 0;
}

static void even_split(struct vm_opts *o, int n)
{
	int i;

	o->nr_nodes = n;
	for (i = 0; i < n; i++) {
		o->node[i].cpu_first = i * o->cpus / n;
		o->node[i].cpu_last = (i + 1) * o->cpus / n - 1;
		o->node[i].mem_mb = o->mem_mb / n;
	}
	o->node[n - 1].mem_mb += o->mem_mb % n;
}

/* One "MEM@A" or "MEM@A-B" item into node i. */
static int parse_item(struct vm_opts *o, int i, char *item)
{
	struct vm_node *nd = &o->node[i];
	char *at = strchr(item, '@');
	long long first, last;

	if (!at)
		return -EINVAL;
	*at++ = 0;
	if (vm_parse_mb(item, &nd->mem_mb) ||
	    fl_parse_range(at, 0, VM_MAX_CPUS - 1, &first, &last))
		return -EINVAL;
	nd->cpu_first = (int)first;
	nd->cpu_last = (int)last;
	return 0;
}

/* Every CPU 0..cpus-1 in exactly one node. */
static int check_cover(const struct vm_opts *o, char *err, size_t errlen)
{
	int cpu, i, owners;

	for (cpu = 0; cpu < o->cpus; cpu++) {
		owners = 0;
		for (i = 0; i < o->nr_nodes; i++)
			owners += cpu >= o->node[i].cpu_first &&
				  cpu <= o->node[i].cpu_last;
		if (owners != 1) {
			snprintf(err, errlen, "vm: --numa: CPU %d is in %d "
				 "nodes (must be in exactly one)", cpu, owners);
			return -EINVAL;
		}
	}
	return 0;
}

static int explicit_nodes(struct vm_opts *o, char *err, size_t errlen)
{
	char *spec = strdup(o->numa_spec), *save = NULL, *item;
	unsigned long long total = 0;
	int n = 0, maxcpu = -1, ret = 0;

	for (item = strtok_r(spec, ",", &save); item && !ret;
	     item = strtok_r(NULL, ",", &save)) {
		if (n == VM_MAX_NODES || parse_item(o, n, item)) {
			ret = -EINVAL;	/* and no node[VM_MAX_NODES] read */
			break;
		}
		if (o->node[n].cpu_last > maxcpu)
			maxcpu = o->node[n].cpu_last;
		total += o->node[n++].mem_mb;
	}
	free(spec);
	if (ret || !n) {
		snprintf(err, errlen, "vm: bad --numa '%s' (N, or MEM@CPUS "
			 "items such as 1G@0,1G@1; at most %d nodes)",
			 o->numa_spec, VM_MAX_NODES);
		return -EINVAL;
	}
	if (o->mem_set && total != o->mem_mb) {
		snprintf(err, errlen, "vm: --numa nodes add up to %lluM, "
			 "--mem says %lluM", total, o->mem_mb);
		return -EINVAL;
	}
	o->nr_nodes = n;
	o->mem_mb = total;
	if (!o->cpus_set)
		o->cpus = maxcpu + 1;
	return check_cover(o, err, errlen);
}

/* Turn o->numa_spec into o->node[]; after --cpus and --mem are known. */
int vm_numa_resolve(struct vm_opts *o, char *err, size_t errlen)
{
	long long n;

	if (!o->numa_spec)
		return 0;
	if (strchr(o->numa_spec, '@'))
		return explicit_nodes(o, err, errlen);
	if (fl_parse_int(o->numa_spec, 1, VM_MAX_NODES, &n)) {
		snprintf(err, errlen, "vm: bad --numa '%s' (N, or MEM@CPUS "
			 "items such as 1G@0,1G@1; at most %d nodes)",
			 o->numa_spec, VM_MAX_NODES);
		return -EINVAL;
	}
	if (n > o->cpus) {
		snprintf(err, errlen, "vm: --numa %lld needs at least %lld "
			 "CPUs (--cpus is %d)", n, n, o->cpus);
		return -EINVAL;
	}
	even_split(o, n);
	return 0;
}

static int distance(const struct vm_opts *o, int a, int b)
{
	return a == b ? 10 : o->distance;
}

/* qemu's -object/-numa options; argv entries are malloc'd. */
int vm_numa_args(const struct vm_opts *o, char **argv, int max)
{
	int i, j, n = 0;

	for (i = 0; i < o->nr_nodes && n + 4 <= max; i++) {
		argv[n++] = strdup("-object");
		asprintf(&argv[n++],
			 "memory-backend-ram,id=fl-mem%d,size=%lluM",
			 i, o->node[i].mem_mb);
		argv[n++] = strdup("-numa");
		asprintf(&argv[n++],
			 "node,nodeid=%d,cpus=%d-%d,memdev=fl-mem%d",
			 i, o->node[i].cpu_first, o->node[i].cpu_last, i);
	}
	for (i = 0; i < o->nr_nodes; i++)
		for (j = i + 1; j < o->nr_nodes && n + 2 <= max; j++) {
			argv[n++] = strdup("-numa");
			asprintf(&argv[n++], "dist,src=%d,dst=%d,val=%d", i, j,
				 distance(o, i, j));
		}
	return n;
}

static struct json_object *numa_json(const struct vm_opts *o)
{
	struct json_object *a = json_object_new_array(), *n, *d;
	char cpus[32];
	int i, j;

	for (i = 0; i < o->nr_nodes; i++) {
		n = json_object_new_object();
		snprintf(cpus, sizeof(cpus), "%d-%d", o->node[i].cpu_first,
			 o->node[i].cpu_last);
		json_object_object_add(n, "node", json_object_new_int(i));
		json_object_object_add(n, "cpus", json_object_new_string(cpus));
		json_object_object_add(n, "mem_mb", json_object_new_int64(
					       o->node[i].mem_mb));
		d = json_object_new_array();
		for (j = 0; j < o->nr_nodes; j++)
			json_object_array_add(d, json_object_new_int(
						      distance(o, i, j)));
		json_object_object_add(n, "distances", d);
		json_object_array_add(a, n);
	}
	return a;
}

/* --disk as the guest sees it, or null */
static struct json_object *disk_json(const struct vm_opts *o)
{
	struct json_object *d;

	if (!o->disk_fs)
		return NULL;
	d = json_object_new_object();
	json_object_object_add(d, "fs", json_object_new_string(o->disk_fs));
	json_object_object_add(d, "size_mb", json_object_new_int64(o->disk_mb));
	json_object_object_add(d, "device", json_object_new_string("nvme"));
	json_object_object_add(d, "mount", json_object_new_string("/mnt/disk"));
	return d;
}

/* The VM described for the runner; malloc'd, one line. */
char *vm_info_json(const struct vm_opts *o, const struct vm_kernel *k,
		   const char *accel, const char *cmdline)
{
	struct json_object *j = json_object_new_object();
	char *ver = vm_qemu_version(o->qemu), *s;

	json_object_object_add(j, "accel", json_object_new_string(accel));
	json_object_object_add(j, "vcpus", json_object_new_int(o->cpus));
	json_object_object_add(j, "mem_mb", json_object_new_int64(o->mem_mb));
	json_object_object_add(j, "numa", numa_json(o));
	json_object_object_add(j, "kernel_image",
			       json_object_new_string(k->image));
	json_object_object_add(j, "kernel_sha256",
			       json_object_new_string(k->hash));
	json_object_object_add(j, "kernel_release",
			       json_object_new_string(k->release));
	json_object_object_add(j, "cmdline", json_object_new_string(cmdline));
	json_object_object_add(j, "strict", json_object_new_boolean(o->strict));
	json_object_object_add(j, "disk", disk_json(o));
	json_object_object_add(j, "qemu", json_object_new_string(
				       ver ? ver : o->qemu));
	s = strdup(json_object_to_json_string_ext(j, JSON_C_TO_STRING_PLAIN));
	json_object_put(j);
	free(ver);
	return s;
}
