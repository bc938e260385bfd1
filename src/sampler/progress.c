/*
 * Progress of a long run: a live bar on a terminal, a sparse plain line in batch logs.
 * Times are wall-clock seconds; the ETA assumes the rate since the start (or resume) holds. The
 * rejections by cause are those of the last flush to disk (when the counters reach rank 0).
 */
#include <math.h>
#include <stdio.h>
#include <unistd.h>

#include "jovis/sampler.h"

/* Redraws of the live bar per second on a terminal. */
#define JV_PROGRESS_TTY_INTERVAL 0.25

void jv_progress_init(jv_progress_t *p, FILE *stream, int enabled, long step0, long total, double batch_seconds) {
  p->stream = stream;
  p->enabled = enabled;
  p->tty = isatty(fileno(stream));
  p->t_start = p->t_last = jv_wtime();
  p->interval = p->tty ? JV_PROGRESS_TTY_INTERVAL : batch_seconds;
  p->step0 = step0;
  p->total = total;
}

int jv_progress_due(const jv_progress_t *p) { return p->enabled && jv_wtime() - p->t_last >= p->interval; }

static void format_duration(double s, char *buf, size_t size) {
  if (!isfinite(s) || s < 0)
    snprintf(buf, size, "?");
  else if (s < 60)
    snprintf(buf, size, "%.0fs", s);
  else if (s < 3600)
    snprintf(buf, size, "%dm%02ds", (int)(s / 60), (int)fmod(s, 60));
  else
    snprintf(buf, size, "%dh%02dm", (int)(s / 3600), (int)fmod(s / 60, 60));
}

/* " rejected edom 3 enoconv 1 ...": the rejections other than the Metropolis test, by cause. */
static void format_rejections(const jv_walker_stats_t *total, char *buf, size_t size) {
  size_t used = 0;
  buf[0] = '\0';
  if (total == NULL) return;
  for (int c = JV_REJECT_METROPOLIS + 1; c < JV_REJECT_NCAUSES && used < size; ++c) {
    if (total->rejected[c] == 0) continue;
    int k = snprintf(buf + used, size - used, "%s %s %lld", used == 0 ? " rejected" : "", jv_reject_cause_name(c),
                     (long long)total->rejected[c]);
    if (k < 0) break;
    used += (size_t)k;
  }
}

void jv_progress_print(jv_progress_t *p, long step, double acceptance, double tau_max,
                       const jv_walker_stats_t *total) {
  if (!p->enabled) return;
  double now = jv_wtime(), elapsed = now - p->t_start;
  p->t_last = now;
  long done = step - p->step0, left = p->total - step;
  double eta = done > 0 ? elapsed / (double)done * (double)left : NAN;
  char eta_s[32], tau_s[32], rej_s[256];
  format_duration(eta, eta_s, sizeof eta_s);
  format_rejections(total, rej_s, sizeof rej_s);
  if (isfinite(tau_max))
    snprintf(tau_s, sizeof tau_s, "%.1f", tau_max);
  else
    snprintf(tau_s, sizeof tau_s, "?");
  double frac = p->total > 0 ? (double)step / (double)p->total : 1.0;
  if (p->tty) {
    char bar[31];
    int filled = (int)(frac * 30.0);
    for (int i = 0; i < 30; ++i) bar[i] = i < filled ? '#' : '.';
    bar[30] = '\0';
    fprintf(p->stream, "\r[%s] %3.0f%% step %ld/%ld  acc %.3f  tau %s  ETA %s %s  ", bar, 100.0 * frac, step,
            p->total, acceptance, tau_s, eta_s, rej_s);
  } else {
    fprintf(p->stream, "progress: step %ld/%ld (%.0f%%) acceptance %.3f tau_max %s eta %s%s\n", step, p->total,
            100.0 * frac, acceptance, tau_s, eta_s, rej_s);
  }
  fflush(p->stream);
}

void jv_progress_end(jv_progress_t *p) {
  if (p->enabled && p->tty) {
    fprintf(p->stream, "\n");
    fflush(p->stream);
  }
}
