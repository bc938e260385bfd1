#!/usr/bin/env python3
"""PNG plots of `jovis field misfit|fit|spectrum` outputs (HDF5).

usage: field_plots.py OUT.h5 [OUTDIR]

Writes, next to the file (or into OUTDIR), whichever apply:
  <stem>_misfit.png    RMS misfit per orbit (bars), in sample and out of sample
  <stem>_k.png         fit: singular values and the power-law deviation of the Lowes spectrum vs k
  <stem>_spectrum.png  Lowes spectra R_n at several radii and the slope of log10 R_n vs radius
  <stem>_br_maps.png   B_r on spheres of radius 1.0 .. 0.8 R_J, Mollweide projection
"""
import os
import sys

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def save(fig, path, dpi=120):
    fig.tight_layout()
    fig.savefig(path, dpi=dpi)
    plt.close(fig)
    return path


def misfit_groups(f):
    """(label, orbit, rms) for every per-orbit table in the file."""
    out = []
    for name in sorted(f.keys()):
        g = f[name]
        if isinstance(g, h5py.Group) and "rms_nT" in g:
            out.append((name, g["orbit"][:], g["rms_nT"][:], g.attrs["rms_total_nT"]))
    return out


def plot_misfit(f, stem):
    groups = misfit_groups(f)
    if not groups:
        return None
    # keep the first (headline) in-sample table and its out-of-sample partner
    keep = [groups[0]] if len(groups) == 1 else [g for g in groups if g[0].endswith(groups[0][0].split("_")[-1])]
    if "k" in f:  # fit: the first k listed is the headline model
        k0 = int(f["k"][0])
        keep = [g for g in groups if g[0] in (f"misfit_k{k0}", f"validate_k{k0}")]
    fig, ax = plt.subplots(figsize=(11, 4))
    for label, orb, rms, total in keep:
        kind = "out of sample" if label.startswith("validate") else "in sample"
        ax.bar(orb, rms, width=0.8, label=f"{label} ({kind}): total {total:.1f} nT")
    ax.set_xlabel("perijove (orbit number)")
    ax.set_ylabel("RMS misfit (nT)")
    ax.set_title(os.path.basename(stem))
    ax.legend(loc="upper left", fontsize=8)
    ax.grid(axis="y", alpha=0.3)
    return save(fig, stem + "_misfit.png", 120)


def plot_k(f, stem):
    if "singular_values" not in f:
        return None
    s = f["singular_values"][:]
    fig, axes = plt.subplots(1, 2, figsize=(11, 4))
    axes[0].semilogy(np.arange(1, s.size + 1), s, "k-")
    for k in f["k"][:]:
        axes[0].axvline(k, ls="--", lw=0.8, color="tab:red")
    axes[0].set_xlabel("mode index i")
    axes[0].set_ylabel("singular value s_i of the whitened design matrix")
    axes[0].set_title("kept modes k (dashed)")
    if "lowes_scan_k" in f:
        axes[1].plot(f["lowes_scan_k"][:], f["lowes_scan_dev_dex"][:], "o-", ms=3)
        axes[1].set_xlabel("kept modes k")
        axes[1].set_ylabel("RMS of log10 R_n about a power law (dex)")
        axes[1].set_title("Lowes-spectrum criterion ([Y24] App. A)")
    else:
        axes[1].plot(f["k"][:], f["rms_in_sample_nT"][:], "o", label="in sample")
        axes[1].set_xlabel("kept modes k")
        axes[1].set_ylabel("RMS misfit (nT)")
        axes[1].legend()
    return save(fig, stem + "_k.png", 120)


def plot_spectrum(f, stem):
    if "lowes_nT2" not in f:
        return None
    r = f["radius_RJ"][:]
    spec = f["lowes_nT2"][:]
    slope = f["slope"][:]
    rd = f.attrs["dynamo_radius_RJ"]
    n = np.arange(spec.shape[1])
    fig, axes = plt.subplots(1, 2, figsize=(11, 4))
    for rr in (1.0, 0.9, 0.8, 0.7, 0.6):
        i = int(np.argmin(abs(r - rr)))
        axes[0].semilogy(n[1:], spec[i, 1:], "o-", ms=3, label=f"r = {r[i]:.2f} R_J")
    axes[0].set_xlabel("degree n")
    axes[0].set_ylabel("Lowes-Mauersberger R_n (nT$^2$)")
    axes[0].legend(fontsize=8)
    axes[1].plot(r, slope, "k-")
    axes[1].axhline(0, color="gray", lw=0.8)
    if np.isfinite(rd):
        axes[1].axvline(rd, color="tab:red", ls="--", label=f"dynamo radius {rd:.3f} R_J")
        axes[1].legend()
    axes[1].set_xlabel("radius (R_J)")
    axes[1].set_ylabel("slope of log10 R_n over n (per degree)")
    fig.suptitle(os.path.basename(str(f.attrs.get("model", stem))))
    return save(fig, stem + "_spectrum.png", 120)


def plot_maps(f, stem):
    if "br_maps_nT" not in f:
        return None
    maps = f["br_maps_nT"][:]
    radii = f["map_radii_RJ"][:]
    nlat, nlon = maps.shape[1:]
    lat = np.radians(np.linspace(-90, 90, nlat))
    # east longitude -180..180; Mollweide x axis runs the same way
    lon = np.radians(np.linspace(-180, 180, nlon))
    fig = plt.figure(figsize=(4.2 * len(radii), 3.2))
    for k, rr in enumerate(radii):
        ax = fig.add_subplot(1, len(radii), k + 1, projection="mollweide")
        m = maps[k] / 1e6
        lim = np.max(np.abs(m))
        pc = ax.pcolormesh(lon, lat, m, cmap="RdBu_r", vmin=-lim, vmax=lim, shading="auto")
        ax.set_title(f"B_r at r = {rr:.2f} R_J", fontsize=9)
        ax.set_xticklabels([])
        ax.grid(alpha=0.3)
        cb = fig.colorbar(pc, ax=ax, orientation="horizontal", pad=0.05, shrink=0.8)
        cb.set_label("B_r (mT = 10$^6$ nT)", fontsize=8)
    return save(fig, stem + "_br_maps.png", 110)


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    h5 = argv[1]
    outdir = argv[2] if len(argv) > 2 else os.path.dirname(h5) or "."
    stem = os.path.join(outdir, os.path.splitext(os.path.basename(h5))[0])
    with h5py.File(h5, "r") as f:
        made = [p for p in (plot_misfit(f, stem), plot_k(f, stem), plot_spectrum(f, stem), plot_maps(f, stem)) if p]
    for p in made:
        print("wrote", p)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
