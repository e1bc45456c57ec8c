/* test_lab.c - the lab: determinism, the vanishing gradient itself, training
 * that works, divergence caught, and probes that do not disturb training. */
#include "gf_test.h"

#include <stdlib.h>
#include <string.h>

#include "gf_lab.h"

static void lab_with(struct gf_lab *lab, const struct gf_lab_config *cfg)
{
    assert_null(gf_lab_config_problem(cfg));
    assert_true(gf_lab_init(lab, cfg));
}

static void test_same_settings_same_bits(void **state)
{
    (void)state;
    struct gf_lab_config cfg;
    gf_lab_config_default(&cfg);
    cfg.optimizer = GF_OPT_ADAM;
    cfg.lr = 0.01f;
    struct gf_lab a, b;
    lab_with(&a, &cfg);
    lab_with(&b, &cfg);
    gf_lab_step(&a, 200);
    gf_lab_step(&b, 200);
    for (int s = 0; s < GF_SIDES; s++) {
        assert_memory_equal(a.run[s].net.params, b.run[s].net.params,
                            a.run[s].net.n_params * sizeof(float));
        assert_memory_equal(&a.run[s].last, &b.run[s].last, sizeof a.run[s].last);
    }
    /* Both sides start from the same random stream: with the same activation
     * (and so the same init) they are the same network throughout. */
    cfg.act[GF_RIGHT] = cfg.act[GF_LEFT];
    struct gf_lab c;
    lab_with(&c, &cfg);
    gf_lab_step(&c, 50);
    assert_memory_equal(c.run[0].net.params, c.run[1].net.params, c.run[0].net.n_params * sizeof(float));
    /* A different seed changes the weights. */
    cfg.seed = 2;
    struct gf_lab d;
    lab_with(&d, &cfg);
    assert_memory_not_equal(d.run[0].net.params, c.run[0].net.params, 64);
    gf_lab_destroy(&a);
    gf_lab_destroy(&b);
    gf_lab_destroy(&c);
    gf_lab_destroy(&d);
}

/* The minibatches are the same for both runs and cover the data once per epoch. */
static void test_batches_are_shared_and_cover_epochs(void **state)
{
    (void)state;
    struct gf_lab_config cfg;
    gf_lab_config_default(&cfg);
    struct gf_lab lab;
    lab_with(&lab, &cfg);
    struct gf_run *l = &lab.run[GF_LEFT], *r = &lab.run[GF_RIGHT];
    int seen[GF_DATA_SAMPLES] = {0};
    for (int b = 0; b < GF_DATA_SAMPLES / cfg.batch; b++) {
        assert_memory_equal(l->batch_x, r->batch_x, (size_t)cfg.batch * 2 * sizeof(float));
        for (int i = 0; i < cfg.batch; i++)
            seen[l->order[l->cursor - cfg.batch + i]]++;
        gf_lab_step(&lab, 1);
    }
    for (int i = 0; i < GF_DATA_SAMPLES; i++)
        assert_int_equal(seen[i], 1);
    gf_lab_destroy(&lab);
}

static double ratio_first_to_last_hidden(struct gf_run *run)
{
    struct gf_step_stats st;
    gf_run_probe(run, &st);
    int last_hidden = st.n_layers - 2;   /* the weight layer that feeds the last hidden layer */
    return st.layer[0].v[GF_METRIC_GRAD_RMS] / st.layer[last_hidden].v[GF_METRIC_GRAD_RMS];
}

/* The lesson's point 5, measured: at step 0 a 10-layer sigmoid net's first
 * layer gets a gradient over 1000x smaller than its last hidden layer's,
 * while ReLU with He init keeps them within 10x. */
static void test_sigmoid_vanishes_relu_does_not(void **state)
{
    (void)state;
    for (uint64_t seed = 1; seed <= 8; seed++) {
        struct gf_lab_config cfg;
        gf_lab_config_default(&cfg);
        cfg.depth = 10;
        cfg.width = 32;
        cfg.init = GF_INIT_AUTO;   /* xavier for sigmoid, he for relu */
        cfg.seed = seed;
        struct gf_lab lab;
        lab_with(&lab, &cfg);
        double sig = ratio_first_to_last_hidden(&lab.run[GF_LEFT]);
        double relu = ratio_first_to_last_hidden(&lab.run[GF_RIGHT]);
        if (!(sig < 1e-3))
            fail_msg("seed %llu: sigmoid first/last hidden ratio %.3g, expected < 1e-3", (unsigned long long)seed, sig);
        if (!(relu > 0.1 && relu < 10.0))
            fail_msg("seed %llu: relu first/last hidden ratio %.3g, expected within 10x", (unsigned long long)seed, relu);
        gf_lab_destroy(&lab);
    }
}

/* Residual connections carry the gradient past sigmoid's 0.25: at step 0
 * the error signal (mean |δ|) of a 10-layer sigmoid net reaches the first
 * layer within 10x of the last hidden one, where without them it arrives
 * over 1000 times smaller. (The weight gradients grow somewhat with depth
 * there, since sigmoid's positive outputs accumulate in the residual stream.) */
static void test_residual_connections_level_the_gradient(void **state)
{
    (void)state;
    for (uint64_t seed = 1; seed <= 8; seed++) {
        struct gf_lab_config cfg;
        gf_lab_config_default(&cfg);
        cfg.depth = 10;
        cfg.width = 32;
        cfg.seed = seed;
        cfg.residual[GF_LEFT] = true;   /* left: sigmoid with skips; right: plain sigmoid */
        cfg.act[GF_RIGHT] = GF_ACT_SIGMOID;
        struct gf_lab lab;
        lab_with(&lab, &cfg);
        struct gf_step_stats with, without;
        gf_run_probe(&lab.run[GF_LEFT], &with);
        gf_run_probe(&lab.run[GF_RIGHT], &without);
        int last_hidden = with.n_layers - 2;
        double d_with = with.layer[0].v[GF_METRIC_DELTA_MEAN_ABS] / with.layer[last_hidden].v[GF_METRIC_DELTA_MEAN_ABS];
        double d_without =
            without.layer[0].v[GF_METRIC_DELTA_MEAN_ABS] / without.layer[last_hidden].v[GF_METRIC_DELTA_MEAN_ABS];
        double g_with = with.layer[0].v[GF_METRIC_GRAD_RMS] / with.layer[last_hidden].v[GF_METRIC_GRAD_RMS];
        if (!(d_with > 0.1 && d_with < 10.0))
            fail_msg("seed %llu: residual sigmoid first/last |delta| ratio %.3g, expected within 10x",
                     (unsigned long long)seed, d_with);
        if (!(d_without < 1e-3 && g_with > 1e-2))
            fail_msg("seed %llu: plain |delta| ratio %.3g, residual grad ratio %.3g", (unsigned long long)seed,
                     d_without, g_with);
        gf_lab_destroy(&lab);
    }
}

/* Clipping scales an oversized gradient to the threshold; statistics keep the size as computed. */
static void test_clipping(void **state)
{
    (void)state;
    struct gf_lab_config cfg;
    gf_lab_config_default(&cfg);
    cfg.init = GF_INIT_NORMAL;   /* N(0, 1) in a deep ReLU net: the exploding side */
    cfg.depth = 12;
    cfg.dataset = GF_DATA_SINE;
    cfg.act[GF_LEFT] = cfg.act[GF_RIGHT] = GF_ACT_RELU;
    cfg.clip[GF_LEFT] = 0.5f;
    cfg.lr = 0.01f;
    struct gf_lab lab;
    lab_with(&lab, &cfg);
    struct gf_run *clipped = &lab.run[GF_LEFT], *plain = &lab.run[GF_RIGHT];
    size_t n = clipped->net.n_params;
    float *before = malloc(n * sizeof *before);
    memcpy(before, clipped->net.params, n * sizeof *before);
    gf_lab_step(&lab, 1);
    assert_true(clipped->last.clipped);
    assert_false(plain->last.clipped);
    assert_close(clipped->last.grad_norm_total, plain->last.grad_norm_total, 0, 0, "pre-clip norms agree");
    assert_true(clipped->last.grad_norm_total > 1e3);   /* exploding */
    /* SGD moved the parameters by lr times gradients whose norm is now the threshold */
    double moved = 0.0;
    for (size_t i = 0; i < n; i++)
        moved += ((double)before[i] - clipped->net.params[i]) * ((double)before[i] - clipped->net.params[i]);
    assert_close(sqrt(moved), cfg.lr * 0.5, 0, 1e-2, "size of the clipped update");
    free(before);
    gf_lab_destroy(&lab);
}

/* A probe runs in training mode but leaves the running statistics alone. */
static void test_batchnorm_probe_and_running_statistics(void **state)
{
    (void)state;
    struct gf_lab_config cfg;
    gf_lab_config_default(&cfg);
    cfg.batchnorm[GF_LEFT] = cfg.batchnorm[GF_RIGHT] = true;
    struct gf_lab lab;
    lab_with(&lab, &cfg);
    struct gf_mlp *net = &lab.run[GF_LEFT].net;
    assert_close(gf_mlp_running_var(net, 0)[0], 1.0, 0, 0, "initial running variance");
    gf_run_probe(&lab.run[GF_LEFT], NULL);
    assert_close(gf_mlp_running_var(net, 0)[0], 1.0, 0, 0, "a probe leaves it");
    gf_lab_step(&lab, 5);
    assert_true(gf_mlp_running_var(net, 0)[0] != 1.0f);
    double loss, acc;
    gf_run_evaluate(&lab.run[GF_LEFT], &loss, &acc);   /* inference mode, on running statistics */
    assert_true(isfinite(loss) && acc >= 0.0 && acc <= 1.0);
    cfg.batch = 1;
    assert_non_null(gf_lab_config_problem(&cfg));   /* batchnorm needs two examples */
    gf_lab_destroy(&lab);
}

static double train_accuracy(struct gf_lab_config *cfg, int steps)
{
    struct gf_lab lab;
    lab_with(&lab, cfg);
    gf_lab_step(&lab, steps);
    double loss, acc;
    gf_run_evaluate(&lab.run[GF_LEFT], &loss, &acc);
    assert_int_equal(lab.run[GF_LEFT].step, steps);
    /* The last minibatch's accuracy agrees with the whole set's, within a batch's noise. */
    assert_close(lab.run[GF_LEFT].last.accuracy, acc, 0.15, 0, "last minibatch accuracy");
    gf_lab_destroy(&lab);
    return acc;
}

static void test_training_works(void **state)
{
    (void)state;
    struct gf_lab_config cfg;
    gf_lab_config_default(&cfg);
    cfg.dataset = GF_DATA_XOR;
    cfg.act[GF_LEFT] = cfg.act[GF_RIGHT] = GF_ACT_TANH;
    cfg.depth = 2;
    cfg.width = 8;
    cfg.lr = 0.1f;
    double xor_acc = train_accuracy(&cfg, 2000);
    if (!(xor_acc > 0.95))
        fail_msg("xor with tanh 2x8: accuracy %.3f after 2000 steps, expected > 0.95", xor_acc);

    gf_lab_config_default(&cfg);
    cfg.dataset = GF_DATA_SPIRAL3;
    cfg.act[GF_LEFT] = cfg.act[GF_RIGHT] = GF_ACT_RELU;
    cfg.depth = 4;
    cfg.width = 32;
    cfg.optimizer = GF_OPT_ADAM;
    cfg.lr = 0.005f;
    double spiral_acc = train_accuracy(&cfg, 3000);
    if (!(spiral_acc > 0.90))
        fail_msg("spiral3 with relu and ce: accuracy %.3f after 3000 steps, expected > 0.90", spiral_acc);

    /* Regression: the sine fit's loss falls well below the variance of the targets (0.32). */
    gf_lab_config_default(&cfg);
    cfg.dataset = GF_DATA_SINE;
    cfg.act[GF_LEFT] = GF_ACT_TANH;
    cfg.depth = 3;
    cfg.width = 32;
    cfg.optimizer = GF_OPT_ADAM;
    cfg.lr = 0.01f;
    struct gf_lab lab;
    lab_with(&lab, &cfg);
    gf_lab_step(&lab, 2000);
    double loss, acc;
    gf_run_evaluate(&lab.run[GF_LEFT], &loss, &acc);
    assert_true(isnan(acc));
    if (!(loss < 0.02))
        fail_msg("sine with tanh: mse %.4f after 2000 steps, expected < 0.02", loss);
    gf_lab_destroy(&lab);
}

static void test_divergence_is_caught_and_stops_only_that_run(void **state)
{
    (void)state;
    struct gf_lab_config cfg;
    gf_lab_config_default(&cfg);
    cfg.init = GF_INIT_NORMAL;
    cfg.lr = 1000.0f;
    cfg.dataset = GF_DATA_SINE;
    cfg.act[GF_LEFT] = GF_ACT_RELU;
    cfg.act[GF_RIGHT] = GF_ACT_SIGMOID;
    cfg.depth = 12;
    struct gf_lab lab;
    lab_with(&lab, &cfg);
    gf_lab_step(&lab, 200);
    struct gf_run *relu = &lab.run[GF_LEFT];
    assert_true(relu->diverged_at > 0);
    assert_int_equal(relu->step, relu->diverged_at);   /* it stopped at the step it broke */
    assert_false(gf_run_step(relu));
    assert_int_equal(relu->step, relu->diverged_at);
    /* The step that diverged is recorded with its non-finite numbers. */
    assert_false(isfinite(relu->last.loss) && gf_stats_finite(relu->last.layer, relu->last.n_layers) &&
                 relu->last.layer[0].v[GF_METRIC_UPDATE_RATIO] < 1e30f);
    gf_lab_destroy(&lab);
}

/* The heaviest and wildest settings a class can reach train without a
 * crash; whatever goes non-finite is caught in the step it appears: a run
 * either has finite statistics for its last step or has stopped at it. */
static void test_extreme_settings(void **state)
{
    (void)state;
    struct gf_lab_config cfg;
    struct {
        int depth, width;
        enum gf_init init;
        enum gf_optimizer opt;
        float lr;
        enum gf_dataset data;
    } cases[] = {
        {64, 256, GF_INIT_NORMAL, GF_OPT_SGD, 1000.0f, GF_DATA_SPIRAL},
        {64, 256, GF_INIT_AUTO, GF_OPT_ADAM, 1000.0f, GF_DATA_SINE},
        {64, 16, GF_INIT_NORMAL, GF_OPT_MOMENTUM, 0.05f, GF_DATA_BLOBS},
        {1, 1, GF_INIT_NORMAL, GF_OPT_ADAM, 1000.0f, GF_DATA_XOR},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        gf_lab_config_default(&cfg);
        cfg.depth = cases[i].depth;
        cfg.width = cases[i].width;
        cfg.init = cases[i].init;
        cfg.optimizer = cases[i].opt;
        cfg.lr = cases[i].lr;
        cfg.dataset = cases[i].data;
        cfg.batchnorm[GF_RIGHT] = cfg.residual[GF_RIGHT] = true;
        cfg.clip[GF_RIGHT] = 1e-3f;
        struct gf_lab lab;
        lab_with(&lab, &cfg);
        for (int step = 0; step < 4; step++) {
            gf_lab_step(&lab, 1);
            for (int s = 0; s < GF_SIDES; s++) {
                const struct gf_run *run = &lab.run[s];
                bool finite = isfinite(run->last.loss) && gf_stats_finite(run->last.layer, run->last.n_layers);
                if (!finite && run->diverged_at != run->step)
                    fail_msg("case %zu side %d: non-finite step %lld not caught", i, s, (long long)run->step);
            }
        }
        gf_lab_destroy(&lab);
    }
}

/* A probe (as the dump and the window use) leaves training exactly as it was. */
static void test_probe_does_not_disturb_training(void **state)
{
    (void)state;
    struct gf_lab_config cfg;
    gf_lab_config_default(&cfg);
    struct gf_lab a, b;
    lab_with(&a, &cfg);
    lab_with(&b, &cfg);
    gf_lab_step(&a, 10);
    gf_lab_step(&b, 10);
    struct gf_step_stats probe;
    double loss = gf_run_probe(&a.run[GF_RIGHT], &probe);
    double eval_loss, acc;
    gf_run_evaluate(&a.run[GF_RIGHT], &eval_loss, &acc);
    gf_lab_step(&a, 1);
    gf_lab_step(&b, 1);
    /* The probe saw exactly the minibatch the next step trained on. */
    assert_close(a.run[GF_RIGHT].last.loss, loss, 0, 0, "probe loss vs next step's loss");
    assert_memory_equal(a.run[GF_RIGHT].net.params, b.run[GF_RIGHT].net.params,
                        a.run[GF_RIGHT].net.n_params * sizeof(float));
    gf_lab_destroy(&a);
    gf_lab_destroy(&b);
}

static void test_effective_linear_of_a_trained_linear_run(void **state)
{
    (void)state;
    struct gf_lab_config cfg;
    gf_lab_config_default(&cfg);
    cfg.dataset = GF_DATA_CIRCLES;
    cfg.act[GF_LEFT] = GF_ACT_LINEAR;
    cfg.depth = 6;
    struct gf_lab lab;
    lab_with(&lab, &cfg);
    gf_lab_step(&lab, 300);
    struct gf_run *run = &lab.run[GF_LEFT];
    double W[2], b[1];
    assert_true(gf_mlp_effective_linear(&run->net, W, b));
    float x[2] = {0.3f, -0.8f};
    gf_mlp_forward(&run->net, x, 1);
    assert_close(gf_mlp_logits(&run->net)[0], W[0] * 0.3 + W[1] * -0.8 + b[0], 1e-6, 1e-5, "W_eff x + b_eff");
    /* A linear model cannot separate circles: it stays near chance. */
    double loss, acc;
    gf_run_evaluate(run, &loss, &acc);
    assert_true(acc < 0.7);
    gf_lab_destroy(&lab);
}

static void test_config_problems(void **state)
{
    (void)state;
    struct gf_lab_config cfg;
    gf_lab_config_default(&cfg);
    assert_null(gf_lab_config_problem(&cfg));
    cfg.head_from_dataset = false;
    cfg.head = GF_HEAD_MSE;
    assert_non_null(gf_lab_config_problem(&cfg));
    struct gf_lab lab;
    assert_false(gf_lab_init(&lab, &cfg));
    gf_lab_destroy(&lab);
    cfg.head = GF_HEAD_CE_DOUBLE_SOFTMAX;
    assert_null(gf_lab_config_problem(&cfg));
    cfg.lr = 0.0f;
    assert_non_null(gf_lab_config_problem(&cfg));
    cfg.lr = NAN;
    assert_non_null(gf_lab_config_problem(&cfg));
    cfg.lr = 0.1f;
    cfg.alpha[GF_RIGHT] = 1.5f;
    assert_non_null(gf_lab_config_problem(&cfg));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_settings_same_bits),
        cmocka_unit_test(test_batches_are_shared_and_cover_epochs),
        cmocka_unit_test(test_sigmoid_vanishes_relu_does_not),
        cmocka_unit_test(test_training_works),
        cmocka_unit_test(test_residual_connections_level_the_gradient),
        cmocka_unit_test(test_clipping),
        cmocka_unit_test(test_batchnorm_probe_and_running_statistics),
        cmocka_unit_test(test_divergence_is_caught_and_stops_only_that_run),
        cmocka_unit_test(test_extreme_settings),
        cmocka_unit_test(test_probe_does_not_disturb_training),
        cmocka_unit_test(test_effective_linear_of_a_trained_linear_run),
        cmocka_unit_test(test_config_problems),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
