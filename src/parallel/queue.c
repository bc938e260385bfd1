/*
 * Dynamic load balancing by a shared counter (see jovis/parallel_queue.h). A task is claimed with
 * one atomic fetch-and-add under a shared passive-target lock, so claims from different ranks
 * never return the same index and no rank has to answer requests.
 */
#include "jovis/parallel_queue.h"

int jv_par_queue_create(const jv_par_t *par, long long n, jv_par_queue_t *q, jv_error_t *err) {
  q->n = n;
  q->counter = NULL;
  q->active = 0;
  MPI_Aint size = par->rank == 0 ? (MPI_Aint)sizeof(long long) : 0;
  if (MPI_Win_allocate(size, (int)sizeof(long long), MPI_INFO_NULL, par->comm, &q->counter, &q->win) != MPI_SUCCESS)
    JV_FAIL(err, JV_EMPI, "MPI_Win_allocate for the task counter failed");
  if (par->rank == 0) {
    MPI_Win_lock(MPI_LOCK_EXCLUSIVE, 0, 0, q->win);
    *q->counter = 0;
    MPI_Win_unlock(0, q->win);
  }
  q->active = 1;
  /* Nobody may claim a task before the counter is zeroed. */
  if (MPI_Barrier(par->comm) != MPI_SUCCESS) JV_FAIL(err, JV_EMPI, "barrier after creating the task counter failed");
  return JV_OK;
}

int jv_par_queue_next(jv_par_queue_t *q, long long *task, jv_error_t *err) {
  long long one = 1, got = -1;
  if (MPI_Win_lock(MPI_LOCK_SHARED, 0, 0, q->win) != MPI_SUCCESS ||
      MPI_Fetch_and_op(&one, &got, MPI_LONG_LONG, 0, 0, MPI_SUM, q->win) != MPI_SUCCESS ||
      MPI_Win_unlock(0, q->win) != MPI_SUCCESS)
    JV_FAIL(err, JV_EMPI, "fetch-and-add on the task counter failed");
  *task = got < q->n ? got : -1;
  return JV_OK;
}

void jv_par_queue_free(jv_par_queue_t *q) {
  if (q->active) MPI_Win_free(&q->win);
  q->active = 0;
}
