// SPDX-License-Identifier: GPL-2.0
/*
 * vm_disk.c - --disk FS[:SIZE]: a scratch filesystem for file-backed
 * workloads. The host makes a sparse image in the run's temporary
 * directory with mkfs.FS (e2fsprogs, xfsprogs) and qemu attaches it as
 * an NVMe disk (built into Debian's cloud kernels, unlike virtio-blk);
 * the guest's init mounts it on /mnt/disk. xfs is a module there: give
 * it with --modules.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vm.h"

/* mkfs.FS from $PATH or the sbin directories a user's $PATH may lack */
const char *vm_mkfs(const char *fs, char *buf, size_t len)
{
	static const char *const dirs[] = { "/usr/sbin", "/sbin", NULL };
	char name[32];
	int i;

	snprintf(name, sizeof(name), "mkfs.%s", fs);
	if (vm_find_exe(name, buf, len))
		return buf;
	for (i = 0; dirs[i]; i++) {
		snprintf(buf, len, "%s/%s", dirs[i], name);
		if (!access(buf, X_OK))
			return buf;
	}
	return NULL;
}

/* "ext4", "xfs", "ext4:2G": o->disk_fs and o->disk_mb; 0 or -EINVAL */
int vm_disk_parse(struct vm_opts *o, const char *spec, char *err,
		  size_t errlen)
{
	const char *colon = strchr(spec, ':');
	size_t n = colon ? (size_t)(colon - spec) : strlen(spec);
	char mkfs[PATH_MAX];

	if (n == 4 && !strncmp(spec, "ext4", 4))
		o->disk_fs = "ext4";
	else if (n == 3 && !strncmp(spec, "xfs", 3))
		o->disk_fs = "xfs";
	else
		goto bad;
	o->disk_mb = 1024;
	if (colon && (vm_parse_mb(colon + 1, &o->disk_mb) ||
		      o->disk_mb < 300))
		goto bad;
	if (!vm_mkfs(o->disk_fs, mkfs, sizeof(mkfs))) {
		snprintf(err, errlen, "vm: --disk %s: mkfs.%s not found "
			 "(apt-get install %s)", spec, o->disk_fs,
			 o->disk_fs[0] == 'x' ? "xfsprogs" : "e2fsprogs");
		return -EINVAL;
	}
	return 0;
bad:
	snprintf(err, errlen, "vm: bad --disk '%s' (ext4 or xfs, with an "
		 "optional :SIZE of at least 300M, e.g. ext4:2G)", spec);
	return -EINVAL;
}

/* A fresh FS image of o->disk_mb in dir: disk.img. 0 or -errno. */
int vm_disk_make(const struct vm_opts *o, const char *dir, char *path,
		 size_t len)
{
	char mkfs[PATH_MAX], log[PATH_MAX + 16];
	int fd, st;
	pid_t pid;

	snprintf(path, len, "%s/disk.img", dir);
	snprintf(log, sizeof(log), "%s/mkfs.log", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || ftruncate(fd, (off_t)o->disk_mb << 20) || close(fd))
		return -errno;
	if (!vm_mkfs(o->disk_fs, mkfs, sizeof(mkfs)))
		return -ENOENT;
	pid = fork();
	if (!pid) {
		fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		dup2(fd, 1);
		dup2(fd, 2);
		execl(mkfs, mkfs, "-q", o->disk_fs[0] == 'x' ? "-f" : "-F",
		      path, (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -ECHILD;
	return WIFEXITED(st) && !WEXITSTATUS(st) ? 0 : -EIO;
}
