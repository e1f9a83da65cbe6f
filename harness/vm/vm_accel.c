// SPDX-License-Identifier: GPL-2.0
/*
 * vm_accel.c - use KVM only where it really works.
 *
 * /dev/kvm can open and nested guests still hang (this project's CI
 * machines do exactly that), so `--accel auto` boots the kernel once
 * under KVM with a probe command line (the guest's init powers off at
 * once) and takes KVM only if init spoke within PROBE_SEC. The answer is
 * cached per host kernel and qemu version in $CACHE/accel; delete that
 * file to probe again.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "vm.h"

#define PROBE_SEC	10

static void cache_key(const struct vm_opts *o, char *key, size_t len)
{
	struct utsname u;
	char *ver = vm_qemu_version(o->qemu);
	char hex[65];
	char buf[512];

	uname(&u);
	snprintf(buf, sizeof(buf), "%s %s %s", u.release, u.version,
		 ver ? ver : o->qemu);
	free(ver);
	fl_sha256_hex(buf, strlen(buf), hex);
	snprintf(key, len, "%.16s", hex);
}

/* "kvm" or "tcg" from the cache file, or NULL. */
static const char *cached(const char *file, const char *key)
{
	char line[128], k[64], v[16];
	const char *ret = NULL;
	FILE *f = fopen(file, "r");

	if (!f)
		return NULL;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%63s %15s", k, v) == 2 && !strcmp(k, key))
			ret = !strcmp(v, "kvm") ? "kvm" : "tcg";
	fclose(f);
	return ret;
}

static bool probe(const struct vm_opts *o, const struct vm_kernel *k,
		  const char *initrd)
{
	struct vm_opts po = *o;
	struct vm_result r = { 0 };
	char dir[PATH_MAX];
	struct vm_guest g = {
		.o = &po, .k = k, .accel = "kvm", .initrd = initrd,
		.cmdline = "console=ttyS0 loglevel=5 panic=-1 faultline.probe",
		.dir = dir, .timeout = PROBE_SEC, .boot_timeout = PROBE_SEC,
	};

	po.cpus = 1;
	po.mem_mb = 256;
	po.nr_nodes = 0;
	if (vm_mkdtemp(dir, sizeof(dir), "faultline-probe"))
		return false;
	vm_qemu_run(&g, &r);
	fl_rmtree(dir);
	return r.booted;
}

const char *vm_accel_pick(const struct vm_opts *o, const struct vm_kernel *k,
			  const char *initrd)
{
	char file[PATH_MAX], key[32];
	const char *a;
	FILE *f;
	int fd;

	if (o->accel == VM_ACCEL_TCG)
		return "tcg";
	if (o->accel == VM_ACCEL_KVM)
		return "kvm";
	fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return "tcg";
	close(fd);
	snprintf(file, sizeof(file), "%s/accel", vm_cache_dir());
	cache_key(o, key, sizeof(key));
	a = cached(file, key);
	if (a)
		return a;
	fprintf(stderr, "faultline: vm: probing KVM (up to %d s, once)\n",
		PROBE_SEC);
	a = probe(o, k, initrd) ? "kvm" : "tcg";
	if (vm_interrupted())
		return a;
	vm_mkdirs(vm_cache_dir());
	f = fopen(file, "a");
	if (f) {
		fprintf(f, "%s %s\n", key, a);
		fclose(f);
	}
	return a;
}
