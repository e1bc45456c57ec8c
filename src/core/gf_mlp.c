/* gf_mlp.c - forward and backward passes, with optional skip connections
 * and batch normalization. */
#include "gf_mlp.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gf_madd.h"

bool gf_mlp_init(struct gf_mlp *net, const struct gf_mlp_params *p)
{
    memset(net, 0, sizeof *net);
    if (p->n_in < 1 || p->n_in > GF_MAX_INPUTS || p->n_out < 1 || p->n_out > GF_MAX_WIDTH || p->depth < 1 ||
        p->depth > GF_MAX_HIDDEN || p->width < 1 || p->width > GF_MAX_WIDTH || p->max_batch < 1)
        return false;

    net->act = p->act;
    net->alpha = p->alpha;
    net->residual = p->residual;
    net->batchnorm = p->batchnorm;
    net->n_layers = p->depth + 1;
    net->max_batch = p->max_batch;
    net->size[0] = p->n_in;
    for (int l = 1; l < net->n_layers; l++)
        net->size[l] = p->width;
    net->size[net->n_layers] = p->n_out;

    size_t params = 0, hs = 0, zs = 0, units = 0, largest_w = 0;
    int widest = 0;
    for (int l = 0; l < net->n_layers; l++) {
        int in = net->size[l], out = net->size[l + 1];
        net->w_off[l] = params;
        params += (size_t)out * in;
        if ((size_t)out * in > largest_w)
            largest_w = (size_t)out * in;
        net->b_off[l] = params;
        params += (size_t)out;
        net->gamma_off[l] = params;
        if (gf_mlp_has_bn(net, l))
            params += 2 * (size_t)out;   /* gamma, beta */
        net->end_off[l] = params;
        net->run_off[l] = units;
        units += (size_t)out;
        net->h_off[l] = hs;
        hs += (size_t)p->max_batch * in;
        net->z_off[l] = zs;
        zs += (size_t)p->max_batch * out;
        if (in > widest)
            widest = in;
        if (out > widest)
            widest = out;
    }
    size_t scratch = (size_t)p->max_batch * widest;
    net->n_params = params;
    net->params = calloc(params, sizeof *net->params);
    net->grads = calloc(params, sizeof *net->grads);
    /* Without skip connections a hidden layer's output is the next layer's
     * input: a is then the part of h after the inputs (h_off[l + 1] is
     * h_off[1] + z_off[l]), and the forward pass copies nothing. */
    net->h = calloc(p->residual ? hs : net->h_off[1] + zs, sizeof *net->h);
    net->z = calloc(zs, sizeof *net->z);
    net->a = p->residual ? calloc(zs, sizeof *net->a) : net->h ? net->h + net->h_off[1] : NULL;
    net->dz = calloc(zs, sizeof *net->dz);
    net->slope = calloc(zs, sizeof *net->slope);
    net->dh = calloc(scratch, sizeof *net->dh);
    net->dg = calloc(scratch, sizeof *net->dg);
    net->dlin = calloc(scratch, sizeof *net->dlin);
    net->wt = calloc(largest_w, sizeof *net->wt);
    bool ok = net->params && net->grads && net->h && net->z && net->a && net->dz && net->slope && net->dh && net->dg && net->dlin &&
              net->wt;
    if (ok && p->batchnorm) {
        net->lin = calloc(zs, sizeof *net->lin);
        net->xhat = calloc(zs, sizeof *net->xhat);
        net->running = calloc(2 * units, sizeof *net->running);
        net->bn_mean = calloc(units, sizeof *net->bn_mean);
        net->bn_inv_std = calloc(units, sizeof *net->bn_inv_std);
        net->bn_var = calloc(units, sizeof *net->bn_var);
        ok = net->lin && net->xhat && net->running && net->bn_mean && net->bn_inv_std && net->bn_var;
    }
    if (!ok) {
        gf_mlp_destroy(net);
        return false;
    }
    gf_mlp_reset_batchnorm(net);
    return true;
}

void gf_mlp_destroy(struct gf_mlp *net)
{
    free(net->params);
    free(net->grads);
    free(net->running);
    if (net->residual)
        free(net->a);
    free(net->h);
    free(net->slope);
    free(net->z);
    free(net->lin);
    free(net->xhat);
    free(net->bn_mean);
    free(net->bn_inv_std);
    free(net->bn_var);
    free(net->dz);
    free(net->dh);
    free(net->dg);
    free(net->dlin);
    free(net->wt);
    memset(net, 0, sizeof *net);
}

void gf_mlp_reset_batchnorm(struct gf_mlp *net)
{
    for (int l = 0; l < net->n_layers; l++) {
        if (!gf_mlp_has_bn(net, l))
            continue;
        int n = net->size[l + 1];
        float *gamma = gf_mlp_gamma(net, l), *beta = gf_mlp_beta(net, l);
        float *mean = gf_mlp_running_mean(net, l), *var = gf_mlp_running_var(net, l);
        for (int j = 0; j < n; j++) {
            gamma[j] = 1.0f;
            beta[j] = 0.0f;
            mean[j] = 0.0f;
            var[j] = 1.0f;
        }
    }
}

bool gf_mlp_init_copy(struct gf_mlp *dst, const struct gf_mlp *src, int max_batch)
{
    struct gf_mlp_params p = {
        .n_in = src->size[0],
        .n_out = src->size[src->n_layers],
        .depth = src->n_layers - 1,
        .width = src->size[1],
        .max_batch = max_batch,
        .act = src->act,
        .alpha = src->alpha,
        .residual = src->residual,
        .batchnorm = src->batchnorm,
    };
    if (!gf_mlp_init(dst, &p))
        return false;
    gf_mlp_copy_params(dst, src);
    return true;
}

void gf_mlp_copy_params(struct gf_mlp *dst, const struct gf_mlp *src)
{
    memcpy(dst->params, src->params, src->n_params * sizeof *src->params);
    if (src->running)
        memcpy(dst->running, src->running, 2 * src->run_off[src->n_layers - 1] * sizeof *src->running);
}

long gf_mlp_macs(const struct gf_mlp *net)
{
    long macs = 0;
    for (int l = 0; l < net->n_layers; l++)
        macs += (long)net->size[l] * net->size[l + 1];
    return macs;
}

float *gf_mlp_logits(const struct gf_mlp *net)
{
    return net->z + net->z_off[net->n_layers - 1];
}

float *gf_mlp_dlogits(const struct gf_mlp *net)
{
    return net->dz + net->z_off[net->n_layers - 1];
}

void gf_mlp_zero_grads(struct gf_mlp *net)
{
    memset(net->grads, 0, net->n_params * sizeof *net->grads);
}

/* ---- the matrix kernel -------------------------------------------------
 *
 * Forward and backward are three products, all written as one kernel,
 *     C = S + A B  C: (M, N), ldc;  A: (M, K) at a[m * a_rs + k * a_cs];  B: (K, N), ldb
 * where S is C itself (accumulate) or one row repeated (the bias, or zeros),
 * C and B run along contiguous rows and A is read one number at a time (so A
 * may be transposed for free by its strides):
 *     forward   z  = b + h W^T  (C = z,  A = h,    B = W^T, a copy made per pass)
 *     backward  dh = dz W       (C = dh, A = dz,   B = W)
 *               dW += dz^T h    (C = dW, A = dz^T, B = h)
 * C is cut into blocks of MR rows by NR columns held in local arrays for the
 * whole sum over k; at each k a block takes MR numbers of A and one row of
 * NR from B. With MR and NR fixed at compile time the compiler keeps the
 * block in vector registers and turns the innermost loops into vector
 * multiply-adds; on machines with AVX-512 or AVX2 and FMA, blocks of 8 rows
 * are written with those instructions directly (vec_block8 below). The
 * order of every sum is fixed by this code (k ascending, every block
 * alike), so a build gives the same bits on every run. */

#define MR 4    /* rows of C per block */
#define NR 16   /* columns of C per wide block: one AVX-512 or two AVX registers */

/* The blocks work only when each call with a constant nr is compiled into
 * its own loops: clang (the WebAssembly build's compiler) kept gemm_panel
 * a function of its own taking nr as a variable, its sums in memory, and
 * ran the products at half the speed. */
#if defined(__clang__)
#define BLOCK_INLINE static inline __attribute__((always_inline))
#else
#define BLOCK_INLINE static inline
#endif

/* Rows [0, MR) and columns [0, nr) of C = S + A B over k < K, nr <= NR,
 * with S = C when row is NULL, else row on every row. The callers pass a
 * constant nr, so each use compiles to its own fully vectorised loop with
 * the block in registers. */
BLOCK_INLINE void gemm_block(float *restrict C, int ldc, const float *restrict row, const float *restrict A,
                              ptrdiff_t a_rs, ptrdiff_t a_cs, const float *restrict B, int ldb, int K, int nr)
{
    float c0[NR], c1[NR], c2[NR], c3[NR];
    for (int j = 0; j < nr; j++) {
        c0[j] = row ? row[j] : C[j];
        c1[j] = row ? row[j] : C[(size_t)ldc + j];
        c2[j] = row ? row[j] : C[2 * (size_t)ldc + j];
        c3[j] = row ? row[j] : C[3 * (size_t)ldc + j];
    }
    for (int k = 0; k < K; k++) {
        const float *b = B + (size_t)k * ldb, *a = A + k * a_cs;
        float a0 = a[0], a1 = a[a_rs], a2 = a[2 * a_rs], a3 = a[3 * a_rs];
        for (int j = 0; j < nr; j++) {
            c0[j] = GF_MADDF(a0, b[j], c0[j]);
            c1[j] = GF_MADDF(a1, b[j], c1[j]);
            c2[j] = GF_MADDF(a2, b[j], c2[j]);
            c3[j] = GF_MADDF(a3, b[j], c3[j]);
        }
    }
    for (int j = 0; j < nr; j++) {
        C[j] = c0[j];
        C[(size_t)ldc + j] = c1[j];
        C[2 * (size_t)ldc + j] = c2[j];
        C[3 * (size_t)ldc + j] = c3[j];
    }
}

/* The same for a single row of C: the last M % MR rows. */
BLOCK_INLINE void gemm_row(float *restrict C, const float *restrict row, const float *restrict A, ptrdiff_t a_cs,
                            const float *restrict B, int ldb, int K, int nr)
{
    float c[NR];
    for (int j = 0; j < nr; j++)
        c[j] = row ? row[j] : C[j];
    for (int k = 0; k < K; k++) {
        const float *b = B + (size_t)k * ldb;
        float a = A[k * a_cs];
        for (int j = 0; j < nr; j++)
            c[j] = GF_MADDF(a, b[j], c[j]);
    }
    for (int j = 0; j < nr; j++)
        C[j] = c[j];
}

/* Columns [0, nr) of C, every row. */
BLOCK_INLINE void gemm_panel(float *restrict C, int ldc, const float *restrict row, const float *restrict A,
                              ptrdiff_t a_rs, ptrdiff_t a_cs, const float *restrict B, int ldb, int M, int K, int nr)
{
    int m = 0;
    for (; m + MR <= M; m += MR)
        gemm_block(C + (size_t)m * ldc, ldc, row, A + m * a_rs, a_rs, a_cs, B, ldb, K, nr);
    for (; m < M; m++)
        gemm_row(C + (size_t)m * ldc, row, A + m * a_rs, a_cs, B, ldb, K, nr);
}

/* Where the machine has AVX-512 or AVX2 with FMA, blocks of 8 rows by one
 * vector of columns are written with the vector instructions themselves.
 * The plain blocks above rely on the compiler keeping four rows of sums in
 * registers; at eight it no longer does, and small changes to the code
 * around them tipped it into keeping them on the stack. Eight independent
 * sums per step hide the multiply-add's latency, which four barely do:
 * sigmoid-d10-w32-b32 and relu-d30-w64-b64 each gained about a tenth. The
 * arithmetic is the same fused multiply-adds in the same order (gf_madd.h
 * fuses the plain blocks' wherever these exist), so the results are the
 * same bits as the plain blocks'. */
#if defined(__AVX512F__)
#include <immintrin.h>
#define HAVE_VEC_BLOCKS 1
typedef __m512 vec;
enum { VEC_WIDTH = 16 };
static inline vec vec_load(const float *p) { return _mm512_loadu_ps(p); }
static inline void vec_store(float *p, vec v) { _mm512_storeu_ps(p, v); }
static inline vec vec_madd(float a, vec b, vec c) { return _mm512_fmadd_ps(_mm512_set1_ps(a), b, c); }
#elif defined(__AVX2__) && defined(__FMA__)
#include <immintrin.h>
#define HAVE_VEC_BLOCKS 1
typedef __m256 vec;
enum { VEC_WIDTH = 8 };
static inline vec vec_load(const float *p) { return _mm256_loadu_ps(p); }
static inline void vec_store(float *p, vec v) { _mm256_storeu_ps(p, v); }
static inline vec vec_madd(float a, vec b, vec c) { return _mm256_fmadd_ps(_mm256_set1_ps(a), b, c); }
#endif

#ifdef HAVE_VEC_BLOCKS

/* Rows [0, 8) and columns [0, VEC_WIDTH) of C = S + A B, as gemm_block. */
static inline void vec_block8(float *restrict C, size_t ldc, const float *restrict row, const float *restrict A,
                              ptrdiff_t a_rs, ptrdiff_t a_cs, const float *restrict B, int ldb, int K)
{
    vec c0, c1, c2, c3, c4, c5, c6, c7;
    if (row) {
        c0 = c1 = c2 = c3 = c4 = c5 = c6 = c7 = vec_load(row);
    } else {
        c0 = vec_load(C);
        c1 = vec_load(C + ldc);
        c2 = vec_load(C + 2 * ldc);
        c3 = vec_load(C + 3 * ldc);
        c4 = vec_load(C + 4 * ldc);
        c5 = vec_load(C + 5 * ldc);
        c6 = vec_load(C + 6 * ldc);
        c7 = vec_load(C + 7 * ldc);
    }
    for (int k = 0; k < K; k++) {
        vec b = vec_load(B + (size_t)k * ldb);
        const float *a = A + k * a_cs;
        c0 = vec_madd(a[0], b, c0);
        c1 = vec_madd(a[a_rs], b, c1);
        c2 = vec_madd(a[2 * a_rs], b, c2);
        c3 = vec_madd(a[3 * a_rs], b, c3);
        c4 = vec_madd(a[4 * a_rs], b, c4);
        c5 = vec_madd(a[5 * a_rs], b, c5);
        c6 = vec_madd(a[6 * a_rs], b, c6);
        c7 = vec_madd(a[7 * a_rs], b, c7);
    }
    vec_store(C, c0);
    vec_store(C + ldc, c1);
    vec_store(C + 2 * ldc, c2);
    vec_store(C + 3 * ldc, c3);
    vec_store(C + 4 * ldc, c4);
    vec_store(C + 5 * ldc, c5);
    vec_store(C + 6 * ldc, c6);
    vec_store(C + 7 * ldc, c7);
}

/* Columns [0, VEC_WIDTH) of C, every row: eights of rows, then the plain blocks. */
static inline void vec_panel(float *restrict C, int ldc, const float *restrict row, const float *restrict A,
                             ptrdiff_t a_rs, ptrdiff_t a_cs, const float *restrict B, int ldb, int M, int K)
{
    int m = 0;
    for (; m + 8 <= M; m += 8)
        vec_block8(C + (size_t)m * ldc, (size_t)ldc, row, A + m * a_rs, a_rs, a_cs, B, ldb, K);
    gemm_panel(C + (size_t)m * ldc, ldc, row, A + m * a_rs, a_rs, a_cs, B, ldb, M - m, K, VEC_WIDTH);
}
#endif

/* The kernel stays a function of its own: inlined into the long backward
 * pass, GCC 12 ran out of registers and kept the blocks on the stack
 * (relu-d30-w64-b64 lost a fifth of its speed). */
#if defined(__GNUC__)
#define NOINLINE __attribute__((noinline))
#else
#define NOINLINE
#endif

/* C = S + A B, as described above: row NULL accumulates into C, else every
 * row of C starts from row (N numbers). */
NOINLINE static void gemm(float *restrict C, int ldc, const float *restrict row, const float *restrict A,
                          ptrdiff_t a_rs, ptrdiff_t a_cs, const float *restrict B, int ldb, int M, int N, int K)
{
    int n = 0;
#ifdef HAVE_VEC_BLOCKS
    for (; n + VEC_WIDTH <= N; n += VEC_WIDTH)
        vec_panel(C + n, ldc, row ? row + n : NULL, A, a_rs, a_cs, B + n, ldb, M, K);
#endif
    for (; n + NR <= N; n += NR)
        gemm_panel(C + n, ldc, row ? row + n : NULL, A, a_rs, a_cs, B + n, ldb, M, K, NR);
    for (; n + 8 <= N; n += 8)   /* narrow layers (width 8) and the rest of widths like 40 */
        gemm_panel(C + n, ldc, row ? row + n : NULL, A, a_rs, a_cs, B + n, ldb, M, K, 8);
    for (; n < N; n++)           /* the output layer's one logit, and any last columns */
        gemm_panel(C + n, ldc, row ? row + n : NULL, A, a_rs, a_cs, B + n, ldb, M, K, 1);
}

static const float zeros[GF_MAX_WIDTH];   /* the row dh starts from */

/* wt (in, out) = W (out, in)^T, the forward product's right-hand side, in
 * tiles of 8 x 8. Element by element a transpose costs a load and a store
 * each, about a tenth of a sigmoid net's step at width 32; GCC 12 and clang
 * transpose a tile in vector registers (three rounds of pairwise shuffles),
 * other compilers one number at a time. */
#if defined(__clang__) || (defined(__GNUC__) && __GNUC__ >= 12)
typedef float row8 __attribute__((vector_size(32)));

static void transpose_tile(float *restrict dst, size_t ldd, const float *restrict src, size_t lds)
{
    row8 r[8], t[8];
    for (int i = 0; i < 8; i++)
        memcpy(&r[i], src + i * lds, sizeof r[i]);
    /* rows interleaved in pairs by single numbers, then by pairs of numbers;
     * row k then holds columns k and k + 4 of four rows; halves swapped last */
    for (int i = 0; i < 8; i += 2) {
        t[i] = __builtin_shufflevector(r[i], r[i + 1], 0, 8, 1, 9, 4, 12, 5, 13);
        t[i + 1] = __builtin_shufflevector(r[i], r[i + 1], 2, 10, 3, 11, 6, 14, 7, 15);
    }
    for (int i = 0; i < 8; i += 4)
        for (int j = 0; j < 2; j++) {
            r[i + 2 * j] = __builtin_shufflevector(t[i + j], t[i + j + 2], 0, 1, 8, 9, 4, 5, 12, 13);
            r[i + 2 * j + 1] = __builtin_shufflevector(t[i + j], t[i + j + 2], 2, 3, 10, 11, 6, 7, 14, 15);
        }
    for (int j = 0; j < 4; j++) {
        t[j] = __builtin_shufflevector(r[j], r[j + 4], 0, 1, 2, 3, 8, 9, 10, 11);
        t[j + 4] = __builtin_shufflevector(r[j], r[j + 4], 4, 5, 6, 7, 12, 13, 14, 15);
    }
    for (int i = 0; i < 8; i++)
        memcpy(dst + i * ldd, &t[i], sizeof t[i]);
}
#else
static void transpose_tile(float *restrict dst, size_t ldd, const float *restrict src, size_t lds)
{
    for (size_t i = 0; i < 8; i++)
        for (size_t o = 0; o < 8; o++)
            dst[i * ldd + o] = src[o * lds + i];
}
#endif

static void transpose(float *restrict wt, const float *restrict W, int in, int out)
{
    int o_tiled = out / 8 * 8, i_tiled = in / 8 * 8;
    for (int o = 0; o < o_tiled; o += 8)
        for (int i = 0; i < i_tiled; i += 8)
            transpose_tile(wt + (size_t)i * out + o, (size_t)out, W + (size_t)o * in + i, (size_t)in);
    for (int o = 0; o < out; o++)   /* the edges: columns past the tiles, then rows past them */
        for (int i = o < o_tiled ? i_tiled : 0; i < in; i++)
            wt[(size_t)i * out + o] = W[(size_t)o * in + i];
}

/* z = h W^T + b.  z: (B, out), h: (B, in), W: (out, in), b: (out), wt: scratch (in, out) */
static void linear_forward(float *z, const float *h, const float *W, const float *b, float *wt, int B, int in,
                           int out)
{
    transpose(wt, W, in, out);
    gemm(z, out, b, h, in, 1, wt, out, B, out, in);
}

/* dW += dz^T h, db += sum over rows of dz, and (when dh is not NULL) dh = dz W.
 * dW: (out, in), db: (out), dh: (B, in), dz: (B, out), h: (B, in), W: (out, in) */
static void linear_backward(float *dW, float *db, float *dh, const float *dz, const float *h, const float *W, int B,
                            int in, int out)
{
    gemm(dW, in, NULL, dz, 1, out, h, in, out, in, B);
    /* db: column sums of dz, NR columns at a time held in registers over all rows */
    int o = 0;
    for (; o + NR <= out; o += NR) {
        float sum[NR];
        for (int j = 0; j < NR; j++)
            sum[j] = db[o + j];
        for (int r = 0; r < B; r++)
            for (int j = 0; j < NR; j++)
                sum[j] += dz[(size_t)r * out + o + j];
        for (int j = 0; j < NR; j++)
            db[o + j] = sum[j];
    }
    for (; o < out; o++)
        for (int r = 0; r < B; r++)
            db[o] += dz[(size_t)r * out + o];
    if (!dh)
        return;
    gemm(dh, in, zeros, dz, out, 1, W, in, B, in, out);
}

/* Batchnorm of hidden layer l from lin into z. Training: the batch's mean
 * and biased variance, kept for backward and the running update; inference:
 * the running statistics. */
static void batchnorm_forward(struct gf_mlp *net, int l, int B, bool training)
{
    int n = net->size[l + 1];
    const float *lin = net->lin + net->z_off[l];
    float *z = net->z + net->z_off[l], *xhat = net->xhat + net->z_off[l];
    const float *gamma = gf_mlp_gamma(net, l), *beta = gf_mlp_beta(net, l);
    float *mean = net->bn_mean + net->run_off[l], *inv_std = net->bn_inv_std + net->run_off[l];
    float *var = net->bn_var + net->run_off[l];
    for (int j = 0; j < n; j++) {
        double m, v;
        if (training) {
            double sum = 0.0, sq = 0.0;
            for (int r = 0; r < B; r++)
                sum += lin[(size_t)r * n + j];
            m = sum / B;
            for (int r = 0; r < B; r++) {
                double d = lin[(size_t)r * n + j] - m;
                sq += d * d;
            }
            v = sq / B;
        } else {
            m = gf_mlp_running_mean(net, l)[j];
            v = gf_mlp_running_var(net, l)[j];
        }
        mean[j] = (float)m;
        var[j] = (float)v;
        inv_std[j] = (float)(1.0 / sqrt(v + GF_BN_EPS));
    }
    for (int r = 0; r < B; r++)
        for (int j = 0; j < n; j++) {
            size_t k = (size_t)r * n + j;
            xhat[k] = (lin[k] - mean[j]) * inv_std[j];
            z[k] = gamma[j] * xhat[k] + beta[j];
        }
}

static void forward(struct gf_mlp *net, const float *x, int B, bool training)
{
    net->batch = B;
    memcpy(net->h + net->h_off[0], x, (size_t)B * net->size[0] * sizeof *x);
    for (int l = 0; l < net->n_layers; l++) {
        int in = net->size[l], out = net->size[l + 1];
        const float *h = net->h + net->h_off[l];
        float *z = net->z + net->z_off[l];
        bool bn = gf_mlp_has_bn(net, l);
        linear_forward(bn ? net->lin + net->z_off[l] : z, h, gf_mlp_W(net, l), gf_mlp_b(net, l), net->wt, B, in,
                       out);
        if (bn)
            batchnorm_forward(net, l, B, training);
        if (l + 1 == net->n_layers)
            break;
        float *a = net->a + net->z_off[l], *next = net->h + net->h_off[l + 1];
        gf_act_forward(net->act, net->alpha, a, z, B * out);
        if (gf_mlp_has_skip(net, l))
            for (int k = 0; k < B * out; k++)
                next[k] = h[k] + a[k];
        else if (next != a)   /* a residual net's first layer */
            memcpy(next, a, (size_t)B * out * sizeof *next);
    }
}

void gf_mlp_forward(struct gf_mlp *net, const float *x, int B)
{
    forward(net, x, B, true);
}

void gf_mlp_infer(struct gf_mlp *net, const float *x, int B)
{
    forward(net, x, B, false);
}

void gf_mlp_update_running(struct gf_mlp *net)
{
    int B = net->batch;
    for (int l = 0; l < net->n_layers; l++) {
        if (!gf_mlp_has_bn(net, l))
            continue;
        int n = net->size[l + 1];
        const float *mean = net->bn_mean + net->run_off[l], *var = net->bn_var + net->run_off[l];
        float *rm = gf_mlp_running_mean(net, l), *rv = gf_mlp_running_var(net, l);
        for (int j = 0; j < n; j++) {
            /* torch keeps the unbiased variance in the running estimate */
            double unbiased = B > 1 ? (double)var[j] * B / (B - 1) : var[j];
            rm[j] = (1.0f - GF_BN_MOMENTUM) * rm[j] + GF_BN_MOMENTUM * mean[j];
            rv[j] = (1.0f - GF_BN_MOMENTUM) * rv[j] + GF_BN_MOMENTUM * (float)unbiased;
        }
    }
}

/* From dz (d loss / d batchnorm output) of hidden layer l: dgamma, dbeta,
 * and d loss / d lin into dlin. The standard batchnorm backward:
 * dlin = gamma / std / B * (B dz - sum(dz) - xhat sum(dz xhat)). */
static void batchnorm_backward(struct gf_mlp *net, int l, float *dlin)
{
    int B = net->batch, n = net->size[l + 1];
    const float *dz = net->dz + net->z_off[l], *xhat = net->xhat + net->z_off[l];
    const float *gamma = gf_mlp_gamma(net, l), *inv_std = net->bn_inv_std + net->run_off[l];
    float *dgamma = gf_mlp_dgamma(net, l), *dbeta = gf_mlp_dbeta(net, l);
    for (int j = 0; j < n; j++) {
        double sum_dz = 0.0, sum_dz_xhat = 0.0;
        for (int r = 0; r < B; r++) {
            size_t k = (size_t)r * n + j;
            sum_dz += dz[k];
            sum_dz_xhat += (double)dz[k] * xhat[k];
        }
        dgamma[j] += (float)sum_dz_xhat;
        dbeta[j] += (float)sum_dz;
        double scale = (double)gamma[j] * inv_std[j] / B;
        for (int r = 0; r < B; r++) {
            size_t k = (size_t)r * n + j;
            dlin[k] = (float)(scale * ((double)B * dz[k] - sum_dz - xhat[k] * sum_dz_xhat));
        }
    }
}

void gf_mlp_backward(struct gf_mlp *net)
{
    int B = net->batch;
    /* g: d loss / d h_{l+1}, the output of hidden layer l; g_next is built for h_l */
    float *g = net->dh, *g_next = net->dg;
    for (int l = net->n_layers - 1; l >= 0; l--) {
        int in = net->size[l], out = net->size[l + 1];
        float *dz = net->dz + net->z_off[l];
        if (l + 1 < net->n_layers)   /* the output layer's dz is the head's d loss / d logits */
            gf_act_backward(net->act, net->alpha, dz, net->slope + net->z_off[l], g, net->z + net->z_off[l],
                            net->a + net->z_off[l], B * out);
        const float *dlin = dz;
        if (gf_mlp_has_bn(net, l)) {
            batchnorm_backward(net, l, net->dlin);
            dlin = net->dlin;
        }
        linear_backward(gf_mlp_dW(net, l), gf_mlp_db(net, l), l > 0 ? g_next : NULL, dlin, net->h + net->h_off[l],
                        gf_mlp_W(net, l), B, in, out);
        if (l > 0 && gf_mlp_has_skip(net, l))   /* h_{l+1} = h_l + a_l: the skip passes g straight down */
            for (int k = 0; k < B * in; k++)
                g_next[k] += g[k];
        float *t = g;
        g = g_next;
        g_next = t;
    }
}

bool gf_mlp_effective_linear(const struct gf_mlp *net, double *W_eff, double *b_eff)
{
    if (net->act != GF_ACT_LINEAR || net->batchnorm)
        return false;
    /* Carry (M, c) with net_so_far(x) = M x + c through the layers:
     * M <- W M, c <- W c + b, starting from the identity; a skip
     * connection adds the layer's input back: M <- W M + M, c <- W c + b + c. */
    int n_in = net->size[0];
    double M[GF_MAX_WIDTH * GF_MAX_INPUTS], c[GF_MAX_WIDTH];
    double M2[GF_MAX_WIDTH * GF_MAX_INPUTS], c2[GF_MAX_WIDTH];
    for (int r = 0; r < n_in; r++) {
        c[r] = 0.0;
        for (int i = 0; i < n_in; i++)
            M[r * n_in + i] = r == i ? 1.0 : 0.0;
    }
    for (int l = 0; l < net->n_layers; l++) {
        int in = net->size[l], out = net->size[l + 1];
        bool skip = gf_mlp_has_skip(net, l);
        const float *W = gf_mlp_W(net, l), *b = gf_mlp_b(net, l);
        for (int o = 0; o < out; o++) {
            const float *wo = W + (size_t)o * in;
            double co = b[o] + (skip ? c[o] : 0.0);
            for (int k = 0; k < in; k++)
                co += (double)wo[k] * c[k];
            c2[o] = co;
            for (int i = 0; i < n_in; i++) {
                double m = skip ? M[o * n_in + i] : 0.0;
                for (int k = 0; k < in; k++)
                    m += (double)wo[k] * M[k * n_in + i];
                M2[o * n_in + i] = m;
            }
        }
        memcpy(M, M2, (size_t)out * n_in * sizeof *M);
        memcpy(c, c2, (size_t)out * sizeof *c);
    }
    int n_out = gf_mlp_n_out(net);
    memcpy(W_eff, M, (size_t)n_out * n_in * sizeof *M);
    memcpy(b_eff, c, (size_t)n_out * sizeof *c);
    return true;
}
