/* vdktop: options, configuration, start and stop. Nothing else. */
#include <curl/curl.h>
#include <curses.h>
#include <getopt.h>
#include <json.h>
#include <libconfig.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <zip.h>

#include "api.h"
#include "auth.h"
#include "cli.h"
#include "config.h"
#include "conn.h"
#include "http.h"
#include "sanitize.h"
#include "trace.h"
#include "transport.h"
#include "ui/keys.h"
#include "ui/theme.h"
#include "ui/ui.h"

/* Set by the Makefile from pkg-config; a build without it says so. */
#ifndef VDKTOP_INIH_VERSION
#define VDKTOP_INIH_VERSION ""
#endif

enum { EXIT_OK = 0, EXIT_RUNTIME = 1, EXIT_USAGE = 2 };

enum {
	OPT_URL = 256, OPT_TEAM, OPT_CONTEXT, OPT_CONFIG, OPT_THEME, OPT_NO_COLOR, OPT_READ_ONLY,
	OPT_REFRESH, OPT_CHECK, OPT_PATHS, OPT_TRACE, OPT_VERSION, OPT_HELP,
};

static const struct option long_opts[] = {
	{"url", required_argument, NULL, OPT_URL},
	{"team", required_argument, NULL, OPT_TEAM},
	{"context", required_argument, NULL, OPT_CONTEXT},
	{"config", required_argument, NULL, OPT_CONFIG},
	{"theme", required_argument, NULL, OPT_THEME},
	{"no-color", no_argument, NULL, OPT_NO_COLOR},
	{"read-only", no_argument, NULL, OPT_READ_ONLY},
	{"refresh", required_argument, NULL, OPT_REFRESH},
	{"check", no_argument, NULL, OPT_CHECK},
	{"paths", no_argument, NULL, OPT_PATHS},
	{"trace", required_argument, NULL, OPT_TRACE},
	{"version", no_argument, NULL, OPT_VERSION},
	{"help", no_argument, NULL, OPT_HELP},
	{NULL, 0, NULL, 0},
};

static void usage(FILE *out)
{
	fputs("usage: vdktop [options]\n"
	      "Terminal dashboard for the Versatile Data Kit Control Service.\n"
	      "\n"
	      "  --url URL          Control Service URL (overrides the context's)\n"
	      "  --team TEAM        team to show (* for every team)\n"
	      "  --context NAME     context from the config file to use\n"
	      "  --config FILE      config file (default $VDKTOP_CONFIG or ~/.config/vdktop/config)\n"
	      "  --theme NAME       colour theme (default, light, solarized-dark, high-contrast, monochrome)\n"
	      "  --no-color         monochrome screen (also when NO_COLOR is set)\n"
	      "  --read-only        refuse every change on the server\n"
	      "  --refresh SECONDS  refresh interval of the job list and job view\n"
	      "  --check            check the connection once (service and API version), then exit\n"
	      "  --paths            print every file vdktop reads, then exit\n"
	      "  --trace FILE       write timestamped events (requests, keys, paints) to FILE\n"
	      "  --version          print the version and the libraries' versions, then exit\n"
	      "  --help             print this help, then exit\n"
	      "\n"
	      "Subcommands for scripts (vdktop help SUBCOMMAND; global options before or after):\n"
	      "  vdktop jobs [--json] [--failed|--running] [FILTER]\n"
	      "  vdktop runs [--failed|--running] [--since AGE] [--job NAME] [--json]\n"
	      "  vdktop logs JOB [EXECUTION] [-f] [--tail N] [--no-timestamps]\n"
	      "  vdktop run JOB [--args JSON] [--wait] [-f]\n"
	      "  vdktop deploy DIR [--python VERSION] [--disabled] [--wait]\n"
	      "  vdktop cancel JOB EXECUTION | enable JOB | disable JOB\n"
	      "  vdktop properties JOB [--json] [--get KEY] [--set KEY=VALUE]... [--delete KEY]...\n"
	      "                    [--overwrite FILE|-]\n"
	      "  vdktop secrets JOB [--json] [--reveal] [--set-prompt KEY]... [--delete KEY]...\n"
	      "\n"
	      "Keys: press ? inside vdktop. Exit status: 0 ok, 1 connection error, 2 usage or config error;\n"
	      "the subcommands add 3 user_error, 4 platform_error, 5 cancelled or skipped, 6 not found,\n"
	      "7 read-only, 8 refused by the service, 9 deploy not live in time (vdktop help).\n",
	      out);
}

static void version(void)
{
	printf("vdktop %s\n", VDKTOP_VERSION);
	printf("  %s\n", curl_version());
	printf("  json-c %s\n", json_c_version());
	printf("  %s\n", curses_version());
	printf("  libconfig %d.%d.%d\n", LIBCONFIG_VER_MAJOR, LIBCONFIG_VER_MINOR, LIBCONFIG_VER_REVISION);
	printf("  libzip %s\n", zip_libzip_version());
	/* inih has no run-time version call: the one it was built against. */
	printf("  inih %s\n", *VDKTOP_INIH_VERSION ? VDKTOP_INIH_VERSION : "(version unknown)");
}

static int parse_refresh(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (end == s || *end || v < 1 || v > 3600)
		return -2;
	return (int)v;
}

/* How the service's TLS is checked: shown by --check, since insecure
 * silently accepting any certificate is what it must not be. */
static const char *tls_text(const struct context *ctx)
{
	if (strncasecmp(ctx->url, "https://", 8) != 0)
		return "none (plain http)";
	if (ctx->insecure)
		return "NOT VERIFIED (insecure = true: any certificate is accepted; "
		       "the token endpoint is still verified)";
	return ctx->ca_file ? "verified (ca_file)" : "verified";
}

/* One info call: what `vdktop --check` prints. Every value but the labels
 * comes from outside (the server, the config file, the command line), so
 * each is printed as one sanitised field: no escape sequence reaches the
 * terminal and no value can forge a line such as "team:" or "auth:". */
static void check_line(const char *label, const char *value)
{
	fputs(label, stdout);
	fputs(": ", stdout);
	sanitize_fputs(stdout, value, SAN_OUT_LINE);
	fputc('\n', stdout);
}

static int check(const struct config *cfg)
{
	const struct context *ctx = config_context(cfg);
	struct auth *auth = NULL;
	char *err = NULL;
	struct http_client *http = conn_client(cfg, ctx, &auth, &err);
	char *host = conn_host(ctx->url);
	if (!http) {
		sanitize_fprintf(stderr, SAN_OUT_LINE, "vdktop: %s\n", err ? err : "cannot set up the connection");
		free(err);
		free(host);
		return EXIT_USAGE;
	}
	struct api_target t = {ctx->url, ctx->team};
	struct api_info *info = NULL;
	struct api_error e = {0};
	int rc;
	char *shown = transport_redact_url(ctx->url);
	if (api_info(http, &t, &info, &e) == 0) {
		check_line("service", shown);
		check_line("tls", tls_text(ctx));
		check_line("api version", info && info->api_version ? info->api_version : "unknown");
		char *py = info ? strlist_join(&info->python_versions, ", ") : xstrdup("");
		check_line("python versions", *py ? py : "none reported");
		check_line("team", str_empty(ctx->team) ? "*" : ctx->team);
		check_line("auth", auth ? auth_describe(auth) : "no token");
		free(py);
		rc = EXIT_OK;
	} else {
		if (ctx->insecure)
			fprintf(stderr, "vdktop: tls: %s\n", tls_text(ctx));
		if (e.http_status == 401 || e.http_status == 403)
			/* The service answered: the network is fine, the token is not. */
			sanitize_fprintf(stderr, SAN_OUT_LINE,
					 "vdktop: reached %s, but it refused the token (HTTP %ld); auth: %s\n", host,
					 e.http_status, auth ? auth_describe(auth) : "no token");
		else
			sanitize_fprintf(stderr, SAN_OUT_LINE, "vdktop: cannot reach %s: %s\n", host,
					 e.message ? e.message : "unknown error");
		rc = EXIT_RUNTIME;
	}
	free(shown);
	api_info_free(info);
	api_error_clear(&e);
	http_client_free(http);
	auth_free(auth);
	free(host);
	return rc;
}

/* A core file would hold the token (and whatever else was in memory): none
 * by default, soft and hard limit, unless VDKTOP_CORE_DUMPS=1 asks for the
 * shell's limit to be kept for debugging. */
static void core_dumps_off(void)
{
	const char *keep = getenv("VDKTOP_CORE_DUMPS");
	if (keep && strcmp(keep, "1") == 0)
		return;
	struct rlimit rl = {0, 0};
	if (setrlimit(RLIMIT_CORE, &rl) != 0)
		fputs("vdktop: warning: cannot turn core dumps off\n", stderr);
}

int main(int argc, char **argv)
{
	core_dumps_off();
	setlocale(LC_ALL, "");
	if (cli_wanted(argc, argv))
		return cli_main(argc, argv);
	struct config_overrides ov = {.no_color = -1, .read_only = -1, .refresh_s = -1};
	bool do_check = false, do_paths = false;
	const char *trace_path = NULL;
	int c;
	/* Our own one-line messages, not getopt's and the whole usage. */
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", long_opts, NULL)) != -1) {
		switch (c) {
		case OPT_URL: ov.url = optarg; break;
		case OPT_TEAM: ov.team = optarg; break;
		case OPT_CONTEXT: ov.context = optarg; break;
		case OPT_CONFIG: ov.config_path = optarg; break;
		case OPT_THEME: ov.theme = optarg; break;
		case OPT_NO_COLOR: ov.no_color = 1; break;
		case OPT_READ_ONLY: ov.read_only = 1; break;
		case OPT_REFRESH:
			ov.refresh_s = parse_refresh(optarg);
			if (ov.refresh_s < 0) {
				sanitize_fprintf(stderr, SAN_OUT_LINE,
						 "vdktop: --refresh wants whole seconds between 1 and 3600, not \"%s\"\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case OPT_CHECK: do_check = true; break;
		case OPT_PATHS: do_paths = true; break;
		case OPT_TRACE: trace_path = optarg; break;
		case OPT_VERSION: version(); return EXIT_OK;
		case 'h':
		case OPT_HELP: usage(stdout); return EXIT_OK;
		case ':':
			sanitize_fprintf(stderr, SAN_OUT_LINE, "vdktop: %s needs a value (see vdktop --help)\n",
					 argv[optind - 1]);
			return EXIT_USAGE;
		default:
			if (optopt)
				sanitize_fprintf(stderr, SAN_OUT_LINE, "vdktop: unknown option -%c (see vdktop --help)\n",
						 optopt);
			else
				sanitize_fprintf(stderr, SAN_OUT_LINE, "vdktop: unknown option %s (see vdktop --help)\n",
						 argv[optind - 1]);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		sanitize_fprintf(stderr, SAN_OUT_LINE, "vdktop: unexpected argument \"%s\" (see vdktop --help)\n",
				 argv[optind]);
		return EXIT_USAGE;
	}

	struct config cfg;
	char *err = NULL;
	int rc = config_load(&cfg, &ov, &err);
	for (size_t i = 0; i < cfg.warnings.n; i++)
		sanitize_fprintf(stderr, SAN_OUT_LINE, "vdktop: warning: %s\n", cfg.warnings.v[i]);
	if (do_paths) {
		config_print_paths(&cfg, stdout);
		config_free(&cfg);
		free(err);
		return EXIT_OK;
	}
	if (rc < 0) {
		/* the missing-URL error lists its remedies on lines of their own */
		sanitize_fprintf(stderr, SAN_OUT_TEXT, "vdktop: %s\n", err ? err : "configuration error");
		free(err);
		config_free(&cfg);
		return EXIT_USAGE;
	}
	if (ov.theme && theme_check_name(ov.theme, &err) < 0) {
		/* Like every other bad option: before the screen is taken. */
		sanitize_fprintf(stderr, SAN_OUT_LINE, "vdktop: --theme: %s\n", err);
		free(err);
		config_free(&cfg);
		return EXIT_USAGE;
	}
	if (do_check) {
		/* The key bindings too: the dashboard would only warn. */
		char *kerr = NULL;
		keymap_free(keymap_new(&cfg, &kerr));
		if (kerr) {
			sanitize_fprintf(stderr, SAN_OUT_LINE, "vdktop: %s\n", kerr);
			free(kerr);
			config_free(&cfg);
			return EXIT_USAGE;
		}
		rc = check(&cfg);
		config_free(&cfg);
		return rc;
	}
	if (trace_path && trace_open(trace_path, &err) < 0) {
		sanitize_fprintf(stderr, SAN_OUT_LINE, "vdktop: %s\n", err);
		free(err);
		config_free(&cfg);
		return EXIT_USAGE;
	}
	rc = ui_main(&cfg, &err);
	if (rc < 0) {
		sanitize_fprintf(stderr, SAN_OUT_LINE, "vdktop: %s\n", err ? err : "cannot start");
		free(err);
		trace_discard();
		config_free(&cfg);
		return EXIT_USAGE;
	}
	trace_close();
	config_free(&cfg);
	return rc;
}
