"""Helpers of the sampler's integration checks (imported by the Python parts of test_sampler_*.sh)."""
import h5py


def check(cond, msg):
    """One test line: 'ok - msg' or 'not ok - msg'."""
    print(("ok - " if cond else "not ok - ") + msg)


def load(path, *names):
    """The datasets `names` of a chain file, rows up to its iteration for the per-step ones."""
    with h5py.File(path, "r") as f:
        it = f["mcmc"].attrs["iteration"]
        return [f[n][:it] if n in ("mcmc/chain", "mcmc/log_prob", "mcmc/blobs") else f[n][()] for n in names]
