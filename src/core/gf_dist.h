/* gf_dist.h - the distributions inside a network, from the step's own buffers.
 *
 * The bars show one number per layer; the papers that explained vanishing
 * gradients looked at whole distributions (Glorot & Bengio 2010, Figs. 2, 6-8;
 * Ioffe & Szegedy 2015, Fig. 1; Nielsen, Neural Networks and Deep Learning,
 * ch. 5). Everything here is read from what a forward and backward pass left
 * in the network (z, f(z), δ = d loss / d z, dW): no second forward pass.
 *
 * Per hidden layer, over all batch x units values of the last pass:
 *   z_p15, z_p50, z_p85  percentiles of z, the activation's input (after
 *                        batch norm where it is on), with linear interpolation
 *                        between order statistics as numpy's default does:
 *                        at rank h = (n - 1) p / 100 of the sorted values x,
 *                        x[⌊h⌋] + (h - ⌊h⌋)(x[⌊h⌋ + 1] - x[⌊h⌋]); NaN when any
 *                        value is NaN
 *   act_mean, act_std    mean and population standard deviation of f(z)
 * and per weight layer ‖δ‖, the Frobenius norm of δ over the batch, which
 * gf_stats measures (GF_METRIC_DELTA_NORM) and the run copies in here, so
 * that the history keeps it beside the rest.
 *
 * Histograms count values into GF_DIST_BINS equal bins of an axis: z and f(z)
 * on a linear axis, |δ| and |dW| on a log10 axis.
 */
#ifndef GF_DIST_H
#define GF_DIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gf_mlp.h"

enum gf_dist_stat {
    GF_DIST_Z_P15,      /* 15th percentile of z */
    GF_DIST_Z_P50,      /* median of z */
    GF_DIST_Z_P85,      /* 85th percentile of z */
    GF_DIST_ACT_MEAN,   /* mean of f(z) */
    GF_DIST_ACT_STD,    /* population standard deviation of f(z) */
    GF_DIST_CSV_COUNT,  /* the statistics above are CSV columns, in this order */
    GF_DIST_DELTA_NORM = GF_DIST_CSV_COUNT, /* ‖δ‖ over the batch (every weight layer) */
    GF_DIST_STAT_COUNT
};

/* CSV column name of a statistic: "z_p15", ..., "act_std" (and "delta_norm"). */
const char *gf_dist_stat_id(enum gf_dist_stat s);

struct gf_layer_dist {
    float v[GF_DIST_STAT_COUNT];   /* indexed by enum gf_dist_stat; the output layer's are NaN but ‖δ‖ */
};

/* The p-th percentile (0 <= p <= 100) of v's n >= 1 values, numpy's linear
 * method; reorders v. NaN when a value is NaN. Computed by selection, not a
 * full sort: the result is the same, the cost linear. */
double gf_percentile(float *v, size_t n, double p);

/* Fills every statistic of every layer but ‖δ‖ from net's last forward and backward
 * pass; the percentiles only with `percentiles` (NaN without): they cost a
 * selection over every hidden layer's values, several times a plain pass.
 * scratch holds batch x width floats (gf_dist_scratch_size). */
void gf_dist_measure(struct gf_layer_dist *layer, const struct gf_mlp *net, float *scratch, bool percentiles);

/* Floats gf_dist_measure's scratch needs for net at its largest batch. */
size_t gf_dist_scratch_size(const struct gf_mlp *net);

#define GF_DIST_BINS 32

/* Counts over an axis [lo, hi]: bin k holds [lo + k w, lo + (k + 1) w) with
 * w = (hi - lo) / GF_DIST_BINS, the last bin hi as well. On a log axis the
 * value counted is log10 |v|, and zeros, which have no logarithm, are counted
 * apart. */
struct gf_hist {
    float lo, hi;
    int bin[GF_DIST_BINS];
    int below, above;   /* finite values outside the axis */
    int zero;           /* log axis: exact zeros */
    int other;          /* NaN and ±inf */
    int total;          /* every value counted, in some field above */
};

/* Histogram of n values v on the linear axis [lo, hi], lo < hi. */
void gf_hist_linear(struct gf_hist *h, const float *v, size_t n, float lo, float hi);

/* Histogram of log10 |v| of n values on the axis [lo, hi] (in decades), lo < hi.
 * scale multiplies every value first (1 for none). */
void gf_hist_log(struct gf_hist *h, const float *v, size_t n, float scale, float lo, float hi);

/* Widens [*lo, *hi] (start with +inf, -inf) to whole decades around log10 |v|
 * of v's finite non-zero values times scale. */
void gf_hist_log_extent(const float *v, size_t n, float scale, float *lo, float *hi);

/* What the distributions views draw of one network, captured from its last
 * pass: z and f(z) of each hidden layer, δ and dW of each weight layer. */
enum gf_hist_kind { GF_HIST_Z, GF_HIST_ACT, GF_HIST_DELTA, GF_HIST_DW, GF_HIST_KINDS };

#define GF_DIST_Z_LO -6.0f   /* z's axis: the activation panel's x range */
#define GF_DIST_Z_HI 6.0f

struct gf_net_hists {
    int n_layers;                                 /* weight layers; hidden ones have z and f(z) */
    int64_t step;                                 /* the run's step z's describe; -1: none yet */
    int64_t full_step;                            /* the step f(z), δ and dW describe (they may be
                                                     captured less often); -1: none yet */
    struct gf_hist hist[GF_HIST_KINDS][GF_MAX_LAYERS];
};

/* The gradients' axes of a capture, in decades: δ's and dW's. Start with
 * gf_dist_axes_begin, widen with each network to be compared (the views put
 * both runs on the same gradient axes), then capture each. f(z) gets each
 * network's own axis, as two activations' ranges may have nothing in common:
 * a bounded activation's whole range (sigmoid [0, 1], tanh [-1, 1]), else
 * the values' own. */
struct gf_dist_axes {
    float delta_lo, delta_hi;
    float dw_lo, dw_hi;
};
void gf_dist_axes_begin(struct gf_dist_axes *ax);
/* dw_scale: what the step's gradients were multiplied by after they were
 * measured (clipping; 1 for none), undone so dW is as computed. */
void gf_dist_axes_add(struct gf_dist_axes *ax, const struct gf_mlp *net, float dw_scale);
/* Gives each axis at least one decade. */
void gf_dist_axes_end(struct gf_dist_axes *ax);

/* Histograms of net's last pass: z always, on [GF_DIST_Z_LO, GF_DIST_Z_HI];
 * with full, f(z) on the network's own axis, δ and dW on ax's, too (else
 * those stay as they were). */
void gf_dist_capture(struct gf_net_hists *out, const struct gf_mlp *net, const struct gf_dist_axes *ax, bool full,
                     float dw_scale, int64_t step);

/* A bounded record of the statistics over training, kept like gf_history:
 * each sample the mean of `stride` consecutive steps; when full, neighbours
 * merge pairwise and the stride doubles. */
struct gf_dist_history {
    int capacity;                 /* samples kept, even */
    int n_layers;
    int count;                    /* samples filled */
    int64_t stride;               /* steps per sample */
    int64_t *step;                /* (capacity) last step of each sample */
    struct gf_layer_dist *layer;  /* (capacity, n_layers) mean statistics */
    int64_t pending;              /* steps in the open sample */
    double acc[GF_MAX_LAYERS][GF_DIST_STAT_COUNT];
};

bool gf_dist_history_init(struct gf_dist_history *h, int capacity, int n_layers);
void gf_dist_history_destroy(struct gf_dist_history *h);
void gf_dist_history_clear(struct gf_dist_history *h);
void gf_dist_history_push(struct gf_dist_history *h, int64_t step, const struct gf_layer_dist *layer);
/* Makes dst, initialised with src's capacity and layers, a copy of src. */
void gf_dist_history_copy(struct gf_dist_history *dst, const struct gf_dist_history *src);

static inline const struct gf_layer_dist *gf_dist_history_layer(const struct gf_dist_history *h, int i, int l)
{
    return &h->layer[(size_t)i * h->n_layers + l];
}

#endif
