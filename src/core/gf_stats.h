/* gf_stats.h - per-layer training statistics and their bounded history.
 *
 * Statistics of step s describe that step's minibatch: the gradients
 * computed in that step before its update, the weights before the update,
 * and the update that step applied. Weight statistics cover W only
 * (biases excluded). Saturation, inactivity and death are defined for
 * hidden layers; the output layer's are 0.
 *
 * Shares per activation: only the bounded activations (sigmoid, tanh)
 * saturate, at their flat ends; the ReLU family (ReLU, leaky ReLU, GELU,
 * SiLU) is *inactive* on its negative side instead; linear has neither. Both
 * mean f'(z) below 10 % of the activation's largest slope. A unit is dead
 * when f'(z) = 0 on every example of the batch.
 *
 * The δ bound: with δ_l = d loss / d z_l (z_l the activation's input, after
 * batchnorm) and g_l = d loss / d h_{l+1} (layer l's output), backward computes
 *     δ_l = f'(z_l) ⊙ g_l,   g_{l-1} = BN'_l(δ_l) W_l  (+ g_l through a skip)
 * so ‖δ_l‖ <= s_l ‖g_l‖ and ‖g_{l-1}‖ <= β_l ‖W_l‖₂ ‖δ_l‖ (+ ‖g_l‖), where
 * s_l is the activation's largest slope, ‖W_l‖₂ the spectral norm and β_l
 * batchnorm's largest |γ| / sqrt(var + eps) (its backward is that scale after
 * an orthogonal projection, which never lengthens a vector; 1 without
 * batchnorm). Anchored at the output layer's measured ‖δ‖, this is an upper
 * bound on every layer's ‖δ‖ (Frobenius over the batch) whatever the
 * weights, rounded upward.
 */
#ifndef GF_STATS_H
#define GF_STATS_H

#include <stdbool.h>
#include <stdint.h>

#include "gf_dist.h"
#include "gf_mlp.h"
#include "gf_opt.h"
#include "gf_parallel.h"

enum gf_metric {
    GF_METRIC_GRAD_NORM,      /* ‖dW‖ (Frobenius) */
    GF_METRIC_GRAD_RMS,       /* RMS of dW per element: what the bars show */
    GF_METRIC_WEIGHT_RMS,     /* RMS of W, before the update */
    GF_METRIC_UPDATE_RATIO,   /* ‖ΔW‖ / ‖W‖ of the step's update */
    GF_METRIC_DELTA_MEAN_ABS, /* mean |d loss / d z| over the layer's pre-activations */
    GF_METRIC_SATURATED,      /* sigmoid, tanh: share of (example, unit) with f'(z) < 10% of the largest slope */
    GF_METRIC_DEAD,           /* share of units with f'(z) = 0 on every example of the batch */
    GF_METRIC_DELTA_NORM,     /* ‖δ‖, Frobenius norm over the batch of d loss / d z */
    GF_METRIC_DELTA_BOUND,    /* the proved upper bound on ‖δ‖ at this layer (see above) */
    GF_METRIC_SPECTRAL_NORM,  /* ‖W‖₂, the weights' largest singular value, before the update */
    GF_METRIC_SLOPE_MEAN,     /* mean |f'(z)| over batch x units: the slope factor (NaN for the output layer) */
    GF_METRIC_CSV_COUNT,      /* the metrics above are the CSV's columns, in this order */
    GF_METRIC_INACTIVE = GF_METRIC_CSV_COUNT, /* ReLU family: share with f'(z) < 10% of the largest slope */
    GF_METRIC_COUNT
};

/* Which share a hidden layer of this activation has: saturated (sigmoid,
 * tanh), inactive (the ReLU family, GELU, SiLU) or neither (linear, which
 * gets GF_METRIC_COUNT). */
enum gf_metric gf_metric_share(enum gf_act act);

/* CSV column name of a metric: "grad_norm", "grad_rms", ... ("inactive_frac",
 * which is not a CSV column, for the inactive share). */
const char *gf_metric_id(enum gf_metric m);

struct gf_layer_stats {
    float v[GF_METRIC_COUNT];   /* indexed by enum gf_metric */
};

struct gf_step_stats {
    int64_t step;     /* 1-based step these describe (0: a probe at initialisation) */
    double loss;      /* mean loss over the minibatch */
    double accuracy;  /* share of the minibatch classified right; NaN for regression */
    int n_layers;
    struct gf_layer_stats layer[GF_MAX_LAYERS];
    double grad_norm_total;   /* ‖g‖ over every parameter, before any clipping */
    bool clipped;             /* gradient clipping scaled this step's gradients down */
    bool has_dist;            /* dist was measured (gf_run's measure_dist) */
    struct gf_layer_dist dist[GF_MAX_LAYERS];   /* the distributions inside the network (gf_dist) */
};

/* Sum of v[i]^2, accumulated in sixteen double lanes (the compiler vectorises them). */
double gf_sum_of_squares(const float *v, size_t n);

/* Fills every metric but the update ratio from net's last forward and backward
 * pass; returns the sum of squares of every gradient (the global norm squared,
 * as torch.nn.utils.clip_grad_norm_ measures it), from the same passes.
 * warm holds each layer's power-iteration vector for the spectral norms
 * (gf_stats_warm_size doubles, zeros at first) and is updated, so the next
 * step starts where this one converged; NULL starts every layer afresh.
 * The layers are measured as par shares them out (NULL: in turn), each on
 * its own, and give the same bits however they were. first (NULL: none)
 * is called for each layer just before it is measured, in the same piece
 * of work: what makes the layer's gradients (gf_mlp_backward_weights), so
 * that its W and dW are measured while they are at hand. */
double gf_stats_measure(struct gf_layer_stats *layer, const struct gf_mlp *net, double *warm,
                        const struct gf_parallel *par, void (*first)(void *arg, int l), void *first_arg);

/* Node gradients: the mean |δ| = mean |d loss / d z| of each unit of each
 * weight layer over the batch of net's last backward pass, what the network
 * diagram colours its nodes by. out: (gf_stats_node_count) doubles, layer l's
 * units from gf_stats_node_offset(net, l). Each unit's sum runs over the
 * batch's rows in order, in double, then divides by the batch. */
void gf_stats_node_grads(double *out, const struct gf_mlp *net);

/* Where layer l's units start in gf_stats_node_grads's out: the units of the
 * layers before it; at l = n_layers, the count of every layer's units. */
static inline size_t gf_stats_node_offset(const struct gf_mlp *net, int l)
{
    size_t off = 0;
    for (int k = 0; k < l; k++)
        off += (size_t)net->size[k + 1];
    return off;
}

static inline size_t gf_stats_node_count(const struct gf_mlp *net)
{
    return gf_stats_node_offset(net, net->n_layers);
}

/* Doubles gf_stats_measure's warm vectors take for net: one per input of every layer. */
size_t gf_stats_warm_size(const struct gf_mlp *net);

/* ‖W‖₂ of W: (out, in), by power iteration on WᵀW in double until the
 * estimate grows by under 1e-9 relative (at most GF_SPECTRAL_ITERS
 * iterations), then raised by what the residual says may be left, never
 * above ‖W‖_F: it errs upward and stays within 1e-4 of the true value.
 * v: (in) the start vector, left as the converged one; all zeros (or not
 * finite) starts from a fixed vector. */
double gf_spectral_norm(const float *W, int out, int in, double *v);
#define GF_SPECTRAL_ITERS 400

/* Fills the update ratios ‖ΔW‖ / ‖W‖ of net's layers from an optimizer
 * report, with ‖W‖ before the update as gf_stats_measure found it. */
void gf_stats_set_updates(struct gf_layer_stats *layer, const struct gf_mlp *net, const struct gf_opt_report *rep);

/* Are all gradient statistics finite (no NaN or Inf reached the gradients)? */
bool gf_stats_finite(const struct gf_layer_stats *layer, int n_layers);

/* A bounded record of training: each sample is the mean of `stride`
 * consecutive steps. When full, neighbouring samples merge pairwise and the
 * stride doubles, so the record always spans the whole run at a resolution
 * that halves as it grows, in fixed memory. */
struct gf_history {
    int capacity;                 /* samples kept, even */
    int n_layers;
    int count;                    /* samples filled */
    int64_t stride;               /* steps per sample */
    int64_t *step;                /* (capacity) last step of each sample */
    float *loss;                  /* (capacity) mean loss */
    float *accuracy;              /* (capacity) mean minibatch accuracy (NaN for regression) */
    struct gf_layer_stats *layer; /* (capacity, n_layers) mean statistics */
    int64_t pending;              /* steps in the open sample */
    double acc_loss;              /* sums for the open sample */
    double acc_accuracy;
    double acc[GF_MAX_LAYERS][GF_METRIC_COUNT];
};

bool gf_history_init(struct gf_history *h, int capacity, int n_layers);
void gf_history_destroy(struct gf_history *h);
void gf_history_clear(struct gf_history *h);

/* Copies src into dst, which was initialised with the same capacity and layers. */
void gf_history_copy(struct gf_history *dst, const struct gf_history *src);

/* Adds one step's statistics. */
void gf_history_push(struct gf_history *h, const struct gf_step_stats *s);

/* Each layer's statistics averaged over the history's last steps: at
 * least `steps` of them when it holds that many, in whole samples (so more
 * when a sample spans several steps), the open sample's steps first. Writes
 * out[0 .. n_layers) and returns how many steps were averaged (0: none,
 * out untouched). */
int64_t gf_history_recent_mean(const struct gf_history *h, int64_t steps, struct gf_layer_stats *out);

/* Sample i's statistics of layer l. */
static inline const struct gf_layer_stats *gf_history_layer(const struct gf_history *h, int i, int l)
{
    return &h->layer[(size_t)i * h->n_layers + l];
}

#endif
