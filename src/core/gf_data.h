/* gf_data.h - the seeded toy datasets the lesson trains on.
 *
 * 2-D classification sets live in roughly [-1, 1]^2; sine is a 1-D
 * regression on [-1, 1]. Each is reproducible bit for bit from its seed;
 * noise is the standard deviation of Gaussian jitter added to the inputs
 * (sine: to the targets), in the same units as the inputs.
 */
#ifndef GF_DATA_H
#define GF_DATA_H

#include <stdbool.h>
#include <stdint.h>

#include "gf_head.h"

enum gf_dataset {
    GF_DATA_XOR,
    GF_DATA_CIRCLES,
    GF_DATA_MOONS,
    GF_DATA_SPIRAL,
    GF_DATA_SPIRAL3,
    GF_DATA_BLOBS,
    GF_DATA_SINE,
    GF_DATA_COUNT
};

#define GF_DATA_SAMPLES 512   /* examples per dataset */

struct gf_dataset_info {
    const char *id;           /* "xor", "spiral3", ... */
    const char *name_en;
    const char *name_ko;
    int n_inputs;             /* 2, or 1 for sine */
    int n_classes;            /* 0 for regression */
    int n_targets;            /* regression targets per example (0 for classification) */
    enum gf_head default_head;
    float default_noise;
};

const struct gf_dataset_info *gf_dataset_info(enum gf_dataset d);
bool gf_dataset_from_id(const char *id, enum gf_dataset *out);
const char *gf_dataset_id_list(void);

/* Can this head be trained on this dataset? bce needs exactly two classes,
 * ce and ce-double-softmax need classes, mse needs a regression target. */
bool gf_dataset_accepts_head(enum gf_dataset d, enum gf_head head);

struct gf_data {
    enum gf_dataset kind;
    int n;            /* examples */
    int n_inputs;
    int n_classes;    /* 0 for regression */
    int n_targets;    /* floats per example in y: 1 for classes (the index), else targets */
    float *x;         /* (n, n_inputs) */
    float *y;         /* (n, n_targets): class index as a float, or regression targets */
};

/* Generates n examples. Returns false when out of memory (d is then empty). */
bool gf_data_init(struct gf_data *d, enum gf_dataset kind, int n, float noise, uint64_t seed);
void gf_data_destroy(struct gf_data *d);

/* The noiseless function sine's targets follow (for drawing the truth). */
float gf_data_sine_truth(float x);

#endif
