/* gf_lab.c - training runs and the lab. */
#include "gf_lab.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Independent random streams for one seed. */
#define STREAM_INIT 0x696e6974ULL   /* "init" */
#define STREAM_BATCH 0x62617463ULL  /* "batc" */

/* Rows a forward pass may take at once outside training (evaluation, maps). */
#define EVAL_CHUNK 256

void gf_lab_config_default(struct gf_lab_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->dataset = GF_DATA_SPIRAL;
    cfg->noise = -1.0f;
    cfg->head_from_dataset = true;
    cfg->head = GF_HEAD_BCE;
    cfg->init = GF_INIT_AUTO;
    cfg->optimizer = GF_OPT_SGD;
    cfg->lr = 0.05f;
    cfg->depth = 8;
    cfg->width = 16;
    cfg->batch = 32;
    cfg->seed = 1;
    cfg->act[GF_LEFT] = GF_ACT_SIGMOID;
    cfg->act[GF_RIGHT] = GF_ACT_RELU;
    cfg->alpha[GF_LEFT] = cfg->alpha[GF_RIGHT] = GF_LEAKY_ALPHA_DEFAULT;
}

enum gf_head gf_lab_config_head(const struct gf_lab_config *cfg)
{
    return cfg->head_from_dataset ? gf_dataset_info(cfg->dataset)->default_head : cfg->head;
}

const char *gf_lab_config_problem(const struct gf_lab_config *cfg)
{
    if ((unsigned)cfg->dataset >= GF_DATA_COUNT) return "unknown dataset";
    if ((unsigned)cfg->head >= GF_HEAD_COUNT) return "unknown head";
    if ((unsigned)cfg->init >= GF_INIT_COUNT) return "unknown init";
    if ((unsigned)cfg->optimizer >= GF_OPT_COUNT) return "unknown optimizer";
    if (!(cfg->lr > 0.0f && cfg->lr <= GF_LR_MAX)) return "learning rate outside (0, 1000]";
    /* the limits are spelled out here as the constants they must equal */
    _Static_assert(GF_MAX_HIDDEN == 64 && GF_MAX_WIDTH == 256 && GF_BATCH_MAX == 512, "update the messages");
    if (cfg->depth < 1 || cfg->depth > GF_MAX_HIDDEN) return "depth outside 1..64";
    if (cfg->width < 1 || cfg->width > GF_MAX_WIDTH) return "width outside 1..256";
    if (cfg->batch < 1 || cfg->batch > GF_BATCH_MAX) return "batch outside 1..512";
    if (!(cfg->noise <= 1.0f)) return "noise above 1";
    for (int s = 0; s < GF_SIDES; s++) {
        if ((unsigned)cfg->act[s] >= GF_ACT_COUNT) return "unknown activation";
        if ((unsigned)gf_lab_config_init(cfg, (enum gf_side)s) >= GF_INIT_COUNT) return "unknown init";
        if (!(cfg->alpha[s] >= 0.0f && cfg->alpha[s] <= 1.0f)) return "leaky slope outside [0, 1]";
        if (!(cfg->clip[s] >= 0.0f && cfg->clip[s] <= 1e6f)) return "clipping threshold outside (0, 1e6]";
        if (cfg->batchnorm[s] && cfg->batch < 2) return "batch normalization needs batches of 2 or more";
        if (cfg->double_softmax[s] && gf_lab_config_head(cfg) != GF_HEAD_CE)
            return "softmax twice needs the ce head (a multi-class dataset: spiral3, blobs)";
    }
    if (!gf_dataset_accepts_head(cfg->dataset, gf_lab_config_head(cfg))) {
        switch (gf_lab_config_head(cfg)) {
        case GF_HEAD_BCE: return "bce needs a two-class dataset (xor, circles, moons, spiral)";
        case GF_HEAD_MSE: return "mse needs a regression dataset (sine)";
        case GF_HEAD_CE_DOUBLE_SOFTMAX: return "ce-double-softmax needs a classification dataset (not sine)";
        default: return "ce needs a classification dataset (not sine)";
        }
    }
    return NULL;
}

enum gf_init gf_lab_config_init(const struct gf_lab_config *cfg, enum gf_side side)
{
    return cfg->own_init[side] ? cfg->side_init[side] : cfg->init;
}

void gf_lab_config_init_name(const struct gf_lab_config *cfg, char *buf, size_t n)
{
    enum gf_init l = gf_lab_config_init(cfg, GF_LEFT), r = gf_lab_config_init(cfg, GF_RIGHT);
    if (l == r)
        snprintf(buf, n, "%s", gf_init_id(l));
    else
        snprintf(buf, n, "%s / %s", gf_init_id(l), gf_init_id(r));
}

void gf_lab_config_run(const struct gf_lab_config *cfg, enum gf_side side, struct gf_run_config *out)
{
    out->act = cfg->act[side];
    out->alpha = cfg->alpha[side];
    out->head = gf_lab_config_head(cfg);
    if (cfg->double_softmax[side])
        out->head = GF_HEAD_CE_DOUBLE_SOFTMAX;
    out->init = gf_lab_config_init(cfg, side);
    out->optimizer = cfg->optimizer;
    out->lr = cfg->lr;
    out->depth = cfg->depth;
    out->width = cfg->width;
    out->batch = cfg->batch;
    out->seed = cfg->seed;
    out->residual = cfg->residual[side];
    out->batchnorm = cfg->batchnorm[side];
    out->clip = cfg->clip[side];
}

bool gf_lab_init(struct gf_lab *lab, const struct gf_lab_config *cfg)
{
    memset(lab, 0, sizeof *lab);
    if (gf_lab_config_problem(cfg))
        return false;
    lab->cfg = *cfg;
    float noise = cfg->noise < 0.0f ? gf_dataset_info(cfg->dataset)->default_noise : cfg->noise;
    if (!gf_data_init(&lab->data, cfg->dataset, GF_DATA_SAMPLES, noise, cfg->seed))
        return false;
    for (int s = 0; s < GF_SIDES; s++) {
        struct gf_run_config rc;
        gf_lab_config_run(cfg, (enum gf_side)s, &rc);
        if (!gf_run_init(&lab->run[s], &rc, &lab->data)) {
            gf_lab_destroy(lab);
            return false;
        }
    }
    return true;
}

void gf_lab_destroy(struct gf_lab *lab)
{
    for (int s = 0; s < GF_SIDES; s++)
        gf_run_destroy(&lab->run[s]);
    gf_data_destroy(&lab->data);
}

void gf_lab_step(struct gf_lab *lab, int n)
{
    /* Step by step, left then right, so both runs are always at the same
     * step (unless one has diverged) whenever anyone looks. */
    for (int i = 0; i < n; i++) {
        bool any = false;
        for (int s = 0; s < GF_SIDES; s++)
            any = gf_run_step(&lab->run[s]) || any;
        if (!any)
            return;
    }
}

/* Does dst hold memory shaped for a view of src? */
static bool view_fits(const struct gf_lab *dst, const struct gf_lab *src)
{
    if (!dst->data.x || dst->data.kind != src->data.kind || dst->data.n != src->data.n)
        return false;
    for (int s = 0; s < GF_SIDES; s++) {
        const struct gf_mlp *a = &dst->run[s].net, *b = &src->run[s].net;
        if (!a->params || a->n_layers != b->n_layers || a->residual != b->residual || a->batchnorm != b->batchnorm ||
            a->max_batch != src->run[s].cfg.batch || memcmp(a->size, b->size, sizeof a->size) != 0 ||
            dst->run[s].history.capacity != src->run[s].history.capacity ||
            dst->run[s].dist_history.capacity != src->run[s].dist_history.capacity)
            return false;
    }
    return true;
}

bool gf_lab_copy_view_shape(struct gf_lab *dst, const struct gf_lab *src)
{
    if (!view_fits(dst, src)) {
        gf_lab_destroy(dst);
        memset(dst, 0, sizeof *dst);
        const struct gf_data *d = &src->data;
        dst->data = *d;
        dst->data.x = malloc((size_t)d->n * d->n_inputs * sizeof *d->x);
        dst->data.y = malloc((size_t)d->n * d->n_targets * sizeof *d->y);
        bool ok = dst->data.x && dst->data.y;
        for (int s = 0; ok && s < GF_SIDES; s++) {
            const struct gf_run *from = &src->run[s];
            /* the minibatch's rows are all a reader of the caches sees */
            ok = gf_mlp_init_copy(&dst->run[s].net, &from->net, from->cfg.batch) &&
                 gf_history_init(&dst->run[s].history, from->history.capacity, from->history.n_layers) &&
                 (dst->run[s].node_grad = malloc(gf_stats_node_count(&from->net) * sizeof *from->node_grad)) &&
                 gf_dist_history_init(&dst->run[s].dist_history, from->dist_history.capacity,
                                      from->dist_history.n_layers);
        }
        if (!ok) {
            gf_lab_destroy(dst);
            memset(dst, 0, sizeof *dst);
            return false;
        }
        memcpy(dst->data.x, d->x, (size_t)d->n * d->n_inputs * sizeof *d->x);
        memcpy(dst->data.y, d->y, (size_t)d->n * d->n_targets * sizeof *d->y);
    }
    dst->cfg = src->cfg;
    for (int s = 0; s < GF_SIDES; s++)
        dst->run[s].data = &dst->data;
    return true;
}

void gf_lab_copy_view_run(struct gf_lab *dst, const struct gf_lab *src, enum gf_side side, bool values)
{
    struct gf_run *to = &dst->run[side];
    const struct gf_run *from = &src->run[side];
    to->cfg = from->cfg;
    to->target_dim = from->target_dim;
    to->step = from->step;
    to->diverged_at = from->diverged_at;
    to->last = from->last;
    to->cursor = from->cursor;
    if (values)
        gf_mlp_copy_state(&to->net, &from->net);
    else
        gf_mlp_copy_params(&to->net, &from->net);
    memcpy(to->node_grad, from->node_grad, gf_stats_node_count(&from->net) * sizeof *from->node_grad);
    gf_history_copy(&to->history, &from->history);
    to->measure_dist = from->measure_dist;
    to->measure_percentiles = from->measure_percentiles;
    gf_dist_history_copy(&to->dist_history, &from->dist_history);
}

bool gf_lab_copy_view(struct gf_lab *dst, const struct gf_lab *src)
{
    if (!gf_lab_copy_view_shape(dst, src))
        return false;
    for (int s = 0; s < GF_SIDES; s++)
        gf_lab_copy_view_run(dst, src, (enum gf_side)s, true);
    return true;
}

static void shuffle(struct gf_run *run)
{
    int n = run->data->n;
    for (int i = n - 1; i > 0; i--) {
        int j = (int)gf_rng_below(&run->batch_rng, (uint32_t)i + 1);
        int t = run->order[i];
        run->order[i] = run->order[j];
        run->order[j] = t;
    }
}

/* Copies the next `batch` examples of the epoch order into batch_x / batch_y,
 * starting a freshly shuffled epoch whenever the order runs out. */
static void fetch_batch(struct gf_run *run)
{
    const struct gf_data *d = run->data;
    for (int r = 0; r < run->cfg.batch; r++) {
        if (run->cursor == d->n) {
            shuffle(run);
            run->cursor = 0;
        }
        int i = run->order[run->cursor++];
        memcpy(run->batch_x + (size_t)r * d->n_inputs, d->x + (size_t)i * d->n_inputs,
               (size_t)d->n_inputs * sizeof *d->x);
        memcpy(run->batch_y + (size_t)r * run->target_dim, d->y + (size_t)i * d->n_targets,
               (size_t)run->target_dim * sizeof *d->y);
    }
}

bool gf_run_init(struct gf_run *run, const struct gf_run_config *cfg, const struct gf_data *data)
{
    memset(run, 0, sizeof *run);
    run->cfg = *cfg;
    run->data = data;
    const struct gf_dataset_info *info = gf_dataset_info(data->kind);
    struct gf_mlp_params p = {
        .n_in = data->n_inputs,
        .n_out = gf_head_outputs(cfg->head, info->n_classes, info->n_targets),
        .depth = cfg->depth,
        .width = cfg->width,
        .max_batch = cfg->batch > EVAL_CHUNK ? cfg->batch : EVAL_CHUNK,
        .act = cfg->act,
        .alpha = cfg->alpha,
        .residual = cfg->residual,
        .batchnorm = cfg->batchnorm,
    };
    if (!gf_mlp_init(&run->net, &p))
        return false;
    run->target_dim = gf_head_target_dim(cfg->head, p.n_out);
    run->order = malloc((size_t)data->n * sizeof *run->order);
    run->batch_x = malloc((size_t)cfg->batch * data->n_inputs * sizeof *run->batch_x);
    run->batch_y = malloc((size_t)cfg->batch * run->target_dim * sizeof *run->batch_y);
    run->spectral_warm = calloc(gf_stats_warm_size(&run->net), sizeof *run->spectral_warm);
    run->node_grad = calloc(gf_stats_node_count(&run->net), sizeof *run->node_grad);
    if (!run->order || !run->batch_x || !run->batch_y || !run->spectral_warm || !run->node_grad ||
        !gf_opt_init(&run->opt, cfg->optimizer, cfg->lr, &run->net) ||
        !gf_history_init(&run->history, GF_HISTORY_SAMPLES, run->net.n_layers) ||
        !(run->dist_scratch = malloc(gf_dist_scratch_size(&run->net) * sizeof *run->dist_scratch)) ||
        !gf_dist_history_init(&run->dist_history, GF_HISTORY_SAMPLES, run->net.n_layers)) {
        gf_run_destroy(run);
        return false;
    }

    struct gf_rng init_rng;
    gf_rng_seed(&init_rng, cfg->seed, STREAM_INIT);
    gf_init_apply(&run->net, cfg->init, &init_rng);

    gf_rng_seed(&run->batch_rng, cfg->seed, STREAM_BATCH);
    for (int i = 0; i < data->n; i++)
        run->order[i] = i;
    run->cursor = data->n;   /* the first fetch shuffles */
    fetch_batch(run);
    run->last.n_layers = run->net.n_layers;
    return true;
}

void gf_run_destroy(struct gf_run *run)
{
    gf_mlp_destroy(&run->net);
    gf_opt_destroy(&run->opt);
    gf_history_destroy(&run->history);
    gf_dist_history_destroy(&run->dist_history);
    free(run->dist_scratch);
    run->dist_scratch = NULL;
    free(run->order);
    free(run->batch_x);
    free(run->batch_y);
    free(run->spectral_warm);
    free(run->node_grad);
    run->spectral_warm = NULL;
    run->node_grad = NULL;
    run->order = NULL;
    run->batch_x = run->batch_y = NULL;
}

/* Examples of n whose predicted class is y's (classification heads). */
static long count_correct(enum gf_head head, const float *logits, const float *y, int n, int K)
{
    long correct = 0;
    for (int r = 0; r < n; r++)
        correct += gf_head_predict(head, logits + (size_t)r * K, K) == (int)y[r];
    return correct;
}

/* Share of the B rows of logits (B, K) whose predicted class matches y; NaN for regression. */
static double batch_accuracy(enum gf_head head, const float *logits, const float *y, int B, int K)
{
    if (!gf_head_info(head)->classification)
        return NAN;
    return (double)count_correct(head, logits, y, B, K) / B;
}

static void layer_weights(void *net, int l)
{
    gf_mlp_backward_weights(net, l);
}

/* Forward, loss and backward on the prepared minibatch; fills stats except update ratios. */
static double compute_gradients(struct gf_run *run, struct gf_step_stats *stats)
{
    struct gf_mlp *net = &run->net;
    int B = run->cfg.batch;
    gf_mlp_forward(net, run->batch_x, B);
    double loss = gf_head_loss(run->cfg.head, gf_mlp_dlogits(net), gf_mlp_logits(net),
                               run->batch_y, B, gf_mlp_n_out(net));
    /* the pass down first; each layer's weight gradients then in the piece
       of work that measures them, or on their own without statistics */
    gf_mlp_backward_chain(net);
    /* on every backward pass, the dump's probe too: the diagram shows the gradients dz holds */
    gf_stats_node_grads(run->node_grad, net);
    if (!stats) {
        gf_parallel_each(run->parallel, net->n_layers, layer_weights, net);
    } else {
        stats->grad_norm_total = sqrt(gf_stats_measure(stats->layer, net, run->spectral_warm, run->parallel,
                                                       layer_weights, net));
        stats->clipped = false;
        stats->loss = loss;
        stats->accuracy = batch_accuracy(run->cfg.head, gf_mlp_logits(net), run->batch_y, B, gf_mlp_n_out(net));
        stats->n_layers = net->n_layers;
        stats->has_dist = run->measure_dist;
        if (run->measure_dist) {
            gf_dist_measure(stats->dist, net, run->dist_scratch, run->measure_percentiles);
            for (int l = 0; l < net->n_layers; l++)   /* ‖δ‖ as the statistics measured it: computed once */
                stats->dist[l].v[GF_DIST_DELTA_NORM] = stats->layer[l].v[GF_METRIC_DELTA_NORM];
        }
    }
    return loss;
}

bool gf_run_step(struct gf_run *run)
{
    if (run->diverged_at)
        return false;
    struct gf_step_stats *s = &run->last;
    compute_gradients(run, s);
    s->step = ++run->step;
    gf_mlp_update_running(&run->net);   /* torch updates them on every training forward */

    /* Statistics describe the gradients as computed; clipping then scales
     * them, as clip_grad_norm_ does: by max_norm / (total_norm + 1e-6) when below 1. */
    if (run->cfg.clip > 0.0f && isfinite(s->grad_norm_total)) {
        float coef = (float)(run->cfg.clip / (s->grad_norm_total + 1e-6));
        if (coef < 1.0f) {
            for (size_t i = 0; i < run->net.n_params; i++)
                run->net.grads[i] *= coef;
            s->clipped = true;
        }
    }

    bool healthy = isfinite(s->loss) && gf_stats_finite(s->layer, s->n_layers);
    if (healthy) {
        struct gf_opt_report rep;
        gf_opt_step(&run->opt, &run->net, &rep, run->parallel);
        gf_stats_set_updates(s->layer, &run->net, &rep);
        healthy = rep.finite;
    }
    gf_history_push(&run->history, s);
    if (s->has_dist)
        gf_dist_history_push(&run->dist_history, s->step, s->dist);
    if (!healthy) {
        run->diverged_at = run->step;
        return false;
    }
    fetch_batch(run);
    return true;
}

bool gf_run_overflowed_at_init(const struct gf_run *run)
{
    return run->diverged_at == 1 && run->last.step == 1 &&
           (!isfinite(run->last.loss) || !gf_stats_finite(run->last.layer, run->last.n_layers));
}

double gf_run_probe(struct gf_run *run, struct gf_step_stats *stats)
{
    double loss = compute_gradients(run, stats);
    if (stats)
        stats->step = run->step;
    return loss;
}

void gf_evaluate_part(struct gf_mlp *net, enum gf_head head, const struct gf_data *d, int start, int n,
                      double *loss_sum, long *correct)
{
    gf_mlp_infer(net, d->x + (size_t)start * d->n_inputs, n);
    gf_evaluate_logits(head, d, gf_mlp_logits(net), gf_mlp_n_out(net), start, n, loss_sum, correct);
}

void gf_evaluate_logits(enum gf_head head, const struct gf_data *d, const float *logits, int K, int start, int n,
                        double *loss_sum, long *correct)
{
    const float *y = d->y + (size_t)start * d->n_targets;
    *loss_sum += gf_head_loss(head, NULL, logits, y, n, K) * n;
    if (gf_head_info(head)->classification)
        *correct += count_correct(head, logits, y, n, K);
}

int64_t gf_lab_steps(const struct gf_lab *lab)
{
    int64_t l = lab->run[GF_LEFT].step, r = lab->run[GF_RIGHT].step;
    return l > r ? l : r;
}

void gf_evaluate(struct gf_mlp *net, enum gf_head head, const struct gf_data *d, double *loss, double *accuracy)
{
    double total = 0.0;
    long correct = 0;
    for (int start = 0; start < d->n; start += net->max_batch) {
        int n = d->n - start < net->max_batch ? d->n - start : net->max_batch;
        gf_evaluate_part(net, head, d, start, n, &total, &correct);
    }
    gf_evaluate_finish(head, d, total, correct, loss, accuracy);
}

void gf_evaluate_finish(enum gf_head head, const struct gf_data *data, double loss_sum, long correct, double *loss,
                        double *accuracy)
{
    *loss = loss_sum / data->n;
    *accuracy = gf_head_info(head)->classification ? (double)correct / data->n : NAN;
}

void gf_run_evaluate(struct gf_run *run, double *loss, double *accuracy)
{
    /* batchnorm: a copy with the dataset's statistics (gf_mlp_fit_running);
     * the run keeps torch's running statistics, as the dump reports them */
    struct gf_mlp copy;
    if (run->net.batchnorm && gf_mlp_init_copy(&copy, &run->net, EVAL_CHUNK)) {
        bool fitted = gf_mlp_fit_running(&copy, run->data->x, run->data->n);
        gf_evaluate(fitted ? &copy : &run->net, run->cfg.head, run->data, loss, accuracy);
        gf_mlp_destroy(&copy);
        return;
    }
    gf_evaluate(&run->net, run->cfg.head, run->data, loss, accuracy);
}

void gf_predict(struct gf_mlp *net, enum gf_head head, const float *x, int n, float *out)
{
    int n_in = gf_mlp_n_in(net), K = gf_mlp_n_out(net);
    for (int start = 0; start < n; start += net->max_batch) {
        int m = n - start < net->max_batch ? n - start : net->max_batch;
        gf_mlp_infer(net, x + (size_t)start * n_in, m);
        const float *logits = gf_mlp_logits(net);
        for (int r = 0; r < m; r++)
            gf_head_output(head, out + (size_t)(start + r) * K, logits + (size_t)r * K, K);
    }
}

void gf_run_predict(struct gf_run *run, const float *x, int n, float *out)
{
    gf_predict(&run->net, run->cfg.head, x, n, out);
}
