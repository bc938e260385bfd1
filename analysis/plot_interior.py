#!/usr/bin/env python3
"""Plot an interior model written by `jovis interior`: rho(P), T(P) and Z(m) as one PNG.

usage: plot_interior.py MODEL.h5 [OUT.png]   (default OUT: MODEL.png)
Units: P in Mbar, rho in g/cc, T in K, m = M(r)/M_J.
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
    with h5py.File(path, "r") as f:
        p = f["profiles"]
        if "P" not in p:
            sys.exit("%s: no P profile (a polytrope/maclaurin run?); nothing to plot" % path)
        P, T, rho, Z, m = (p[k][()] for k in ("P", "T", "rho", "Z", "m"))
        title = "%s; J2 = %.6e, R_eq = %.1f km" % (f.attrs.get("eos", ""), f.attrs["J2"], f.attrs["R_eq_cm"] / 1e5)
    fig, ax = plt.subplots(1, 3, figsize=(13, 4))
    ax[0].loglog(P / 1e12, rho)
    ax[0].set_xlabel("P [Mbar]")
    ax[0].set_ylabel(r"$\rho$ [g cm$^{-3}$]")
    ax[1].loglog(P / 1e12, T)
    ax[1].set_xlabel("P [Mbar]")
    ax[1].set_ylabel("T [K]")
    ax[2].plot(m, Z)
    ax[2].set_xlabel(r"m = M(r)/M$_J$")
    ax[2].set_ylabel("Z (heavy-element mass fraction)")
    ax[2].set_ylim(0, 1.05)
    for a in ax:
        a.grid(alpha=0.3)
    fig.suptitle(title, fontsize=9)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    print("wrote", out)


if __name__ == "__main__":
    main()
