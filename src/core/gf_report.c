/* gf_report.c - CSV rows and the JSON dump. */
#include "gf_report.h"

#include <math.h>
#include <stdlib.h>

const char *gf_side_id(enum gf_side side)
{
    return side == GF_LEFT ? "left" : "right";
}

bool gf_csv_write_header(FILE *f)
{
    fputs("run,step,layer,activation,loss", f);
    for (int m = 0; m < GF_METRIC_CSV_COUNT; m++)
        fprintf(f, ",%s", gf_metric_id((enum gf_metric)m));
    for (int d = 0; d < GF_DIST_CSV_COUNT; d++)   /* the distributions inside the network (gf_dist) */
        fprintf(f, ",%s", gf_dist_stat_id((enum gf_dist_stat)d));
    fputc('\n', f);
    return !ferror(f);
}

/* The shortest %g text that reads back as the same float (at most 9 digits
 * are ever needed), so 0.01f prints as 0.01, not 0.00999999978. */
void gf_format_float(char *buf, size_t n, float v)
{
    for (int digits = 6; digits < 9; digits++) {
        snprintf(buf, n, "%.*g", digits, (double)v);
        if (strtof(buf, NULL) == v)
            return;
    }
    snprintf(buf, n, "%.9g", (double)v);
}

static void print_float(FILE *f, float v)
{
    char buf[32];
    gf_format_float(buf, sizeof buf, v);
    fputs(buf, f);
}

/* The same for a double (at most 17 digits). */
static void print_double(FILE *f, double v)
{
    char buf[40];
    for (int digits = 15; digits < 17; digits++) {
        snprintf(buf, sizeof buf, "%.*g", digits, v);
        if (strtod(buf, NULL) == v) {
            fputs(buf, f);
            return;
        }
    }
    fprintf(f, "%.17g", v);
}

/* Non-finite numbers as the CSV format spells them: nan, inf, -inf. (printf
 * would write "-nan" for a NaN with its sign bit set, as inf - inf gives.) */
static void csv_non_finite(FILE *f, double v)
{
    fputs(isnan(v) ? "nan" : v > 0 ? "inf" : "-inf", f);
}

static void csv_float(FILE *f, float v)
{
    fputc(',', f);
    if (isfinite(v))
        print_float(f, v);
    else
        csv_non_finite(f, v);
}

bool gf_csv_write_step(FILE *f, enum gf_side side, const struct gf_run *run,
                       const struct gf_step_stats *stats)
{
    const char *act = gf_act_info(run->cfg.act)->id;
    for (int l = 0; l < stats->n_layers; l++) {
        fprintf(f, "%s,%lld,%d,%s", gf_side_id(side), (long long)stats->step, l + 1, act);
        fputc(',', f);
        if (isfinite(stats->loss))
            print_double(f, stats->loss);
        else
            csv_non_finite(f, stats->loss);
        for (int m = 0; m < GF_METRIC_CSV_COUNT; m++) {
            if (m == GF_METRIC_SLOPE_MEAN && l + 1 == stats->n_layers)
                fputc(',', f);   /* the output layer has no activation: empty */
            else
                csv_float(f, stats->layer[l].v[m]);
        }
        /* the distributions inside the network: empty for the output layer,
           which has no activation, and when they were not measured */
        for (int d = 0; d < GF_DIST_CSV_COUNT; d++) {
            if (stats->has_dist && l + 1 < stats->n_layers)
                csv_float(f, stats->dist[l].v[d]);
            else
                fputc(',', f);
        }
        fputc('\n', f);
    }
    return !ferror(f);
}

static void json_float(FILE *f, float v)
{
    if (isfinite(v))
        print_float(f, v);
    else
        fputs("null", f);
}

static void json_vector(FILE *f, const float *v, int n)
{
    fputc('[', f);
    for (int i = 0; i < n; i++) {
        if (i)
            fputs(", ", f);
        json_float(f, v[i]);
    }
    fputc(']', f);
}

static void json_matrix(FILE *f, const float *m, int rows, int cols)
{
    fputc('[', f);
    for (int r = 0; r < rows; r++) {
        if (r)
            fputs(", ", f);
        json_vector(f, m + (size_t)r * cols, cols);
    }
    fputc(']', f);
}

static void dump_run(FILE *f, struct gf_run *run)
{
    const struct gf_mlp *net = &run->net;
    double loss = gf_run_probe(run, NULL);
    bool regression = run->cfg.head == GF_HEAD_MSE;

    fprintf(f, "{\"activation\": \"%s\", \"leaky_alpha\": ", gf_act_info(run->cfg.act)->id);
    json_float(f, run->cfg.alpha);
    fprintf(f, ", \"head\": \"%s\", \"residual\": %s, \"batchnorm\": %s, \"clip\": ", gf_head_info(run->cfg.head)->id,
            run->cfg.residual ? "true" : "false", run->cfg.batchnorm ? "true" : "false");
    if (run->cfg.clip > 0.0f)
        json_float(f, run->cfg.clip);
    else
        fputs("null", f);
    fputs(",\n", f);
    fprintf(f, "   \"init\": \"%s\", \"optimizer\": \"%s\", \"lr\": ",
            gf_init_id(gf_init_resolve(run->cfg.init, run->cfg.act)), gf_opt_id(run->cfg.optimizer));
    json_float(f, run->cfg.lr);
    fprintf(f, ", \"seed\": %llu, \"step\": %lld, \"diverged_at\": ", (unsigned long long)run->cfg.seed,
            (long long)run->step);
    if (run->diverged_at)
        fprintf(f, "%lld", (long long)run->diverged_at);
    else
        fputs("null", f);
    fputs(",\n   \"sizes\": [", f);
    for (int l = 0; l <= net->n_layers; l++)
        fprintf(f, l ? ", %d" : "%d", net->size[l]);
    fputs("],\n   \"layers\": [\n", f);
    for (int l = 0; l < net->n_layers; l++) {
        int in = net->size[l], out = net->size[l + 1];
        fputs("    {\"W\": ", f);
        json_matrix(f, gf_mlp_W(net, l), out, in);
        fputs(",\n     \"b\": ", f);
        json_vector(f, gf_mlp_b(net, l), out);
        fputs(",\n     \"dW\": ", f);
        json_matrix(f, gf_mlp_dW(net, l), out, in);
        fputs(",\n     \"db\": ", f);
        json_vector(f, gf_mlp_db(net, l), out);
        if (gf_mlp_has_bn(net, l)) {
            static const char *const names[6] = {"gamma", "beta", "dgamma", "dbeta", "running_mean", "running_var"};
            const float *values[6] = {gf_mlp_gamma(net, l), gf_mlp_beta(net, l), gf_mlp_dgamma(net, l),
                                      gf_mlp_dbeta(net, l), gf_mlp_running_mean(net, l), gf_mlp_running_var(net, l)};
            for (int k = 0; k < 6; k++) {
                fprintf(f, ",\n     \"%s\": ", names[k]);
                json_vector(f, values[k], out);
            }
        }
        fputs(l + 1 < net->n_layers ? "},\n" : "}\n", f);
    }
    fputs("   ],\n   \"x\": ", f);
    json_matrix(f, run->batch_x, run->cfg.batch, gf_mlp_n_in(net));
    fputs(",\n   \"y\": ", f);
    if (regression) {
        json_matrix(f, run->batch_y, run->cfg.batch, run->target_dim);
    } else {
        fputc('[', f);
        for (int r = 0; r < run->cfg.batch; r++)
            fprintf(f, r ? ", %d" : "%d", (int)run->batch_y[r]);
        fputc(']', f);
    }
    fputs(",\n   \"loss\": ", f);
    if (isfinite(loss))
        print_double(f, loss);
    else
        fputs("null", f);
    fputs("}", f);
}

bool gf_dump_write(FILE *f, struct gf_lab *lab)
{
    fputs("{\"format\": \"gradflow-dump/1\",\n \"runs\": [\n  ", f);
    for (int s = 0; s < GF_SIDES; s++) {
        if (s)
            fputs(",\n  ", f);
        dump_run(f, &lab->run[s]);
    }
    fputs("\n ]}\n", f);
    return !ferror(f);
}
