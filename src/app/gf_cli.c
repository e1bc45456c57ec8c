/* gf_cli.c - command-line parsing from one table of options.
 *
 * Each option is one row: its name, the kind of value it takes, the range
 * or the choices, which run it sets, its help text and its default. The
 * parser, --help, the lesson's `set:`, the window's prompt and every error
 * message are read from that row, so they cannot disagree (the way
 * scrcpy's struct sc_option drives both its parser and its help). */
#include "gf_cli.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "gf_theme_id.h"
#include "gf_version.h"

void gf_cli_defaults(struct gf_cli_options *opt)
{
    memset(opt, 0, sizeof *opt);
    gf_lab_config_default(&opt->lab);
    opt->steps = GF_STEPS_DEFAULT;
    opt->panel = GF_FIGURE_FULL;
    opt->caption = true;
    opt->frames = GF_FRAMES_DEFAULT;
    opt->out_dir = NULL;   /* gf_default_out_dir: gradflow-shots here, or in Pictures on Windows */
    opt->bar_metric = GF_METRIC_COUNT;   /* not given: gradient RMS, or a lesson scene's own */
    opt->text_scale = 1.0f;
}

enum opt_id {
    O_LEFT, O_RIGHT, O_LEAKY_ALPHA, O_DEPTH, O_WIDTH, O_INIT, O_RESIDUAL, O_BATCHNORM, O_CLIP, O_LEFT_RESIDUAL,
    O_RIGHT_RESIDUAL, O_LEFT_BATCHNORM, O_RIGHT_BATCHNORM, O_LEFT_CLIP, O_RIGHT_CLIP, O_LEFT_ALPHA, O_RIGHT_ALPHA,
    O_HEAD, O_LEFT_DOUBLE_SOFTMAX, O_RIGHT_DOUBLE_SOFTMAX, O_LEFT_INIT, O_RIGHT_INIT, O_DATASET, O_NOISE, O_OPTIMIZER, O_LR, O_BATCH, O_SEED,
    O_STEPS, O_SIZE, O_THEME, O_LANG, O_TEXT_SCALE, O_BARS, O_LINEAR, O_LEFT_DISTRIBUTIONS,
    O_RIGHT_DISTRIBUTIONS, O_LEFT_OVER_STEPS, O_RIGHT_OVER_STEPS, O_LEFT_LAYER, O_RIGHT_LAYER, O_OUT, O_EXPORT_SIZE, O_NO_CAPTION, O_ASSETS,
    O_SCENE, O_LESSON, O_HEADLESS, O_CSV, O_DUMP, O_SCREENSHOT, O_PANEL, O_OVERWRITE, O_HELP, O_VERSION,
    O_NO_TITLE, O_SMOOTH, O_ANIMATE, O_FRAMES, O_COUNT
};

enum kind {
    K_SWITCH,   /* no value */
    K_INT,      /* a whole number in [lo, hi] */
    K_REAL,     /* a finite real in [lo, hi], or (lo, hi] when lo_open */
    K_CHOICE,   /* one of the ids choices() lists */
    K_SEED,     /* 0 .. 2^64-1 */
    K_SIZE,     /* WIDTHxHEIGHT */
    K_FILE,     /* a file name, not empty */
    K_FOLDER,   /* a folder name, not empty */
};

/* Where an option may be given: every parse takes the training ones; the
 * prompt takes the display ones too; the rest belong to the command line. */
enum reach { R_TRAINING, R_DISPLAY, R_COMMAND_LINE };

enum run { RUN_NONE, RUN_BOTH, RUN_LEFT, RUN_RIGHT };

enum section { S_NETWORKS, S_TRAINING, S_WINDOW, S_LESSON, S_OUTPUT };

struct option {
    const char *name;                 /* "--depth" */
    const char *arg;                  /* "N" in --help; NULL for a switch */
    enum kind kind;
    double lo, hi;                    /* K_INT, K_REAL */
    bool lo_open;                     /* K_REAL: lo itself is not allowed */
    const char *what;                 /* the value in an error: "a learning rate", "hidden layers" */
    const char *(*choices)(void);     /* K_CHOICE: "a, b, c" */
    bool (*lookup)(const char *, int *);   /* K_CHOICE: id to value */
    enum run run;
    enum reach reach;
    enum section section;
    const char *help;
    const char *def;                  /* the default in words, or NULL */
};

static bool act_lookup(const char *v, int *out)
{
    enum gf_act a;
    return gf_act_from_id(v, &a) ? (*out = (int)a, true) : false;
}
static bool dataset_lookup(const char *v, int *out)
{
    enum gf_dataset d;
    return gf_dataset_from_id(v, &d) ? (*out = (int)d, true) : false;
}
static bool head_lookup(const char *v, int *out)
{
    enum gf_head h;
    return gf_head_from_id(v, &h) ? (*out = (int)h, true) : false;
}
static bool init_lookup(const char *v, int *out)
{
    enum gf_init i;
    return gf_init_from_id(v, &i) ? (*out = (int)i, true) : false;
}
static bool opt_lookup(const char *v, int *out)
{
    enum gf_optimizer o;
    return gf_opt_from_id(v, &o) ? (*out = (int)o, true) : false;
}
static bool figure_lookup(const char *v, int *out)
{
    enum gf_figure f;
    return gf_figure_from_id(v, &f) ? (*out = (int)f, true) : false;
}
static bool time_view_lookup(const char *v, int *out)
{
    enum gf_time_view t;
    return gf_time_view_from_id(v, &t) ? (*out = (int)t, true) : false;
}
static bool lang_lookup(const char *v, int *out)
{
    enum gf_lang l;
    return gf_lang_from_id(v, &l) ? (*out = (int)l, true) : false;
}
static bool theme_lookup(const char *v, int *out)
{
    for (int t = 0; t < GF_THEME_COUNT; t++)
        if (strcmp(v, gf_theme_name((enum gf_theme_id)t)) == 0)
            return *out = t, true;
    return false;
}
/* The metrics the bars can show (the statistics have more). */
static const enum gf_metric bar_metrics[] = {GF_METRIC_GRAD_RMS, GF_METRIC_GRAD_NORM, GF_METRIC_DELTA_MEAN_ABS,
                                             GF_METRIC_DELTA_NORM};
static bool metric_lookup(const char *v, int *out)
{
    for (size_t i = 0; i < sizeof bar_metrics / sizeof bar_metrics[0]; i++)
        if (strcmp(v, gf_metric_id(bar_metrics[i])) == 0)
            return *out = (int)bar_metrics[i], true;
    return false;
}
static const char *theme_list(void) { return "dark, light"; }
static const char *lang_list(void) { return "en, ko"; }
static const char *metric_list(void) { return "grad_rms, grad_norm, delta_mean_abs, delta_norm"; }

/* What this build cannot write (no cairo and giflib) is said so in --help. */
#if GF_FIGURES
#define FIGURES_ONLY(what) what
#else
#define FIGURES_ONLY(what) what " (not in this build)"
#endif

#define CHOICE(list, look) K_CHOICE, 0, 0, false, NULL, list, look
#define INT(lo, hi, what) K_INT, lo, hi, false, what, NULL, NULL
#define REAL(lo, open, hi, what) K_REAL, lo, hi, open, what, NULL, NULL
#define PLAIN(kind) kind, 0, 0, false, NULL, NULL, NULL

static const struct option options[O_COUNT] = {
    [O_LEFT] = {"--left", "ACT", CHOICE(gf_act_id_list, act_lookup), RUN_LEFT, R_TRAINING, S_NETWORKS,
                "left run's hidden activation", "sigmoid"},
    [O_RIGHT] = {"--right", "ACT", CHOICE(gf_act_id_list, act_lookup), RUN_RIGHT, R_TRAINING, S_NETWORKS,
                 "right run's hidden activation", "relu"},
    [O_LEAKY_ALPHA] = {"--leaky-alpha", "X", REAL(0, false, 1, "a slope"), RUN_BOTH, R_TRAINING, S_NETWORKS,
                       "leaky_relu's negative slope a", "0.01"},
    [O_DEPTH] = {"--depth", "N", INT(1, GF_MAX_HIDDEN, "hidden layers"), RUN_BOTH, R_TRAINING, S_NETWORKS,
                 "hidden layers", "8"},
    [O_WIDTH] = {"--width", "N", INT(1, GF_MAX_WIDTH, "units"), RUN_BOTH, R_TRAINING, S_NETWORKS,
                 "units per hidden layer", "16"},
    [O_INIT] = {"--init", "NAME", CHOICE(gf_init_id_list, init_lookup), RUN_BOTH, R_TRAINING, S_NETWORKS,
                "weight initialisation", "auto: he for relu/leaky_relu, xavier otherwise"},
    [O_RESIDUAL] = {"--residual", NULL, PLAIN(K_SWITCH), RUN_BOTH, R_TRAINING, S_NETWORKS,
                    "skip connections: each hidden layer after the first adds its input back", NULL},
    [O_BATCHNORM] = {"--batchnorm", NULL, PLAIN(K_SWITCH), RUN_BOTH, R_TRAINING, S_NETWORKS,
                     "batch normalization before each hidden activation (BatchNorm1d)", NULL},
    [O_CLIP] = {"--clip", "X", REAL(0, true, 1e6, "a gradient-norm threshold"), RUN_BOTH, R_TRAINING, S_NETWORKS,
                "clip the global gradient norm to X", "no clipping"},
    /* one run only: what the window's per-run keys set, so an export's command can say it */
    [O_LEFT_RESIDUAL] = {"--left-residual", NULL, PLAIN(K_SWITCH), RUN_LEFT, R_TRAINING, S_NETWORKS,
                         "skip connections in the left run only (the window's K)", NULL},
    [O_RIGHT_RESIDUAL] = {"--right-residual", NULL, PLAIN(K_SWITCH), RUN_RIGHT, R_TRAINING, S_NETWORKS,
                          "skip connections in the right run only", NULL},
    [O_LEFT_BATCHNORM] = {"--left-batchnorm", NULL, PLAIN(K_SWITCH), RUN_LEFT, R_TRAINING, S_NETWORKS,
                          "batch normalization in the left run only (the window's Shift+B)", NULL},
    [O_RIGHT_BATCHNORM] = {"--right-batchnorm", NULL, PLAIN(K_SWITCH), RUN_RIGHT, R_TRAINING, S_NETWORKS,
                           "batch normalization in the right run only", NULL},
    [O_LEFT_CLIP] = {"--left-clip", "X", REAL(0, true, 1e6, "a gradient-norm threshold"), RUN_LEFT, R_TRAINING,
                     S_NETWORKS, "clipping in the left run only (the window's C); wins over --clip", NULL},
    [O_RIGHT_CLIP] = {"--right-clip", "X", REAL(0, true, 1e6, "a gradient-norm threshold"), RUN_RIGHT, R_TRAINING,
                      S_NETWORKS, "clipping in the right run only; wins over --clip", NULL},
    [O_LEFT_ALPHA] = {"--left-leaky-alpha", "X", REAL(0, false, 1, "a slope"), RUN_LEFT, R_TRAINING, S_NETWORKS,
                      "the left run's slope a (the window's < and >); wins over --leaky-alpha", NULL},
    [O_RIGHT_ALPHA] = {"--right-leaky-alpha", "X", REAL(0, false, 1, "a slope"), RUN_RIGHT, R_TRAINING, S_NETWORKS,
                       "the right run's slope a; wins over --leaky-alpha", NULL},
    [O_HEAD] = {"--head", "NAME", CHOICE(gf_head_id_list, head_lookup), RUN_BOTH, R_TRAINING, S_NETWORKS,
                "output activation + loss", "the dataset's own: bce for two classes, ce for more, mse for sine"},
    [O_LEFT_DOUBLE_SOFTMAX] = {"--left-double-softmax", NULL, PLAIN(K_SWITCH), RUN_LEFT, R_TRAINING, S_NETWORKS,
                               "the left run applies softmax before ce, which applies it again (the classic bug)",
                               NULL},
    [O_RIGHT_DOUBLE_SOFTMAX] = {"--right-double-softmax", NULL, PLAIN(K_SWITCH), RUN_RIGHT, R_TRAINING, S_NETWORKS,
                                "the same for the right run", NULL},
    [O_LEFT_INIT] = {"--left-init", "NAME", CHOICE(gf_init_id_list, init_lookup), RUN_LEFT, R_TRAINING, S_NETWORKS,
                     "the left run's initialisation instead of --init's", NULL},
    [O_RIGHT_INIT] = {"--right-init", "NAME", CHOICE(gf_init_id_list, init_lookup), RUN_RIGHT, R_TRAINING,
                      S_NETWORKS, "the right run's initialisation instead of --init's", NULL},
    [O_DATASET] = {"--dataset", "NAME", CHOICE(gf_dataset_id_list, dataset_lookup), RUN_BOTH, R_TRAINING,
                   S_TRAINING, "the data both runs learn", "spiral"},
    [O_NOISE] = {"--noise", "X", REAL(0, false, 1, "a noise level"), RUN_BOTH, R_TRAINING, S_TRAINING,
                 "input jitter", "the dataset's own"},
    [O_OPTIMIZER] = {"--optimizer", "NAME", CHOICE(gf_opt_id_list, opt_lookup), RUN_BOTH, R_TRAINING, S_TRAINING,
                     "the update rule", "sgd"},
    [O_LR] = {"--lr", "X", REAL(0, true, GF_LR_MAX, "a learning rate"), RUN_BOTH, R_TRAINING, S_TRAINING,
              "learning rate", "0.05"},
    [O_BATCH] = {"--batch", "N", INT(1, GF_BATCH_MAX, "examples"), RUN_BOTH, R_TRAINING, S_TRAINING,
                 "minibatch size", "32"},
    [O_SEED] = {"--seed", "N", PLAIN(K_SEED), RUN_BOTH, R_TRAINING, S_TRAINING,
                "random seed, 0..2^64-1; same seed + settings = same bits", "1"},
    [O_STEPS] = {"--steps", "N", INT(0, GF_STEPS_MAX, "steps"), RUN_NONE, R_COMMAND_LINE, S_TRAINING,
                 "training steps (with --headless)", "1000"},
    [O_SIZE] = {"--size", "WxH", PLAIN(K_SIZE), RUN_NONE, R_COMMAND_LINE, S_WINDOW,
                "window or figure size in pixels",
                "the window 16:9 at 80% of the display; a figure 1920x1080, panels 1920x540, an animation 1280x720"},
    [O_THEME] = {"--theme", "NAME", CHOICE(theme_list, theme_lookup), RUN_NONE, R_DISPLAY, S_WINDOW,
                 "dark (projectors) or light (slides)", "dark"},
    [O_LANG] = {"--lang", "CODE", CHOICE(lang_list, lang_lookup), RUN_NONE, R_DISPLAY, S_WINDOW,
                "the language of every label and caption (L switches)", "en"},
    [O_TEXT_SCALE] = {"--text-scale", "X", REAL(GF_TEXT_SCALE_MIN, false, GF_TEXT_SCALE_MAX, "a text scale"), RUN_NONE,
                      R_DISPLAY, S_WINDOW, "every text's size times X, the layout following (the window's Ctrl+= and Ctrl+-)",
                      "1"},
    [O_BARS] = {"--bars", "METRIC", CHOICE(metric_list, metric_lookup), RUN_NONE, R_DISPLAY, S_WINDOW,
                "what the bars show", "grad_rms"},
    [O_LINEAR] = {"--linear", NULL, PLAIN(K_SWITCH), RUN_NONE, R_DISPLAY, S_WINDOW,
                  "bars on a linear scale", "log10"},
    /* the distributions inside each network: the window's U, W and J */
    [O_LEFT_DISTRIBUTIONS] = {"--left-distributions", NULL, PLAIN(K_SWITCH), RUN_NONE, R_DISPLAY, S_WINDOW,
                              "the left run's per-layer distributions of f(z), |δ| and |dW| in the bars' place "
                              "(the window's U)", NULL},
    [O_RIGHT_DISTRIBUTIONS] = {"--right-distributions", NULL, PLAIN(K_SWITCH), RUN_NONE, R_DISPLAY, S_WINDOW,
                               "the same for the right run", NULL},
    [O_LEFT_OVER_STEPS] = {"--left-over-steps", "V", CHOICE(gf_time_view_id_list, time_view_lookup), RUN_NONE,
                           R_DISPLAY, S_WINDOW, "what the left run shows in the heat map's place (the window's W)",
                           "heat"},
    [O_RIGHT_OVER_STEPS] = {"--right-over-steps", "V", CHOICE(gf_time_view_id_list, time_view_lookup), RUN_NONE,
                            R_DISPLAY, S_WINDOW, "the same for the right run", "heat"},
    [O_LEFT_LAYER] = {"--left-layer", "N", INT(1, GF_MAX_HIDDEN, "a layer number"), RUN_NONE, R_DISPLAY, S_WINDOW,
                      "the left run's hidden layer whose z the activation panel shades (the window's J); at most "
                      "--depth", "1"},
    [O_RIGHT_LAYER] = {"--right-layer", "N", INT(1, GF_MAX_HIDDEN, "a layer number"), RUN_NONE, R_DISPLAY, S_WINDOW,
                       "the same for the right run", "1"},
    [O_OUT] = {"--out", "DIR", PLAIN(K_FOLDER), RUN_NONE, R_COMMAND_LINE, S_WINDOW,
               "where S, P and E in the window save", GF_OUT_DIR_DEFAULT},
    [O_EXPORT_SIZE] = {"--export-size", "WxH", PLAIN(K_SIZE), RUN_NONE, R_COMMAND_LINE, S_WINDOW,
                       "size of the window's PNG exports (Z cycles)", "1920x1080"},
    [O_NO_CAPTION] = {"--no-caption", NULL, PLAIN(K_SWITCH), RUN_NONE, R_COMMAND_LINE, S_WINDOW,
                      "figures without the settings strip at the bottom", NULL},
    [O_ASSETS] = {"--assets", "DIR", PLAIN(K_FOLDER), RUN_NONE, R_COMMAND_LINE, S_WINDOW,
                  "where the fonts are", "found beside the program"},
    [O_SCENE] = {"--scene", "N", INT(1, GF_LESSON_MAX_SCENES, "a scene number"), RUN_NONE, R_COMMAND_LINE, S_LESSON,
                 "start in lesson mode at scene N (from 1); with --headless --screenshot, draw that scene; with "
                 "network or training flags, the scene shows the networks those flags describe instead of its own",
                 NULL},
    [O_LESSON] = {"--lesson", "FILE", PLAIN(K_FILE), RUN_NONE, R_COMMAND_LINE, S_LESSON, "the lesson's scenes",
                  "the built-in lesson, assets/lessons/"},
    [O_HEADLESS] = {"--headless", NULL, PLAIN(K_SWITCH), RUN_NONE, R_COMMAND_LINE, S_OUTPUT,
                    "train without a window and print a table per run", NULL},
    [O_CSV] = {"--csv", "FILE", PLAIN(K_FILE), RUN_NONE, R_COMMAND_LINE, S_OUTPUT,
               "per-step, per-layer statistics (run,step,layer,activation,loss,grad_norm,...)", NULL},
    [O_DUMP] = {"--dump", "FILE", PLAIN(K_FILE), RUN_NONE, R_COMMAND_LINE, S_OUTPUT,
                "JSON with weights, gradients, the next minibatch and its loss, after the steps, to check the "
                "numbers in another framework", NULL},
    [O_SCREENSHOT] = {"--screenshot", "FILE", PLAIN(K_FILE), RUN_NONE, R_COMMAND_LINE, S_OUTPUT,
                      GF_FIGURES ? "after the steps, draw the window into FILE.png, FILE.svg or FILE.pdf (with --headless)"
                                 : "after the steps, draw the window into FILE.png (with --headless; this build has "
                                   "no SVG or PDF)",
                      NULL},
    [O_PANEL] = {"--panel", "NAME", CHOICE(gf_figure_id_list, figure_lookup), RUN_NONE, R_COMMAND_LINE, S_OUTPUT,
                 "what --screenshot draws", "full"},
    [O_OVERWRITE] = {"--overwrite", NULL, PLAIN(K_SWITCH), RUN_NONE, R_COMMAND_LINE, S_OUTPUT,
                     "allow --csv, --dump, --screenshot and --animate to replace existing files", NULL},
    [O_HELP] = {"--help", NULL, PLAIN(K_SWITCH), RUN_NONE, R_COMMAND_LINE, S_OUTPUT, "this text", NULL},
    [O_VERSION] = {"--version", NULL, PLAIN(K_SWITCH), RUN_NONE, R_COMMAND_LINE, S_OUTPUT,
                   "the program's version", NULL},
    /* figures for slides: the window's exports follow --no-title and --smooth too */
    [O_NO_TITLE] = {"--no-title", NULL, PLAIN(K_SWITCH), RUN_NONE, R_COMMAND_LINE, S_WINDOW,
                    "figures without the title bar at the top", NULL},
    [O_SMOOTH] = {"--smooth", "K", INT(1, GF_SMOOTH_MAX, "steps"), RUN_NONE, R_COMMAND_LINE, S_WINDOW,
                  "figures' bars: each layer's mean over the last K steps, so labelled", "the last step"},
    [O_ANIMATE] = {"--animate", "FILE", PLAIN(K_FILE), RUN_NONE, R_COMMAND_LINE, S_OUTPUT,
                   FIGURES_ONLY("an animated GIF of the training, FILE.gif (with --headless; --size default 1280x720)"),
                   NULL},
    [O_FRAMES] = {"--frames", "K", INT(1, GF_FRAMES_MAX, "frames"), RUN_NONE, R_COMMAND_LINE, S_OUTPUT,
                  FIGURES_ONLY("--animate's frames, spread evenly over the steps, 10 a second"), "50"},
};

/* ---- messages ---------------------------------------------------------- */

#define ECHO_MAX 64   /* bytes of a value echoed in a message; longer ones lose their middle */

void gf_cli_echo(char *buf, size_t n, const char *s)
{
    size_t len = strlen(s), used = 0;
    /* the start and the end of a long value, cut at character boundaries */
    size_t head = len, tail_from = len;
    if (len > ECHO_MAX) {
        head = ECHO_MAX * 2 / 3;
        while (head > 0 && ((unsigned char)s[head] & 0xC0) == 0x80)
            head--;
        tail_from = len - ECHO_MAX / 3;
        while (tail_from < len && ((unsigned char)s[tail_from] & 0xC0) == 0x80)
            tail_from++;
    }
    if (n == 0)
        return;
#define PUT(...) do { int k_ = snprintf(buf + used, n - used, __VA_ARGS__); \
                      used = k_ < 0 ? used : used + (size_t)k_ >= n ? n - 1 : used + (size_t)k_; } while (0)
    PUT("\"");
    for (size_t i = 0; i < len; i++) {
        if (i == head && tail_from > head) {
            PUT("…");
            i = tail_from;
            if (i >= len)
                break;
        }
        unsigned char c = (unsigned char)s[i];
        if (c == '\n')
            PUT("\\n");
        else if (c == '\t')
            PUT("\\t");
        else if (c == '\r')
            PUT("\\r");
        else if (c < 0x20 || c == 0x7F)
            PUT("\\x%02x", c);
        else if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] >= 0x80 && (unsigned char)s[i + 1] < 0xA0) {
            PUT("\\u%04x", (unsigned char)s[i + 1]);   /* C1 controls (U+0080..U+009F) too */
            i++;
        } else if (c == '"' || c == '\\')
            PUT("\\%c", c);
        else
            PUT("%c", c);
    }
    PUT("\"");
#undef PUT
}

static enum gf_cli_result fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return GF_CLI_ERROR;
}

/* A limit as people write it: 1000000000, 0.75, 1e-06. */
static const char *num(char *buf, size_t n, double v)
{
    if (v == floor(v) && fabs(v) < 1e15)
        snprintf(buf, n, "%.0f", v);
    else
        snprintf(buf, n, "%g", v);
    return buf;
}

/* What an option's value must be, in words, for its error message. */
static void expected(const struct option *o, char *buf, size_t n)
{
    char lo[32], hi[32];
    num(lo, sizeof lo, o->lo);
    num(hi, sizeof hi, o->hi);
    switch (o->kind) {
    case K_INT:
        snprintf(buf, n, "a whole number of %s from %s to %s", o->what, lo, hi);
        break;
    case K_REAL:
        snprintf(buf, n, "%s in %c%s, %s]", o->what, o->lo_open ? '(' : '[', lo, hi);
        break;
    case K_CHOICE:
        snprintf(buf, n, "one of %s", o->choices());
        break;
    case K_SEED:
        snprintf(buf, n, "a whole number from 0 to 18446744073709551615");
        break;
    case K_SIZE:
        snprintf(buf, n, "WIDTHxHEIGHT in pixels, from %dx%d to %dx%d, e.g. 1920x1080", GF_SIZE_MIN_W, GF_SIZE_MIN_H,
                 GF_SIZE_MAX, GF_SIZE_MAX);
        break;
    case K_FILE:
    case K_FOLDER:
        snprintf(buf, n, "a %s name", o->kind == K_FILE ? "file" : "folder");
        break;
    case K_SWITCH:
        buf[0] = '\0';
        break;
    }
}

static enum gf_cli_result bad_value(const struct option *o, const char *v, char *err, size_t errlen)
{
    char shown[ECHO_MAX * 4 + 16], want[256];
    gf_cli_echo(shown, sizeof shown, v);
    expected(o, want, sizeof want);
    return fail(err, errlen, "%s %s: %sexpected %s", o->name, shown, o->kind == K_CHOICE ? "unknown value; " : "",
                want);
}

/* ---- values ------------------------------------------------------------ */

/* A whole number in [lo, hi], the whole string and nothing else (no
 * leading space or plus sign, which strtol would skip). */
static bool parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    if (!((*s >= '0' && *s <= '9') || (*s == '-' && s[1] >= '0' && s[1] <= '9')))
        return false;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (end == s || *end != '\0' || errno == ERANGE || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

/* A finite real number in [lo, hi] (or (lo, hi] when lo_open), decided by
 * the double the text parses to: 1000.00003 is over 1000 even though it
 * rounds to 1000 as a float, 1e-320 is a (tiny, subnormal) number in
 * [0, 1] though strtod reports its underflow. A value in an open range
 * that rounds to the open end as a float is refused: it could not be used. */
static bool parse_real(const char *s, double lo, bool lo_open, double hi, float *out)
{
    char *end;
    if (!((*s >= '0' && *s <= '9') || *s == '.' || *s == '-'))
        return false;   /* no leading space or plus sign */
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end != '\0' || !isfinite(v))
        return false;
    if (errno == ERANGE && fabs(v) >= 1.0)
        return false;   /* overflow; an underflow is a number next to zero, judged below like any */
    if (v == 0.0)
        v = 0.0;   /* -0 is 0 */
    if ((lo_open ? !(v > lo) : !(v >= lo)) || !(v <= hi))
        return false;
    *out = (float)v;
    return !(lo_open && *out <= lo);
}

static bool parse_seed(const char *s, uint64_t *out)
{
    char *end;
    if (*s < '0' || *s > '9')   /* strtoull would accept "-1" and wrap it */
        return false;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (*end != '\0' || errno == ERANGE)
        return false;
    *out = (uint64_t)v;
    return true;
}

/* "1920x1080", within the allowed sizes. */
static bool parse_size(const char *v, int *w, int *h)
{
    long lw, lh;
    char wbuf[16];
    const char *x = strchr(v, 'x');
    if (!x || (size_t)(x - v) >= sizeof wbuf)
        return false;
    memcpy(wbuf, v, (size_t)(x - v));
    wbuf[x - v] = '\0';
    if (!parse_long(wbuf, GF_SIZE_MIN_W, GF_SIZE_MAX, &lw) || !parse_long(x + 1, GF_SIZE_MIN_H, GF_SIZE_MAX, &lh))
        return false;
    *w = (int)lw;
    *h = (int)lh;
    return true;
}

/* A value of the option's kind, checked against its row. */
struct value {
    long i;
    float x;
    int choice;
    uint64_t seed;
    int w, h;
    const char *s;
};

static bool parse_value(const struct option *o, const char *v, struct value *out)
{
    switch (o->kind) {
    case K_INT: return parse_long(v, (long)o->lo, (long)o->hi, &out->i);
    case K_REAL: return parse_real(v, o->lo, o->lo_open, o->hi, &out->x);
    case K_CHOICE: return o->lookup(v, &out->choice);
    case K_SEED: return parse_seed(v, &out->seed);
    case K_SIZE: return parse_size(v, &out->w, &out->h);
    case K_FILE:
    case K_FOLDER: out->s = v; return *v != '\0';
    case K_SWITCH: return true;
    }
    return false;
}

/* ---- storing ----------------------------------------------------------- */

/* The per-run option that names one side of a shared one, or O_COUNT. */
static enum opt_id own_flag(enum opt_id shared, enum gf_side side)
{
    switch (shared) {
    case O_LEAKY_ALPHA: return side == GF_LEFT ? O_LEFT_ALPHA : O_RIGHT_ALPHA;
    case O_CLIP: return side == GF_LEFT ? O_LEFT_CLIP : O_RIGHT_CLIP;
    case O_RESIDUAL: return side == GF_LEFT ? O_LEFT_RESIDUAL : O_RIGHT_RESIDUAL;
    case O_BATCHNORM: return side == GF_LEFT ? O_LEFT_BATCHNORM : O_RIGHT_BATCHNORM;
    default: return O_COUNT;
    }
}

/* Puts a parsed value where it belongs. given says which options the whole
 * line holds: a run's own flag wins over the shared one, whatever the order. */
static void store(struct gf_cli_options *opt, enum opt_id id, const struct value *v, const bool given[O_COUNT])
{
    struct gf_lab_config *lab = &opt->lab;
    const struct option *o = &options[id];
    for (int s = 0; s < GF_SIDES; s++) {
        bool mine = o->run == RUN_BOTH || (o->run == RUN_LEFT && s == GF_LEFT) || (o->run == RUN_RIGHT && s == GF_RIGHT);
        enum opt_id own = own_flag(id, (enum gf_side)s);
        if (o->run == RUN_NONE || !mine || (own != O_COUNT && given[own]))
            continue;
        switch (id) {
        case O_LEFT:
        case O_RIGHT: lab->act[s] = (enum gf_act)v->choice; break;
        case O_LEAKY_ALPHA:
        case O_LEFT_ALPHA:
        case O_RIGHT_ALPHA: lab->alpha[s] = v->x; break;
        case O_CLIP:
        case O_LEFT_CLIP:
        case O_RIGHT_CLIP: lab->clip[s] = v->x; break;
        case O_RESIDUAL:
        case O_LEFT_RESIDUAL:
        case O_RIGHT_RESIDUAL: lab->residual[s] = true; break;
        case O_BATCHNORM:
        case O_LEFT_BATCHNORM:
        case O_RIGHT_BATCHNORM: lab->batchnorm[s] = true; break;
        case O_LEFT_DOUBLE_SOFTMAX:
        case O_RIGHT_DOUBLE_SOFTMAX: lab->double_softmax[s] = true; break;
        case O_LEFT_INIT:
        case O_RIGHT_INIT:
            lab->side_init[s] = (enum gf_init)v->choice;
            lab->own_init[s] = true;
            break;
        default: break;   /* shared settings, below */
        }
    }
    switch (id) {
    case O_DEPTH: lab->depth = (int)v->i; break;
    case O_WIDTH: lab->width = (int)v->i; break;
    case O_INIT: lab->init = (enum gf_init)v->choice; break;
    case O_HEAD:
        lab->head = (enum gf_head)v->choice;
        lab->head_from_dataset = false;
        break;
    case O_DATASET: lab->dataset = (enum gf_dataset)v->choice; break;
    case O_NOISE: lab->noise = v->x; break;
    case O_OPTIMIZER: lab->optimizer = (enum gf_optimizer)v->choice; break;
    case O_LR: lab->lr = v->x; break;
    case O_BATCH: lab->batch = (int)v->i; break;
    case O_SEED: lab->seed = v->seed; break;
    case O_STEPS: opt->steps = v->i; break;
    case O_SIZE:
        opt->width_px = v->w;
        opt->height_px = v->h;
        break;
    case O_EXPORT_SIZE:
        opt->export_w = v->w;
        opt->export_h = v->h;
        break;
    case O_THEME: opt->theme = (enum gf_theme_id)v->choice; break;
    case O_LANG: opt->lang = (enum gf_lang)v->choice; break;
    case O_TEXT_SCALE: opt->text_scale = v->x; break;
    case O_BARS: opt->bar_metric = (enum gf_metric)v->choice; break;
    case O_LINEAR: opt->bar_linear = true; break;
    case O_LEFT_DISTRIBUTIONS:
    case O_RIGHT_DISTRIBUTIONS: opt->dist_view[id == O_LEFT_DISTRIBUTIONS ? GF_LEFT : GF_RIGHT] = true; break;
    case O_LEFT_OVER_STEPS:
    case O_RIGHT_OVER_STEPS:
        opt->time_view[id == O_LEFT_OVER_STEPS ? GF_LEFT : GF_RIGHT] = (enum gf_time_view)v->choice;
        break;
    case O_LEFT_LAYER:
    case O_RIGHT_LAYER: opt->hist_layer[id == O_LEFT_LAYER ? GF_LEFT : GF_RIGHT] = (int)v->i; break;
    case O_OUT: opt->out_dir = v->s; break;
    case O_NO_CAPTION: opt->caption = false; break;
    case O_ASSETS: opt->assets_dir = v->s; break;
    case O_SCENE: opt->scene = (int)v->i; break;
    case O_LESSON: opt->lesson_path = v->s; break;
    case O_HEADLESS: opt->headless = true; break;
    case O_CSV: opt->csv_path = v->s; break;
    case O_DUMP: opt->dump_path = v->s; break;
    case O_SCREENSHOT: opt->screenshot_path = v->s; break;
    case O_PANEL: opt->panel = (enum gf_figure)v->choice; break;
    case O_OVERWRITE: opt->overwrite = true; break;
    case O_NO_TITLE: opt->no_title = true; break;
    case O_SMOOTH: opt->smooth = (int)v->i; break;
    case O_ANIMATE: opt->animate_path = v->s; break;
    case O_FRAMES: opt->frames = (int)v->i; break;
    default: break;
    }
}

/* ---- parsing ----------------------------------------------------------- */

/* Whether a name ends in .gif, in any case. */
static bool ends_in_gif(const char *path)
{
    size_t n = strlen(path);
    if (n < 5)
        return false;
    char ext[5];
    for (int i = 0; i < 4; i++)
        ext[i] = (char)tolower((unsigned char)path[n - 4 + i]);
    ext[4] = '\0';
    return strcmp(ext, ".gif") == 0;
}

/* The lab settings must fit together: the head to the dataset, batch norm to the batch. */
static enum gf_cli_result check_lab(const struct gf_lab_config *lab, const bool given[O_COUNT], char *err,
                                    size_t errlen)
{
    enum gf_head head = gf_lab_config_head(lab);
    for (int s = 0; s < GF_SIDES; s++)
        if (lab->double_softmax[s] && head != GF_HEAD_CE) {   /* name the flag that asked for it */
            enum opt_id flag = s == GF_LEFT ? O_LEFT_DOUBLE_SOFTMAX : O_RIGHT_DOUBLE_SOFTMAX;
            return fail(err, errlen, "%s with --dataset %s%s%s: %s", options[flag].name,
                        gf_dataset_info(lab->dataset)->id, given[O_HEAD] ? " --head " : "",
                        given[O_HEAD] ? gf_head_info(head)->id : "", gf_lab_config_problem(lab));
        }
    if (!gf_dataset_accepts_head(lab->dataset, head))
        return fail(err, errlen, "--head %s with --dataset %s: %s", gf_head_info(head)->id,
                    gf_dataset_info(lab->dataset)->id, gf_lab_config_problem(lab));
    if ((lab->batchnorm[GF_LEFT] || lab->batchnorm[GF_RIGHT]) && lab->batch < 2)
        return fail(err, errlen, "--batchnorm with --batch %d: batch normalization needs batches of 2 or more",
                    lab->batch);
    const char *problem = gf_lab_config_problem(lab);
    if (problem)
        return fail(err, errlen, "%s", problem);
    return GF_CLI_RUN;
}

static int find_option(const char *arg)
{
    for (int id = 0; id < O_COUNT; id++)
        if (strcmp(arg, options[id].name) == 0)
            return id;
    return O_COUNT;
}

/* Parses argv over what opt holds; reach says which options may be given
 * (R_TRAINING: those only; R_DISPLAY: those and the display ones; else all). */
static enum gf_cli_result parse(struct gf_cli_options *opt, int argc, char **argv, enum reach reach, char *err,
                                size_t errlen)
{
    bool given[O_COUNT] = {false};
    char shown[ECHO_MAX * 4 + 16];
    /* first every flag, so that a run's own flag can win over a shared one given after it */
    for (int i = 1; i < argc; i++) {
        int id = find_option(argv[i]);
        gf_cli_echo(shown, sizeof shown, argv[i]);
        if (id == O_COUNT)
            return fail(err, errlen, "%s: unknown %s; see --help for the flags", shown,
                        argv[i][0] == '-' ? "flag" : "argument");
        const struct option *o = &options[id];
        if (given[id])
            return fail(err, errlen, "%s: given twice; give each flag once", o->name);
        if (o->reach > reach)
            return fail(err, errlen, reach == R_TRAINING
                                         ? "%s: not a network or training setting; only those belong here"
                                         : "%s: not a setting the window can change; only network, training and "
                                           "display flags belong here",
                        o->name);
        given[id] = true;
        if (id == O_HELP)
            return GF_CLI_HELP;
        if (id == O_VERSION)
            return GF_CLI_VERSION;
        if (o->kind != K_SWITCH) {
            /* "--lr --depth 5": the next flag is not --lr's value */
            if (i + 1 >= argc || find_option(argv[i + 1]) != O_COUNT)
                return fail(err, errlen, "%s: missing its value (%s); see --help", o->name, o->arg);
            i++;
        }
    }
    for (int i = 1; i < argc; i++) {
        enum opt_id id = (enum opt_id)find_option(argv[i]);
        const struct option *o = &options[id];
        struct value v = {0};
        const char *text = o->kind == K_SWITCH ? "" : argv[++i];
        if (!parse_value(o, text, &v))
            return bad_value(o, text, err, errlen);
        store(opt, id, &v, given);
        opt->lab_given = opt->lab_given || o->reach == R_TRAINING;
    }
    if (opt->screenshot_path && !opt->headless) {
        gf_cli_echo(shown, sizeof shown, opt->screenshot_path);
        return fail(err, errlen, "--screenshot %s: goes with --headless (in the window, press S)", shown);
    }
    if (opt->animate_path && !ends_in_gif(opt->animate_path)) {
        gf_cli_echo(shown, sizeof shown, opt->animate_path);
        return fail(err, errlen, "--animate %s: expected a file name ending in .gif", shown);
    }
    if (opt->animate_path && !opt->headless) {
        gf_cli_echo(shown, sizeof shown, opt->animate_path);
        return fail(err, errlen, "--animate %s: goes with --headless (in the window, press Ctrl+G)", shown);
    }
    if (given[O_FRAMES] && !opt->animate_path)
        return fail(err, errlen, "--frames %d: goes with --animate FILE.gif", opt->frames);
    if (opt->csv_path && opt->dump_path && strcmp(opt->csv_path, opt->dump_path) == 0) {
        gf_cli_echo(shown, sizeof shown, opt->csv_path);
        return fail(err, errlen, "--csv and --dump: both name %s; give them different files", shown);
    }
    /* Every flag was valid on its own; what is left is whether they fit together. */
    for (int s = 0; s < GF_SIDES; s++)
        if (opt->hist_layer[s] > opt->lab.depth) {
            enum opt_id flag = s == GF_LEFT ? O_LEFT_LAYER : O_RIGHT_LAYER;
            return fail(err, errlen, "%s %d: the networks have %d hidden layers", options[flag].name,
                        opt->hist_layer[s], opt->lab.depth);
        }
    return check_lab(&opt->lab, given, err, errlen);
}

/* ---- help ---------------------------------------------------------------- */

static const char *const section_titles[] = {
    [S_NETWORKS] = "Networks", [S_TRAINING] = "Data and training", [S_WINDOW] = "Window and figures",
    [S_LESSON] = "Lesson", [S_OUTPUT] = "Output",
};

/* Writes text wrapped to the help's column, the first line after what is
 * already on the line (col characters in). */
static void wrap(FILE *f, const char *text, int col)
{
    enum { INDENT = 22, WIDTH = 100 };
    for (int i = col; i < INDENT; i++)
        fputc(' ', f);
    col = INDENT;
    const char *p = text;
    while (*p) {
        const char *end = strchr(p, ' ');
        /* a range "[0, 1]" or "(0, 1000]" is one word: never split at its comma */
        if (end && end > p && end[-1] == ',' && strchr("[(", *p)) {
            const char *next = strchr(end + 1, ' ');
            end = next;
        }
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (col > INDENT && col + 1 + (int)n > WIDTH) {
            fprintf(f, "\n%*s", INDENT, "");
            col = INDENT;
        } else if (col > INDENT) {
            fputc(' ', f);
            col++;
        }
        fwrite(p, 1, n, f);
        col += (int)n;
        p += n;
        while (*p == ' ')
            p++;
    }
    fputc('\n', f);
}

void gf_cli_usage(FILE *f)
{
    fprintf(f,
            "gradflow %s - watch gradients vanish, layer by layer, in two networks side by side.\n"
            "\n"
            "usage: gradflow [options]              open the window\n"
            "       gradflow --headless [options]   train without a window, print a table\n"
            "\n"
            "Trains two deep networks on the same data from the same seed, differing only\n"
            "in their hidden activation, and shows each one's gradient size per layer.\n"
            "In the window, press H for the keys, Enter to type any of the network, training\n"
            "and display flags below (e.g. --depth 20 --leaky-alpha 0.2).\n",
            GF_VERSION);
    for (int sec = S_NETWORKS; sec <= S_OUTPUT; sec++) {
        fprintf(f, "\n%s:\n", section_titles[sec]);
        for (int id = 0; id < O_COUNT; id++) {
            const struct option *o = &options[id];
            if (o->section != (enum section)sec)
                continue;
            char head[64], want[256], text[1024];
            int col = snprintf(head, sizeof head, "  %s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
            fputs(head, f);
            if (col >= 22) {   /* a long name: the text on the next line */
                fputc('\n', f);
                col = 0;
            }
            expected(o, want, sizeof want);
            int used = snprintf(text, sizeof text, "%s", o->help);
            char lo[32], hi[32];
            if (o->kind == K_INT)   /* the range, from the row the parser checks */
                used += snprintf(text + used, sizeof text - (size_t)used, ", %s..%s", num(lo, sizeof lo, o->lo),
                                 num(hi, sizeof hi, o->hi));
            else if (o->kind == K_REAL)
                used += snprintf(text + used, sizeof text - (size_t)used, ", in %c%s, %s]", o->lo_open ? '(' : '[',
                                 num(lo, sizeof lo, o->lo), num(hi, sizeof hi, o->hi));
            else if (o->kind == K_CHOICE)
                used += snprintf(text + used, sizeof text - (size_t)used, ": %s", o->choices());
            else if (o->kind == K_SIZE)
                used += snprintf(text + used, sizeof text - (size_t)used, ", %dx%d..%dx%d", GF_SIZE_MIN_W,
                                 GF_SIZE_MIN_H, GF_SIZE_MAX, GF_SIZE_MAX);
            if (o->def)
                snprintf(text + used, sizeof text - (size_t)used, " (default %s)", o->def);
            wrap(f, text, col);
        }
    }
    fputs("\nA run's own flag (--left-clip, --right-leaky-alpha, ...) wins over the shared one, in any order.\n"
          "A bad value is reported naming the flag, exit status 2, and nothing is written.\n",
          f);
}

enum gf_cli_result gf_cli_parse(struct gf_cli_options *opt, int argc, char **argv,
                                char *err, size_t errlen)
{
    gf_cli_defaults(opt);
    return parse(opt, argc, argv, R_COMMAND_LINE, err, errlen);
}

bool gf_cli_parse_settings(struct gf_lab_config *cfg, int argc, char **argv, char *err, size_t errlen)
{
    struct gf_cli_options opt;
    gf_cli_defaults(&opt);
    if (parse(&opt, argc, argv, R_TRAINING, err, errlen) != GF_CLI_RUN)
        return false;
    *cfg = opt.lab;
    return true;
}

bool gf_cli_parse_prompt(struct gf_cli_options *opt, int argc, char **argv, char *err, size_t errlen)
{
    struct gf_cli_options next = *opt;   /* opt changes only when the whole line parses */
    if (parse(&next, argc, argv, R_DISPLAY, err, errlen) != GF_CLI_RUN)
        return false;
    *opt = next;
    return true;
}
