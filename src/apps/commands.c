/*
 * The command table. A new subcommand adds its run function's declaration and one row here;
 * nothing else in the dispatcher changes.
 */
#include "jovis/apps.h"

int jv_cmd_help(jv_app_t *app, int argc, char **argv, jv_error_t *err);
int jv_cmd_interior(jv_app_t *app, int argc, char **argv, jv_error_t *err);
int jv_cmd_field_fit(jv_app_t *app, int argc, char **argv, jv_error_t *err);
int jv_cmd_field_misfit(jv_app_t *app, int argc, char **argv, jv_error_t *err);
int jv_cmd_field_spectrum(jv_app_t *app, int argc, char **argv, jv_error_t *err);

const jv_command_t jv_commands[] = {
    {"help", "list the commands, or show one command's usage", "jovis help [command]", jv_cmd_help},
    {"interior", "one Jupiter interior model (EOS, layers, theory of figures): J2n, R_eq, profiles",
     "jovis interior CONFIG.ini [-o OUT.h5]   (inputs/interior_*.ini)", jv_cmd_interior},
    {"field fit", "SVD fit of internal + external SH fields to magnetometer data; misfit per orbit",
     "jovis field fit CONFIG.ini [-o OUT.h5]", jv_cmd_field_fit},
    {"field misfit", "RMS misfit per orbit of a fixed field model (SH + Con2020) against data",
     "jovis field misfit CONFIG.ini [-o OUT.h5]", jv_cmd_field_misfit},
    {"field spectrum", "Lowes spectrum, its slope against radius, dynamo radius, B_r maps",
     "jovis field spectrum CONFIG.ini [-o OUT.h5]", jv_cmd_field_spectrum},
    {NULL, NULL, NULL, NULL},
};
