/* gf_view.h - everything the renderer reads: the lab (const) and the app's
 * display state. The app owns all of it; render never writes to it. */
#ifndef GF_VIEW_H
#define GF_VIEW_H

#include <stdbool.h>
#include <stdint.h>

#include "gf_i18n.h"
#include "gf_lab.h"
#include "gf_theme.h"

/* A run's outputs sampled over its input space, for the decision map (2-D
 * inputs: res x res points, row 0 at the top, y = hi) or the fitted curve
 * (1-D inputs: res points from lo to hi). Computed by the app. */
struct gf_map {
    int res;          /* points per axis */
    int n_out;        /* outputs per point */
    float lo, hi;     /* input range, the same on both axes */
    float *out;       /* (points, n_out): probabilities (classification) or predictions (mse) */
    int64_t step;     /* the run's step when computed; -1 when never */
};

struct gf_view {
    const struct gf_lab *lab;
    const struct gf_map *map[GF_SIDES];
    const struct gf_step_stats *bars[GF_SIDES];  /* what the bars show: the last step's statistics,
                                                    or at step 0 the gradients at initialisation */
    double data_loss[GF_SIDES];      /* over the whole dataset, as of the map's step */
    double data_accuracy[GF_SIDES];  /* NaN for regression */
    enum gf_side focus;
    enum gf_theme_id theme;
    enum gf_lang lang;               /* every label, caption and note in this language */
    enum gf_metric bar_metric;       /* GRAD_RMS, GRAD_NORM or DELTA_MEAN_ABS */
    bool bar_log;                    /* log10 axis (else linear) */
    bool paused;
    bool help;                       /* the help overlay is open */
    double steps_per_second;         /* the training speed asked for */
    double measured_steps_per_second;
    double measured_fps;             /* frames drawn per second (0: not measured, as in exports) */
    const char *note;                /* a short message about the last action, or "" */
    bool note_is_error;              /* drawn as a warning rather than as information */
    bool figure;                     /* drawing an exported figure: no speed, focus or keys */
    const char *caption;             /* figures: the settings line at the bottom, or NULL for none */
};

#endif
