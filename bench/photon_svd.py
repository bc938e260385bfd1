#!/usr/bin/env python3
"""SciPy's SVD on the whitened design matrix that bench/photon_bench wrote, timed in the same run
and compared with our QR + SVD of R (jv_mag_fit_factor): singular values and wall time.

usage: photon_svd.py MATRIX_FILE   (MATRIX_FILE.s holds our singular values and factor time)
"""
import sys
import time

import numpy as np
import scipy.linalg

path = sys.argv[1]
with open(path, "rb") as f:
    rows, cols = np.fromfile(f, dtype=np.uint64, count=2)
    a = np.fromfile(f, dtype=np.float64, count=int(rows * cols)).reshape((int(cols), int(rows))).T
with open(path + ".s", "rb") as f:
    ours = np.fromfile(f, dtype=np.float64, count=int(cols))
    t_ours = float(f.read().decode())
best = {}
for driver in ("gesdd", "gesvd"):
    t = []
    for _ in range(2 if driver == "gesdd" else 1):
        b = np.array(a, order="F", copy=True)  # SciPy may overwrite; each timing starts from a copy
        t0 = time.perf_counter()
        s = scipy.linalg.svd(b, full_matrices=False, compute_uv=True, overwrite_a=True, lapack_driver=driver)[1]
        t.append(time.perf_counter() - t0)
    best[driver] = (min(t), s)
for driver, (t, s) in best.items():
    rel = np.max(np.abs(s - ours) / s)
    print(f"scipy.linalg.svd ({driver}) {t:8.3f} s   ours (QR + SVD of R) {t_ours:8.3f} s   "
          f"ratio scipy/ours {t / t_ours:.2f}   max rel diff of singular values {rel:.1e}")
print(f"scipy_gesdd_s={best['gesdd'][0]:.4g} scipy_gesvd_s={best['gesvd'][0]:.4g} ours_s={t_ours:.4g} "
      f"ratio_gesdd={best['gesdd'][0] / t_ours:.3g} ratio_gesvd={best['gesvd'][0] / t_ours:.3g} "
      f"cond={best['gesdd'][1][0] / best['gesdd'][1][-1]:.3g}")
