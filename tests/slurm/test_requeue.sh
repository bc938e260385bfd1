#!/bin/sh
# The wall-time path for real: an MCMC job with a 1-minute limit and `--signal=B:USR1@20` whose
# chain needs about 45 s of CPU work on each of 2 ranks. SLURM sends USR1 10-40 s after the start
# (it checks limits every 30 s and warns up to 30 s early), jovis finishes its step, flushes and
# exits 0, the job requeues itself (`scontrol requeue`) and the next start resumes with --resume.
# Checks: the job was stopped by the warning and requeued, ends COMPLETED with STATUS done, and
# its chain is bit for bit the chain of an uninterrupted run of the same config.
#
# Why 45 s: the first start always ends in USR1 (the warning comes by 40 s at the latest, and a
# loaded machine only makes the work take longer). Once the first requeue is seen, the test
# raises the pending job's limit to 5 minutes so that the rest finishes in one more start: every
# start under a 1-minute limit is cut after 10-40 s and a requeue costs ~13 s, which on a loaded
# 2-core machine would take the test past its time budget without testing anything new.
# The work comes from the Gaussian model's cost_ms (CPU time burnt per evaluation, no effect on
# the numbers), so the uninterrupted reference is the same config with cost_ms = 0: the same
# chain in a fraction of a second.
cd "$(dirname "$0")/../.." || exit 1
PYTHON=${PYTHON:-/usr/bin/python3}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OPENBLAS_NUM_THREADS=1
. tests/slurm/cluster.sh

[ -x bin/jovis ] || { echo "not ok - bin/jovis is not built (make check-slurm builds it)"; exit 0; }
cluster_start || exit 0
work=$(mktemp -d "${TMPDIR:-/tmp}/jovis-slurm-requeue.XXXXXX")
trap 'cluster_stop; rm -rf "$work"' EXIT

# 2 parameters, 8 walkers, 5 ms per evaluation: 40 ms CPU a step, 20 ms on each of 2 ranks;
# 2250 steps are 45 s of wall time on an idle machine.
sed -e 's/^ndim = .*/ndim = 2/; s/^mean = .*/mean = 0.5, -1.25/; s/^sigma = .*/sigma = 1.0, 0.5/' \
  -e 's/^nwalkers = .*/nwalkers = 8/; s/^steps = .*/steps = 2250/; s/^cost_ms = .*/cost_ms = 5/' \
  -e 's/^flush_every = .*/flush_every = 50/; s/^progress_seconds = .*/progress_seconds = 5/' \
  inputs/gaussian.ini >"$work/slow.ini"
sed 's/^cost_ms = .*/cost_ms = 0/' "$work/slow.ini" >"$work/fast.ini"
bin/jovis sample "$work/fast.ini" -o "$work/ref.h5" -q >/dev/null 2>&1 ||
  echo "not ok - the uninterrupted reference run failed"

jid=$(run/submit --runs "$work/runs" -n 2 -t 1 "$work/slow.ini" -- --signal=B:USR1@20)
case "$jid" in ''|*[!0-9]*) echo "not ok - run/submit printed '$jid', not a job id"; exit 0 ;; esac
# Wait for the first requeue (the warning by ~40 s, jovis's exit, `scontrol requeue`), then lift the limit.
t=0
while [ "$t" -lt 150 ] && [ "$(job_field "$jid" Restarts)" = 0 ]; do sleep 1; t=$((t + 1)); done
scontrol update JobId="$jid" TimeLimit=5 || echo "# could not raise the time limit: the job continues in 1-minute starts"
st=$(job_wait "$jid" 300)
dir="$work/runs/jovis-mcmc-$jid"
restarts=$(job_field "$jid" Restarts)
stops=$(grep -c 'stopped by signal 10' "$dir/jovis.log" 2>/dev/null)
echo "# job $jid: state $st, restarts $restarts, USR1 stops $stops, STATUS $(cat "$dir/STATUS" 2>/dev/null)"
grep -E '^jovis-job|stopped by signal' "$dir/jovis.log" 2>/dev/null | sed 's/^/#   /'

if [ "${restarts:-0}" -ge 1 ] && [ "${stops:-0}" -ge 1 ]; then
  echo "ok - the 1-minute limit's USR1 stopped jovis (at step $(sed -n 's/.*stopped by signal 10 after step \([0-9]*\).*/\1/p' "$dir/jovis.log" | head -n 1)) and the job requeued itself ($restarts requeues)"
else
  echo "not ok - no requeue on the wall-time warning: restarts '$restarts', USR1 stops '$stops'"
fi
if [ "$st" = "COMPLETED " ] && [ "$(cat "$dir/STATUS" 2>/dev/null)" = done ] && grep '^steps=' "$dir/jovis.log" | tail -n 1 | grep -q 'steps=2250 .*stopped=completed'; then
  echo "ok - the requeued job resumed and finished all 2250 steps (COMPLETED, STATUS done)"
else
  echo "not ok - requeued job did not finish: state '$st', STATUS '$(cat "$dir/STATUS" 2>/dev/null)', last summary: $(grep '^steps=' "$dir/jovis.log" 2>/dev/null | tail -n 1)"
fi
msg=$("$PYTHON" - "$dir/chain.h5" "$work/ref.h5" <<'EOF' 2>&1
import sys, h5py, numpy as np
a, b = (h5py.File(p, "r")["mcmc"] for p in sys.argv[1:3])
bad = [k for k in ("chain", "log_prob", "accepted") if a[k].shape != b[k].shape or not np.array_equal(a[k][()], b[k][()])]
print("identical over %d steps" % a.attrs["iteration"] if not bad else "differ in " + ", ".join(bad))
sys.exit(1 if bad else 0)
EOF
) && echo "ok - the interrupted-and-requeued chain equals the uninterrupted run: $msg" ||
  echo "not ok - interrupted-and-requeued chain against the uninterrupted run: $msg"
exit 0
