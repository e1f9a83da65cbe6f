// SPDX-License-Identifier: GPL-2.0
/*
 * vm_cpio.c - write an initramfs: the kernel's "newc" cpio format
 * (Documentation/driver-api/early-userspace/buffer-format.rst), gzip'd
 * or plain. Owners are root and times are zero, so the same inputs give
 * the same bytes.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vm_cpio.h"

static void put(struct vm_cpio *c, const void *buf, size_t len)
{
	if (!c->err && len && gzwrite(c->gz, buf, len) != (int)len)
		c->err = -EIO;
}

static void pad4(struct vm_cpio *c, size_t n)
{
	static const char zero[4];

	put(c, zero, (4 - n % 4) % 4);
}

static void header_dev(struct vm_cpio *c, const char *name, unsigned mode,
		       size_t size, unsigned maj, unsigned min)
{
	char h[111];
	size_t nlen = strlen(name) + 1;

	snprintf(h, sizeof(h),
		 "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		 ++c->ino, mode, 0, 0, S_ISDIR(mode) ? 2 : 1, 0,
		 (unsigned)size, 0, 0, maj, min, (unsigned)nlen, 0);
	put(c, h, 110);
	put(c, name, nlen);
	pad4(c, 110 + nlen);
}

static void header(struct vm_cpio *c, const char *name, unsigned mode,
		   size_t size)
{
	header_dev(c, name, mode, size, 0, 0);
}

int vm_cpio_open(struct vm_cpio *c, const char *path, bool gzip)
{
	memset(c, 0, sizeof(*c));
	c->gz = gzopen(path, gzip ? "wb6" : "wbT");
	return c->gz ? 0 : -errno ? -errno : -EIO;
}

void vm_cpio_dir(struct vm_cpio *c, const char *name)
{
	header(c, name, S_IFDIR | 0755, 0);
}

void vm_cpio_data(struct vm_cpio *c, const char *name, unsigned mode,
		  const void *buf, size_t len)
{
	header(c, name, S_IFREG | (mode & 07777), len);
	put(c, buf, len);
	pad4(c, len);
}

void vm_cpio_node(struct vm_cpio *c, const char *name, unsigned maj,
		  unsigned min)
{
	header_dev(c, name, S_IFCHR | 0600, 0, maj, min);
}

void vm_cpio_symlink(struct vm_cpio *c, const char *name, const char *to)
{
	size_t len = strlen(to);

	header(c, name, S_IFLNK | 0777, len);
	put(c, to, len);
	pad4(c, len);
}

/* Copy host file `from` (symlinks followed) as `name`. */
int vm_cpio_copy(struct vm_cpio *c, const char *name, const char *from)
{
	struct stat st;
	char buf[1 << 16];
	size_t left;
	ssize_t got;
	int fd = open(from, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || fstat(fd, &st)) {
		if (fd >= 0)
			close(fd);
		return c->err = -errno;
	}
	header(c, name, S_IFREG | (st.st_mode & 0755), st.st_size);
	for (left = st.st_size; left; left -= got) {
		got = read(fd, buf, left < sizeof(buf) ? left : sizeof(buf));
		if (got <= 0) {
			c->err = -EIO;
			break;
		}
		put(c, buf, got);
	}
	close(fd);
	pad4(c, st.st_size);
	return c->err;
}

int vm_cpio_close(struct vm_cpio *c)
{
	header(c, "TRAILER!!!", 0, 0);
	if (gzclose(c->gz) != Z_OK && !c->err)
		c->err = -EIO;
	return c->err;
}
