/* gf_window.h - the interactive window: events in, frames out. */
#ifndef GF_WINDOW_H
#define GF_WINDOW_H

#include "gf_cli.h"

/* Opens the window and runs until the user quits. Returns the exit status. */
int gf_window_run(const struct gf_cli_options *opt);

#endif
