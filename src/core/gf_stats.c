/* gf_stats.c - per-layer statistics and the history that keeps them. */
#include "gf_stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gf_madd.h"

static const char *const metric_ids[GF_METRIC_COUNT] = {
    [GF_METRIC_GRAD_NORM] = "grad_norm",
    [GF_METRIC_GRAD_RMS] = "grad_rms",
    [GF_METRIC_WEIGHT_RMS] = "weight_rms",
    [GF_METRIC_UPDATE_RATIO] = "update_ratio",
    [GF_METRIC_DELTA_MEAN_ABS] = "delta_mean_abs",
    [GF_METRIC_SATURATED] = "saturated_frac",
    [GF_METRIC_DEAD] = "dead_frac",
};

const char *gf_metric_id(enum gf_metric m)
{
    return metric_ids[m];
}

/* Sums of squares and of absolute values in double, from sixteen lanes the
 * compiler keeps in vector registers. Double, not float: the deep layers'
 * gradients of a sigmoid net go down to 1e-40 and below, and their squares
 * must not flush to zero before the window has drawn them. The lanes fix
 * the order of the sum, so the result is the same on every run. */
#define LANES 16

#define ADD_SQUARE(sum, x) GF_MADD((x), (x), (sum))

static double sum_lanes(const double *lane)
{
    double total = 0.0;
    for (int k = 0; k < LANES; k++)
        total += lane[k];
    return total;
}

double gf_sum_of_squares(const float *v, size_t n)
{
    double lane[LANES] = {0};
    size_t i = 0;
    for (; i + LANES <= n; i += LANES)
        for (int k = 0; k < LANES; k++)
            lane[k] = ADD_SQUARE(lane[k], (double)v[i + k]);
    double total = sum_lanes(lane);
    for (; i < n; i++)
        total = ADD_SQUARE(total, (double)v[i]);
    return total;
}

static double sum_of_abs(const float *v, size_t n)
{
    double lane[LANES] = {0};
    size_t i = 0;
    for (; i + LANES <= n; i += LANES)
        for (int k = 0; k < LANES; k++)
            lane[k] += fabs((double)v[i + k]);
    double total = sum_lanes(lane);
    for (; i < n; i++)
        total += fabs((double)v[i]);
    return total;
}

/* Saturated and dead shares of hidden layer l's units over the batch, from
 * the slopes the backward pass left. */
static void measure_units(const struct gf_mlp *net, int l, float *saturated, float *dead)
{
    int B = net->batch, n = net->size[l + 1];
    const float *s = net->slope + net->z_off[l];
    float limit = 0.1f * gf_act_info(net->act)->max_slope;
    unsigned char alive[GF_MAX_WIDTH] = {0};
    long n_saturated = 0;
    for (int r = 0; r < B; r++) {
        const float *row = s + (size_t)r * n;
        int row_saturated = 0;
        for (int j = 0; j < n; j++) {
            float a = fabsf(row[j]);
            row_saturated += a < limit;
            alive[j] |= a != 0.0f;
        }
        n_saturated += row_saturated;
    }
    int n_dead = 0;
    for (int j = 0; j < n; j++)
        n_dead += !alive[j];
    *saturated = (float)((double)n_saturated / ((double)B * n));
    *dead = (float)n_dead / (float)n;
}

double gf_stats_measure(struct gf_layer_stats *layer, const struct gf_mlp *net)
{
    double total_sq = 0.0;
    for (int l = 0; l < net->n_layers; l++) {
        float *v = layer[l].v;
        size_t nw = (size_t)net->size[l] * net->size[l + 1];
        const float *W = gf_mlp_W(net, l), *dW = gf_mlp_dW(net, l);
        double gsq = gf_sum_of_squares(dW, nw), wsq = gf_sum_of_squares(W, nw);
        size_t nz = (size_t)net->batch * net->size[l + 1];
        double dsum = sum_of_abs(net->dz + net->z_off[l], nz);
        /* the layer's other gradients (db, and dgamma, dbeta under batchnorm) for the total */
        total_sq += gsq + gf_sum_of_squares(net->grads + net->b_off[l], net->end_off[l] - net->b_off[l]);

        v[GF_METRIC_GRAD_NORM] = (float)sqrt(gsq);
        v[GF_METRIC_GRAD_RMS] = (float)sqrt(gsq / (double)nw);
        v[GF_METRIC_WEIGHT_RMS] = (float)sqrt(wsq / (double)nw);
        v[GF_METRIC_UPDATE_RATIO] = 0.0f;
        v[GF_METRIC_DELTA_MEAN_ABS] = (float)(dsum / (double)nz);
        v[GF_METRIC_SATURATED] = 0.0f;
        v[GF_METRIC_DEAD] = 0.0f;
        if (l + 1 < net->n_layers)
            measure_units(net, l, &v[GF_METRIC_SATURATED], &v[GF_METRIC_DEAD]);
    }
    return total_sq;
}

void gf_stats_set_updates(struct gf_layer_stats *layer, const struct gf_mlp *net, const struct gf_opt_report *rep)
{
    for (int l = 0; l < net->n_layers; l++) {
        /* as RMS over the layer's weights, whose ratio is the ratio of norms */
        double w = layer[l].v[GF_METRIC_WEIGHT_RMS];
        double u = sqrt(rep->update_sq[l] / ((double)net->size[l] * net->size[l + 1]));
        /* with no weights to compare against: infinite for a real step, else 0, or NaN passed on */
        layer[l].v[GF_METRIC_UPDATE_RATIO] = w > 0.0 ? (float)(u / w) : u > 0.0 ? INFINITY : (float)u;
    }
}

bool gf_stats_finite(const struct gf_layer_stats *layer, int n_layers)
{
    for (int l = 0; l < n_layers; l++)
        if (!isfinite(layer[l].v[GF_METRIC_GRAD_NORM]) || !isfinite(layer[l].v[GF_METRIC_DELTA_MEAN_ABS]))
            return false;
    return true;
}

bool gf_history_init(struct gf_history *h, int capacity, int n_layers)
{
    memset(h, 0, sizeof *h);
    h->capacity = capacity + (capacity & 1);
    h->n_layers = n_layers;
    h->step = malloc((size_t)h->capacity * sizeof *h->step);
    h->loss = malloc((size_t)h->capacity * sizeof *h->loss);
    h->accuracy = malloc((size_t)h->capacity * sizeof *h->accuracy);
    h->layer = malloc((size_t)h->capacity * n_layers * sizeof *h->layer);
    if (!h->step || !h->loss || !h->accuracy || !h->layer) {
        gf_history_destroy(h);
        return false;
    }
    gf_history_clear(h);
    return true;
}

void gf_history_destroy(struct gf_history *h)
{
    free(h->step);
    free(h->loss);
    free(h->accuracy);
    free(h->layer);
    h->step = NULL;
    h->loss = NULL;
    h->accuracy = NULL;
    h->layer = NULL;
    h->count = 0;
}

void gf_history_clear(struct gf_history *h)
{
    h->count = 0;
    h->stride = 1;
    h->pending = 0;
    h->acc_loss = 0.0;
    h->acc_accuracy = 0.0;
    memset(h->acc, 0, sizeof h->acc);
}

/* Merges samples pairwise: the record keeps its span at half the resolution. */
static void compact(struct gf_history *h)
{
    int L = h->n_layers;
    for (int i = 0; i < h->count / 2; i++) {
        int a = 2 * i, b = 2 * i + 1;
        h->step[i] = h->step[b];
        h->loss[i] = 0.5f * (h->loss[a] + h->loss[b]);
        h->accuracy[i] = 0.5f * (h->accuracy[a] + h->accuracy[b]);
        for (int l = 0; l < L; l++)
            for (int m = 0; m < GF_METRIC_COUNT; m++)
                h->layer[(size_t)i * L + l].v[m] =
                    0.5f * (h->layer[(size_t)a * L + l].v[m] + h->layer[(size_t)b * L + l].v[m]);
    }
    h->count /= 2;
    h->stride *= 2;
}

void gf_history_push(struct gf_history *h, const struct gf_step_stats *s)
{
    /* Make room before a sample opens, so every sample spans exactly `stride` steps. */
    if (h->pending == 0 && h->count == h->capacity)
        compact(h);
    h->acc_loss += s->loss;
    h->acc_accuracy += s->accuracy;
    for (int l = 0; l < h->n_layers; l++)
        for (int m = 0; m < GF_METRIC_COUNT; m++)
            h->acc[l][m] += s->layer[l].v[m];
    if (++h->pending < h->stride)
        return;

    int i = h->count++;
    double n = (double)h->pending;
    h->step[i] = s->step;
    h->loss[i] = (float)(h->acc_loss / n);
    h->accuracy[i] = (float)(h->acc_accuracy / n);
    for (int l = 0; l < h->n_layers; l++)
        for (int m = 0; m < GF_METRIC_COUNT; m++)
            h->layer[(size_t)i * h->n_layers + l].v[m] = (float)(h->acc[l][m] / n);
    h->pending = 0;
    h->acc_loss = 0.0;
    h->acc_accuracy = 0.0;
    memset(h->acc, 0, sizeof h->acc);
}

int64_t gf_history_recent_mean(const struct gf_history *h, int64_t steps, struct gf_layer_stats *out)
{
    double sum[GF_MAX_LAYERS][GF_METRIC_COUNT];
    memcpy(sum, h->acc, sizeof sum);   /* the open sample: sums of its steps */
    int64_t covered = h->pending;
    /* every closed sample is the mean of exactly `stride` steps */
    for (int i = h->count - 1; i >= 0 && covered < steps; i--) {
        for (int l = 0; l < h->n_layers; l++)
            for (int m = 0; m < GF_METRIC_COUNT; m++)
                sum[l][m] += (double)gf_history_layer(h, i, l)->v[m] * (double)h->stride;
        covered += h->stride;
    }
    if (covered == 0)
        return 0;
    for (int l = 0; l < h->n_layers; l++)
        for (int m = 0; m < GF_METRIC_COUNT; m++)
            out[l].v[m] = (float)(sum[l][m] / (double)covered);
    return covered;
}
