/* Run settings of a sampling run from the [sampler], [init] and [prior] sections. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sampler_internal.h"

int jv_run_settings_read(jv_config_t *cfg, const jv_model_t *m, jv_run_settings_t *rs, jv_error_t *err) {
  long nwalkers, seed, tries;
  memset(rs, 0, sizeof *rs);
  const char *src = jv_config_source(cfg);
  JV_TRY(err, jv_config_get_int(cfg, "sampler.nwalkers", &nwalkers, err));
  if (nwalkers < 2 * m->ndim || nwalkers % 2 != 0 || nwalkers > 1000000)
    JV_FAIL(err, JV_EINPUT, "%s: sampler.nwalkers = %ld: the walkers must be even and at least 2 ndim = %d", src,
            nwalkers, 2 * m->ndim);
  rs->nwalkers = (int)nwalkers;
  JV_TRY(err, jv_config_get_int(cfg, "sampler.steps", &rs->steps, err));
  if (rs->steps < 1) JV_FAIL(err, JV_EINPUT, "%s: sampler.steps = %ld must be >= 1", src, rs->steps);
  JV_TRY(err, jv_config_get_int(cfg, "sampler.seed", &seed, err));
  if (seed < 0) JV_FAIL(err, JV_EINPUT, "%s: sampler.seed = %ld must be >= 0", src, seed);
  rs->seed = (uint64_t)seed;
  JV_TRY(err, jv_moves_from_config(cfg, m->ndim, &rs->moves, err));
  JV_TRY(err, jv_config_get_bool_or(cfg, "sampler.stop", 0, &rs->stop, err));
  JV_TRY(err, jv_config_get_double_or(cfg, "sampler.stop_factor", 50.0, &rs->stop_factor, err));
  JV_TRY(err, jv_config_get_double_or(cfg, "sampler.stop_change", 0.01, &rs->stop_change, err));
  JV_TRY(err, jv_config_get_int_or(cfg, "sampler.check_every", 100, &rs->check_every, err));
  if (!(rs->stop_factor > 0) || !(rs->stop_change > 0) || rs->check_every < 1)
    JV_FAIL(err, JV_EINPUT, "%s: sampler.stop_factor, sampler.stop_change and sampler.check_every must be > 0", src);
  JV_TRY(err, jv_config_get_int_or(cfg, "init.max_tries", 100, &tries, err));
  if (tries < 1 || tries > 1000000) JV_FAIL(err, JV_EINPUT, "%s: init.max_tries = %ld must be in 1..1e6", src, tries);
  rs->max_tries = (int)tries;
  int status = JV_OK;
  rs->center = calloc((size_t)m->ndim, sizeof *rs->center);
  rs->width = calloc((size_t)m->ndim, sizeof *rs->width);
  if (rs->center == NULL || rs->width == NULL) {
    status = jv_error_set(err, JV_ENOMEM, __func__, __LINE__, "out of memory");
    goto fail;
  }
  JV_TRY_GOTO(err, status, fail, jv_sampler_get_vector(cfg, "init.center", m->ndim, 0, 0.0, rs->center, err));
  JV_TRY_GOTO(err, status, fail, jv_sampler_get_vector(cfg, "init.width", m->ndim, 0, 0.0, rs->width, err));
  for (int i = 0; i < m->ndim; ++i)
    if (!(rs->width[i] > 0)) {
      status = jv_error_set(err, JV_EINPUT, __func__, __LINE__,
                            "%s: init.width of '%s' = %g must be > 0 (walkers must not start on one point)", src,
                            m->param_names[i], rs->width[i]);
      goto fail;
    }
  const char *from;
  JV_TRY_GOTO(err, status, fail, jv_config_get_string_or(cfg, "init.from", "", &from, err));
  if (from[0] != '\0' && (rs->init_from = strdup(from)) == NULL) {
    status = jv_error_set(err, JV_ENOMEM, __func__, __LINE__, "out of memory");
    goto fail;
  }
  if (m->log_prior == NULL) JV_TRY_GOTO(err, status, fail, jv_priors_from_config(cfg, m, &rs->priors, err));
  JV_TRY_GOTO(err, status, fail, jv_shear_from_config(cfg, m, &rs->shear, err));
  rs->moves.shear = rs->shear;
  return JV_OK;
fail:
  jv_run_settings_free(rs);
  return status;
}

void jv_run_settings_free(jv_run_settings_t *rs) {
  if (rs == NULL) return;
  free(rs->priors);
  free(rs->center);
  free(rs->width);
  free(rs->init_from);
  jv_shear_free(rs->shear);
  memset(rs, 0, sizeof *rs);
}
