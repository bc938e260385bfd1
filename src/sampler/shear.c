/*
 * Moves in sheared coordinates (jovis form; the map is ours, the idea that an affine-invariant
 * sampler only needs the posterior to be close to affine in some coordinates is Goodman & Weare
 * 2010, Sec. 2). A posterior that the data squeeze onto a thin, bent sheet defeats the stretch
 * and DE moves: a straight line between two walkers leaves the sheet unless they are close. If
 * the sheet is nearly the graph theta_t = G(other parameters) of a polynomial G, the map
 *
 *   u_i = (theta_i - c_i) / s_i                                   (standardise; constant Jacobian)
 *   v_t = u_t - g_t(u_r : r not in {t_1 .. t_j}),   t = t_j,  j = 1 .. K   (targets, in order)
 *   v_i = u_i                                                     (every other parameter)
 *
 * with g_t a full polynomial of degree 2, 3 or 4, turns the sheet into a flat slab, which the moves cross as
 * easily as any correlated Gaussian. g_{t_j} reads only the parameters after t_j in the order
 * (t_1, .., t_K, the rest), so dv/du is unit triangular: det = 1, p_v(v) = p_theta(theta(v)) times
 * a constant, and the stretch factor z^(d-1) and DE's symmetry hold in v unchanged. The walkers'
 * positions stay in theta (chain, resume and analysis see no difference); only proposals are
 * made in v. Inverse: theta_{t_j} for j = K .. 1, each from parameters already known.
 *
 * Features of g over the n parameters it reads, r_1 < .. < r_n in the model's order:
 *   1, u_{r_1} .. u_{r_n}, then u_{r_a} u_{r_b} for a <= b, then (degree 3) u_{r_a} u_{r_b} u_{r_c}
 *   for a <= b <= c, then (degree 4) the products of four, each group in lexicographic order:
 *   C(n + degree, degree) numbers.
 * analysis/shear_fit.py fits them to a pilot chain (least squares) and prints the INI keys. On the
 * interior posterior of docs/interior_mcmc.md a quadratic leaves the core mass 0.0062 of its sd
 * off the sheet, a cubic 0.0022 (about the sheet's own thickness), a quartic 0.0020.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sampler_internal.h"

#define JV_MAX_SHEAR 8 /* targets at most */

struct jv_shear {
  int ndim, ntargets, degree;
  int target[JV_MAX_SHEAR];   /* parameter index of t_1 .. t_K */
  int nread[JV_MAX_SHEAR];    /* n: parameters g_{t_j} reads */
  int *reads[JV_MAX_SHEAR];   /* their indices, in the model's order */
  double *coef[JV_MAX_SHEAR]; /* jv_shear_ncoef(n, degree) each */
  double *center, *scale;      /* [ndim] */
};

int jv_shear_ncoef(int n, int degree) { /* C(n + degree, degree) */
  long c = 1;
  for (int k = 1; k <= degree; ++k) c = c * (n + k) / k;
  return (int)c;
}

/*
 * The terms of degree `left` more factors u_{r_a} with a >= from, each times `prod`, taking their
 * coefficients from *c in lexicographic order of (a <= b <= ..): the order of
 * itertools.combinations_with_replacement that analysis/shear_fit.py uses.
 */
static double terms(const double *u, const int *reads, int n, int from, int left, double prod, const double **c) {
  if (left == 0) return *(*c)++ * prod;
  double g = 0.0;
  for (int a = from; a < n; ++a) g += terms(u, reads, n, a, left - 1, prod * u[reads[a]], c);
  return g;
}

static double polynomial(const jv_shear_t *sh, int j, const double *u) {
  const double *c = sh->coef[j];
  double g = 0.0;
  for (int d = 0; d <= sh->degree; ++d) g += terms(u, sh->reads[j], sh->nread[j], 0, d, 1.0, &c);
  return g;
}

void jv_shear_free(jv_shear_t *sh) {
  if (sh == NULL) return;
  for (int j = 0; j < sh->ntargets; ++j) {
    free(sh->reads[j]);
    free(sh->coef[j]);
  }
  free(sh->center);
  free(sh->scale);
  free(sh);
}

static int find_param(const jv_model_t *m, const char *name) {
  for (int i = 0; i < m->ndim; ++i)
    if (!strcmp(m->param_names[i], name)) return i;
  return -1;
}

/* The targets from "sampler.shear = a, b": known parameter names, no repeats, fewer than ndim. */
static int read_targets(jv_config_t *cfg, const jv_model_t *m, jv_shear_t *sh, jv_error_t *err) {
  const char *spec, *src = jv_config_source(cfg);
  JV_TRY(err, jv_config_get_string(cfg, "sampler.shear", &spec, err));
  char buf[512];
  snprintf(buf, sizeof buf, "%s", spec);
  char *save = NULL;
  for (char *tok = strtok_r(buf, ", \t", &save); tok != NULL; tok = strtok_r(NULL, ", \t", &save)) {
    int i = find_param(m, tok);
    if (i < 0)
      JV_FAIL(err, JV_EINPUT, "%s: sampler.shear: '%s' is not a parameter of model '%s'", src, tok, m->name);
    for (int j = 0; j < sh->ntargets; ++j)
      if (sh->target[j] == i) JV_FAIL(err, JV_EINPUT, "%s: sampler.shear names '%s' twice", src, tok);
    if (sh->ntargets == JV_MAX_SHEAR || sh->ntargets == m->ndim - 1)
      JV_FAIL(err, JV_EINPUT, "%s: sampler.shear: at most %d targets, and fewer than the %d parameters", src,
              JV_MAX_SHEAR, m->ndim);
    sh->target[sh->ntargets++] = i;
  }
  if (sh->ntargets == 0) JV_FAIL(err, JV_EINPUT, "%s: sampler.shear names no parameter", src);
  return JV_OK;
}

/* g_{t_j}: which parameters it reads, and its coefficients from sampler.shear_<name>. */
static int read_polynomial(jv_config_t *cfg, const jv_model_t *m, jv_shear_t *sh, int j, jv_error_t *err) {
  const char *src = jv_config_source(cfg), *name = m->param_names[sh->target[j]];
  JV_ALLOC(err, sh->reads[j], (size_t)m->ndim);
  int n = 0;
  for (int i = 0; i < m->ndim; ++i) {
    int earlier = 0;
    for (int k = 0; k <= j; ++k)
      earlier |= sh->target[k] == i;
    if (!earlier) sh->reads[j][n++] = i;
  }
  sh->nread[j] = n;
  char key[256];
  snprintf(key, sizeof key, "sampler.shear_%s", name);
  double *v = NULL;
  size_t count = 0;
  JV_TRY(err, jv_config_get_doubles(cfg, key, &v, &count, err));
  sh->coef[j] = v;
  if (count != (size_t)jv_shear_ncoef(n, sh->degree))
    JV_FAIL(err, JV_EINPUT, "%s: %s needs %d coefficients (degree %d in the %d parameters after it), got %zu",
            src, key, jv_shear_ncoef(n, sh->degree), sh->degree, n, count);
  return JV_OK;
}

int jv_shear_from_config(jv_config_t *cfg, const jv_model_t *m, jv_shear_t **out, jv_error_t *err) {
  *out = NULL;
  if (!jv_config_has(cfg, "sampler.shear")) return JV_OK;
  jv_shear_t *sh = calloc(1, sizeof *sh);
  if (sh == NULL) JV_FAIL(err, JV_ENOMEM, "out of memory");
  int status = JV_OK;
  sh->ndim = m->ndim;
  long degree;
  JV_TRY_GOTO(err, status, fail, jv_config_get_int_or(cfg, "sampler.shear_degree", 2, &degree, err));
  if (degree < 2 || degree > 4) {
    status = jv_error_set(err, JV_EINPUT, __func__, __LINE__, "%s: sampler.shear_degree = %ld must be 2, 3 or 4",
                          jv_config_source(cfg), degree);
    goto fail;
  }
  sh->degree = (int)degree;
  JV_TRY_GOTO(err, status, fail, read_targets(cfg, m, sh, err));
  sh->center = calloc((size_t)m->ndim, sizeof *sh->center);
  sh->scale = calloc((size_t)m->ndim, sizeof *sh->scale);
  if (sh->center == NULL || sh->scale == NULL) {
    status = jv_error_set(err, JV_ENOMEM, __func__, __LINE__, "out of memory");
    goto fail;
  }
  JV_TRY_GOTO(err, status, fail,
              jv_sampler_get_vector(cfg, "sampler.shear_center", m->ndim, 1, 0.0, sh->center, err));
  JV_TRY_GOTO(err, status, fail,
              jv_sampler_get_vector(cfg, "sampler.shear_scale", m->ndim, 1, 1.0, sh->scale, err));
  for (int i = 0; i < m->ndim; ++i)
    if (!(sh->scale[i] > 0) || !isfinite(sh->center[i])) {
      status = jv_error_set(err, JV_EINPUT, __func__, __LINE__,
                            "%s: sampler.shear_scale of '%s' = %g must be > 0 (and its centre finite)",
                            jv_config_source(cfg), m->param_names[i], sh->scale[i]);
      goto fail;
    }
  for (int j = 0; j < sh->ntargets; ++j)
    JV_TRY_GOTO(err, status, fail, read_polynomial(cfg, m, sh, j, err));
  *out = sh;
  return JV_OK;
fail:
  jv_shear_free(sh);
  return status;
}

void jv_shear_forward(const jv_shear_t *sh, const double *theta, double *v) {
  for (int i = 0; i < sh->ndim; ++i)
    v[i] = (theta[i] - sh->center[i]) / sh->scale[i];
  /* t_1 first: g_{t_j} reads only parameters after t_j, whose v still equals u */
  for (int j = 0; j < sh->ntargets; ++j)
    v[sh->target[j]] -= polynomial(sh, j, v);
}

void jv_shear_inverse(const jv_shear_t *sh, const double *v, double *theta) {
  double *u = theta; /* u built in place, then scaled to theta */
  for (int i = 0; i < sh->ndim; ++i)
    u[i] = v[i];
  /* t_K first: g_{t_K} reads only non-targets, g_{t_{K-1}} those and u of t_K, ... */
  for (int j = sh->ntargets - 1; j >= 0; --j)
    u[sh->target[j]] += polynomial(sh, j, u);
  for (int i = 0; i < sh->ndim; ++i)
    theta[i] = sh->center[i] + sh->scale[i] * u[i];
}

int jv_shear_ntargets(const jv_shear_t *sh) { return sh == NULL ? 0 : sh->ntargets; }
