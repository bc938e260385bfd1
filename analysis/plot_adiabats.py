#!/usr/bin/env python3
"""Plot H-He adiabats written by `jovis interior` (model = adiabats): density and temperature
against pressure, and each EOS's density over the first one's.

usage: plot_adiabats.py ADIABATS.h5 [OUT.png]
Units: P in Mbar, rho in g/cc, T in K.
"""
import sys

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    path = sys.argv[1]
    out = sys.argv[2] if len(sys.argv) > 2 else path.rsplit(".", 1)[0] + ".png"
    fig, ax = plt.subplots(1, 3, figsize=(13, 4))
    with h5py.File(path, "r") as f:
        g = f["adiabats"]
        names = list(g.keys())
        order = f.attrs["config"].split("eos =")[1].split("\n")[0].split() if "eos =" in f.attrs["config"] else names
        ref = None
        for name in [n for n in order if n in names]:
            lp, lt, lr = g[name]["logP"][1:], g[name]["logT"][1:], g[name]["logrho"][1:]
            P = 10 ** lp / 1e12
            ax[0].loglog(P, 10 ** lr, label=name)
            ax[1].loglog(P, 10 ** lt, label=name)
            if ref is None:
                ref = lr
            ax[2].semilogx(P, 10 ** (lr - ref), label="%s / %s" % (name, order[0]))
    ax[0].set_ylabel(r"$\rho$ [g cm$^{-3}$]")
    ax[1].set_ylabel("T [K]")
    ax[2].set_ylabel("density ratio")
    for a in ax:
        a.set_xlabel("P [Mbar]")
        a.grid(alpha=0.3)
        a.legend()
    fig.suptitle("H-He adiabats from 1 bar, 166.1 K, Y/(X+Y) = 0.27", fontsize=9)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    print("wrote", out)


if __name__ == "__main__":
    main()
