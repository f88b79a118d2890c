/* Internals shared by the worker thread (worker.c) and the mapping of
 * request kinds to api calls (worker_api.c). Not for other modules. */
#ifndef VDKTOP_WORKER_PRIV_H
#define VDKTOP_WORKER_PRIV_H

#include "http.h"
#include "worker.h"

/* A copy without the bulky parts (body, blob): what progress results
 * carry and what watches re-issue from. */
struct wreq *wreq_dup_light(const struct wreq *r);
/* Builds the HTTP request for r against base_url; NULL when r lacks
 * what its kind needs. */
struct http_request *wreq_build(const struct wreq *r, const char *base_url);
/* The path (and method) of a request URL: everything after the host,
 * without the query string. */
char *wreq_describe_url(enum http_method m, const char *url);
/* Parses resp into res according to the request kind (worker thread). */
void wresult_parse(struct wresult *res, const struct http_response *resp);

#endif
