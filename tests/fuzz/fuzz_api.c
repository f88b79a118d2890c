/* libFuzzer target: every REST/GraphQL response parser of the API layer on
 * arbitrary bodies, statuses, content types and Location headers.
 * Input: byte 0 picks the parser, the rest is a response (fuzz_common.h).
 * Invariants: no crash or leak; an error always has a message; a success
 * hands back what the parser promises (non-NULL where documented).
 */
// deps: util model timefmt gql jsonread http http_fail http_msg auth safefile api api_error api_parse jdoc logstream logscan logtext logline auth_exchange transport
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	unsigned which = data[0];
	struct http_response r;
	fuzz_response(&r, data + 1, size - 1);
	struct api_error e = { 0 };
	int rc;
	switch (which % 20) {
	case 0: {
		struct api_info *v = NULL;
		rc = api_info_parse(&r, &v, &e);
		FUZZ_CHECK(rc != 0 || v);
		if (v)
			FUZZ_CHECK(v->python_versions.n == 0 || v->python_versions.v[0]);
		api_info_free(v);
		break;
	}
	case 1: {
		struct job_page *v = NULL;
		rc = api_jobs_parse(&r, &v, &e);
		FUZZ_CHECK(rc != 0 || v);
		if (v)
			FUZZ_CHECK(v->n == 0 || v->jobs);
		job_page_free(v);
		break;
	}
	case 2: {
		struct execution_list *v = NULL;
		rc = api_job_executions_parse(&r, &v, &e);
		FUZZ_CHECK(rc != 0 || v);
		execution_list_free(v);
		break;
	}
	case 3: {
		struct job *v = NULL;
		rc = api_job_get_parse(&r, &v, &e);
		FUZZ_CHECK(rc != 0 || v);
		if (v) {
			job_clear(v);
			free(v);
		}
		break;
	}
	case 4:
		rc = api_job_create_parse(&r, &e);
		break;
	case 5:
		rc = api_job_update_parse(&r, &e);
		break;
	case 6:
		rc = api_job_delete_parse(&r, &e);
		break;
	case 7: {
		char *v = NULL;
		size_t n = 0;
		rc = api_keytab_parse(&r, &v, &n, &e);
		FUZZ_CHECK(rc != 0 || v);
		free(v);
		break;
	}
	case 8: {
		struct deployment *v = NULL;
		rc = api_deployments_parse(&r, &v, &e);
		deployment_free(v);
		break;
	}
	case 9: {
		struct deployment *v = NULL;
		rc = api_deployment_get_parse(&r, &v, &e);
		FUZZ_CHECK(rc != 0 || v);
		deployment_free(v);
		break;
	}
	case 10:
		rc = api_deploy_parse(&r, &e);
		break;
	case 11:
		rc = api_deployment_patch_parse(&r, &e);
		break;
	case 12:
		rc = api_deployment_delete_parse(&r, &e);
		break;
	case 13: {
		struct execution_list *v = NULL;
		rc = api_executions_parse(&r, &v, &e);
		FUZZ_CHECK(rc != 0 || v);
		execution_list_free(v);
		break;
	}
	case 14: {
		struct execution *v = NULL;
		rc = api_execution_get_parse(&r, &v, &e);
		FUZZ_CHECK(rc != 0 || v);
		if (v) {
			execution_clear(v);
			free(v);
		}
		break;
	}
	case 15: {
		char *id = NULL;
		rc = api_execution_start_parse(&r, &id, &e);
		FUZZ_CHECK(rc != 0 || (id && id[0] && !strchr(id, '/')));
		free(id);
		break;
	}
	case 16:
		rc = api_execution_cancel_parse(&r, &e);
		break;
	case 17: {
		char *v = NULL;
		size_t n = 0;
		rc = api_logs_parse(&r, &v, &n, &e);
		FUZZ_CHECK(rc != 0 || (v && strlen(v) <= n));
		free(v);
		break;
	}
	case 18: {
		char *v = NULL;
		rc = api_properties_get_parse(&r, &v, &e);
		FUZZ_CHECK(rc != 0 || v);
		free(v);
		rc = rc ? rc : api_properties_put_parse(&r, &e);
		break;
	}
	default: {
		char *v = NULL;
		rc = api_sources_upload_parse(&r, &v, &e);
		FUZZ_CHECK(rc != 0 || v);
		free(v);
		break;
	}
	}
	fuzz_check_error(rc, &e);
	api_error_clear(&e);
	http_response_clear(&r);
	return 0;
}
