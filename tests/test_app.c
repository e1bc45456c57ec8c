/* test_app.c - the key map and what each action does, without SDL running. */
#include "gf_test.h"

#include <stdlib.h>
#include <string.h>

/* The model's headers need no SDL: a later front end (or a test) can use
 * them without it. This file fails to build the day one of them pulls it in. */
#include "gf_actions.h"
#include "gf_app.h"
#include "gf_cli.h"
#include "gf_headless.h"
#include "gf_lesson.h"
#ifdef SDL_h_
#error "an SDL-free model header includes SDL"
#endif
#include "gf_export.h"
#include "gf_keys.h"

static void test_key_map(void **state)
{
    (void)state;
    static const SDL_Keycode digits[7] = {SDLK_1, SDLK_2, SDLK_3, SDLK_4, SDLK_5, SDLK_6, SDLK_7};
    for (int i = 0; i < 7; i++)
        assert_int_equal(gf_key_action(digits[i], KMOD_NONE, false), GF_ACTION_ACT_LINEAR + i);
    assert_int_equal(gf_key_action(SDLK_r, KMOD_NONE, false), GF_ACTION_RESET);
    assert_int_equal(gf_key_action(SDLK_r, KMOD_LSHIFT, false), GF_ACTION_RESET_NEW_SEED);
    assert_int_equal(gf_key_action(SDLK_EQUALS, KMOD_LSHIFT, false), GF_ACTION_DEPTH_UP);
    assert_int_equal(gf_key_action(SDLK_KP_PLUS, KMOD_NONE, false), GF_ACTION_DEPTH_UP);
    assert_int_equal(gf_key_action(SDLK_MINUS, KMOD_NONE, false), GF_ACTION_DEPTH_DOWN);
    assert_int_equal(gf_key_action(SDLK_LEFTBRACKET, KMOD_NONE, false), GF_ACTION_WIDTH_HALVE);
    assert_int_equal(gf_key_action(SDLK_UP, KMOD_NONE, false), GF_ACTION_LR_UP);
    assert_int_equal(gf_key_action(SDLK_COMMA, KMOD_NONE, false), GF_ACTION_ALPHA_HALVE);
    assert_int_equal(gf_key_action(SDLK_F1, KMOD_NONE, false), GF_ACTION_HELP);
    assert_int_equal(gf_key_action(SDLK_F11, KMOD_NONE, false), GF_ACTION_FULLSCREEN);
    assert_int_equal(gf_key_action(SDLK_ESCAPE, KMOD_NONE, false), GF_ACTION_ESCAPE);
    /* System shortcuts pass through. */
    assert_int_equal(gf_key_action(SDLK_s, KMOD_NONE, false), GF_ACTION_EXPORT);
    assert_int_equal(gf_key_action(SDLK_s, KMOD_RSHIFT, false), GF_ACTION_EXPORT_BOTH_THEMES);
    assert_int_equal(gf_key_action(SDLK_s, KMOD_LCTRL, false), GF_ACTION_EXPORT_VECTOR);
    assert_int_equal(gf_key_action(SDLK_g, KMOD_RCTRL, true), GF_ACTION_RECORD);
    assert_int_equal(gf_key_action(SDLK_g, KMOD_NONE, false), GF_ACTION_NEXT_METRIC);
    assert_int_equal(gf_key_action(SDLK_p, KMOD_NONE, false), GF_ACTION_EXPORT_GRADIENTS);
    assert_int_equal(gf_key_action(SDLK_p, KMOD_LSHIFT, false), GF_ACTION_EXPORT_CURVES);
    assert_int_equal(gf_key_action(SDLK_e, KMOD_NONE, false), GF_ACTION_EXPORT_CSV);
    assert_int_equal(gf_key_action(SDLK_z, KMOD_NONE, false), GF_ACTION_EXPORT_SIZE);
    assert_int_equal(gf_key_action(SDLK_a, KMOD_NONE, false), GF_ACTION_TOGGLE_CAPTION);
    assert_int_equal(gf_key_action(SDLK_m, KMOD_NONE, false), GF_ACTION_LESSON);
    assert_int_equal(gf_key_action(SDLK_l, KMOD_NONE, false), GF_ACTION_TOGGLE_LANG);
    assert_int_equal(gf_key_action(SDLK_PAGEDOWN, KMOD_NONE, false), GF_ACTION_SCENE_NEXT);
    assert_int_equal(gf_key_action(SDLK_RIGHT, KMOD_NONE, false), GF_ACTION_SCENE_NEXT);
    assert_int_equal(gf_key_action(SDLK_PAGEUP, KMOD_NONE, false), GF_ACTION_SCENE_PREV);
    assert_int_equal(gf_key_action(SDLK_LEFT, KMOD_NONE, false), GF_ACTION_SCENE_PREV);
    assert_int_equal(gf_key_action(SDLK_k, KMOD_NONE, false), GF_ACTION_TOGGLE_RESIDUAL);
    assert_int_equal(gf_key_action(SDLK_b, KMOD_NONE, false), GF_ACTION_TOGGLE_BATCHNORM);
    assert_int_equal(gf_key_action(SDLK_c, KMOD_NONE, false), GF_ACTION_TOGGLE_CLIP);
    assert_int_equal(gf_key_action(SDLK_q, KMOD_LCTRL, false), GF_ACTION_NONE);
    assert_int_equal(gf_key_action(SDLK_u, KMOD_NONE, false), GF_ACTION_TOGGLE_DISTRIBUTIONS);
    assert_int_equal(gf_key_action(SDLK_w, KMOD_NONE, false), GF_ACTION_NEXT_TIME_VIEW);
    assert_int_equal(gf_key_action(SDLK_j, KMOD_NONE, false), GF_ACTION_HIST_LAYER_NEXT);
    assert_int_equal(gf_key_action(SDLK_j, KMOD_LSHIFT, false), GF_ACTION_HIST_LAYER_PREV);
    assert_true(gf_action_repeats(GF_ACTION_STEP));
    assert_false(gf_action_repeats(GF_ACTION_TOGGLE_THEME));
}

/* The key table's promises: every action but the mouse's has a key, no
 * key means two things in one mode, and every row that binds keys is
 * listed in the help overlay with its text. */
static void test_key_table(void **state)
{
    (void)state;
    bool bound[GF_ACTION_COUNT] = {false};
    for (int r = 0; r < gf_key_row_count(); r++) {
        const struct gf_key_row *row = gf_key_row(r);
        assert_non_null(row->keys);
        assert_non_null(row->text);
        assert_true(row->bind[0].key != 0);
        for (int b = 0; b < GF_KEY_BINDS && row->bind[b].key; b++) {
            const struct gf_key_bind *k = &row->bind[b];
            bound[k->action] = true;
            /* the binding is what a press gives, in each mode it holds in */
            Uint16 mod = k->mod == GF_MOD_SHIFT ? KMOD_LSHIFT : k->mod == GF_MOD_CTRL ? KMOD_LCTRL : KMOD_NONE;
            for (int lesson = 0; lesson < 2; lesson++) {
                if ((k->mode == GF_MODE_FREE && lesson) || (k->mode == GF_MODE_LESSON && !lesson))
                    continue;
                if (gf_key_action(k->key, mod, lesson) != k->action)
                    fail_msg("row \"%s\": key %d gives action %d, not %d", row->keys, (int)k->key,
                             gf_key_action(k->key, mod, lesson), k->action);
            }
        }
    }
    for (int a = GF_ACTION_NONE + 1; a < GF_ACTION_COUNT; a++)
        if (!bound[a] && a != GF_ACTION_FOCUS_LEFT && a != GF_ACTION_FOCUS_RIGHT)   /* those are clicks */
            fail_msg("action %d has no key in the table", a);
    /* the help overlay's rows are the table's rows */
    struct gf_app *help_app = calloc(1, sizeof *help_app);
    struct gf_lab_config cfg;
    gf_lab_config_default(&cfg);
    assert_true(gf_app_init(help_app, &cfg, GF_THEME_DARK));
    gf_app_apply(help_app, GF_ACTION_HELP);
    struct gf_view *view = calloc(1, sizeof *view);
    gf_app_view(help_app, view);
    assert_int_equal(view->n_help_rows, gf_key_row_count());
    for (int r = 0; r < gf_key_row_count(); r++) {
        char keys[64];
        snprintf(keys, sizeof keys, "%s%s%s", gf_key_row(r)->keys, gf_key_row(r)->keys_note ? " " : "",
                 gf_key_row(r)->keys_note ? gf_key_row(r)->keys_note : "");
        assert_string_equal(view->help_rows[r].keys, keys);
        assert_string_equal(view->help_rows[r].action, gf_key_row(r)->text);
    }
    /* ... with each setting's value and choices: D's cycle in its order, the current one marked */
    bool found = false;
    for (int r = 0; r < view->n_help_rows; r++)
        if (strcmp(view->help_rows[r].keys, "D / Shift+D") == 0) {
            assert_string_equal(view->help_rows[r].value,
                                "xor → circles → moons → [spiral] → spiral3 → blobs → sine");
            found = true;
        }
    assert_true(found);
    free(view);
    gf_app_destroy(help_app);
    free(help_app);
}

/* A key row as a Markdown table row ("|" inside a cell written "\\|"). */
static void md_row(char *buf, size_t n, const struct gf_key_row *row)
{
    size_t used = 0;
    char keys[64];
    snprintf(keys, sizeof keys, "%s%s%s", row->keys, row->keys_note ? " " : "", row->keys_note ? row->keys_note : "");
    /* the README describes the build with every feature; one without cairo
     * and giflib marks the keys it cannot serve, and is otherwise the same */
    char text[256];
    snprintf(text, sizeof text, "%s", row->text);
    const char *mark = " (not in this build)";
    size_t tl = strlen(text), ml = strlen(mark);
    if (!GF_FIGURES && tl > ml && strcmp(text + tl - ml, mark) == 0)
        text[tl - ml] = '\0';
    const char *cells[2] = {keys, text};
    used += (size_t)snprintf(buf, n, "|");
    for (int c = 0; c < 2 && used < n; c++) {
        used += (size_t)snprintf(buf + used, n - used, " ");
        for (const char *p = cells[c]; *p && used + 3 < n; p++) {
            if (*p == '|')
                buf[used++] = '\\';
            buf[used++] = *p;
        }
        buf[used] = '\0';
        used += (size_t)snprintf(buf + used, n - used, " |");
    }
}

/* The README's key table is the key table: same rows, same order, same words. */
static void test_readme_key_table(void **state)
{
    (void)state;
    char path[1024];
    snprintf(path, sizeof path, "%s/../README.md", GF_TEST_ASSETS);
    char *text = gf_test_slurp(path, NULL);
    assert_non_null(text);
    const char *start = strstr(text, "| key | what it does |\n|---|---|\n");
    if (!start)
        fail_msg("README.md has no key table (| key | what it does |)");
    const char *p = start + strlen("| key | what it does |\n|---|---|\n");
    int r = 0;
    for (; *p == '|'; r++) {
        const char *end = strchr(p, '\n');
        assert_non_null(end);
        char line[512], want[512];
        snprintf(line, sizeof line, "%.*s", (int)(end - p), p);
        if (r >= gf_key_row_count())
            fail_msg("README row %d \"%s\" is not in the key table", r + 1, line);
        md_row(want, sizeof want, gf_key_row(r));
        if (strcmp(line, want) != 0)
            fail_msg("README key row %d is\n%s\nthe table says\n%s", r + 1, line, want);
        p = end + 1;
    }
    if (r != gf_key_row_count())
    {
        char want[512];
        md_row(want, sizeof want, gf_key_row(r));
        fail_msg("README lists %d keys, the table %d; next: %s", r, gf_key_row_count(), want);
    }
    free(text);
}

static struct gf_app app;

static int setup(void **state)
{
    (void)state;
    struct gf_lab_config cfg;
    gf_lab_config_default(&cfg);
    return gf_app_init(&app, &cfg, GF_THEME_DARK) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    gf_app_destroy(&app);
    return 0;
}

static void test_activation_key_restarts_both_runs_from_the_seed(void **state)
{
    (void)state;
    gf_app_train(&app, 20);
    assert_int_equal(app.lab->run[GF_RIGHT].step, 20);
    app.focus = GF_LEFT;
    gf_app_apply(&app, GF_ACTION_ACT_RELU);
    assert_int_equal(app.cfg.act[GF_LEFT], GF_ACT_RELU);
    assert_int_equal(app.cfg.act[GF_RIGHT], GF_ACT_RELU);
    assert_int_equal(app.lab->run[GF_LEFT].step, 0);
    assert_int_equal(app.lab->run[GF_RIGHT].step, 0);
    /* Both are now the same network from the same seed. */
    assert_memory_equal(app.lab->run[0].net.params, app.lab->run[1].net.params,
                        app.lab->run[0].net.n_params * sizeof(float));
    /* At step 0 the bars show the gradients at initialisation, not zeros. */
    assert_true(app.bars[GF_LEFT].layer[0].v[GF_METRIC_GRAD_RMS] > 0.0f);
    assert_int_equal(app.map[GF_LEFT].step, -1);   /* maps are computed on demand */
    gf_app_refresh_map(&app, GF_LEFT);
    assert_int_equal(app.map[GF_LEFT].step, 0);
    assert_true(app.data_loss[GF_LEFT] > 0.0);
}

static void test_settings_keys_and_their_limits(void **state)
{
    (void)state;
    gf_app_apply(&app, GF_ACTION_DEPTH_UP);
    assert_int_equal(app.cfg.depth, 9);
    assert_int_equal(app.lab->run[0].net.n_layers, 10);
    gf_app_apply(&app, GF_ACTION_WIDTH_DOUBLE);
    assert_int_equal(app.cfg.width, 32);
    gf_app_apply(&app, GF_ACTION_LR_DOWN);
    assert_close(app.cfg.lr, 0.025, 0, 1e-6, "lr halved");
    for (int i = 0; i < 10; i++)
        gf_app_apply(&app, GF_ACTION_WIDTH_DOUBLE);
    assert_int_equal(app.cfg.width, 256);
    assert_non_null(strstr(app.note, "256"));   /* the limit is said, not silently ignored */
    for (int i = 0; i < 80; i++)
        gf_app_apply(&app, GF_ACTION_DEPTH_DOWN);
    assert_int_equal(app.cfg.depth, 1);
    gf_app_apply(&app, GF_ACTION_RESET_NEW_SEED);
    assert_int_equal(app.cfg.seed, 2);
    app.focus = GF_RIGHT;
    gf_app_apply(&app, GF_ACTION_ACT_LEAKY_RELU);   /* the slope keys act on a leaky ReLU run */
    gf_app_apply(&app, GF_ACTION_ALPHA_DOUBLE);
    assert_close(app.cfg.alpha[GF_RIGHT], 0.02, 0, 1e-6, "focused run's slope doubled");
    assert_close(app.cfg.alpha[GF_LEFT], 0.01, 0, 1e-6, "other run's slope kept");
}

/* A map is computed in slices from a snapshot: training on in between does not change it. */
static void test_map_work_is_sliced_and_exact(void **state)
{
    (void)state;
    gf_app_train(&app, 10);
    int slices = 0;
    while (!gf_app_map_work(&app, GF_LEFT, 1.0)) {   /* the least: one layer of every point a call */
        slices++;
        if (slices == 2)
            gf_app_train(&app, 5);   /* the run moves on; the map stays at step 10 */
    }
    assert_int_equal(slices + 1, app.lab->run[GF_LEFT].net.n_layers);
    assert_int_equal(app.map[GF_LEFT].step, 10);
    static float fresh[GF_MAP_RES * GF_MAP_RES];
    struct gf_lab_config cfg = app.cfg;
    struct gf_lab *lab = malloc(sizeof *lab);
    assert_true(gf_lab_init(lab, &cfg));
    gf_lab_step(lab, 10);
    gf_run_predict(&lab->run[GF_LEFT], app.map_x, app.map_points, fresh);
    assert_memory_equal(fresh, app.map[GF_LEFT].out, sizeof fresh);
    gf_lab_destroy(lab);
    free(lab);
}

/* The remedies apply to the focused run only, and restart both runs. */
static void test_remedy_keys(void **state)
{
    (void)state;
    app.focus = GF_LEFT;
    gf_app_train(&app, 5);
    gf_app_apply(&app, GF_ACTION_TOGGLE_RESIDUAL);
    gf_app_apply(&app, GF_ACTION_TOGGLE_BATCHNORM);
    gf_app_apply(&app, GF_ACTION_TOGGLE_CLIP);
    assert_true(app.lab->run[GF_LEFT].cfg.residual && app.lab->run[GF_LEFT].cfg.batchnorm);
    assert_close(app.lab->run[GF_LEFT].cfg.clip, GF_CLIP_DEFAULT, 0, 0, "clip threshold");
    assert_false(app.lab->run[GF_RIGHT].cfg.residual || app.lab->run[GF_RIGHT].cfg.batchnorm);
    assert_int_equal(app.lab->run[GF_LEFT].step, 0);
    assert_true(app.lab->run[GF_LEFT].net.batchnorm);
    gf_app_train(&app, 3);
    assert_true(app.bars[GF_LEFT].grad_norm_total > 0.0);
    gf_app_apply(&app, GF_ACTION_TOGGLE_CLIP);
    assert_close(app.lab->run[GF_LEFT].cfg.clip, 0.0, 0, 0, "clipping off again");
}

static void test_dataset_cycle_brings_its_head(void **state)
{
    (void)state;
    for (int i = 0; i < GF_DATA_COUNT; i++) {
        gf_app_apply(&app, GF_ACTION_NEXT_DATASET);
        enum gf_dataset d = app.cfg.dataset;
        assert_int_equal(gf_lab_config_head(&app.cfg), gf_dataset_info(d)->default_head);
        assert_int_equal(app.lab->data.kind, d);
        int n_in = gf_dataset_info(d)->n_inputs;
        assert_int_equal(app.map[0].res, n_in == 2 ? GF_MAP_RES : GF_CURVE_RES);
    }
    assert_int_equal(app.cfg.dataset, GF_DATA_SPIRAL);
    gf_app_apply(&app, GF_ACTION_NEXT_INIT);
    assert_int_equal(app.cfg.init, GF_INIT_CLASSIC);
    gf_app_apply(&app, GF_ACTION_NEXT_OPTIMIZER);
    assert_int_equal(app.cfg.optimizer, GF_OPT_MOMENTUM);
}

static void test_display_keys_do_not_restart(void **state)
{
    (void)state;
    gf_app_train(&app, 5);
    gf_app_apply(&app, GF_ACTION_TOGGLE_THEME);
    gf_app_apply(&app, GF_ACTION_NEXT_METRIC);
    gf_app_apply(&app, GF_ACTION_TOGGLE_LOG);
    gf_app_apply(&app, GF_ACTION_FASTER);
    gf_app_apply(&app, GF_ACTION_FOCUS_OTHER);
    assert_int_equal(app.lab->run[0].step, 5);
    assert_int_equal(app.theme, GF_THEME_LIGHT);
    assert_int_equal(app.bar_metric, GF_METRIC_GRAD_NORM);
    assert_false(app.bar_log);
    assert_int_equal(app.focus, GF_RIGHT);
    assert_close(gf_app_steps_per_second(&app), 1000.0, 0, 0, "one step faster than 300/s");
}

/* U, W and J change what is shown of the focused run only, and never restart training. */
static void test_distribution_keys(void **state)
{
    (void)state;
    gf_app_train(&app, 7);
    app.focus = GF_RIGHT;
    gf_app_apply(&app, GF_ACTION_TOGGLE_DISTRIBUTIONS);
    assert_true(app.dist_view[GF_RIGHT] && !app.dist_view[GF_LEFT]);
    /* the histograms describe the bars' pass, with every kind captured for the view */
    assert_int_equal(app.hists[GF_RIGHT].full_step, 7);
    assert_int_equal(app.hists[GF_RIGHT].step, 7);
    int counted = 0;
    for (int k = 0; k < GF_DIST_BINS; k++)
        counted += app.hists[GF_RIGHT].hist[GF_HIST_DELTA][0].bin[k];
    assert_int_equal(counted + app.hists[GF_RIGHT].hist[GF_HIST_DELTA][0].zero, 32 * 16);   /* batch x width */
    /* nothing recorded each step while no over-training view is on: training costs what it did */
    assert_false(app.lab->run[GF_LEFT].measure_dist || app.lab->run[GF_RIGHT].measure_dist);
    for (int t = 1; t <= GF_TIME_VIEW_COUNT; t++) {
        gf_app_apply(&app, GF_ACTION_NEXT_TIME_VIEW);
        assert_int_equal(app.time_view[GF_RIGHT], t % GF_TIME_VIEW_COUNT);
        for (int s = 0; s < GF_SIDES; s++) {   /* both runs record alike */
            assert_int_equal(app.lab->run[s].measure_dist, t % GF_TIME_VIEW_COUNT != GF_TIME_HEAT);
            assert_int_equal(app.lab->run[s].measure_percentiles, t % GF_TIME_VIEW_COUNT == GF_TIME_PERCENTILES);
        }
    }
    assert_int_equal(app.time_view[GF_LEFT], GF_TIME_HEAT);
    /* the z histogram under f(x): off in a column with no view of the distributions until a layer is picked */
    struct gf_view shown;
    gf_app_view(&app, &shown);
    assert_false(shown.hist_shown[GF_LEFT]);
    assert_true(shown.hist_shown[GF_RIGHT]);   /* U is on there */
    gf_app_apply(&app, GF_ACTION_FOCUS_OTHER);
    gf_app_apply(&app, GF_ACTION_HIST_LAYER_NEXT);
    gf_app_view(&app, &shown);
    assert_true(shown.hist_shown[GF_LEFT]);
    assert_int_equal(shown.hist_layer[GF_LEFT], 1);
    gf_app_apply(&app, GF_ACTION_FOCUS_OTHER);
    gf_app_apply(&app, GF_ACTION_HIST_LAYER_PREV);   /* from the first hidden layer round to the last */
    assert_int_equal(app.hist_layer[GF_RIGHT], app.cfg.depth - 1);
    gf_app_apply(&app, GF_ACTION_HIST_LAYER_NEXT);
    assert_int_equal(app.hist_layer[GF_RIGHT], 0);
    gf_app_pick_layer(&app, GF_RIGHT, 3);
    assert_int_equal(app.hist_layer[GF_RIGHT], 3);
    assert_false(app.note_is_error);
    gf_app_pick_layer(&app, GF_RIGHT, app.cfg.depth);   /* the output layer: refused */
    assert_int_equal(app.hist_layer[GF_RIGHT], 3);
    assert_true(app.note_is_error);
    assert_int_equal(app.lab->run[GF_RIGHT].step, 7);
    /* fewer layers: the shaded layer moves to the deepest left */
    for (int i = 0; i < 6; i++)
        gf_app_apply(&app, GF_ACTION_DEPTH_DOWN);
    assert_int_equal(app.hist_layer[GF_RIGHT], 1);
    struct gf_view view;
    gf_app_view(&app, &view);
    assert_true(view.dist_view[GF_RIGHT] && view.hists[GF_RIGHT] == &app.hists[GF_RIGHT]);
}

/* A big network's f(z), δ and dW histograms are taken every few training calls, z's every call. */
static void test_big_network_distributions_every_few_calls(void **state)
{
    (void)state;
    struct gf_lab_config cfg = app.cfg;
    cfg.depth = 32;
    cfg.width = 256;
    gf_app_destroy(&app);
    assert_true(gf_app_init(&app, &cfg, GF_THEME_DARK));
    gf_app_apply(&app, GF_ACTION_TOGGLE_DISTRIBUTIONS);   /* at once, whatever the size */
    assert_int_equal(app.hists[GF_LEFT].full_step, 0);
    int taken = 0;
    for (int i = 0; i < 20; i++) {
        gf_app_train(&app, 1);
        assert_int_equal(app.hists[GF_LEFT].step, i + 1);
        taken += app.hists[GF_LEFT].full_step == i + 1;
    }
    /* 2 x 32 layers x 256 x (2 x 32 + 256) values: one call in 18 */
    assert_int_equal(taken, 1);
    assert_true(app.hists[GF_LEFT].full_step == app.hists[GF_RIGHT].full_step);   /* both runs from one pass */
}

/* Per-run inits: the headers and the settings line say which; I gives both the next one. */
static void test_per_run_init(void **state)
{
    (void)state;
    struct gf_lab_config cfg = app.cfg;
    cfg.init = GF_INIT_CLASSIC;
    cfg.own_init[GF_RIGHT] = true;
    cfg.side_init[GF_RIGHT] = GF_INIT_XAVIER;
    gf_app_destroy(&app);
    assert_true(gf_app_init(&app, &cfg, GF_THEME_DARK));
    assert_int_equal(app.lab->run[GF_LEFT].cfg.init, GF_INIT_CLASSIC);
    assert_int_equal(app.lab->run[GF_RIGHT].cfg.init, GF_INIT_XAVIER);
    char name[32];
    gf_lab_config_init_name(&app.cfg, name, sizeof name);
    assert_string_equal(name, "classic / xavier");
    struct gf_export_request req = {.figure = GF_FIGURE_FULL, .width = 1920, .height = 1080, .caption = true};
    char *cmd = gf_export_command(&app, &req, "x.png");
    assert_non_null(cmd);
    assert_non_null(strstr(cmd, " --init classic "));
    assert_non_null(strstr(cmd, " --right-init xavier"));
    assert_null(strstr(cmd, "--left-init"));
    free(cmd);
    gf_app_apply(&app, GF_ACTION_NEXT_INIT);
    assert_int_equal(app.lab->run[GF_LEFT].cfg.init, GF_INIT_XAVIER);
    assert_int_equal(app.lab->run[GF_RIGHT].cfg.init, GF_INIT_XAVIER);
    gf_lab_config_init_name(&app.cfg, name, sizeof name);
    assert_string_equal(name, "xavier");
}

static void test_export_actions_are_left_to_the_window(void **state)
{
    (void)state;
    gf_app_apply(&app, GF_ACTION_EXPORT_GRADIENTS);
    assert_int_equal(app.pending_export, GF_ACTION_EXPORT_GRADIENTS);
    int w, h;
    gf_app_export_size(&app, 1280, 720, &w, &h);
    assert_true(w == 1920 && h == 1080);   /* a slide's size by default, not the window's */
    gf_app_apply(&app, GF_ACTION_EXPORT_SIZE);
    gf_app_export_size(&app, 1280, 720, &w, &h);
    assert_true(w == 3840 && h == 2160);
    gf_app_apply(&app, GF_ACTION_EXPORT_SIZE);
    gf_app_export_size(&app, 1280, 720, &w, &h);
    assert_true(w == 1280 && h == 720);
    assert_false(app.note_is_error);
    assert_true(app.caption);
    gf_app_apply(&app, GF_ACTION_TOGGLE_CAPTION);
    assert_false(app.caption);
}

static void test_pause_step_help_and_escape(void **state)
{
    (void)state;
    gf_app_apply(&app, GF_ACTION_STEP);   /* not paused: refused with a note */
    assert_int_equal(app.lab->run[0].step, 0);
    assert_true(app.note[0] != '\0');
    gf_app_apply(&app, GF_ACTION_PAUSE);
    gf_app_apply(&app, GF_ACTION_STEP);
    assert_int_equal(app.lab->run[0].step, 1);
    assert_int_equal(app.lab->run[1].step, 1);
    gf_app_apply(&app, GF_ACTION_HELP);
    assert_true(app.help);
    gf_app_apply(&app, GF_ACTION_ESCAPE);
    assert_false(app.help);
    assert_false(app.quit);
    gf_app_apply(&app, GF_ACTION_ESCAPE);   /* nothing left to close: Esc says how to quit instead */
    assert_false(app.quit);
    assert_non_null(strstr(app.note, "Q"));
    gf_app_apply(&app, GF_ACTION_QUIT);     /* in free play, windowed, Q quits at once */
    assert_true(app.quit);
}

/* Esc never quits, in any state: it peels one layer at a time. */
static void test_escape_never_quits(void **state)
{
    (void)state;
    gf_app_apply(&app, GF_ACTION_ZOOM);   /* zoomed in free play, then the show starts: */
    gf_app_apply(&app, GF_ACTION_SHOW_FROM_START);   /* lesson mode, fullscreen, no zoom */
    assert_true(app.lesson_mode && app.fullscreen && app.scene == 0 && app.zoom == GF_PANEL_NONE);
    gf_app_apply(&app, GF_ACTION_ZOOM);   /* a scene is not zoomed */
    assert_true(app.zoom == GF_PANEL_NONE);
    app.zoom = GF_PANEL_BARS;   /* (as if it were: Esc still peels it first) */
    gf_app_apply(&app, GF_ACTION_HELP);
    gf_app_apply(&app, GF_ACTION_PROMPT);
    assert_true(app.prompt_open && app.help && app.zoom == GF_PANEL_BARS);
    gf_app_apply(&app, GF_ACTION_ESCAPE);
    assert_true(!app.prompt_open && app.help);
    gf_app_apply(&app, GF_ACTION_ESCAPE);
    assert_true(!app.help && app.zoom == GF_PANEL_BARS);
    gf_app_apply(&app, GF_ACTION_ESCAPE);
    assert_true(app.zoom == GF_PANEL_NONE && app.fullscreen);
    gf_app_apply(&app, GF_ACTION_ESCAPE);
    assert_true(!app.fullscreen && app.lesson_mode);
    gf_app_apply(&app, GF_ACTION_ESCAPE);
    assert_false(app.lesson_mode);
    for (int i = 0; i < 5; i++)
        gf_app_apply(&app, GF_ACTION_ESCAPE);
    assert_false(app.quit);
}

/* Q asks once more in lesson mode and in fullscreen; any other key in between cancels. */
static void test_quit_twice_in_a_show(void **state)
{
    (void)state;
    gf_app_apply(&app, GF_ACTION_LESSON);
    gf_app_apply(&app, GF_ACTION_QUIT);
    assert_false(app.quit);
    assert_true(app.note_is_error && strstr(app.note, "Q again"));
    gf_app_apply(&app, GF_ACTION_SCENE_NEXT);   /* not Q: the question lapses */
    gf_app_apply(&app, GF_ACTION_QUIT);
    assert_false(app.quit);
    gf_app_apply(&app, GF_ACTION_QUIT);
    assert_true(app.quit);
    app.quit = false;
    gf_app_apply(&app, GF_ACTION_LESSON);   /* free play, fullscreen */
    gf_app_apply(&app, GF_ACTION_FULLSCREEN);
    gf_app_apply(&app, GF_ACTION_QUIT);
    assert_false(app.quit);
    gf_app_apply(&app, GF_ACTION_QUIT);
    assert_true(app.quit);
}

/* What a presenter's remote sends in lesson mode moves through the lesson
 * or blanks the screen, and changes no run. */
static void test_clicker_keys_in_lesson_mode(void **state)
{
    (void)state;
    gf_app_apply(&app, GF_ACTION_SHOW_FROM_START);
    gf_app_apply(&app, GF_ACTION_SCENE_NEXT);
    gf_app_apply(&app, GF_ACTION_SCENE_NEXT);
    gf_app_train(&app, 7);
    struct gf_lab_config before = app.cfg;
    const struct gf_lab *lab = app.lab;
    assert_int_equal(gf_key_action(SDLK_b, KMOD_NONE, true), GF_ACTION_BLANK);
    assert_int_equal(gf_key_action(SDLK_PERIOD, KMOD_NONE, true), GF_ACTION_BLANK);
    assert_int_equal(gf_key_action(SDLK_b, KMOD_NONE, false), GF_ACTION_TOGGLE_BATCHNORM);
    assert_int_equal(gf_key_action(SDLK_PERIOD, KMOD_NONE, false), GF_ACTION_ALPHA_DOUBLE);
    assert_int_equal(gf_key_action(SDLK_b, KMOD_LSHIFT, true), GF_ACTION_TOGGLE_BATCHNORM);
    assert_int_equal(gf_key_action(SDLK_PERIOD, KMOD_LSHIFT, true), GF_ACTION_ALPHA_DOUBLE);
    assert_int_equal(gf_key_action(SDLK_COMMA, KMOD_LSHIFT, true), GF_ACTION_ALPHA_HALVE);
    assert_int_equal(gf_key_action(SDLK_LESS, KMOD_NONE, true), GF_ACTION_ALPHA_HALVE);
    assert_int_equal(gf_key_action(SDLK_GREATER, KMOD_NONE, false), GF_ACTION_ALPHA_DOUBLE);
    assert_int_equal(gf_key_action(SDLK_F5, KMOD_NONE, true), GF_ACTION_SHOW_FROM_START);
    assert_int_equal(gf_key_action(SDLK_F5, KMOD_RSHIFT, true), GF_ACTION_SHOW_FROM_HERE);
    assert_int_equal(gf_key_action(SDLK_ESCAPE, KMOD_NONE, true), GF_ACTION_ESCAPE);
    static const SDL_Keycode clicker[] = {SDLK_b, SDLK_x, SDLK_PERIOD, SDLK_b, SDLK_PERIOD, SDLK_RETURN};
    for (size_t i = 0; i < sizeof clicker / sizeof clicker[0]; i++) {
        gf_app_apply(&app, gf_key_action(clicker[i], KMOD_NONE, app.lesson_mode));
        if (clicker[i] != SDLK_RETURN)
            assert_true(app.blank == (i % 2 == 0));   /* blank, then any key (X, B, .) brings it back */
    }
    assert_true(app.lab == lab && app.lab->run[0].step == 7 && app.lesson_mode && app.scene == 2);
    assert_true(app.bar_log && !app.prompt_open);   /* the key that unblanked did nothing else */
    assert_int_equal(app.cfg.batchnorm[GF_LEFT], before.batchnorm[GF_LEFT]);
    gf_app_apply(&app, GF_ACTION_SHOW_FROM_HERE);   /* Shift+F5: this scene, from its start, fullscreen */
    assert_true(app.scene == 2 && app.fullscreen && app.lab->run[0].step == 0);
}

/* A key that changes nothing restarts nothing, and says why. */
static void test_unchanged_settings_do_not_restart(void **state)
{
    (void)state;
    gf_app_train(&app, 5);
    const struct gf_lab *lab = app.lab;
    gf_app_apply(&app, GF_ACTION_ACT_SIGMOID);   /* the left run is sigmoid already */
    assert_true(app.lab == lab && app.lab->run[0].step == 5);
    assert_non_null(strstr(app.note, "already"));
    gf_app_apply(&app, GF_ACTION_ALPHA_HALVE);   /* neither run is leaky ReLU */
    gf_app_apply(&app, GF_ACTION_ALPHA_DOUBLE);
    assert_true(app.lab == lab && app.lab->run[0].step == 5);
    assert_non_null(strstr(app.note, "leaky"));
    assert_close(app.cfg.alpha[GF_LEFT], 0.01, 0, 1e-7, "the slope is left alone");
    /* the right run leaky: the slope keys reach it even with the focus on the left */
    gf_app_apply(&app, GF_ACTION_FOCUS_RIGHT);
    gf_app_apply(&app, GF_ACTION_ACT_LEAKY_RELU);
    gf_app_apply(&app, GF_ACTION_FOCUS_LEFT);
    gf_app_train(&app, 3);
    lab = app.lab;
    gf_app_apply(&app, GF_ACTION_ALPHA_DOUBLE);
    assert_true(app.lab != lab && app.lab->run[0].step == 0);
    assert_close(app.cfg.alpha[GF_RIGHT], 0.02, 0, 1e-7, "the leaky run's slope doubled");
    /* at the top of its range, a doubling changes nothing */
    app.cfg.alpha[GF_RIGHT] = 1.0f;
    gf_app_apply(&app, GF_ACTION_RESET);
    gf_app_train(&app, 2);
    lab = app.lab;
    gf_app_apply(&app, GF_ACTION_ALPHA_DOUBLE);
    assert_true(app.lab == lab && app.lab->run[0].step == 2);
}

/* Shift+D, Shift+I and Shift+O go backwards through the cycles D, I and O go through. */
static void test_cycles_backwards(void **state)
{
    (void)state;
    struct gf_lab_config start = app.cfg;
    gf_app_apply(&app, GF_ACTION_NEXT_DATASET);
    gf_app_apply(&app, GF_ACTION_NEXT_INIT);
    gf_app_apply(&app, GF_ACTION_NEXT_OPTIMIZER);
    assert_int_not_equal(app.cfg.dataset, start.dataset);
    gf_app_apply(&app, GF_ACTION_PREV_DATASET);
    gf_app_apply(&app, GF_ACTION_PREV_INIT);
    gf_app_apply(&app, GF_ACTION_PREV_OPTIMIZER);
    assert_int_equal(app.cfg.dataset, start.dataset);
    assert_int_equal(app.cfg.init, start.init);
    assert_int_equal(app.cfg.optimizer, start.optimizer);
    gf_app_apply(&app, GF_ACTION_PREV_DATASET);   /* before spiral in the cycle: moons */
    assert_int_equal(app.cfg.dataset, GF_DATA_MOONS);
    gf_app_apply(&app, GF_ACTION_PREV_OPTIMIZER);   /* sgd wraps round to the last */
    assert_int_equal(app.cfg.optimizer, GF_OPT_COUNT - 1);
}

/* The prompt: a good line applied in one restart; a bad one leaves the runs as they were. */
static void test_prompt(void **state)
{
    (void)state;
    gf_app_train(&app, 4);
    const struct gf_lab *lab = app.lab;
    gf_app_apply(&app, GF_ACTION_PROMPT);
    assert_true(app.prompt_open);
    gf_app_prompt_type(&app, "--depth 20 --right tanh --lr 2000");
    assert_false(gf_app_prompt_submit(&app));
    assert_true(app.prompt_open && app.lab == lab && app.lab->run[0].step == 4 && app.cfg.depth == 8);
    assert_string_equal(app.prompt_error, "--lr \"2000\": expected a learning rate in (0, 1000]");
    for (int i = 0; i < 4; i++)
        gf_app_prompt_erase(&app);
    gf_app_prompt_type(&app, "0.01 --leaky-alpha 0.2 --theme light");
    assert_string_equal(app.prompt, "--depth 20 --right tanh --lr 0.01 --leaky-alpha 0.2 --theme light");
    unsigned restarts = 0;
    assert_true(gf_app_prompt_submit(&app));
    restarts += app.lab != lab;
    assert_int_equal(restarts, 1);
    assert_false(app.prompt_open);
    assert_int_equal(app.cfg.depth, 20);
    assert_int_equal(app.cfg.act[GF_RIGHT], GF_ACT_TANH);
    assert_int_equal(app.cfg.act[GF_LEFT], GF_ACT_SIGMOID);   /* the rest as it was */
    assert_close(app.cfg.lr, 0.01, 0, 1e-7, "lr");
    assert_close(app.cfg.alpha[GF_LEFT], 0.2, 0, 1e-7, "alpha");
    assert_int_equal(app.theme, GF_THEME_LIGHT);
    assert_int_equal(app.lab->run[0].net.n_layers, 21);
    /* the same line again restarts nothing; ↑ brings it back */
    gf_app_train(&app, 2);
    lab = app.lab;
    gf_app_apply(&app, GF_ACTION_PROMPT);
    gf_app_prompt_recall(&app, -1);
    assert_string_equal(app.prompt, "--depth 20 --right tanh --lr 0.01 --leaky-alpha 0.2 --theme light");
    gf_app_prompt_recall(&app, 1);
    assert_string_equal(app.prompt, "");
    gf_app_prompt_recall(&app, -1);
    assert_true(gf_app_prompt_submit(&app));
    assert_true(app.lab == lab && app.lab->run[0].step == 2);
    /* flags the window cannot change are refused by name */
    gf_app_apply(&app, GF_ACTION_PROMPT);
    gf_app_prompt_type(&app, "--csv x.csv");
    assert_false(gf_app_prompt_submit(&app));
    assert_non_null(strstr(app.prompt_error, "--csv"));
    gf_app_prompt_erase(&app);   /* a multi-byte character goes as one */
    gf_app_prompt_type(&app, "한");
    gf_app_prompt_erase(&app);
    assert_string_equal(app.prompt, "--csv x.cs");
}

/* The views of the distributions through the prompt: no restart, a layer
 * beyond the networks' refused whole. */
static void test_prompt_views(void **state)
{
    (void)state;
    gf_app_train(&app, 3);
    const struct gf_lab *lab = app.lab;
    gf_app_apply(&app, GF_ACTION_PROMPT);
    gf_app_prompt_type(&app, "--right-distributions --left-over-steps delta --left-layer 9");
    assert_false(gf_app_prompt_submit(&app));
    assert_string_equal(app.prompt_error, "--left-layer 9: the networks have 8 hidden layers");
    assert_false(app.dist_view[GF_RIGHT]);
    assert_int_equal(app.time_view[GF_LEFT], GF_TIME_HEAT);
    gf_app_prompt_erase(&app);
    gf_app_prompt_type(&app, "3");
    assert_true(gf_app_prompt_submit(&app));
    assert_true(app.lab == lab && app.lab->run[0].step == 3);
    assert_true(app.dist_view[GF_RIGHT] && !app.dist_view[GF_LEFT]);
    assert_int_equal(app.time_view[GF_LEFT], GF_TIME_DELTA);
    assert_int_equal(app.time_view[GF_RIGHT], GF_TIME_HEAT);
    assert_int_equal(app.hist_layer[GF_LEFT], 2);
    assert_true(app.hist_picked[GF_LEFT] && !app.hist_picked[GF_RIGHT]);
    assert_true(app.lab->run[GF_LEFT].measure_dist);   /* the ‖δ‖ view records from now on */
    assert_false(app.lab->run[GF_LEFT].measure_percentiles);
}

/* Ctrl+= and Ctrl+- step the text size within 0.75 … 2. */
static void test_text_scale_keys(void **state)
{
    (void)state;
    assert_close(app.text_scale, 1.0, 0, 0, "default");
    gf_app_apply(&app, GF_ACTION_TEXT_BIGGER);
    gf_app_apply(&app, GF_ACTION_TEXT_BIGGER);
    assert_close(app.text_scale, 1.5, 0, 0, "two steps up");
    for (int i = 0; i < 10; i++)
        gf_app_apply(&app, GF_ACTION_TEXT_BIGGER);
    assert_close(app.text_scale, 2.0, 0, 0, "the top");
    for (int i = 0; i < 10; i++)
        gf_app_apply(&app, GF_ACTION_TEXT_SMALLER);
    assert_close(app.text_scale, 0.75, 0, 0, "the bottom");
    assert_int_equal(gf_key_action(SDLK_EQUALS, KMOD_LCTRL, false), GF_ACTION_TEXT_BIGGER);
    assert_int_equal(gf_key_action(SDLK_MINUS, KMOD_RCTRL, true), GF_ACTION_TEXT_SMALLER);
    assert_int_equal(gf_key_action(SDLK_EQUALS, KMOD_NONE, false), GF_ACTION_DEPTH_UP);
}

/* L switches the language of everything at once, says so in the new
 * language, and the notes that follow are in it; a second L switches back. */
static void test_language_key(void **state)
{
    (void)state;
    long misses = gf_tr_misses();
    assert_int_equal(app.lang, GF_LANG_EN);
    gf_app_apply(&app, GF_ACTION_TOGGLE_LANG);
    assert_int_equal(app.lang, GF_LANG_KO);
    assert_string_equal(app.note, "한국어");
    assert_false(app.note_is_error);
    struct gf_view view;
    gf_app_view(&app, &view);
    assert_int_equal(view.lang, GF_LANG_KO);
    gf_app_apply(&app, GF_ACTION_STEP);   /* refused while training: said in Korean */
    assert_non_null(strstr(app.note, "일시 정지"));
    for (int i = 0; i < 80; i++)
        gf_app_apply(&app, GF_ACTION_DEPTH_DOWN);
    assert_string_equal(app.note, "은닉층 수는 1 … 64 범위입니다");
    gf_app_apply(&app, GF_ACTION_EXPORT_SIZE);
    assert_string_equal(app.note, "PNG 저장 크기: 3840×2160");
    gf_app_apply(&app, GF_ACTION_EXPORT_SIZE);
    assert_string_equal(app.note, "PNG 저장 크기: 창 크기");
    gf_app_apply(&app, GF_ACTION_EXPORT_SIZE);
    assert_string_equal(app.note, "PNG 저장 크기: 1920×1080");
    assert_int_equal(gf_tr_misses(), misses);
    unsigned serial = app.note_serial;
    gf_app_apply(&app, GF_ACTION_TOGGLE_LANG);
    assert_int_equal(app.lang, GF_LANG_EN);
    assert_string_equal(app.note, "English");
    assert_true(app.note_serial == serial + 1);   /* a new note: the window shows it */
    gf_app_apply(&app, GF_ACTION_EXPORT_SIZE);
    assert_string_equal(app.note, "PNG exports at 3840×2160");
}

/* Lesson captions follow the language too. */
static void test_lesson_follows_language(void **state)
{
    (void)state;
    gf_app_apply(&app, GF_ACTION_TOGGLE_LANG);
    gf_app_apply(&app, GF_ACTION_LESSON);
    struct gf_view view;
    gf_app_view(&app, &view);
    assert_int_equal(view.lang, GF_LANG_KO);
    assert_string_equal(view.lesson.title, "1. 선형 함수");
    gf_app_apply(&app, GF_ACTION_TOGGLE_LANG);
    assert_string_equal(app.note, "English");
    gf_app_view(&app, &view);
    assert_string_equal(view.lesson.title, "1. Linear functions");
}

/* M enters the lesson at its first scene; PageDown and PageUp walk it, ← →
 * too; the ends say so; Esc leaves with the scene's settings and M comes
 * back to the same scene. */
static void test_scene_navigation(void **state)
{
    (void)state;
    const struct gf_lesson *l = gf_lesson_builtin();
    assert_ptr_equal(app.lesson, l);
    gf_app_apply(&app, GF_ACTION_SCENE_NEXT);   /* free play: nothing happens */
    assert_false(app.lesson_mode);
    assert_null(gf_app_scene(&app));
    gf_app_apply(&app, GF_ACTION_LESSON);
    assert_true(app.lesson_mode);
    assert_int_equal(app.scene, 0);
    assert_int_equal(app.cfg.act[GF_LEFT], GF_ACT_LINEAR);
    struct gf_view view;
    gf_app_view(&app, &view);
    assert_true(view.in_lesson);
    assert_int_equal(view.lesson.kind, GF_SCENE_LINEAR);
    assert_string_equal(view.lesson.title, "1. Linear functions");
    unsigned serial = app.note_serial;
    gf_app_apply(&app, GF_ACTION_SCENE_PREV);   /* before the first: a note, no move */
    assert_int_equal(app.scene, 0);
    assert_true(app.note_serial != serial);
    for (int i = 1; i < l->n_scenes; i++) {
        gf_app_train(&app, 3);
        gf_app_apply(&app, GF_ACTION_SCENE_NEXT);
        assert_int_equal(app.scene, i);
        assert_int_equal(app.lab->run[GF_LEFT].step, 0);   /* each scene trains from its start */
        assert_memory_equal(&app.cfg, &l->scene[i].cfg, sizeof app.cfg);
        assert_int_equal(app.n_examples, l->scene[i].n_examples);
    }
    assert_int_equal(app.n_examples, 0);
    gf_app_enter_scene(&app, 6);   /* the output-layer table, with its three examples */
    assert_int_equal(app.n_examples, 3);
    gf_app_train(&app, 5);
    assert_int_equal(app.example[2].lab->run[GF_LEFT].step, 5);
    gf_app_refresh_map(&app, GF_LEFT);
    assert_int_equal(app.example[0].map.step, 5);
    assert_true(app.example[0].data_accuracy > 0.0 && app.example[0].data_accuracy <= 1.0);
    assert_true(isnan(app.example[2].data_accuracy) && app.example[2].data_loss > 0.0);   /* sine: regression */
    gf_app_enter_scene(&app, l->n_scenes - 1);
    serial = app.note_serial;
    gf_app_apply(&app, GF_ACTION_SCENE_NEXT);   /* past the last: a note, no move */
    assert_int_equal(app.scene, l->n_scenes - 1);
    assert_true(app.note_serial != serial);
    /* a key still acts in lesson mode; Esc leaves and keeps what is on screen */
    gf_app_apply(&app, GF_ACTION_ACT_TANH);
    gf_app_apply(&app, GF_ACTION_ESCAPE);
    assert_false(app.lesson_mode);
    assert_false(app.quit);
    assert_int_equal(app.cfg.act[GF_LEFT], GF_ACT_TANH);
    assert_true(app.cfg.batchnorm[GF_RIGHT]);   /* the last scene's: batch norm on the right */
    gf_app_apply(&app, GF_ACTION_LESSON);
    assert_int_equal(app.scene, l->n_scenes - 1);
    gf_app_apply(&app, GF_ACTION_LESSON);   /* M leaves too */
    assert_false(app.lesson_mode);
    char err[256];
    struct gf_cli_options opt;
    char *too_far[] = {"gradflow", "--scene", "11", NULL};
    assert_int_equal(gf_cli_parse(&opt, 3, too_far, err, sizeof err), GF_CLI_RUN);
    assert_false(gf_app_open_scene(&app, &opt, err, sizeof err));
    assert_string_equal(err, "--scene 11: the lesson has scenes 1..10");
    /* with network flags the scene shows the networks they describe */
    char *deeper[] = {"gradflow", "--scene", "3", "--depth", "4", "--headless", "--right", "tanh", NULL};
    assert_int_equal(gf_cli_parse(&opt, 8, deeper, err, sizeof err), GF_CLI_RUN);
    assert_true(gf_app_open_scene(&app, &opt, err, sizeof err));
    assert_int_equal(app.scene, 2);
    assert_true(app.lesson_mode);
    assert_memory_equal(&app.cfg, &opt.lab, sizeof app.cfg);
    assert_int_equal(app.cfg.depth, 4);
    assert_int_equal(app.cfg.act[GF_LEFT], GF_ACT_SIGMOID);   /* the default, not the scene's linear */
    assert_int_equal(app.cfg.act[GF_RIGHT], GF_ACT_TANH);
    /* without, its own */
    char *plain[] = {"gradflow", "--scene", "5", NULL};
    assert_int_equal(gf_cli_parse(&opt, 3, plain, err, sizeof err), GF_CLI_RUN);
    assert_true(gf_app_open_scene(&app, &opt, err, sizeof err));
    assert_memory_equal(&app.cfg, &l->scene[4].cfg, sizeof app.cfg);
    gf_app_view(&app, &view);
    assert_true(view.bars_bound);
}

/* With softmax applied twice on a run, D keeps to the multi-class datasets. */
static void test_dataset_key_with_softmax_twice(void **state)
{
    (void)state;
    gf_app_enter_scene(&app, 7);
    assert_int_equal(app.cfg.dataset, GF_DATA_SPIRAL3);
    gf_app_apply(&app, GF_ACTION_NEXT_DATASET);
    assert_int_equal(app.cfg.dataset, GF_DATA_BLOBS);
    assert_false(app.note_is_error);
    gf_app_apply(&app, GF_ACTION_NEXT_DATASET);
    assert_int_equal(app.cfg.dataset, GF_DATA_SPIRAL3);
    assert_true(app.cfg.double_softmax[GF_RIGHT]);
    assert_false(app.note_is_error);
}

/* Big networks get coarser maps, so a map never takes more than a moment. */
static void test_map_resolution_follows_the_cost(void **state)
{
    (void)state;
    assert_int_equal(gf_app_map_res(1840), GF_MAP_RES);        /* 8 x 16: the default */
    assert_int_equal(gf_app_map_res(123000), GF_MAP_RES / 2);  /* 30 x 64 */
    assert_int_equal(gf_app_map_res(4200000), GF_MAP_RES_MIN); /* 64 x 256 */
    for (int i = 0; i < 56; i++)   /* 8 -> 64 hidden layers */
        gf_app_apply(&app, GF_ACTION_DEPTH_UP);
    for (int i = 0; i < 4; i++)    /* 16 -> 256 wide */
        gf_app_apply(&app, GF_ACTION_WIDTH_DOUBLE);
    assert_int_equal(app.cfg.depth, 64);
    assert_int_equal(app.cfg.width, 256);
    assert_int_equal(app.map[GF_LEFT].res, GF_MAP_RES_MIN);
}

/* The facts the scenes state, gathered with the maps: a linear network's
 * exact affine map, and the top probability the loss sees (capped at
 * e / (e + 2) with softmax applied twice on three classes). */
static void test_model_facts(void **state)
{
    (void)state;
    gf_app_enter_scene(&app, 2);   /* deep linear against tanh */
    gf_app_train(&app, 50);
    for (int s = 0; s < GF_SIDES; s++)
        gf_app_refresh_map(&app, (enum gf_side)s);
    const struct gf_map *linear = &app.map[GF_LEFT], *tanh_map = &app.map[GF_RIGHT];
    assert_true(linear->affine);
    assert_false(tanh_map->affine);
    double W[GF_MAP_AFFINE_OUTPUTS * GF_MAX_INPUTS], b[GF_MAP_AFFINE_OUTPUTS];
    assert_true(gf_mlp_effective_linear(&app.lab->run[GF_LEFT].net, W, b));   /* the map is of this very step */
    for (int i = 0; i < 2; i++)
        assert_close(linear->W_eff[i], W[i], 0.0, 0.0, "W_eff[%d]", i);
    assert_close(linear->b_eff[0], b[0], 0.0, 0.0, "b_eff");
    assert_true(linear->affine_gap < 1e-5 * (1.0 + fabs(b[0])));   /* float rounding through 7 layers */
    assert_true(linear->top_prob >= 0.5 && linear->top_prob <= 1.0);

    gf_app_enter_scene(&app, 7);   /* ce against softmax twice */
    gf_app_train(&app, 300);
    for (int s = 0; s < GF_SIDES; s++)
        gf_app_refresh_map(&app, (enum gf_side)s);
    double cap = exp(1.0) / (exp(1.0) + 2.0);
    assert_true(app.map[GF_RIGHT].top_prob <= cap && app.map[GF_RIGHT].top_prob > 0.5);
    assert_true(app.map[GF_LEFT].top_prob > cap);   /* the plain run is surer than the cap allows */
    assert_false(app.map[GF_LEFT].affine);
}

/* A lesson file that does not parse: the note names file and line, the built-in lesson stays. */
static void test_bad_lesson_file_keeps_the_builtin(void **state)
{
    (void)state;
    char err[512];
    assert_false(gf_app_load_lesson(&app, GF_TEST_ASSETS "/fonts/LICENSE-DejaVu.txt", err, sizeof err));
    assert_non_null(strstr(app.note, "LICENSE-DejaVu.txt:1: expected the first line to be `gradflow-lesson 1`"));
    assert_non_null(strstr(app.note, "kept the built-in lesson"));
    assert_true(app.note_is_error);
    assert_ptr_equal(app.lesson, gf_lesson_builtin());
    assert_true(gf_app_load_lesson(&app, GF_TEST_ASSETS "/lessons/vanishing-gradients.txt", err, sizeof err));
    assert_ptr_not_equal(app.lesson, gf_lesson_builtin());
    assert_int_equal(app.lesson->n_scenes, 10);
}

/* Too high a learning rate: the run diverges, stops, and a restart recovers. */
static void test_divergence_then_recovery(void **state)
{
    (void)state;
    for (int i = 0; i < 3; i++)
        gf_app_apply(&app, GF_ACTION_NEXT_DATASET);   /* spiral -> spiral3 -> blobs -> sine (mse can explode) */
    assert_int_equal(app.cfg.dataset, GF_DATA_SINE);
    for (int i = 0; i < 16; i++)
        gf_app_apply(&app, GF_ACTION_LR_UP);
    gf_app_apply(&app, GF_ACTION_NEXT_INIT);   /* classic */
    gf_app_apply(&app, GF_ACTION_NEXT_INIT);   /* xavier */
    gf_app_apply(&app, GF_ACTION_NEXT_INIT);   /* he */
    gf_app_apply(&app, GF_ACTION_NEXT_INIT);   /* normal: explodes */
    gf_app_train(&app, 300);
    assert_true(app.lab->run[GF_RIGHT].diverged_at > 0);
    for (int i = 0; i < 20; i++)
        gf_app_apply(&app, GF_ACTION_LR_DOWN);
    assert_int_equal(app.lab->run[GF_RIGHT].diverged_at, 0);
}

/* A lesson file with a very long name that cannot be read: the footer's
 * note keeps the reason and its closing words, the name shortened. */
static void test_lesson_error_fits_the_footer(void **state)
{
    (void)state;
    char path[3100], err[4096];
    memset(path, 'y', 3000);
    memcpy(path, "/no-such-folder/", 16);
    memcpy(path + 3000, ".txt", 5);
    assert_false(gf_app_load_lesson(&app, path, err, sizeof err));
    assert_non_null(strstr(err, "y.txt: cannot open (No such file or directory)"));
    const char *end = "y.txt: cannot open (No such file or directory) — kept the built-in lesson";
    size_t n = strlen(app.note);
    assert_true(n > strlen(end) && n < sizeof app.note);
    assert_string_equal(app.note + n - strlen(end), end);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_key_map),
        cmocka_unit_test(test_key_table),
        cmocka_unit_test(test_readme_key_table),
        cmocka_unit_test_setup_teardown(test_activation_key_restarts_both_runs_from_the_seed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_settings_keys_and_their_limits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_scene_navigation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_language_key, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lesson_follows_language, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_lesson_file_keeps_the_builtin, setup, teardown),
        cmocka_unit_test_setup_teardown(test_model_facts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_map_resolution_follows_the_cost, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dataset_key_with_softmax_twice, setup, teardown),
        cmocka_unit_test_setup_teardown(test_map_work_is_sliced_and_exact, setup, teardown),
        cmocka_unit_test_setup_teardown(test_remedy_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dataset_cycle_brings_its_head, setup, teardown),
        cmocka_unit_test_setup_teardown(test_display_keys_do_not_restart, setup, teardown),
        cmocka_unit_test_setup_teardown(test_export_actions_are_left_to_the_window, setup, teardown),
        cmocka_unit_test_setup_teardown(test_distribution_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(test_per_run_init, setup, teardown),
        cmocka_unit_test_setup_teardown(test_big_network_distributions_every_few_calls, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pause_step_help_and_escape, setup, teardown),
        cmocka_unit_test_setup_teardown(test_escape_never_quits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_quit_twice_in_a_show, setup, teardown),
        cmocka_unit_test_setup_teardown(test_clicker_keys_in_lesson_mode, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unchanged_settings_do_not_restart, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cycles_backwards, setup, teardown),
        cmocka_unit_test_setup_teardown(test_prompt, setup, teardown),
        cmocka_unit_test_setup_teardown(test_prompt_views, setup, teardown),
        cmocka_unit_test_setup_teardown(test_text_scale_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(test_divergence_then_recovery, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lesson_error_fits_the_footer, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
