/* gf_mlp.h - a fully connected network: forward and backward over a minibatch.
 *
 * Layout follows torch.nn.Linear: weight layer l maps size[l] inputs to
 * size[l+1] outputs with W[l] of shape (out, in), row-major, then b[l] (out).
 * All weights and biases sit in one float block (params), in layer order,
 * W before b; the gradients (grads) and any optimizer state use the same
 * layout, so the optimizer walks all three with the same offsets (layer by
 * layer only to measure each layer's weight update). Every buffer is cut
 * from one block allocated in gf_mlp_init for max_batch rows: no allocation
 * per step.
 *
 * Hidden layers apply the activation; the last weight layer produces the
 * logits, which the output head (gf_head) turns into a loss.
 *
 * Two remedies for vanishing gradients are built in, each optional:
 *   residual    every hidden layer after the first adds its input back:
 *               h <- h + f(W h + b) (the first maps the inputs and never is)
 *   batchnorm   before each hidden activation, torch.nn.BatchNorm1d: in
 *               training, normalise over the batch (biased variance, eps
 *               1e-5) then scale by gamma and shift by beta; for inference,
 *               use the running statistics (momentum 0.1, unbiased variance).
 * With batchnorm a hidden layer's parameters are W, b, gamma, beta, in that
 * order in the block; b stays (as in torch) though normalising cancels it.
 */
#ifndef GF_MLP_H
#define GF_MLP_H

#include <stdbool.h>
#include <stddef.h>

#include "gf_act.h"
#include "gf_parallel.h"

#define GF_MAX_INPUTS 2                   /* 2-D datasets, or 1-D for regression */
#define GF_MAX_HIDDEN 64                  /* hidden layers */
#define GF_MAX_WIDTH 256                  /* units per hidden layer */
#define GF_MAX_LAYERS (GF_MAX_HIDDEN + 1) /* weight layers */
#define GF_BN_EPS 1e-5f
#define GF_BN_MOMENTUM 0.1f

struct gf_mlp_params {
    int n_in;        /* inputs, 1..GF_MAX_INPUTS */
    int n_out;       /* outputs (logits), >= 1 */
    int depth;       /* hidden layers, 1..GF_MAX_HIDDEN */
    int width;       /* units per hidden layer, 1..GF_MAX_WIDTH */
    int max_batch;   /* most rows a forward pass will see */
    enum gf_act act; /* hidden activation */
    float alpha;     /* leaky slope for leaky_relu */
    bool residual;   /* skip connections around hidden layers 2..depth */
    bool batchnorm;  /* batch normalization before each hidden activation */
};

struct gf_mlp {
    enum gf_act act;
    float alpha;
    bool residual;
    bool batchnorm;
    int n_layers;                      /* weight layers: depth + 1 */
    int size[GF_MAX_LAYERS + 1];       /* size[0] inputs ... size[n_layers] outputs */
    int max_batch;
    int batch;                         /* rows of the last forward pass */

    size_t n_params;
    size_t w_off[GF_MAX_LAYERS];       /* W[l] at params + w_off[l]: (size[l+1], size[l]) */
    size_t b_off[GF_MAX_LAYERS];       /* b[l] at params + b_off[l]: (size[l+1]) */
    size_t gamma_off[GF_MAX_LAYERS];   /* batchnorm scale of hidden layer l: (size[l+1]); beta follows */
    size_t end_off[GF_MAX_LAYERS];     /* one past layer l's parameters */
    float *params;                     /* (n_params) */
    float *grads;                      /* (n_params), same layout */
    float *running;                    /* batchnorm running mean then variance of each hidden layer,
                                          layer l's at running + 2 * run_off[l] (gf_mlp_running_mean) */
    size_t run_off[GF_MAX_LAYERS];     /* first unit of layer l among all layers' units */

    size_t h_off[GF_MAX_LAYERS];       /* input of layer l at h + h_off[l]: (batch, size[l]) */
    size_t z_off[GF_MAX_LAYERS];       /* layer l's activation input: (batch, size[l+1]) */
    float *h;                          /* layer inputs; h of layer 0 is a copy of x */
    float *z;                          /* activation inputs (after batchnorm); the last layer's are the logits */
    float *a;                          /* activation outputs f(z), same layout as z; without residual
                                          connections they are the next layers' inputs, inside h */
    float *lin;                        /* batchnorm only: W h + b before normalising, same layout as z */
    float *xhat;                       /* batchnorm only: the normalised values, same layout as z */
    float *bn_mean, *bn_var;           /* batchnorm only: the batch's statistics, per unit, at run_off */
    float *bn_inv_std;                 /* 1 / sqrt(var + eps) of the last forward pass */
    float *dz;                         /* d loss / d z, same layout as z */
    float *slope;                      /* f'(z) of the last backward pass, same layout as z (hidden layers) */
    float *dh, *dg;                    /* scratch: d loss / d h of two layers, (max_batch, max size) each */
    float *dlin;                       /* scratch: d loss / d (W h + b), (max_batch, max size) */
    float *wt;                         /* scratch: one layer's W transposed, (in, out) of the largest W */
    float *block;                      /* the one allocation every buffer above is cut from */
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

/* Copies into dst, which has src's shape (its max_batch may be smaller),
 * everything a reader of src can see: the parameters, the batchnorm
 * statistics and the values the last forward and backward pass left for
 * their rows (as many as fit in dst). Gradients and scratch are not copied. */
void gf_mlp_copy_state(struct gf_mlp *dst, const struct gf_mlp *src);

/* Multiply-adds of one example's forward pass (the cost unit of inference). */
long gf_mlp_macs(const struct gf_mlp *net);

/* Views into the blocks: const in, const out. Each accessor is a pair, a
 * const one and a writable one, and C11's _Generic picks the pair's member
 * by the network pointer's type, so a const network hands out only
 * read-only views while callers write the one name either way. */
#define GF_MLP_VIEW(name, block, offset)                                                            \
    static inline const float *name##_const(const struct gf_mlp *net, int l) { return net->block + (offset); } \
    static inline float *name##_mut(struct gf_mlp *net, int l) { return net->block + (offset); }
#define GF_MLP_PICK(name, net) _Generic((net), const struct gf_mlp *: name##_const, default: name##_mut)

GF_MLP_VIEW(gf_mlp_W, params, net->w_off[l])
GF_MLP_VIEW(gf_mlp_b, params, net->b_off[l])
GF_MLP_VIEW(gf_mlp_dW, grads, net->w_off[l])
GF_MLP_VIEW(gf_mlp_db, grads, net->b_off[l])
/* Batchnorm parameters and statistics of hidden layer l (l < n_layers - 1, batchnorm on). */
GF_MLP_VIEW(gf_mlp_gamma, params, net->gamma_off[l])
GF_MLP_VIEW(gf_mlp_beta, params, net->gamma_off[l] + net->size[l + 1])
GF_MLP_VIEW(gf_mlp_dgamma, grads, net->gamma_off[l])
GF_MLP_VIEW(gf_mlp_dbeta, grads, net->gamma_off[l] + net->size[l + 1])
GF_MLP_VIEW(gf_mlp_running_mean, running, 2 * net->run_off[l])
GF_MLP_VIEW(gf_mlp_running_var, running, 2 * net->run_off[l] + net->size[l + 1])
/* The logits of the last forward pass: (batch, n_out); and where the head
 * writes d loss / d logits before gf_mlp_backward, the same shape. */
static inline const float *gf_mlp_logits_const(const struct gf_mlp *net) { return net->z + net->z_off[net->n_layers - 1]; }
static inline float *gf_mlp_logits_mut(struct gf_mlp *net) { return net->z + net->z_off[net->n_layers - 1]; }
static inline const float *gf_mlp_dlogits_const(const struct gf_mlp *net) { return net->dz + net->z_off[net->n_layers - 1]; }
static inline float *gf_mlp_dlogits_mut(struct gf_mlp *net) { return net->dz + net->z_off[net->n_layers - 1]; }

#define gf_mlp_W(net, l) GF_MLP_PICK(gf_mlp_W, net)(net, l)
#define gf_mlp_b(net, l) GF_MLP_PICK(gf_mlp_b, net)(net, l)
#define gf_mlp_dW(net, l) GF_MLP_PICK(gf_mlp_dW, net)(net, l)
#define gf_mlp_db(net, l) GF_MLP_PICK(gf_mlp_db, net)(net, l)
#define gf_mlp_gamma(net, l) GF_MLP_PICK(gf_mlp_gamma, net)(net, l)
#define gf_mlp_beta(net, l) GF_MLP_PICK(gf_mlp_beta, net)(net, l)
#define gf_mlp_dgamma(net, l) GF_MLP_PICK(gf_mlp_dgamma, net)(net, l)
#define gf_mlp_dbeta(net, l) GF_MLP_PICK(gf_mlp_dbeta, net)(net, l)
#define gf_mlp_running_mean(net, l) GF_MLP_PICK(gf_mlp_running_mean, net)(net, l)
#define gf_mlp_running_var(net, l) GF_MLP_PICK(gf_mlp_running_var, net)(net, l)
#define gf_mlp_logits(net) GF_MLP_PICK(gf_mlp_logits, net)(net)
#define gf_mlp_dlogits(net) GF_MLP_PICK(gf_mlp_dlogits, net)(net)
/* Is weight layer l followed by batchnorm, or wrapped in a skip connection? */
static inline bool gf_mlp_has_bn(const struct gf_mlp *net, int l) { return net->batchnorm && l + 1 < net->n_layers; }
static inline bool gf_mlp_has_skip(const struct gf_mlp *net, int l) { return net->residual && l >= 1 && l + 1 < net->n_layers; }
static inline int gf_mlp_n_in(const struct gf_mlp *net) { return net->size[0]; }
static inline int gf_mlp_n_out(const struct gf_mlp *net) { return net->size[net->n_layers]; }

/* Runs B <= max_batch examples x: (B, n_in) through the network in
 * training mode (batchnorm uses the batch's statistics; the running
 * statistics are not touched: see gf_mlp_update_running). */
void gf_mlp_forward(struct gf_mlp *net, const float *x, int B);

/* The same in inference mode: batchnorm uses the running statistics. */
void gf_mlp_infer(struct gf_mlp *net, const float *x, int B);

/* Inference one layer at a time over any number n of rows (not bounded by
 * max_batch, as nothing is kept in the network's buffers): layer l from
 * its input h (n, size[l]) to the next layer's input in next (n, size[l+1]),
 * or after the last layer the logits; z (n, size[l+1]) is scratch. Row for
 * row the same bits as gf_mlp_infer, and each W is read once for all n
 * rows rather than once every max_batch of them. */
void gf_mlp_infer_layer(struct gf_mlp *net, int l, const float *h, float *z, float *next, int n);

/* Folds the last training-mode forward pass's batch statistics into the
 * running ones, as torch does on each training forward. */
void gf_mlp_update_running(struct gf_mlp *net);

/* Sets the batchnorm statistics inference uses to those of the n examples
 * x: (n, n_in) at the current weights, layer by layer (each layer's
 * normalised by the ones before), as one training-mode pass over all n
 * would see them: mean and biased variance. The running statistics torch
 * keeps lag behind weights that move quickly, and twenty layers compound
 * the lag: evaluating a copy with these instead says what the network
 * computes now. Returns false when out of memory (statistics unchanged). */
bool gf_mlp_fit_running(struct gf_mlp *net, const float *x, int n);

/* Resets the batchnorm parameters and statistics: gamma 1, beta 0, running mean 0, variance 1. */
void gf_mlp_reset_batchnorm(struct gf_mlp *net);

/* Sets every gradient to zero. */
void gf_mlp_zero_grads(struct gf_mlp *net);

/* Back-propagates gf_mlp_dlogits() through the last forward pass,
 * accumulating (+=) into grads and filling dz for every layer. */
void gf_mlp_backward(struct gf_mlp *net);

/* gf_mlp_zero_grads then gf_mlp_backward, the same bits, without first
 * clearing the weights' gradients in memory: each is written once, where
 * the two would write it three times (a deep, wide network's step spends
 * much of its time moving its gradients). The layers' weight gradients,
 * which the pass down to the input does not wait for, are computed as par
 * shares them out (NULL: in turn), each layer's on its own. In parts:
 * _chain is the pass down (every gradient but the weights'), then
 * gf_mlp_backward_weights gives layer l's, in any order. */
void gf_mlp_backward_chain(struct gf_mlp *net);
void gf_mlp_backward_weights(struct gf_mlp *net, int l);
void gf_mlp_backward_fresh(struct gf_mlp *net, const struct gf_parallel *par);

/* For a linear activation, the single affine map the whole network equals:
 * net(x) = W_eff x + b_eff, W_eff = W[L]...W[1]W[0] (the lesson's W×W×W = k;
 * a skip connection contributes W + I). W_eff: (n_out, n_in), b_eff: (n_out),
 * computed in double. With batchnorm, the map gf_mlp_infer computes: each
 * normalisation with the running statistics is affine too, gamma (lin -
 * mean) / sqrt(var + eps) + beta, and is folded in (in training mode the
 * map would depend on the batch). Returns false when the activation is not
 * linear. */
bool gf_mlp_effective_linear(const struct gf_mlp *net, double *W_eff, double *b_eff);

#endif
