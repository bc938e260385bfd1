/*
 * jovis parallel: a shared task counter for dynamic load balancing. Tasks 0..n-1 are handed out
 * one at a time, first come first served, through MPI one-sided atomics (MPI_Fetch_and_op on a
 * counter that rank 0 exposes in a window), so rank 0 computes too and no rank waits for a master.
 * Kept apart from jovis/parallel.h so that modules adding to that header do not collide.
 */
#ifndef JOVIS_PARALLEL_QUEUE_H
#define JOVIS_PARALLEL_QUEUE_H

#include "jovis/parallel.h"

typedef struct {
  MPI_Win win;
  long long *counter; /* rank 0's window memory (NULL elsewhere) */
  long long n;
  int active;
} jv_par_queue_t;

/* Collective: a queue of n tasks. */
int jv_par_queue_create(const jv_par_t *par, long long n, jv_par_queue_t *q, jv_error_t *err);
/* The next task index, or -1 when all have been handed out. Not collective. */
int jv_par_queue_next(jv_par_queue_t *q, long long *task, jv_error_t *err);
/* Collective: release the window. Safe on a queue that was never created (active = 0). */
void jv_par_queue_free(jv_par_queue_t *q);

#endif /* JOVIS_PARALLEL_QUEUE_H */
