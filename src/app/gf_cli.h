/* gf_cli.h - the command line, parsed into settings without side effects.
 *
 * gf_cli_parse reads argv into a gf_cli_options that starts from the
 * defaults; it prints nothing and touches no file, so it is tested on its
 * own and a bad argument can never leave anything half done.
 */
#ifndef GF_CLI_H
#define GF_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "gf_lab.h"
#include "gf_lesson.h"
#include "gf_view.h"

#define GF_STEPS_MAX 1000000000L
#define GF_STEPS_DEFAULT 1000L

struct gf_cli_options {
    struct gf_lab_config lab;
    bool headless;
    long steps;              /* headless training steps */
    const char *csv_path;    /* NULL: no CSV */
    const char *dump_path;   /* NULL: no dump */
    bool overwrite;          /* may replace existing output files */
    int width_px, height_px; /* --size; 0: the window picks (about 80% of the display) */
    enum gf_theme_id theme;
    const char *assets_dir;  /* --assets; NULL: search the usual places */
    const char *screenshot_path;  /* --screenshot (headless): the figure to write */
    enum gf_figure panel;    /* --panel: what the figure shows */
    bool caption;            /* the caption strip on figures (--no-caption turns it off) */
    bool no_title;           /* --no-title: figures without the title bar */
    int smooth;              /* --smooth K: figures' bars as means over the last K steps; 0: the last step */
    const char *animate_path;  /* --animate (headless): an animated GIF of the training */
    int frames;              /* --frames: its frames, spread evenly over the steps */
    const char *out_dir;     /* --out: where the window's exports go; NULL: gf_default_out_dir */
    int export_w, export_h;  /* --export-size; 0: the window's size */
    enum gf_metric bar_metric;  /* --bars; GF_METRIC_COUNT when not given */
    bool bar_linear;         /* --linear */
    enum gf_lang lang;       /* --lang */
    const char *lesson_path; /* --lesson; NULL: the built-in lesson */
    int scene;               /* --scene, from 1; 0: free play */
    bool lab_given;          /* a network or training flag was given (with --scene: use them) */
    float text_scale;        /* --text-scale: every text's size times this */
    /* the distributions inside each run's network (the window's U, W, J) */
    bool dist_view[GF_SIDES];                /* --left-distributions: in the bars' place */
    enum gf_time_view time_view[GF_SIDES];   /* --left-over-steps: in the heat map's place */
    int hist_layer[GF_SIDES];                /* --left-layer: from 1; 0 for the first */
};

#define GF_OUT_DIR_DEFAULT "gradflow-shots"
#define GF_SMOOTH_MAX 100000   /* --smooth's most steps */
#define GF_FRAMES_DEFAULT 50   /* --frames: five seconds at GF_GIF_FPS */
#define GF_FRAMES_MAX 10000

#define GF_SIZE_MIN_W 320
#define GF_SIZE_MIN_H 180
#define GF_SIZE_MAX 8192

enum gf_cli_result {
    GF_CLI_RUN,      /* options are complete and valid */
    GF_CLI_HELP,     /* --help was asked for */
    GF_CLI_VERSION,  /* --version was asked for */
    GF_CLI_ERROR,    /* err holds one line naming the flag, the value and what is allowed */
};

/* The defaults (docs/design.md, "Command line"), as gf_cli_parse starts from. */
void gf_cli_defaults(struct gf_cli_options *opt);

/* Parses argv[1..argc). On GF_CLI_ERROR, err (errlen bytes) says why. */
enum gf_cli_result gf_cli_parse(struct gf_cli_options *opt, int argc, char **argv,
                                char *err, size_t errlen);

/* Parses network and training flags only (--left, --depth, --dataset, the
 * remedies, ...; argv[1..argc) as for gf_cli_parse), starting from the defaults, as
 * a lesson scene's settings. Returns false with err saying why. */
bool gf_cli_parse_settings(struct gf_lab_config *cfg, int argc, char **argv, char *err, size_t errlen);

/* Parses a line typed into the window's prompt (argv[1..argc) as for
 * gf_cli_parse): network, training and display flags (--theme, --lang,
 * --bars, --linear, --text-scale), starting from the settings opt already
 * holds, which change only when the whole line parses. */
bool gf_cli_parse_prompt(struct gf_cli_options *opt, int argc, char **argv, char *err, size_t errlen);

/* Writes the --help text. */
void gf_cli_usage(FILE *f);

/* Writes s into buf (n bytes) as an error message echoes a value: quoted,
 * control characters escaped (\n, \x1b), and a long value shortened in
 * the middle, so a message stays one readable line. */
void gf_cli_echo(char *buf, size_t n, const char *s);

#endif
