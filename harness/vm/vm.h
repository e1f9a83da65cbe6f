/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vm.h - `faultline vm`: boot a kernel image in qemu, run `faultline run`
 * inside, bring the results home. docs/vm.md describes it for users.
 *
 *	vm.c		options, the loop over the --kernel images, exit
 *	vm_guest.c	one image: set up, boot, collect, judge, vm.json
 *	vm_kernel.c	what an image is: bzImage header, release, config
 *	vm_cpio.c	a gzip'd newc cpio writer
 *	vm_initramfs.c	the cached initramfs and the per-run part
 *	vm_init.c	the guest's /init script
 *	vm_numa.c	--numa specs, qemu's -numa options, the VM's JSON
 *	vm_disk.c	--disk: a scratch filesystem on an NVMe disk
 *	vm_accel.c	KVM that really works, or TCG
 *	vm_qemu.c	starting qemu, watching it, stopping it
 *	vm_xfer.c	the binary-safe result transfer, verified
 *	vm_util.c	paths, files, the cache directory
 */
#ifndef FAULTLINE_VM_H
#define FAULTLINE_VM_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "util.h"

#define VM_EXIT_NOBOOT	3	/* did not boot; bisect: 125 */
#define VM_MAX_KERNELS	16
#define VM_MAX_NODES	8
#define VM_MAX_CPUS	64

/* --accel: the values and their names from one list */
#define VM_ACCELS(X)	X(AUTO, "auto") X(KVM, "kvm") X(TCG, "tcg")
#define VM_ACCEL_ENUM(id, name)	VM_ACCEL_##id,
enum vm_accel { VM_ACCELS(VM_ACCEL_ENUM) VM_ACCEL_NR };
/* The accelerator --accel s names, or -1. */
int vm_accel_parse(const char *s);

struct vm_node {
	unsigned long long mem_mb;
	int cpu_first, cpu_last;
};

struct vm_opts {
	const char *kernels[VM_MAX_KERNELS];
	int nr_kernels;
	int cpus;
	unsigned long long mem_mb;
	struct vm_node node[VM_MAX_NODES];
	int nr_nodes;		/* 0: no NUMA emulation */
	const char *numa_spec;	/* --numa; vm_numa_resolve() reads it */
	bool cpus_set, mem_set;	/* given explicitly */
	int distance;		/* remote distance, local is 10 */
	enum vm_accel accel;
	const char *modules;	/* --modules DIR: *.ko loaded at boot */
	const char *disk_spec;	/* --disk as given */
	const char *disk_fs;	/* --disk: "ext4", "xfs" or NULL */
	unsigned long long disk_mb;
	const char *append;
	int timeout;		/* whole guest, seconds */
	int boot_timeout;	/* until the guest's init speaks */
	bool strict;
	const char *outdir;
	const char *name;	/* NULL: <release>-<timestamp> */
	const char *db;		/* history database, NULL: the default */
	bool no_db;
	const char *qemu;	/* qemu-system-x86_64 or $FAULTLINE_QEMU */
	char **run_argv;
	int run_argc;
};

struct vm_kernel {
	char image[PATH_MAX];	/* absolute */
	char release[128];
	char config[PATH_MAX];	/* "" if none found */
	char hash[65];		/* sha256 of the image, hex */
	int dup;		/* n-th image of this release, 0 if unique */
};

/* The outcome of one guest, as vm.json records it. */
enum vm_status {
	VM_OK, VM_NOBOOT, VM_ERROR, VM_TIMEOUT, VM_INTERRUPTED,
};

struct vm_result {
	enum vm_status status;
	char reason[256];
	int guest_rc;		/* the guest run's exit status, or -1 */
	bool booted;		/* the guest's init spoke */
	bool ran;		/* faultline run printed something */
	bool done;		/* init said it sent everything */
	double done_sec;	/* when it said so */
	bool panic, oops;	/* seen on the console */
	int warnings;		/* WARNING: lines on the console */
	char crash[160];	/* the first such console line */
	char mod_loaded[256];	/* modules init loaded, space-separated */
	char mod_failed[256];	/* and those it could not */
	int qemu_status;	/* its wait status, -1 if killed by us */
	double boot_sec;	/* qemu start to init */
	double first_sec;	/* qemu start to first KTAP byte */
	double elapsed_sec;
	int files;		/* files that came back, verified */
	int disk;		/* 1 mounted, -1 mount failed, 0 none */
};

/* vm_guest.c */
int vm_guest(const struct vm_opts *o, const struct vm_kernel *k,
	     const char *path);

/* vm_kernel.c */
int vm_kernel_inspect(const char *path, struct vm_kernel *k, char *err,
		      size_t errlen);
int vm_is_bzimage(const char *path);

/* vm_numa.c */
int vm_parse_mb(const char *s, unsigned long long *mb);
int vm_numa_resolve(struct vm_opts *o, char *err, size_t errlen);
int vm_numa_args(const struct vm_opts *o, char **argv, int max);
char *vm_info_json(const struct vm_opts *o, const struct vm_kernel *k,
		   const char *accel, const char *cmdline);

/* vm_disk.c */
const char *vm_mkfs(const char *fs, char *buf, size_t len);
int vm_disk_parse(struct vm_opts *o, const char *spec, char *err,
		  size_t errlen);
int vm_disk_make(const struct vm_opts *o, const char *dir, char *path,
		 size_t len);

/* vm_initramfs.c */
int vm_initramfs_base(const struct vm_kernel *k, const char *modules,
		      bool perf, char *path, size_t len, bool *cached);
/* RUN-ARGS ask for --perf: the guest needs the host's perf. */
bool vm_wants_perf(char **argv, int argc);
int vm_modules_check(const char *dir, char *err, size_t errlen);
int vm_initramfs_run(const char *base, const char *dest, const char *name,
		     const char *info, const char *disk, char **argv,
		     int argc);

/* vm_init.c */
extern const char vm_init_script[];

/* vm_accel.c */
const char *vm_accel_pick(const struct vm_opts *o, const struct vm_kernel *k,
			  const char *initrd);

/* vm_qemu.c */
struct vm_guest {
	const struct vm_opts *o;
	const struct vm_kernel *k;
	const char *accel;	/* "kvm" or "tcg" */
	const char *initrd;
	const char *cmdline;
	const char *dir;	/* per-run temporary directory */
	const char *disk;	/* disk image or NULL */
	int timeout, boot_timeout;
	bool relay;		/* copy the guest's KTAP to stdout */
};
int vm_qemu_run(const struct vm_guest *g, struct vm_result *r);
char *vm_qemu_version(const char *qemu);
void vm_signals_install(void);
int vm_interrupted(void);

/* vm_xfer.c */
int vm_xfer_collect(const char *path, const char *dest, const char *name,
		    int *guest_rc, int *files, char *err, size_t errlen);

/* vm_util.c */
const char *vm_cache_dir(void);
int vm_mkdirs(const char *path);
int vm_copy_file(const char *from, const char *to, bool append);
char *vm_read_file(const char *path, size_t *len);
int vm_write_file(const char *path, const void *buf, size_t len);
const char *vm_find_exe(const char *name, char *buf, size_t len);
int vm_mkdtemp(char *buf, size_t len, const char *prefix);
FILE *vm_cmd_open(char *const argv[], pid_t *pid);
int vm_cmd_close(FILE *f, pid_t pid);

#endif /* FAULTLINE_VM_H */
