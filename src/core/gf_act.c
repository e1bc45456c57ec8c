/* gf_act.c - activation kernels. Each is written as a plain loop over a
 * contiguous array so the compiler can vectorise it. */
#include "gf_act.h"

#include <math.h>
#include <string.h>

#include "gf_ids.h"

static const struct gf_act_info infos[GF_ACT_COUNT] = {
    [GF_ACT_LINEAR] = {"linear", "linear", "선형", "f(x) = x", 1.0f, 0.0f},
    [GF_ACT_SIGMOID] = {"sigmoid", "sigmoid", "시그모이드", "σ(x) = 1 / (1 + e⁻ˣ)", 0.25f, 0.0f},
    [GF_ACT_TANH] = {"tanh", "tanh", "하이퍼볼릭 탄젠트", "f(x) = tanh(x)", 1.0f, 0.0f},
    [GF_ACT_RELU] = {"relu", "ReLU", "ReLU", "f(x) = max(0, x)", 1.0f, 1.0f},
    [GF_ACT_LEAKY_RELU] = {"leaky_relu", "leaky ReLU", "Leaky ReLU", "f(x) = max(ax, x)", 1.0f, 1.0f},
    /* Largest slopes of GELU and SiLU found numerically (x = √2 and x ≈ 2.3994). */
    [GF_ACT_GELU] = {"gelu", "GELU", "GELU", "f(x) = x·Φ(x)", 1.1289041f, 1.4142135f},
    [GF_ACT_SILU] = {"silu", "SiLU", "SiLU", "f(x) = x·σ(x)", 1.0998393f, 2.3993600f},
};

const struct gf_act_info *gf_act_info(enum gf_act act)
{
    return &infos[act];
}

static const char *act_id(int i)
{
    return infos[i].id;
}

bool gf_act_from_id(const char *id, enum gf_act *out)
{
    int i;
    if (!gf_ids_find(id, act_id, GF_ACT_COUNT, &i))
        return false;
    *out = (enum gf_act)i;
    return true;
}

const char *gf_act_id_list(void)
{
    return "linear, sigmoid, tanh, relu, leaky_relu, gelu, silu";
}

bool gf_act_is_relu_family(enum gf_act act)
{
    return act == GF_ACT_RELU || act == GF_ACT_LEAKY_RELU;
}

static float sigmoidf(float x)
{
    return 1.0f / (1.0f + expf(-x));
}

#define GF_SQRT1_2 0.70710678118654752f   /* 1/sqrt(2) */
#define GF_INV_SQRT_2PI 0.39894228040143268f /* 1/sqrt(2*pi) */

static float gelu_cdf(float x)
{
    return 0.5f * (1.0f + erff(x * GF_SQRT1_2));
}

float gf_act_f(enum gf_act act, float alpha, float x)
{
    switch (act) {
    case GF_ACT_LINEAR: return x;
    case GF_ACT_SIGMOID: return sigmoidf(x);
    case GF_ACT_TANH: return tanhf(x);
    case GF_ACT_RELU: return x > 0.0f ? x : 0.0f;
    case GF_ACT_LEAKY_RELU: return x > 0.0f ? x : alpha * x;
    case GF_ACT_GELU: return x * gelu_cdf(x);
    case GF_ACT_SILU: return x / (1.0f + expf(-x)); /* as ATen writes it */
    case GF_ACT_COUNT: break;
    }
    return NAN;
}

float gf_act_df(enum gf_act act, float alpha, float x)
{
    switch (act) {
    case GF_ACT_LINEAR: return 1.0f;
    case GF_ACT_SIGMOID: {
        float s = sigmoidf(x);
        return (1.0f - s) * s;
    }
    case GF_ACT_TANH: {
        float t = tanhf(x);
        return 1.0f - t * t;
    }
    case GF_ACT_RELU: return x > 0.0f ? 1.0f : 0.0f;
    case GF_ACT_LEAKY_RELU: return x > 0.0f ? 1.0f : alpha;
    case GF_ACT_GELU: return gelu_cdf(x) + x * (GF_INV_SQRT_2PI * expf(x * x * -0.5f));
    case GF_ACT_SILU: {
        float s = sigmoidf(x);
        return s * (1.0f + x * (1.0f - s));
    }
    case GF_ACT_COUNT: break;
    }
    return NAN;
}

void gf_act_forward(enum gf_act act, float alpha, float *h, const float *z, int n)
{
    switch (act) {
    case GF_ACT_LINEAR:
        memmove(h, z, (size_t)n * sizeof *h);
        return;
    case GF_ACT_RELU:
        for (int i = 0; i < n; i++)
            h[i] = z[i] > 0.0f ? z[i] : 0.0f;
        return;
    case GF_ACT_LEAKY_RELU:
        for (int i = 0; i < n; i++)
            h[i] = z[i] > 0.0f ? z[i] : alpha * z[i];
        return;
    default:
        for (int i = 0; i < n; i++)
            h[i] = gf_act_f(act, alpha, z[i]);
        return;
    }
}

void gf_act_backward(enum gf_act act, float alpha, float *dz, const float *dh,
                     const float *z, const float *h, int n)
{
    switch (act) {
    case GF_ACT_LINEAR:
        memmove(dz, dh, (size_t)n * sizeof *dz);
        return;
    case GF_ACT_SIGMOID:
        for (int i = 0; i < n; i++)
            dz[i] = dh[i] * (1.0f - h[i]) * h[i]; /* ATen's order of rounding */
        return;
    case GF_ACT_TANH:
        for (int i = 0; i < n; i++)
            dz[i] = dh[i] * (1.0f - h[i] * h[i]);
        return;
    case GF_ACT_RELU:
        for (int i = 0; i < n; i++)
            dz[i] = z[i] > 0.0f ? dh[i] : 0.0f;
        return;
    case GF_ACT_LEAKY_RELU:
        for (int i = 0; i < n; i++)
            dz[i] = z[i] > 0.0f ? dh[i] : dh[i] * alpha;
        return;
    default:
        for (int i = 0; i < n; i++)
            dz[i] = dh[i] * gf_act_df(act, alpha, z[i]);
        return;
    }
}
