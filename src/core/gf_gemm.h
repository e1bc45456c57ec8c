/* gf_gemm.h - the matrix kernel behind the network's forward and backward
 * passes, and its slow, obvious twin that defines what it computes.
 *
 * One product serves all three of a layer's products:
 *     C = S + A B    C: (M, N) with row stride ldc
 *                    A: (M, K), element (m, k) at A[m * a_rs + k * a_cs]
 *                    B: (K, N) with row stride ldb
 * where S is C itself (row NULL: accumulate) or the N numbers of row on
 * every row of C (the bias, or zeros). A is read one number at a time, so
 * a transposed A costs nothing but its strides. The order of every sum is
 * fixed (k ascending), so one build gives the same bits on every run; the
 * fast kernel fuses its multiply-adds wherever the machine can (gf_madd.h),
 * so it matches gf_gemm_naive exactly only where neither fuses, and to
 * rounding otherwise. */
#ifndef GF_GEMM_H
#define GF_GEMM_H

#include <stdbool.h>
#include <stddef.h>

#define GF_GEMM_MAX_ROW 256   /* longest row gf_linear_backward starts dh from */

/* C = S + A B, blocked and vectorised. */
void gf_gemm(float *restrict C, int ldc, const float *restrict row, const float *restrict A, ptrdiff_t a_rs,
             ptrdiff_t a_cs, const float *restrict B, int ldb, int M, int N, int K);

/* C = S + A B, one element at a time in double precision: the definition
 * the kernel is tested against. */
void gf_gemm_naive(float *C, int ldc, const float *row, const float *A, ptrdiff_t a_rs, ptrdiff_t a_cs,
                   const float *B, int ldb, int M, int N, int K);

/* wt (in, out) = W (out, in) transposed. */
void gf_transpose(float *restrict wt, const float *restrict W, int in, int out);

/* z = h W^T + b.  z: (B, out), h: (B, in), W: (out, in), b: (out), wt: scratch (in, out) */
void gf_linear_forward(float *z, const float *h, const float *W, const float *b, float *wt, int B, int in, int out);

/* A layer's backward pass, in its two parts: the weights' gradients
 * dW += dz^T h (add false: dW = dz^T h, the same bits as += into zeros
 * without reading them) and db += the column sums of dz; and, apart, what
 * the layer below waits for, dh = dz W. dW: (out, in), db: (out),
 * dh: (B, in), dz: (B, out), h: (B, in), W: (out, in); in <= GF_GEMM_MAX_ROW */
void gf_linear_backward_weights(float *dW, bool add, float *db, const float *dz, const float *h, int B, int in,
                                int out);
void gf_linear_backward_input(float *dh, const float *dz, const float *W, int B, int in, int out);

#endif
