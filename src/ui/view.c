/* A view's allocation: what every view constructor starts from. */
#include "ui/view.h"

#include "ui/app.h"

struct view *view_new(struct app *a, const struct view_ops *ops, void *priv)
{
	struct view *v = xcalloc(1, sizeof *v);
	v->ops = ops;
	v->app = a;
	v->id = app_new_id(a);
	v->priv = priv;
	v->dirty = true;
	return v;
}
