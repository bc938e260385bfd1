#!/bin/sh
# The demo (`make demo`), a few minutes on 2 ranks, outputs in out/demo/:
#  1. a short photon-mass scan (inputs/demo_photon.ini) on the real Juno data when
#     ../shared/data or data/ (`make data`) holds it, otherwise on synthetic Juno-like data (built-in
#     JRM09 field + Con2020 + noise; [data] source = auto), then `jovis limits`: the 95% credible
#     upper limit on the photon mass and its plots;
#  2. a short interior MCMC with the built-in analytic EOS (inputs/demo_interior.ini, no tables),
#     then `jovis info` (acceptance, tau, ESS), the posterior medians and intervals
#     (analysis/posterior_summary.py) and the trace/corner/autocorrelation plots.
# The last line is key=value pairs. Environment overrides (tests use them for a smaller run):
#   JOVIS_DEMO_NP (ranks, 2), JOVIS_DEMO_OUT (out/demo), JOVIS_DEMO_SOURCE (auto|file|synthetic),
#   JOVIS_DEMO_DATA (the Juno data file), JOVIS_DEMO_N_M (mass grid points, 17),
#   JOVIS_DEMO_ORBITS (synthetic perijove passes, 24), JOVIS_DEMO_STEPS (MCMC steps, 400).
set -e
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-/usr/bin/python3}
MPIRUN=${MPIRUN:-mpirun}
NP=${JOVIS_DEMO_NP:-2}
OUT=${JOVIS_DEMO_OUT:-out/demo}
SOURCE=${JOVIS_DEMO_SOURCE:-auto}
export OPENBLAS_NUM_THREADS=1
[ "$(id -u)" -eq 0 ] && export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
[ -x bin/jovis ] || { echo "demo: bin/jovis is missing: run 'make demo' (it builds first)" >&2; exit 1; }
mkdir -p "$OUT"
t0=$(date +%s)

# The value of key $1 in the key=value line $2.
kv() { printf '%s\n' "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"; }

# The Juno data file: ../shared/data (a checkout beside the project's shared folder), else data/.
JUNO=magnetic/juno_pinn_vp3/Juno_PJ01_50_4.0Rj.txt
DATA=${JOVIS_DEMO_DATA:-}
if [ -z "$DATA" ]; then
  DATA=../shared/data/$JUNO
  [ -r "$DATA" ] || DATA=data/$JUNO
fi
# The scan config: inputs/demo_photon.ini with the data file, source and sizes filled in.
sed -e "s|^file = .*|file = $DATA|" -e "s|^source = .*|source = $SOURCE|" \
    -e "s|^output = .*|output = $OUT/photon_scan.h5|" \
    ${JOVIS_DEMO_N_M:+-e "s|^n_m = .*|n_m = $JOVIS_DEMO_N_M|"} \
    ${JOVIS_DEMO_ORBITS:+-e "s|^n_orbits = .*|n_orbits = $JOVIS_DEMO_ORBITS|"} \
    inputs/demo_photon.ini >"$OUT/photon.ini"
if [ "$SOURCE" = synthetic ] || { [ "$SOURCE" = auto ] && [ ! -r "$DATA" ]; }; then
  echo "== photon-mass scan on SYNTHETIC data: no Juno data file at ../shared/data/$JUNO or data/$JUNO"
  echo "   (built-in JRM09 degree-4 field + Con2020 disc + Gaussian noise on 53.5-day polar orbits;"
  echo "   'make data' fetches the real file, then 'make demo' uses it)"
else
  echo "== photon-mass scan on the REAL Juno data: $DATA (every 10th point, PJ01-50, r < 4 R_J)"
fi
echo "   $MPIRUN -np $NP bin/jovis scan $OUT/photon.ini -o $OUT/photon_scan.h5   (log: $OUT/scan.log)"
$MPIRUN -np "$NP" --oversubscribe bin/jovis scan "$OUT/photon.ini" -o "$OUT/photon_scan.h5" --force >"$OUT/scan.log" 2>&1 ||
  { tail -n 20 "$OUT/scan.log"; echo "demo: the scan failed (log: $OUT/scan.log)" >&2; exit 1; }
grep 'data_source = ' "$OUT/scan.log" | sed 's/^\[[^]]*\] [a-z_]*(): /   /'
# the summary line (not simply the last line: another rank's messages may come after it)
scan=$(grep '^command=scan ' "$OUT/scan.log" | tail -n 1)
echo "   $(kv n_data "$scan") points, chi2/dof (no photon mass) = $(kv chi2_per_dof_sm "$scan"), $(kv wall_s "$scan") s"

echo "== jovis limits $OUT/photon_scan.h5"
PYTHON=$PYTHON bin/jovis limits "$OUT/photon_scan.h5" -o "$OUT/photon_limits.h5" >"$OUT/limits.log" 2>&1 ||
  { cat "$OUT/limits.log"; exit 1; }
grep -E 'credible upper limit|^reference' "$OUT/limits.log" | sed 's/^/   /'
limits=$(grep '^command=limits ' "$OUT/limits.log" | tail -n 1)

echo "== interior MCMC, built-in analytic EOS: $MPIRUN -np $NP bin/jovis sample inputs/demo_interior.ini   (log: $OUT/interior.log)"
$MPIRUN -np "$NP" --oversubscribe bin/jovis sample inputs/demo_interior.ini -o "$OUT/interior_mcmc.h5" --force \
  ${JOVIS_DEMO_STEPS:+--steps "$JOVIS_DEMO_STEPS"} >"$OUT/interior.log" 2>&1 ||
  { tail -n 20 "$OUT/interior.log"; echo "demo: the MCMC failed (log: $OUT/interior.log)" >&2; exit 1; }
echo "== jovis info $OUT/interior_mcmc.h5"
bin/jovis info "$OUT/interior_mcmc.h5" >"$OUT/info.log"
sed '$d' "$OUT/info.log" | sed 's/^/   /'
info=$(tail -n 1 "$OUT/info.log")
echo "   (the analytic EOS is a pair of polytropes, not Jupiter: this short chain shows the machinery"
echo "   (walkers, rejections, tau, plots) and is not converged; inputs/interior_mcmc_perturbed.ini is the science run)"

if $PYTHON -c 'import h5py, numpy' 2>/dev/null; then
  echo "== posterior summary: $PYTHON analysis/posterior_summary.py $OUT/interior_mcmc.h5"
  $PYTHON analysis/posterior_summary.py "$OUT/interior_mcmc.h5" | sed 's/^/   /'
fi
if $PYTHON -c 'import h5py, matplotlib' 2>/dev/null; then
  $PYTHON analysis/jovis_plot.py chain "$OUT/interior_mcmc.h5" -d "$OUT" | sed -n 's/^wrote /   wrote /p'
else
  echo "(no chain plots: $PYTHON lacks h5py/matplotlib; Debian python3-h5py python3-matplotlib)"
fi
pngs=$(ls "$OUT"/*.png 2>/dev/null | wc -l)
echo "== $pngs PNGs in $OUT/: $(cd "$OUT" && ls *.png 2>/dev/null | tr '\n' ' ')"
echo "demo=done data_source=$(kv data_source "$scan") n_data=$(kv n_data "$scan")" \
  "upper_limit_eV=$(kv upper_limit_eV "$limits") interior_acceptance=$(kv acceptance "$info")" \
  "interior_tau_max=$(kv tau_max "$info") interior_converged=$(kv converged "$info") pngs=$pngs" \
  "wall_s=$(($(date +%s) - t0))"
