/* gf_data.c - dataset generators. Labels are balanced: example i gets
 * class i % n_classes, so class counts differ by at most one. */
#include "gf_data.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gf_ids.h"
#include "gf_rng.h"

#define GF_PI 3.14159265358979323846

static const struct gf_dataset_info infos[GF_DATA_COUNT] = {
    [GF_DATA_XOR] = {"xor", "XOR", "XOR", 2, 2, 0, GF_HEAD_BCE, 0.05f},
    [GF_DATA_CIRCLES] = {"circles", "circles", "동심원", 2, 2, 0, GF_HEAD_BCE, 0.05f},
    [GF_DATA_MOONS] = {"moons", "moons", "반달", 2, 2, 0, GF_HEAD_BCE, 0.08f},
    [GF_DATA_SPIRAL] = {"spiral", "spiral", "나선", 2, 2, 0, GF_HEAD_BCE, 0.03f},
    [GF_DATA_SPIRAL3] = {"spiral3", "3-arm spiral", "3갈래 나선", 2, 3, 0, GF_HEAD_CE, 0.03f},
    [GF_DATA_BLOBS] = {"blobs", "4 blobs", "4개 군집", 2, 4, 0, GF_HEAD_CE, 0.15f},
    [GF_DATA_SINE] = {"sine", "sine", "사인 곡선", 1, 0, 1, GF_HEAD_MSE, 0.05f},
};

const struct gf_dataset_info *gf_dataset_info(enum gf_dataset d)
{
    return &infos[d];
}

static const char *dataset_id(int i)
{
    return infos[i].id;
}

bool gf_dataset_from_id(const char *id, enum gf_dataset *out)
{
    int i;
    if (!gf_ids_find(id, dataset_id, GF_DATA_COUNT, &i))
        return false;
    *out = (enum gf_dataset)i;
    return true;
}

const char *gf_dataset_id_list(void)
{
    return "xor, circles, moons, spiral, spiral3, blobs, sine";
}

bool gf_dataset_accepts_head(enum gf_dataset d, enum gf_head head)
{
    int classes = infos[d].n_classes;
    switch (head) {
    case GF_HEAD_BCE: return classes == 2;
    case GF_HEAD_CE:
    case GF_HEAD_CE_DOUBLE_SOFTMAX: return classes >= 2;
    case GF_HEAD_MSE: return classes == 0;
    case GF_HEAD_COUNT: break;
    }
    return false;
}

float gf_data_sine_truth(float x)
{
    return 0.8f * (float)sin(2.0 * GF_PI * x);
}

/* One example's clean position; u and v are uniform in [0, 1) and picked per example. */
static void place(enum gf_dataset kind, int n, int i, int cls, struct gf_rng *rng, float *x)
{
    switch (kind) {
    case GF_DATA_XOR: {
        /* Quadrant by class, kept a little off the axes so the classes are separable. */
        float a = gf_rng_range(rng, 0.05f, 1.0f), b = gf_rng_range(rng, 0.05f, 1.0f);
        int sa = gf_rng_below(rng, 2) ? 1 : -1;
        int sb = cls == 1 ? sa : -sa;   /* class 1: same signs (x0 * x1 > 0) */
        x[0] = (float)sa * a;
        x[1] = (float)sb * b;
        return;
    }
    case GF_DATA_CIRCLES: {
        float r = cls == 1 ? 0.5f * sqrtf(gf_rng_uniform(rng)) : gf_rng_range(rng, 0.7f, 1.0f);
        double t = 2.0 * GF_PI * gf_rng_uniform(rng);
        x[0] = (float)(r * cos(t));
        x[1] = (float)(r * sin(t));
        return;
    }
    case GF_DATA_MOONS: {
        /* scikit-learn's make_moons, centred and scaled into [-1, 1]. */
        double t = GF_PI * gf_rng_uniform(rng);
        double px = cls == 0 ? cos(t) : 1.0 - cos(t);
        double py = cls == 0 ? sin(t) : 0.5 - sin(t);
        x[0] = (float)((px - 0.5) * 0.6667);
        x[1] = (float)((py - 0.25) * 1.0);
        return;
    }
    case GF_DATA_SPIRAL:
    case GF_DATA_SPIRAL3: {
        /* Arms of Archimedean spirals, one per class, evenly spread along the arm. */
        int classes = kind == GF_DATA_SPIRAL ? 2 : 3;
        int per = n / classes;
        double s = (double)(i / classes) / (double)(per > 1 ? per : 1);   /* 0..1 along the arm */
        double turns = kind == GF_DATA_SPIRAL ? 1.75 : 1.25;
        double t = 2.0 * GF_PI * turns * s + 2.0 * GF_PI * cls / classes;
        double r = 0.08 + 0.92 * s;
        x[0] = (float)(r * cos(t));
        x[1] = (float)(r * sin(t));
        return;
    }
    case GF_DATA_BLOBS: {
        static const float centre[4][2] = {{-0.5f, -0.5f}, {0.5f, -0.5f}, {-0.5f, 0.5f}, {0.5f, 0.5f}};
        x[0] = centre[cls][0];
        x[1] = centre[cls][1];
        return;
    }
    case GF_DATA_SINE:
        x[0] = gf_rng_range(rng, -1.0f, 1.0f);
        return;
    case GF_DATA_COUNT:
        break;
    }
}

bool gf_data_init(struct gf_data *d, enum gf_dataset kind, int n, float noise, uint64_t seed)
{
    const struct gf_dataset_info *info = &infos[kind];
    memset(d, 0, sizeof *d);
    d->x = malloc((size_t)n * info->n_inputs * sizeof *d->x);
    d->y = malloc((size_t)n * sizeof *d->y);   /* one float per example for every dataset */
    if (!d->x || !d->y) {
        gf_data_destroy(d);
        return false;
    }
    d->kind = kind;
    d->n = n;
    d->n_inputs = info->n_inputs;
    d->n_classes = info->n_classes;
    d->n_targets = 1;

    struct gf_rng rng;
    gf_rng_seed(&rng, seed, 0x6461746173657473ULL /* "datasets" */ + (uint64_t)kind);
    for (int i = 0; i < n; i++) {
        float *x = d->x + (size_t)i * d->n_inputs;
        int cls = info->n_classes ? i % info->n_classes : 0;
        place(kind, n, i, cls, &rng, x);
        if (kind == GF_DATA_SINE) {
            d->y[i] = gf_data_sine_truth(x[0]) + noise * gf_rng_normal(&rng);
        } else {
            for (int k = 0; k < d->n_inputs; k++)
                x[k] += noise * gf_rng_normal(&rng);
            d->y[i] = (float)cls;
        }
    }
    return true;
}

void gf_data_destroy(struct gf_data *d)
{
    free(d->x);
    free(d->y);
    d->x = d->y = NULL;
    d->n = 0;
}
