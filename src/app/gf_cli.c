/* gf_cli.c - command-line parsing: a table of flags, one parser per kind of value. */
#include "gf_cli.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "gf_version.h"

void gf_cli_defaults(struct gf_cli_options *opt)
{
    memset(opt, 0, sizeof *opt);
    gf_lab_config_default(&opt->lab);
    opt->steps = GF_STEPS_DEFAULT;
    opt->panel = GF_FIGURE_FULL;
    opt->caption = true;
    opt->frames = GF_FRAMES_DEFAULT;
    opt->out_dir = GF_OUT_DIR_DEFAULT;
    opt->bar_metric = GF_METRIC_GRAD_RMS;
}

enum flag_id {
    F_LEFT, F_RIGHT, F_DEPTH, F_WIDTH, F_DATASET, F_HEAD, F_INIT, F_OPTIMIZER, F_LR, F_BATCH,
    F_SEED, F_LEAKY_ALPHA, F_NOISE, F_STEPS, F_CSV, F_DUMP, F_SIZE, F_THEME, F_ASSETS, F_SCREENSHOT, F_PANEL,
    F_NO_CAPTION, F_OUT, F_EXPORT_SIZE, F_BARS, F_LINEAR, F_RESIDUAL, F_BATCHNORM, F_CLIP, F_LEFT_ALPHA,
    F_RIGHT_ALPHA, F_LEFT_RESIDUAL, F_RIGHT_RESIDUAL, F_LEFT_BATCHNORM, F_RIGHT_BATCHNORM, F_LEFT_CLIP, F_RIGHT_CLIP,
    F_LEFT_DOUBLE_SOFTMAX, F_RIGHT_DOUBLE_SOFTMAX, F_LANG, F_LESSON, F_SCENE, F_HEADLESS, F_OVERWRITE, F_HELP, F_VERSION,
    F_NO_TITLE, F_SMOOTH, F_ANIMATE, F_FRAMES, F_COUNT
};

struct flag {
    const char *name;
    bool takes_value;
};

static const struct flag flags[F_COUNT] = {
    [F_LEFT] = {"--left", true},       [F_RIGHT] = {"--right", true},
    [F_DEPTH] = {"--depth", true},     [F_WIDTH] = {"--width", true},
    [F_DATASET] = {"--dataset", true}, [F_HEAD] = {"--head", true},
    [F_INIT] = {"--init", true},       [F_OPTIMIZER] = {"--optimizer", true},
    [F_LR] = {"--lr", true},           [F_BATCH] = {"--batch", true},
    [F_SEED] = {"--seed", true},       [F_LEAKY_ALPHA] = {"--leaky-alpha", true},
    [F_NOISE] = {"--noise", true},     [F_STEPS] = {"--steps", true},
    [F_CSV] = {"--csv", true},         [F_DUMP] = {"--dump", true},
    [F_SIZE] = {"--size", true},       [F_THEME] = {"--theme", true},
    [F_ASSETS] = {"--assets", true},   [F_SCREENSHOT] = {"--screenshot", true},
    [F_PANEL] = {"--panel", true},     [F_NO_CAPTION] = {"--no-caption", false},
    [F_OUT] = {"--out", true},         [F_EXPORT_SIZE] = {"--export-size", true},
    [F_BARS] = {"--bars", true},       [F_LINEAR] = {"--linear", false},
    [F_RESIDUAL] = {"--residual", false}, [F_BATCHNORM] = {"--batchnorm", false},
    [F_CLIP] = {"--clip", true},
    /* one run only: what the window's per-run keys set, so an export's command can say it */
    [F_LEFT_ALPHA] = {"--left-leaky-alpha", true}, [F_RIGHT_ALPHA] = {"--right-leaky-alpha", true},
    [F_LEFT_RESIDUAL] = {"--left-residual", false}, [F_RIGHT_RESIDUAL] = {"--right-residual", false},
    [F_LEFT_BATCHNORM] = {"--left-batchnorm", false}, [F_RIGHT_BATCHNORM] = {"--right-batchnorm", false},
    [F_LEFT_CLIP] = {"--left-clip", true}, [F_RIGHT_CLIP] = {"--right-clip", true},
    [F_LEFT_DOUBLE_SOFTMAX] = {"--left-double-softmax", false},
    [F_RIGHT_DOUBLE_SOFTMAX] = {"--right-double-softmax", false},
    [F_LANG] = {"--lang", true},       [F_LESSON] = {"--lesson", true},
    [F_SCENE] = {"--scene", true},
    [F_HEADLESS] = {"--headless", false}, [F_OVERWRITE] = {"--overwrite", false},
    [F_HELP] = {"--help", false},      [F_VERSION] = {"--version", false},
    /* figures for slides */
    [F_NO_TITLE] = {"--no-title", false}, [F_SMOOTH] = {"--smooth", true},
    [F_ANIMATE] = {"--animate", true},  [F_FRAMES] = {"--frames", true},
};

static enum gf_cli_result fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return GF_CLI_ERROR;
}

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

/* A finite real number in [lo, hi] (or (lo, hi] when lo_open), checked
 * before it is rounded to float so that 1000.00003 is not taken for 1000. */
static bool parse_float(const char *s, double lo, bool lo_open, double hi, float *out)
{
    char *end;
    if (!((*s >= '0' && *s <= '9') || *s == '.' || *s == '-'))
        return false;   /* no leading space or plus sign */
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end != '\0' || errno == ERANGE || !isfinite(v))
        return false;
    if (v == 0.0)
        v = 0.0;   /* -0 is 0 */
    if ((lo_open ? !(v > lo) : !(v >= lo)) || !(v <= hi))
        return false;
    *out = (float)v;
    return !(lo_open && *out <= lo);   /* so small it rounds to the open end */
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

static enum gf_cli_result set_value(struct gf_cli_options *opt, enum flag_id id, const char *name,
                                    const char *v, char *err, size_t errlen)
{
    struct gf_lab_config *lab = &opt->lab;
    long n;
    float x;
    switch (id) {
    case F_LEFT:
    case F_RIGHT:
        if (!gf_act_from_id(v, &lab->act[id == F_LEFT ? GF_LEFT : GF_RIGHT]))
            return fail(err, errlen, "%s \"%s\": unknown activation; expected one of %s", name, v,
                        gf_act_id_list());
        return GF_CLI_RUN;
    case F_DEPTH:
        if (!parse_long(v, 1, GF_MAX_HIDDEN, &n))
            return fail(err, errlen, "%s \"%s\": expected a whole number of hidden layers from 1 to %d",
                        name, v, GF_MAX_HIDDEN);
        lab->depth = (int)n;
        return GF_CLI_RUN;
    case F_WIDTH:
        if (!parse_long(v, 1, GF_MAX_WIDTH, &n))
            return fail(err, errlen, "%s \"%s\": expected a whole number of units from 1 to %d", name, v,
                        GF_MAX_WIDTH);
        lab->width = (int)n;
        return GF_CLI_RUN;
    case F_DATASET:
        if (!gf_dataset_from_id(v, &lab->dataset))
            return fail(err, errlen, "%s \"%s\": unknown dataset; expected one of %s", name, v,
                        gf_dataset_id_list());
        return GF_CLI_RUN;
    case F_HEAD:
        if (!gf_head_from_id(v, &lab->head))
            return fail(err, errlen, "%s \"%s\": unknown head; expected one of %s", name, v, gf_head_id_list());
        lab->head_from_dataset = false;
        return GF_CLI_RUN;
    case F_INIT:
        if (!gf_init_from_id(v, &lab->init))
            return fail(err, errlen, "%s \"%s\": unknown init; expected one of %s", name, v, gf_init_id_list());
        return GF_CLI_RUN;
    case F_OPTIMIZER:
        if (!gf_opt_from_id(v, &lab->optimizer))
            return fail(err, errlen, "%s \"%s\": unknown optimizer; expected one of %s", name, v,
                        gf_opt_id_list());
        return GF_CLI_RUN;
    case F_LR:
        if (!parse_float(v, 0.0, true, GF_LR_MAX, &x))
            return fail(err, errlen, "%s \"%s\": expected a learning rate in (0, 1000]", name, v);
        lab->lr = x;
        return GF_CLI_RUN;
    case F_BATCH:
        if (!parse_long(v, 1, GF_BATCH_MAX, &n))
            return fail(err, errlen, "%s \"%s\": expected a whole number of examples from 1 to %d", name, v,
                        GF_BATCH_MAX);
        lab->batch = (int)n;
        return GF_CLI_RUN;
    case F_SEED:
        if (!parse_seed(v, &lab->seed))
            return fail(err, errlen, "%s \"%s\": expected a whole number from 0 to 18446744073709551615",
                        name, v);
        return GF_CLI_RUN;
    case F_LEAKY_ALPHA:
        if (!parse_float(v, 0.0, false, 1.0, &x))
            return fail(err, errlen, "%s \"%s\": expected a slope in [0, 1]", name, v);
        lab->alpha[GF_LEFT] = lab->alpha[GF_RIGHT] = x;
        return GF_CLI_RUN;
    case F_CLIP:
    case F_LEFT_CLIP:
    case F_RIGHT_CLIP:
        if (!parse_float(v, 0.0, true, 1e6, &x))
            return fail(err, errlen, "%s \"%s\": expected a gradient-norm threshold in (0, 1000000]", name, v);
        if (id != F_RIGHT_CLIP)
            lab->clip[GF_LEFT] = x;
        if (id != F_LEFT_CLIP)
            lab->clip[GF_RIGHT] = x;
        return GF_CLI_RUN;
    case F_LEFT_ALPHA:
    case F_RIGHT_ALPHA:
        if (!parse_float(v, 0.0, false, 1.0, &x))
            return fail(err, errlen, "%s \"%s\": expected a slope in [0, 1]", name, v);
        lab->alpha[id == F_LEFT_ALPHA ? GF_LEFT : GF_RIGHT] = x;
        return GF_CLI_RUN;
    case F_NOISE:
        if (!parse_float(v, 0.0, false, 1.0, &x))
            return fail(err, errlen, "%s \"%s\": expected a noise level in [0, 1]", name, v);
        lab->noise = x;
        return GF_CLI_RUN;
    case F_STEPS:
        if (!parse_long(v, 0, GF_STEPS_MAX, &n))
            return fail(err, errlen, "%s \"%s\": expected a whole number of steps from 0 to %ld", name, v,
                        GF_STEPS_MAX);
        opt->steps = n;
        return GF_CLI_RUN;
    case F_SIZE:
    case F_EXPORT_SIZE: {
        int w, h;
        if (!parse_size(v, &w, &h))
            return fail(err, errlen, "%s \"%s\": expected WIDTHxHEIGHT in pixels, from %dx%d to %dx%d, e.g. 1920x1080",
                        name, v, GF_SIZE_MIN_W, GF_SIZE_MIN_H, GF_SIZE_MAX, GF_SIZE_MAX);
        *(id == F_SIZE ? &opt->width_px : &opt->export_w) = w;
        *(id == F_SIZE ? &opt->height_px : &opt->export_h) = h;
        return GF_CLI_RUN;
    }
    case F_FRAMES:
        if (!parse_long(v, 1, GF_FRAMES_MAX, &n))
            return fail(err, errlen, "%s \"%s\": expected a number of frames from 1 to %d", name, v, GF_FRAMES_MAX);
        opt->frames = (int)n;
        return GF_CLI_RUN;
    case F_SMOOTH:
        if (!parse_long(v, 1, GF_SMOOTH_MAX, &n))
            return fail(err, errlen, "%s \"%s\": expected a number of steps from 1 to %d", name, v, GF_SMOOTH_MAX);
        opt->smooth = (int)n;
        return GF_CLI_RUN;
    case F_PANEL:
        if (!gf_figure_from_id(v, &opt->panel))
            return fail(err, errlen, "%s \"%s\": expected full, gradients or curves", name, v);
        return GF_CLI_RUN;
    case F_BARS: {
        static const enum gf_metric shown[] = {GF_METRIC_GRAD_RMS, GF_METRIC_GRAD_NORM, GF_METRIC_DELTA_MEAN_ABS};
        for (size_t i = 0; i < sizeof shown / sizeof shown[0]; i++)
            if (strcmp(v, gf_metric_id(shown[i])) == 0) {
                opt->bar_metric = shown[i];
                return GF_CLI_RUN;
            }
        return fail(err, errlen, "%s \"%s\": expected grad_rms, grad_norm or delta_mean_abs", name, v);
    }
    case F_THEME:
        if (strcmp(v, "dark") == 0)
            opt->theme = GF_THEME_DARK;
        else if (strcmp(v, "light") == 0)
            opt->theme = GF_THEME_LIGHT;
        else
            return fail(err, errlen, "%s \"%s\": expected dark or light", name, v);
        return GF_CLI_RUN;
    case F_LANG:
        if (!gf_lang_from_id(v, &opt->lang))
            return fail(err, errlen, "%s \"%s\": expected en or ko", name, v);
        return GF_CLI_RUN;
    case F_SCENE: {
        long scene;
        if (!parse_long(v, 1, GF_LESSON_MAX_SCENES, &scene))
            return fail(err, errlen, "%s \"%s\": expected a scene number, 1..%d", name, v, GF_LESSON_MAX_SCENES);
        opt->scene = (int)scene;
        return GF_CLI_RUN;
    }
    case F_LESSON:
    case F_ASSETS:
    case F_OUT:
    case F_CSV:
    case F_DUMP:
    case F_ANIMATE:
    case F_SCREENSHOT: {
        bool folder = id == F_ASSETS || id == F_OUT;
        if (*v == '\0')
            return fail(err, errlen, "%s \"\": expected a %s name", name, folder ? "folder" : "file");
        const char **slot = id == F_CSV ? &opt->csv_path : id == F_DUMP ? &opt->dump_path
                            : id == F_SCREENSHOT ? &opt->screenshot_path : id == F_OUT ? &opt->out_dir
                            : id == F_LESSON ? &opt->lesson_path : id == F_ANIMATE ? &opt->animate_path
                            : &opt->assets_dir;
        *slot = v;
        return GF_CLI_RUN;
    }
    default:
        return GF_CLI_RUN;
    }
}

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

/* The flags that set up the networks and their training: what a lesson
 * scene may set, and what --scene leaves to the scene. */
static bool is_training_flag(enum flag_id id)
{
    return (id >= F_LEFT && id <= F_NOISE) || (id >= F_RESIDUAL && id <= F_RIGHT_DOUBLE_SOFTMAX);
}

/* Which flags a parse takes: all of them, or network and training ones
 * only, others being an error (a scene's settings). */
enum parse_mode { ALL_FLAGS, ONLY_TRAINING };

/* The lab settings must fit together: the head to the dataset, batch norm to the batch. */
static enum gf_cli_result check_lab(const struct gf_lab_config *lab, char *err, size_t errlen)
{
    enum gf_head head = gf_lab_config_head(lab);
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

static enum gf_cli_result parse(struct gf_cli_options *opt, int argc, char **argv, enum parse_mode mode, char *err,
                                size_t errlen)
{
    bool seen[F_COUNT] = {false};
    gf_cli_defaults(opt);
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        int id = 0;
        while (id < F_COUNT && strcmp(arg, flags[id].name) != 0)
            id++;
        if (id == F_COUNT)
            return fail(err, errlen, "\"%s\": unknown %s; see --help for the flags", arg,
                        arg[0] == '-' ? "flag" : "argument");
        if (seen[id])
            return fail(err, errlen, "%s: given twice; give each flag once", arg);
        if (mode == ONLY_TRAINING && !is_training_flag((enum flag_id)id))
            return fail(err, errlen, "%s: not a network or training setting; only those belong here", arg);
        opt->lab_given = opt->lab_given || is_training_flag((enum flag_id)id);
        seen[id] = true;
        if (id == F_HELP)
            return GF_CLI_HELP;
        if (id == F_VERSION)
            return GF_CLI_VERSION;
        if (id == F_HEADLESS) {
            opt->headless = true;
            continue;
        }
        if (id == F_RESIDUAL || id == F_BATCHNORM || id == F_LEFT_RESIDUAL || id == F_RIGHT_RESIDUAL ||
            id == F_LEFT_BATCHNORM || id == F_RIGHT_BATCHNORM) {   /* --residual, --batchnorm: both runs */
            bool residual = id == F_RESIDUAL || id == F_LEFT_RESIDUAL || id == F_RIGHT_RESIDUAL;
            bool *flag = residual ? opt->lab.residual : opt->lab.batchnorm;
            if (id != F_RIGHT_RESIDUAL && id != F_RIGHT_BATCHNORM)
                flag[GF_LEFT] = true;
            if (id != F_LEFT_RESIDUAL && id != F_LEFT_BATCHNORM)
                flag[GF_RIGHT] = true;
            continue;
        }
        if (id == F_LEFT_DOUBLE_SOFTMAX || id == F_RIGHT_DOUBLE_SOFTMAX) {
            opt->lab.double_softmax[id == F_LEFT_DOUBLE_SOFTMAX ? GF_LEFT : GF_RIGHT] = true;
            continue;
        }
        if (id == F_NO_TITLE) {
            opt->no_title = true;
            continue;
        }
        if (id == F_OVERWRITE || id == F_NO_CAPTION || id == F_LINEAR) {
            *(id == F_OVERWRITE ? &opt->overwrite : id == F_LINEAR ? &opt->bar_linear : &opt->caption) = id != F_NO_CAPTION;
            continue;
        }
        if (i + 1 >= argc)
            return fail(err, errlen, "%s: missing its value; see --help", arg);
        enum gf_cli_result r = set_value(opt, (enum flag_id)id, arg, argv[++i], err, errlen);
        if (r != GF_CLI_RUN)
            return r;
    }
    if (opt->screenshot_path && !opt->headless)
        return fail(err, errlen, "--screenshot %s: goes with --headless (in the window, press S)", opt->screenshot_path);
    if (opt->animate_path && !ends_in_gif(opt->animate_path))
        return fail(err, errlen, "--animate %s: expected a file name ending in .gif", opt->animate_path);
    if (opt->animate_path && !opt->headless)
        return fail(err, errlen, "--animate %s: goes with --headless (in the window, press Ctrl+G)", opt->animate_path);
    if (seen[F_FRAMES] && !opt->animate_path)
        return fail(err, errlen, "--frames %d: goes with --animate FILE.gif", opt->frames);
    if (opt->csv_path && opt->dump_path && strcmp(opt->csv_path, opt->dump_path) == 0)
        return fail(err, errlen, "--csv and --dump: both name \"%s\"; give them different files",
                    opt->csv_path);
    /* Every flag was valid on its own; what is left is whether they fit together. */
    return check_lab(&opt->lab, err, errlen);
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
"In the window, press H for the keys.\n"
"\n"
"Networks (both runs):\n"
"  --left ACT          left run's hidden activation (default sigmoid)\n"
"  --right ACT         right run's hidden activation (default relu)\n"
"                      ACT: %s\n"
"  --leaky-alpha X     leaky_relu's negative slope a, in [0, 1] (default 0.01)\n"
"  --depth N           hidden layers, 1..64 (default 8)\n"
"  --width N           units per hidden layer, 1..256 (default 16)\n"
"  --init NAME         %s (default auto: he for relu/leaky_relu, xavier otherwise)\n"
"  --residual          skip connections: each hidden layer after the first adds its input back\n"
"  --batchnorm         batch normalization before each hidden activation (BatchNorm1d)\n"
"  --clip X            clip the global gradient norm to X, in (0, 1e6] (default: no clipping)\n"
"  --left-residual, --right-residual, --left-batchnorm, --right-batchnorm,\n"
"  --left-clip X, --right-clip X, --left-leaky-alpha X, --right-leaky-alpha X\n"
"                      the same for one run only (as the window's K, B, C, ',' and '.')\n"
"  --head NAME         output activation + loss: %s\n"
"                      (default: the dataset's own; bce for two classes, ce for more, mse for sine)\n"
"  --left-double-softmax, --right-double-softmax\n"
"                      that run applies softmax before ce, which applies it again (the classic bug)\n"
"\n"
"Data and training:\n"
"  --dataset NAME      %s (default spiral)\n"
"  --noise X           input jitter, in [0, 1] (default: the dataset's own)\n"
"  --optimizer NAME    %s (default sgd)\n"
"  --lr X              learning rate, in (0, 1000] (default 0.05)\n"
"  --batch N           minibatch size, 1..512 (default 32)\n"
"  --seed N            random seed, 0..2^64-1 (default 1); same seed + settings = same bits\n"
"  --steps N           training steps, 0..1000000000 (default 1000)\n"
"\n"
"Window and figures:\n"
"  --size WxH          window or figure size in pixels, 320x180..8192x8192 (default: the\n"
"                      window 16:9 at 80%% of the display; a figure 1920x1080, panels 1920x540)\n"
"  --theme NAME        dark (projectors) or light (slides) (default dark)\n"
"  --lang CODE         en or ko: the language of every label and caption (default en; L switches)\n"
"  --bars METRIC       what the bars show: grad_rms, grad_norm, delta_mean_abs (default grad_rms)\n"
"  --linear            bars on a linear scale (default log10)\n"
"  --out DIR           where S, P and E in the window save (default gradflow-shots)\n"
"  --export-size WxH   size of the window's PNG exports (default 1920x1080; Z cycles)\n"
"  --no-caption        figures without the settings strip at the bottom\n"
"  --no-title          figures without the title bar at the top\n"
"  --smooth K          figures' bars: each layer's mean over the last K steps, so labelled\n"
"  --assets DIR        where the fonts are (default: found beside the program)\n",
            GF_VERSION, gf_act_id_list(), gf_init_id_list(), gf_head_id_list(), gf_dataset_id_list(),
            gf_opt_id_list());
    /* a second string: C99 promises string literals of 4095 bytes only */
    fputs(
"\n"
"Lesson:\n"
"  --scene N           start in lesson mode at scene N (from 1); with --headless --screenshot,\n"
"                      draw that scene; with network or training flags, the scene shows the\n"
"                      networks those flags describe instead of its own\n"
"  --lesson FILE       the lesson's scenes (default: the built-in lesson, assets/lessons/)\n"
"\n"
"Output:\n"
"  --headless          train without a window and print a table per run\n"
"  --csv FILE          per-step, per-layer statistics (run,step,layer,activation,loss,grad_norm,...)\n"
"  --dump FILE         JSON with weights, gradients, the next minibatch and its loss,\n"
"                      after the steps, to check the numbers in another framework\n"
"  --screenshot FILE   after the steps, draw the window into FILE.png/.svg/.pdf (--headless)\n"
"  --panel NAME        what --screenshot draws: full, gradients or curves (default full)\n"
"  --animate FILE      an animated GIF of the training (with --headless; --size default 1280x720)\n"
"  --frames K          its frames, 1..10000, spread evenly over the steps, 10 a second (default 50)\n"
"  --overwrite         allow --csv, --dump, --screenshot and --animate to replace existing files\n"
"  --help, --version\n"
"\n"
"A bad value is reported naming the flag, exit status 2, and nothing is written.\n", f);
}

enum gf_cli_result gf_cli_parse(struct gf_cli_options *opt, int argc, char **argv,
                                char *err, size_t errlen)
{
    return parse(opt, argc, argv, ALL_FLAGS, err, errlen);
}

bool gf_cli_parse_settings(struct gf_lab_config *cfg, int argc, char **argv, char *err, size_t errlen)
{
    struct gf_cli_options opt;
    if (parse(&opt, argc, argv, ONLY_TRAINING, err, errlen) != GF_CLI_RUN)
        return false;
    *cfg = opt.lab;
    return true;
}
