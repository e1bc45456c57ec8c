/* gf_rng.c - PCG32 (O'Neill, "PCG: A family of simple fast space-efficient
 * statistically good algorithms for random number generation", 2014). */
#include "gf_rng.h"

#include <math.h>

void gf_rng_seed(struct gf_rng *rng, uint64_t seed, uint64_t stream)
{
    rng->state = 0;
    rng->inc = (stream << 1u) | 1u;
    gf_rng_u32(rng);
    rng->state += seed;
    gf_rng_u32(rng);
}

uint32_t gf_rng_u32(struct gf_rng *rng)
{
    uint64_t old = rng->state;
    rng->state = old * 6364136223846793005ULL + rng->inc;
    uint32_t xorshifted = (uint32_t)(((old >> 18u) ^ old) >> 27u);
    uint32_t rot = (uint32_t)(old >> 59u);
    return (xorshifted >> rot) | (xorshifted << ((-rot) & 31u));
}

uint32_t gf_rng_below(struct gf_rng *rng, uint32_t bound)
{
    /* Reject the low values that would make some residues more likely. */
    uint32_t threshold = (-bound) % bound;
    for (;;) {
        uint32_t r = gf_rng_u32(rng);
        if (r >= threshold)
            return r % bound;
    }
}

float gf_rng_uniform(struct gf_rng *rng)
{
    return (float)(gf_rng_u32(rng) >> 8) * (1.0f / 16777216.0f);
}

float gf_rng_range(struct gf_rng *rng, float lo, float hi)
{
    return lo + (hi - lo) * gf_rng_uniform(rng);
}

float gf_rng_normal(struct gf_rng *rng)
{
    /* u1 in (0, 1] so that log(u1) is finite. */
    double u1 = ((double)gf_rng_u32(rng) + 1.0) / 4294967296.0;
    double u2 = (double)gf_rng_u32(rng) / 4294967296.0;
    return (float)(sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2));
}
