/*
 * The command table. A new subcommand adds its run function's declaration and one row here;
 * nothing else in the dispatcher changes.
 */
#include "jovis/apps.h"

int jv_cmd_help(jv_app_t *app, int argc, char **argv, jv_error_t *err);
int jv_cmd_sample(jv_app_t *app, int argc, char **argv, jv_error_t *err);
int jv_cmd_info(jv_app_t *app, int argc, char **argv, jv_error_t *err);
int jv_cmd_interior(jv_app_t *app, int argc, char **argv, jv_error_t *err);

const jv_command_t jv_commands[] = {
    {"help", "list the commands, or show one command's usage", "jovis help [command]", jv_cmd_help},
    {"sample", "run the ensemble sampler on the model of a config (writes an HDF5 chain)",
     "mpirun -np P jovis sample CONFIG.ini [-o OUT.h5] [--resume] [--force] [--steps N] [--seed S] [-v|-q]\n\n"
     "  -o OUT.h5   the chain file (default: [output] path)\n"
     "  --resume    continue OUT.h5 up to N steps in total (bitwise the chain an uninterrupted run gives)\n"
     "  --force     overwrite an existing OUT.h5 (kept as OUT.h5.prev)\n"
     "  --steps N   total chain length (default: [sampler] steps)\n"
     "  --seed S    random seed (default: [sampler] seed)\n"
     "  -v, -q      more / less logging (-q: no progress line)\n\n"
     "SIGTERM, SIGINT or SIGUSR1 finish the step, flush the file and exit 0. Models: gaussian, rosenbrock,\n"
     "bimodal, and those other modules add (src/apps/models.c). Keys: see inputs/gaussian.ini.",
     jv_cmd_sample},
    {"info", "summarise a chain file: walkers, steps, acceptance, tau per parameter, convergence",
     "jovis info OUT.h5", jv_cmd_info},
    {"interior", "one Jupiter interior model (EOS, layers, theory of figures): J2n, R_eq, profiles",
     "jovis interior CONFIG.ini [-o OUT.h5]   (inputs/interior_*.ini)", jv_cmd_interior},
    {NULL, NULL, NULL, NULL},
};
