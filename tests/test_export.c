/* test_export.c - figures for slides: sizes, panels, captions and metadata,
 * byte-identical repeats, fresh names that never overwrite, and failures
 * that leave nothing behind. */
#include "gf_test.h"

#include <SDL.h>
#include <dirent.h>
#include <signal.h>
#ifndef _WIN32
#include <sys/resource.h>   /* the full-disk test's file-size limit; Windows has none */
#endif
#include <SDL_ttf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gf_assets.h"
#include "gf_cli.h"
#include "gf_export.h"
#include "gf_gif.h"
#if GF_FIGURES
#include <gif_lib.h>
#endif
#include "gf_headless.h"
#include "gf_lesson.h"
#include "gf_platform.h"

static struct gf_text text;
static struct gf_app app;
static char dir[512];

static int setup(void **state)
{
    (void)state;
    char err[1200];
    const char *tmp = getenv("GF_TEST_TMP");
    snprintf(dir, sizeof dir, "%s/export-test", tmp ? tmp : "/tmp");
    if (TTF_Init() != 0 ||
        !gf_assets_open_text(&text, GF_TEST_ASSETS, err, sizeof err))
        return -1;
    struct gf_lab_config cfg;
    gf_lab_config_default(&cfg);
    if (!gf_app_init(&app, &cfg, GF_THEME_DARK))
        return -1;
    gf_app_train(&app, 120);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    gf_app_destroy(&app);
    gf_text_destroy(&text);
    TTF_Quit();
    return 0;
}

static unsigned char *slurp(const char *path, size_t *len)
{
    return (unsigned char *)gf_test_slurp(path, len);
}

static unsigned read_be32(const unsigned char *p)
{
    return (unsigned)p[0] << 24 | (unsigned)p[1] << 16 | (unsigned)p[2] << 8 | p[3];
}

/* The PNG's size from its header, and whether an iTXt chunk with key holds needle. */
static void check_png(const char *path, int w, int h, const char *key, const char *needle)
{
    size_t len = 0;
    unsigned char *png = slurp(path, &len);
    if (!png)
        fail_msg("%s was not written", path);
    assert_true(len > 33 && memcmp(png, "\x89PNG\r\n\x1a\n", 8) == 0);
    assert_int_equal(read_be32(png + 16), w);
    assert_int_equal(read_be32(png + 20), h);
    bool found = false;
    for (size_t i = 8; i + 12 <= len;) {
        unsigned n = read_be32(png + i);
        if (memcmp(png + i + 4, "iTXt", 4) == 0 && strncmp((char *)png + i + 8, key, strlen(key)) == 0) {
            char *value = (char *)png + i + 8 + strlen(key) + 5;   /* key, NUL, flag, method, 2 empty strings */
            found = strstr(value, needle) != NULL;
        }
        i += 12 + n;
    }
    free(png);
    if (!found)
        fail_msg("%s: no %s metadata with \"%s\"", path, key, needle);
}

/* The renderer is checked pixel by pixel in test_render; here the
 * compressed size says the image has content: a flat image of these sizes
 * compresses to a few kB. */
static void check_not_blank(const char *path)
{
    size_t len = 0;
    unsigned char *png = slurp(path, &len);
    assert_true(len > 30000);
    free(png);
}

static void test_full_figure_sizes_and_metadata(void **state)
{
    (void)state;
    static const int sizes[2][2] = {{1280, 720}, {3840, 2160}};
    for (int i = 0; i < 2; i++) {
        char path[700];
        snprintf(path, sizeof path, "%s-%d.png", dir, i);
        remove(path);
        struct gf_export_request req = {GF_FIGURE_FULL, GF_THEME_LIGHT, sizes[i][0], sizes[i][1], true, false, 0};
        char err[512];
        if (!gf_export_png(&text, &app, &req, path, false, err, sizeof err))
            fail_msg("export failed: %s", err);
        check_png(path, sizes[i][0], sizes[i][1], "gradflow-command", "--steps 120 --left sigmoid --right relu");
        check_png(path, sizes[i][0], sizes[i][1], "gradflow-command", "--theme light --panel full");
        check_png(path, sizes[i][0], sizes[i][1], "Description", "sigmoid vs ReLU");
        check_png(path, sizes[i][0], sizes[i][1], "Software", "gradflow");
        check_not_blank(path);
        /* An existing file is not replaced without permission. */
        assert_false(gf_export_png(&text, &app, &req, path, false, err, sizeof err));
        assert_non_null(strstr(err, "already exists"));
    }
}

static void test_panels_and_repeatability(void **state)
{
    (void)state;
    char a[700], b[700], err[512];
    for (int f = GF_FIGURE_GRADIENTS; f <= GF_FIGURE_CURVES; f++) {
        snprintf(a, sizeof a, "%s-panel.png", dir);
        snprintf(b, sizeof b, "%s-panel-copy.png", dir);
        remove(a);
        remove(b);
        struct gf_export_request req = {(enum gf_figure)f, GF_THEME_DARK, 1920, 540, true, false, 0};
        assert_true(gf_export_png(&text, &app, &req, a, false, err, sizeof err));
        check_png(a, 1920, 540, "gradflow-command", f == GF_FIGURE_GRADIENTS ? "--panel gradients" : "--panel curves");
        check_not_blank(a);
        rename(a, b);
        assert_true(gf_export_png(&text, &app, &req, a, false, err, sizeof err));
        size_t la = 0, lb = 0;
        unsigned char *pa = slurp(a, &la), *pb = slurp(b, &lb);
        assert_int_equal(la, lb);
        assert_memory_equal(pa, pb, la);   /* the same settings give the same bytes */
        free(pa);
        free(pb);
    }
}

static void test_fresh_names_never_overwrite(void **state)
{
    (void)state;
    char first[700], second[700], err[512];
    time_t when = 1795787703;   /* a fixed moment, so both names share it */
    assert_true(gf_export_fresh_name(first, sizeof first, dir, &app, NULL, "png", when, err, sizeof err));
    assert_non_null(strstr(first, "-sigmoid-vs-relu-step120.png"));
    assert_non_null(strstr(first, "/gradflow-20"));
    FILE *f = fopen(first, "wb");   /* the folder was created */
    assert_non_null(f);
    fclose(f);
    assert_true(gf_export_fresh_name(second, sizeof second, dir, &app, NULL, "png", when, err, sizeof err));
    assert_non_null(strstr(second, "-step120-2.png"));
    assert_true(gf_export_fresh_name(second, sizeof second, dir, &app, "gradients", "png", when, err, sizeof err));
    assert_non_null(strstr(second, "-step120-gradients.png"));
    remove(first);
}

static void test_unwritable_places_leave_nothing(void **state)
{
    (void)state;
    char path[700], err[512];
    snprintf(path, sizeof path, "%s/no/such/folder/x.png", dir);
    struct gf_export_request req = {GF_FIGURE_FULL, GF_THEME_DARK, 640, 360, false, false, 0};
    assert_false(gf_export_png(&text, &app, &req, path, false, err, sizeof err));
    assert_non_null(strstr(err, "cannot write"));
    /* a folder that is a file */
    char file_dir[700];
    snprintf(file_dir, sizeof file_dir, "%s-plain-file", dir);
    FILE *f = fopen(file_dir, "wb");
    fclose(f);
    assert_false(gf_export_fresh_name(path, sizeof path, file_dir, &app, NULL, "png", 0, err, sizeof err));
    assert_non_null(strstr(err, "cannot create the folder"));
    remove(file_dir);
}

/* The iTXt value stored under key (the caller frees it), or NULL. */
static char *png_text(const char *path, const char *key)
{
    size_t len = 0;
    unsigned char *png = slurp(path, &len);
    char *found = NULL;
    for (size_t i = 8; png && i + 12 <= len;) {
        unsigned n = read_be32(png + i);
        if (memcmp(png + i + 4, "iTXt", 4) == 0 && strcmp((char *)png + i + 8, key) == 0) {
            size_t head = strlen(key) + 5;
            found = calloc(n - head + 1, 1);
            memcpy(found, png + i + 8 + head, n - head);
        }
        i += 12 + n;
    }
    free(png);
    return found;
}

/* Exports from's full figure at 960x540 to a (in a folder named after tag),
 * names b, the same file in a second folder, for the replay, and returns
 * the command stored in a (the caller frees it). */
static char *export_for_replay(struct gf_app *from, enum gf_theme_id theme, const char *tag, char a[800], char b[800])
{
    char dir_a[700], dir_b[700], err[512];
    snprintf(dir_a, sizeof dir_a, "%s-%s-a", dir, tag);
    snprintf(dir_b, sizeof dir_b, "%s-%s-b", dir, tag);
    assert_true(gf_make_dir(dir_a) && gf_make_dir(dir_b));
    snprintf(a, 800, "%s/fig.png", dir_a);
    snprintf(b, 800, "%s/fig.png", dir_b);
    remove(a);
    remove(b);
    struct gf_export_request req = {GF_FIGURE_FULL, theme, 960, 540, true, false, 0};
    assert_true(gf_export_png(&text, from, &req, a, false, err, sizeof err));
    char *command = png_text(a, "gradflow-command");
    assert_non_null(command);
    return command;
}

/* Runs the command stored in PNG a with its figure going to b instead, and
 * checks that the two files are the same bytes. Frees command. */
static void redraw_and_compare(char *command, const char *a, char *b)
{
    char err[512];
    char *argv[80];
    int argc = 0;
    for (char *word = strtok(command, " "); word && argc < 76; word = strtok(NULL, " "))
        argv[argc++] = word;
    for (int i = 0; i < argc; i++)
        if (strcmp(argv[i], "--screenshot") == 0)
            argv[i + 1] = b;   /* the same file name, in another folder */
    argv[argc++] = (char *)"--assets";
    argv[argc++] = (char *)GF_TEST_ASSETS;
    struct gf_cli_options opt;
    assert_int_equal(gf_cli_parse(&opt, argc, argv, err, sizeof err), GF_CLI_RUN);
    FILE *devnull = tmpfile();
    assert_int_equal(gf_headless_run(&opt, devnull, devnull), 0);
    fclose(devnull);
    size_t la = 0, lb = 0;
    unsigned char *pa = slurp(a, &la), *pb = slurp(b, &lb);
    assert_non_null(pb);
    assert_int_equal(la, lb);
    assert_memory_equal(pa, pb, la);
    free(pa);
    free(pb);
    free(command);
}


/* The command stored in a window export draws the same bytes headless, per-run
 * remedies, slopes and a learning rate with many digits included; in either
 * language (a Korean figure's command says --lang ko). */
static void command_reproduces_the_figure(enum gf_lang lang)
{
    struct gf_lab_config cfg;
    gf_lab_config_default(&cfg);
    cfg.act[GF_RIGHT] = GF_ACT_LEAKY_RELU;
    cfg.alpha[GF_RIGHT] = 0.04f;
    cfg.residual[GF_LEFT] = true;
    cfg.batchnorm[GF_RIGHT] = true;
    cfg.clip[GF_RIGHT] = 0.5f;
    cfg.lr = 0.05f / 256.0f;
    static struct gf_app custom;
    assert_true(gf_app_init(&custom, &cfg, GF_THEME_LIGHT));
    custom.lang = lang;
    gf_app_train(&custom, 30);
    char a[800], b[800];
    char *command = export_for_replay(&custom, GF_THEME_LIGHT, "cmd", a, b);
    gf_app_destroy(&custom);
    assert_non_null(strstr(command, "--left-residual"));
    assert_non_null(strstr(command, "--right-batchnorm"));
    assert_non_null(strstr(command, "--right-clip 0.5"));
    assert_non_null(strstr(command, "--right-leaky-alpha 0.04"));
    assert_non_null(strstr(command, "--lr 0.0001953125"));
    assert_true((strstr(command, " --lang ko") != NULL) == (lang == GF_LANG_KO));
    char *caption = png_text(a, "Description");
    assert_non_null(caption);
    assert_non_null(strstr(caption, lang == GF_LANG_KO ? "시그모이드 + 잔차 연결 vs Leaky ReLU (a = 0.04) + 배치 정규화"
                                                       : "sigmoid + residual vs leaky ReLU (a = 0.04) + batch norm"));
    free(caption);
    redraw_and_compare(command, a, b);
}

static void test_command_reproduces_the_figure(void **state)
{
    (void)state;
    command_reproduces_the_figure(GF_LANG_EN);
}

static void test_command_reproduces_the_korean_figure(void **state)
{
    (void)state;
    command_reproduces_the_figure(GF_LANG_KO);
}

/* In lesson mode the command names the scene, with the settings changed
 * since on top: the same scene, examples and all, comes back. */
static void test_scene_command_reproduces_the_figure(void **state)
{
    (void)state;
    /* the output layer's table with an activation changed (three examples
     * of its own); the mended sigmoid with its residual connections switched
     * off again, which no flag can say but the defaults do */
    static const struct {
        int scene;
        enum gf_action keys[2];
        const char *needle;
    } cases[] = {
        {6, {GF_ACTION_ACT_TANH, GF_ACTION_NONE}, "--steps 25 --scene 7 --left tanh"},
        {5, {GF_ACTION_FOCUS_RIGHT, GF_ACTION_TOGGLE_RESIDUAL}, "--steps 25 --scene 6 --left sigmoid --right sigmoid"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        struct gf_lab_config cfg;
        gf_lab_config_default(&cfg);
        static struct gf_app lesson;
        assert_true(gf_app_init(&lesson, &cfg, GF_THEME_DARK));
        gf_app_enter_scene(&lesson, cases[c].scene);
        for (int k = 0; k < 2; k++)
            gf_app_apply(&lesson, cases[c].keys[k]);
        gf_app_train(&lesson, 25);
        char a[800], b[800];
        char *command = export_for_replay(&lesson, GF_THEME_DARK, "scene", a, b);
        gf_app_destroy(&lesson);
        if (!strstr(command, cases[c].needle))
            fail_msg("case %zu: \"%s\" lacks \"%s\"", c, command, cases[c].needle);
        assert_null(strstr(command, "--right-residual"));
        redraw_and_compare(command, a, b);
    }
}

/* A lesson file's name with a space and a quote comes back in the command
 * as a shell reads it. */
static void test_command_quotes_names(void **state)
{
    (void)state;
    char path[800], err[1024];
    snprintf(path, sizeof path, "%s-my lesson's.txt", dir);
    size_t len = 0;
    unsigned char *lesson_text = slurp(GF_TEST_ASSETS "/lessons/vanishing-gradients.txt", &len);
    assert_non_null(lesson_text);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(lesson_text, 1, len, f), len);
    fclose(f);
    free(lesson_text);
    struct gf_lab_config cfg;
    gf_lab_config_default(&cfg);
    static struct gf_app lesson;
    assert_true(gf_app_init(&lesson, &cfg, GF_THEME_DARK));
    assert_true(gf_app_load_lesson(&lesson, path, err, sizeof err));
    gf_app_enter_scene(&lesson, 1);
    struct gf_export_request req = {GF_FIGURE_FULL, GF_THEME_DARK, 640, 360, true, false, 0};
    char *command = gf_export_command(&lesson, &req, "fig 1.png");
    assert_non_null(command);
    char expected[900];
    snprintf(expected, sizeof expected, " --scene 2 --lesson '%s-my lesson'\\''s.txt' --left", dir);
    if (!strstr(command, expected) || !strstr(command, " --screenshot 'fig 1.png' "))
        fail_msg("\"%s\" lacks \"%s\" or the quoted figure name", command, expected);
    free(command);
    gf_app_destroy(&lesson);
    remove(path);
}

/* Is s (NUL-terminated) valid UTF-8? */
static bool is_utf8(const unsigned char *s)
{
    while (*s) {
        int len = *s < 0x80 ? 1 : (*s & 0xE0) == 0xC0 && *s >= 0xC2 ? 2 : (*s & 0xF0) == 0xE0 ? 3
                : (*s & 0xF8) == 0xF0 && *s <= 0xF4 ? 4 : 0;
        if (len == 0)
            return false;
        for (int k = 1; k < len; k++)
            if ((s[k] & 0xC0) != 0x80)
                return false;
        s += len;
    }
    return true;
}

/* A lesson path of 2,300 bytes goes into the stored command whole, and the
 * command draws the same figure again; a figure name that is not UTF-8 is
 * stored as $'...' escapes, so the chunk stays UTF-8 and names the file. */
static void test_long_and_non_utf8_names_in_the_command(void **state)
{
    (void)state;
    char deep[2600], err[1024];
    int used = snprintf(deep, sizeof deep, "%s-deep", dir);
    assert_true(gf_make_dir(deep));
    while (used < 2300) {
        used += snprintf(deep + used, sizeof deep - (size_t)used, "/%0200d", 0);
        assert_true(gf_make_dir(deep));
    }
    char lesson_path[2700];
    snprintf(lesson_path, sizeof lesson_path, "%s/lesson.txt", deep);
    size_t len = 0;
    unsigned char *lesson_text = slurp(GF_TEST_ASSETS "/lessons/vanishing-gradients.txt", &len);
    FILE *f = fopen(lesson_path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(lesson_text, 1, len, f), len);
    fclose(f);
    free(lesson_text);
    struct gf_lab_config cfg;
    gf_lab_config_default(&cfg);
    static struct gf_app lesson;
    assert_true(gf_app_init(&lesson, &cfg, GF_THEME_DARK));
    assert_true(gf_app_load_lesson(&lesson, lesson_path, err, sizeof err));
    gf_app_enter_scene(&lesson, 5);
    gf_app_train(&lesson, 10);
    char a[800], b[800];
    char *command = export_for_replay(&lesson, GF_THEME_DARK, "long", a, b);
    assert_true(strlen(command) > 2400);
    char expected[2800];
    snprintf(expected, sizeof expected, " --scene 6 --lesson %s --left ", lesson_path);
    assert_non_null(strstr(command, expected));
    const char *tail = " --size 960x540 --theme dark --panel full";
    assert_string_equal(command + strlen(command) - strlen(tail), tail);
    redraw_and_compare(command, a, b);

#ifndef _WIN32   /* Windows names are UTF-16: a name that is not UTF-8 cannot be made there */
    char odd[800];
    snprintf(odd, sizeof odd, "%s-long-a/caf\xE9 \x01'.png", dir);   /* Latin-1 é, a control character, a quote */
    remove(odd);
    struct gf_export_request req = {GF_FIGURE_FULL, GF_THEME_DARK, 640, 360, false, false, 0};
    assert_true(gf_export_png(&text, &lesson, &req, odd, false, err, sizeof err));
    command = png_text(odd, "gradflow-command");
    assert_non_null(command);
    assert_true(is_utf8((const unsigned char *)command));
    assert_non_null(strstr(command, " --screenshot $'caf\\xE9 \\x01\\'.png' --size 640x360"));
    free(command);
    remove(odd);
#endif
    gf_app_destroy(&lesson);
    remove(lesson_path);
}

/* With the fonts gradflow ships: the built-in lesson draws whole, an emoji does not. */
static void test_lesson_glyphs_in_the_shipped_fonts(void **state)
{
    (void)state;
    char msg[512], err[512];
    assert_true(gf_assets_lesson_glyphs(&text, gf_lesson_builtin(), "builtin", msg, sizeof msg));
    static const char party[] = "gradflow-lesson 1\nscene\ntitle en: Party \xF0\x9F\x8E\x89\n";
    static struct gf_lesson lesson;
    assert_true(gf_lesson_parse(&lesson, party, sizeof party - 1, "party.txt", err, sizeof err));
    assert_false(gf_assets_lesson_glyphs(&text, &lesson, "party.txt", msg, sizeof msg));
    assert_string_equal(msg, "party.txt:2: this scene has characters the fonts lack: U+1F389 \xF0\x9F\x8E\x89; they "
                             "show as empty boxes");
}

#ifndef _WIN32
/* Files in folder whose name contains needle. */
static int count_files(const char *folder, const char *needle)
{
    DIR *d = opendir(folder);
    int n = 0;
    for (struct dirent *e; d && (e = readdir(d));)
        n += strstr(e->d_name, needle) != NULL;
    if (d)
        closedir(d);
    return n;
}

/* A full disk, made by capping the size of any file this process writes
 * (writes past it fail with EFBIG, as they would with ENOSPC): every export
 * fails with a message, no partial file is left, and the app carries on. */
static void test_full_disk_leaves_nothing(void **state)
{
    (void)state;
    char folder[700], err[512];
    snprintf(folder, sizeof folder, "%s-full", dir);
    assert_true(gf_make_dir(folder));
    struct rlimit old;
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
    void (*previous)(int) = signal(SIGXFSZ, SIG_IGN);   /* the write fails instead of the process */
    struct rlimit tiny = {2048, old.rlim_max};
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &tiny), 0);

    char png[800], csv[800];
    snprintf(png, sizeof png, "%s/full.png", folder);
    snprintf(csv, sizeof csv, "%s/full.csv", folder);
    struct gf_export_request req = {GF_FIGURE_FULL, GF_THEME_DARK, 1280, 720, true, false, 0};
    bool png_ok = gf_export_png(&text, &app, &req, png, false, err, sizeof err);
    char png_err[512];
    snprintf(png_err, sizeof png_err, "%s", err);
    gf_app_train(&app, 200);   /* a history longer than the cap */
    bool csv_ok = gf_export_history_csv(&app, csv, err, sizeof err);

    assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
    signal(SIGXFSZ, previous);
    assert_false(png_ok);
    assert_false(csv_ok);
    /* each message names the file and the reason, not just "Write Error" */
    if (!strstr(png_err, "/full.png: writing failed (File too large); nothing was written"))
        fail_msg("the PNG's message: \"%s\"", png_err);
    if (!strstr(err, "/full.csv: writing failed (File too large); nothing was written"))
        fail_msg("the CSV's message: \"%s\"", err);
    assert_int_equal(count_files(folder, "full"), 0);       /* neither the files ... */
    assert_int_equal(count_files(folder, ".part"), 0);      /* ... nor their temporary copies */
    /* room again: the same exports work */
    assert_true(gf_export_png(&text, &app, &req, png, false, err, sizeof err));
    assert_true(gf_export_history_csv(&app, csv, err, sizeof err));
    assert_int_equal(count_files(folder, "full"), 2);
    remove(png);
    remove(csv);
}
#endif

/* A path longer than the system takes is refused with a message. */
static void test_path_too_long(void **state)
{
    (void)state;
    char path[8192], err[512];
    int used = snprintf(path, sizeof path, "%s/", dir);
    memset(path + used, 'x', sizeof path - (size_t)used - 5);
    memcpy(path + sizeof path - 5, ".png", 5);
    struct gf_export_request req = {GF_FIGURE_FULL, GF_THEME_DARK, 640, 360, false, false, 0};
    assert_false(gf_export_png(&text, &app, &req, path, false, err, sizeof err));
    assert_true(err[0] != '\0');
}

/* Shift+S: both themes of one step, the same caption and the same command
 * but for the theme; all or nothing when the second name is taken. */
static void test_both_themes_of_one_step(void **state)
{
    (void)state;
    char dark[700], light[700], err[512];
    snprintf(dark, sizeof dark, "%s-both-dark.png", dir);
    snprintf(light, sizeof light, "%s-both-light.png", dir);
    remove(dark);
    remove(light);
    const char *const paths[GF_THEME_COUNT] = {dark, light};
    struct gf_export_request req = {GF_FIGURE_FULL, GF_THEME_DARK, 960, 540, true, false, 0};
    assert_true(gf_export_png_themes(&text, &app, &req, paths, err, sizeof err));
    char *d = png_text(dark, "Description"), *l = png_text(light, "Description");
    assert_non_null(d);
    assert_non_null(l);
    assert_string_equal(d, l);
    char step[64], steps[64];
    snprintf(step, sizeof step, "step %lld", (long long)gf_lab_steps(app.lab));
    snprintf(steps, sizeof steps, "--steps %lld ", (long long)gf_lab_steps(app.lab));
    assert_non_null(strstr(d, step));
    free(d);
    free(l);
    check_png(dark, 960, 540, "gradflow-command", steps);
    check_png(dark, 960, 540, "gradflow-command", "--theme dark");
    check_png(light, 960, 540, "gradflow-command", steps);
    check_png(light, 960, 540, "gradflow-command", "--theme light");
    size_t ld = 0, ll = 0;
    unsigned char *pd = slurp(dark, &ld), *pl = slurp(light, &ll);
    assert_true(ld != ll || memcmp(pd, pl, ld) != 0);   /* two themes, two pictures */
    free(pd);
    free(pl);
    /* the light name taken: the dark one is not left alone */
    remove(dark);
    assert_false(gf_export_png_themes(&text, &app, &req, paths, err, sizeof err));
    assert_false(gf_path_exists(dark));
    assert_true(gf_path_exists(light));
    remove(light);
}

/* In a lesson scene: the file name says which, and the caption says what
 * is drawn (scene 7 shows its examples, scene 1 trains nothing). */
static void test_scene_names_and_captions(void **state)
{
    (void)state;
    static struct gf_app lesson;
    struct gf_lab_config cfg;
    gf_lab_config_default(&cfg);
    assert_true(gf_app_init(&lesson, &cfg, GF_THEME_DARK));
    gf_app_enter_scene(&lesson, 6);
    gf_app_train(&lesson, 10);
    char caption[512], name[700], err[512];
    gf_export_caption(&lesson, caption, sizeof caption);
    assert_non_null(strstr(caption, "examples: moons · ReLU · 2 × 16 · bce · sgd lr 0.1 | "));
    assert_non_null(strstr(caption, "spiral3 · ReLU · 3 × 32 · ce · adam lr 0.01 | sine · ReLU · 2 × 16 · mse · adam lr 0.01"));
    assert_non_null(strstr(caption, "step 10"));
    assert_null(strstr(caption, "lr 0.05"));   /* the scene's own runs are not what is drawn */
    assert_true(gf_export_fresh_name(name, sizeof name, dir, &lesson, NULL, "png", 1795787703, err, sizeof err));
    assert_non_null(strstr(name, "-relu-vs-relu-scene7-step10.png"));
    gf_app_enter_scene(&lesson, 0);
    gf_export_caption(&lesson, caption, sizeof caption);
    assert_non_null(strstr(caption, "Linear functions · figures only, no training shown"));
    gf_app_destroy(&lesson);
}

/* --no-title: the body moves up where the title bar was; --smooth: the
 * command says so and the bars change to their means. */
static void test_no_title_and_smoothing(void **state)
{
    (void)state;
    struct gf_view view;
    gf_app_view(&app, &view);
    view.figure = true;
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, 960, 540, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *r = SDL_CreateSoftwareRenderer(s);
    assert_non_null(r);
    const struct gf_theme *th = gf_theme_get(view.theme);
    Uint32 panel = SDL_MapRGB(s->format, th->panel.r, th->panel.g, th->panel.b);
    Uint32 bg = SDL_MapRGB(s->format, th->bg.r, th->bg.g, th->bg.b);
    assert_true(panel != bg);
    for (int no_title = 0; no_title < 2; no_title++) {
        view.no_title = no_title;
        assert_true(gf_render_frame(r, &text, &view, 960, 540));
        SDL_RenderFlush(r);
        struct gf_layout lay;
        gf_layout_compute(&lay, 960, 540, view.text_scale);
        /* at the left edge, in the title bar's rows: its panel colour, or the
         * gap beside the columns, which moved up */
        for (int y = 1; y < lay.title.h; y += 4) {
            Uint32 px = ((Uint32 *)s->pixels)[y * (s->pitch / 4) + 2];
            assert_int_equal(px, no_title ? bg : panel);
        }
    }
    gf_text_forget_renderer(&text, r);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(s);

    char plain[700], smooth[700], err[512];
    snprintf(plain, sizeof plain, "%s-plain.png", dir);
    snprintf(smooth, sizeof smooth, "%s-smooth.png", dir);
    remove(plain);
    remove(smooth);
    struct gf_export_request req = {GF_FIGURE_GRADIENTS, GF_THEME_DARK, 960, 270, true, false, 0};
    assert_true(gf_export_png(&text, &app, &req, plain, false, err, sizeof err));
    req.smooth = 50;
    assert_true(gf_export_png(&text, &app, &req, smooth, false, err, sizeof err));
    check_png(smooth, 960, 270, "gradflow-command", "--panel gradients --smooth 50");
    size_t la = 0, lb = 0;
    unsigned char *pa = slurp(plain, &la), *pb = slurp(smooth, &lb);
    assert_true(la != lb || memcmp(pa, pb, la) != 0);
    free(pa);
    free(pb);
    remove(plain);
    remove(smooth);
}

#if GF_FIGURES
/* The GIF read back with giflib: n frames of the size asked for, and what a
 * viewer shows after the last (frames drawn over one another, transparent
 * pixels keeping what was there) within MEAN_ERROR of the last figure. */
#define GIF_MEAN_ERROR 0.5   /* of 255, per channel, over every pixel */

static void test_gif_round_trip(void **state)
{
    (void)state;
    char path[700], err[512];
    snprintf(path, sizeof path, "%s-anim.gif", dir);
    remove(path);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    const int w = 960, h = 540;
    struct gf_gif gif;
    assert_true(gf_gif_start(&gif, f, w, h, err, sizeof err));
    struct gf_export_request req = {GF_FIGURE_FULL, GF_THEME_DARK, w, h, true, false, 0};
    SDL_Surface *frame = NULL;
    for (int i = 0; i < 4; i++) {
        if (i == 1 || i == 3)   /* frames 2 and 4 after training on; frame 3 the same as 2 */
            gf_app_train(&app, 7);
        SDL_FreeSurface(frame);
        frame = gf_export_render(&text, &app, &req, err, sizeof err);
        assert_non_null(frame);
        assert_true(gf_gif_add(&gif, frame->pixels, frame->pitch, err, sizeof err));
        assert_true(gif.last_error < GIF_MEAN_ERROR);
    }
    double said = gif.last_error;
    assert_true(gf_gif_finish(&gif, err, sizeof err));
    fclose(f);

    int code = 0;
    GifFileType *in = DGifOpenFileName(path, &code);
    assert_non_null(in);
    assert_int_equal(DGifSlurp(in), GIF_OK);
    assert_int_equal(in->ImageCount, 4);
    assert_int_equal(in->SWidth, w);
    assert_int_equal(in->SHeight, h);
    Uint32 *shown = calloc((size_t)w * h, sizeof *shown);
    for (int i = 0; i < in->ImageCount; i++) {
        const SavedImage *im = &in->SavedImages[i];
        GraphicsControlBlock gcb;
        assert_int_equal(DGifSavedExtensionToGCB(in, i, &gcb), GIF_OK);
        assert_int_equal(gcb.DelayTime, 100 / GF_GIF_FPS);
        const GifImageDesc *d = &im->ImageDesc;
        const ColorMapObject *map = d->ColorMap;
        assert_non_null(map);
        for (int y = 0; y < d->Height; y++)
            for (int x = 0; x < d->Width; x++) {
                int idx = im->RasterBits[y * d->Width + x];
                if (idx == gcb.TransparentColor)
                    continue;
                GifColorType c = map->Colors[idx];
                shown[(size_t)(d->Top + y) * w + d->Left + x] = (Uint32)c.Red << 16 | (Uint32)c.Green << 8 | c.Blue;
            }
        if (i == 2)   /* nothing changed: a 1 x 1 frame that only keeps the time */
            assert_true(d->Width == 1 && d->Height == 1);
    }
    double sum = 0.0;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            Uint32 a = ((Uint32 *)frame->pixels)[y * (frame->pitch / 4) + x], b = shown[(size_t)y * w + x];
            for (int k = 0; k < 3; k++)
                sum += abs((int)((a >> (8 * k)) & 0xff) - (int)((b >> (8 * k)) & 0xff));
        }
    double mean = sum / (3.0 * w * h);
    print_message("GIF frame against its figure: mean colour error %.3f of 255 (the encoder said %.3f)\n", mean, said);
    assert_true(mean < GIF_MEAN_ERROR);
    assert_true(fabs(mean - said) < 1e-9);
    free(shown);
    SDL_FreeSurface(frame);
    DGifCloseFile(in, &code);
    remove(path);
}

/* The format follows the name; a vector figure never replaces a file
 * unless asked, and replacing one leaves a whole document. */
static void test_vector_formats(void **state)
{
    (void)state;
    enum gf_export_format f = GF_FORMAT_COUNT;
    assert_true(gf_export_format_of("a/b.SVG", &f) && f == GF_FORMAT_SVG);
    assert_true(gf_export_format_of("b.pdf", &f) && f == GF_FORMAT_PDF);
    assert_true(gf_export_format_of("b.png", &f) && f == GF_FORMAT_PNG);
    f = GF_FORMAT_COUNT;
    assert_false(gf_export_format_of("svg", &f));
    assert_false(gf_export_format_of("b.svgz", &f));
    assert_int_equal(f, GF_FORMAT_COUNT);

    char path[700], err[512];
    struct gf_export_request req = {GF_FIGURE_GRADIENTS, GF_THEME_LIGHT, 960, 270, true, false, 0};
    const char *ext[2] = {"svg", "pdf"};
    const char *magic[2] = {"<?xml", "%PDF-"};
    for (int i = 0; i < 2; i++) {
        snprintf(path, sizeof path, "%s-vector.%s", dir, ext[i]);
        remove(path);
        assert_true(gf_export_figure(&text, &app, &req, path, false, err, sizeof err));
        size_t len = 0;
        unsigned char *doc = slurp(path, &len);
        assert_true(len > 1000 && memcmp(doc, magic[i], 5) == 0);
        free(doc);
        assert_false(gf_export_figure(&text, &app, &req, path, false, err, sizeof err));
        assert_non_null(strstr(err, path));
        assert_true(gf_export_figure(&text, &app, &req, path, true, err, sizeof err));
        doc = slurp(path, &len);
        assert_true(len > 1000 && memcmp(doc, magic[i], 5) == 0);
        /* the end of a whole document: cairo's closing tag or PDF trailer */
        const char *tail = i == 0 ? "</svg>\n" : "%%EOF\n";
        assert_memory_equal(doc + len - strlen(tail), tail, strlen(tail));
        free(doc);
        remove(path);
    }
}

#endif

/* Whether this build writes SVG, PDF and GIF follows its figures feature;
 * without it, asking says so in one sentence and leaves no file at all,
 * not even a temporary one. */
static void test_formats_this_build_writes(void **state)
{
    (void)state;
    assert_null(gf_export_missing("png"));
    assert_null(gf_export_missing("csv"));
    for (int i = 0; i < 4; i++) {
        const char *ext = (const char *[]){"svg", "PDF", "pdf", "gif"}[i];
        const char *missing = gf_export_missing(ext);
        if (GF_FIGURES) {
            assert_null(missing);
            continue;
        }
        assert_non_null(missing);
        assert_non_null(strstr(missing, "this build has no"));
        assert_non_null(strstr(missing, "PNG works"));
        assert_null(strchr(missing, '\n'));
    }
    if (GF_FIGURES)
        return;
    char path[700], err[512];
    struct gf_export_request req = {GF_FIGURE_GRADIENTS, GF_THEME_LIGHT, 960, 270, true, false, 0};
    for (int i = 0; i < 2; i++) {
        snprintf(path, sizeof path, "%s-novector.%s", dir, i ? "pdf" : "svg");
        remove(path);
        assert_false(gf_export_figure(&text, &app, &req, path, false, err, sizeof err));
        assert_non_null(strstr(err, gf_export_missing("svg")));
        assert_null(fopen(path, "rb"));
    }
    snprintf(path, sizeof path, "%s-nogif.gif", dir);
    remove(path);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    struct gf_gif gif;
    assert_false(gf_gif_start(&gif, f, 64, 36, err, sizeof err));
    assert_string_equal(err, GF_GIF_MISSING);
    fclose(f);
    remove(path);
    /* nothing else was left in the folder: no temporary of either */
    char folder[600];
    snprintf(folder, sizeof folder, "%s", dir);
    char *slash = strrchr(folder, '/');
    assert_non_null(slash);
    const char *base = slash + 1;
    *slash = '\0';
    DIR *d = opendir(folder);
    assert_non_null(d);
    for (struct dirent *e; (e = readdir(d));)
        if (strncmp(e->d_name, ".gradflow-", 10) == 0 || (strstr(e->d_name, base) && strstr(e->d_name, "-no")))
            fail_msg("left behind: %s", e->d_name);
    closedir(d);
}

static void test_history_csv(void **state)
{
    (void)state;
    char path[700], err[512];
    snprintf(path, sizeof path, "%s-history.csv", dir);
    remove(path);
    assert_true(gf_export_history_csv(&app, path, err, sizeof err));
    size_t len = 0;
    unsigned char *csv = slurp(path, &len);
    assert_true(strncmp((char *)csv, "run,step,layer,activation,loss,", 31) == 0);
    int lines = 0;
    for (size_t i = 0; i < len; i++)
        lines += csv[i] == '\n';
    int samples = app.lab->run[0].history.count + app.lab->run[1].history.count;
    assert_int_equal(lines, 1 + samples * app.lab->run[0].net.n_layers);
    free(csv);
    assert_false(gf_export_history_csv(&app, path, err, sizeof err));   /* never overwritten */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_figure_sizes_and_metadata),
        cmocka_unit_test(test_panels_and_repeatability),
        cmocka_unit_test(test_fresh_names_never_overwrite),
#if GF_FIGURES
        cmocka_unit_test(test_vector_formats),
        cmocka_unit_test(test_gif_round_trip),
#endif
        cmocka_unit_test(test_formats_this_build_writes),
        cmocka_unit_test(test_both_themes_of_one_step),
        cmocka_unit_test(test_scene_names_and_captions),
        cmocka_unit_test(test_no_title_and_smoothing),
        cmocka_unit_test(test_unwritable_places_leave_nothing),
        cmocka_unit_test(test_history_csv),
        cmocka_unit_test(test_command_reproduces_the_figure),
        cmocka_unit_test(test_scene_command_reproduces_the_figure),
        cmocka_unit_test(test_command_quotes_names),
        cmocka_unit_test(test_long_and_non_utf8_names_in_the_command),
        cmocka_unit_test(test_lesson_glyphs_in_the_shipped_fonts),
#ifndef _WIN32
        cmocka_unit_test(test_full_disk_leaves_nothing),
#endif
        cmocka_unit_test(test_path_too_long),
        cmocka_unit_test(test_command_reproduces_the_korean_figure),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
