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

static void make_problem(struct problem *p, enum gf_act act, enum gf_head head, uint64_t seed, bool residual,
                         bool batchnorm)
{
    int n_out = head == GF_HEAD_BCE ? 1 : head == GF_HEAD_MSE ? 2 : 3;
    struct gf_mlp_params mp = {N_IN, n_out, DEPTH, WIDTH, BATCH, act, 0.1f, residual, batchnorm};
    assert_true(gf_mlp_init(&p->net, &mp));
    p->head = head;
    struct gf_rng rng;
    gf_rng_seed(&rng, seed, 7);
    /* classic init gives non-zero biases, so bias gradients are exercised through every layer */
    gf_init_apply(&p->net, GF_INIT_CLASSIC, &rng);
    if (batchnorm)   /* gamma and beta away from 1 and 0, so their gradients are exercised in general */
        for (int l = 0; l + 1 < p->net.n_layers; l++)
            for (int j = 0; j < WIDTH; j++) {
                gf_mlp_gamma(&p->net, l)[j] = gf_rng_range(&rng, 0.5f, 1.5f);
                gf_mlp_beta(&p->net, l)[j] = gf_rng_range(&rng, -0.5f, 0.5f);
            }
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

/* An independent double-precision forward pass and loss, written from the
 * definitions. Finite differences of it are exact to ~1e-10, far below
 * float32's rounding, so the float gradients are held to float precision. */
static double act_double(enum gf_act act, double alpha, double x)
{
    switch (act) {
    case GF_ACT_LINEAR: return x;
    case GF_ACT_SIGMOID: return 1.0 / (1.0 + exp(-x));
    case GF_ACT_TANH: return tanh(x);
    case GF_ACT_RELU: return x > 0 ? x : 0;
    case GF_ACT_LEAKY_RELU: return x > 0 ? x : alpha * x;
    case GF_ACT_GELU: return 0.5 * x * (1.0 + erf(x / sqrt(2.0)));
    case GF_ACT_SILU: return x / (1.0 + exp(-x));
    default: return NAN;
    }
}

/* The loss at params (double), layer by layer over the batch (batchnorm
 * needs the whole batch), recording which side of 0 each hidden
 * pre-activation is on. */
static double reference_loss(const struct problem *p, const double *params, bool *kinks)
{
    const struct gf_mlp *net = &p->net;
    double h[BATCH][WIDTH + N_IN], z[BATCH][WIDTH], logits[BATCH * 3];
    int n_kinks = 0;
    for (int r = 0; r < BATCH; r++)
        for (int i = 0; i < N_IN; i++)
            h[r][i] = p->x[r * N_IN + i];
    for (int l = 0; l < net->n_layers; l++) {
        int in = net->size[l], out = net->size[l + 1];
        const double *W = params + net->w_off[l], *b = params + net->b_off[l];
        for (int r = 0; r < BATCH; r++)
            for (int o = 0; o < out; o++) {
                z[r][o] = b[o];
                for (int i = 0; i < in; i++)
                    z[r][o] += W[o * in + i] * h[r][i];
            }
        if (l + 1 == net->n_layers) {
            for (int r = 0; r < BATCH; r++)
                for (int o = 0; o < out; o++)
                    logits[r * out + o] = z[r][o];
            break;
        }
        if (gf_mlp_has_bn(net, l)) {   /* BatchNorm1d in training mode: batch mean, biased variance */
            const double *gamma = params + net->gamma_off[l], *beta = gamma + out;
            for (int o = 0; o < out; o++) {
                double m = 0, v = 0;
                for (int r = 0; r < BATCH; r++)
                    m += z[r][o] / BATCH;
                for (int r = 0; r < BATCH; r++)
                    v += (z[r][o] - m) * (z[r][o] - m) / BATCH;
                for (int r = 0; r < BATCH; r++)
                    z[r][o] = gamma[o] * (z[r][o] - m) / sqrt(v + 1e-5) + beta[o];
            }
        }
        bool skip = gf_mlp_has_skip(net, l);
        for (int r = 0; r < BATCH; r++)
            for (int o = 0; o < out; o++) {
                kinks[n_kinks++] = z[r][o] > 0;
                h[r][o] = (skip ? h[r][o] : 0.0) + act_double(net->act, net->alpha, z[r][o]);
            }
    }
    int K = gf_mlp_n_out(net);
    double total = 0.0;
    for (int r = 0; r < BATCH; r++) {
        const double *zr = logits + r * K;
        int t = (int)p->y[r];
        switch (p->head) {
        case GF_HEAD_BCE: {
            double prob = 1.0 / (1.0 + exp(-zr[0]));
            total -= p->y[r] * log(prob) + (1 - p->y[r]) * log(1 - prob);
            break;
        }
        case GF_HEAD_MSE:
            for (int k = 0; k < K; k++)
                total += (zr[k] - p->y[r * K + k]) * (zr[k] - p->y[r * K + k]) / K;
            break;
        case GF_HEAD_CE: {
            double sum = 0;
            for (int k = 0; k < K; k++)
                sum += exp(zr[k]);
            total -= zr[t] - log(sum);
            break;
        }
        case GF_HEAD_CE_DOUBLE_SOFTMAX: {
            double sum = 0, s[3], sum2 = 0;
            for (int k = 0; k < K; k++)
                sum += exp(zr[k]);
            for (int k = 0; k < K; k++)
                sum2 += exp(s[k] = exp(zr[k]) / sum);
            total -= s[t] - log(sum2);
            break;
        }
        default:
            break;
        }
    }
    return total / BATCH;
}

/* Every weight and bias: the float network's analytic gradient against a
 * central difference of the double reference. Tolerance: float32 backprop
 * through a few layers, 1e-5 of the largest gradient plus 1e-4 relative. */
static void check_all_gradients(enum gf_act act, enum gf_head head, uint64_t seed, bool residual, bool batchnorm)
{
    struct problem p;
    make_problem(&p, act, head, seed, residual, batchnorm);
    struct gf_mlp *net = &p.net;
    char name[64];
    snprintf(name, sizeof name, "%s%s%s", gf_act_info(act)->id, residual ? "+residual" : "",
             batchnorm ? "+batchnorm" : "");
    const char *hname = gf_head_info(head)->id;

    gf_mlp_forward(net, p.x, BATCH);
    double loss = gf_head_loss(head, gf_mlp_dlogits(net), gf_mlp_logits(net), p.y, BATCH, gf_mlp_n_out(net));
    gf_mlp_zero_grads(net);
    gf_mlp_backward(net);

    static double params[1024];
    assert_true(net->n_params <= 1024);
    for (size_t i = 0; i < net->n_params; i++)
        params[i] = net->params[i];
    bool kinks[BATCH * WIDTH * DEPTH], moved[BATCH * WIDTH * DEPTH];
    assert_close(loss, reference_loss(&p, params, kinks), 1e-6, 1e-6, "%s/%s forward loss", name, hname);
    bool has_kink = act == GF_ACT_RELU || act == GF_ACT_LEAKY_RELU;

    double largest = 0.0;
    for (size_t i = 0; i < net->n_params; i++)
        largest = fmax(largest, fabs(net->grads[i]));
    /* Guard: an all-zero (or vanishing) gradient cannot pass. */
    assert_true(largest > 1e-3);

    int skipped = 0;
    for (size_t i = 0; i < net->n_params; i++) {
        const double h = 1e-5;
        double saved = params[i];
        params[i] = saved + h;
        double lu = reference_loss(&p, params, moved);
        bool crossed = has_kink && memcmp(moved, kinks, sizeof kinks) != 0;
        params[i] = saved - h;
        double ld = reference_loss(&p, params, moved);
        crossed = crossed || (has_kink && memcmp(moved, kinks, sizeof kinks) != 0);
        params[i] = saved;
        if (crossed) {   /* the difference straddles a kink: it measures no derivative */
            skipped++;
            continue;
        }
        assert_close(net->grads[i], (lu - ld) / (2 * h), 1e-5 * largest, 1e-4, "%s/%s param %zu", name, hname, i);
    }
    assert_true(skipped * 20 < (int)net->n_params);
    gf_mlp_destroy(net);
}

static void test_gradients_every_activation_and_head(void **state)
{
    (void)state;
    for (int a = 0; a < GF_ACT_COUNT; a++)
        for (int h = 0; h < GF_HEAD_COUNT; h++)
            for (uint64_t seed = 1; seed <= 2; seed++)
                check_all_gradients((enum gf_act)a, (enum gf_head)h, seed, false, false);
}

/* The remedies: skip connections, batch normalization, and both, for every activation. */
static void test_gradients_with_remedies(void **state)
{
    (void)state;
    for (int a = 0; a < GF_ACT_COUNT; a++)
        for (int h = 0; h < GF_HEAD_COUNT; h++) {
            check_all_gradients((enum gf_act)a, (enum gf_head)h, 3, true, false);
            check_all_gradients((enum gf_act)a, (enum gf_head)h, 4, false, true);
            check_all_gradients((enum gf_act)a, (enum gf_head)h, 5, true, true);
        }
}

/* BatchNorm1d's forward on numbers worked by hand, and its running statistics. */
static void test_batchnorm_forward_by_hand(void **state)
{
    (void)state;
    struct gf_mlp net;
    struct gf_mlp_params mp = {.n_in = 1, .n_out = 1, .depth = 1, .width = 1, .max_batch = 4,
                               .act = GF_ACT_LINEAR, .batchnorm = true};
    assert_true(gf_mlp_init(&net, &mp));
    gf_mlp_W(&net, 0)[0] = 2.0f;
    gf_mlp_b(&net, 0)[0] = 1.0f;
    gf_mlp_gamma(&net, 0)[0] = 3.0f;
    gf_mlp_beta(&net, 0)[0] = 0.5f;
    gf_mlp_W(&net, 1)[0] = 1.0f;
    /* lin = 2x + 1 = {1, 3, 5, 7}: mean 4, biased variance 5 */
    float x[4] = {0, 1, 2, 3};
    gf_mlp_forward(&net, x, 4);
    const float *z = net.z + net.z_off[0];
    for (int r = 0; r < 4; r++) {
        double want = 3.0 * ((2.0 * r + 1.0) - 4.0) / sqrt(5.0 + 1e-5) + 0.5;
        assert_close(z[r], want, 1e-6, 1e-6, "batchnorm output %d", r);
    }
    /* running: mean 0.9*0 + 0.1*4, variance 0.9*1 + 0.1 * 5 * 4/3 (unbiased) */
    gf_mlp_update_running(&net);
    assert_close(gf_mlp_running_mean(&net, 0)[0], 0.4, 1e-7, 0, "running mean");
    assert_close(gf_mlp_running_var(&net, 0)[0], 0.9 + 0.1 * 5.0 * 4.0 / 3.0, 1e-6, 0, "running var");
    /* inference uses them: (lin - 0.4) / sqrt(var + eps) */
    float one[1] = {3};
    gf_mlp_infer(&net, one, 1);
    double rv = 0.9 + 0.1 * 5.0 * 4.0 / 3.0;
    assert_close(gf_mlp_logits(&net)[0], 3.0 * (7.0 - 0.4) / sqrt(rv + 1e-5) + 0.5, 1e-5, 1e-6, "inference");
    gf_mlp_destroy(&net);
}

/* The lesson's point 3: stacked linear layers are one linear layer. */
static void test_linear_layers_collapse(void **state)
{
    (void)state;
    struct gf_mlp net;
    struct gf_mlp_params mp = {.n_in = 2, .n_out = 3, .depth = 6, .width = 16, .max_batch = 8, .act = GF_ACT_LINEAR};
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

    /* Batchnorm in inference is affine too, with and without skips: still one W_eff x + b_eff. */
    for (int residual = 0; residual < 2; residual++) {
        struct gf_mlp_params bp = mp;
        bp.batchnorm = true;
        bp.residual = residual == 1;
        assert_true(gf_mlp_init(&net, &bp));
        gf_rng_seed(&rng, 7, 1);
        gf_init_apply(&net, GF_INIT_CLASSIC, &rng);
        for (int l = 0; l + 1 < net.n_layers; l++)   /* statistics and scales far from 0 and 1 */
            for (int j = 0; j < net.size[l + 1]; j++) {
                gf_mlp_gamma(&net, l)[j] = gf_rng_range(&rng, 0.5f, 2.0f);
                gf_mlp_beta(&net, l)[j] = gf_rng_range(&rng, -1.0f, 1.0f);
                gf_mlp_running_mean(&net, l)[j] = gf_rng_range(&rng, -1.0f, 1.0f);
                gf_mlp_running_var(&net, l)[j] = gf_rng_range(&rng, 0.2f, 3.0f);
            }
        assert_true(gf_mlp_effective_linear(&net, W_eff, b_eff));
        gf_mlp_infer(&net, x, 8);
        out = gf_mlp_logits(&net);
        for (int r = 0; r < 8; r++)
            for (int o = 0; o < 3; o++) {
                double want = W_eff[o * 2] * x[r * 2] + W_eff[o * 2 + 1] * x[r * 2 + 1] + b_eff[o];
                assert_close(out[r * 3 + o], want, 1e-5, 1e-4, "batchnorm%s: net(x)[%d][%d] vs W_eff x + b_eff",
                             residual ? " + residual" : "", r, o);
            }
        gf_mlp_destroy(&net);
    }
}

/* The three products (z = h W^T + b, dh = dz W, dW = dz^T h) against their
 * definitions in double, at widths and batches that exercise every way the
 * kernel cuts a matrix: panels of 16 and 8 columns (vector blocks of 8 rows
 * on AVX machines, plain blocks of 4 rows elsewhere) and single columns,
 * leftover blocks of 4 rows and single rows, and the forward pass's 8 x 8
 * transpose tiles, on square and on oblong weights (11 outputs), with the
 * edges left over. A linear net, so each layer's dz is the dh of the layer
 * above. A second backward pass checks that gradients add up (C = C + A B). */
static void test_products_at_every_cut(void **state)
{
    (void)state;
    static const int widths[] = {1, 7, 8, 13, 16, 21, 40, 57}, batches[] = {1, 5, 9};
    enum { MAXW = 57, MAXB = 9, N_OUT = 11 };
    for (size_t wi = 0; wi < sizeof widths / sizeof widths[0]; wi++)
        for (size_t bi = 0; bi < sizeof batches / sizeof batches[0]; bi++) {
            int W = widths[wi], B = batches[bi];
            struct gf_mlp net;
            struct gf_mlp_params mp = {.n_in = 2, .n_out = N_OUT, .depth = 2, .width = W, .max_batch = B,
                                       .act = GF_ACT_LINEAR};
            assert_true(gf_mlp_init(&net, &mp));
            struct gf_rng rng;
            gf_rng_seed(&rng, (uint64_t)(W * 100 + B), 3);
            gf_init_apply(&net, GF_INIT_CLASSIC, &rng);
            float x[MAXB * 2];
            for (int i = 0; i < B * 2; i++)
                x[i] = gf_rng_range(&rng, -1, 1);
            gf_mlp_forward(&net, x, B);

            /* forward in double: h[l] is layer l's input */
            static double h[4][MAXB * MAXW];
            for (int i = 0; i < B * 2; i++)
                h[0][i] = x[i];
            for (int l = 0; l < net.n_layers; l++) {
                int in = net.size[l], out = net.size[l + 1];
                for (int r = 0; r < B; r++)
                    for (int o = 0; o < out; o++) {
                        double z = gf_mlp_b(&net, l)[o];
                        for (int i = 0; i < in; i++)
                            z += (double)gf_mlp_W(&net, l)[o * in + i] * h[l][r * in + i];
                        h[l + 1][r * out + o] = z;
                    }
            }
            for (int k = 0; k < B * N_OUT; k++)
                assert_close(gf_mlp_logits(&net)[k], h[net.n_layers][k], 1e-5, 1e-5, "w%d b%d logit %d", W, B, k);

            /* backward from chosen d loss / d logits */
            float *dlogits = gf_mlp_dlogits(&net);
            static double dz[MAXB * MAXW], dh[MAXB * MAXW];
            for (int k = 0; k < B * N_OUT; k++)
                dz[k] = dlogits[k] = gf_rng_range(&rng, -1, 1);
            gf_mlp_zero_grads(&net);
            gf_mlp_backward(&net);
            for (int l = net.n_layers - 1; l >= 0; l--) {
                int in = net.size[l], out = net.size[l + 1];
                for (int o = 0; o < out; o++) {
                    double db = 0.0;
                    for (int r = 0; r < B; r++)
                        db += dz[r * out + o];
                    assert_close(gf_mlp_db(&net, l)[o], db, 1e-5, 1e-5, "w%d b%d layer %d db[%d]", W, B, l, o);
                    for (int i = 0; i < in; i++) {
                        double dw = 0.0;
                        for (int r = 0; r < B; r++)
                            dw += dz[r * out + o] * h[l][r * in + i];
                        assert_close(gf_mlp_dW(&net, l)[o * in + i], dw, 1e-5, 1e-5, "w%d b%d layer %d dW[%d][%d]", W,
                                     B, l, o, i);
                    }
                }
                for (int r = 0; r < B; r++)
                    for (int i = 0; i < in; i++) {
                        double g = 0.0;
                        for (int o = 0; o < out; o++)
                            g += dz[r * out + o] * gf_mlp_W(&net, l)[o * in + i];
                        dh[r * in + i] = g;
                    }
                memcpy(dz, dh, (size_t)B * in * sizeof *dz);
            }

            /* without zeroing, a second pass adds the same gradients again */
            static float first[GF_MAX_WIDTH * GF_MAX_WIDTH + 4 * GF_MAX_WIDTH];
            assert_true(net.n_params <= sizeof first / sizeof first[0]);
            memcpy(first, net.grads, net.n_params * sizeof *first);
            gf_mlp_backward(&net);
            for (size_t k = 0; k < net.n_params; k++)
                assert_close(net.grads[k], 2.0 * first[k], 1e-6, 1e-6, "w%d b%d gradient %zu twice", W, B, k);
            gf_mlp_destroy(&net);
        }
}

static void test_shapes_and_layout(void **state)
{
    (void)state;
    struct gf_mlp net;
    struct gf_mlp_params mp = {.n_in = 2, .n_out = 1, .depth = 3, .width = 4, .max_batch = 10, .act = GF_ACT_RELU};
    assert_true(gf_mlp_init(&net, &mp));
    assert_int_equal(net.n_layers, 4);
    /* (4x2 + 4) + (4x4 + 4) * 2 + (1x4 + 1) */
    assert_int_equal(net.n_params, 12 + 20 + 20 + 5);
    assert_int_equal(net.b_off[0], 8);
    assert_int_equal(net.w_off[1], 12);
    assert_int_equal(net.w_off[3], 52);
    gf_mlp_destroy(&net);

    struct gf_mlp_params bad[] = {
        {2, 1, 0, 4, 10, GF_ACT_RELU, 0, false, false}, {2, 1, 65, 4, 10, GF_ACT_RELU, 0, false, false},
        {2, 1, 3, 0, 10, GF_ACT_RELU, 0, false, false}, {2, 1, 3, 257, 10, GF_ACT_RELU, 0, false, false},
        {3, 1, 3, 4, 10, GF_ACT_RELU, 0, false, false}, {2, 0, 3, 4, 10, GF_ACT_RELU, 0, false, false},
        {2, 1, 3, 4, 0, GF_ACT_RELU, 0, false, false},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(gf_mlp_init(&net, &bad[i]));

    /* The largest network allowed builds. */
    struct gf_mlp_params big = {.n_in = 2, .n_out = 4, .depth = 64, .width = 256, .max_batch = 512,
                                .act = GF_ACT_SIGMOID, .residual = true, .batchnorm = true};
    assert_true(gf_mlp_init(&net, &big));
    gf_mlp_destroy(&net);
}

/* A step's backward pass writes the weights' gradients without clearing
 * them first: the same bits as clearing every gradient and accumulating,
 * whatever the memory held (NaN here), with skips and batch norm on. */
static void test_fresh_backward_is_zero_then_accumulate(void **state)
{
    (void)state;
    for (int variant = 0; variant < 4; variant++) {
        struct problem a, b;
        make_problem(&a, GF_ACT_TANH, GF_HEAD_CE, 5, variant & 1, variant & 2);
        make_problem(&b, GF_ACT_TANH, GF_HEAD_CE, 5, variant & 1, variant & 2);
        for (int k = 0; k < 2; k++) {
            struct problem *p = k ? &b : &a;
            gf_mlp_forward(&p->net, p->x, BATCH);
            gf_head_loss(p->head, gf_mlp_dlogits(&p->net), gf_mlp_logits(&p->net), p->y, BATCH, gf_mlp_n_out(&p->net));
        }
        gf_mlp_zero_grads(&a.net);
        gf_mlp_backward(&a.net);
        for (size_t i = 0; i < b.net.n_params; i++)
            b.net.grads[i] = NAN;
        gf_mlp_backward_fresh(&b.net, NULL);
        assert_int_equal(a.net.n_params, b.net.n_params);
        assert_memory_equal(a.net.grads, b.net.grads, a.net.n_params * sizeof *a.net.grads);
        gf_mlp_destroy(&a.net);
        gf_mlp_destroy(&b.net);
    }
}

/* A decision map's inference, a layer of every row at a time (more rows
 * than the network's batch), gives gf_mlp_infer's bits row for row, with
 * batch norm's running statistics and skips on. */
static void test_layer_at_a_time_inference_matches(void **state)
{
    (void)state;
    enum { ROWS = 3 * BATCH + 1 };
    for (int variant = 0; variant < 4; variant++) {
        struct problem p;
        make_problem(&p, GF_ACT_TANH, GF_HEAD_CE, 9, variant & 1, variant & 2);
        struct gf_mlp *net = &p.net;
        static float x[ROWS * N_IN], a[ROWS * 64], b[ROWS * 64], z[ROWS * 64];
        assert_true(WIDTH <= 64 && N_IN <= 64);
        struct gf_rng rng;
        gf_rng_seed(&rng, 4, 1);
        for (int i = 0; i < ROWS * N_IN; i++)
            x[i] = a[i] = gf_rng_range(&rng, -2, 2);
        if (variant & 2)   /* running statistics away from 0 and 1 */
            for (int l = 0; l + 1 < net->n_layers; l++)
                for (int j = 0; j < net->size[l + 1]; j++) {
                    gf_mlp_running_mean(net, l)[j] = gf_rng_range(&rng, -0.5f, 0.5f);
                    gf_mlp_running_var(net, l)[j] = gf_rng_range(&rng, 0.5f, 2.0f);
                }
        float *in = a, *out = b;
        for (int l = 0; l < net->n_layers; l++) {
            gf_mlp_infer_layer(net, l, in, z, out, ROWS);
            float *t = in;
            in = out;
            out = t;
        }
        int K = gf_mlp_n_out(net);
        for (int start = 0; start < ROWS; start += BATCH) {
            int n = ROWS - start < BATCH ? ROWS - start : BATCH;
            gf_mlp_infer(net, x + (size_t)start * N_IN, n);
            if (memcmp(gf_mlp_logits(net), in + (size_t)start * K, (size_t)n * K * sizeof(float)) != 0)
                fail_msg("variant %d: rows from %d differ from gf_mlp_infer's", variant, start);
        }
        gf_mlp_destroy(net);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gradients_every_activation_and_head),
        cmocka_unit_test(test_gradients_with_remedies),
        cmocka_unit_test(test_batchnorm_forward_by_hand),
        cmocka_unit_test(test_linear_layers_collapse),
        cmocka_unit_test(test_products_at_every_cut),
        cmocka_unit_test(test_shapes_and_layout),
        cmocka_unit_test(test_fresh_backward_is_zero_then_accumulate),
        cmocka_unit_test(test_layer_at_a_time_inference_matches),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
