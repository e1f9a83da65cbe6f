// SPDX-License-Identifier: GPL-2.0
/*
 * vm.c - `faultline vm`: options, the loop over --kernel images, and
 * the exit status. One guest per image: vm_guest.c.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "vm.h"

static const char help[] =
"usage: faultline vm --kernel IMAGE [--kernel IMAGE...] [OPTIONS]\n"
"                    [-- RUN-ARGS...]\n"
"\n"
"Boot each kernel image in qemu, run `faultline run RUN-ARGS` inside,\n"
"and bring the results home: <output>/<name>/result.json, ktap.txt,\n"
"console.log (the guest's serial console) and vm.json (how the guest\n"
"went). The guest's KTAP goes to stdout as it happens.\n"
"\n"
"  -k, --kernel IMAGE   x86 bzImage to boot, or a kernel build tree (its\n"
"                       arch/x86/boot/bzImage and .config); repeat for\n"
"                       several kernels\n"
"      --modules DIR    load every *.ko in DIR at boot, in an order that\n"
"                       works (no modules otherwise; Debian's cloud\n"
"                       kernels need none for the suite)\n"
"      --cpus N         vCPUs (default 2)\n"
"      --mem SIZE       guest memory, e.g. 2G (default 2G)\n"
"      --numa SPEC      emulate NUMA nodes: N (even split), or\n"
"                       MEM@CPUS,... e.g. 1G@0,1G@1 or 1536M@0-1,512M@2\n"
"      --numa-distance D  distance between nodes (default 20; local 10)\n"
"      --accel A        auto (default: KVM if a probe boot works), kvm,\n"
"                       tcg (qemu's JIT, multi-threaded)\n"
"      --disk FS[:SIZE] a fresh ext4 or xfs scratch disk (default 1G)\n"
"                       on /mnt/disk in the guest, e.g. for\n"
"                       backing=file,dir=/mnt/disk (xfs: --modules)\n"
"      --append ARGS    more kernel command line\n"
"      --strict         boot with panic_on_warn=1 oops=panic\n"
"      --timeout SEC    stop the guest after SEC s (default 3600)\n"
"      --boot-timeout SEC  no word from the guest's init in SEC s: the\n"
"                       image did not boot (default 60, 180 under TCG)\n"
"  -o, --output DIR     results directory (default results)\n"
"  -n, --name NAME      run directory name; with several kernels\n"
"                       NAME-<release> (default <release>-<time>)\n"
"      --qemu PATH      qemu binary (default $FAULTLINE_QEMU or\n"
"                       qemu-system-x86_64)\n"
"      --db FILE        history database a complete run is recorded in\n"
"                       (default OUTPUT/faultline.db), as `run` does\n"
"      --no-db          do not record the runs\n"
"\n"
"Exit status: the run's own (0 pass, 1 fail, 4 skip); 1 also when the\n"
"guest panicked, oopsed, hung, timed out or its results came back\n"
"damaged (ERROR or TIMEOUT in vm.json, console.log kept); 2 bad usage,\n"
"missing or unreadable kernel, missing qemu or busybox; 3 the image did\n"
"not boot (not a kernel, qemu refused it, a panic before faultline ran,\n"
"nothing from the guest's init within --boot-timeout, or no output from\n"
"faultline at all); 128+N on signal N. With several kernels the worst:\n"
"2, else 1 if any failed, else 3 if any did not boot, else 0; 4 if\n"
"all skipped.\n"
"Images are fetched with `sh ci/kernels.sh`; see docs/vm.md.\n";

enum {
	O_MODULES = FL_OPT_OWN, O_CPUS, O_MEM,
	O_NUMA, O_NUMA_DIST, O_ACCEL, O_APPEND, O_STRICT,
	O_TIMEOUT, O_BOOT_TIMEOUT, O_QEMU, O_DB, O_NO_DB, O_DISK,
};

static const struct option longopts[] = {
	{ "kernel", required_argument, NULL, 'k' },
	{ "modules", required_argument, NULL, O_MODULES },
	{ "cpus", required_argument, NULL, O_CPUS },
	{ "mem", required_argument, NULL, O_MEM },
	{ "numa", required_argument, NULL, O_NUMA },
	{ "numa-distance", required_argument, NULL, O_NUMA_DIST },
	{ "accel", required_argument, NULL, O_ACCEL },
	{ "append", required_argument, NULL, O_APPEND },
	{ "strict", no_argument, NULL, O_STRICT },
	{ "timeout", required_argument, NULL, O_TIMEOUT },
	{ "boot-timeout", required_argument, NULL, O_BOOT_TIMEOUT },
	{ "output", required_argument, NULL, 'o' },
	{ "name", required_argument, NULL, 'n' },
	{ "qemu", required_argument, NULL, O_QEMU },
	{ "db", required_argument, NULL, O_DB },
	{ "disk", required_argument, NULL, O_DISK },
	{ "no-db", no_argument, NULL, O_NO_DB },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int int_arg(const char *opt, const char *s, int min, int max)
{
	char what[64];

	snprintf(what, sizeof(what), "vm: %s", opt);
	return (int)fl_arg_long(what, s, min, max);
}

int vm_accel_parse(const char *s)
{
#define VM_ACCEL_NAME(id, name)	name,
	static const char *const names[] = { VM_ACCELS(VM_ACCEL_NAME) };
	int i;

	for (i = 0; i < VM_ACCEL_NR; i++)
		if (!strcmp(s, names[i]))
			return i;
	return -1;
}

static enum vm_accel accel_arg(const char *s)
{
	int a = vm_accel_parse(s);

	if (a < 0)
		fl_usage_error("vm: --accel is auto, kvm or tcg, not '%s'", s);
	return a;
}

static void one_opt(struct vm_opts *o, int c, const char *arg)
{
	switch (c) {
	case 'k':
		if (o->nr_kernels == VM_MAX_KERNELS)
			fl_usage_error("vm: at most %d --kernel images",
				       VM_MAX_KERNELS);
		o->kernels[o->nr_kernels++] = arg;
		break;
	case O_MODULES: o->modules = arg; break;
	case O_CPUS:
		o->cpus = int_arg("--cpus", arg, 1, VM_MAX_CPUS);
		o->cpus_set = true;
		break;
	case O_MEM:
		if (vm_parse_mb(arg, &o->mem_mb) || o->mem_mb < 128)
			fl_usage_error("vm: bad --mem '%s' (e.g. 2G, >= 128M)",
				       arg);
		o->mem_set = true;
		break;
	case O_NUMA: o->numa_spec = arg; break;
	case O_NUMA_DIST:
		o->distance = int_arg("--numa-distance", arg, 11, 254);
		break;
	case O_ACCEL: o->accel = accel_arg(arg); break;
	case O_APPEND: o->append = arg; break;
	case O_STRICT: o->strict = true; break;
	case O_TIMEOUT:
		o->timeout = int_arg("--timeout", arg, 1, 7 * 86400);
		break;
	case O_BOOT_TIMEOUT:
		o->boot_timeout = int_arg("--boot-timeout", arg, 1, 3600);
		break;
	case 'o': o->outdir = arg; break;
	case 'n': o->name = arg; break;
	case O_QEMU: o->qemu = arg; break;
	case O_DB: o->db = arg; break;
	case O_NO_DB: o->no_db = true; break;
	case O_DISK: o->disk_spec = arg; break;
	default:
		fl_usage_error("vm: bad option (try faultline vm --help)");
	}
}

/* -o/-n belong to `faultline vm`, which passes its own to the guest. */
static void check_run_args(const struct vm_opts *o)
{
	static const char *const own[] = { "-o", "--output", "-n", "--name",
					   NULL };
	int i, j;

	for (i = 0; i < o->run_argc; i++)
		for (j = 0; own[j]; j++) {
			const char *a = o->run_argv[i];
			size_t n = strlen(own[j]);
			char next = strncmp(a, own[j], n) ? '?' : a[n];

			/* -o DIR, -oDIR, --output DIR, --output=DIR */
			if (next == 0 || (n == 2 && next != '?') ||
			    (n > 2 && next == '='))
				fl_usage_error("vm: give %s to faultline vm, "
					       "not after --", own[j]);
		}
}

static void check_name(const char *name)
{
	if (!*name || strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
			     "abcdefghijklmnopqrstuvwxyz0123456789._+-") !=
	    strlen(name) || *name == '.')
		fl_usage_error("vm: bad --name '%s' (letters, digits, . _ + -)",
			       name);
}

static void check_tools(struct vm_opts *o)
{
	static char qemu[PATH_MAX];
	char bb[PATH_MAX];

	if (!o->qemu)
		o->qemu = getenv("FAULTLINE_QEMU");
	if (!o->qemu || !*o->qemu)
		o->qemu = "qemu-system-x86_64";
	if (!vm_find_exe(o->qemu, qemu, sizeof(qemu)))
		fl_usage_error("vm: %s not found (apt-get install "
			       "qemu-system-x86)", o->qemu);
	o->qemu = qemu;
	if (!vm_find_exe("busybox", bb, sizeof(bb)))
		fl_usage_error("vm: busybox not found (apt-get install "
			       "busybox-static)");
	if (o->accel == VM_ACCEL_KVM && access("/dev/kvm", R_OK | W_OK))
		fl_usage_error("vm: --accel kvm: cannot use /dev/kvm: %s",
			       strerror(errno));
}

static void parse(struct vm_opts *o, int argc, char **argv)
{
	char err[256];
	int c;

	while ((c = fl_getopt("vm", argc, argv, "k:o:n:h", longopts)) != -1) {
		if (c == 'h') {
			fputs(help, stdout);
			exit(0);
		}
		one_opt(o, c, optarg);
	}
	if (optind < argc && strcmp(argv[optind - 1], "--"))
		fl_usage_error("vm: unexpected '%s': RUN-ARGS go after --",
			       argv[optind]);
	o->run_argv = argv + optind;
	o->run_argc = argc - optind;
	if (!o->nr_kernels)
		fl_usage_error("vm: --kernel IMAGE is required");
	if (o->name)
		check_name(o->name);
	check_run_args(o);
	if (fl_run_args_check(o->run_argc, o->run_argv, err, sizeof(err)))
		fl_usage_error("vm: RUN-ARGS: %s", err);
	if (vm_numa_resolve(o, err, sizeof(err)))
		fl_usage_error("%s", err);
	if (o->modules && vm_modules_check(o->modules, err, sizeof(err)))
		fl_usage_error("%s", err);
	if (o->disk_spec && vm_disk_parse(o, o->disk_spec, err, sizeof(err)))
		fl_usage_error("%s", err);
	check_tools(o);
}

/* Number the images that share a release: NAME-<release>-1, -2... */
static void number_dups(struct vm_kernel *k, int n)
{
	int i, j, seen;

	for (i = 0; i < n; i++) {
		seen = 0;
		for (j = 0; j < n; j++)
			if (!strcmp(k[i].release, k[j].release)) {
				seen++;
				if (j == i)
					k[i].dup = seen;
			}
		if (seen == 1)
			k[i].dup = 0;
	}
}

/* Severity of an exit status: skip < pass < no boot < fail < usage. */
static int rank(int rc)
{
	switch (rc) {
	case FL_EXIT_SKIP: return 0;
	case FL_EXIT_PASS: return 1;
	case VM_EXIT_NOBOOT: return 2;
	case FL_EXIT_FAIL: return 3;
	case FL_EXIT_USAGE: return 4;
	default: return 5;
	}
}

/* The worst: 2, else 1 if any failed, else 3, else 0; 4 if all skip. */
static int combine(int all, int rc, bool first)
{
	if (first)
		return rc;
	return rank(rc) > rank(all) ? rc : all;
}

int cmd_vm(int argc, char **argv)
{
	struct vm_opts o = {
		.cpus = 2, .mem_mb = 2048, .distance = 20, .timeout = 3600,
		.boot_timeout = 0, .outdir = "results",
	};
	struct vm_kernel *k;
	char err[PATH_MAX + 128];
	int i, rc = 0, ret;

	parse(&o, argc, argv);
	k = calloc(o.nr_kernels, sizeof(*k));
	for (i = 0; i < o.nr_kernels; i++) {
		ret = vm_kernel_inspect(o.kernels[i], &k[i], err, sizeof(err));
		if (ret && ret != -ENOEXEC)
			fl_usage_error("%s", err);
	}
	/* the initramfs cache: an ordinary user whose HOME is not writable */
	ret = vm_mkdirs(vm_cache_dir());
	if (ret)
		fl_die(FL_EXIT_SKIP, "vm: skip: cannot make the cache directory %s: %s (set FAULTLINE_CACHE to a writable directory)",
		       vm_cache_dir(), strerror(-ret));
	number_dups(k, o.nr_kernels);
	vm_signals_install();
	for (i = 0; i < o.nr_kernels && !vm_interrupted(); i++) {
		ret = vm_guest(&o, &k[i], o.kernels[i]);
		rc = combine(rc, ret, i == 0);
	}
	free(k);
	if (vm_interrupted())
		return 128 + vm_interrupted();
	return rc;
}
