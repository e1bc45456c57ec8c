/* gf_madd.h - multiply-adds for the core's vectorised loops. */
#ifndef GF_MADD_H
#define GF_MADD_H

#include <math.h>

/* a * b + c with one rounding where the machine has a fused instruction
 * (C11's FP_FAST_FMAF and FP_FAST_FMA say so); a multiply then an add
 * elsewhere, never a slow software fma. The project builds as ISO C, where
 * the compiler does not fuse on its own: what is fused is written here, so
 * a build gives the same bits on every run. */
#ifdef FP_FAST_FMAF
#define GF_MADDF(a, b, c) fmaf((a), (b), (c))
#else
#define GF_MADDF(a, b, c) ((a) * (b) + (c))
#endif

#ifdef FP_FAST_FMA
#define GF_MADD(a, b, c) fma((a), (b), (c))
#else
#define GF_MADD(a, b, c) ((a) * (b) + (c))
#endif

#endif
