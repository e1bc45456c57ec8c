/* gf_madd.h - multiply-adds for the core's vectorised loops. */
#ifndef GF_MADD_H
#define GF_MADD_H

#include <math.h>

/* a * b + c with one rounding where the machine has a fused instruction,
 * a multiply then an add elsewhere, never a slow software fma. The C
 * library says so through FP_FAST_FMAF and FP_FAST_FMA, but not every one
 * does (musl, and clang's headers, leave them out), so the compiler's own
 * word for the instruction counts too (x86's __FMA__, and AVX-512, which
 * has it). Written out here rather than left to the compiler: GCC in ISO C
 * mode never fuses on its own, clang fuses within an expression, and the
 * matrix kernel's vector blocks always fuse, so the plain code around them
 * must too for every element to round alike. */
#if defined(FP_FAST_FMAF) || defined(__FMA__) || defined(__AVX512F__)
#define GF_MADDF(a, b, c) fmaf((a), (b), (c))
#else
#define GF_MADDF(a, b, c) ((a) * (b) + (c))
#endif

#if defined(FP_FAST_FMA) || defined(__FMA__) || defined(__AVX512F__)
#define GF_MADD(a, b, c) fma((a), (b), (c))
#else
#define GF_MADD(a, b, c) ((a) * (b) + (c))
#endif

#endif
