/* test_stats.c - per-layer statistics on hand-built layers, and the bounded history. */
#include "gf_test.h"

#include <string.h>

#include "gf_lab.h"
#include "gf_rng.h"
#include "gf_stats.h"

/* A 1 -> 2 -> 1 net with set weights, run forward and backward by hand. */
static void test_measure_known_values(void **state)
{
    (void)state;
    struct gf_mlp net;
    struct gf_mlp_params p = {.n_in = 1, .n_out = 1, .depth = 1, .width = 2, .max_batch = 4, .act = GF_ACT_RELU};
    assert_true(gf_mlp_init(&net, &p));
    /* hidden unit 0: z = x (alive for x > 0); unit 1: z = -1 always (dead) */
    float *W0 = gf_mlp_W(&net, 0), *b0 = gf_mlp_b(&net, 0), *W1 = gf_mlp_W(&net, 1);
    W0[0] = 1.0f; W0[1] = 0.0f; b0[0] = 0.0f; b0[1] = -1.0f;
    W1[0] = 3.0f; W1[1] = 4.0f;
    float x[4] = {1.0f, -1.0f, 2.0f, -2.0f};
    gf_mlp_forward(&net, x, 4);
    float *dl = gf_mlp_dlogits(&net);
    for (int r = 0; r < 4; r++)
        dl[r] = 0.25f;   /* d loss / d output, as a mean over 4 examples */
    gf_mlp_zero_grads(&net);
    gf_mlp_backward(&net);

    struct gf_layer_stats s[2];
    gf_stats_measure(s, &net, NULL, NULL, NULL, NULL);
    /* Layer 2: dW = sum_r 0.25 * h_r = 0.25 * [(1+0+2+0), 0] = [0.75, 0] */
    assert_close(s[1].v[GF_METRIC_GRAD_NORM], 0.75, 1e-7, 0, "layer 2 grad norm");
    assert_close(s[1].v[GF_METRIC_GRAD_RMS], 0.75 / sqrt(2.0), 1e-7, 0, "layer 2 grad rms");
    assert_close(s[1].v[GF_METRIC_WEIGHT_RMS], sqrt(12.5), 1e-6, 0, "layer 2 weight rms (3, 4)");
    assert_close(s[1].v[GF_METRIC_DELTA_MEAN_ABS], 0.25, 0, 0, "layer 2 delta");
    assert_close(s[1].v[GF_METRIC_SATURATED], 0.0, 0, 0, "output layer has no saturation");
    /* Layer 1: dz0 = 0.25 * 3 where x > 0 → dW0 = 0.75 * (1 + 2) = 2.25; unit 1 gets nothing */
    assert_close(s[0].v[GF_METRIC_GRAD_NORM], 2.25, 1e-6, 0, "layer 1 grad norm");
    assert_close(s[0].v[GF_METRIC_DELTA_MEAN_ABS], (0.75 * 2) / 8.0, 1e-7, 0, "layer 1 delta");
    /* Unit 0 has slope 0 on 2 of 4 examples, unit 1 on all 4: 6 of 8 inactive, 1 of 2 dead. */
    assert_close(s[0].v[GF_METRIC_INACTIVE], 0.75, 0, 0, "layer 1 inactive");
    assert_close(s[0].v[GF_METRIC_SATURATED], 0.0, 0, 0, "ReLU never saturates");
    assert_close(s[0].v[GF_METRIC_DEAD], 0.5, 0, 0, "layer 1 dead");
    assert_true(gf_stats_finite(s, 2));
    s[0].v[GF_METRIC_GRAD_NORM] = NAN;
    assert_false(gf_stats_finite(s, 2));

    /* |W| is 1 in layer 1 (W = (1, 0)) and 5 in layer 2 (W = (3, 4)) */
    struct gf_opt_report rep = {{0.01, 1.0}, true};
    gf_stats_set_updates(s, &net, &rep);
    assert_close(s[0].v[GF_METRIC_UPDATE_RATIO], 0.1, 1e-7, 0, "layer 1 update ratio = |dW| / |W|");
    assert_close(s[1].v[GF_METRIC_UPDATE_RATIO], 0.2, 1e-7, 0, "layer 2 update ratio");
    gf_mlp_destroy(&net);
}

/* Node gradients: per unit, the mean |dz| over the batch's rows, here
 * worked out by hand on the 1 -> 2 -> 1 net above; and a run keeps its
 * last backward pass's. */
static void test_node_grads(void **state)
{
    (void)state;
    struct gf_mlp net;
    struct gf_mlp_params p = {.n_in = 1, .n_out = 1, .depth = 1, .width = 2, .max_batch = 4, .act = GF_ACT_RELU};
    assert_true(gf_mlp_init(&net, &p));
    float *W0 = gf_mlp_W(&net, 0), *b0 = gf_mlp_b(&net, 0), *W1 = gf_mlp_W(&net, 1);
    W0[0] = 1.0f; W0[1] = 0.0f; b0[0] = 0.0f; b0[1] = -1.0f;
    W1[0] = 3.0f; W1[1] = -4.0f;
    float x[4] = {1.0f, -1.0f, 2.0f, -2.0f};
    gf_mlp_forward(&net, x, 4);
    float *dl = gf_mlp_dlogits(&net);
    for (int r = 0; r < 4; r++)
        dl[r] = r % 2 ? -0.25f : 0.25f;
    gf_mlp_zero_grads(&net);
    gf_mlp_backward(&net);
    assert_int_equal(gf_stats_node_count(&net), 3);
    assert_int_equal(gf_stats_node_offset(&net, 1), 2);
    double g[3];
    gf_stats_node_grads(g, &net);
    /* hidden unit 0 passes dz = 0.25 * 3 on the two rows with x > 0, unit 1 is dead */
    assert_close(g[0], 0.75 * 2 / 4.0, 0, 0, "hidden unit 0: mean |dz|");
    assert_close(g[1], 0.0, 0, 0, "hidden unit 1 (dead)");
    assert_close(g[2], 0.25, 0, 0, "output unit: |±0.25|");
    gf_mlp_destroy(&net);

    /* a run's node gradients after a step are those its dz holds */
    struct gf_lab lab;
    struct gf_lab_config cfg;
    gf_lab_config_default(&cfg);
    cfg.depth = 3;
    cfg.width = 5;
    assert_true(gf_lab_init(&lab, &cfg));
    struct gf_run *run = &lab.run[GF_LEFT];
    assert_true(gf_run_step(run));
    double nonzero = 0.0;
    for (int l = 0; l < run->net.n_layers; l++) {
        int n = run->net.size[l + 1];
        const float *dz = run->net.dz + run->net.z_off[l];
        for (int i = 0; i < n; i++) {
            double sum = 0.0;
            for (int r = 0; r < run->net.batch; r++)
                sum += fabs((double)dz[(size_t)r * n + i]);
            assert_close(gf_run_node_grad(run, l)[i], sum / run->net.batch, 0, 0, "a run's node gradient");
            nonzero += gf_run_node_grad(run, l)[i];
        }
    }
    assert_true(nonzero > 0.0);   /* not a comparison of zeros */
    gf_lab_destroy(&lab);
}

static void test_sigmoid_saturation(void **state)
{
    (void)state;
    struct gf_mlp net;
    struct gf_mlp_params p = {.n_in = 1, .n_out = 1, .depth = 1, .width = 1, .max_batch = 3, .act = GF_ACT_SIGMOID};
    assert_true(gf_mlp_init(&net, &p));
    gf_mlp_W(&net, 0)[0] = 1.0f;
    /* sigmoid'(z) < 0.025 (10% of 0.25) once |z| > about 3.64 */
    float x[3] = {0.0f, 3.5f, -5.0f};
    gf_mlp_forward(&net, x, 3);
    gf_mlp_zero_grads(&net);
    gf_mlp_backward(&net);
    struct gf_layer_stats s[2];
    gf_stats_measure(s, &net, NULL, NULL, NULL, NULL);
    assert_close(s[0].v[GF_METRIC_SATURATED], 1.0 / 3.0, 1e-7, 0, "one of three saturated");
    assert_close(s[0].v[GF_METRIC_DEAD], 0.0, 0, 0, "sigmoid never dies");
    gf_mlp_destroy(&net);
}

/* ‖W‖₂ by one-sided Jacobi in double: rotate pairs of W's columns until all
 * are orthogonal; the longest column is then the largest singular value.
 * The slow, obvious definition the power iteration is held to. */
static double jacobi_spectral_norm(const float *W, int out, int in)
{
    double *A = malloc((size_t)out * in * sizeof *A);
    for (size_t k = 0; k < (size_t)out * in; k++)
        A[k] = W[k];
    for (int sweep = 0; sweep < 60; sweep++) {
        double off = 0.0;
        for (int p = 0; p < in; p++)
            for (int q = p + 1; q < in; q++) {
                double a = 0.0, b = 0.0, c = 0.0;
                for (int r = 0; r < out; r++) {
                    double x = A[(size_t)r * in + p], y = A[(size_t)r * in + q];
                    a += x * x;
                    b += y * y;
                    c += x * y;
                }
                if (c == 0.0 || fabs(c) <= 1e-15 * sqrt(a * b))
                    continue;
                off = fmax(off, fabs(c) / sqrt(a * b));
                double zeta = (b - a) / (2.0 * c);
                double t = (zeta >= 0 ? 1.0 : -1.0) / (fabs(zeta) + sqrt(1.0 + zeta * zeta));
                double cs = 1.0 / sqrt(1.0 + t * t), sn = cs * t;
                for (int r = 0; r < out; r++) {
                    double x = A[(size_t)r * in + p], y = A[(size_t)r * in + q];
                    A[(size_t)r * in + p] = cs * x - sn * y;
                    A[(size_t)r * in + q] = sn * x + cs * y;
                }
            }
        if (off < 1e-14)
            break;
    }
    double best = 0.0;
    for (int p = 0; p < in; p++) {
        double a = 0.0;
        for (int r = 0; r < out; r++)
            a += A[(size_t)r * in + p] * A[(size_t)r * in + p];
        best = fmax(best, sqrt(a));
    }
    free(A);
    return best;
}

/* The spectral norm errs upward, by at most 1e-4, on shapes a network has:
 * single rows and columns (exact), squares, wide and tall blocks, a
 * diagonal whose two largest values are close, and zero. */
static void test_spectral_norm(void **state)
{
    (void)state;
    static const int shapes[][2] = {{1, 16}, {16, 1}, {1, 1}, {2, 2}, {3, 64}, {16, 16}, {64, 64}, {16, 256}, {256, 16},
                                    {100, 100}};
    struct gf_rng rng;
    gf_rng_seed(&rng, 7, 1);
    static float W[256 * 256];
    static double v[256];
    for (size_t k = 0; k < sizeof shapes / sizeof shapes[0]; k++) {
        int out = shapes[k][0], in = shapes[k][1];
        for (int trial = 0; trial < 3; trial++) {
            for (int i = 0; i < out * in; i++)
                W[i] = gf_rng_normal(&rng) * (trial == 2 ? 1e-20f : 1.0f);
            memset(v, 0, sizeof v);
            double got = gf_spectral_norm(W, out, in, v), want = jacobi_spectral_norm(W, out, in);
            assert_true(got >= want * (1.0 - 1e-12));
            assert_close(got, want, 0, 1e-4, "‖W‖₂ of a %d x %d normal matrix", out, in);
            /* warm: from the converged vector, as close and still not below */
            double again = gf_spectral_norm(W, out, in, v);
            assert_true(again >= want * (1.0 - 1e-12));
            assert_close(again, want, 0, 1e-4, "warm start, %d x %d", out, in);
        }
    }
    /* singular values 3, 2.9999, 1: power iteration converges slowly here */
    memset(W, 0, sizeof W);
    W[0] = 1.0f;
    W[4] = 2.9999f;
    W[8] = 3.0f;
    memset(v, 0, sizeof v);
    double got = gf_spectral_norm(W, 3, 3, v);
    assert_true(got >= 3.0);
    assert_close(got, 3.0, 0, 1e-4, "close singular values");
    memset(W, 0, sizeof W);
    memset(v, 0, sizeof v);
    assert_close(gf_spectral_norm(W, 8, 8, v), 0.0, 0, 0, "zero matrix");
}

/* The stats of one hand-built net: ‖δ‖, ‖W‖₂, slope mean and the bound. With
 * a linear activation and one output, every step of the bound is an
 * equality (rank-one W, slope 1), so the bound must meet ‖δ‖ exactly. */
static void test_bound_is_tight_where_it_must_be(void **state)
{
    (void)state;
    struct gf_mlp net;
    struct gf_mlp_params p = {.n_in = 2, .n_out = 1, .depth = 1, .width = 3, .max_batch = 4, .act = GF_ACT_LINEAR};
    assert_true(gf_mlp_init(&net, &p));
    float *W0 = gf_mlp_W(&net, 0), *W1 = gf_mlp_W(&net, 1);
    for (int k = 0; k < 6; k++)
        W0[k] = 0.5f * (float)(k - 2);
    W1[0] = 2.0f; W1[1] = -1.0f; W1[2] = 2.0f;   /* ‖W1‖₂ = 3 */
    float x[8] = {1, 2, -1, 0.5f, 3, -2, 0, 1};
    gf_mlp_forward(&net, x, 4);
    float *dl = gf_mlp_dlogits(&net);
    float d[4] = {0.1f, -0.2f, 0.3f, 0.4f};
    for (int r = 0; r < 4; r++)
        dl[r] = d[r];
    gf_mlp_zero_grads(&net);
    gf_mlp_backward(&net);
    struct gf_layer_stats s[2];
    gf_stats_measure(s, &net, NULL, NULL, NULL, NULL);
    double dn = sqrt(0.01 + 0.04 + 0.09 + 0.16);
    assert_close(s[1].v[GF_METRIC_DELTA_NORM], dn, 0, 1e-7, "output ‖δ‖");
    assert_close(s[1].v[GF_METRIC_DELTA_BOUND], dn, 0, 1e-7, "the bound starts at the output's ‖δ‖");
    assert_close(s[1].v[GF_METRIC_SPECTRAL_NORM], 3.0, 0, 1e-7, "‖W‖₂ of one row is its length");
    assert_close(s[0].v[GF_METRIC_DELTA_NORM], 3.0 * dn, 0, 1e-6, "hidden ‖δ‖ = ‖δ_out‖ ‖W1‖");
    assert_close(s[0].v[GF_METRIC_DELTA_BOUND], 3.0 * dn, 0, 1e-6, "the bound is met exactly");
    assert_true(s[0].v[GF_METRIC_DELTA_BOUND] >= s[0].v[GF_METRIC_DELTA_NORM]);
    assert_close(s[0].v[GF_METRIC_SLOPE_MEAN], 1.0, 0, 0, "linear's slope factor");
    assert_true(isnan(s[1].v[GF_METRIC_SLOPE_MEAN]));
    /* the old picture, σ′ ≤ 1/4 alone, would be false for a sigmoid net with these
     * weights: the weight factor 3 per layer is what it left out */
    gf_mlp_destroy(&net);
}

/* Worst ratio ‖δ‖ / bound seen over a run's layers and steps, until it diverges. */
static double worst_ratio_of_run(struct gf_lab *lab, int steps, double *tightest)
{
    double worst = 0.0;
    for (int i = 0; i < steps; i++) {
        gf_lab_step(lab, 1);
        for (int side = 0; side < GF_SIDES; side++) {
            const struct gf_run *run = &lab->run[side];
            if (run->diverged_at && run->diverged_at < run->step)
                continue;
            const struct gf_step_stats *st = &run->last;
            for (int l = 0; l < st->n_layers; l++) {
                double d = st->layer[l].v[GF_METRIC_DELTA_NORM], b = st->layer[l].v[GF_METRIC_DELTA_BOUND];
                if (!isfinite(d) || isnan(b))
                    continue;
                /* float rounding in the backward pass: a tiny relative and denormal-sized absolute allowance */
                if (!(d <= b * (1.0 + 1e-5) + 1e-37)) {
                    print_error("layer %d of %d: ‖δ‖ %.9g above its bound %.9g (step %lld)\n", l + 1, st->n_layers, d,
                                b, (long long)st->step);
                    return INFINITY;
                }
                if (b > 0.0 && l + 1 < st->n_layers) {
                    worst = fmax(worst, d / b);
                    *tightest = fmax(*tightest, d / b);
                }
            }
        }
        if (lab->run[GF_LEFT].diverged_at && lab->run[GF_RIGHT].diverged_at)
            break;
    }
    return worst;
}

/* ‖δ‖ <= bound on 2,000 random settings: every activation, head, init,
 * optimizer and remedy, depth up to 64, learning rates up to 1000, each
 * trained for some steps or until both runs diverge. */
static void test_delta_bound_holds_everywhere(void **state)
{
    (void)state;
    static const enum gf_dataset datasets[] = {GF_DATA_XOR, GF_DATA_SPIRAL, GF_DATA_SPIRAL3, GF_DATA_BLOBS, GF_DATA_SINE};
    struct gf_rng rng;
    gf_rng_seed(&rng, 13, 2);
    double tightest = 0.0;
    int settings = 0, with_bn = 0, with_skip = 0, deep = 0, diverged = 0;
    for (int t = 0; t < 2000; t++) {
        struct gf_lab_config c;
        gf_lab_config_default(&c);
        c.dataset = datasets[gf_rng_below(&rng, 5)];
        c.head_from_dataset = true;
        bool multi = c.dataset == GF_DATA_SPIRAL3 || c.dataset == GF_DATA_BLOBS;
        if (gf_rng_below(&rng, 4) == 0 && c.dataset != GF_DATA_SINE) {
            c.head_from_dataset = false;
            c.head = multi ? GF_HEAD_CE_DOUBLE_SOFTMAX : GF_HEAD_CE;
        }
        c.init = (enum gf_init)gf_rng_below(&rng, GF_INIT_COUNT);
        c.optimizer = (enum gf_optimizer)gf_rng_below(&rng, GF_OPT_COUNT);
        c.lr = (float)pow(10.0, -3.0 + 6.0 * gf_rng_uniform(&rng));
        /* mostly shallow and narrow for speed; one in twenty up to 64 deep */
        c.depth = gf_rng_below(&rng, 20) == 0 ? 20 + (int)gf_rng_below(&rng, 45) : 1 + (int)gf_rng_below(&rng, 12);
        c.width = 1 + (int)gf_rng_below(&rng, c.depth > 20 ? 16 : 40);
        c.batch = 2 + (int)gf_rng_below(&rng, 40);
        c.seed = t + 1;
        for (int s = 0; s < GF_SIDES; s++) {
            c.act[s] = (enum gf_act)gf_rng_below(&rng, GF_ACT_COUNT);
            c.alpha[s] = gf_rng_uniform(&rng);
            c.residual[s] = gf_rng_below(&rng, 3) == 0;
            c.batchnorm[s] = gf_rng_below(&rng, 3) == 0;
            c.clip[s] = gf_rng_below(&rng, 4) == 0 ? 0.5f : 0.0f;
            with_bn += c.batchnorm[s];
            with_skip += c.residual[s];
        }
        assert_null(gf_lab_config_problem(&c));
        struct gf_lab *lab = malloc(sizeof *lab);
        assert_true(gf_lab_init(lab, &c));
        double worst = worst_ratio_of_run(lab, c.depth > 20 ? 6 : 25, &tightest);
        if (!isfinite(worst))
            fail_msg("setting %d: %s vs %s, depth %d, width %d, init %d, lr %g, head %d, bn %d/%d, skip %d/%d", t,
                     gf_act_info(c.act[0])->id, gf_act_info(c.act[1])->id, c.depth, c.width, c.init, (double)c.lr,
                     gf_lab_config_head(&c), c.batchnorm[0], c.batchnorm[1], c.residual[0], c.residual[1]);
        diverged += lab->run[GF_LEFT].diverged_at != 0;
        deep += c.depth > 20;
        settings++;
        gf_lab_destroy(lab);
        free(lab);
    }
    /* the sample covers what it claims, and the bound is not vacuous: somewhere it is nearly met */
    assert_int_equal(settings, 2000);
    assert_true(with_bn > 500 && with_skip > 500 && deep > 50 && diverged > 50);
    assert_true(tightest > 0.5);
}

/* Each share means what its label says: sigmoid and tanh saturate, the ReLU
 * family goes inactive, linear has neither; leaky ReLU with a > 0 never dies. */
static void test_shares_per_activation(void **state)
{
    (void)state;
    assert_int_equal(gf_metric_share(GF_ACT_SIGMOID), GF_METRIC_SATURATED);
    assert_int_equal(gf_metric_share(GF_ACT_TANH), GF_METRIC_SATURATED);
    assert_int_equal(gf_metric_share(GF_ACT_RELU), GF_METRIC_INACTIVE);
    assert_int_equal(gf_metric_share(GF_ACT_LEAKY_RELU), GF_METRIC_INACTIVE);
    assert_int_equal(gf_metric_share(GF_ACT_GELU), GF_METRIC_INACTIVE);
    assert_int_equal(gf_metric_share(GF_ACT_SILU), GF_METRIC_INACTIVE);
    assert_int_equal(gf_metric_share(GF_ACT_LINEAR), GF_METRIC_COUNT);
    static const struct { enum gf_act act; float alpha; double share, dead; enum gf_metric m; } cases[] = {
        {GF_ACT_TANH, 0, 1.0 / 3.0, 0.0, GF_METRIC_SATURATED},        /* tanh'(5) < 0.1 */
        {GF_ACT_LEAKY_RELU, 0.01f, 1.0 / 3.0, 0.0, GF_METRIC_INACTIVE},/* slope a = 0.01 on x < 0, not dead */
        {GF_ACT_LEAKY_RELU, 0.5f, 0.0, 0.0, GF_METRIC_INACTIVE},       /* a = 0.5 is no tenth of 1 */
        {GF_ACT_RELU, 0, 1.0 / 3.0, 0.0, GF_METRIC_INACTIVE},
        {GF_ACT_LINEAR, 0, 0.0, 0.0, GF_METRIC_SATURATED},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        struct gf_mlp net;
        struct gf_mlp_params p = {.n_in = 1, .n_out = 1, .depth = 1, .width = 1, .max_batch = 3, .act = cases[k].act,
                                  .alpha = cases[k].alpha};
        assert_true(gf_mlp_init(&net, &p));
        gf_mlp_W(&net, 0)[0] = 1.0f;
        float x[3] = {0.5f, 1.0f, -5.0f};   /* one example at the flat or negative end */
        if (cases[k].act == GF_ACT_TANH)
            x[2] = 5.0f;
        gf_mlp_forward(&net, x, 3);
        gf_mlp_zero_grads(&net);
        gf_mlp_backward(&net);
        struct gf_layer_stats s[2];
        gf_stats_measure(s, &net, NULL, NULL, NULL, NULL);
        const char *id = gf_act_info(cases[k].act)->id;
        assert_close(s[0].v[cases[k].m], cases[k].share, 1e-7, 0, "%s share", id);
        assert_close(s[0].v[GF_METRIC_DEAD], cases[k].dead, 0, 0, "%s dead", id);
        enum gf_metric other = cases[k].m == GF_METRIC_SATURATED ? GF_METRIC_INACTIVE : GF_METRIC_SATURATED;
        assert_close(s[0].v[other], 0.0, 0, 0, "%s: the other share stays 0", id);
        gf_mlp_destroy(&net);
    }
}

static struct gf_step_stats step_of(int64_t step, double loss, float grad)
{
    struct gf_step_stats s;
    memset(&s, 0, sizeof s);
    s.step = step;
    s.loss = loss;
    s.accuracy = (double)(step % 2);
    s.n_layers = 2;
    s.layer[0].v[GF_METRIC_GRAD_RMS] = grad;
    s.layer[1].v[GF_METRIC_GRAD_RMS] = 2 * grad;
    return s;
}

static void test_history_is_bounded_and_averaged(void **state)
{
    (void)state;
    struct gf_history h;
    assert_true(gf_history_init(&h, 8, 2));
    for (int s = 1; s <= 8; s++) {
        struct gf_step_stats st = step_of(s, s, (float)s);
        gf_history_push(&h, &st);
    }
    assert_int_equal(h.count, 8);
    assert_int_equal(h.stride, 1);
    assert_close(h.loss[7], 8.0, 0, 0, "sample 8");

    /* The ninth step halves the resolution: samples become means of step pairs. */
    for (int s = 9; s <= 10; s++) {
        struct gf_step_stats st = step_of(s, s, (float)s);
        gf_history_push(&h, &st);
    }
    assert_int_equal(h.stride, 2);
    assert_int_equal(h.count, 5);
    assert_close(h.loss[0], 1.5, 0, 0, "mean of steps 1 and 2");
    assert_close(h.accuracy[0], 0.5, 0, 0, "mean accuracy of steps 1 and 2");
    assert_int_equal(h.step[0], 2);
    assert_close(h.loss[4], 9.5, 0, 0, "mean of steps 9 and 10");
    assert_close(gf_history_layer(&h, 4, 1)->v[GF_METRIC_GRAD_RMS], 19.0, 0, 0, "layer 2 of steps 9-10");

    /* A long run stays within capacity and still spans every step. */
    for (int s = 11; s <= 100000; s++) {
        struct gf_step_stats st = step_of(s, 1.0, 1.0f);
        gf_history_push(&h, &st);
    }
    assert_true(h.count <= 8 && h.count >= 4);
    assert_int_equal(h.step[h.count - 1] % h.stride, 0);
    assert_true(h.step[h.count - 1] > 100000 - h.stride);
    gf_history_clear(&h);
    assert_int_equal(h.count, 0);
    gf_history_destroy(&h);
}

/* Means over the last steps, across a sample still open and samples of two steps. */
static void test_history_recent_mean(void **state)
{
    (void)state;
    struct gf_history h;
    assert_true(gf_history_init(&h, 4, 2));
    struct gf_layer_stats mean[2];
    assert_int_equal(gf_history_recent_mean(&h, 3, mean), 0);
    for (int s = 1; s <= 3; s++) {
        struct gf_step_stats st = step_of(s, s, (float)s);
        gf_history_push(&h, &st);
    }
    assert_int_equal(gf_history_recent_mean(&h, 2, mean), 2);
    assert_close(mean[1].v[GF_METRIC_GRAD_RMS], 2.0 * 2.5, 0, 0, "layer 2 over steps 2-3");
    /* steps 4..7: samples (1,2), (3,4), (5,6) of two steps, and step 7 open */
    for (int s = 4; s <= 7; s++) {
        struct gf_step_stats st = step_of(s, s, (float)s);
        gf_history_push(&h, &st);
    }
    assert_int_equal(h.stride, 2);
    assert_int_equal(h.pending, 1);
    assert_int_equal(gf_history_recent_mean(&h, 3, mean), 3);
    assert_close(mean[0].v[GF_METRIC_GRAD_RMS], 6.0, 1e-6, 0, "layer 1 over steps 5-7");
    assert_int_equal(gf_history_recent_mean(&h, 2, mean), 3);   /* whole samples only */
    assert_int_equal(gf_history_recent_mean(&h, 1000, mean), 7);   /* all there is */
    assert_close(mean[0].v[GF_METRIC_GRAD_RMS], 4.0, 1e-6, 0, "layer 1 over steps 1-7");
    gf_history_destroy(&h);
}

/* A step's layers measured out of order, as two threads sharing them may
 * take them: last first, then every other one. */
static void out_of_order(void *ctx, int n, void (*fn)(void *arg, int i), void *arg)
{
    int *calls = ctx;
    for (int i = n - 1; i >= 0; i -= 2)
        fn(arg, i);
    for (int i = n - 2; i >= 0; i -= 2)
        fn(arg, i);
    ++*calls;
}

/* However the layers are shared out, a step's weight gradients,
 * statistics and update are the same bits, the spectral norms' warm
 * vectors and the weights they lead to included, step after step. */
static void test_layers_measured_in_any_order(void **state)
{
    (void)state;
    struct gf_data data;
    assert_true(gf_data_init(&data, GF_DATA_SPIRAL, GF_DATA_SAMPLES, 0.05f, 1));
    struct gf_run_config cfg = {.act = GF_ACT_RELU, .alpha = GF_LEAKY_ALPHA_DEFAULT, .head = GF_HEAD_BCE,
                                .init = GF_INIT_AUTO, .optimizer = GF_OPT_ADAM, .lr = 0.01f, .depth = 9,
                                .width = 24, .batch = 16, .seed = 3, .batchnorm = true, .residual = true};
    static struct gf_run plain, shared;
    assert_true(gf_run_init(&plain, &cfg, &data));
    assert_true(gf_run_init(&shared, &cfg, &data));
    int calls = 0;
    struct gf_parallel par = {out_of_order, &calls};
    shared.parallel = &par;
    for (int step = 0; step < 30; step++) {
        assert_true(gf_run_step(&plain));
        assert_true(gf_run_step(&shared));
        assert_memory_equal(plain.last.layer, shared.last.layer, sizeof plain.last.layer);
        assert_memory_equal(&plain.last.grad_norm_total, &shared.last.grad_norm_total, sizeof(double));
    }
    assert_int_equal(calls, 2 * 30);   /* every step's gradients and statistics, and its update, went through par */
    assert_memory_equal(plain.spectral_warm, shared.spectral_warm,
                        gf_stats_warm_size(&plain.net) * sizeof *plain.spectral_warm);
    assert_memory_equal(plain.net.params, shared.net.params, plain.net.n_params * sizeof *plain.net.params);
    gf_run_destroy(&plain);
    gf_run_destroy(&shared);
    gf_data_destroy(&data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_measure_known_values),
        cmocka_unit_test(test_sigmoid_saturation),
        cmocka_unit_test(test_history_is_bounded_and_averaged),
        cmocka_unit_test(test_spectral_norm),
        cmocka_unit_test(test_node_grads),
        cmocka_unit_test(test_shares_per_activation),
        cmocka_unit_test(test_bound_is_tight_where_it_must_be),
        cmocka_unit_test(test_delta_bound_holds_everywhere),
        cmocka_unit_test(test_history_recent_mean),
        cmocka_unit_test(test_layers_measured_in_any_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
