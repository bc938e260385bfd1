/*
 * `jovis info OUT.h5`: what a chain file holds (walkers, steps, acceptance overall and by move,
 * tau and effective sample size per parameter, whether T >= 50 tau, walkers apart from the ensemble), read
 * on rank 0 alone.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jovis/apps.h"

/* The chain is long enough when T >= 50 tau for every parameter (SCIENCE.md section 1). */
#define JV_INFO_TAU_FACTOR 50.0

static int info_report(const char *path, const jv_store_header_t *h, const jv_chain_t *c, jv_error_t *err) {
  const int W = h->nwalkers, D = h->ndim;
  const long T = h->iteration;
  jv_walker_stats_t tot;
  jv_walker_stats_sum(c->stats, W, &tot);
  double *tau = calloc((size_t)D, sizeof *tau);
  int *found = calloc((size_t)D, sizeof *found);
  jv_autocorr_t *ac = NULL;
  int status = (tau == NULL || found == NULL) ? jv_error_set(err, JV_ENOMEM, __func__, __LINE__, "out of memory") : JV_OK;
  if (status == JV_OK && T > 0) status = jv_autocorr_alloc((size_t)T, &ac, err);
  if (status == JV_OK && T > 0) status = jv_autocorr_time(ac, c->chain, (size_t)T, W, D, 5.0, tau, found, err);
  jv_walkers_apart_t apart = {.napart = 0};
  if (status == JV_OK && T > 0) status = jv_walkers_apart(c->chain, (size_t)T, W, D, tau, NULL, &apart, err);
  if (status != JV_OK) {
    free(tau);
    free(found);
    jv_autocorr_free(ac);
    jv_error_trace(err, __func__, __LINE__);
    return status;
  }
  double acc = T > 0 ? (double)tot.accepted / ((double)T * W) : NAN;
  printf("file        %s\nmodel       %s\nwalkers     %d\nparameters  %d\nsteps       %ld (room for %ld)\n", path,
         h->model, W, D, T, h->capacity);
  printf("acceptance  %.4f", acc);
  for (int m = 0; m < h->nmoves && m < JV_MAX_MOVES; ++m)
    if (tot.move_proposed[m] > 0)
      printf("  [%s: %.4f]", h->move_names[m], (double)tot.move_accepted[m] / (double)tot.move_proposed[m]);
  printf("\nrejections ");
  for (int k = 1; k < JV_REJECT_NCAUSES; ++k) printf(" %s=%lld", jv_reject_cause_name(k), (long long)tot.rejected[k]);
  printf("\n\n%-20s %12s %12s %s\n", "parameter", "tau", "ess", "T >= 50 tau");
  int converged = T > 0;
  double tau_max = T > 0 ? 0.0 : NAN;
  for (int i = 0; i < D; ++i) {
    int ok = T > 0 && found[i] && (double)T >= JV_INFO_TAU_FACTOR * tau[i];
    converged = converged && ok;
    if (T > 0) tau_max = tau[i] > tau_max || isnan(tau[i]) ? tau[i] : tau_max;
    printf("%-20s %12.3f %12.0f %s%s\n", h->param_names[i], T > 0 ? tau[i] : NAN,
           T > 0 ? jv_ess(W, (size_t)T, tau[i]) : NAN, ok ? "yes" : "no",
           T > 0 && !found[i] ? " (chain too short for a tau estimate)" : "");
  }
  printf("\nconverged   %s\n", converged ? "yes" : "no");
  if (T > 0) {
    char line[512];
    jv_walkers_apart_describe(&apart, (const char *const *)h->param_names, line, sizeof line);
    printf("walkers apart  %s\n", line);
  }
  jv_summary_t s;
  jv_summary_init(&s);
  jv_summary_add(&s, "walkers", "%d", W);
  jv_summary_add(&s, "ndim", "%d", D);
  jv_summary_add(&s, "steps", "%ld", T);
  jv_summary_add(&s, "acceptance", "%.4f", acc);
  jv_summary_add(&s, "tau_max", "%.3f", tau_max);
  jv_summary_add(&s, "converged", "%s", converged ? "yes" : "no");
  jv_summary_add(&s, "walkers_apart", "%d", apart.napart);
  jv_summary_print(&s, stdout);
  free(tau);
  free(found);
  jv_autocorr_free(ac);
  return JV_OK;
}

int jv_cmd_info(jv_app_t *app, int argc, char **argv, jv_error_t *err) {
  jv_options_t opt;
  JV_TRY(err, jv_options_parse(argc, argv, &opt, err));
  if (opt.n_positional != 1) JV_FAIL(err, JV_EINPUT, "usage: jovis info OUT.h5");
  if (app->par.rank != 0) return JV_OK;
  jv_store_header_t h;
  jv_chain_t *c = NULL;
  JV_TRY(err, jv_store_read(opt.positional[0], 0, &h, &c, err));
  int status = info_report(opt.positional[0], &h, c, err);
  jv_chain_free(c);
  jv_store_header_free(&h);
  return status;
}
