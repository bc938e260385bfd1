/*
 * jovis sampler: the affine-invariant ensemble sampler (SCIENCE.md section 1), serial and
 * MPI-free. The distributed red/blue driver in src/parallel calls jv_sampler_update() on the
 * walkers a rank owns and shares positions between half-steps.
 *
 * Conventions:
 *  - W walkers (even, W >= 2 ndim) in two halves: half 0 = walkers 0 .. W/2-1, half 1 = W/2 .. W-1.
 *    A step updates every walker of half 0 against half 1, then half 1 against the new half 0.
 *  - Arrays are row-major: x[w * ndim + i] is parameter i of walker w.
 *  - Each walker has its own random stream jv_rng_alloc(seed, w): a walker's update draws only
 *    from its own stream, so the chain does not depend on how walkers are spread over ranks.
 *  - ln p = ln prior + ln likelihood; -inf is a rejection. NaN and a model's recoverable failure
 *    (JV_EDOM, JV_ENOCONV, JV_EMATH) are rejections too, counted by cause.
 */
#ifndef JOVIS_SAMPLER_H
#define JOVIS_SAMPLER_H

#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "jovis/core.h"

/* ---------------------------------------------------------------- the model interface */
/*
 * A model is a value: a struct of function pointers and its own data, so one binary holds many
 * and the sampler never includes a physics header. Physics modules fill one in a create function
 * listed in the model table of src/apps/models.c ([model] name = ... picks it).
 *
 * Contract:
 *  - name, ndim >= 1, param_names[ndim] are required; param_units[ndim], blob_names[nblobs],
 *    lower[ndim], upper[ndim] may be NULL (no units / no hard bounds). Strings and arrays are
 *    owned by the model (typically inside data) and live until data_free.
 *  - workspace_alloc is called once per walker a rank owns, before sampling; log_likelihood then
 *    gets that walker's workspace (never shared between walkers), so it must not allocate.
 *  - log_likelihood returns JV_OK and fills *lnl (and blobs[nblobs]); *lnl = -inf rejects the
 *    point. A status JV_EDOM, JV_ENOCONV or JV_EMATH means "the model cannot be evaluated here"
 *    (outside an EOS table, a solver that did not converge): the proposal is rejected and
 *    counted by cause. Any other status (JV_EIO, JV_ENOMEM, ...) is fatal and stops the run.
 *  - log_prior, if not NULL, replaces the priors from the INI (e.g. a Jeffreys prior); the hard
 *    bounds lower/upper still apply first.
 *  - Function pointers must be safe to call concurrently on different workspaces.
 */
typedef struct jv_model jv_model_t;
struct jv_model {
  const char *name;
  int ndim, nblobs;
  const char *const *param_names;
  const char *const *param_units;
  const char *const *blob_names;
  const double *lower, *upper; /* hard bounds, outside = rejection without calling the model */
  int (*workspace_alloc)(const jv_model_t *m, void **ws, jv_error_t *err); /* once per walker; may be NULL */
  void (*workspace_free)(void *ws);
  int (*log_likelihood)(const jv_model_t *m, void *ws, const double *theta, double *lnl, double *blobs,
                        jv_error_t *err);
  int (*log_prior)(const jv_model_t *m, void *ws, const double *theta, double *lnp, jv_error_t *err);
  void *data;
  void (*data_free)(void *data);
};

/* Release what the model owns (data_free(data)) and zero the struct. NULL-safe. */
void jv_model_free(jv_model_t *m);
/* Check the contract above (names present, ndim >= 1, ...); JV_EINPUT naming the defect. */
int jv_model_check(const jv_model_t *m, jv_error_t *err);

/* ---------------------------------------------------------------- built-in targets */
/*
 * Test and demo targets, configured from the [model] section (see the examples in inputs/):
 *  gaussian   correlated N-d Gaussian, Sigma_ij = s_i s_j rho^|i-j|; keys ndim, mean, sigma, rho,
 *             cost_ms (CPU time burnt per evaluation, for benchmarks). Blob: chi2.
 *  rosenbrock 2-D banana ln p = -[b (y - x^2)^2 + (a - x)^2] / s; keys a, b, s.
 *  bimodal    w N(+d/2 e_1, s^2 I) + (1 - w) N(-d/2 e_1, s^2 I); keys ndim, separation, sigma, weight.
 */
int jv_target_gaussian(jv_config_t *cfg, jv_model_t *m, jv_error_t *err);
int jv_target_rosenbrock(jv_config_t *cfg, jv_model_t *m, jv_error_t *err);
int jv_target_bimodal(jv_config_t *cfg, jv_model_t *m, jv_error_t *err);

/* ---------------------------------------------------------------- priors */
enum jv_prior_kind { JV_PRIOR_UNIFORM, JV_PRIOR_NORMAL, JV_PRIOR_TRUNCNORMAL, JV_PRIOR_LOGUNIFORM };

typedef struct {
  int kind;
  double lo, hi;     /* support (uniform, truncated normal, log-uniform); +-inf for normal */
  double mu, sigma;  /* normal and truncated normal */
  double ln_norm;    /* normalisation, so that the density integrates to 1 */
} jv_prior_t;

/*
 * Parse one prior specification, e.g. "uniform -10 10", "normal 165 4",
 * "truncnormal 3 0.5 0.8 9", "loguniform 1e-20 1e-14". Reversed or empty bounds, sigma <= 0 and
 * log-uniform bounds <= 0 are JV_EINPUT naming `what` (the parameter).
 */
int jv_prior_parse(const char *spec, const char *what, jv_prior_t *prior, jv_error_t *err);
/* ln of the normalised density at x (-inf outside the support). */
double jv_prior_log_pdf(const jv_prior_t *prior, double x);
/* "uniform(-10, 10)" for messages and output files. */
void jv_prior_describe(const jv_prior_t *prior, char *buf, size_t size);
/*
 * Priors of every parameter from the [prior] section: one key per parameter name, or
 * prior.default for the ones not named. ndim priors are allocated (caller frees).
 */
int jv_priors_from_config(jv_config_t *cfg, const jv_model_t *m, jv_prior_t **priors, jv_error_t *err);

/* ---------------------------------------------------------------- moves */
#define JV_MAX_MOVES 4
enum jv_move_kind { JV_MOVE_STRETCH, JV_MOVE_DE };

typedef struct {
  int kind;
  double weight; /* relative probability in the mixture */
  double a;      /* stretch: scale parameter a (Goodman & Weare 2010), default 2 */
  double gamma;  /* DE: jump factor g (ter Braak 2006), default 2.38 / sqrt(2 ndim) */
  double sigma;  /* DE: standard deviation of the small isotropic jitter e, default 1e-5 */
} jv_move_t;

typedef struct {
  jv_move_t move[JV_MAX_MOVES];
  int n;
} jv_moves_t;

/* Moves from [sampler]: moves = "stretch:0.8, de:0.2" (default "stretch"), stretch_a, de_gamma, de_sigma. */
int jv_moves_from_config(jv_config_t *cfg, int ndim, jv_moves_t *moves, jv_error_t *err);
const char *jv_move_name(int kind);

/* ---------------------------------------------------------------- the ensemble */
/* Why a proposal was rejected without a Metropolis test (or its test failed). */
enum jv_reject_cause {
  JV_REJECT_METROPOLIS = 0, /* the ordinary acceptance test said no */
  JV_REJECT_BOUNDS,         /* outside the model's hard bounds */
  JV_REJECT_PRIOR,          /* ln prior = -inf */
  JV_REJECT_LIKELIHOOD,     /* ln likelihood = -inf */
  JV_REJECT_NAN,            /* ln p was NaN: a model error at that point */
  JV_REJECT_EDOM,           /* model returned JV_EDOM */
  JV_REJECT_ENOCONV,        /* model returned JV_ENOCONV */
  JV_REJECT_EMATH,          /* model returned JV_EMATH */
  JV_REJECT_NCAUSES
};
const char *jv_reject_cause_name(int cause);

/* Counters of one walker: what its own updates did. Summed over walkers for reports. */
typedef struct {
  int64_t accepted;
  int64_t move_proposed[JV_MAX_MOVES];
  int64_t move_accepted[JV_MAX_MOVES];
  int64_t rejected[JV_REJECT_NCAUSES];
} jv_walker_stats_t;

/* The number of int64 words of a jv_walker_stats_t (for checkpoints and MPI). */
#define JV_WALKER_STATS_WORDS ((int)(sizeof(jv_walker_stats_t) / sizeof(int64_t)))

typedef struct {
  /* set at alloc */
  const jv_model_t *model;
  const jv_prior_t *priors; /* ndim priors, or NULL when model->log_prior is used */
  jv_moves_t moves;
  int nwalkers, ndim, nblobs;
  uint64_t seed;
  /* the state: every rank holds all walkers' positions (shared after each half-step) */
  double *x;     /* [nwalkers * ndim] */
  double *lnp;   /* [nwalkers] ln posterior */
  double *blobs; /* [nwalkers * nblobs] */
  /* per walker, meaningful for the walkers this process owns */
  gsl_rng **rng;             /* [nwalkers], NULL for walkers not owned */
  void **ws;                 /* [nwalkers] model workspaces, NULL for walkers not owned */
  jv_walker_stats_t *stats;  /* [nwalkers] */
  unsigned char *owned;      /* [nwalkers] 1 = updated by this process */
  /* scratch for one proposal (the update loop is serial in one process) */
  double *y, *yblobs;
  /* how many bad points (NaN, model failure) were logged; the first few are, then it goes quiet */
  int n_logged;
  const jv_log_t *log;
} jv_sampler_t;

/*
 * Allocate a sampler for W walkers; owned[w] (NULL = all) says which walkers this process
 * updates (their random streams and model workspaces are allocated here, once). W must be even
 * and >= 2 ndim. priors may be NULL only when model->log_prior is set. log may be NULL.
 */
int jv_sampler_alloc(const jv_model_t *model, const jv_prior_t *priors, const jv_moves_t *moves, int nwalkers,
                     uint64_t seed, const unsigned char *owned, const jv_log_t *log, jv_sampler_t **s,
                     jv_error_t *err);
void jv_sampler_free(jv_sampler_t *s);

/*
 * ln posterior at theta for walker w's workspace: bounds, prior, likelihood. Sets *cause to a
 * jv_reject_cause when the point is impossible (*lnp = -inf), else to -1. Fatal model errors
 * return their status.
 */
int jv_sampler_log_prob(jv_sampler_t *s, int w, const double *theta, double *lnp, double *blobs, int *cause,
                        jv_error_t *err);

/*
 * Initial ball: walker w (owned ones only) starts at center + width * N(0, 1) per parameter,
 * drawn from its own stream, redrawn up to max_tries times while ln p = -inf. *n_bad returns how
 * many owned walkers still have -inf (the caller decides, across ranks, whether that is fatal).
 */
int jv_sampler_init_ball(jv_sampler_t *s, const double *center, const double *width, int max_tries, int *n_bad,
                         jv_error_t *err);

/*
 * Update walkers lo .. hi-1 (all in one half, all owned) against the complementary half as it is
 * in s->x: the serial heart of the red/blue scheme (SCIENCE.md section 1). Writes the new
 * positions, ln p and blobs of those walkers in place and counts in their stats.
 */
int jv_sampler_update(jv_sampler_t *s, int half, int lo, int hi, jv_error_t *err);

/* A whole step in one process (both halves, every walker owned): for serial use and tests. */
int jv_sampler_step(jv_sampler_t *s, jv_error_t *err);

/* Sum of the stats of walkers 0 .. W-1. */
void jv_sampler_total_stats(const jv_sampler_t *s, jv_walker_stats_t *total);

/* ---------------------------------------------------------------- diagnostics */
/*
 * Integrated autocorrelation time per parameter, as emcee.autocorr.integrated_time (c = 5):
 * the normalised FFT autocorrelation of each walker's series, averaged over walkers,
 * tau(M) = 1 + 2 sum_{t=1..M} rho(t), with the smallest window M >= c tau(M) (Sokal).
 * chain is [T][W][D] (the HDF5 layout). The workspace holds the FFT buffers for T up to
 * max_steps, allocated once.
 */
typedef struct jv_autocorr jv_autocorr_t;
int jv_autocorr_alloc(size_t max_steps, jv_autocorr_t **ac, jv_error_t *err);
void jv_autocorr_free(jv_autocorr_t *ac);
int jv_autocorr_time(jv_autocorr_t *ac, const double *chain, size_t nsteps, int nwalkers, int ndim, double c,
                     double *tau, jv_error_t *err);

/* Effective sample size W T / tau. */
double jv_ess(int nwalkers, size_t nsteps, double tau);

/*
 * Stopping rule: T >= factor * tau for every parameter and tau changed by less than rel_change
 * (relative) since the previous check. tau_prev may hold NaN (no previous check).
 */
int jv_converged(size_t nsteps, int ndim, const double *tau, const double *tau_prev, double factor,
                 double rel_change);

#endif /* JOVIS_SAMPLER_H */
