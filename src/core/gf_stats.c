/* gf_stats.c - per-layer statistics and the history that keeps them. */
#include "gf_stats.h"

#include <math.h>
#include <stdlib.h>
#include <stdint.h>
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
    [GF_METRIC_DELTA_NORM] = "delta_norm",
    [GF_METRIC_DELTA_BOUND] = "delta_bound",
    [GF_METRIC_SPECTRAL_NORM] = "weight_spectral_norm",
    [GF_METRIC_SLOPE_MEAN] = "slope_mean",
    [GF_METRIC_INACTIVE] = "inactive_frac",
};

enum gf_metric gf_metric_share(enum gf_act act)
{
    switch (act) {
    case GF_ACT_SIGMOID:
    case GF_ACT_TANH: return GF_METRIC_SATURATED;
    case GF_ACT_LINEAR: return GF_METRIC_COUNT;
    default: return GF_METRIC_INACTIVE;
    }
}

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

/* What one hidden layer's slopes say: its saturated or inactive share, its
 * dead share, the mean |f'(z)| and the largest |f'(z)| met in the batch. */
struct unit_facts {
    float share, dead, slope_mean;
    double slope_max;
};

/* The facts of hidden layer l's units over the batch, from the slopes the
 * backward pass left. */
static struct unit_facts measure_units(const struct gf_mlp *net, int l)
{
    int B = net->batch, n = net->size[l + 1];
    const float *s = net->slope + net->z_off[l];
    float limit = 0.1f * gf_act_info(net->act)->max_slope;
    unsigned char alive[GF_MAX_WIDTH] = {0};
    long n_low = 0;
    double sum = 0.0;
    float most = 0.0f;
    for (int r = 0; r < B; r++) {
        const float *row = s + (size_t)r * n;
        int row_low = 0;
        double row_sum = 0.0;
        for (int j = 0; j < n; j++) {
            float a = fabsf(row[j]);
            row_low += a < limit;
            row_sum += a;
            most = a > most ? a : most;
            alive[j] |= a != 0.0f;
        }
        n_low += row_low;
        sum += row_sum;
    }
    int n_dead = 0;
    for (int j = 0; j < n; j++)
        n_dead += !alive[j];
    double cells = (double)B * n;
    return (struct unit_facts){(float)((double)n_low / cells), (float)n_dead / (float)n, (float)(sum / cells), most};
}

/* A fixed start for power iteration with mixed signs and no structure, so
 * no weight matrix a network meets is orthogonal to it. */
/* v · v, summed in order. */
static double squared_norm(const double *v, int n)
{
    double sum = 0.0;
    for (int i = 0; i < n; i++)
        sum += v[i] * v[i];
    return sum;
}

static void spectral_start(double *v, int in)
{
    for (int i = 0; i < in; i++) {
        uint64_t h = ((uint64_t)i + 1) * 0x9E3779B97F4A7C15ULL;
        v[i] = (double)(h >> 11) / 9007199254740992.0 - 0.5;
    }
}

double gf_spectral_norm(const float *W, int out, int in, double *v)
{
    double next[GF_MAX_WIDTH];   /* WᵀW v: (in), in <= GF_MAX_WIDTH */
    double vv = squared_norm(v, in);
    if (!(vv > 0.0 && isfinite(vv))) {
        spectral_start(v, in);
        vv = squared_norm(v, in);
    }
    for (int i = 0; i < in; i++)
        v[i] /= sqrt(vv);
    /* For unit v, ρ = ‖W v‖² = vᵀ WᵀW v and λ = ‖WᵀW v‖ never exceed the
     * largest eigenvalue λ₁ of WᵀW, and λ only grows as v converges: stop
     * when it no longer does. What is left is measured by the residual
     * r² = λ² - ρ²: whenever at least a fifth of v lies along the top
     * eigenvector (which the iteration makes sure of unless λ₁ and the next
     * are within r of each other), λ₁ <= ρ + 2r, so that is the answer: it
     * errs upward, by about r. */
    double lambda = 0.0, upper = 0.0;
    bool restarted = false;
    for (int it = 0; it < GF_SPECTRAL_ITERS; it++) {
        /* W v and Wᵀ(W v) in one pass over W, a row at a time: each row's
         * number of W v is added into WᵀW v while the row is at hand, so W
         * (a quarter of a megabyte at width 256, read every iteration of
         * every layer of every step) comes from memory once an iteration */
        double rho = 0.0;
        for (int i = 0; i < in; i++)
            next[i] = 0.0;
        for (int o = 0; o < out; o++) {
            const float *w = W + (size_t)o * in;
            double lane[4] = {0};
            int i = 0;
            for (; i + 4 <= in; i += 4)
                for (int k = 0; k < 4; k++)
                    lane[k] += (double)w[i + k] * v[i + k];
            double t = lane[0] + lane[1] + lane[2] + lane[3];
            for (; i < in; i++)
                t += (double)w[i] * v[i];
            rho += t * t;
            for (i = 0; i < in; i++)
                next[i] += (double)w[i] * t;
        }
        for (int i = 0; i < in; i++)
            v[i] = next[i];
        double norm = 0.0;
        for (int i = 0; i < in; i++)
            norm += v[i] * v[i];
        norm = sqrt(norm);
        if (!isfinite(norm)) {
            spectral_start(v, in);   /* a clean start for the next call */
            return norm;
        }
        if (norm == 0.0) {
            /* v lies in W's null space: W is zero, or a warm v went stale */
            if (restarted || gf_sum_of_squares(W, (size_t)out * in) == 0.0)
                return 0.0;
            restarted = true;
            spectral_start(v, in);
            vv = squared_norm(v, in);
            for (int i = 0; i < in; i++)
                v[i] /= sqrt(vv);
            continue;
        }
        for (int i = 0; i < in; i++)
            v[i] /= norm;
        double r = sqrt(fmax(0.0, norm * norm - rho * rho));
        upper = fmax(norm, rho + 2.0 * r);
        bool done = norm - lambda <= 1e-9 * norm;
        lambda = norm > lambda ? norm : lambda;
        if (done)
            break;
    }
    /* ‖W‖_F bounds ‖W‖₂ too, and equals it for one row or column */
    double frobenius = sqrt(gf_sum_of_squares(W, (size_t)out * in));
    double sigma = sqrt(upper);
    return sigma < frobenius ? sigma : frobenius;
}

size_t gf_stats_warm_size(const struct gf_mlp *net)
{
    size_t n = 0;
    for (int l = 0; l < net->n_layers; l++)
        n += (size_t)net->size[l];
    return n;
}

/* The smallest float not below x (x >= 0 or NaN), so a bound stays a bound once stored. */
static float float_up(double x)
{
    float f = (float)x;
    return (double)f < x ? nextafterf(f, INFINITY) : f;
}

/* Batchnorm's backward factor at hidden layer l: the largest |γ| / sqrt(var + eps). */
static double batchnorm_factor(const struct gf_mlp *net, int l)
{
    const float *gamma = gf_mlp_gamma(net, l), *inv_std = net->bn_inv_std + net->run_off[l];
    double most = 0.0;
    for (int j = 0; j < net->size[l + 1]; j++) {
        double f = fabs((double)gamma[j]) * inv_std[j];
        most = f > most || isnan(f) ? f : most;
    }
    return most;
}

void gf_stats_node_grads(double *out, const struct gf_mlp *net)
{
    int B = net->batch;
    for (int l = 0; l < net->n_layers; l++) {
        int n = net->size[l + 1];
        const float *dz = net->dz + net->z_off[l];
        double *g = out + gf_stats_node_offset(net, l);
        for (int i = 0; i < n; i++)
            g[i] = 0.0;
        /* row by row, so dz is read once in its order; each unit still adds its rows first to last */
        for (int r = 0; r < B; r++)
            for (int i = 0; i < n; i++)
                g[i] += fabs((double)dz[(size_t)r * n + i]);
        for (int i = 0; i < n; i++)
            g[i] = B > 0 ? g[i] / B : 0.0;
    }
}

/* One gf_stats_measure: what its layers share, and what each finds. */
struct measure {
    struct gf_layer_stats *layer;
    const struct gf_mlp *net;
    double *warm;
    void (*first)(void *arg, int l);
    void *first_arg;
    double sq[GF_MAX_LAYERS];           /* each layer's gradients' sum of squares */
    double slope_max[GF_MAX_LAYERS], delta_norm[GF_MAX_LAYERS];
};

/* Layer l's metrics: its own numbers only (the spectral norm's power
 * iteration, at width 256 most of a step's statistics, among them), so
 * layers may be measured at once. */
static void measure_layer(void *arg, int l)
{
    struct measure *m = arg;
    if (m->first)
        m->first(m->first_arg, l);
    const struct gf_mlp *net = m->net;
    int L = net->n_layers;
    float *v = m->layer[l].v;
    size_t nw = (size_t)net->size[l] * net->size[l + 1];
    const float *W = gf_mlp_W(net, l), *dW = gf_mlp_dW(net, l);
    double gsq = gf_sum_of_squares(dW, nw), wsq = gf_sum_of_squares(W, nw);
    size_t nz = (size_t)net->batch * net->size[l + 1];
    const float *dz = net->dz + net->z_off[l];
    double dsum = sum_of_abs(dz, nz);
    /* the layer's other gradients (db, and dgamma, dbeta under batchnorm) for the total */
    m->sq[l] = gsq + gf_sum_of_squares(net->grads + net->b_off[l], net->end_off[l] - net->b_off[l]);
    double cold[GF_MAX_WIDTH];
    double *sv = cold;
    if (m->warm) {
        size_t warm_at = 0;
        for (int k = 0; k < l; k++)
            warm_at += (size_t)net->size[k];
        sv = m->warm + warm_at;
    } else {
        memset(cold, 0, sizeof cold);
    }

    v[GF_METRIC_GRAD_NORM] = (float)sqrt(gsq);
    v[GF_METRIC_GRAD_RMS] = (float)sqrt(gsq / (double)nw);
    v[GF_METRIC_WEIGHT_RMS] = (float)sqrt(wsq / (double)nw);
    v[GF_METRIC_UPDATE_RATIO] = 0.0f;
    v[GF_METRIC_DELTA_MEAN_ABS] = (float)(dsum / (double)nz);
    m->delta_norm[l] = sqrt(gf_sum_of_squares(dz, nz));
    v[GF_METRIC_DELTA_NORM] = (float)m->delta_norm[l];
    v[GF_METRIC_SPECTRAL_NORM] = float_up(gf_spectral_norm(W, net->size[l + 1], net->size[l], sv));
    v[GF_METRIC_SATURATED] = 0.0f;
    v[GF_METRIC_INACTIVE] = 0.0f;
    v[GF_METRIC_DEAD] = 0.0f;
    v[GF_METRIC_SLOPE_MEAN] = NAN;
    m->slope_max[l] = 0.0;
    if (l + 1 < L) {
        struct unit_facts u = measure_units(net, l);
        enum gf_metric share = gf_metric_share(net->act);
        if (share != GF_METRIC_COUNT)
            v[share] = u.share;
        v[GF_METRIC_DEAD] = u.dead;
        v[GF_METRIC_SLOPE_MEAN] = u.slope_mean;
        m->slope_max[l] = u.slope_max;
    }
}

double gf_stats_measure(struct gf_layer_stats *layer, const struct gf_mlp *net, double *warm,
                        const struct gf_parallel *par, void (*first)(void *arg, int l), void *first_arg)
{
    struct measure m = {.layer = layer, .net = net, .warm = warm, .first = first, .first_arg = first_arg};
    int L = net->n_layers;
    gf_parallel_each(par, L, measure_layer, &m);
    double total_sq = 0.0;   /* in layer order, however the layers were measured */
    for (int l = 0; l < L; l++)
        total_sq += m.sq[l];
    const double *slope_max = m.slope_max, *delta_norm = m.delta_norm;

    /* The bound, from the output layer's measured ‖δ‖ toward the input (see
     * gf_stats.h). g bounds ‖d loss / d h‖ at the output of layer l - 1. */
    double d = delta_norm[L - 1];
    layer[L - 1].v[GF_METRIC_DELTA_BOUND] = float_up(d);
    double g = 0.0;
    for (int l = L - 1; l >= 1; l--) {
        double through = (double)layer[l].v[GF_METRIC_SPECTRAL_NORM] * d;
        if (gf_mlp_has_bn(net, l))
            through *= batchnorm_factor(net, l);
        g = gf_mlp_has_skip(net, l) ? through + g : through;
        /* the activation's largest slope, or a larger one met in the batch (rounding) */
        double s = gf_act_info(net->act)->max_slope;
        if (net->act == GF_ACT_LEAKY_RELU && fabs((double)net->alpha) > s)
            s = fabs((double)net->alpha);
        if (slope_max[l - 1] > s)
            s = slope_max[l - 1];
        d = s * g;
        layer[l - 1].v[GF_METRIC_DELTA_BOUND] = float_up(d);
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

void gf_history_copy(struct gf_history *dst, const struct gf_history *src)
{
    /* the filled samples only: the rest is never read */
    int n = src->count;
    memcpy(dst->step, src->step, (size_t)n * sizeof *src->step);
    memcpy(dst->loss, src->loss, (size_t)n * sizeof *src->loss);
    memcpy(dst->accuracy, src->accuracy, (size_t)n * sizeof *src->accuracy);
    memcpy(dst->layer, src->layer, (size_t)n * src->n_layers * sizeof *src->layer);
    dst->count = n;
    dst->stride = src->stride;
    dst->pending = src->pending;
    dst->acc_loss = src->acc_loss;
    dst->acc_accuracy = src->acc_accuracy;
    memcpy(dst->acc, src->acc, sizeof dst->acc);
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
