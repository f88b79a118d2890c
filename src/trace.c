#include "trace.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static pthread_mutex_t trace_mu = PTHREAD_MUTEX_INITIALIZER;
static FILE *trace_fp;
static long long trace_t0;

int trace_open(const char *path, char **err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		*err = xasprintf("cannot write trace file %s: %s", path, strerror(errno));
		return -1;
	}
	FILE *fp = fdopen(fd, "w");
	if (!fp) {
		*err = xasprintf("cannot write trace file %s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	pthread_mutex_lock(&trace_mu);
	trace_fp = fp;
	trace_t0 = now_ms();
	pthread_mutex_unlock(&trace_mu);
	trace_event("start pid=%ld", (long)getpid());
	return 0;
}

void trace_close(void)
{
	pthread_mutex_lock(&trace_mu);
	if (trace_fp) {
		fprintf(trace_fp, "%lld exit\n", now_ms() - trace_t0);
		fclose(trace_fp);
	}
	trace_fp = NULL;
	pthread_mutex_unlock(&trace_mu);
}

bool trace_enabled(void)
{
	/* Read without the lock: it only changes before threads start and
	 * after they stop. */
	return trace_fp != NULL;
}

void trace_event(const char *fmt, ...)
{
	if (!trace_fp)
		return;
	va_list ap;
	va_start(ap, fmt);
	char *line = xvasprintf(fmt, ap);
	va_end(ap);
	pthread_mutex_lock(&trace_mu);
	if (trace_fp) {
		/* Flushed per event: the harness reads the file while we run. */
		fprintf(trace_fp, "%lld %s\n", now_ms() - trace_t0, line);
		fflush(trace_fp);
	}
	pthread_mutex_unlock(&trace_mu);
	free(line);
}
