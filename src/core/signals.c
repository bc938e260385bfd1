/* Stop requests: SIGTERM/SIGINT/SIGUSR1 set a flag polled by long-running loops. */
#include <signal.h>
#include <string.h>

#include "jovis/core.h"

/* Process-wide by necessity: a signal handler can only reach static storage. */
static volatile sig_atomic_t stop_signal = 0;

static void on_stop_signal(int sig) { stop_signal = sig; }

int jv_signals_install(jv_error_t *err) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  const int signals[] = {SIGTERM, SIGINT, SIGUSR1};
  for (size_t i = 0; i < sizeof signals / sizeof signals[0]; ++i)
    if (sigaction(signals[i], &sa, NULL) != 0) JV_FAIL(err, JV_EINPUT, "cannot install handler for signal %d", signals[i]);
  return JV_OK;
}

int jv_signals_stop_requested(void) { return (int)stop_signal; }

void jv_signals_reset(void) { stop_signal = 0; }
