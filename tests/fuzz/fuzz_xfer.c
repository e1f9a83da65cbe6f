// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_xfer - the VM transfer decoder: vm_xfer_collect() on a transfer
 * file, writing what it carries into a scratch run directory.
 */
#include <sys/stat.h>

#include "fuzz.h"
#include "vm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char dest[PATH_MAX + 16], err[512];
	int rc, files;

	snprintf(dest, sizeof(dest), "%s/run", fuzz_dir());
	mkdir(dest, 0755);
	vm_xfer_collect(fuzz_file("xfer", data, size), dest, "run", &rc,
			&files, err, sizeof(err));
	return 0;
}
