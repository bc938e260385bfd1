/*
 * Built-in target: the 2-D Rosenbrock "banana" of Goodman & Weare (2010, Sec. 4),
 * ln p(x, y) = -[b (y - x^2)^2 + (a - x)^2] / s   (a = 1, b = 100, s = 20 in that paper).
 * Its marginals are known in closed form: x ~ N(a, s/2) and y | x ~ N(x^2, s/(2b)), so
 * E[x] = a, Var[x] = v = s/2, E[y] = a^2 + v, Var[y] = 4 a^2 v + 2 v^2 + s/(2b) (the tests use these).
 */
#include <stdlib.h>

#include "sampler_internal.h"

typedef struct {
  double a, b, s;
} rosenbrock_t;

static const char *const rosenbrock_names[] = {"x", "y"};

static int rosenbrock_lnl(const jv_model_t *m, void *ws, const double *theta, double *lnl, double *blobs,
                          jv_error_t *err) {
  const rosenbrock_t *r = m->data;
  double u = theta[1] - theta[0] * theta[0], v = r->a - theta[0];
  *lnl = -(r->b * u * u + v * v) / r->s;
  return JV_OK;
}

int jv_target_rosenbrock(jv_config_t *cfg, jv_model_t *m, jv_error_t *err) {
  rosenbrock_t *r;
  JV_ALLOC(err, r, 1);
  int status = JV_OK;
  JV_TRY_GOTO(err, status, fail, jv_config_get_double_or(cfg, "model.a", 1.0, &r->a, err));
  JV_TRY_GOTO(err, status, fail, jv_config_get_double_or(cfg, "model.b", 100.0, &r->b, err));
  JV_TRY_GOTO(err, status, fail, jv_config_get_double_or(cfg, "model.s", 20.0, &r->s, err));
  if (!(r->b > 0) || !(r->s > 0)) {
    status = jv_error_set(err, JV_EINPUT, __func__, __LINE__, "model.b = %g and model.s = %g must be > 0", r->b, r->s);
    goto fail;
  }
  *m = (jv_model_t){.name = "rosenbrock",
                    .ndim = 2,
                    .param_names = rosenbrock_names,
                    .log_likelihood = rosenbrock_lnl,
                    .data = r,
                    .data_free = free};
  return JV_OK;
fail:
  free(r);
  return status;
}
