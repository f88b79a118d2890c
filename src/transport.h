/* Where a request's bytes really travel, and what may travel there in
 * clear text. One place decides, from the parsed URL, whether a host is
 * this machine, which proxy (if any) carries a request, and whether a
 * secret may be sent over plain http://; libcurl is then told that very
 * proxy (transport_easy_setup), so what was checked is what is used. */
#ifndef VDKTOP_TRANSPORT_H
#define VDKTOP_TRANSPORT_H

#include <stdbool.h>

/* A host as written in a URL's authority ("localhost", "127.0.0.1",
 * "[::1]", upper case and one trailing dot allowed): true only for
 * localhost, 127.0.0.0/8 and ::1 (also as ::ffff:127.x.y.z). A name is
 * never loopback because of how it looks: "127.0.0.1.nip.io" and
 * "127.evil.invalid" are the network. */
bool transport_host_is_loopback(const char *host);

/* The proxy the environment selects for url, the way libcurl reads it:
 * http_proxy (lower case only) for http://, https_proxy or HTTPS_PROXY
 * for https://, else all_proxy or ALL_PROXY; none when no_proxy or
 * NO_PROXY names the host ("*", a host, a domain suffix, an address).
 * NULL: a direct connection. Owned; it may hold credentials. */
char *transport_proxy_for(const char *url);

/* Whether url carries user info (user:password@): a credential. */
bool transport_url_has_userinfo(const char *url);

/* url for display: the password of user:password@ becomes ***. A URL that
 * does not parse is shown as "(invalid URL)", since it may hold one. */
char *transport_redact_url(const char *url);

/* "host[:port]" of url, without user info; "-" when it has none. */
char *transport_host_port(const char *url);

/* The plain-http rule for sending a secret (what: "a token") to url:
 * allowed over https://, and over http:// only straight to loopback, with
 * no proxy in between, unless allow_plain. Returns 0, or -1 with *err
 * (owned, free of credentials) naming the hop and the fix; context names
 * the configuration context for that fix. */
int transport_check_secret(const char *url, bool allow_plain, const char *what, const char *context, char **err);

/* The transport rules every libcurl handle of ours follows, the token
 * exchange's too: url set, HTTP(S) only, redirects never followed (a
 * Location is data here, and following one could carry a token to another
 * host), no signals (handles run on worker threads), any content encoding,
 * the proxy transport_proxy_for() chose (and no other), and the TLS trust
 * the user configured. easy is a CURL *. */
void transport_easy_setup(void *easy, const char *url, const char *ca_file, bool insecure);

#endif
