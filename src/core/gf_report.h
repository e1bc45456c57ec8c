/* gf_report.h - machine-readable output: the per-step CSV and the JSON dump.
 *
 * The core's only I/O: each function writes to a FILE* the caller opened
 * and reports whether every write succeeded. Formats are docs/formats.md's:
 *
 * CSV  run,step,layer,activation,loss,grad_norm,grad_rms,weight_rms,
 *      update_ratio,delta_mean_abs,saturated_frac,dead_frac,delta_norm,
 *      delta_bound,weight_spectral_norm,slope_mean
 *      one row per (run, step, layer); layer counts weight layers from 1;
 *      slope_mean is empty for the output layer;
 *      non-finite numbers as nan / inf / -inf.
 * dump {"format": "gradflow-dump/1", "runs": [left, right]}: per run its
 *      settings, W, b, dW, db per layer, the next minibatch x, y and the
 *      loss whose gradients those are; non-finite numbers as null. Floats
 *      are printed with 9 significant digits, enough to round-trip float32.
 */
#ifndef GF_REPORT_H
#define GF_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "gf_lab.h"

/* The shortest text that reads back as the same float, e.g. 0.01 for 0.01f. */
void gf_format_float(char *buf, size_t n, float v);

/* The id of a side in reports: "left" or "right". */
const char *gf_side_id(enum gf_side side);

bool gf_csv_write_header(FILE *f);

/* One row per layer for the given step statistics of a run. */
bool gf_csv_write_step(FILE *f, enum gf_side side, const struct gf_run *run,
                       const struct gf_step_stats *stats);

/* Computes each run's gradients on its next minibatch at its current
 * weights (no update; see gf_run_probe) and writes them as the dump. */
bool gf_dump_write(FILE *f, struct gf_lab *lab);

#endif
