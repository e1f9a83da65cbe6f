/* SPDX-License-Identifier: GPL-2.0 */
/* vm_cpio.h - a newc cpio writer, gzip'd or plain (vm_cpio.c). */
#ifndef FAULTLINE_VM_CPIO_H
#define FAULTLINE_VM_CPIO_H

#include <stdbool.h>
#include <stddef.h>
#include <zlib.h>

struct vm_cpio {
	gzFile gz;
	unsigned ino;
	int err;		/* first error, sticky */
};

int vm_cpio_open(struct vm_cpio *c, const char *path, bool gzip);
void vm_cpio_dir(struct vm_cpio *c, const char *name);
void vm_cpio_data(struct vm_cpio *c, const char *name, unsigned mode,
		  const void *buf, size_t len);
void vm_cpio_symlink(struct vm_cpio *c, const char *name, const char *to);
/* A character device node, e.g. dev/console 5:1. */
void vm_cpio_node(struct vm_cpio *c, const char *name, unsigned maj,
		  unsigned min);
int vm_cpio_copy(struct vm_cpio *c, const char *name, const char *from);
int vm_cpio_close(struct vm_cpio *c);	/* writes the trailer */

#endif /* FAULTLINE_VM_CPIO_H */
