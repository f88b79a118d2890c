#include "transport.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

/* ---- the parsed URL ------------------------------------------------------ */

struct parts {
	char *scheme, *host, *port, *user, *password;
};

static void parts_free(struct parts *p)
{
	curl_free(p->scheme);
	curl_free(p->host);
	curl_free(p->port);
	if (p->password)
		explicit_bzero(p->password, strlen(p->password));
	curl_free(p->user);
	curl_free(p->password);
	memset(p, 0, sizeof *p);
}

/* guess: a proxy may be written without a scheme ("127.0.0.1:3128"). */
static int parse(const char *url, bool guess, struct parts *p)
{
	memset(p, 0, sizeof *p);
	CURLU *u = curl_url();
	if (!u)
		return -1;
	unsigned flags = CURLU_NON_SUPPORT_SCHEME | (guess ? CURLU_GUESS_SCHEME : 0);
	int rc = -1;
	if (url && curl_url_set(u, CURLUPART_URL, url, flags) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_SCHEME, &p->scheme, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &p->host, 0) == CURLUE_OK) {
		curl_url_get(u, CURLUPART_PORT, &p->port, 0);
		curl_url_get(u, CURLUPART_USER, &p->user, 0);
		curl_url_get(u, CURLUPART_PASSWORD, &p->password, 0);
		rc = 0;
	}
	curl_url_cleanup(u);
	if (rc < 0)
		parts_free(p);
	return rc;
}

/* ---- loopback ------------------------------------------------------------ */

/* The host without brackets and without one trailing dot (libcurl drops
 * it before resolving, so "localhost." is localhost). */
static char *bare_host(const char *host)
{
	size_t n = strlen(host);
	if (n >= 2 && host[0] == '[' && host[n - 1] == ']')
		return xstrndup(host + 1, n - 2);
	if (n > 1 && host[n - 1] == '.')
		n--;
	return xstrndup(host, n);
}

static bool v6_is_loopback(const struct in6_addr *a)
{
	static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
	if (IN6_IS_ADDR_LOOPBACK(a))
		return true;
	return memcmp(a->s6_addr, mapped, sizeof mapped) == 0 && a->s6_addr[12] == 127;
}

bool transport_host_is_loopback(const char *host)
{
	if (str_empty(host))
		return false;
	char *h = bare_host(host);
	struct in_addr a4;
	struct in6_addr a6;
	bool r = false;
	if (strcasecmp(h, "localhost") == 0)
		r = true;
	else if (inet_pton(AF_INET, h, &a4) == 1)
		r = (ntohl(a4.s_addr) >> 24) == 127;
	else if (inet_pton(AF_INET6, h, &a6) == 1)
		r = v6_is_loopback(&a6);
	free(h);
	return r;
}

/* ---- proxies --------------------------------------------------------------- */

static const char *env_nonempty(const char *name)
{
	const char *v = getenv(name);
	return str_empty(v) ? NULL : v;
}

/* An address entry of no_proxy, optionally with /bits, against an
 * address host. */
static bool address_matches(const char *entry, size_t len, const char *host)
{
	char *e = xstrndup(entry, len);
	char *slash = strchr(e, '/');
	long bits = -1;
	if (slash) {
		*slash = '\0';
		char *end;
		bits = strtol(slash + 1, &end, 10);
		if (end == slash + 1 || *end)
			bits = -2;
	}
	unsigned char ha[16], ea[16];
	bool r = false;
	int fam = strchr(host, ':') ? AF_INET6 : AF_INET;
	size_t alen = fam == AF_INET6 ? 16 : 4;
	if (bits != -2 && inet_pton(fam, host, ha) == 1 && inet_pton(fam, e, ea) == 1) {
		if (bits < 0 || bits > (long)alen * 8)
			bits = (long)alen * 8;
		size_t whole = (size_t)bits / 8;
		unsigned rest = (unsigned)bits % 8;
		r = memcmp(ha, ea, whole) == 0 &&
		    (rest == 0 || ((ha[whole] ^ ea[whole]) & (0xffu << (8 - rest)) & 0xffu) == 0);
	}
	free(e);
	return r;
}

static bool no_proxy_matches(const char *list, const char *raw_host)
{
	char *host = bare_host(raw_host);
	struct in6_addr scratch;
	bool is_addr = inet_pton(AF_INET, host, &scratch) == 1 || inet_pton(AF_INET6, host, &scratch) == 1;
	size_t hl = strlen(host);
	bool r = false;
	for (const char *p = list; *p && !r;) {
		while (*p == ',' || isspace((unsigned char)*p))
			p++;
		size_t n = strcspn(p, ", \t");
		const char *e = p;
		p += n;
		if (n == 0)
			continue;
		if (n == 1 && *e == '*') {
			r = true;
			break;
		}
		if (n >= 2 && e[0] == '[' && e[n - 1] == ']') {
			e++;
			n -= 2;
		}
		if (is_addr) {
			r = address_matches(e, n, host);
			continue;
		}
		if (*e == '.') {
			e++;
			n--;
		}
		if (n && e[n - 1] == '.')
			n--;
		if (n == 0 || n > hl)
			continue;
		/* The host itself, or a name under it. */
		r = strncasecmp(host + hl - n, e, n) == 0 && (n == hl || host[hl - n - 1] == '.');
	}
	free(host);
	return r;
}

char *transport_proxy_for(const char *url)
{
	struct parts p;
	if (parse(url, false, &p) < 0)
		return NULL;
	const char *np = env_nonempty("no_proxy");
	if (!np)
		np = env_nonempty("NO_PROXY");
	const char *proxy = NULL;
	if (!np || !no_proxy_matches(np, p.host)) {
		/* HTTP_PROXY in upper case is never read: in a CGI program it
		 * is whatever a client sent as a "Proxy:" header. */
		if (strcasecmp(p.scheme, "http") == 0)
			proxy = env_nonempty("http_proxy");
		else if (strcasecmp(p.scheme, "https") == 0 && !(proxy = env_nonempty("https_proxy")))
			proxy = env_nonempty("HTTPS_PROXY");
		if (!proxy)
			proxy = env_nonempty("all_proxy");
		if (!proxy)
			proxy = env_nonempty("ALL_PROXY");
	}
	parts_free(&p);
	return proxy ? xstrdup(proxy) : NULL;
}

/* ---- credentials in URLs ------------------------------------------------- */

bool transport_url_has_userinfo(const char *url)
{
	struct parts p;
	if (parse(url, false, &p) < 0)
		return url && strchr(url, '@') != NULL;
	bool r = p.user != NULL || p.password != NULL;
	parts_free(&p);
	return r;
}

char *transport_redact_url(const char *url)
{
	CURLU *u = curl_url();
	char *out = NULL, *pw = NULL;
	if (u && url && curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK) {
		if (curl_url_get(u, CURLUPART_PASSWORD, &pw, 0) == CURLUE_OK)
			curl_url_set(u, CURLUPART_PASSWORD, "***", 0);
		char *s = NULL;
		if (curl_url_get(u, CURLUPART_URL, &s, 0) == CURLUE_OK)
			out = xstrdup(s);
		curl_free(s);
	}
	if (pw) {
		explicit_bzero(pw, strlen(pw));
		curl_free(pw);
	}
	curl_url_cleanup(u);
	return out ? out : xstrdup("(invalid URL)");
}

static char *host_port_of(const struct parts *p)
{
	return p->port ? xasprintf("%s:%s", p->host, p->port) : xstrdup(p->host);
}

char *transport_host_port(const char *url)
{
	struct parts p;
	if (parse(url, false, &p) < 0)
		return xstrdup("-");
	char *r = host_port_of(&p);
	parts_free(&p);
	return r;
}

/* ---- the plain-http rule ------------------------------------------------ */

int transport_check_secret(const char *url, bool allow_plain, const char *what, const char *context, char **err)
{
	struct parts p;
	if (parse(url, false, &p) < 0) {
		*err = xasprintf("context %s: the URL does not parse", context ? context : "-");
		return -1;
	}
	int rc = 0;
	if (strcasecmp(p.scheme, "http") == 0 && !allow_plain) {
		char *proxy = transport_proxy_for(url);
		char *hop = NULL;
		if (proxy) {
			struct parts pp;
			char *ph = parse(proxy, true, &pp) == 0 ? host_port_of(&pp) : xstrdup("(unparsable)");
			parts_free(&pp);
			hop = xasprintf("through the proxy %s (from the environment)", ph);
			free(ph);
			explicit_bzero(proxy, strlen(proxy));
			free(proxy);
		} else if (!transport_host_is_loopback(p.host)) {
			char *hp = host_port_of(&p);
			hop = xasprintf("to %s", hp);
			free(hp);
		}
		if (hop) {
			*err = xasprintf("refusing to send %s over plain http:// %s: use https://, or set "
					 "allow_plain_http = true in context %s", what, hop, context ? context : "-");
			free(hop);
			rc = -1;
		}
	}
	parts_free(&p);
	return rc;
}

void transport_easy_setup(void *easy, const char *url, const char *ca_file, bool insecure)
{
	CURL *e = easy;
	curl_easy_setopt(e, CURLOPT_URL, url);
	/* The proxy the plain-http rule was checked against, and no other:
	 * libcurl must not read the environment again on its own. */
	char *proxy = transport_proxy_for(url);
	curl_easy_setopt(e, CURLOPT_PROXY, proxy ? proxy : "");
	curl_easy_setopt(e, CURLOPT_NOPROXY, "");
	if (proxy) {
		explicit_bzero(proxy, strlen(proxy));
		free(proxy);
	}
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(e, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	if (ca_file)
		curl_easy_setopt(e, CURLOPT_CAINFO, ca_file);
	if (insecure) {
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
	}
}
