/* The create action's form without the app or a terminal: its fields,
 * their checks as the user types (name rule, cron with its next runs,
 * e-mail lists, the keytab file), and the request submitting sends.
 * action_create.c shows it and sends it. */
#ifndef VDKTOP_UI_CREATE_FORM_H
#define VDKTOP_UI_CREATE_FORM_H

#include <stdbool.h>
#include <time.h>

#include "ui/form.h"

struct wreq;

/* team: the field's first value; typed: the name is typed again to
 * confirm (the context asks for it). */
struct form *create_form_new(const char *team, bool typed);
/* The checks; the schedule's next runs are counted from now. */
void create_form_check(struct form *f, time_t now);
/* The POST of the job the form describes (owned by the caller). */
struct wreq *create_form_request(const struct form *f);
/* The file to save the new job's keytab to, or NULL. */
const char *create_form_keytab_path(const struct form *f);

#endif
