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

/* The per-layer table: the gradients the window's bars show, those of the
 * run's last step (its minibatch, before its update), or at step 0 those at
 * initialisation on the first minibatch. */
static void print_run(FILE *out, enum gf_side side, struct gf_run *run)
{
    struct gf_step_stats st;
    if (run->step == 0)
        gf_run_probe(run, &st);
    else
        st = run->last;
    double loss, accuracy;
    gf_run_evaluate(run, &loss, &accuracy);

    const struct gf_run_config *rc = &run->cfg;
    fprintf(out, "\n%s: %s", gf_side_id(side), gf_act_info(rc->act)->id);
    if (rc->act == GF_ACT_LEAKY_RELU)
        fprintf(out, " (a = %g)", (double)rc->alpha);
    fprintf(out, ", init %s\n", gf_init_id(gf_init_resolve(rc->init, rc->act)));
    if (gf_run_overflowed_at_init(run))   /* no update was made: the learning rate is not to blame */
        fprintf(out, "  diverged at step 1: the loss or gradients at the initial weights are not finite "
                     "(init %s is too large for this depth and width); training stopped there\n",
                gf_init_id(gf_init_resolve(rc->init, rc->act)));
    else if (run->diverged_at)
        fprintf(out, "  diverged at step %lld: loss or weights are no longer finite "
                     "(learning rate too high?); training stopped there\n", (long long)run->diverged_at);

    /* each share under its own name: sigmoid and tanh saturate, the ReLU family goes inactive */
    enum gf_metric share = gf_metric_share(rc->act);
    fprintf(out, "  layer   grad RMS   ratio to last   %9s    dead\n",
            share == GF_METRIC_SATURATED ? "saturated" : share == GF_METRIC_INACTIVE ? "inactive" : "");
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
        if (hidden && share != GF_METRIC_COUNT)
            fprintf(out, "  %9.1f%%  %5.1f%%\n", 100.0 * v[share], 100.0 * v[GF_METRIC_DEAD]);
        else if (hidden)
            fprintf(out, "  %10s  %5.1f%%\n", "-", 100.0 * v[GF_METRIC_DEAD]);
        else
            fputs("     (output layer)\n", out);
    }
    if (last == 0.0f)
        fputs("  every gradient is zero: the output probability reached 0 or 1, where BCELoss clamps its log\n"
              "  (or every unit of a layer is dead);\n"
              "  a lower learning rate or another init avoids it\n", out);
    double first = st.layer[0].v[GF_METRIC_GRAD_RMS] / last;
    if (ratios && first > 0.0 && isfinite(first))
        fprintf(out, "  the first layer's gradient is %.1f decades %s the last layer's\n",
                fabs(log10(first)), first < 1.0 ? "below" : "above");
    if (isfinite(loss))
        fprintf(out, "  loss %.4f", loss);
    else   /* never "-nan": the sign of a NaN means nothing */
        fprintf(out, "  loss %s", isnan(loss) ? "nan" : loss > 0 ? "inf" : "-inf");
    if (!isnan(accuracy))   /* short of every example, never printed as 100.0 */
        fprintf(out, "   accuracy %.1f%%",
                accuracy < 1.0 && 100.0 * accuracy >= 99.95 ? 99.9 : 100.0 * accuracy);
    if (run->step == 0)
        fprintf(out, "   (over all %d examples; gradients at initialisation, on the first minibatch)\n",
                run->data->n);
    else
        fprintf(out, "   (over all %d examples; gradients of step %lld's minibatch, as the bars show them)\n",
                run->data->n, (long long)run->step);
}

/* Draws --screenshot into its file (open since before training) once training is done. */
static bool write_screenshot(const struct gf_cli_options *opt, const char *assets, struct gf_app *app,
                             struct gf_outfile *file, FILE *err, char *msg, size_t msglen)
{
    if (TTF_Init() != 0) {
        snprintf(msg, msglen, "cannot start SDL_ttf: %s", TTF_GetError());
        return false;
    }
    static struct gf_text text;   /* large: the text cache */
    bool ok = gf_assets_open_text(&text, assets, msg, msglen);
    char warning[1024];
    if (ok && app->lesson_path && !gf_assets_lesson_glyphs(&text, app->lesson, app->lesson_path, warning, sizeof warning))
        fprintf(err, "gradflow: warning: %s\n", warning);
    struct gf_export_request req = {
        .figure = opt->panel,
        .theme = opt->theme,
        .width = opt->width_px ? opt->width_px : 1920,
        .height = opt->height_px ? opt->height_px : (opt->panel == GF_FIGURE_FULL ? 1080 : 540),
        .caption = opt->caption,
    };
    ok = ok && gf_export_png_write(&text, app, &req, file, msg, msglen);
    gf_text_destroy(&text);
    TTF_Quit();
    return ok;
}

enum { OUT_CSV, OUT_DUMP, OUT_SCREENSHOT, N_OUTPUTS };

static void abandon_all(struct gf_outfile files[N_OUTPUTS])
{
    for (int i = 0; i < N_OUTPUTS; i++)
        gf_outfile_abandon(&files[i]);
}

int gf_headless_run(const struct gf_cli_options *opt, FILE *out, FILE *err)
{
    char msg[3072];
    const char *paths[N_OUTPUTS] = {opt->csv_path, opt->dump_path, opt->screenshot_path};
    const char *flags[N_OUTPUTS] = {"--csv", "--dump", "--screenshot"};
    for (int i = 0; i < N_OUTPUTS; i++)
        for (int j = i + 1; j < N_OUTPUTS; j++)
            if (paths[i] && paths[j] && gf_same_target(paths[i], paths[j])) {
                fprintf(err, "gradflow: %s %s and %s %s name the same file; give them different names\n", flags[i],
                        paths[i], flags[j], paths[j]);
                return 2;
            }
    /* Every output's name is checked and its temporary file made before any
     * training, so a mistake costs nothing; the files are put in place
     * together at the end, or none of them is. */
    struct gf_outfile files[N_OUTPUTS] = {{0}};
    for (int i = 0; i < N_OUTPUTS; i++)
        if (paths[i] && !gf_outfile_open(&files[i], paths[i], opt->overwrite, msg, sizeof msg)) {
            fprintf(err, "gradflow: %s %s\n", flags[i], msg);
            abandon_all(files);
            return 2;
        }
    struct gf_outfile *csv = &files[OUT_CSV], *dump = &files[OUT_DUMP];
    char assets[4096];   /* the figure's fonts, found before training too */
    if (opt->screenshot_path && !gf_assets_find(opt->assets_dir, assets, sizeof assets, msg, sizeof msg)) {
        fprintf(err, "gradflow: %s\n", msg);
        abandon_all(files);
        return 2;
    }

    static struct gf_app app;   /* one per process; holds the lab and the figure's maps */
    if (!gf_app_init_from_cli(&app, opt, false, msg, sizeof msg)) {
        fprintf(err, "gradflow: %s\n", msg);
        gf_app_destroy(&app);
        abandon_all(files);
        return 2;
    }
    struct gf_lab *lab = app.lab;

    if (csv->f)
        gf_csv_write_header(csv->f);
    for (long s = 0; s < opt->steps; s++) {
        int64_t before[GF_SIDES] = {lab->run[GF_LEFT].step, lab->run[GF_RIGHT].step};
        gf_app_train(&app, 1);
        bool moved = false;
        for (int side = 0; side < GF_SIDES; side++) {
            const struct gf_run *run = &lab->run[side];
            if (run->step == before[side])
                continue;   /* it diverged earlier and has stopped */
            moved = true;
            if (csv->f)
                gf_csv_write_step(csv->f, (enum gf_side)side, run, &run->last);
        }
        if (!moved)
            break;
        if (csv->f && !gf_outfile_healthy(csv))
            break;   /* a full disk: no use training on; the close below says why */
    }
    if (dump->f) {
        gf_dump_write(dump->f, lab);
        gf_outfile_healthy(dump);
    }

    /* Every file is complete before any is put in place: one failing leaves none. */
    int status = 0;
    for (int i = OUT_CSV; i <= OUT_DUMP && status == 0; i++)
        if (files[i].f && !gf_outfile_close(&files[i], msg, sizeof msg)) {
            fprintf(err, "gradflow: %s %s\n", flags[i], msg);
            status = 2;
        }
    struct gf_outfile *shot = &files[OUT_SCREENSHOT];
    if (status == 0 && shot->f &&
        !(write_screenshot(opt, assets, &app, shot, err, msg, sizeof msg) && gf_outfile_close(shot, msg, sizeof msg))) {
        fprintf(err, "gradflow: --screenshot %s\n", msg);
        status = 2;
    }
    if (status == 0) {
        struct gf_outfile *ready[N_OUTPUTS];
        int n = 0, which[N_OUTPUTS], failed = 0;
        for (int i = 0; i < N_OUTPUTS; i++)
            if (files[i].temp_path) {
                which[n] = i;
                ready[n++] = &files[i];
            }
        if (!gf_outfile_publish_all(ready, n, &failed, msg, sizeof msg)) {
            fprintf(err, "gradflow: %s %s\n", flags[which[failed]], msg);
            status = 2;
        }
    }
    abandon_all(files);   /* after a failure, the temporary files still there */

    print_settings(out, opt, lab);
    for (int side = 0; side < GF_SIDES; side++)
        print_run(out, (enum gf_side)side, &lab->run[side]);
    gf_app_destroy(&app);
    return status;
}
