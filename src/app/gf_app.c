/* gf_app.c - applying actions to the lab and the display state. */
#include "gf_app.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static const double speeds[] = {1, 3, 10, 30, 100, 300, 1000, 3000, 10000, 30000, 100000};
#define N_SPEEDS ((int)(sizeof speeds / sizeof speeds[0]))
#define DEFAULT_SPEED 5   /* 300 steps/s: ReLU learns the spiral in seconds, slow enough to watch */

double gf_app_steps_per_second(const struct gf_app *app)
{
    return speeds[app->speed];
}

/* At step 0 the bars show the gradients at initialisation (a probe);
 * afterwards, the run's last step. With histograms after every training
 * call, z's too: each run's own, so the two sides may do this at once. */
static void capture(struct gf_app *app, bool full, int only_side);

static void update_bars_side(struct gf_app *app, enum gf_side side)
{
    struct gf_run *run = &app->lab->run[side];
    if (run->step == 0)
        gf_run_probe(run, &app->bars[side]);
    else
        app->bars[side] = run->last;
    if (app->dist_live)
        capture(app, false, side);
}

/* What clipping multiplied the bars' gradients by after they were measured (1 for nothing). */
static float clip_factor(const struct gf_run *run, const struct gf_step_stats *st)
{
    if (!st->clipped)
        return 1.0f;
    return (float)(run->cfg.clip / (st->grad_norm_total + 1e-6));   /* as gf_run_step scaled them */
}

void gf_app_views_shown(const struct gf_app *app, bool dist_view[GF_SIDES], enum gf_time_view time_view[GF_SIDES])
{
    const struct gf_scene *scene = gf_app_scene(app);
    for (int s = 0; s < GF_SIDES; s++) {
        dist_view[s] = app->dist_view[s] || (scene && scene->view == GF_SCENE_DISTRIBUTIONS);
        time_view[s] = scene && scene->view == GF_SCENE_PERCENTILES ? GF_TIME_PERCENTILES : app->time_view[s];
    }
}

/* Is an over-training view of `which` on screen (GF_TIME_HEAT: any of them)? */
static bool time_view_shown(const struct gf_app *app, enum gf_time_view which)
{
    const struct gf_scene *scene = gf_app_scene(app);
    if (scene && scene->view == GF_SCENE_PERCENTILES)
        return true;
    for (int s = 0; s < GF_SIDES; s++)
        if (which == GF_TIME_HEAT ? app->time_view[s] != GF_TIME_HEAT : app->time_view[s] == which)
            return true;
    return false;
}

void gf_app_sync_measures(struct gf_app *app)
{
    /* Each step's statistics cost time whether shown or not: recorded for the
       CSV (headless, from step 1) and while a view of them is on screen; the
       percentiles, a selection over every hidden layer's values, only for
       their own view. Both runs alike, so their records compare. */
    for (int s = 0; s < GF_SIDES; s++) {
        struct gf_run *run = &app->lab->run[s];
        run->measure_dist = app->record_always || time_view_shown(app, GF_TIME_HEAT);
        run->measure_percentiles = app->record_always || time_view_shown(app, GF_TIME_PERCENTILES);
    }
}

/* Is a view of f(z), δ and dW on screen? */
static bool dists_shown(const struct gf_app *app)
{
    const struct gf_scene *scene = gf_app_scene(app);
    return app->dist_view[GF_LEFT] || app->dist_view[GF_RIGHT] || (scene && scene->view == GF_SCENE_DISTRIBUTIONS);
}

/* z's histograms, and with full the others, of the pass the bars show:
 * the networks' buffers hold it (the last step's, or the probe at step 0).
 * The full ones put both runs' gradients on the same axes, so they are
 * taken for both; z's alone may be taken for one side (only_side >= 0). */
static void capture(struct gf_app *app, bool full, int only_side)
{
    if (full) {
        gf_dist_axes_begin(&app->dist_axes);
        for (int s = 0; s < GF_SIDES; s++)
            gf_dist_axes_add(&app->dist_axes, &app->lab->run[s].net, 1.0f / clip_factor(&app->lab->run[s], &app->bars[s]));
        gf_dist_axes_end(&app->dist_axes);
    }
    for (int s = 0; s < GF_SIDES; s++) {
        if (!full && only_side >= 0 && s != only_side)
            continue;   /* the other side's run may be training on another thread */
        const struct gf_run *run = &app->lab->run[s];
        float undo = 1.0f / clip_factor(run, &app->bars[s]);
        gf_dist_capture(&app->hists[s], &run->net, &app->dist_axes, full, undo, run->step);
    }
}

void gf_app_capture_dists(struct gf_app *app, bool full)
{
    capture(app, full || dists_shown(app), -1);
}

/* After training (each side's bars and z's histograms done): f(z), δ and
 * dW, which look at every value of the pass (dW's n² a layer), as often as
 * a frame can afford, so a big network's are taken every few calls and the
 * panel names their step. */
static void capture_due(struct gf_app *app)
{
    if (!dists_shown(app))
        return;
    long values = 0;
    for (int s = 0; s < GF_SIDES; s++) {
        const struct gf_mlp *net = &app->lab->run[s].net;
        for (int l = 0; l < net->n_layers; l++)
            values += (long)net->size[l + 1] * (2L * net->batch + net->size[l]);
    }
    unsigned period = (unsigned)(values / GF_DIST_VALUES_PER_CALL) + 1;
    if (app->hists[GF_LEFT].full_step < 0 || ++app->dist_calls % period == 0)
        capture(app, true, -1);
}

/* Both sides' bars, then what needs both runs. */
static void update_bars(struct gf_app *app)
{
    for (int s = 0; s < GF_SIDES; s++)
        update_bars_side(app, (enum gf_side)s);
    gf_app_train_finish(app);
}

void gf_app_pick_layer(struct gf_app *app, enum gf_side side, int layer)
{
    int hidden = app->cfg.depth;
    if (layer < 0 || layer > hidden)
        return;
    if (layer == hidden) {
        gf_app_say(app, true, "%s", gf_tr(app->lang, "the output layer has no activation: pick a hidden layer"));
        return;
    }
    app->hist_layer[side] = layer;
    app->hist_picked[side] = true;
    gf_app_say(app, false, gf_tr(app->lang, "activation panel: z of hidden layer %d"), layer + 1);
}

static void drop_jobs(struct gf_app *app)
{
    for (int s = 0; s < GF_SIDES; s++) {
        struct gf_map_job *job = &app->job[s];
        if (job->have_snapshot)
            gf_mlp_destroy(&job->snapshot);
        free(job->out);
        free(job->rows[0]);
        free(job->rows[1]);
        free(job->scratch);
        memset(job, 0, sizeof *job);
    }
}

/* The points a map is computed at: res x res over the square (row 0 at the
 * top, y = hi) for 2-D inputs, res points along the line for 1-D. */
static void fill_map_inputs(float *x, int n_in, int res)
{
    int points = n_in == 2 ? res * res : res;
    for (int i = 0; i < points; i++) {
        if (n_in == 2) {
            int row = i / res, col = i % res;
            x[2 * i] = -GF_MAP_LIMIT + 2.0f * GF_MAP_LIMIT * ((float)col + 0.5f) / (float)res;
            x[2 * i + 1] = GF_MAP_LIMIT - 2.0f * GF_MAP_LIMIT * ((float)row + 0.5f) / (float)res;
        } else {
            x[i] = -GF_MAP_LIMIT + 2.0f * GF_MAP_LIMIT * (float)i / (float)(res - 1);
        }
    }
}

int gf_app_map_res(long macs_per_point)
{
    int res = GF_MAP_RES;
    while (res > GF_MAP_RES_MIN && (double)res * res * (double)macs_per_point > GF_MAP_MACS_FULL)
        res /= 2;
    return res;
}

/* Sizes the maps for the lab's dataset and head; they start out of date. */
static bool alloc_maps(struct gf_app *app)
{
    int n_in = app->lab->data.n_inputs;
    int n_out = gf_mlp_n_out(&app->lab->run[0].net);
    int res = gf_app_map_res(gf_mlp_macs(&app->lab->run[0].net));
    int points = n_in == 2 ? res * res : GF_CURVE_RES;
    drop_jobs(app);
    app->map_points = 0;   /* until everything below exists, there is nothing to compute into */
    free(app->map_x);
    app->map_x = malloc((size_t)points * n_in * sizeof *app->map_x);
    bool ok = app->map_x != NULL;
    for (int s = 0; s < GF_SIDES; s++) {
        struct gf_map *m = &app->map[s];
        struct gf_map_job *job = &app->job[s];
        const struct gf_mlp *net = &app->lab->run[s].net;
        int widest = 0;
        for (int l = 0; l <= net->n_layers; l++)
            widest = net->size[l] > widest ? net->size[l] : widest;
        size_t rows = (size_t)(points + app->lab->data.n) * widest;
        free(m->out);
        m->out = calloc((size_t)points * n_out, sizeof *m->out);
        job->out = malloc((size_t)points * n_out * sizeof *job->out);
        job->rows[0] = malloc(rows * sizeof *job->rows[0]);
        job->rows[1] = malloc(rows * sizeof *job->rows[1]);
        job->scratch = malloc(rows * sizeof *job->scratch);
        ok = ok && m->out && job->out && job->rows[0] && job->rows[1] && job->scratch;
        m->res = n_in == 2 ? res : GF_CURVE_RES;
        m->n_out = n_out;
        m->lo = -GF_MAP_LIMIT;
        m->hi = GF_MAP_LIMIT;
        m->step = -1;
        app->data_loss[s] = app->data_accuracy[s] = NAN;
    }
    if (!ok) {
        for (int s = 0; s < GF_SIDES; s++) {
            free(app->map[s].out);
            app->map[s].out = NULL;
        }
        drop_jobs(app);
        return false;
    }
    app->map_points = points;
    fill_map_inputs(app->map_x, n_in, app->map[0].res);
    return true;
}

/* Snapshots the run's weights for a new map. */
static bool start_job(struct gf_app *app, enum gf_side side)
{
    struct gf_run *run = &app->lab->run[side];
    struct gf_map_job *job = &app->job[side];
    if (!job->have_snapshot) {
        if (!gf_mlp_init_copy(&job->snapshot, &run->net, 64))
            return false;
        job->have_snapshot = true;
    } else {
        gf_mlp_copy_params(&job->snapshot, &run->net);
    }
    /* the map and accuracy of a batchnorm net with the dataset's statistics, as gf_run_evaluate */
    gf_mlp_fit_running(&job->snapshot, app->lab->data.x, app->lab->data.n);
    job->active = true;
    job->layer = 0;
    job->cur = 0;
    int n_in = app->lab->data.n_inputs;   /* the map's points, then the dataset's */
    memcpy(job->rows[0], app->map_x, (size_t)app->map_points * n_in * sizeof *job->rows[0]);
    memcpy(job->rows[0] + (size_t)app->map_points * n_in, app->lab->data.x,
           (size_t)app->lab->data.n * n_in * sizeof *job->rows[0]);
    job->loss_sum = 0.0;
    job->correct = 0;
    job->step = run->step;
    struct gf_mlp *net = &job->snapshot;
    job->facts.affine = gf_mlp_n_out(net) <= GF_MAP_AFFINE_OUTPUTS &&
                        gf_mlp_effective_linear(net, job->facts.W_eff, job->facts.b_eff);
    job->facts.affine_gap = 0.0;
    job->top_sum = 0.0;
    return true;
}

static void drop_examples(struct gf_app *app)
{
    for (int i = 0; i < GF_SCENE_EXAMPLES; i++) {
        struct gf_example *e = &app->example[i];
        if (e->lab) {
            gf_lab_destroy(e->lab);
            free(e->lab);
        }
        free(e->map.out);
        free(e->map_x);
        memset(e, 0, sizeof *e);
    }
    app->n_examples = 0;
}

/* Builds the scene's examples; on failure there are none (and a note says so). */
static void build_examples(struct gf_app *app, const struct gf_scene *scene)
{
    drop_examples(app);
    for (int i = 0; i < scene->n_examples; i++) {
        struct gf_example *e = &app->example[i];
        e->lab = malloc(sizeof *e->lab);
        if (!e->lab || !gf_lab_init(e->lab, &scene->example[i])) {
            free(e->lab);
            e->lab = NULL;
            drop_examples(app);
            gf_app_say(app, true, "%s", gf_tr(app->lang, "out of memory for the scene's examples"));
            return;
        }
        app->n_examples = i + 1;
        int n_in = e->lab->data.n_inputs, K = gf_mlp_n_out(&e->lab->run[GF_LEFT].net);
        e->map_points = n_in == 2 ? GF_EXAMPLE_MAP_RES * GF_EXAMPLE_MAP_RES : GF_CURVE_RES;
        e->map.res = n_in == 2 ? GF_EXAMPLE_MAP_RES : GF_CURVE_RES;
        e->map.n_out = K;
        e->map.lo = -GF_MAP_LIMIT;
        e->map.hi = GF_MAP_LIMIT;
        e->map.step = -1;
        e->map.out = calloc((size_t)e->map_points * K, sizeof *e->map.out);
        e->map_x = malloc((size_t)e->map_points * n_in * sizeof *e->map_x);
        if (!e->map.out || !e->map_x) {
            drop_examples(app);
            gf_app_say(app, true, "%s", gf_tr(app->lang, "out of memory for the scene's examples"));
            return;
        }
        fill_map_inputs(e->map_x, n_in, e->map.res);
        e->data_loss = e->data_accuracy = NAN;
    }
}

static void refresh_examples(struct gf_app *app)
{
    for (int i = 0; i < app->n_examples; i++) {
        struct gf_example *e = &app->example[i];
        struct gf_run *run = &e->lab->run[GF_LEFT];
        if (e->map.step == run->step)
            continue;
        gf_run_predict(run, e->map_x, e->map_points, e->map.out);
        gf_run_evaluate(run, &e->data_loss, &e->data_accuracy);
        e->map.step = run->step;
    }
}

/* The facts the lesson's scenes state about a model, gathered over the
 * dataset while the job evaluates it (so they cost no extra pass and keep
 * to the job's budget): for a linear network its single affine map and how
 * exactly that reproduces the logits; for a classifier the mean top
 * probability its loss sees. Rows [start, start + n) were just evaluated. */
static void add_facts(struct gf_map_job *job, const struct gf_mlp *net, enum gf_head head, const struct gf_data *data,
                      const float *logits, int start, int n)
{
    int n_in = gf_mlp_n_in(net), K = gf_mlp_n_out(net);
    bool classes = gf_head_info(head)->classification;
    for (int r = 0; r < n; r++) {
        const float *z = logits + (size_t)r * K;
        const float *x = data->x + (size_t)(start + r) * n_in;
        for (int k = 0; job->facts.affine && k < K; k++) {
            double affine = job->facts.b_eff[k];
            for (int i = 0; i < n_in; i++)
                affine += job->facts.W_eff[k * n_in + i] * x[i];
            double gap = fabs((double)z[k] - affine);
            job->facts.affine_gap = gap > job->facts.affine_gap || isnan(gap) ? gap : job->facts.affine_gap;
        }
        if (classes)
            job->top_sum += gf_head_top_probability(head, z, K);
    }
}

bool gf_app_map_work(struct gf_app *app, enum gf_side side, double macs)
{
    struct gf_run *run = &app->lab->run[side];
    struct gf_map *m = &app->map[side];
    struct gf_map_job *job = &app->job[side];
    if (!app->map_x || !m->out || !job->out)
        return true;   /* the maps could not be allocated: there is nothing to draw into */
    if (!job->active) {
        if (side == GF_LEFT)
            refresh_examples(app);   /* small networks: all at once, as often as a left map starts */
        if (m->step == run->step)
            return true;   /* nothing trained since (paused, or a diverged run) */
        if (!start_job(app, side))
            return true;   /* out of memory: keep the last map */
    }
    /* A layer of every point at a time, as many as the budget allows (at
     * least one), so a huge network's map takes many frames rather than
     * freezing one. */
    struct gf_mlp *net = &job->snapshot;
    const struct gf_data *data = &app->lab->data;
    int K = gf_mlp_n_out(net), total = app->map_points + data->n;
    while (job->layer < net->n_layers && macs > 0.0) {
        int l = job->layer;
        gf_mlp_infer_layer(net, l, job->rows[job->cur], job->scratch, job->rows[!job->cur], total);
        job->cur = !job->cur;
        job->layer++;
        macs -= (double)total * net->size[l] * net->size[l + 1];
    }
    if (job->layer < net->n_layers)
        return false;
    /* the map's outputs, then the dataset's loss, right answers and facts,
     * summed in pieces of the snapshot's batch as gf_evaluate sums them */
    const float *logits = job->rows[job->cur];
    for (int r = 0; r < app->map_points; r++)
        gf_head_output(run->cfg.head, job->out + (size_t)r * K, logits + (size_t)r * K, K);
    const float *data_logits = logits + (size_t)app->map_points * K;
    for (int start = 0; start < data->n; start += net->max_batch) {
        int n = data->n - start < net->max_batch ? data->n - start : net->max_batch;
        gf_evaluate_logits(run->cfg.head, data, data_logits + (size_t)start * K, K, start, n, &job->loss_sum,
                           &job->correct);
        add_facts(job, net, run->cfg.head, data, data_logits + (size_t)start * K, start, n);
    }
    memcpy(m->out, job->out, (size_t)app->map_points * K * sizeof *m->out);
    m->step = job->step;
    gf_evaluate_finish(run->cfg.head, data, job->loss_sum, job->correct, &app->data_loss[side],
                       &app->data_accuracy[side]);
    m->affine = job->facts.affine;
    memcpy(m->W_eff, job->facts.W_eff, sizeof m->W_eff);
    memcpy(m->b_eff, job->facts.b_eff, sizeof m->b_eff);
    m->affine_gap = job->facts.affine_gap;
    m->top_prob = gf_head_info(run->cfg.head)->classification ? job->top_sum / data->n : NAN;
    job->active = false;
    return true;
}

void gf_app_refresh_map(struct gf_app *app, enum gf_side side)
{
    if (side == GF_LEFT)
        refresh_examples(app);
    /* A job started at an earlier step would finish that step's map: start afresh. */
    if (app->job[side].active && app->job[side].step != app->lab->run[side].step)
        app->job[side].active = false;
    while (!gf_app_map_work(app, side, INFINITY))
        ;
}

/* Builds a new lab from cfg; on failure keeps the old one and says why. */
static bool rebuild(struct gf_app *app, const struct gf_lab_config *cfg)
{
    const char *problem = gf_lab_config_problem(cfg);
    if (problem) {
        gf_app_say(app, true, "%s", gf_tr(app->lang, problem));
        return false;
    }
    for (int s = 0; s < GF_SIDES; s++)
        if (app->hist_layer[s] >= cfg->depth)   /* fewer layers now: the deepest there is */
            app->hist_layer[s] = cfg->depth - 1;
    if (app->deferred) {   /* the trainer builds it; a later change this frame replaces this one */
        app->cfg = *cfg;
        app->rebuilds_asked++;
        return true;
    }
    /* The lab is built beside the old one and swapped in, so a failure keeps what was there. */
    struct gf_lab *fresh = malloc(sizeof *fresh);
    if (!fresh || !gf_lab_init(fresh, cfg)) {
        if (fresh)
            gf_lab_destroy(fresh);
        free(fresh);
        gf_app_say(app, true, "%s", gf_tr(app->lang, "out of memory: kept the previous settings"));
        return false;
    }
    /* the window and the figures show the distributions inside the networks, and the CSV has them */
    for (int s = 0; s < GF_SIDES; s++)
        app->hists[s].step = app->hists[s].full_step = -1;   /* the old networks' are gone */
    if (app->lab) {
        gf_lab_destroy(app->lab);
        free(app->lab);
    }
    app->lab = fresh;
    app->cfg = *cfg;
    for (int s = 0; app->parallel && s < GF_SIDES; s++)
        fresh->run[s].parallel = &app->parallel[s];
    gf_app_sync_measures(app);
    /* a scene's examples restart with the networks, so all stay step for step together */
    if (app->lesson_mode)
        build_examples(app, &app->lesson->scene[app->scene]);
    else
        drop_examples(app);
    update_bars(app);
    if (!alloc_maps(app)) {   /* the runs go on; only the maps are missing */
        gf_app_say(app, true, "%s", gf_tr(app->lang, "out of memory for the decision maps"));
        return false;
    }
    return true;
}

bool gf_app_init(struct gf_app *app, const struct gf_lab_config *cfg, enum gf_theme_id theme)
{
    memset(app, 0, sizeof *app);
    app->theme = theme;
    app->bar_metric = GF_METRIC_GRAD_RMS;
    app->bar_log = true;
    app->speed = DEFAULT_SPEED;
    app->focus = GF_LEFT;
    app->caption = true;
    app->text_scale = 1.0f;
    app->hover_layer[GF_LEFT] = app->hover_layer[GF_RIGHT] = -1;
    app->clip_threshold = cfg->clip[GF_LEFT] > 0.0f ? cfg->clip[GF_LEFT] : GF_CLIP_DEFAULT;
    app->dist_live = true;
    app->lesson = gf_lesson_builtin();
    return rebuild(app, cfg);
}

enum gf_result gf_app_init_from_cli(struct gf_app *app, const struct gf_cli_options *opt, bool interactive, char *err,
                                    size_t errlen)
{
    if (!gf_app_init(app, &opt->lab, opt->theme)) {
        snprintf(err, errlen, "cannot build the networks: %s", app->note[0] ? app->note : "out of memory");
        gf_app_destroy(app);
        return GF_ERR_MEMORY;
    }
    app->lang = opt->lang;
    if (opt->bar_metric != GF_METRIC_COUNT)
        app->bar_metric = opt->bar_metric;
    app->bar_log = !opt->bar_linear;
    app->caption = opt->caption;
    app->no_title = opt->no_title;
    app->smooth = opt->smooth;
    app->export_w = opt->export_w;
    app->export_h = opt->export_h;
    app->text_scale = opt->text_scale;
    for (int s = 0; s < GF_SIDES; s++) {
        app->dist_view[s] = opt->dist_view[s];
        app->time_view[s] = opt->time_view[s];
        app->hist_layer[s] = opt->hist_layer[s] > 0 ? opt->hist_layer[s] - 1 : 0;
        app->hist_picked[s] = opt->hist_layer[s] > 0;
    }
    /* a scene asked for by number is the file's: then a broken file is an error */
    if (opt->lesson_path && !gf_app_load_lesson(app, opt->lesson_path, err, errlen) && (!interactive || opt->scene))
        return GF_ERR_INPUT;
    if (opt->scene && !gf_app_open_scene(app, opt, err, errlen))
        return GF_ERR_INPUT;
    return GF_OK;
}

void gf_app_destroy(struct gf_app *app)
{
    drop_jobs(app);
    drop_examples(app);
    free(app->loaded_lesson);
    free(app->lesson_path);
    if (app->lab) {
        gf_lab_destroy(app->lab);
        free(app->lab);
    }
    for (int s = 0; s < GF_SIDES; s++)
        free(app->map[s].out);
    free(app->map_x);
    memset(app, 0, sizeof *app);
}

void gf_app_train(struct gf_app *app, int n)
{
    if (app->deferred) {
        app->steps_asked += n;
        return;
    }
    gf_lab_step(app->lab, n);
    for (int i = 0; i < app->n_examples; i++)
        gf_lab_step(app->example[i].lab, n);
    update_bars(app);
}

void gf_app_train_side(struct gf_app *app, enum gf_side side, int n)
{
    /* gf_lab_step interleaves the runs step by step, but neither reads the
     * other: one run's n steps alone give the same bits */
    struct gf_run *run = &app->lab->run[side];
    for (int i = 0; i < n && gf_run_step(run); i++)
        ;
    if (side == GF_LEFT)
        for (int i = 0; i < app->n_examples; i++)
            gf_lab_step(app->example[i].lab, n);
    update_bars_side(app, side);
}

void gf_app_train_finish(struct gf_app *app)
{
    if (app->dist_live)
        capture_due(app);
}

bool gf_app_build_model(struct gf_app *app, const struct gf_lab_config *cfg, const struct gf_lesson *lesson,
                        int scene, const struct gf_parallel *parallel)
{
    memset(app, 0, sizeof *app);
    app->lesson = lesson;
    app->lesson_mode = scene >= 0;
    app->scene = scene >= 0 ? scene : 0;
    app->dist_live = true;   /* the window's model: histograms after every training call */
    app->parallel = parallel;
    return rebuild(app, cfg);
}

void gf_app_drop_examples(struct gf_app *app)
{
    drop_examples(app);
}

/* Makes dst's example i a copy of src's. */
static bool copy_example(struct gf_example *dst, const struct gf_example *src)
{
    if (dst->map_points != src->map_points || dst->map.n_out != src->map.n_out || !dst->lab) {
        free(dst->map.out);
        free(dst->map_x);
        dst->map.out = malloc((size_t)src->map_points * src->map.n_out * sizeof *dst->map.out);
        dst->map_x = malloc((size_t)src->map_points * src->lab->data.n_inputs * sizeof *dst->map_x);
        if (!dst->lab)
            dst->lab = calloc(1, sizeof *dst->lab);
        if (!dst->map.out || !dst->map_x || !dst->lab)
            return false;
        dst->map_points = src->map_points;
        memcpy(dst->map_x, src->map_x, (size_t)src->map_points * src->lab->data.n_inputs * sizeof *dst->map_x);
    }
    if (!gf_lab_copy_view(dst->lab, src->lab))
        return false;
    float *out = dst->map.out;
    dst->map = src->map;
    dst->map.out = out;
    memcpy(out, src->map.out, (size_t)src->map_points * src->map.n_out * sizeof *out);
    dst->data_loss = src->data_loss;
    dst->data_accuracy = src->data_accuracy;
    return true;
}

bool gf_app_copy_model_begin(struct gf_app *dst, const struct gf_app *src)
{
    if (!dst->lab && !(dst->lab = calloc(1, sizeof *dst->lab)))
        return false;
    if (!gf_lab_copy_view_shape(dst->lab, src->lab)) {
        free(dst->lab);
        dst->lab = NULL;
        return false;
    }
    const struct gf_map *m0 = &src->map[0];
    if (dst->map_points != src->map_points || dst->map[0].res != m0->res || dst->map[0].n_out != m0->n_out)
        return alloc_maps(dst);   /* shaped from dst's lab, which has src's shape now */
    return true;
}

bool gf_app_copy_model_side(struct gf_app *dst, const struct gf_app *src, enum gf_side side, bool values)
{
    gf_lab_copy_view_run(dst->lab, src->lab, side, values);
    float *out = dst->map[side].out;
    dst->map[side] = src->map[side];
    dst->map[side].out = out;
    memcpy(out, src->map[side].out, (size_t)src->map_points * src->map[side].n_out * sizeof *out);
    dst->job[side].active = false;   /* anything dst had under way describes an older step */
    dst->data_loss[side] = src->data_loss[side];
    dst->data_accuracy[side] = src->data_accuracy[side];
    dst->bars[side] = src->bars[side];
    dst->hists[side] = src->hists[side];   /* taken from the pass the bars show, on the same axes */
    if (side != GF_LEFT)
        return true;
    /* the examples train with the left run */
    if (dst->n_examples > src->n_examples)
        drop_examples(dst);
    for (int i = 0; i < src->n_examples; i++) {
        if (!copy_example(&dst->example[i], &src->example[i])) {
            drop_examples(dst);
            return false;
        }
    }
    dst->n_examples = src->n_examples;
    return true;
}

void gf_app_copy_model_end(struct gf_app *dst, const struct gf_app *src)
{
    dst->dist_axes = src->dist_axes;
}

bool gf_app_copy_model(struct gf_app *dst, const struct gf_app *src)
{
    if (!gf_app_copy_model_begin(dst, src))
        return false;
    bool ok = true;
    for (int s = 0; s < GF_SIDES; s++)
        ok = gf_app_copy_model_side(dst, src, (enum gf_side)s, true) && ok;
    gf_app_copy_model_end(dst, src);
    return ok;
}

#define SWAP(type, a, b) do { type t_ = (a); (a) = (b); (b) = t_; } while (0)

void gf_app_swap_model(struct gf_app *a, struct gf_app *b)
{
    SWAP(struct gf_lab *, a->lab, b->lab);
    SWAP(float *, a->map_x, b->map_x);
    SWAP(int, a->map_points, b->map_points);
    SWAP(int, a->n_examples, b->n_examples);
    for (int s = 0; s < GF_SIDES; s++) {
        SWAP(struct gf_map, a->map[s], b->map[s]);
        SWAP(struct gf_map_job, a->job[s], b->job[s]);
        SWAP(struct gf_step_stats, a->bars[s], b->bars[s]);
        SWAP(struct gf_net_hists, a->hists[s], b->hists[s]);
        SWAP(double, a->data_loss[s], b->data_loss[s]);
        SWAP(double, a->data_accuracy[s], b->data_accuracy[s]);
    }
    for (int i = 0; i < GF_SCENE_EXAMPLES; i++)
        SWAP(struct gf_example, a->example[i], b->example[i]);
    SWAP(struct gf_dist_axes, a->dist_axes, b->dist_axes);
}

bool gf_app_load_lesson(struct gf_app *app, const char *path, char *err, size_t errlen)
{
    struct gf_lesson *lesson = malloc(sizeof *lesson);
    /* the message also goes to the footer's note with a few words after it:
     * made to fit there, it shortens a long file name, never the reason */
    size_t fit = sizeof app->note - 64;
    if (!lesson) {
        snprintf(err, errlen, "%s: out of memory", path);
    } else if (gf_lesson_load(lesson, path, err, errlen < fit ? errlen : fit)) {
        char *copy = malloc(strlen(path) + 1);
        if (!copy) {
            free(lesson);
            snprintf(err, errlen, "%s: out of memory", path);
            gf_app_say(app, true, "%s", err);
            return false;
        }
        memcpy(copy, path, strlen(path) + 1);
        free(app->loaded_lesson);
        free(app->lesson_path);
        app->loaded_lesson = lesson;
        app->lesson_path = copy;
        app->lesson = lesson;
        app->scene = 0;
        return true;
    }
    free(lesson);
    gf_app_say(app, true, gf_tr(app->lang, "%s — kept the built-in lesson"), err);
    return false;
}

/* The speed-table entry nearest to a scene's steps per second. */
static int nearest_speed(double steps_per_second)
{
    int best = DEFAULT_SPEED;
    if (steps_per_second <= 0.0)
        return best;
    for (int i = 0; i < N_SPEEDS; i++)
        if (fabs(log(speeds[i] / steps_per_second)) < fabs(log(speeds[best] / steps_per_second)))
            best = i;
    return best;
}

/* Lesson mode at scene index with the networks of cfg (the scene's own,
 * or the command line's). */
static bool enter_scene_with(struct gf_app *app, int index, const struct gf_lab_config *cfg)
{
    const struct gf_scene *scene = &app->lesson->scene[index];
    bool was_lesson = app->lesson_mode;
    int was_scene = app->scene;
    const struct gf_lab *lab_before = app->lab;
    app->lesson_mode = true;
    app->scene = index;
    app->zoom = GF_PANEL_NONE;
    if (!rebuild(app, cfg) && app->lab == lab_before) {   /* refused or out of memory: stay; the note says why */
        app->lesson_mode = was_lesson;
        app->scene = was_scene;
        return false;
    }
    app->help = false;
    app->paused = false;
    app->focus = GF_LEFT;
    app->speed = nearest_speed(scene->steps_per_second);
    app->bar_metric = gf_app_own_metric(app);
    app->bar_log = true;
    if (scene->view == GF_SCENE_PERCENTILES)   /* the last hidden layer, as Ioffe and Szegedy followed, unless one was picked */
        for (int s = 0; s < GF_SIDES; s++)
            if (!app->hist_picked[s])
                app->hist_layer[s] = cfg->depth - 1;
    return true;
}

void gf_app_enter_scene(struct gf_app *app, int index)
{
    if (index >= 0 && index < app->lesson->n_scenes)
        enter_scene_with(app, index, &app->lesson->scene[index].cfg);
}

bool gf_app_open_scene(struct gf_app *app, const struct gf_cli_options *opt, char *err, size_t errlen)
{
    if (opt->scene < 1 || opt->scene > app->lesson->n_scenes) {
        snprintf(err, errlen, "--scene %d: the lesson has scenes 1..%d", opt->scene, app->lesson->n_scenes);
        return false;
    }
    /* with network flags, the networks they describe; else the scene's own */
    const struct gf_lab_config *cfg = opt->lab_given ? &opt->lab : &app->lesson->scene[opt->scene - 1].cfg;
    if (!enter_scene_with(app, opt->scene - 1, cfg)) {
        snprintf(err, errlen, "--scene %d: %s", opt->scene, app->note);
        return false;
    }
    if (opt->bar_metric != GF_METRIC_COUNT)   /* the command line's --bars over the scene's */
        app->bar_metric = opt->bar_metric;
    app->bar_log = !opt->bar_linear;
    return true;
}

enum gf_metric gf_app_own_metric(const struct gf_app *app)
{
    /* the vanishing-gradient scene draws the proved bound on ‖δ‖ over bars of ‖δ‖ */
    const struct gf_scene *scene = gf_app_scene(app);
    return scene && scene->view == GF_SCENE_VANISHING ? GF_METRIC_DELTA_NORM : GF_METRIC_GRAD_RMS;
}

const struct gf_scene *gf_app_scene(const struct gf_app *app)
{
    return app->lesson_mode ? &app->lesson->scene[app->scene] : NULL;
}

/* One step along a cycle of count values, forwards (dir 1) or backwards (dir -1). */
static void step_in_cycle(int *value, int count, int dir)
{
    *value = (*value + dir + count) % count;
}

/* Back to free play, keeping the scene's networks as they are. */
static void leave_lesson(struct gf_app *app)
{
    app->lesson_mode = false;
    drop_examples(app);
    gf_app_say(app, false, "%s", gf_tr(app->lang, "free play, with the scene's settings — M returns to the lesson"));
}

/* Do two settings build the same runs? A slope a counts only for a run that
 * is leaky ReLU, which is the only activation that reads it. */
static bool same_runs(const struct gf_lab_config *a, const struct gf_lab_config *b)
{
    if (a->dataset != b->dataset || a->noise != b->noise || a->head_from_dataset != b->head_from_dataset ||
        gf_lab_config_head(a) != gf_lab_config_head(b) || a->init != b->init || a->optimizer != b->optimizer ||
        a->lr != b->lr || a->depth != b->depth || a->width != b->width || a->batch != b->batch || a->seed != b->seed)
        return false;
    for (int s = 0; s < GF_SIDES; s++)
        if (a->act[s] != b->act[s] || (a->act[s] == GF_ACT_LEAKY_RELU && a->alpha[s] != b->alpha[s]) ||
            a->residual[s] != b->residual[s] || a->batchnorm[s] != b->batchnorm[s] || a->clip[s] != b->clip[s] ||
            a->double_softmax[s] != b->double_softmax[s])
            return false;
    return true;
}

/* The one way a setting changes: a real change rebuilds both runs (once);
 * settings that would build the same runs restart nothing. */
static void change(struct gf_app *app, const struct gf_lab_config *cfg)
{
    if (same_runs(cfg, &app->cfg)) {
        gf_app_say(app, false, "%s", gf_tr(app->lang, "nothing changed: the runs go on"));
        return;
    }
    rebuild(app, cfg);
}

/* Text sizes a press of Ctrl+= or Ctrl+- goes through. */
static const float text_scales[] = {0.75f, 1.0f, 1.25f, 1.5f, 1.75f, 2.0f};
#define N_TEXT_SCALES ((int)(sizeof text_scales / sizeof text_scales[0]))

static void step_text_scale(struct gf_app *app, int dir)
{
    float next = app->text_scale;
    for (int i = dir > 0 ? 0 : N_TEXT_SCALES - 1; i >= 0 && i < N_TEXT_SCALES; i += dir)
        if (dir > 0 ? text_scales[i] > app->text_scale + 1e-4f : text_scales[i] < app->text_scale - 1e-4f) {
            next = text_scales[i];
            break;
        }
    if (next == app->text_scale) {
        gf_app_say(app, false, gf_tr(app->lang, "text size stays within %g … %g"), (double)GF_TEXT_SCALE_MIN,
                   (double)GF_TEXT_SCALE_MAX);
        return;
    }
    app->text_scale = next;
    gf_app_say(app, false, gf_tr(app->lang, "text size ×%g"), (double)next);
}

/* The run a slope key speaks to: the focused one when it is leaky ReLU, else
 * the other when that one is; -1 when neither reads a slope. */
static int slope_side(const struct gf_app *app)
{
    if (app->cfg.act[app->focus] == GF_ACT_LEAKY_RELU)
        return (int)app->focus;
    if (app->cfg.act[1 - app->focus] == GF_ACT_LEAKY_RELU)
        return 1 - (int)app->focus;
    return -1;
}

void gf_app_zoom(struct gf_app *app, enum gf_panel panel, enum gf_side side)
{
    if (app->lesson_mode && panel != GF_PANEL_NONE) {   /* a scene lays out its own views */
        gf_app_say(app, false, "%s", gf_tr(app->lang, "panels zoom in free play (M)"));
        return;
    }
    app->zoom = panel;
    app->zoom_side = side;
    if (panel != GF_PANEL_NONE)
        gf_app_say(app, false, "%s", gf_tr(app->lang, "one panel zoomed — double-click, V or Esc returns"));
}

void gf_app_apply(struct gf_app *app, enum gf_action action)
{
    if (app->blank) {   /* any key brings the picture back, and does nothing else */
        app->blank = false;
        return;
    }
    bool quit_armed = app->quit_armed;
    app->quit_armed = false;   /* "press Q again" means the very next key */
    struct gf_lab_config cfg = app->cfg;
    enum gf_side f = app->focus;
    switch (action) {
    case GF_ACTION_ACT_LINEAR:
    case GF_ACTION_ACT_SIGMOID:
    case GF_ACTION_ACT_TANH:
    case GF_ACTION_ACT_RELU:
    case GF_ACTION_ACT_LEAKY_RELU:
    case GF_ACTION_ACT_GELU:
    case GF_ACTION_ACT_SILU:
        cfg.act[f] = (enum gf_act)(action - GF_ACTION_ACT_LINEAR);
        if (cfg.act[f] == app->cfg.act[f]) {
            gf_app_say(app, false, gf_tr(app->lang, f == GF_LEFT ? "the left run is %s already: nothing restarted"
                                                                 : "the right run is %s already: nothing restarted"),
                       gf_act_name(cfg.act[f], app->lang));
            return;
        }
        change(app, &cfg);
        return;
    case GF_ACTION_FOCUS_OTHER: app->focus = f == GF_LEFT ? GF_RIGHT : GF_LEFT; return;
    case GF_ACTION_FOCUS_LEFT: app->focus = GF_LEFT; return;
    case GF_ACTION_FOCUS_RIGHT: app->focus = GF_RIGHT; return;
    case GF_ACTION_PAUSE: app->paused = !app->paused; return;
    case GF_ACTION_STEP:
        if (!app->paused) {
            gf_app_say(app, true, "%s", gf_tr(app->lang, "N steps once while paused: press Space first"));
            return;
        }
        gf_app_train(app, 1);   /* the maps catch up over the next frames */
        return;
    case GF_ACTION_RESET: rebuild(app, &cfg); return;
    case GF_ACTION_RESET_NEW_SEED:
        cfg.seed++;
        rebuild(app, &cfg);
        return;
    case GF_ACTION_DEPTH_UP:
    case GF_ACTION_DEPTH_DOWN: {
        int d = cfg.depth + (action == GF_ACTION_DEPTH_UP ? 1 : -1);
        if (d < 1 || d > GF_MAX_HIDDEN) {
            gf_app_say(app, true, gf_tr(app->lang, "hidden layers stay within 1 … %d"), GF_MAX_HIDDEN);
            return;
        }
        cfg.depth = d;
        change(app, &cfg);
        return;
    }
    case GF_ACTION_WIDTH_HALVE:
    case GF_ACTION_WIDTH_DOUBLE: {
        int w = action == GF_ACTION_WIDTH_DOUBLE ? cfg.width * 2 : cfg.width / 2;
        if (w < 1 || w > GF_MAX_WIDTH) {
            gf_app_say(app, true, gf_tr(app->lang, "width stays within 1 … %d"), GF_MAX_WIDTH);
            return;
        }
        cfg.width = w;
        change(app, &cfg);
        return;
    }
    case GF_ACTION_LR_UP:
    case GF_ACTION_LR_DOWN: {
        float lr = action == GF_ACTION_LR_UP ? cfg.lr * 2.0f : cfg.lr * 0.5f;
        if (!(lr > 1e-6f && lr <= GF_LR_MAX)) {
            gf_app_say(app, true, gf_tr(app->lang, "learning rate stays within 1e-6 … %g"), (double)GF_LR_MAX);
            return;
        }
        cfg.lr = lr;
        change(app, &cfg);
        return;
    }
    case GF_ACTION_ALPHA_HALVE:
    case GF_ACTION_ALPHA_DOUBLE: {
        int side = slope_side(app);
        if (side < 0) {
            gf_app_say(app, false, "%s",
                       gf_tr(app->lang, "no run is leaky ReLU, so the slope a changes nothing (5 makes one leaky)"));
            return;
        }
        float a = action == GF_ACTION_ALPHA_DOUBLE ? cfg.alpha[side] * 2.0f : cfg.alpha[side] * 0.5f;
        if (a > 1.0f)
            a = 1.0f;
        if (a < 1.0f / 1024.0f || a == cfg.alpha[side]) {
            gf_app_say(app, true, "%s", gf_tr(app->lang, "leaky slope stays within 1/1024 … 1 (press 4 for ReLU, a = 0)"));
            return;
        }
        cfg.alpha[side] = a;
        change(app, &cfg);
        return;
    }
    case GF_ACTION_TOGGLE_RESIDUAL:
        cfg.residual[f] = !cfg.residual[f];
        change(app, &cfg);
        return;
    case GF_ACTION_TOGGLE_BATCHNORM:
        cfg.batchnorm[f] = !cfg.batchnorm[f];
        change(app, &cfg);
        return;
    case GF_ACTION_TOGGLE_CLIP:
        cfg.clip[f] = cfg.clip[f] > 0.0f ? 0.0f : app->clip_threshold;
        change(app, &cfg);
        return;
    case GF_ACTION_NEXT_DATASET:
    case GF_ACTION_PREV_DATASET: {
        /* Each dataset brings its own head; a run applying softmax twice needs
         * cross-entropy, so while one does, D goes through the multi-class
         * datasets only. */
        bool needs_ce = cfg.double_softmax[GF_LEFT] || cfg.double_softmax[GF_RIGHT];
        int d = (int)cfg.dataset;
        do
            step_in_cycle(&d, GF_DATA_COUNT, action == GF_ACTION_NEXT_DATASET ? 1 : -1);
        while (needs_ce && gf_dataset_info((enum gf_dataset)d)->default_head != GF_HEAD_CE);
        cfg.dataset = (enum gf_dataset)d;
        cfg.head_from_dataset = true;
        change(app, &cfg);
        return;
    }
    case GF_ACTION_NEXT_INIT:
    case GF_ACTION_PREV_INIT: {
        int i = (int)cfg.init;
        step_in_cycle(&i, GF_INIT_COUNT, action == GF_ACTION_NEXT_INIT ? 1 : -1);
        cfg.init = (enum gf_init)i;
        cfg.own_init[GF_LEFT] = cfg.own_init[GF_RIGHT] = false;   /* both runs take it */
        change(app, &cfg);
        return;
    }
    case GF_ACTION_NEXT_OPTIMIZER:
    case GF_ACTION_PREV_OPTIMIZER: {
        int o = (int)cfg.optimizer;
        step_in_cycle(&o, GF_OPT_COUNT, action == GF_ACTION_NEXT_OPTIMIZER ? 1 : -1);
        cfg.optimizer = (enum gf_optimizer)o;
        change(app, &cfg);
        return;
    }
    case GF_ACTION_NEXT_METRIC:
        app->bar_metric = app->bar_metric == GF_METRIC_GRAD_RMS    ? GF_METRIC_GRAD_NORM
                          : app->bar_metric == GF_METRIC_GRAD_NORM ? GF_METRIC_DELTA_MEAN_ABS
                          : app->bar_metric == GF_METRIC_DELTA_MEAN_ABS ? GF_METRIC_DELTA_NORM
                                                                   : GF_METRIC_GRAD_RMS;
        return;
    case GF_ACTION_TOGGLE_LOG: app->bar_log = !app->bar_log; return;
    case GF_ACTION_SLOWER:
        if (app->speed > 0)
            app->speed--;
        return;
    case GF_ACTION_FASTER:
        if (app->speed + 1 < N_SPEEDS)
            app->speed++;
        return;
    case GF_ACTION_TOGGLE_THEME: app->theme = app->theme == GF_THEME_DARK ? GF_THEME_LIGHT : GF_THEME_DARK; return;
    case GF_ACTION_FULLSCREEN: app->fullscreen = !app->fullscreen; return;
    case GF_ACTION_HELP: app->help = !app->help; return;
    case GF_ACTION_EXPORT:
    case GF_ACTION_EXPORT_BOTH_THEMES:
    case GF_ACTION_EXPORT_GRADIENTS:
    case GF_ACTION_EXPORT_CURVES:
    case GF_ACTION_EXPORT_CSV:
    case GF_ACTION_EXPORT_VECTOR:
    case GF_ACTION_RECORD:
        app->pending_export = action;   /* files and fonts are the window's business */
        return;
    case GF_ACTION_EXPORT_SIZE: {
        static const char *const names[3] = {"1920×1080", "3840×2160", "the window's size"};
        app->export_size = (app->export_size + 1) % 3;
        app->export_w = app->export_h = 0;
        gf_app_say(app, false, gf_tr(app->lang, "PNG exports at %s"),
                   app->export_size == 2 ? gf_tr(app->lang, names[2]) : names[app->export_size]);
        return;
    }
    case GF_ACTION_TOGGLE_CAPTION:
        app->caption = !app->caption;
        gf_app_say(app, false, "%s",
                   gf_tr(app->lang, app->caption ? "exported figures carry the settings caption"
                                                 : "exported figures leave out the settings caption"));
        return;
    case GF_ACTION_TOGGLE_LANG:
        app->lang = app->lang == GF_LANG_EN ? GF_LANG_KO : GF_LANG_EN;
        gf_app_say(app, false, "%s", app->lang == GF_LANG_KO ? "한국어" : "English");
        return;
    case GF_ACTION_TEXT_BIGGER:
    case GF_ACTION_TEXT_SMALLER:
        step_text_scale(app, action == GF_ACTION_TEXT_BIGGER ? 1 : -1);
        return;
    case GF_ACTION_ZOOM:
        gf_app_zoom(app, app->zoom == GF_PANEL_NONE ? GF_PANEL_BARS : GF_PANEL_NONE, f);
        return;
    case GF_ACTION_PROMPT:
        app->prompt_open = true;
        app->prompt[0] = app->prompt_error[0] = '\0';
        app->history_at = app->n_history;
        return;
    case GF_ACTION_LESSON:
        if (app->lesson_mode)
            leave_lesson(app);
        else
            gf_app_enter_scene(app, app->scene);
        return;
    case GF_ACTION_SHOW_FROM_START:
    case GF_ACTION_SHOW_FROM_HERE:
        gf_app_enter_scene(app, action == GF_ACTION_SHOW_FROM_START ? 0 : app->scene);
        if (app->lesson_mode)
            app->fullscreen = true;
        return;
    case GF_ACTION_BLANK: app->blank = true; return;
    case GF_ACTION_SCENE_NEXT:
    case GF_ACTION_SCENE_PREV: {
        if (!app->lesson_mode)
            return;   /* ← and → mean nothing in free play */
        int next = app->scene + (action == GF_ACTION_SCENE_NEXT ? 1 : -1);
        if (next < 0 || next >= app->lesson->n_scenes) {
            gf_app_say(app, false, "%s",
                       gf_tr(app->lang, next < 0 ? "this is the first scene"
                                                 : "this is the last scene — M returns to free play"));
            return;
        }
        gf_app_enter_scene(app, next);
        return;
    }
    case GF_ACTION_ESCAPE:
        /* Everyone's reflex for "get me out of this": it closes and leaves,
         * one layer at a time, and never ends the program. */
        if (app->prompt_open)
            app->prompt_open = false;
        else if (app->help)
            app->help = false;
        else if (app->zoom != GF_PANEL_NONE)
            app->zoom = GF_PANEL_NONE;
        else if (app->fullscreen)
            app->fullscreen = false;
        else if (app->lesson_mode)
            leave_lesson(app);
        else
            gf_app_say(app, false, "%s", gf_tr(app->lang, "Esc does not quit: press Q to quit"));
        return;
    case GF_ACTION_QUIT:
        if ((app->lesson_mode || app->fullscreen) && !quit_armed) {   /* a stray Q must not end a lecture */
            app->quit_armed = true;
            gf_app_say(app, true, "%s", gf_tr(app->lang, "press Q again to quit"));
            return;
        }
        app->quit = true;
        return;
    case GF_ACTION_TOGGLE_DISTRIBUTIONS:
        if (gf_app_scene(app) && gf_app_scene(app)->view == GF_SCENE_DISTRIBUTIONS) {
            gf_app_say(app, false, "%s", gf_tr(app->lang, "this scene shows the distributions; M returns to free play"));
            return;
        }
        app->dist_view[f] = !app->dist_view[f];
        /* now, paused or not: the buffers still hold the bars' pass (deferred,
           the trainer's model does it, and its copy comes with the next frame) */
        if (!app->deferred)
            gf_app_capture_dists(app, false);
        return;
    case GF_ACTION_NEXT_TIME_VIEW: {
        if (gf_app_scene(app) && gf_app_scene(app)->view == GF_SCENE_PERCENTILES) {
            gf_app_say(app, false, "%s", gf_tr(app->lang, "this scene shows the percentiles; M returns to free play"));
            return;
        }
        int t = (int)app->time_view[f];
        step_in_cycle(&t, GF_TIME_VIEW_COUNT, 1);
        app->time_view[f] = (enum gf_time_view)t;
        gf_app_sync_measures(app);
        if (gf_app_scene(app) && gf_app_scene(app)->view == GF_SCENE_DISTRIBUTIONS)
            gf_app_say(app, false, "%s", gf_tr(app->lang, "this scene shows the distributions; M returns to free play"));
        else if (app->dist_view[f])   /* the choice is kept for when they give the room back */
            gf_app_say(app, false, "%s", gf_tr(app->lang, "the distributions take the heat map's place: U gives it back"));
        return;
    }
    case GF_ACTION_HIST_LAYER_NEXT:
    case GF_ACTION_HIST_LAYER_PREV: {
        int l = app->hist_layer[f] + (action == GF_ACTION_HIST_LAYER_NEXT ? 1 : -1);
        gf_app_pick_layer(app, f, (l + cfg.depth) % cfg.depth);   /* round the hidden layers */
        return;
    }
    case GF_ACTION_NONE:
    case GF_ACTION_COUNT:
        return;
    }
}

/* ---- the prompt ---------------------------------------------------------- */

void gf_app_prompt_type(struct gf_app *app, const char *utf8)
{
    size_t have = strlen(app->prompt), add = strlen(utf8);
    if (have + add >= sizeof app->prompt)
        return;   /* a full line takes no more; what is there stays whole */
    memcpy(app->prompt + have, utf8, add + 1);
}

void gf_app_prompt_erase(struct gf_app *app)
{
    size_t n = strlen(app->prompt);
    while (n > 0 && ((unsigned char)app->prompt[n - 1] & 0xC0) == 0x80)   /* a whole UTF-8 character */
        n--;
    if (n > 0)
        n--;
    app->prompt[n] = '\0';
}

void gf_app_prompt_recall(struct gf_app *app, int dir)
{
    int at = app->history_at + dir;
    if (at < 0 || at > app->n_history)
        return;
    app->history_at = at;
    if (at == app->n_history)
        app->prompt[0] = '\0';
    else
        memcpy(app->prompt, app->history[at], sizeof app->prompt);
}

static void remember_line(struct gf_app *app, const char *line)
{
    if (app->n_history > 0 && strcmp(app->history[app->n_history - 1], line) == 0)
        return;   /* the same line twice is one entry */
    if (app->n_history == GF_PROMPT_HISTORY) {
        memmove(app->history[0], app->history[1], sizeof app->history[0] * (GF_PROMPT_HISTORY - 1));
        app->n_history--;
    }
    snprintf(app->history[app->n_history++], sizeof app->history[0], "%s", line);
}

bool gf_app_prompt_submit(struct gf_app *app)
{
    char line[GF_PROMPT_MAX];
    snprintf(line, sizeof line, "%s", app->prompt);
    char *argv[GF_PROMPT_MAX / 2 + 2] = {"gradflow"};
    int argc = 1;
    for (char *w = strtok(line, " \t"); w; w = strtok(NULL, " \t"))
        argv[argc++] = w;
    if (argc == 1) {   /* an empty line: nothing to do */
        app->prompt_open = false;
        return true;
    }
    struct gf_cli_options opt;
    gf_cli_defaults(&opt);
    opt.lab = app->cfg;
    opt.theme = app->theme;
    opt.lang = app->lang;
    opt.bar_metric = app->bar_metric;
    opt.bar_linear = !app->bar_log;
    opt.text_scale = app->text_scale;
    for (int s = 0; s < GF_SIDES; s++) {
        opt.dist_view[s] = app->dist_view[s];
        opt.time_view[s] = app->time_view[s];
        opt.hist_layer[s] = app->hist_picked[s] ? app->hist_layer[s] + 1 : 0;
    }
    if (!gf_cli_parse_prompt(&opt, argc, argv, app->prompt_error, sizeof app->prompt_error))
        return false;   /* nothing applied: the line stays for mending */
    remember_line(app, app->prompt);
    app->prompt_open = false;
    app->prompt[0] = app->prompt_error[0] = '\0';
    app->history_at = app->n_history;
    app->theme = opt.theme;
    app->lang = opt.lang;
    app->bar_metric = opt.bar_metric;
    app->bar_log = !opt.bar_linear;
    app->text_scale = opt.text_scale;
    for (int s = 0; s < GF_SIDES; s++) {
        app->dist_view[s] = opt.dist_view[s];
        app->time_view[s] = opt.time_view[s];
        if (opt.hist_layer[s] > 0) {   /* checked against the line's depth */
            app->hist_layer[s] = opt.hist_layer[s] - 1;
            app->hist_picked[s] = true;
        }
    }
    gf_app_sync_measures(app);
    if (!same_runs(&opt.lab, &app->cfg))   /* one restart for the whole line */
        rebuild(app, &opt.lab);
    return true;
}

void gf_app_export_size(const struct gf_app *app, int window_w, int window_h, int *w, int *h)
{
    /* a slide's size by default, whatever the window's; the window's own when asked */
    static const int sizes[3][2] = {{1920, 1080}, {3840, 2160}, {0, 0}};
    if (app->export_w) {
        *w = app->export_w;
        *h = app->export_h;
    } else if (app->export_size == 2) {
        *w = window_w;
        *h = window_h;
    } else {
        *w = sizes[app->export_size][0];
        *h = sizes[app->export_size][1];
    }
}

void gf_app_say(struct gf_app *app, bool is_error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(app->note, sizeof app->note, fmt, ap);
    va_end(ap);
    app->note_is_error = is_error;
    app->note_serial++;
}

/* ---- the help overlay's values -------------------------------------------- */

static const char *dataset_id_of(int i) { return gf_dataset_info((enum gf_dataset)i)->id; }
static const char *init_id_of(int i) { return gf_init_id((enum gf_init)i); }
static const char *opt_id_of(int i) { return gf_opt_id((enum gf_optimizer)i); }
/* The metrics G cycles through, in its order. */
static const enum gf_metric bar_metrics_shown[] = {GF_METRIC_GRAD_RMS, GF_METRIC_GRAD_NORM, GF_METRIC_DELTA_MEAN_ABS,
                                                   GF_METRIC_DELTA_NORM};
enum { N_BAR_METRICS = sizeof bar_metrics_shown / sizeof bar_metrics_shown[0] };

static const char *metric_id_of(int i)
{
    return gf_metric_id(bar_metrics_shown[i]);
}

static int metric_index(enum gf_metric m)
{
    for (int i = 0; i < N_BAR_METRICS; i++)
        if (bar_metrics_shown[i] == m)
            return i;
    return 0;
}
static const char *theme_id_of(int i) { return gf_theme_name((enum gf_theme_id)i); }
static const char *lang_id_of(int i) { return i == GF_LANG_KO ? "ko" : "en"; }

/* A cycle's values in the order its key goes through them, the current one in brackets. */
static void cycle_text(char *buf, size_t n, int count, const char *(*id_of)(int), int current)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < count && used < n; i++) {
        int k = snprintf(buf + used, n - used, i == current ? "%s[%s]" : "%s%s", i ? " → " : "", id_of(i));
        used = k < 0 ? n : used + (size_t)k;
    }
}

static void remedies_text(char *buf, size_t n, const struct gf_lab_config *c, enum gf_side s, enum gf_lang lang)
{
    snprintf(buf, n, "%s%s%s%s", c->residual[s] ? gf_tr(lang, " +res") : "", c->batchnorm[s] ? gf_tr(lang, " +BN") : "",
             c->clip[s] > 0.0f ? gf_tr(lang, " +clip") : "",
             c->residual[s] || c->batchnorm[s] || c->clip[s] > 0.0f ? "" : " —");
}

/* What a help row shows after its keys: the setting's value now and its choices. */
static void help_value(const struct gf_app *app, enum gf_setting setting, char *buf, size_t n)
{
    const struct gf_lab_config *c = &app->cfg;
    enum gf_lang lang = app->lang;
    char l[48], r[48];
    buf[0] = '\0';
    switch (setting) {
    case GF_SETTING_NONE: break;
    case GF_SETTING_ACTIVATION:
        snprintf(buf, n, gf_tr(lang, "left %s · right %s"), gf_act_name(c->act[GF_LEFT], lang),
                 gf_act_name(c->act[GF_RIGHT], lang));
        break;
    case GF_SETTING_SEED: snprintf(buf, n, gf_tr(lang, "seed %llu"), (unsigned long long)c->seed); break;
    case GF_SETTING_DEPTH: snprintf(buf, n, "%d", c->depth); break;
    case GF_SETTING_WIDTH: snprintf(buf, n, "%d", c->width); break;
    case GF_SETTING_LR: snprintf(buf, n, "%g", (double)c->lr); break;
    case GF_SETTING_ALPHA:
        snprintf(buf, n, gf_tr(lang, "left %s · right %s"), (snprintf(l, sizeof l, "%g", (double)c->alpha[GF_LEFT]), l),
                 (snprintf(r, sizeof r, "%g", (double)c->alpha[GF_RIGHT]), r));
        break;
    case GF_SETTING_DATASET: cycle_text(buf, n, GF_DATA_COUNT, dataset_id_of, (int)c->dataset); break;
    case GF_SETTING_INIT: cycle_text(buf, n, GF_INIT_COUNT, init_id_of, (int)c->init); break;
    case GF_SETTING_OPTIMIZER: cycle_text(buf, n, GF_OPT_COUNT, opt_id_of, (int)c->optimizer); break;
    case GF_SETTING_REMEDIES:
        remedies_text(l, sizeof l, c, GF_LEFT, lang);
        remedies_text(r, sizeof r, c, GF_RIGHT, lang);
        snprintf(buf, n, gf_tr(lang, "left %s · right %s"), l + 1, r + 1);
        break;
    case GF_SETTING_METRIC:
        cycle_text(buf, n, N_BAR_METRICS, metric_id_of, metric_index(app->bar_metric));
        break;
    case GF_SETTING_SCALE: snprintf(buf, n, "%s", app->bar_log ? "[log] → linear" : "log → [linear]"); break;
    case GF_SETTING_SPEED: snprintf(buf, n, gf_tr(lang, "%g steps/s"), gf_app_steps_per_second(app)); break;
    case GF_SETTING_THEME: cycle_text(buf, n, GF_THEME_COUNT, theme_id_of, (int)app->theme); break;
    case GF_SETTING_LANG: cycle_text(buf, n, GF_LANG_COUNT, lang_id_of, (int)app->lang); break;
    case GF_SETTING_TEXT_SCALE: snprintf(buf, n, "×%g", (double)app->text_scale); break;
    case GF_SETTING_EXPORT: {
        static const char *const sizes[3] = {"1920×1080", "3840×2160", "the window's size"};   /* as export_size */
        char size[32];
        if (app->export_w)
            snprintf(size, sizeof size, "%d×%d", app->export_w, app->export_h);
        const char *cycle = app->export_size == 2 ? gf_tr(lang, sizes[2]) : sizes[app->export_size];   /* words, or digits */
        snprintf(buf, n, "%s · %s", app->export_w ? size : cycle,
                 gf_tr(lang, app->caption ? "caption on" : "caption off"));
        break;
    }
    case GF_SETTING_SCENE:
        if (app->lesson_mode)
            snprintf(buf, n, gf_tr(lang, "scene %d of %d"), app->scene + 1, app->lesson->n_scenes);
        else
            snprintf(buf, n, "%s", gf_tr(lang, "free play"));
        break;
    }
}

void gf_app_view(const struct gf_app *app, struct gf_view *view)
{
    memset(view, 0, sizeof *view);
    view->lab = app->lab;
    for (int s = 0; s < GF_SIDES; s++) {
        view->map[s] = &app->map[s];
        view->bars[s] = &app->bars[s];
        view->data_loss[s] = app->data_loss[s];
        view->data_accuracy[s] = app->data_accuracy[s];
    }
    view->focus = app->focus;
    view->theme = app->theme;
    view->lang = app->lang;
    view->bar_metric = app->bar_metric;
    view->bar_log = app->bar_log;
    view->paused = app->paused;
    view->help = app->help;
    if (app->help)
        for (int i = 0; i < gf_key_row_count() && view->n_help_rows < GF_HELP_ROWS; i++) {
            const struct gf_key_row *k = gf_key_row(i);
            struct gf_help_row *row = &view->help_rows[view->n_help_rows++];
            snprintf(row->keys, sizeof row->keys, "%s%s%s", k->keys, k->keys_note ? " " : "",
                     k->keys_note ? gf_tr(app->lang, k->keys_note) : "");
            row->action = k->text;
            help_value(app, k->setting, row->value, sizeof row->value);
        }
    view->blank = app->blank;
    view->zoom = app->zoom;
    view->zoom_side = app->zoom_side;
    view->text_scale = app->text_scale;
    view->prompt.open = app->prompt_open;
    view->prompt.text = app->prompt;
    view->prompt.error = app->prompt_error;
    for (int s = 0; s < GF_SIDES; s++)   /* a bar that no longer exists is hovered by nobody */
        view->hover_layer[s] = app->hover_layer[s] < app->bars[s].n_layers ? app->hover_layer[s] : -1;
    view->steps_per_second = gf_app_steps_per_second(app);
    view->note = app->note;
    view->note_is_error = app->note_is_error;
    view->step_phase = -1.0;
    const struct gf_scene *scene = gf_app_scene(app);
    /* the distributions' scenes show their view whatever free play's is */
    view->dist_axes = &app->dist_axes;
    gf_app_views_shown(app, view->dist_view, view->time_view);
    for (int s = 0; s < GF_SIDES; s++) {
        view->hists[s] = &app->hists[s];
        view->hist_layer[s] = app->hist_layer[s];
        view->hist_shown[s] = app->hist_picked[s] || view->dist_view[s] || view->time_view[s] != GF_TIME_HEAT;
    }
    if (scene) {
        struct gf_lesson_view *l = &view->lesson;
        view->in_lesson = true;
        view->bars_bound = scene->view == GF_SCENE_VANISHING;
        l->kind = scene->view;
        l->index = app->scene;
        l->count = app->lesson->n_scenes;
        l->title = gf_scene_title(scene, app->lang);
        l->lesson_title = gf_lesson_title(app->lesson, app->lang);
        l->n_text = gf_scene_text_count(scene, app->lang);
        for (int i = 0; i < l->n_text; i++)
            l->text[i] = gf_scene_text(scene, app->lang, i);
        l->n_examples = app->n_examples;
        for (int i = 0; i < app->n_examples; i++) {
            l->example[i] = app->example[i].lab;
            l->example_map[i] = &app->example[i].map;
            l->example_loss[i] = app->example[i].data_loss;
            l->example_accuracy[i] = app->example[i].data_accuracy;
        }
    }
}
