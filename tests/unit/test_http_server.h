/* A scripted HTTP/1.1 server on loopback for the http and auth unit
 * tests: one thread, poll() over every connection, keep-alive. It answers
 * each complete request with the next scripted response (the last one
 * repeats) and keeps the raw requests for the test to inspect. */
#ifndef VDKTOP_TEST_HTTP_SERVER_H
#define VDKTOP_TEST_HTTP_SERVER_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#define MS_MAX_CONN 16
#define MS_MAX_REQ 64

struct ms_conn {
	int fd;
	int id;       /* 1 for the first connection accepted, and so on */
	char *buf;
	size_t len;
};

struct mini_server {
	int lfd;
	int port;
	pthread_t th;
	pthread_mutex_t mu;
	char *responses[MS_MAX_REQ];
	size_t n_responses;
	char *requests[MS_MAX_REQ];
	int request_conn[MS_MAX_REQ]; /* the id of the connection it came on */
	size_t n_requests;
	int connections;
	int closed;   /* connections the client closed */
	int wake[2];
	struct ms_conn conns[MS_MAX_CONN];
};

/* "HTTP/1.1 <status> X\r\nContent-Length: n\r\n<headers>\r\n<body>" */
static inline char *ms_response(int status, const char *headers, const char *body)
{
	const char *b = body ? body : "";
	size_t n = strlen(b);
	size_t cap = n + strlen(headers ? headers : "") + 128;
	char *r = malloc(cap);
	snprintf(r, cap, "HTTP/1.1 %d X\r\nContent-Length: %zu\r\n%s\r\n%s", status, n, headers ? headers : "", b);
	return r;
}

/* Takes ownership of resp (from ms_response or malloc). */
static inline void ms_push(struct mini_server *s, char *resp)
{
	pthread_mutex_lock(&s->mu);
	if (s->n_responses < MS_MAX_REQ)
		s->responses[s->n_responses++] = resp;
	else
		free(resp);
	pthread_mutex_unlock(&s->mu);
}

static inline size_t ms_request_count(struct mini_server *s)
{
	pthread_mutex_lock(&s->mu);
	size_t n = s->n_requests;
	pthread_mutex_unlock(&s->mu);
	return n;
}

/* The id of the connection the i-th request came on (0: none yet). */
static inline int ms_request_conn(struct mini_server *s, size_t i)
{
	pthread_mutex_lock(&s->mu);
	int id = i < s->n_requests ? s->request_conn[i] : 0;
	pthread_mutex_unlock(&s->mu);
	return id;
}

static inline int ms_closed_count(struct mini_server *s)
{
	pthread_mutex_lock(&s->mu);
	int n = s->closed;
	pthread_mutex_unlock(&s->mu);
	return n;
}

/* The i-th request's raw text (headers and body); borrowed. */
static inline const char *ms_request(struct mini_server *s, size_t i)
{
	pthread_mutex_lock(&s->mu);
	const char *r = i < s->n_requests ? s->requests[i] : NULL;
	pthread_mutex_unlock(&s->mu);
	return r;
}

static inline size_t ms_complete(const char *buf, size_t len)
{
	const char *end = NULL;
	for (size_t i = 0; i + 3 < len; i++)
		if (memcmp(buf + i, "\r\n\r\n", 4) == 0) {
			end = buf + i + 4;
			break;
		}
	if (!end)
		return 0;
	size_t hlen = (size_t)(end - buf), clen = 0;
	for (const char *p = buf; p < end; p = strchr(p, '\n') + 1) {
		if (strncasecmp(p, "Content-Length:", 15) == 0)
			clen = strtoul(p + 15, NULL, 10);
		if (!strchr(p, '\n'))
			break;
	}
	return len >= hlen + clen ? hlen + clen : 0;
}

static inline void ms_serve(struct mini_server *s, struct ms_conn *c)
{
	size_t n;
	while ((n = ms_complete(c->buf, c->len)) > 0) {
		pthread_mutex_lock(&s->mu);
		size_t idx = s->n_requests;
		if (s->n_requests < MS_MAX_REQ) {
			char *copy = malloc(n + 1);
			memcpy(copy, c->buf, n);
			copy[n] = '\0';
			s->request_conn[s->n_requests] = c->id;
			s->requests[s->n_requests++] = copy;
		}
		const char *resp = s->n_responses == 0 ? "HTTP/1.1 500 X\r\nContent-Length: 0\r\n\r\n"
			: s->responses[idx < s->n_responses ? idx : s->n_responses - 1];
		pthread_mutex_unlock(&s->mu);
		size_t off = 0, rl = strlen(resp);
		while (off < rl) {
			ssize_t w = send(c->fd, resp + off, rl - off, MSG_NOSIGNAL);
			if (w <= 0)
				break;
			off += (size_t)w;
		}
		memmove(c->buf, c->buf + n, c->len - n);
		c->len -= n;
		if (strstr(resp, "Connection: close")) {
			close(c->fd);
			c->fd = -1;
			return;
		}
	}
}

static inline void *ms_thread(void *ud)
{
	struct mini_server *s = ud;
	for (;;) {
		struct pollfd pf[MS_MAX_CONN + 2];
		int map[MS_MAX_CONN + 2];
		nfds_t n = 0;
		pf[n].fd = s->wake[0];
		pf[n++].events = POLLIN;
		pf[n].fd = s->lfd;
		pf[n++].events = POLLIN;
		for (int i = 0; i < MS_MAX_CONN; i++)
			if (s->conns[i].fd >= 0) {
				map[n] = i;
				pf[n].fd = s->conns[i].fd;
				pf[n++].events = POLLIN;
			}
		if (poll(pf, n, -1) < 0)
			continue;
		if (pf[0].revents)
			break;
		if (pf[1].revents & POLLIN) {
			int fd = accept(s->lfd, NULL, NULL);
			for (int i = 0; fd >= 0 && i < MS_MAX_CONN; i++)
				if (s->conns[i].fd < 0) {
					s->conns[i].fd = fd;
					s->conns[i].len = 0;
					fd = -1;
					pthread_mutex_lock(&s->mu);
					s->conns[i].id = ++s->connections;
					pthread_mutex_unlock(&s->mu);
				}
			if (fd >= 0)
				close(fd);
		}
		for (nfds_t k = 2; k < n; k++) {
			if (!pf[k].revents)
				continue;
			struct ms_conn *c = &s->conns[map[k]];
			char tmp[65536];
			ssize_t r = recv(c->fd, tmp, sizeof(tmp), 0);
			if (r <= 0) {
				close(c->fd);
				c->fd = -1;
				pthread_mutex_lock(&s->mu);
				s->closed++;
				pthread_mutex_unlock(&s->mu);
				continue;
			}
			c->buf = realloc(c->buf, c->len + (size_t)r + 1);
			memcpy(c->buf + c->len, tmp, (size_t)r);
			c->len += (size_t)r;
			ms_serve(s, c);
		}
	}
	return NULL;
}

static inline struct mini_server *ms_start(void)
{
	struct mini_server *s = calloc(1, sizeof(*s));
	pthread_mutex_init(&s->mu, NULL);
	for (int i = 0; i < MS_MAX_CONN; i++)
		s->conns[i].fd = -1;
	if (pipe(s->wake) != 0)
		abort();
	s->lfd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {0};
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t al = sizeof(a);
	if (bind(s->lfd, (struct sockaddr *)&a, sizeof(a)) != 0 || listen(s->lfd, 16) != 0 ||
	    getsockname(s->lfd, (struct sockaddr *)&a, &al) != 0)
		abort();
	s->port = ntohs(a.sin_port);
	pthread_create(&s->th, NULL, ms_thread, s);
	return s;
}

static inline char *ms_url(const struct mini_server *s, const char *path)
{
	char *u = malloc(strlen(path) + 64);
	sprintf(u, "http://127.0.0.1:%d%s", s->port, path);
	return u;
}

static inline void ms_stop(struct mini_server *s)
{
	if (write(s->wake[1], "x", 1) != 1)
		abort();
	pthread_join(s->th, NULL);
	close(s->lfd);
	close(s->wake[0]);
	close(s->wake[1]);
	for (int i = 0; i < MS_MAX_CONN; i++) {
		if (s->conns[i].fd >= 0)
			close(s->conns[i].fd);
		free(s->conns[i].buf);
	}
	for (size_t i = 0; i < s->n_responses; i++)
		free(s->responses[i]);
	for (size_t i = 0; i < s->n_requests; i++)
		free(s->requests[i]);
	pthread_mutex_destroy(&s->mu);
	free(s);
}

/* A loopback port nobody listens on. */
static inline int ms_closed_port(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {0};
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t al = sizeof(a);
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) != 0 || getsockname(fd, (struct sockaddr *)&a, &al) != 0)
		abort();
	close(fd);
	return ntohs(a.sin_port);
}

#endif
