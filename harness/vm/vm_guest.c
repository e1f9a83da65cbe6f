// SPDX-License-Identifier: GPL-2.0
/*
 * vm_guest.c - one kernel image, one guest: build or take the cached
 * initramfs, pick the accelerator, boot, collect the results into
 * <output>/<name>/, judge how it went (vm.json) and return the exit
 * status. The temporary directory goes on every path.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "cli.h"
#include "csv.h"
#include "hdb.h"
#include "vm.h"

struct run {
	const struct vm_opts *o;
	const struct vm_kernel *k;
	char name[256];
	char dest[PATH_MAX];	/* <output>/<name> */
	char tmp[PATH_MAX];	/* $TMPDIR/faultline-vm.XXXXXX */
	char base[PATH_MAX];	/* cached initramfs */
	bool cached;
	double build_sec;
	const char *accel;
	char cmdline[1024];
	char disk[PATH_MAX + 16];	/* --disk image, "" if none */
	char why[128];		/* set_up()'s failure */
	struct vm_result r;
	int exit;
};

static const char *const status_names[] = {
	[VM_OK] = "ok", [VM_NOBOOT] = "no-boot", [VM_ERROR] = "error",
	[VM_TIMEOUT] = "timeout", [VM_INTERRUPTED] = "interrupted",
};

static void run_name(struct run *x)
{
	char stamp[32], rel[160];
	time_t now = time(NULL);

	if (x->k->dup)
		snprintf(rel, sizeof(rel), "%s-%d", x->k->release, x->k->dup);
	else
		snprintf(rel, sizeof(rel), "%s", x->k->release);
	if (x->o->name && x->o->nr_kernels == 1) {
		snprintf(x->name, sizeof(x->name), "%s", x->o->name);
	} else if (x->o->name) {
		snprintf(x->name, sizeof(x->name), "%s-%s", x->o->name, rel);
	} else {
		strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", gmtime(&now));
		snprintf(x->name, sizeof(x->name), "%s-%s", rel, stamp);
	}
	snprintf(x->dest, sizeof(x->dest), "%s/%s", x->o->outdir, x->name);
}

/* A fresh run directory: nothing stale may pass for this run's. */
static int prepare_dest(struct run *x)
{
	static const char *const ours[] = { "result.json", "ktap.txt",
					    "console.log", "vm.json", NULL };
	char p[PATH_MAX + 32];
	int i, ret = vm_mkdirs(x->dest);

	for (i = 0; !ret && ours[i]; i++) {
		snprintf(p, sizeof(p), "%s/%s", x->dest, ours[i]);
		if (unlink(p) && errno != ENOENT)
			ret = -errno;
	}
	return ret;
}

static bool tcg(const struct run *x)
{
	return !strcmp(x->accel, "tcg");
}

/*
 * A TCG guest on a loaded host may not see its timer interrupt within
 * the IO-APIC check's loop and panic ("IO-APIC + timer doesn't work"),
 * and boots in tens of seconds: no_timer_check, and a longer boot
 * timeout unless --boot-timeout says otherwise.
 */
static int boot_timeout(const struct run *x)
{
	if (x->o->boot_timeout)
		return x->o->boot_timeout;
	return tcg(x) ? 180 : 60;
}

/*
 * loglevel=5: the console gets warnings and worse (panics, oopses,
 * WARNINGs), not the boot chatter, which costs over a second under TCG
 * at one I/O exit per byte; the runner reads /dev/kmsg itself.
 */
static void make_cmdline(struct run *x)
{
	const struct vm_opts *o = x->o;

	snprintf(x->cmdline, sizeof(x->cmdline),
		 "console=ttyS0 loglevel=5 panic=-1 rdinit=/init%s%s%s%s",
		 tcg(x) ? " no_timer_check" : "",
		 o->strict ? " panic_on_warn=1 oops=panic" : "",
		 o->append ? " " : "", o->append ? o->append : "");
}

static int set_up(struct run *x)
{
	char initrd[PATH_MAX + 8];
	double t0 = fl_mono_sec();
	char *info;
	int ret;

	ret = vm_initramfs_base(x->k, x->o->modules,
				vm_wants_perf(x->o->run_argv, x->o->run_argc),
				x->base, sizeof(x->base), &x->cached);
	x->build_sec = fl_mono_sec() - t0;
	if (ret) {
		fl_rmtree(x->tmp);
		fl_die(FL_EXIT_FAIL, "vm: cannot build the initramfs: %s",
		       strerror(-ret));
	}
	x->accel = vm_accel_pick(x->o, x->k, x->base);
	make_cmdline(x);
	info = vm_info_json(x->o, x->k, x->accel, x->cmdline);
	snprintf(initrd, sizeof(initrd), "%s/initrd", x->tmp);
	ret = vm_initramfs_run(x->base, initrd, x->name, info, x->o->disk_fs,
			       x->o->run_argv, x->o->run_argc);
	free(info);
	if (ret) {
		snprintf(x->why, sizeof(x->why), "cannot write the initramfs: "
			 "%s", strerror(-ret));
		return ret;
	}
	if (x->o->disk_fs) {
		ret = vm_disk_make(x->o, x->tmp, x->disk, sizeof(x->disk));
		if (ret)
			snprintf(x->why, sizeof(x->why), "cannot make the "
				 "--disk image: %s", strerror(-ret));
	}
	return ret;
}

/* Console log always; the streamed KTAP if the runner's copy is lost. */
static void keep_logs(struct run *x)
{
	char from[PATH_MAX + 16], to[PATH_MAX + 16];
	struct stat st;

	snprintf(from, sizeof(from), "%s/console.log", x->tmp);
	snprintf(to, sizeof(to), "%s/console.log", x->dest);
	vm_copy_file(from, to, false);
	snprintf(to, sizeof(to), "%s/ktap.txt", x->dest);
	snprintf(from, sizeof(from), "%s/stdout.txt", x->tmp);
	if (access(to, F_OK) && !stat(from, &st) && st.st_size)
		vm_copy_file(from, to, false);
}

/* The first line of qemu's own complaints, if it said anything. */
static void qemu_said(struct run *x, char *buf, size_t len)
{
	char path[PATH_MAX + 16];
	char *s, *nl;

	snprintf(path, sizeof(path), "%s/qemu.log", x->tmp);
	s = vm_read_file(path, NULL);
	buf[0] = 0;
	if (s && *s) {
		nl = strchr(s, '\n');
		if (nl)
			*nl = 0;
		snprintf(buf, len, ": %s", s);
	}
	free(s);
}

static void set(struct run *x, enum vm_status st, int code, const char *why)
{
	char copy[sizeof(x->r.reason)];

	snprintf(copy, sizeof(copy), "%.*s", (int)sizeof(copy) - 1, why);
	x->r.status = st;
	x->exit = code;
	memcpy(x->r.reason, copy, sizeof(copy));
}

/* The guest did not get as far as running faultline. */
static void judge_noboot(struct run *x)
{
	struct vm_result *r = &x->r;
	char why[sizeof(r->reason)], q[160];

	if (r->status == VM_NOBOOT)
		snprintf(why, sizeof(why), "did not boot: nothing from the "
			 "guest's init in %d s", boot_timeout(x));
	else if (r->panic)
		snprintf(why, sizeof(why), "did not boot: %s", r->crash);
	else if (r->booted)
		snprintf(why, sizeof(why), "booted, but faultline printed "
			 "nothing");
	else {
		qemu_said(x, q, sizeof(q));
		snprintf(why, sizeof(why), "did not boot: qemu exited before "
			 "the guest's init ran%s", q);
	}
	set(x, VM_NOBOOT, VM_EXIT_NOBOOT, why);
}

static void judge(struct run *x, int xret, const char *xerr)
{
	struct vm_result *r = &x->r;
	char why[sizeof(r->reason) + 32];

	if (r->status == VM_INTERRUPTED)
		set(x, VM_INTERRUPTED, 128 + vm_interrupted(), "interrupted");
	else if (!r->ran && xret)
		judge_noboot(x);
	else if (r->status == VM_TIMEOUT)
		set(x, VM_TIMEOUT, FL_EXIT_FAIL, r->reason);
	else if (r->panic) {
		snprintf(why, sizeof(why), "kernel panic: %s", r->crash);
		set(x, VM_ERROR, FL_EXIT_FAIL, why);
	} else if (xret && r->guest_rc == FL_EXIT_USAGE)
		set(x, VM_ERROR, FL_EXIT_USAGE, "faultline run in the guest "
		    "rejected its arguments");
	else if (xret)
		set(x, VM_ERROR, FL_EXIT_FAIL, xerr);
	else if (r->disk < 0 || (x->o->disk_fs && !r->disk))
		set(x, VM_ERROR, FL_EXIT_FAIL, "--disk: the guest could not "
		    "mount it");
	else if (r->mod_failed[0]) {
		snprintf(why, sizeof(why), "modules failed to load: %s",
			 r->mod_failed);
		set(x, VM_ERROR, FL_EXIT_FAIL, why);
	}	else if (r->oops) {
		snprintf(why, sizeof(why), "oops: %s", r->crash);
		set(x, VM_ERROR, FL_EXIT_FAIL, why);
	} else {
		int rc = r->guest_rc;

		x->exit = rc == FL_EXIT_PASS || rc == FL_EXIT_USAGE ||
			  rc == FL_EXIT_SKIP ? rc : FL_EXIT_FAIL;
		set(x, VM_OK, x->exit, "");
	}
}

/* null, or {"fs", "size_mb", "mounted"} */
static struct json_object *disk_json(const struct run *x)
{
	struct json_object *j;

	if (!x->o->disk_fs)
		return NULL;
	j = json_object_new_object();
	json_object_object_add(j, "fs", json_object_new_string(x->o->disk_fs));
	json_object_object_add(j, "size_mb",
			       json_object_new_int64(x->o->disk_mb));
	json_object_object_add(j, "mounted",
			       json_object_new_boolean(x->r.disk > 0));
	return j;
}

/* {"loaded": [...], "failed": [...]} from the space-separated lists */
static struct json_object *modules_json(const struct vm_result *r)
{
	struct json_object *j = json_object_new_object();
	const char *lists[2] = { r->mod_loaded, r->mod_failed };
	const char *keys[2] = { "loaded", "failed" };
	char buf[sizeof(r->mod_loaded)], *s, *save = NULL;
	int i;

	for (i = 0; i < 2; i++) {
		struct json_object *a = json_object_new_array();

		snprintf(buf, sizeof(buf), "%s", lists[i]);
		for (s = strtok_r(buf, " ", &save); s;
		     s = strtok_r(NULL, " ", &save))
			json_object_array_add(a, json_object_new_string(s));
		json_object_object_add(j, keys[i], a);
	}
	return j;
}

static void write_vm_json(struct run *x)
{
	struct json_object *j = json_object_new_object(), *k, *i;
	struct vm_result *r = &x->r;
	char path[PATH_MAX + 16];
	struct stat st;
	const char *s;

#define ADD(o, key, v) json_object_object_add(o, key, v)
	ADD(j, "schema", json_object_new_string("faultline-vm"));
	ADD(j, "schema_version", json_object_new_int(1));
	ADD(j, "status", json_object_new_string(status_names[r->status]));
	ADD(j, "reason", r->reason[0] ? json_object_new_string(r->reason)
				       : NULL);
	ADD(j, "exit", json_object_new_int(x->exit));
	ADD(j, "guest_exit", json_object_new_int(r->guest_rc));
	k = json_object_new_object();
	ADD(k, "image", json_object_new_string(x->k->image));
	ADD(k, "release", json_object_new_string(x->k->release));
	ADD(k, "sha256", json_object_new_string(x->k->hash));
	ADD(k, "config", x->k->config[0] ?
	    json_object_new_string(x->k->config) : NULL);
	ADD(j, "kernel", k);
	ADD(j, "accel", x->accel ? json_object_new_string(x->accel) : NULL);
	ADD(j, "cmdline", json_object_new_string(x->cmdline));
	i = json_object_new_object();
	ADD(i, "path", json_object_new_string(x->base));
	ADD(i, "bytes", json_object_new_int64(stat(x->base, &st) ? 0 :
					      st.st_size));
	ADD(i, "cached", json_object_new_boolean(x->cached));
	ADD(i, "build_sec", json_object_new_double(x->build_sec));
	ADD(j, "initramfs", i);
	ADD(j, "booted", json_object_new_boolean(r->booted));
	ADD(j, "boot_sec", r->booted ? json_object_new_double(r->boot_sec)
				     : NULL);
	ADD(j, "first_output_sec", r->ran ?
	    json_object_new_double(r->first_sec) : NULL);
	ADD(j, "elapsed_sec", json_object_new_double(r->elapsed_sec));
	ADD(j, "files", json_object_new_int(r->files));
	ADD(j, "crash", r->crash[0] ? json_object_new_string(r->crash) : NULL);
	ADD(j, "warnings", json_object_new_int(r->warnings));
	ADD(j, "modules", modules_json(r));
	ADD(j, "disk", disk_json(x));
#undef ADD
	s = json_object_to_json_string_ext(j, JSON_C_TO_STRING_PRETTY);
	snprintf(path, sizeof(path), "%s/vm.json", x->dest);
	if (vm_write_file(path, s, strlen(s)))
		fl_warn("vm: cannot write %s", path);
	json_object_put(j);
}

static void boot(struct run *x)
{
	struct vm_guest g = {
		.o = x->o, .k = x->k, .accel = x->accel, .cmdline = x->cmdline,
		.dir = x->tmp, .timeout = x->o->timeout,
		.disk = x->disk[0] ? x->disk : NULL,
		.boot_timeout = boot_timeout(x), .relay = true,
	};
	char initrd[PATH_MAX + 8], xfer[PATH_MAX + 16], err[256] = "";
	int ret;

	snprintf(initrd, sizeof(initrd), "%s/initrd", x->tmp);
	snprintf(xfer, sizeof(xfer), "%s/xfer.bin", x->tmp);
	g.initrd = initrd;
	fprintf(stderr, "faultline: vm: %s: %s, %d vCPUs, %lluM%s -> %s\n",
		x->k->release, x->accel, x->o->cpus, x->o->mem_mb,
		x->o->nr_nodes ? ", NUMA" : "", x->dest);
	vm_qemu_run(&g, &x->r);
	ret = vm_xfer_collect(xfer, x->dest, x->name, &x->r.guest_rc,
			      &x->r.files, err, sizeof(err));
	keep_logs(x);
	judge(x, ret, err);
}

/* A complete run goes into the history database, as `faultline run`'s. */
static void record(struct run *x)
{
	char db[PATH_MAX], err[256];

	if (x->o->no_db || x->r.status != VM_OK)
		return;
	snprintf(db, sizeof(db), "%s/faultline.db", x->o->outdir);
	if (fl_history_record(x->o->db ? x->o->db : db, x->dest, NULL, err,
			      sizeof(err)))
		fl_warn("vm: history not recorded: %s", err);
}

/*
 * RUN-ARGS with --csv: the CSVs are made here from the result.json that
 * came home, as the runner makes them: the guest sends the files of its
 * run directory, not its scaling/ directory.
 */
static void csv(struct run *x)
{
	char err[512];
	int i;

	if (x->r.status != VM_OK)
		return;
	for (i = 0; i < x->o->run_argc; i++) {
		if (!strcmp(x->o->run_argv[i], "--"))
			return;
		if (!strcmp(x->o->run_argv[i], "--csv"))
			break;
	}
	if (i < x->o->run_argc &&
	    fl_csv_run_files(x->dest, err, sizeof(err)))
		fl_warn("vm: --csv: %s", err);
}

static void report(struct run *x)
{
	if (x->r.status == VM_OK)
		return;
	if (x->r.ran)
		printf("Bail out! faultline vm: %s\n", x->r.reason);
	fflush(stdout);
	fprintf(stderr, "faultline: vm: %s: %s: %s (console: %s/console.log)"
		"\n", x->k->release, status_names[x->r.status], x->r.reason,
		x->dest);
}

/* Boot image k (given as `path`); the exit status of its run. */
int vm_guest(const struct vm_opts *o, const struct vm_kernel *k,
	     const char *path)
{
	struct run *x = calloc(1, sizeof(*x));
	int ret;

	x->o = o;
	x->k = k;
	run_name(x);
	if (prepare_dest(x))
		fl_die(FL_EXIT_FAIL, "vm: cannot prepare %s", x->dest);
	if (vm_is_bzimage(k->image)) {
		set(x, VM_NOBOOT, VM_EXIT_NOBOOT, "not a bootable x86 kernel "
		    "image (no bzImage header)");
		fprintf(stderr, "faultline: vm: '%s' is %s\n", path,
			x->r.reason);
		write_vm_json(x);
		ret = x->exit;
		free(x);
		return ret;
	}
	if (vm_mkdtemp(x->tmp, sizeof(x->tmp), "faultline-vm"))
		fl_die(FL_EXIT_FAIL, "vm: mkdtemp: %s", strerror(errno));
	if (set_up(x) == 0 && !vm_interrupted())
		boot(x);
	else if (!vm_interrupted())
		set(x, VM_ERROR, FL_EXIT_FAIL, x->why);
	else
		set(x, VM_INTERRUPTED, 128 + vm_interrupted(), "interrupted");
	fl_rmtree(x->tmp);
	write_vm_json(x);
	record(x);
	csv(x);
	report(x);
	ret = x->exit;
	free(x);
	return ret;
}
