/* test_act.c - activation values, derivatives against finite differences,
 * PyTorch's kink conventions and the largest slopes the lesson quotes. */
#include "gf_test.h"

#include <string.h>

#include "gf_act.h"

/* f' against a central difference in double of the float f, away from kinks. */
static void test_derivatives_match_finite_differences(void **state)
{
    (void)state;
    for (int a = 0; a < GF_ACT_COUNT; a++) {
        double max_seen = 0.0;
        for (int i = -120; i <= 120; i++) {
            float x = 0.05f * (float)i + 0.013f;   /* never exactly on 0 */
            float h = 1e-2f;
            double fd = ((double)gf_act_f(a, 0.1f, x + h) - gf_act_f(a, 0.1f, x - h)) /
                        ((double)(x + h) - (double)(x - h));
            double d = gf_act_df(a, 0.1f, x);
            assert_close(d, fd, 2e-4, 1e-3, "%s'(%g)", gf_act_info(a)->id, (double)x);
            if (fabs(d) > max_seen)
                max_seen = fabs(d);
        }
        /* The quoted largest slope is reached on [-6, 6] and never exceeded. */
        assert_true(max_seen <= gf_act_info(a)->max_slope * (1 + 1e-6));
        assert_close(gf_act_df(a, 0.1f, gf_act_info(a)->max_slope_at), gf_act_info(a)->max_slope, 1e-5, 0,
                     "%s max slope", gf_act_info(a)->id);
    }
}

static void test_known_values(void **state)
{
    (void)state;
    assert_close(gf_act_f(GF_ACT_SIGMOID, 0, 0.0f), 0.5, 0, 0, "sigmoid(0)");
    assert_close(gf_act_df(GF_ACT_SIGMOID, 0, 0.0f), 0.25, 0, 0, "sigmoid'(0)");
    assert_close(gf_act_f(GF_ACT_SIGMOID, 0, 2.0f), 0.880797077977882, 1e-7, 0, "sigmoid(2)");
    assert_close(gf_act_f(GF_ACT_TANH, 0, 0.5f), 0.46211715726000974, 1e-7, 0, "tanh(0.5)");
    assert_close(gf_act_df(GF_ACT_TANH, 0, 0.0f), 1.0, 0, 0, "tanh'(0)");
    /* torch.nn.GELU()(1.0) = 0.8413447..., SiLU(1.0) = 0.7310586 */
    assert_close(gf_act_f(GF_ACT_GELU, 0, 1.0f), 0.8413447460685429, 1e-7, 0, "gelu(1)");
    assert_close(gf_act_f(GF_ACT_GELU, 0, -1.0f), -0.15865525393145707, 1e-7, 0, "gelu(-1)");
    assert_close(gf_act_f(GF_ACT_SILU, 0, 1.0f), 0.7310585786300049, 1e-7, 0, "silu(1)");
    assert_close(gf_act_f(GF_ACT_LEAKY_RELU, 0.01f, -3.0f), -0.03, 1e-8, 0, "leaky(-3)");
    assert_close(gf_act_f(GF_ACT_RELU, 0, -3.0f), 0.0, 0, 0, "relu(-3)");
    assert_close(gf_act_f(GF_ACT_LINEAR, 0, -3.0f), -3.0, 0, 0, "linear(-3)");
    /* Sigmoid's slope at the ends of the lesson's plot: nearly flat. */
    assert_true(gf_act_df(GF_ACT_SIGMOID, 0, 6.0f) < 0.0025f);
}

static void test_kinks_follow_pytorch(void **state)
{
    (void)state;
    assert_true(gf_act_df(GF_ACT_RELU, 0, 0.0f) == 0.0f);
    assert_true(gf_act_df(GF_ACT_LEAKY_RELU, 0.2f, 0.0f) == 0.2f);
    float z[3] = {0.0f, -1.0f, 2.0f}, dh[3] = {1.0f, 1.0f, 1.0f}, h[3], dz[3], s[3];
    gf_act_forward(GF_ACT_LEAKY_RELU, 0.2f, h, z, 3);
    gf_act_backward(GF_ACT_LEAKY_RELU, 0.2f, dz, s, dh, z, h, 3);
    assert_true(dz[0] == 0.2f && dz[1] == 0.2f && dz[2] == 1.0f);
    gf_act_backward(GF_ACT_RELU, 0.0f, dz, s, dh, z, h, 3);
    assert_true(dz[0] == 0.0f && dz[1] == 0.0f && dz[2] == 1.0f);
}

/* The array kernels agree with the scalar definitions for every activation. */
static void test_kernels_match_scalars(void **state)
{
    (void)state;
    enum { N = 64 };
    float z[N], h[N], dh[N], dz[N], s[N];
    for (int i = 0; i < N; i++) {
        z[i] = -8.0f + 0.25f * (float)i + 0.01f;
        dh[i] = 0.5f + 0.01f * (float)i;
    }
    for (int a = 0; a < GF_ACT_COUNT; a++) {
        gf_act_forward(a, 0.05f, h, z, N);
        gf_act_backward(a, 0.05f, dz, s, dh, z, h, N);
        for (int i = 0; i < N; i++) {
            assert_close(h[i], gf_act_f(a, 0.05f, z[i]), 0, 0, "%s forward[%d]", gf_act_info(a)->id, i);
            assert_close(dz[i], dh[i] * gf_act_df(a, 0.05f, z[i]), 1e-7, 1e-6, "%s backward[%d]",
                         gf_act_info(a)->id, i);
        }
    }
}

/* Error of f(x) in units in the last place of the float nearest the true value. */
static double ulps(float got, double want)
{
    float w = (float)want;
    double ulp = (double)nextafterf(fabsf(w), INFINITY) - fabsf(w);
    return fabs((double)got - want) / ulp;
}

/* Sigmoid and tanh are vectorisable polynomials, not libm: as accurate as
 * libm's expf in the same formulas (sigmoid's 1 / (1 + e^-x) rounds twice),
 * over a sweep of floats dense enough to cross every binade in range, and
 * with libm's limits: sigmoid is 0 where e^-x overflows, tanh is +-1 beyond 9. */
static void test_vectorisable_functions_are_accurate(void **state)
{
    (void)state;
    double worst_sigmoid = 0.0, worst_tanh = 0.0;
    for (float x = -88.0f; x < 88.0f; x = nextafterf(x, INFINITY) + fabsf(x) * 1e-5f + 1e-7f) {
        double s = 1.0 / (1.0 + exp(-(double)x));
        if (s >= 1.2e-38)   /* normal floats; below, both this and libm's formula flush */
            worst_sigmoid = fmax(worst_sigmoid, ulps(gf_act_f(GF_ACT_SIGMOID, 0, x), s));
        worst_tanh = fmax(worst_tanh, ulps(gf_act_f(GF_ACT_TANH, 0, x), tanh((double)x)));
    }
    print_message("worst error: sigmoid %.2f ulp, tanh %.2f ulp\n", worst_sigmoid, worst_tanh);
    assert_true(worst_sigmoid <= 3.0);
    assert_true(worst_tanh <= 2.0);
    assert_true(gf_act_f(GF_ACT_SIGMOID, 0, -88.8f) == 0.0f && gf_act_f(GF_ACT_SIGMOID, 0, -88.7f) > 0.0f);
    assert_true(gf_act_f(GF_ACT_SIGMOID, 0, 100.0f) == 1.0f);
    assert_true(gf_act_f(GF_ACT_TANH, 0, 9.5f) == 1.0f && gf_act_f(GF_ACT_TANH, 0, -1e4f) == -1.0f);
    assert_true(gf_act_f(GF_ACT_TANH, 0, 1e-30f) == 1e-30f && gf_act_f(GF_ACT_TANH, 0, -0.0f) == 0.0f);
    assert_true(gf_act_f(GF_ACT_SILU, 0, 200.0f) == 200.0f);
}

static void test_ids_and_names(void **state)
{
    (void)state;
    for (int a = 0; a < GF_ACT_COUNT; a++) {
        enum gf_act back;
        const struct gf_act_info *info = gf_act_info(a);
        assert_true(gf_act_from_id(info->id, &back));
        assert_int_equal(back, a);
        assert_non_null(strstr(gf_act_id_list(), info->id));
        assert_true(strlen(info->name_en) > 0 && strlen(info->name_ko) > 0 && strlen(info->formula) > 0);
    }
    enum gf_act out;
    assert_false(gf_act_from_id("Sigmoid", &out));
    assert_false(gf_act_from_id("", &out));
    assert_string_equal(gf_act_info(GF_ACT_SIGMOID)->name_ko, "시그모이드");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_derivatives_match_finite_differences),
        cmocka_unit_test(test_known_values),
        cmocka_unit_test(test_kinks_follow_pytorch),
        cmocka_unit_test(test_kernels_match_scalars),
        cmocka_unit_test(test_vectorisable_functions_are_accurate),
        cmocka_unit_test(test_ids_and_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
