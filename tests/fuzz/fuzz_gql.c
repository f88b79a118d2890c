/* libFuzzer target: the GraphQL answer parsers (the jobs page and a job's
 * root executions) on arbitrary bodies. Byte 0 picks the parser; the body
 * always comes as a 200 JSON answer so the fuzzer spends its time inside
 * the GraphQL reader rather than the error paths (fuzz_api covers those).
 * Invariants: a page's count fits what it holds, nested executions and
 * deployments are consistent, enums read as known values or "unknown".
 */
// deps: util model timefmt gql jsonread http http_fail http_msg auth safefile api api_error api_parse jdoc logstream logscan logtext logline auth_exchange transport
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_exec(const struct execution *x)
{
	FUZZ_CHECK(exec_status_name(x->status) != NULL);
	FUZZ_CHECK(exec_type_name(x->type) != NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	struct http_response r;
	http_response_init(&r);
	r.status = 200;
	r.content_type = xstrdup("application/json");
	strbuf_append(&r.body, data + 1, size - 1);
	struct api_error e = { 0 };
	int rc;
	if (data[0] & 1) {
		struct job_page *p = NULL;
		rc = api_jobs_parse(&r, &p, &e);
		FUZZ_CHECK(rc != 0 || p);
		for (size_t i = 0; p && i < p->n; i++) {
			const struct job *j = &p->jobs[i];
			FUZZ_CHECK(j->n_executions == 0 || j->executions);
			for (size_t k = 0; k < j->n_executions; k++)
				check_exec(&j->executions[k]);
		}
		job_page_free(p);
	} else {
		struct execution_list *l = NULL;
		rc = api_job_executions_parse(&r, &l, &e);
		FUZZ_CHECK(rc != 0 || l);
		for (size_t i = 0; l && i < l->n; i++)
			check_exec(&l->v[i]);
		execution_list_free(l);
	}
	fuzz_check_error(rc, &e);
	api_error_clear(&e);
	http_response_clear(&r);
	return 0;
}
