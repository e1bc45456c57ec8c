/* gf_opt.c - SGD, momentum and Adam, a chunk of each layer segment at a time. */
#include "gf_opt.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gf_ids.h"
#include "gf_stats.h"

static const char *const ids[GF_OPT_COUNT] = {
    [GF_OPT_SGD] = "sgd", [GF_OPT_MOMENTUM] = "momentum", [GF_OPT_ADAM] = "adam",
};

const char *gf_opt_id(enum gf_optimizer kind)
{
    return ids[kind];
}

static const char *opt_id(int i)
{
    return ids[i];
}

bool gf_opt_from_id(const char *id, enum gf_optimizer *out)
{
    int i;
    if (!gf_ids_find(id, opt_id, GF_OPT_COUNT, &i))
        return false;
    *out = (enum gf_optimizer)i;
    return true;
}

const char *gf_opt_id_list(void)
{
    return "sgd, momentum, adam";
}

bool gf_opt_init(struct gf_opt *opt, enum gf_optimizer kind, float lr, const struct gf_mlp *net)
{
    memset(opt, 0, sizeof *opt);
    opt->kind = kind;
    opt->lr = lr;
    opt->momentum = 0.9;
    opt->beta1 = 0.9;
    opt->beta2 = 0.999;
    opt->eps = 1e-8;
    opt->n = net->n_params;
    if (kind != GF_OPT_SGD) {
        opt->m = calloc(opt->n, sizeof *opt->m);
        if (!opt->m)
            return false;
    }
    if (kind == GF_OPT_ADAM) {
        opt->v = calloc(opt->n, sizeof *opt->v);
        if (!opt->v) {
            gf_opt_destroy(opt);
            return false;
        }
    }
    return true;
}

void gf_opt_destroy(struct gf_opt *opt)
{
    free(opt->m);
    free(opt->v);
    opt->m = opt->v = NULL;
}

/* Parameters updated per chunk: the update is worked out for a chunk, then
 * measured and applied, in simple loops the compiler vectorises. */
#define CHUNK 256

/* Updates p[0..n) in place; returns whether every new p is finite and, when
 * delta_sq is not NULL, the sum of (delta p)^2, in double (a deep sigmoid
 * layer's steps are far below float's smallest square). */
static bool update_segment(struct gf_opt *opt, float *p, const float *g, float *m, float *v, size_t n, double bc1,
                           double bc2_sqrt, double *delta_sq)
{
    bool measure = delta_sq != NULL;   /* the report wants W's; nobody reads the other parameters' */
    /* Each constant is rounded to float once, as PyTorch turns a Python
     * scalar into the tensor's dtype, so every product rounds as torch's does. */
    float lr = opt->lr, step = (float)(opt->lr / bc1);
    float mom = (float)opt->momentum;
    float b1 = (float)opt->beta1, one_minus_b1 = (float)(1.0 - opt->beta1);
    float b2 = (float)opt->beta2, one_minus_b2 = (float)(1.0 - opt->beta2);
    float eps = (float)opt->eps, bc2 = (float)bc2_sqrt;
    double dsq = 0.0;
    int bad = 0;
    float upd[CHUNK];
    for (size_t start = 0; start < n; start += CHUNK) {
        size_t len = n - start < CHUNK ? n - start : CHUNK;
        float *pc = p + start;
        const float *gc = g + start;
        switch (opt->kind) {
        case GF_OPT_MOMENTUM: {
            float *mc = m + start;
            for (size_t i = 0; i < len; i++) {
                mc[i] = mc[i] * mom + gc[i];
                upd[i] = lr * mc[i];
            }
            break;
        }
        case GF_OPT_ADAM: {
            float *mc = m + start, *vc = v + start;
            for (size_t i = 0; i < len; i++) {
                mc[i] = mc[i] * b1 + one_minus_b1 * gc[i];
                vc[i] = vc[i] * b2 + one_minus_b2 * gc[i] * gc[i];
                /* torch: denom = sqrt(v) / sqrt(bc2) + eps; p += (-lr / bc1) * m / denom */
                float denom = sqrtf(vc[i]) / bc2 + eps;
                upd[i] = step * mc[i] / denom;
            }
            break;
        }
        default:
            for (size_t i = 0; i < len; i++)
                upd[i] = lr * gc[i];
            break;
        }
        for (size_t i = 0; i < len; i++) {
            float now = pc[i] - upd[i];
            upd[i] = now - pc[i];   /* the change as it landed, after rounding */
            pc[i] = now;
            bad |= !(fabsf(now) <= FLT_MAX);
        }
        if (measure)
            dsq += gf_sum_of_squares(upd, len);
    }
    if (measure)
        *delta_sq = dsq;
    return !bad;
}

/* One gf_opt_step: what its layers share, and what each finds. */
struct step {
    struct gf_opt *opt;
    struct gf_mlp *net;
    struct gf_opt_report *report;
    double bc1, bc2_sqrt;
    bool finite[GF_MAX_LAYERS];
};

/* Layer l's update: its own parameters and optimizer state only. */
static void step_layer(void *arg, int l)
{
    struct step *st = arg;
    struct gf_mlp *net = st->net;
    struct gf_opt *opt = st->opt;
    /* W, reported on; then the layer's other parameters (b, and gamma and beta under batchnorm) */
    size_t off = net->w_off[l];
    size_t nw = net->b_off[l] - off;
    size_t nb = net->end_off[l] - net->b_off[l];
    float *m = opt->m ? opt->m + off : NULL, *v = opt->v ? opt->v + off : NULL;
    bool finite = update_segment(opt, net->params + off, net->grads + off, m, v, nw, st->bc1, st->bc2_sqrt,
                                 &st->report->update_sq[l]);
    finite = update_segment(opt, net->params + off + nw, net->grads + off + nw, m ? m + nw : NULL,
                            v ? v + nw : NULL, nb, st->bc1, st->bc2_sqrt, NULL) && finite;
    st->finite[l] = finite;
}

void gf_opt_step(struct gf_opt *opt, struct gf_mlp *net, struct gf_opt_report *report,
                 const struct gf_parallel *par)
{
    opt->t++;
    struct step st = {opt, net, report, 1.0 - pow(opt->beta1, (double)opt->t),
                      sqrt(1.0 - pow(opt->beta2, (double)opt->t)), {false}};
    gf_parallel_each(par, net->n_layers, step_layer, &st);
    report->finite = true;
    for (int l = 0; l < net->n_layers; l++)
        report->finite = report->finite && st.finite[l];
}
