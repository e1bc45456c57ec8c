/* test_mlp.c - backpropagation checked against finite differences for every
 * activation and head, and the collapse of stacked linear layers. */
#include "gf_test.h"

#include <stdbool.h>
#include <string.h>

#include "gf_head.h"
#include "gf_init.h"
#include "gf_mlp.h"
#include "gf_rng.h"

enum { BATCH = 4, N_IN = 2, DEPTH = 3, WIDTH = 5 };

struct problem {
    struct gf_mlp net;
    enum gf_head head;
    float x[BATCH * N_IN];
    float y[BATCH * 3];
};

static void make_problem(struct problem *p, enum gf_act act, enum gf_head head, uint64_t seed)
{
    int n_out = head == GF_HEAD_BCE ? 1 : head == GF_HEAD_MSE ? 2 : 3;
    struct gf_mlp_params mp = {N_IN, n_out, DEPTH, WIDTH, BATCH, act, 0.1f};
    assert_true(gf_mlp_init(&p->net, &mp));
    p->head = head;
    struct gf_rng rng;
    gf_rng_seed(&rng, seed, 7);
    /* classic init gives non-zero biases, so bias gradients are exercised through every layer */
    gf_init_apply(&p->net, GF_INIT_CLASSIC, &rng);
    for (int i = 0; i < BATCH * N_IN; i++)
        p->x[i] = gf_rng_range(&rng, -1.5f, 1.5f);
    for (int r = 0; r < BATCH; r++) {
        if (head == GF_HEAD_MSE) {
            p->y[r * 2] = gf_rng_range(&rng, -1, 1);
            p->y[r * 2 + 1] = gf_rng_range(&rng, -1, 1);
        } else {
            p->y[r] = (float)(r % n_out);
        }
    }
}

static double loss_at(struct problem *p)
{
    gf_mlp_forward(&p->net, p->x, BATCH);
    return gf_head_loss(p->head, NULL, gf_mlp_logits(&p->net), p->y, BATCH, gf_mlp_n_out(&p->net));
}

/* One bit per hidden pre-activation: which side of the kink it is on. */
static void kink_pattern(const struct gf_mlp *net, bool *bits)
{
    int n = 0;
    for (int l = 0; l + 1 < net->n_layers; l++)
        for (int i = 0; i < BATCH * net->size[l + 1]; i++)
            bits[n++] = net->z[net->z_off[l] + i] > 0.0f;
}

static bool same_kinks(struct problem *p, const bool *reference)
{
    bool now[BATCH * WIDTH * DEPTH];
    kink_pattern(&p->net, now);
    return memcmp(now, reference, sizeof now) == 0;
}

/* Every weight and bias: analytic gradient against a central difference of the
 * float network's loss. float32 logits carry ~1e-7 relative rounding, so with
 * a step of 1e-2 the difference quotient is good to about 1e-5 absolute. */
static void check_all_gradients(enum gf_act act, enum gf_head head, uint64_t seed)
{
    struct problem p;
    make_problem(&p, act, head, seed);
    struct gf_mlp *net = &p.net;
    const char *name = gf_act_info(act)->id, *hname = gf_head_info(head)->id;

    gf_mlp_forward(net, p.x, BATCH);
    gf_head_loss(head, gf_mlp_dlogits(net), gf_mlp_logits(net), p.y, BATCH, gf_mlp_n_out(net));
    gf_mlp_zero_grads(net);
    gf_mlp_backward(net);
    bool kinks[BATCH * WIDTH * DEPTH];
    kink_pattern(net, kinks);
    bool has_kink = act == GF_ACT_RELU || act == GF_ACT_LEAKY_RELU;

    double err_sq = 0.0, grad_sq = 0.0;
    int skipped = 0;
    for (size_t i = 0; i < net->n_params; i++) {
        float saved = net->params[i];
        float up = saved + 1e-2f, down = saved - 1e-2f;
        net->params[i] = up;
        double lu = loss_at(&p);
        bool crossed = has_kink && !same_kinks(&p, kinks);
        net->params[i] = down;
        double ld = loss_at(&p);
        crossed = crossed || (has_kink && !same_kinks(&p, kinks));
        net->params[i] = saved;
        if (crossed) {   /* the difference straddles a kink: it measures no derivative */
            skipped++;
            continue;
        }
        double fd = (lu - ld) / ((double)up - (double)down);
        double g = net->grads[i];
        assert_close(g, fd, 1e-4, 1e-2, "%s/%s param %zu", name, hname, i);
        err_sq += (g - fd) * (g - fd);
        grad_sq += g * g;
    }
    /* Guard: an all-zero (or vanishing) gradient cannot pass. */
    assert_true(grad_sq > 1e-4);
    /* Over the whole parameter vector the agreement is much tighter than per element. */
    assert_true(sqrt(err_sq / grad_sq) < 2e-3);
    assert_true(skipped * 20 < (int)net->n_params);
    gf_mlp_destroy(net);
}

static void test_gradients_every_activation_and_head(void **state)
{
    (void)state;
    for (int a = 0; a < GF_ACT_COUNT; a++)
        for (int h = 0; h < GF_HEAD_COUNT; h++)
            for (uint64_t seed = 1; seed <= 2; seed++)
                check_all_gradients((enum gf_act)a, (enum gf_head)h, seed);
}

/* The lesson's point 3: stacked linear layers are one linear layer. */
static void test_linear_layers_collapse(void **state)
{
    (void)state;
    struct gf_mlp net;
    struct gf_mlp_params mp = {2, 3, 6, 16, 8, GF_ACT_LINEAR, 0.0f};
    assert_true(gf_mlp_init(&net, &mp));
    struct gf_rng rng;
    gf_rng_seed(&rng, 42, 1);
    gf_init_apply(&net, GF_INIT_CLASSIC, &rng);
    double W_eff[3 * 2], b_eff[3];
    assert_true(gf_mlp_effective_linear(&net, W_eff, b_eff));
    float x[8 * 2];
    for (int i = 0; i < 16; i++)
        x[i] = gf_rng_range(&rng, -2, 2);
    gf_mlp_forward(&net, x, 8);
    const float *out = gf_mlp_logits(&net);
    for (int r = 0; r < 8; r++)
        for (int o = 0; o < 3; o++) {
            double want = W_eff[o * 2] * x[r * 2] + W_eff[o * 2 + 1] * x[r * 2 + 1] + b_eff[o];
            assert_close(out[r * 3 + o], want, 1e-6, 1e-5, "net(x)[%d][%d] vs W_eff x + b_eff", r, o);
        }
    /* Linearity itself: net(x1 + x2) - net(0) = (net(x1) - net(0)) + (net(x2) - net(0)). */
    float three[3 * 2] = {0.3f, -0.7f, 1.1f, 0.4f, 1.4f, -0.3f};   /* x1, x2, x1 + x2 */
    float zero[2] = {0, 0};
    gf_mlp_forward(&net, three, 3);
    float o3[9];
    memcpy(o3, gf_mlp_logits(&net), sizeof o3);
    gf_mlp_forward(&net, zero, 1);
    for (int o = 0; o < 3; o++) {
        float z0 = gf_mlp_logits(&net)[o];
        assert_close(o3[6 + o] - z0, (o3[o] - z0) + (o3[3 + o] - z0), 1e-5, 1e-4, "additivity[%d]", o);
    }

    /* With a non-linear activation there is no such map. */
    net.act = GF_ACT_TANH;
    assert_false(gf_mlp_effective_linear(&net, W_eff, b_eff));
    gf_mlp_destroy(&net);
}

static void test_shapes_and_layout(void **state)
{
    (void)state;
    struct gf_mlp net;
    struct gf_mlp_params mp = {2, 1, 3, 4, 10, GF_ACT_RELU, 0.0f};
    assert_true(gf_mlp_init(&net, &mp));
    assert_int_equal(net.n_layers, 4);
    /* (4x2 + 4) + (4x4 + 4) * 2 + (1x4 + 1) */
    assert_int_equal(net.n_params, 12 + 20 + 20 + 5);
    assert_int_equal(net.b_off[0], 8);
    assert_int_equal(net.w_off[1], 12);
    assert_int_equal(net.w_off[3], 52);
    gf_mlp_destroy(&net);

    struct gf_mlp_params bad[] = {
        {2, 1, 0, 4, 10, GF_ACT_RELU, 0}, {2, 1, 65, 4, 10, GF_ACT_RELU, 0},
        {2, 1, 3, 0, 10, GF_ACT_RELU, 0}, {2, 1, 3, 257, 10, GF_ACT_RELU, 0},
        {3, 1, 3, 4, 10, GF_ACT_RELU, 0}, {2, 0, 3, 4, 10, GF_ACT_RELU, 0},
        {2, 1, 3, 4, 0, GF_ACT_RELU, 0},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(gf_mlp_init(&net, &bad[i]));

    /* The largest network allowed builds. */
    struct gf_mlp_params big = {2, 4, 64, 256, 512, GF_ACT_SIGMOID, 0};
    assert_true(gf_mlp_init(&net, &big));
    gf_mlp_destroy(&net);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gradients_every_activation_and_head),
        cmocka_unit_test(test_linear_layers_collapse),
        cmocka_unit_test(test_shapes_and_layout),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
