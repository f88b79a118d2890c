#include "trace.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t trace_mu = PTHREAD_MUTEX_INITIALIZER;
static FILE *trace_fp;
static long long trace_t0;
/* Opened by trace_open, written from trace_start on: until vdktop has
 * decided to start, an existing file keeps its contents. The events of
 * that time (the first request goes out before the terminal is set up)
 * wait in pending_lines, with their times, under the lock. */
static int pending_fd = -1;
static bool pending_created;
static char *pending_path;
static struct strbuf pending_lines = STRBUF_INIT;
/* Between trace_open and trace_close/trace_discard; read by the worker
 * thread too, so atomic. */
static atomic_bool tracing;

/* UI thread only: what the views drew since the last paint. */
static const char *drawn_view;
static long long drawn_rows;
static bool first_painted;

long long trace_now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Caller holds the lock. Before trace_start the line waits in memory. */
static void write_line(const char *line)
{
	long long t = trace_now_us() - trace_t0;
	if (!trace_fp) {
		strbuf_printf(&pending_lines, "%lld.%03lld %s\n", t / 1000, t % 1000, line);
		return;
	}
	fprintf(trace_fp, "%lld.%03lld %s\n", t / 1000, t % 1000, line);
	/* Flushed per event: the harness reads the file while we run. */
	fflush(trace_fp);
}

static int refuse(const char *path, char **err)
{
	*err = xasprintf("refusing to write trace file %s: it exists and is not a regular file owned by this user "
			 "(remove it or choose another path)",
			 path);
	return -1;
}

/* Opens path for writing, as a new file when possible (*created). An
 * existing one is reused only when it is a regular file owned by us: in a
 * shared directory a file planted by someone else would otherwise be
 * truncated, written and keep its owner's mode, and a FIFO or device would
 * be written into. Never through a symlink; nothing is truncated here.
 * Returns the fd, or -1 with *err. */
static int open_own_file(const char *path, bool *created, char **err)
{
	/* The file can vanish between the two opens: try again a few times. */
	for (int tries = 0; tries < 3; tries++) {
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		*created = fd >= 0;
		if (fd >= 0)
			return fd;
		if (errno != EEXIST)
			break;
		/* O_NONBLOCK: opening a FIFO must not wait for a reader. */
		fd = open(path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
		if (fd < 0) {
			if (errno == ENOENT)
				continue;
			if (errno == ENXIO) /* a FIFO without a reader, or a socket */
				return refuse(path, err);
			break;
		}
		struct stat st;
		if (fstat(fd, &st) < 0) {
			*err = xasprintf("cannot write trace file %s: %s", path, strerror(errno));
			close(fd);
			return -1;
		}
		if (!S_ISREG(st.st_mode) || st.st_uid != geteuid()) {
			close(fd);
			return refuse(path, err);
		}
		int fl = fcntl(fd, F_GETFL);
		if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0) {
			*err = xasprintf("cannot write trace file %s: %s", path, strerror(errno));
			close(fd);
			return -1;
		}
		return fd;
	}
	if (errno == ELOOP)
		*err = xasprintf("refusing to write trace file %s: it is a symbolic link", path);
	else
		*err = xasprintf("cannot write trace file %s: %s", path, strerror(errno));
	return -1;
}

int trace_open(const char *path, char **err)
{
	trace_discard();
	bool created = false;
	int fd = open_own_file(path, &created, err);
	if (fd < 0)
		return -1;
	pending_fd = fd;
	pending_created = created;
	pending_path = xstrdup(path);
	/* The clock starts now: the figures count vdktop's own start-up. */
	trace_t0 = trace_now_us();
	atomic_store(&tracing, true);
	return 0;
}

int trace_start(void)
{
	if (pending_fd < 0)
		return 0;
	int fd = pending_fd;
	pending_fd = -1;
	free(pending_path);
	pending_path = NULL;
	FILE *fp = NULL;
	if (ftruncate(fd, 0) < 0 || fchmod(fd, 0600) < 0 || !(fp = fdopen(fd, "w"))) {
		close(fd);
		pthread_mutex_lock(&trace_mu);
		atomic_store(&tracing, false);
		strbuf_free(&pending_lines);
		pthread_mutex_unlock(&trace_mu);
		return -1;
	}
	pthread_mutex_lock(&trace_mu);
	trace_fp = fp;
	/* What happened before, in the order and with the times it had. */
	if (pending_lines.len)
		fwrite(pending_lines.buf, 1, pending_lines.len, trace_fp);
	strbuf_free(&pending_lines);
	pthread_mutex_unlock(&trace_mu);
	trace_event("start pid=%ld", (long)getpid());
	return 0;
}

void trace_discard(void)
{
	if (pending_fd < 0)
		return;
	pthread_mutex_lock(&trace_mu);
	if (!trace_fp)
		atomic_store(&tracing, false);
	strbuf_free(&pending_lines);
	pthread_mutex_unlock(&trace_mu);
	/* A file made for this run goes again, if it is still the one. */
	struct stat a, b;
	if (pending_created && fstat(pending_fd, &a) == 0 && lstat(pending_path, &b) == 0 && a.st_dev == b.st_dev &&
	    a.st_ino == b.st_ino && a.st_size == 0)
		unlink(pending_path);
	close(pending_fd);
	pending_fd = -1;
	free(pending_path);
	pending_path = NULL;
}

void trace_close(void)
{
	trace_discard();
	pthread_mutex_lock(&trace_mu);
	if (trace_fp) {
		write_line("exit");
		fclose(trace_fp);
	}
	trace_fp = NULL;
	atomic_store(&tracing, false);
	pthread_mutex_unlock(&trace_mu);
}

bool trace_enabled(void)
{
	return atomic_load(&tracing);
}

void trace_event(const char *fmt, ...)
{
	if (!trace_enabled())
		return;
	va_list ap;
	va_start(ap, fmt);
	char *line = xvasprintf(fmt, ap);
	va_end(ap);
	pthread_mutex_lock(&trace_mu);
	if (atomic_load(&tracing))
		write_line(line);
	pthread_mutex_unlock(&trace_mu);
	free(line);
}

void trace_drawn(const char *view, long long rows)
{
	if (!trace_fp)
		return;
	drawn_view = view;
	drawn_rows = rows;
}

void trace_painted(bool data)
{
	if (!trace_fp || !drawn_view)
		return;
	if (!first_painted && drawn_rows > 0 && strcmp(drawn_view, "jobs") == 0) {
		first_painted = true;
		trace_event("first-paint rows=%lld", drawn_rows);
	}
	if (data)
		trace_event("paint reason=data view=%s rows=%lld", drawn_view, drawn_rows);
	drawn_view = NULL;
}
