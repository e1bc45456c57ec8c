/* gf_gemm.c - the blocked matrix kernel, the transpose the forward pass
 * needs, a layer's three products built from them, and the naive reference. */
#include "gf_gemm.h"

#include <string.h>

#include "gf_madd.h"

/* ---- the kernel ---------------------------------------------------------
 *
 * Forward and backward are three products, all written as one kernel,
 *     C = S + A B  C: (M, N), ldc;  A: (M, K) at a[m * a_rs + k * a_cs];  B: (K, N), ldb
 * where S is C itself (accumulate) or one row repeated (the bias, or zeros),
 * C and B run along contiguous rows and A is read one number at a time (so A
 * may be transposed for free by its strides):
 *     forward   z  = b + h W^T  (C = z,  A = h,    B = W^T, a copy made per pass),
 *               or z^T = b + W h^T for a few rows (C = z^T, A = W, B = h^T)
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
NOINLINE void gf_gemm(float *restrict C, int ldc, const float *restrict row, const float *restrict A,
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

static const float zeros[GF_GEMM_MAX_ROW];   /* the row dh starts from */

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

void gf_transpose(float *restrict wt, const float *restrict W, int in, int out)
{
    int o_tiled = out / 8 * 8, i_tiled = in / 8 * 8;
    for (int o = 0; o < o_tiled; o += 8)
        for (int i = 0; i < i_tiled; i += 8)
            transpose_tile(wt + (size_t)i * out + o, (size_t)out, W + (size_t)o * in + i, (size_t)in);
    for (int o = 0; o < out; o++)   /* the edges: columns past the tiles, then rows past them */
        for (int i = o < o_tiled ? i_tiled : 0; i < in; i++)
            wt[(size_t)i * out + o] = W[(size_t)o * in + i];
}

/* z = h W^T + b.  z: (B, out), h: (B, in), W: (out, in), b: (out), wt: scratch (in, out)
 *
 * The kernel wants its right-hand side in rows, and W^T is not: either W is
 * transposed, or the product is taken the other way round, z^T = W h^T
 * (A = W by its strides, B = h^T), and h and z are transposed instead. A
 * pass of a few rows through a wide layer (a minibatch of 32 at width 256,
 * the decision map's slices) moves far less that way: 2 x 32 x 256 numbers
 * instead of W's 256 x 256, which a deep network's pass would otherwise
 * read from memory and write again at every layer. Both give the same
 * bits: every element is the same products added in the same order (k
 * ascending, from the bias), each fused or not alike. */
void gf_linear_forward(float *z, const float *h, const float *W, const float *b, float *wt, int B, int in,
                           int out)
{
    if ((size_t)B * ((size_t)in + (size_t)out) < (size_t)in * (size_t)out) {
        float *ht = wt, *zt = wt + (size_t)B * in;   /* (in, B) and (out, B): within the scratch's in x out */
        gf_transpose(ht, h, in, B);
        for (int o = 0; o < out; o++)
            for (int r = 0; r < B; r++)
                zt[(size_t)o * B + r] = b[o];
        gf_gemm(zt, B, NULL, W, in, 1, ht, B, out, B, in);
        gf_transpose(z, zt, B, out);
        return;
    }
    gf_transpose(wt, W, in, out);
    gf_gemm(z, out, b, h, in, 1, wt, out, B, out, in);
}

/* dW += dz^T h, db += sum over rows of dz, and (when dh is not NULL) dh = dz W.
 * dW: (out, in), db: (out), dh: (B, in), dz: (B, out), h: (B, in), W: (out, in) */
void gf_linear_backward_weights(float *dW, bool add, float *db, const float *dz, const float *h, int B, int in,
                                int out)
{
    gf_gemm(dW, in, add ? NULL : zeros, dz, 1, out, h, in, out, in, B);
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
}

void gf_linear_backward_input(float *dh, const float *dz, const float *W, int B, int in, int out)
{
    gf_gemm(dh, in, zeros, dz, out, 1, W, in, B, in, out);
}

/* ---- the definition ------------------------------------------------------ */

void gf_gemm_naive(float *C, int ldc, const float *row, const float *A, ptrdiff_t a_rs, ptrdiff_t a_cs,
                   const float *B, int ldb, int M, int N, int K)
{
    for (int m = 0; m < M; m++)
        for (int n = 0; n < N; n++) {
            double sum = row ? row[n] : C[(size_t)m * ldc + n];
            for (int k = 0; k < K; k++)
                sum += (double)A[m * a_rs + k * a_cs] * B[(size_t)k * ldb + n];
            C[(size_t)m * ldc + n] = (float)sum;
        }
}
