#!/bin/sh
# Statistical tests of whole sampler runs (fixed seeds; tolerances from the Monte Carlo error):
#  - 5-D correlated Gaussian (inputs/gaussian.ini): mean and covariance within 4 standard errors
#    computed from the effective sample size, and a KS test of each marginal;
#  - 2-D Rosenbrock: its closed-form marginal moments within 4 standard errors;
#  - emcee's own reader returns our chain, emcee.autocorr.integrated_time equals our tau to 1e-8;
#  - bimodal mixture: the walkers find both modes in proportion to their weights;
#  - `jovis info` reports the file.
. tests/integration/sampler_env.sh

jv_run 2 sample inputs/gaussian.ini -q -o "$TMP/g.h5" --steps 20000 >"$TMP/g.out" 2>"$TMP/g.err"
check $? "5-D Gaussian: 20000 steps on 2 ranks"
tail -n 1 "$TMP/g.out" | grep -q '^steps=20000 .*converged=yes walkers_apart=0 '
check $? "5-D Gaussian: summary line says 20000 steps, converged, no walker apart ($(tail -n 1 "$TMP/g.out" | cut -c1-80))"

$PYTHON - "$TMP/g.h5" <<'PY'
import sys, numpy as np, emcee
from scipy import stats
sys.path.insert(0, "tests/integration")
from sampler_check import check, load
path = sys.argv[1]
# emcee's reader returns exactly our chain
b = emcee.backends.HDFBackend(path, read_only=True)
chain, lp, tau_j = load(path, "mcmc/chain", "mcmc/log_prob", "jovis/tau")
check(np.array_equal(b.get_chain(), chain) and np.array_equal(b.get_log_prob(), lp) and b.iteration == 20000,
      "emcee.backends.HDFBackend reads our chain and log_prob (shape %s)" % (b.get_chain().shape,))
check(b.get_blobs().shape == (20000, 32) and np.all(b.get_blobs() > 0), "emcee reads the chi2 blobs")
check(np.all(b.accepted > 0) and abs(b.accepted.sum() / (32 * 20000) - 0.5) < 0.2, "emcee reads accepted counts")
tau_e = emcee.autocorr.integrated_time(chain, quiet=True)
rel = np.max(np.abs(tau_j / tau_e - 1))
check(rel < 1e-8, "integrated autocorrelation time equals emcee's to %.1e (tau %s)" % (rel, np.round(tau_e, 3)))
# the target of inputs/gaussian.ini
mu = np.array([0.5, -1.25, 2.0, 0.0, 3.5]); s = np.array([1.0, 0.5, 2.0, 1.5, 0.25]); rho = 0.6
idx = np.arange(5); S = np.outer(s, s) * rho ** np.abs(idx[:, None] - idx[None, :])
burn = int(20 * tau_e.max())  # the ball started at 0: discard 20 tau
x = chain[burn:]
T, W, D = x.shape
tau = emcee.autocorr.integrated_time(x, quiet=True)
ess = W * T / tau
flat = x.reshape(-1, D)
m = flat.mean(0)
# standard error of a mean: sigma_i / sqrt(ESS_i)
z = np.abs(m - mu) / (s / np.sqrt(ess))
check(np.all(z < 4), "posterior means within 4 standard errors (max %.2f SE, ESS %d..%d)" % (z.max(), ess.min(), ess.max()))
C = np.cov(flat.T)
# standard error of a sample covariance of Gaussian variables: sqrt((S_ii S_jj + S_ij^2) / ESS)
se = np.sqrt((np.outer(np.diag(S), np.diag(S)) + S ** 2) / ess.min())
zc = np.abs(C - S) / se
check(np.all(zc < 4), "posterior covariance within 4 standard errors (max %.2f SE)" % zc.max())
# KS test of each marginal on samples thinned by tau (nearly independent), p > 0.001 each: with
# 5 tests a correct sampler fails with probability 0.5%; the seed is fixed, so the result is too
thin = x[::int(np.ceil(tau.max()))].reshape(-1, D)
p = [stats.kstest(thin[:, i], "norm", args=(mu[i], s[i])).pvalue for i in range(D)]
check(min(p) > 1e-3, "KS test of the 5 marginals (%d thinned samples): p = %s" % (len(thin), np.round(p, 3)))
PY

# Rosenbrock: a = 1, b = 10, s = 2, so x ~ N(1, 1), y | x ~ N(x^2, 0.1): E y = 2, Var y = 6.1
sed -e 's/^b = .*/b = 10.0/' -e 's/^s = .*/s = 2.0/' inputs/rosenbrock.ini >"$TMP/rb.ini"
jv_run 1 sample "$TMP/rb.ini" -q -o "$TMP/rb.h5" --steps 40000 >"$TMP/rb.out" 2>&1
check $? "Rosenbrock: 40000 steps"
$PYTHON - "$TMP/rb.h5" <<'PY'
import sys
sys.path.insert(0, "tests/integration")
from sampler_check import check_rosenbrock, load
chain, = load(sys.argv[1], "mcmc/chain")
check_rosenbrock(chain, 1.0, 10.0, 2.0, "Rosenbrock")
PY

# Bimodal: modes 3 sigma apart along x0, weights 0.3 / 0.7
jv_run 2 sample inputs/bimodal.ini -q -o "$TMP/bi.h5" --steps 20000 >"$TMP/bi.out" 2>&1
check $? "bimodal mixture: 20000 steps on 2 ranks"
$PYTHON - "$TMP/bi.h5" <<'PY'
import sys, numpy as np, emcee
sys.path.insert(0, "tests/integration")
from sampler_check import check, load
pplus, = load(sys.argv[1], "mcmc/blobs")
burn = 2000
# the blob p_plus = P(+ mode | x) averages to the + weight; its error from its own autocorrelation
pp = pplus[burn:]
tau = emcee.autocorr.integrated_time(pp[:, :, None], quiet=True)[0]
se = pp.std() / np.sqrt(pp.size / tau)
zz = abs(pp.mean() - 0.3) / se
check(zz < 4, "bimodal: mean P(+ mode) = %.4f, weight 0.3 (%.2f standard errors)" % (pp.mean(), zz))
PY

# Modes 20 sigma apart and stretch moves alone: no walker crosses, so each stays in the mode it
# started in, and the walkers-apart check (src/sampler/walkers_apart.c) must say so, where
# T >= 50 tau does not (each walker mixes within its mode).
sed -e 's/^separation = .*/separation = 20.0/' -e 's/^moves = .*/moves = stretch:1.0/' -e 's/^width = .*/width = 12/' \
  inputs/bimodal.ini >"$TMP/apart.ini"
jv_run 1 sample "$TMP/apart.ini" -q -o "$TMP/apart.h5" --steps 3000 >"$TMP/apart.out" 2>&1
n=$(summary_value "$TMP/apart.out" walkers_apart)
"$JOVIS" info "$TMP/apart.h5" >"$TMP/apart_info.out" 2>&1
[ "${n:-0}" -ge 12 ] && grep -q '^walkers apart  [0-9]* (largest |z| [0-9.]*, walker [0-9]* in x0' "$TMP/apart_info.out" &&
  grep -q 'walkers apart from the ensemble' "$TMP/apart.out"
check $? "modes 20 sigma apart, no crossing: walkers_apart=$n of 48, in x0, warned ($(grep '^walkers apart' "$TMP/apart_info.out" | cut -c1-70))"
$PYTHON - "$TMP/apart.h5" "$(grep '^walkers apart' "$TMP/apart_info.out")" <<'PY'
import re, sys, h5py, numpy as np
sys.path.insert(0, "tests/integration"); sys.path.insert(0, "analysis")
from sampler_check import check
from jovis_chain import walkers_apart
with h5py.File(sys.argv[1], "r") as f:
    z, limit = walkers_apart(f["mcmc/chain"][()], f["jovis/tau"][()])
n, zmax, w, lim = re.match(r"walkers apart\s+(\d+) \(largest \|z\| ([0-9.]+), walker (\d+) in \w+; limit ([0-9.]+)", sys.argv[2]).groups()
a = np.abs(z)
check(int(n) == int(np.sum(a.max(axis=1) > limit)) and abs(float(zmax) - a.max()) < 0.006 and
      int(w) == np.unravel_index(a.argmax(), a.shape)[0] and abs(float(lim) - limit) < 0.006,
      "analysis/jovis_chain.walkers_apart gives jovis info's numbers (%d apart, largest |z| %.2f)" % (int(n), a.max()))
PY

# the stopping rule: T >= 50 tau and tau settled within 1%, checked every 100 steps
sed -e 's/^stop = no/stop = yes/' inputs/gaussian.ini >"$TMP/stop.ini"
jv_run 2 sample "$TMP/stop.ini" -q -o "$TMP/stop.h5" --steps 100000 >"$TMP/stop.out" 2>&1
check $? "stopping rule run"
$PYTHON - "$TMP/stop.h5" "$(tail -n 1 "$TMP/stop.out")" <<'PY'
import sys, numpy as np, emcee
sys.path.insert(0, "tests/integration")
from sampler_check import check, load
chain, = load(sys.argv[1], "mcmc/chain")
T = len(chain)
tau = emcee.autocorr.integrated_time(chain, quiet=True)
prev = emcee.autocorr.integrated_time(chain[:T - 100], quiet=True)
check("stopped=converged" in sys.argv[2] and T < 100000 and T % 100 == 0,
      "the stopping rule ends the run early, at a check (%d steps)" % T)
check(np.all(T >= 50 * tau) and np.all(np.abs(prev - tau) < 0.01 * tau),
      "at the stop T >= 50 tau and tau moved < 1%% since the last check (T/tau_max = %.1f)" % (T / tau.max()))
PY

"$JOVIS" info "$TMP/g.h5" >"$TMP/info.out" 2>&1
check $? "jovis info reads the file"
tail -n 1 "$TMP/info.out" | grep -q '^walkers=32 ndim=5 steps=20000 acceptance=0\.[0-9]* tau_max=[0-9.]* converged=yes walkers_apart=0$'
check $? "jovis info summary: $(tail -n 1 "$TMP/info.out")"
grep -q '^x4 ' "$TMP/info.out"
check $? "jovis info lists tau per parameter"
exit 0
