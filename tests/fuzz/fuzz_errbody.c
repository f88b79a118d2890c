/* libFuzzer target: api_error_from_response over arbitrary error bodies
 * (ErrorMessage JSON, GraphQL errors, Spring errors, HTML from a proxy,
 * plain text, empty), every status and every operation's wording.
 * Invariants: there is always a message, it is one line (no newline) of
 * bounded length, and the status is kept.
 */
// deps: util model timefmt gql jsonread http http_fail http_msg auth safefile api api_error api_parse jdoc logstream logscan logtext logline auth_exchange transport
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const contexts[] = { "info", "jobs", "job", "create", "update", "delete", "keytab",
					"deployments", "deploy", "patch", "undeploy", "executions", "execution",
					"start", "cancel", "logs", "properties", "sources", "other", NULL };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const char *ctx = contexts[data[0] % (sizeof(contexts) / sizeof(contexts[0]))];
	struct http_response r;
	fuzz_response(&r, data + 1, size - 1);
	struct api_error e = { 0 };
	api_error_from_response(&e, &r, ctx);
	FUZZ_CHECK(e.message && e.message[0]);
	FUZZ_CHECK(!strchr(e.message, '\n'));
	FUZZ_CHECK(strlen(e.message) <= 4096);
	if (r.status != 0 && !r.too_large)
		FUZZ_CHECK(e.http_status == r.status);
	/* Reusing one api_error must not leak or keep stale text. */
	api_error_from_response(&e, &r, ctx);
	FUZZ_CHECK(e.message != NULL);
	api_error_clear(&e);
	FUZZ_CHECK(e.message == NULL && e.what == NULL);
	http_response_clear(&r);
	return 0;
}
