"""Helpers of the sampler's integration checks (imported by the Python parts of test_sampler_*.sh)."""
import emcee
import h5py
import numpy as np


def check(cond, msg):
    """One test line: 'ok - msg' or 'not ok - msg'."""
    print(("ok - " if cond else "not ok - ") + msg)


def load(path, *names):
    """The datasets `names` of a chain file, rows up to its iteration for the per-step ones."""
    with h5py.File(path, "r") as f:
        it = f["mcmc"].attrs["iteration"]
        return [f[n][:it] if n in ("mcmc/chain", "mcmc/log_prob", "mcmc/blobs") else f[n][()] for n in names]


def check_rosenbrock(chain, a, b, s, label, burn_tau=10):
    """The closed-form moments of the banana ln p = -[b (y - x^2)^2 + (a - x)^2] / s (x ~ N(a, s/2),
    y | x ~ N(x^2, s/(2b))) against the chain after burn_tau tau, within 4 standard errors from the
    ESS: sd/sqrt(n) for a mean, sqrt(m4 - var^2)/sqrt(n) for a variance."""
    v = s / 2
    exact = {"E[x]": a, "Var[x]": v, "E[y]": a * a + v, "Var[y]": 4 * a * a * v + 2 * v * v + s / (2 * b)}
    x = chain[burn_tau * int(emcee.autocorr.integrated_time(chain, quiet=True).max()):]
    T, W, _ = x.shape
    ess = W * T / emcee.autocorr.integrated_time(x, quiet=True)
    X, Y = x[..., 0].ravel(), x[..., 1].ravel()
    got = {"E[x]": X.mean(), "Var[x]": X.var(), "E[y]": Y.mean(), "Var[y]": Y.var()}
    se = {"E[x]": X.std() / np.sqrt(ess[0]), "E[y]": Y.std() / np.sqrt(ess[1]),
          "Var[x]": np.sqrt(np.mean((X - X.mean()) ** 4) - X.var() ** 2) / np.sqrt(ess[0]),
          "Var[y]": np.sqrt(np.mean((Y - Y.mean()) ** 4) - Y.var() ** 2) / np.sqrt(ess[1])}
    for k in exact:
        zz = abs(got[k] - exact[k]) / se[k]
        check(zz < 4, "%s %s = %.4f, exact %.4f (%.2f standard errors, ESS %.0f)"
              % (label, k, got[k], exact[k], zz, ess.min()))
