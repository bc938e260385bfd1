#!/usr/bin/env python3
"""Plot a jovis chain file: walker traces and 1-D / 2-D marginals of the first parameters.

usage: plot_chain.py CHAIN.h5 OUT.png [--burn STEPS] [--max-params N]

Reads the emcee-compatible layout (/mcmc/chain, /mcmc/log_prob, attribute iteration) and the
jovis extras (/jovis/param_names, param_units, tau). Burn-in defaults to 5 tau_max steps.
"""
import argparse

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def label(name, unit):
    return "%s [%s]" % (name, unit) if unit else "%s [dimensionless]" % name


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("chain")
    ap.add_argument("png")
    ap.add_argument("--burn", type=int, default=None, help="steps to discard (default: 5 tau_max)")
    ap.add_argument("--max-params", type=int, default=4, help="parameters to show (default 4)")
    a = ap.parse_args()
    with h5py.File(a.chain, "r") as f:
        it = int(f["mcmc"].attrs["iteration"])
        chain = f["mcmc/chain"][:it]
        lnp = f["mcmc/log_prob"][:it]
        names = [s.decode() if isinstance(s, bytes) else s for s in f["jovis/param_names"][()]]
        units = [s.decode() if isinstance(s, bytes) else s for s in f["jovis/param_units"][()]]
        tau = f["jovis/tau"][()]
        model = f["jovis"].attrs["model"]
        model = model.decode() if isinstance(model, bytes) else model
    n = min(a.max_params, chain.shape[2])
    burn = a.burn if a.burn is not None else (int(5 * np.nanmax(tau)) if np.all(np.isfinite(tau)) else it // 4)
    burn = min(burn, it - 1)
    flat = chain[burn:, :, :n].reshape(-1, n)
    steps = np.arange(1, it + 1)

    fig = plt.figure(figsize=(3.2 * (n + 1), 2.6 * (n + 1)))
    gs = fig.add_gridspec(n + 1, n + 1)
    ax = fig.add_subplot(gs[0, :])
    ax.plot(steps, lnp[:, : min(16, lnp.shape[1])], lw=0.4, alpha=0.6)
    ax.axvline(burn, color="k", ls="--", lw=0.8, label="burn-in (%d steps)" % burn)
    ax.set_xlabel("step")
    ax.set_ylabel("ln p [nats]")
    ax.set_title("%s: %d walkers x %d steps (first 16 walkers shown)" % (model, chain.shape[1], it))
    ax.legend(loc="lower right", fontsize=8)
    for i in range(n):
        for j in range(i + 1):
            ax = fig.add_subplot(gs[i + 1, j])
            if i == j:
                ax.hist(flat[:, i], bins=60, density=True, color="C0", histtype="stepfilled", alpha=0.7)
                ax.set_ylabel("density [1/unit]")
                ax.set_title("%s: tau = %.1f" % (names[i], tau[i]), fontsize=9)
            else:
                ax.hist2d(flat[:, j], flat[:, i], bins=60, cmap="Blues")
                ax.set_ylabel(label(names[i], units[i]))
            ax.set_xlabel(label(names[j], units[j]))
    fig.tight_layout()
    fig.savefig(a.png, dpi=90)
    print("wrote %s (burn-in %d steps, %d samples)" % (a.png, burn, len(flat)))


if __name__ == "__main__":
    main()
