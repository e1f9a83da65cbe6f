// SPDX-License-Identifier: GPL-2.0
/*
 * vm_qemu.c - start qemu-system-x86_64, watch the guest, stop it.
 *
 * Each of the guest's four serial ports goes to a file in the run's
 * temporary directory (see vm_init.c); this file polls them: the KTAP
 * port is copied to stdout as it grows, the console is scanned for the
 * init's markers and for panics and oopses. qemu runs in its own process
 * group, dies with us (PR_SET_PDEATHSIG), and is killed on a timeout or
 * on SIGINT/SIGTERM/SIGHUP, after which the caller cleans up and exits.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "vm.h"

#define MAX_ARGS	96
#define POLL_NS		50000000L	/* 50 ms */
#define DONE_GRACE	10		/* s from "DONE" to qemu's exit */

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

void vm_signals_install(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);	/* a closed stdout: still clean up */
}

int vm_interrupted(void)
{
	return got_signal;
}

/* "QEMU emulator version 7.2.22 (...)"; malloc'd, NULL if it fails. */
char *vm_qemu_version(const char *qemu)
{
	char *argv[] = { (char *)qemu, "--version", NULL };
	char line[256], *nl;
	pid_t pid;
	FILE *p;

	p = vm_cmd_open(argv, &pid);
	if (!p)
		return NULL;
	if (!fgets(line, sizeof(line), p))
		line[0] = 0;
	vm_cmd_close(p, pid);
	nl = strchr(line, '\n');
	if (nl)
		*nl = 0;
	return line[0] ? strdup(line) : NULL;
}

static void serial(char **argv, int *n, const char *dir, int i,
		   const char *file)
{
	argv[(*n)++] = strdup("-chardev");
	asprintf(&argv[(*n)++], "file,id=fl%d,path=%s/%s", i, dir, file);
	argv[(*n)++] = strdup("-serial");
	asprintf(&argv[(*n)++], "chardev:fl%d", i);
}

static int build_argv(const struct vm_guest *g, char **argv)
{
	const struct vm_opts *o = g->o;
	bool kvm = !strcmp(g->accel, "kvm");
	int n = 0;

	argv[n++] = strdup(o->qemu);
	argv[n++] = strdup("-nodefaults");
	argv[n++] = strdup("-no-user-config");
	argv[n++] = strdup("-accel");
	argv[n++] = strdup(kvm ? "kvm" : "tcg,thread=multi");
	argv[n++] = strdup("-cpu");
	argv[n++] = strdup(kvm ? "host" : "max");
	argv[n++] = strdup("-smp");
	/* with NUMA, a socket per CPU: no cache shared across nodes */
	if (o->nr_nodes)
		asprintf(&argv[n++], "%d,sockets=%d,cores=1,threads=1",
			 o->cpus, o->cpus);
	else
		asprintf(&argv[n++], "%d", o->cpus);
	argv[n++] = strdup("-m");
	asprintf(&argv[n++], "%lluM", o->mem_mb);
	n += vm_numa_args(o, argv + n, MAX_ARGS - n - 40);
	argv[n++] = strdup("-kernel");
	argv[n++] = strdup(g->k->image);
	argv[n++] = strdup("-initrd");
	argv[n++] = strdup(g->initrd);
	argv[n++] = strdup("-append");
	argv[n++] = strdup(g->cmdline);
	if (g->disk) {
		argv[n++] = strdup("-drive");
		asprintf(&argv[n++], "file=%s,if=none,id=fldisk,format=raw",
			 g->disk);
		argv[n++] = strdup("-device");
		argv[n++] = strdup("nvme,drive=fldisk,serial=faultline");
	}
	argv[n++] = strdup("-display");
	argv[n++] = strdup("none");
	argv[n++] = strdup("-no-reboot");
	serial(argv, &n, g->dir, 0, "console.log");
	serial(argv, &n, g->dir, 1, "xfer.bin");
	serial(argv, &n, g->dir, 2, "stdout.txt");
	serial(argv, &n, g->dir, 3, "stderr.txt");
	argv[n] = NULL;
	return n;
}

static pid_t spawn(char **argv, const char *dir)
{
	char log[PATH_MAX];
	pid_t pid;
	int fd;

	snprintf(log, sizeof(log), "%s/qemu.log", dir);
	pid = fork();
	if (pid)
		return pid;
	setpgid(0, 0);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	fd = open("/dev/null", O_RDONLY);
	dup2(fd, 0);
	fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	dup2(fd, 1);
	dup2(fd, 2);
	execvp(argv[0], argv);
	dprintf(2, "faultline: vm: cannot run %s: %s\n", argv[0],
		strerror(errno));
	_exit(127);
}

/* A file that another process appends to, read as it grows. */
struct tail {
	int fd;
	char line[512];		/* console: the current line */
	size_t len;
};

static void tail_open(struct tail *t, const char *dir, const char *name)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	close(open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
	t->fd = open(path, O_RDONLY | O_CLOEXEC);
	t->len = 0;
}

/* [0] is a panic; the rest oopses. WARNINGs are counted, not fatal. */
static const char *const crash_marks[] = {
	"Kernel panic - not syncing", "BUG: ", "Oops: ",
	"general protection fault", "Unable to handle kernel", NULL,
};

/* "@@FAULTLINE-MODULE loaded|failed NAME": add NAME to the list. */
static void module_line(struct vm_result *r, const char *s)
{
	char what[16], name[128], *list;
	size_t len, cap;

	if (sscanf(s, "@@FAULTLINE-MODULE %15s %127s", what, name) != 2)
		return;
	list = strcmp(what, "loaded") ? r->mod_failed : r->mod_loaded;
	cap = strcmp(what, "loaded") ? sizeof(r->mod_failed) :
				       sizeof(r->mod_loaded);
	len = strlen(list);
	snprintf(list + len, cap - len, "%s%s", len ? " " : "", name);
}

static void console_line(struct vm_result *r, const char *line, double t)
{
	const char *mod = strstr(line, "@@FAULTLINE-MODULE ");
	int i;

	if (mod)
		module_line(r, mod);
	if (strstr(line, "@@FAULTLINE-BOOTED") && !r->booted) {
		r->booted = true;
		r->boot_sec = t;
	}
	if (strstr(line, "@@FAULTLINE-DONE"))
		r->done = true;
	if (strstr(line, "@@FAULTLINE-DISK "))
		r->disk = strstr(line, "mounted") ? 1 : -1;
	if (strstr(line, "WARNING: CPU: "))
		r->warnings++;
	for (i = 0; crash_marks[i]; i++) {
		if (!strstr(line, crash_marks[i]))
			continue;
		if (i == 0)
			r->panic = true;
		else
			r->oops = true;
		if (!r->crash[0] || i == 0)
			snprintf(r->crash, sizeof(r->crash), "%.*s",
				 (int)sizeof(r->crash) - 1, line);
	}
}

static void scan_console(struct tail *t, struct vm_result *r, double now)
{
	char buf[4096];
	ssize_t got, i;

	while ((got = read(t->fd, buf, sizeof(buf))) > 0)
		for (i = 0; i < got; i++) {
			char c = buf[i];

			if (c == '\n' || t->len == sizeof(t->line) - 1) {
				t->line[t->len] = 0;
				console_line(r, t->line, now);
				t->len = 0;
			}
			if (c != '\n' && c != '\r')
				t->line[t->len++] = c;
		}
}

/* Copy what the guest's faultline printed to our stdout or stderr. */
static bool relay(struct tail *t, int to, bool copy)
{
	char buf[4096];
	ssize_t got;
	bool any = false;

	while ((got = read(t->fd, buf, sizeof(buf))) > 0) {
		any = true;
		if (copy && write(to, buf, got) != got)
			copy = false;
	}
	return any;
}

static void stop(pid_t pid)
{
	struct timespec ts = { 0, POLL_NS };
	int i;

	kill(pid, SIGTERM);
	for (i = 0; i < 40; i++) {
		if (waitpid(pid, NULL, WNOHANG) == pid)
			return;
		nanosleep(&ts, NULL);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

/* Why to stop a guest that still runs, or NULL. */
static const char *overdue(const struct vm_guest *g, struct vm_result *r,
			   double t)
{
	if (vm_interrupted()) {
		r->status = VM_INTERRUPTED;
		return "interrupted";
	}
	if (!r->booted && !r->ran && t > g->boot_timeout) {
		r->status = VM_NOBOOT;
		return "boot timeout";
	}
	if (t > g->timeout) {
		r->status = VM_TIMEOUT;
		return "timeout";
	}
	if (r->done && !r->done_sec)
		r->done_sec = t;
	if (r->done && t > r->done_sec + DONE_GRACE)
		return "no power-off";	/* all came home: no error */
	return NULL;
}

struct tails {
	struct tail con, out, err;
};

/* Read what the guest wrote since the last time. */
static void drain(const struct vm_guest *g, struct tails *ts3,
		  struct vm_result *r, double t)
{
	scan_console(&ts3->con, r, t);
	if (relay(&ts3->out, 1, g->relay) && !r->ran) {
		r->ran = true;
		r->first_sec = t;
	}
	if (relay(&ts3->err, 2, g->relay) && !r->ran) {
		r->ran = true;
		r->first_sec = t;
	}
}

static void watch(const struct vm_guest *g, struct vm_result *r, pid_t pid,
		  struct tails *ts3)
{
	struct timespec ts = { 0, POLL_NS };
	double t0 = fl_mono_sec(), t;
	bool exited = false;
	int st;

	for (;;) {
		const char *why;

		if (!exited)
			exited = waitpid(pid, &st, WNOHANG) == pid;
		t = fl_mono_sec() - t0;
		drain(g, ts3, r, t);
		if (exited)
			break;
		why = overdue(g, r, t);
		if (why) {
			snprintf(r->reason, sizeof(r->reason),
				 "%s after %.0f s", why, t);
			stop(pid);
			st = -1;
			exited = true;
			continue;	/* what it wrote before it died */
		}
		nanosleep(&ts, NULL);
	}
	r->qemu_status = st;
	r->elapsed_sec = fl_mono_sec() - t0;
	if (ts3->con.len) {	/* a last line without a newline */
		ts3->con.line[ts3->con.len] = 0;
		console_line(r, ts3->con.line, t);
	}
	close(ts3->con.fd);
	close(ts3->out.fd);
	close(ts3->err.fd);
}

/* Boot the guest and watch it until qemu exits or must be stopped. */
int vm_qemu_run(const struct vm_guest *g, struct vm_result *r)
{
	char *argv[MAX_ARGS];
	int i, n = build_argv(g, argv);
	struct tails t;
	pid_t pid;

	r->status = VM_OK;
	r->guest_rc = -1;
	/* the files exist before qemu opens them, so the tails see them */
	tail_open(&t.con, g->dir, "console.log");
	tail_open(&t.out, g->dir, "stdout.txt");
	tail_open(&t.err, g->dir, "stderr.txt");
	pid = spawn(argv, g->dir);
	for (i = 0; i < n; i++)
		free(argv[i]);
	if (pid < 0)
		return -errno;
	watch(g, r, pid, &t);
	return 0;
}
