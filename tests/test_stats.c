/* test_stats.c - per-layer statistics on hand-built layers, and the bounded history. */
#include "gf_test.h"

#include <string.h>

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
    gf_stats_measure(s, &net);
    /* Layer 2: dW = sum_r 0.25 * h_r = 0.25 * [(1+0+2+0), 0] = [0.75, 0] */
    assert_close(s[1].v[GF_METRIC_GRAD_NORM], 0.75, 1e-7, 0, "layer 2 grad norm");
    assert_close(s[1].v[GF_METRIC_GRAD_RMS], 0.75 / sqrt(2.0), 1e-7, 0, "layer 2 grad rms");
    assert_close(s[1].v[GF_METRIC_WEIGHT_RMS], sqrt(12.5), 1e-6, 0, "layer 2 weight rms (3, 4)");
    assert_close(s[1].v[GF_METRIC_DELTA_MEAN_ABS], 0.25, 0, 0, "layer 2 delta");
    assert_close(s[1].v[GF_METRIC_SATURATED], 0.0, 0, 0, "output layer has no saturation");
    /* Layer 1: dz0 = 0.25 * 3 where x > 0 → dW0 = 0.75 * (1 + 2) = 2.25; unit 1 gets nothing */
    assert_close(s[0].v[GF_METRIC_GRAD_NORM], 2.25, 1e-6, 0, "layer 1 grad norm");
    assert_close(s[0].v[GF_METRIC_DELTA_MEAN_ABS], (0.75 * 2) / 8.0, 1e-7, 0, "layer 1 delta");
    /* Unit 0 has slope 0 on 2 of 4 examples, unit 1 on all 4: 6 of 8 saturated, 1 of 2 dead. */
    assert_close(s[0].v[GF_METRIC_SATURATED], 0.75, 0, 0, "layer 1 saturated");
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
    gf_stats_measure(s, &net);
    assert_close(s[0].v[GF_METRIC_SATURATED], 1.0 / 3.0, 1e-7, 0, "one of three saturated");
    assert_close(s[0].v[GF_METRIC_DEAD], 0.0, 0, 0, "sigmoid never dies");
    gf_mlp_destroy(&net);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_measure_known_values),
        cmocka_unit_test(test_sigmoid_saturation),
        cmocka_unit_test(test_history_is_bounded_and_averaged),
        cmocka_unit_test(test_history_recent_mean),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
