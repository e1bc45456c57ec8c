/* gf_dist.c - percentiles, activation statistics, histograms and their history. */
#include "gf_dist.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const stat_ids[GF_DIST_STAT_COUNT] = {
    [GF_DIST_Z_P15] = "z_p15",
    [GF_DIST_Z_P50] = "z_p50",
    [GF_DIST_Z_P85] = "z_p85",
    [GF_DIST_ACT_MEAN] = "act_mean",
    [GF_DIST_ACT_STD] = "act_std",
    [GF_DIST_DELTA_NORM] = "delta_norm",
};

const char *gf_dist_stat_id(enum gf_dist_stat s)
{
    return stat_ids[s];
}

/* The k-th smallest of v[0..n) (k < n, no NaN), by quickselect with a
 * median-of-three pivot; leaves v partitioned so that v[i] <= v[k] for
 * i < k and v[i] >= v[k] for i > k. */
static float select_kth(float *v, size_t n, size_t k)
{
    ptrdiff_t lo = 0, hi = (ptrdiff_t)n - 1, want = (ptrdiff_t)k;
    while (hi > lo) {
        ptrdiff_t mid = lo + (hi - lo) / 2;
        float a = v[lo], b = v[mid], c = v[hi];
        float pivot = a < b ? (b < c ? b : a < c ? c : a) : (a < c ? a : b < c ? c : b);
        ptrdiff_t i = lo, j = hi;
        while (i <= j) {   /* Hoare: the pivot's own value stops both scans */
            while (v[i] < pivot)
                i++;
            while (v[j] > pivot)
                j--;
            if (i <= j) {
                float t = v[i];
                v[i] = v[j];
                v[j] = t;
                i++;
                j--;
            }
        }
        /* now v[lo..j] <= pivot, v[i..hi] >= pivot, and anything between equals it */
        if (want <= j)
            hi = j;
        else if (want >= i)
            lo = i;
        else
            return v[want];
    }
    return v[want];
}

double gf_percentile(float *v, size_t n, double p)
{
    for (size_t i = 0; i < n; i++)
        if (isnan(v[i]))
            return NAN;
    /* numpy's "linear": rank h = (n - 1) q, between order statistics ⌊h⌋ and ⌊h⌋ + 1 */
    double h = (double)(n - 1) * (p / 100.0);
    size_t k = (size_t)floor(h);
    if (k >= n - 1)
        return select_kth(v, n, n - 1);
    double t = h - (double)k;
    double a = select_kth(v, n, k);
    double b = v[k + 1];   /* the next order statistic: the least of what select left above k */
    for (size_t i = k + 2; i < n; i++)
        b = fmin(b, (double)v[i]);
    /* numpy's _lerp: from the nearer end, so the result stays inside [a, b] */
    double d = b - a;
    return t >= 0.5 ? b - d * (1.0 - t) : a + d * t;
}

size_t gf_dist_scratch_size(const struct gf_mlp *net)
{
    int widest = 0;
    for (int l = 1; l < net->n_layers; l++)
        widest = net->size[l] > widest ? net->size[l] : widest;
    return (size_t)net->max_batch * (size_t)(widest > 0 ? widest : 1);
}

/* Sums in double over sixteen lanes the compiler keeps in vector registers,
 * as gf_stats does: a plain running sum would wait on each addition. The
 * lanes fix the order, so the result is the same on every run. */
#define LANES 16

static double lanes_total(const double *lane)
{
    double total = 0.0;
    for (int k = 0; k < LANES; k++)
        total += lane[k];
    return total;
}

/* Σ (v[i] - c)², in double (a deep sigmoid net's δ squares would flush to zero in float). */
static double sum_sq_dev(const float *v, size_t n, double c)
{
    double lane[LANES] = {0};
    size_t i = 0;
    for (; i + LANES <= n; i += LANES)
        for (int k = 0; k < LANES; k++)
            lane[k] += ((double)v[i + k] - c) * ((double)v[i + k] - c);
    double total = lanes_total(lane);
    for (; i < n; i++)
        total += ((double)v[i] - c) * ((double)v[i] - c);
    return total;
}

static double sum(const float *v, size_t n)
{
    double lane[LANES] = {0};
    size_t i = 0;
    for (; i + LANES <= n; i += LANES)
        for (int k = 0; k < LANES; k++)
            lane[k] += v[i + k];
    double total = lanes_total(lane);
    for (; i < n; i++)
        total += v[i];
    return total;
}

void gf_dist_measure(struct gf_layer_dist *layer, const struct gf_mlp *net, float *scratch, bool percentiles)
{
    for (int l = 0; l < net->n_layers; l++) {
        float *v = layer[l].v;
        size_t n = (size_t)net->batch * net->size[l + 1];
        if (l + 1 == net->n_layers) {   /* the output layer has no activation */
            for (int s = 0; s < GF_DIST_CSV_COUNT; s++)
                v[s] = NAN;
            continue;
        }
        v[GF_DIST_Z_P15] = v[GF_DIST_Z_P50] = v[GF_DIST_Z_P85] = NAN;
        if (percentiles) {
            memcpy(scratch, net->z + net->z_off[l], n * sizeof *scratch);
            v[GF_DIST_Z_P15] = (float)gf_percentile(scratch, n, 15.0);
            v[GF_DIST_Z_P50] = (float)gf_percentile(scratch, n, 50.0);
            v[GF_DIST_Z_P85] = (float)gf_percentile(scratch, n, 85.0);
        }
        /* two passes: the mean, then the squared deviations from it */
        const float *a = net->a + net->z_off[l];
        double mean = sum(a, n) / (double)n;
        v[GF_DIST_ACT_MEAN] = (float)mean;
        v[GF_DIST_ACT_STD] = (float)sqrt(sum_sq_dev(a, n, mean) / (double)n);
    }
}

/* Histograms */

static void hist_start(struct gf_hist *h, float lo, float hi)
{
    memset(h, 0, sizeof *h);
    h->lo = lo;
    h->hi = hi;
}

/* Counts x (finite) into h's bins, given the axis in double. */
static void hist_count(struct gf_hist *h, double x, double lo, double hi)
{
    if (x < lo) {
        h->below++;
    } else if (x > hi) {
        h->above++;
    } else {
        int k = (int)floor((x - lo) / (hi - lo) * GF_DIST_BINS);
        h->bin[k < GF_DIST_BINS ? k : GF_DIST_BINS - 1]++;
    }
}

void gf_hist_linear(struct gf_hist *h, const float *v, size_t n, float lo, float hi)
{
    hist_start(h, lo, hi);
    for (size_t i = 0; i < n; i++) {
        if (isfinite(v[i]))
            hist_count(h, v[i], lo, hi);
        else
            h->other++;
    }
    h->total = (int)n;
}

void gf_hist_log(struct gf_hist *h, const float *v, size_t n, float scale, float lo, float hi)
{
    hist_start(h, lo, hi);
    /* The bins' edges as magnitudes, so each value costs comparisons, not a
     * logarithm: value x is in bin k when edge[k] <= x < edge[k + 1]. */
    double edge[GF_DIST_BINS + 1];
    for (int k = 0; k <= GF_DIST_BINS; k++)
        edge[k] = pow(10.0, (double)lo + ((double)hi - lo) * k / GF_DIST_BINS);
    for (size_t i = 0; i < n; i++) {
        double x = fabs((double)v[i] * scale);
        if (!isfinite(x)) {
            h->other++;
        } else if (x == 0.0) {
            h->zero++;
        } else if (x < edge[0]) {
            h->below++;
        } else if (x > edge[GF_DIST_BINS]) {
            h->above++;
        } else {
            int a = 0, b = GF_DIST_BINS;   /* edge[a] <= x; the bin is the last edge at or below x */
            while (b - a > 1) {
                int m = (a + b) / 2;
                if (edge[m] <= x)
                    a = m;
                else
                    b = m;
            }
            h->bin[a]++;
        }
    }
    h->total = (int)n;
}

void gf_hist_log_extent(const float *v, size_t n, float scale, float *lo, float *hi)
{
    float mn = INFINITY, mx = 0.0f;
    for (size_t i = 0; i < n; i++) {
        float x = fabsf(v[i]);
        if (isfinite(x) && x > 0.0f) {
            mn = x < mn ? x : mn;
            mx = x > mx ? x : mx;
        }
    }
    if (mx == 0.0f)
        return;
    float a = (float)floor(log10((double)mn * scale)), b = (float)ceil(log10((double)mx * scale));
    *lo = a < *lo ? a : *lo;
    *hi = b > *hi ? b : *hi;
}

void gf_dist_axes_begin(struct gf_dist_axes *ax)
{
    ax->delta_lo = ax->dw_lo = INFINITY;
    ax->delta_hi = ax->dw_hi = -INFINITY;
}

void gf_dist_axes_add(struct gf_dist_axes *ax, const struct gf_mlp *net, float dw_scale)
{
    for (int l = 0; l < net->n_layers; l++) {
        size_t n = (size_t)net->batch * net->size[l + 1];
        gf_hist_log_extent(net->dz + net->z_off[l], n, 1.0f, &ax->delta_lo, &ax->delta_hi);
        gf_hist_log_extent(gf_mlp_dW(net, l), (size_t)net->size[l] * net->size[l + 1], dw_scale, &ax->dw_lo,
                           &ax->dw_hi);
    }
}

/* f(z)'s axis for net: a bounded activation's whole range, else its hidden layers' values'. */
static void act_axis(const struct gf_mlp *net, float *lo, float *hi)
{
    if (net->act == GF_ACT_SIGMOID || net->act == GF_ACT_TANH) {
        *lo = net->act == GF_ACT_TANH ? -1.0f : 0.0f;
        *hi = 1.0f;
        return;
    }
    float mn = INFINITY, mx = -INFINITY;
    for (int l = 0; l + 1 < net->n_layers; l++) {
        const float *a = net->a + net->z_off[l];
        for (size_t i = 0; i < (size_t)net->batch * net->size[l + 1]; i++)
            if (isfinite(a[i])) {
                mn = fminf(mn, a[i]);
                mx = fmaxf(mx, a[i]);
            }
    }
    if (!(mn <= mx)) {
        mn = 0.0f;
        mx = 1.0f;
    }
    if (mx - mn < 1e-3f) {   /* all equal (every unit dead, say): a unit around them */
        mn -= 0.5f;
        mx += 0.5f;
    }
    *lo = mn;
    *hi = mx;
}

void gf_dist_axes_end(struct gf_dist_axes *ax)
{
    float *lo[2] = {&ax->delta_lo, &ax->dw_lo}, *hi[2] = {&ax->delta_hi, &ax->dw_hi};
    for (int k = 0; k < 2; k++) {
        if (!(*lo[k] <= *hi[k])) {   /* nothing non-zero to show */
            *lo[k] = -1.0f;
            *hi[k] = 0.0f;
        }
        if (*hi[k] <= *lo[k])
            *hi[k] = *lo[k] + 1.0f;
    }
}

void gf_dist_capture(struct gf_net_hists *out, const struct gf_mlp *net, const struct gf_dist_axes *ax, bool full,
                     float dw_scale, int64_t step)
{
    out->n_layers = net->n_layers;
    out->step = step;
    if (full)
        out->full_step = step;
    float act_lo = 0.0f, act_hi = 1.0f;
    if (full)
        act_axis(net, &act_lo, &act_hi);
    for (int l = 0; l < net->n_layers; l++) {
        size_t n = (size_t)net->batch * net->size[l + 1];
        bool hidden = l + 1 < net->n_layers;
        if (hidden)
            gf_hist_linear(&out->hist[GF_HIST_Z][l], net->z + net->z_off[l], n, GF_DIST_Z_LO, GF_DIST_Z_HI);
        if (!full)
            continue;
        if (hidden)
            gf_hist_linear(&out->hist[GF_HIST_ACT][l], net->a + net->z_off[l], n, act_lo, act_hi);
        gf_hist_log(&out->hist[GF_HIST_DELTA][l], net->dz + net->z_off[l], n, 1.0f, ax->delta_lo, ax->delta_hi);
        gf_hist_log(&out->hist[GF_HIST_DW][l], gf_mlp_dW(net, l), (size_t)net->size[l] * net->size[l + 1], dw_scale,
                    ax->dw_lo, ax->dw_hi);
    }
}

/* History */

bool gf_dist_history_init(struct gf_dist_history *h, int capacity, int n_layers)
{
    memset(h, 0, sizeof *h);
    h->capacity = capacity + (capacity & 1);
    h->n_layers = n_layers;
    h->step = malloc((size_t)h->capacity * sizeof *h->step);
    h->layer = malloc((size_t)h->capacity * n_layers * sizeof *h->layer);
    if (!h->step || !h->layer) {
        gf_dist_history_destroy(h);
        return false;
    }
    gf_dist_history_clear(h);
    return true;
}

void gf_dist_history_destroy(struct gf_dist_history *h)
{
    free(h->step);
    free(h->layer);
    h->step = NULL;
    h->layer = NULL;
    h->count = 0;
}

void gf_dist_history_clear(struct gf_dist_history *h)
{
    h->count = 0;
    h->stride = 1;
    h->pending = 0;
    memset(h->acc, 0, sizeof h->acc);
}

void gf_dist_history_copy(struct gf_dist_history *dst, const struct gf_dist_history *src)
{
    /* the filled samples only: the rest is never read */
    int n = src->count;
    memcpy(dst->step, src->step, (size_t)n * sizeof *src->step);
    memcpy(dst->layer, src->layer, (size_t)n * src->n_layers * sizeof *src->layer);
    dst->count = n;
    dst->stride = src->stride;
    dst->pending = src->pending;
    memcpy(dst->acc, src->acc, sizeof dst->acc);
}

/* Merges samples pairwise: the record keeps its span at half the resolution. */
static void compact(struct gf_dist_history *h)
{
    int L = h->n_layers;
    for (int i = 0; i < h->count / 2; i++) {
        int a = 2 * i, b = 2 * i + 1;
        h->step[i] = h->step[b];
        for (int l = 0; l < L; l++)
            for (int m = 0; m < GF_DIST_STAT_COUNT; m++)
                h->layer[(size_t)i * L + l].v[m] =
                    0.5f * (h->layer[(size_t)a * L + l].v[m] + h->layer[(size_t)b * L + l].v[m]);
    }
    h->count /= 2;
    h->stride *= 2;
}

void gf_dist_history_push(struct gf_dist_history *h, int64_t step, const struct gf_layer_dist *layer)
{
    if (h->pending == 0 && h->count == h->capacity)
        compact(h);
    for (int l = 0; l < h->n_layers; l++)
        for (int m = 0; m < GF_DIST_STAT_COUNT; m++)
            h->acc[l][m] += layer[l].v[m];
    if (++h->pending < h->stride)
        return;
    int i = h->count++;
    h->step[i] = step;
    for (int l = 0; l < h->n_layers; l++)
        for (int m = 0; m < GF_DIST_STAT_COUNT; m++)
            h->layer[(size_t)i * h->n_layers + l].v[m] = (float)(h->acc[l][m] / (double)h->pending);
    h->pending = 0;
    memset(h->acc, 0, sizeof h->acc);
}
