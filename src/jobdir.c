#include "jobdir.h"

#include "cron.h"
#include "jobname.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

/* ------------------------------------------------------------------ */
/* Walking the directory                                               */

struct entry {
	char *rel;     /* path below the job directory, '/'-separated */
	char *source;  /* file to read, below the job directory (differs for
	                  links: their target's path there), NULL for dirs */
	bool dir;
	unsigned long long size;
	mode_t mode;
	time_t mtime;
};

struct walk {
	char *root;      /* the directory as given, no trailing '/' */
	char *root_real; /* realpath of root */
	dev_t root_dev;  /* the directory walked, to open it again as itself */
	ino_t root_ino;
	mode_t root_mode;
	time_t root_mtime;
	struct entry *v;
	size_t n, cap;
	unsigned long long total;
	size_t files;
	struct strlist warnings;
	char *err;
};

#define WALK_MAX_DEPTH 64

static void walk_free(struct walk *w)
{
	for (size_t i = 0; i < w->n; i++) {
		free(w->v[i].rel);
		free(w->v[i].source);
	}
	free(w->v);
	free(w->root);
	free(w->root_real);
	strlist_clear(&w->warnings);
	free(w->err);
	memset(w, 0, sizeof(*w));
}

static void walk_add(struct walk *w, const char *rel, const char *source, const struct stat *st)
{
	if (w->n == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 32;
		w->v = xreallocarray(w->v, w->cap, sizeof(*w->v));
	}
	struct entry *e = &w->v[w->n++];
	e->rel = xstrdup(rel);
	e->source = xstrdup(source);
	e->dir = S_ISDIR(st->st_mode);
	e->size = e->dir ? 0 : (unsigned long long)st->st_size;
	e->mode = st->st_mode;
	e->mtime = st->st_mtime;
	if (!e->dir) {
		w->files++;
		w->total += e->size;
	}
}

static void walk_warn(struct walk *w, const char *fmt, const char *rel)
{
	/* File names are untrusted text for the screen: printable ASCII and
	 * UTF-8 stay, control bytes become '?'. */
	char *t = xstrdup(rel);
	for (char *q = t; *q; q++)
		if ((unsigned char)*q < 0x20 || *q == 0x7f)
			*q = '?';
	char *msg = xasprintf(fmt, t);
	strlist_push(&w->warnings, msg);
	free(msg);
	free(t);
}

static bool ends_with_ci(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && strcasecmp(s + a - b, suffix) == 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int walk_dir(struct walk *w, int parent_fd, const char *dname, const char *rel, int depth);

/* One directory entry `name` inside the directory open as fd. */
static int walk_one(struct walk *w, int fd, const char *name, const char *rel, int depth)
{
	if (ends_with_ci(name, ".keytab")) {
		char *t = xstrdup(rel);
		for (char *q = t; *q; q++)
			if ((unsigned char)*q < 0x20 || *q == 0x7f)
				*q = '?';
		w->err = xasprintf("refusing to deploy: %s is a keytab. A keytab is a secret "
				   "and must not be uploaded with the sources; move it out of "
				   "the job directory", t);
		free(t);
		return -1;
	}
	if (strcmp(name, ".git") == 0)
		return 0;
	struct stat st;
	if (fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		char *m = xasprintf("skipped %%s: %s", strerror(errno));
		walk_warn(w, m, rel);
		free(m);
		return 0;
	}
	if (S_ISDIR(st.st_mode)) {
		walk_add(w, rel, NULL, &st);
		return walk_dir(w, fd, name, rel, depth + 1);
	}
	char *full = xasprintf("%s/%s", w->root, rel);
	if (S_ISREG(st.st_mode)) {
		walk_add(w, rel, rel, &st);
		free(full);
		return 0;
	}
	if (!S_ISLNK(st.st_mode)) {
		walk_warn(w, "skipped %s: not a regular file (socket, FIFO or device)", rel);
		free(full);
		return 0;
	}
	/* A symbolic link: packed as a copy only when it leads to a regular
	 * file inside the job directory. */
	char *target = realpath(full, NULL);
	free(full);
	struct stat tst;
	size_t rl = strlen(w->root_real);
	bool inside = target && strncmp(target, w->root_real, rl) == 0 &&
		      (target[rl] == '/' || target[rl] == '\0' || strcmp(w->root_real, "/") == 0);
	if (!target || stat(target, &tst) < 0)
		walk_warn(w, "skipped %s: a symbolic link that leads nowhere", rel);
	else if (!inside)
		walk_warn(w, "skipped %s: a symbolic link to outside the job directory", rel);
	else if (ends_with_ci(target, ".keytab"))
		walk_warn(w, "skipped %s: a symbolic link to a keytab", rel);
	else if (S_ISDIR(tst.st_mode))
		walk_warn(w, "skipped %s: a symbolic link to a directory (not followed)", rel);
	else if (!S_ISREG(tst.st_mode))
		walk_warn(w, "skipped %s: a symbolic link to something not a regular file", rel);
	else
		walk_add(w, rel, target + rl + (target[rl] == '/'), &tst);
	free(target);
	return 0;
}

static int walk_dir(struct walk *w, int parent_fd, const char *dname, const char *rel, int depth)
{
	if (depth > WALK_MAX_DEPTH) {
		w->err = xasprintf("the job directory is nested more than %d levels deep",
				   WALK_MAX_DEPTH);
		return -1;
	}
	int fd = openat(parent_fd, dname, O_RDONLY | O_DIRECTORY | O_CLOEXEC | (rel ? O_NOFOLLOW : 0));
	if (fd < 0) {
		if (!rel) {
			w->err = xasprintf("cannot open %s: %s", w->root, strerror(errno));
			return -1;
		}
		char *m = xasprintf("skipped %%s: %s", strerror(errno));
		walk_warn(w, m, rel);
		free(m);
		return 0;
	}
	DIR *d = fdopendir(fd);
	if (!d) {
		close(fd);
		w->err = xasprintf("cannot read %s: %s", rel ? rel : w->root, strerror(errno));
		return -1;
	}
	struct strlist names = {0};
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		strlist_push(&names, de->d_name);
	}
	if (names.n)
		qsort(names.v, names.n, sizeof(*names.v), cmp_names);
	int r = 0;
	for (size_t i = 0; i < names.n && r == 0; i++) {
		char *sub = rel ? xasprintf("%s/%s", rel, names.v[i]) : xstrdup(names.v[i]);
		r = walk_one(w, dirfd(d), names.v[i], sub, depth);
		free(sub);
	}
	strlist_clear(&names);
	closedir(d);
	return r;
}

/* "dir/" -> "dir", but "/" stays "/". */
static char *strip_slashes(const char *path)
{
	char *p = xstrdup(path);
	size_t n = strlen(p);
	while (n > 1 && p[n - 1] == '/')
		p[--n] = '\0';
	return p;
}

/* The job directory's name: its last path component, or the real
 * directory's for "." and "..". */
static char *dir_name(const char *root, const char *root_real)
{
	const char *slash = strrchr(root, '/');
	const char *base = slash ? slash + 1 : root;
	if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
		slash = strrchr(root_real, '/');
		base = slash ? slash + 1 : root_real;
	}
	return xstrdup(base);
}

static char *too_large(unsigned long long total, size_t files)
{
	return xasprintf("the job directory holds %.1f MiB in %zu files, more than the %llu MiB a deploy uploads: "
			 "move data and build output out of it",
			 (double)total / (1024.0 * 1024), files, JOBDIR_TOTAL_MAX >> 20);
}

static int walk_run(struct walk *w, const char *path, char **err)
{
	memset(w, 0, sizeof(*w));
	if (!path || !*path) {
		*err = xstrdup("no job directory given");
		return -1;
	}
	w->root = strip_slashes(path);
	struct stat st;
	if (stat(w->root, &st) < 0) {
		*err = xasprintf("%s: %s", w->root, strerror(errno));
		goto fail;
	}
	w->root_mode = st.st_mode;
	w->root_mtime = st.st_mtime;
	w->root_dev = st.st_dev;
	w->root_ino = st.st_ino;
	if (!S_ISDIR(st.st_mode)) {
		*err = xasprintf("%s is not a directory: give the job's directory (the one "
				 "with config.ini)", w->root);
		goto fail;
	}
	w->root_real = realpath(w->root, NULL);
	if (!w->root_real) {
		*err = xasprintf("%s: %s", w->root, strerror(errno));
		goto fail;
	}
	if (walk_dir(w, AT_FDCWD, w->root, NULL, 0) < 0) {
		*err = w->err;
		w->err = NULL;
		goto fail;
	}
	if (w->total > JOBDIR_TOTAL_MAX) {
		*err = too_large(w->total, w->files);
		goto fail;
	}
	return 0;
fail:
	walk_free(w);
	return -1;
}

/* Reads the whole regular file open as fd (taken: closed here), at most
 * limit bytes; name is for messages. */
static int read_fd(int fd, const char *name, unsigned long long limit, char **data, size_t *len, char **err)
{
	*data = NULL;
	*len = 0;
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		*err = xasprintf("cannot read %s: not a regular file", name);
		close(fd);
		return -1;
	}
	if ((unsigned long long)st.st_size > limit) {
		*err = xasprintf("%s is too large", name);
		close(fd);
		return -1;
	}
	int fl = fcntl(fd, F_GETFL);
	if (fl >= 0)
		fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	struct strbuf sb = STRBUF_INIT;
	char buf[65536];
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			*err = xasprintf("cannot read %s: %s", name, strerror(errno));
			strbuf_free(&sb);
			close(fd);
			return -1;
		}
		if (n == 0)
			break;
		if (sb.len + (size_t)n > limit) {
			*err = xasprintf("%s is too large", name);
			strbuf_free(&sb);
			close(fd);
			return -1;
		}
		strbuf_append(&sb, buf, (size_t)n);
	}
	close(fd);
	*len = sb.len;
	*data = sb.buf ? strbuf_steal(&sb) : xstrdup("");
	return 0;
}

/* Reads a whole regular file, refusing to follow a link planted in its
 * place since the walk. */
static int read_file(const char *path, unsigned long long limit, char **data, size_t *len, char **err)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		*data = NULL;
		*len = 0;
		*err = xasprintf("cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	return read_fd(fd, path, limit, data, len, err);
}

/* Opens rel ('/'-separated, below the directory open as dirfd) one
 * component at a time, none of them a symbolic link: a directory swapped
 * for a link to elsewhere after the walk fails here (ELOOP, ENOTDIR)
 * instead of pulling a file from outside the job directory. -1 with errno. */
static int open_beneath(int dirfd, const char *rel)
{
	char *path = xstrdup(rel);
	int fd = dup(dirfd);
	char *save = NULL;
	char *comp = strtok_r(path, "/", &save);
	while (fd >= 0 && comp) {
		char *next = strtok_r(NULL, "/", &save);
		if (strcmp(comp, "..") == 0 || strcmp(comp, ".") == 0) {
			close(fd);
			fd = -1;
			errno = EPERM;
			break;
		}
		int flags = O_RDONLY | O_NOFOLLOW | O_CLOEXEC | (next ? O_DIRECTORY : O_NONBLOCK | O_NOCTTY);
		int sub = openat(fd, comp, flags);
		int e = errno;
		close(fd);
		fd = sub;
		errno = e;
		comp = next;
	}
	free(path);
	return fd;
}

void (*jobdir_after_walk_hook)(const char *path);

/* ------------------------------------------------------------------ */
/* Inspect                                                             */

void jobdir_info_free(struct jobdir_info *info)
{
	if (!info)
		return;
	free(info->path);
	free(info->name);
	jobdir_config_free(&info->config);
	strlist_clear(&info->warnings);
	memset(info, 0, sizeof(*info));
}

static void warn_config(struct jobdir_info *info)
{
	const struct jobdir_config *c = &info->config;
	char *why = NULL;
	if (str_empty(c->team))
		strlist_push(&info->warnings, "config.ini has no [owner] team");
	if (!c->schedule_cron || !*c->schedule_cron) {
		strlist_push(&info->warnings, "config.ini has no [job] schedule_cron: the job "
					      "will only run when started by hand");
	} else {
		struct cron cr;
		if (cron_parse(c->schedule_cron, &cr, &why) < 0) {
			char *m = xasprintf("[job] schedule_cron is not a valid schedule (%s); "
					    "the deployment would fail", why);
			strlist_push(&info->warnings, m);
			free(m);
			free(why);
			why = NULL;
		}
	}
	if (!jobname_valid(info->name, &why)) {
		char *m = xasprintf("the directory name is not a valid job name (%s)", why);
		strlist_push(&info->warnings, m);
		free(m);
		free(why);
	}
}

int jobdir_inspect(const char *path, struct jobdir_info *out, char **err)
{
	memset(out, 0, sizeof(*out));
	char *e = NULL;
	struct walk w;
	if (walk_run(&w, path, &e) < 0)
		goto fail;

	char *ini_path = xasprintf("%s/config.ini", w.root);
	struct stat st;
	if (lstat(ini_path, &st) < 0 && errno == ENOENT) {
		e = xasprintf("%s has no config.ini: a job directory needs one (with at least "
			      "[owner] team), as for `vdk deploy`", w.root);
		free(ini_path);
		walk_free(&w);
		goto fail;
	}
	char *text = NULL;
	size_t len = 0;
	int r = read_file(ini_path, JOBDIR_CONFIG_MAX, &text, &len, &e);
	free(ini_path);
	if (r == 0)
		r = jobdir_parse_config_ini(text, len, &out->config, &e);
	free(text);
	if (r < 0) {
		walk_free(&w);
		goto fail;
	}
	out->path = w.root;
	w.root = NULL;
	out->name = dir_name(out->path, w.root_real);
	out->file_count = w.files;
	out->total_size = w.total;
	out->warnings = w.warnings;
	w.warnings = (struct strlist){0};
	walk_free(&w);
	warn_config(out);
	return 0;
fail:
	jobdir_info_free(out);
	if (err)
		*err = e;
	else
		free(e);
	return -1;
}

/* ------------------------------------------------------------------ */
/* Zip                                                                 */

struct zip_progress {
	jobdir_progress_fn fn;
	void *ud;
	bool cancelled;
};

/* libzip reports the compression phase (zip_close) as 0..1; the files were
 * read before, which counts as the first half. */
static void on_zip_progress(zip_t *za, double done, void *ud)
{
	struct zip_progress *p = ud;
	if (p->fn && !p->cancelled && !p->fn(0.5 + done / 2, p->ud))
		p->cancelled = true;
}

static int on_zip_cancel(zip_t *za, void *ud)
{
	return ((struct zip_progress *)ud)->cancelled;
}

/* Files above this are refused: the upload goes in one request body. */
#define JOBDIR_FILE_MAX (1ULL << 31)

int jobdir_zip_ex(const char *path, jobdir_progress_fn progress, void *ud, void **zip,
		  size_t *len, char **err)
{
	*zip = NULL;
	*len = 0;
	char *e = NULL;
	struct walk w;
	zip_error_t ze;
	zip_error_init(&ze);
	zip_t *za = NULL;
	struct zip_progress prog = {progress, ud, false};

	if (walk_run(&w, path, &e) < 0)
		goto out;
	if (jobdir_after_walk_hook)
		jobdir_after_walk_hook(path);
	/* Files are opened below the directory that was walked, never by
	 * their path from here: see open_beneath. */
	int rootfd = open(w.root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct stat rst;
	if (rootfd < 0 || fstat(rootfd, &rst) < 0 || rst.st_dev != w.root_dev || rst.st_ino != w.root_ino) {
		e = xasprintf("%s changed while it was packed; deploy again", w.root);
		if (rootfd >= 0)
			close(rootfd);
		walk_free(&w);
		goto out;
	}
	char *root = dir_name(w.root, w.root_real);

	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
	if (!src) {
		e = xasprintf("cannot create the archive: %s", zip_error_strerror(&ze));
		goto out_root;
	}
	za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	if (!za) {
		e = xasprintf("cannot create the archive: %s", zip_error_strerror(&ze));
		zip_source_free(src);
		goto out_root;
	}
	/* Keep the buffer source alive after zip_close() to read the result. */
	zip_source_keep(src);
	zip_register_progress_callback_with_state(za, 0.01, on_zip_progress, NULL, &prog);
	zip_register_cancel_callback_with_state(za, on_zip_cancel, NULL, &prog);

	/* The root folder's own entry first, as shutil.make_archive writes it. */
	char *name = xasprintf("%s/", root);
	zip_int64_t idx = zip_dir_add(za, name, ZIP_FL_ENC_GUESS);
	free(name);
	if (idx < 0) {
		e = xasprintf("cannot add %s/ to the archive: %s", root, zip_strerror(za));
		goto out_zip;
	}
	zip_file_set_mtime(za, (zip_uint64_t)idx, w.root_mtime, 0);
	zip_file_set_external_attributes(za, (zip_uint64_t)idx, 0, ZIP_OPSYS_UNIX,
					 (zip_uint32_t)w.root_mode << 16);
	unsigned long long done = 0;
	for (size_t i = 0; i < w.n; i++) {
		const struct entry *en = &w.v[i];
		if (en->dir) {
			name = xasprintf("%s/%s/", root, en->rel);
			idx = zip_dir_add(za, name, ZIP_FL_ENC_GUESS);
		} else {
			char *data;
			size_t dlen;
			int fd = open_beneath(rootfd, en->source);
			if (fd < 0) {
				e = xasprintf("cannot read %s: %s (did it change while it was packed?)", en->rel,
					      strerror(errno));
				goto out_zip;
			}
			unsigned long long room = JOBDIR_TOTAL_MAX - done;
			if (read_fd(fd, en->rel, room < JOBDIR_FILE_MAX ? room : JOBDIR_FILE_MAX, &data, &dlen, &e) < 0) {
				if (room < JOBDIR_FILE_MAX && strstr(e, "too large")) {
					free(e);
					e = too_large(done + en->size, w.files);
				}
				goto out_zip;
			}
			/* libzip does not take ownership of an empty buffer */
			if (!dlen) {
				free(data);
				data = NULL;
			}
			zip_source_t *fs = zip_source_buffer(za, data, dlen, dlen > 0);
			if (!fs) {
				free(data);
				e = xasprintf("cannot add %s to the archive: %s", en->rel,
					      zip_strerror(za));
				goto out_zip;
			}
			name = xasprintf("%s/%s", root, en->rel);
			idx = zip_file_add(za, name, fs, ZIP_FL_ENC_GUESS);
			if (idx < 0)
				zip_source_free(fs);
			done += dlen;
		}
		if (idx < 0) {
			e = xasprintf("cannot add %s to the archive: %s", name, zip_strerror(za));
			free(name);
			goto out_zip;
		}
		free(name);
		zip_file_set_mtime(za, (zip_uint64_t)idx, en->mtime, 0);
		zip_file_set_external_attributes(za, (zip_uint64_t)idx, 0, ZIP_OPSYS_UNIX,
						 (zip_uint32_t)en->mode << 16);
		if (progress && w.total &&
		    !progress((double)done / (double)w.total / 2, ud)) {
			prog.cancelled = true;
			break;
		}
	}
	if (prog.cancelled) {
		e = xstrdup("cancelled");
		goto out_zip;
	}
	if (zip_close(za) < 0) {
		e = prog.cancelled ? xstrdup("cancelled")
				   : xasprintf("cannot write the archive: %s", zip_strerror(za));
		goto out_zip;
	}
	za = NULL;

	zip_stat_t zs;
	if (zip_source_stat(src, &zs) < 0 || zip_source_open(src) < 0) {
		e = xasprintf("cannot read the archive back: %s",
			      zip_error_strerror(zip_source_error(src)));
		zip_source_free(src);
		goto out_root;
	}
	char *buf = xmalloc(zs.size ? zs.size : 1);
	zip_int64_t got = zip_source_read(src, buf, zs.size);
	zip_source_close(src);
	zip_source_free(src);
	if (got < 0 || (zip_uint64_t)got != zs.size) {
		free(buf);
		e = xstrdup("cannot read the archive back");
		goto out_root;
	}
	*zip = buf;
	*len = (size_t)zs.size;
	if (progress)
		progress(1.0, ud);
	goto out_root;

out_zip:
	zip_discard(za);
	zip_source_free(src);
out_root:
	free(root);
	close(rootfd);
	walk_free(&w);
out:
	zip_error_fini(&ze);
	if (!*zip) {
		if (err)
			*err = e;
		else
			free(e);
		return -1;
	}
	return 0;
}

int jobdir_zip(const char *path, void **zip, size_t *len, char **err)
{
	return jobdir_zip_ex(path, NULL, NULL, zip, len, err);
}
