/* gf_head.c - output heads and their exact gradients. */
#include "gf_head.h"

#include <math.h>
#include <string.h>

#include "gf_ids.h"

static const struct gf_head_info infos[GF_HEAD_COUNT] = {
    [GF_HEAD_BCE] = {"bce", "sigmoid", "nn.BCELoss()", true},
    [GF_HEAD_CE] = {"ce", "softmax", "nn.CrossEntropyLoss()", true},
    [GF_HEAD_MSE] = {"mse", "none", "nn.MSELoss()", false},
    [GF_HEAD_CE_DOUBLE_SOFTMAX] = {"ce-double-softmax", "softmax", "nn.CrossEntropyLoss()", true},
};

const struct gf_head_info *gf_head_info(enum gf_head head)
{
    return &infos[head];
}

static const char *head_id(int i)
{
    return infos[i].id;
}

bool gf_head_from_id(const char *id, enum gf_head *out)
{
    int i;
    if (!gf_ids_find(id, head_id, GF_HEAD_COUNT, &i))
        return false;
    *out = (enum gf_head)i;
    return true;
}

const char *gf_head_id_list(void)
{
    return "bce, ce, mse, ce-double-softmax";
}

int gf_head_outputs(enum gf_head head, int n_classes, int n_targets)
{
    switch (head) {
    case GF_HEAD_BCE: return 1;
    case GF_HEAD_MSE: return n_targets;
    default: return n_classes;
    }
}

int gf_head_target_dim(enum gf_head head, int n_outputs)
{
    return head == GF_HEAD_MSE ? n_outputs : 1;
}

/* log(sigmoid(z)) = -softplus(-z), computed without overflow. */
static double log_sigmoid(double z)
{
    return z >= 0.0 ? -log1p(exp(-z)) : z - log1p(exp(z));
}

/* softmax of K logits into s, in double, shifted by the max for stability. */
static void softmax_double(double *s, const float *z, int K)
{
    float m = z[0];
    for (int k = 1; k < K; k++)
        if (z[k] > m)
            m = z[k];
    double sum = 0.0;
    for (int k = 0; k < K; k++)
        sum += s[k] = exp((double)z[k] - m);
    for (int k = 0; k < K; k++)
        s[k] /= sum;
}

/* The same rounded to float; K <= GF_HEAD_MAX_OUTPUTS, as a network's outputs are. */
static void softmax(float *p, const float *z, int K)
{
    double s[GF_HEAD_MAX_OUTPUTS];
    softmax_double(s, z, K);
    for (int k = 0; k < K; k++)
        p[k] = (float)s[k];
}

static double bce_loss(float *dz, const float *z, const float *y, int B)
{
    /* BCELoss clamps each log at -100; where a log is clamped its term is
     * constant, so that term contributes no gradient. */
    double total = 0.0;
    for (int b = 0; b < B; b++) {
        double t = y[b];
        double log_p = log_sigmoid(z[b]);
        double log_q = log_sigmoid(-(double)z[b]);
        double p = exp(log_p);   /* sigmoid(z), before the clamp */
        bool p_clamped = log_p < -100.0, q_clamped = log_q < -100.0;
        if (p_clamped) log_p = -100.0;
        if (q_clamped) log_q = -100.0;
        total -= t * log_p + (1.0 - t) * log_q;
        if (dz) {
            double g = (p_clamped ? 0.0 : -t * (1.0 - p)) + (q_clamped ? 0.0 : (1.0 - t) * p);
            dz[b] = (float)(g / B);
        }
    }
    return total / B;
}

static double ce_loss(float *dz, const float *z, const float *y, int B, int K)
{
    double total = 0.0;
    for (int b = 0; b < B; b++) {
        const float *zb = z + (size_t)b * K;
        int target = (int)y[b];
        double lse = 0.0;
        /* log p_target = z_target - max - log(sum exp(z - max)) */
        float m = zb[0];
        for (int k = 1; k < K; k++)
            if (zb[k] > m)
                m = zb[k];
        for (int k = 0; k < K; k++)
            lse += exp((double)zb[k] - m);
        lse = log(lse);
        total -= (double)zb[target] - m - lse;
        if (dz) {
            float *db = dz + (size_t)b * K;
            for (int k = 0; k < K; k++) {
                double p = exp((double)zb[k] - m - lse);
                db[k] = (float)((p - (k == target ? 1.0 : 0.0)) / B);
            }
        }
    }
    return total / B;
}

static double ce_double_softmax_loss(float *dz, const float *z, const float *y, int B, int K)
{
    /* The net outputs s = softmax(z); the loss treats s as logits:
     * loss = -log softmax(s)[t]. Backward: ds = softmax(s) - onehot(t),
     * then through the first softmax: dz = s * (ds - sum(s * ds)).
     * s stays in double so the loss is a smooth function of z. */
    if (K > GF_HEAD_MAX_OUTPUTS)
        return NAN;   /* wider than any network gf_mlp builds */
    double total = 0.0;
    double s[GF_HEAD_MAX_OUTPUTS], ds[GF_HEAD_MAX_OUTPUTS];
    for (int b = 0; b < B; b++) {
        const float *zb = z + (size_t)b * K;
        int target = (int)y[b];
        softmax_double(s, zb, K);
        double sum2 = 0.0;
        for (int k = 0; k < K; k++)
            sum2 += exp(s[k]);   /* s is in [0, 1]: no shift needed */
        total -= s[target] - log(sum2);
        if (dz) {
            float *db = dz + (size_t)b * K;
            double dot = 0.0;
            for (int k = 0; k < K; k++) {
                ds[k] = exp(s[k]) / sum2 - (k == target ? 1.0 : 0.0);
                dot += s[k] * ds[k];
            }
            for (int k = 0; k < K; k++)
                db[k] = (float)(s[k] * (ds[k] - dot) / B);
        }
    }
    return total / B;
}

static double mse_loss(float *dz, const float *z, const float *y, int B, int K)
{
    double total = 0.0;
    double n = (double)B * K;
    for (size_t i = 0; i < (size_t)B * K; i++) {
        double d = (double)z[i] - y[i];
        total += d * d;
        if (dz)
            dz[i] = (float)(2.0 * d / n);
    }
    return total / n;
}

double gf_head_loss(enum gf_head head, float *dlogits, const float *logits,
                    const float *y, int B, int K)
{
    switch (head) {
    case GF_HEAD_BCE: return bce_loss(dlogits, logits, y, B);
    case GF_HEAD_CE: return ce_loss(dlogits, logits, y, B, K);
    case GF_HEAD_MSE: return mse_loss(dlogits, logits, y, B, K);
    case GF_HEAD_CE_DOUBLE_SOFTMAX: return ce_double_softmax_loss(dlogits, logits, y, B, K);
    case GF_HEAD_COUNT: break;
    }
    return NAN;
}

void gf_head_output(enum gf_head head, float *out, const float *logits, int K)
{
    switch (head) {
    case GF_HEAD_BCE:
        out[0] = (float)exp(log_sigmoid(logits[0]));
        return;
    case GF_HEAD_CE:
    case GF_HEAD_CE_DOUBLE_SOFTMAX:
        softmax(out, logits, K);
        return;
    case GF_HEAD_MSE:
    case GF_HEAD_COUNT:
        break;
    }
    memcpy(out, logits, (size_t)K * sizeof *out);
}

int gf_head_predict(enum gf_head head, const float *logits, int K)
{
    if (head == GF_HEAD_BCE)
        return logits[0] > 0.0f ? 1 : 0;
    int best = 0;
    for (int k = 1; k < K; k++)
        if (logits[k] > logits[best])
            best = k;
    return best;
}

/* The largest entry of softmax(v), in double: 1 / sum_k exp(v_k - max v). */
static double top_of_softmax(const double *v, int K)
{
    double top = v[0];
    for (int k = 1; k < K; k++)
        top = v[k] > top ? v[k] : top;
    double sum = 0.0;
    for (int k = 0; k < K; k++)
        sum += exp(v[k] - top);
    return 1.0 / sum;
}

double gf_head_top_probability(enum gf_head head, const float *logits, int K)
{
    double v[GF_HEAD_MAX_OUTPUTS];
    switch (head) {
    case GF_HEAD_BCE: {
        double p = 1.0 / (1.0 + exp(-(double)logits[0]));
        return p > 0.5 ? p : 1.0 - p;
    }
    case GF_HEAD_CE:
        for (int k = 0; k < K; k++)
            v[k] = logits[k];
        return top_of_softmax(v, K);
    case GF_HEAD_CE_DOUBLE_SOFTMAX:   /* the net's own softmax comes first */
        softmax_double(v, logits, K);
        return top_of_softmax(v, K);
    case GF_HEAD_MSE:
    case GF_HEAD_COUNT:
        break;
    }
    return NAN;
}
