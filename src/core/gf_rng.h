/* gf_rng.h - a small, seedable pseudo-random generator (PCG32).
 *
 * Every random choice in gradflow (datasets, initial weights, batch order)
 * comes from one of these, so a seed reproduces a run bit for bit. PCG32 is
 * used instead of rand() because its stream is the same on every platform.
 */
#ifndef GF_RNG_H
#define GF_RNG_H

#include <stdint.h>

struct gf_rng {
    uint64_t state;
    uint64_t inc;   /* stream selector, always odd */
};

/* Seeds the generator; different streams give independent sequences for one seed. */
void gf_rng_seed(struct gf_rng *rng, uint64_t seed, uint64_t stream);

/* Next 32 uniformly distributed bits. */
uint32_t gf_rng_u32(struct gf_rng *rng);

/* Uniform integer in [0, bound), bound >= 1, without modulo bias. */
uint32_t gf_rng_below(struct gf_rng *rng, uint32_t bound);

/* Uniform float in [0, 1) with 24 random bits. */
float gf_rng_uniform(struct gf_rng *rng);

/* Uniform float in [lo, hi). */
float gf_rng_range(struct gf_rng *rng, float lo, float hi);

/* Standard normal deviate (Box-Muller in double precision, one value per call). */
float gf_rng_normal(struct gf_rng *rng);

#endif
