// SPDX-License-Identifier: GPL-2.0
/*
 * test_hostile_vm.c - child programs of `faultline vm` (qemu --version,
 * ldd) run without a shell: paths holding spaces, quotes and '$' reach
 * the program as they are, and nothing in them is executed.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "vm.h"

static char top[64], dir[PATH_MAX], pwned[128];

static int setup(void **state)
{
	snprintf(top, sizeof(top), "/tmp/fl-hostile-vm.XXXXXX");
	if (!mkdtemp(top))
		return -1;
	snprintf(pwned, sizeof(pwned), "%s/PWNED", top);
	/* run from top: an executed "touch PWNED" leaves top/PWNED */
	if (chdir(top))
		return -1;
	snprintf(dir, sizeof(dir), "%s/a b'c\"$(touch PWNED)`touch PWNED`", top);
	return mkdir(dir, 0755);
}

static int teardown(void **state)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", top);
	return system(cmd) ? -1 : 0;
}

static void test_qemu_version(void **state)
{
	char exe[PATH_MAX + 8], *v;
	FILE *f;

	snprintf(exe, sizeof(exe), "%s/qemu", dir);
	f = fopen(exe, "w");
	assert_non_null(f);
	fputs("#!/bin/sh\necho \"QEMU emulator version 9.9.9 ($1)\"\n", f);
	fclose(f);
	chmod(exe, 0755);
	v = vm_qemu_version(exe);
	assert_non_null(v);
	assert_string_equal(v, "QEMU emulator version 9.9.9 (--version)");
	free(v);
	assert_int_not_equal(access(pwned, F_OK), 0);
}

static void test_ldd(void **state)
{
	char exe[PATH_MAX + 8], cmd[2 * PATH_MAX + 32], line[PATH_MAX + 64];
	char *argv[] = { "ldd", exe, NULL };
	bool libc = false;
	pid_t pid;
	FILE *f;

	snprintf(exe, sizeof(exe), "%s/true", dir);
	snprintf(cmd, sizeof(cmd), "cp /bin/true '%s'", top);
	assert_int_equal(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "%s/true", top);
	assert_int_equal(rename(cmd, exe), 0);
	f = vm_cmd_open(argv, &pid);
	assert_non_null(f);
	while (fgets(line, sizeof(line), f))
		libc |= strstr(line, "libc.so") != NULL;
	assert_int_equal(vm_cmd_close(f, pid), 0);
	assert_true(libc);
	assert_int_not_equal(access(pwned, F_OK), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_qemu_version),
		cmocka_unit_test(test_ldd),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
