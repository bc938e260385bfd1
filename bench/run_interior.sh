#!/bin/sh
# `make bench`: milliseconds per full interior model and the accuracy reached (bench/interior_model.c).
set -e
nice -n 5 build/bench/interior_model "${JOVIS_SHARED_DATA:-../shared/data}/eos"
