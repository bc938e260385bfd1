#!/bin/sh
# The photon-mass sampler model against the grid: `jovis sample` with [model] name = photon_mass
# (log10 m_gamma, Jeffreys prior) and `jovis scan` of the same data and fit must give the same
# posterior. Quantiles (median, 95%) of log10 m are compared with a tolerance of 4 Monte-Carlo
# standard errors, sqrt(q (1-q) / ESS) / p(x_q) (ESS from the chain's own tau), plus 0.01 dex for
# the grid's trapezoid resolution (0.025 dex steps).
PYTHON=${PYTHON:-/usr/bin/python3}
MPIRUN=${MPIRUN:-mpirun}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OPENBLAS_NUM_THREADS=1
DATA=${JOVIS_SHARED_DATA:-../shared/data}/magnetic/juno_pinn_vp3
if [ ! -f "$DATA/Juno_PJ01_50_4.0Rj.txt" ] || [ ! -f "$DATA/JRM33_I30.txt" ]; then
  echo "skip - photon sampler model: Juno data or JRM33 not found under $DATA (shared data absent)"
  exit 0
fi
DATA=$(cd "$DATA" && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
JOVIS="$(pwd)/bin/jovis"

# The sampler config is inputs/photon_sample.ini with absolute data paths and a shorter chain.
sed -e "s|\.\./shared/data/magnetic/juno_pinn_vp3|$DATA|" -e 's/^steps = .*/steps = 1000/' \
  inputs/photon_sample.ini >"$T/sample.ini"
# The scan config: the same [data], [model] fit keys and [inject], a 0.025 dex grid over the bounds.
{
  sed -n '/^\[data\]/,/^\[sampler\]/p' "$T/sample.ini" | grep -v '^\[sampler\]'
  printf '[model]\nn_int = 4\nn_ext = 1\nk = 0\ndisc = con2020\n'
  printf '[scan]\nkind = photon\nm_min_ev = 1e-22\nm_max_ev = 1e-14\nn_m = 321\n'
} >"$T/scan.ini"

if $MPIRUN --oversubscribe -n 2 "$JOVIS" sample "$T/sample.ini" -o "$T/chain.h5" >"$T/sample.log" 2>&1; then
  echo "ok - jovis sample runs the photon_mass model (2 ranks)"
else
  echo "not ok - jovis sample with photon_mass: $(tail -n 3 "$T/sample.log" | tr '\n' ' ')"
fi
if $MPIRUN --oversubscribe -n 2 "$JOVIS" scan "$T/scan.ini" -o "$T/grid.h5" >"$T/scan.log" 2>&1; then :; else
  echo "not ok - grid scan for the comparison: $(tail -n 3 "$T/scan.log" | tr '\n' ' ')"
fi
cat >"$T/cmp.py" <<EOF
import h5py, numpy as np
with h5py.File("$T/chain.h5") as f:
    it = int(f["mcmc"].attrs["iteration"])
    x = f["mcmc/chain"][:it, :, 0]
    tau = float(f["jovis/tau"][0])
burn = int(5 * tau)
s = x[burn:].ravel()
ess = x[burn:].size / tau
with h5py.File("$T/grid.h5") as f:
    g = f["scan"]
    u = np.log10(g["mass_ev"][:])
    J = g["jeffreys"][:]
    lp = np.where(J > 0, g["ln_l_marg"][:] + np.log(np.where(J > 0, J, 1)), -np.inf)
p = np.exp(lp - lp.max())
c = np.concatenate([[0], np.cumsum(0.5 * (p[1:] + p[:-1]) * np.diff(u))])
p /= c[-1]; c /= c[-1]
bad = []
for q in (0.5, 0.95):
    xg = np.interp(q, c, u)
    xm = np.quantile(s, q)
    se = np.sqrt(q * (1 - q) / ess) / np.interp(xg, u, p)
    tol = 4 * se + 0.01
    if abs(xm - xg) > tol:
        bad.append(f"q={q}: chain {xm:.3f} grid {xg:.3f} tol {tol:.3f}")
    print(f"q={q}: chain {xm:.3f}, grid {xg:.3f}, |diff| {abs(xm - xg):.3f} <= {tol:.3f} dex (ESS {ess:.0f})")
assert not bad, bad
EOF
if "$PYTHON" "$T/cmp.py" >"$T/cmp.out" 2>&1; then
  echo "ok - MCMC posterior of log10 m_gamma matches the grid posterior ($(tail -n 2 "$T/cmp.out" | tr '\n' ' '))"
else
  echo "not ok - MCMC vs grid posterior: $(tail -n 3 "$T/cmp.out" | tr '\n' ' ')"
fi
exit 0
