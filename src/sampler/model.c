/* Model values: checking a model against the contract of jovis/sampler.h, and releasing it. */
#include <string.h>

#include "jovis/sampler.h"

void jv_model_free(jv_model_t *m) {
  if (m == NULL) return;
  if (m->data_free != NULL) m->data_free(m->data);
  memset(m, 0, sizeof *m);
}

int jv_model_check(const jv_model_t *m, jv_error_t *err) {
  const char *name = m->name != NULL ? m->name : "(unnamed)";
  if (m->name == NULL || m->name[0] == '\0') JV_FAIL(err, JV_EINPUT, "model has no name");
  if (m->ndim < 1) JV_FAIL(err, JV_EINPUT, "model '%s': ndim = %d, must be >= 1", name, m->ndim);
  if (m->nblobs < 0) JV_FAIL(err, JV_EINPUT, "model '%s': nblobs = %d, must be >= 0", name, m->nblobs);
  if (m->log_likelihood == NULL) JV_FAIL(err, JV_EINPUT, "model '%s' has no log_likelihood", name);
  if (m->param_names == NULL) JV_FAIL(err, JV_EINPUT, "model '%s' has no parameter names", name);
  for (int i = 0; i < m->ndim; ++i)
    if (m->param_names[i] == NULL || m->param_names[i][0] == '\0')
      JV_FAIL(err, JV_EINPUT, "model '%s': parameter %d has no name", name, i);
  if (m->nblobs > 0 && m->blob_names == NULL) JV_FAIL(err, JV_EINPUT, "model '%s': blobs without names", name);
  if ((m->workspace_alloc == NULL) != (m->workspace_free == NULL))
    JV_FAIL(err, JV_EINPUT, "model '%s': workspace_alloc and workspace_free come together", name);
  if (m->lower != NULL && m->upper != NULL)
    for (int i = 0; i < m->ndim; ++i)
      if (!(m->lower[i] < m->upper[i]))
        JV_FAIL(err, JV_EINPUT, "model '%s': bounds of '%s' are empty (%g >= %g)", name, m->param_names[i],
                m->lower[i], m->upper[i]);
  return JV_OK;
}
