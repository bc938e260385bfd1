/*
 * The Juno gravity numbers the interior likelihood compares with (juno_gravity.md):
 *  - Durante et al. 2020, GRL 47, e2019GL086572, Table 2: unnormalised J_l x 1e6 at a = 71492 km
 *    with 3 sigma uncertainties; J_2 here has the tide 0.0672e-6 removed (table caption).
 *  - Wind offsets and extra sigma (Miguel et al. 2022, as transcribed in nmovshov/pyPIPE).
 *  - Data Set S2 of Durante 2020: the full 43 x 43 covariance of fully normalised coefficients
 *    at 3 sigma, read from its text file and converted to unnormalised 1 sigma.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jovis/intmcmc.h"

/* Table 2, degrees 2..12: value x 1e6 and 3 sigma x 1e6. */
static const double durante_value[11] = {14696.5063, -0.0450, -586.6085, -0.0723, 34.2007, 0.120,
                                         -2.422,     -0.113,  0.181,     0.016,   0.062};
static const double durante_sigma3[11] = {0.0017, 0.0033, 0.0024, 0.0042, 0.0067, 0.012,
                                          0.021,  0.036,  0.065,  0.111,  0.190};

/* Winds, degrees 2, 4, 6, 8, 10 (x 1e6). */
static const double wind_offset[5] = {1.039, -0.076, 0.016, 0.053, -0.080};
static const double wind_extra[5] = {0.354, 0.083, 0.076, 0.062, 0.042};

int jv_intmcmc_durante_J(int l, double *value_1e6, double *sigma3_1e6, jv_error_t *err) {
  if (l < 2 || l > 12) JV_FAIL(err, JV_EINPUT, "Durante 2020 Table 2 has J_2 .. J_12, not J_%d", l);
  *value_1e6 = durante_value[l - 2];
  *sigma3_1e6 = durante_sigma3[l - 2];
  return JV_OK;
}

int jv_intmcmc_wind_J(int l, double *offset_1e6, double *extra_sigma_1e6, jv_error_t *err) {
  if (l < 2 || l > 10 || l % 2 != 0) JV_FAIL(err, JV_EINPUT, "wind corrections exist for J_2, J_4 .. J_10, not J_%d", l);
  *offset_1e6 = wind_offset[l / 2 - 1];
  *extra_sigma_1e6 = wind_extra[l / 2 - 1];
  return JV_OK;
}

#define S2_N 43

/* Row index of label "J[l]" in the file's order (GM, J[2], C21, S21, C22, S22, J[3] .. J[30], ...). */
static int s2_row_of_degree(int l) { return l == 2 ? 1 : 6 + (l - 3); }

/* Parse one row "LABEL v1 .. v43" into label and values; JV_EINPUT naming the line. */
static int parse_row(char *line, int lineno, const char *path, char *label, size_t label_size, double *v,
                     jv_error_t *err) {
  char *save = NULL, *tok = strtok_r(line, " \t\r", &save);
  if (tok == NULL) JV_FAIL(err, JV_EINPUT, "%s:%d: empty line in the covariance matrix", path, lineno);
  snprintf(label, label_size, "%s", tok);
  for (int j = 0; j < S2_N; ++j) {
    tok = strtok_r(NULL, " \t\r", &save);
    char *end = NULL;
    if (tok != NULL) v[j] = strtod(tok, &end);
    if (tok == NULL || end == tok || *end != '\0' || !isfinite(v[j]))
      JV_FAIL(err, JV_EINPUT, "%s:%d: row '%s' needs %d numbers, value %d is %s", path, lineno, label, S2_N, j + 1,
              tok == NULL ? "missing" : "not a number");
  }
  if (strtok_r(NULL, " \t\r", &save) != NULL)
    JV_FAIL(err, JV_EINPUT, "%s:%d: row '%s' has more than %d numbers", path, lineno, label, S2_N);
  return JV_OK;
}

int jv_intmcmc_read_covariance(const char *path, const int *l, int n, double *cov, jv_error_t *err) {
  char *text = NULL;
  double *m = NULL;
  int status = JV_OK, nrows = 0;
  for (int i = 0; i < n; ++i)
    if (l[i] < 2 || l[i] > 30) JV_FAIL(err, JV_EINPUT, "Data Set S2 holds J_2 .. J_30, not J_%d", l[i]);
  JV_TRY(err, jv_read_text_file(path, &text, err));
  m = malloc(sizeof *m * S2_N * S2_N);
  if (m == NULL) {
    free(text);
    JV_FAIL(err, JV_ENOMEM, "out of memory");
  }
  char *save = NULL;
  int lineno = 0;
  for (char *line = strtok_r(text, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
    ++lineno;
    if (strspn(line, " \t\r") == strlen(line)) continue;
    if (nrows == S2_N) {
      status = jv_error_set(err, JV_EINPUT, __func__, __LINE__, "%s:%d: more than %d rows", path, lineno, S2_N);
      goto done;
    }
    char label[64], want[16];
    JV_TRY_GOTO(err, status, done, parse_row(line, lineno, path, label, sizeof label, m + nrows * S2_N, err));
    /* the labels of the J rows must be where the documented order puts them */
    for (int d = 2; d <= 30; ++d)
      if (s2_row_of_degree(d) == nrows) {
        snprintf(want, sizeof want, "J[%d]", d);
        if (strcmp(label, want) != 0) {
          status = jv_error_set(err, JV_EINPUT, __func__, __LINE__, "%s:%d: row %d is '%s', expected '%s'", path,
                                lineno, nrows + 1, label, want);
          goto done;
        }
      }
    ++nrows;
  }
  if (nrows != S2_N) {
    status = jv_error_set(err, JV_EINPUT, __func__, __LINE__, "%s: %d rows, expected %d", path, nrows, S2_N);
    goto done;
  }
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      const double c = m[s2_row_of_degree(l[i]) * S2_N + s2_row_of_degree(l[j])];
      cov[i * n + j] = c * sqrt((2.0 * l[i] + 1) * (2.0 * l[j] + 1)) / 9.0 * 1e12;
    }
done:
  free(m);
  free(text);
  return status;
}
