// SPDX-License-Identifier: GPL-2.0
/*
 * selftest - misbehaves on request, to test the harness itself: that a
 * crash, a hang, an error or a failed check costs one case with a clear
 * reason, and that nothing is left behind.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "workload.h"

#define DO(X)	X(DO_OK, "ok") X(DO_CRASH, "crash") X(DO_HANG, "hang") \
		X(DO_ERROR, "error") X(DO_FAIL, "fail") X(DO_SKIP, "skip") \
		X(DO_OOM, "oom")
enum what { DO(FL_ENUM_VALUE) };

static const struct fl_param params[] = {
	{ "do", FL_P_ENUM, "ok", 0, 0, FL_ENUM_CHOICES(DO),
	  "what task 0 does after spinning a little" },
	{ NULL },
};

static const char *const counters[] = { "loops", NULL };

static int setup(struct fl_ctx *ctx)
{
	if (fl_param_enum(ctx, "do") != DO_SKIP)
		return 0;
	fl_reason(ctx, "asked to skip");
	return FL_SKIP;
}

/* Touch memory until the OOM killer takes us. */
static void eat_memory(void)
{
	for (;;) {
		char *p = mmap(NULL, 64 << 20, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		size_t i;

		if (p == MAP_FAILED)
			continue;
		for (i = 0; i < (64 << 20); i += 4096)
			p[i] = 1;
	}
}

static int worker(struct fl_task *t)
{
	enum what what = fl_param_enum(t->ctx, "do");
	uint64_t n = 0;

	while (!fl_stopping(t) || what == DO_HANG) {
		fl_inc(t, 0);
		if (t->id || ++n < 100000)
			continue;
		switch (what) {
		case DO_CRASH:
			raise(SIGSEGV);
			break;
		case DO_ERROR:
			return -EIO;
		case DO_OOM:
			eat_memory();
			break;
		case DO_FAIL:
			if (n == 100000)
				fl_violation(t, 0, 1, 2, "asked to fail");
			break;
		case DO_OK:
		case DO_HANG:	/* spins past the stop, above */
		case DO_SKIP:	/* setup() said so */
			break;
		}
	}
	return 0;
}

const struct fl_workload wl_selftest = {
	.name = "selftest",
	.desc = "harness self-test: crashes, hangs or fails on request",
	.kind = FL_THROUGHPUT,
	.params = params,
	.counters = counters,
	.setup = setup,
	.worker = worker,
};
