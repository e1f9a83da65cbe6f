// SPDX-License-Identifier: GPL-2.0
/*
 * vm_initramfs.c - the guest's initramfs, in two parts.
 *
 * The base (cached): /init, busybox, this faultline binary (its static
 * twin faultline-static when make built one: no shared library to map;
 * else this one with the shared libraries and ELF loader `ldd` names),
 * and the kernel's config as /boot/config-RELEASE, since
 * /proc/config.gz may be missing. It is kept in $CACHE/initramfs/,
 * named by the sha256 of every input file.
 *
 * The per-run part, a plain cpio appended to a copy of the base (the
 * kernel unpacks concatenated archives): /etc/faultline/run.sh, and
 * the suite files that RUN-ARGS name (-c FILE) as etc/faultline/suite-N.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

#include <openssl/evp.h>

#include "vm.h"
#include "vm_cpio.h"

#define MAX_FILES	256
#define MOD_DIR		"lib/modules/faultline"
#define INITRAMFS_FORMAT	"faultline-initramfs-1"

struct file {
	char dest[PATH_MAX];	/* path in the guest, no leading '/' */
	char src[PATH_MAX];	/* path on the host */
};

struct manifest {
	struct file f[MAX_FILES];
	int n;
};

static int add(struct manifest *m, const char *dest, const char *src)
{
	int i;

	for (i = 0; i < m->n; i++)
		if (!strcmp(m->f[i].dest, dest))
			return 0;
	if (m->n == MAX_FILES)
		return -E2BIG;
	snprintf(m->f[m->n].dest, PATH_MAX, "%s", dest + (*dest == '/'));
	snprintf(m->f[m->n].src, PATH_MAX, "%s", src);
	m->n++;
	return 0;
}

/* exe and every library `ldd` names for it, at the same paths. */
static int add_elf(struct manifest *m, const char *dest, const char *exe)
{
	char *argv[] = { "ldd", (char *)exe, NULL };
	char line[PATH_MAX + 64], lib[PATH_MAX];
	pid_t pid;
	FILE *p;
	int ret = add(m, dest, exe);

	p = vm_cmd_open(argv, &pid);
	if (!p)
		return -errno;
	while (!ret && fgets(line, sizeof(line), p)) {
		char *s = strstr(line, "=> "), *e;

		s = s ? s + 3 : line + strspn(line, " \t");
		if (*s != '/')
			continue;
		e = strpbrk(s, " \t\n");
		if (e)
			*e = 0;
		ret = realpath(s, lib) ? add(m, s, lib) : -ENOENT;
	}
	vm_cmd_close(p, pid);
	return ret;
}

static bool is_ko(const char *name)
{
	size_t n = strlen(name);

	return n > 3 && !strcmp(name + n - 3, ".ko");
}

/*
 * --modules DIR: a readable directory with at least one plain *.ko
 * (compressed modules must be decompressed first: the guest's insmod is
 * busybox's). 0, or -EINVAL and why.
 */
int vm_modules_check(const char *dir, char *err, size_t errlen)
{
	struct dirent *e;
	int n = 0;
	DIR *d = opendir(dir);

	if (!d) {
		snprintf(err, errlen, "vm: --modules '%s': %s", dir,
			 strerror(errno));
		return -EINVAL;
	}
	while ((e = readdir(d)))
		n += is_ko(e->d_name);
	closedir(d);
	if (n)
		return 0;
	snprintf(err, errlen, "vm: --modules '%s' holds no *.ko (decompress "
		 "*.ko.xz or *.ko.zst first)", dir);
	return -EINVAL;
}

/* Every *.ko in dir, as /lib/modules/faultline/NAME.ko. */
static int add_modules(struct manifest *m, const char *dir)
{
	char dest[NAME_MAX + 32], src[PATH_MAX + NAME_MAX + 2];
	struct dirent *e;
	int ret = 0;
	DIR *d = opendir(dir);

	if (!d)
		return -errno;
	while (!ret && (e = readdir(d))) {
		if (!is_ko(e->d_name))
			continue;
		snprintf(dest, sizeof(dest), MOD_DIR "/%s", e->d_name);
		snprintf(src, sizeof(src), "%s/%s", dir, e->d_name);
		ret = add(m, dest, src);
	}
	closedir(d);
	return ret;
}

/*
 * faultline-static next to this binary (make builds both), unless it is
 * older: the guest then depends on no shared library, so a guest kernel
 * that maps them wrongly cannot take the runner down (docs/mutants.md).
 */
static bool static_twin(const char *self, char *st, size_t len)
{
	struct stat a, b;

	snprintf(st, len, "%s-static", self);
	return !stat(self, &a) && !stat(st, &b) && !access(st, X_OK) &&
	       b.st_mtime >= a.st_mtime;
}

bool vm_wants_perf(char **argv, int argc)
{
	int i;

	for (i = 0; i < argc; i++) {
		const char *v = !strncmp(argv[i], "--perf=", 7) ? argv[i] + 7 :
				!strcmp(argv[i], "--perf") && i + 1 < argc ?
				argv[i + 1] : NULL;

		if (v && strcmp(v, "none"))
			return true;
	}
	return false;
}

/*
 * With perf (run --perf), the host's perf and its libraries go in too
 * (11 MB more gzip'd initramfs with Debian 12's, so only then); a
 * host without perf leaves it out, and the guest's result says
 * "perf: not found".
 */
static int collect(struct manifest *m, const struct vm_kernel *k,
		   const char *modules, bool perf)
{
	char self[PATH_MAX], bb[PATH_MAX], cfg[200], pf[PATH_MAX];
	char st[PATH_MAX + 8];
	int ret;

	if (!realpath("/proc/self/exe", self))
		return -errno;
	if (!vm_find_exe("busybox", bb, sizeof(bb)))
		return -ENOENT;
	ret = add_elf(m, "bin/busybox", bb);
	if (!ret && static_twin(self, st, sizeof(st)))
		ret = add(m, "bin/faultline", st);
	else if (!ret)
		ret = add_elf(m, "bin/faultline", self);
	if (!ret && k->config[0]) {
		snprintf(cfg, sizeof(cfg), "boot/config-%s", k->release);
		ret = add(m, cfg, k->config);
	}
	if (!ret && modules)
		ret = add_modules(m, modules);
	if (!ret && perf && vm_find_exe("perf", pf, sizeof(pf)))
		ret = add_elf(m, "bin/perf", pf);
	return ret;
}

/* The cache key: the format, the kernel, the init script, every file. */
static int key(const struct manifest *m, const struct vm_kernel *k,
	       char hex[65])
{
	char buf[PATH_MAX + 140], fh[65];
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	unsigned char md[32];
	unsigned int n;
	int i, ret = 0;

	EVP_DigestInit_ex(c, EVP_sha256(), NULL);
	snprintf(buf, sizeof(buf), "%s %s\n", INITRAMFS_FORMAT, k->hash);
	EVP_DigestUpdate(c, buf, strlen(buf));
	EVP_DigestUpdate(c, vm_init_script, strlen(vm_init_script));
	for (i = 0; i < m->n && !ret; i++) {
		ret = fl_sha256_file(m->f[i].src, fh);
		snprintf(buf, sizeof(buf), "%s %s\n", m->f[i].dest, fh);
		EVP_DigestUpdate(c, buf, strlen(buf));
	}
	EVP_DigestFinal_ex(c, md, &n);
	EVP_MD_CTX_free(c);
	fl_sha256_hex(md, sizeof(md), hex);
	return ret;
}

/* Every parent directory of dest not made yet, parents first. */
static void mkparents(struct vm_cpio *c, const char *dest, char *made,
		      size_t len)
{
	char dir[PATH_MAX + 2], *s;

	snprintf(dir, sizeof(dir), "%s", dest);
	for (s = strchr(dir, '/'); s; s = strchr(s + 1, '/')) {
		char tag[PATH_MAX + 4];

		*s = 0;
		snprintf(tag, sizeof(tag), "\n%s\n", dir);
		if (!strstr(made, tag)) {
			vm_cpio_dir(c, dir);
			if (strlen(made) + strlen(tag) < len)
				strcat(made, tag + 1);
		}
		*s = '/';
	}
}

static int write_base(const struct manifest *m, const char *path)
{
	static const char *dirs[] = { "bin", "boot", "dev", "etc", "proc",
				      "sys", "tmp", "out", "run", "usr" };
	static char made[1 << 14];
	struct vm_cpio c;
	size_t i;
	int j, ret = vm_cpio_open(&c, path, true);

	if (ret)
		return ret;
	strcpy(made, "\n");
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		vm_cpio_dir(&c, dirs[i]);
		strcat(made, dirs[i]);
		strcat(made, "\n");
	}
	vm_cpio_node(&c, "dev/console", 5, 1);
	vm_cpio_data(&c, "init", 0755, vm_init_script,
		     strlen(vm_init_script));
	for (j = 0; j < m->n; j++) {
		mkparents(&c, m->f[j].dest, made, sizeof(made));
		vm_cpio_copy(&c, m->f[j].dest, m->f[j].src);
	}
	return vm_cpio_close(&c);
}

#define KEEP	8	/* cached initramfs files kept, newest first */

struct cached_file {
	char name[NAME_MAX + 1];
	time_t mtime;
};

static int newer_first(const void *a, const void *b)
{
	const struct cached_file *x = a, *y = b;

	return (y->mtime > x->mtime) - (y->mtime < x->mtime);
}

/*
 * Every rebuilt faultline makes a new initramfs: keep the KEEP newest,
 * and leftovers of interrupted builds older than an hour.
 */
static void prune(const char *dir)
{
	struct cached_file *f = NULL;
	char path[PATH_MAX + NAME_MAX + 2];
	struct dirent *e;
	struct stat st;
	int n = 0, i;
	DIR *d = opendir(dir);

	while (d && (e = readdir(d))) {
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (e->d_name[0] == '.' || stat(path, &st))
			continue;
		if (strstr(e->d_name, ".tmp")) {
			if (st.st_mtime < time(NULL) - 3600)
				unlink(path);
			continue;
		}
		if (!(n % 64))
			f = fl_realloc(f, (n + 64) * sizeof(*f));
		snprintf(f[n].name, sizeof(f[n].name), "%s", e->d_name);
		f[n++].mtime = st.st_mtime;
	}
	if (d)
		closedir(d);
	if (n > KEEP)
		qsort(f, n, sizeof(*f), newer_first);
	for (i = KEEP; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, f[i].name);
		unlink(path);
	}
	free(f);
}

/*
 * The cached base initramfs for kernel k: its path in `path`, *cached
 * true if it was there already. Builds it (atomically) if not.
 */
int vm_initramfs_base(const struct vm_kernel *k, const char *modules,
		      bool perf, char *path, size_t len, bool *cached)
{
	struct manifest *m = calloc(1, sizeof(*m));
	char hex[65], dir[PATH_MAX], tmp[PATH_MAX + 32];
	int ret;

	if (!m)
		return -ENOMEM;
	ret = collect(m, k, modules, perf);
	if (!ret)
		ret = key(m, k, hex);
	snprintf(dir, sizeof(dir), "%s/initramfs", vm_cache_dir());
	if (!ret)
		ret = vm_mkdirs(dir);
	if (ret)
		goto out;
	snprintf(path, len, "%s/%s-%.16s.cpio.gz", dir, k->release, hex);
	*cached = !access(path, R_OK);
	if (*cached) {
		utime(path, NULL);	/* recently used: prune() keeps it */
		goto out;
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp%d", path, (int)getpid());
	ret = write_base(m, tmp);
	if (!ret && rename(tmp, path))
		ret = -errno;
	if (ret)
		unlink(tmp);
	else
		prune(dir);
out:
	free(m);
	return ret;
}

/* 'arg' with every ' as '\'' */
static void quote(FILE *f, const char *s)
{
	fputc('\'', f);
	for (; *s; s++)
		if (*s == '\'')
			fputs("'\\''", f);
		else
			fputc(*s, f);
	fputc('\'', f);
}

static char *run_script(const char *name, const char *info,
			const char *disk, char **argv, int argc, size_t *len)
{
	static const char *const san_env[] = {
		"ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS",
	};
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);
	int i;

	if (!f)
		return NULL;
	fputs("FL_NAME=", f);
	quote(f, name);
	fputs("\nexport FAULTLINE_VM_INFO=", f);
	quote(f, info);
	fputs("\nFL_DISK=", f);
	quote(f, disk ? disk : "");
	/* a sanitized build (make asan, ubsan) runs with the same options */
	for (i = 0; i < (int)(sizeof(san_env) / sizeof(san_env[0])); i++) {
		const char *v = getenv(san_env[i]);

		if (v) {
			fprintf(f, "\nexport %s=", san_env[i]);
			quote(f, v);
		}
	}
	fputs("\nset --", f);
	for (i = 0; i < argc; i++) {
		fputc(' ', f);
		quote(f, argv[i]);
	}
	fputc('\n', f);
	fclose(f);
	return buf;
}

/*
 * The kernel takes an archive that follows a compressed one only at a
 * 4-byte aligned offset; zero bytes in between are skipped.
 */
static int pad4(const char *path)
{
	static const char zero[4];
	struct stat st;
	FILE *f;

	if (stat(path, &st))
		return -errno;
	if (!(st.st_size % 4))
		return 0;
	f = fopen(path, "a");
	if (!f)
		return -errno;
	fwrite(zero, 1, 4 - st.st_size % 4, f);
	return fclose(f) ? -EIO : 0;
}

/*
 * RUN-ARGS name suites by host paths (-c FILE, --suite FILE or NAME as
 * in configs/NAME.suite): each goes into the per-run part as
 * etc/faultline/suite-N, and the guest's argument is rewritten to it.
 * Returns a copy of argv (its strings are argv's or new ones).
 */
static char **embed_suites(struct vm_cpio *c, char **argv, int argc)
{
	char **out = calloc(argc + 1, sizeof(*out)), alt[PATH_MAX];
	char dest[64];
	const char *path;
	int i, n = 0;

	if (!out)
		return NULL;
	for (i = 0; i < argc; i++) {
		out[i] = argv[i];
		if (i == 0 || (strcmp(argv[i - 1], "-c") &&
			       strcmp(argv[i - 1], "--suite")))
			continue;
		path = argv[i];
		if (access(path, R_OK) && !strchr(path, '/')) {
			snprintf(alt, sizeof(alt), "configs/%s.suite", path);
			path = alt;
		}
		if (access(path, R_OK))
			continue;	/* the guest's runner says why */
		snprintf(dest, sizeof(dest), "etc/faultline/suite-%d", n++);
		if (vm_cpio_copy(c, dest, path) ||
		    asprintf(&out[i], "/%s", dest) < 0) {
			free(out);
			return NULL;
		}
	}
	return out;
}

/* dest: the base, then a plain cpio with this run's run.sh and suites. */
int vm_initramfs_run(const char *base, const char *dest, const char *name,
		     const char *info, const char *disk, char **argv,
		     int argc)
{
	char part[PATH_MAX + 8];
	struct vm_cpio c;
	size_t len;
	char *sh = NULL, **args = NULL;
	int i, ret;

	snprintf(part, sizeof(part), "%s.run", dest);
	ret = vm_cpio_open(&c, part, false);
	if (!ret) {
		vm_cpio_dir(&c, "etc");
		vm_cpio_dir(&c, "etc/faultline");
		args = embed_suites(&c, argv, argc);
		if (args)
			sh = run_script(name, info, disk, args, argc, &len);
		if (sh)
			vm_cpio_data(&c, "etc/faultline/run.sh", 0644, sh,
				     len);
		ret = vm_cpio_close(&c);
		if (!ret && !sh)
			ret = -ENOMEM;
	}
	for (i = 0; args && i < argc; i++)
		if (args[i] != argv[i])
			free(args[i]);
	free(args);
	free(sh);
	if (!ret)
		ret = vm_copy_file(base, dest, false);
	if (!ret)
		ret = pad4(dest);
	if (!ret)
		ret = vm_copy_file(part, dest, true);
	unlink(part);
	return ret;
}
