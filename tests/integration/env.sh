# Set-up shared by the integration tests (sourced from the repository root, not run): the binary,
# the Python with Debian's numpy/scipy/h5py, how to start MPI jobs as root on this small machine,
# and a scratch folder $TMP removed on exit.
JOVIS=${JOVIS:-$(pwd)/bin/jovis}
PYTHON=${PYTHON:-/usr/bin/python3}
MPIRUN=${MPIRUN:-mpirun}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OPENBLAS_NUM_THREADS=1
# Open MPI warns about oversubscription and shared-memory quirks on busy machines: keep logs clean.
export OMPI_MCA_rmaps_base_oversubscribe=1
TMP=$(mktemp -d "${TMPDIR:-/tmp}/jovis_test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
# The key=value summary line of a run's output, and one value from it. mpirun forwards the ranks'
# stdout and stderr on separate channels, so in a `>LOG 2>&1` file a late log line may land after
# the summary: find the summary by its form (it alone starts with key=), not as the last line.
summary_line() { grep -E '^[A-Za-z_][A-Za-z0-9_]*=' "$1" | tail -n 1; }
summary_value() { summary_line "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
