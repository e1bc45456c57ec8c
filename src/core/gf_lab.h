/* gf_lab.h - a training run, and the lab that pairs two of them.
 *
 * A run is one network training on a dataset: minibatch order, weights,
 * optimizer state, the last step's statistics and the history. The lab
 * holds one dataset and two runs (left and right) built from the same seed,
 * which differ only in what their per-run settings say (by default the
 * hidden activation). Both runs draw the same minibatches at the same steps,
 * and the same settings always give bit-identical weights.
 */
#ifndef GF_LAB_H
#define GF_LAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gf_act.h"
#include "gf_data.h"
#include "gf_head.h"
#include "gf_init.h"
#include "gf_mlp.h"
#include "gf_opt.h"
#include "gf_rng.h"
#include "gf_stats.h"

#define GF_BATCH_MAX GF_DATA_SAMPLES
#define GF_LR_MAX 1000.0f
#define GF_HISTORY_SAMPLES 512

enum gf_side { GF_LEFT, GF_RIGHT, GF_SIDES };

/* Everything a run is built from. */
struct gf_run_config {
    enum gf_act act;
    float alpha;                  /* leaky slope, [0, 1] */
    enum gf_head head;
    enum gf_init init;
    enum gf_optimizer optimizer;
    float lr;                     /* (0, GF_LR_MAX] */
    int depth;                    /* hidden layers, 1..GF_MAX_HIDDEN */
    int width;                    /* 1..GF_MAX_WIDTH */
    int batch;                    /* 1..GF_BATCH_MAX */
    uint64_t seed;
    bool residual;                /* skip connections around hidden layers 2..depth */
    bool batchnorm;               /* batch normalization before each hidden activation */
    float clip;                   /* clip the global gradient norm to this; 0: no clipping */
};

struct gf_run {
    struct gf_run_config cfg;
    const struct gf_data *data;   /* the lab's dataset */
    struct gf_mlp net;
    struct gf_opt opt;
    struct gf_rng batch_rng;      /* shuffles the example order each epoch */
    int *order;                   /* (data->n) example order of the current epoch */
    int cursor;                   /* next position in order */
    float *batch_x;               /* the next minibatch: (batch, n_inputs) */
    float *batch_y;               /* (batch, target_dim) */
    int target_dim;
    int64_t step;                 /* completed training steps */
    int64_t diverged_at;          /* step at which loss or weights stopped being finite, 0 if never */
    struct gf_step_stats last;    /* statistics of the last completed step */
    double *spectral_warm;        /* the spectral norms' power-iteration vectors, carried from step to step */
    double *node_grad;            /* (gf_stats_node_count) mean |dz| per unit over the last backward pass's
                                     batch (gf_stats_node_grads; gf_run_node_grad) */
    struct gf_history history;
    bool measure_dist;            /* measure the distributions inside the network every step (gf_dist):
                                     f(z)'s mean and std, ‖δ‖; off by default */
    bool measure_percentiles;     /* with measure_dist, z's percentiles too: a selection over every
                                     hidden layer's values, which costs several times a step's pass */
    float *dist_scratch;          /* gf_dist_scratch_size floats */
    struct gf_dist_history dist_history;   /* kept while measure_dist is on */
    const struct gf_parallel *parallel;    /* how a step's per-layer statistics may be shared out among
                                              the program's threads; NULL (as built): in turn */
};

/* Layer l's node gradients (net.size[l + 1] of them) after the run's last
 * backward pass: a step's, or a probe's. */
static inline const double *gf_run_node_grad(const struct gf_run *run, int l)
{
    return run->node_grad + gf_stats_node_offset(&run->net, l);
}

/* The lab's settings: shared ones, and the per-run ones indexed by side. */
struct gf_lab_config {
    enum gf_dataset dataset;
    float noise;                  /* < 0: the dataset's default */
    bool head_from_dataset;       /* true: head follows the dataset, ignoring `head` */
    enum gf_head head;
    enum gf_init init;
    enum gf_optimizer optimizer;
    float lr;
    int depth, width, batch;
    uint64_t seed;
    enum gf_act act[GF_SIDES];
    float alpha[GF_SIDES];
    bool residual[GF_SIDES];
    bool batchnorm[GF_SIDES];
    float clip[GF_SIDES];         /* 0: off */
    bool double_softmax[GF_SIDES];/* the run applies softmax before a cross-entropy that already
                                     does (the lesson's warning): its head is ce-double-softmax */
    bool own_init[GF_SIDES];      /* the run is initialised by side_init instead of init */
    enum gf_init side_init[GF_SIDES];
};

#define GF_CLIP_DEFAULT 1.0f

/* A lab's runs point at its dataset: once initialised it must stay where it
 * is (allocate it, or keep it in place), never be copied. */
struct gf_lab {
    struct gf_lab_config cfg;
    struct gf_data data;
    struct gf_run run[GF_SIDES];
};

/* The defaults (docs/design.md): sigmoid vs relu, 8 x 16, spiral, auto init, sgd, batch 32, seed 1. */
void gf_lab_config_default(struct gf_lab_config *cfg);

/* The head the lab will use: the dataset's own unless one was chosen. */
enum gf_head gf_lab_config_head(const struct gf_lab_config *cfg);

/* Checks every setting; returns NULL when valid, else a sentence saying what is wrong. */
const char *gf_lab_config_problem(const struct gf_lab_config *cfg);

/* The init scheme side's run uses (as given: auto is not resolved). */
enum gf_init gf_lab_config_init(const struct gf_lab_config *cfg, enum gf_side side);

/* The init as the settings line names it: "xavier", or "classic / xavier"
 * (left / right) when the runs have inits of their own that differ. */
void gf_lab_config_init_name(const struct gf_lab_config *cfg, char *buf, size_t n);

/* The run configuration of one side. */
void gf_lab_config_run(const struct gf_lab_config *cfg, enum gf_side side, struct gf_run_config *out);

/* Builds the dataset and both runs. Returns false on an invalid config
 * (see gf_lab_config_problem) or out of memory; lab is then safe to destroy. */
bool gf_lab_init(struct gf_lab *lab, const struct gf_lab_config *cfg);
void gf_lab_destroy(struct gf_lab *lab);

/* Makes dst, zeroed or an earlier copy, a copy of what a reader of src can
 * see: the settings, the dataset, and per run its settings, step,
 * divergence, last statistics, history (and the distributions' history and
 * which of them are measured), weights and the last pass's values
 * for its minibatch. Not the optimizer state or the minibatch order: the
 * copy is for drawing, not for training. Memory is reused while the shapes
 * stay the same. False when out of memory; dst is then empty and safe to
 * destroy. */
bool gf_lab_copy_view(struct gf_lab *dst, const struct gf_lab *src);

/* gf_lab_copy_view in parts, for two threads: the shapes, memory, settings
 * and dataset (false when out of memory, as above), then each run, the two
 * touching nothing in common; with values false a run's copy leaves out
 * the last minibatch's values inside the network (what the pass left in
 * each layer), keeping its parameters, statistics and history. */
bool gf_lab_copy_view_shape(struct gf_lab *dst, const struct gf_lab *src);
void gf_lab_copy_view_run(struct gf_lab *dst, const struct gf_lab *src, enum gf_side side, bool values);

/* The lab's step: the further run's (a diverged run stops where it broke). */
int64_t gf_lab_steps(const struct gf_lab *lab);

/* Trains each healthy run for up to n steps, interleaved step by step. */
void gf_lab_step(struct gf_lab *lab, int n);

/* Builds a run over data, weights initialised from cfg->seed. */
bool gf_run_init(struct gf_run *run, const struct gf_run_config *cfg, const struct gf_data *data);
void gf_run_destroy(struct gf_run *run);

/* One training step on the next minibatch: forward, loss, backward,
 * statistics, update. Returns false when the run has diverged (at this or an
 * earlier step); a diverged run does not train any more. When the loss or
 * gradients are not finite no update is applied. */
bool gf_run_step(struct gf_run *run);

/* Did the run diverge at its initial weights (step 1's loss or gradients
 * already not finite), before any update, so no learning rate is to blame? */
bool gf_run_overflowed_at_init(const struct gf_run *run);

/* Forward and backward on the next minibatch at the current weights, with no
 * update: leaves the gradients in run->net.grads, fills stats (when not NULL)
 * and returns the mean loss. Training continues as if it had not happened. */
double gf_run_probe(struct gf_run *run, struct gf_step_stats *stats);

/* Mean loss and accuracy over the whole dataset (accuracy is NaN for
 * regression); with batchnorm, inference uses the dataset's own statistics
 * at the current weights (gf_mlp_fit_running), not the lagging running ones. */
void gf_run_evaluate(struct gf_run *run, double *loss, double *accuracy);

/* The model's outputs for n points x: (n, n_inputs) into out: (n, n_out),
 * as gf_head_output gives them (probabilities, or predictions for mse). */
void gf_run_predict(struct gf_run *run, const float *x, int n, float *out);

/* The same for any network with the given head (a snapshot of a run, say);
 * net->max_batch may be anything: rows go through in chunks. */
void gf_predict(struct gf_mlp *net, enum gf_head head, const float *x, int n, float *out);
void gf_evaluate(struct gf_mlp *net, enum gf_head head, const struct gf_data *data, double *loss,
                 double *accuracy);

/* Part of gf_evaluate: examples [start, start + n) of data, n <= net->max_batch;
 * adds their summed loss and count of right answers. */
void gf_evaluate_part(struct gf_mlp *net, enum gf_head head, const struct gf_data *data, int start, int n,
                      double *loss_sum, long *correct);

/* gf_evaluate_part from logits already computed: examples [start, start + n)
 * of data, their logits (n, K). */
void gf_evaluate_logits(enum gf_head head, const struct gf_data *data, const float *logits, int K, int start, int n,
                        double *loss_sum, long *correct);

/* The mean loss and accuracy (NaN for regression) from gf_evaluate_part's
 * sums over the whole of data. */
void gf_evaluate_finish(enum gf_head head, const struct gf_data *data, double loss_sum, long correct, double *loss,
                        double *accuracy);

#endif
