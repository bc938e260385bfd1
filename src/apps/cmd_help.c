/* `jovis help [command]`: the command list, or one command's usage. */
#include <stdio.h>
#include <string.h>

#include "jovis/apps.h"

int jv_cmd_help(jv_app_t *app, int argc, char **argv, jv_error_t *err) {
  if (app->par.rank != 0) return JV_OK;
  if (argc == 0) {
    printf("jovis %s: ensemble MCMC and Jupiter science on MPI\n\nusage: mpirun -np P jovis <command> ...\n\n"
           "commands:\n",
           jv_version());
    int count = 0;
    for (const jv_command_t *c = jv_commands; c->name != NULL; ++c, ++count)
      printf("  %-16s %s\n", c->name, c->summary);
    printf("\n`jovis help <command>` shows a command's usage; `jovis --version` the version.\n");
    printf("commands=%d\n", count);
    return JV_OK;
  }
  char wanted[128] = "";
  for (int i = 0; i < argc; ++i) {
    strncat(wanted, i ? " " : "", sizeof wanted - strlen(wanted) - 1);
    strncat(wanted, argv[i], sizeof wanted - strlen(wanted) - 1);
  }
  for (const jv_command_t *c = jv_commands; c->name != NULL; ++c)
    if (!strcmp(c->name, wanted)) {
      printf("usage: %s\n\n%s\n", c->usage, c->summary);
      return JV_OK;
    }
  JV_FAIL(err, JV_EINPUT, "no command '%s' (jovis help lists them)", wanted);
}
