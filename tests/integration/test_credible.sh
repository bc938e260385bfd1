#!/bin/sh
# analysis/credible.py, the Python credible-limit calculator, against `jovis limits` on the same
# scan files: a small photon-mass scan and a small dark-photon scan of the real Juno data (every
# 200th point, low degrees: a second each), at cl = 0.95 and 0.9. Both implement the trapezoid
# posterior of SCIENCE.md section 2 with an exact quadratic inversion, so they must agree to
# round-off; 1e-6 relative is the issue's bound. The calculator is also checked on densities
# whose quantiles are known in closed form, and `jovis_plot.py limits` draws each scan's plots.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/env.sh

# 1. Closed forms: uniform density (quantile q), linear density p = theta on [0, 1] (CDF theta^2,
# quantile sqrt(q), exact for the trapezoid model with 2 points), and the sampling-free symmetric
# case (median of a symmetric grid density is the centre).
"$PYTHON" - <<'EOF'
import sys
sys.path.insert(0, "analysis")
import numpy as np
from credible import quantile
th = np.linspace(-1.3, 2.1, 7)
err_u = max(abs(quantile(th, np.zeros(7), q) - (-1.3 + 3.4 * q)) for q in (0.05, 0.5, 0.95))
err_l = max(abs(quantile([0.0, 1.0], np.log([1e-300, 1.0]), q) - np.sqrt(q)) for q in (0.1, 0.5, 0.95))
g = np.linspace(-3, 3, 41)
err_s = abs(quantile(g, -0.5 * g**2, 0.5))
ok = max(err_u, err_l, err_s) < 1e-12
print(("ok" if ok else "not ok") + f" - credible.quantile is exact on uniform, linear and symmetric densities (errors {err_u:.1e}, {err_l:.1e}, {err_s:.1e})")
try:
    quantile([0.0, 1.0], [-np.inf, -np.inf], 0.5)
    print("not ok - credible.quantile accepted a posterior that is zero everywhere")
except ValueError as e:
    print(f"ok - credible.quantile rejects a zero posterior: {e}")
EOF

shared=${JOVIS_SHARED_DATA:-../shared/data}
data="$shared/magnetic/juno_pinn_vp3/Juno_PJ01_50_4.0Rj.txt"
if [ ! -f "$data" ]; then
  echo "skip - credible.py against jovis limits: no Juno data at $data (the scans need it)"
  exit 0
fi
if ! bin/jovis help limits >/dev/null 2>&1; then
  echo "skip - credible.py against jovis limits: this build has no 'jovis limits'"
  exit 0
fi
small='s/^stride = .*/stride = 200/; s/^n_int = .*/n_int = 10/; s/^n_ext = .*/n_ext = 2/'
sed -e "$small" -e 's/^n_m = .*/n_m = 9/' -e "s|^file = .*|file = $data|" inputs/photon_scan_quick.ini >"$TMP/photon.ini"
sed -e "$small" -e 's/^n_m = .*/n_m = 5/; s/^n_eps = .*/n_eps = 15/' -e "s|^file = .*|file = $data|" inputs/darkphoton_scan.ini >"$TMP/dark.ini"

for kind in photon dark; do
  if ! $MPIRUN -np 2 --oversubscribe bin/jovis scan "$TMP/$kind.ini" -o "$TMP/$kind.h5" -q >"$TMP/$kind.log" 2>&1; then
    echo "not ok - jovis scan ($kind) failed: $(tail -n 3 "$TMP/$kind.log")"
    continue
  fi
  for cl in 0.95 0.9; do
    # JOVIS_ANALYSIS_DIR pointing nowhere: jovis limits skips its PNGs (not under test here).
    if ! JOVIS_ANALYSIS_DIR="$TMP/none" bin/jovis limits "$TMP/$kind.h5" --cl "$cl" -o "$TMP/${kind}_$cl.h5" >"$TMP/lim.log" 2>&1; then
      echo "not ok - jovis limits ($kind, cl $cl) failed: $(tail -n 3 "$TMP/lim.log")"
      continue
    fi
    "$PYTHON" - "$TMP/$kind.h5" "$TMP/${kind}_$cl.h5" "$cl" "$kind" <<'EOF'
import sys
sys.path.insert(0, "analysis")
import h5py, numpy as np
from credible import limits
scan, lim, cl, kind = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
got_kind, py = limits(scan, cl)
g = h5py.File(lim, "r")["limits"]
if kind == "photon":
    c = {"upper_limit_eV": g["upper_limit_ev"][0], "lower_eV": g.attrs["lower_ev"], "median_eV": g.attrs["median_ev"]}
    rel = max(abs(py[k] / c[k] - 1) for k in c)
    what = f"m_gamma < {py['upper_limit_eV']:.6g} eV, median {py['median_eV']:.4g} eV"
else:
    c_eps = g["eps_limit"][()]
    rel = float(np.max(np.abs(py["eps_limit"] / c_eps - 1)))
    what = f"eps_{cl:g}(m') at {len(c_eps)} masses, tightest {py['eps_limit_min']:.4g} at {py['eps_limit_min_at_eV']:.3g} eV"
ok = got_kind == kind and rel <= 1e-6
print(("ok" if ok else "not ok") + f" - credible.py equals jovis limits ({kind}, cl {cl:g}): max relative difference {rel:.1e}; {what}")
EOF
  done
  # The limits plots through the one entry point (the hook to analysis/photon_limits.py).
  if "$PYTHON" analysis/jovis_plot.py limits "$TMP/$kind.h5" --limits "$TMP/${kind}_0.95.h5" -o "$TMP/${kind}_plot" >"$TMP/plot.log" 2>&1 &&
    grep -q '^plots=2 kind=limits$' "$TMP/plot.log"; then
    echo "ok - jovis_plot.py limits draws the $kind scan's plots: $(grep '^wrote' "$TMP/plot.log" | sed 's|.*/||' | tr '\n' ' ')"
  else
    echo "not ok - jovis_plot.py limits ($kind): $(tail -n 3 "$TMP/plot.log")"
  fi
done
exit 0
