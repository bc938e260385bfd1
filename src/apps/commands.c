/*
 * The command table. A new subcommand adds its run function's declaration and one row here;
 * nothing else in the dispatcher changes.
 */
#include "jovis/apps.h"

int jv_cmd_help(jv_app_t *app, int argc, char **argv, jv_error_t *err);
int jv_cmd_interior(jv_app_t *app, int argc, char **argv, jv_error_t *err);

const jv_command_t jv_commands[] = {
    {"help", "list the commands, or show one command's usage", "jovis help [command]", jv_cmd_help},
    {"interior", "one Jupiter interior model (EOS, layers, theory of figures): J2n, R_eq, profiles",
     "jovis interior CONFIG.ini [-o OUT.h5]   (inputs/interior_*.ini)", jv_cmd_interior},
    {NULL, NULL, NULL, NULL},
};
