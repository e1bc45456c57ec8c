/* gf_headless.c - the headless trainer. */
#include "gf_headless.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <SDL_ttf.h>

#include "gf_app.h"
#include "gf_assets.h"
#include "gf_export.h"
#include "gf_outfile.h"
#include "gf_platform.h"
#include "gf_report.h"
#include "gf_version.h"

static void print_settings(FILE *out, const struct gf_cli_options *opt, const struct gf_lab *lab)
{
    const struct gf_lab_config *c = &lab->cfg;
    fprintf(out, "gradflow %s: %s, %d hidden layers x %d, head %s, init %s, %s lr %g, batch %d, seed %llu, %ld steps\n",
            GF_VERSION, gf_dataset_info(c->dataset)->id, c->depth, c->width,
            gf_head_info(gf_lab_config_head(c))->id, gf_init_id(c->init), gf_opt_id(c->optimizer),
            (double)c->lr, c->batch, (unsigned long long)c->seed, opt->steps);
}

/* %.2e, with non-finite values spelled plainly (printf may write "-nan"). */
static void format_number(char *buf, size_t n, double v)
{
    if (isfinite(v))
        snprintf(buf, n, "%.2e", v);
    else
        snprintf(buf, n, "%s", isnan(v) ? "nan" : v > 0 ? "inf" : "-inf");
}

/* The per-layer table: gradients of the run's next minibatch at its final weights. */
static void print_run(FILE *out, enum gf_side side, struct gf_run *run)
{
    struct gf_step_stats st;
    gf_run_probe(run, &st);
    double loss, accuracy;
    gf_run_evaluate(run, &loss, &accuracy);

    const struct gf_run_config *rc = &run->cfg;
    fprintf(out, "\n%s: %s", gf_side_id(side), gf_act_info(rc->act)->id);
    if (rc->act == GF_ACT_LEAKY_RELU)
        fprintf(out, " (a = %g)", (double)rc->alpha);
    fprintf(out, ", init %s\n", gf_init_id(gf_init_resolve(rc->init, rc->act)));
    if (run->diverged_at)
        fprintf(out, "  diverged at step %lld: loss or weights are no longer finite "
                     "(learning rate too high?); training stopped there\n", (long long)run->diverged_at);

    fputs("  layer   grad RMS   ratio to last   saturated    dead\n", out);
    float last = st.layer[st.n_layers - 1].v[GF_METRIC_GRAD_RMS];
    bool ratios = last > 0.0f && isfinite(last);
    for (int l = 0; l < st.n_layers; l++) {
        const float *v = st.layer[l].v;
        bool hidden = l + 1 < st.n_layers;
        char rms[32], ratio[32];
        format_number(rms, sizeof rms, v[GF_METRIC_GRAD_RMS]);
        if (ratios)
            format_number(ratio, sizeof ratio, v[GF_METRIC_GRAD_RMS] / last);
        else
            snprintf(ratio, sizeof ratio, "-");
        fprintf(out, "  %5d  %9s  %14s", l + 1, rms, ratio);
        if (hidden)
            fprintf(out, "  %9.1f%%  %5.1f%%\n", 100.0 * v[GF_METRIC_SATURATED], 100.0 * v[GF_METRIC_DEAD]);
        else
            fputs("     (output layer)\n", out);
    }
    if (last == 0.0f)
        fputs("  every gradient is zero: the output saturated (BCE's log is clamped there);\n"
              "  a lower learning rate or another init avoids it\n", out);
    double first = st.layer[0].v[GF_METRIC_GRAD_RMS] / last;
    if (ratios && first > 0.0 && isfinite(first))
        fprintf(out, "  the first layer's gradient is %.1f decades %s the last layer's\n",
                fabs(log10(first)), first < 1.0 ? "below" : "above");
    fprintf(out, "  loss %.4f", loss);
    if (!isnan(accuracy))
        fprintf(out, "   accuracy %.1f%%", 100.0 * accuracy);
    fprintf(out, "   (over all %d examples; gradients of the next minibatch after step %lld)\n",
            run->data->n, (long long)run->step);
}

/* Draws --screenshot once training is done. */
static bool write_screenshot(const struct gf_cli_options *opt, struct gf_app *app, char *msg, size_t msglen)
{
    char assets[1024];
    if (!gf_assets_find(opt->assets_dir, assets, sizeof assets, msg, msglen))
        return false;
    if (TTF_Init() != 0) {
        snprintf(msg, msglen, "cannot start SDL_ttf: %s", TTF_GetError());
        return false;
    }
    static struct gf_text text;   /* large: the text cache */
    bool ok = gf_assets_open_text(&text, assets, msg, msglen);
    struct gf_export_request req = {
        .figure = opt->panel,
        .theme = opt->theme,
        .width = opt->width_px ? opt->width_px : 1920,
        .height = opt->height_px ? opt->height_px : (opt->panel == GF_FIGURE_FULL ? 1080 : 540),
        .caption = opt->caption,
        .no_title = opt->no_title,
        .smooth = opt->smooth,
    };
    ok = ok && gf_export_figure(&text, app, &req, opt->screenshot_path, opt->overwrite, msg, msglen);
    gf_text_destroy(&text);
    TTF_Quit();
    return ok;
}

int gf_headless_run(const struct gf_cli_options *opt, FILE *out, FILE *err)
{
    char msg[3072];
    const char *paths[3] = {opt->csv_path, opt->dump_path, opt->screenshot_path};
    const char *flags[3] = {"--csv", "--dump", "--screenshot"};
    for (int i = 0; i < 3; i++)
        for (int j = i + 1; j < 3; j++)
            if (paths[i] && paths[j] && gf_same_target(paths[i], paths[j])) {
                fprintf(err, "gradflow: %s %s and %s %s name the same file; give them different names\n", flags[i],
                        paths[i], flags[j], paths[j]);
                return 2;
            }
    /* Refuse an existing figure or an unwritable folder before any training,
     * so a mistake costs nothing: a trial temporary file is made and removed. */
    if (opt->screenshot_path) {
        struct gf_outfile trial;
        if (!gf_outfile_open(&trial, opt->screenshot_path, opt->overwrite, msg, sizeof msg)) {
            fprintf(err, "gradflow: --screenshot %s\n", msg);
            return 2;
        }
        gf_outfile_abandon(&trial);
    }
    struct gf_outfile csv = {0}, dump = {0};
    if (opt->csv_path && !gf_outfile_open(&csv, opt->csv_path, opt->overwrite, msg, sizeof msg)) {
        fprintf(err, "gradflow: --csv %s\n", msg);
        return 2;
    }
    if (opt->dump_path && !gf_outfile_open(&dump, opt->dump_path, opt->overwrite, msg, sizeof msg)) {
        fprintf(err, "gradflow: --dump %s\n", msg);
        gf_outfile_abandon(&csv);
        return 2;
    }

    static struct gf_app app;   /* one per process; holds the lab and the figure's maps */
    if (!gf_app_init_from_cli(&app, opt, false, msg, sizeof msg)) {
        fprintf(err, "gradflow: %s\n", msg);
        gf_app_destroy(&app);
        gf_outfile_abandon(&csv);
        gf_outfile_abandon(&dump);
        return 2;
    }
    struct gf_lab *lab = app.lab;

    if (csv.f)
        gf_csv_write_header(csv.f);
    for (long s = 0; s < opt->steps; s++) {
        int64_t before[GF_SIDES] = {lab->run[GF_LEFT].step, lab->run[GF_RIGHT].step};
        gf_app_train(&app, 1);
        bool moved = false;
        for (int side = 0; side < GF_SIDES; side++) {
            const struct gf_run *run = &lab->run[side];
            if (run->step == before[side])
                continue;   /* it diverged earlier and has stopped */
            moved = true;
            if (csv.f)
                gf_csv_write_step(csv.f, (enum gf_side)side, run, &run->last);
        }
        if (!moved)
            break;
    }
    if (dump.f)
        gf_dump_write(dump.f, lab);

    /* Every file is complete before any is put in place: one failing leaves none. */
    int status = 0;
    struct gf_outfile *files[2] = {&csv, &dump};
    for (int i = 0; i < 2; i++)
        if (files[i]->f && !gf_outfile_close(files[i], msg, sizeof msg)) {
            fprintf(err, "gradflow: %s %s\n", flags[i], msg);
            status = 2;
        }
    if (status == 0 && opt->screenshot_path && !write_screenshot(opt, &app, msg, sizeof msg)) {
        fprintf(err, "gradflow: --screenshot %s\n", msg);
        status = 2;
    }
    for (int i = 0; i < 2; i++) {
        if (!files[i]->temp_path)
            continue;
        if (status != 0)
            gf_outfile_abandon(files[i]);
        else if (!gf_outfile_publish(files[i], msg, sizeof msg)) {
            fprintf(err, "gradflow: %s %s\n", flags[i], msg);
            status = 2;
        }
    }

    print_settings(out, opt, lab);
    for (int side = 0; side < GF_SIDES; side++)
        print_run(out, (enum gf_side)side, &lab->run[side]);
    gf_app_destroy(&app);
    return status;
}
