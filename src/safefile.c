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

/* Reads the regular file open as fd (taken: closed here) whole, at most
 * max bytes. The buffer is sized from fstat and read into directly; when
 * the file turns out longer it grows by copying, and the old buffer is
 * wiped first: a token file or a token cache leaves no stray copy in
 * freed memory. */
static int read_whole(int fd, const struct stat *st, const char *path, size_t max, char **data, size_t *len, char **err)
{
	int fl = fcntl(fd, F_GETFL);
	if (fl >= 0)
		fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	if ((unsigned long long)st->st_size > max) {
		close(fd);
		return fail(err, path, "file too large", EFBIG);
	}
	size_t cap = (size_t)st->st_size + 1, n = 0;
	char *buf = xmalloc(cap + 1);
	for (;;) {
		if (n == cap) {
			if (cap > max) {
				explicit_bzero(buf, n);
				free(buf);
				close(fd);
				return fail(err, path, "file too large", EFBIG);
			}
			size_t ncap = cap * 2 > max + 1 ? max + 1 : cap * 2;
			char *nb = xmalloc(ncap + 1);
			memcpy(nb, buf, n);
			explicit_bzero(buf, n);
			free(buf);
			buf = nb;
			cap = ncap;
		}
		ssize_t r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;
			explicit_bzero(buf, n);
			free(buf);
			close(fd);
			return fail(err, path, "cannot read", e);
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	if (n > max) {
		explicit_bzero(buf, n);
		free(buf);
		return fail(err, path, "file too large", EFBIG);
	}
	buf[n] = '\0';
	*data = buf;
	*len = n;
	return 0;
}

/* The file at path opened for reading, st its fstat; -1 (with *err) when
 * it cannot be opened or is not a regular file. */
static int open_regular(const char *path, bool nofollow, struct stat *st, char **err)
{
	/* O_NONBLOCK so a FIFO planted where a token file should be cannot
	 * hang us in open(); it is refused just below. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | (nofollow ? O_NOFOLLOW : 0));
	if (fd < 0)
		return fail(err, path, "cannot open", errno);
	if (fstat(fd, st) < 0 || !S_ISREG(st->st_mode)) {
		close(fd);
		return fail(err, path, "not a regular file", EINVAL);
	}
	return fd;
}

int safefile_read(const char *path, size_t max, bool nofollow, char **data, size_t *len, char **err)
{
	struct stat st;
	int fd = open_regular(path, nofollow, &st, err);
	if (fd < 0)
		return -1;
	return read_whole(fd, &st, path, max, data, len, err);
}

int safefile_read_secret(const char *path, size_t max, char **data, size_t *len, char **err)
{
	struct stat st;
	int fd = open_regular(path, false, &st, err);
	if (fd < 0)
		return -1;
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
	return read_whole(fd, &st, path, max, data, len, err);
}
