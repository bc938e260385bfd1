"""Read a jovis chain file (HDF5, group `mcmc` in emcee's layout plus the `jovis` extras) and
estimate integrated autocorrelation times. Debian numpy and h5py only.

Layout (issue #2, docs/user-guide.md "Output files"):
  /mcmc            attributes nwalkers, ndim, iteration, has_blobs
  /mcmc/chain      (T, W, D) walker positions, step-major as emcee writes them
  /mcmc/log_prob   (T, W) ln p at each position
  /mcmc/accepted   (W) accepted proposals per walker
  /jovis/param_names, /jovis/param_units   (D) strings
  /jovis/tau       (D) tau per parameter at the end of the run, as jovis computed it
Only the first `iteration` steps hold data (the datasets may be allocated longer).

Autocorrelation time (SCIENCE.md section 1; Goodman & Weare 2010, Sokal 1997): per parameter,
the normalised autocorrelation function of every walker (by FFT, zero-padded to a power of two),
averaged over walkers; tau(M) = 1 + 2 sum_{t=1..M} rho(t); the window is the smallest M with
M >= c tau(M), c = 5. This is the estimator jovis (src/sampler/autocorr.c) and emcee use.
"""
import h5py
import numpy as np


def _text(values):
    return [v.decode() if isinstance(v, bytes) else str(v) for v in values]


def _prior_bounds(priors, ndim):
    """(D, 2) bounds of jv_prior_describe's strings ("uniform(lo, hi)", "truncnormal(mu, s, lo, hi)",
    "loguniform(lo, hi)", "normal(mu, s)"), or None when the model brought its own prior."""
    if len(priors) != ndim:
        return None
    rows = []
    for p in priors:
        kind, _, args = p.partition("(")
        v = [float(a) for a in args.rstrip(")").split(",")]
        rows.append(v[-2:] if kind in ("uniform", "loguniform", "truncnormal") else [-np.inf, np.inf])
    return np.array(rows)


class Chain:
    """One chain file read into memory: chain (T, W, D), log_prob (T, W), names, units."""

    def __init__(self, path):
        self.path = path
        with h5py.File(path, "r", locking=False) as f:  # readable while a run writes it
            if "mcmc" not in f:
                raise ValueError(f"{path}: no group 'mcmc' (not a jovis or emcee chain file)")
            g = f["mcmc"]
            self.steps = int(g.attrs["iteration"])
            self.nwalkers = int(g.attrs["nwalkers"])
            self.ndim = int(g.attrs["ndim"])
            self.chain = g["chain"][: self.steps]
            self.log_prob = g["log_prob"][: self.steps]
            self.accepted = g["accepted"][()]
            extras = f["jovis"] if "jovis" in f else None
            if extras is not None and "param_names" in extras:
                self.names = _text(extras["param_names"][()])
            else:
                self.names = [f"x{i}" for i in range(self.ndim)]
            if extras is not None and "param_units" in extras:
                self.units = _text(extras["param_units"][()])
            else:
                self.units = [""] * self.ndim
            self.tau_file = extras["tau"][()] if extras is not None and "tau" in extras else None
            # the support of each parameter, rows (lo, hi) (infinite where unbounded); files
            # written before jovis stored it give their priors' bounds, or none
            if extras is not None and "bounds" in extras:
                self.bounds = extras["bounds"][()]
            elif extras is not None and "priors" in extras:
                self.bounds = _prior_bounds(_text(extras["priors"][()]), self.ndim)
            else:
                self.bounds = None
            self.attrs = {k: f.attrs[k] for k in f.attrs}

    def label(self, i):
        """Axis label of parameter i with its unit ("dimensionless" when it has none)."""
        unit = self.units[i].strip()
        return f"{self.names[i]} [{unit}]" if unit else f"{self.names[i]} (dimensionless)"

    def acceptance(self):
        return float(np.mean(self.accepted)) / max(self.steps, 1)

    def flat(self, discard=0, thin=1):
        """Samples (N, D) after dropping the first `discard` steps and keeping every `thin`-th."""
        return self.chain[discard::thin].reshape(-1, self.ndim)

    def default_discard(self):
        """Burn-in: twice the largest autocorrelation time (at most half the chain)."""
        tau = self.tau_file if self.tau_file is not None else integrated_time(self.chain)
        tau = np.asarray(tau, dtype=float)
        if not np.all(np.isfinite(tau)):
            return self.steps // 2
        return int(min(2 * np.ceil(np.max(tau)), self.steps // 2))


def unbounded(x, bounds):
    """theta (N, D) -> the unbounded coordinates y of src/sampler/unbounded.c, per column with
    bounds (lo, hi): ln(theta - lo) - ln(hi - theta), ln(theta - lo), -ln(hi - theta) or theta."""
    y = np.array(x, dtype=float)
    for i, (lo, hi) in enumerate(bounds):
        if np.isfinite(lo) and np.isfinite(hi):
            y[:, i] = np.log(x[:, i] - lo) - np.log(hi - x[:, i])
        elif np.isfinite(lo):
            y[:, i] = np.log(x[:, i] - lo)
        elif np.isfinite(hi):
            y[:, i] = -np.log(hi - x[:, i])
    return y


def stuck_walkers(log_prob, floor=50.0):
    """Walkers (bool, W) left far below the others in log_prob (T, W): never reached the region the
    data allow (e.g. from a wide initial ball on a thin posterior), so not samples of the posterior.
    A walker is stuck when its median ln p lies `floor` (or 10 median absolute deviations of the
    walkers' medians, if more) below the ensemble's; in the typical set ln p varies by ~sqrt(D/2)."""
    med = np.median(log_prob, axis=0)
    spread = np.median(np.abs(med - np.median(med)))  # a far-off run (ln p ~ -1e7) spreads far more
    return med < np.median(med) - max(floor, 10.0 * spread)


def walkers_apart(chain, tau, alpha=0.01):
    """Walkers whose means over the second half of chain (T, W, D) lie further from the ensemble's
    than the autocorrelation time tau (D,) allows: |z| > Q^-1(alpha / (2 W D)) in any parameter,
    z = (walker mean - ensemble mean) / (s sqrt(tau / n (1 - 1/W))). The derivation and its
    calibration are in src/sampler/walkers_apart.c; `jovis info` prints the same numbers.
    Returns (z (W, D), z_limit)."""
    from scipy.stats import norm
    chain = np.asarray(chain, dtype=float)
    T, W, D = chain.shape
    kept = chain[T // 2:]
    n = kept.shape[0]
    means = kept.mean(axis=0)
    ensemble = means.mean(axis=0)
    var = ((kept - ensemble) ** 2).mean(axis=(0, 1))
    se = np.sqrt(var * np.maximum(np.asarray(tau, dtype=float), 1.0) / n * (1.0 - 1.0 / W))
    return (means - ensemble) / se, norm.isf(alpha / (2.0 * W * D))


def _next_pow2(n):
    return 1 << int(np.ceil(np.log2(max(n, 1))))


def autocorr_function(x):
    """Normalised autocorrelation rho(t) of each column of x (T, W): rho(0) = 1, shape (T, W)."""
    x = np.asarray(x, dtype=float)
    n = x.shape[0]
    m = 2 * _next_pow2(n)  # zero padding to twice the power of two: no circular wrap-around
    dev = x - x.mean(axis=0)
    spec = np.fft.rfft(dev, n=m, axis=0)
    acf = np.fft.irfft(spec * np.conj(spec), n=m, axis=0)[:n]
    with np.errstate(invalid="ignore", divide="ignore"):
        return acf / acf[0]


def integrated_time(chain, c=5.0):
    """Integrated autocorrelation time per parameter of chain (T, W, D) (see the module header)."""
    chain = np.asarray(chain, dtype=float)
    if chain.ndim == 2:
        chain = chain[:, :, None]
    tau = np.empty(chain.shape[2])
    for d in range(chain.shape[2]):
        rho = np.mean(autocorr_function(chain[:, :, d]), axis=1)
        taus = 2.0 * np.cumsum(rho) - 1.0  # tau(M) = 1 + 2 sum_{t=1..M} rho(t)
        ok = np.arange(len(taus)) >= c * taus
        window = int(np.argmax(ok)) if np.any(ok) else len(taus) - 1
        tau[d] = taus[window]
    return tau


def tau_history(chain, points=12, c=5.0, first=50):
    """tau estimated on the first N steps for N on a log grid: (N (K,), tau (K, D))."""
    steps = chain.shape[0]
    if steps < 2:
        raise ValueError("a chain of fewer than 2 steps has no autocorrelation time")
    first = min(first, steps)
    ns = np.unique(np.geomspace(first, steps, points).astype(int))
    return ns, np.array([integrated_time(chain[:n], c) for n in ns])
