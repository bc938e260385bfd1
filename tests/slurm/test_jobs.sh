#!/bin/sh
# The run/ job scripts on a private one-node SLURM with tiny configs: run/submit prints a job id;
# an MCMC job under mpirun and under srun writes its run directory (config copy, chain, log,
# STATUS) and its chain equals a direct `jovis sample` of the same config; `run/submit --resume`
# continues a finished run to a longer chain, equal to a direct run of that length; scancel stops
# a job cleanly without requeueing it, and --resume finishes it; a job array
# over a key's values (--vary) runs one task per value; the photon-mass and dark-photon scan jobs
# (with `jovis limits` after the scan) when this build has `jovis scan`. Chains are compared bit
# for bit: the sampler's chain does not depend on the rank count (issue #2), so any difference is
# a workflow bug.
cd "$(dirname "$0")/../.." || exit 1
root=$PWD
PYTHON=${PYTHON:-/usr/bin/python3}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OPENBLAS_NUM_THREADS=1
. tests/slurm/cluster.sh

work=$(mktemp -d "${TMPDIR:-/tmp}/jovis-slurm-jobs.XXXXXX")
trap 'cluster_stop; [ "${JOVIS_SLURM_KEEP:-0}" = 1 ] || rm -rf "$work"' EXIT

# run/submit picks the job script from the config without a cluster (--dry-run).
printf '[scan]\n# photon or dark (not dark)\nkind = photon\n' >"$work/p.ini"
printf '[scan]\n# grid\nkind = dark\n' >"$work/d.ini"
dry_p=$(run/submit --dry-run --runs "$work/runs" "$work/p.ini")
dry_d=$(run/submit --dry-run --runs "$work/runs" "$work/d.ini")
dry_m=$(run/submit --dry-run --runs "$work/runs" inputs/gaussian.ini)
printf '[config]\nbase = d.ini\n[scan]\nseed = 3\n' >"$work/d_based.ini" # [scan] kind = dark is in its base
dry_b=$(run/submit --dry-run --runs "$work/runs" "$work/d_based.ini")
case "$dry_p|$dry_d|$dry_m|$dry_b" in
  *photon_scan.sbatch*"|"*darkphoton_scan.sbatch*"|"*mcmc.sbatch*"|"*darkphoton_scan.sbatch*)
    echo "ok - run/submit picks photon_scan, darkphoton_scan and mcmc from the configs (a base's keys count)" ;;
  *) echo "not ok - run/submit job choice: '$dry_p' / '$dry_d' / '$dry_m' / '$dry_b'" ;;
esac
if run/submit --dry-run --launcher mpiexec inputs/gaussian.ini >/dev/null 2>&1; then
  echo "not ok - run/submit accepts --launcher mpiexec"
else
  echo "ok - run/submit rejects an unknown launcher"
fi

[ -x bin/jovis ] || { echo "not ok - bin/jovis is not built (make check-slurm builds it)"; exit 0; }
cluster_start || exit 0
mkdir -p "$work/runs"

# A tiny chain: the example config, 150 steps (0.1 s of work).
sed 's/^steps = .*/steps = 150/; s/^progress_seconds = .*/progress_seconds = 5/' inputs/gaussian.ini >"$work/tiny.ini"
bin/jovis sample "$work/tiny.ini" -o "$work/ref150.h5" -q >/dev/null 2>&1 &&
  bin/jovis sample "$work/tiny.ini" -o "$work/ref300.h5" -q --steps 300 >/dev/null 2>&1 ||
  echo "not ok - direct jovis sample of the tiny config failed"

# Same chain datasets (chain, log_prob, accepted), bit for bit; prints why not.
same_chain() {
  "$PYTHON" - "$1" "$2" <<'EOF'
import sys, h5py, numpy as np
a, b = (h5py.File(p, "r")["mcmc"] for p in sys.argv[1:3])
bad = [k for k in ("chain", "log_prob", "accepted") if a[k].shape != b[k].shape or not np.array_equal(a[k][()], b[k][()])]
if a.attrs["iteration"] != b.attrs["iteration"]:
    bad.append("iteration %d vs %d" % (a.attrs["iteration"], b.attrs["iteration"]))
print("identical" if not bad else "differ in " + ", ".join(bad))
sys.exit(1 if bad else 0)
EOF
}

# Submit an MCMC job, check the id, wait, and check the run directory. $1 = launcher.
check_mcmc_job() {
  launcher=$1
  jid=$(run/submit --runs "$work/runs" --launcher "$launcher" -n 2 -t 5 "$work/tiny.ini")
  case "$jid" in
    ''|*[!0-9]*) echo "not ok - run/submit ($launcher) should print a job id, printed '$jid'"; return ;;
  esac
  echo "ok - run/submit ($launcher) prints the job id $jid"
  st=$(job_wait "$jid" 120)
  dir="$work/runs/jovis-mcmc-$jid"
  if [ "$st" = "COMPLETED " ] && [ "$(cat "$dir/STATUS" 2>/dev/null)" = done ] &&
    [ -f "$dir/config.ini" ] && grep -q 'stopped=completed' "$dir/jovis.log" 2>/dev/null &&
    grep -q "2 ranks via $launcher" "$dir/jovis.log"; then
    echo "ok - MCMC job under $launcher: COMPLETED, run directory jovis-mcmc-$jid with config, log and STATUS done"
  else
    echo "not ok - MCMC job under $launcher: state '$st', STATUS '$(cat "$dir/STATUS" 2>/dev/null)'; log tail: $(tail -n 3 "$dir/jovis.log" 2>/dev/null)"
  fi
  if msg=$(same_chain "$dir/chain.h5" "$work/ref150.h5"); then
    echo "ok - the $launcher job's chain (2 ranks) equals a direct jovis sample (1 rank): $msg"
  else
    echo "not ok - the $launcher job's chain against a direct run: $msg"
  fi
}
check_mcmc_job mpirun
mpirun_dir="$work/runs/jovis-mcmc-$jid"
check_mcmc_job srun

# The batch script submitted by hand, as the docs show: sbatch from the checkout, config as argument.
jid=$(JOVIS_RUNS="$work/runs" sbatch --parsable -n 1 -o "$work/direct.out" run/mcmc.sbatch "$work/tiny.ini")
st=$(job_wait "$jid" 120)
if [ "$st" = "COMPLETED " ] && msg=$(same_chain "$work/runs/jovis-mcmc-$jid/chain.h5" "$work/ref150.h5"); then
  echo "ok - sbatch run/mcmc.sbatch CONFIG (no run/submit) runs from the checkout: chain $msg"
else
  echo "not ok - sbatch run/mcmc.sbatch by hand: state '$st', chain: ${msg:-not compared}; $(tail -n 2 "$work/direct.out" 2>/dev/null)"
fi

# Resume a finished run as a new job to a longer chain (JOVIS_ARGS passes --steps to jovis).
jid=$(JOVIS_ARGS="--steps 300" run/submit --resume "$mpirun_dir" -n 2)
st=$(job_wait "$jid" 120)
if [ "$st" = "COMPLETED " ] && grep -q -- '--resume --steps 300' "$mpirun_dir/jovis.log" &&
  msg=$(same_chain "$mpirun_dir/chain.h5" "$work/ref300.h5"); then
  echo "ok - run/submit --resume continues the run directory to 300 steps, equal to a direct 300-step run"
else
  echo "not ok - run/submit --resume: state '$st', chain: ${msg:-not compared}; log tail: $(tail -n 2 "$mpirun_dir/jovis.log")"
fi

# scancel: the job stops, is not requeued (STATUS stopped), the file holds the steps up to its
# last flush, and run/submit --resume finishes the chain, equal to an uninterrupted run. The job burns 3 ms of CPU
# per evaluation (cost_ms; no effect on the numbers) so that it is still running when cancelled.
sed -e 's/^cost_ms = .*/cost_ms = 3/; s/^nwalkers = .*/nwalkers = 10/' -e 's/^steps = .*/steps = 500/' \
  "$work/tiny.ini" >"$work/cancel.ini"
sed 's/^cost_ms = .*/cost_ms = 0/' "$work/cancel.ini" >"$work/cancel_ref.ini"
bin/jovis sample "$work/cancel_ref.ini" -o "$work/cancel_ref.h5" -q >/dev/null 2>&1
jid=$(run/submit --runs "$work/runs" -n 2 -t 5 "$work/cancel.ini")
dir="$work/runs/jovis-mcmc-$jid"
t=0
while [ "$t" -lt 60 ] && [ "$(job_state "$jid")" != RUNNING ]; do sleep 1; t=$((t + 1)); done
sleep 4
scancel "$jid"
st=$(job_wait "$jid" 60)
sleep 2
status=$(cat "$dir/STATUS" 2>/dev/null)
part=$("$PYTHON" -c "import h5py; print(h5py.File('$dir/chain.h5', 'r')['mcmc'].attrs['iteration'])" 2>&1)
restarts=$(job_field "$jid" Restarts)
if [ "$status" = stopped ] && [ "$restarts" = 0 ] && [ "$part" -lt 500 ] 2>/dev/null; then
  echo "ok - scancel: the job stayed cancelled ($st, STATUS stopped) with $part of 500 steps on disk"
else
  echo "not ok - scancel: state '$st', restarts '$restarts', STATUS '$status'; log tail: $(tail -n 2 "$dir/jovis.log" 2>/dev/null)"
fi
jid=$(run/submit --resume "$dir" -n 2)
st=$(job_wait "$jid" 120)
if [ "$st" = "COMPLETED " ] && [ "$(cat "$dir/STATUS")" = done ] && msg=$(same_chain "$dir/chain.h5" "$work/cancel_ref.h5"); then
  echo "ok - run/submit --resume finishes the cancelled run: its chain equals an uninterrupted run ($msg)"
else
  echo "not ok - resuming the cancelled run: state '$st', STATUS '$(cat "$dir/STATUS")', chain: ${msg:-not compared}"
fi

# A job array over a key's values: one task and one run directory per value.
jid=$(run/submit --runs "$work/runs" -n 1 --vary sampler.seed=11,12 "$work/tiny.ini")
st=$(job_wait "$jid" 120)
seeds=$("$PYTHON" - "$work/runs/jovis-eos-${jid}_0/chain.h5" "$work/runs/jovis-eos-${jid}_1/chain.h5" <<'EOF' 2>&1
import sys, h5py, numpy as np
f = [h5py.File(p, "r") for p in sys.argv[1:]]
c = [x["mcmc/chain"][()] for x in f]
print(*[int(x.attrs["seed"]) for x in f], "differ" if not np.array_equal(c[0], c[1]) else "same")
EOF
)
if [ "$st" = "COMPLETED " ] && [ "$seeds" = "11 12 differ" ]; then
  echo "ok - run/submit --vary sampler.seed=11,12: an array of 2 tasks, each with its own seed and chain"
else
  echo "not ok - job array: state '$st', seeds/chains: $seeds"
fi

# A config built on another ([config] base, relative to it), varied: the variant --vary writes
# elsewhere (a base line naming the config by its absolute path) still finds the config's own
# base two levels down, and the run directory freezes the merged keys (no base left).
mkdir -p "$work/stage"
printf '[config]\nbase = ../tiny.ini\n[sampler]\nsteps = 120\n' >"$work/stage/tiny_stage.ini"
jid=$(run/submit --runs "$work/runs" -n 1 --vary sampler.seed=21 "$work/stage/tiny_stage.ini")
st=$(job_wait "$jid" 120)
dir="$work/runs/jovis-eos-${jid}_0"
got=$("$PYTHON" -c 'import sys, h5py; f = h5py.File(sys.argv[1], "r"); print(int(f.attrs["seed"]), int(f["mcmc"].attrs["iteration"]))' \
  "$dir/chain.h5" 2>&1)
if [ "$st" = "COMPLETED " ] && [ "$got" = "21 120" ] && ! grep -q '^base' "$dir/config.ini" &&
  grep -q '^nwalkers = ' "$dir/config.ini"; then
  echo "ok - run/submit --vary on a config with a base: seed 21, 120 steps, the run's config.ini merged"
else
  echo "not ok - --vary on a based config: state '$st', seed/steps '$got', config: $(head -c 200 "$dir/config.ini" 2>/dev/null)"
fi

# The scan jobs (photon mass, dark photon), where this build has them (branch photon, issue #4):
# tiny grids on every 200th Juno point (a second of work each), then `jovis limits` in the job.
shared=${JOVIS_SHARED_DATA:-../shared/data}
data="$shared/magnetic/juno_pinn_vp3/Juno_PJ01_50_4.0Rj.txt"
if ! bin/jovis help scan >/dev/null 2>&1; then
  echo "skip - scan jobs: this build has no 'jovis scan' (issue #4)"
elif [ ! -f "$data" ]; then
  echo "skip - scan jobs: no Juno data at $data"
else
  small='s/^stride = .*/stride = 200/; s/^n_int = .*/n_int = 10/; s/^n_ext = .*/n_ext = 2/'
  sed -e "$small" -e 's/^n_m = .*/n_m = 9/' -e "s|^file = .*|file = $data|" inputs/photon_scan_quick.ini >"$work/photon.ini"
  sed -e "$small" -e 's/^n_m = .*/n_m = 5/; s/^n_eps = .*/n_eps = 15/' -e "s|^file = .*|file = $data|" inputs/darkphoton_scan.ini >"$work/dark.ini"
  pj=$(run/submit --runs "$work/runs" -n 2 -t 10 "$work/photon.ini")
  dj=$(run/submit --runs "$work/runs" -n 2 -t 10 "$work/dark.ini")
  for j in "photon $pj upper_limit_eV" "darkphoton $dj eps_limit_min"; do
    set -- $j
    st=$(job_wait "$2" 180)
    dir="$work/runs/jovis-$1-$2"
    value=$(grep '^command=limits ' "$dir/jovis.log" 2>/dev/null | tail -n 1 | tr ' ' '\n' | grep "^$3=")
    if [ "$st" = "COMPLETED " ] && [ "$(cat "$dir/STATUS" 2>/dev/null)" = done ] && [ -n "$value" ] &&
      [ -f "$dir/scan_limits.h5" ] && ls "$dir"/scan_*.png >/dev/null 2>&1; then
      echo "ok - $1 scan job: scan.h5, then jovis limits in the job ($value, $(ls "$dir"/scan_*.png | wc -l) PNGs)"
    else
      echo "not ok - $1 scan job: state '$st', STATUS '$(cat "$dir/STATUS" 2>/dev/null)'; log tail: $(tail -n 3 "$dir/jovis.log" 2>/dev/null)"
    fi
  done
fi
exit 0
