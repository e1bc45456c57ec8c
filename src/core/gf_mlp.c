/* gf_mlp.c - forward and backward passes, with optional skip connections
 * and batch normalization. */
#include "gf_mlp.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gf_gemm.h"

_Static_assert(GF_MAX_WIDTH <= GF_GEMM_MAX_ROW, "dh rows start from gf_gemm's zero row");
/* const in, const out (gf_mlp.h) */
_Static_assert(_Generic(gf_mlp_W((const struct gf_mlp *)NULL, 0), const float *: 1, default: 0), "const view");
_Static_assert(_Generic(gf_mlp_W((struct gf_mlp *)NULL, 0), float *: 1, default: 0), "writable view");

bool gf_mlp_init(struct gf_mlp *net, const struct gf_mlp_params *p)
{
    memset(net, 0, sizeof *net);
    if (p->n_in < 1 || p->n_in > GF_MAX_INPUTS || p->n_out < 1 || p->n_out > GF_MAX_WIDTH || p->depth < 1 ||
        p->depth > GF_MAX_HIDDEN || p->width < 1 || p->width > GF_MAX_WIDTH || p->max_batch < 1)
        return false;

    net->act = p->act;
    net->alpha = p->alpha;
    net->residual = p->residual;
    net->batchnorm = p->batchnorm;
    net->n_layers = p->depth + 1;
    net->max_batch = p->max_batch;
    net->size[0] = p->n_in;
    for (int l = 1; l < net->n_layers; l++)
        net->size[l] = p->width;
    net->size[net->n_layers] = p->n_out;

    size_t params = 0, hs = 0, zs = 0, units = 0, largest_w = 0;
    int widest = 0;
    for (int l = 0; l < net->n_layers; l++) {
        int in = net->size[l], out = net->size[l + 1];
        net->w_off[l] = params;
        params += (size_t)out * in;
        if ((size_t)out * in > largest_w)
            largest_w = (size_t)out * in;
        net->b_off[l] = params;
        params += (size_t)out;
        net->gamma_off[l] = params;
        if (gf_mlp_has_bn(net, l))
            params += 2 * (size_t)out;   /* gamma, beta */
        net->end_off[l] = params;
        net->run_off[l] = units;
        units += (size_t)out;
        net->h_off[l] = hs;
        hs += (size_t)p->max_batch * in;
        net->z_off[l] = zs;
        zs += (size_t)p->max_batch * out;
        if (in > widest)
            widest = in;
        if (out > widest)
            widest = out;
    }
    size_t scratch = (size_t)p->max_batch * widest;
    size_t bn_zs = p->batchnorm ? zs : 0, bn_units = p->batchnorm ? units : 0;
    net->n_params = params;
    /* Every buffer, its length in floats: one allocation cut by this table
     * (as llm.c's fill_in_activation_sizes), so a network is one block to
     * allocate and one to free. A buffer of length 0 stays NULL, which is
     * how the batchnorm-only ones say batchnorm is off. Without skip
     * connections a hidden layer's output is the next layer's input: a is
     * then the part of h after the inputs (h_off[l + 1] is h_off[1] +
     * z_off[l]), and the forward pass copies nothing. */
    struct { float **buf; size_t n; } table[] = {
        {&net->params, params},
        {&net->grads, params},
        {&net->h, p->residual ? hs : net->h_off[1] + zs},
        {&net->z, zs},
        {&net->a, p->residual ? zs : 0},
        {&net->dz, zs},
        {&net->slope, zs},
        {&net->dh, scratch},
        {&net->dg, scratch},
        {&net->dlin, bn_zs},
        {&net->wt, largest_w},
        {&net->lin, bn_zs},
        {&net->xhat, bn_zs},
        {&net->running, 2 * bn_units},
        {&net->bn_mean, bn_units},
        {&net->bn_inv_std, bn_units},
        {&net->bn_var, bn_units},
    };
    enum { ALIGN = 16 };   /* floats: every buffer starts on a 64-byte line */
    size_t total = 0;
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        total += (table[i].n + ALIGN - 1) / ALIGN * ALIGN;
    net->block = calloc(total + ALIGN, sizeof *net->block);
    if (!net->block) {
        gf_mlp_destroy(net);
        return false;
    }
    float *next = net->block + (ALIGN - (uintptr_t)net->block / sizeof(float) % ALIGN) % ALIGN;
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        *table[i].buf = table[i].n ? next : NULL;
        next += (table[i].n + ALIGN - 1) / ALIGN * ALIGN;
    }
    if (!p->residual)
        net->a = net->h + net->h_off[1];
    gf_mlp_reset_batchnorm(net);
    return true;
}

void gf_mlp_destroy(struct gf_mlp *net)
{
    free(net->block);
    memset(net, 0, sizeof *net);
}

void gf_mlp_reset_batchnorm(struct gf_mlp *net)
{
    for (int l = 0; l < net->n_layers; l++) {
        if (!gf_mlp_has_bn(net, l))
            continue;
        int n = net->size[l + 1];
        float *gamma = gf_mlp_gamma(net, l), *beta = gf_mlp_beta(net, l);
        float *mean = gf_mlp_running_mean(net, l), *var = gf_mlp_running_var(net, l);
        for (int j = 0; j < n; j++) {
            gamma[j] = 1.0f;
            beta[j] = 0.0f;
            mean[j] = 0.0f;
            var[j] = 1.0f;
        }
    }
}

bool gf_mlp_init_copy(struct gf_mlp *dst, const struct gf_mlp *src, int max_batch)
{
    struct gf_mlp_params p = {
        .n_in = src->size[0],
        .n_out = src->size[src->n_layers],
        .depth = src->n_layers - 1,
        .width = src->size[1],
        .max_batch = max_batch,
        .act = src->act,
        .alpha = src->alpha,
        .residual = src->residual,
        .batchnorm = src->batchnorm,
    };
    if (!gf_mlp_init(dst, &p))
        return false;
    gf_mlp_copy_params(dst, src);
    return true;
}

void gf_mlp_copy_params(struct gf_mlp *dst, const struct gf_mlp *src)
{
    memcpy(dst->params, src->params, src->n_params * sizeof *src->params);
    if (src->running)
        memcpy(dst->running, src->running, 2 * src->run_off[src->n_layers - 1] * sizeof *src->running);
}

/* Rows [0, rows) of every layer's block of a per-layer cache: block l
 * starts at off[l] and has cols(l) columns. */
static void copy_rows(float *dst, const size_t *dst_off, const float *src, const size_t *src_off, const int *size,
                      int first_col, int n_layers, int rows)
{
    for (int l = 0; l < n_layers; l++)
        memcpy(dst + dst_off[l], src + src_off[l], (size_t)rows * size[l + first_col] * sizeof *src);
}

void gf_mlp_copy_state(struct gf_mlp *dst, const struct gf_mlp *src)
{
    gf_mlp_copy_params(dst, src);
    int rows = src->batch < dst->max_batch ? src->batch : dst->max_batch;
    int L = src->n_layers;
    dst->batch = rows;
    /* inputs of layer 0 always; the other layers' inputs are a's blocks unless skips keep them apart */
    copy_rows(dst->h, dst->h_off, src->h, src->h_off, src->size, 0, src->residual ? L : 1, rows);
    copy_rows(dst->z, dst->z_off, src->z, src->z_off, src->size, 1, L, rows);
    copy_rows(dst->a, dst->z_off, src->a, src->z_off, src->size, 1, L, rows);
    copy_rows(dst->dz, dst->z_off, src->dz, src->z_off, src->size, 1, L, rows);
    copy_rows(dst->slope, dst->z_off, src->slope, src->z_off, src->size, 1, L, rows);
    if (src->batchnorm) {
        copy_rows(dst->lin, dst->z_off, src->lin, src->z_off, src->size, 1, L, rows);
        copy_rows(dst->xhat, dst->z_off, src->xhat, src->z_off, src->size, 1, L, rows);
        size_t units = src->run_off[L - 1] + (size_t)src->size[L];
        memcpy(dst->bn_mean, src->bn_mean, units * sizeof *src->bn_mean);
        memcpy(dst->bn_var, src->bn_var, units * sizeof *src->bn_var);
        memcpy(dst->bn_inv_std, src->bn_inv_std, units * sizeof *src->bn_inv_std);
    }
}

long gf_mlp_macs(const struct gf_mlp *net)
{
    long macs = 0;
    for (int l = 0; l < net->n_layers; l++)
        macs += (long)net->size[l] * net->size[l + 1];
    return macs;
}

void gf_mlp_zero_grads(struct gf_mlp *net)
{
    memset(net->grads, 0, net->n_params * sizeof *net->grads);
}

/* The statistics inference normalises hidden layer l with: the running
 * ones, as the floats batchnorm_forward keeps. */
static void running_stats(const struct gf_mlp *net, int l, float *mean, float *var, float *inv_std)
{
    const float *rmean = gf_mlp_running_mean(net, l), *rvar = gf_mlp_running_var(net, l);
    for (int j = 0; j < net->size[l + 1]; j++) {
        double m = rmean[j], v = rvar[j];
        mean[j] = (float)m;
        var[j] = (float)v;
        inv_std[j] = (float)(1.0 / sqrt(v + GF_BN_EPS));
    }
}

/* z = gamma xhat + beta with xhat = (lin - mean) inv_std, rounded to float,
 * for B rows of hidden layer l; xhat is kept unless NULL, and z may be lin. */
static void normalise(const struct gf_mlp *net, int l, const float *lin, float *z, float *xhat, const float *mean,
                      const float *inv_std, int B)
{
    int n = net->size[l + 1];
    const float *gamma = gf_mlp_gamma(net, l), *beta = gf_mlp_beta(net, l);
    for (int r = 0; r < B; r++)
        for (int j = 0; j < n; j++) {
            size_t k = (size_t)r * n + j;
            float x = (lin[k] - mean[j]) * inv_std[j];
            if (xhat)
                xhat[k] = x;
            z[k] = gamma[j] * x + beta[j];
        }
}

/* Batchnorm of hidden layer l from lin into z. Training: the batch's mean
 * and biased variance, kept for backward and the running update; inference:
 * the running statistics. */
static void batchnorm_forward(struct gf_mlp *net, int l, int B, bool training)
{
    int n = net->size[l + 1];
    const float *lin = net->lin + net->z_off[l];
    float *mean = net->bn_mean + net->run_off[l], *inv_std = net->bn_inv_std + net->run_off[l];
    float *var = net->bn_var + net->run_off[l];
    if (!training) {
        running_stats(net, l, mean, var, inv_std);
    } else {
        for (int j = 0; j < n; j++) {
            double sum = 0.0, sq = 0.0;
            for (int r = 0; r < B; r++)
                sum += lin[(size_t)r * n + j];
            double m = sum / B;
            for (int r = 0; r < B; r++) {
                double d = lin[(size_t)r * n + j] - m;
                sq += d * d;
            }
            double v = sq / B;
            mean[j] = (float)m;
            var[j] = (float)v;
            inv_std[j] = (float)(1.0 / sqrt(v + GF_BN_EPS));
        }
    }
    normalise(net, l, lin, net->z + net->z_off[l], net->xhat + net->z_off[l], mean, inv_std, B);
}

/* Hidden layer l's activation of z into a, and the next layer's input:
 * a, plus h through the skip connection. a may be next. */
static void activate(const struct gf_mlp *net, int l, const float *h, const float *z, float *a, float *next, int B)
{
    int out = net->size[l + 1];
    gf_act_forward(net->act, net->alpha, a, z, B * out);
    if (gf_mlp_has_skip(net, l))
        for (size_t k = 0; k < (size_t)B * out; k++)
            next[k] = h[k] + a[k];
    else if (next != a)   /* a residual net's first layer */
        memcpy(next, a, (size_t)B * out * sizeof *next);
}

static void forward(struct gf_mlp *net, const float *x, int B, bool training)
{
    net->batch = B;
    memcpy(net->h + net->h_off[0], x, (size_t)B * net->size[0] * sizeof *x);
    for (int l = 0; l < net->n_layers; l++) {
        int in = net->size[l], out = net->size[l + 1];
        const float *h = net->h + net->h_off[l];
        float *z = net->z + net->z_off[l];
        bool bn = gf_mlp_has_bn(net, l);
        gf_linear_forward(bn ? net->lin + net->z_off[l] : z, h, gf_mlp_W(net, l), gf_mlp_b(net, l), net->wt, B, in,
                       out);
        if (bn)
            batchnorm_forward(net, l, B, training);
        if (l + 1 == net->n_layers)
            break;
        activate(net, l, h, z, net->a + net->z_off[l], net->h + net->h_off[l + 1], B);
    }
}

void gf_mlp_forward(struct gf_mlp *net, const float *x, int B)
{
    forward(net, x, B, true);
}

void gf_mlp_infer(struct gf_mlp *net, const float *x, int B)
{
    forward(net, x, B, false);
}

void gf_mlp_infer_layer(struct gf_mlp *net, int l, const float *h, float *z, float *next, int n)
{
    int in = net->size[l], out = net->size[l + 1];
    bool last = l + 1 == net->n_layers;
    float *lin = last ? next : z;
    gf_linear_forward(lin, h, gf_mlp_W(net, l), gf_mlp_b(net, l), net->wt, n, in, out);
    if (gf_mlp_has_bn(net, l)) {
        float mean[GF_MAX_WIDTH], var[GF_MAX_WIDTH], inv_std[GF_MAX_WIDTH];
        running_stats(net, l, mean, var, inv_std);
        normalise(net, l, lin, lin, NULL, mean, inv_std, n);
    }
    if (!last)
        activate(net, l, h, z, next, next, n);
}

bool gf_mlp_fit_running(struct gf_mlp *net, const float *x, int n)
{
    if (!net->batchnorm || n < 1)
        return true;
    int widest = net->size[0];
    for (int l = 1; l <= net->n_layers; l++)
        widest = net->size[l] > widest ? net->size[l] : widest;
    /* the whole dataset one layer at a time: its input h, its output z, the next input */
    float *h = malloc((size_t)n * widest * sizeof *h), *z = malloc((size_t)n * widest * sizeof *z);
    float *next = malloc((size_t)n * widest * sizeof *next);
    if (!h || !z || !next) {
        free(h);
        free(z);
        free(next);
        return false;
    }
    memcpy(h, x, (size_t)n * net->size[0] * sizeof *x);
    for (int l = 0; l + 1 < net->n_layers; l++) {
        int in = net->size[l], out = net->size[l + 1];
        gf_linear_forward(z, h, gf_mlp_W(net, l), gf_mlp_b(net, l), net->wt, n, in, out);
        const float *gamma = gf_mlp_gamma(net, l), *beta = gf_mlp_beta(net, l);
        float *mean = gf_mlp_running_mean(net, l), *var = gf_mlp_running_var(net, l);
        for (int j = 0; j < out; j++) {
            double sum = 0.0, sq = 0.0;
            for (int r = 0; r < n; r++)
                sum += z[(size_t)r * out + j];
            double m = sum / n;
            for (int r = 0; r < n; r++) {
                double d = z[(size_t)r * out + j] - m;
                sq += d * d;
            }
            mean[j] = (float)m;
            var[j] = (float)(sq / n);
            /* normalised as inference will, from the stored statistics */
            float inv_std = (float)(1.0 / sqrt((double)var[j] + GF_BN_EPS));
            for (int r = 0; r < n; r++) {
                size_t k = (size_t)r * out + j;
                z[k] = gamma[j] * ((z[k] - mean[j]) * inv_std) + beta[j];
            }
        }
        gf_act_forward(net->act, net->alpha, next, z, n * out);
        if (gf_mlp_has_skip(net, l))
            for (size_t k = 0; k < (size_t)n * out; k++)
                next[k] += h[k];
        float *t = h;
        h = next;
        next = t;
    }
    free(h);
    free(z);
    free(next);
    return true;
}

void gf_mlp_update_running(struct gf_mlp *net)
{
    int B = net->batch;
    for (int l = 0; l < net->n_layers; l++) {
        if (!gf_mlp_has_bn(net, l))
            continue;
        int n = net->size[l + 1];
        const float *mean = net->bn_mean + net->run_off[l], *var = net->bn_var + net->run_off[l];
        float *rm = gf_mlp_running_mean(net, l), *rv = gf_mlp_running_var(net, l);
        for (int j = 0; j < n; j++) {
            /* torch keeps the unbiased variance in the running estimate */
            double unbiased = B > 1 ? (double)var[j] * B / (B - 1) : var[j];
            rm[j] = (1.0f - GF_BN_MOMENTUM) * rm[j] + GF_BN_MOMENTUM * mean[j];
            rv[j] = (1.0f - GF_BN_MOMENTUM) * rv[j] + GF_BN_MOMENTUM * (float)unbiased;
        }
    }
}

/* From dz (d loss / d batchnorm output) of hidden layer l: dgamma, dbeta,
 * and d loss / d lin into dlin. The standard batchnorm backward:
 * dlin = gamma / std / B * (B dz - sum(dz) - xhat sum(dz xhat)). */
static void batchnorm_backward(struct gf_mlp *net, int l, float *dlin)
{
    int B = net->batch, n = net->size[l + 1];
    const float *dz = net->dz + net->z_off[l], *xhat = net->xhat + net->z_off[l];
    const float *gamma = gf_mlp_gamma(net, l), *inv_std = net->bn_inv_std + net->run_off[l];
    float *dgamma = gf_mlp_dgamma(net, l), *dbeta = gf_mlp_dbeta(net, l);
    for (int j = 0; j < n; j++) {
        double sum_dz = 0.0, sum_dz_xhat = 0.0;
        for (int r = 0; r < B; r++) {
            size_t k = (size_t)r * n + j;
            sum_dz += dz[k];
            sum_dz_xhat += (double)dz[k] * xhat[k];
        }
        dgamma[j] += (float)sum_dz_xhat;
        dbeta[j] += (float)sum_dz;
        double scale = (double)gamma[j] * inv_std[j] / B;
        for (int r = 0; r < B; r++) {
            size_t k = (size_t)r * n + j;
            dlin[k] = (float)(scale * ((double)B * dz[k] - sum_dz - xhat[k] * sum_dz_xhat));
        }
    }
}

static void chain(struct gf_mlp *net);

static void layer_weights(struct gf_mlp *net, int l, bool add);

void gf_mlp_backward(struct gf_mlp *net)
{
    chain(net);
    for (int l = 0; l < net->n_layers; l++)
        layer_weights(net, l, true);
}

void gf_mlp_backward_chain(struct gf_mlp *net)
{
    for (int l = 0; l < net->n_layers; l++)   /* what follows each layer's W: b, and gamma and beta */
        memset(net->grads + net->b_off[l], 0, (net->end_off[l] - net->b_off[l]) * sizeof *net->grads);
    chain(net);
}

void gf_mlp_backward_weights(struct gf_mlp *net, int l)
{
    layer_weights(net, l, false);
}

static void weights_piece(void *arg, int l)
{
    gf_mlp_backward_weights(arg, l);
}

void gf_mlp_backward_fresh(struct gf_mlp *net, const struct gf_parallel *par)
{
    gf_mlp_backward_chain(net);
    gf_parallel_each(par, net->n_layers, weights_piece, net);
}

/* Layer l's d loss / d (W h + b): batchnorm's, or dz itself. */
static const float *dlin_of(const struct gf_mlp *net, int l)
{
    return gf_mlp_has_bn(net, l) ? net->dlin + net->z_off[l] : net->dz + net->z_off[l];
}

static void layer_weights(struct gf_mlp *net, int l, bool add)
{
    gf_linear_backward_weights(gf_mlp_dW(net, l), add, gf_mlp_db(net, l), dlin_of(net, l), net->h + net->h_off[l],
                               net->batch, net->size[l], net->size[l + 1]);
}

/* From the output down to the input: dz, and batchnorm's dlin and its
 * parameters' gradients, of every layer; the weights' gradients, which
 * nothing here waits for, are left to layer_weights. */
static void chain(struct gf_mlp *net)
{
    int B = net->batch;
    /* g: d loss / d h_{l+1}, the output of hidden layer l; g_next is built for h_l */
    float *g = net->dh, *g_next = net->dg;
    for (int l = net->n_layers - 1; l >= 0; l--) {
        int in = net->size[l], out = net->size[l + 1];
        float *dz = net->dz + net->z_off[l];
        if (l + 1 < net->n_layers)   /* the output layer's dz is the head's d loss / d logits */
            gf_act_backward(net->act, net->alpha, dz, net->slope + net->z_off[l], g, net->z + net->z_off[l],
                            net->a + net->z_off[l], B * out);
        if (gf_mlp_has_bn(net, l))
            batchnorm_backward(net, l, net->dlin + net->z_off[l]);
        if (l == 0)
            break;
        gf_linear_backward_input(g_next, dlin_of(net, l), gf_mlp_W(net, l), B, in, out);
        if (gf_mlp_has_skip(net, l))   /* h_{l+1} = h_l + a_l: the skip passes g straight down */
            for (int k = 0; k < B * in; k++)
                g_next[k] += g[k];
        float *t = g;
        g = g_next;
        g_next = t;
    }
}

bool gf_mlp_effective_linear(const struct gf_mlp *net, double *W_eff, double *b_eff)
{
    if (net->act != GF_ACT_LINEAR)
        return false;
    /* Carry (M, c) with net_so_far(x) = M x + c through the layers:
     * M <- W M, c <- W c + b, starting from the identity; a skip
     * connection adds the layer's input back: M <- W M + M, c <- W c + b + c. */
    int n_in = net->size[0];
    double M[GF_MAX_WIDTH * GF_MAX_INPUTS], c[GF_MAX_WIDTH];
    double M2[GF_MAX_WIDTH * GF_MAX_INPUTS], c2[GF_MAX_WIDTH];
    for (int r = 0; r < n_in; r++) {
        c[r] = 0.0;
        for (int i = 0; i < n_in; i++)
            M[r * n_in + i] = r == i ? 1.0 : 0.0;
    }
    for (int l = 0; l < net->n_layers; l++) {
        int in = net->size[l], out = net->size[l + 1];
        bool skip = gf_mlp_has_skip(net, l), bn = gf_mlp_has_bn(net, l);
        const float *W = gf_mlp_W(net, l), *b = gf_mlp_b(net, l);
        for (int o = 0; o < out; o++) {
            const float *wo = W + (size_t)o * in;
            /* batchnorm in inference, z = s (lin - mean) + beta with s = gamma / sqrt(var + eps), its 1 / sqrt
             * rounded to float as batchnorm_forward rounds it; the skip is added after it, as forward adds it */
            double s = 1.0, shift = 0.0;
            if (bn) {
                float inv_std = (float)(1.0 / sqrt((double)gf_mlp_running_var(net, l)[o] + GF_BN_EPS));
                s = (double)gf_mlp_gamma(net, l)[o] * inv_std;
                shift = gf_mlp_beta(net, l)[o] - s * gf_mlp_running_mean(net, l)[o];
            }
            double co = b[o] + (skip && !bn ? c[o] : 0.0);
            for (int k = 0; k < in; k++)
                co += (double)wo[k] * c[k];
            if (bn)
                co = s * co + shift + (skip ? c[o] : 0.0);
            c2[o] = co;
            for (int i = 0; i < n_in; i++) {
                double m = skip && !bn ? M[o * n_in + i] : 0.0;
                for (int k = 0; k < in; k++)
                    m += (double)wo[k] * M[k * n_in + i];
                if (bn)
                    m = s * m + (skip ? M[o * n_in + i] : 0.0);
                M2[o * n_in + i] = m;
            }
        }
        memcpy(M, M2, (size_t)out * n_in * sizeof *M);
        memcpy(c, c2, (size_t)out * sizeof *c);
    }
    int n_out = gf_mlp_n_out(net);
    memcpy(W_eff, M, (size_t)n_out * n_in * sizeof *M);
    memcpy(b_eff, c, (size_t)n_out * sizeof *c);
    return true;
}
