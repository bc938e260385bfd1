/*
 * The model table: `[model] name = ...` in a config picks a row. A module that provides a model
 * adds one row here (and nothing else changes in the sampler or the commands).
 */
#include <string.h>

#include "jovis/apps.h"
#include "jovis/photon.h"

/* src/apps/model_interior.c: the interior forward model against Juno gravity (issue #6). */
int jv_app_model_interior(jv_config_t *cfg, jv_model_t *m, jv_error_t *err);

const jv_model_entry_t jv_models[] = {
    {"gaussian", "correlated N-d Gaussian (built-in test target)", jv_target_gaussian},
    {"rosenbrock", "2-D Rosenbrock banana (built-in test target)", jv_target_rosenbrock},
    {"bimodal", "two-component Gaussian mixture (built-in test target)", jv_target_bimodal},
    {"photon_mass", "photon mass from Juno's field, log10 m with the Jeffreys prior", jv_photon_model_create},
    {"interior", "Jupiter interior (dilute core, EOS perturbation) against Juno gravity [H23]", jv_app_model_interior},
    {NULL, NULL, NULL},
};

int jv_app_create_model(jv_config_t *cfg, jv_model_t *m, jv_error_t *err) {
  const char *name;
  memset(m, 0, sizeof *m);
  JV_TRY(err, jv_config_get_string(cfg, "model.name", &name, err));
  for (const jv_model_entry_t *e = jv_models; e->name != NULL; ++e)
    if (strcmp(e->name, name) == 0) {
      JV_TRY(err, e->create(cfg, m, err));
      JV_TRY(err, jv_model_check(m, err));
      return JV_OK;
    }
  char known[512] = "";
  for (const jv_model_entry_t *e = jv_models; e->name != NULL; ++e) {
    strncat(known, e == jv_models ? "" : ", ", sizeof known - strlen(known) - 1);
    strncat(known, e->name, sizeof known - strlen(known) - 1);
  }
  JV_FAIL(err, JV_EINPUT, "%s: [model] name = '%s' is not a known model (known: %s)", jv_config_source(cfg), name,
          known);
}
