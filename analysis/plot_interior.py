#!/usr/bin/env python3
"""Plot an output of `jovis interior` as one PNG.

usage: plot_interior.py OUT.h5 [OUT.png]   (default OUT.png: beside OUT.h5)
- a Jupiter model (/profiles): rho(P), T(P) and Z(m);
- adiabats (model = adiabats, /adiabats/<eos>): rho(P), T(P) and each EOS's density over the first's.
Units: P in Mbar, rho in g/cc, T in K, m = M(r)/M_J.
"""
import sys

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def plot_profiles(f, ax):
    p = f["profiles"]
    if "P" not in p:
        sys.exit("no P profile (a polytrope/maclaurin run?); nothing to plot")
    P, T, rho, Z, m = (p[k][()] for k in ("P", "T", "rho", "Z", "m"))
    ax[0].loglog(P / 1e12, rho)
    ax[1].loglog(P / 1e12, T)
    ax[2].plot(m, Z)
    ax[2].set_xlabel(r"m = M(r)/M$_J$")
    ax[2].set_ylabel("Z (heavy-element mass fraction)")
    ax[2].set_ylim(0, 1.05)
    return "%s; J2 = %.6e, R_eq = %.1f km" % (f.attrs.get("eos", ""), f.attrs["J2"], f.attrs["R_eq_cm"] / 1e5)


def plot_adiabats(f, ax):
    g = f["adiabats"]
    config = f.attrs["config"]
    order = config.split("eos =")[1].split("\n")[0].split() if "eos =" in config else list(g.keys())
    ref = None
    for name in [n for n in order if n in g]:
        lp, lt, lr = g[name]["logP"][1:], g[name]["logT"][1:], g[name]["logrho"][1:]
        P = 10 ** lp / 1e12
        ax[0].loglog(P, 10 ** lr, label=name)
        ax[1].loglog(P, 10 ** lt, label=name)
        ref = lr if ref is None else ref
        ax[2].semilogx(P, 10 ** (lr - ref), label="%s / %s" % (name, order[0]))
    ax[2].set_xlabel("P [Mbar]")
    ax[2].set_ylabel("density ratio")
    for a in ax:
        a.legend()
    return "H-He adiabats from 1 bar (%s)" % ", ".join(order)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    path = sys.argv[1]
    out = sys.argv[2] if len(sys.argv) > 2 else path.rsplit(".", 1)[0] + ".png"
    fig, ax = plt.subplots(1, 3, figsize=(13, 4))
    with h5py.File(path, "r") as f:
        title = plot_adiabats(f, ax) if "adiabats" in f else plot_profiles(f, ax)
    for a in ax[:2]:
        a.set_xlabel("P [Mbar]")
    ax[0].set_ylabel(r"$\rho$ [g cm$^{-3}$]")
    ax[1].set_ylabel("T [K]")
    for a in ax:
        a.grid(alpha=0.3)
    fig.suptitle(title, fontsize=9)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    print("wrote", out)


if __name__ == "__main__":
    main()
