/* test_head.c - losses against hand-computed values, exact gradients
 * against finite differences, and PyTorch's edge behaviour. */
#include "gf_test.h"

#include "gf_head.h"

/* Central differences of the (double) loss in every logit. */
static void check_gradient(enum gf_head head, float *logits, const float *y, int B, int K)
{
    float dz[64];
    gf_head_loss(head, dz, logits, y, B, K);
    double largest = 0.0;
    for (int i = 0; i < B * K; i++) {
        float saved = logits[i];
        float up = saved + 1e-3f, down = saved - 1e-3f;
        logits[i] = up;
        double lu = gf_head_loss(head, NULL, logits, y, B, K);
        logits[i] = down;
        double ld = gf_head_loss(head, NULL, logits, y, B, K);
        logits[i] = saved;
        double fd = (lu - ld) / ((double)up - (double)down);
        assert_close(dz[i], fd, 2e-6, 1e-4, "%s dlogit[%d]", gf_head_info(head)->id, i);
        if (fabs(dz[i]) > largest)
            largest = fabs(dz[i]);
    }
    assert_true(largest > 1e-3);   /* a zero gradient would pass the check above */
}

static void test_bce_value_and_gradient(void **state)
{
    (void)state;
    float z[2] = {0.0f, 2.0f}, y[2] = {1.0f, 0.0f}, dz[2];
    /* (log 2 + log(1 + e^2)) / 2 */
    assert_close(gf_head_loss(GF_HEAD_BCE, dz, z, y, 2, 1), 1.4100375958, 1e-9, 0, "bce loss");
    assert_close(dz[0], (0.5 - 1.0) / 2, 1e-7, 0, "bce dz[0] = (p - y)/B");
    assert_close(dz[1], (0.8807970779778823 - 0.0) / 2, 1e-7, 0, "bce dz[1]");
    float z2[4] = {-3.0f, 0.5f, 4.0f, -0.2f}, y2[4] = {1, 0, 1, 0};
    check_gradient(GF_HEAD_BCE, z2, y2, 4, 1);
}

static void test_bce_clamps_log_at_minus_100(void **state)
{
    (void)state;
    /* nn.BCELoss clamps log(p) at -100: a hopelessly wrong logit costs 100, no more, and
     * its clamped term passes no gradient (as sigmoid's zero slope there does in torch). */
    float z[1] = {-200.0f}, y[1] = {1.0f}, dz[1];
    assert_close(gf_head_loss(GF_HEAD_BCE, dz, z, y, 1, 1), 100.0, 0, 0, "clamped loss");
    assert_close(dz[0], 0.0, 0, 0, "clamped gradient");
    float z2[1] = {-50.0f};
    assert_close(gf_head_loss(GF_HEAD_BCE, dz, z2, y, 1, 1), 50.0, 1e-9, 0, "unclamped large loss");
    assert_close(dz[0], -1.0, 1e-9, 0, "unclamped gradient p - y");
}

static void test_ce_value_stability_and_gradient(void **state)
{
    (void)state;
    float z[3] = {1.0f, 2.0f, 3.0f}, y[1] = {2.0f}, dz[3];
    /* -log(e^3 / (e + e^2 + e^3)) = log(1 + e^-1 + e^-2) */
    assert_close(gf_head_loss(GF_HEAD_CE, dz, z, y, 1, 3), 0.4076059644, 1e-9, 0, "ce loss");
    assert_close(dz[2], 0.6652409558 - 1.0, 1e-7, 0, "ce dz = softmax - onehot");
    float big[3] = {1000.0f, 0.0f, -1000.0f}, y1[1] = {1.0f};
    assert_close(gf_head_loss(GF_HEAD_CE, dz, big, y1, 1, 3), 1000.0, 1e-6, 0, "ce with huge logits is finite");
    assert_close(dz[0], 1.0, 1e-7, 0, "ce huge dz[0]");
    float z4[8] = {0.3f, -1.2f, 2.0f, 0.1f, -0.4f, 0.9f, 1.5f, -2.0f}, y4[2] = {3.0f, 0.0f};
    check_gradient(GF_HEAD_CE, z4, y4, 2, 4);
}

static void test_mse_value_and_gradient(void **state)
{
    (void)state;
    float z[2] = {1.0f, 2.0f}, y[2] = {0.0f, 0.0f}, dz[2];
    assert_close(gf_head_loss(GF_HEAD_MSE, dz, z, y, 2, 1), 2.5, 0, 0, "mse mean over batch");
    assert_close(dz[0], 1.0, 0, 0, "mse dz[0] = 2 (z - y) / n");
    assert_close(dz[1], 2.0, 0, 0, "mse dz[1]");
    float z3[6] = {0.1f, 0.2f, -0.3f, 1.0f, 0.5f, -1.5f}, y3[6] = {0.0f, 1.0f, 0.5f, -0.5f, 0.2f, 0.0f};
    check_gradient(GF_HEAD_MSE, z3, y3, 3, 2);
}

static void test_double_softmax_caps_the_top_probability(void **state)
{
    (void)state;
    /* A perfectly confident net still pays log(1 + (K-1)/e): softmax of values in
     * [0, 1] can never be confident. K = 2: log(1 + 1/e). */
    float z[2] = {100.0f, -100.0f}, y[1] = {0.0f}, dz[2];
    assert_close(gf_head_loss(GF_HEAD_CE_DOUBLE_SOFTMAX, dz, z, y, 1, 2), 0.3132616875, 1e-9, 0,
                 "double softmax floor");
    float even[2] = {0.0f, 0.0f};
    assert_close(gf_head_loss(GF_HEAD_CE_DOUBLE_SOFTMAX, dz, even, y, 1, 2), 0.6931471806, 1e-9, 0,
                 "double softmax at zero logits");
    float z3[6] = {0.5f, -0.3f, 1.2f, -1.0f, 0.0f, 2.0f}, y3[2] = {2.0f, 1.0f};
    check_gradient(GF_HEAD_CE_DOUBLE_SOFTMAX, z3, y3, 2, 3);
    /* Its gradient is smaller than plain ce's: training is slower. */
    float dce[6], dds[6];
    gf_head_loss(GF_HEAD_CE, dce, z3, y3, 2, 3);
    gf_head_loss(GF_HEAD_CE_DOUBLE_SOFTMAX, dds, z3, y3, 2, 3);
    double nce = 0, nds = 0;
    for (int i = 0; i < 6; i++) {
        nce += dce[i] * dce[i];
        nds += dds[i] * dds[i];
    }
    assert_true(nds < nce);
}

static void test_outputs_and_predictions(void **state)
{
    (void)state;
    float p[3];
    float z1[1] = {0.0f};
    gf_head_output(GF_HEAD_BCE, p, z1, 1);
    assert_close(p[0], 0.5, 0, 0, "sigmoid output");
    float z3[3] = {1.0f, 2.0f, 3.0f};
    gf_head_output(GF_HEAD_CE, p, z3, 3);
    assert_close(p[0] + p[1] + p[2], 1.0, 1e-6, 0, "softmax sums to 1");
    assert_int_equal(gf_head_predict(GF_HEAD_CE, z3, 3), 2);
    float zb[1] = {-0.1f};
    assert_int_equal(gf_head_predict(GF_HEAD_BCE, zb, 1), 0);
    assert_int_equal(gf_head_outputs(GF_HEAD_BCE, 2, 0), 1);
    assert_int_equal(gf_head_outputs(GF_HEAD_CE, 3, 0), 3);
    assert_int_equal(gf_head_outputs(GF_HEAD_MSE, 0, 1), 1);
    for (int h = 0; h < GF_HEAD_COUNT; h++) {
        enum gf_head back;
        assert_true(gf_head_from_id(gf_head_info(h)->id, &back));
        assert_int_equal(back, h);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bce_value_and_gradient),
        cmocka_unit_test(test_bce_clamps_log_at_minus_100),
        cmocka_unit_test(test_ce_value_stability_and_gradient),
        cmocka_unit_test(test_mse_value_and_gradient),
        cmocka_unit_test(test_double_softmax_caps_the_top_probability),
        cmocka_unit_test(test_outputs_and_predictions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
