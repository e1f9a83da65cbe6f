// SPDX-License-Identifier: GPL-2.0
/*
 * meta.c - metadata that tells runs from different kernel builds apart:
 * release, version, cmdline, the config (hash and mm options), THP and
 * ASLR settings, CPU model, governor and topology.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <zlib.h>

#include "meta.h"
#include "placement.h"
#include "util.h"

static const char *const mm_options[] = {
	"CONFIG_PER_VMA_LOCK", "CONFIG_PER_VMA_LOCK_STATS",
	"CONFIG_TRANSPARENT_HUGEPAGE", "CONFIG_TRANSPARENT_HUGEPAGE_ALWAYS",
	"CONFIG_TRANSPARENT_HUGEPAGE_MADVISE",
	"CONFIG_TRANSPARENT_HUGEPAGE_NEVER", "CONFIG_READ_ONLY_THP_FOR_FS",
	"CONFIG_NUMA", "CONFIG_NUMA_BALANCING", "CONFIG_MMU_LAZY_TLB_REFCOUNT",
	"CONFIG_PAGE_TABLE_ISOLATION", "CONFIG_MITIGATION_PAGE_TABLE_ISOLATION",
	"CONFIG_SHMEM", "CONFIG_TMPFS", "CONFIG_MEMCG", "CONFIG_LRU_GEN",
	"CONFIG_LRU_GEN_ENABLED", "CONFIG_ANON_VMA_NAME", "CONFIG_USERFAULTFD",
	"CONFIG_KSM", "CONFIG_HIGHMEM", "CONFIG_SPLIT_PTE_PTLOCKS",
	"CONFIG_PREEMPT", "CONFIG_PREEMPT_DYNAMIC", "CONFIG_PREEMPT_RT",
	"CONFIG_DEBUG_VM", "CONFIG_KASAN", "CONFIG_LOCKDEP", "CONFIG_HZ",
	"CONFIG_MAPLE_RCU_DISABLED", "CONFIG_PGTABLE_LEVELS",
	"CONFIG_ARCH_SUPPORTS_PER_VMA_LOCK",
};

void fl_read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");

	buf[0] = '\0';
	if (!f)
		return;
	if (!fgets(buf, (int)len, f))
		buf[0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	fclose(f);
}

/* The whole config text (gzip or plain: gzread reads both), or NULL. */
static char *read_config(char *src, size_t srclen, size_t *len)
{
	struct utsname u;
	char path[300], *buf = NULL;
	size_t cap = 0, n = 0;
	gzFile gz;
	int r, i;

	uname(&u);
	for (i = 0; i < 2; i++) {
		if (i == 0)
			snprintf(path, sizeof(path), "/proc/config.gz");
		else
			snprintf(path, sizeof(path), "/boot/config-%s",
				 u.release);
		gz = gzopen(path, "rb");
		if (gz)
			break;
	}
	if (!gz)
		return NULL;
	snprintf(src, srclen, "%s", path);
	do {
		if (cap - n < 65536)
			buf = fl_realloc(buf, cap += 1 << 20);
		r = gzread(gz, buf + n, (unsigned int)(cap - n - 1));
		if (r > 0)
			n += r;
	} while (r > 0);
	gzclose(gz);
	buf[n] = '\0';
	*len = n;
	return buf;
}

static json_object *config_obj(void)
{
	json_object *o = json_object_new_object(), *opts;
	char src[300], hex[65];
	size_t len, k;
	char *cfg = read_config(src, sizeof(src), &len);

	if (!cfg) {
		json_object_object_add(o, "source", NULL);
		json_object_object_add(o, "sha256", NULL);
		json_object_object_add(o, "options", json_object_new_object());
		return o;
	}
	fl_sha256_hex(cfg, len, hex);
	json_object_object_add(o, "source", json_object_new_string(src));
	json_object_object_add(o, "sha256", json_object_new_string(hex));
	opts = json_object_new_object();
	for (k = 0; k < sizeof(mm_options) / sizeof(mm_options[0]); k++) {
		char key[128], *p, val[64] = "n";
		size_t kl = snprintf(key, sizeof(key), "\n%s=",
				     mm_options[k]);

		p = strstr(cfg, key);
		if (p) {
			p += kl;
			snprintf(val, sizeof(val), "%.*s",
				 (int)strcspn(p, "\n"), p);
		}
		json_object_object_add(opts, mm_options[k],
				       json_object_new_string(val));
	}
	json_object_object_add(o, "options", opts);
	free(cfg);
	return o;
}

/* "always [madvise] never" -> "madvise" */
static json_object *sys_choice(const char *path)
{
	char line[256], *a, *b;

	fl_read_line(path, line, sizeof(line));
	a = strchr(line, '[');
	b = a ? strchr(a, ']') : NULL;
	if (!a || !b)
		return line[0] ? json_object_new_string(line) : NULL;
	*b = '\0';
	return json_object_new_string(a + 1);
}

static json_object *cpu_obj(void)
{
	json_object *o = json_object_new_object();
	char line[512], gov[64];
	FILE *f = fopen("/proc/cpuinfo", "r");
	const char *model = "unknown";

	while (f && fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "model name", 10) && strchr(line, ':')) {
			model = strchr(line, ':') + 2;
			line[strcspn(line, "\n")] = '\0';
			break;
		}
	}
	if (f)
		fclose(f);
	json_object_object_add(o, "model", json_object_new_string(model));
	fl_read_line("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor",
		     gov, sizeof(gov));
	json_object_object_add(o, "governor",
			       json_object_new_string(gov[0] ? gov : "none"));
	return o;
}

static json_object *topo_obj(const struct fl_topo *t)
{
	json_object *o = json_object_new_object(), *nodes, *dist, *row;
	int i, j;

	json_object_object_add(o, "packages", json_object_new_int(t->packages));
	json_object_object_add(o, "numa_nodes", json_object_new_int(t->nnodes));
	json_object_object_add(o, "cores", json_object_new_int(t->cores));
	json_object_object_add(o, "pus", json_object_new_int(t->pus));
	json_object_object_add(o, "single_node",
			       json_object_new_boolean(t->nnodes <= 1));
	nodes = json_object_new_array();
	dist = json_object_new_array();
	for (i = 0; i < t->nnodes; i++) {
		json_object *n = json_object_new_object();

		json_object_object_add(n, "id",
				       json_object_new_int(t->node[i].id));
		json_object_object_add(n, "cpus",
				       json_object_new_string(t->node[i].cpus));
		json_object_object_add(n, "mem_bytes",
				       json_object_new_int64((int64_t)t->node[i].mem_bytes));
		json_object_array_add(nodes, n);
		row = json_object_new_array();
		for (j = 0; j < t->nnodes; j++)
			json_object_array_add(row,
					      json_object_new_int(t->dist[i][j]));
		json_object_array_add(dist, row);
	}
	json_object_object_add(o, "nodes", nodes);
	json_object_object_add(o, "distances", dist);
	return o;
}

json_object *fl_meta_system(const struct fl_topo *t, bool aslr_off)
{
	json_object *sys = json_object_new_object(), *k, *thp, *aslr, *vm;
	struct utsname u;
	char buf[4096];
	const char *vminfo = getenv("FAULTLINE_VM_INFO");

	uname(&u);
	gethostname(buf, sizeof(buf));
	json_object_object_add(sys, "hostname", json_object_new_string(buf));
	k = json_object_new_object();
	json_object_object_add(k, "release", json_object_new_string(u.release));
	json_object_object_add(k, "version", json_object_new_string(u.version));
	fl_read_line("/proc/cmdline", buf, sizeof(buf));
	json_object_object_add(k, "cmdline", json_object_new_string(buf));
	json_object_object_add(k, "config", config_obj());
	json_object_object_add(sys, "kernel", k);
	json_object_object_add(sys, "cpu", cpu_obj());
	json_object_object_add(sys, "topology", topo_obj(t));
	thp = json_object_new_object();
	json_object_object_add(thp, "enabled",
		sys_choice("/sys/kernel/mm/transparent_hugepage/enabled"));
	json_object_object_add(thp, "defrag",
		sys_choice("/sys/kernel/mm/transparent_hugepage/defrag"));
	json_object_object_add(thp, "shmem_enabled",
		sys_choice("/sys/kernel/mm/transparent_hugepage/shmem_enabled"));
	json_object_object_add(sys, "thp", thp);
	aslr = json_object_new_object();
	fl_read_line("/proc/sys/kernel/randomize_va_space", buf, sizeof(buf));
	json_object_object_add(aslr, "system", json_object_new_int(atoi(buf)));
	json_object_object_add(aslr, "disabled_for_run",
			       json_object_new_boolean(aslr_off));
	json_object_object_add(sys, "aslr", aslr);
	vm = vminfo ? json_tokener_parse(vminfo) : NULL;
	json_object_object_add(sys, "vm", vm);
	return sys;
}
