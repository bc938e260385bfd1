"""What every chain figure module shares: its command-line arguments, its default PNG name and
how it saves (matplotlib's Agg backend is selected by jovis_plot.py before any figure exists)."""


def add_chain_arguments(p, kind):
    """The chain file and -o for a figure named CHAIN_<kind>.png by default."""
    p.add_argument("chain", help="chain file (HDF5, group mcmc)")
    p.add_argument("-o", "--output", default=None, help=f"PNG path (default: CHAIN_{kind}.png)")


def output_path(args, kind):
    """-o if given, else the chain file's name with _<kind>.png instead of .h5."""
    return args.output or args.chain.rsplit(".", 1)[0] + f"_{kind}.png"


def save(fig, output, dpi=110):
    """Lay out, write the PNG, free the figure; returns the path."""
    import matplotlib.pyplot as plt

    fig.tight_layout()
    fig.savefig(output, dpi=dpi)
    plt.close(fig)
    return output
