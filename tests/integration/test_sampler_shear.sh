#!/bin/sh
# Sheared moves (src/sampler/shear.c, docs/sampler.md "Sheared moves"), fixed seeds, tolerances
# from the Monte Carlo error:
#  - Goodman & Weare's banana (a = 1, b = 100, s = 20) with the shear v_y = y - x^2, which makes
#    it an axis-aligned Gaussian: the exact moments within 4 standard errors, and tau at least 10
#    times shorter than without the shear, in the same run;
#  - the 5-D Gaussian of inputs/gaussian.ini under shears that fit nothing (arbitrary quadratic
#    and cubic coefficients, two targets): still its mean and covariance within 4 standard errors
#    (the map has a unit Jacobian, so any shear leaves the posterior alone), np 2 = np 1 bitwise;
#  - analysis/shear_fit.py --targets auto on the unsheared banana picks y and fits the quadratic
#    that the banana's own formula gives; a run with that fit decorrelates as fast;
#  - a shear that names an unknown parameter or has the wrong number of coefficients is refused.
. tests/integration/sampler_env.sh

# ---------------------------------------------------------------- the banana
sed -e 's/^seed = .*/seed = 7/' inputs/rosenbrock.ini >"$TMP/plain.ini"
sed -e 's/^\[sampler\]/&\nshear = y\nshear_y = 0, 0, 1/' "$TMP/plain.ini" >"$TMP/banana.ini"
jv_run 1 sample "$TMP/plain.ini" -q -o "$TMP/plain.h5" --steps 40000 >"$TMP/plain.out" 2>&1 &&
  jv_run 1 sample "$TMP/banana.ini" -q -o "$TMP/banana.h5" --steps 40000 >"$TMP/banana.out" 2>&1
check $? "banana with and without the shear y - x^2: 40000 steps each"
$PYTHON - "$TMP/plain.h5" "$TMP/banana.h5" <<'PY'
import logging, sys, emcee
sys.path.insert(0, "tests/integration")
from sampler_check import check, check_rosenbrock, load
logging.getLogger("emcee").setLevel(logging.ERROR)  # the unsheared chain is short of 50 tau: we know
plain, = load(sys.argv[1], "mcmc/chain")
chain, = load(sys.argv[2], "mcmc/chain")
tau0 = emcee.autocorr.integrated_time(plain, quiet=True).max()
tau1 = emcee.autocorr.integrated_time(chain, quiet=True).max()
check(tau1 * 10 <= tau0, "the shear shortens tau from %.0f to %.1f (x %.0f; T/tau %.0f without it, a lower bound)"
      % (tau0, tau1, tau0 / tau1, len(plain) / tau0))
check_rosenbrock(chain, 1.0, 100.0, 20.0, "sheared banana", burn_tau=20)
PY

# ---------------------------------------------------------------- the fit, from the unsheared chain
(cd analysis && $PYTHON shear_fit.py "$TMP/plain.h5" --targets auto) >"$TMP/fit.txt" 2>&1
check $? "shear_fit.py --targets auto on the unsheared banana: $(grep '^shear = ' "$TMP/fit.txt")"
$PYTHON - "$TMP/fit.txt" <<'PY'
import sys, numpy as np
sys.path.insert(0, "tests/integration")
from sampler_check import check
text = open(sys.argv[1]).read().replace(",\n    ", ", ")
kv = dict(line.split(" = ", 1) for line in text.splitlines() if " = " in line and not line.startswith("#"))
(cx, cy), (sx, sy) = [np.array(kv[k].split(", "), float) for k in ("shear_center", "shear_scale")]
coef = np.array(kv.get("shear_y", "nan").split(", "), float)
# y = x^2 + e with x = cx + sx u_x: u_y = [(cx^2 - cy) + 2 cx sx u_x + sx^2 u_x^2] / sy + e / sy
want = np.array([cx * cx - cy, 2 * cx * sx, sx * sx]) / sy
check(kv.get("shear") == "y" and coef.shape == (3,) and np.allclose(coef, want, atol=2e-3),
      "it picks y and fits its quadratic in x: %s, the banana's formula %s" % (np.round(coef, 4), np.round(want, 4)))
resid = float(text.split("leaves a residual sd of ")[1].split()[0])
check(abs(resid / (np.sqrt(20 / 200) / sy) - 1) < 0.05, "the residual sd %.4g is the ridge's width sqrt(s/2b)/sd(y)" % resid)
PY
(cd analysis && $PYTHON - <<'PY'
import numpy as np
from shear_fit import features
# the feature order of src/sampler/shear.c (its unit test lists the same quartic by hand)
x1, x2 = 0.5, -2.0
got = features(np.array([[0.25, x1, x2]]), [1, 2], 4)[0]
want = [1, x1, x2, x1 * x1, x1 * x2, x2 * x2, x1 ** 3, x1 * x1 * x2, x1 * x2 * x2, x2 ** 3,
        x1 ** 4, x1 ** 3 * x2, x1 ** 2 * x2 ** 2, x1 * x2 ** 3, x2 ** 4]
print(("ok - " if np.allclose(got, want) else "not ok - ") + "shear_fit.py's quartic features are in shear.c's order")
PY
)
# two chain files pooled: the samples of both, the same fit (the same chain twice)
(cd analysis && $PYTHON shear_fit.py "$TMP/plain.h5" --targets y --max-samples 2000000 &&
  $PYTHON shear_fit.py "$TMP/plain.h5" "$TMP/plain.h5" --targets y --max-samples 2000000) >"$TMP/fit2.txt" 2>&1
[ "$(grep -c "^# $TMP/plain.h5: steps 20000..40000" "$TMP/fit2.txt")" = 3 ] &&
  [ "$(grep -c '^shear_y' "$TMP/fit2.txt")" = 2 ] && [ "$(grep '^shear_y' "$TMP/fit2.txt" | sort -u | wc -l)" = 1 ]
check $? "shear_fit.py pools several chain files (the same file twice: the same coefficients)"
grep -v '^#' "$TMP/fit.txt" >"$TMP/fit.ini.part"
sed -e "/^\[sampler\]/r $TMP/fit.ini.part" "$TMP/plain.ini" >"$TMP/fitted.ini"
jv_run 1 sample "$TMP/fitted.ini" -q -o "$TMP/fitted.h5" --steps 40000 >"$TMP/fitted.out" 2>&1
tau_fit=$(summary_value "$TMP/fitted.out" tau_max)
$PYTHON -c "import sys; sys.exit(not float('$tau_fit') < 50)" 2>/dev/null
check $? "the banana run with the fitted shear: tau_max = ${tau_fit:-missing} (< 50)"

# ---------------------------------------------------------------- a shear that fits nothing
cat >"$TMP/wrong2.txt" <<'INI'
shear = x0, x2
shear_center = 0.5, -1.25, 2.0, 0.0, 3.5
shear_scale = 1.0, 0.5, 2.0, 1.5, 0.25
shear_x0 = 0.3, -0.7, 0.4, 0.2, 0.1, 0.5, -0.3, 0.2, 0.0, 0.25,
    0.1, -0.2, 0.15, 0.3, -0.1
shear_x2 = -0.2, 0.6, -0.3, 0.2,
    0.4, 0.1, -0.2, 0.3, 0.05, -0.25
INI
# the same quadratics with cubic terms added (20 for x0's 4 variables, 10 for x2's 3)
sed -e 's/^shear = .*/&\nshear_degree = 3/' -e 's/^    0.1, -0.2, 0.15, 0.3, -0.1$/&,\n    0.05, -0.03, 0.02, 0.04, -0.05, 0.01, 0.03, -0.02, 0.05, 0.02,\n    -0.04, 0.03, 0.01, -0.01, 0.02, 0.05, -0.03, 0.04, 0.01, -0.02/' \
  -e 's/^    0.4, 0.1, -0.2, 0.3, 0.05, -0.25$/&,\n    0.03, -0.05, 0.02, 0.01, 0.04, -0.02, 0.05, -0.01, 0.03, 0.02/' "$TMP/wrong2.txt" >"$TMP/wrong3.txt"
for degree in 2 3; do
  sed -e "/^\[sampler\]/r $TMP/wrong$degree.txt" inputs/gaussian.ini >"$TMP/wrong.ini"
  jv_run 2 sample "$TMP/wrong.ini" -q -o "$TMP/w2.h5" --steps 20000 --force >"$TMP/w2.out" 2>&1 &&
    jv_run 1 sample "$TMP/wrong.ini" -q -o "$TMP/w1.h5" --steps 500 --force >"$TMP/w1.out" 2>&1
  check $? "5-D Gaussian under an arbitrary shear of degree $degree: 20000 steps on 2 ranks, 500 on 1 $(tail -n 1 "$TMP/w1.out" | grep -v '^steps=' | cut -c1-200)"
  $PYTHON - "$TMP/w2.h5" "$TMP/w1.h5" "$degree" <<'PY'
import sys, numpy as np, emcee
sys.path.insert(0, "tests/integration")
from sampler_check import check, load
chain, = load(sys.argv[1], "mcmc/chain")
one, = load(sys.argv[2], "mcmc/chain")
deg = "degree %s: " % sys.argv[3]
check(np.array_equal(chain[:500], one), deg + "np 2 gives bitwise the chain of np 1 (500 steps)")
mu = np.array([0.5, -1.25, 2.0, 0.0, 3.5]); s = np.array([1.0, 0.5, 2.0, 1.5, 0.25]); rho = 0.6
idx = np.arange(5); S = np.outer(s, s) * rho ** np.abs(idx[:, None] - idx[None, :])
x = chain[int(20 * emcee.autocorr.integrated_time(chain, quiet=True).max()):]
T, W, D = x.shape
ess = W * T / emcee.autocorr.integrated_time(x, quiet=True)
flat = x.reshape(-1, D)
z = np.abs(flat.mean(0) - mu) / (s / np.sqrt(ess))
check(np.all(z < 4), deg + "means within 4 standard errors (max %.2f SE, ESS %d..%d)" % (z.max(), ess.min(), ess.max()))
zc = np.abs(np.cov(flat.T) - S) / np.sqrt((np.outer(np.diag(S), np.diag(S)) + S ** 2) / ess.min())
check(np.all(zc < 4), deg + "covariance within 4 standard errors (max %.2f SE)" % zc.max())
PY
done

# ---------------------------------------------------------------- refused configs
bad() { # bad NAME SHEAR-LINES EXPECTED: jovis sample refuses the config, naming EXPECTED
  printf '%s\n' "$2" >"$TMP/bad.txt"
  sed -e "/^\[sampler\]/r $TMP/bad.txt" inputs/gaussian.ini >"$TMP/bad.ini"
  if jv_run 1 sample "$TMP/bad.ini" -q -o "$TMP/bad.h5" --steps 2 >"$TMP/bad.out" 2>&1; then
    notok "$1: accepted"
  elif grep -q "$3" "$TMP/bad.out"; then ok "$1 is refused ($(grep -o "$3.*" "$TMP/bad.out" | head -n 1 | cut -c1-90))"
  else notok "$1: $(tail -n 1 "$TMP/bad.out")"; fi
}
bad "a shear of an unknown parameter" "shear = x7" "'x7' is not a parameter"
bad "a quadratic with too few coefficients" "shear = x4
shear_x4 = 1, 2, 3" "needs 15 coefficients"
exit 0
