/* gf_head.h - output heads: the output activation fused with its loss.
 *
 * PyTorch semantics, all losses are means over the batch (and over outputs
 * for MSE):
 *   bce                sigmoid + nn.BCELoss (log clamped at -100), computed
 *                      on the logit as BCEWithLogitsLoss does, for stability
 *   ce                 nn.CrossEntropyLoss on the logits (softmax inside)
 *   mse                identity + nn.MSELoss(reduction='mean')
 *   ce-double-softmax  the classic bug: the net ends in softmax and
 *                      nn.CrossEntropyLoss applies softmax again
 *
 * Targets y per example: bce one value 0 or 1; ce and ce-double-softmax one
 * class index stored as a float; mse one target per output.
 */
#ifndef GF_HEAD_H
#define GF_HEAD_H

#include <stdbool.h>

#define GF_HEAD_MAX_OUTPUTS 256   /* as wide as a layer may be */

enum gf_head {
    GF_HEAD_BCE,
    GF_HEAD_CE,
    GF_HEAD_MSE,
    GF_HEAD_CE_DOUBLE_SOFTMAX,
    GF_HEAD_COUNT
};

struct gf_head_info {
    const char *id;          /* "bce", "ce", "mse", "ce-double-softmax" */
    const char *output;      /* output activation as shown: "sigmoid", "softmax", "none", "softmax" */
    const char *loss_torch;  /* the PyTorch loss it matches, e.g. "nn.BCELoss()" */
    bool classification;     /* targets are classes (bce, ce, ce-double-softmax) */
};

const struct gf_head_info *gf_head_info(enum gf_head head);
bool gf_head_from_id(const char *id, enum gf_head *out);
const char *gf_head_id_list(void);

/* Number of network outputs the head needs for a task with n_classes
 * classes (0 for regression) and n_targets regression targets. */
int gf_head_outputs(enum gf_head head, int n_classes, int n_targets);

/* Number of floats per example in y. */
int gf_head_target_dim(enum gf_head head, int n_outputs);

/* Mean loss over the batch. When dlogits is not NULL it receives
 * d(loss)/d(logits), exact for the composition the head describes.
 * logits: (B, K), y: (B, target_dim), dlogits: (B, K). Accumulates in double. */
double gf_head_loss(enum gf_head head, float *dlogits, const float *logits,
                    const float *y, int B, int K);

/* What the model outputs for one example: probabilities (bce: one value,
 * P(class 1); ce: K values; ce-double-softmax: the net's own softmax) or,
 * for mse, the prediction itself. out: (K), K <= GF_HEAD_MAX_OUTPUTS. */
void gf_head_output(enum gf_head head, float *out, const float *logits, int K);

/* The largest class probability the loss works with, for one example:
 * bce max(p, 1 - p); ce max softmax(z); ce-double-softmax max
 * softmax(softmax(z)), which can never exceed e / (e + K - 1), the cap the
 * lesson warns about. NaN for mse. Computed in double. */
double gf_head_top_probability(enum gf_head head, const float *logits, int K);

/* Predicted class of one example (classification heads only). */
int gf_head_predict(enum gf_head head, const float *logits, int K);

#endif
