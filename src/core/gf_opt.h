/* gf_opt.h - optimizers over the network's flat parameter block.
 *
 * PyTorch semantics and defaults:
 *   sgd       p -= lr * g
 *   momentum  buf = 0.9 * buf + g; p -= lr * buf   (torch.optim.SGD, momentum=0.9)
 *   adam      betas (0.9, 0.999), eps 1e-8, bias-corrected (torch.optim.Adam)
 */
#ifndef GF_OPT_H
#define GF_OPT_H

#include <stdbool.h>
#include <stdint.h>

#include "gf_mlp.h"
#include "gf_parallel.h"

enum gf_optimizer {
    GF_OPT_SGD,
    GF_OPT_MOMENTUM,
    GF_OPT_ADAM,
    GF_OPT_COUNT
};

const char *gf_opt_id(enum gf_optimizer kind);
bool gf_opt_from_id(const char *id, enum gf_optimizer *out);
const char *gf_opt_id_list(void);

struct gf_opt {
    enum gf_optimizer kind;
    float lr;
    double momentum;     /* 0.9 */
    double beta1, beta2; /* 0.9, 0.999 */
    double eps;          /* 1e-8 */
    int64_t t;          /* updates applied */
    size_t n;           /* parameters */
    float *m;           /* momentum buffer or Adam's first moment, (n) */
    float *v;           /* Adam's second moment, (n) */
};

/* What one update did to each layer's weights (biases excluded). The
 * weights' own size before the update is the statistics' weight RMS. */
struct gf_opt_report {
    double update_sq[GF_MAX_LAYERS];   /* sum of (delta W)^2 */
    bool finite;                       /* every parameter finite after the update */
};

/* Allocates state for net's parameter block. Returns false when out of memory. */
bool gf_opt_init(struct gf_opt *opt, enum gf_optimizer kind, float lr, const struct gf_mlp *net);
void gf_opt_destroy(struct gf_opt *opt);

/* Applies one update from net->grads to net->params and reports on it,
 * each layer's on its own as par shares them out (NULL: in turn): the
 * same bits however they were. */
void gf_opt_step(struct gf_opt *opt, struct gf_mlp *net, struct gf_opt_report *report,
                 const struct gf_parallel *par);

#endif
