// SPDX-License-Identifier: GPL-2.0
/*
 * supervise.c - run one case in its own measured process and judge how
 * it ended. The supervisor owns the watchdog, the kernel log, the
 * aggressors and the verdict; the measured process only measures. A
 * crash, a hang or an OOM kill there costs this case, never the suite.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "aggressor.h"
#include "cli.h"
#include "kmsg.h"
#include "results.h"
#include "run.h"

static int case_timeout(const struct fl_case *c)
{
	if (c->o.timeout)
		return c->o.timeout;
	return 2 * fl_reps_max(&c->o) * (c->o.warmup + c->o.duration + 2) +
	       30;
}

static void progress(const struct fl_case *c, const struct fl_shared *shm,
		     struct fl_runctx *rc, double case_start)
{
	double now = fl_mono_sec();
	double per = fl_reps_max(&c->o) * (c->o.warmup + c->o.duration);
	double done = rc->expect_done + (now - case_start < per ?
					 now - case_start : per);
	double rate = done > 0 ? (now - rc->t_start) / done : 1;
	int eta = (int)((rc->expect_total - done) * rate);

	if (!rc->progress)
		return;
	fprintf(stderr,
		"\r\033[K[%d/%d] %s rep %d/%d  elapsed %ds  ETA %dm%02ds",
		rc->index + 1, rc->ncases, c->label, shm->rep + 1,
		fl_reps_max(&c->o),
		(int)(now - rc->t_start), eta / 60, eta % 60);
}

static pid_t start_measured(const struct fl_case *c, struct fl_shared *shm,
			    const struct fl_placement *pl)
{
	pid_t parent = getpid(), pid = fork();

	if (pid)
		return pid;
	setpgid(0, 0);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(3);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	_exit(fl_case_main(c, shm, pl));
}

/* Kill what is left of the measured process group and reap it all. */
static void reap_group(pid_t pid)
{
	int i;

	kill(-pid, SIGKILL);
	for (i = 0; i < 5000; i++) {
		if (waitpid(-pid, NULL, WNOHANG) < 0 && errno == ECHILD)
			return;
		usleep(1000);
	}
	fl_warn("processes of group %d did not die", (int)pid);
}

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

/*
 * Sleep until the measured process ends, a signal comes or timeout_ms
 * pass: poll its pidfd instead of waking every 20 ms. The caller blocks
 * the signals run.c handles; ppoll unblocks them (orig) only while it
 * sleeps, so none is lost between the check of *interrupted and the
 * sleep. Without pidfd_open (Linux < 5.3), a short sleep.
 */
static void wait_case(int pidfd, int timeout_ms, const sigset_t *orig,
		      const sigset_t *blocked)
{
	struct pollfd p = { .fd = pidfd, .events = POLLIN };
	struct timespec ts = {
		.tv_sec = timeout_ms / 1000,
		.tv_nsec = (timeout_ms % 1000) * 1000000L,
	};

	if (pidfd >= 0) {
		ppoll(&p, 1, &ts, orig);
		return;
	}
	sigprocmask(SIG_SETMASK, orig, NULL);
	usleep(20000);
	sigprocmask(SIG_BLOCK, blocked, NULL);
}

static int verdict(const struct fl_shared *shm, int wst, int forced,
		   int oom, int nbad, char *reason, size_t len)
{
	int st;

	if (forced) {
		st = forced;
	} else if (WIFSIGNALED(wst)) {
		st = FL_ST_CRASH;
		if (WTERMSIG(wst) == SIGKILL && oom)
			snprintf(reason, len, "OOM-killed (see kmsg)");
		else
			snprintf(reason, len, "measured process killed by %s",
				 strsignal(WTERMSIG(wst)));
	} else if (WEXITSTATUS(wst)) {
		st = FL_ST_ERROR;
		snprintf(reason, len, "measured process exited %d",
			 WEXITSTATUS(wst));
	} else {
		st = shm->status;
		snprintf(reason, len, "%s", shm->reason);
		if (st == FL_ST_CRASH && oom)
			snprintf(reason, len, "%s (OOM killer ran)",
				 shm->reason);
	}
	if (nbad && (st == FL_ST_OK || st == FL_ST_SKIP)) {
		st = FL_ST_FAIL;
		snprintf(reason, len, "kernel log: %d bad line(s), see kmsg",
			 nbad);
	}
	return st;
}

json_object *fl_supervise(const struct fl_case *c,
			  const struct fl_placement *pl,
			  struct fl_runctx *rc)
{
	struct fl_shared *shm = fl_shared_alloc(c);
	const char *inj = getenv("FAULTLINE_INJECT");
	json_object *obj, *kj = json_object_new_object();
	struct fl_case_end e = { .pl = pl, .kmsg = kj };
	char reason[512] = "", *replay;
	double start = fl_mono_sec(), deadline = start + case_timeout(c);
	int wst = 0, forced = 0, oom, nbad, st;
	struct fl_kmsg *km;
	char unwatched[160] = "";
	struct aggr *ag;
	pid_t pid;
	sigset_t blocked, orig;
	int pidfd, ms;
	double left;

	if (!shm)
		fl_die(3, "cannot map shared memory: %s", strerror(errno));
	if (fl_no_monitors())
		shm->nvmstat = 0;	/* bench only: nothing to read */
	else
		fl_vmstat_names(shm);
	fl_perf_plan(c->o.perf, &shm->perf);
	shm->inject_left = inj && !strcmp(inj, c->wl->name);
	km = fl_kmsg_open();
	if (fl_kmsg_unwatched(km, unwatched, sizeof(unwatched)) && !rc->strict)
		unwatched[0] = 0;
	ag = aggr_start(rc->with, rc->nwith, rc->scratch);
	pid = start_measured(c, shm, pl);
	setpgid(pid, pid);
	sigemptyset(&blocked);
	sigaddset(&blocked, SIGINT);
	sigaddset(&blocked, SIGTERM);
	sigaddset(&blocked, SIGHUP);
	sigprocmask(SIG_BLOCK, &blocked, &orig);
	pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	while (waitpid(pid, &wst, WNOHANG) == 0) {
		if (*rc->interrupted && !forced) {
			forced = FL_ST_INTERRUPTED;
			snprintf(reason, sizeof(reason), "interrupted");
			kill(-pid, SIGKILL);
		} else if (fl_mono_sec() > deadline && !forced) {
			forced = FL_ST_TIMEOUT;
			snprintf(reason, sizeof(reason),
				 "watchdog: not finished after %d s (rep %d)",
				 case_timeout(c), shm->rep + 1);
			kill(-pid, SIGKILL);
		}
		progress(c, shm, rc, start);
		/* the watchdog's deadline; the progress line once a second */
		left = forced ? 1 : deadline - fl_mono_sec();
		ms = left > 0 ? (int)(left * 1000) + 1 : 1;
		if (ms > 1000 && (rc->progress || forced))
			ms = 1000;
		wait_case(pidfd, ms, &orig, &blocked);
	}
	sigprocmask(SIG_SETMASK, &orig, NULL);
	if (pidfd >= 0)
		close(pidfd);
	reap_group(pid);
	if (rc->progress)
		fprintf(stderr, "\r\033[K");
	nbad = fl_kmsg_collect(km, kj, &oom);
	st = verdict(shm, wst, forced, oom, nbad, reason, sizeof(reason));
	if (*unwatched && (st == FL_ST_OK || st == FL_ST_SKIP ||
			   st == FL_ST_FAIL)) {
		st = FL_ST_ERROR;
		snprintf(reason, sizeof(reason), "--strict: kernel log not "
			 "watched: %s", unwatched);
	}
	replay = fl_replay_line(c, rc->run_seed, rc->with, rc->nwith);
	e.status = st;
	e.reason = reason;
	e.elapsed = fl_mono_sec() - start;
	e.replay = replay;
	e.aggressors = aggr_stop(ag);
	obj = fl_result_case(c, shm, &e);
	json_object_put(kj);
	free(replay);
	fl_shared_free(shm);
	return obj;
}
