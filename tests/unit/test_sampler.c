/*
 * Tests of src/sampler (serial, no MPI): priors and their error paths, moves from a config,
 * the ensemble update (rejection causes, fatal model errors, determinism under any ownership),
 * the autocorrelation time on processes with a known answer, and the chain file round trip.
 * The statistical tests of whole runs, and the emcee cross-checks, are in tests/integration.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_randist.h>

#include "jovis/io.h"
#include "jovis/sampler.h"
#include "jv_test.h"

/* ---------------------------------------------------------------- priors */
typedef struct {
  const jv_prior_t *p;
} prior_fn_t;

static double prior_density(double x, void *params) { return exp(jv_prior_log_pdf(((prior_fn_t *)params)->p, x)); }

/* The density integrates to 1 over its support (QAGS to 1e-10). */
static double prior_mass(const jv_prior_t *p, double lo, double hi) {
  gsl_integration_workspace *w = gsl_integration_workspace_alloc(1000);
  prior_fn_t params = {p};
  gsl_function f = {prior_density, &params};
  double result = NAN, abserr;
  gsl_integration_qags(&f, lo, hi, 0, 1e-11, 1000, w, &result, &abserr);
  gsl_integration_workspace_free(w);
  return result;
}

static void test_priors(void) {
  jv_error_t err;
  jv_prior_t p;
  jv_check(jv_prior_parse("uniform -2.385 7.125", "a", &p, &err) == JV_OK &&
               jv_close_rel(jv_prior_log_pdf(&p, 1.0), -log(9.51), 1e-14) && jv_prior_log_pdf(&p, 7.2) == -INFINITY,
           "uniform: ln(1/(b-a)) inside, -inf outside");
  jv_check(jv_prior_parse("normal(165, 4)", "T", &p, &err) == JV_OK &&
               jv_close_rel(jv_prior_log_pdf(&p, 170.5), log(gsl_ran_gaussian_pdf(5.5, 4.0)), 1e-13),
           "normal: equals the Gaussian density (and accepts the kind(a, b) form)");
  int status = jv_prior_parse("truncnormal 3 0.5 0.8 9", "P_Z", &p, &err);
  double mass = prior_mass(&p, 0.8, 9.0);
  jv_check(status == JV_OK && jv_close_rel(mass, 1.0, 1e-9), "truncnormal N(3, 0.5) on [0.8, 9] integrates to 1 (%.12f)",
           mass);
  status = jv_prior_parse("truncnormal 0 1 2.5 3.5", "tail", &p, &err);
  mass = prior_mass(&p, 2.5, 3.5);
  jv_check(status == JV_OK && jv_close_rel(mass, 1.0, 1e-9), "truncnormal far in the tail is normalised (%.12f)", mass);
  jv_check(jv_prior_parse("loguniform 1e-3 1e2", "m", &p, &err) == JV_OK &&
               jv_close_rel(prior_mass(&p, 1e-3, 1e2), 1.0, 1e-9) &&
               jv_close_rel(jv_prior_log_pdf(&p, 0.5) - jv_prior_log_pdf(&p, 5.0), log(10.0), 1e-13),
           "loguniform integrates to 1 and is flat in ln x");
  struct {
    const char *spec, *msg;
  } bad[] = {{"uniform 5 1", "bounds reversed"},        {"uniform 1 1", "bounds reversed"},
             {"normal 0 0", "sigma = 0 must be > 0"},  {"truncnormal 0 1 3 -3", "bounds reversed"},
             {"loguniform 0 10", "needs low > 0"},     {"gamma 1 2", "unknown kind 'gamma'"},
             {"uniform 1", "needs 2 numbers"},         {"normal 0 abc", "'abc' is not a finite number"},
             {"", "is empty"},                         {"truncnormal 0 1 40 50", "holds no mass"}};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
    status = jv_prior_parse(bad[i].spec, "x3", &p, &err);
    jv_check(status == JV_EINPUT && strstr(err.msg, bad[i].msg) && strstr(err.msg, "'x3'"),
             "prior '%s' is refused: %s", bad[i].spec, err.msg);
  }
}

/* ---------------------------------------------------------------- config-driven pieces */
static jv_config_t *config(const char *text) {
  jv_config_t *cfg = NULL;
  jv_error_t err;
  if (jv_config_parse(text, "test.ini", &cfg, &err) != JV_OK) printf("# %s\n", err.msg);
  return cfg;
}

static void test_moves(void) {
  jv_error_t err;
  jv_moves_t mv;
  jv_config_t *cfg = config("[sampler]\nmoves = stretch:3, de:1\nstretch_a = 2.5\n");
  int status = jv_moves_from_config(cfg, 8, &mv, &err);
  jv_check(status == JV_OK && mv.n == 2 && mv.move[0].weight == 0.75 && mv.move[1].weight == 0.25 &&
               mv.move[0].a == 2.5 && jv_close_rel(mv.move[1].gamma, 2.38 / 4.0, 1e-15),
           "moves: weights normalised, a read, DE gamma defaults to 2.38/sqrt(2 ndim)");
  jv_config_free(cfg);
  cfg = config("[sampler]\nmoves = stretch, hop\n");
  status = jv_moves_from_config(cfg, 2, &mv, &err);
  jv_check(status == JV_EINPUT && strstr(err.msg, "unknown move 'hop'"), "unknown move refused: %s", err.msg);
  jv_config_free(cfg);
  cfg = config("[sampler]\nstretch_a = 0.5\n");
  status = jv_moves_from_config(cfg, 2, &mv, &err);
  jv_check(status == JV_EINPUT && strstr(err.msg, "stretch_a"), "stretch a <= 1 refused: %s", err.msg);
  jv_config_free(cfg);
}

static void test_targets(void) {
  jv_error_t err;
  jv_model_t m;
  jv_config_t *cfg = config("[model]\nndim = 3\nmean = 1, 2, 3\nsigma = 2\nrho = 0.5\n");
  int status = jv_target_gaussian(cfg, &m, &err);
  jv_check(status == JV_OK && m.ndim == 3 && m.nblobs == 1 && !strcmp(m.param_names[2], "x2"),
           "gaussian target built from [model]");
  if (status == JV_OK) {
    void *ws = NULL;
    double lnl, blob, x[3] = {3.0, 2.0, 3.0};
    m.workspace_alloc(&m, &ws, &err);
    m.log_likelihood(&m, ws, x, &lnl, &blob, &err);
    /* one unit of x0 away from the mean: chi2 = e0^T Sigma^-1 e0 = (Sigma^-1)_00 * 4; for the
       AR(1) correlation with rho = 0.5, (C^-1)_00 = 1/(1 - rho^2) = 4/3 and s0^2 = 4 */
    jv_check(jv_close_rel(blob, 4.0 * (4.0 / 3.0) / 4.0, 1e-13) && jv_close_rel(lnl, -0.5 * blob, 1e-15),
             "gaussian chi2 from the Cholesky factor: %.15f", blob);
    m.workspace_free(ws);
  }
  jv_model_free(&m);
  jv_config_free(cfg);
  cfg = config("[model]\nndim = 2\nrho = 1.0\n");
  status = jv_target_gaussian(cfg, &m, &err);
  jv_check(status == JV_EINPUT && strstr(err.msg, "rho"), "rho = 1 refused: %s", err.msg);
  jv_config_free(cfg);
  cfg = config("[model]\na = 1\n");
  status = jv_target_rosenbrock(cfg, &m, &err);
  double lnl, x[2] = {1.0, 1.0};
  jv_check(status == JV_OK && m.log_likelihood(&m, NULL, x, &lnl, NULL, &err) == JV_OK && lnl == 0.0,
           "rosenbrock peaks at (a, a^2) with ln p = 0");
  jv_model_free(&m);
  jv_config_free(cfg);
}

/* ---------------------------------------------------------------- a test model with bad regions */
/* ln L = -x.x/2, NaN for x0 > 1.5, JV_EDOM for x0 < -1.5, and a fatal JV_EIO when x1 > 4. */
static const char *const bad_names[] = {"x0", "x1"};
static int bad_lnl(const jv_model_t *m, void *ws, const double *t, double *lnl, double *blobs, jv_error_t *err) {
  if (t[1] > 4.0) JV_FAIL(err, JV_EIO, "table file vanished");
  if (t[0] < -1.5) JV_FAIL(err, JV_EDOM, "x0 = %g below the table", t[0]);
  *lnl = t[0] > 1.5 ? NAN : -0.5 * (t[0] * t[0] + t[1] * t[1]);
  return JV_OK;
}
static const jv_model_t bad_model = {.name = "bad", .ndim = 2, .param_names = bad_names, .log_likelihood = bad_lnl};

static void test_ensemble(void) {
  jv_error_t err;
  jv_prior_t pri[2];
  jv_moves_t mv = {.n = 2};
  mv.move[0] = (jv_move_t){.kind = JV_MOVE_STRETCH, .weight = 0.5, .a = 2.0};
  mv.move[1] = (jv_move_t){.kind = JV_MOVE_DE, .weight = 0.5, .gamma = 1.19, .sigma = 1e-5};
  jv_prior_parse("uniform -10 10", "x0", &pri[0], &err);
  jv_prior_parse("uniform -10 3", "x1", &pri[1], &err);
  jv_sampler_t *s = NULL;
  int status = jv_sampler_alloc(&bad_model, pri, &mv, 7, 1, NULL, NULL, &s, &err);
  jv_check(status == JV_EINPUT && strstr(err.msg, "even"), "odd walkers refused: %s", err.msg);
  status = jv_sampler_alloc(&bad_model, pri, &mv, 2, 1, NULL, NULL, &s, &err);
  jv_check(status == JV_EINPUT && strstr(err.msg, "at least 2 ndim"), "walkers < 2 ndim refused: %s", err.msg);

  /* every walker's rejections by cause: run 300 steps on 16 walkers */
  jv_log_t quiet = jv_log_make(-1, JV_LOG_QUIET);
  status = jv_sampler_alloc(&bad_model, pri, &mv, 16, 2385, NULL, &quiet, &s, &err);
  jv_check(status == JV_OK, "sampler for 16 walkers");
  if (status != JV_OK) return;
  double center[2] = {0.0, 0.0}, width[2] = {0.5, 0.5};
  int n_bad = -1;
  status = jv_sampler_init_ball(s, center, width, 10, &n_bad, &err);
  jv_check(status == JV_OK && n_bad == 0, "initial ball inside the support");
  for (int t = 0; t < 300 && status == JV_OK; ++t) status = jv_sampler_step(s, &err);
  jv_walker_stats_t tot;
  jv_walker_stats_sum(s->stats, s->nwalkers, &tot);
  jv_check(status == JV_OK, "NaN and JV_EDOM regions do not stop the run");
  jv_check(tot.rejected[JV_REJECT_NAN] > 0 && tot.rejected[JV_REJECT_EDOM] > 0 && tot.rejected[JV_REJECT_PRIOR] > 0,
           "rejections counted by cause: nan %lld, edom %lld, prior %lld", (long long)tot.rejected[JV_REJECT_NAN],
           (long long)tot.rejected[JV_REJECT_EDOM], (long long)tot.rejected[JV_REJECT_PRIOR]);
  int64_t proposed = tot.move_proposed[0] + tot.move_proposed[1], rejected = 0;
  for (int k = 0; k < JV_REJECT_NCAUSES; ++k) rejected += tot.rejected[k];
  jv_check(proposed == 16 * 300 && tot.accepted + rejected == proposed,
           "every proposal is accepted or rejected once (%lld = %lld + %lld)", (long long)proposed,
           (long long)tot.accepted, (long long)rejected);
  int inside = 1;
  for (int k = 0; k < 16; ++k) inside = inside && s->x[2 * k] <= 1.5 && s->x[2 * k] >= -1.5 && isfinite(s->lnp[k]);
  jv_check(inside, "no walker sits on a rejected point");

  /* the same walkers, owned in two disjoint halves by two samplers: identical updates */
  unsigned char own_a[16], own_b[16];
  for (int k = 0; k < 16; ++k) {
    own_a[k] = (unsigned char)(k % 8 < 3);
    own_b[k] = (unsigned char)!own_a[k];
  }
  jv_sampler_t *full = NULL, *a = NULL, *b = NULL;
  jv_sampler_alloc(&bad_model, pri, &mv, 16, 99, NULL, &quiet, &full, &err);
  jv_sampler_alloc(&bad_model, pri, &mv, 16, 99, own_a, &quiet, &a, &err);
  jv_sampler_alloc(&bad_model, pri, &mv, 16, 99, own_b, &quiet, &b, &err);
  jv_sampler_init_ball(full, center, width, 10, &n_bad, &err);
  jv_sampler_init_ball(a, center, width, 10, &n_bad, &err);
  jv_sampler_init_ball(b, center, width, 10, &n_bad, &err);
  /* merge: what the MPI driver's allgather does */
  for (int k = 0; k < 16; ++k)
    if (own_b[k]) {
      memcpy(a->x + 2 * k, b->x + 2 * k, 2 * sizeof(double));
      a->lnp[k] = b->lnp[k];
    }
  for (int t = 0; t < 50; ++t) {
    status = jv_sampler_step(full, &err);
    for (int half = 0; half < 2; ++half) {
      memcpy(b->x, a->x, sizeof(double) * 32);
      memcpy(b->lnp, a->lnp, sizeof(double) * 16);
      for (int k = half * 8; k < half * 8 + 8; ++k) {
        if (own_a[k]) jv_sampler_update(a, half, k, k + 1, &err);
        if (own_b[k]) jv_sampler_update(b, half, k, k + 1, &err);
      }
      for (int k = half * 8; k < half * 8 + 8; ++k)
        if (own_b[k]) {
          memcpy(a->x + 2 * k, b->x + 2 * k, 2 * sizeof(double));
          a->lnp[k] = b->lnp[k];
        }
    }
  }
  jv_check(status == JV_OK && memcmp(full->x, a->x, sizeof(double) * 32) == 0 && memcmp(full->lnp, a->lnp, sizeof(double) * 16) == 0,
           "walkers split over two owners give bitwise the chain of one owner");
  status = jv_sampler_update(a, 0, 3, 4, &err);
  jv_check(status == JV_EINPUT && strstr(err.msg, "not owned"), "updating a walker one does not own is refused");
  jv_sampler_free(full);
  jv_sampler_free(a);
  jv_sampler_free(b);

  /* a fatal model status stops the run with the model's message */
  jv_prior_t tall[2];
  jv_prior_parse("uniform -1 1", "x0", &tall[0], &err);
  jv_prior_parse("uniform 4.5 9", "x1", &tall[1], &err);
  jv_sampler_t *f = NULL;
  jv_sampler_alloc(&bad_model, tall, &mv, 4, 3, NULL, &quiet, &f, &err);
  double c2[2] = {0.0, 5.0};
  status = jv_sampler_init_ball(f, c2, width, 3, &n_bad, &err);
  jv_check(status == JV_EIO && strstr(err.msg, "table file vanished"), "fatal model error propagates: %s", err.msg);
  jv_sampler_free(f);

  /* an initial ball outside the prior: every walker stays at -inf */
  jv_sampler_alloc(&bad_model, pri, &mv, 4, 3, NULL, &quiet, &f, &err);
  double far[2] = {50.0, 0.0};
  status = jv_sampler_init_ball(f, far, width, 5, &n_bad, &err);
  jv_check(status == JV_OK && n_bad == 4, "an initial ball outside the prior leaves all %d walkers at -inf", n_bad);
  jv_sampler_free(f);
  jv_sampler_free(s);
}


/* ---------------------------------------------------------------- model-supplied prior, hard bounds */
/* A Jeffreys-like prior p(x0) ~ 1/x0 on x0 > 0 supplied by the model, and hard bounds |x1| <= 2. */
static const double own_lower[2] = {-1e300, -2.0}, own_upper[2] = {1e300, 2.0};
static int own_prior(const jv_model_t *m, void *ws, const double *t, double *lnp, jv_error_t *err) {
  *lnp = t[0] > 0 ? -log(t[0]) : -INFINITY;
  return JV_OK;
}
static const jv_model_t own_model = {.name = "own", .ndim = 2, .param_names = bad_names, .lower = own_lower,
                                     .upper = own_upper, .log_likelihood = bad_lnl, .log_prior = own_prior};

static void test_model_prior(void) {
  jv_error_t err;
  jv_moves_t mv = {.n = 1};
  mv.move[0] = (jv_move_t){.kind = JV_MOVE_STRETCH, .weight = 1.0, .a = 2.0};
  jv_log_t quiet = jv_log_make(-1, JV_LOG_QUIET);
  jv_sampler_t *s = NULL;
  int status = jv_sampler_alloc(&own_model, NULL, &mv, 8, 5, NULL, &quiet, &s, &err);
  jv_check(status == JV_OK, "a model with its own log_prior needs no INI priors");
  if (status != JV_OK) return;
  double theta[2] = {0.5, 0.25}, lnp, blob;
  int cause;
  jv_sampler_log_prob(s, 0, theta, &lnp, &blob, &cause, &err);
  jv_check(cause < 0 && jv_close_rel(lnp, log(2.0) - 0.5 * (0.25 + 0.0625), 1e-14),
           "ln p = the model's ln prior + ln likelihood");
  theta[1] = 2.5;
  jv_sampler_log_prob(s, 0, theta, &lnp, &blob, &cause, &err);
  jv_check(cause == JV_REJECT_BOUNDS && lnp == -INFINITY, "outside the hard bounds: rejected before the model");
  theta[0] = -0.5;
  theta[1] = 0.0;
  jv_sampler_log_prob(s, 0, theta, &lnp, &blob, &cause, &err);
  jv_check(cause == JV_REJECT_PRIOR, "the model's prior says -inf: a prior rejection");
  double center[2] = {0.7, 0.0}, width[2] = {0.1, 0.3};
  int n_bad;
  jv_sampler_init_ball(s, center, width, 10, &n_bad, &err);
  for (int t = 0; t < 200 && status == JV_OK; ++t) status = jv_sampler_step(s, &err);
  int inside = status == JV_OK;
  for (int k = 0; k < 8; ++k) inside = inside && s->x[2 * k] > 0 && fabs(s->x[2 * k + 1]) <= 2.0;
  jv_check(inside, "after 200 steps every walker is inside the bounds and the prior's support");
  jv_sampler_free(s);
  jv_sampler_t *none = NULL;
  status = jv_sampler_alloc(&bad_model, NULL, &mv, 8, 5, NULL, &quiet, &none, &err);
  jv_check(status == JV_EINPUT && strstr(err.msg, "no log_prior and no priors"), "no prior at all is refused");
}

/* ---------------------------------------------------------------- autocorrelation */
static void test_autocorr(void) {
  jv_error_t err;
  /* AR(1) x_t = phi x_{t-1} + e_t has tau = (1 + phi) / (1 - phi) = 9 for phi = 0.8. With
     T = 20000 and W = 16 walkers the estimator's relative standard error is about
     sqrt(2 (2M + 1) / (W T)) ~ 1.5% for its window M ~ 45 (Sokal 1997 Eq. 3.19); we allow 5 sigma. */
  const size_t T = 20000;
  const int W = 16;
  double *chain = malloc(T * W * sizeof *chain);
  gsl_rng *rng;
  jv_rng_alloc(2385, 0, &rng, &err);
  const double phi = 0.8;
  for (int k = 0; k < W; ++k) {
    double x = gsl_ran_gaussian(rng, 1.0) / sqrt(1 - phi * phi);
    for (size_t t = 0; t < T; ++t) {
      x = phi * x + gsl_ran_gaussian(rng, 1.0);
      chain[t * W + k] = x;
    }
  }
  jv_autocorr_t *ac;
  double tau;
  int found;
  jv_autocorr_alloc(T, &ac, &err);
  int status = jv_autocorr_time(ac, chain, T, W, 1, 5.0, &tau, &found, &err);
  jv_check(status == JV_OK && found && fabs(tau / 9.0 - 1.0) < 5 * 0.015, "AR(1) phi = 0.8: tau = %.3f (exact 9)", tau);
  for (size_t i = 0; i < T * W; ++i) chain[i] = gsl_ran_gaussian(rng, 1.0);
  status = jv_autocorr_time(ac, chain, T, W, 1, 5.0, &tau, &found, &err);
  jv_check(status == JV_OK && found && fabs(tau - 1.0) < 0.05, "white noise: tau = %.4f (exact 1)", tau);
  /* a walker that never moved has no autocorrelation: NaN, as numpy gives, and never "converged" */
  for (size_t t = 0; t < 100; ++t) chain[t] = 0.5; /* exact in binary: the mean-subtracted series is 0 */
  status = jv_autocorr_time(ac, chain, 100, 1, 1, 5.0, &tau, &found, &err);
  double no_prev = NAN;
  jv_check(status == JV_OK && isnan(tau) && !jv_converged(100000, 1, &tau, &found, &no_prev, 50, 0.01),
           "a constant chain: tau is NaN and the stopping rule says no (tau %g, status %d)", tau, status);
  double prev = NAN, t9 = 9.0;
  int ok = 1;
  jv_check(!jv_converged(20000, 1, &t9, &ok, &prev, 50, 0.01), "stopping rule needs a previous tau");
  prev = 9.05;
  jv_check(jv_converged(20000, 1, &t9, &ok, &prev, 50, 0.01) && !jv_converged(400, 1, &t9, &ok, &prev, 50, 0.01),
           "stopping rule: T >= 50 tau and tau settled");
  ok = 0;
  jv_check(!jv_converged(20000, 1, &t9, &ok, &prev, 50, 0.01), "stopping rule refuses a tau without a window");
  status = jv_autocorr_time(ac, chain, T + 1, 1, 1, 5.0, &tau, &found, &err);
  jv_check(status == JV_EINPUT, "more steps than the workspace holds is refused");
  jv_autocorr_free(ac);
  jv_rng_free(rng);
  free(chain);
}

/* Walkers apart (src/sampler/walkers_apart.c): W independent AR(1) series per parameter are a
   well-mixed ensemble, where a walker's mean over the kept n steps has standard error
   sqrt(tau / n) (unit variance); a walker moved by 8 such errors is found, and alone. */
static void test_walkers_apart(void) {
  jv_error_t err;
  enum { W = 32, D = 3 };
  const size_t T = 8000, first = T / 2;
  const double phi = 0.8, tau_exact = (1 + phi) / (1 - phi); /* 9 */
  double *chain = malloc(T * W * D * sizeof *chain), tau[D];
  int found[D], apart[W];
  gsl_rng *rng;
  jv_rng_alloc(4711, 0, &rng, &err);
  for (int k = 0; k < W * D; ++k) {
    double x = gsl_ran_gaussian(rng, 1.0) / sqrt(1 - phi * phi);
    for (size_t t = 0; t < T; ++t) {
      x = phi * x + gsl_ran_gaussian(rng, 1.0);
      chain[t * W * D + (size_t)k] = x * sqrt(1 - phi * phi); /* unit variance */
    }
  }
  jv_autocorr_t *ac;
  jv_autocorr_alloc(T, &ac, &err);
  int status = jv_autocorr_time(ac, chain, T, W, D, 5.0, tau, found, &err);
  jv_walkers_apart_t a;
  if (status == JV_OK) status = jv_walkers_apart(chain, T, W, D, tau, apart, &a, &err);
  /* Q^-1(0.01 / (2 W D)) for W D = 96, 192 and 288: scipy.stats.norm.isf */
  jv_check(fabs(a.z_limit - 3.8806757) < 1e-6 && fabs(jv_walkers_apart_limit(32, 6) - 4.0460760) < 1e-6 &&
               fabs(jv_walkers_apart_limit(32, 9) - 4.1400552) < 1e-6,
           "z_limit = Q^-1(0.01 / (2 W D)): %.7f for W D = 96", a.z_limit);
  /* 96 |z| of N(0, 1): the largest exceeds the limit with probability <= 0.01, and is below 1.5
     with probability 0.87^96 < 1e-5 */
  jv_check(status == JV_OK && a.napart == 0 && a.z_max > 1.5 && a.z_max < a.z_limit,
           "a mixed ensemble (tau %.2f, exact %.0f): no walker apart, largest |z| %.2f", tau[0], tau_exact, a.z_max);
  const double shift = 8.0 * sqrt(tau_exact / (double)(T - first)) / sqrt(1.0 - 1.0 / W);
  for (size_t t = first; t < T; ++t) chain[(t * W + 7) * D + 1] += shift;
  status = jv_walkers_apart(chain, T, W, D, tau, apart, &a, &err);
  int others = 0;
  for (int w = 0; w < W; ++w) others += w != 7 && apart[w];
  jv_check(status == JV_OK && a.napart == 1 && apart[7] && !others && a.walker == 7 && a.param == 1 &&
               fabs(a.z_max - 8.0) < 4.0,
           "walker 7 moved by 8 standard errors in parameter 1: found alone (|z| %.2f)", a.z_max);
  char line[512];
  const char *names[D] = {"a", "b", "c"};
  jv_walkers_apart_describe(&a, names, line, sizeof line);
  jv_check(strstr(line, "1 (largest |z|") == line && strstr(line, "walker 7 in b") != NULL, "described: %s", line);
  status = jv_walkers_apart(chain, 3, W, D, tau, apart, &a, &err);
  jv_walkers_apart_describe(&a, names, line, sizeof line);
  jv_check(status == JV_OK && a.napart == 0 && a.walker < 0 && strstr(line, "not checked"),
           "a chain of 3 steps is not checked: %s", line);
  jv_autocorr_free(ac);
  jv_rng_free(rng);
  free(chain);
}

/* ---------------------------------------------------------------- the chain file */
static void test_store(void) {
  jv_error_t err;
  char path[] = "/tmp/jovis_test_store_XXXXXX";
  int fd = mkstemp(path);
  close(fd);
  jv_config_t *cfg = config("[model]\nndim = 2\n[sampler]\nnwalkers = 4\nsteps = 30\nseed = 7\n"
                            "[init]\ncenter = 0\nwidth = 1\n[prior]\ndefault = normal 0 3\n");
  jv_model_t m;
  jv_run_settings_t rs;
  jv_target_gaussian(cfg, &m, &err);
  int status = jv_run_settings_read(cfg, &m, &rs, &err);
  jv_check(status == JV_OK && rs.nwalkers == 4 && rs.steps == 30 && rs.priors[1].kind == JV_PRIOR_NORMAL,
           "run settings from the config");
  jv_chain_t *c;
  jv_chain_alloc(4, 2, 1, 30, &c, &err);
  double x[8], lnp[4], bl[4];
  for (int t = 0; t < 12; ++t) {
    for (int i = 0; i < 8; ++i) x[i] = 2.385 * t + i;
    for (int i = 0; i < 4; ++i) lnp[i] = bl[i] = -t - 0.5 * i;
    jv_chain_append(c, x, lnp, bl, &err);
  }
  for (int i = 0; i < 16; ++i) c->rng_state[i] = 0x9e3779b97f4a7c15ULL * (uint64_t)(i + 1);
  c->stats[2].accepted = 5;
  jv_run_info_t info = {"test", "[model]", "test.ini", 7, 1};
  jv_store_meta_t meta = {&m, &rs, &info, 5, 0};
  jv_store_t *st;
  status = jv_store_create(path, c, &meta, 0, &st, &err);
  jv_check(status == JV_OK, "chain file created");
  for (int t = 12; t < 20; ++t) jv_chain_append(c, x, lnp, bl, &err);
  c->rng_state[3] = 42;
  status = jv_store_flush(st, c, &err);
  jv_check(status == JV_OK, "chain file flushed");
  jv_store_close(st);
  jv_store_header_t h;
  jv_chain_t *r = NULL;
  status = jv_store_read(path, 50, &h, &r, &err);
  jv_check(status == JV_OK && h.iteration == 20 && h.capacity == 30 && r->capacity == 50 && h.seed == 7 &&
               !strcmp(h.model, "gaussian") && !strcmp(h.param_names[1], "x1"),
           "read back: 20 steps of 30 allocated, room made for 50");
  jv_check(status == JV_OK && memcmp(r->chain, c->chain, 20 * 8 * sizeof(double)) == 0 &&
               memcmp(r->log_prob, c->log_prob, 20 * 4 * sizeof(double)) == 0 &&
               memcmp(r->blobs, c->blobs, 20 * 4 * sizeof(double)) == 0,
           "rows, ln p and blobs round-trip bitwise");
  jv_check(status == JV_OK && r->rng_state[3] == 42 && r->rng_state[4] == c->rng_state[4] && r->stats[2].accepted == 5,
           "the state slot of iteration 20 is the one read");
  jv_chain_free(r);
  jv_store_header_free(&h);
  status = jv_store_read("/nonexistent/dir/x.h5", 0, &h, &r, &err);
  jv_check(status == JV_EIO && strstr(err.msg, "no such file"), "missing file: %s", err.msg);
  remove(path);
  jv_chain_free(c);
  jv_run_settings_free(&rs);
  jv_model_free(&m);
  jv_config_free(cfg);
}

/* Sheared coordinates: the inverse undoes the map, the Jacobian is 1, bad configs are refused. */
static void test_shear(void) {
  jv_error_t err;
  jv_model_t m;
  jv_shear_t *sh = NULL;
  jv_config_t *cfg = config("[model]\nndim = 4\n[sampler]\nshear = x2, x0\n"
                            "shear_center = 1, -2, 0.5, 3\nshear_scale = 2, 0.5, 1, 4\n"
                            "shear_x2 = 0.1, 0.7, -0.3, 0.2, 0.9, -0.4, 0.3, 0.5, 0.2, -0.6\n" /* reads x0, x1, x3 */
                            "shear_x0 = -0.2, 0.4, 0.3, 0.8, -0.5, 0.6\n");                /* reads x1, x3 */
  int status = jv_target_gaussian(cfg, &m, &err);
  if (status == JV_OK) status = jv_shear_from_config(cfg, &m, &sh, &err);
  jv_check(status == JV_OK && sh != NULL && jv_shear_ntargets(sh) == 2, "shear read: %s",
           status == JV_OK ? "2 targets" : err.msg);
  if (sh != NULL) {
    const double theta[4] = {0.7, -1.6, 1.9, 2.2};
    double v[4], back[4], worst = 0, jac[4][4];
    jv_shear_forward(sh, theta, v);
    jv_shear_inverse(sh, v, back);
    for (int i = 0; i < 4; ++i) worst = fmax(worst, fabs(back[i] - theta[i]));
    jv_check(worst < 1e-13, "inverse(forward(theta)) = theta to %.1e", worst);
    jv_check(v[1] == (theta[1] + 2) / 0.5 && v[3] == (theta[3] - 3) / 4, "non-targets are only standardised");
    /* central differences of theta(v): a quadratic map, so exact up to rounding */
    const double h = 1e-4;
    for (int j = 0; j < 4; ++j) {
      double vp[4], vm[4], tp[4], tm[4];
      memcpy(vp, v, sizeof v);
      memcpy(vm, v, sizeof v);
      vp[j] += h;
      vm[j] -= h;
      jv_shear_inverse(sh, vp, tp);
      jv_shear_inverse(sh, vm, tm);
      for (int i = 0; i < 4; ++i) jac[i][j] = (tp[i] - tm[i]) / (2 * h);
    }
    gsl_matrix_view a = gsl_matrix_view_array(&jac[0][0], 4, 4);
    gsl_permutation *perm = gsl_permutation_alloc(4);
    int sign;
    gsl_linalg_LU_decomp(&a.matrix, perm, &sign);
    double det = gsl_linalg_LU_det(&a.matrix, sign), scales = 2 * 0.5 * 1 * 4;
    gsl_permutation_free(perm);
    jv_check(fabs(det / scales - 1) < 1e-8, "det d theta / d v = %.12g = the product of the scales (%g)", det, scales);
  }
  jv_shear_free(sh);
  jv_model_free(&m);
  jv_config_free(cfg);
  /* degrees 2, 3 and 4 by hand: x0 from (x1, x2), the monomials written out in shear.c's order, with
     coefficients 0.5, 1, 2, .. (analysis/shear_fit.py's order is tested against the same list in
     tests/integration/test_sampler_shear.sh); each degree's list extends the one below */
  const double x[3] = {0.25, 0.5, -2.0}, x1 = x[1], x2 = x[2];
  const double monomial[15] = {1, x1, x2, x1 * x1, x1 * x2, x2 * x2, x1 * x1 * x1, x1 * x1 * x2, x1 * x2 * x2,
                               x2 * x2 * x2, pow(x1, 4), pow(x1, 3) * x2, x1 * x1 * x2 * x2, x1 * pow(x2, 3),
                               pow(x2, 4)};
  for (int degree = 2; degree <= 4; ++degree) {
    const int n = jv_shear_ncoef(2, degree);
    char text[512];
    int used = snprintf(text, sizeof text, "[model]\nndim = 3\n[sampler]\nshear = x0\nshear_degree = %d\nshear_x0 = 0.5",
                        degree);
    double g = 0.5;
    for (int i = 1; i < n; ++i) {
      used += snprintf(text + used, sizeof text - (size_t)used, ", %d", i);
      g += i * monomial[i];
    }
    snprintf(text + used, sizeof text - (size_t)used, "\n");
    cfg = config(text);
    status = jv_target_gaussian(cfg, &m, &err);
    if (status == JV_OK) status = jv_shear_from_config(cfg, &m, &sh, &err);
    if (status == JV_OK) {
      double v[3], back[3];
      jv_shear_forward(sh, x, v);
      jv_shear_inverse(sh, v, back);
      jv_check(fabs(v[0] - (x[0] - g)) < 1e-12 && v[1] == x1 && v[2] == x2 && fabs(back[0] - x[0]) < 1e-12,
               "degree %d: v_x0 = x0 - g(x1, x2) in shear.c's feature order (%.15g, want %.15g)", degree, v[0],
               x[0] - g);
    } else {
      jv_check(0, "degree %d shear read: %s", degree, err.msg);
    }
    jv_shear_free(sh);
    sh = NULL;
    jv_model_free(&m);
    jv_config_free(cfg);
  }
  jv_check(jv_shear_ncoef(2, 4) == 15 && jv_shear_ncoef(8, 3) == 165 && jv_shear_ncoef(8, 4) == 495,
           "C(n + degree, degree) coefficients: 15, 165, 495");
  struct {
    const char *text, *msg;
  } bad[] = {{"shear = x0, x0\n", "names 'x0' twice"},
             {"shear = x3\nshear_degree = 5\n", "shear_degree = 5 must be 2, 3 or 4"},
             {"shear = x3\nshear_degree = 3\nshear_x3 = 0, 0, 0, 0, 0, 0, 0, 0, 0, 0\n", "needs 20 coefficients"},
             {"shear = x9\n", "'x9' is not a parameter"},
             {"shear = x0, x1, x2, x3\n", "fewer than the 4 parameters"},
             {"shear = x3\nshear_x3 = 1, 2\n", "needs 10 coefficients"},
             {"shear = x3\nshear_scale = 1, 0, 1, 1\nshear_x3 = 0, 0, 0, 0, 0, 0, 0, 0, 0, 0\n", "must be > 0"},
             {"shear = x3\n", "shear_x3"}};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
    char text[512];
    snprintf(text, sizeof text, "[model]\nndim = 4\n[sampler]\n%s", bad[i].text);
    cfg = config(text);
    status = jv_target_gaussian(cfg, &m, &err);
    if (status == JV_OK) status = jv_shear_from_config(cfg, &m, &sh, &err);
    jv_check(status == JV_EINPUT && sh == NULL && strstr(err.msg, bad[i].msg), "refused: %s", err.msg);
    jv_model_free(&m);
    jv_config_free(cfg);
  }
}


/* ---------------------------------------------------------------- unbounded moves */
/* Half-normal marginals (a unit Gaussian cut to [0, 5] in 3 dimensions) sampled for `steps` steps;
   returns the mean of x0 over the second half, its standard error from tau, and tau_max. */
static int half_normal_run(int unbounded, int steps, double *mean, double *se, double *tau_max, int64_t *outside,
                           jv_error_t *err) {
  jv_config_t *cfg = config("[model]\nndim = 3\nmean = 0\nsigma = 1\nrho = 0\n");
  jv_model_t m;
  JV_TRY(err, jv_target_gaussian(cfg, &m, err));
  jv_config_free(cfg);
  jv_prior_t pri[3];
  for (int i = 0; i < 3; ++i) jv_prior_parse("uniform 0 5", "x", &pri[i], err);
  jv_moves_t mv = {.n = 1, .unbounded = unbounded};
  mv.move[0] = (jv_move_t){.kind = JV_MOVE_STRETCH, .weight = 1, .a = 2.0};
  enum { W = 16, D = 3 };
  jv_sampler_t *s = NULL;
  double *chain = malloc((size_t)steps * W * D * sizeof *chain);
  jv_autocorr_t *ac = NULL;
  int status = chain == NULL ? JV_ENOMEM : jv_sampler_alloc(&m, pri, &mv, W, 4242, NULL, NULL, &s, err);
  double center[D] = {0.5, 0.5, 0.5}, width[D] = {0.1, 0.1, 0.1};
  int n_bad = 0;
  if (status == JV_OK) status = jv_sampler_init_ball(s, center, width, 10, &n_bad, err);
  for (int t = 0; t < steps && status == JV_OK; ++t) {
    status = jv_sampler_step(s, err);
    memcpy(chain + (size_t)t * W * D, s->x, W * D * sizeof *chain);
  }
  const int half = steps / 2;
  double tau[D];
  if (status == JV_OK) status = jv_autocorr_alloc((size_t)half, &ac, err);
  if (status == JV_OK) status = jv_autocorr_time(ac, chain + (size_t)half * W * D, (size_t)half, W, D, 5.0, tau, NULL, err);
  if (status == JV_OK) {
    double sum = 0, sum2 = 0;
    for (size_t i = (size_t)half * W; i < (size_t)steps * W; ++i) {
      sum += chain[i * D];
      sum2 += chain[i * D] * chain[i * D];
    }
    const double n = (double)half * W, var = sum2 / n - (sum / n) * (sum / n);
    *mean = sum / n;
    *tau_max = fmax(tau[0], fmax(tau[1], tau[2]));
    *se = sqrt(var * tau[0] / n); /* n / tau independent samples */
    jv_walker_stats_t tot;
    jv_walker_stats_sum(s->stats, W, &tot);
    *outside = tot.rejected[JV_REJECT_PRIOR] + tot.rejected[JV_REJECT_BOUNDS];
  }
  jv_autocorr_free(ac);
  jv_sampler_free(s);
  jv_model_free(&m);
  free(chain);
  return status;
}

static void test_unbounded(void) {
  /* the transforms: every kind of bound, round trip and Jacobian by central differences */
  const double lo[4] = {0.0, 2.0, -INFINITY, -INFINITY}, hi[4] = {5.0, INFINITY, 3.0, INFINITY};
  const double theta[4] = {0.3, 2.7, -1.2, 4.4};
  double y[4], back[4], worst = 0, worst_jac = 0;
  jv_unbound_forward(4, lo, hi, theta, y);
  jv_unbound_inverse(4, lo, hi, y, back);
  for (int i = 0; i < 4; ++i) worst = fmax(worst, fabs(back[i] - theta[i]));
  jv_check(worst < 1e-14 && y[3] == theta[3], "theta(y(theta)) = theta to %.1e; no bound: y = theta", worst);
  const double h = 1e-5;
  double lnj = 0.0;
  for (int i = 0; i < 4; ++i) { /* the map is diagonal: |dtheta/dy| is the product of the derivatives */
    double yp[4], ym[4], tp[4], tm[4];
    memcpy(yp, y, sizeof y);
    memcpy(ym, y, sizeof y);
    yp[i] += h;
    ym[i] -= h;
    jv_unbound_inverse(4, lo, hi, yp, tp);
    jv_unbound_inverse(4, lo, hi, ym, tm);
    lnj += log((tp[i] - tm[i]) / (2 * h));
  }
  worst_jac = fabs(lnj - jv_unbound_log_jacobian(4, lo, hi, y));
  jv_check(worst_jac < 1e-8, "ln |dtheta/dy| = %.10f matches central differences to %.1e", lnj, worst_jac);
  const double far[4] = {800, -800, 800, 1e300};
  jv_unbound_inverse(4, lo, hi, far, back);
  double lnj_far = jv_unbound_log_jacobian(3, lo, hi, far);
  jv_check(back[0] == 5.0 && back[1] == 2.0 && back[2] == 3.0 && isfinite(lnj_far),
           "far out, theta reaches the bound without overflow (%g %g %g), ln J = %g finite", back[0], back[1], back[2],
           lnj_far);

  /* a posterior against a wall: a unit Gaussian on [0, 5]^3, whose marginal mean is sqrt(2/pi) */
  jv_error_t err;
  double mean[2], se[2], tau[2];
  int64_t outside[2];
  int status = half_normal_run(0, 6000, &mean[0], &se[0], &tau[0], &outside[0], &err);
  if (status == JV_OK) status = half_normal_run(1, 6000, &mean[1], &se[1], &tau[1], &outside[1], &err);
  jv_check(status == JV_OK, "half-normal runs: %s", status == JV_OK ? "done" : err.msg);
  if (status != JV_OK) return;
  const double truth = sqrt(2.0 / M_PI);
  for (int u = 0; u < 2; ++u)
    jv_check(fabs(mean[u] - truth) < 4 * se[u], "%s moves: mean of x0 %.4f = sqrt(2/pi) %.4f within 4 se (%.4f)",
             u ? "unbounded" : "theta", mean[u], truth, se[u]);
  jv_check(outside[0] > 0 && outside[1] == 0, "proposals outside the prior: %lld in theta, %lld unbounded",
           (long long)outside[0], (long long)outside[1]);
  jv_check(tau[1] < tau[0], "unbounded moves mix faster against the wall: tau_max %.1f vs %.1f", tau[1], tau[0]);
}

int main(void) {
  gsl_set_error_handler_off(); /* as bin/jovis does: GSL failures come back as status codes */
  test_priors();
  test_moves();
  test_shear();
  test_unbounded();
  test_targets();
  test_ensemble();
  test_model_prior();
  test_autocorr();
  test_walkers_apart();
  test_store();
  return jv_test_exit();
}
