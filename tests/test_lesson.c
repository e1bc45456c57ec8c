/* test_lesson.c - the lesson format: the built-in lesson, good files, and
 * every kind of bad input answered with the file, the line and what was
 * expected, leaving the lesson as it was. */
#include "gf_test.h"

#include <string.h>

#include "gf_lesson.h"

#define MAGIC "gradflow-lesson 1\n"

static struct gf_lesson lesson;

static bool parse(const char *text, size_t len, char *err, size_t errlen)
{
    return gf_lesson_parse(&lesson, text, len, "my.txt", err, errlen);
}

static void test_builtin_lesson_teaches_the_six_points_in_order(void **state)
{
    (void)state;
    const struct gf_lesson *l = gf_lesson_builtin();
    assert_int_equal(l->n_scenes, 10);
    static const enum gf_scene_view order[10] = {GF_SCENE_LINEAR, GF_SCENE_NETWORK, GF_SCENE_COLLAPSE,
                                                 GF_SCENE_ACTIVATIONS, GF_SCENE_VANISHING, GF_SCENE_LAB,
                                                 GF_SCENE_OUTPUTS, GF_SCENE_SOFTMAX, GF_SCENE_DISTRIBUTIONS,
                                                 GF_SCENE_PERCENTILES};
    for (int i = 0; i < l->n_scenes; i++) {
        const struct gf_scene *s = &l->scene[i];
        assert_int_equal(s->view, order[i]);
        for (int lang = 0; lang < GF_LANG_COUNT; lang++) {   /* both languages written, one to three sentences */
            assert_true(s->title[lang][0] != '\0');
            assert_true(s->n_text[lang] >= 1 && s->n_text[lang] <= 3);
        }
        assert_null(gf_lab_config_problem(&s->cfg));
    }
    /* the scenes set up what they teach */
    assert_int_equal(l->scene[0].cfg.act[GF_LEFT], GF_ACT_LINEAR);
    assert_int_equal(l->scene[2].cfg.act[GF_LEFT], GF_ACT_LINEAR);
    assert_int_equal(l->scene[2].cfg.dataset, GF_DATA_CIRCLES);
    assert_int_equal(l->scene[3].cfg.act[GF_RIGHT], GF_ACT_LEAKY_RELU);
    assert_int_equal(l->scene[4].cfg.act[GF_LEFT], GF_ACT_SIGMOID);
    assert_int_equal(l->scene[4].cfg.act[GF_RIGHT], GF_ACT_RELU);
    assert_int_equal(l->scene[4].cfg.depth, 10);
    assert_true(l->scene[5].cfg.residual[GF_RIGHT] && !l->scene[5].cfg.residual[GF_LEFT]);
    assert_int_equal(l->scene[6].n_examples, 3);
    static const enum gf_head heads[3] = {GF_HEAD_BCE, GF_HEAD_CE, GF_HEAD_MSE};
    for (int i = 0; i < 3; i++)
        assert_int_equal(gf_lab_config_head(&l->scene[6].example[i]), heads[i]);
    assert_true(l->scene[7].cfg.double_softmax[GF_RIGHT] && !l->scene[7].cfg.double_softmax[GF_LEFT]);
    assert_int_equal(gf_lab_config_head(&l->scene[7].cfg), GF_HEAD_CE);
    assert_string_equal(gf_scene_title(&l->scene[0], GF_LANG_KO), "1. 선형 함수");
    /* Glorot and Bengio: tanh, 5 hidden layers, standard init against normalised (Xavier) init */
    const struct gf_lab_config *g = &l->scene[8].cfg;
    assert_true(g->act[GF_LEFT] == GF_ACT_TANH && g->act[GF_RIGHT] == GF_ACT_TANH && g->depth == 5);
    assert_int_equal(gf_lab_config_init(g, GF_LEFT), GF_INIT_CLASSIC);
    assert_int_equal(gf_lab_config_init(g, GF_RIGHT), GF_INIT_XAVIER);
    /* Ioffe and Szegedy: sigmoid without batch norm against with it */
    const struct gf_lab_config *b = &l->scene[9].cfg;
    assert_true(b->act[GF_LEFT] == GF_ACT_SIGMOID && b->act[GF_RIGHT] == GF_ACT_SIGMOID);
    assert_true(!b->batchnorm[GF_LEFT] && b->batchnorm[GF_RIGHT]);
}

static void test_a_small_lesson_and_its_fallbacks(void **state)
{
    (void)state;
    /* a byte-order mark, Windows line ends, comments, indentation and one language only */
    const char text[] = "\xEF\xBB\xBF# my lesson\r\n" MAGIC "title en: Mine\r\n\r\nscene\r\n  view: vanishing\r\n"
                        "title en: Deep sigmoid\r\ntext en: Look at the bars.\r\nset: --left sigmoid --depth 12\t--width 8\r\n"
                        "speed: 3\r\nscene\ntitle ko: 둘째\n";
    char err[256] = "";
    assert_true(parse(text, sizeof text - 1, err, sizeof err));
    assert_int_equal(lesson.n_scenes, 2);
    assert_string_equal(lesson.title[GF_LANG_EN], "Mine");
    const struct gf_scene *s = &lesson.scene[0];
    assert_int_equal(s->view, GF_SCENE_VANISHING);
    assert_int_equal(s->cfg.act[GF_LEFT], GF_ACT_SIGMOID);
    assert_int_equal(s->cfg.act[GF_RIGHT], GF_ACT_RELU);   /* the defaults, where the scene is silent */
    assert_int_equal(s->cfg.depth, 12);
    assert_int_equal(s->cfg.width, 8);
    assert_close(s->steps_per_second, 3.0, 0.0, 0.0, "speed");
    assert_int_equal(s->line, 5);
    /* the missing language falls back to the other */
    assert_string_equal(gf_scene_title(s, GF_LANG_KO), "Deep sigmoid");
    assert_int_equal(gf_scene_text_count(s, GF_LANG_KO), 1);
    assert_string_equal(gf_scene_text(s, GF_LANG_KO, 0), "Look at the bars.");
    assert_string_equal(gf_scene_title(&lesson.scene[1], GF_LANG_EN), "둘째");
    assert_int_equal(lesson.scene[1].view, GF_SCENE_LAB);
    assert_int_equal(gf_scene_text_count(&lesson.scene[1], GF_LANG_EN), 0);
}

struct bad {
    const char *text;
    const char *expected;   /* in the message, after "my.txt:" */
};

static void test_bad_lessons_name_the_line_and_what_was_expected(void **state)
{
    (void)state;
    static const struct bad cases[] = {
        {"", "my.txt:1: empty file: expected the first line to be `gradflow-lesson 1`"},
        {"# only a comment\n", "my.txt:1: no lesson here: expected the first line"},
        {"gradflow-lesson 2\n", "my.txt:1: expected the first line to be `gradflow-lesson 1`"},
        {MAGIC, "my.txt:1: no scenes"},
        {MAGIC "scene\n", "my.txt:2: this scene has no title"},
        {MAGIC "scene\ntitle en: A\nscene\nview: lab\n", "my.txt:4: this scene has no title"},
        {MAGIC "view: lab\n", "my.txt:2: view: expected `scene` first"},
        {MAGIC "scene\ntitle en: A\nview: nope\n", "my.txt:4: view \"nope\": expected lab, linear"},
        {MAGIC "scene\ntitle en: A\nset: --depth 0\n", "my.txt:4: set: --depth \"0\""},
        {MAGIC "scene\ntitle en: A\nset: --csv out.csv\n", "my.txt:4: set: --csv: not a network or training setting"},
        {MAGIC "scene\ntitle en: A\nset: --left sigmoid --left tanh\n", "my.txt:4: set: --left: given twice"},
        {MAGIC "scene\ntitle en: A\nset: --dataset sine --head bce\n", "my.txt:4: set: --head bce with --dataset sine"},
        {MAGIC "scene\ntitle en: A\ncolour: red\n", "my.txt:4: \"colour\": expected a key"},
        {MAGIC "scene\ntitle en: A\nhello\n", "my.txt:4: expected `scene` or `key: value`"},
        {MAGIC "scene\ntitle fr: Bonjour\n", "my.txt:3: title fr: expected `title en:` or `title ko:`"},
        {MAGIC "scene\ntitle en:   \n", "my.txt:3: title en: expected a value after the colon"},
        {MAGIC "scene\ntitle en: A\ntext en: 1\ntext en: 2\ntext en: 3\ntext en: 4\n", "my.txt:7: text en: at most 3"},
        {MAGIC "scene\ntitle en: A\nset: --depth 3\nset: --width 4\n", "my.txt:5: set: given twice in this scene"},
        {MAGIC "scene\ntitle en: A\nview: lab\nview: linear\n", "my.txt:5: view: given twice in this scene"},
        {MAGIC "scene\ntitle en: A\ntitle en: B\n", "my.txt:4: title en: given twice in this scene"},
        {MAGIC "title ko: 가\ntitle ko: 나\n", "my.txt:3: title ko: given twice in this lesson"},
        {MAGIC "scene\ntitle en: A\nspeed: 0\n", "my.txt:4: speed \"0\": expected training steps per second"},
        {MAGIC "scene\ntitle en: A\nspeed: fast\n", "my.txt:4: speed \"fast\""},
        {MAGIC "scene\ntitle en: A\nspeed: nan\n", "my.txt:4: speed \"nan\""},
        {MAGIC "scene\ntitle en: A\nexample: --dataset moons\n", "my.txt:2: `example:` lines belong to `view: outputs`"},
        {MAGIC "scene\ntitle en: A\nview: outputs\n", "my.txt:2: view outputs: expected one to three"},
        {MAGIC "scene\ntitle en: \xff\n", "my.txt:3: not valid UTF-8 at byte 11"},
        {MAGIC "scene\ntitle en: \xc0\xaf\n", "my.txt:3: not valid UTF-8"},           /* overlong '/' */
        {MAGIC "scene\ntitle en: \xed\xa0\x80\n", "my.txt:3: not valid UTF-8"},       /* a surrogate */
        {MAGIC "scene\ntitle en: \xe2\x82\n", "my.txt:3: not valid UTF-8"},           /* cut short */
        {MAGIC "scene\ntitle en: a\x01 b\n", "my.txt:3: control character 0x01 at byte 12"},
        {MAGIC "scene\ntitle en: a\x7f\n", "my.txt:3: control character 0x7F"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char err[512] = "";
        lesson.n_scenes = 42;   /* a failed parse must leave the lesson alone */
        bool ok = parse(cases[i].text, strlen(cases[i].text), err, sizeof err);
        if (ok || strstr(err, cases[i].expected) != err)
            fail_msg("case %zu: got %s \"%s\", expected \"%s…\"", i, ok ? "success" : "error", err, cases[i].expected);
        assert_int_equal(lesson.n_scenes, 42);
    }
}

static void test_binary_huge_and_long_input(void **state)
{
    (void)state;
    char err[512];
    /* a NUL byte: binary, not text */
    const char nul[] = MAGIC "scene\ntitle en: a\0b\n";
    assert_false(parse(nul, sizeof nul - 1, err, sizeof err));
    assert_non_null(strstr(err, "my.txt:3: a NUL byte"));
    /* random bytes */
    unsigned char noise[4096];
    uint32_t x = 12345;
    for (size_t i = 0; i < sizeof noise; i++)
        noise[i] = (unsigned char)((x = x * 1664525u + 1013904223u) >> 24);
    assert_false(parse((const char *)noise, sizeof noise, err, sizeof err));
    assert_non_null(strstr(err, "my.txt:"));
    /* a line longer than the limit */
    size_t n = strlen(MAGIC) + GF_LESSON_MAX_LINE + 10;
    char *long_line = malloc(n);
    assert_non_null(long_line);
    memcpy(long_line, MAGIC, strlen(MAGIC));
    memset(long_line + strlen(MAGIC), 'a', n - strlen(MAGIC));
    assert_false(parse(long_line, n, err, sizeof err));
    assert_non_null(strstr(err, "my.txt:2: a line of 2010 bytes; at most 2000"));
    free(long_line);
    /* more than the limit in all */
    size_t big = GF_LESSON_MAX_BYTES + 1;
    char *huge = malloc(big);
    assert_non_null(huge);
    memset(huge, '\n', big);
    assert_false(parse(huge, big, err, sizeof err));
    assert_non_null(strstr(err, "a lesson is a short text file"));
    free(huge);
    /* a title longer than fits */
    char title[512];
    snprintf(title, sizeof title, MAGIC "scene\ntitle en: %0200d\n", 7);
    assert_false(parse(title, strlen(title), err, sizeof err));
    assert_non_null(strstr(err, "my.txt:3: title en: 200 bytes; at most 159 fit on the screen"));
    /* one scene more than allowed */
    size_t cap = 64 + 40 * (GF_LESSON_MAX_SCENES + 1);
    char *many = malloc(cap);
    assert_non_null(many);
    int used = snprintf(many, cap, MAGIC);
    for (int i = 0; i <= GF_LESSON_MAX_SCENES; i++)
        used += snprintf(many + used, cap - (size_t)used, "scene\ntitle en: %d\n", i + 1);
    assert_false(parse(many, (size_t)used, err, sizeof err));
    assert_non_null(strstr(err, "more than 99 scenes"));
    /* exactly the limit is fine */
    char *cut = strstr(many, "scene\ntitle en: 100\n");
    assert_non_null(cut);
    assert_true(parse(many, (size_t)(cut - many), err, sizeof err));
    assert_int_equal(lesson.n_scenes, GF_LESSON_MAX_SCENES);
    free(many);
}

static void write_file(const char *path, const char *text, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

static void test_loading_files(void **state)
{
    (void)state;
    const char *tmp = getenv("GF_TEST_TMP");
    char path[1024], err[1200];
    snprintf(path, sizeof path, "%s/no-such-lesson.txt", tmp ? tmp : ".");
    assert_false(gf_lesson_load(&lesson, path, err, sizeof err));
    assert_non_null(strstr(err, "no-such-lesson.txt: cannot open: "));
    /* a folder opens on some systems but cannot be read as a lesson */
    assert_false(gf_lesson_load(&lesson, tmp ? tmp : ".", err, sizeof err));
    assert_true(strstr(err, "cannot read") || strstr(err, "cannot open"));
    snprintf(path, sizeof path, "%s/empty-lesson.txt", tmp ? tmp : ".");
    write_file(path, "", 0);
    assert_false(gf_lesson_load(&lesson, path, err, sizeof err));
    assert_non_null(strstr(err, "empty-lesson.txt:1: empty file"));
    snprintf(path, sizeof path, "%s/huge-lesson.txt", tmp ? tmp : ".");
    size_t big = GF_LESSON_MAX_BYTES + 100;
    char *huge = calloc(big, 1);
    assert_non_null(huge);
    write_file(path, huge, big);
    free(huge);
    assert_false(gf_lesson_load(&lesson, path, err, sizeof err));
    assert_non_null(strstr(err, "huge-lesson.txt: larger than 1048576 bytes"));
    /* the shipped file is the built-in lesson */
    snprintf(path, sizeof path, "%s/lessons/vanishing-gradients.txt", GF_TEST_ASSETS);
    assert_true(gf_lesson_load(&lesson, path, err, sizeof err));
    assert_int_equal(lesson.n_scenes, gf_lesson_builtin()->n_scenes);
    assert_memory_equal(&lesson.scene[4], &gf_lesson_builtin()->scene[4], sizeof lesson.scene[4]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builtin_lesson_teaches_the_six_points_in_order),
        cmocka_unit_test(test_a_small_lesson_and_its_fallbacks),
        cmocka_unit_test(test_bad_lessons_name_the_line_and_what_was_expected),
        cmocka_unit_test(test_binary_huge_and_long_input),
        cmocka_unit_test(test_loading_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
