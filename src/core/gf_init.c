/* gf_init.c - weight initialisation. */
#include "gf_init.h"

#include <math.h>
#include <string.h>

#include "gf_ids.h"

static const char *const ids[GF_INIT_COUNT] = {
    [GF_INIT_AUTO] = "auto", [GF_INIT_CLASSIC] = "classic", [GF_INIT_XAVIER] = "xavier",
    [GF_INIT_HE] = "he", [GF_INIT_NORMAL] = "normal",
};

const char *gf_init_id(enum gf_init init)
{
    return ids[init];
}

static const char *init_id(int i)
{
    return ids[i];
}

bool gf_init_from_id(const char *id, enum gf_init *out)
{
    int i;
    if (!gf_ids_find(id, init_id, GF_INIT_COUNT, &i))
        return false;
    *out = (enum gf_init)i;
    return true;
}

const char *gf_init_id_list(void)
{
    return "auto, classic, xavier, he, normal";
}

enum gf_init gf_init_resolve(enum gf_init init, enum gf_act act)
{
    if (init != GF_INIT_AUTO)
        return init;
    return gf_act_is_relu_family(act) ? GF_INIT_HE : GF_INIT_XAVIER;
}

void gf_init_apply(struct gf_mlp *net, enum gf_init init, struct gf_rng *rng)
{
    init = gf_init_resolve(init, net->act);
    for (int l = 0; l < net->n_layers; l++) {
        int fan_in = net->size[l], fan_out = net->size[l + 1];
        float *W = gf_mlp_W(net, l), *b = gf_mlp_b(net, l);
        size_t nw = (size_t)fan_in * fan_out;
        switch (init) {
        case GF_INIT_CLASSIC: {
            float bound = 1.0f / sqrtf((float)fan_in);
            for (size_t i = 0; i < nw; i++)
                W[i] = gf_rng_range(rng, -bound, bound);
            for (int o = 0; o < fan_out; o++)
                b[o] = gf_rng_range(rng, -bound, bound);
            continue;
        }
        case GF_INIT_XAVIER: {
            float bound = sqrtf(6.0f / (float)(fan_in + fan_out));
            for (size_t i = 0; i < nw; i++)
                W[i] = gf_rng_range(rng, -bound, bound);
            break;
        }
        case GF_INIT_HE: {
            float std = sqrtf(2.0f / (float)fan_in);
            for (size_t i = 0; i < nw; i++)
                W[i] = std * gf_rng_normal(rng);
            break;
        }
        case GF_INIT_NORMAL:
            for (size_t i = 0; i < nw; i++)
                W[i] = gf_rng_normal(rng);
            break;
        case GF_INIT_AUTO:
        case GF_INIT_COUNT:
            break;
        }
        memset(b, 0, (size_t)fan_out * sizeof *b);
    }
}
