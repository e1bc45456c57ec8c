/* test_headless.c - the headless trainer end to end: its table, the CSV and
 * dump files, and that files are never overwritten or left half written. */
#include "gf_test.h"

#include <stdlib.h>
#include <string.h>

#include "gf_cli.h"
#include "gf_headless.h"

static char tmpdir[512];

static const char *tmp_path(const char *name)
{
    static char path[4][700];
    static int next;
    char *p = path[next++ % 4];
    snprintf(p, sizeof path[0], "%s/%s", tmpdir, name);
    return p;
}

static char *slurp(const char *path, size_t *len)
{
    return gf_test_slurp(path, len);
}

static bool exists(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f)
        fclose(f);
    return f != NULL;
}

/* Runs the headless trainer on argv-style flags; returns the status and the printed text. */
static int run(char **printed, const char *const *args)
{
    char *argv[64];
    int argc = 0;
    argv[argc++] = (char *)"gradflow";
    while (*args)
        argv[argc++] = (char *)*args++;
    struct gf_cli_options opt;
    char err[256];
    assert_int_equal(gf_cli_parse(&opt, argc, argv, err, sizeof err), GF_CLI_RUN);
    FILE *out = tmpfile(), *errf = tmpfile();
    int status = gf_headless_run(&opt, out, errf);
    static char text[65536];
    rewind(out);
    text[fread(text, 1, sizeof text - 1, out)] = '\0';
    rewind(errf);
    size_t n = strlen(text);
    text[n + fread(text + n, 1, sizeof text - 1 - n, errf)] = '\0';
    fclose(out);
    fclose(errf);
    *printed = text;
    return status;
}

#define RUN(printed, ...) run((printed), (const char *const[]){__VA_ARGS__, NULL})

static int count_lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

static void test_table_shows_vanishing_gradient(void **state)
{
    (void)state;
    char *out;
    assert_int_equal(RUN(&out, "--headless", "--depth", "10", "--width", "32", "--steps", "0"), 0);
    assert_non_null(strstr(out, "left: sigmoid, init xavier"));
    assert_non_null(strstr(out, "right: relu, init he"));
    assert_non_null(strstr(out, "ratio to last"));
    assert_non_null(strstr(out, "     11 "));   /* 11 weight layers listed */
    assert_non_null(strstr(out, "accuracy"));
}

static void test_csv_rows_and_dump(void **state)
{
    (void)state;
    const char *csv = tmp_path("run.csv"), *dump = tmp_path("run.json");
    remove(csv);
    remove(dump);
    char *out;
    assert_int_equal(RUN(&out, "--headless", "--depth", "3", "--steps", "5", "--csv", csv, "--dump", dump), 0);
    char *text = slurp(csv, NULL);
    assert_non_null(text);
    const char *header = "run,step,layer,activation,loss,grad_norm,grad_rms,weight_rms,update_ratio,"
                         "delta_mean_abs,saturated_frac,dead_frac,delta_norm,delta_bound,weight_spectral_norm,"
                         "slope_mean,z_p15,z_p50,z_p85,act_mean,act_std\n";
    assert_true(strncmp(text, header, strlen(header)) == 0);
    assert_int_equal(count_lines(text), 1 + 5 * 2 * 4);   /* header + steps x runs x weight layers */
    assert_non_null(strstr(text, "\nleft,1,1,sigmoid,"));
    assert_non_null(strstr(text, "\nright,5,4,relu,"));
    /* the output layer has no activation: its distribution cells are empty, a hidden layer's are not */
    const char *out_row = strstr(text, "\nright,5,4,relu,");
    assert_true(strncmp(strchr(out_row + 1, '\n') - 5, ",,,,,", 5) == 0);
    const char *hidden_row = strstr(text, "\nright,5,3,relu,");
    assert_non_null(hidden_row);
    assert_true(strchr(hidden_row + 1, '\n')[-1] != ',');
    free(text);

    text = slurp(dump, NULL);
    assert_non_null(text);
    assert_true(strncmp(text, "{\"format\": \"gradflow-dump/1\"", 28) == 0);
    assert_non_null(strstr(text, "\"activation\": \"sigmoid\""));
    assert_non_null(strstr(text, "\"sizes\": [2, 16, 16, 16, 1]"));
    assert_non_null(strstr(text, "\"residual\": false"));
    assert_non_null(strstr(text, "\"leaky_alpha\": 0.01,"));
    free(text);
}

static void test_zero_steps(void **state)
{
    (void)state;
    const char *csv = tmp_path("zero.csv"), *dump = tmp_path("zero.json");
    remove(csv);
    remove(dump);
    char *out;
    assert_int_equal(RUN(&out, "--headless", "--steps", "0", "--csv", csv, "--dump", dump, "--dataset", "sine",
                         "--depth", "1", "--width", "2", "--batch", "2"), 0);
    char *text = slurp(csv, NULL);
    assert_int_equal(count_lines(text), 1);   /* only the header */
    free(text);
    text = slurp(dump, NULL);
    assert_non_null(strstr(text, "\"step\": 0"));
    assert_non_null(strstr(text, "\"head\": \"mse\""));
    /* 1-D input is still a list of lists, and so are mse targets. */
    assert_non_null(strstr(text, "\"x\": [["));
    assert_non_null(strstr(text, "\"y\": [["));
    free(text);
    assert_null(strstr(out, "accuracy"));   /* regression has no accuracy */
}

static void test_existing_files_are_not_overwritten(void **state)
{
    (void)state;
    const char *csv = tmp_path("keep.csv");
    FILE *f = fopen(csv, "wb");
    assert_non_null(f);
    fputs("precious\n", f);
    fclose(f);
    char *out;
    assert_int_equal(RUN(&out, "--headless", "--steps", "3", "--csv", csv), 2);
    assert_non_null(strstr(out, "already exists"));
    assert_non_null(strstr(out, "--overwrite"));
    char *text = slurp(csv, NULL);
    assert_string_equal(text, "precious\n");
    free(text);
    assert_int_equal(RUN(&out, "--headless", "--steps", "3", "--csv", csv, "--overwrite"), 0);
    text = slurp(csv, NULL);
    assert_int_equal(count_lines(text), 1 + 3 * 2 * 9);
    free(text);
}

static void test_unwritable_place_writes_nothing(void **state)
{
    (void)state;
    const char *csv = tmp_path("run.csv"), *dump = tmp_path("no-such-folder/d.json");
    remove(csv);
    char *out;
    assert_int_equal(RUN(&out, "--headless", "--steps", "3", "--csv", csv, "--dump", dump), 2);
    assert_non_null(strstr(out, "--dump"));
    assert_non_null(strstr(out, "cannot write"));
    assert_false(exists(csv));
}

/* Fonts that cannot be found fail before training, through the run's one
 * way out: one line, status 2, the other outputs' temporary files gone and
 * no table printed. */
static void test_missing_fonts_write_nothing(void **state)
{
    (void)state;
    const char *csv = tmp_path("fonts.csv"), *shot = tmp_path("fonts.png"), *dump = tmp_path("fonts.json");
    remove(csv);
    remove(shot);
    remove(dump);
    char *out;
    assert_int_equal(RUN(&out, "--headless", "--steps", "3", "--csv", csv, "--dump", dump, "--screenshot", shot,
                         "--assets", tmp_path("no-such-fonts")), 2);
    assert_int_equal(count_lines(out), 1);
    assert_true(strncmp(out, "gradflow: ", 10) == 0);
    assert_false(exists(csv));
    assert_false(exists(shot));
    assert_false(exists(dump));
    /* nor their temporary files: the folder holds nothing named after them */
    char cmd[1600];
    snprintf(cmd, sizeof cmd, "ls -a '%s' | grep -q fonts", tmpdir);
    assert_int_not_equal(system(cmd), 0);
}

/* Two names for one file, or names that look like each other's temporary files. */
static void test_outputs_never_clobber_each_other(void **state)
{
    (void)state;
    char *out;
    const char *csv = tmp_path("same.out");
    char dot_path[700];
    snprintf(dot_path, sizeof dot_path, "%s/./same.out", tmpdir);
    remove(csv);
    assert_int_equal(RUN(&out, "--headless", "--steps", "1", "--csv", csv, "--dump", dot_path), 2);
    assert_non_null(strstr(out, "same file"));
    assert_false(exists(csv));

    const char *a = tmp_path("a"), *a_part = tmp_path("a.part");
    remove(a);
    remove(a_part);
    assert_int_equal(RUN(&out, "--headless", "--steps", "1", "--csv", a_part, "--dump", a), 0);
    char *text = slurp(a_part, NULL);
    assert_true(strncmp(text, "run,step", 8) == 0);
    free(text);
    text = slurp(a, NULL);
    assert_true(strncmp(text, "{\"format\"", 9) == 0);
    free(text);

    /* An unrelated file named like a temporary file is left alone. */
    const char *c = tmp_path("c.csv"), *c_part = tmp_path("c.csv.part");
    remove(c);
    FILE *f = fopen(c_part, "wb");
    fputs("mine\n", f);
    fclose(f);
    assert_int_equal(RUN(&out, "--headless", "--steps", "1", "--csv", c), 0);
    text = slurp(c_part, NULL);
    assert_string_equal(text, "mine\n");
    free(text);
}

/* The figure maker: a PNG after the steps; an existing figure is refused before any training. */
static void test_screenshot(void **state)
{
    (void)state;
    char *out;
    const char *png = tmp_path("figure.png"), *csv = tmp_path("figure.csv");
    remove(png);
    remove(csv);
    assert_int_equal(RUN(&out, "--headless", "--steps", "20", "--screenshot", png, "--size", "1280x720",
                         "--assets", GF_TEST_ASSETS), 0);
    size_t len = 0;
    char *bytes = slurp(png, &len);
    assert_non_null(bytes);
    assert_true(len > 20000 && memcmp(bytes, "\x89PNG", 4) == 0);
    free(bytes);
    assert_int_equal(RUN(&out, "--headless", "--steps", "20", "--screenshot", png, "--csv", csv), 2);
    assert_non_null(strstr(out, "already exists"));
    assert_false(exists(csv));   /* refused up front: nothing else written */
}

/* SVG, PDF and GIF: written by a build with the figures feature; without
 * it, refused with status 2 before any training, no file written. */
static void test_vector_and_gif_outputs(void **state)
{
    (void)state;
    const char *names[3] = {"figure.svg", "figure.pdf", "training.gif"};
    const char *magic[3] = {"<?xml", "%PDF-", "GIF89a"};
    for (int i = 0; i < 3; i++) {
        const char *path = tmp_path(names[i]), *csv = tmp_path("figure-too.csv");
        remove(path);
        remove(csv);
        char *out;
        int status = RUN(&out, "--headless", "--steps", "10", i == 2 ? "--animate" : "--screenshot", path,
                         "--size", "640x360", "--csv", csv, "--assets", GF_TEST_ASSETS);
        if (GF_FIGURES) {
            assert_int_equal(status, 0);
            size_t len = 0;
            char *bytes = slurp(path, &len);
            assert_non_null(bytes);
            assert_true(len > 1000 && memcmp(bytes, magic[i], strlen(magic[i])) == 0);
            free(bytes);
        } else {
            assert_int_equal(status, 2);
            assert_non_null(strstr(out, i == 2 ? "--animate" : "--screenshot"));
            assert_non_null(strstr(out, i == 2 ? "built without giflib" : "built without cairo"));
            assert_non_null(strstr(out, "PNG works"));
            assert_int_equal(count_lines(out), 1);   /* one line, and no table: nothing trained */
            assert_false(exists(path));
            assert_false(exists(csv));
        }
        remove(path);
        remove(csv);
    }
}

static void test_divergence_is_reported_with_status_0(void **state)
{
    (void)state;
    const char *csv = tmp_path("diverge.csv");
    remove(csv);
    char *out;
    assert_int_equal(RUN(&out, "--headless", "--steps", "100", "--lr", "1000", "--init", "normal",
                         "--dataset", "sine", "--left", "relu", "--right", "tanh", "--depth", "12",
                         "--csv", csv), 0);
    assert_non_null(strstr(out, "diverged at step"));
    char *text = slurp(csv, NULL);
    assert_true(strstr(text, "nan") || strstr(text, "inf"));
    assert_null(strstr(text, "-nan"));   /* the format says nan, whatever NaN's sign bit */
    free(text);
    assert_null(strstr(out, "-nan"));
}

int main(void)
{
    const char *dir = getenv("GF_TEST_TMP");
    snprintf(tmpdir, sizeof tmpdir, "%s", dir ? dir : "/tmp");   /* meson sets it to the build folder */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_shows_vanishing_gradient),
        cmocka_unit_test(test_csv_rows_and_dump),
        cmocka_unit_test(test_zero_steps),
        cmocka_unit_test(test_existing_files_are_not_overwritten),
        cmocka_unit_test(test_unwritable_place_writes_nothing),
        cmocka_unit_test(test_missing_fonts_write_nothing),
        cmocka_unit_test(test_outputs_never_clobber_each_other),
        cmocka_unit_test(test_screenshot),
        cmocka_unit_test(test_vector_and_gif_outputs),
        cmocka_unit_test(test_divergence_is_reported_with_status_0),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
