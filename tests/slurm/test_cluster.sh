#!/bin/sh
# The SLURM test harness itself: a private one-node cluster starts, runs a trivial batch job, an
# MPI job under both launchers the run/ scripts offer (mpirun and srun), delivers a
# `--signal=B:USR1@...`-style signal to a batch shell, and stops again. Independent of jovis.
cd "$(dirname "$0")/../.." || exit 1
. tests/slurm/cluster.sh
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OPENBLAS_NUM_THREADS=1

cluster_start || exit 0
work=$(mktemp -d "${TMPDIR:-/tmp}/jovis-slurm-test.XXXXXX")
trap 'cluster_stop; rm -rf "$work"' EXIT

# 1. A trivial job: hostname and a short sleep.
jid=$(sbatch --parsable -o "$work/trivial.out" -J trivial --wrap 'hostname; sleep 2; echo done-sleeping')
st=$(job_wait "$jid" 60)
if [ "$st" = "COMPLETED " ] && grep -q done-sleeping "$work/trivial.out"; then
  echo "ok - a trivial batch job (hostname; sleep 2) completes"
else
  echo "not ok - trivial batch job: state '$st', output: $(cat "$work/trivial.out" 2>/dev/null)"
fi

# 2. MPI under both launchers: 2 ranks each report their rank (MPI_Init through mpirun / srun).
cat >"$work/ranks.sh" <<'EOF'
#!/bin/sh
# Prints the rank as Open MPI (mpirun) or PMIx (srun) sets it.
echo "rank=${OMPI_COMM_WORLD_RANK:-${PMIX_RANK:-${SLURM_PROCID:-?}}}"
EOF
chmod +x "$work/ranks.sh"
for launcher in mpirun srun; do
  case $launcher in
    mpirun) cmd="mpirun -np 2 $work/ranks.sh" ;;
    srun) cmd="srun -n 2 $work/ranks.sh" ;;
  esac
  jid=$(sbatch --parsable -n 2 -o "$work/$launcher.out" -J "$launcher" --wrap "$cmd")
  st=$(job_wait "$jid" 60)
  ranks=$(grep -c '^rank=[01]$' "$work/$launcher.out" 2>/dev/null)
  if [ "$st" = "COMPLETED " ] && [ "$ranks" -eq 2 ]; then
    echo "ok - $launcher starts 2 tasks inside a 2-task allocation"
  else
    echo "not ok - $launcher in a batch job: state '$st', $ranks of 2 ranks reported: $(head -c 400 "$work/$launcher.out" 2>/dev/null)"
  fi
done

# 3. The wall-time warning: --signal=B:USR1@50 with --time=1 reaches the batch shell (SLURM
# checks limits every 30 s and sends the warning up to 30 s early, so within about 40 s).
cat >"$work/sig.sh" <<'EOF'
#!/bin/sh
got=no
trap 'got=yes' USR1
i=0
while [ "$got" = no ] && [ "$i" -lt 80 ]; do sleep 1; i=$((i + 1)); done
echo "usr1=$got after ${i}s"
EOF
jid=$(sbatch --parsable -t 1 --signal=B:USR1@50 -o "$work/sig.out" -J sig "$work/sig.sh")
st=$(job_wait "$jid" 100)
if grep -q 'usr1=yes' "$work/sig.out" 2>/dev/null; then
  echo "ok - --signal=B:USR1@50 reaches the batch shell before the 1-minute limit ($(cat "$work/sig.out"))"
else
  echo "not ok - no USR1 before the time limit: state '$st', output: $(cat "$work/sig.out" 2>/dev/null)"
fi
exit 0
