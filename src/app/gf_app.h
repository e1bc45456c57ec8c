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
#include "gf_keys.h"
#include "gf_lab.h"
#include "gf_lesson.h"
#include "gf_view.h"

#define GF_MAP_RES 64        /* decision map: points per axis ... */
#define GF_MAP_RES_MIN 16    /* ... halved down to this for big networks, */
#define GF_MAP_MACS_FULL 2e8 /* ... until a map costs about this many multiply-adds */
#define GF_MAP_MIN_ROWS 8    /* map work goes at least this many points at a time */
#define GF_CURVE_RES 200     /* fitted curve (1-D input): points */
#define GF_MAP_LIMIT 1.3f    /* maps cover [-1.3, 1.3] on each axis */

/* A decision map being computed over several frames, from a snapshot of the
 * run's weights taken when it started, so the finished map shows exactly one
 * step's model however long it took. */
struct gf_map_job {
    bool active;
    struct gf_mlp snapshot;            /* allocated on first use; same shape as the run */
    bool have_snapshot;
    int next;                          /* next point to compute; past the map's points, the dataset's */
    double loss_sum;                   /* the dataset's loss and right answers so far */
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

    const struct gf_lesson *lesson;    /* the built-in lesson, or --lesson's */
    struct gf_lesson *loaded_lesson;   /* --lesson's, owned */
    char *lesson_path;                 /* its file, for the command an export stores; owned */
    bool lesson_mode;
    int scene;                         /* the current (or last shown) scene, from 0 */
    struct gf_example example[GF_SCENE_EXAMPLES];
    int n_examples;
};

/* Builds the lab from cfg. Returns false (app safe to destroy) when the
 * configuration is invalid or memory runs out. */
bool gf_app_init(struct gf_app *app, const struct gf_lab_config *cfg, enum gf_theme_id theme);
void gf_app_destroy(struct gf_app *app);

/* gf_app_init from the command line's settings, display settings, lesson
 * and scene included. A lesson file that does not parse is an error, or,
 * when interactive and no --scene was asked for, a note while the built-in
 * lesson stays. False, err saying why, on failure; app->lab is then NULL
 * when the networks could not be built, set when the lesson or scene was
 * the trouble (bad input). Safe to destroy either way. */
bool gf_app_init_from_cli(struct gf_app *app, const struct gf_cli_options *opt, bool interactive, char *err,
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

/* Applies one action. */
void gf_app_apply(struct gf_app *app, enum gf_action action);

/* Trains both healthy runs up to n steps and updates what the bars show. */
void gf_app_train(struct gf_app *app, int n);

/* Works on one run's decision map (or fitted curve) for about `macs`
 * multiply-adds (at least GF_MAP_MIN_ROWS points), starting from a fresh
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

/* Fills a view for the renderer. */
void gf_app_view(const struct gf_app *app, struct gf_view *view);

#endif
