/* gf_act.h - hidden-layer activation functions, their derivatives and the
 * facts the lesson shows about them (names, formula, largest slope).
 *
 * Derivatives at kinks follow PyTorch: relu'(0) = 0, leaky_relu'(0) = a.
 * GELU is the exact erf form (torch.nn.GELU(approximate='none')).
 */
#ifndef GF_ACT_H
#define GF_ACT_H

#include <stdbool.h>

enum gf_act {
    GF_ACT_LINEAR,
    GF_ACT_SIGMOID,
    GF_ACT_TANH,
    GF_ACT_RELU,
    GF_ACT_LEAKY_RELU,
    GF_ACT_GELU,
    GF_ACT_SILU,
    GF_ACT_COUNT
};

#define GF_LEAKY_ALPHA_DEFAULT 0.01f

struct gf_act_info {
    const char *id;        /* command-line and file id, e.g. "leaky_relu" */
    const char *name_en;   /* display name, English */
    const char *name_ko;   /* display name, Korean (UTF-8) */
    const char *formula;   /* f(x) as shown on screen (UTF-8) */
    float max_slope;       /* sup |f'(x)|; for leaky_relu with a in [0, 1] it is 1 */
    float max_slope_at;    /* an x where that slope is reached (or approached) */
};

/* Facts about an activation; act must be valid. */
const struct gf_act_info *gf_act_info(enum gf_act act);

/* Looks up an activation by its id; false when the id is unknown. */
bool gf_act_from_id(const char *id, enum gf_act *out);

/* The ids joined with ", ", for messages ("linear, sigmoid, ..."). */
const char *gf_act_id_list(void);

/* f(x); alpha is the leaky slope and ignored by the others. */
float gf_act_f(enum gf_act act, float alpha, float x);

/* f'(x), with PyTorch's choice at kinks. */
float gf_act_df(enum gf_act act, float alpha, float x);

/* h[i] = f(z[i]) for i < n. */
void gf_act_forward(enum gf_act act, float alpha, float *h, const float *z, int n);

/* dz[i] = dh[i] * f'(z[i]) for i < n (in ATen's order of rounding), and
 * the slopes themselves, s[i] = f'(z[i]), for the statistics of dead and
 * saturated units; h = f(z) from the forward pass lets sigmoid and tanh
 * reuse their outputs instead of calling exp again. */
void gf_act_backward(enum gf_act act, float alpha, float *dz, float *s, const float *dh, const float *z,
                     const float *h, int n);

/* Is the ReLU family (relu, leaky_relu): the activations that get He init under "auto". */
bool gf_act_is_relu_family(enum gf_act act);

#endif
