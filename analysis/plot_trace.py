"""Trace plot of a chain file: every parameter's walkers against the step, and ln p.

    analysis/jovis_plot.py trace CHAIN.h5 [-o trace.png] [--walkers 32]

One panel per parameter (up to --max-params) plus a last panel of ln p, sharing the step axis.
Each walker is a thin line (at most --walkers of them, evenly chosen), the median over all walkers
a thick one; the dashed line is the default burn-in (2 tau_max) that corner plots discard.
"""
import numpy as np

from figures import add_chain_arguments, output_path, save
from jovis_chain import Chain

SUMMARY = "walkers' traces of every parameter and of ln p against the step"


def add_arguments(p):
    add_chain_arguments(p, "trace")
    p.add_argument("--walkers", type=int, default=32, help="walkers drawn as lines (default 32)")
    p.add_argument("--max-params", type=int, default=12, help="parameters shown (default 12)")


def plot(chain, output, walkers=32, max_params=12):
    import matplotlib.pyplot as plt

    npar = min(chain.ndim, max_params)
    steps = np.arange(1, chain.steps + 1)
    pick = np.unique(np.linspace(0, chain.nwalkers - 1, min(walkers, chain.nwalkers)).astype(int))
    burn = chain.default_discard()
    fig, axes = plt.subplots(npar + 1, 1, sharex=True, figsize=(8, 1.6 * (npar + 1) + 0.6), squeeze=False)
    axes = axes[:, 0]
    series = [(chain.chain[:, :, i], chain.label(i)) for i in range(npar)]
    series.append((chain.log_prob, "ln p (nats)"))
    for ax, (values, label) in zip(axes, series):
        ax.plot(steps, values[:, pick], lw=0.4, alpha=0.5)
        finite = np.where(np.isfinite(values), values, np.nan)
        ax.plot(steps, np.nanmedian(finite, axis=1), color="k", lw=1.2, label="median over walkers")
        ax.axvline(burn, color="0.3", ls="--", lw=0.8)
        ax.set_ylabel(label)
    axes[0].legend(loc="upper right", fontsize="small")
    axes[-1].set_xlabel("step (ensemble iteration)")
    axes[0].set_title(f"{chain.path}: {chain.nwalkers} walkers, {chain.steps} steps, "
                      f"acceptance {chain.acceptance():.3f}", fontsize="medium")
    return save(fig, output)


def run(args):
    return [plot(Chain(args.chain), output_path(args, "trace"), args.walkers, args.max_params)]
