# Shared set-up of the photon integration tests (sourced, not run): MPI environment, the shared
# Juno data (a "skip" line and exit 0 when absent), a scratch folder removed on exit, and
# $T/photon_post.py, the grid posterior used by the checks (ln p = ln L_marg + ln J, trapezoid
# in the log10 variable, as jovis limits).
. tests/integration/env.sh
DATA=${JOVIS_SHARED_DATA:-../shared/data}/magnetic/juno_pinn_vp3
if [ ! -f "$DATA/Juno_PJ01_50_4.0Rj.txt" ] || [ ! -f "$DATA/JRM33_I30.txt" ]; then
  echo "skip - $PHOTON_TEST: Juno data or JRM33 not found under $DATA (shared data absent)"
  exit 0
fi
DATA=$(cd "$DATA" && pwd)
T=$TMP
export JOVIS_ANALYSIS_DIR="$(pwd)/analysis" PYTHONPATH="$T"
cat >"$T/photon_post.py" <<'EOF'
import numpy as np

def posterior(theta, lnl, jeffreys):
    """Normalised density and cumulative on the grid theta (a log10 variable)."""
    lp = np.where(jeffreys > 0, lnl + np.log(np.where(jeffreys > 0, jeffreys, 1)), -np.inf)
    p = np.exp(lp - lp.max())
    c = np.concatenate([[0], np.cumsum(0.5 * (p[1:] + p[:-1]) * np.diff(theta))])
    return p / c[-1], c / c[-1]

def quantile(theta, cum, q):
    return float(np.interp(q, cum, theta))
EOF
