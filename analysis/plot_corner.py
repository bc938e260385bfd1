"""Corner plot of a chain file, drawn with matplotlib alone (no corner package).

    analysis/jovis_plot.py corner CHAIN.h5 [-o corner.png] [--discard N] [--thin K] [--truths ...]

Diagonal: the marginal density of each parameter (histogram, normalised), with the 16/50/84 %
quantiles dashed and "median +upper -lower" above it. Below the diagonal: every pair as a 2-D
histogram with the contours that enclose 39.3 % and 86.5 % of the samples, the 1 and 2 sigma
regions of a 2-D Gaussian (1 - exp(-k^2/2), k = 1, 2). Samples: every walker after --discard
steps (default 2 tau_max, the burn-in), every --thin-th step.
"""
import numpy as np

from figures import add_chain_arguments, output_path, save
from jovis_chain import Chain

SUMMARY = "corner plot: 1-D and 2-D marginal posteriors with credible contours"
LEVELS = (1 - np.exp(-0.5 * 1.0**2), 1 - np.exp(-0.5 * 2.0**2))  # 2-D 1 and 2 sigma mass


def add_arguments(p):
    add_chain_arguments(p, "corner")
    p.add_argument("--discard", type=int, default=None, help="burn-in steps dropped (default 2 tau_max)")
    p.add_argument("--thin", type=int, default=1, help="keep every K-th step (default 1)")
    p.add_argument("--bins", type=int, default=40, help="histogram bins per axis (default 40)")
    p.add_argument("--truths", type=float, nargs="+", default=None, help="true values to mark, one per parameter")
    p.add_argument("--max-params", type=int, default=10, help="parameters shown (default 10)")


def density_levels(hist, masses):
    """Heights h such that the bins with counts >= h hold the given fractions of all counts."""
    flat = np.sort(hist.ravel())[::-1]
    cum = np.cumsum(flat)
    cum /= cum[-1]
    levels = []
    for m in masses:
        idx = min(np.searchsorted(cum, m), len(flat) - 1)
        levels.append(flat[idx])
    return np.array(levels)


def plot(chain, output, discard=None, thin=1, bins=40, truths=None, max_params=10):
    import matplotlib.pyplot as plt

    if discard is None:
        discard = chain.default_discard()
    if discard >= chain.steps:
        raise ValueError(f"--discard {discard} leaves no samples of a {chain.steps}-step chain")
    samples = chain.flat(discard, thin)
    samples = samples[np.all(np.isfinite(samples), axis=1)]
    npar = min(chain.ndim, max_params)
    if truths is not None and len(truths) < npar:
        raise ValueError(f"--truths needs {npar} values, got {len(truths)}")
    size = max(2.0 * npar, 4.0)
    fig, axes = plt.subplots(npar, npar, figsize=(size, size), squeeze=False)
    ranges = [np.percentile(samples[:, i], [0.5, 99.5]) for i in range(npar)]
    for i in range(npar):
        lo, hi = ranges[i]
        if not hi > lo:
            lo, hi = lo - 0.5, hi + 0.5
            ranges[i] = (lo, hi)
    for row in range(npar):
        for col in range(npar):
            ax = axes[row, col]
            if col > row:
                ax.set_axis_off()
                continue
            x = samples[:, col]
            if col == row:
                ax.hist(x, bins=bins, range=ranges[col], density=True, histtype="step", color="k")
                q = np.percentile(x, [16, 50, 84])
                for v in q:
                    ax.axvline(v, color="k", ls="--", lw=0.8)
                ax.set_title(f"{chain.names[col]} = {q[1]:.4g} +{q[2] - q[1]:.2g} -{q[1] - q[0]:.2g}", fontsize="small")
                ax.yaxis.set_label_position("right")
                ax.yaxis.tick_right()
                unit = chain.units[col].strip()
                ax.set_ylabel(f"density [1/{unit}]" if unit else "density", fontsize="small")
                if truths is not None:
                    ax.axvline(truths[col], color="tab:blue")
            else:
                y = samples[:, row]
                h, xe, ye = np.histogram2d(x, y, bins=bins, range=[ranges[col], ranges[row]])
                ax.imshow(h.T, origin="lower", aspect="auto", cmap="Greys",
                          extent=[xe[0], xe[-1], ye[0], ye[-1]])
                lv = np.unique(density_levels(h, LEVELS))
                if len(lv) > 0 and lv[0] > 0:
                    xc, yc = 0.5 * (xe[1:] + xe[:-1]), 0.5 * (ye[1:] + ye[:-1])
                    ax.contour(xc, yc, h.T, levels=np.sort(lv), colors="tab:red", linewidths=0.9)
                if truths is not None:
                    ax.axvline(truths[col], color="tab:blue")
                    ax.axhline(truths[row], color="tab:blue")
                    ax.plot(truths[col], truths[row], "s", color="tab:blue", ms=3)
                ax.set_ylim(ranges[row])
            ax.set_xlim(ranges[col])
            if row == npar - 1:
                ax.set_xlabel(chain.label(col))
            else:
                ax.set_xticklabels([])
            if col == 0 and row > 0:
                ax.set_ylabel(chain.label(row))
            elif col != row:
                ax.set_yticklabels([])
    fig.suptitle(f"{chain.path}: {len(samples)} samples (burn-in {discard} steps, thin {thin}); "
                 "contours: 39.3 % and 86.5 %", fontsize="medium")
    return save(fig, output)


def run(args):
    return [plot(Chain(args.chain), output_path(args, "corner"), args.discard, args.thin, args.bins, args.truths,
                 args.max_params)]
