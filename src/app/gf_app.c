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
 * afterwards, each run's last step. */
static void update_bars(struct gf_app *app)
{
    for (int s = 0; s < GF_SIDES; s++) {
        struct gf_run *run = &app->lab->run[s];
        if (run->step == 0)
            gf_run_probe(run, &app->bars[s]);
        else
            app->bars[s] = run->last;
    }
}

static void drop_jobs(struct gf_app *app)
{
    for (int s = 0; s < GF_SIDES; s++) {
        struct gf_map_job *job = &app->job[s];
        if (job->have_snapshot)
            gf_mlp_destroy(&job->snapshot);
        free(job->out);
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
        free(m->out);
        m->out = calloc((size_t)points * n_out, sizeof *m->out);
        app->job[s].out = malloc((size_t)points * n_out * sizeof *app->job[s].out);
        ok = ok && m->out && app->job[s].out;
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
    job->active = true;
    job->next = 0;
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
                      int start, int n)
{
    int n_in = gf_mlp_n_in(net), K = gf_mlp_n_out(net);
    const float *logits = gf_mlp_logits(net);
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
    /* Work in chunks sized to the budget (at least one point), so a huge
     * network's map takes many frames rather than freezing one; the map's
     * points first, then the dataset for the loss and accuracy beside it. */
    struct gf_mlp *net = &job->snapshot;
    const struct gf_data *data = &app->lab->data;
    int n_in = gf_mlp_n_in(net), K = gf_mlp_n_out(net);
    double per_point = (double)gf_mlp_macs(net);
    int total = app->map_points + data->n;
    while (job->next < total && macs > 0.0) {
        bool in_map = job->next < app->map_points;
        int left = in_map ? app->map_points - job->next : total - job->next;
        double affordable = macs / per_point;
        /* at least a few rows at a time: one row at a time wastes most of a big network's time */
        int n = affordable < GF_MAP_MIN_ROWS ? GF_MAP_MIN_ROWS : affordable < (double)left ? (int)affordable : left;
        if (n > left)
            n = left;
        if (n > net->max_batch)
            n = net->max_batch;
        if (in_map)
            gf_predict(net, run->cfg.head, app->map_x + (size_t)job->next * n_in, n, job->out + (size_t)job->next * K);
        else {
            gf_evaluate_part(net, run->cfg.head, data, job->next - app->map_points, n, &job->loss_sum, &job->correct);
            add_facts(job, net, run->cfg.head, data, job->next - app->map_points, n);
        }
        job->next += n;
        macs -= (double)n * per_point;
    }
    if (job->next < total)
        return false;
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
    /* The lab is built beside the old one and swapped in, so a failure keeps what was there. */
    struct gf_lab *fresh = malloc(sizeof *fresh);
    if (!fresh || !gf_lab_init(fresh, cfg)) {
        if (fresh)
            gf_lab_destroy(fresh);
        free(fresh);
        gf_app_say(app, true, "%s", gf_tr(app->lang, "out of memory: kept the previous settings"));
        return false;
    }
    if (app->lab) {
        gf_lab_destroy(app->lab);
        free(app->lab);
    }
    app->lab = fresh;
    app->cfg = *cfg;
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
    app->clip_threshold = cfg->clip[GF_LEFT] > 0.0f ? cfg->clip[GF_LEFT] : GF_CLIP_DEFAULT;
    app->lesson = gf_lesson_builtin();
    return rebuild(app, cfg);
}

bool gf_app_init_from_cli(struct gf_app *app, const struct gf_cli_options *opt, bool interactive, char *err,
                          size_t errlen)
{
    if (!gf_app_init(app, &opt->lab, opt->theme)) {
        snprintf(err, errlen, "cannot build the networks: %s", app->note[0] ? app->note : "out of memory");
        gf_app_destroy(app);   /* lab NULL: the caller can tell this from bad input */
        return false;
    }
    app->lang = opt->lang;
    app->bar_metric = opt->bar_metric;
    app->bar_log = !opt->bar_linear;
    app->caption = opt->caption;
    app->no_title = opt->no_title;
    app->smooth = opt->smooth;
    app->export_w = opt->export_w;
    app->export_h = opt->export_h;
    /* a scene asked for by number is the file's: then a broken file is an error */
    if (opt->lesson_path && !gf_app_load_lesson(app, opt->lesson_path, err, errlen) && (!interactive || opt->scene))
        return false;
    return !opt->scene || gf_app_open_scene(app, opt, err, errlen);
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
    gf_lab_step(app->lab, n);
    for (int i = 0; i < app->n_examples; i++)
        gf_lab_step(app->example[i].lab, n);
    update_bars(app);
}

bool gf_app_load_lesson(struct gf_app *app, const char *path, char *err, size_t errlen)
{
    struct gf_lesson *lesson = malloc(sizeof *lesson);
    if (!lesson) {
        snprintf(err, errlen, "%s: out of memory", path);
    } else if (gf_lesson_load(lesson, path, err, errlen)) {
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
    if (!rebuild(app, cfg) && app->lab == lab_before) {   /* refused or out of memory: stay; the note says why */
        app->lesson_mode = was_lesson;
        app->scene = was_scene;
        return false;
    }
    app->help = false;
    app->paused = false;
    app->focus = GF_LEFT;
    app->speed = nearest_speed(scene->steps_per_second);
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
    return true;
}

const struct gf_scene *gf_app_scene(const struct gf_app *app)
{
    return app->lesson_mode ? &app->lesson->scene[app->scene] : NULL;
}

static void next_in_cycle(int *value, int count)
{
    *value = (*value + 1) % count;
}

/* Back to free play, keeping the scene's networks as they are. */
static void leave_lesson(struct gf_app *app)
{
    app->lesson_mode = false;
    drop_examples(app);
    gf_app_say(app, false, "%s", gf_tr(app->lang, "free play, with the scene's settings — M returns to the lesson"));
}

void gf_app_apply(struct gf_app *app, enum gf_action action)
{
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
        rebuild(app, &cfg);
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
        rebuild(app, &cfg);
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
        rebuild(app, &cfg);
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
        rebuild(app, &cfg);
        return;
    }
    case GF_ACTION_ALPHA_HALVE:
    case GF_ACTION_ALPHA_DOUBLE: {
        float a = action == GF_ACTION_ALPHA_DOUBLE ? cfg.alpha[f] * 2.0f : cfg.alpha[f] * 0.5f;
        if (a > 1.0f)
            a = 1.0f;
        if (a < 1.0f / 1024.0f) {
            gf_app_say(app, true, "%s", gf_tr(app->lang, "leaky slope stays above 1/1024 (press 4 for ReLU, a = 0)"));
            return;
        }
        cfg.alpha[f] = a;
        if (cfg.act[f] != GF_ACT_LEAKY_RELU)
            gf_app_say(app, false, gf_tr(app->lang, "slope a = %g is used by leaky ReLU (key 5)"), (double)a);
        rebuild(app, &cfg);
        return;
    }
    case GF_ACTION_TOGGLE_RESIDUAL:
        cfg.residual[f] = !cfg.residual[f];
        rebuild(app, &cfg);
        return;
    case GF_ACTION_TOGGLE_BATCHNORM:
        cfg.batchnorm[f] = !cfg.batchnorm[f];
        rebuild(app, &cfg);
        return;
    case GF_ACTION_TOGGLE_CLIP:
        cfg.clip[f] = cfg.clip[f] > 0.0f ? 0.0f : app->clip_threshold;
        rebuild(app, &cfg);
        return;
    case GF_ACTION_NEXT_DATASET: {
        /* Each dataset brings its own head; a run applying softmax twice needs
         * cross-entropy, so while one does, D goes through the multi-class
         * datasets only. */
        bool needs_ce = cfg.double_softmax[GF_LEFT] || cfg.double_softmax[GF_RIGHT];
        int d = (int)cfg.dataset;
        do
            next_in_cycle(&d, GF_DATA_COUNT);
        while (needs_ce && gf_dataset_info((enum gf_dataset)d)->default_head != GF_HEAD_CE);
        cfg.dataset = (enum gf_dataset)d;
        cfg.head_from_dataset = true;
        rebuild(app, &cfg);
        return;
    }
    case GF_ACTION_NEXT_INIT: {
        int i = (int)cfg.init;
        next_in_cycle(&i, GF_INIT_COUNT);
        cfg.init = (enum gf_init)i;
        rebuild(app, &cfg);
        return;
    }
    case GF_ACTION_NEXT_OPTIMIZER: {
        int o = (int)cfg.optimizer;
        next_in_cycle(&o, GF_OPT_COUNT);
        cfg.optimizer = (enum gf_optimizer)o;
        rebuild(app, &cfg);
        return;
    }
    case GF_ACTION_NEXT_METRIC:
        app->bar_metric = app->bar_metric == GF_METRIC_GRAD_RMS    ? GF_METRIC_GRAD_NORM
                          : app->bar_metric == GF_METRIC_GRAD_NORM ? GF_METRIC_DELTA_MEAN_ABS
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
    case GF_ACTION_LESSON:
        if (app->lesson_mode)
            leave_lesson(app);
        else
            gf_app_enter_scene(app, app->scene);
        return;
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
        if (app->help)
            app->help = false;
        else if (app->lesson_mode)
            leave_lesson(app);
        else
            app->quit = true;
        return;
    case GF_ACTION_QUIT: app->quit = true; return;
    case GF_ACTION_NONE:
    case GF_ACTION_COUNT:
        return;
    }
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
    view->steps_per_second = gf_app_steps_per_second(app);
    view->note = app->note;
    view->note_is_error = app->note_is_error;
    view->step_phase = -1.0;
    const struct gf_scene *scene = gf_app_scene(app);
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
