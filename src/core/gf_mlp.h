/* gf_mlp.h - a fully connected network: forward and backward over a minibatch.
 *
 * Layout follows torch.nn.Linear: weight layer l maps size[l] inputs to
 * size[l+1] outputs with W[l] of shape (out, in), row-major, then b[l] (out).
 * All weights and biases sit in one float block (params), in layer order,
 * W before b; the gradients (grads) and any optimizer state use the same
 * layout, so an optimizer is one flat loop. Every buffer is allocated once
 * in gf_mlp_init for max_batch rows: no allocation per step.
 *
 * Hidden layers apply the activation; the last weight layer produces the
 * logits, which the output head (gf_head) turns into a loss.
 */
#ifndef GF_MLP_H
#define GF_MLP_H

#include <stdbool.h>
#include <stddef.h>

#include "gf_act.h"

#define GF_MAX_INPUTS 2                   /* 2-D datasets, or 1-D for regression */
#define GF_MAX_HIDDEN 64                  /* hidden layers */
#define GF_MAX_WIDTH 256                  /* units per hidden layer */
#define GF_MAX_LAYERS (GF_MAX_HIDDEN + 1) /* weight layers */

struct gf_mlp_params {
    int n_in;        /* inputs, 1..GF_MAX_INPUTS */
    int n_out;       /* outputs (logits), >= 1 */
    int depth;       /* hidden layers, 1..GF_MAX_HIDDEN */
    int width;       /* units per hidden layer, 1..GF_MAX_WIDTH */
    int max_batch;   /* most rows a forward pass will see */
    enum gf_act act; /* hidden activation */
    float alpha;     /* leaky slope for leaky_relu */
};

struct gf_mlp {
    enum gf_act act;
    float alpha;
    int n_layers;                      /* weight layers: depth + 1 */
    int size[GF_MAX_LAYERS + 1];       /* size[0] inputs ... size[n_layers] outputs */
    int max_batch;
    int batch;                         /* rows of the last forward pass */

    size_t n_params;
    size_t w_off[GF_MAX_LAYERS];       /* W[l] at params + w_off[l]: (size[l+1], size[l]) */
    size_t b_off[GF_MAX_LAYERS];       /* b[l] at params + b_off[l]: (size[l+1]) */
    float *params;                     /* (n_params) */
    float *grads;                      /* (n_params), same layout */

    size_t h_off[GF_MAX_LAYERS];       /* input of layer l at h + h_off[l]: (batch, size[l]) */
    size_t z_off[GF_MAX_LAYERS];       /* pre-activation of layer l: (batch, size[l+1]) */
    float *h;                          /* layer inputs; h of layer 0 is a copy of x */
    float *z;                          /* pre-activations; the last layer's are the logits */
    float *dz;                         /* d loss / d z, same layout as z */
    float *dh;                         /* scratch: d loss / d h of one layer, (max_batch, max size) */
};

/* Allocates a network of the given shape, weights all zero (see gf_init).
 * Returns false on a bad shape or out of memory; net is then safe to destroy. */
bool gf_mlp_init(struct gf_mlp *net, const struct gf_mlp_params *p);
void gf_mlp_destroy(struct gf_mlp *net);

/* Allocates dst with src's shape and activation for max_batch rows and
 * copies src's parameters. Returns false when out of memory. */
bool gf_mlp_init_copy(struct gf_mlp *dst, const struct gf_mlp *src, int max_batch);

/* Copies the parameters of src into dst, which has the same shape. */
void gf_mlp_copy_params(struct gf_mlp *dst, const struct gf_mlp *src);

/* Multiply-adds of one example's forward pass (the cost unit of inference). */
long gf_mlp_macs(const struct gf_mlp *net);

static inline float *gf_mlp_W(const struct gf_mlp *net, int l) { return net->params + net->w_off[l]; }
static inline float *gf_mlp_b(const struct gf_mlp *net, int l) { return net->params + net->b_off[l]; }
static inline float *gf_mlp_dW(const struct gf_mlp *net, int l) { return net->grads + net->w_off[l]; }
static inline float *gf_mlp_db(const struct gf_mlp *net, int l) { return net->grads + net->b_off[l]; }
static inline int gf_mlp_n_in(const struct gf_mlp *net) { return net->size[0]; }
static inline int gf_mlp_n_out(const struct gf_mlp *net) { return net->size[net->n_layers]; }

/* Runs B <= max_batch examples x: (B, n_in) through the network. */
void gf_mlp_forward(struct gf_mlp *net, const float *x, int B);

/* The logits of the last forward pass: (batch, n_out). */
float *gf_mlp_logits(const struct gf_mlp *net);

/* Where the head writes d loss / d logits before gf_mlp_backward: (batch, n_out). */
float *gf_mlp_dlogits(const struct gf_mlp *net);

/* Sets every gradient to zero. */
void gf_mlp_zero_grads(struct gf_mlp *net);

/* Back-propagates gf_mlp_dlogits() through the last forward pass,
 * accumulating (+=) into grads and filling dz for every layer. */
void gf_mlp_backward(struct gf_mlp *net);

/* For a linear activation, the single affine map the whole network equals:
 * net(x) = W_eff x + b_eff, W_eff = W[L]...W[1]W[0] (the lesson's W×W×W = k).
 * W_eff: (n_out, n_in), b_eff: (n_out), computed in double.
 * Returns false when the activation is not linear. */
bool gf_mlp_effective_linear(const struct gf_mlp *net, double *W_eff, double *b_eff);

#endif
