/* test_data.c - dataset generators: reproducible, balanced, in range, and
 * heads matched to tasks. */
#include "gf_test.h"

#include <stdlib.h>
#include <string.h>

#include "gf_data.h"

static void test_same_seed_same_bits(void **state)
{
    (void)state;
    for (int k = 0; k < GF_DATA_COUNT; k++) {
        struct gf_data a, b, c;
        assert_true(gf_data_init(&a, k, 256, 0.1f, 7));
        assert_true(gf_data_init(&b, k, 256, 0.1f, 7));
        assert_true(gf_data_init(&c, k, 256, 0.1f, 8));
        size_t nx = (size_t)a.n * a.n_inputs * sizeof *a.x;
        assert_memory_equal(a.x, b.x, nx);
        assert_memory_equal(a.y, b.y, (size_t)a.n * sizeof *a.y);
        assert_memory_not_equal(a.x, c.x, nx);
        gf_data_destroy(&a);
        gf_data_destroy(&b);
        gf_data_destroy(&c);
    }
}

static void test_balanced_and_in_range(void **state)
{
    (void)state;
    for (int k = 0; k < GF_DATA_COUNT; k++) {
        const struct gf_dataset_info *info = gf_dataset_info(k);
        struct gf_data d;
        assert_true(gf_data_init(&d, k, GF_DATA_SAMPLES, info->default_noise, 3));
        assert_int_equal(d.n_inputs, info->n_inputs);
        int count[4] = {0};
        for (int i = 0; i < d.n; i++) {
            for (int j = 0; j < d.n_inputs; j++)
                assert_true(fabsf(d.x[i * d.n_inputs + j]) < 1.6f);
            if (info->n_classes) {
                int cls = (int)d.y[i];
                assert_true(cls >= 0 && cls < info->n_classes && (float)cls == d.y[i]);
                count[cls]++;
            } else {
                assert_true(fabsf(d.y[i]) < 1.2f);
            }
        }
        for (int c = 1; c < info->n_classes; c++)
            assert_true(abs(count[c] - count[0]) <= 1);
        gf_data_destroy(&d);
    }
}

/* Without noise the labels follow the dataset's rule exactly. */
static void test_noiseless_rules(void **state)
{
    (void)state;
    struct gf_data d;
    assert_true(gf_data_init(&d, GF_DATA_XOR, 200, 0.0f, 1));
    for (int i = 0; i < d.n; i++)
        assert_int_equal(d.x[2 * i] * d.x[2 * i + 1] > 0.0f, (int)d.y[i]);
    gf_data_destroy(&d);

    assert_true(gf_data_init(&d, GF_DATA_CIRCLES, 200, 0.0f, 1));
    for (int i = 0; i < d.n; i++) {
        float r = hypotf(d.x[2 * i], d.x[2 * i + 1]);
        assert_true(d.y[i] == 1.0f ? r <= 0.5f : r >= 0.7f);
    }
    gf_data_destroy(&d);

    assert_true(gf_data_init(&d, GF_DATA_SINE, 100, 0.0f, 1));
    for (int i = 0; i < d.n; i++)
        assert_close(d.y[i], gf_data_sine_truth(d.x[i]), 0, 0, "sine target %d", i);
    gf_data_destroy(&d);
}

static void test_heads_match_tasks(void **state)
{
    (void)state;
    for (int k = 0; k < GF_DATA_COUNT; k++)
        assert_true(gf_dataset_accepts_head(k, gf_dataset_info(k)->default_head));
    assert_int_equal(gf_dataset_info(GF_DATA_SPIRAL)->default_head, GF_HEAD_BCE);
    assert_int_equal(gf_dataset_info(GF_DATA_SPIRAL3)->default_head, GF_HEAD_CE);
    assert_int_equal(gf_dataset_info(GF_DATA_SINE)->default_head, GF_HEAD_MSE);
    assert_false(gf_dataset_accepts_head(GF_DATA_SPIRAL3, GF_HEAD_BCE));
    assert_false(gf_dataset_accepts_head(GF_DATA_SINE, GF_HEAD_CE));
    assert_false(gf_dataset_accepts_head(GF_DATA_XOR, GF_HEAD_MSE));
    assert_true(gf_dataset_accepts_head(GF_DATA_XOR, GF_HEAD_CE));
    assert_true(gf_dataset_accepts_head(GF_DATA_BLOBS, GF_HEAD_CE_DOUBLE_SOFTMAX));
    enum gf_dataset d;
    assert_true(gf_dataset_from_id("spiral3", &d) && d == GF_DATA_SPIRAL3);
    assert_false(gf_dataset_from_id("spiral4", &d));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_seed_same_bits),
        cmocka_unit_test(test_balanced_and_in_range),
        cmocka_unit_test(test_noiseless_rules),
        cmocka_unit_test(test_heads_match_tasks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
