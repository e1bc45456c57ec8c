/* gf_init.h - weight initialisation schemes.
 *
 *   classic  U(±1/sqrt(fan_in)) for weights and biases: torch.nn.Linear's default
 *   xavier   U(±sqrt(6/(fan_in+fan_out))), biases zero (Glorot & Bengio 2010)
 *   he       N(0, 2/fan_in), biases zero (He et al. 2015)
 *   normal   N(0, 1), biases zero: the careless choice that explodes in deep nets
 *   auto     he for the ReLU family, xavier otherwise
 */
#ifndef GF_INIT_H
#define GF_INIT_H

#include <stdbool.h>

#include "gf_mlp.h"
#include "gf_rng.h"

enum gf_init {
    GF_INIT_AUTO,
    GF_INIT_CLASSIC,
    GF_INIT_XAVIER,
    GF_INIT_HE,
    GF_INIT_NORMAL,
    GF_INIT_COUNT
};

const char *gf_init_id(enum gf_init init);
bool gf_init_from_id(const char *id, enum gf_init *out);
const char *gf_init_id_list(void);

/* The concrete scheme "auto" stands for with this activation (others map to themselves). */
enum gf_init gf_init_resolve(enum gf_init init, enum gf_act act);

/* Fills every weight and bias of net, layer by layer, W row-major then b,
 * drawing from rng in that order. */
void gf_init_apply(struct gf_mlp *net, enum gf_init init, struct gf_rng *rng);

#endif
