/*
 * `jovis sample CONFIG.ini [-o OUT.h5] [--resume] [--force] [--steps N] [--seed S] [-v|-q]`:
 * the distributed ensemble sampler on the model that [model] name picks. Rank 0 holds the chain,
 * writes the HDF5 file (flushes every output.flush_every steps), prints progress and the summary.
 * SIGTERM, SIGINT and SIGUSR1 finish the current step, flush and exit 0 with how to resume.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jovis/apps.h"
#include "jovis/io.h"

typedef struct {
  /* settings */
  jv_model_t model;
  jv_run_settings_t rs;
  const char *path;
  int write, exists;
  long flush_every;
  double progress_seconds;
  /* state */
  unsigned char *owned;
  jv_par_ensemble_t *pe;
  jv_sampler_t *s;
  jv_chain_t *chain; /* rank 0 */
  jv_store_t *store; /* rank 0, when writing */
  jv_autocorr_t *ac; /* rank 0 */
  double *tau, *tau_prev, *ess;
  int *found;
  long start; /* steps in the file before this run */
} sample_t;

static void sample_free(sample_t *r) {
  jv_store_close(r->store);
  jv_chain_free(r->chain);
  jv_autocorr_free(r->ac);
  jv_sampler_free(r->s);
  jv_par_ensemble_free(r->pe);
  free(r->owned);
  free(r->tau);
  free(r->tau_prev);
  free(r->ess);
  free(r->found);
  jv_run_settings_free(&r->rs);
  jv_model_free(&r->model);
}

/* Read every key (all ranks: each holds the config) and apply the command-line overrides. */
static int read_settings(jv_app_t *app, jv_config_t *cfg, const jv_options_t *opt, sample_t *r, jv_error_t *err) {
  const char *path = NULL;
  JV_TRY(err, jv_app_create_model(cfg, &r->model, err));
  JV_TRY(err, jv_run_settings_read(cfg, &r->model, &r->rs, err));
  if (opt->steps >= 0) {
    if (opt->steps < 1) JV_FAIL(err, JV_EINPUT, "--steps must be >= 1");
    r->rs.steps = opt->steps;
  }
  if (opt->seed >= 0) r->rs.seed = (uint64_t)opt->seed;
  JV_TRY(err, jv_config_get_bool_or(cfg, "output.write", 1, &r->write, err));
  JV_TRY(err, jv_config_get_string_or(cfg, "output.path", NULL, &path, err));
  JV_TRY(err, jv_config_get_int_or(cfg, "output.flush_every", 100, &r->flush_every, err));
  JV_TRY(err, jv_config_get_double_or(cfg, "output.progress_seconds", 60.0, &r->progress_seconds, err));
  if (r->flush_every < 1) JV_FAIL(err, JV_EINPUT, "output.flush_every = %ld must be >= 1", r->flush_every);
  if (!(r->progress_seconds > 0)) JV_FAIL(err, JV_EINPUT, "output.progress_seconds must be > 0");
  r->path = opt->output_path != NULL ? opt->output_path : path;
  if (r->write && r->path == NULL)
    JV_FAIL(err, JV_EINPUT, "no output file: give -o OUT.h5 or [output] path (or [output] write = no)");
  if (opt->resume && !r->write) JV_FAIL(err, JV_EINPUT, "--resume needs an output file ([output] write = yes)");
  JV_TRY(err, jv_config_check_unused(cfg, err));
  (void)app;
  return JV_OK;
}

/* Rank 0: may we write where we were told to? An existing file is never touched by mistake. */
static int check_output(const jv_options_t *opt, sample_t *r, jv_error_t *err) {
  if (!r->write) return JV_OK;
  r->exists = jv_file_exists(r->path);
  if (opt->resume && !r->exists) JV_FAIL(err, JV_EINPUT, "--resume: '%s' does not exist", r->path);
  if (!opt->resume && r->exists && !opt->force)
    JV_FAIL(err, JV_EINPUT, "'%s' exists: --resume continues it, --force overwrites it (it is left untouched)",
            r->path);
  JV_TRY(err, jv_h5_check_writable(r->path, err));
  return JV_OK;
}

/* Rank 0: the file to resume, checked against this run's model and ensemble. */
static int read_resume(sample_t *r, jv_error_t *err) {
  jv_store_header_t hdr;
  JV_TRY(err, jv_store_read(r->path, r->rs.steps, &hdr, &r->chain, err));
  int status = JV_OK;
  if (strcmp(hdr.model, r->model.name) != 0 || hdr.nwalkers != r->rs.nwalkers || hdr.ndim != r->model.ndim ||
      hdr.nblobs != r->model.nblobs)
    status = jv_error_set(err, JV_EINPUT, __func__, __LINE__,
                          "--resume: '%s' holds model '%s' with %d walkers x %d parameters, the config asks for "
                          "'%s' with %d x %d",
                          r->path, hdr.model, hdr.nwalkers, hdr.ndim, r->model.name, r->rs.nwalkers, r->model.ndim);
  else if ((uint64_t)hdr.seed != r->rs.seed)
    status = jv_error_set(err, JV_EINPUT, __func__, __LINE__, "--resume: '%s' was started with seed %lld, not %llu",
                          r->path, (long long)hdr.seed, (unsigned long long)r->rs.seed);
  else if (hdr.iteration < 1)
    status = jv_error_set(err, JV_EINPUT, __func__, __LINE__, "--resume: '%s' holds no step yet; start afresh with --force",
                          r->path);
  jv_store_header_free(&hdr);
  return status;
}

/* Rank 0: the last step of the chain file init.from, which must hold the same walkers and parameters
   (by name: a run of another EOS or likelihood is fine, a different parameter set is not). */
static int read_last_step(const sample_t *r, double *points, jv_error_t *err) {
  const char *path = r->rs.init_from;
  jv_store_header_t hdr;
  jv_chain_t *c = NULL;
  JV_TRY(err, jv_store_read(path, 0, &hdr, &c, err));
  int status = JV_OK, same = hdr.nwalkers == r->rs.nwalkers && hdr.ndim == r->model.ndim;
  for (int i = 0; same && i < hdr.ndim; ++i) same = strcmp(hdr.param_names[i], r->model.param_names[i]) == 0;
  if (!same)
    status = jv_error_set(err, JV_EINPUT, __func__, __LINE__,
                          "init.from = %s holds %d walkers x %d parameters (%s, ...); this run has %d x %d (%s, ...) "
                          "with the same names in the same order",
                          path, hdr.nwalkers, hdr.ndim, hdr.ndim > 0 ? hdr.param_names[0] : "", r->rs.nwalkers,
                          r->model.ndim, r->model.param_names[0]);
  else if (hdr.iteration < 1)
    status = jv_error_set(err, JV_EINPUT, __func__, __LINE__, "init.from = %s holds no step yet", path);
  else
    memcpy(points, c->chain + (size_t)(hdr.iteration - 1) * (size_t)hdr.nwalkers * (size_t)hdr.ndim,
           (size_t)hdr.nwalkers * (size_t)hdr.ndim * sizeof *points);
  jv_chain_free(c);
  jv_store_header_free(&hdr);
  return status;
}

/* init.from: every walker starts where it ended in an earlier chain (read by rank 0, broadcast). */
static int start_from_file(const jv_par_t *par, sample_t *r, jv_error_t *err) {
  const size_t n = (size_t)r->rs.nwalkers * (size_t)r->model.ndim;
  double *points = malloc(n * sizeof *points);
  int status = points == NULL ? jv_error_set(err, JV_ENOMEM, __func__, __LINE__, "out of memory") : JV_OK;
  if (status == JV_OK && par->rank == 0) status = read_last_step(r, points, err);
  status = jv_par_agree(par, status, err);
  if (status == JV_OK && MPI_Bcast(points, (int)n, MPI_DOUBLE, 0, par->comm) != MPI_SUCCESS)
    status = jv_error_set(err, JV_EMPI, __func__, __LINE__, "broadcast of the init.from positions failed");
  if (status == JV_OK) status = jv_par_ensemble_init_points(r->pe, r->s, points, r->rs.init_from, err);
  free(points);
  return status;
}

static int open_store(jv_app_t *app, jv_config_t *cfg, sample_t *r, int keep_previous, jv_error_t *err) {
  if (!r->write) return JV_OK;
  jv_run_info_t info = jv_app_run_info(app, cfg, r->rs.seed);
  jv_store_meta_t meta = {.model = &r->model,
                          .settings = &r->rs,
                          .run_info = &info,
                          .flush_every = r->flush_every,
                          .resumed_from = r->start};
  JV_TRY(err, jv_store_create(r->path, r->chain, &meta, keep_previous, &r->store, err));
  return JV_OK;
}

/* Rank 0: tau of the chain so far (and how long that took, to ration it in progress lines). */
static int estimate_tau(sample_t *r, long steps, double *seconds, jv_error_t *err) {
  double t0 = jv_wtime();
  JV_TRY(err, jv_autocorr_time(r->ac, r->chain->chain, (size_t)steps, r->rs.nwalkers, r->model.ndim, 5.0, r->tau,
                               r->found, err));
  if (seconds != NULL) *seconds = jv_wtime() - t0;
  return JV_OK;
}

/* The largest value, or NaN if any is NaN (an estimate that does not exist yet). */
static double max_of(const double *v, int n) {
  double m = -INFINITY;
  for (int i = 0; i < n; ++i) {
    if (isnan(v[i])) return NAN;
    if (v[i] > m) m = v[i];
  }
  return m;
}

/* Set everything up to the first step: start afresh (initial ball) or from the file. */
static int prepare(jv_app_t *app, jv_config_t *cfg, const jv_options_t *opt, sample_t *r, jv_error_t *err) {
  const jv_par_t *par = &app->par;
  const int W = r->rs.nwalkers, D = r->model.ndim;
  int status = JV_OK;
  r->owned = calloc((size_t)W, 1);
  r->tau = calloc((size_t)D, sizeof *r->tau);
  r->tau_prev = calloc((size_t)D, sizeof *r->tau_prev);
  r->ess = calloc((size_t)D, sizeof *r->ess);
  r->found = calloc((size_t)D, sizeof *r->found);
  if (!r->owned || !r->tau || !r->tau_prev || !r->ess || !r->found) JV_FAIL(err, JV_ENOMEM, "out of memory");
  for (int i = 0; i < D; ++i) r->tau_prev[i] = r->tau[i] = NAN;
  JV_TRY(err, jv_par_ensemble_alloc(par, W, D, r->model.nblobs, r->owned, &r->pe, err));
  status = jv_sampler_alloc(&r->model, r->rs.priors, &r->rs.moves, W, r->rs.seed, r->owned, &app->log, &r->s, err);
  JV_TRY(err, jv_par_agree(par, status, err));

  if (opt->resume) {
    if (par->rank == 0) status = read_resume(r, err);
    JV_TRY(err, jv_par_agree(par, status, err));
    long it = par->rank == 0 ? r->chain->iteration : 0;
    if (MPI_Bcast(&it, 1, MPI_LONG, 0, par->comm) != MPI_SUCCESS) JV_FAIL(err, JV_EMPI, "broadcast failed");
    r->start = it;
    const jv_chain_t *c = r->chain;
    const size_t last = (size_t)(it - 1) * (size_t)W;
    JV_TRY(err, jv_par_ensemble_restore(r->pe, r->s, c ? c->chain + last * D : NULL, c ? c->log_prob + last : NULL,
                                        c ? c->blobs + last * r->model.nblobs : NULL, c ? c->rng_state : NULL,
                                        c ? c->stats : NULL, err));
  } else {
    if (r->rs.init_from != NULL)
      JV_TRY(err, start_from_file(par, r, err));
    else
      JV_TRY(err, jv_par_ensemble_init(r->pe, r->s, r->rs.center, r->rs.width, r->rs.max_tries, err));
    if (par->rank == 0) status = jv_chain_alloc(W, D, r->model.nblobs, r->rs.steps, &r->chain, err);
    JV_TRY(err, jv_par_agree(par, status, err));
  }
  if (par->rank == 0) {
    status = jv_autocorr_alloc((size_t)r->chain->capacity, &r->ac, err);
    /* resume: the stopping rule compares with the tau of the last check before the stop */
    long last_check = (r->start / r->rs.check_every) * r->rs.check_every;
    if (status == JV_OK && r->rs.stop && last_check > 0) status = estimate_tau(r, last_check, NULL, err);
    for (int i = 0; status == JV_OK && i < D; ++i) r->tau_prev[i] = r->found[i] ? r->tau[i] : NAN;
    /* a resumed file is rewritten with room for the new length (path.tmp, then rename) */
    if (status == JV_OK && r->start < r->rs.steps) status = open_store(app, cfg, r, !opt->resume && r->exists, err);
  }
  JV_TRY(err, jv_par_agree(par, status, err));
  return JV_OK;
}

/* Walkers that moved in the last step (rank 0, from the chain): the running acceptance. */
static long moved_in_last_step(const jv_chain_t *c) {
  if (c->iteration < 2) return 0;
  const size_t n = (size_t)c->nwalkers * (size_t)c->ndim, D = (size_t)c->ndim;
  const double *now = c->chain + (size_t)(c->iteration - 1) * n, *before = now - n;
  long moved = 0;
  for (size_t w = 0; w < (size_t)c->nwalkers; ++w)
    moved += memcmp(now + w * D, before + w * D, D * sizeof(double)) != 0;
  return moved;
}

typedef struct {
  long steps;
  int signal, converged;
  double seconds, cpu_seconds; /* wall and rank 0's CPU time of the sampling loop */
} outcome_t;

static double cpu_time(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int run_loop(jv_app_t *app, sample_t *r, int verbosity, outcome_t *out, jv_error_t *err) {
  const jv_par_t *par = &app->par;
  const int D = r->model.ndim;
  jv_progress_t progress;
  jv_progress_init(&progress, stderr, par->rank == 0 && verbosity >= JV_LOG_INFO, r->start, r->rs.steps,
                   r->progress_seconds);
  long it = r->start, moved = 0;
  double tau_cost = 0.0, t0 = jv_wtime(), c0 = cpu_time();
  memset(out, 0, sizeof *out);
  while (it < r->rs.steps) {
    JV_TRY(err, jv_par_ensemble_step(r->pe, r->s, err));
    it++;
    int flags[2] = {jv_signals_stop_requested(), 0};
    if (par->rank == 0) {
      JV_TRY(err, jv_chain_append(r->chain, r->s->x, r->s->lnp, r->s->blobs, err));
      if (progress.enabled) moved += moved_in_last_step(r->chain);
      if (r->rs.stop && it % r->rs.check_every == 0) {
        JV_TRY(err, estimate_tau(r, it, &tau_cost, err));
        flags[1] = jv_converged((size_t)it, D, r->tau, r->found, r->tau_prev, r->rs.stop_factor, r->rs.stop_change);
        for (int i = 0; i < D; ++i) r->tau_prev[i] = r->found[i] ? r->tau[i] : NAN;
      }
    }
    JV_TRY(err, jv_par_max_flags(par, flags, 2, err));
    const int last = it == r->rs.steps || flags[0] || flags[1];
    if (r->write && (it % r->flush_every == 0 || last)) {
      JV_TRY(err, jv_par_ensemble_gather_state(r->pe, r->s, r->chain ? r->chain->rng_state : NULL,
                                               r->chain ? r->chain->stats : NULL, err));
      if (par->rank == 0) JV_TRY(err, jv_store_flush(r->store, r->chain, err));
    }
    if (jv_progress_due(&progress)) {
      /* a fresh tau only while it costs little next to the time between lines */
      if (!r->rs.stop && tau_cost <= 0.05 * progress.interval) JV_TRY(err, estimate_tau(r, it, &tau_cost, err));
      double acc = it > r->start + 1 ? (double)moved / ((double)(it - r->start - 1) * r->rs.nwalkers) : NAN;
      jv_walker_stats_t total; /* as of the last flush: the counters reach rank 0 with the state */
      if (r->chain != NULL) jv_walker_stats_sum(r->chain->stats, r->rs.nwalkers, &total);
      jv_progress_print(&progress, it, acc, max_of(r->tau, D), r->chain != NULL ? &total : NULL);
    }
    out->signal = flags[0];
    out->converged = flags[1];
    if (flags[0] || flags[1]) break;
  }
  jv_progress_end(&progress);
  out->steps = it;
  out->seconds = jv_wtime() - t0;
  out->cpu_seconds = cpu_time() - c0;
  return JV_OK;
}

/* Rank 0: the closing diagnostics, the resume hint, the summary line. */
static int report(jv_app_t *app, const jv_options_t *opt, sample_t *r, const outcome_t *o, jv_error_t *err) {
  const int W = r->rs.nwalkers, D = r->model.ndim;
  jv_walker_stats_t tot;
  jv_walker_stats_sum(r->chain->stats, W, &tot);
  JV_TRY(err, estimate_tau(r, o->steps, NULL, err));
  int converged = 1;
  for (int i = 0; i < D; ++i) {
    r->ess[i] = jv_ess(W, (size_t)o->steps, r->tau[i]);
    if (!r->found[i] || !((double)o->steps >= r->rs.stop_factor * r->tau[i])) converged = 0;
  }
  if (r->store != NULL) JV_TRY(err, jv_store_write_diagnostics(r->store, D, r->tau, r->found, r->ess, converged, err));
  jv_walkers_apart_t apart;
  JV_TRY(err, jv_walkers_apart(r->chain->chain, (size_t)o->steps, W, D, r->tau, NULL, &apart, err));
  if (apart.napart > 0) {
    char line[512];
    jv_walkers_apart_describe(&apart, r->model.param_names, line, sizeof line);
    JV_LOG_WARNING(&app->log, "walkers apart from the ensemble: %s (jovis info %s)", line,
                   r->path != NULL ? r->path : "OUT.h5");
  }
  if (o->signal) {
    char steps_opt[64] = "";
    if (opt->steps >= 0) snprintf(steps_opt, sizeof steps_opt, " --steps %ld", opt->steps);
    JV_LOG(&app->log, "stopped by signal %d after step %ld; '%s' holds every step. Resume with:", o->signal, o->steps,
           r->path != NULL ? r->path : "(no output)");
    JV_LOG(&app->log, "  mpirun -np %d jovis sample %s -o %s --resume%s", app->par.size, opt->config_path,
           r->path != NULL ? r->path : "OUT.h5", steps_opt);
  }
  double ess_min = INFINITY;
  for (int i = 0; i < D; ++i) ess_min = r->ess[i] < ess_min ? r->ess[i] : ess_min;
  jv_summary_t sum;
  jv_summary_init(&sum);
  jv_summary_add(&sum, "steps", "%ld", o->steps);
  jv_summary_add(&sum, "walkers", "%d", W);
  jv_summary_add(&sum, "ndim", "%d", D);
  jv_summary_add(&sum, "acceptance", "%.4f", (double)tot.accepted / ((double)o->steps * W));
  for (int m = 0; m < r->rs.moves.n; ++m)
    if (tot.move_proposed[m] > 0)
      jv_summary_add(&sum, r->rs.moves.move[m].kind == JV_MOVE_STRETCH ? "acceptance_stretch" : "acceptance_de",
                     "%.4f", (double)tot.move_accepted[m] / (double)tot.move_proposed[m]);
  jv_summary_add(&sum, "tau_max", "%.3f", max_of(r->tau, D));
  jv_summary_add(&sum, "ess_min", "%.0f", ess_min);
  jv_summary_add(&sum, "converged", "%s", converged ? "yes" : "no");
  jv_summary_add(&sum, "walkers_apart", "%d", apart.napart);
  int64_t bad = tot.rejected[JV_REJECT_NAN] + tot.rejected[JV_REJECT_EDOM] + tot.rejected[JV_REJECT_ENOCONV] +
                tot.rejected[JV_REJECT_EMATH];
  jv_summary_add(&sum, "model_errors", "%lld", (long long)bad);
  jv_summary_add(&sum, "stopped", "%s", o->signal ? "signal" : o->converged ? "converged" : "completed");
  jv_summary_add(&sum, "seconds", "%.4f", o->seconds);
  jv_summary_add(&sum, "cpu_seconds", "%.4f", o->cpu_seconds);
  jv_summary_add(&sum, "steps_per_s", "%.1f", o->seconds > 0 ? (double)(o->steps - r->start) / o->seconds : 0.0);
  jv_summary_add(&sum, "output", "%s", r->write ? r->path : "none");
  jv_summary_print(&sum, stdout);
  return JV_OK;
}

int jv_cmd_sample(jv_app_t *app, int argc, char **argv, jv_error_t *err) {
  jv_options_t opt;
  jv_config_t *cfg = NULL;
  sample_t r;
  memset(&r, 0, sizeof r);
  int status = JV_OK;
  JV_TRY(err, jv_options_parse(argc, argv, &opt, err));
  if (opt.n_positional != 1) JV_FAIL(err, JV_EINPUT, "usage: jovis sample CONFIG.ini [-o OUT.h5] [--resume] ...");
  if (opt.cl != 0) JV_FAIL(err, JV_EINPUT, "option --cl is not used by `jovis sample`");
  if (opt.resume && opt.force) JV_FAIL(err, JV_EINPUT, "--resume and --force exclude each other");
  app->log.verbosity = opt.verbosity;
  JV_TRY(err, jv_app_load_config(app, opt.config_path, &cfg, err));
  status = read_settings(app, cfg, &opt, &r, err);
  JV_TRY_GOTO(err, status, done, jv_par_agree(&app->par, status, err));
  if (app->par.rank == 0) status = check_output(&opt, &r, err);
  JV_TRY_GOTO(err, status, done, jv_par_agree(&app->par, status, err));
  JV_TRY_GOTO(err, status, done, jv_signals_install(err));
  JV_TRY_GOTO(err, status, done, prepare(app, cfg, &opt, &r, err));
  outcome_t o = {.steps = r.start};
  if (r.start < r.rs.steps)
    JV_TRY_GOTO(err, status, done, run_loop(app, &r, opt.verbosity, &o, err));
  else
    JV_LOG(&app->log, "'%s' already holds %ld steps (>= %ld asked): nothing to do", r.path, r.start, r.rs.steps);
  JV_TRY_GOTO(err, status, done, jv_par_ensemble_gather_state(r.pe, r.s, r.chain ? r.chain->rng_state : NULL,
                                                              r.chain ? r.chain->stats : NULL, err));
  if (app->par.rank == 0) JV_TRY_GOTO(err, status, done, report(app, &opt, &r, &o, err));
done:
  sample_free(&r);
  jv_config_free(cfg);
  return status;
}
