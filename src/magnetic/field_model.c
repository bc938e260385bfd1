/* Sums of field models (internal/external SH parts and Con2020 discs) at points. nT, R_J. */
#include "magnetic_internal.h"

int jv_field_eval(const jv_field_model_t *m, const double x[3], double b[3], jv_error_t *err) {
  b[0] = b[1] = b[2] = 0;
  for (int k = 0; k < m->n_sh; ++k) {
    double p[3];
    JV_TRY(err, jv_sh_field(m->sh[k], m->sh_trunc[k], NULL, x, p, err));
    b[0] += p[0], b[1] += p[1], b[2] += p[2];
  }
  for (int k = 0; k < m->n_disc; ++k) {
    double p[3];
    JV_TRY(err, jv_con2020_field(&m->disc[k], x, p, err));
    b[0] += p[0], b[1] += p[1], b[2] += p[2];
  }
  return JV_OK;
}

int jv_field_eval_data(const jv_field_model_t *m, const jv_mag_data_t *d, double *b, jv_error_t *err) {
  for (size_t i = 0; i < d->n; ++i)
    JV_TRY(err, jv_field_eval(m, d->pos + 3 * i, b + 3 * i, err));
  return JV_OK;
}
