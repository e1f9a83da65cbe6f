// SPDX-License-Identifier: GPL-2.0
/*
 * test_vm.c - the parts of `faultline vm` that need no qemu: the result
 * transfer's verification (intact, truncated, corrupted, miscounted),
 * --numa and --mem parsing, reading a bzImage header, and the per-run
 * initramfs part whose run.sh must give the guest the arguments intact.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "vm.h"

static char dir[] = "/tmp/faultline-test-vm.XXXXXX";
static char xfer[PATH_MAX], dest[PATH_MAX];

/* One FILE record for `data`, as the guest's init writes it. */
static char hdrs[4096];	/* FILE header lines since BEGIN */

static void rec(FILE *f, const char *name, const char *data, size_t len)
{
	char hex[65];

	fl_sha256_hex(data, len, hex);
	snprintf(hdrs + strlen(hdrs), sizeof(hdrs) - strlen(hdrs),
		 "FLXFER1 FILE %s %zu %s\n", name, len, hex);
	fprintf(f, "FLXFER1 FILE %s %zu %s\n", name, len, hex);
	fwrite(data, 1, len, f);
	fputc('\n', f);
}

static void begin(FILE *f)
{
	fputs("FLXFER1 BEGIN\n", f);
	hdrs[0] = 0;
}

static void end(FILE *f, int n, int rc)
{
	char hex[65];

	fl_sha256_hex(hdrs, strlen(hdrs), hex);
	fprintf(f, "FLXFER1 END %d %d %s\n", n, rc, hex);
}

static const char result[] = "{ \"schema\": \"faultline-result\" }\n";
static const char bin[] = "a\0b\r\n\xff" "FLXFER1 END 9 9\n";

/* A complete transfer: a snapshot, BEGIN, two files, END 2 rc. */
static void good(FILE *f, int rc)
{
	rec(f, "run/result.json", "{}", 2);
	begin(f);
	rec(f, "run/result.json", result, strlen(result));
	rec(f, "run/ktap.txt", bin, sizeof(bin));
	end(f, 2, rc);
}

static int collect(int *rc, int *files, char *err)
{
	return vm_xfer_collect(xfer, dest, "run", rc, files, err, 256);
}

static void test_intact(void **state)
{
	FILE *f = fopen(xfer, "w");
	char err[256], path[PATH_MAX + 16];
	size_t len;
	char *got;
	int rc, files;

	good(f, 4);
	fclose(f);
	assert_int_equal(collect(&rc, &files, err), 0);
	assert_int_equal(rc, 4);
	assert_int_equal(files, 3);
	snprintf(path, sizeof(path), "%s/result.json", dest);
	got = vm_read_file(path, &len);
	assert_int_equal(len, strlen(result));	/* the later copy won */
	assert_memory_equal(got, result, len);
	free(got);
	snprintf(path, sizeof(path), "%s/ktap.txt", dest);
	got = vm_read_file(path, &len);
	assert_int_equal(len, sizeof(bin));	/* binary-safe */
	assert_memory_equal(got, bin, len);
	free(got);
}

/* Cut the transfer anywhere: never a success. */
static void test_truncated(void **state)
{
	char *all, err[256];
	size_t len, cut;
	int rc, files;
	FILE *f = fopen(xfer, "w");

	good(f, 0);
	fclose(f);
	all = vm_read_file(xfer, &len);
	for (cut = 0; cut < len; cut++) {
		assert_int_equal(vm_write_file(xfer, all, cut), 0);
		if (!collect(&rc, &files, err))
			fail_msg("a transfer cut at %zu of %zu passed", cut,
				 len);
	}
	free(all);
	assert_non_null(strstr(err, "incomplete"));
}

/* Flip any one byte of a file's data: never a success. */
static void test_corrupted(void **state)
{
	char *all, err[256];
	size_t len, i, start;
	int rc, files;
	FILE *f = fopen(xfer, "w");

	good(f, 0);
	fclose(f);
	all = vm_read_file(xfer, &len);
	start = strstr(all, "FLXFER1 BEGIN") - all;
	for (i = start; i < len; i++) {
		all[i] ^= 0x20;
		vm_write_file(xfer, all, len);
		all[i] ^= 0x20;
		if (!collect(&rc, &files, err))
			fail_msg("byte %zu flipped and it passed", i);
	}
	free(all);
}

static void test_miscounted(void **state)
{
	FILE *f = fopen(xfer, "w");
	char err[256];
	int rc, files;

	begin(f);
	rec(f, "run/result.json", result, strlen(result));
	end(f, 2, 0);	/* one file went missing */
	fclose(f);
	assert_int_equal(collect(&rc, &files, err), -EIO);
	assert_non_null(strstr(err, "damaged"));
}

static void test_no_result(void **state)
{
	FILE *f = fopen(xfer, "w");
	char err[256];
	int rc, files;

	begin(f);
	rec(f, "run/ktap.txt", "ok 1\n", 5);
	end(f, 1, 0);
	fclose(f);
	assert_int_equal(collect(&rc, &files, err), -EIO);
	assert_non_null(strstr(err, "result.json"));
}

/* Names outside this run's directory are refused, never written. */
static void test_bad_names(void **state)
{
	FILE *f = fopen(xfer, "w");
	char err[256];
	int rc, files;

	begin(f);
	rec(f, "run/../evil", "x", 1);
	rec(f, "other/result.json", "x", 1);
	rec(f, "run/.hidden", "x", 1);
	end(f, 3, 0);
	fclose(f);
	assert_int_equal(collect(&rc, &files, err), -EIO);
	assert_int_equal(files, 0);
	assert_int_equal(access("/tmp/evil", F_OK) && errno == ENOENT, 1);
}

/* make fuzz: a size of 2^64 - 1 wrapped the length check to 0 */
static void test_huge_size(void **state)
{
	FILE *f = fopen(xfer, "w");
	char err[256];
	int rc, files;

	fputs("FLXFER1 FILE run/result.json 18446744073709551615 "
	      "0000000000000000000000000000000000000000000000000000000000000000"
	      "\nx\n", f);
	good(f, 0);
	fclose(f);
	assert_int_equal(collect(&rc, &files, err), -EIO);
	assert_non_null(strstr(err, "damaged"));
	assert_int_equal(files, 3);	/* the intact records still came */
}

static void test_numa(void **state)
{
	struct vm_opts o = { .cpus = 4, .mem_mb = 2048, .distance = 20 };
	char err[256];

	o.numa_spec = "2";
	assert_int_equal(vm_numa_resolve(&o, err, sizeof(err)), 0);
	assert_int_equal(o.nr_nodes, 2);
	assert_int_equal(o.node[1].cpu_first, 2);
	assert_int_equal(o.node[1].cpu_last, 3);
	assert_int_equal(o.node[0].mem_mb + o.node[1].mem_mb, 2048);
	o.numa_spec = "1536M@0-2,512M@3";
	assert_int_equal(vm_numa_resolve(&o, err, sizeof(err)), 0);
	assert_int_equal(o.mem_mb, 2048);
	assert_int_equal(o.node[0].cpu_last, 2);
	o.numa_spec = "1G@0,1G@0-3";		/* CPU 0 twice */
	assert_int_equal(vm_numa_resolve(&o, err, sizeof(err)), -EINVAL);
	o.numa_spec = "5";			/* more nodes than CPUs */
	assert_int_equal(vm_numa_resolve(&o, err, sizeof(err)), -EINVAL);
	o.numa_spec = "1G@x";
	assert_int_equal(vm_numa_resolve(&o, err, sizeof(err)), -EINVAL);
	o.mem_set = true;
	o.mem_mb = 1024;
	o.numa_spec = "1G@0-1,1G@2-3";	/* 2G, not 1G */
	assert_int_equal(vm_numa_resolve(&o, err, sizeof(err)), -EINVAL);
}

static void test_mem(void **state)
{
	unsigned long long mb;

	assert_int_equal(vm_parse_mb("2G", &mb), 0);
	assert_int_equal(mb, 2048);
	assert_int_equal(vm_parse_mb("512", &mb), 0);
	assert_int_equal(mb, 512);
	assert_int_equal(vm_parse_mb("1536MiB", &mb), 0);
	assert_int_equal(mb, 1536);
	assert_int_equal(vm_parse_mb("2X", &mb), -EINVAL);
	assert_int_equal(vm_parse_mb("", &mb), -EINVAL);
}

/* A made-up boot sector and setup header: magic and version string. */
static void test_bzimage(void **state)
{
	static unsigned char img[0x5000];
	struct vm_kernel k;
	char path[PATH_MAX + 16], err[PATH_MAX + 128];
	const char *ver = "6.99.0-test (me@here) #1 SMP";

	snprintf(path, sizeof(path), "%s/bzImage", dir);
	vm_write_file(path, img, sizeof(img));
	assert_int_equal(vm_kernel_inspect(path, &k, err, sizeof(err)),
			 -ENOEXEC);
	img[0x1fe] = 0x55;
	img[0x1ff] = 0xaa;
	memcpy(img + 0x202, "HdrS", 4);
	img[0x206] = 0x0f;	/* protocol 2.15 */
	img[0x207] = 0x02;
	img[0x20e] = 0x00;	/* kernel_version at 0x4000 + 0x200 */
	img[0x20f] = 0x40;
	memcpy(img + 0x4200, ver, strlen(ver));
	vm_write_file(path, img, sizeof(img));
	assert_int_equal(vm_kernel_inspect(path, &k, err, sizeof(err)), 0);
	assert_string_equal(k.release, "6.99.0-test");
	assert_int_equal(vm_kernel_inspect("/nonexistent/bzImage", &k, err,
					   sizeof(err)), -ENOENT);
}

/* The file `name` in a plain newc archive at buf, or NULL. */
static char *cpio_find(char *buf, size_t len, const char *name, size_t *flen)
{
	size_t off = 0;

	while (off + 110 <= len && !memcmp(buf + off, "070701", 6)) {
		char f[9] = "";
		unsigned long size, nlen;
		char *n = buf + off + 110;

		memcpy(f, buf + off + 54, 8);
		size = strtoul(f, NULL, 16);
		memcpy(f, buf + off + 94, 8);
		nlen = strtoul(f, NULL, 16);
		off = (off + 110 + nlen + 3) & ~3UL;
		if (!strcmp(n, name)) {
			*flen = size;
			return buf + off;
		}
		off = (off + size + 3) & ~3UL;
	}
	return NULL;
}

/*
 * The per-run part: a copy of the base, padded to 4 bytes, then a plain
 * cpio whose run.sh gives the guest's shell back exactly the name, the
 * VM JSON, a sanitizer option from our environment and RUN-ARGS with
 * quotes, spaces and newlines in them.
 */
static void test_run_script(void **state)
{
	char base[PATH_MAX + 16], dest[PATH_MAX + 16], sh[PATH_MAX + 16];
	char cmd[3 * PATH_MAX], out[1024] = "";
	char *argv[] = { "-d", "1", "it's \"quoted\"", "a b\nc", "$HOME" };
	const char *info = "{\"k\":\"it's\"}";
	const char *ubsan = getenv("UBSAN_OPTIONS");
	char *saved = ubsan ? strdup(ubsan) : NULL;
	size_t len, slen = 0;
	char *buf, *s;
	FILE *p;

	snprintf(base, sizeof(base), "%s/base", dir);
	snprintf(dest, sizeof(dest), "%s/initrd", dir);
	snprintf(sh, sizeof(sh), "%s/run.sh", dir);
	vm_write_file(base, "12345", 5);
	setenv("UBSAN_OPTIONS", "it's=1 $x", 1);	/* to the guest, as is */
	assert_int_equal(vm_initramfs_run(base, dest, "n' 1", info, "ext4",
					  argv, 5), 0);
	if (saved)
		setenv("UBSAN_OPTIONS", saved, 1);
	else
		unsetenv("UBSAN_OPTIONS");
	free(saved);
	buf = vm_read_file(dest, &len);
	assert_memory_equal(buf, "12345\0\0\0", 8);
	s = cpio_find(buf + 8, len - 8, "etc/faultline/run.sh", &slen);
	assert_non_null(s);
	vm_write_file(sh, s, slen);
	free(buf);
	snprintf(cmd, sizeof(cmd), "sh -c '. %s; printf \"%%s|\" "
		 "\"$FL_NAME\" \"$FAULTLINE_VM_INFO\" \"$FL_DISK\" "
		 "\"$UBSAN_OPTIONS\" \"$@\"'",
		 sh);
	p = popen(cmd, "r");
	assert_non_null(p);
	len = fread(out, 1, sizeof(out) - 1, p);
	out[len] = 0;
	pclose(p);
	assert_string_equal(out, "n' 1|{\"k\":\"it's\"}|ext4|it's=1 $x|-d|1|"
			    "it's \"quoted\"|a b\nc|$HOME|");
}

static int setup(void **state)
{
	if (!mkdtemp(dir))
		return -1;
	snprintf(xfer, sizeof(xfer), "%s/xfer.bin", dir);
	snprintf(dest, sizeof(dest), "%s/run", dir);
	return vm_mkdirs(dest);
}

static int teardown(void **state)
{
	return fl_rmtree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_intact),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_corrupted),
		cmocka_unit_test(test_miscounted),
		cmocka_unit_test(test_no_result),
		cmocka_unit_test(test_bad_names),
		cmocka_unit_test(test_huge_size),
		cmocka_unit_test(test_numa),
		cmocka_unit_test(test_mem),
		cmocka_unit_test(test_bzimage),
		cmocka_unit_test(test_run_script),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
