/*
 * The photon mass as a sampler model (jovis/sampler.h): one parameter theta = log10(m_gamma / eV),
 *   ln L(theta) = ln L_marg(theta) - ln L_marg(SM)     (SCIENCE.md section 2; the constant keeps
 *                                                        numbers O(1) and changes nothing else),
 *   ln prior(theta) = ln J(theta), J the Jeffreys prior for log10 m (zero at the SM),
 * within hard bounds [model] log10_m_min .. log10_m_max. The data, noise and fit settings are the
 * [data], [noise], [model] and [inject] keys of `jovis scan` (inputs/photon_sample.ini), so a
 * chain and a grid scan of one config describe the same posterior. Each walker's workspace holds a
 * full fit (rows x P doubles, twice): mind the memory for the full data set.
 * The sampler may ask for the prior and the likelihood of a point in either order: the workspace
 * caches the last point so each costs one fit.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jovis/photon.h"
#include "jovis/sampler.h"

typedef struct {
  jv_photon_setup_t su;
  double ln_l_sm, chi2_sm;
  double lower, upper;
} model_data_t;

typedef struct {
  jv_photon_work_t *w;
  double theta, lnl, lnj, chi2, jeffreys;
  int valid;
} model_ws_t;

static const char *const param_names[] = {"log10_m_ev"};
static const char *const param_units[] = {"log10 eV"};
static const char *const blob_names[] = {"delta_chi2", "jeffreys"};

static void data_free(void *p) {
  model_data_t *d = p;
  if (d == NULL) return;
  jv_photon_setup_free(&d->su);
  free(d);
}

static int ws_alloc(const jv_model_t *m, void **out, jv_error_t *err) {
  const model_data_t *d = m->data;
  model_ws_t *ws;
  JV_ALLOC(err, ws, 1);
  int status = jv_photon_work_alloc(&d->su.problem, 0, &ws->w, err);
  if (status != JV_OK) {
    free(ws);
    jv_error_trace(err, __func__, __LINE__);
    return status;
  }
  *out = ws;
  return JV_OK;
}

static void ws_free(void *p) {
  model_ws_t *ws = p;
  if (ws == NULL) return;
  jv_photon_work_free(ws->w);
  free(ws);
}

/* One fit per new theta; prior and likelihood then read the cache. */
static int evaluate(const jv_model_t *m, model_ws_t *ws, double theta, jv_error_t *err) {
  const model_data_t *d = m->data;
  jv_photon_point_t pt;
  if (ws->valid && ws->theta == theta) return JV_OK;
  ws->valid = 0;
  JV_TRY(err, jv_photon_mass_point(ws->w, &d->su.problem, jv_photon_mu_a(pow(10.0, theta)), &pt, err));
  ws->theta = theta;
  ws->lnl = pt.ln_l_marg - d->ln_l_sm;
  ws->chi2 = pt.chi2;
  ws->jeffreys = pt.jeffreys;
  ws->lnj = pt.jeffreys > 0 ? log(pt.jeffreys) : -INFINITY;
  ws->valid = 1;
  return JV_OK;
}

static int log_likelihood(const jv_model_t *m, void *w, const double *theta, double *lnl, double *blobs,
                          jv_error_t *err) {
  model_ws_t *ws = w;
  const model_data_t *d = m->data;
  JV_TRY(err, evaluate(m, ws, theta[0], err));
  *lnl = ws->lnl;
  if (blobs != NULL) {
    blobs[0] = ws->chi2 - d->chi2_sm;
    blobs[1] = ws->jeffreys;
  }
  return JV_OK;
}

static int log_prior(const jv_model_t *m, void *w, const double *theta, double *lnp, jv_error_t *err) {
  model_ws_t *ws = w;
  JV_TRY(err, evaluate(m, ws, theta[0], err));
  *lnp = ws->lnj;
  return JV_OK;
}

int jv_photon_model_create(jv_config_t *cfg, jv_model_t *m, jv_error_t *err) {
  model_data_t *d;
  jv_photon_work_t *w = NULL;
  jv_photon_point_t sm;
  int status;
  JV_ALLOC(err, d, 1);
  status = jv_config_get_double(cfg, "model.log10_m_min", &d->lower, err);
  if (status == JV_OK) status = jv_config_get_double(cfg, "model.log10_m_max", &d->upper, err);
  if (status == JV_OK && !(d->upper > d->lower))
    status = jv_error_set(err, JV_EINPUT, __func__, __LINE__, "model: need log10_m_min < log10_m_max");
  if (status == JV_OK) status = jv_photon_setup(cfg, &d->su, err);
  if (status == JV_OK) status = jv_photon_work_alloc(&d->su.problem, 0, &w, err);
  if (status == JV_OK) status = jv_photon_mass_point(w, &d->su.problem, 0.0, &sm, err);
  jv_photon_work_free(w);
  if (status != JV_OK) {
    data_free(d);
    jv_error_trace(err, __func__, __LINE__);
    return status;
  }
  d->ln_l_sm = sm.ln_l_marg;
  d->chi2_sm = sm.chi2;
  memset(m, 0, sizeof *m);
  m->name = "photon_mass";
  m->ndim = 1;
  m->nblobs = 2;
  m->param_names = param_names;
  m->param_units = param_units;
  m->blob_names = blob_names;
  m->lower = &d->lower;
  m->upper = &d->upper;
  m->workspace_alloc = ws_alloc;
  m->workspace_free = ws_free;
  m->log_likelihood = log_likelihood;
  m->log_prior = log_prior;
  m->data = d;
  m->data_free = data_free;
  return JV_OK;
}
