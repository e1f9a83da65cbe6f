// SPDX-License-Identifier: GPL-2.0
/* plot.c - run gnuplot on a script of SVG plots, in a temporary dir. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "plot.h"
#include "util.h"

/*
 * A signal while the directory exists only sets stop: gnuplot is
 * ended, fl_plot_close() removes the directory, then the signal is
 * raised again with its old action.
 */
static volatile sig_atomic_t stop;
static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
static struct sigaction old[3];

static void on_signal(int sig)
{
	stop = sig;
}

static void catch_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };
	size_t i;

	sigemptyset(&sa.sa_mask);
	for (i = 0; i < 3; i++)
		sigaction(sigs[i], &sa, &old[i]);
}

int fl_plot_open(struct fl_plot *p, char *err, size_t errlen)
{
	char path[128];
	const char *tmp = getenv("TMPDIR");

	memset(p, 0, sizeof(*p));
	catch_signals();
	snprintf(p->dir, sizeof(p->dir), "%s/faultline-plot.XXXXXX",
		 tmp && *tmp && strlen(tmp) < 32 ? tmp : "/tmp");
	if (!mkdtemp(p->dir)) {
		snprintf(err, errlen, "cannot create %s: %s", p->dir,
			 strerror(errno));
		p->dir[0] = 0;
		return -1;
	}
	snprintf(path, sizeof(path), "%s/plot.gp", p->dir);
	p->gp = fopen(path, "w");
	if (!p->gp) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		fl_plot_close(p);
		return -1;
	}
	fputs("set encoding utf8\n", p->gp);
	return 0;
}

FILE *fl_plot_data(struct fl_plot *p, char *path, size_t len)
{
	snprintf(path, len, "%s/d%d.dat", p->dir, p->ndata++);
	return fopen(path, "w");
}

int fl_plot_begin(struct fl_plot *p, int w, int h)
{
	int id = p->n++;

	fprintf(p->gp, "\nreset\nset terminal svg size %d,%d noenhanced "
		"font 'sans,11' background rgb 'white'\n"
		"set output '%s/p%d.svg'\n"
		"set grid\nset key outside right top\n"
		"set datafile separator '\\t'\n", w, h, p->dir, id);
	return id;
}

void fl_plot_str(FILE *f, const char *s)
{
	fputc('\'', f);
	for (; *s; s++) {
		if (*s == '\'')
			fputc('\'', f);
		if (*s != '\n')
			fputc(*s, f);
	}
	fputc('\'', f);
}

/* The last non-empty line of file path, into err. */
static void last_line(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char line[512];

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = 0;
		if (line[strspn(line, " \t^")])
			snprintf(err, errlen, "gnuplot: %s",
				 line + strspn(line, " \t"));
	}
	fclose(f);
}

static void child(const char *gnuplot, const char *script,
		  const char *errpath)
{
	int nul = open("/dev/null", O_RDWR);
	int efd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	if (nul < 0 || efd < 0)
		_exit(127);
	dup2(nul, 0);
	dup2(nul, 1);
	dup2(efd, 2);
	execlp(gnuplot, gnuplot, script, (char *)NULL);
	dprintf(2, "cannot run %s: %s\n", gnuplot, strerror(errno));
	_exit(127);
}

int fl_plot_run(struct fl_plot *p, char *err, size_t errlen)
{
	const char *gnuplot = getenv("FAULTLINE_GNUPLOT");
	char script[128], errpath[128];
	pid_t pid;
	int st;

	if (!gnuplot || !*gnuplot)
		gnuplot = "gnuplot";
	snprintf(script, sizeof(script), "%s/plot.gp", p->dir);
	snprintf(errpath, sizeof(errpath), "%s/gnuplot.err", p->dir);
	if (fclose(p->gp)) {
		p->gp = NULL;
		snprintf(err, errlen, "%s: %s", script, strerror(errno));
		return -1;
	}
	p->gp = NULL;
	if (stop) {
		snprintf(err, errlen, "interrupted");
		return -1;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		return -1;
	}
	if (!pid)
		child(gnuplot, script, errpath);
	while (waitpid(pid, &st, 0) < 0) {
		if (errno != EINTR)
			return -1;
		if (stop)
			kill(pid, SIGTERM);
	}
	if (stop) {
		snprintf(err, errlen, "interrupted");
		return -1;
	}
	if (WIFEXITED(st) && !WEXITSTATUS(st))
		return 0;
	snprintf(err, errlen, "gnuplot failed (%s %d)",
		 WIFEXITED(st) ? "exit" : "signal",
		 WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
	last_line(errpath, err, errlen);
	return -1;
}

char *fl_plot_svg(const struct fl_plot *p, int id)
{
	char path[128], *buf = NULL, *svg;
	size_t len = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/p%d.svg", p->dir, id);
	f = fopen(path, "r");
	if (!f)
		return NULL;
	if (getdelim(&buf, &len, 0, f) < 0) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	svg = buf ? strstr(buf, "<svg") : NULL;
	if (svg)
		memmove(buf, svg, strlen(svg) + 1);
	else {
		free(buf);
		buf = NULL;
	}
	return buf;
}

void fl_plot_close(struct fl_plot *p)
{
	size_t i;

	if (p->gp)
		fclose(p->gp);
	p->gp = NULL;
	if (p->dir[0]) {
		fl_rmtree(p->dir);
		for (i = 0; i < 3; i++)
			sigaction(sigs[i], &old[i], NULL);
		if (stop)
			raise(stop);
	}
	p->dir[0] = 0;
}
