/* test_dist.c - percentiles, activation statistics and histograms of gf_dist,
 * each against an independent computation: a full sort, plain sums, and
 * counts from log10 and floor. */
#include "gf_test.h"

#include <string.h>

#include "gf_dist.h"
#include "gf_lab.h"
#include "gf_rng.h"

static int by_value(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return x < y ? -1 : x > y;
}

/* The definition: sort, then interpolate between order statistics ⌊h⌋ and ⌊h⌋ + 1. */
static double percentile_by_sort(const float *v, size_t n, double p)
{
    float *s = malloc(n * sizeof *s);
    memcpy(s, v, n * sizeof *s);
    qsort(s, n, sizeof *s, by_value);
    double h = (double)(n - 1) * p / 100.0;
    size_t k = (size_t)floor(h);
    double r = k + 1 < n ? s[k] + (h - (double)k) * ((double)s[k + 1] - s[k]) : s[n - 1];
    free(s);
    return r;
}

static void test_percentile_by_hand(void **state)
{
    (void)state;
    /* numpy: np.percentile([4, 1, 3, 2], [15, 50, 85]) = [1.45, 2.5, 3.55] */
    float v[4] = {4, 1, 3, 2};
    assert_close(gf_percentile(v, 4, 15.0), 1.45, 1e-12, 0, "p15 of 1..4");
    assert_close(gf_percentile(v, 4, 50.0), 2.5, 1e-12, 0, "p50 of 1..4");
    assert_close(gf_percentile(v, 4, 85.0), 3.55, 1e-12, 0, "p85 of 1..4");
    assert_close(gf_percentile(v, 4, 0.0), 1.0, 0, 0, "p0 of 1..4");
    assert_close(gf_percentile(v, 4, 100.0), 4.0, 0, 0, "p100 of 1..4");
    float one = -3.0f;
    assert_close(gf_percentile(&one, 1, 85.0), -3.0, 0, 0, "a single value");
    float with_nan[3] = {1.0f, NAN, 2.0f};
    assert_true(isnan(gf_percentile(with_nan, 3, 50.0)));
}

static void test_percentile_against_sort(void **state)
{
    (void)state;
    struct gf_rng rng;
    gf_rng_seed(&rng, 7, 1);
    static const size_t sizes[] = {2, 3, 7, 16, 100, 513, 4096};
    static const double ps[] = {0, 15, 50, 85, 99.9, 100};
    float v[4096], work[4096];
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        size_t n = sizes[s];
        for (int ties = 0; ties < 2; ties++) {
            for (size_t i = 0; i < n; i++) {
                float u = gf_rng_uniform(&rng) * 8.0f - 4.0f;
                v[i] = ties ? floorf(u) : u;   /* with ties: many equal values, the pivot's hard case */
            }
            for (size_t k = 0; k < sizeof ps / sizeof ps[0]; k++) {
                memcpy(work, v, n * sizeof *v);
                assert_close(gf_percentile(work, n, ps[k]), percentile_by_sort(v, n, ps[k]), 1e-6, 1e-9,
                             "p%g of %zu values%s", ps[k], n, ties ? " with ties" : "");
            }
        }
    }
}

/* A small trained run, to measure real buffers. */
static void make_run(struct gf_data *data, struct gf_run *run, enum gf_act act, bool batchnorm, int steps)
{
    assert_true(gf_data_init(data, GF_DATA_SPIRAL, GF_DATA_SAMPLES, 0.1f, 3));
    struct gf_run_config cfg = {
        .act = act, .alpha = 0.01f, .head = GF_HEAD_BCE, .init = GF_INIT_AUTO, .optimizer = GF_OPT_SGD,
        .lr = 0.1f, .depth = 4, .width = 12, .batch = 24, .seed = 5, .batchnorm = batchnorm,
    };
    assert_true(gf_run_init(run, &cfg, data));
    run->measure_dist = run->measure_percentiles = true;
    for (int i = 0; i < steps; i++)
        assert_true(gf_run_step(run));
}

static void test_measure_against_definitions(void **state)
{
    (void)state;
    for (int bn = 0; bn < 2; bn++) {
        struct gf_data data;
        struct gf_run run;
        make_run(&data, &run, GF_ACT_TANH, bn, 25);
        /* the buffers now hold step 25's pass: its statistics are run.last.dist */
        const struct gf_mlp *net = &run.net;
        assert_true(run.last.has_dist);
        for (int l = 0; l + 1 < net->n_layers; l++) {
            size_t n = (size_t)net->batch * net->size[l + 1];
            const float *z = net->z + net->z_off[l], *a = net->a + net->z_off[l];
            const float *v = run.last.dist[l].v;
            assert_close(v[GF_DIST_Z_P15], percentile_by_sort(z, n, 15), 1e-6, 1e-6, "layer %d z_p15 bn %d", l, bn);
            assert_close(v[GF_DIST_Z_P50], percentile_by_sort(z, n, 50), 1e-6, 1e-6, "layer %d z_p50 bn %d", l, bn);
            assert_close(v[GF_DIST_Z_P85], percentile_by_sort(z, n, 85), 1e-6, 1e-6, "layer %d z_p85 bn %d", l, bn);
            double sum = 0, sq = 0;
            for (size_t i = 0; i < n; i++) {
                sum += a[i];
                sq += (double)a[i] * a[i];
                assert_close(a[i], tanhf(z[i]), 1e-6, 0, "f(z) is tanh(z)");
            }
            double mean = sum / n, var = sq / n - mean * mean;
            assert_close(v[GF_DIST_ACT_MEAN], mean, 1e-6, 1e-5, "layer %d act_mean", l);
            assert_close(v[GF_DIST_ACT_STD], sqrt(var), 1e-5, 1e-4, "layer %d act_std", l);
            assert_true(v[GF_DIST_ACT_STD] > 0.01f);   /* a real spread, so the checks mean something */
        }
        int out = net->n_layers - 1;
        assert_true(isnan(run.last.dist[out].v[GF_DIST_Z_P50]));
        double dsq = 0;
        for (size_t i = 0; i < (size_t)net->batch * net->size[out + 1]; i++)
            dsq += (double)net->dz[net->z_off[out] + i] * net->dz[net->z_off[out] + i];
        assert_close(run.last.dist[out].v[GF_DIST_DELTA_NORM], sqrt(dsq), 0, 1e-6, "output ‖δ‖");
        assert_true(dsq > 0);
        /* one history sample per step so far (512 kept before any merging) */
        assert_int_equal(run.dist_history.count, 25);
        assert_int_equal(run.dist_history.step[24], 25);
        assert_close(gf_dist_history_layer(&run.dist_history, 24, 0)->v[GF_DIST_ACT_MEAN],
                     run.last.dist[0].v[GF_DIST_ACT_MEAN], 0, 0, "history's last sample");
        gf_run_destroy(&run);
        gf_data_destroy(&data);
    }
}

static void test_measure_off_costs_nothing(void **state)
{
    (void)state;
    struct gf_data data;
    struct gf_run run;
    make_run(&data, &run, GF_ACT_RELU, false, 0);
    run.measure_dist = false;
    assert_true(gf_run_step(&run));
    assert_false(run.last.has_dist);
    assert_int_equal(run.dist_history.count, 0);
    gf_run_destroy(&run);
    gf_data_destroy(&data);
}

/* The bin of x on [lo, hi] by the definition, or -1 below, BINS above. */
static int bin_of(double x, double lo, double hi)
{
    if (x < lo)
        return -1;
    if (x > hi)
        return GF_DIST_BINS;
    int k = (int)floor((x - lo) / (hi - lo) * GF_DIST_BINS);
    return k < GF_DIST_BINS ? k : GF_DIST_BINS - 1;
}

/* h's counts equal the definition's over v (log10 |v * scale| when log). */
static void check_counts(const struct gf_hist *h, const float *v, size_t n, bool log_axis, float scale,
                         const char *what, int layer)
{
    int bins[GF_DIST_BINS] = {0}, below = 0, above = 0, zero = 0, other = 0;
    for (size_t i = 0; i < n; i++) {
        double x = log_axis ? fabs((double)v[i] * scale) : v[i];
        if (!isfinite(x)) {
            other++;
            continue;
        }
        if (log_axis && x == 0.0) {
            zero++;
            continue;
        }
        int k = bin_of(log_axis ? log10(x) : x, h->lo, h->hi);
        if (k < 0)
            below++;
        else if (k == GF_DIST_BINS)
            above++;
        else
            bins[k]++;
    }
    int in_bins = 0;
    for (int k = 0; k < GF_DIST_BINS; k++) {
        if (h->bin[k] != bins[k])
            fail_msg("%s layer %d bin %d: %d counted, %d by definition", what, layer, k, h->bin[k], bins[k]);
        in_bins += h->bin[k];
    }
    assert_int_equal(h->below, below);
    assert_int_equal(h->above, above);
    assert_int_equal(h->zero, zero);
    assert_int_equal(h->other, other);
    assert_int_equal(h->total, (int)n);
    assert_int_equal(in_bins + below + above + zero + other, (int)n);
}

static void test_histograms_count_what_they_say(void **state)
{
    (void)state;
    for (int act = GF_ACT_SIGMOID; act <= GF_ACT_RELU; act += 2) {   /* sigmoid (bounded axis), relu (data's) */
        struct gf_data data;
        struct gf_run run;
        make_run(&data, &run, (enum gf_act)act, false, 40);
        const struct gf_mlp *net = &run.net;
        struct gf_dist_axes ax;
        gf_dist_axes_begin(&ax);
        gf_dist_axes_add(&ax, net, 1.0f);
        gf_dist_axes_end(&ax);
        assert_true(ax.delta_lo < ax.delta_hi && ax.dw_lo < ax.dw_hi);
        assert_true(ax.delta_lo == floorf(ax.delta_lo) && ax.dw_hi == ceilf(ax.dw_hi));   /* whole decades */
        static struct gf_net_hists hs;
        gf_dist_capture(&hs, net, &ax, true, 1.0f, run.step);
        assert_int_equal(hs.n_layers, net->n_layers);
        /* f(z)'s own axis: sigmoid's whole range, ReLU's values' */
        float act_lo = hs.hist[GF_HIST_ACT][0].lo, act_hi = hs.hist[GF_HIST_ACT][0].hi;
        if (act == GF_ACT_SIGMOID) {
            assert_true(act_lo == 0.0f && act_hi == 1.0f);
        } else {
            assert_true(act_lo == 0.0f && act_hi > 0.1f);   /* ReLU: from its zeros to its largest output */
        }
        int nonempty = 0;
        for (int l = 0; l < net->n_layers; l++) {
            size_t n = (size_t)net->batch * net->size[l + 1];
            if (l + 1 < net->n_layers) {
                check_counts(&hs.hist[GF_HIST_Z][l], net->z + net->z_off[l], n, false, 1, "z", l);
                check_counts(&hs.hist[GF_HIST_ACT][l], net->a + net->z_off[l], n, false, 1, "f(z)", l);
                /* the axes were made to hold every value */
                assert_int_equal(hs.hist[GF_HIST_ACT][l].below + hs.hist[GF_HIST_ACT][l].above, 0);
            }
            check_counts(&hs.hist[GF_HIST_DELTA][l], net->dz + net->z_off[l], n, true, 1, "log|δ|", l);
            check_counts(&hs.hist[GF_HIST_DW][l], gf_mlp_dW(net, l), (size_t)net->size[l] * net->size[l + 1], true,
                         1, "log|dW|", l);
            assert_int_equal(hs.hist[GF_HIST_DELTA][l].below + hs.hist[GF_HIST_DELTA][l].above, 0);
            for (int k = 0; k < GF_DIST_BINS; k++)
                nonempty += hs.hist[GF_HIST_DELTA][l].bin[k] > 0;
        }
        assert_true(nonempty > net->n_layers * 3);   /* spread over many bins, not one */
        gf_run_destroy(&run);
        gf_data_destroy(&data);
    }
}

static void test_histogram_edges_and_scale(void **state)
{
    (void)state;
    struct gf_hist h;
    float v[] = {-6.0f, 6.0f, -6.5f, 7.0f, 0.0f, NAN, INFINITY, 5.99f};
    gf_hist_linear(&h, v, 8, -6.0f, 6.0f);
    assert_int_equal(h.bin[0], 1);                   /* lo is in the first bin */
    assert_int_equal(h.bin[GF_DIST_BINS - 1], 2);    /* hi in the last, with 5.99 */
    assert_int_equal(h.bin[GF_DIST_BINS / 2], 1);    /* 0 starts the upper half */
    assert_int_equal(h.below, 1);
    assert_int_equal(h.above, 1);
    assert_int_equal(h.other, 2);
    float g[] = {1e-3f, -1e-3f, 0.0f, 2e-5f};
    gf_hist_log(&h, g, 4, 10.0f, -4.0f, 0.0f);       /* scaled: 1e-2, 1e-2, 0, 2e-4 */
    assert_int_equal(h.zero, 1);
    assert_int_equal(h.bin[bin_of(-2.0, -4.0, 0.0)], 2);
    assert_int_equal(h.bin[bin_of(log10(2e-4), -4.0, 0.0)], 1);
    float lo = INFINITY, hi = -INFINITY;
    gf_hist_log_extent(g, 4, 10.0f, &lo, &hi);
    assert_close(lo, -4.0, 0, 0, "extent low decade");
    /* 1e-3f is a little above 1e-3, so ten times it is just inside the decade above 10⁻² */
    assert_close(hi, ceil(log10((double)1e-3f * 10.0)), 0, 0, "extent high decade");
    assert_close(hi, -1.0, 0, 0, "extent high decade");
}

static void test_history_merges_and_keeps_span(void **state)
{
    (void)state;
    struct gf_dist_history h;
    assert_true(gf_dist_history_init(&h, 8, 2));
    struct gf_layer_dist d[2];
    for (int s = 1; s <= 20; s++) {
        for (int l = 0; l < 2; l++)
            for (int m = 0; m < GF_DIST_STAT_COUNT; m++)
                d[l].v[m] = (float)(s * (l + 1));
        gf_dist_history_push(&h, s, d);
    }
    /* 20 steps into 8 samples: stride 4 after two merges, five samples of four steps */
    assert_int_equal(h.stride, 4);
    assert_int_equal(h.count, 5);
    assert_int_equal(h.step[4], 20);
    assert_close(gf_dist_history_layer(&h, 0, 1)->v[GF_DIST_ACT_MEAN], 2.0 * 2.5, 1e-6, 0, "mean of steps 1..4");
    assert_close(gf_dist_history_layer(&h, 4, 0)->v[GF_DIST_Z_P50], 18.5, 1e-6, 0, "mean of steps 17..20");
    gf_dist_history_destroy(&h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_percentile_by_hand),
        cmocka_unit_test(test_percentile_against_sort),
        cmocka_unit_test(test_measure_against_definitions),
        cmocka_unit_test(test_measure_off_costs_nothing),
        cmocka_unit_test(test_histograms_count_what_they_say),
        cmocka_unit_test(test_histogram_edges_and_scale),
        cmocka_unit_test(test_history_merges_and_keeps_span),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
