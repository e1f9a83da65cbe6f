// SPDX-License-Identifier: GPL-2.0
/*
 * vm_kernel.c - what a kernel image is: an x86 bzImage (the boot
 * protocol's "HdrS" header), its release string (the header's
 * kernel_version field) and where its config file lives.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "vm.h"

#define HDR_SIZE	0x10000	/* the setup code holds the version */

/* Read the first 4 KiB; 0 if it is a bzImage, -ENOEXEC if not. */
static int read_header(const char *path, unsigned char *h)
{
	ssize_t got;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	got = pread(fd, h, HDR_SIZE, 0);
	close(fd);
	if (got < 0)
		return -errno;
	if (got < 0x400 || memcmp(h + 0x202, "HdrS", 4) ||
	    h[0x1fe] != 0x55 || h[0x1ff] != 0xaa)
		return -ENOEXEC;
	return 0;
}

int vm_is_bzimage(const char *path)
{
	unsigned char h[HDR_SIZE];

	return read_header(path, h);
}

/* The release: the first word of the header's kernel_version string. */
static int header_release(const unsigned char *h, char *rel, size_t len)
{
	uint16_t proto = h[0x206] | h[0x207] << 8;
	uint16_t off = h[0x20e] | h[0x20f] << 8;
	size_t i, at = (size_t)off + 0x200;

	if (proto < 0x200 || !off || at >= HDR_SIZE)
		return -ENOENT;
	for (i = 0; i + 1 < len && at + i < HDR_SIZE; i++) {
		unsigned char c = h[at + i];

		if (c <= ' ' || c > '~')
			break;
		rel[i] = c;
	}
	rel[i] = 0;
	return i ? 0 : -ENOENT;
}

/* config-REL next to the image (Debian), or a build tree's .config. */
static void find_config(struct vm_kernel *k)
{
	char dir[PATH_MAX], try[PATH_MAX + 160], *slash;
	const char *cands[] = { "%s/config-%s", "%s/../../../.config",
				"%s/../.config", "%1$.0s/boot/config-%2$s" };
	size_t i;

	snprintf(dir, sizeof(dir), "%s", k->image);
	slash = strrchr(dir, '/');
	if (slash)
		*slash = 0;
	k->config[0] = 0;
	for (i = 0; i < sizeof(cands) / sizeof(cands[0]); i++) {
		snprintf(try, sizeof(try), cands[i], dir, k->release);
		if (!access(try, R_OK) && realpath(try, k->config))
			return;
	}
	k->config[0] = 0;
}

/*
 * Fill k from the image at path, or from a kernel build tree (make O=
 * or in-tree): its arch/x86/boot/bzImage, and its .config, which wins
 * over one found next to the image. Returns 0, -ENOENT/-EACCES (a bad
 * path: usage) or -ENOEXEC (not a kernel: it cannot boot).
 */
int vm_kernel_inspect(const char *path, struct vm_kernel *k, char *err,
		      size_t errlen)
{
	char img[PATH_MAX], cfg[PATH_MAX];
	unsigned char h[HDR_SIZE];
	struct stat st;
	int ret;

	memset(k, 0, sizeof(*k));
	cfg[0] = 0;
	if (!stat(path, &st) && S_ISDIR(st.st_mode)) {
		snprintf(img, sizeof(img), "%s/arch/x86/boot/bzImage", path);
		if (access(img, R_OK)) {
			ret = -errno;
			snprintf(err, errlen, "vm: '%s' is a directory but not "
				 "a built kernel tree (no arch/x86/boot/bzImage)",
				 path);
			return ret;
		}
		snprintf(cfg, sizeof(cfg), "%s/.config", path);
		path = img;
	}
	if (access(path, R_OK) || !realpath(path, k->image)) {
		ret = -errno;
		snprintf(err, errlen, "vm: cannot read kernel '%s': %s",
			 path, strerror(errno));
		return ret;
	}
	ret = read_header(k->image, h);
	if (ret == -ENOEXEC) {
		snprintf(err, errlen, "vm: '%s' is not a bootable x86 kernel "
			 "image (no bzImage header)", path);
		return ret;
	}
	if (ret) {
		snprintf(err, errlen, "vm: cannot read kernel '%s': %s",
			 path, strerror(-ret));
		return ret;
	}
	if (header_release(h, k->release, sizeof(k->release)))
		snprintf(k->release, sizeof(k->release), "unknown");
	find_config(k);
	if (cfg[0] && !access(cfg, R_OK) && !realpath(cfg, k->config))
		k->config[0] = 0;
	ret = fl_sha256_file(k->image, k->hash);
	if (ret)
		snprintf(err, errlen, "vm: cannot read kernel '%s': %s",
			 path, strerror(-ret));
	return ret;
}
