// deps: transport util
/* The transport rules: which hosts are this machine (a table of hosts,
 * names that only look like addresses included), which proxy the
 * environment selects, the plain-http rule for secrets with and without a
 * proxy, and URL user info never shown. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "transport.h"

static const char *const proxy_vars[] = {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY",
					 "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY"};

static int clean_env(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof proxy_vars / sizeof *proxy_vars; i++)
		unsetenv(proxy_vars[i]);
	return 0;
}

static void test_loopback_table(void **state)
{
	(void)state;
	static const struct {
		const char *host;
		bool loopback;
	} cases[] = {
		{"localhost", true},
		{"LOCALHOST", true},
		{"LocalHost", true},
		{"localhost.", true},
		{"127.0.0.1", true},
		{"127.0.0.1.", true},
		{"127.1.2.3", true},
		{"127.255.255.254", true},
		{"[::1]", true},
		{"::1", true},
		{"[0:0:0:0:0:0:0:1]", true},
		{"[::ffff:127.0.0.1]", true},
		{"127.evil.invalid", false},
		{"127.0.0.1.nip.io", false},
		{"127.0.0.1.evil.invalid", false},
		{"127-0-0-1.example", false},
		{"localhost.evil.invalid", false},
		{"localhost.localdomain", false},
		{"evil-localhost", false},
		{"localhostx", false},
		{"sub.localhost", false},
		{"128.0.0.1", false},
		{"126.255.255.255", false},
		{"10.0.0.1", false},
		{"0.0.0.0", false},
		{"[::]", false},
		{"[::2]", false},
		{"[::ffff:10.0.0.1]", false},
		{"[fe80::1%25lo]", false},
		{"1.127.0.0", false},
		{"example.com", false},
		{"[::1", false},
		{"::1]", false},
		{"", false},
		{NULL, false},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		bool got = transport_host_is_loopback(cases[i].host);
		if (got != cases[i].loopback)
			fail_msg("host \"%s\": loopback %d, expected %d", cases[i].host ? cases[i].host : "(null)", got,
				 cases[i].loopback);
	}
}

/* The rule goes by the host the URL parser finds, whatever the text looks
 * like around it. */
static void test_secret_rule_on_parsed_host(void **state)
{
	(void)state;
	static const struct {
		const char *url;
		bool allowed;
	} cases[] = {
		{"http://127.0.0.1:8080", true},
		{"http://localhost:9", true},
		{"http://[::1]:9/x", true},
		{"http://LOCALHOST./x", true},
		{"https://example.com", true},
		{"https://127.evil.invalid", true},
		{"http://127.evil.invalid", false},
		{"http://127.evil.invalid:80/", false},
		{"http://127.0.0.1.nip.io:8080", false},
		{"http://127.0.0.1@evil.invalid/", false},
		{"http://user:127.0.0.1@evil.invalid:80/", false},
		{"http://evil.invalid#@127.0.0.1/", false},
		{"http://evil.invalid?@127.0.0.1/", false},
		{"http://example.com", false},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *err = NULL;
		int rc = transport_check_secret(cases[i].url, false, "a token", "c", &err);
		if ((rc == 0) != cases[i].allowed)
			fail_msg("%s: %s", cases[i].url, err ? err : "allowed");
		if (rc < 0) {
			assert_non_null(strstr(err, "refusing to send a token over plain http://"));
			assert_non_null(strstr(err, "allow_plain_http = true in context c"));
		}
		free(err);
		/* allow_plain lifts the rule for every case. */
		assert_int_equal(transport_check_secret(cases[i].url, true, "a token", "c", &err), 0);
	}
	char *err = NULL;
	assert_int_equal(transport_check_secret("http://127.evil.invalid:81", false, "a token", "c", &err), -1);
	assert_non_null(strstr(err, " to 127.evil.invalid:81:"));
	free(err);
	assert_int_equal(transport_check_secret("::not a url::", false, "a token", "c", &err), -1);
	free(err);
}

static void test_proxy_selection(void **state)
{
	(void)state;
	assert_null(transport_proxy_for("http://127.0.0.1:1/"));
	/* Upper-case HTTP_PROXY is not read (nor by libcurl). */
	setenv("HTTP_PROXY", "http://127.0.0.1:3128", 1);
	assert_null(transport_proxy_for("http://example.com/"));
	setenv("http_proxy", "http://127.0.0.1:3128", 1);
	char *p = transport_proxy_for("http://127.0.0.1:1/");
	assert_string_equal(p, "http://127.0.0.1:3128");
	free(p);
	assert_null(transport_proxy_for("https://example.com/"));
	setenv("HTTPS_PROXY", "http://proxy.example:8080", 1);
	p = transport_proxy_for("https://example.com/");
	assert_string_equal(p, "http://proxy.example:8080");
	free(p);
	setenv("https_proxy", "http://lower.example:8080", 1);
	p = transport_proxy_for("https://example.com/");
	assert_string_equal(p, "http://lower.example:8080");
	free(p);
	unsetenv("http_proxy");
	unsetenv("https_proxy");
	unsetenv("HTTPS_PROXY");
	setenv("ALL_PROXY", "socks5://127.0.0.1:1080", 1);
	p = transport_proxy_for("http://svc.example/");
	assert_string_equal(p, "socks5://127.0.0.1:1080");
	free(p);
	setenv("all_proxy", "socks5h://127.0.0.1:1081", 1);
	p = transport_proxy_for("https://svc.example/");
	assert_string_equal(p, "socks5h://127.0.0.1:1081");
	free(p);

	/* no_proxy: hosts, domain suffixes on a dot boundary, addresses and
	 * ranges, "*". */
	static const struct {
		const char *no_proxy, *url;
		bool direct;
	} cases[] = {
		{"svc.example", "http://svc.example/", true},
		{"example", "http://svc.example/", true},
		{".example", "http://svc.example/", true},
		{"EXAMPLE.", "http://svc.example./", true},
		{"vc.example", "http://svc.example/", false},
		{"other.example, svc.example", "http://svc.example/", true},
		{"localhost,127.0.0.1", "http://127.0.0.1:1/", true},
		{"127.0.0.0/8", "http://127.9.9.9:1/", true},
		{"10.0.0.0/8", "http://127.9.9.9:1/", false},
		{"0.1", "http://127.0.0.1/", false},
		{"::1", "http://[::1]:1/", true},
		{"[::1]", "http://[::1]:1/", true},
		{"*", "https://anything.example/", true},
		{"", "http://svc.example/", false},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		setenv("no_proxy", cases[i].no_proxy, 1);
		p = transport_proxy_for(cases[i].url);
		if ((p == NULL) != cases[i].direct)
			fail_msg("no_proxy \"%s\", %s: proxy %s", cases[i].no_proxy, cases[i].url, p ? p : "none");
		free(p);
	}
	unsetenv("no_proxy");
	setenv("NO_PROXY", "svc.example", 1);
	assert_null(transport_proxy_for("http://svc.example/"));
	clean_env(NULL);
}

/* A proxy is the network: plain http through one is refused even to a
 * loopback target; https through one is fine. */
static void test_proxy_counts_as_network(void **state)
{
	(void)state;
	char *err = NULL;
	assert_int_equal(transport_check_secret("http://127.0.0.1:8080/", false, "a token", "dev", &err), 0);
	setenv("http_proxy", "http://user:proxy-pass@127.0.0.1:3128", 1);
	assert_int_equal(transport_check_secret("http://127.0.0.1:8080/", false, "a token", "dev", &err), -1);
	assert_non_null(strstr(err, "through the proxy 127.0.0.1:3128"));
	assert_null(strstr(err, "proxy-pass"));
	free(err);
	err = NULL;
	assert_int_equal(transport_check_secret("http://127.0.0.1:8080/", true, "a token", "dev", &err), 0);
	assert_int_equal(transport_check_secret("https://svc.example/", false, "a token", "dev", &err), 0);
	setenv("no_proxy", "127.0.0.1", 1);
	assert_int_equal(transport_check_secret("http://127.0.0.1:8080/", false, "a token", "dev", &err), 0);
	unsetenv("no_proxy");
	unsetenv("http_proxy");
	setenv("ALL_PROXY", "127.0.0.1:1080", 1);
	assert_int_equal(transport_check_secret("http://localhost:8080/", false, "a token", "dev", &err), -1);
	assert_non_null(strstr(err, "through the proxy 127.0.0.1:1080"));
	free(err);
	clean_env(NULL);
}

static void test_userinfo(void **state)
{
	(void)state;
	assert_true(transport_url_has_userinfo("http://user:pw@example.com/"));
	assert_true(transport_url_has_userinfo("https://user@example.com/"));
	assert_false(transport_url_has_userinfo("https://example.com/a@b"));
	assert_false(transport_url_has_userinfo("https://example.com/?q=a@b"));
	assert_false(transport_url_has_userinfo("http://127.0.0.1:1"));

	static const struct {
		const char *url, *shown;
	} cases[] = {
		{"http://user:s3cret@example.com:8080/base", "http://user:***@example.com:8080/base"},
		{"https://alice:p%40ss@svc.example", "https://alice:***@svc.example/"},
		{"https://bob@svc.example/x", "https://bob@svc.example/x"},
		{"https://svc.example/x?y=1", "https://svc.example/x?y=1"},
		{"https://:only-pass@svc.example/", "https://:***@svc.example/"},
		{"::not a url:: user:pw@x", "(invalid URL)"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *s = transport_redact_url(cases[i].url);
		assert_string_equal(s, cases[i].shown);
		free(s);
	}
	char *s = transport_redact_url(NULL);
	assert_string_equal(s, "(invalid URL)");
	free(s);

	s = transport_host_port("http://user:pw@example.com:8080/x");
	assert_string_equal(s, "example.com:8080");
	free(s);
	s = transport_host_port("https://a:b@[::1]/");
	assert_string_equal(s, "[::1]");
	free(s);
	s = transport_host_port("nonsense");
	assert_string_equal(s, "-");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_loopback_table, clean_env),
		cmocka_unit_test_setup(test_secret_rule_on_parsed_host, clean_env),
		cmocka_unit_test_setup(test_proxy_selection, clean_env),
		cmocka_unit_test_setup(test_proxy_counts_as_network, clean_env),
		cmocka_unit_test_setup(test_userinfo, clean_env),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
