/*
 * The ensemble and its update (SCIENCE.md section 1): red/blue halves, stretch move
 * (Goodman & Weare 2010, Eqs. 7 and 9), differential-evolution move (ter Braak 2006), a weighted
 * mixture of the two, and the ln posterior with its rejection causes.
 *
 * Determinism: walker w's update draws only from stream (seed, w), in a fixed order (move
 * choice, the move's own draws, the acceptance uniform), and reads only its own position and
 * the complementary half. Hence the chain is the same however walkers are spread over ranks.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "sampler_internal.h"

/* After this many logged bad points a process stops logging them (they are still counted). */
#define JV_MAX_LOGGED_POINTS 5

static const char *const cause_names[JV_REJECT_NCAUSES] = {"metropolis", "bounds", "prior", "likelihood",
                                                           "nan",        "edom",   "enoconv", "emath"};

const char *jv_reject_cause_name(int cause) {
  return cause >= 0 && cause < JV_REJECT_NCAUSES ? cause_names[cause] : "none";
}

int jv_sampler_alloc(const jv_model_t *model, const jv_prior_t *priors, const jv_moves_t *moves, int nwalkers,
                     uint64_t seed, const unsigned char *owned, const jv_log_t *log, jv_sampler_t **out,
                     jv_error_t *err) {
  *out = NULL;
  JV_TRY(err, jv_model_check(model, err));
  const int d = model->ndim;
  if (nwalkers < 2 * d || nwalkers % 2 != 0)
    JV_FAIL(err, JV_EINPUT, "sampler.nwalkers = %d: the walkers must be even and at least 2 ndim = %d", nwalkers,
            2 * d);
  if (priors == NULL && model->log_prior == NULL)
    JV_FAIL(err, JV_EINPUT, "model '%s' has no log_prior and no priors were given", model->name);
  for (int i = 0; i < moves->n; ++i)
    if (moves->move[i].kind == JV_MOVE_DE && nwalkers < 4)
      JV_FAIL(err, JV_EINPUT, "the de move needs at least 4 walkers (two partners in the other half)");
  jv_sampler_t *s = calloc(1, sizeof *s);
  if (s == NULL) JV_FAIL(err, JV_ENOMEM, "out of memory");
  s->model = model;
  s->priors = priors;
  s->moves = *moves;
  s->nwalkers = nwalkers;
  s->ndim = d;
  s->nblobs = model->nblobs;
  s->seed = seed;
  s->log = log;
  const size_t w = (size_t)nwalkers;
  s->x = calloc(w * (size_t)d, sizeof *s->x);
  s->lnp = calloc(w, sizeof *s->lnp);
  s->blobs = calloc(w * (size_t)s->nblobs + 1, sizeof *s->blobs);
  s->rng = calloc(w, sizeof *s->rng);
  s->ws = calloc(w, sizeof *s->ws);
  s->stats = calloc(w, sizeof *s->stats);
  s->owned = calloc(w, 1);
  s->y = calloc((size_t)d, sizeof *s->y);
  s->yblobs = calloc((size_t)s->nblobs + 1, sizeof *s->yblobs);
  const int transformed = moves->shear != NULL || moves->unbounded;
  if (transformed) s->v = calloc((w / 2 + 2) * (size_t)d, sizeof *s->v);
  s->lo = calloc((size_t)d, sizeof *s->lo);
  s->hi = calloc((size_t)d, sizeof *s->hi);
  int status = JV_OK;
  if (!s->x || !s->lnp || !s->blobs || !s->rng || !s->ws || !s->stats || !s->owned || !s->y || !s->yblobs ||
      (transformed && !s->v) || !s->lo || !s->hi) {
    status = jv_error_set(err, JV_ENOMEM, __func__, __LINE__, "out of memory for %d walkers", nwalkers);
    goto fail;
  }
  jv_support_bounds(model, priors, s->lo, s->hi);
  for (int k = 0; k < nwalkers; ++k) {
    s->lnp[k] = -INFINITY;
    s->owned[k] = owned == NULL ? 1 : owned[k];
    if (!s->owned[k]) continue;
    JV_TRY_GOTO(err, status, fail, jv_rng_alloc(seed, (uint64_t)k, &s->rng[k], err));
    if (model->workspace_alloc != NULL)
      JV_TRY_GOTO(err, status, fail, model->workspace_alloc(model, &s->ws[k], err));
  }
  *out = s;
  return JV_OK;
fail:
  jv_sampler_free(s);
  return status;
}

void jv_sampler_free(jv_sampler_t *s) {
  if (s == NULL) return;
  for (int k = 0; k < s->nwalkers; ++k) {
    if (s->rng != NULL) jv_rng_free(s->rng[k]);
    if (s->ws != NULL && s->ws[k] != NULL) s->model->workspace_free(s->ws[k]);
  }
  free(s->x);
  free(s->lnp);
  free(s->blobs);
  free(s->rng);
  free(s->ws);
  free(s->stats);
  free(s->owned);
  free(s->y);
  free(s->yblobs);
  free(s->v);
  free(s->lo);
  free(s->hi);
  free(s);
}

/* One warning with the parameters of a bad point; the first few per process only. */
static void log_bad_point(jv_sampler_t *s, int w, const double *theta, const char *why) {
  if (s->log == NULL || s->n_logged >= JV_MAX_LOGGED_POINTS) return;
  char params[1024];
  size_t used = 0;
  params[0] = '\0';
  for (int i = 0; i < s->ndim && used + 1 < sizeof params; ++i) {
    int n = snprintf(params + used, sizeof params - used, "%s%s=%.17g", i ? " " : "", s->model->param_names[i], theta[i]);
    if (n < 0) break;
    used += (size_t)n;
  }
  s->n_logged++;
  JV_LOG_WARNING(s->log, "walker %d: proposal rejected (%s) at %s%s", w, why, params,
                 s->n_logged == JV_MAX_LOGGED_POINTS ? " (further ones are counted, not logged)" : "");
}

int jv_sampler_log_prob(jv_sampler_t *s, int w, const double *theta, double *lnp, double *blobs, int *cause,
                        jv_error_t *err) {
  const jv_model_t *m = s->model;
  *cause = -1;
  *lnp = -INFINITY;
  if (m->lower != NULL && m->upper != NULL)
    for (int i = 0; i < m->ndim; ++i)
      if (!(theta[i] >= m->lower[i] && theta[i] <= m->upper[i])) {
        *cause = JV_REJECT_BOUNDS;
        return JV_OK;
      }
  double lp = 0.0;
  if (m->log_prior != NULL) {
    JV_TRY(err, m->log_prior(m, s->ws[w], theta, &lp, err));
  } else {
    for (int i = 0; i < m->ndim && lp > -INFINITY; ++i) {
      const jv_prior_t *p = &s->priors[i];
      /* uniform priors, the common case, inline: a range check and a constant */
      if (p->kind == JV_PRIOR_UNIFORM)
        lp += (theta[i] >= p->lo && theta[i] <= p->hi) ? p->ln_norm : -INFINITY;
      else
        lp += jv_prior_log_pdf(p, theta[i]);
    }
  }
  if (isnan(lp)) {
    *cause = JV_REJECT_NAN;
    log_bad_point(s, w, theta, "ln prior is NaN");
    return JV_OK;
  }
  if (lp == -INFINITY) {
    *cause = JV_REJECT_PRIOR;
    return JV_OK;
  }
  double lnl = 0.0;
  jv_error_t model_err;
  jv_error_clear(&model_err);
  int status = m->log_likelihood(m, s->ws[w], theta, &lnl, blobs, &model_err);
  if (status == JV_EDOM || status == JV_ENOCONV || status == JV_EMATH) {
    /* the model cannot be evaluated here: a rejection, not a failure of the run */
    *cause = status == JV_EDOM ? JV_REJECT_EDOM : status == JV_ENOCONV ? JV_REJECT_ENOCONV : JV_REJECT_EMATH;
    log_bad_point(s, w, theta, model_err.msg);
    return JV_OK;
  }
  if (status != JV_OK) {
    *err = model_err;
    JV_FAIL(err, status, "model '%s' failed fatally (%s): %s", m->name, jv_status_name(status), model_err.msg);
  }
  if (isnan(lnl) || lnl == INFINITY) {
    *cause = JV_REJECT_NAN;
    log_bad_point(s, w, theta, isnan(lnl) ? "ln likelihood is NaN" : "ln likelihood is +inf");
    return JV_OK;
  }
  if (lnl == -INFINITY) {
    *cause = JV_REJECT_LIKELIHOOD;
    return JV_OK;
  }
  *lnp = lp + lnl;
  return JV_OK;
}

int jv_sampler_init_ball(jv_sampler_t *s, const double *center, const double *width, int max_tries, int *n_bad,
                         jv_error_t *err) {
  const int d = s->ndim;
  *n_bad = 0;
  for (int w = 0; w < s->nwalkers; ++w) {
    if (!s->owned[w]) continue;
    double *x = s->x + (size_t)w * d;
    int cause = -1;
    for (int t = 0; t < max_tries; ++t) {
      for (int i = 0; i < d; ++i) x[i] = center[i] + width[i] * gsl_ran_gaussian(s->rng[w], 1.0);
      JV_TRY(err, jv_sampler_log_prob(s, w, x, &s->lnp[w], s->blobs + (size_t)w * s->nblobs, &cause, err));
      if (cause < 0) break;
    }
    if (cause >= 0) (*n_bad)++;
  }
  return JV_OK;
}

int jv_sampler_init_points(jv_sampler_t *s, const double *points, int *n_bad, jv_error_t *err) {
  const int d = s->ndim;
  *n_bad = 0;
  for (int w = 0; w < s->nwalkers; ++w) {
    if (!s->owned[w]) continue;
    int cause = -1;
    memcpy(s->x + (size_t)w * d, points + (size_t)w * d, (size_t)d * sizeof(double));
    JV_TRY(err, jv_sampler_log_prob(s, w, s->x + (size_t)w * d, &s->lnp[w], s->blobs + (size_t)w * s->nblobs,
                                    &cause, err));
    if (cause >= 0) (*n_bad)++;
  }
  return JV_OK;
}

/* Stretch move: Y = X_j + z (X_k - X_j), z ~ g(z) on [1/a, a] by inversion (Goodman & Weare Eq. 9);
   returns the ln of the Jacobian factor z^(d-1) of the acceptance ratio (Eq. 7). */
static double propose_stretch(const jv_sampler_t *s, const jv_move_t *mv, gsl_rng *rng, const double *xk,
                              const double *other, double *y) {
  const int d = s->ndim, half = s->nwalkers / 2;
  double u = gsl_rng_uniform(rng);
  double z = ((mv->a - 1.0) * u + 1.0);
  z = z * z / mv->a;
  /* partner j uniform in the other half: floor(U * H) with a 53-bit U (gsl_rng_uniform_int's
     rejection loop and integer division cost as much as the rest of a cheap update) */
  const double *xj = other + (size_t)(int)(gsl_rng_uniform(rng) * half) * d;
  for (int i = 0; i < d; ++i) y[i] = xj[i] + z * (xk[i] - xj[i]);
  return (d - 1) * log(z);
}

/* Differential-evolution move: Y = X_k + g (X_j1 - X_j2) + e, j1 != j2 from the other half,
   e ~ N(0, sigma^2 I); symmetric, so the acceptance ratio is p(Y)/p(X_k) (ter Braak 2006). */
static double propose_de(const jv_sampler_t *s, const jv_move_t *mv, gsl_rng *rng, const double *xk,
                         const double *other, double *y) {
  const int d = s->ndim, half = s->nwalkers / 2;
  int j1 = (int)(gsl_rng_uniform(rng) * half);
  int j2 = (int)(gsl_rng_uniform(rng) * (half - 1));
  if (j2 >= j1) j2++;
  const double *x1 = other + (size_t)j1 * d, *x2 = other + (size_t)j2 * d;
  for (int i = 0; i < d; ++i) y[i] = xk[i] + mv->gamma * (x1[i] - x2[i]) + gsl_ran_gaussian_ziggurat(rng, mv->sigma);
  return 0.0;
}

/*
 * theta -> the coordinates of the moves: y (unbounded.c) when unbounded, then the shear (shear.c).
 * lnj, unless NULL, gets ln |d theta / d y| at theta (0 without unbounded moves; the shear's is 0):
 * the walker being moved needs it, its partners do not.
 */
static void to_move_coords(const jv_sampler_t *s, const double *theta, double *v, double *lnj) {
  if (s->moves.unbounded) {
    jv_unbound_forward(s->ndim, s->lo, s->hi, theta, v);
    if (lnj != NULL) *lnj = jv_unbound_log_jacobian(s->ndim, s->lo, s->hi, v);
  } else {
    memcpy(v, theta, (size_t)s->ndim * sizeof *v);
    if (lnj != NULL) *lnj = 0.0;
  }
  if (s->moves.shear != NULL) jv_shear_forward(s->moves.shear, v, v);
}

/* The inverse of to_move_coords (v is overwritten); returns ln |d theta / d y| at the result. */
static double from_move_coords(const jv_sampler_t *s, double *v, double *theta) {
  if (s->moves.shear != NULL) jv_shear_inverse(s->moves.shear, v, v);
  if (!s->moves.unbounded) {
    memcpy(theta, v, (size_t)s->ndim * sizeof *v);
    return 0.0;
  }
  jv_unbound_inverse(s->ndim, s->lo, s->hi, v, theta);
  return jv_unbound_log_jacobian(s->ndim, s->lo, s->hi, v);
}

int jv_sampler_update(jv_sampler_t *s, int half, int lo, int hi, jv_error_t *err) {
  const int d = s->ndim, nb = s->nblobs, h = s->nwalkers / 2;
  const int c0 = (1 - half) * h; /* first walker of the complementary half */
  if (lo < half * h || hi > (half + 1) * h || lo > hi)
    JV_FAIL(err, JV_EINPUT, "walkers %d..%d are not all in half %d", lo, hi - 1, half);
  /* the other half, where partners come from: theta, or v in the coordinates of the moves (made
     once per half-step) */
  const int transformed = s->moves.shear != NULL || s->moves.unbounded;
  const double *other = s->x + (size_t)c0 * d;
  double *vk = NULL, *vy = NULL;
  if (transformed) {
    for (int j = 0; j < h; ++j) to_move_coords(s, other + (size_t)j * d, s->v + (size_t)j * d, NULL);
    other = s->v;
    vk = s->v + (size_t)h * d;
    vy = vk + d;
  }
  for (int k = lo; k < hi; ++k) {
    if (!s->owned[k]) JV_FAIL(err, JV_EINPUT, "walker %d is not owned by this process", k);
    gsl_rng *rng = s->rng[k];
    jv_walker_stats_t *st = &s->stats[k];
    double *xk = s->x + (size_t)k * d;
    int im = 0;
    if (s->moves.n > 1) {
      double u = gsl_rng_uniform(rng), cum = 0.0;
      for (im = 0; im < s->moves.n - 1; ++im) {
        cum += s->moves.move[im].weight;
        if (u < cum) break;
      }
    }
    const jv_move_t *mv = &s->moves.move[im];
    double ln_jac;
    if (!transformed) {
      ln_jac = mv->kind == JV_MOVE_STRETCH ? propose_stretch(s, mv, rng, xk, other, s->y)
                                           : propose_de(s, mv, rng, xk, other, s->y);
    } else { /* the same move in v, whose target is p(theta) |dtheta/dy| (the shear's det is 1) */
      double lnj_k;
      to_move_coords(s, xk, vk, &lnj_k);
      ln_jac = mv->kind == JV_MOVE_STRETCH ? propose_stretch(s, mv, rng, vk, other, vy)
                                           : propose_de(s, mv, rng, vk, other, vy);
      ln_jac += from_move_coords(s, vy, s->y) - lnj_k;
    }
    const double u = gsl_rng_uniform_pos(rng); /* drawn always: the stream advances the same way */
    double lnp_y;
    int cause;
    JV_TRY(err, jv_sampler_log_prob(s, k, s->y, &lnp_y, s->yblobs, &cause, err));
    st->move_proposed[im]++;
    /* accept when ln u < ln q; log u < 0, so ln q >= 0 accepts without the logarithm */
    const double ln_q = ln_jac + lnp_y - s->lnp[k];
    if (cause < 0 && !(ln_q >= 0 || log(u) < ln_q)) cause = JV_REJECT_METROPOLIS;
    if (cause >= 0) {
      st->rejected[cause]++;
      continue;
    }
    memcpy(xk, s->y, (size_t)d * sizeof *xk);
    s->lnp[k] = lnp_y;
    if (nb > 0) memcpy(s->blobs + (size_t)k * nb, s->yblobs, (size_t)nb * sizeof *s->yblobs);
    st->accepted++;
    st->move_accepted[im]++;
  }
  return JV_OK;
}

int jv_sampler_step(jv_sampler_t *s, jv_error_t *err) {
  const int h = s->nwalkers / 2;
  JV_TRY(err, jv_sampler_update(s, 0, 0, h, err));
  JV_TRY(err, jv_sampler_update(s, 1, h, s->nwalkers, err));
  return JV_OK;
}

void jv_walker_stats_sum(const jv_walker_stats_t *stats, int n, jv_walker_stats_t *total) {
  memset(total, 0, sizeof *total);
  int64_t *t = (int64_t *)total;
  for (int k = 0; k < n; ++k) {
    const int64_t *v = (const int64_t *)&stats[k];
    for (int i = 0; i < JV_WALKER_STATS_WORDS; ++i) t[i] += v[i];
  }
}
