#!/bin/sh
# Unbounded moves (src/sampler/unbounded.c, docs/sampler.md "Unbounded moves"), fixed seeds,
# tolerances from the Monte Carlo error:
#  - a 5-D Gaussian (sigma 1, 0.5, 2, 1.5, 0.25, no correlation) whose prior puts a wall through
#    the mean of x0 (from below) and of x2 (from above), the others bounded far out: every marginal
#    is a truncated normal, whose mean and variance the chain must give within 4 standard errors;
#    no proposal falls outside the prior; np 2 = np 1 bitwise; tau shorter than the same run in theta;
#  - analysis/shear_fit.py --unbounded fits in those coordinates and says so (`unbounded = yes`);
#    a run with its shear on top gives the same moments.
. tests/integration/sampler_env.sh

cat >"$TMP/walls.ini" <<'INI'
[model]
name = gaussian
ndim = 5
mean = 0.5, -1.25, 2.0, 0.0, 3.5
sigma = 1.0, 0.5, 2.0, 1.5, 0.25
rho = 0
[sampler]
nwalkers = 32
steps = 20000
seed = 11
moves = stretch:0.8, de:0.2
unbounded = yes
[init]
center = 1.0, -1.25, 1.0, 0.0, 3.5
width = 0.1
[prior]
default = uniform -50 50
x0 = uniform 0.5 50
x2 = uniform -50 2.0
[output]
path = walls.h5
INI
sed 's/^unbounded = yes/unbounded = no/' "$TMP/walls.ini" >"$TMP/theta.ini"
jv_run 2 sample "$TMP/walls.ini" -q -o "$TMP/u2.h5" >"$TMP/u2.out" 2>&1 &&
  jv_run 1 sample "$TMP/walls.ini" -q -o "$TMP/u1.h5" --steps 500 >"$TMP/u1.out" 2>&1 &&
  jv_run 1 sample "$TMP/theta.ini" -q -o "$TMP/t1.h5" >"$TMP/t1.out" 2>&1
check $? "walled 5-D Gaussian: 20000 steps unbounded on 2 ranks, 500 on 1, 20000 in theta"

moments='
import sys, numpy as np, emcee, h5py
from scipy.stats import truncnorm
sys.path.insert(0, "tests/integration")
from sampler_check import check, load
mu = np.array([0.5, -1.25, 2.0, 0.0, 3.5]); s = np.array([1.0, 0.5, 2.0, 1.5, 0.25])
lo = np.array([0.5, -50, -50, -50, -50]); hi = np.array([50, 50, 2.0, 50, 50])
law = truncnorm((lo - mu) / s, (hi - mu) / s, loc=mu, scale=s)
def moments(chain, label):
    x = chain[int(20 * emcee.autocorr.integrated_time(chain, quiet=True).max()):]
    T, W, D = x.shape
    ess = W * T / emcee.autocorr.integrated_time(x, quiet=True)
    flat = x.reshape(-1, D)
    m, v = law.mean(), law.var()
    zm = np.abs(flat.mean(0) - m) / np.sqrt(v / ess)
    m4 = np.mean((flat - flat.mean(0)) ** 4, axis=0)
    zv = np.abs(flat.var(0) - v) / np.sqrt((m4 - flat.var(0) ** 2) / ess)
    check(np.all(zm < 4) and np.all(zv < 4), "%s: truncated-normal means and variances within 4 standard errors "
          "(max %.2f and %.2f SE, ESS %d..%d)" % (label, zm.max(), zv.max(), ess.min(), ess.max()))
'
$PYTHON - "$TMP/u2.h5" "$TMP/u1.h5" "$TMP/t1.h5" <<PY
$moments
chain, stats, slots, cols = load(sys.argv[1], "mcmc/chain", "jovis/stats", "jovis/slot_iteration", "jovis/stats_columns")
one, = load(sys.argv[2], "mcmc/chain")
theta, tstats, tslots = load(sys.argv[3], "mcmc/chain", "jovis/stats", "jovis/slot_iteration")
check(np.array_equal(chain[:500], one), "np 2 gives bitwise the chain of np 1 (500 steps)")
moments(chain, "unbounded moves")
cols = [c.decode() if isinstance(c, bytes) else c for c in cols]
# the counters of the newest state slot, summed over walkers
out = lambda st, sl: int(st[np.argmax(sl)][:, [cols.index("rejected_bounds"), cols.index("rejected_prior")]].sum())
n_u, n_t = out(stats, slots), out(tstats, tslots)
check(n_u == 0 and n_t > 0, "proposals outside the prior: %d unbounded, %d in theta" % (n_u, n_t))
tau_u = emcee.autocorr.integrated_time(chain, quiet=True).max(); tau_t = emcee.autocorr.integrated_time(theta, quiet=True).max()
check(tau_u < tau_t, "tau_max %.1f unbounded, %.1f in theta (x %.2f)" % (tau_u, tau_t, tau_t / tau_u))
with h5py.File(sys.argv[1], "r") as f:
    b = f["jovis/bounds"][()]
check(np.array_equal(b[:, 0], lo) and np.array_equal(b[:, 1], hi), "the file stores the support: /jovis/bounds = the priors")
PY

# the shear of an unbounded run is fitted in its coordinates; with it on top, the same moments
(cd analysis && $PYTHON shear_fit.py "$TMP/u2.h5" --targets x0 --unbounded) >"$TMP/ufit.txt" 2>&1
grep -q '^unbounded = yes$' "$TMP/ufit.txt" && grep -q '^shear = x0$' "$TMP/ufit.txt"
check $? "shear_fit.py --unbounded prints unbounded = yes and the shear of x0"
grep -v '^#' "$TMP/ufit.txt" | grep -v '^unbounded' >"$TMP/ufit.part"
sed -e "/^\[sampler\]/r $TMP/ufit.part" "$TMP/walls.ini" >"$TMP/ushear.ini"
jv_run 2 sample "$TMP/ushear.ini" -q -o "$TMP/us.h5" >"$TMP/us.out" 2>&1
check $? "the walled Gaussian with unbounded moves and the fitted shear: 20000 steps"
$PYTHON - "$TMP/us.h5" <<PY
$moments
chain, = load(sys.argv[1], "mcmc/chain")
moments(chain, "unbounded moves with a shear")
PY
exit 0
