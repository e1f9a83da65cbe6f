// SPDX-License-Identifier: GPL-2.0
/*
 * aggressor.c - stress-ng and fio started beside a case (--with).
 *
 * Each aggressor runs in its own process group, with PR_SET_PDEATHSIG,
 * in the case's scratch directory (FL_AGGR_DIR in its environment, which
 * fio job files can use as ${FL_AGGR_DIR}). aggr_stop() sends SIGTERM to
 * the group, waits up to AGGR_GRACE_MS, then SIGKILLs what is left, and
 * parses the tool's own metrics: stress-ng --yaml, fio's JSON output.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "aggressor.h"
#include "parse.h"
#include "results.h"
#include "schema.h"
#include "util.h"

#define AGGR_GRACE_MS	10000
#define AGGR_MAX_ARGS	64

enum { AG_STRESS_NG, AG_FIO };

struct aggr_one {
	const char *spec;
	int tool;
	pid_t pid;
	int status;		/* from waitpid */
	bool killed;		/* needed SIGKILL */
	bool early;		/* had exited before the case ended */
	double t0, secs;
	char out[PATH_MAX];	/* the tool's metrics file */
	char log[PATH_MAX];	/* its stdout and stderr */
};

struct aggr {
	int nr;
	struct aggr_one a[];
};

static bool in_path(const char *prog)
{
	const char *path = getenv("PATH");
	char buf[PATH_MAX];

	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	while (*path) {
		size_t n = strcspn(path, ":");

		snprintf(buf, sizeof(buf), "%.*s/%s", (int)n,
			 n ? path : ".", prog);
		if (!access(buf, X_OK))
			return true;
		path += n + (path[n] == ':');
	}
	return false;
}

int aggr_parse(const char *spec, char *err, size_t errlen)
{
	const char *arg = strchr(spec, ':');

	if (!arg || !arg[1]) {
		snprintf(err, errlen,
			 "--with '%s': expected stress-ng:ARGS or fio:JOBFILE",
			 spec);
		return -1;
	}
	arg++;
	if (!strncmp(spec, "stress-ng:", 10)) {
		if (!in_path("stress-ng")) {
			snprintf(err, errlen, "--with: stress-ng is not installed");
			return -1;
		}
		if (strstr(arg, "--yaml") || strstr(arg, "-Y ")) {
			snprintf(err, errlen,
				 "--with: faultline sets stress-ng's --yaml itself");
			return -1;
		}
		return 0;
	}
	if (!strncmp(spec, "fio:", 4)) {
		if (!in_path("fio")) {
			snprintf(err, errlen, "--with: fio is not installed");
			return -1;
		}
		if (access(arg, R_OK)) {
			snprintf(err, errlen, "--with: fio job file %s: %s", arg,
				 strerror(errno));
			return -1;
		}
		return 0;
	}
	snprintf(err, errlen,
		 "--with '%s': unknown tool (stress-ng:ARGS or fio:JOBFILE)",
		 spec);
	return -1;
}

/* argv for one aggressor; words of ARGS split on blanks. */
static int build_argv(struct aggr_one *g, const char *dir, char *buf,
		      size_t buflen, char **argv)
{
	const char *arg = strchr(g->spec, ':') + 1;
	char *s, *save = NULL;
	int n = 0;
	bool temp = false, timeout = false;

	if (g->tool == AG_FIO) {
		static char job[PATH_MAX];
		static char output[PATH_MAX + 16];

		if (!realpath(arg, job))
			return -1;
		snprintf(output, sizeof(output), "--output=%s", g->out);
		argv[n++] = "fio";
		argv[n++] = "--thread";	/* jobs die with fio (PDEATHSIG) */
		argv[n++] = "--output-format=json";
		argv[n++] = output;
		argv[n++] = job;
		argv[n] = NULL;
		return 0;
	}
	snprintf(buf, buflen, "%s", arg);
	argv[n++] = "stress-ng";
	for (s = strtok_r(buf, " \t", &save); s && n < AGGR_MAX_ARGS - 9;
	     s = strtok_r(NULL, " \t", &save)) {
		if (!strcmp(s, "--temp-path"))
			temp = true;
		if (!strcmp(s, "-t") || !strcmp(s, "--timeout"))
			timeout = true;
		argv[n++] = s;
	}
	argv[n++] = "--yaml";
	argv[n++] = g->out;
	argv[n++] = "--metrics-brief";
	if (!temp) {
		argv[n++] = "--temp-path";
		argv[n++] = (char *)dir;
	}
	if (!timeout) {
		argv[n++] = "--timeout";
		argv[n++] = "0";
	}
	argv[n] = NULL;
	return 0;
}

static void start_one(struct aggr_one *g, const char *dir, int i)
{
	pid_t parent = getpid();
	char buf[4096], *argv[AGGR_MAX_ARGS];
	sigset_t all;
	int fd;

	g->tool = !strncmp(g->spec, "fio:", 4) ? AG_FIO : AG_STRESS_NG;
	snprintf(g->out, sizeof(g->out), "%s/aggr-%d.%s", dir, i,
		 g->tool == AG_FIO ? "json" : "yaml");
	snprintf(g->log, sizeof(g->log), "%s/aggr-%d.log", dir, i);
	if (build_argv(g, dir, buf, sizeof(buf), argv)) {
		g->pid = -1;
		return;
	}
	g->t0 = fl_mono_sec();
	g->pid = fork();
	if (g->pid) {
		if (g->pid > 0)
			setpgid(g->pid, g->pid);
		return;
	}
	setpgid(0, 0);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(127);
	signal(SIGTERM, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	sigemptyset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
	fd = open("/dev/null", O_RDONLY);
	if (fd >= 0)
		dup2(fd, 0);
	fd = open(g->log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd >= 0) {
		dup2(fd, 1);
		dup2(fd, 2);
	}
	close_range(3, ~0U, 0);	/* none of the runner's files */
	setenv("FL_AGGR_DIR", dir, 1);
	if (g->tool == AG_FIO && chdir(dir))
		_exit(127);
	execvp(argv[0], argv);
	fprintf(stderr, "faultline: exec %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

struct aggr *aggr_start(char *const *specs, int nr, const char *dir)
{
	struct aggr *a;
	int i;

	if (nr <= 0)
		return NULL;
	a = calloc(1, sizeof(*a) + nr * sizeof(a->a[0]));
	if (!a)
		return NULL;
	a->nr = nr;
	for (i = 0; i < nr; i++) {
		a->a[i].spec = specs[i];
		start_one(&a->a[i], dir, i);
	}
	return a;
}

/* Has the group leader exited (still unreaped, so its pgid stays ours)? */
static bool leader_gone(pid_t pid)
{
	siginfo_t si;

	memset(&si, 0, sizeof(si));
	if (waitid(P_PID, pid, &si, WEXITED | WNOHANG | WNOWAIT))
		return true;
	return si.si_pid == pid;
}

/*
 * Does pid catch SIGTERM yet? fio installs its handler only when its
 * jobs start (run_threads()), after parsing and clock calibration; a
 * SIGTERM before that kills it with no report, which on a loaded
 * machine took more than a 2 s case. True if it cannot be told.
 */
static bool catches_sigterm(pid_t pid)
{
	unsigned long long mask;
	char path[64], line[256];
	bool ret = true;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return true;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "SigCgt: %llx", &mask) == 1) {
			ret = mask & (1ULL << (SIGTERM - 1));
			break;
		}
	fclose(f);
	return ret;
}

/* Wait until every live leader catches SIGTERM, or until the deadline. */
static void wait_handlers(struct aggr *a, double deadline)
{
	bool waiting;
	int i;

	do {
		waiting = false;
		for (i = 0; i < a->nr; i++)
			if (a->a[i].pid > 0 && !leader_gone(a->a[i].pid) &&
			    !catches_sigterm(a->a[i].pid))
				waiting = true;
		if (waiting)
			usleep(20000);
	} while (waiting && fl_mono_sec() < deadline);
}

static void stop_all(struct aggr *a)
{
	double deadline = fl_mono_sec() + AGGR_GRACE_MS / 1000.0;
	bool left;
	int i;

	for (i = 0; i < a->nr; i++)
		if (a->a[i].pid > 0)
			a->a[i].early = leader_gone(a->a[i].pid);
	wait_handlers(a, deadline);
	for (i = 0; i < a->nr; i++) {
		if (a->a[i].pid <= 0)
			continue;
		/*
		 * To the leader's main thread only: it stops its own
		 * workers and writes its report. A signal to the whole
		 * process may land on fio's helper thread, whose select()
		 * then fails with EINTR and fio exits with no JSON. What
		 * is left after the grace period gets SIGKILL below.
		 */
		tgkill(a->a[i].pid, a->a[i].pid, SIGTERM);
	}
	do {
		left = false;
		for (i = 0; i < a->nr; i++)
			if (a->a[i].pid > 0 && !leader_gone(a->a[i].pid))
				left = true;
		if (left)
			usleep(20000);
	} while (left && fl_mono_sec() < deadline);
	for (i = 0; i < a->nr; i++) {
		struct aggr_one *g = &a->a[i];

		if (g->pid <= 0)
			continue;
		g->killed = !leader_gone(g->pid);
		/* the leader and anything it left in its group */
		kill(-g->pid, SIGKILL);
		if (waitpid(g->pid, &g->status, 0) != g->pid)
			g->status = -1;
		g->secs = fl_mono_sec() - g->t0;
	}
}

static json_object *yaml_value(const char *v)
{
	double d;

	if (!*v)
		return NULL;
	if (!fl_parse_num(v, -HUGE_VAL, HUGE_VAL, &d)) {
		/* in range before the cast: out of it, the cast is UB */
		if (d > (double)LLONG_MIN && d < (double)LLONG_MAX &&
		    d == (long long)d && !strpbrk(v, ".eE"))
			return json_object_new_int64((long long)d);
		return json_object_new_double(d);
	}
	if (*v == '\'' && strlen(v) >= 2 && v[strlen(v) - 1] == '\'')
		return json_object_new_string_len(v + 1, strlen(v) - 2);
	return json_object_new_string(v);
}

/* The "metrics:" list of a stress-ng --yaml file: one object each. */
static json_object *parse_stress_ng(const char *path, char *why, size_t n)
{
	FILE *f = fopen(path, "r");
	json_object *arr, *cur = NULL;
	char line[1024];
	bool in = false;

	if (!f) {
		snprintf(why, n, "no %s: %s", path, strerror(errno));
		return NULL;
	}
	arr = json_object_new_array();
	while (fgets(line, sizeof(line), f)) {
		char *s = line, *colon, *e;

		line[strcspn(line, "\n")] = 0;
		if (!strcmp(line, "metrics:")) {
			in = true;
			continue;
		}
		if (!in)
			continue;
		if (line[0] && !isspace((unsigned char)line[0]))
			break;		/* the next top-level section */
		while (isspace((unsigned char)*s))
			s++;
		if (!*s)
			continue;
		if (s[0] == '-' && s[1] == ' ') {
			cur = json_object_new_object();
			json_object_array_add(arr, cur);
			s += 2;
		}
		colon = strstr(s, ": ");
		if (!cur || !colon)
			continue;
		*colon = 0;
		for (e = colon + 2; isspace((unsigned char)*e); e++)
			;
		json_object_object_add(cur, s, yaml_value(e));
	}
	fclose(f);
	if (!json_object_array_length(arr)) {
		json_object_put(arr);
		snprintf(why, n, "no metrics in %s", path);
		return NULL;
	}
	return arr;
}

static json_object *get_path(json_object *o, const char *a, const char *b)
{
	json_object *x = NULL, *y = NULL;

	if (!json_object_object_get_ex(o, a, &x))
		return NULL;
	if (!b)
		return x;
	return json_object_object_get_ex(x, b, &y) ? y : NULL;
}

static void copy_num(json_object *dst, const char *key, json_object *v)
{
	if (v)
		json_object_object_add(dst, key,
			json_object_new_double(json_object_get_double(v)));
}

/* fio's JSON (after whatever it printed first): a summary per job. */
static json_object *parse_fio(const char *path, char *why, size_t n)
{
	FILE *f = fopen(path, "r");
	json_object *doc, *jobs, *arr;
	char *buf, *brace;
	size_t i, len;
	long sz;

	if (!f) {
		snprintf(why, n, "no %s: %s", path, strerror(errno));
		return NULL;
	}
	fseek(f, 0, SEEK_END);
	sz = ftell(f);
	rewind(f);
	buf = malloc(sz + 1);
	len = buf ? fread(buf, 1, sz, f) : 0;
	fclose(f);
	if (!buf)
		return NULL;
	buf[len] = 0;
	brace = strstr(buf, "\n{");
	brace = brace ? brace + 1 : (buf[0] == '{' ? buf : NULL);
	doc = brace ? json_tokener_parse(brace) : NULL;
	free(buf);
	if (!doc || !json_object_object_get_ex(doc, "jobs", &jobs) ||
	    !json_object_is_type(jobs, json_type_array)) {
		snprintf(why, n, "no fio JSON in %s", path);
		json_object_put(doc);
		return NULL;
	}
	arr = json_object_new_array();
	for (i = 0; i < json_object_array_length(jobs); i++) {
		json_object *j = json_object_array_get_idx(jobs, i);
		json_object *o = json_object_new_object(), *v;
		static const char *const dirs[] = { "read", "write" };
		int d;

		if (json_object_object_get_ex(j, "jobname", &v))
			json_object_object_add(o, "jobname",
					       json_object_get(v));
		copy_num(o, "error", get_path(j, "error", NULL));
		copy_num(o, "runtime_ms", get_path(j, "job_runtime", NULL));
		for (d = 0; d < 2; d++) {
			json_object *io = get_path(j, dirs[d], NULL);
			char key[64];

			if (!io)
				continue;
			snprintf(key, sizeof(key), "%s_iops", dirs[d]);
			copy_num(o, key, get_path(io, "iops", NULL));
			snprintf(key, sizeof(key), "%s_bw_kib", dirs[d]);
			copy_num(o, key, get_path(io, "bw", NULL));
			snprintf(key, sizeof(key), "%s_lat_mean_ns", dirs[d]);
			copy_num(o, key, get_path(io, "lat_ns", "mean"));
		}
		json_object_array_add(arr, o);
	}
	json_object_put(doc);
	return arr;
}

/* Up to the last `lines` lines of the tool's log. */
static json_object *log_tail(const char *path, int lines)
{
	char buf[2048], *p;
	ssize_t len;
	int fd = open(path, O_RDONLY), k = 0;
	off_t sz;

	if (fd < 0)
		return NULL;
	sz = lseek(fd, 0, SEEK_END);
	lseek(fd, sz > (off_t)sizeof(buf) - 1 ? sz - (off_t)sizeof(buf) + 1 : 0,
	      SEEK_SET);
	len = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (len <= 0)
		return NULL;
	buf[len] = 0;
	while (len > 0 && buf[len - 1] == '\n')
		buf[--len] = 0;
	for (p = buf + len; p > buf; p--)
		if (p[-1] == '\n' && ++k == lines)
			break;
	return json_object_new_string(p);
}

json_object *aggr_stop(struct aggr *a)
{
	json_object *arr;
	int i;

	if (!a)
		return NULL;
	stop_all(a);
	arr = json_object_new_array();
	for (i = 0; i < a->nr; i++) {
		struct aggr_one *g = &a->a[i];
		json_object *o = json_object_new_object(), *m = NULL;
		char why[PATH_MAX + 64] = "", exit_s[64];

		json_object_object_add(o, "tool", json_object_new_string(
			g->tool == AG_FIO ? "fio" : "stress-ng"));
		json_object_object_add(o, "spec", json_object_new_string(g->spec));
		json_object_object_add(o, "pid", json_object_new_int(g->pid));
		if (g->pid <= 0)
			snprintf(exit_s, sizeof(exit_s), "not started");
		else if (g->status == -1)
			snprintf(exit_s, sizeof(exit_s), "lost");
		else if (WIFSIGNALED(g->status))
			snprintf(exit_s, sizeof(exit_s), "signal %d",
				 WTERMSIG(g->status));
		else
			snprintf(exit_s, sizeof(exit_s), "exit %d",
				 WEXITSTATUS(g->status));
		json_object_object_add(o, "exit", json_object_new_string(exit_s));
		json_object_object_add(o, "stopped_by", json_object_new_string(
			g->killed ? "SIGKILL" : "SIGTERM"));
		json_object_object_add(o, "ran_to_end",
				       json_object_new_boolean(g->pid > 0 && !g->early));
		json_object_object_add(o, "seconds",
				       json_object_new_double(g->secs));
		if (g->pid > 0)
			m = g->tool == AG_FIO ?
			    parse_fio(g->out, why, sizeof(why)) :
			    parse_stress_ng(g->out, why, sizeof(why));
		else
			snprintf(why, sizeof(why), "could not start");
		json_object_object_add(o, "metrics", m);
		if (g->early && !*why)
			snprintf(why, sizeof(why), "exited before the case ended");
		json_object_object_add(o, "error", *why ?
				       json_object_new_string(why) : NULL);
		json_object_object_add(o, "log_tail", log_tail(g->log, 5));
		json_object_array_add(arr, o);
	}
	free(a);
	return arr;
}

/*
 * Does process pid carry FL_AGGR_DIR=dir in its environment? Every
 * aggressor and all it forks (stress-ng's workers, fio's jobs) inherit
 * it, whichever process group they moved to.
 */
static bool has_aggr_env(const char *pid, const char *want, size_t wlen)
{
	char path[300], *buf = malloc(65536), *p;
	ssize_t n = 0, r;
	bool hit = false;
	int fd;

	snprintf(path, sizeof(path), "/proc/%s/environ", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || !buf)
		goto out;
	while (n < 65535 && (r = read(fd, buf + n, 65535 - n)) > 0)
		n += r;
	buf[n] = 0;
	for (p = buf; p < buf + n; p += strlen(p) + 1)
		if (strlen(p) == wlen && !memcmp(p, want, wlen)) {
			hit = true;
			break;
		}
out:
	if (fd >= 0)
		close(fd);
	free(buf);
	return hit;
}

/* SIGKILL every process whose FL_AGGR_DIR is dir; how many there were. */
static int kill_aggr_env(const char *dir)
{
	char want[PATH_MAX + 16];
	struct dirent *e;
	int n = 0;
	DIR *d;

	snprintf(want, sizeof(want), "FL_AGGR_DIR=%s", dir);
	d = opendir("/proc");
	if (!d)
		return 0;
	while ((e = readdir(d))) {
		if (!isdigit((unsigned char)e->d_name[0]) ||
		    atoi(e->d_name) == getpid())
			continue;
		if (has_aggr_env(e->d_name, want, strlen(want))) {
			kill(atoi(e->d_name), SIGKILL);
			n++;
		}
	}
	closedir(d);
	return n;
}

/*
 * A guardian for a run: a process that outlives the runner only to
 * clean up after it. When the runner dies (even by SIGKILL; the
 * guardian learns it from PR_SET_PDEATHSIG), it kills what is left of
 * the aggressors and their children, removes the scratch directory
 * (fio's files) and, if result.json still says "running", marks it
 * "interrupted". The runner kills it on a normal exit (aggr_unguard).
 */
pid_t aggr_guardian(const char *scratch, const char *rundir)
{
	pid_t runner = getpid(), pid;
	sigset_t usr;
	json_object *doc, *run, *st;
	char path[PATH_MAX + 16];
	int i, sig, fd;

	sigemptyset(&usr);
	sigaddset(&usr, SIGUSR1);
	pid = fork();
	if (pid)
		return pid;
	sigprocmask(SIG_BLOCK, &usr, NULL);
	prctl(PR_SET_PDEATHSIG, SIGUSR1);
	signal(SIGINT, SIG_IGN);	/* Ctrl-C is the runner's to handle */
	signal(SIGTERM, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	/* hold no pipe of the runner's open (a reader would wait for EOF) */
	fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
	}
	close_range(3, ~0U, 0);
	if (getppid() == runner)
		sigwait(&usr, &sig);
	for (i = 0; i < 100 && kill_aggr_env(scratch); i++)
		usleep(10000);	/* until nothing forks any more */
	fl_rmtree(scratch);
	snprintf(path, sizeof(path), "%s/result.json", rundir);
	doc = json_object_from_file(path);
	if (doc && json_object_object_get_ex(doc, FLK_RUN, &run) &&
	    json_object_object_get_ex(run, FLK_STATUS, &st) &&
	    !strcmp(json_object_get_string(st) ?: "", FL_RUN_RUNNING)) {
		fl_result_status(doc, FL_RUN_INTERRUPTED);
		fl_result_write(doc, rundir);
	}
	json_object_put(doc);
	_exit(0);
}

void aggr_unguard(pid_t guardian)
{
	if (guardian <= 0)
		return;
	kill(guardian, SIGKILL);
	while (waitpid(guardian, NULL, 0) < 0 && errno == EINTR)
		;
}
