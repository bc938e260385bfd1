/*
 * Benchmark: milliseconds per full Jupiter interior model (EOS + structure + theory of figures
 * converged) for several resolutions, cold (from a polytrope guess) and warm (from the
 * previous model, as in an MCMC chain), with the accuracy reached against a fine reference
 * (ToF7, 1024 levels, shapes on every level). Timings are also given as ratios to the
 * baseline measured in the same run (ToF4, 128 levels, stride 4, cold). Times are process CPU
 * time (best of 5), so a loaded machine does not inflate them.
 * usage: interior_model [EOS_DIR]   (default ../shared/data/eos; falls back to the analytic EOS)
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "jovis/interior.h"

typedef struct {
  int order, n, stride;
} cfg_t;

/* CPU seconds of this process: the machine is shared, so wall time would measure the neighbours. */
static double cpu_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static int run(const jv_eos_t *eos, cfg_t c, const jv_interior_params_t *p, int reps, double *ms_cold,
               double *ms_warm, jv_interior_result_t *r, jv_error_t *err) {
  jv_interior_setup_t set;
  jv_interior_ws_t *ws = NULL;
  jv_interior_setup_default(&set);
  set.eos = eos;
  set.order = c.order;
  set.n_levels = c.n;
  set.shape_stride = c.stride;
  JV_TRY(err, jv_interior_ws_alloc(&set, &ws, err));
  *ms_cold = 1e30;
  *ms_warm = 1e30;
  int status = JV_OK;
  for (int k = 0; k < reps && status == JV_OK; ++k) {
    jv_interior_ws_free(ws);
    ws = NULL;
    JV_TRY(err, jv_interior_ws_alloc(&set, &ws, err));
    double t0 = cpu_seconds();
    status = jv_interior_model(ws, p, r, err);
    double t1 = cpu_seconds();
    /* a nearby proposal, as the sampler makes: Z_env up by 1e-4 */
    jv_interior_params_t q = *p;
    q.Z_env += 1e-4;
    jv_interior_result_t rq;
    if (status == JV_OK) status = jv_interior_model(ws, &q, &rq, err);
    double t2 = cpu_seconds();
    if (1e3 * (t1 - t0) < *ms_cold) *ms_cold = 1e3 * (t1 - t0);
    if (1e3 * (t2 - t1) < *ms_warm) *ms_warm = 1e3 * (t2 - t1);
  }
  jv_interior_ws_free(ws);
  return status;
}

int main(int argc, char **argv) {
  jv_error_t err;
  jv_eos_t *eos = NULL;
  jv_eos_spec_t spec = {"scvh95", "analytic", argc > 1 ? argv[1] : "../shared/data/eos", NULL, NULL};
  if (jv_eos_open(&spec, &eos, &err) != JV_OK) {
    printf("# SCvH95 tables not found (%s): analytic EOS\n", err.msg);
    spec.hhe = "analytic";
    if (jv_eos_open(&spec, &eos, &err) != JV_OK) return 1;
  }
  /* the Jupiter model of inputs/interior_jupiter.ini */
  jv_interior_params_t p;
  jv_interior_params_default(&p);
  p.M_core_ME = 0.886154;
  p.Z_env = 0.094735;
  cfg_t ref = {7, 1024, 1}, base = {4, 128, 4};
  cfg_t cfgs[] = {{4, 128, 4}, {4, 256, 4}, {7, 128, 4}, {7, 256, 4}, {7, 256, 2}, {7, 512, 4}, {10, 256, 4}};
  jv_interior_result_t rr, r;
  double c0, w0, cb, wb;
  if (run(eos, ref, &p, 1, &c0, &w0, &rr, &err) != JV_OK || run(eos, base, &p, 5, &cb, &wb, &r, &err) != JV_OK) {
    printf("benchmark failed: %s\n", err.msg);
    return 1;
  }
  printf("interior model: %s; reference ToF7 N=1024 stride 1: J2 = %.10e, R_eq = %.4f km (%.0f ms)\n",
         jv_eos_describe(eos), rr.J[1], rr.R_eq / 1e5, c0);
  printf("baseline ToF4 N=128 stride 4: %.2f ms cold\n", cb);
  printf("order  levels stride  passes  ms_cold  ratio  ms_warm  ratio   dJ2/J2    dJ4/J4    dR_eq_km\n");
  for (size_t k = 0; k < sizeof cfgs / sizeof cfgs[0]; ++k) {
    double mc, mw;
    if (run(eos, cfgs[k], &p, 5, &mc, &mw, &r, &err) != JV_OK) {
      printf("  failed: %s\n", err.msg);
      return 1;
    }
    printf("ToF%-3d %6d %6d %7d %8.2f %6.2f %8.2f %6.2f %+9.1e %+9.1e %+9.3f%s\n", cfgs[k].order, cfgs[k].n,
           cfgs[k].stride, r.iterations, mc, mc / cb, mw, mw / cb, r.J[1] / rr.J[1] - 1, r.J[2] / rr.J[2] - 1,
           (r.R_eq - rr.R_eq) / 1e5, cfgs[k].order == 7 && cfgs[k].n == 256 && cfgs[k].stride == 4 ? "  <- default" : "");
  }
  jv_eos_free(eos);
  return 0;
}
