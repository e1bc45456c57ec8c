/* test_opt.c - optimizer updates against values worked by hand, with
 * PyTorch's formulas and defaults. */
#include "gf_test.h"

#include "gf_opt.h"

/* A one-layer net 1 -> 1: params are {w, b}. */
static void make_net(struct gf_mlp *net)
{
    struct gf_mlp_params p = {.n_in = 1, .n_out = 1, .depth = 1, .width = 1, .max_batch = 1, .act = GF_ACT_LINEAR};
    assert_true(gf_mlp_init(net, &p));
}

static void test_sgd(void **state)
{
    (void)state;
    struct gf_mlp net;
    make_net(&net);
    struct gf_opt opt;
    assert_true(gf_opt_init(&opt, GF_OPT_SGD, 0.5f, &net));
    gf_mlp_W(&net, 0)[0] = 2.0f;
    gf_mlp_dW(&net, 0)[0] = 0.4f;
    struct gf_opt_report rep;
    gf_opt_step(&opt, &net, &rep, NULL);
    assert_close(gf_mlp_W(&net, 0)[0], 1.8, 1e-7, 0, "w - lr g");
    assert_close(rep.update_sq[0], 0.04, 1e-7, 0, "update squared");
    assert_true(rep.finite);
    gf_opt_destroy(&opt);
    gf_mlp_destroy(&net);
}

static void test_momentum(void **state)
{
    (void)state;
    struct gf_mlp net;
    make_net(&net);
    struct gf_opt opt;
    assert_true(gf_opt_init(&opt, GF_OPT_MOMENTUM, 0.1f, &net));
    struct gf_opt_report rep;
    gf_mlp_dW(&net, 0)[0] = 1.0f;
    gf_opt_step(&opt, &net, &rep, NULL);   /* buf = 1, w = -0.1 */
    gf_opt_step(&opt, &net, &rep, NULL);   /* buf = 1.9, w = -0.29 */
    gf_opt_step(&opt, &net, &rep, NULL);   /* buf = 2.71, w = -0.561 */
    assert_close(gf_mlp_W(&net, 0)[0], -0.561, 1e-6, 0, "momentum after 3 steps");
    gf_opt_destroy(&opt);
    gf_mlp_destroy(&net);
}

static void test_adam(void **state)
{
    (void)state;
    struct gf_mlp net;
    make_net(&net);
    struct gf_opt opt;
    assert_true(gf_opt_init(&opt, GF_OPT_ADAM, 0.01f, &net));
    struct gf_opt_report rep;
    /* Bias correction makes Adam's first step lr * sign(g), whatever |g| is. */
    gf_mlp_dW(&net, 0)[0] = 1000.0f;
    gf_mlp_db(&net, 0)[0] = -0.001f;
    gf_opt_step(&opt, &net, &rep, NULL);
    assert_close(gf_mlp_W(&net, 0)[0], -0.01, 1e-8, 1e-6, "adam first step, w");
    assert_close(gf_mlp_b(&net, 0)[0], 0.01, 1e-8, 1e-4, "adam first step, b (eps matters)");
    /* Second step with g = 0: m = 0.1 g1 (x0.9), v = 0.001 g1^2 (x0.999);
     * update = lr * (m / 0.19) / (sqrt(v / 0.001999) + eps). */
    gf_mlp_dW(&net, 0)[0] = 0.0f;
    gf_opt_step(&opt, &net, &rep, NULL);
    double m = 0.9 * 0.1 * 1000.0, v = 0.999 * 0.001 * 1e6;
    double upd = 0.01 * (m / (1 - 0.81)) / (sqrt(v / (1 - 0.999 * 0.999)) + 1e-8);
    assert_close(gf_mlp_W(&net, 0)[0], -0.01 - upd, 1e-7, 1e-5, "adam second step");
    gf_opt_destroy(&opt);
    gf_mlp_destroy(&net);
}

static void test_non_finite_is_reported(void **state)
{
    (void)state;
    struct gf_mlp net;
    make_net(&net);
    struct gf_opt opt;
    assert_true(gf_opt_init(&opt, GF_OPT_SGD, 1000.0f, &net));
    gf_mlp_W(&net, 0)[0] = 3e38f;
    gf_mlp_dW(&net, 0)[0] = -3e38f;
    struct gf_opt_report rep;
    gf_opt_step(&opt, &net, &rep, NULL);
    assert_false(rep.finite);
    gf_opt_destroy(&opt);
    gf_mlp_destroy(&net);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sgd),
        cmocka_unit_test(test_momentum),
        cmocka_unit_test(test_adam),
        cmocka_unit_test(test_non_finite_is_reported),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
