// SPDX-License-Identifier: GPL-2.0
/*
 * perf.c - run perf for --perf (perf.h). No shell: posix_spawnp, which
 * glibc does with CLONE_VM|CLONE_VFORK, so the measured process's page
 * tables are not copied (a fork() would write-protect the workload's
 * memory and add faults to the very path being measured).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "perf.h"
#include "util.h"

extern char **environ;

/*
 * perf answers a control command within this; perf record under TCG
 * (faultline vm without KVM) takes seconds to start.
 */
#define ACK_MS	15000

/* Events in a list: commas outside cpu/.../ terms count. */
static int nr_events(const char *s)
{
	int n = 1;
	bool term = false;

	for (; *s; s++)
		if (*s == '/')
			term = !term;
		else if (*s == ',' && !term)
			n++;
	return n;
}

int fl_perf_parse(const char *arg, enum fl_perf_what *what,
		  const char **events)
{
	static const char ok[] = "abcdefghijklmnopqrstuvwxyz"
				 "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
				 "_-:/=.,@{}";

	*events = "";
	if (!strcmp(arg, "none")) {
		*what = FL_PERF_NONE;
	} else if (!strcmp(arg, "lock")) {
		*what = FL_PERF_LOCK;
	} else if (!strcmp(arg, "stat")) {
		*what = FL_PERF_STAT;
		*events = FL_PERF_DEFAULT_EVENTS;
	} else if (!strncmp(arg, "stat=", 5) && arg[5] &&
		   strspn(arg + 5, ok) == strlen(arg + 5) &&
		   arg[5] != ',' && arg[strlen(arg) - 1] != ',' &&
		   !strstr(arg, ",,") &&
		   nr_events(arg + 5) <= FL_PERF_MAX_EVENTS) {
		*what = FL_PERF_STAT;
		*events = arg + 5;
	} else {
		return -1;
	}
	return 0;
}

/* The environment with LC_ALL=C: perf's numbers with a decimal point. */
static char **c_locale_env(void)
{
	size_t n = 0, i, j = 0;
	char **env;

	while (environ[n])
		n++;
	env = calloc(n + 2, sizeof(*env));
	if (!env)
		return NULL;
	for (i = 0; i < n; i++)
		if (strncmp(environ[i], "LC_ALL=", 7))
			env[j++] = environ[i];
	env[j++] = "LC_ALL=C";
	env[j] = NULL;
	return env;
}

/*
 * Start perf with argv, its stderr (and stdout) into out; keep[] are
 * descriptors perf inherits under their own numbers. 0 or an errno.
 */
static int spawn(char **argv, int out, const int *keep, int nkeep,
		 pid_t *pid)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t none;
	char **env = c_locale_env();
	int i, err;

	if (!env)
		return ENOMEM;
	posix_spawn_file_actions_init(&fa);
	posix_spawnattr_init(&at);
	/* the same number: glibc >= 2.29 clears FD_CLOEXEC (BZ 23640) */
	for (i = 0; i < nkeep; i++)
		posix_spawn_file_actions_adddup2(&fa, keep[i], keep[i]);
	posix_spawn_file_actions_adddup2(&fa, out, 1);
	posix_spawn_file_actions_adddup2(&fa, out, 2);
	sigemptyset(&none);
	posix_spawnattr_setsigmask(&at, &none);
	sigaddset(&none, SIGINT);
	posix_spawnattr_setsigdefault(&at, &none);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK |
				 POSIX_SPAWN_SETSIGDEF);
	err = posix_spawnp(pid, "perf", &fa, &at, argv, env);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	free(env);
	return err;
}

/* What perf wrote, NUL-terminated; NULL if nothing could be read. */
static char *slurp(int fd)
{
	struct stat st;
	char *buf;
	ssize_t n;

	if (fstat(fd, &st) || st.st_size > (1 << 20))
		return NULL;
	buf = malloc(st.st_size + 1);
	if (!buf)
		return NULL;
	n = pread(fd, buf, st.st_size, 0);
	buf[n > 0 ? n : 0] = 0;
	return buf;
}

/* The first line of perf's output that says something, into buf. */
static void first_words(const char *text, char *buf, size_t len)
{
	const char *p = text;

	snprintf(buf, len, "perf printed no counts");
	while (p && *p) {
		size_t n = strcspn(p, "\n");

		if (n && strncmp(p, "Events ", 7) && *p != '#') {
			snprintf(buf, len, "perf: %.*s", (int)n, p);
			return;
		}
		p += n + (p[n] == '\n');
	}
}

/* Wait up to ms for pid; SIGKILL it after that. Its wait status. */
static int reap(pid_t pid, int ms)
{
	int st = 0, i;

	for (i = 0; i < ms; i += 10) {
		if (waitpid(pid, &st, WNOHANG) == pid)
			return st;
		usleep(10000);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	return st;
}

static void spawn_error(int err, char *buf, size_t len)
{
	if (err == ENOENT)
		snprintf(buf, len, "perf: not found in PATH (Debian package "
			 "linux-perf)");
	else
		snprintf(buf, len, "perf: cannot start: %s", strerror(err));
}

static void plan_stat(const char *events, struct fl_perf_plan *plan)
{
	char *argv[] = { "perf", "stat", "-x,", "-e", (char *)events, "--",
			 "true", NULL };
	struct fl_perf_count c[FL_PERF_MAX_EVENTS];
	int out = memfd_create("perf-probe", MFD_CLOEXEC), err, n, i;
	size_t off = 0, soff = 0;
	char *text;
	pid_t pid;

	if (out < 0) {
		snprintf(plan->reason, sizeof(plan->reason),
			 "memfd_create: %s", strerror(errno));
		return;
	}
	err = spawn(argv, out, NULL, 0, &pid);
	if (err) {
		spawn_error(err, plan->reason, sizeof(plan->reason));
		close(out);
		return;
	}
	reap(pid, 10000);
	text = slurp(out);
	close(out);
	n = text ? fl_perfcsv_parse(text, c, FL_PERF_MAX_EVENTS) : 0;
	for (i = 0; i < n; i++) {
		if (c[i].why[0]) {
			soff += snprintf(plan->skipped + soff,
					 soff < sizeof(plan->skipped) ?
					 sizeof(plan->skipped) - soff : 0,
					 "%s%s: %s", soff ? "; " : "",
					 c[i].event, c[i].why);
			continue;
		}
		off += snprintf(plan->events + off, off < sizeof(plan->events) ?
				sizeof(plan->events) - off : 0, "%s%s",
				off ? "," : "", c[i].event);
	}
	if (off >= sizeof(plan->events))
		plan->events[0] = 0;
	if (!plan->events[0])
		first_words(text, plan->reason, sizeof(plan->reason));
	if (!plan->events[0] && n)
		snprintf(plan->reason, sizeof(plan->reason),
			 "perf can open none of the events");
	free(text);
}

/* Does perf lock contention have its BPF mode (BUILD_BPF_SKEL)? -1: no perf */
static int perf_lock_bpf(char *why, size_t len)
{
	char *argv[] = { "perf", "lock", "contention", "-h", NULL };
	int out = memfd_create("perf-probe", MFD_CLOEXEC), err, ok = 0;
	char *text;
	pid_t pid;

	if (out < 0) {
		snprintf(why, len, "memfd_create: %s", strerror(errno));
		return -1;
	}
	err = spawn(argv, out, NULL, 0, &pid);
	if (err) {
		spawn_error(err, why, len);
		close(out);
		return -1;
	}
	reap(pid, 10000);
	text = slurp(out);
	ok = text && strstr(text, "--use-bpf") && !strstr(text, "not built-in");
	free(text);
	close(out);
	return ok;
}

/*
 * --perf lock records the lock:contention_begin/end tracepoints of the
 * case's tasks (perf lock record) and sums what perf lock contention
 * makes of them. Without the tracepoints, a reason naming what is
 * missing, and what else is there that faultline does not read.
 */
static void plan_lock(struct fl_perf_plan *plan)
{
	static const char *const tp[] = {
		"/sys/kernel/tracing/events/lock/contention_begin",
		"/sys/kernel/debug/tracing/events/lock/contention_begin",
	};
	bool lockstat = !access("/proc/lock_stat", R_OK);
	bool tracefs = !access("/sys/kernel/tracing/events", F_OK) ||
		       !access("/sys/kernel/debug/tracing/events", F_OK);
	bool have_tp = !access(tp[0], F_OK) || !access(tp[1], F_OK);
	int bpf = perf_lock_bpf(plan->reason, sizeof(plan->reason));

	if (bpf < 0)
		return;
	if (have_tp) {
		snprintf(plan->events, sizeof(plan->events),
			 "lock:contention_begin,lock:contention_end");
		return;
	}
	snprintf(plan->reason, sizeof(plan->reason),
		 "lock contention: %s; %s; %s", tracefs ?
		 "no lock:contention_begin tracepoint in tracefs" :
		 "tracefs not mounted (mount -t tracefs nodev "
		 "/sys/kernel/tracing)", lockstat ?
		 "/proc/lock_stat is there but not read" :
		 "no /proc/lock_stat (CONFIG_LOCK_STAT)", bpf ?
		 "perf lock contention -b is there but not used" :
		 "perf lock contention without BPF (BUILD_BPF_SKEL)");
}

void fl_perf_plan(const char *arg, struct fl_perf_plan *plan)
{
	const char *events;

	memset(plan, 0, sizeof(*plan));
	if (fl_perf_parse(arg, &plan->what, &events))
		plan->what = FL_PERF_NONE;	/* checked when parsed */
	if (plan->what == FL_PERF_STAT)
		plan_stat(events, plan);
	else if (plan->what == FL_PERF_LOCK)
		plan_lock(plan);
}

int fl_perf_start(struct fl_perf_run *p, enum fl_perf_what what,
		  const char *events, const int *tids, int n,
		  struct fl_perf_rep *r)
{
	char ctlarg[64], dataarg[32], *tidarg, *argv[16];
	int ctl[2], ack[2], keep[3], i, err;
	size_t off = 0;

	memset(r, 0, sizeof(*r));
	p->pid = 0;
	p->what = what;
	p->ctl = p->ack = p->out = p->data = -1;
	tidarg = malloc(n * 12 + 1);
	if (!tidarg || n <= 0) {
		free(tidarg);
		snprintf(r->err, sizeof(r->err), "no tasks to count");
		return -1;
	}
	for (i = 0; i < n; i++)
		off += sprintf(tidarg + off, "%s%d", i ? "," : "", tids[i]);
	if (pipe2(ctl, O_CLOEXEC)) {
		snprintf(r->err, sizeof(r->err), "pipe: %s", strerror(errno));
		free(tidarg);
		return -1;
	}
	if (pipe2(ack, O_CLOEXEC)) {
		snprintf(r->err, sizeof(r->err), "pipe: %s", strerror(errno));
		close(ctl[0]);
		close(ctl[1]);
		free(tidarg);
		return -1;
	}
	p->out = memfd_create("perf-out", MFD_CLOEXEC);
	if (what == FL_PERF_LOCK)
		p->data = memfd_create("perf-data", MFD_CLOEXEC);
	snprintf(ctlarg, sizeof(ctlarg), "--control=fd:%d,%d", ctl[0],
		 ack[1]);
	snprintf(dataarg, sizeof(dataarg), "/dev/fd/%d", p->data);
	i = 0;
	argv[i++] = "perf";
	if (what == FL_PERF_LOCK) {	/* its options go to perf record */
		argv[i++] = "lock";
		argv[i++] = "record";
		argv[i++] = "-o";
		argv[i++] = dataarg;
	} else {
		argv[i++] = "stat";
		argv[i++] = "-x,";
		argv[i++] = "-e";
		argv[i++] = (char *)events;
	}
	argv[i++] = "-D";	/* counters off until "enable" */
	argv[i++] = "-1";
	argv[i++] = ctlarg;
	argv[i++] = "-t";
	argv[i++] = tidarg;
	argv[i] = NULL;
	keep[0] = ctl[0];
	keep[1] = ack[1];
	keep[2] = p->data;
	err = p->out < 0 || (what == FL_PERF_LOCK && p->data < 0) ? errno :
	      spawn(argv, p->out, keep, what == FL_PERF_LOCK ? 3 : 2,
		    &p->pid);
	free(tidarg);
	close(ctl[0]);
	close(ack[1]);
	p->ctl = ctl[1];
	p->ack = ack[0];
	if (err) {
		if (p->out < 0 || (what == FL_PERF_LOCK && p->data < 0))
			snprintf(r->err, sizeof(r->err), "memfd_create: %s",
				 strerror(err));
		else
			spawn_error(err, r->err, sizeof(r->err));
		fl_perf_finish(p, r);
		return -1;
	}
	return 0;
}

/* perf's own words for why it is gone, or what went wrong. */
static void perf_gone(struct fl_perf_run *p, struct fl_perf_rep *r,
		      const char *what)
{
	char *text = p->out >= 0 ? slurp(p->out) : NULL;
	char words[120];

	int st;

	first_words(text, words, sizeof(words));
	if (!strcmp(words, "perf printed no counts") &&
	    waitpid(p->pid, &st, WNOHANG) == p->pid) {
		snprintf(words, sizeof(words), "perf %s %d, saying nothing",
			 WIFEXITED(st) ? "exited" : "killed by signal",
			 WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
		p->pid = 0;	/* reaped */
	}
	snprintf(r->err, sizeof(r->err), "%s: %s", what, words);
	free(text);
}

int fl_perf_ctl(struct fl_perf_run *p, const char *cmd,
		struct fl_perf_rep *r)
{
	struct pollfd pf = { .fd = p->ack, .events = POLLIN };
	struct timespec zero = { 0 };
	char line[64], ans[8] = "";
	sigset_t pipe, old;
	ssize_t n;

	if (p->pid <= 0 || r->err[0])
		return -1;
	snprintf(line, sizeof(line), "%s\n", cmd);
	/* a perf that died must not kill the measured process: EPIPE */
	sigemptyset(&pipe);
	sigaddset(&pipe, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe, &old);
	n = write(p->ctl, line, strlen(line));
	if (n < 0 && errno == EPIPE)
		sigtimedwait(&pipe, NULL, &zero);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (n == (ssize_t)strlen(line)) {
		if (poll(&pf, 1, ACK_MS) == 0) {
			snprintf(r->err, sizeof(r->err), "%s: perf did not "
				 "answer in %d s", cmd, ACK_MS / 1000);
			return -1;
		}
		n = read(p->ack, ans, sizeof(ans) - 1);
		ans[n > 0 ? n : 0] = 0;
	}
	if (!strncmp(ans, "ack", 3))
		return 0;
	perf_gone(p, r, cmd);
	return -1;
}

/* perf lock contention of what perf lock record wrote into p->data. */
static void lock_report(struct fl_perf_run *p, struct fl_perf_rep *r)
{
	char dataarg[32];
	char *argv[] = { "perf", "lock", "contention", "-i", dataarg, NULL };
	int out = memfd_create("perf-out", MFD_CLOEXEC), err;
	char *text;
	pid_t pid;

	snprintf(dataarg, sizeof(dataarg), "/dev/fd/%d", p->data);
	if (out < 0) {
		snprintf(r->err, sizeof(r->err), "memfd_create: %s",
			 strerror(errno));
		return;
	}
	err = spawn(argv, out, &p->data, 1, &pid);
	if (err) {
		spawn_error(err, r->err, sizeof(r->err));
		close(out);
		return;
	}
	reap(pid, 30000);
	text = slurp(out);
	close(out);
	fl_perflock_parse(text ? text : "", &r->lock);
	/* no contention at all is its header and nothing else */
	r->lock_ok = text && strstr(text, "contended") &&
		     strstr(text, "total wait");
	if (!r->lock_ok)
		first_words(text, r->err, sizeof(r->err));
	free(text);
}

void fl_perf_finish(struct fl_perf_run *p, struct fl_perf_rep *r)
{
	char *text;

	if (p->pid > 0) {
		kill(p->pid, SIGINT);	/* perf prints or writes its data */
		reap(p->pid, ACK_MS);
	}
	if (p->ctl >= 0)
		close(p->ctl);
	if (p->ack >= 0)
		close(p->ack);
	if (p->out >= 0 && p->pid > 0 && !r->err[0]) {
		if (p->what == FL_PERF_LOCK) {
			lock_report(p, r);
		} else {
			text = slurp(p->out);
			r->n = text ? fl_perfcsv_parse(text, r->c,
						       FL_PERF_MAX_EVENTS) : 0;
			if (!r->n)
				first_words(text, r->err, sizeof(r->err));
			free(text);
		}
	}
	if (p->out >= 0)
		close(p->out);
	if (p->data >= 0)
		close(p->data);
	p->pid = 0;
	p->ctl = p->ack = p->out = p->data = -1;
}
