/*
 * Priors on one parameter, normalised densities (so ln p sums are true log densities):
 *   uniform a b          1/(b - a) on [a, b]
 *   normal mu s          N(mu, s^2)
 *   truncnormal mu s a b N(mu, s^2) restricted to [a, b], divided by Phi(b') - Phi(a'), x' = (x - mu)/s
 *   loguniform a b       1/(x ln(b/a)) on [a, b], 0 < a < b (flat in ln x)
 * Specifications are "kind v1 v2 ..." with spaces or commas, "kind(v1, v2)" also accepted.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "sampler_internal.h"

static const struct {
  const char *name;
  int kind, nargs;
  const char *usage;
} prior_kinds[] = {
    {"uniform", JV_PRIOR_UNIFORM, 2, "uniform LOW HIGH"},
    {"normal", JV_PRIOR_NORMAL, 2, "normal MEAN SIGMA"},
    {"truncnormal", JV_PRIOR_TRUNCNORMAL, 4, "truncnormal MEAN SIGMA LOW HIGH"},
    {"loguniform", JV_PRIOR_LOGUNIFORM, 2, "loguniform LOW HIGH"},
};
#define N_PRIOR_KINDS (sizeof prior_kinds / sizeof prior_kinds[0])

static const double ln_sqrt_2pi = 0.91893853320467274178;

int jv_prior_parse(const char *spec, const char *what, jv_prior_t *p, jv_error_t *err) {
  char buf[256];
  snprintf(buf, sizeof buf, "%s", spec);
  for (char *c = buf; *c; ++c)
    if (*c == '(' || *c == ')' || *c == ',') *c = ' ';
  char *save = NULL, *word = strtok_r(buf, " \t", &save);
  if (word == NULL) JV_FAIL(err, JV_EINPUT, "prior of '%s' is empty", what);
  size_t k = 0;
  while (k < N_PRIOR_KINDS && strcmp(prior_kinds[k].name, word) != 0) k++;
  if (k == N_PRIOR_KINDS)
    JV_FAIL(err, JV_EINPUT, "prior of '%s': unknown kind '%s' (uniform, normal, truncnormal, loguniform)", what, word);
  double v[4];
  int n = 0;
  for (char *tok = strtok_r(NULL, " \t", &save); tok != NULL; tok = strtok_r(NULL, " \t", &save)) {
    char *end;
    if (n == 4) JV_FAIL(err, JV_EINPUT, "prior of '%s': too many numbers in '%s' (%s)", what, spec, prior_kinds[k].usage);
    v[n] = strtod(tok, &end);
    if (end == tok || *end != '\0' || !isfinite(v[n]))
      JV_FAIL(err, JV_EINPUT, "prior of '%s': '%s' is not a finite number", what, tok);
    n++;
  }
  if (n != prior_kinds[k].nargs)
    JV_FAIL(err, JV_EINPUT, "prior of '%s' = '%s' needs %d numbers: %s", what, spec, prior_kinds[k].nargs,
            prior_kinds[k].usage);
  memset(p, 0, sizeof *p);
  p->kind = prior_kinds[k].kind;
  p->lo = -INFINITY;
  p->hi = INFINITY;
  switch (p->kind) {
  case JV_PRIOR_UNIFORM:
  case JV_PRIOR_LOGUNIFORM:
    p->lo = v[0];
    p->hi = v[1];
    break;
  default:
    p->mu = v[0];
    p->sigma = v[1];
    if (p->kind == JV_PRIOR_TRUNCNORMAL) {
      p->lo = v[2];
      p->hi = v[3];
    }
    if (!(p->sigma > 0)) JV_FAIL(err, JV_EINPUT, "prior of '%s': sigma = %g must be > 0", what, p->sigma);
  }
  if (!(p->lo < p->hi))
    JV_FAIL(err, JV_EINPUT, "prior of '%s': bounds reversed or empty (low %g >= high %g)", what, p->lo, p->hi);
  switch (p->kind) {
  case JV_PRIOR_UNIFORM: p->ln_norm = -log(p->hi - p->lo); break;
  case JV_PRIOR_NORMAL: p->ln_norm = -log(p->sigma) - ln_sqrt_2pi; break;
  case JV_PRIOR_TRUNCNORMAL: {
    double a = (p->lo - p->mu) / p->sigma, b = (p->hi - p->mu) / p->sigma;
    /* mass of [a, b] under N(0,1), from the tail that keeps precision */
    double mass = a > 0 ? gsl_cdf_ugaussian_Q(a) - gsl_cdf_ugaussian_Q(b) : gsl_cdf_ugaussian_P(b) - gsl_cdf_ugaussian_P(a);
    if (!(mass > 0))
      JV_FAIL(err, JV_EINPUT, "prior of '%s': [%g, %g] holds no mass of N(%g, %g^2)", what, p->lo, p->hi, p->mu,
              p->sigma);
    p->ln_norm = -log(p->sigma) - ln_sqrt_2pi - log(mass);
    break;
  }
  case JV_PRIOR_LOGUNIFORM:
    if (!(p->lo > 0)) JV_FAIL(err, JV_EINPUT, "prior of '%s': log-uniform needs low > 0, got %g", what, p->lo);
    p->ln_norm = -log(log(p->hi / p->lo));
    break;
  }
  return JV_OK;
}

double jv_prior_log_pdf(const jv_prior_t *p, double x) {
  if (!(x >= p->lo && x <= p->hi)) return -INFINITY;
  switch (p->kind) {
  case JV_PRIOR_UNIFORM: return p->ln_norm;
  case JV_PRIOR_LOGUNIFORM: return p->ln_norm - log(x);
  default: {
    double z = (x - p->mu) / p->sigma;
    return p->ln_norm - 0.5 * z * z;
  }
  }
}

void jv_prior_describe(const jv_prior_t *p, char *buf, size_t size) {
  switch (p->kind) {
  case JV_PRIOR_UNIFORM: snprintf(buf, size, "uniform(%.17g, %.17g)", p->lo, p->hi); break;
  case JV_PRIOR_LOGUNIFORM: snprintf(buf, size, "loguniform(%.17g, %.17g)", p->lo, p->hi); break;
  case JV_PRIOR_NORMAL: snprintf(buf, size, "normal(%.17g, %.17g)", p->mu, p->sigma); break;
  default: snprintf(buf, size, "truncnormal(%.17g, %.17g, %.17g, %.17g)", p->mu, p->sigma, p->lo, p->hi);
  }
}

int jv_priors_from_config(jv_config_t *cfg, const jv_model_t *m, jv_prior_t **priors, jv_error_t *err) {
  jv_prior_t *p;
  *priors = NULL;
  JV_ALLOC(err, p, m->ndim);
  int status = JV_OK;
  const char *def = NULL;
  JV_TRY_GOTO(err, status, fail, jv_config_get_string_or(cfg, "prior.default", NULL, &def, err));
  for (int i = 0; i < m->ndim; ++i) {
    char key[300];
    const char *spec = def;
    snprintf(key, sizeof key, "prior.%s", m->param_names[i]);
    if (jv_config_has(cfg, key) || def == NULL) JV_TRY_GOTO(err, status, fail, jv_config_get_string(cfg, key, &spec, err));
    JV_TRY_GOTO(err, status, fail, jv_prior_parse(spec, m->param_names[i], &p[i], err));
  }
  *priors = p;
  return JV_OK;
fail:
  free(p);
  return status;
}
