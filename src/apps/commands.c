/*
 * The command table. A new subcommand adds its run function's declaration and one row here;
 * nothing else in the dispatcher changes.
 */
#include "jovis/apps.h"

/* Each subcommand lives in src/apps/cmd_<name>.c. */
int jv_cmd_help(jv_app_t *app, int argc, char **argv, jv_error_t *err);
int jv_cmd_sample(jv_app_t *app, int argc, char **argv, jv_error_t *err);
int jv_cmd_info(jv_app_t *app, int argc, char **argv, jv_error_t *err);
int jv_cmd_interior(jv_app_t *app, int argc, char **argv, jv_error_t *err);
int jv_cmd_field_fit(jv_app_t *app, int argc, char **argv, jv_error_t *err);
int jv_cmd_field_misfit(jv_app_t *app, int argc, char **argv, jv_error_t *err);
int jv_cmd_field_spectrum(jv_app_t *app, int argc, char **argv, jv_error_t *err);
int jv_cmd_scan(jv_app_t *app, int argc, char **argv, jv_error_t *err);
int jv_cmd_limits(jv_app_t *app, int argc, char **argv, jv_error_t *err);
int jv_cmd_config(jv_app_t *app, int argc, char **argv, jv_error_t *err);

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
    {"field fit", "SVD fit of internal + external SH fields to magnetometer data; misfit per orbit",
     "jovis field fit CONFIG.ini [-o OUT.h5]", jv_cmd_field_fit},
    {"field misfit", "RMS misfit per orbit of a fixed field model (SH + Con2020) against data",
     "jovis field misfit CONFIG.ini [-o OUT.h5]", jv_cmd_field_misfit},
    {"field spectrum", "Lowes spectrum, its slope against radius, dynamo radius, B_r maps",
     "jovis field spectrum CONFIG.ini [-o OUT.h5]", jv_cmd_field_spectrum},
    {"scan", "photon-mass or dark-photon grid scan of the Juno field (MPI, resumable)",
     "jovis scan CONFIG.ini [-o OUT.h5] [--resume] [--force]", jv_cmd_scan},
    {"limits", "credible limits (m_gamma, eps(m')) and plots from a scan file",
     "jovis limits SCAN.h5 [--cl 0.95] [-o LIMITS.h5]", jv_cmd_limits},
    {"config", "print a config as the commands read it, its [config] base files resolved",
     "jovis config CONFIG.ini [-o OUT.ini]\n\n"
     "  -o OUT.ini  write the text there (default: stdout)\n\n"
     "A config with [config] base = FILE takes every key of FILE (relative to the config) and adds or\n"
     "replaces its own. The text printed is self-contained: the keys of the whole chain of bases.",
     jv_cmd_config},
    {NULL, NULL, NULL, NULL},
};
