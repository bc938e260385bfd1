/*
 * `jovis scan CONFIG.ini [-o OUT.h5] [--resume] [--force]`: a photon-mass scan (log grid in m_gamma)
 * or a dark-photon scan (log grid in m', and for each m' a log grid in eps by the QR route), with
 * the grid spread over MPI ranks by a shared task counter (dynamic load balancing; rank 0 works
 * too). Rank 0 gathers results as they finish and rewrites OUT.h5 after each task, so --resume
 * skips finished tasks. SIGTERM/SIGINT/SIGUSR1: every rank finishes its current task and stops
 * claiming; the file is consistent and the run resumable (exit 0, summary stopped=1, as `jovis sample`).
 * Messages: a finished task is one MPI_DOUBLE message to rank 0,
 *   [task, seconds, then JV_PF_N values per eps point]; task = -1 says "this rank is finished".
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jovis/apps.h"
#include "jovis/io.h"
#include "jovis/parallel_queue.h"
#include "jovis/photon.h"

#define TAG_RESULT 41

typedef struct {
  int dark;
  double m_min, m_max, eps_min, eps_max, r0;
  long n_m, n_eps;
  const char *output;
} scan_cfg_t;

static int read_scan_cfg(jv_config_t *cfg, const jv_options_t *opt, scan_cfg_t *sc, jv_error_t *err) {
  const char *kind;
  memset(sc, 0, sizeof *sc);
  JV_TRY(err, jv_config_get_string(cfg, "scan.kind", &kind, err));
  if (strcmp(kind, "photon") != 0 && strcmp(kind, "dark") != 0)
    JV_FAIL(err, JV_EINPUT, "scan.kind must be photon or dark, got '%s'", kind);
  sc->dark = kind[0] == 'd';
  JV_TRY(err, jv_config_get_double(cfg, "scan.m_min_ev", &sc->m_min, err));
  JV_TRY(err, jv_config_get_double(cfg, "scan.m_max_ev", &sc->m_max, err));
  JV_TRY(err, jv_config_get_int(cfg, "scan.n_m", &sc->n_m, err));
  if (!(sc->m_min > 0 && sc->m_max > sc->m_min) || sc->n_m < 2)
    JV_FAIL(err, JV_EINPUT, "scan: need 0 < m_min_ev < m_max_ev and n_m >= 2 (log grid)");
  sc->n_eps = 1;
  if (sc->dark) {
    JV_TRY(err, jv_config_get_double(cfg, "scan.eps_min", &sc->eps_min, err));
    JV_TRY(err, jv_config_get_double(cfg, "scan.eps_max", &sc->eps_max, err));
    JV_TRY(err, jv_config_get_int(cfg, "scan.n_eps", &sc->n_eps, err));
    JV_TRY(err, jv_config_get_double_or(cfg, "scan.r0_over_a", 0.0, &sc->r0, err));
    if (!(sc->eps_min > 0 && sc->eps_max > sc->eps_min) || sc->n_eps < 2)
      JV_FAIL(err, JV_EINPUT, "scan: need 0 < eps_min < eps_max and n_eps >= 2 (log grid)");
  }
  JV_TRY(err, jv_config_get_string_or(cfg, "scan.output", "photon_scan.h5", &sc->output, err));
  if (opt->output_path != NULL) sc->output = opt->output_path;
  return JV_OK;
}

static double log_grid(double lo, double hi, long n, long i) {
  return pow(10.0, log10(lo) + (log10(hi) - log10(lo)) * (double)i / (double)(n - 1));
}

/* One task: a mass (photon) or a mass with all its eps values (dark). msg gets the values. */
static int run_task(jv_photon_work_t *w, const jv_photon_problem_t *pb, const scan_cfg_t *sc,
                    const jv_photon_store_t *st, long long task, double *msg, jv_error_t *err) {
  double t0 = jv_wtime(), mu_a = jv_photon_mu_a(st->mass_ev[task]);
  jv_photon_point_t pt;
  msg[0] = (double)task;
  if (!sc->dark) {
    JV_TRY(err, jv_photon_mass_point(w, pb, mu_a, &pt, err));
    jv_photon_point_values(&pt, msg + 2);
  } else {
    JV_TRY(err, jv_photon_dark_prepare(w, pb, mu_a, sc->r0, err));
    for (size_t j = 0; j < st->n_eps; ++j) {
      JV_TRY(err, jv_photon_dark_point(w, st->eps[j], &pt, err));
      jv_photon_point_values(&pt, msg + 2 + j * JV_PF_N);
    }
  }
  msg[1] = jv_wtime() - t0;
  return JV_OK;
}

/* Rank 0: copy a task's message into the store and rewrite the file. */
static int store_message(jv_photon_store_t *st, const double *msg, int from, const char *path,
                         const jv_run_info_t *info, const jv_log_t *log, jv_error_t *err) {
  size_t task = (size_t)msg[0];
  memcpy(st->val + task * st->n_eps * JV_PF_N, msg + 2, st->n_eps * JV_PF_N * sizeof *msg);
  st->done[task] = 1;
  st->task_rank[task] = from;
  st->task_seconds[task] = msg[1];
  JV_TRY(err, jv_photon_store_write(st, path, info, err));
  size_t ndone = 0;
  for (size_t i = 0; i < st->n_m; ++i) ndone += st->done[i] != 0;
  JV_LOG(log, "m = %.3e eV (mu a = %.4g): Delta chi2 = %.4g (min over eps), %.2f s on rank %d [%zu/%zu]",
         st->mass_ev[task], jv_photon_mu_a(st->mass_ev[task]),
         msg[2 + JV_PF_CHI2] - st->chi2_sm, msg[1], from, ndone, st->n_m);
  return JV_OK;
}

/* Rank 0: store every result message already waiting; count "finished" messages. */
static int drain(const jv_par_t *par, jv_photon_store_t *st, double *msg, int msg_len, int block, int *finished,
                 const char *path, const jv_run_info_t *info, const jv_log_t *log, jv_error_t *err) {
  for (;;) {
    int flag = 1;
    MPI_Status status;
    if (block) MPI_Probe(MPI_ANY_SOURCE, TAG_RESULT, par->comm, &status);
    else MPI_Iprobe(MPI_ANY_SOURCE, TAG_RESULT, par->comm, &flag, &status);
    if (!flag) return JV_OK;
    if (MPI_Recv(msg, msg_len, MPI_DOUBLE, status.MPI_SOURCE, TAG_RESULT, par->comm, MPI_STATUS_IGNORE) != MPI_SUCCESS)
      JV_FAIL(err, JV_EMPI, "receiving a result from rank %d failed", status.MPI_SOURCE);
    if (msg[0] < 0) ++*finished;
    else JV_TRY(err, store_message(st, msg, status.MPI_SOURCE, path, info, log, err));
    if (block) return JV_OK;
  }
}

/* The grid and run attributes; on --resume, the finished tasks of the existing file. */
static int init_store(jv_app_t *app, const scan_cfg_t *sc, const jv_photon_setup_t *su, const jv_options_t *opt,
                      jv_photon_store_t *st, jv_error_t *err) {
  JV_TRY(err, jv_photon_store_alloc(sc->dark, (size_t)sc->n_m, (size_t)sc->n_eps, st, err));
  for (long i = 0; i < sc->n_m; ++i) st->mass_ev[i] = log_grid(sc->m_min, sc->m_max, sc->n_m, i);
  if (sc->dark)
    for (long j = 0; j < sc->n_eps; ++j) st->eps[j] = log_grid(sc->eps_min, sc->eps_max, sc->n_eps, j);
  st->n_int = su->problem.n_int;
  st->n_ext = su->problem.n_ext;
  st->k = su->problem.k;
  st->n_data = su->data->n;
  st->r0_over_a = sc->r0;
  st->sigma_scale = su->sigma_scale;
  memcpy(st->term_median, su->term_median, sizeof st->term_median);
  st->inject = su->inject;
  st->inject_mass_ev = su->inject_mass_ev;
  st->inject_dark_mass_ev = su->inject_dark_mass_ev;
  st->inject_eps = su->inject_eps;
  snprintf(st->data_source, sizeof st->data_source, "%s", su->synthetic ? "synthetic" : "file");
  snprintf(st->data_origin, sizeof st->data_origin, "%s", su->data_origin);
  if (app->par.rank != 0) return JV_OK;
  int exists = jv_file_exists(sc->output);
  if (exists && !opt->resume && !opt->force)
    JV_FAIL(err, JV_EINPUT, "%s exists: pass --resume to continue it or --force to overwrite it", sc->output);
  if (!exists || !opt->resume) return JV_OK;
  jv_photon_store_t old;
  JV_TRY(err, jv_photon_store_read(sc->output, &old, err));
  int same = old.dark == st->dark && old.n_m == st->n_m && old.n_eps == st->n_eps && old.n_data == st->n_data &&
             old.k == st->k && old.n_int == st->n_int && old.n_ext == st->n_ext &&
             strcmp(old.data_source, st->data_source) == 0;
  for (size_t i = 0; same && i < st->n_m; ++i) same = fabs(old.mass_ev[i] / st->mass_ev[i] - 1) < 1e-12;
  for (size_t j = 0; same && st->dark && j < st->n_eps; ++j) same = fabs(old.eps[j] / st->eps[j] - 1) < 1e-12;
  if (!same) {
    jv_photon_store_free(&old);
    JV_FAIL(err, JV_EINPUT, "--resume: %s was made with another grid, data set or model; use --force to start over",
            sc->output);
  }
  for (size_t i = 0; i < st->n_m; ++i)
    if (old.done[i]) {
      st->done[i] = 1;
      st->task_rank[i] = old.task_rank[i];
      st->task_seconds[i] = old.task_seconds[i];
      memcpy(st->val + i * st->n_eps * JV_PF_N, old.val + i * st->n_eps * JV_PF_N, st->n_eps * JV_PF_N * sizeof *st->val);
    }
  jv_photon_store_free(&old);
  return JV_OK;
}

static void summarise(const jv_photon_store_t *st, int ranks, double wall, size_t computed, int stopped) {
  jv_summary_t s;
  size_t ndone = 0, best = 0;
  double tsum = 0, best_d = INFINITY;
  for (size_t i = 0; i < st->n_m; ++i) {
    if (!st->done[i]) continue;
    ++ndone;
    tsum += st->task_seconds[i];
    for (size_t j = 0; j < st->n_eps; ++j) {
      double d = st->val[(i * st->n_eps + j) * JV_PF_N + JV_PF_CHI2] - st->chi2_sm;
      if (d < best_d) best_d = d, best = i;
    }
  }
  jv_summary_init(&s);
  jv_summary_add(&s, "command", "scan");
  jv_summary_add(&s, "kind", "%s", st->dark ? "dark" : "photon");
  jv_summary_add(&s, "tasks_done", "%zu", ndone);
  jv_summary_add(&s, "tasks", "%zu", st->n_m);
  jv_summary_add(&s, "points", "%zu", st->n_m * st->n_eps);
  jv_summary_add(&s, "data_source", "%s", st->data_source);
  jv_summary_add(&s, "n_data", "%zu", st->n_data);
  jv_summary_add(&s, "chi2_sm", "%.6g", st->chi2_sm);
  jv_summary_add(&s, "chi2_per_dof_sm", "%.4g", st->chi2_sm / (double)st->dof);
  jv_summary_add(&s, "min_delta_chi2", "%.4g", best_d);
  jv_summary_add(&s, "best_mass_ev", "%.4g", ndone ? st->mass_ev[best] : NAN);
  jv_summary_add(&s, "seconds_per_task", "%.4g", ndone ? tsum / (double)ndone : NAN);
  if (st->dark) jv_summary_add(&s, "seconds_per_eps_point", "%.4g", ndone ? tsum / (double)(ndone * st->n_eps) : NAN);
  jv_summary_add(&s, "computed_now", "%zu", computed);
  jv_summary_add(&s, "ranks", "%d", ranks);
  jv_summary_add(&s, "wall_s", "%.2f", wall);
  jv_summary_add(&s, "stopped", "%d", stopped);
  jv_summary_print(&s, stdout);
}

int jv_cmd_scan(jv_app_t *app, int argc, char **argv, jv_error_t *err) {
  jv_options_t opt;
  jv_config_t *cfg = NULL;
  jv_photon_setup_t su;
  jv_photon_store_t st;
  jv_photon_work_t *w = NULL;
  jv_par_queue_t queue = {0};
  scan_cfg_t sc;
  double *msg = NULL;
  long long *todo = NULL;
  int status = JV_OK, stopped = 0;
  size_t computed = 0;
  double t_start = jv_wtime();
  memset(&su, 0, sizeof su);
  memset(&st, 0, sizeof st);

  JV_TRY(err, jv_options_parse(argc, argv, &opt, err));
  if (opt.config_path == NULL || opt.n_positional != 1)
    JV_FAIL(err, JV_EINPUT, "usage: jovis scan CONFIG.ini [-o OUT.h5] [--resume] [--force]");
  app->log.verbosity = opt.verbosity;
  jv_h5_quiet();
  JV_TRY(err, jv_signals_install(err));
  JV_TRY(err, jv_app_load_config(app, opt.config_path, &cfg, err));
  /* Every rank reads the same small data file and config: no broadcast of arrays needed. */
  status = read_scan_cfg(cfg, &opt, &sc, err);
  if (status == JV_OK) status = jv_photon_setup(cfg, &su, err);
  if (status == JV_OK) status = jv_config_check_unused(cfg, err);
  if (status == JV_OK && app->par.rank == 0) status = jv_h5_check_writable(sc.output, err);
  JV_TRY_GOTO(err, status, done, jv_par_agree(&app->par, status, err));
  status = init_store(app, &sc, &su, &opt, &st, err);
  JV_TRY_GOTO(err, status, done, jv_par_agree(&app->par, status, err));
  status = jv_photon_work_alloc(&su.problem, sc.dark, &w, err);
  JV_TRY_GOTO(err, status, done, jv_par_agree(&app->par, status, err));

  jv_run_info_t info = jv_app_run_info(app, cfg, (uint64_t)su.noise_seed); /* 0: measured data */
  int msg_len = 2 + (int)(st.n_eps * JV_PF_N);
  msg = malloc((size_t)msg_len * sizeof *msg);
  todo = malloc(st.n_m * sizeof *todo);
  if (msg == NULL || todo == NULL) status = jv_error_set(err, JV_ENOMEM, __func__, __LINE__, "out of memory");
  JV_TRY_GOTO(err, status, done, jv_par_agree(&app->par, status, err));

  /* The unfinished tasks, in grid order (rank 0 knows them from the file; broadcast). */
  long long n_todo = 0;
  for (size_t i = 0; i < st.n_m; ++i)
    if (!st.done[i]) todo[n_todo++] = (long long)i;
  MPI_Bcast(&n_todo, 1, MPI_LONG_LONG, 0, app->par.comm);
  MPI_Bcast(todo, (int)n_todo, MPI_LONG_LONG, 0, app->par.comm);

  if (app->par.rank == 0) {
    /* The SM reference (massless fit): chi2_sm, sum ln s, dof. Rank 0 does it while the others
       start on the grid; Delta chi2 is formed against it when the file is written. */
    jv_photon_point_t sm;
    jv_photon_work_t *w0 = NULL;
    JV_LOG(&app->log, "data_source = %s (%s)", st.data_source, st.data_origin);
    status = sc.dark ? jv_photon_work_alloc(&su.problem, 0, &w0, err) : JV_OK;
    if (status == JV_OK) status = jv_photon_mass_point(sc.dark ? w0 : w, &su.problem, 0.0, &sm, err);
    jv_photon_work_free(w0);
    if (status == JV_OK) {
      st.chi2_sm = sm.chi2;
      st.sum_log_s_sm = sm.sum_log_s;
      st.ln_l_marg_sm = sm.ln_l_marg;
      st.dof = 3 * su.data->n - sm.k;
      JV_LOG(&app->log, "%zu points, %zu coefficients, k = %zu: chi2_SM = %.6g, chi2/dof = %.4g; median s_fluct %.3g, "
             "s_sv %.3g (no SV model), s_dir %.3g, s_res %.3g nT; %lld of %zu tasks to do",
             su.data->n, jv_photon_work_cols(w), sm.k, sm.chi2, sm.chi2 / (double)st.dof, su.term_median[0],
             su.term_median[1], su.term_median[2], su.term_median[3], n_todo, st.n_m);
      status = jv_photon_store_write(&st, sc.output, &info, err);
    }
  }
  /* A failure on rank 0 here is reported after the loop (the others must not hang in it). */
  int status0 = status;
  status = jv_par_queue_create(&app->par, n_todo, &queue, err);
  JV_TRY_GOTO(err, status, done, jv_par_agree(&app->par, status, err));

  int finished = 0;
  while (status0 == JV_OK) {
    long long k;
    if (jv_signals_stop_requested()) {
      stopped = 1;
      break;
    }
    if ((status = jv_par_queue_next(&queue, &k, err)) != JV_OK || k < 0) break;
    if ((status = run_task(w, &su.problem, &sc, &st, todo[k], msg, err)) != JV_OK) break;
    ++computed;
    if (app->par.rank == 0) {
      if ((status = store_message(&st, msg, 0, sc.output, &info, &app->log, err)) != JV_OK) break;
      if ((status = drain(&app->par, &st, msg, msg_len, 0, &finished, sc.output, &info, &app->log, err)) != JV_OK) break;
    } else {
      MPI_Send(msg, msg_len, MPI_DOUBLE, 0, TAG_RESULT, app->par.comm);
    }
  }
  if (status == JV_OK) status = status0;
  /* Every rank says it is finished (even after an error, so rank 0 never waits forever). */
  if (app->par.rank != 0) {
    msg[0] = -1;
    MPI_Send(msg, msg_len, MPI_DOUBLE, 0, TAG_RESULT, app->par.comm);
  } else {
    while (finished < app->par.size - 1) {
      int s2 = drain(&app->par, &st, msg, msg_len, 1, &finished, sc.output, &info, &app->log, err);
      if (s2 != JV_OK && status == JV_OK) status = s2;
    }
  }
  int stop_any = stopped;
  MPI_Allreduce(&stopped, &stop_any, 1, MPI_INT, MPI_MAX, app->par.comm);
  JV_TRY_GOTO(err, status, done, jv_par_agree(&app->par, status, err));
  if (app->par.rank == 0) summarise(&st, app->par.size, jv_wtime() - t_start, computed, stop_any);
  /* As `jovis sample`: a stop request is a clean end (exit 0), the summary says stopped=1. */
  if (stop_any && app->par.rank == 0)
    JV_LOG_WARNING(&app->log, "stopped on a signal; %s is consistent: continue with --resume", sc.output);
done:
  jv_par_queue_free(&queue);
  free(msg);
  free(todo);
  jv_photon_work_free(w);
  jv_photon_store_free(&st);
  jv_photon_setup_free(&su);
  jv_config_free(cfg);
  return status;
}
