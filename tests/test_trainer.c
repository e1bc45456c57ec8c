/* test_trainer.c - training on the trainer's two threads, on one thread and
 * in the plain synchronous loop gives the same bits; the copy the window
 * draws is the trainer's state at one step; settings changes are built
 * once, on the trainer's side. */
#include "gf_test.h"

#include <SDL.h>
#include <string.h>

#include "gf_app.h"
#include "gf_export.h"
#include "gf_trainer.h"

#define STEPS 300   /* within the history's 512 samples: its CSV has a row per step */

static void small_config(struct gf_lab_config *cfg)
{
    gf_lab_config_default(cfg);
    cfg->depth = 5;
    cfg->width = 12;
    cfg->batchnorm[GF_RIGHT] = true;   /* the runs differ in shape and in work per step */
    cfg->residual[GF_RIGHT] = true;
}

/* The history CSV of app into a file under the test folder; returns its text. */
static char *history_csv(const struct gf_app *app, const char *name)
{
    const char *tmp = getenv("GF_TEST_TMP");
    char path[700], err[1024];
    snprintf(path, sizeof path, "%s/trainer-%s.csv", tmp ? tmp : "/tmp", name);
    remove(path);
    if (!gf_export_history_csv(app, path, err, sizeof err))
        fail_msg("cannot write %s: %s", path, err);
    char *text = gf_test_slurp(path, NULL);
    assert_non_null(text);
    remove(path);
    return text;
}

/* Trains STEPS through a trainer, asked in uneven parts so rounds are cut differently. */
static void train_through_trainer(struct gf_app *app, int threads)
{
    char err[256];
    struct gf_trainer *t = gf_trainer_start(app, threads, err, sizeof err);
    if (!t)
        fail_msg("cannot start the trainer: %s", err);
    assert_true(app->deferred);
    assert_int_equal(gf_trainer_threads(t), gf_trainer_threads_available() ? threads : 0);
    static const int parts[] = {1, 7, 60, 2, 130, 100};
    int asked = 0;
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        gf_app_train(app, parts[i]);   /* deferred: counted, then handed over */
        asked += parts[i];
        gf_trainer_ask(t, app, 0.0, 0.0);
        gf_trainer_work(t, 1.0);   /* threads off: trained here */
        gf_trainer_take(t, app);   /* whatever is ready, part way or not */
    }
    assert_int_equal(asked, STEPS);
    gf_trainer_settle(t, app);
    assert_int_equal(gf_trainer_steps(t), 2 * STEPS);
    gf_trainer_stop(t, app);
    assert_false(app->deferred);
}

static void assert_same_runs(const struct gf_lab *a, const struct gf_lab *b, const char *what)
{
    for (int s = 0; s < GF_SIDES; s++) {
        const struct gf_run *x = &a->run[s], *y = &b->run[s];
        if (x->step != y->step)
            fail_msg("%s, side %d: step %lld against %lld", what, s, (long long)x->step, (long long)y->step);
        assert_int_equal(x->net.n_params, y->net.n_params);
        for (size_t i = 0; i < x->net.n_params; i++)
            if (memcmp(&x->net.params[i], &y->net.params[i], sizeof(float)) != 0)
                fail_msg("%s, side %d: parameter %zu is %.9g against %.9g", what, s, i, (double)x->net.params[i],
                         (double)y->net.params[i]);
        assert_memory_equal(x->last.layer, y->last.layer, sizeof x->last.layer);
        assert_memory_equal(&x->last.loss, &y->last.loss, sizeof x->last.loss);
    }
}

static void test_threads_one_thread_and_plain_loop_give_the_same_bits(void **state)
{
    (void)state;
    struct gf_lab_config cfg;
    small_config(&cfg);
    static struct gf_app plain, threaded, single, in_frame;
    assert_true(gf_app_init(&plain, &cfg, GF_THEME_DARK));
    assert_true(gf_app_init(&threaded, &cfg, GF_THEME_DARK));
    assert_true(gf_app_init(&single, &cfg, GF_THEME_DARK));
    assert_true(gf_app_init(&in_frame, &cfg, GF_THEME_DARK));
    gf_app_train(&plain, STEPS);
    train_through_trainer(&threaded, 2);
    train_through_trainer(&single, 1);
    train_through_trainer(&in_frame, 0);

    assert_same_runs(plain.lab, threaded.lab, "a thread per run against the plain loop");
    assert_same_runs(plain.lab, single.lab, "one thread for both against the plain loop");
    assert_same_runs(plain.lab, in_frame.lab, "no thread against the plain loop");
    char *a = history_csv(&plain, "plain"), *b = history_csv(&threaded, "threads"), *c = history_csv(&single, "single"),
         *d = history_csv(&in_frame, "in-frame");
    /* a header and a row per step and layer of each run: the whole history is there */
    size_t rows = 0;
    for (const char *p = a; *p; p++)
        rows += *p == '\n';
    assert_int_equal(rows, 1 + 2 * STEPS * (cfg.depth + 1));
    assert_string_equal(a, b);
    assert_string_equal(a, c);
    assert_string_equal(a, d);
    free(a);
    free(b);
    free(c);
    free(d);
    gf_app_destroy(&plain);
    gf_app_destroy(&threaded);
    gf_app_destroy(&single);
    gf_app_destroy(&in_frame);
}

/* The views of the distributions through the trainer: what each step
 * measures follows the window's views, and the copy carries the histograms,
 * their axes and the distributions' history, bit for bit the plain loop's. */
static void test_views_inside_come_with_the_copy(void **state)
{
    (void)state;
    struct gf_lab_config cfg;
    small_config(&cfg);
    static struct gf_app plain, threaded, in_frame;
    struct gf_app *apps[3] = {&plain, &threaded, &in_frame};
    for (int i = 0; i < 3; i++) {
        assert_true(gf_app_init(apps[i], &cfg, GF_THEME_DARK));
        apps[i]->dist_view[GF_LEFT] = true;
        apps[i]->time_view[GF_LEFT] = GF_TIME_PERCENTILES;
        apps[i]->time_view[GF_RIGHT] = GF_TIME_DELTA;
        gf_app_sync_measures(apps[i]);
    }
    gf_app_train(&plain, STEPS);
    train_through_trainer(&threaded, 2);
    train_through_trainer(&in_frame, 0);
    for (int i = 1; i < 3; i++) {
        const struct gf_app *a = &plain, *b = apps[i];
        assert_same_runs(a->lab, b->lab, i == 1 ? "views on, two threads" : "views on, no thread");
        assert_memory_equal(&a->dist_axes, &b->dist_axes, sizeof a->dist_axes);
        for (int s = 0; s < GF_SIDES; s++) {
            assert_int_equal(b->hists[s].step, STEPS);
            assert_int_equal(b->hists[s].full_step, STEPS);
            assert_memory_equal(&a->hists[s], &b->hists[s], sizeof a->hists[s]);
            const struct gf_dist_history *x = &a->lab->run[s].dist_history, *y = &b->lab->run[s].dist_history;
            assert_true(b->lab->run[s].measure_dist && b->lab->run[s].measure_percentiles);
            assert_int_equal(x->count, y->count);
            assert_true(y->count > 0);
            assert_memory_equal(x->step, y->step, (size_t)x->count * sizeof *x->step);
            assert_memory_equal(x->layer, y->layer, (size_t)x->count * x->n_layers * sizeof *x->layer);
        }
    }
    for (int i = 0; i < 3; i++)
        gf_app_destroy(apps[i]);
}

/* A view turned on while paused: the trainer captures the pass the bars
 * show and publishes it, though nothing trains. */
static void test_a_view_turned_on_while_paused_arrives(void **state)
{
    (void)state;
    struct gf_lab_config cfg;
    small_config(&cfg);
    static struct gf_app app;
    assert_true(gf_app_init(&app, &cfg, GF_THEME_DARK));
    gf_app_train(&app, 5);
    app.paused = true;
    char err[256];
    struct gf_trainer *t = gf_trainer_start(&app, 2, err, sizeof err);
    assert_non_null(t);
    assert_false(app.lab->run[GF_RIGHT].measure_dist);
    gf_app_apply(&app, GF_ACTION_FOCUS_OTHER);
    gf_app_apply(&app, GF_ACTION_NEXT_TIME_VIEW);   /* the right run: activations over the steps */
    gf_app_apply(&app, GF_ACTION_TOGGLE_DISTRIBUTIONS);
    assert_true(app.dist_view[GF_RIGHT]);
    gf_trainer_settle(t, &app);
    assert_true(app.lab->run[GF_RIGHT].measure_dist);
    assert_false(app.lab->run[GF_RIGHT].measure_percentiles);
    assert_int_equal(app.lab->run[GF_RIGHT].step, 5);
    assert_int_equal(app.hists[GF_RIGHT].full_step, 5);
    assert_true(app.hists[GF_RIGHT].hist[GF_HIST_DW][0].total > 0);
    gf_trainer_stop(t, &app);
    gf_app_destroy(&app);
}

/* The copy is what drawing reads: every field a panel looks at equals the trainer's. */
static void test_the_copy_matches_the_networks(void **state)
{
    (void)state;
    struct gf_lab_config cfg;
    small_config(&cfg);
    static struct gf_app live, copy;
    assert_true(gf_app_init(&live, &cfg, GF_THEME_DARK));
    gf_app_train(&live, 40);
    for (int s = 0; s < GF_SIDES; s++)
        gf_app_refresh_map(&live, (enum gf_side)s);
    assert_true(gf_app_copy_model(&copy, &live));
    gf_app_train(&live, 3);   /* a second copy into the same memory */
    for (int s = 0; s < GF_SIDES; s++)
        gf_app_refresh_map(&live, (enum gf_side)s);
    assert_true(gf_app_copy_model(&copy, &live));
    assert_same_runs(live.lab, copy.lab, "the copy");
    for (int s = 0; s < GF_SIDES; s++) {
        const struct gf_run *a = &live.lab->run[s], *b = &copy.lab->run[s];
        assert_int_equal(a->history.count, b->history.count);
        assert_memory_equal(a->history.loss, b->history.loss, (size_t)a->history.count * sizeof *a->history.loss);
        assert_memory_equal(a->history.layer, b->history.layer,
                            (size_t)a->history.count * a->history.n_layers * sizeof *a->history.layer);
        /* the last pass's values for the minibatch (the network scene's node colours) */
        int B = a->net.batch;
        assert_int_equal(b->net.batch, B);
        for (int l = 0; l < a->net.n_layers; l++)
            assert_memory_equal(a->net.dz + a->net.z_off[l], b->net.dz + b->net.z_off[l],
                                (size_t)B * a->net.size[l + 1] * sizeof(float));
        assert_int_equal(live.map[s].step, copy.map[s].step);
        assert_memory_equal(live.map[s].out, copy.map[s].out, (size_t)live.map_points * live.map[s].n_out * sizeof(float));
        assert_memory_equal(&live.data_loss[s], &copy.data_loss[s], sizeof(double));
        assert_memory_equal(&live.bars[s], &copy.bars[s], sizeof live.bars[s]);
        assert_ptr_equal(b->data, &copy.lab->data);   /* its own dataset, not the live one */
    }
    assert_memory_equal(live.lab->data.x, copy.lab->data.x, (size_t)live.lab->data.n * live.lab->data.n_inputs * sizeof(float));
    gf_app_destroy(&live);
    gf_app_destroy(&copy);
}

/* A round's copy outside lesson mode leaves the minibatch's values inside
 * the network as they were (only the network scene draws them) and brings
 * everything else up to date; asked for them, it brings them too. */
static void test_a_copy_without_the_values_inside_the_network(void **state)
{
    (void)state;
    struct gf_lab_config cfg;
    small_config(&cfg);
    static struct gf_app live, copy;
    assert_true(gf_app_init(&live, &cfg, GF_THEME_DARK));
    gf_app_train(&live, 40);
    assert_true(gf_app_copy_model(&copy, &live));
    gf_app_train(&live, 3);
    for (int values = 0; values < 2; values++) {
        assert_true(gf_app_copy_model_begin(&copy, &live));
        for (int s = 0; s < GF_SIDES; s++)
            assert_true(gf_app_copy_model_side(&copy, &live, (enum gf_side)s, values));
        gf_app_copy_model_end(&copy, &live);
        assert_same_runs(live.lab, copy.lab, values ? "a copy with the values" : "a copy without the values");
        for (int s = 0; s < GF_SIDES; s++) {
            const struct gf_run *a = &live.lab->run[s], *b = &copy.lab->run[s];
            assert_int_equal(a->history.count, b->history.count);
            assert_memory_equal(a->history.layer, b->history.layer,
                                (size_t)a->history.count * a->history.n_layers * sizeof *a->history.layer);
            /* the first layer's deltas: step 40's without the values, step 43's with them */
            size_t n = (size_t)a->net.batch * (size_t)a->net.size[1] * sizeof(float);
            bool same = memcmp(a->net.dz + a->net.z_off[0], b->net.dz + b->net.z_off[0], n) == 0;
            if (same != (values != 0))
                fail_msg("side %d: the copy's deltas %s the live ones", s, same ? "equal" : "differ from");
        }
    }
    gf_app_destroy(&live);
    gf_app_destroy(&copy);
}

/* Twenty settings changes before the trainer looks: one network is built,
 * the last one asked for. */
static void test_changes_between_two_looks_are_built_once(void **state)
{
    (void)state;
    struct gf_lab_config cfg;
    small_config(&cfg);
    static struct gf_app app;
    assert_true(gf_app_init(&app, &cfg, GF_THEME_DARK));
    char err[256];
    struct gf_trainer *t = gf_trainer_start(&app, 2, err, sizeof err);
    assert_non_null(t);
    const struct gf_lab *before = app.lab;
    for (int i = 0; i < 10; i++) {
        gf_app_apply(&app, GF_ACTION_DEPTH_UP);
        gf_app_apply(&app, GF_ACTION_WIDTH_DOUBLE);
        gf_app_apply(&app, GF_ACTION_WIDTH_HALVE);
    }
    gf_app_apply(&app, GF_ACTION_ACT_TANH);
    assert_ptr_equal(app.lab, before);   /* recorded only: nothing was built on this thread */
    assert_int_equal(app.cfg.depth, cfg.depth + 10);
    gf_trainer_settle(t, &app);
    assert_int_equal(gf_trainer_builds(t), 1);
    assert_int_equal(app.lab->cfg.depth, cfg.depth + 10);
    assert_int_equal(app.lab->run[GF_LEFT].net.n_layers, cfg.depth + 11);
    assert_int_equal(app.lab->run[GF_LEFT].cfg.act, GF_ACT_TANH);
    assert_int_equal(app.lab->run[GF_LEFT].step, 0);
    gf_trainer_stop(t, &app);
    gf_app_destroy(&app);
}

/* Stopping while a round is under way: the trainer waits for the other
 * run's thread to finish its half, which must not have stopped first (it
 * once did, and the stop hung). Many times, at every moment of a round. */
static void test_stopping_in_the_middle_of_rounds(void **state)
{
    (void)state;
    struct gf_lab_config cfg;
    small_config(&cfg);
    static struct gf_app app;
    for (int i = 0; i < 200; i++) {
        assert_true(gf_app_init(&app, &cfg, GF_THEME_DARK));
        char err[256];
        struct gf_trainer *t = gf_trainer_start(&app, 2, err, sizeof err);
        assert_non_null(t);
        gf_app_train(&app, 1000);
        gf_trainer_ask(t, &app, 0.0, 0.0);
        if (i % 2)
            SDL_Delay(1);
        gf_trainer_stop(t, &app);
        assert_false(app.deferred);
        gf_app_destroy(&app);
    }
}

/* A network whose maps take several slices, trained on two threads: each
 * thread takes map work on either side and the other run's statistics, and
 * what arrives is still exact: the runs the plain loop's bits, each map
 * the one a fresh network trained to that map's step gives. */
static void test_maps_shared_between_threads_are_exact(void **state)
{
    (void)state;
    struct gf_lab_config cfg;
    gf_lab_config_default(&cfg);
    cfg.depth = 24;
    cfg.width = 64;
    static struct gf_app plain, threaded;
    assert_true(gf_app_init(&plain, &cfg, GF_THEME_DARK));
    assert_true(gf_app_init(&threaded, &cfg, GF_THEME_DARK));
    char err[256];
    struct gf_trainer *t = gf_trainer_start(&threaded, 2, err, sizeof err);
    if (!t)
        fail_msg("cannot start the trainer: %s", err);
    int64_t map_steps[GF_SIDES] = {-1, -1};
    for (int i = 0; i < 400 && (map_steps[GF_LEFT] < 1 || map_steps[GF_RIGHT] < 1); i++) {
        gf_app_train(&threaded, 2);
        gf_trainer_ask(t, &threaded, 0.0, 0.0);
        SDL_Delay(5);
        gf_trainer_take(t, &threaded);
        for (int s = 0; s < GF_SIDES; s++)
            map_steps[s] = threaded.map[s].step;
    }
    gf_trainer_settle(t, &threaded);
    gf_trainer_stop(t, &threaded);
    gf_app_train(&plain, (int)threaded.lab->run[GF_LEFT].step);
    assert_same_runs(plain.lab, threaded.lab, "two threads sharing maps and statistics");
    for (int s = 0; s < GF_SIDES; s++) {
        int64_t step = threaded.map[s].step;
        if (step < 1)
            fail_msg("side %d: no map of a trained step arrived", s);
        struct gf_lab *lab = malloc(sizeof *lab);
        assert_true(lab && gf_lab_init(lab, &cfg));
        gf_lab_step(lab, (int)step);
        size_t n = (size_t)threaded.map_points * threaded.map[s].n_out;
        float *fresh = malloc(n * sizeof *fresh);
        assert_non_null(fresh);
        gf_run_predict(&lab->run[s], threaded.map_x, threaded.map_points, fresh);
        assert_memory_equal(fresh, threaded.map[s].out, n * sizeof *fresh);
        free(fresh);
        gf_lab_destroy(lab);
        free(lab);
    }
    gf_app_destroy(&plain);
    gf_app_destroy(&threaded);
}

int main(void)
{
    SDL_SetMainReady();
    if (SDL_Init(SDL_INIT_TIMER) != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_threads_one_thread_and_plain_loop_give_the_same_bits),
        cmocka_unit_test(test_the_copy_matches_the_networks),
        cmocka_unit_test(test_views_inside_come_with_the_copy),
        cmocka_unit_test(test_a_view_turned_on_while_paused_arrives),
        cmocka_unit_test(test_a_copy_without_the_values_inside_the_network),
        cmocka_unit_test(test_changes_between_two_looks_are_built_once),
        cmocka_unit_test(test_stopping_in_the_middle_of_rounds),
        cmocka_unit_test(test_maps_shared_between_threads_are_exact),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    SDL_Quit();
    return failed;
}
