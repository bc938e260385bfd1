#!/usr/bin/env python3
"""Plots of a jovis photon scan and its limits (called by `jovis limits`; also usable by hand).

usage: photon_limits.py SCAN.h5 LIMITS.h5 PREFIX
  photon scans: PREFIX_delta_chi2.png (Delta chi2 and Delta ln L_marg against m_gamma) and
                PREFIX_posterior.png (posterior in log10 m with the credible limit);
  dark scans:   PREFIX_eps_limit.png (eps_cl against m' on log axes) and PREFIX_delta_chi2.png
                (Delta chi2 over the (m', eps) grid).
Reference lines: Pioneer 10 (6e-16 eV) and solar-wind (1e-18 eV) photon-mass bounds, and [Y24]'s
2.5e-18 eV. Units: eV for masses; Delta chi2 dimensionless.
"""
import sys

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

PIONEER10_EV, SOLAR_WIND_EV, Y24_EV = 6e-16, 1e-18, 2.5e-18


def reference_lines(ax, vertical=True):
    draw = ax.axvline if vertical else ax.axhline
    draw(PIONEER10_EV, color="tab:red", ls="--", lw=1, label="Pioneer 10: 6e-16 eV")
    draw(SOLAR_WIND_EV, color="tab:green", ls=":", lw=1.2, label="solar wind: 1e-18 eV")


def title(g):
    k = g.attrs['k']
    src = g.attrs.get("data_source", "file")  # scans before the attribute: a file
    synthetic = g.attrs["inject"] or (src.decode() if isinstance(src, bytes) else src) == "synthetic"
    return f"{g.attrs['n_data']} points, k = {k if k else 'all modes'}" + (" (synthetic data)" if synthetic else "")


def finish(fig, ax, path, legend=True):
    if legend:
        ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def photon(scan, lim, prefix):
    g = scan["scan"]
    m = g["mass_ev"][:]
    d = g["delta_chi2"][:]
    dl = g["delta_ln_l_marg"][:]
    up = float(lim["limits/upper_limit_ev"][0])
    cl = lim["limits"].attrs["cl"]
    fig, ax = plt.subplots(figsize=(6.4, 4.4))
    ax.plot(m, np.where(d > 0, d, np.nan), "o-", ms=3, label=r"$\Delta\chi^2$")
    ax.plot(m, np.where(-dl > 0, -dl, np.nan), "s--", ms=3, label=r"$-\Delta \ln L_{\rm marg}$")
    ax.set_xscale("log")
    ax.set_yscale("log")
    reference_lines(ax)
    ax.axvline(up, color="k", lw=1.5, label=f"{100 * cl:.0f}% limit: {up:.2g} eV")
    ax.axvline(Y24_EV, color="tab:purple", ls="-.", lw=1, label="[Y24]: 2.5e-18 eV")
    ax.set_xlabel(r"photon mass $m_\gamma$ [eV]")
    ax.set_ylabel(r"$\Delta\chi^2$, $-\Delta\ln L$ against the massless fit")
    ax.set_title(title(g))
    finish(fig, ax, prefix + "_delta_chi2.png")

    jeff = g["jeffreys"][:]
    lp = np.where(jeff > 0, g["ln_l_marg"][:] - g.attrs["ln_l_marg_sm"] + np.log(np.where(jeff > 0, jeff, 1)), -np.inf)
    p = np.exp(lp - lp.max())
    u = np.log10(m)
    p /= np.trapz(p, u)
    fig, ax = plt.subplots(figsize=(6.4, 4.4))
    ax.plot(m, p, "o-", ms=3)
    ax.set_xscale("log")
    reference_lines(ax)
    ax.axvline(up, color="k", lw=1.5, label=f"{100 * cl:.0f}% limit: {up:.2g} eV")
    if g.attrs["inject"] and g.attrs["inject_mass_ev"] > 0:
        ax.axvline(g.attrs["inject_mass_ev"], color="tab:orange", lw=2, label="injected")
    ax.set_xlabel(r"photon mass $m_\gamma$ [eV]")
    ax.set_ylabel(r"posterior density per unit $\log_{10} m_\gamma$")
    finish(fig, ax, prefix + "_posterior.png")


def dark(scan, lim, prefix):
    g = scan["scan"]
    m = g["mass_ev"][:]
    eps = g["eps"][:]
    e95 = lim["limits/eps_limit"][:]
    cl = lim["limits"].attrs["cl"]
    fig, ax = plt.subplots(figsize=(6.4, 4.4))
    ax.plot(m, e95, "o-", ms=3, label=f"jovis {100 * cl:.0f}% credible limit")
    ax.plot([2e-15], [3e-3], "*", ms=12, color="tab:purple", label=r"[Y24]: $\epsilon\sim 3\times10^{-3}$ near 2e-15 eV")
    ax.set_xscale("log")
    ax.set_yscale("log")
    reference_lines(ax)
    ax.set_xlabel(r"dark photon mass $m'$ [eV]")
    ax.set_ylabel(r"kinetic mixing $\epsilon_{95}(m')$")
    ax.set_title(title(g))
    finish(fig, ax, prefix + "_eps_limit.png")

    d = g["delta_chi2"][:]
    fig, ax = plt.subplots(figsize=(6.4, 4.4))
    pc = ax.pcolormesh(m, eps, np.log10(np.clip(d.T, 1e-3, None)), shading="nearest")
    fig.colorbar(pc, label=r"$\log_{10}\Delta\chi^2$")
    ax.plot(m, e95, "w-", lw=1.5)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(r"dark photon mass $m'$ [eV]")
    ax.set_ylabel(r"kinetic mixing $\epsilon$")
    finish(fig, ax, prefix + "_delta_chi2.png", legend=False)


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    with h5py.File(sys.argv[1], "r") as scan, h5py.File(sys.argv[2], "r") as lim:
        kind = scan["scan"].attrs["kind"]
        kind = kind.decode() if isinstance(kind, bytes) else kind
        (dark if kind == "dark" else photon)(scan, lim, sys.argv[3])


if __name__ == "__main__":
    main()
