/* gf_act.c - activation kernels. Each is written as a plain loop over a
 * contiguous array so the compiler can vectorise it. */
#include "gf_act.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "gf_ids.h"
#include "gf_madd.h"

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

/* e^x in plain float arithmetic that the compiler can vectorise (libm's
 * expf is one call per element, most of a small network's training time).
 * Cephes' expf: x = n ln2 + r, |r| <= ln2 / 2, with ln2 in two parts so
 * n * LN2_HI is exact; a degree-7 polynomial for e^r; then 2^n through the
 * exponent bits. Within about 1 ulp of e^x (measured over every float) for x
 * up to 88.72283, the largest float whose e^x is finite; +inf above, as
 * expf. Below -86 it returns e^-86 (a clamp that keeps 2^n a normal
 * float): the callers add 1 to it, where anything under 2^-25 is lost. */
static inline float exp_poly(float x)
{
    const float LOG2E = 1.44269504088896341f, LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    const float ROUND = 12582912.0f;   /* 1.5 * 2^23: adding it rounds to a whole number */
    /* Clamped both ways (NaN to -86) so the conversion to int below is defined;
     * the result is picked by x itself at the end. */
    float xc = x > -86.0f ? x : -86.0f;
    xc = xc < 89.0f ? xc : 89.0f;
    float n = GF_MADDF(xc, LOG2E, ROUND) - ROUND;
    float r = GF_MADDF(-n, LN2_LO, GF_MADDF(-n, LN2_HI, xc));
    float p = GF_MADDF(1.9875691500e-4f, r, 1.3981999507e-3f);
    p = GF_MADDF(p, r, 8.3334519073e-3f);
    p = GF_MADDF(p, r, 4.1665795894e-2f);
    p = GF_MADDF(p, r, 1.6666665459e-1f);
    p = GF_MADDF(p, r, 5.0000001201e-1f);
    p = GF_MADDF(p, r * r, r) + 1.0f;
    /* 2^(n-1) times 2, so that n = 128 (x just under the overflow limit) still has a float */
    uint32_t bits = (uint32_t)((int32_t)n + 126) << 23;
    float scale;
    memcpy(&scale, &bits, sizeof scale);
    float e = p * scale * 2.0f;
    return x > 88.72283f ? INFINITY : x == x ? e : x;
}

/* 1 / (1 + e^-x): 0 below about -88.7, where e^-x overflows (as in PyTorch). */
static inline float sigmoidf(float x)
{
    return 1.0f / (1.0f + exp_poly(-x));
}

/* x sigmoid(x), as ATen writes it: x / (1 + e^-x). */
static inline float siluf(float x)
{
    return x / (1.0f + exp_poly(-x));
}

/* tanh, vectorisable, within 2 ulp: Cephes' tanhf. For |x| < 0.625 an odd
 * polynomial; above, 1 - 2 / (e^2|x| + 1), which is 1 in float from |x| = 9
 * on (the clamp at 44 keeps e^2|x| finite). Both are computed and one kept,
 * so the loop has no branch. */
static inline float tanh_poly(float x)
{
    float ax = fabsf(x), z = x * x;
    float small = GF_MADDF(-5.70498872745e-3f, z, 2.06390887954e-2f);
    small = GF_MADDF(small, z, -5.37397155531e-2f);
    small = GF_MADDF(small, z, 1.33314422036e-1f);
    small = GF_MADDF(small, z, -3.33332819422e-1f);
    small = GF_MADDF(small * z, x, x);
    float big = 1.0f - 2.0f / (exp_poly(2.0f * (ax < 44.0f ? ax : 44.0f)) + 1.0f);
    big = x < 0.0f ? -big : big;
    return ax < 0.625f ? small : big;
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
    case GF_ACT_TANH: return tanh_poly(x);
    case GF_ACT_RELU: return x > 0.0f ? x : 0.0f;
    case GF_ACT_LEAKY_RELU: return x > 0.0f ? x : alpha * x;
    case GF_ACT_GELU: return x * gelu_cdf(x);
    case GF_ACT_SILU: return siluf(x);
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
        float t = tanh_poly(x);
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
    case GF_ACT_SIGMOID:
        /* sigmoidf in two passes: as one loop, GCC moved the division into
         * each of exp_poly's special cases and divided three times per element */
        for (int i = 0; i < n; i++)
            h[i] = exp_poly(-z[i]);
        for (int i = 0; i < n; i++)
            h[i] = 1.0f / (1.0f + h[i]);
        return;
    case GF_ACT_TANH:
        for (int i = 0; i < n; i++)
            h[i] = tanh_poly(z[i]);
        return;
    case GF_ACT_SILU:
        for (int i = 0; i < n; i++)
            h[i] = siluf(z[i]);
        return;
    default:
        for (int i = 0; i < n; i++)
            h[i] = gf_act_f(act, alpha, z[i]);
        return;
    }
}

void gf_act_backward(enum gf_act act, float alpha, float *dz, float *s, const float *dh, const float *z,
                     const float *h, int n)
{
    switch (act) {
    case GF_ACT_LINEAR:
        for (int i = 0; i < n; i++) {
            s[i] = 1.0f;
            dz[i] = dh[i];
        }
        return;
    case GF_ACT_SIGMOID:
        for (int i = 0; i < n; i++) {
            s[i] = (1.0f - h[i]) * h[i];
            dz[i] = dh[i] * (1.0f - h[i]) * h[i]; /* ATen's order of rounding */
        }
        return;
    case GF_ACT_TANH:
        for (int i = 0; i < n; i++) {
            s[i] = 1.0f - h[i] * h[i];
            dz[i] = dh[i] * s[i];
        }
        return;
    case GF_ACT_RELU:
        for (int i = 0; i < n; i++) {
            s[i] = z[i] > 0.0f ? 1.0f : 0.0f;
            dz[i] = z[i] > 0.0f ? dh[i] : 0.0f;
        }
        return;
    case GF_ACT_LEAKY_RELU:
        for (int i = 0; i < n; i++) {
            s[i] = z[i] > 0.0f ? 1.0f : alpha;
            dz[i] = z[i] > 0.0f ? dh[i] : dh[i] * alpha;
        }
        return;
    default:
        for (int i = 0; i < n; i++) {
            s[i] = gf_act_df(act, alpha, z[i]);
            dz[i] = dh[i] * s[i];
        }
        return;
    }
}
