#!/bin/sh
# `make bench`: one field fit on the 28,011-point Juno set (84,033 x 395) and its BLAS baselines.
# Single-threaded BLAS so that the figures do not depend on the machine's load balance.
data=${JOVIS_SHARED_DATA:-../shared/data}/magnetic/juno_pinn_vp3/Juno_PJ01_50_4.0Rj.txt
if [ ! -f "$data" ]; then echo "run_field: skip - $data not found (set JOVIS_SHARED_DATA)"; exit 0; fi
OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1} build/bench/bench_field_fit "$data"
