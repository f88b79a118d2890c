/* The properties view and the secrets view of one job (props_view.c): a
 * table of key, value and JSON type, sorted by key, with the / filter and
 * the selected value in full below it. The secrets view masks every value
 * (length hidden too) except the one revealed with R, until the view is
 * left. What the write flows (action_props.c) ask of it. */
#ifndef VDKTOP_UI_PROPS_VIEW_H
#define VDKTOP_UI_PROPS_VIEW_H

#include <stdbool.h>

#include "propmap.h"
#include "ui/view.h"

struct app;

/* secret: the secrets view. */
struct view *props_view_new(struct app *a, const char *team, const char *job, bool secret);
bool props_view_secret(const struct view *v);
const char *props_view_team(const struct view *v);
const char *props_view_job(const struct view *v);
/* The map as shown (NULL until loaded). */
const struct propmap *props_view_map(const struct view *v);
/* The selected key, or NULL. */
const char *props_view_selected(const struct view *v);
/* After a write: select key when it is there once the map is re-read. */
void props_view_after_write(struct view *v, const char *key);

/* The masked form of every secret value: the same whatever its length. */
const char *props_mask(void);

#endif
