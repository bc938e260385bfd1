/*
 * Built-in target: a two-component Gaussian mixture in N dimensions,
 * p(x) = w N(x; +d/2 e_1, s^2 I) + (1 - w) N(x; -d/2 e_1, s^2 I),
 * the modes d apart along the first axis. ln p is computed with log-sum-exp so that far from
 * both modes it stays finite. Blob: the probability that x belongs to the + mode.
 */
#include <math.h>
#include <stdlib.h>

#include "sampler_internal.h"

typedef struct {
  int ndim;
  double half_sep, sigma, ln_w, ln_1mw;
  char **names;
} bimodal_t;

static const char *const bimodal_blobs[] = {"p_plus"};

static void bimodal_free(void *data) {
  bimodal_t *b = data;
  if (b == NULL) return;
  free(b->names);
  free(b);
}

static int bimodal_lnl(const jv_model_t *m, void *ws, const double *theta, double *lnl, double *blobs,
                       jv_error_t *err) {
  const bimodal_t *b = m->data;
  double rest = 0.0;
  for (int i = 1; i < b->ndim; ++i) rest += theta[i] * theta[i];
  double dp = theta[0] - b->half_sep, dm = theta[0] + b->half_sep;
  double inv2s2 = 0.5 / (b->sigma * b->sigma);
  double lp = b->ln_w - (dp * dp + rest) * inv2s2;
  double lm = b->ln_1mw - (dm * dm + rest) * inv2s2;
  double hi = lp > lm ? lp : lm;
  double lse = hi + log(exp(lp - hi) + exp(lm - hi));
  *lnl = lse;
  blobs[0] = exp(lp - lse);
  return JV_OK;
}

int jv_target_bimodal(jv_config_t *cfg, jv_model_t *m, jv_error_t *err) {
  long ndim;
  double sep, w;
  JV_TRY(err, jv_config_get_int(cfg, "model.ndim", &ndim, err));
  if (ndim < 1 || ndim > 1000) JV_FAIL(err, JV_EINPUT, "model.ndim = %ld must be in 1..1000", ndim);
  bimodal_t *b;
  JV_ALLOC(err, b, 1);
  int status = JV_OK;
  b->ndim = (int)ndim;
  JV_TRY_GOTO(err, status, fail, jv_config_get_double(cfg, "model.separation", &sep, err));
  JV_TRY_GOTO(err, status, fail, jv_config_get_double_or(cfg, "model.sigma", 1.0, &b->sigma, err));
  JV_TRY_GOTO(err, status, fail, jv_config_get_double_or(cfg, "model.weight", 0.5, &w, err));
  if (!(b->sigma > 0) || !(w > 0 && w < 1) || !(sep >= 0)) {
    status = jv_error_set(err, JV_EINPUT, __func__, __LINE__,
                          "model.sigma = %g must be > 0, model.weight = %g in (0, 1), model.separation = %g >= 0",
                          b->sigma, w, sep);
    goto fail;
  }
  b->half_sep = 0.5 * sep;
  b->ln_w = log(w);
  b->ln_1mw = log1p(-w);
  JV_TRY_GOTO(err, status, fail, jv_sampler_make_names(b->ndim, "x", &b->names, err));
  *m = (jv_model_t){.name = "bimodal",
                    .ndim = b->ndim,
                    .nblobs = 1,
                    .param_names = (const char *const *)b->names,
                    .blob_names = bimodal_blobs,
                    .log_likelihood = bimodal_lnl,
                    .data = b,
                    .data_free = bimodal_free};
  return JV_OK;
fail:
  bimodal_free(b);
  return status;
}
