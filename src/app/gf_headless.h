/* gf_headless.h - training without a window: a table per run, CSV and dump files. */
#ifndef GF_HEADLESS_H
#define GF_HEADLESS_H

#include <stdio.h>

#include "gf_cli.h"

/* Trains both runs for opt->steps steps, writes the requested files and
 * prints the per-layer table of each run to out. Errors go to err.
 * Returns the process exit status (gf_result_status): 0, or 2 for bad
 * input, an output file that cannot be written (then none is left) or
 * memory running out. */
int gf_headless_run(const struct gf_cli_options *opt, FILE *out, FILE *err);

#endif
