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

int safefile_read_secret(const char *path, size_t max, char **data, size_t *len, char **err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return fail(err, path, "cannot open", errno);
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return fail(err, path, "not a regular file", EINVAL);
	}
	/* As ssh does with a private key: a secret others can read (or
	 * replace) is refused, not used. */
	if (st.st_mode & 077) {
		close(fd);
		if (err)
			*err = xasprintf("%s can be %s by others (mode %04o); it holds a secret: chmod 600 %s", path,
					 st.st_mode & 022 ? "changed" : "read", (unsigned)(st.st_mode & 07777), path);
		return -1;
	}
	if (st.st_uid != geteuid() && st.st_uid != 0) {
		close(fd);
		if (err)
			*err = xasprintf("%s belongs to another user (uid %u); it holds a secret: use a file of your own",
					 path, (unsigned)st.st_uid);
		return -1;
	}
	if ((unsigned long long)st.st_size > max) {
		close(fd);
		return fail(err, path, "file too large", EFBIG);
	}
	int fl = fcntl(fd, F_GETFL);
	if (fl >= 0)
		fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	/* One buffer of the final size, read into directly: no copy of the
	 * secret is left behind in freed memory. */
	size_t cap = (size_t)st.st_size + 1, n = 0;
	char *buf = xmalloc(cap + 1);
	for (;;) {
		ssize_t r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 || (r > 0 && n + (size_t)r >= cap)) {
			/* a read error, or the file grew while read */
			int e = r < 0 ? errno : EFBIG;
			explicit_bzero(buf, cap + 1);
			free(buf);
			close(fd);
			return fail(err, path, r < 0 ? "cannot read" : "changed while read", e);
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	buf[n] = '\0';
	*data = buf;
	*len = n;
	return 0;
}
