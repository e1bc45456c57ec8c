/* gf_app.h - the interactive program's state and what each action does to
 * it. No SDL calls: the window turns events into actions and asks for a
 * view to draw; tests drive the same functions directly.
 *
 * Changing any training setting, an activation included, rebuilds both runs
 * from the same seed, so the two columns always stay step for step
 * comparable. Display settings (theme, metric, speed, pause, focus) do not.
 */
#ifndef GF_APP_H
#define GF_APP_H

#include <stdbool.h>

#include "gf_cli.h"
#include "gf_actions.h"
#include "gf_lab.h"
#include "gf_lesson.h"
#include "gf_result.h"
#include "gf_view.h"

#define GF_MAP_RES 64        /* decision map: points per axis ... */
#define GF_MAP_RES_MIN 16    /* ... halved down to this for big networks, */
#define GF_MAP_MACS_FULL 2e8 /* ... until a map costs about this many multiply-adds */
#define GF_CURVE_RES 200     /* fitted curve (1-D input): points */
#define GF_MAP_LIMIT 1.3f    /* maps cover [-1.3, 1.3] on each axis */
#define GF_DIST_VALUES_PER_CALL 300000   /* values the f(z), δ and dW histograms may count per training call */

/* A decision map being computed over several frames, from a snapshot of the
 * run's weights taken when it started, so the finished map shows exactly one
 * step's model however long it took. It takes every point at once (the
 * map's, then the dataset's) one layer at a time: each layer's weights are
 * read once a map, not once every few points, which for a deep, wide
 * network is what its time would otherwise go to. */
struct gf_map_job {
    bool active;
    struct gf_mlp snapshot;            /* allocated on first use; same shape as the run */
    bool have_snapshot;
    int layer;                         /* next layer to compute */
    float *rows[2];                    /* (map points + dataset, widest layer) each: the layer's input and
                                          output, in turn; after the last, the logits in rows[cur] */
    float *scratch;                    /* the same size: a layer's z */
    int cur;                           /* which of rows holds the next layer's input */
    double loss_sum;                   /* the dataset's loss and right answers, summed at the end */
    long correct;
    int64_t step;                      /* the run's step at the snapshot */
    float *out;                        /* (points, n_out) results so far */
    struct gf_map facts;               /* the model facts so far (affine map and gap; out unused) */
    double top_sum;                    /* sum over the dataset so far of the top probability */
};

/* A small extra network a scene shows beside its table (the output-layer
 * scene has one per task), with its own map over its own dataset. */
struct gf_example {
    struct gf_lab *lab;                /* its left run is the example */
    struct gf_map map;
    float *map_x;
    int map_points;
    double data_loss, data_accuracy;
};

#define GF_EXAMPLE_MAP_RES 40

#define GF_PROMPT_MAX 512      /* bytes of a typed line, with its NUL */
#define GF_PROMPT_HISTORY 16   /* earlier lines that ↑ brings back */

struct gf_app {
    struct gf_lab_config cfg;
    struct gf_lab *lab;               /* rebuilt on every settings change */
    struct gf_map map[GF_SIDES];
    struct gf_map_job job[GF_SIDES];
    float *map_x;                      /* the inputs the maps are computed at */
    int map_points;
    struct gf_step_stats bars[GF_SIDES];
    double data_loss[GF_SIDES];
    double data_accuracy[GF_SIDES];

    enum gf_side focus;
    enum gf_theme_id theme;
    enum gf_lang lang;
    enum gf_metric bar_metric;
    bool bar_log;
    bool paused;
    bool help;
    bool fullscreen;                   /* asked for; the window applies it */
    bool quit;
    bool quit_armed;                   /* Q was pressed once in lesson mode or fullscreen */
    bool blank;                        /* the screen is black until any key (a clicker's B or .) */
    enum gf_panel zoom;                /* the panel drawn over the whole window, or GF_PANEL_NONE */
    enum gf_side zoom_side;            /* whose panel (the loss panel is both runs') */
    float text_scale;                  /* every text's size times this, GF_TEXT_SCALE_MIN..MAX */
    int hover_layer[GF_SIDES];         /* the bar under the pointer, whose value is always shown; -1: none */
    int speed;                         /* index into the speed table */
    char note[512];                    /* a short message about the last action (a limit hit, a file saved) */
    bool note_is_error;
    unsigned note_serial;              /* counts notes, so the window knows a new one from an old one */
    enum gf_action pending_export;     /* an export the window is to carry out, or GF_ACTION_NONE */
    int export_size;                   /* 0: 1920x1080; 1: 3840x2160; 2: the window's size */
    int export_w, export_h;            /* --export-size, overriding the cycle when set */
    bool caption;                      /* exported figures carry the settings strip */
    bool no_title;                     /* exported figures leave out the title bar (--no-title) */
    int smooth;                        /* exported figures' bars: means over this many last steps; 0: off */
    float clip_threshold;              /* what C clips the gradient norm to */

    bool prompt_open;                  /* Enter opened the one-line prompt */
    char prompt[GF_PROMPT_MAX];        /* what is typed so far */
    char prompt_error[512];            /* why the last line was refused, or "" */
    char history[GF_PROMPT_HISTORY][GF_PROMPT_MAX];   /* lines applied, oldest first */
    int n_history;
    int history_at;                    /* the line ↑/↓ brought back; n_history: the one being typed */

    const struct gf_lesson *lesson;    /* the built-in lesson, or --lesson's */
    struct gf_lesson *loaded_lesson;   /* --lesson's, owned */
    char *lesson_path;                 /* its file, for the command an export stores; owned */
    bool lesson_mode;
    int scene;                         /* the current (or last shown) scene, from 0 */
    struct gf_example example[GF_SCENE_EXAMPLES];
    int n_examples;

    /* Set by the window when its trainer owns the networks: a settings
     * change is then only checked and recorded (the trainer builds it, at
     * most once per frame, the last one asked winning) and N asks for a
     * step instead of taking it. Then lab, maps, bars and examples are a
     * copy the trainer published, swapped in whole between frames. */
    bool deferred;
    unsigned rebuilds_asked;           /* settings changes recorded while deferred */
    int steps_asked;                   /* steps asked for while deferred (N) */

    /* The distributions inside both networks (gf_dist), captured from the
     * pass the bars show; the views of them, per run. */
    struct gf_net_hists hists[GF_SIDES];
    struct gf_dist_axes dist_axes;
    const struct gf_parallel *parallel;   /* a trainer's model: its runs' (one per side; NULL: none) */
    bool dist_live;                    /* captured after every training call (the window, figures); off,
                                          gf_app_capture_dists does it when asked (headless: once) */
    unsigned dist_calls;               /* training calls, to take a big network's f(z), δ, dW every few */
    bool record_always;                /* the distributions' statistics every step, percentiles too
                                          (headless: the CSV has them), not only while a view shows them */
    bool dist_view[GF_SIDES];          /* U: the bars' place shows the per-layer distributions */
    enum gf_time_view time_view[GF_SIDES];   /* W */
    int hist_layer[GF_SIDES];          /* J, or a click on a bar: hidden layer from 0 */
    bool hist_picked[GF_SIDES];        /* a layer was picked (J, a click, --left-layer): its z is shaded */
};

/* Builds the lab from cfg. Returns false (app safe to destroy) when the
 * configuration is invalid or memory runs out. */
bool gf_app_init(struct gf_app *app, const struct gf_lab_config *cfg, enum gf_theme_id theme);
void gf_app_destroy(struct gf_app *app);

/* gf_app_init from the command line's settings, display settings, lesson
 * and scene included. A lesson file that does not parse is an error, or,
 * when interactive and no --scene was asked for, a note while the built-in
 * lesson stays. On failure err says why: GF_ERR_MEMORY when the networks
 * could not be built (app destroyed), GF_ERR_INPUT when the lesson or scene
 * was the trouble. Safe to destroy either way. */
enum gf_result gf_app_init_from_cli(struct gf_app *app, const struct gf_cli_options *opt, bool interactive, char *err,
                                    size_t errlen);

/* Loads a lesson file in place of the built-in one. On failure keeps the
 * lesson it had, says why in the note and returns false (err as well). */
bool gf_app_load_lesson(struct gf_app *app, const char *path, char *err, size_t errlen);

/* Enters lesson mode at scene index (from 0): the scene's networks, speed
 * and examples, training from step 0. */
void gf_app_enter_scene(struct gf_app *app, int index);

/* Enters lesson mode at the command line's --scene (counted from 1); when
 * network or training flags were given too, the scene shows the networks
 * they describe instead of its own. False, err saying why, when the lesson
 * has no such scene. */
bool gf_app_open_scene(struct gf_app *app, const struct gf_cli_options *opt, char *err, size_t errlen);

/* The scene being shown, or NULL in free play. */
const struct gf_scene *gf_app_scene(const struct gf_app *app);

/* What the bars show until G or --bars says otherwise: the scene's own
 * metric in lesson mode, else the gradient's RMS. */
enum gf_metric gf_app_own_metric(const struct gf_app *app);

/* Applies one action. While the screen is blank, any action (GF_ACTION_NONE
 * too: an unbound key) only brings the picture back. */
void gf_app_apply(struct gf_app *app, enum gf_action action);

/* The prompt: typed text (UTF-8) appended; the last character erased;
 * ↑ (dir -1) and ↓ (dir +1) through the lines applied before. */
void gf_app_prompt_type(struct gf_app *app, const char *utf8);
void gf_app_prompt_erase(struct gf_app *app);
void gf_app_prompt_recall(struct gf_app *app, int dir);

/* Parses the typed line as command-line flags (the network and training
 * ones, and the display ones: --theme, --lang, --bars, --linear,
 * --text-scale), over the current settings. A line that parses is applied
 * at once, with one restart when the networks change, and closes the
 * prompt (true); a bad one leaves everything as it was and keeps the
 * prompt open with the one-line reason in app->prompt_error (false). */
bool gf_app_prompt_submit(struct gf_app *app);

/* Zooms one panel to the whole window (GF_PANEL_NONE: back to all of them). */
void gf_app_zoom(struct gf_app *app, enum gf_panel panel, enum gf_side side);

/* Trains both healthy runs up to n steps and updates what the bars show.
 * Deferred (see gf_app.deferred): counts the steps as asked instead. */
void gf_app_train(struct gf_app *app, int n);

/* gf_app_train in parts, for two threads: each side's run trains up to n
 * steps on its own (the left side brings the scene's examples along) and
 * updates that side's bars and z's histograms; the two calls touch nothing
 * in common and may run at once. gf_app_train_finish, after both, takes
 * what compares the two runs (the distributions on shared axes, when due).
 * The results are the same bits as gf_app_train's. */
void gf_app_train_side(struct gf_app *app, enum gf_side side, int n);
void gf_app_train_finish(struct gf_app *app);

/* The networks' half of an app, for a trainer: from zero, the lab built
 * from cfg, with the examples of the lesson's scene when scene >= 0, bars
 * and maps sized. parallel (NULL, or one per side) is given to each run
 * (gf_run.parallel) before anything is computed, its first bars included.
 * False (safe to destroy) when cfg is invalid or memory runs out. */
bool gf_app_build_model(struct gf_app *app, const struct gf_lab_config *cfg, const struct gf_lesson *lesson,
                        int scene, const struct gf_parallel *parallel);

/* Makes dst's networks' half (lab, maps, bars, the dataset's loss and
 * accuracy, examples) a copy of src's for drawing and exporting, reusing
 * dst's memory while the shapes stay the same. The copy cannot train. False
 * when out of memory: dst is then not to be drawn, but may be destroyed or
 * copied into again. */
bool gf_app_copy_model(struct gf_app *dst, const struct gf_app *src);

/* gf_app_copy_model in parts, for two threads: _begin sizes dst (false
 * when out of memory), then _side for each side (the left one brings the
 * examples along; false when out of memory for them), which touch nothing
 * in common and may run at once (each also brings its side's bars and
 * histograms, so after src's gf_app_train_finish); then _end, the axes
 * the two share. _side with values false leaves
 * out the last minibatch's values inside the network (gf_lab_copy_view_run),
 * which only the lesson's network scene draws. */
bool gf_app_copy_model_begin(struct gf_app *dst, const struct gf_app *src);
bool gf_app_copy_model_side(struct gf_app *dst, const struct gf_app *src, enum gf_side side, bool values);
void gf_app_copy_model_end(struct gf_app *dst, const struct gf_app *src);

/* Exchanges the networks' halves of a and b (lab, maps and their jobs,
 * bars, the dataset's loss and accuracy, examples). */
void gf_app_swap_model(struct gf_app *a, struct gf_app *b);

/* Drops the scene's examples (leaving lesson mode keeps the networks). */
void gf_app_drop_examples(struct gf_app *app);

/* Works on one run's decision map (or fitted curve) for about `macs`
 * multiply-adds (at least one layer of all its points), starting from a fresh
 * snapshot when the map is out of date. When the map is complete it is
 * published with the snapshot's loss, accuracy and model facts over the
 * whole dataset. Returns true when the side's map is up to date (finished
 * now, or nothing to do). */
bool gf_app_map_work(struct gf_app *app, enum gf_side side, double macs);

/* Points per axis of a decision map for a network costing macs_per_point
 * multiply-adds per input: the full GF_MAP_RES, or coarser for networks so
 * big that a full map would take seconds to compute. */
int gf_app_map_res(long macs_per_point);

/* Brings one run's map up to date now, whatever it costs. */
void gf_app_refresh_map(struct gf_app *app, enum gf_side side);

/* Training speeds the 9 / 0 keys step through, in steps per second per run. */
double gf_app_steps_per_second(const struct gf_app *app);

/* The size of a full-frame export, given the window's size. */
void gf_app_export_size(const struct gf_app *app, int window_w, int window_h, int *w, int *h);

/* Sets the note shown in the footer. */
void gf_app_say(struct gf_app *app, bool is_error, const char *fmt, ...);

/* Tells both runs what to record of the distributions inside them each step:
 * everything when record_always is set; else f(z)'s mean and std and ‖δ‖
 * while an over-training view is on screen, z's percentiles while theirs is. */
void gf_app_sync_measures(struct gf_app *app);

/* What each column shows of the distributions inside the network: free
 * play's U and W, or the lesson scene's own view, which wins. */
void gf_app_views_shown(const struct gf_app *app, bool dist_view[GF_SIDES], enum gf_time_view time_view[GF_SIDES]);

/* Captures the histograms of both runs' last pass (what the bars show) on
 * shared axes: z always, f(z), δ and dW when a view of them is on, or `full`. */
void gf_app_capture_dists(struct gf_app *app, bool full);

/* The activation panel of `side` shades hidden layer `layer`'s z (from 0; a
 * click on that layer's bar). The output layer has no activation: refused with a note. */
void gf_app_pick_layer(struct gf_app *app, enum gf_side side, int layer);

/* Fills a view for the renderer. */
void gf_app_view(const struct gf_app *app, struct gf_view *view);

#endif
