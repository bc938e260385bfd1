"""Autocorrelation-time convergence plot of a chain file.

    analysis/jovis_plot.py autocorr CHAIN.h5 [-o autocorr.png] [--points 12]

tau of every parameter estimated on the first N steps, for N on a log grid up to the full chain
(estimator of SCIENCE.md section 1, analysis/jovis_chain.py), against the line N / 50: the chain
is long enough (T >= 50 tau) where every tau curve lies below that line and has flattened.
The value at the full length is jovis's own /jovis/tau (checked by tests/integration).
"""
import numpy as np

from figures import add_chain_arguments, output_path, save
from jovis_chain import Chain, tau_history

SUMMARY = "autocorrelation time against chain length, with the T = 50 tau line"


def add_arguments(p):
    add_chain_arguments(p, "autocorr")
    p.add_argument("--points", type=int, default=12, help="chain lengths on the log grid (default 12)")
    p.add_argument("--factor", type=float, default=50.0, help="N in the rule T >= N tau (default 50)")


def plot(chain, output, points=12, factor=50.0):
    import matplotlib.pyplot as plt

    ns, taus = tau_history(chain.chain, points)
    fig, ax = plt.subplots(figsize=(6.5, 4.5))
    for i in range(chain.ndim):
        ax.loglog(ns, taus[:, i], "o-", ms=3, lw=1, label=chain.names[i])
    ax.loglog(ns, ns / factor, "k--", lw=1, label=f"N / {factor:g}")
    ax.set_xlabel("chain length N [steps]")
    ax.set_ylabel("integrated autocorrelation time tau [steps]")
    converged = bool(np.all(chain.steps >= factor * taus[-1]))
    ax.set_title(f"{chain.path}: tau_max = {np.max(taus[-1]):.1f} steps at N = {chain.steps} "
                 f"({'T >= ' if converged else 'T < '}{factor:g} tau)", fontsize="medium")
    if chain.ndim <= 12:
        ax.legend(fontsize="small", ncol=2)
    return save(fig, output)


def run(args):
    return [plot(Chain(args.chain), output_path(args, "autocorr"), args.points, args.factor)]
