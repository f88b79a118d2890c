#include "safefile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

static int fail(char **err, const char *path, const char *what, int e)
{
	if (err)
		*err = xasprintf("%s: %s: %s", path, what, strerror(e));
	return -1;
}

static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int safefile_write(const char *path, const void *data, size_t len, mode_t mode, bool overwrite, char **err)
{
	struct stat st;
	if (!overwrite && lstat(path, &st) == 0)
		return fail(err, path, "not written", EEXIST);

	/* The temporary name lives beside the target so rename/link stay on
	 * one file system and are atomic. */
	char *tmp = xasprintf("%s.tmp.XXXXXX", path);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		int e = errno;
		free(tmp);
		return fail(err, path, "cannot create", e);
	}
	if (fchmod(fd, mode) < 0 || write_all(fd, data, len) < 0 || fsync(fd) < 0) {
		int e = errno;
		close(fd);
		unlink(tmp);
		free(tmp);
		return fail(err, path, "cannot write", e);
	}
	if (close(fd) < 0) {
		int e = errno;
		unlink(tmp);
		free(tmp);
		return fail(err, path, "cannot write", e);
	}
	int rc;
	if (overwrite) {
		/* rename replaces a symlink itself, never the file it points to. */
		rc = rename(tmp, path);
	} else {
		/* link fails with EEXIST if anything appeared meanwhile. */
		rc = link(tmp, path);
		if (rc == 0)
			unlink(tmp);
	}
	if (rc < 0) {
		int e = errno;
		unlink(tmp);
		free(tmp);
		return fail(err, path, overwrite ? "cannot replace" : "not written", e);
	}
	free(tmp);
	return 0;
}

int safefile_read(const char *path, size_t max, bool nofollow, char **data, size_t *len, char **err)
{
	/* O_NONBLOCK so a FIFO planted where a token file should be cannot
	 * hang us in open(); it is refused just below. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | (nofollow ? O_NOFOLLOW : 0));
	if (fd < 0)
		return fail(err, path, "cannot open", errno);
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return fail(err, path, "not a regular file", EINVAL);
	}
	int fl = fcntl(fd, F_GETFL);
	if (fl >= 0)
		fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	struct strbuf sb = STRBUF_INIT;
	char chunk[8192];
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof(chunk));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			close(fd);
			strbuf_free(&sb);
			return fail(err, path, "cannot read", e);
		}
		if (n == 0)
			break;
		if (sb.len + (size_t)n > max) {
			close(fd);
			strbuf_free(&sb);
			return fail(err, path, "file too large", EFBIG);
		}
		strbuf_append(&sb, chunk, (size_t)n);
	}
	close(fd);
	*len = sb.len;
	*data = strbuf_steal(&sb);
	return 0;
}
