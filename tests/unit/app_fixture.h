/* An app core without a terminal, for the unit tests that drive it: one
 * context on a port nothing listens on (a request that does go out fails
 * at once), short timeouts, a small body cap. The fixture owns the
 * configuration the app points into, so it outlives the app. */
#ifndef VDKTOP_TEST_APP_FIXTURE_H
#define VDKTOP_TEST_APP_FIXTURE_H

#include "config.h"
#include "ui/app.h"

struct app_fixture {
	struct config cfg;
	struct context ctx;
};

__attribute__((unused)) static struct app *app_fixture_new(struct app_fixture *fx)
{
	fx->ctx = (struct context){.name = "test", .url = "http://127.0.0.1:9", .token = "unit-test-token"};
	fx->cfg.contexts = &fx->ctx;
	fx->cfg.n_contexts = 1;
	fx->cfg.refresh_s = 10;
	fx->cfg.connect_timeout_s = 1;
	fx->cfg.timeout_s = 1;
	fx->cfg.max_body_mb = 1;
	fx->cfg.deploy_timeout_s = 60;
	char *err = NULL;
	struct app *a = app_new(&fx->cfg, &err);
	if (!a)
		fail_msg("app_new: %s", err ? err : "?");
	return a;
}

#endif
