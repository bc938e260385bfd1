#!/usr/bin/python3
"""Credible limits from a jovis scan file, in Python: an independent check of `jovis limits`.

    analysis/credible.py SCAN.h5 [--cl 0.95]

Posterior (SCIENCE.md section 2, "Credible limit"): on the scan grid, in theta = log10 of the
scanned quantity (m_gamma for photon scans; eps at each m' for dark-photon scans),
    ln p(theta_i) = ln L_marg,i - ln L_marg,SM + ln J_i      (J_i <= 0: p = 0),
with J the Jeffreys prior stored by the scan (/scan/jeffreys). The density between grid points is
the straight line joining p_i and p_{i+1} (the trapezoid rule), so the cumulative is a quadratic
on each interval and a quantile q solves
    C_i + p_i t + (p_{i+1} - p_i) t^2 / (2 h) = q C_n,   0 <= t <= h = theta_{i+1} - theta_i,
taken here in the cancellation-free form t = 2 r / (p_i + sqrt(p_i^2 + 2 (p_{i+1} - p_i) r / h)),
r = q C_n - C_i. `jovis limits` (src/photon/limits.c) uses the same model, so both agree to
round-off; tests/integration/test_credible.sh holds them to 1e-6 relative.

Prints the limits and a last line of key=value pairs with 10 significant digits:
  photon: upper_limit_eV (the cl quantile), lower_eV ((1 - cl)/2), median_eV (0.5)
  dark:   eps_limit (the cl quantile of eps at each m', comma separated), eps_limit_min, ..._at_eV
"""
import argparse
import sys

import h5py
import numpy as np


def ln_posterior(ln_l, ln_l_sm, jeffreys):
    """ln p on a grid row: ln L_marg - ln L_SM + ln J, -inf where J <= 0."""
    ln_l = np.asarray(ln_l, dtype=float)
    j = np.asarray(jeffreys, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(j > 0, ln_l - ln_l_sm + np.log(np.where(j > 0, j, 1.0)), -np.inf)


def quantile(theta, ln_p, q):
    """The q quantile of the trapezoid density through (theta_i, exp ln_p_i) (see the header)."""
    theta = np.asarray(theta, dtype=float)
    ln_p = np.asarray(ln_p, dtype=float)
    if not 0 < q < 1:
        raise ValueError(f"quantile must be in (0, 1), got {q}")
    if theta.size < 2 or np.any(np.diff(theta) <= 0):
        raise ValueError("the grid needs at least 2 strictly increasing points")
    if np.any(np.isnan(ln_p)) or np.any(ln_p == np.inf):
        raise ValueError("ln posterior has NaN or +inf values")
    top = np.max(ln_p)
    if top == -np.inf:
        raise ValueError("the posterior is zero on the whole grid")
    p = np.exp(ln_p - top)
    h = np.diff(theta)
    cum = np.concatenate(([0.0], np.cumsum(0.5 * (p[1:] + p[:-1]) * h)))
    target = q * cum[-1]
    # Interval i (between points i and i+1) holding the target: the first whose end reaches it.
    i = min(int(np.searchsorted(cum, target, side="left")), len(theta) - 1) - 1
    i = max(i, 0)
    r = target - cum[i]
    slope = (p[i + 1] - p[i]) / h[i]
    disc = max(p[i] ** 2 + 2.0 * slope * r, 0.0)
    denom = p[i] + np.sqrt(disc)
    t = 2.0 * r / denom if denom > 0 else 0.0
    return theta[i] + min(max(t, 0.0), h[i])


def limits(path, cl):
    """{key: value} of the limits of a scan file (photon or dark)."""
    with h5py.File(path, "r") as f:
        if "scan" not in f:
            raise ValueError(f"{path}: no group 'scan' (not a jovis scan file)")
        g = f["scan"]
        kind = g.attrs["kind"]
        kind = kind.decode() if isinstance(kind, bytes) else str(kind)
        done = g["done"][()]
        if not np.all(done):
            raise ValueError(f"{path}: {int(np.sum(done == 0))} grid rows not finished (resume the scan first)")
        mass = g["mass_ev"][()]
        ln_l = g["ln_l_marg"][()]
        jeff = g["jeffreys"][()]
        sm = float(g.attrs["ln_l_marg_sm"])
        if kind == "photon":
            theta = np.log10(mass)
            lp = ln_posterior(ln_l.reshape(-1), sm, jeff.reshape(-1))
            return kind, {
                "upper_limit_eV": 10 ** quantile(theta, lp, cl),
                "lower_eV": 10 ** quantile(theta, lp, 0.5 * (1 - cl)),
                "median_eV": 10 ** quantile(theta, lp, 0.5),
            }
        if kind == "dark":
            theta = np.log10(g["eps"][()])
            e = np.array([10 ** quantile(theta, ln_posterior(ln_l[i], sm, jeff[i]), cl) for i in range(len(mass))])
            best = int(np.argmin(e))
            return kind, {"eps_limit": e, "eps_limit_min": e[best], "eps_limit_min_at_eV": mass[best], "m_prime_eV": mass}
        raise ValueError(f"{path}: unknown scan kind '{kind}'")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("scan", help="scan file written by jovis scan")
    ap.add_argument("--cl", type=float, default=0.95, help="credibility (default 0.95)")
    args = ap.parse_args(argv)
    try:
        kind, res = limits(args.scan, args.cl)
    except (OSError, KeyError, ValueError) as e:
        print(f"credible.py: error: {e}", file=sys.stderr)
        return 1
    if kind == "photon":
        print(f"{100 * args.cl:g}% credible upper limit: m_gamma < {res['upper_limit_eV']:.6g} eV; central interval "
              f"[{res['lower_eV']:.6g}, {res['upper_limit_eV']:.6g}] eV, median {res['median_eV']:.6g} eV")
        keys = ["upper_limit_eV", "lower_eV", "median_eV"]
        print(f"kind=photon cl={args.cl:g} " + " ".join(f"{k}={res[k]:.10g}" for k in keys))
    else:
        for m, e in zip(res["m_prime_eV"], res["eps_limit"]):
            print(f"m' = {m:.4e} eV: eps < {e:.6g}")
        print(f"kind=dark cl={args.cl:g} eps_limit=" + ",".join(f"{e:.10g}" for e in res["eps_limit"])
              + f" eps_limit_min={res['eps_limit_min']:.10g} eps_limit_min_at_eV={res['eps_limit_min_at_eV']:.10g}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
