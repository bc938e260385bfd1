# The body of every jovis SLURM batch job (sourced by run/*.sbatch; not submitted by itself).
#
# What it does, in order:
#  1. Makes the run directory  $JOVIS_RUNS/<job name>-<job id>  (array tasks: <id>_<task>), and on
#     the first start copies the config there (its [config] base files merged in), so that a
#     requeued job runs the very same config even if the original was edited meanwhile.
#  2. Starts  jovis $JOVIS_COMMAND RUN_DIR/config.ini -o RUN_DIR/$JOVIS_OUTPUT [--resume]  under
#     mpirun (default) or srun, all output appended to RUN_DIR/jovis.log. `--resume` is added when
#     the output file already exists (a requeued or resubmitted job continues where it stopped).
#  3. Wall-time safety: the job script carries `#SBATCH --signal=B:USR1@SECONDS`, so SLURM sends
#     SIGUSR1 to this shell that long before the limit. The shell forwards it to the launcher
#     (mpirun and srun both pass SIGUSR1 on to every rank); jovis finishes its current step,
#     flushes the file and exits 0. The shell then requeues the job (`scontrol requeue`), and the
#     next start resumes from the file. SIGTERM (scancel, or the limit itself when the warning
#     came too late) is forwarded the same way, so the file is consistent, but the job is not
#     requeued: a cancelled job must stay cancelled (`run/submit --resume RUN_DIR` continues it).
#     At most JOVIS_MAX_REQUEUE requeues (default 20) guard against a job that never progresses.
#  4. Writes RUN_DIR/STATUS: running, requeued N, stopped, done or failed STATUS, and ends
#     with jovis's exit status so SLURM records a failure as a failure.
#
# Settings (environment; the sbatch script sets the defaults of its analysis):
#   JOVIS_COMMAND     jovis command: sample, scan, ...              (required, set by the sbatch script)
#   JOVIS_CONFIG      config file; the script's first argument wins  (required)
#   JOVIS_OUTPUT      output file name inside the run directory      (default out.h5)
#   JOVIS_NP          MPI ranks                                      (default SLURM_NTASKS, else 1)
#   JOVIS_LAUNCHER    mpirun or srun                                 (default mpirun)
#   JOVIS_MPIRUN      mpirun command and its flags                   (default "mpirun")
#   JOVIS_SRUN_MPI    srun --mpi plugin                              (default pmix)
#   JOVIS_ROOT        the jovis checkout or install prefix holding bin/jovis (default SLURM_SUBMIT_DIR)
#   JOVIS_BIN         the jovis executable                           (default JOVIS_ROOT/bin/jovis, else jovis on PATH)
#   JOVIS_RUNS        where run directories go                       (default SLURM_SUBMIT_DIR/runs)
#   JOVIS_RUN_DIR     use this run directory instead (run/submit --resume DIR sets it)
#   JOVIS_ARGS        extra arguments for jovis (e.g. "--steps 20000")
#   JOVIS_AFTER       a jovis command run on the output once the run is done (e.g. "limits")
#   JOVIS_MAX_REQUEUE requeues allowed                               (default 20)
#   JOVIS_CONFIG_LIST array jobs: a file of config paths, one a line; task i runs line i + 1
#                     (0-based SLURM_ARRAY_TASK_ID), so `--array=0-(N-1)` covers the list.

jv_job_say() { echo "jovis-job $(date -u +%Y-%m-%dT%H:%M:%SZ): $*" | tee -a "${JV_LOG:-/dev/null}"; }

# jv_job_fail MESSAGE [STATUS-WORD]: log, record "failed STATUS-WORD" (default 1), exit 1.
jv_job_fail() {
  jv_job_say "error: $1"
  [ -n "${JV_RUN_DIR:-}" ] && echo "failed ${2:-1}" >"$JV_RUN_DIR/STATUS"
  exit 1
}

: "${JOVIS_COMMAND:?set JOVIS_COMMAND (sample, scan, ...)}"
JOVIS_ROOT=${JOVIS_ROOT:-${SLURM_SUBMIT_DIR:-$PWD}}
JOVIS_RUNS=${JOVIS_RUNS:-${SLURM_SUBMIT_DIR:-$PWD}/runs}
JOVIS_OUTPUT=${JOVIS_OUTPUT:-out.h5}
JOVIS_LAUNCHER=${JOVIS_LAUNCHER:-mpirun}
JOVIS_MAX_REQUEUE=${JOVIS_MAX_REQUEUE:-20}
JOVIS_NP=${JOVIS_NP:-${SLURM_NTASKS:-1}}
if [ -z "${JOVIS_BIN:-}" ]; then
  if [ -x "$JOVIS_ROOT/bin/jovis" ]; then JOVIS_BIN="$JOVIS_ROOT/bin/jovis"; else JOVIS_BIN=$(command -v jovis); fi
fi
[ -n "$JOVIS_BIN" ] && [ -x "$JOVIS_BIN" ] || jv_job_fail "no jovis executable (set JOVIS_BIN or JOVIS_ROOT)"
# `jovis limits` draws its PNGs with the scripts in analysis/ (found through JOVIS_ANALYSIS_DIR).
if [ -z "${JOVIS_ANALYSIS_DIR:-}" ] && [ -d "$JOVIS_ROOT/analysis" ]; then export JOVIS_ANALYSIS_DIR="$JOVIS_ROOT/analysis"; fi
# Ranks of one job share the node's cores: one BLAS thread per rank.
export OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1} OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}

# The job id that survives a requeue (SLURM keeps SLURM_JOB_ID; array tasks are id_task).
if [ -n "${SLURM_ARRAY_JOB_ID:-}" ]; then
  JV_JOB_TAG="${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}"
  if [ -n "${JOVIS_CONFIG_LIST:-}" ]; then
    JOVIS_CONFIG=$(sed -n "$((SLURM_ARRAY_TASK_ID + 1))p" "$JOVIS_CONFIG_LIST")
    [ -n "$JOVIS_CONFIG" ] || jv_job_fail "array task $SLURM_ARRAY_TASK_ID: no line $((SLURM_ARRAY_TASK_ID + 1)) in $JOVIS_CONFIG_LIST"
  fi
else
  JV_JOB_TAG="${SLURM_JOB_ID:-local$$}"
fi
: "${JOVIS_CONFIG:?give the config as the first argument or in JOVIS_CONFIG}"

JV_RUN_DIR=${JOVIS_RUN_DIR:-"$JOVIS_RUNS/${SLURM_JOB_NAME:-jovis}-$JV_JOB_TAG"}
mkdir -p "$JV_RUN_DIR" || jv_job_fail "cannot create the run directory $JV_RUN_DIR"
JV_LOG="$JV_RUN_DIR/jovis.log"
JV_OUT="$JV_RUN_DIR/$JOVIS_OUTPUT"
JV_RESTART=${SLURM_RESTART_COUNT:-0}
if [ ! -f "$JV_RUN_DIR/config.ini" ]; then
  # `jovis config` writes the file as it is, or with its [config] base files merged in: the copy
  # stands alone, whatever happens to those files later.
  "$JOVIS_BIN" config "$JOVIS_CONFIG" -o "$JV_RUN_DIR/config.ini" >>"$JV_LOG" 2>&1 ||
    jv_job_fail "cannot read the config $JOVIS_CONFIG: see $JV_LOG"
  # What `run/submit --resume RUN_DIR` needs to start this run again as a new job.
  printf 'JOVIS_COMMAND="%s"\nJOVIS_OUTPUT="%s"\nJOVIS_JOB_SCRIPT="%s"\nJOVIS_FIRST_JOB="%s"\n' \
    "$JOVIS_COMMAND" "$JOVIS_OUTPUT" "${JOVIS_JOB_SCRIPT:-}" "$JV_JOB_TAG" >"$JV_RUN_DIR/job.env"
fi

case "$JOVIS_LAUNCHER" in
  mpirun) set -- ${JOVIS_MPIRUN:-mpirun} -np "$JOVIS_NP" ;;
  srun) set -- srun --mpi="${JOVIS_SRUN_MPI:-pmix}" -n "$JOVIS_NP" ;;
  *) jv_job_fail "JOVIS_LAUNCHER must be mpirun or srun, not '$JOVIS_LAUNCHER'" ;;
esac
set -- "$@" "$JOVIS_BIN" $JOVIS_COMMAND "$JV_RUN_DIR/config.ini" -o "$JV_OUT"
[ -f "$JV_OUT" ] && set -- "$@" --resume
set -- "$@" $JOVIS_ARGS

jv_job_say "job $JV_JOB_TAG start $((JV_RESTART + 1)) on $(hostname), $JOVIS_NP ranks via $JOVIS_LAUNCHER, run directory $JV_RUN_DIR"
jv_job_say "command: $*"
echo "running" >"$JV_RUN_DIR/STATUS"

# Forward a stop signal to the launcher, which passes it on to every rank; remember it. Always as
# USR1: mpirun answers SIGTERM by killing the ranks, while it forwards SIGUSR1 (as srun does), and
# jovis treats both the same. (A plain scancel signals every process of the job, mpirun too: then
# the file holds every step up to the last flush, which is what --resume needs.)
JV_STOP=""
JV_CHILD=""
jv_job_forward() {
  JV_STOP=$1
  jv_job_say "received SIG$1: asking jovis to finish its step, flush and exit"
  [ -n "$JV_CHILD" ] && kill -s USR1 "$JV_CHILD" 2>/dev/null
}
trap 'jv_job_forward USR1' USR1
trap 'jv_job_forward TERM' TERM

"$@" >>"$JV_LOG" 2>&1 &
JV_CHILD=$!
# `wait` returns early (status > 128) when a trapped signal arrives: wait again until the child is gone.
while :; do
  wait "$JV_CHILD"
  JV_RC=$?
  kill -0 "$JV_CHILD" 2>/dev/null || break
done
trap - USR1 TERM

if [ "$JV_STOP" = TERM ]; then
  echo "stopped" >"$JV_RUN_DIR/STATUS"
  jv_job_say "stopped on SIGTERM (cancelled or out of time; jovis exit status $JV_RC): continue with run/submit --resume $JV_RUN_DIR"
  exit 0
fi
if [ "$JV_RC" -ne 0 ]; then
  echo "failed $JV_RC" >"$JV_RUN_DIR/STATUS"
  jv_job_say "jovis exited with status $JV_RC: see $JV_LOG"
  exit "$JV_RC"
fi
# A signal that came after the last step needs no requeue: the summary line says so (sample:
# `stopped=completed` or `converged`; scan: `stopped=0`). Without that key, requeue to be safe.
JV_SUMMARY=$(tail -n 1 "$JV_LOG")
case " $JV_SUMMARY " in *" stopped=completed "*|*" stopped=converged "*|*" stopped=0 "*) JV_STOP="" ;; esac
if [ -n "$JV_STOP" ]; then
  if [ "$JV_RESTART" -ge "$JOVIS_MAX_REQUEUE" ]; then
    jv_job_fail "stopped by SIG$JV_STOP after $JV_RESTART requeues (JOVIS_MAX_REQUEUE): continue with run/submit --resume $JV_RUN_DIR" requeue-limit
  fi
  echo "requeued $((JV_RESTART + 1))" >"$JV_RUN_DIR/STATUS"
  jv_job_say "jovis stopped cleanly; requeueing job ${SLURM_JOB_ID:-?} to resume from $JV_OUT"
  scontrol requeue "${SLURM_JOB_ID:?}" || jv_job_fail "scontrol requeue ${SLURM_JOB_ID} failed: resume with run/submit --resume $JV_RUN_DIR"
  exit 0
fi
if [ -n "${JOVIS_AFTER:-}" ]; then
  jv_job_say "after the run: jovis $JOVIS_AFTER $JV_OUT"
  "$JOVIS_BIN" $JOVIS_AFTER "$JV_OUT" >>"$JV_LOG" 2>&1 || jv_job_fail "jovis $JOVIS_AFTER failed: see $JV_LOG" after
  JV_SUMMARY=$(tail -n 1 "$JV_LOG")
fi
echo "done" >"$JV_RUN_DIR/STATUS"
jv_job_say "done: $JV_SUMMARY"
exit 0
