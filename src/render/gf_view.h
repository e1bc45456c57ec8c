/* gf_view.h - everything the renderer reads: the lab (const) and the app's
 * display state. The app owns all of it; render never writes to it. No
 * SDL type appears here, so the app's own headers stay free of SDL. */
#ifndef GF_VIEW_H
#define GF_VIEW_H

#include <stdbool.h>
#include <stdint.h>

#include "gf_dist.h"
#include "gf_i18n.h"
#include "gf_lab.h"
#include "gf_theme_id.h"

#define GF_MAP_AFFINE_OUTPUTS 8   /* W_eff is kept for networks with up to this many outputs */

/* A run's outputs sampled over its input space, for the decision map (2-D
 * inputs: res x res points, row 0 at the top, y = hi) or the fitted curve
 * (1-D inputs: res points from lo to hi). Computed by the app. */
struct gf_map {
    int res;          /* points per axis */
    int n_out;        /* outputs per point */
    float lo, hi;     /* input range, the same on both axes */
    float *out;       /* (points, n_out): probabilities (classification) or predictions (mse) */
    int64_t step;     /* the run's step when computed; -1 when never */

    /* Facts about the model at that step, for the lesson's scenes. */
    bool affine;                    /* a linear network: logits = W_eff x + b_eff exactly */
    double W_eff[GF_MAP_AFFINE_OUTPUTS * GF_MAX_INPUTS];   /* (n_out, n_in) */
    double b_eff[GF_MAP_AFFINE_OUTPUTS];
    double affine_gap;              /* largest |logit - (W_eff x + b_eff)| over the dataset */
    double top_prob;                /* classification: mean over the dataset of the largest
                                       probability the loss sees; NaN otherwise */
};

/* What a lesson scene draws besides its caption. */
enum gf_scene_view {
    GF_SCENE_LAB,          /* the two columns, as in free play */
    GF_SCENE_LINEAR,       /* y = x, y = ax, y = ax + b, and the linear activation */
    GF_SCENE_NETWORK,      /* the networks as nodes and edges, live */
    GF_SCENE_COLLAPSE,     /* a deep linear net next to a non-linear one; W_eff */
    GF_SCENE_ACTIVATIONS,  /* ReLU, leaky ReLU, sigmoid, tanh; dead and saturated units */
    GF_SCENE_VANISHING,    /* the training loop; bars with sigmoid's 0.25^k bound */
    GF_SCENE_OUTPUTS,      /* output activation and loss per task, a live example of each */
    GF_SCENE_SOFTMAX,      /* cross-entropy on logits against softmax applied twice */
    GF_SCENE_DISTRIBUTIONS,/* the two columns, the per-layer distributions in the bars' place */
    GF_SCENE_PERCENTILES,  /* the two columns, z's percentiles over the steps in the heat map's place */
    GF_SCENE_VIEW_COUNT
};

/* What an exported figure shows: the whole frame, or one kind of panel of
 * both runs side by side (sized for half a slide). */
enum gf_figure {
    GF_FIGURE_FULL, GF_FIGURE_GRADIENTS, GF_FIGURE_CURVES,
    /* the distributions inside the networks (gf_panel_dist.c, gf_panel_time.c) */
    GF_FIGURE_DISTRIBUTIONS, GF_FIGURE_ACTIVATIONS_OVER_STEPS, GF_FIGURE_PERCENTILES_OVER_STEPS,
    GF_FIGURE_DELTA_OVER_STEPS,
    GF_FIGURE_COUNT
};

/* "full", "gradients", "curves", "distributions", "activations-over-steps",
 * "percentiles-over-steps", "delta-over-steps" (gf_render.c) */
const char *gf_figure_id(enum gf_figure figure);
bool gf_figure_from_id(const char *id, enum gf_figure *out);
/* The ids joined with ", ", for messages. */
const char *gf_figure_id_list(void);

/* The panels of a column, and the loss panel, as one can be zoomed to the whole window. */
enum gf_panel { GF_PANEL_NONE, GF_PANEL_CURVE, GF_PANEL_MAP, GF_PANEL_BARS, GF_PANEL_HEAT, GF_PANEL_LOSS };

#define GF_TEXT_SCALE_MIN 0.75f
#define GF_TEXT_SCALE_MAX 2.0f

#define GF_HELP_ROWS 48          /* rows of the help overlay at most */
#define GF_HELP_VALUE 160        /* bytes of a row's current value and choices */

/* One row of the help overlay: keys, what they do (English, translated when
 * drawn) and the setting's current value and choices (already in the view's
 * language; "" for none). */
struct gf_help_row {
    char keys[64];                   /* the key names, and their note in the view's language */
    const char *action;
    char value[GF_HELP_VALUE];
};

/* The one-line prompt for flags. */
struct gf_prompt_view {
    bool open;
    const char *text;                /* what was typed */
    const char *error;               /* why the last line did not parse, or "" */
};

/* What a column shows in the heat map's place: the heat map, or one of the
 * views of the distributions over training (gf_panel_time.c). */
enum gf_time_view {
    GF_TIME_HEAT,          /* gradient RMS per layer over time */
    GF_TIME_ACTIVATIONS,   /* each hidden layer's mean f(z) ± std over the steps (Glorot & Bengio Fig. 2) */
    GF_TIME_PERCENTILES,   /* one layer's z at 15/50/85 % over the steps (Ioffe & Szegedy Fig. 1b-c) */
    GF_TIME_DELTA,         /* each hidden layer's ‖δ‖ over the steps, log axis (Nielsen ch. 5) */
    GF_TIME_VIEW_COUNT
};

/* "heat", "activations", "percentiles", "delta": what --left-over-steps takes (gf_panel_time.c). */
const char *gf_time_view_id(enum gf_time_view v);
bool gf_time_view_from_id(const char *id, enum gf_time_view *out);
const char *gf_time_view_id_list(void);

#define GF_VIEW_SENTENCES 3
#define GF_VIEW_EXAMPLES 3

/* The scene on screen in lesson mode. */
struct gf_lesson_view {
    enum gf_scene_view kind;
    int index, count;                /* scene index from 0, of count */
    const char *lesson_title;        /* the whole lesson's, or "" */
    const char *title;
    const char *text[GF_VIEW_SENTENCES];
    int n_text;
    const struct gf_lab *example[GF_VIEW_EXAMPLES];   /* the outputs scene: each lab's left run */
    const struct gf_map *example_map[GF_VIEW_EXAMPLES];
    double example_loss[GF_VIEW_EXAMPLES], example_accuracy[GF_VIEW_EXAMPLES];
    int n_examples;
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
    enum gf_metric bar_metric;       /* GRAD_RMS, GRAD_NORM, DELTA_MEAN_ABS or DELTA_NORM (with its bound) */
    bool bar_log;                    /* log10 axis (else linear) */
    bool paused;
    bool help;                       /* the help overlay is open */
    struct gf_help_row help_rows[GF_HELP_ROWS];   /* its rows, when open */
    int n_help_rows;
    bool blank;                      /* draw nothing but black */
    enum gf_panel zoom;              /* one panel over the whole body, or GF_PANEL_NONE */
    enum gf_side zoom_side;
    float text_scale;                /* every text's size times this (1 when left 0) */
    struct gf_prompt_view prompt;
    int hover_layer[GF_SIDES];       /* the bar whose value is shown though labels are thinned, or -1 */
    double steps_per_second;         /* the training speed asked for */
    double measured_steps_per_second;
    double measured_fps;             /* frames drawn per second (0: not measured, as in exports) */
    const char *note;                /* a short message about the last action, or "" */
    bool note_is_error;              /* drawn as a warning rather than as information */
    bool figure;                     /* drawing an exported figure: no speed, focus or keys */
    const char *caption;             /* figures: the settings line at the bottom, or NULL for none */
    bool no_title;                   /* figures: leave out the title bar, the body taking its room */
    int64_t bars_smoothed[GF_SIDES]; /* > 0: the bars are each layer's mean over this many last steps */
    bool in_lesson;                  /* lesson mode: the frame is the scene's */
    bool bars_bound;                 /* the bars show each layer's slope and weight factors below them */
    struct gf_lesson_view lesson;
    double step_phase;               /* how far the next training step has come, [0, 1); negative
                                        when steps come too fast to follow one by one */
    /* the distributions inside the networks, as of the bars' pass (gf_dist) */
    const struct gf_net_hists *hists[GF_SIDES];
    const struct gf_dist_axes *dist_axes;   /* f(z), δ and dW axes shared by both runs */
    bool dist_view[GF_SIDES];        /* the bars' place shows the per-layer distributions */
    enum gf_time_view time_view[GF_SIDES];
    int hist_layer[GF_SIDES];        /* the hidden layer (weight layer index, from 0) whose z the
                                        activation panel shades and the percentile view follows */
    bool hist_shown[GF_SIDES];       /* the activation panel shades it (off until a layer is picked or
                                        a view of the distributions is on: the plain panel otherwise) */
};

/* An activation's name in lang ("sigmoid", "시그모이드"). */
const char *gf_act_name(enum gf_act act, enum gf_lang lang);

#endif
