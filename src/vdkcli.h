/* What the official vdk CLI already knows about the Control Service, so a
 * VDK user starts vdktop with nothing to configure (api-notes §6.2, §6.3). */
#ifndef VDKTOP_VDKCLI_H
#define VDKTOP_VDKCLI_H

#include "util.h"

struct vdkcli_settings {
	char *url;        /* NULL when the CLI has none */
	char *url_source; /* "VDK_CONTROL_SERVICE_REST_API_URL" or the ini path */
	char *team;       /* [defaults] team-name, NULL when unset */
	char *ini_path;   /* the vdk-configuration.ini consulted */
	char *cred_path;  /* the vdk-cred.json the CLI caches tokens in */
	bool ini_found;
	struct strlist warnings; /* unreadable or malformed ini */
};

/* <base>/.vdk.internal/vdk-cred.json, base being $VDK_BASE_CONFIG_FOLDER,
 * else $HOME, else the passwd entry; owned. */
char *vdkcli_cred_path(void);

/* Reads the environment and the ini. Never fails: a missing or broken ini
 * leaves fields NULL (with a warning for a broken one). */
void vdkcli_read(struct vdkcli_settings *s);
void vdkcli_free(struct vdkcli_settings *s);

#endif
