/* test_gemm.c - the matrix kernel against its definition, gf_gemm_naive,
 * directly: every way the blocking cuts a matrix (vector panels of 16 or 8
 * columns, plain panels of 16 and 8, single columns; blocks of 8 and 4 rows
 * and single rows), accumulating and starting from a row, with A read
 * straight and transposed through its strides, inside larger matrices
 * (ldc, ldb wider than N) whose margins must stay untouched; the
 * transpose at every tile edge; and a layer's forward pass, which takes its
 * product either way round, against the one way. */
#include "gf_test.h"

#include <stdbool.h>
#include <string.h>

#include "gf_gemm.h"
#include "gf_rng.h"

enum { MAX_DIM = 41, PAD = 3, SENTINEL_BITS = 0x7fc01234 };

static float sentinel(void)
{
    float f;
    uint32_t bits = SENTINEL_BITS;
    memcpy(&f, &bits, sizeof f);
    return f;
}

static bool is_sentinel(float f)
{
    uint32_t bits;
    memcpy(&bits, &f, sizeof bits);
    return bits == SENTINEL_BITS;
}

/* Sizes that reach every cut: below, at and past 4, 8 and 16, and 32 + 8 + 1. */
static const int dims[] = {1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 24, 33, 41};
#define N_DIMS (sizeof dims / sizeof dims[0])

static void check_product(int M, int N, int K, bool transposed_a, bool from_row, struct gf_rng *rng)
{
    static float A[MAX_DIM * MAX_DIM], B[MAX_DIM * (MAX_DIM + PAD)], row[MAX_DIM + PAD];
    static float C[MAX_DIM * (MAX_DIM + PAD)], C_ref[MAX_DIM * (MAX_DIM + PAD)];
    int ldb = N + PAD, ldc = N + PAD;
    /* A as (M, K) row-major, or as its transpose (K, M) read with swapped strides */
    ptrdiff_t a_rs = transposed_a ? 1 : K, a_cs = transposed_a ? M : 1;
    for (int i = 0; i < M * K; i++)
        A[i] = gf_rng_range(rng, -1, 1);
    for (int i = 0; i < K * ldb; i++)
        B[i] = (i % ldb) < N ? gf_rng_range(rng, -1, 1) : sentinel();
    for (int i = 0; i < N; i++)
        row[i] = gf_rng_range(rng, -1, 1);
    for (int i = 0; i < M * ldc; i++)
        C[i] = C_ref[i] = (i % ldc) < N ? gf_rng_range(rng, -1, 1) : sentinel();

    gf_gemm(C, ldc, from_row ? row : NULL, A, a_rs, a_cs, B, ldb, M, N, K);
    gf_gemm_naive(C_ref, ldc, from_row ? row : NULL, A, a_rs, a_cs, B, ldb, M, N, K);
    for (int m = 0; m < M; m++)
        for (int n = 0; n < ldc; n++) {
            float got = C[m * ldc + n];
            if (n >= N) {
                if (!is_sentinel(got))
                    fail_msg("M%d N%d K%d: C[%d][%d] past N was written", M, N, K, m, n);
                continue;
            }
            /* float sums of K products of numbers in [-1, 1] against double ones */
            assert_close(got, C_ref[m * ldc + n], 1e-6 * (K + 1), 0, "M%d N%d K%d%s%s C[%d][%d]", M, N, K,
                         transposed_a ? " A^T" : "", from_row ? " row" : " acc", m, n);
        }
}

static void test_kernel_against_definition(void **state)
{
    (void)state;
    struct gf_rng rng;
    gf_rng_seed(&rng, 7, 1);
    int checked = 0;
    for (size_t mi = 0; mi < N_DIMS; mi++)
        for (size_t ni = 0; ni < N_DIMS; ni++)
            for (size_t ki = 0; ki < N_DIMS; ki += 3)
                for (int variant = 0; variant < 4; variant++) {
                    check_product(dims[mi], dims[ni], dims[ki], variant & 1, variant & 2, &rng);
                    checked++;
                }
    assert_int_equal(checked, (int)(N_DIMS * N_DIMS * ((N_DIMS + 2) / 3) * 4));
}

/* Every sum in a fixed order: the same inputs give the same bits twice. */
static void test_kernel_repeats_bit_for_bit(void **state)
{
    (void)state;
    enum { M = 33, N = 41, K = 17 };
    static float A[M * K], B[K * N], C1[M * N], C2[M * N];
    struct gf_rng rng;
    gf_rng_seed(&rng, 11, 1);
    for (int i = 0; i < M * K; i++)
        A[i] = gf_rng_range(&rng, -1, 1);
    for (int i = 0; i < K * N; i++)
        B[i] = gf_rng_range(&rng, -1, 1);
    gf_gemm(C1, N, B, A, K, 1, B, N, M, N, K);
    gf_gemm(C2, N, B, A, K, 1, B, N, M, N, K);
    assert_memory_equal(C1, C2, sizeof C1);
}

static void test_transpose_every_edge(void **state)
{
    (void)state;
    static float W[MAX_DIM * MAX_DIM], wt[MAX_DIM * MAX_DIM];
    for (size_t oi = 0; oi < N_DIMS; oi++)
        for (size_t ii = 0; ii < N_DIMS; ii++) {
            int out = dims[oi], in = dims[ii];
            for (int i = 0; i < out * in; i++)
                W[i] = (float)i;
            memset(wt, 0xff, sizeof wt);
            gf_transpose(wt, W, in, out);
            for (int i = 0; i < in; i++)
                for (int o = 0; o < out; o++)
                    if (wt[i * out + o] != W[o * in + i])
                        fail_msg("out %d in %d: wt[%d][%d] = %g, expected %g", out, in, i, o,
                                 (double)wt[i * out + o], (double)W[o * in + i]);
        }
}

/* A layer's forward pass takes its product whichever way round moves fewer
 * numbers (transposing W, or h and z for a few rows through a wide layer):
 * both must give the bits of z = b + h W^T taken with W transposed, for
 * every shape on either side of that choice, and write nothing past z. */
static void test_forward_either_way_round_gives_the_same_bits(void **state)
{
    (void)state;
    enum { MAXW = 256, MAXB = 64 };
    static float W[MAXW * MAXW], h[MAXB * MAXW], b[MAXW], wt[MAXW * MAXW], z[MAXB * MAXW + PAD], ref[MAXB * MAXW];
    static const int widths[] = {1, 2, 8, 12, 33, 64, 256}, batches[] = {1, 3, 10, 32, 64};
    struct gf_rng rng;
    gf_rng_seed(&rng, 13, 1);
    int rows_way = 0, columns_way = 0;
    for (size_t ii = 0; ii < sizeof widths / sizeof *widths; ii++)
        for (size_t oi = 0; oi < sizeof widths / sizeof *widths; oi++)
            for (size_t bi = 0; bi < sizeof batches / sizeof *batches; bi++) {
                int in = widths[ii], out = widths[oi], B = batches[bi];
                for (int i = 0; i < out * in; i++)
                    W[i] = gf_rng_range(&rng, -1, 1);
                for (int i = 0; i < B * in; i++)
                    h[i] = gf_rng_range(&rng, -1, 1);
                for (int i = 0; i < out; i++)
                    b[i] = gf_rng_range(&rng, -1, 1);
                for (int i = 0; i < PAD; i++)
                    z[B * out + i] = sentinel();
                gf_transpose(wt, W, in, out);
                gf_gemm(ref, out, b, h, in, 1, wt, out, B, out, in);
                memset(wt, 0xff, sizeof wt);   /* scratch: nothing may be left in it to rely on */
                gf_linear_forward(z, h, W, b, wt, B, in, out);
                if (memcmp(z, ref, (size_t)B * out * sizeof *z) != 0)
                    fail_msg("in %d out %d batch %d: the forward pass differs from z = b + h W^T", in, out, B);
                for (int i = 0; i < PAD; i++)
                    assert_true(is_sentinel(z[B * out + i]));
                if ((size_t)B * (in + out) < (size_t)in * out)
                    columns_way++;
                else
                    rows_way++;
            }
    assert_true(rows_way > 20 && columns_way > 20);   /* both ways were taken */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kernel_against_definition),
        cmocka_unit_test(test_kernel_repeats_bit_for_bit),
        cmocka_unit_test(test_transpose_every_edge),
        cmocka_unit_test(test_forward_either_way_round_gives_the_same_bits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
