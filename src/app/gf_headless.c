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
#include "gf_gif.h"
#include "gf_platform.h"
#include "gf_record.h"
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

/* The fonts figures are drawn with, for --screenshot and --animate. */
static bool open_fonts(const struct gf_cli_options *opt, struct gf_text *text, char *msg, size_t msglen)
{
    char assets[1024];
    if (!gf_assets_find(opt->assets_dir, assets, sizeof assets, msg, msglen))
        return false;
    if (TTF_Init() != 0) {
        snprintf(msg, msglen, "cannot start SDL_ttf: %s", TTF_GetError());
        return false;
    }
    if (!gf_assets_open_text(text, assets, msg, msglen)) {
        TTF_Quit();
        return false;
    }
    return true;
}

/* What --screenshot or --animate draws, at --size or w x h. */
static struct gf_export_request figure_request(const struct gf_cli_options *opt, int w, int h)
{
    return (struct gf_export_request){
        .figure = opt->panel,
        .theme = opt->theme,
        .width = opt->width_px ? opt->width_px : w,
        .height = opt->height_px ? opt->height_px : h,
        .caption = opt->caption,
        .no_title = opt->no_title,
        .smooth = opt->smooth,
    };
}

/* --animate: frames spread evenly over the steps, the first before any
 * and the last after all of them (one frame: after all). */
struct animation {
    struct gf_record *rec;
    struct gf_export_request req;
    long next;                 /* frames drawn */
};

static long frame_step(const struct gf_cli_options *opt, long i)
{
    if (opt->frames == 1)
        return opt->steps;
    return (long)(((long long)opt->steps * i + (opt->frames - 1) / 2) / (opt->frames - 1));
}

/* Draws every frame due by step (all that are left when last). */
static bool animate_to(struct animation *a, const struct gf_cli_options *opt, struct gf_app *app,
                       struct gf_text *text, long step, bool last, char *msg, size_t msglen)
{
    while (a->rec && a->next < opt->frames && (last || frame_step(opt, a->next) <= step)) {
        SDL_Surface *frame = gf_export_render(text, app, &a->req, msg, msglen);
        bool ok = frame && gf_record_frame(a->rec, frame, msg, msglen);
        SDL_FreeSurface(frame);
        if (!ok)
            return false;
        a->next++;
    }
    return true;
}

int gf_headless_run(const struct gf_cli_options *opt, FILE *out, FILE *err)
{
    char msg[3072];
    const char *paths[4] = {opt->csv_path, opt->dump_path, opt->screenshot_path, opt->animate_path};
    const char *flags[4] = {"--csv", "--dump", "--screenshot", "--animate"};
    for (int i = 0; i < 4; i++)
        for (int j = i + 1; j < 4; j++)
            if (paths[i] && paths[j] && gf_same_target(paths[i], paths[j])) {
                fprintf(err, "gradflow: %s %s and %s %s name the same file; give them different names\n", flags[i],
                        paths[i], flags[j], paths[j]);
                return 2;
            }
    /* Refuse an existing figure or an unwritable folder before any training,
     * so a mistake costs nothing: a trial temporary file is made and removed. */
    for (int i = 2; i < 4; i++) {
        struct gf_outfile trial;
        if (!paths[i])
            continue;
        if (!gf_outfile_open(&trial, paths[i], opt->overwrite, msg, sizeof msg)) {
            fprintf(err, "gradflow: %s %s\n", flags[i], msg);
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

    /* the fonts before any training, so a missing one costs nothing */
    static struct gf_text text;   /* large: the text cache */
    bool fonts = (opt->screenshot_path || opt->animate_path) && open_fonts(opt, &text, msg, sizeof msg);
    struct animation anim = {NULL, figure_request(opt, 1280, 720), 0};
    if ((opt->screenshot_path || opt->animate_path) && !fonts) {
        fprintf(err, "gradflow: %s %s\n", opt->animate_path ? "--animate" : "--screenshot", msg);
        gf_app_destroy(&app);
        gf_outfile_abandon(&csv);
        gf_outfile_abandon(&dump);
        return 2;
    }
    if (opt->animate_path) {
        anim.rec = gf_record_start(opt->animate_path, opt->overwrite, anim.req.width, anim.req.height, msg, sizeof msg);
        if (!anim.rec || !animate_to(&anim, opt, &app, &text, 0, false, msg, sizeof msg)) {
            fprintf(err, "gradflow: --animate %s\n", msg);
            if (anim.rec)
                gf_record_end(anim.rec, false, msg, sizeof msg);
            gf_text_destroy(&text);
            TTF_Quit();
            gf_app_destroy(&app);
            gf_outfile_abandon(&csv);
            gf_outfile_abandon(&dump);
            return 2;
        }
    }

    if (csv.f)
        gf_csv_write_header(csv.f);
    bool animating = true;
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
        if (animating && !animate_to(&anim, opt, &app, &text, s + 1, false, msg, sizeof msg)) {
            fprintf(err, "gradflow: --animate %s\n", msg);
            animating = false;
        }
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
    struct gf_record_result made = {0};
    if (anim.rec) {   /* frames still due when training stopped early show where it stopped */
        if (!animating || !animate_to(&anim, opt, &app, &text, opt->steps, true, msg, sizeof msg) ||
            !gf_record_close(anim.rec, &made, msg, sizeof msg)) {
            if (animating)
                fprintf(err, "gradflow: --animate %s\n", msg);
            status = 2;
        }
    }
    if (status == 0 && opt->screenshot_path) {
        struct gf_export_request req = figure_request(opt, 1920, opt->panel == GF_FIGURE_FULL ? 1080 : 540);
        if (!gf_export_figure(&text, &app, &req, opt->screenshot_path, opt->overwrite, msg, sizeof msg)) {
            fprintf(err, "gradflow: --screenshot %s\n", msg);
            status = 2;
        }
    }
    if (anim.rec && !gf_record_end(anim.rec, status == 0, msg, sizeof msg)) {
        fprintf(err, "gradflow: --animate %s\n", msg);
        status = 2;
    }
    if (fonts) {
        gf_text_destroy(&text);
        TTF_Quit();
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
    if (status == 0 && opt->animate_path)   /* before the runs' blocks, which end the output */
        fprintf(out, "animation %s: %ld frames of %dx%d at %d a second; mean colour error against the frames "
                     "%.2f of 255 (last frame), %.2f (worst)\n",
                opt->animate_path, made.frames, made.w, made.h, GF_GIF_FPS, made.last_error, made.max_error);
    for (int side = 0; side < GF_SIDES; side++)
        print_run(out, (enum gf_side)side, &lab->run[side]);
    gf_app_destroy(&app);
    return status;
}
