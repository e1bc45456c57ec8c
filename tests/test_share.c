/* test_share.c - share links: a link becomes the argv the command line's
 * parser validates, and the app's settings become a link that reopens them. */
#include "gf_test.h"

#include <string.h>

#include "gf_cli.h"
#include "gf_export.h"
#include "gf_share.h"

static char buf[4096];
static char *argv_[GF_SHARE_MAX_ARGS];
static char err[512];

static int to_argv(const char *fragment)
{
    err[0] = '\0';
    return gf_share_to_argv(fragment, buf, sizeof buf, argv_, err, sizeof err);
}

static void test_link_becomes_flags(void **state)
{
    (void)state;
    int argc = to_argv("depth=20&right=tanh&dataset=spiral3&scene=5&lang=ko");
    assert_int_equal(argc, 11);
    const char *want[] = {"gradflow", "--depth", "20", "--right", "tanh", "--dataset", "spiral3",
                          "--scene", "5", "--lang", "ko"};
    for (int i = 0; i < argc; i++)
        assert_string_equal(argv_[i], want[i]);
    assert_null(argv_[argc]);
    struct gf_cli_options opt;
    assert_int_equal(gf_cli_parse(&opt, argc, argv_, err, sizeof err), GF_CLI_RUN);
    assert_int_equal(opt.lab.depth, 20);
    assert_int_equal(opt.lab.act[GF_RIGHT], GF_ACT_TANH);
    assert_int_equal(opt.lab.dataset, GF_DATA_SPIRAL3);
    assert_int_equal(opt.scene, 5);
    assert_int_equal(opt.lang, GF_LANG_KO);
}

static void test_bare_keys_escapes_and_empty_items(void **state)
{
    (void)state;
    int argc = to_argv("residual&&lr=5e%2D3&clip=1e+03&");
    assert_int_equal(argc, 6);
    assert_string_equal(argv_[1], "--residual");
    assert_string_equal(argv_[2], "--lr");
    assert_string_equal(argv_[3], "5e-3");   /* %2D is '-' */
    assert_string_equal(argv_[5], "1e+03");  /* '+' is not a space in an address's fragment */
    struct gf_cli_options opt;
    assert_int_equal(gf_cli_parse(&opt, argc, argv_, err, sizeof err), GF_CLI_RUN);
    assert_true(opt.lab.residual[GF_LEFT] && opt.lab.residual[GF_RIGHT]);
    assert_float_equal(opt.lab.lr, 5e-3f, 0.0f);
    assert_float_equal(opt.lab.clip[GF_LEFT], 1000.0f, 0.0f);
    assert_int_equal(to_argv(""), 1);
}

static void test_bad_links_say_why_in_one_line(void **state)
{
    (void)state;
    static const char *const bad[][2] = {
        {"csv=out.csv", "\"csv\" in the link: not a setting a page can take"},
        {"headless", "\"headless\" in the link: not a setting a page can take"},
        {"Depth=3", "\"Depth\" in the link: not a setting's name"},
        {"=3", "\"=3\" in the link: expected name=value"},
        {"lr=%4", "\"lr=%4\" in the link: a broken %-escape"},
        {"lr=%00", "\"lr=%00\" in the link: a broken %-escape"},
        {"de%ZZpth=3", "\"de%ZZpth=3\" in the link: expected name=value"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(to_argv(bad[i][0]), -1);
        assert_string_equal(err, bad[i][1]);
        assert_null(strchr(err, '\n'));
    }
    /* a well-formed link with a bad value is the parser's to refuse, with its own message */
    int argc = to_argv("depth=999");
    assert_int_equal(argc, 3);
    struct gf_cli_options opt;
    assert_int_equal(gf_cli_parse(&opt, argc, argv_, err, sizeof err), GF_CLI_ERROR);
    assert_non_null(strstr(err, "--depth"));
    assert_non_null(strstr(err, "999"));
    /* too many items */
    char longer[4096] = "";
    for (int i = 0; i < 200; i++)
        strcat(longer, "residual&");
    assert_int_equal(to_argv(longer), -1);
    assert_string_equal(err, "the link is too long");
}

/* Opens an app from a link, as the page does. */
static void open_link(struct gf_app *app, const char *link)
{
    int argc = to_argv(link);
    assert_true(argc >= 1);
    struct gf_cli_options opt;
    assert_int_equal(gf_cli_parse(&opt, argc, argv_, err, sizeof err), GF_CLI_RUN);
    assert_int_equal(gf_app_init_from_cli(app, &opt, true, err, sizeof err), GF_OK);
}

static void same_settings(const struct gf_app *a, const struct gf_app *b)
{
    char fa[2048], fb[2048];
    gf_export_config_flags(&a->cfg, fa, sizeof fa);
    gf_export_config_flags(&b->cfg, fb, sizeof fb);
    assert_string_equal(fa, fb);
    assert_int_equal(a->lang, b->lang);
    assert_int_equal(a->theme, b->theme);
    assert_int_equal(a->bar_metric, b->bar_metric);
    assert_int_equal(a->bar_log, b->bar_log);
    assert_int_equal(a->caption, b->caption);
    assert_int_equal(gf_app_scene(a) != NULL, gf_app_scene(b) != NULL);
    if (gf_app_scene(a))
        assert_int_equal(a->scene, b->scene);
}

/* The app's link, then an app opened from it: the same settings. */
static void round_trip(const struct gf_app *app, const char *expected)
{
    char link[2048];
    gf_share_from_app(app, link, sizeof link);
    if (expected)
        assert_string_equal(link, expected);
    static struct gf_app back;
    open_link(&back, link);
    same_settings(app, &back);
    gf_app_destroy(&back);
}

static void test_defaults_give_an_empty_link(void **state)
{
    (void)state;
    static struct gf_app app;
    open_link(&app, "");
    round_trip(&app, "");
    gf_app_destroy(&app);
}

static void test_keys_change_the_link(void **state)
{
    (void)state;
    static struct gf_app app;
    open_link(&app, "");
    gf_app_apply(&app, GF_ACTION_ACT_RELU);   /* the focused run is the left one */
    round_trip(&app, "left=relu");
    gf_app_apply(&app, GF_ACTION_DEPTH_UP);
    gf_app_apply(&app, GF_ACTION_TOGGLE_RESIDUAL);
    gf_app_apply(&app, GF_ACTION_LR_DOWN);
    gf_app_apply(&app, GF_ACTION_TOGGLE_LANG);
    gf_app_apply(&app, GF_ACTION_TOGGLE_THEME);
    gf_app_apply(&app, GF_ACTION_NEXT_METRIC);
    gf_app_apply(&app, GF_ACTION_TOGGLE_LOG);
    gf_app_apply(&app, GF_ACTION_TOGGLE_CAPTION);
    round_trip(&app, NULL);
    char link[2048];
    gf_share_from_app(&app, link, sizeof link);
    assert_non_null(strstr(link, "left=relu"));
    assert_non_null(strstr(link, "depth=9"));
    assert_non_null(strstr(link, "left-residual"));
    assert_non_null(strstr(link, "lr=0.025"));
    assert_non_null(strstr(link, "lang=ko&theme=light&bars="));
    assert_non_null(strstr(link, "&linear&no-caption"));
    gf_app_destroy(&app);
}

static void test_scenes_in_the_link(void **state)
{
    (void)state;
    static struct gf_app app;
    open_link(&app, "scene=5&lang=ko");
    round_trip(&app, "scene=5&lang=ko");          /* the scene's own networks: the scene alone */
    gf_app_apply(&app, GF_ACTION_SCENE_NEXT);
    round_trip(&app, "scene=6&lang=ko");
    gf_app_apply(&app, GF_ACTION_DEPTH_DOWN);     /* changed inside the scene: every difference from the defaults */
    round_trip(&app, NULL);
    char link[2048];
    gf_share_from_app(&app, link, sizeof link);
    assert_int_equal(strncmp(link, "scene=6&", 8), 0);
    assert_true(strlen(link) > strlen("scene=6&lang=ko"));
    gf_app_destroy(&app);

    /* a scene showing exactly the defaults' networks, which differ from its own */
    open_link(&app, "scene=5&depth=8");
    round_trip(&app, NULL);
    gf_share_from_app(&app, link, sizeof link);
    assert_int_equal(strncmp(link, "scene=5&", 8), 0);
    gf_app_destroy(&app);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_link_becomes_flags),
        cmocka_unit_test(test_bare_keys_escapes_and_empty_items),
        cmocka_unit_test(test_bad_links_say_why_in_one_line),
        cmocka_unit_test(test_defaults_give_an_empty_link),
        cmocka_unit_test(test_keys_change_the_link),
        cmocka_unit_test(test_scenes_in_the_link),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
