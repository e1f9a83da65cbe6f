// SPDX-License-Identifier: GPL-2.0
/* vm_util.c - small file, hash and path helpers for `faultline vm`. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "vm.h"

/* ${FAULTLINE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/faultline} */
const char *vm_cache_dir(void)
{
	static char buf[PATH_MAX];
	const char *c = getenv("FAULTLINE_CACHE");
	const char *x = getenv("XDG_CACHE_HOME");
	const char *h = getenv("HOME");

	if (c && *c)
		return c;
	if (x && *x)
		snprintf(buf, sizeof(buf), "%s/faultline", x);
	else
		snprintf(buf, sizeof(buf), "%s/.cache/faultline",
			 h && *h ? h : "/tmp");
	return buf;
}

int vm_mkdirs(const char *path)
{
	char buf[PATH_MAX];
	char *p;

	if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf))
		return -ENAMETOOLONG;
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(buf, 0755) && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(buf, 0755) && errno != EEXIST)
		return -errno;
	return 0;
}

char *vm_read_file(const char *path, size_t *len)
{
	struct stat st;
	char *buf;
	size_t off = 0;
	ssize_t got;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) || !(buf = malloc(st.st_size + 1))) {
		close(fd);
		return NULL;
	}
	while (off < (size_t)st.st_size &&
	       (got = read(fd, buf + off, st.st_size - off)) > 0)
		off += got;
	close(fd);
	buf[off] = 0;
	if (len)
		*len = off;
	return buf;
}

int vm_write_file(const char *path, const void *buf, size_t len)
{
	const char *p = buf;
	ssize_t got;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (fd < 0)
		return -errno;
	while (len && (got = write(fd, p, len)) > 0) {
		p += got;
		len -= got;
	}
	if (close(fd) || len)
		return -EIO;
	return 0;
}

int vm_copy_file(const char *from, const char *to, bool append)
{
	char buf[1 << 16];
	ssize_t got = 0;
	int in, out, flags = O_WRONLY | O_CREAT | O_CLOEXEC;
	int ret = 0;

	flags |= append ? O_APPEND : O_TRUNC;
	in = open(from, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return -errno;
	out = open(to, flags, 0644);
	if (out < 0) {
		close(in);
		return -errno;
	}
	while ((got = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, got) != got) {
			ret = -EIO;
			break;
		}
	if (got < 0)
		ret = -EIO;
	close(in);
	if (close(out))
		ret = -EIO;
	return ret;
}

/* Look `name` up in $PATH (or take it as a path if it has a slash). */
const char *vm_find_exe(const char *name, char *buf, size_t len)
{
	const char *path = getenv("PATH");
	const char *p, *end;

	if (strchr(name, '/'))
		return access(name, X_OK) ? NULL : name;
	for (p = path ? path : "/usr/bin:/bin"; *p; p = end + (*end == ':')) {
		end = strchrnul(p, ':');
		snprintf(buf, len, "%.*s/%s", (int)(end - p), p, name);
		if (end > p && !access(buf, X_OK))
			return buf;
	}
	return NULL;
}

/* A new private directory ${TMPDIR:-/tmp}/PREFIX.XXXXXX; 0 or -errno. */
int vm_mkdtemp(char *buf, size_t len, const char *prefix)
{
	const char *t = getenv("TMPDIR");

	if ((size_t)snprintf(buf, len, "%s/%s.XXXXXX", t && *t ? t : "/tmp",
			     prefix) >= len)
		return -ENAMETOOLONG;
	return mkdtemp(buf) ? 0 : -errno;
}

/*
 * Run argv without a shell (a path may hold spaces, quotes or '$'),
 * stdout into a pipe, stderr to /dev/null. The pipe's read end as a
 * FILE and *pid the child; vm_cmd_close() reaps it. NULL and errno set
 * if it cannot start.
 */
FILE *vm_cmd_open(char *const argv[], pid_t *pid)
{
	posix_spawn_file_actions_t fa;
	int fd[2], err;
	FILE *f;

	if (pipe2(fd, O_CLOEXEC))
		return NULL;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fd[1], STDOUT_FILENO);
	posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null",
					 O_WRONLY, 0);
	err = posix_spawnp(pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fd[1]);
	if (err) {
		close(fd[0]);
		errno = err;
		return NULL;
	}
	f = fdopen(fd[0], "r");
	if (!f) {
		close(fd[0]);
		waitpid(*pid, NULL, 0);
	}
	return f;
}

/* Close and reap; the child's wait status. */
int vm_cmd_close(FILE *f, pid_t pid)
{
	int st = 0;

	fclose(f);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	return st;
}
