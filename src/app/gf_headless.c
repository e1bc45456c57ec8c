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
    char init[32];
    gf_lab_config_init_name(c, init, sizeof init);
    fprintf(out, "gradflow %s: %s, %d hidden layers x %d, head %s, init %s, %s lr %g, batch %d, seed %llu, %ld steps\n",
            GF_VERSION, gf_dataset_info(c->dataset)->id, c->depth, c->width,
            gf_head_info(gf_lab_config_head(c))->id, init, gf_opt_id(c->optimizer),
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

/* The fonts figures are drawn with, for --screenshot and --animate, opened
 * before any training; a lesson's characters no font draws are warned of. */
static bool open_fonts(const char *assets, struct gf_app *app, struct gf_text *text, FILE *err, char *msg,
                       size_t msglen)
{
    if (TTF_Init() != 0) {
        snprintf(msg, msglen, "cannot start SDL_ttf: %s", TTF_GetError());
        return false;
    }
    if (!gf_assets_open_text(text, assets, msg, msglen)) {
        TTF_Quit();
        return false;
    }
    char warning[1024];
    if (app->lesson_path && !gf_assets_lesson_glyphs(text, app->lesson, app->lesson_path, warning, sizeof warning))
        fprintf(err, "gradflow: warning: %s\n", warning);
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

enum { OUT_CSV, OUT_DUMP, OUT_SCREENSHOT, OUT_ANIMATE, N_OUTPUTS };

static void abandon_all(struct gf_outfile files[N_OUTPUTS])
{
    for (int i = 0; i < N_OUTPUTS; i++)
        gf_outfile_abandon(&files[i]);
}

int gf_headless_run(const struct gf_cli_options *opt, FILE *out, FILE *err)
{
    char msg[3072];
    const char *paths[N_OUTPUTS] = {opt->csv_path, opt->dump_path, opt->screenshot_path, opt->animate_path};
    const char *flags[N_OUTPUTS] = {"--csv", "--dump", "--screenshot", "--animate"};
    struct gf_outfile files[N_OUTPUTS] = {{0}};
    static struct gf_app app;     /* one per process; holds the lab and the figure's maps */
    static struct gf_text text;   /* large: the text cache */
    struct animation anim = {NULL, figure_request(opt, 1280, 720), 0};
    struct gf_record_result made = {0};
    enum gf_result result = GF_OK;
    bool trained = false, fonts = false;
    for (int i = 0; i < N_OUTPUTS; i++)
        for (int j = i + 1; j < N_OUTPUTS; j++)
            if (paths[i] && paths[j] && gf_same_target(paths[i], paths[j])) {
                fprintf(err, "gradflow: %s %s and %s %s name the same file; give them different names\n", flags[i],
                        paths[i], flags[j], paths[j]);
                result = GF_ERR_INPUT;
                goto end;
            }
    /* SVG, PDF and GIF in a build without them: said before anything is made */
    const char *dot = opt->screenshot_path ? strrchr(opt->screenshot_path, '.') : NULL;
    const char *missing = dot ? gf_export_missing(dot + 1) : NULL;
    if (missing) {
        fprintf(err, "gradflow: --screenshot %s: %s\n", opt->screenshot_path, missing);
        result = GF_ERR_INPUT;
        goto end;
    }
    if (opt->animate_path && (missing = gf_export_missing("gif"))) {
        fprintf(err, "gradflow: --animate %s: %s\n", opt->animate_path, missing);
        result = GF_ERR_INPUT;
        goto end;
    }
    /* Every output's name is checked and its temporary file made before any
     * training, so a mistake costs nothing; the files are put in place
     * together at the end, or none of them is. */
    for (int i = 0; i < N_OUTPUTS; i++)   /* the animation's file is its recorder's, below */
        if (paths[i] && i != OUT_ANIMATE && !gf_outfile_open(&files[i], paths[i], opt->overwrite, msg, sizeof msg)) {
            fprintf(err, "gradflow: %s %s\n", flags[i], msg);
            result = GF_ERR_OUTPUT;
            goto end;
        }
    struct gf_outfile *csv = &files[OUT_CSV], *dump = &files[OUT_DUMP];
    char assets[4096];   /* the figure's fonts, found before training too */
    bool figures = opt->screenshot_path || opt->animate_path;
    if (figures && !gf_assets_find(opt->assets_dir, assets, sizeof assets, msg, sizeof msg)) {
        fprintf(err, "gradflow: %s\n", msg);
        result = GF_ERR_INPUT;
        goto end;
    }

    result = gf_app_init_from_cli(&app, opt, false, msg, sizeof msg);
    if (result != GF_OK) {
        fprintf(err, "gradflow: %s\n", msg);
        goto end;
    }
    struct gf_lab *lab = app.lab;
    app.dist_live = false;   /* the histograms are drawn once, below: not after every step */
    app.record_always = true;   /* the CSV's and the figures' records from step 1 */
    gf_app_sync_measures(&app);

    /* the fonts and the animation's file (its recorder's own, checked like
     * the others) before any training, so a problem with either costs nothing */
    fonts = figures && open_fonts(assets, &app, &text, err, msg, sizeof msg);
    if (figures && !fonts) {
        fprintf(err, "gradflow: %s %s\n", opt->animate_path ? "--animate" : "--screenshot", msg);
        result = GF_ERR_INPUT;
        goto end;
    }
    if (opt->animate_path) {
        anim.rec = gf_record_start(opt->animate_path, opt->overwrite, anim.req.width, anim.req.height, msg, sizeof msg);
        if (!anim.rec || !animate_to(&anim, opt, &app, &text, 0, false, msg, sizeof msg)) {
            fprintf(err, "gradflow: --animate %s\n", msg);
            result = GF_ERR_OUTPUT;
            goto end;
        }
    }

    if (csv->f)
        gf_csv_write_header(csv->f);
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
            if (csv->f)
                gf_csv_write_step(csv->f, (enum gf_side)side, run, &run->last);
        }
        if (!moved)
            break;
        if (csv->f && !gf_outfile_healthy(csv))
            break;   /* a full disk: no use training on; the close below says why */
        if (animating && !animate_to(&anim, opt, &app, &text, s + 1, false, msg, sizeof msg)) {
            fprintf(err, "gradflow: --animate %s\n", msg);
            animating = false;
        }
    }
    trained = true;
    /* before the dump's probe replaces the pass the bars and histograms show */
    gf_app_capture_dists(&app, opt->panel == GF_FIGURE_DISTRIBUTIONS);
    if (dump->f) {
        gf_dump_write(dump->f, lab);
        gf_outfile_healthy(dump);
    }

    /* Every file is complete before any is put in place: one failing leaves none. */
    for (int i = OUT_CSV; i <= OUT_DUMP; i++)
        if (files[i].f && !gf_outfile_close(&files[i], msg, sizeof msg)) {
            fprintf(err, "gradflow: %s %s\n", flags[i], msg);
            result = GF_ERR_OUTPUT;
            goto end;
        }
    if (anim.rec) {   /* frames still due when training stopped early show where it stopped */
        if (!animating || !animate_to(&anim, opt, &app, &text, opt->steps, true, msg, sizeof msg) ||
            !gf_record_close(anim.rec, &made, msg, sizeof msg)) {
            if (animating)
                fprintf(err, "gradflow: --animate %s\n", msg);
            result = GF_ERR_OUTPUT;
            goto end;
        }
    }
    struct gf_outfile *shot = &files[OUT_SCREENSHOT];
    if (shot->f) {
        struct gf_export_request req = figure_request(opt, 1920, opt->panel == GF_FIGURE_FULL ? 1080 : 540);
        enum gf_export_format format = GF_FORMAT_PNG;   /* any other name is written as PNG, as it always was */
        gf_export_format_of(opt->screenshot_path, &format);
        if (!(gf_export_figure_write(&text, &app, &req, format, shot, msg, sizeof msg) &&
              gf_outfile_close(shot, msg, sizeof msg))) {
            fprintf(err, "gradflow: --screenshot %s\n", msg);
            result = GF_ERR_OUTPUT;
            goto end;
        }
    }
    struct gf_outfile *ready[N_OUTPUTS];
    int n = 0, which[N_OUTPUTS], failed = 0;
    for (int i = 0; i < N_OUTPUTS; i++) {
        struct gf_outfile *f = i == OUT_ANIMATE ? (anim.rec ? gf_record_file(anim.rec) : NULL) : &files[i];
        if (f && f->temp_path) {
            which[n] = i;
            ready[n++] = f;
        }
    }
    if (!gf_outfile_publish_all(ready, n, &failed, msg, sizeof msg)) {
        fprintf(err, "gradflow: %s %s\n", flags[which[failed]], msg);
        result = GF_ERR_OUTPUT;
    }

end:   /* the one way out, success or not */
    abandon_all(files);   /* after a failure, the temporary files still there */
    if (anim.rec)         /* put in place above with the others, or removed here */
        gf_record_end(anim.rec, false, msg, sizeof msg);
    if (fonts) {
        gf_text_destroy(&text);
        TTF_Quit();
    }
    if (trained) {        /* the tables, also when an output could not be written */
        print_settings(out, opt, app.lab);
        if (result == GF_OK && opt->animate_path)   /* before the runs' blocks, which end the output */
            fprintf(out, "animation %s: %ld frames of %dx%d at %d a second; mean colour error against the frames "
                         "%.2f of 255 (last frame), %.2f (worst)\n",
                    opt->animate_path, made.frames, made.w, made.h, GF_GIF_FPS, made.last_error, made.max_error);
        for (int side = 0; side < GF_SIDES; side++)
            print_run(out, (enum gf_side)side, &app.lab->run[side]);
    }
    gf_app_destroy(&app);   /* safe on the zeroed app a failure before its init leaves */
    return gf_result_status(result);
}
