/* test_cli.c - command-line parsing: defaults, every flag, and bad input
 * named precisely. */
#include "gf_test.h"

#include <string.h>

#include "gf_cli.h"

static enum gf_cli_result parse(struct gf_cli_options *opt, char *err, const char *const *args)
{
    char *argv[64];
    int argc = 0;
    argv[argc++] = (char *)"gradflow";
    while (*args)
        argv[argc++] = (char *)*args++;
    return gf_cli_parse(opt, argc, argv, err, 256);
}

#define PARSE(opt, err, ...) parse((opt), (err), (const char *const[]){__VA_ARGS__, NULL})

/* The views of the distributions inside the networks, and per-run inits. */
static void test_distribution_flags(void **state)
{
    (void)state;
    struct gf_cli_options opt;
    char err[256];
    assert_int_equal(PARSE(&opt, err, "--headless"), GF_CLI_RUN);
    assert_false(opt.dist_view[GF_LEFT] || opt.dist_view[GF_RIGHT]);
    assert_int_equal(opt.time_view[GF_LEFT], GF_TIME_HEAT);
    assert_int_equal(opt.hist_layer[GF_RIGHT], 0);
    assert_false(opt.lab.own_init[GF_LEFT] || opt.lab.own_init[GF_RIGHT]);
    assert_int_equal(PARSE(&opt, err, "--headless", "--right-distributions", "--left-over-steps", "percentiles",
                           "--right-over-steps", "delta", "--left-layer", "8", "--right-init", "classic", "--panel",
                           "percentiles-over-steps"),
                     GF_CLI_RUN);
    assert_true(opt.dist_view[GF_RIGHT] && !opt.dist_view[GF_LEFT]);
    assert_int_equal(opt.time_view[GF_LEFT], GF_TIME_PERCENTILES);
    assert_int_equal(opt.time_view[GF_RIGHT], GF_TIME_DELTA);
    assert_int_equal(opt.hist_layer[GF_LEFT], 8);
    assert_true(opt.lab.own_init[GF_RIGHT] && !opt.lab.own_init[GF_LEFT]);
    assert_int_equal(opt.lab.side_init[GF_RIGHT], GF_INIT_CLASSIC);
    assert_int_equal(opt.panel, GF_FIGURE_PERCENTILES_OVER_STEPS);
    for (int f = 0; f < GF_FIGURE_COUNT; f++) {   /* every figure by its id */
        assert_int_equal(PARSE(&opt, err, "--panel", gf_figure_id((enum gf_figure)f)), GF_CLI_RUN);
        assert_int_equal(opt.panel, f);
    }
    /* bad values: the flag, the value and what is allowed */
    assert_int_equal(PARSE(&opt, err, "--left-layer", "9"), GF_CLI_ERROR);
    assert_string_equal(err, "--left-layer 9: the networks have 8 hidden layers");
    assert_int_equal(PARSE(&opt, err, "--left-layer", "9", "--depth", "9"), GF_CLI_RUN);
    assert_int_equal(PARSE(&opt, err, "--right-layer", "0"), GF_CLI_ERROR);
    assert_string_equal(err, "--right-layer \"0\": expected a whole number of a layer number from 1 to 64");
    assert_int_equal(PARSE(&opt, err, "--left-over-steps", "heatmap"), GF_CLI_ERROR);
    assert_string_equal(err, "--left-over-steps \"heatmap\": unknown value; expected one of heat, activations, percentiles, delta");
    assert_int_equal(PARSE(&opt, err, "--right-init", "glorot"), GF_CLI_ERROR);
    assert_non_null(strstr(err, "--right-init \"glorot\": unknown value; expected one of auto, classic"));
    assert_int_equal(PARSE(&opt, err, "--panel", "violins"), GF_CLI_ERROR);
    assert_non_null(strstr(err, "distributions, activations-over-steps, percentiles-over-steps, delta-over-steps"));
    /* a lesson scene may set a run's init, not a view */
    struct gf_lab_config cfg;
    char *scene_argv[] = {(char *)"set:", (char *)"--left-init", (char *)"he"};
    assert_true(gf_cli_parse_settings(&cfg, 3, scene_argv, err, sizeof err));
    assert_true(cfg.own_init[GF_LEFT] && cfg.side_init[GF_LEFT] == GF_INIT_HE);
    char *view_argv[] = {(char *)"set:", (char *)"--left-distributions"};
    assert_false(gf_cli_parse_settings(&cfg, 2, view_argv, err, sizeof err));
}

static void test_defaults(void **state)
{
    (void)state;
    struct gf_cli_options opt;
    char err[256];
    assert_int_equal(PARSE(&opt, err, "--headless"), GF_CLI_RUN);
    assert_true(opt.headless);
    assert_int_equal(opt.lab.act[GF_LEFT], GF_ACT_SIGMOID);
    assert_int_equal(opt.lab.act[GF_RIGHT], GF_ACT_RELU);
    assert_int_equal(opt.lab.depth, 8);
    assert_int_equal(opt.lab.width, 16);
    assert_int_equal(opt.lab.dataset, GF_DATA_SPIRAL);
    assert_int_equal(opt.lab.init, GF_INIT_AUTO);
    assert_int_equal(opt.lab.optimizer, GF_OPT_SGD);
    assert_int_equal(opt.lab.batch, 32);
    assert_int_equal(opt.lab.seed, 1);
    assert_close(opt.lab.alpha[GF_LEFT], 0.01f, 0, 0, "leaky alpha");
    assert_int_equal(opt.steps, 1000);
    assert_true(opt.lab.head_from_dataset);
    assert_null(opt.csv_path);
    assert_null(opt.dump_path);
}

static void test_every_flag(void **state)
{
    (void)state;
    struct gf_cli_options opt;
    char err[256];
    assert_int_equal(PARSE(&opt, err, "--headless", "--left", "tanh", "--right", "leaky_relu", "--depth", "64",
                           "--width", "256", "--dataset", "spiral3", "--head", "ce-double-softmax", "--init",
                           "normal", "--optimizer", "adam", "--lr", "1e-3", "--batch", "512", "--seed",
                           "18446744073709551615", "--leaky-alpha", "0.2", "--noise", "0", "--steps", "0",
                           "--csv", "a.csv", "--dump", "a.json", "--overwrite"),
                     GF_CLI_RUN);
    assert_int_equal(opt.lab.act[GF_LEFT], GF_ACT_TANH);
    assert_int_equal(opt.lab.act[GF_RIGHT], GF_ACT_LEAKY_RELU);
    assert_int_equal(opt.lab.depth, 64);
    assert_int_equal(opt.lab.width, 256);
    assert_int_equal(opt.lab.dataset, GF_DATA_SPIRAL3);
    assert_int_equal(gf_lab_config_head(&opt.lab), GF_HEAD_CE_DOUBLE_SOFTMAX);
    assert_int_equal(opt.lab.init, GF_INIT_NORMAL);
    assert_int_equal(opt.lab.optimizer, GF_OPT_ADAM);
    assert_close(opt.lab.lr, 1e-3, 0, 1e-7, "lr");
    assert_int_equal(opt.lab.batch, 512);
    assert_true(opt.lab.seed == UINT64_MAX);
    assert_close(opt.lab.alpha[GF_RIGHT], 0.2, 0, 1e-7, "alpha");
    assert_close(opt.lab.noise, 0.0, 0, 0, "noise");
    assert_int_equal(opt.steps, 0);
    assert_string_equal(opt.csv_path, "a.csv");
    assert_string_equal(opt.dump_path, "a.json");
    assert_true(opt.overwrite);
    assert_int_equal(PARSE(&opt, err, "--help"), GF_CLI_HELP);
    assert_int_equal(PARSE(&opt, err, "--version"), GF_CLI_VERSION);
    assert_int_equal(PARSE(&opt, err, "--lr", "1000"), GF_CLI_RUN);
    assert_int_equal(PARSE(&opt, err, "--leaky-alpha", "0"), GF_CLI_RUN);
    assert_int_equal(PARSE(&opt, err, "--leaky-alpha", "1"), GF_CLI_RUN);
    assert_int_equal(PARSE(&opt, err, "--leaky-alpha", "-0"), GF_CLI_RUN);
    assert_false(signbit(opt.lab.alpha[GF_LEFT]));   /* -0 is taken as 0, and printed so */
    assert_int_equal(PARSE(&opt, err, "--size", "3840x2160", "--theme", "light", "--assets", "/x"), GF_CLI_RUN);
    assert_int_equal(opt.width_px, 3840);
    assert_int_equal(opt.height_px, 2160);
    assert_int_equal(opt.theme, GF_THEME_LIGHT);
    assert_string_equal(opt.assets_dir, "/x");
    assert_int_equal(PARSE(&opt, err, "--headless", "--screenshot", "f.png", "--panel", "curves", "--no-caption",
                           "--bars", "delta_mean_abs", "--linear", "--out", "shots", "--export-size", "1280x720"),
                     GF_CLI_RUN);
    assert_string_equal(opt.screenshot_path, "f.png");
    assert_int_equal(opt.panel, GF_FIGURE_CURVES);
    assert_false(opt.caption);
    assert_int_equal(opt.bar_metric, GF_METRIC_DELTA_MEAN_ABS);
    assert_true(opt.bar_linear);
    assert_string_equal(opt.out_dir, "shots");
    assert_true(opt.export_w == 1280 && opt.export_h == 720);
    assert_false(opt.no_title);
    assert_int_equal(opt.smooth, 0);
    assert_int_equal(opt.frames, 50);
    assert_int_equal(PARSE(&opt, err, "--headless", "--animate", "a.gif", "--frames", "100", "--no-title", "--smooth",
                           "64"),
                     GF_CLI_RUN);
    assert_string_equal(opt.animate_path, "a.gif");
    assert_int_equal(opt.frames, 100);
    assert_true(opt.no_title);
    assert_int_equal(opt.smooth, 64);
    assert_int_equal(PARSE(&opt, err, "--headless", "--animate", "A.GIF"), GF_CLI_RUN);
}

/* Each bad argument: GF_CLI_ERROR with a message that contains every given piece. */
static void expect_error(const char *const *args, const char *must_contain_1, const char *must_contain_2)
{
    struct gf_cli_options opt;
    char err[256] = "";
    enum gf_cli_result r = parse(&opt, err, args);
    if (r != GF_CLI_ERROR)
        fail_msg("%s %s: accepted, expected an error", args[0], args[1] ? args[1] : "");
    if (!strstr(err, must_contain_1) || (must_contain_2 && !strstr(err, must_contain_2)))
        fail_msg("message \"%s\" lacks \"%s\" / \"%s\"", err, must_contain_1, must_contain_2 ? must_contain_2 : "");
}

#define BAD(a, b, ...) expect_error((const char *const[]){__VA_ARGS__, NULL}, (a), (b))

static void test_bad_input_names_flag_value_and_range(void **state)
{
    (void)state;
    BAD("--depth", "1 to 64", "--depth", "0");
    BAD("--depth", "\"65\"", "--depth", "65");
    BAD("--depth", "\"abc\"", "--depth", "abc");
    BAD("--depth", "1 to 64", "--depth", "3.5");
    BAD("--depth", "1 to 64", "--depth", "-4");
    BAD("--depth", "1 to 64", "--depth", "99999999999999999999999");
    BAD("--width", "1 to 256", "--width", "257");
    BAD("--batch", "1 to 512", "--batch", "0");
    BAD("--lr", "(0, 1000]", "--lr", "0");
    BAD("--lr", "(0, 1000]", "--lr", "-0.1");
    BAD("--lr", "(0, 1000]", "--lr", "1000.5");
    BAD("--lr", "\"nan\"", "--lr", "nan");
    BAD("--lr", "\"inf\"", "--lr", "inf");
    BAD("--lr", "\"1e400\"", "--lr", "1e400");
    BAD("--lr", "\"0.1x\"", "--lr", "0.1x");
    BAD("--leaky-alpha", "[0, 1]", "--leaky-alpha", "1.01");
    BAD("--leaky-alpha", "[0, 1]", "--leaky-alpha", "1.00000001");   /* rounds to 1.0f: checked before */
    BAD("--lr", "(0, 1000]", "--lr", "1000.00003");
    BAD("--lr", "(0, 1000]", "--lr", "1e-50");                       /* rounds to 0 */
    BAD("--depth", "1 to 64", "--depth", " 5");
    BAD("--depth", "1 to 64", "--depth", "+3");
    BAD("--lr", "(0, 1000]", "--lr", " 0.1");
    BAD("--size", "WIDTHxHEIGHT", "--size", "1920");
    BAD("--size", "WIDTHxHEIGHT", "--size", "100x100");
    BAD("--size", "WIDTHxHEIGHT", "--size", "1920x-1080");
    BAD("--size", "WIDTHxHEIGHT", "--size", "1920x1080x3");
    BAD("--theme", "dark, light", "--theme", "blue");
    BAD("--screenshot", "--headless", "--screenshot", "a.png");
    BAD("--animate", "--headless", "--animate", "a.gif");
    BAD("--animate", ".gif", "--headless", "--animate", "a.png");
    BAD("--frames", "--animate", "--headless", "--frames", "10");
    BAD("--frames", "1 to 10000", "--headless", "--animate", "a.gif", "--frames", "0");
    BAD("--smooth", "1 to 100000", "--smooth", "-3");
    BAD("--panel", "gradients", "--headless", "--panel", "bars");
    BAD("--bars", "grad_norm", "--bars", "weight_rms");
    BAD("--export-size", "WIDTHxHEIGHT", "--export-size", "4k");
    BAD("--leaky-alpha", "[0, 1]", "--leaky-alpha", "-0.01");
    BAD("--noise", "[0, 1]", "--noise", "2");
    BAD("--seed", "\"-1\"", "--seed", "-1");
    BAD("--seed", "18446744073709551615", "--seed", "18446744073709551616");
    BAD("--steps", "0 to", "--steps", "-1");
    BAD("--left", "sigmoid, tanh", "--left", "softmax");
    BAD("--right", "\"ReLU\"", "--right", "ReLU");
    BAD("--dataset", "spiral3", "--dataset", "mnist");
    BAD("--head", "bce, ce", "--head", "nll");
    BAD("--init", "xavier", "--init", "glorot");
    BAD("--optimizer", "adam", "--optimizer", "rmsprop");
    BAD("--csv", "file name", "--csv", "");
    BAD("--depth", "missing", "--depth");
    BAD("--lr", "missing", "--headless", "--lr");
    BAD("--lr: missing its value (X)", NULL, "--lr", "--depth", "5");
    BAD("--frobnicate", "unknown flag", "--frobnicate");
    BAD("stray", "unknown argument", "stray");
    BAD("--depth", "twice", "--depth", "3", "--depth", "4");
    BAD("--headless", "twice", "--headless", "--headless");
    BAD("bce", "two-class", "--dataset", "spiral3", "--head", "bce");
    BAD("mse", "regression", "--head", "mse");
    BAD("ce", "classification", "--dataset", "sine", "--head", "ce");
    BAD("--csv and --dump", "x.out", "--csv", "x.out", "--dump", "x.out");
    BAD("--lang", "en, ko", "--lang", "fr");
    BAD("--lang", "missing", "--lang");
    BAD("--scene", "1 to 99", "--scene", "0");
    BAD("--scene", "1 to 99", "--scene", "100");
    BAD("--scene", "\"two\"", "--scene", "two");
    BAD("--lesson", "file name", "--lesson", "");
    BAD("softmax twice", "ce head", "--right-double-softmax");
    BAD("--left-double-softmax", "twice", "--left-double-softmax", "--left-double-softmax");
}

static void test_lesson_flags(void **state)
{
    (void)state;
    struct gf_cli_options opt;
    char err[256] = "";
    assert_int_equal(parse(&opt, err, (const char *const[]){"--lang", "ko", "--scene", "5", "--lesson", "my.txt",
                                                            "--headless", NULL}),
                     GF_CLI_RUN);
    assert_int_equal(opt.lang, GF_LANG_KO);
    assert_int_equal(opt.scene, 5);
    assert_string_equal(opt.lesson_path, "my.txt");
    assert_int_equal(parse(&opt, err, (const char *const[]){"--dataset", "spiral3", "--right-double-softmax", NULL}),
                     GF_CLI_RUN);
    assert_true(opt.lab.double_softmax[GF_RIGHT] && !opt.lab.double_softmax[GF_LEFT]);
    struct gf_run_config rc;
    gf_lab_config_run(&opt.lab, GF_RIGHT, &rc);
    assert_int_equal(rc.head, GF_HEAD_CE_DOUBLE_SOFTMAX);
    gf_lab_config_run(&opt.lab, GF_LEFT, &rc);
    assert_int_equal(rc.head, GF_HEAD_CE);
    /* a scene's settings: training flags only, from the defaults */
    struct gf_lab_config cfg;
    char *good[] = {"gradflow", "--left", "tanh", "--depth", "3", "--right-residual", NULL};
    assert_true(gf_cli_parse_settings(&cfg, 6, good, err, sizeof err));
    assert_int_equal(cfg.act[GF_LEFT], GF_ACT_TANH);
    assert_int_equal(cfg.depth, 3);
    assert_true(cfg.residual[GF_RIGHT]);
    char *bad[] = {"gradflow", "--headless", NULL};
    assert_false(gf_cli_parse_settings(&cfg, 2, bad, err, sizeof err));
    assert_string_equal(err, "--headless: not a network or training setting; only those belong here");
}

static void test_usage_lists_every_flag(void **state)
{
    (void)state;
    static char text[8192];
    FILE *f = tmpfile();
    assert_non_null(f);
    gf_cli_usage(f);
    rewind(f);
    text[fread(text, 1, sizeof text - 1, f)] = '\0';
    fclose(f);
    const char *flags[] = {"--left", "--right", "--depth", "--width", "--dataset", "--head", "--init",
                           "--optimizer", "--lr", "--batch", "--seed", "--leaky-alpha", "--noise", "--steps",
                           "--csv", "--dump", "--headless", "--overwrite", "--help", "--version", "--screenshot",
                           "--panel", "--no-caption", "--bars", "--linear", "--out", "--export-size", "--size",
                           "--theme", "--assets", "--lang", "--scene", "--lesson", "--left-double-softmax",
                           "--no-title", "--smooth", "--animate", "--frames",
                           "default 0.05", "ce-double-softmax", "gelu"};
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
        if (!strstr(text, flags[i]))
            fail_msg("--help does not mention %s", flags[i]);
}

/* A value is echoed on one line: control characters escaped, a long value
 * shortened in the middle with the explanation kept whole. */
static void test_echoed_values_stay_one_line(void **state)
{
    (void)state;
    struct gf_cli_options opt;
    char err[512] = "";
    assert_int_equal(PARSE(&opt, err, "--depth", "5\ngradflow: all is well"), GF_CLI_ERROR);
    assert_null(strchr(err, '\n'));
    assert_string_equal(err, "--depth \"5\\ngradflow: all is well\": expected a whole number of hidden layers from 1 "
                             "to 64");
    assert_int_equal(PARSE(&opt, err, "--theme", "\x1b[2Jdark\t\"x\""), GF_CLI_ERROR);
    assert_string_equal(err, "--theme \"\\x1b[2Jdark\\t\\\"x\\\"\": unknown value; expected one of dark, light");
    assert_int_equal(PARSE(&opt, err, "--lang", "en\xc2\x85"), GF_CLI_ERROR);   /* U+0085, a C1 control */
    assert_non_null(strstr(err, "\"en\\u0085\""));
    static char huge[100 * 1024];
    memset(huge, 'z', sizeof huge - 1);
    memcpy(huge + 5000, "한", 3);
    assert_int_equal(PARSE(&opt, err, "--left", huge), GF_CLI_ERROR);
    assert_true(strlen(err) < 200);
    assert_non_null(strstr(err, "…"));
    assert_non_null(strstr(err, "expected one of linear, sigmoid"));   /* the explanation survives */
    assert_int_equal(PARSE(&opt, err, huge), GF_CLI_ERROR);
    assert_non_null(strstr(err, "unknown argument; see --help"));
    assert_true(strlen(err) < 200);
}

/* Ranges are judged by the double the text parses to, the same way for every flag. */
static void test_ranges_by_the_parsed_double(void **state)
{
    (void)state;
    struct gf_cli_options opt;
    char err[256] = "";
    assert_int_equal(PARSE(&opt, err, "--noise", "1e-320"), GF_CLI_RUN);   /* subnormal, in [0, 1] */
    assert_true(opt.lab.noise == 0.0f);
    assert_int_equal(PARSE(&opt, err, "--leaky-alpha", "1e-320"), GF_CLI_RUN);
    assert_int_equal(PARSE(&opt, err, "--leaky-alpha", "4.9e-324"), GF_CLI_RUN);
    /* 1000.0000000000000001 parses to exactly 1000.0: in range, like 1000 */
    assert_int_equal(PARSE(&opt, err, "--lr", "1000.0000000000000001"), GF_CLI_RUN);
    assert_true(opt.lab.lr == 1000.0f);
    BAD("--lr", "(0, 1000]", "--lr", "1000.0000000001");   /* parses to more than 1000 */
    BAD("--lr", "(0, 1000]", "--lr", "1e-320");             /* a learning rate of 0 as a float */
    BAD("--leaky-alpha", "[0, 1]", "--leaky-alpha", "-1e-320");
    BAD("--noise", "[0, 1]", "--noise", "1e999");
}

/* A run's own flag wins over the shared one, whichever comes first. */
static void test_own_flag_wins(void **state)
{
    (void)state;
    struct gf_cli_options opt;
    char err[256] = "";
    assert_int_equal(PARSE(&opt, err, "--left-clip", "1", "--clip", "2"), GF_CLI_RUN);
    assert_close(opt.lab.clip[GF_LEFT], 1.0, 0, 0, "left clip, own flag first");
    assert_close(opt.lab.clip[GF_RIGHT], 2.0, 0, 0, "right clip");
    assert_int_equal(PARSE(&opt, err, "--clip", "2", "--left-clip", "1"), GF_CLI_RUN);
    assert_close(opt.lab.clip[GF_LEFT], 1.0, 0, 0, "left clip, own flag last");
    assert_close(opt.lab.clip[GF_RIGHT], 2.0, 0, 0, "right clip");
    assert_int_equal(PARSE(&opt, err, "--right-leaky-alpha", "0.5", "--leaky-alpha", "0.2"), GF_CLI_RUN);
    assert_close(opt.lab.alpha[GF_RIGHT], 0.5, 0, 0, "right slope, own flag first");
    assert_close(opt.lab.alpha[GF_LEFT], 0.2, 0, 1e-7, "left slope");
    assert_int_equal(PARSE(&opt, err, "--leaky-alpha", "0.2", "--right-leaky-alpha", "0.5"), GF_CLI_RUN);
    assert_close(opt.lab.alpha[GF_RIGHT], 0.5, 0, 0, "right slope, own flag last");
    /* softmax twice on a dataset without the ce head names the flag that asked for it */
    BAD("--left-double-softmax with --dataset spiral", "ce head", "--left-double-softmax");
    BAD("--right-double-softmax with --dataset sine", "ce head", "--dataset", "sine", "--right-double-softmax");
}

/* --text-scale: 0.75 to 2, like any value; the prompt takes it, the lesson does not. */
static void test_text_scale_flag(void **state)
{
    (void)state;
    struct gf_cli_options opt;
    char err[256] = "";
    assert_int_equal(PARSE(&opt, err, "--headless"), GF_CLI_RUN);
    assert_close(opt.text_scale, 1.0, 0, 0, "default");
    assert_int_equal(PARSE(&opt, err, "--text-scale", "1.5"), GF_CLI_RUN);
    assert_close(opt.text_scale, 1.5, 0, 0, "1.5");
    assert_int_equal(PARSE(&opt, err, "--text-scale", "0.75"), GF_CLI_RUN);
    assert_int_equal(PARSE(&opt, err, "--text-scale", "2"), GF_CLI_RUN);
    BAD("--text-scale", "a text scale in [0.75, 2]", "--text-scale", "0.7");
    BAD("--text-scale", "a text scale in [0.75, 2]", "--text-scale", "2.01");
    struct gf_lab_config cfg;
    char *scene[] = {"gradflow", "--text-scale", "2", NULL};
    assert_false(gf_cli_parse_settings(&cfg, 3, scene, err, sizeof err));
    assert_string_equal(err, "--text-scale: not a network or training setting; only those belong here");
    gf_cli_defaults(&opt);
    opt.lab.depth = 20;   /* the prompt starts from what the window has */
    char *line[] = {"gradflow", "--text-scale", "1.25", "--right", "tanh", NULL};
    assert_true(gf_cli_parse_prompt(&opt, 5, line, err, sizeof err));
    assert_int_equal(opt.lab.depth, 20);
    assert_int_equal(opt.lab.act[GF_RIGHT], GF_ACT_TANH);
    assert_close(opt.text_scale, 1.25, 0, 0, "prompt's text scale");
    char *bad[] = {"gradflow", "--width", "4", "--depth", "0", NULL};
    assert_false(gf_cli_parse_prompt(&opt, 5, bad, err, sizeof err));
    assert_int_equal(opt.lab.width, 16);   /* nothing of a bad line is applied */
    char *output[] = {"gradflow", "--dump", "x.json", NULL};
    assert_false(gf_cli_parse_prompt(&opt, 3, output, err, sizeof err));
    assert_non_null(strstr(err, "--dump: not a setting the window can change"));
}

/* --help is the table: every flag's line carries the range the parser
 * enforces and the error names, so changing a limit changes all three. */
static void test_help_and_errors_from_one_table(void **state)
{
    (void)state;
    static char text[16384];
    FILE *f = tmpfile();
    assert_non_null(f);
    gf_cli_usage(f);
    rewind(f);
    text[fread(text, 1, sizeof text - 1, f)] = '\0';
    fclose(f);
    static const struct {
        const char *flag, *bad, *usage, *error;
    } rows[] = {
        {"--depth", "65", "  --depth N           hidden layers, 1..64 (default 8)", "from 1 to 64"},
        {"--width", "0", "  --width N           units per hidden layer, 1..256 (default 16)", "from 1 to 256"},
        {"--lr", "0", "  --lr X              learning rate, in (0, 1000] (default 0.05)", "(0, 1000]"},
        {"--text-scale", "3", "[0.75, 2] (default 1)", "[0.75, 2]"},
        {"--steps", "-1", "training steps (with --headless), 0..1000000000 (default 1000)", "from 0 to 1000000000"},
        {"--clip", "0", "in (0, 1000000] (default no clipping)", "a gradient-norm threshold in (0, 1000000]"},
        {"--leaky-alpha", "2", "leaky_relu's negative slope a, in [0, 1] (default 0.01)", "[0, 1]"},
        {"--optimizer", "rmsprop", "the update rule: sgd, momentum, adam (default sgd)", "sgd, momentum, adam"},
        {"--theme", "blue", "dark (projectors) or light (slides): dark, light (default dark)", "dark, light"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        if (!strstr(text, rows[i].usage))
            fail_msg("--help lacks \"%s\"", rows[i].usage);
        struct gf_cli_options opt;
        char err[256];
        assert_int_equal(PARSE(&opt, err, rows[i].flag, rows[i].bad), GF_CLI_ERROR);
        if (!strstr(err, rows[i].error) || strncmp(err, rows[i].flag, strlen(rows[i].flag)) != 0)
            fail_msg("%s %s: \"%s\" lacks \"%s\"", rows[i].flag, rows[i].bad, err, rows[i].error);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_every_flag),
        cmocka_unit_test(test_bad_input_names_flag_value_and_range),
        cmocka_unit_test(test_usage_lists_every_flag),
        cmocka_unit_test(test_lesson_flags),
        cmocka_unit_test(test_echoed_values_stay_one_line),
        cmocka_unit_test(test_ranges_by_the_parsed_double),
        cmocka_unit_test(test_own_flag_wins),
        cmocka_unit_test(test_text_scale_flag),
        cmocka_unit_test(test_help_and_errors_from_one_table),
        cmocka_unit_test(test_distribution_flags),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
