/* gf_mlp.c - forward and backward passes. */
#include "gf_mlp.h"

#include <stdlib.h>
#include <string.h>

bool gf_mlp_init(struct gf_mlp *net, const struct gf_mlp_params *p)
{
    memset(net, 0, sizeof *net);
    if (p->n_in < 1 || p->n_in > GF_MAX_INPUTS || p->n_out < 1 || p->n_out > GF_MAX_WIDTH || p->depth < 1 ||
        p->depth > GF_MAX_HIDDEN || p->width < 1 || p->width > GF_MAX_WIDTH || p->max_batch < 1)
        return false;

    net->act = p->act;
    net->alpha = p->alpha;
    net->n_layers = p->depth + 1;
    net->max_batch = p->max_batch;
    net->size[0] = p->n_in;
    for (int l = 1; l < net->n_layers; l++)
        net->size[l] = p->width;
    net->size[net->n_layers] = p->n_out;

    size_t params = 0, hs = 0, zs = 0;
    int widest = 0;
    for (int l = 0; l < net->n_layers; l++) {
        int in = net->size[l], out = net->size[l + 1];
        net->w_off[l] = params;
        params += (size_t)out * in;
        net->b_off[l] = params;
        params += (size_t)out;
        net->h_off[l] = hs;
        hs += (size_t)p->max_batch * in;
        net->z_off[l] = zs;
        zs += (size_t)p->max_batch * out;
        if (in > widest)
            widest = in;
    }
    net->n_params = params;
    net->params = calloc(params, sizeof *net->params);
    net->grads = calloc(params, sizeof *net->grads);
    net->h = calloc(hs, sizeof *net->h);
    net->z = calloc(zs, sizeof *net->z);
    net->dz = calloc(zs, sizeof *net->dz);
    net->dh = calloc((size_t)p->max_batch * widest, sizeof *net->dh);
    if (!net->params || !net->grads || !net->h || !net->z || !net->dz || !net->dh) {
        gf_mlp_destroy(net);
        return false;
    }
    return true;
}

void gf_mlp_destroy(struct gf_mlp *net)
{
    free(net->params);
    free(net->grads);
    free(net->h);
    free(net->z);
    free(net->dz);
    free(net->dh);
    memset(net, 0, sizeof *net);
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
    };
    if (!gf_mlp_init(dst, &p))
        return false;
    gf_mlp_copy_params(dst, src);
    return true;
}

void gf_mlp_copy_params(struct gf_mlp *dst, const struct gf_mlp *src)
{
    memcpy(dst->params, src->params, src->n_params * sizeof *src->params);
}

long gf_mlp_macs(const struct gf_mlp *net)
{
    long macs = 0;
    for (int l = 0; l < net->n_layers; l++)
        macs += (long)net->size[l] * net->size[l + 1];
    return macs;
}

float *gf_mlp_logits(const struct gf_mlp *net)
{
    return net->z + net->z_off[net->n_layers - 1];
}

float *gf_mlp_dlogits(const struct gf_mlp *net)
{
    return net->dz + net->z_off[net->n_layers - 1];
}

void gf_mlp_zero_grads(struct gf_mlp *net)
{
    memset(net->grads, 0, net->n_params * sizeof *net->grads);
}

/* z = h W^T + b.  z: (B, out), h: (B, in), W: (out, in), b: (out) */
static void linear_forward(float *z, const float *h, const float *W, const float *b,
                           int B, int in, int out)
{
    for (int r = 0; r < B; r++) {
        const float *hr = h + (size_t)r * in;
        float *zr = z + (size_t)r * out;
        for (int o = 0; o < out; o++) {
            const float *wo = W + (size_t)o * in;
            float s = b[o];
            for (int i = 0; i < in; i++)
                s += wo[i] * hr[i];
            zr[o] = s;
        }
    }
}

/* dW += dz^T h, db += sum over rows of dz, and (when dh is not NULL) dh = dz W.
 * dW: (out, in), db: (out), dh: (B, in), dz: (B, out), h: (B, in), W: (out, in) */
static void linear_backward(float *dW, float *db, float *dh, const float *dz, const float *h,
                            const float *W, int B, int in, int out)
{
    for (int r = 0; r < B; r++) {
        const float *dzr = dz + (size_t)r * out;
        const float *hr = h + (size_t)r * in;
        for (int o = 0; o < out; o++) {
            float d = dzr[o];
            float *dwo = dW + (size_t)o * in;
            db[o] += d;
            for (int i = 0; i < in; i++)
                dwo[i] += d * hr[i];
        }
    }
    if (!dh)
        return;
    for (int r = 0; r < B; r++) {
        const float *dzr = dz + (size_t)r * out;
        float *dhr = dh + (size_t)r * in;
        memset(dhr, 0, (size_t)in * sizeof *dhr);
        for (int o = 0; o < out; o++) {
            float d = dzr[o];
            const float *wo = W + (size_t)o * in;
            for (int i = 0; i < in; i++)
                dhr[i] += d * wo[i];
        }
    }
}

void gf_mlp_forward(struct gf_mlp *net, const float *x, int B)
{
    net->batch = B;
    memcpy(net->h + net->h_off[0], x, (size_t)B * net->size[0] * sizeof *x);
    for (int l = 0; l < net->n_layers; l++) {
        int in = net->size[l], out = net->size[l + 1];
        float *z = net->z + net->z_off[l];
        linear_forward(z, net->h + net->h_off[l], gf_mlp_W(net, l), gf_mlp_b(net, l), B, in, out);
        if (l + 1 < net->n_layers)
            gf_act_forward(net->act, net->alpha, net->h + net->h_off[l + 1], z, B * out);
    }
}

void gf_mlp_backward(struct gf_mlp *net)
{
    int B = net->batch;
    for (int l = net->n_layers - 1; l >= 0; l--) {
        int in = net->size[l], out = net->size[l + 1];
        float *dh = l > 0 ? net->dh : NULL;   /* the input layer needs no d loss / d x */
        linear_backward(gf_mlp_dW(net, l), gf_mlp_db(net, l), dh, net->dz + net->z_off[l],
                        net->h + net->h_off[l], gf_mlp_W(net, l), B, in, out);
        if (l > 0)
            gf_act_backward(net->act, net->alpha, net->dz + net->z_off[l - 1], dh,
                            net->z + net->z_off[l - 1], net->h + net->h_off[l], B * in);
    }
}

bool gf_mlp_effective_linear(const struct gf_mlp *net, double *W_eff, double *b_eff)
{
    if (net->act != GF_ACT_LINEAR)
        return false;
    /* Carry (M, c) with net_so_far(x) = M x + c through the layers:
     * M <- W M, c <- W c + b, starting from the identity. */
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
        const float *W = gf_mlp_W(net, l), *b = gf_mlp_b(net, l);
        for (int o = 0; o < out; o++) {
            const float *wo = W + (size_t)o * in;
            double co = b[o];
            for (int k = 0; k < in; k++)
                co += (double)wo[k] * c[k];
            c2[o] = co;
            for (int i = 0; i < n_in; i++) {
                double m = 0.0;
                for (int k = 0; k < in; k++)
                    m += (double)wo[k] * M[k * n_in + i];
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
