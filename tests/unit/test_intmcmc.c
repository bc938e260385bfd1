/*
 * Tests of the interior-MCMC gravity likelihood (src/intmcmc): published values, the conversion
 * of the Durante 2020 covariance to unnormalised 1 sigma, chi^2 against hand-computed values,
 * the radius rescaling and every error path. Deterministic: tolerances are rounding only.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "jovis/intmcmc.h"
#include "jv_test.h"

static void test_published(void) {
  jv_error_t err;
  double v, s3, off, extra;
  int st = jv_intmcmc_durante_J(2, &v, &s3, &err);
  jv_check(st == JV_OK && v == 14696.5063 && s3 == 0.0017,
           "J2 x1e6 is Durante 2020 Table 2 minus the tide 0.0672: %.4f +- %.4f (3 sigma)", v, s3);
  st = jv_intmcmc_durante_J(10, &v, &s3, &err);
  jv_check(st == JV_OK && v == 0.181 && s3 == 0.065, "J10 x1e6 = %.3f +- %.3f", v, s3);
  jv_check(jv_intmcmc_wind_J(4, &off, &extra, &err) == JV_OK && off == -0.076 && extra == 0.083,
           "J4 wind offset -0.076 and extra sigma 0.083 (x1e6)");
  jv_check(jv_intmcmc_durante_J(13, &v, &s3, &err) == JV_EINPUT, "J13 is not in Table 2: %s", err.msg);
  jv_check(jv_intmcmc_wind_J(3, &off, &extra, &err) == JV_EINPUT, "no wind correction for odd J3: %s", err.msg);
}

static void test_covariance(const char *data) {
  char path[512];
  jv_error_t err;
  if (data == NULL) {
    jv_skip("covariance conversion: ../shared/data not found (set JOVIS_SHARED_DATA)");
    return;
  }
  snprintf(path, sizeof path, "%s/gravity/durante2020_dataset_S2_covariance.txt", data);
  const int l[5] = {2, 4, 6, 8, 10};
  double cov[25];
  int st = jv_intmcmc_read_covariance(path, l, 5, cov, &err);
  jv_check(st == JV_OK, "read the Data Set S2 J2..J10 block (%s)", st == JV_OK ? "ok" : err.msg);
  if (st != JV_OK) return;
  /* 3 sqrt(C_ll) must give Table 2's 3 sigma, to the table's last digit (half a unit) plus the
     relative 1e-3 that the file's 4 significant figures allow */
  const double half_unit[5] = {0.00005, 0.00005, 0.00005, 0.0005, 0.0005};
  for (int i = 0; i < 5; ++i) {
    double v, s3;
    jv_intmcmc_durante_J(l[i], &v, &s3, &err);
    const double got = 3.0 * sqrt(cov[i * 5 + i]);
    jv_check(fabs(got - s3) <= half_unit[i] + 1e-3 * s3, "J%d: 3 sqrt(C) = %.5f x1e-6 vs Table 2 3 sigma %.4f", l[i],
             got, s3);
  }
  /* by hand: C(J2,J4) = 2.918e-19 (normalised, 3 sigma) x sqrt(5 x 9) / 9 x 1e12 = 2.1750e-7 */
  jv_check(jv_close_rel(cov[1], 2.918e-19 * sqrt(45.0) / 9.0 * 1e12, 1e-12) && jv_close_rel(cov[1], 2.17496e-7, 1e-5),
           "C(J2,J4) = %.6e (x1e-12) as by hand 2.17496e-7", cov[1]);
  jv_check(cov[1] == cov[5], "the block is symmetric");
  /* C(J2,J2) = 5.703e-19 x 5 / 9 x 1e12 = 3.168333e-7 */
  jv_check(jv_close_rel(cov[0], 3.168333e-7, 1e-6), "C(J2,J2) = %.7e as by hand 3.168333e-7", cov[0]);

  /* full-covariance chi^2 of (J2, J4) against the closed-form 2 x 2 inverse */
  jv_intmcmc_like_settings_t set = {.degrees = {2, 4}, .ndeg = 2, .winds = 0, .radius = 0, .covariance_path = path};
  jv_intmcmc_like_t lk;
  st = jv_intmcmc_like_init(&set, &lk, &err);
  jv_check(st == JV_OK, "likelihood with the full covariance (%s)", st == JV_OK ? "ok" : err.msg);
  if (st != JV_OK) return;
  const double a = 0.00123, b = -0.000457; /* residuals x1e6 */
  double J[5] = {(14696.5063 + a) * 1e-6, (-586.6085 + b) * 1e-6, 0, 0, 0}, z[6], rs[6];
  const double c11 = 3.168333333e-7, c22 = 6.411e-7, c12 = 2.918e-19 * sqrt(45.0) / 9.0 * 1e12;
  const double want = (a * a * c22 - 2 * a * b * c12 + b * b * c11) / (c11 * c22 - c12 * c12);
  const double chi2 = jv_intmcmc_like_chi2(&lk, J, 0.0, rs, z);
  jv_check(jv_close_rel(chi2, want, 1e-6), "chi2 with covariance = %.6f, closed-form 2x2 inverse %.6f", chi2, want);
  jv_check(jv_close_rel(rs[0], a / sqrt(c11), 1e-6), "residual J2 in sigma = %.4f (by hand %.4f)", rs[0],
           a / sqrt(c11));

  /* winds with the full covariance: the diagonal sigma is sigma_obs + extra, as in the diagonal case */
  set.winds = 1;
  st = jv_intmcmc_like_init(&set, &lk, &err);
  jv_check(st == JV_OK && jv_close_rel(lk.sigma[0], sqrt(c11) + 0.354, 1e-9) && jv_close_rel(lk.cov[1], c12, 1e-9),
           "winds + covariance: sigma_J2 = %.6f = sqrt(C) + 0.354, off-diagonal kept", lk.sigma[0]);

  /* a broken file is a clear error */
  const char *bad = "build/jv_test_intmcmc_cov.txt";
  FILE *f = fopen(bad, "w");
  if (f != NULL) {
    fprintf(f, "GM 1 2 3\n");
    fclose(f);
    st = jv_intmcmc_read_covariance(bad, l, 5, cov, &err);
    jv_check(st == JV_EINPUT && strstr(err.msg, "43 numbers") != NULL, "a truncated matrix is EINPUT: %s", err.msg);
    remove(bad);
  }
  st = jv_intmcmc_read_covariance("/nonexistent/cov.txt", l, 5, cov, &err);
  jv_check(st == JV_EIO, "a missing file is EIO: %s", err.msg);
}

static void test_diagonal(void) {
  jv_error_t err;
  jv_intmcmc_like_t lk;
  jv_intmcmc_like_settings_t set = {.degrees = {2, 4, 6, 8, 10}, .ndeg = 5, .winds = 0, .radius = 1};
  int st = jv_intmcmc_like_init(&set, &lk, &err);
  jv_check(st == JV_OK && lk.nobs == 6, "diagonal likelihood: 5 harmonics and R_eq (%s)", st == JV_OK ? "ok" : err.msg);
  /* residuals (x1e6) chosen by hand as multiples of the 1 sigma = 3 sigma / 3 of Table 2:
     J2 0.00085 / 0.00056667 = 1.5; J4 -0.00056 / 0.0008 = -0.7; J6 0.00446667 / 0.00223333 = 2;
     J8 0; J10 -0.0065 / 0.0216667 = -0.3; R_eq 6 km / 4 km = 1.5.
     chi2 = 2.25 + 0.49 + 4 + 0 + 0.09 + 2.25 = 9.08 */
  double J[5] = {(14696.5063 + 0.00085) * 1e-6, (-586.6085 - 0.00056) * 1e-6, (34.2007 + 0.0044666667) * 1e-6,
                 -2.422e-6, (0.181 - 0.0065) * 1e-6};
  double z[6], rs[6];
  const double chi2 = jv_intmcmc_like_chi2(&lk, J, 71498.0, rs, z);
  jv_check(fabs(chi2 - 9.08) < 1e-6, "chi2 = %.8f, by hand 9.08", chi2);
  jv_check(fabs(rs[1] + 0.7) < 1e-7 && fabs(rs[5] - 1.5) < 1e-12, "residuals in sigma: J4 %.6f (-0.7), R_eq %.6f (1.5)",
           rs[1], rs[5]);

  /* winds on: target J2 = 14696.5063 + 1.039, sigma = 0.0017/3 + 0.354; a model at the observed
     J2 is 1.039 / 0.35456667 = 2.9303375 sigma low: chi2 = 8.5868779 (J2 alone, no radius) */
  jv_intmcmc_like_settings_t w = {.degrees = {2}, .ndeg = 1, .winds = 1, .radius = 0};
  st = jv_intmcmc_like_init(&w, &lk, &err);
  double J2[5] = {14696.5063e-6, 0, 0, 0, 0};
  double c2 = jv_intmcmc_like_chi2(&lk, J2, 0.0, rs, z);
  jv_check(st == JV_OK && fabs(rs[0] + 2.9303375) < 1e-6 && fabs(c2 - 8.5868779) < 1e-6,
           "winds: J2 residual %.6f sigma (-2.9303375), chi2 %.7f (8.5868779)", rs[0], c2);

  /* error paths */
  jv_intmcmc_like_settings_t b1 = {.degrees = {2, 3}, .ndeg = 2};
  jv_check(jv_intmcmc_like_init(&b1, &lk, &err) == JV_EINPUT, "odd degree rejected: %s", err.msg);
  jv_intmcmc_like_settings_t b2 = {.degrees = {4, 2}, .ndeg = 2};
  jv_check(jv_intmcmc_like_init(&b2, &lk, &err) == JV_EINPUT, "unsorted degrees rejected: %s", err.msg);
  jv_intmcmc_like_settings_t b3 = {.degrees = {2, 12}, .ndeg = 2};
  jv_check(jv_intmcmc_like_init(&b3, &lk, &err) == JV_EINPUT, "J12 rejected: %s", err.msg);
}

static void test_config(void) {
  jv_error_t err;
  jv_config_t *cfg = NULL;
  jv_intmcmc_like_t lk;
  const char *text = "[likelihood]\nwinds = no\nradius = no\ndegrees = 2, 4, 6\n";
  int st = jv_config_parse(text, "test.ini", &cfg, &err);
  if (st == JV_OK) st = jv_intmcmc_like_from_config(cfg, &lk, &err);
  jv_check(st == JV_OK && lk.nobs == 3 && lk.set.winds == 0, "[likelihood] degrees = 2, 4, 6 without radius: 3 obs");
  jv_config_free(cfg);
  cfg = NULL;
  st = jv_config_parse("[likelihood]\ndegrees = 2, 4.5\n", "test.ini", &cfg, &err);
  if (st == JV_OK) st = jv_intmcmc_like_from_config(cfg, &lk, &err);
  jv_check(st == JV_EINPUT && strstr(err.msg, "integer") != NULL, "non-integer degree: %s", err.msg);
  jv_config_free(cfg);
  cfg = NULL;
  st = jv_config_parse("[likelihood]\n", "test.ini", &cfg, &err);
  if (st == JV_OK) st = jv_intmcmc_like_from_config(cfg, &lk, &err);
  jv_check(st == JV_OK && lk.nobs == 6 && lk.set.winds == 1, "defaults: J2..J10 and R_eq, winds on");
  jv_config_free(cfg);
}

int main(void) {
  test_published();
  test_covariance(jv_test_shared_data());
  test_diagonal();
  test_config();
  return jv_test_exit();
}
