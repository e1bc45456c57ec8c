/* gf_export.c - PNG figures and history CSV. */
#include "gf_export.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "gf_outfile.h"
#include "gf_platform.h"
#include "gf_png.h"
#include "gf_report.h"
#include "gf_version.h"


void gf_export_caption(const struct gf_app *app, char *buf, size_t n)
{
    const struct gf_lab_config *c = &app->cfg;
    char left[160], right[160], init[32];
    gf_lab_config_init_name(c, init, sizeof init);
    gf_render_run_name(left, sizeof left, &app->lab->run[GF_LEFT].cfg, false, app->lang);
    gf_render_run_name(right, sizeof right, &app->lab->run[GF_RIGHT].cfg, false, app->lang);
    snprintf(buf, n,
             gf_tr(app->lang,
                   "%s vs %s · %s · %d hidden × %d · %s · init %s · %s · lr %g · batch %d · step %lld · seed %llu"),
             left, right,
             gf_dataset_info(c->dataset)->id, c->depth, c->width, gf_head_info(gf_lab_config_head(c))->id,
             init, gf_opt_id(c->optimizer), (double)c->lr, c->batch, (long long)gf_lab_steps(app->lab),
             (unsigned long long)c->seed);
}

/* A string that grows as it is written: commands hold paths of any length. */
struct text_buf {
    char *s;
    size_t len, cap;
    bool failed;   /* out of memory: the text is incomplete and must not be used */
};

static void append(struct text_buf *b, const char *fmt, ...)
{
    if (b->failed)
        return;
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(b->s ? b->s + b->len : NULL, b->s ? b->cap - b->len : 0, fmt, ap);
    va_end(ap);
    if (k < 0) {
        b->failed = true;
        return;
    }
    if (b->s && b->len + (size_t)k < b->cap) {
        b->len += (size_t)k;
        return;
    }
    size_t cap = b->cap ? b->cap : 256;
    while (cap <= b->len + (size_t)k)
        cap *= 2;
    char *grown = realloc(b->s, cap);
    if (!grown) {
        b->failed = true;
        return;
    }
    b->s = grown;
    b->cap = cap;
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    b->len += (size_t)k;
}

/* Length of the UTF-8 character at s (of n bytes left), 0 when the bytes there are not UTF-8. */
static int utf8_length(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    int len = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (len == 0 || (size_t)len > n)
        return 0;
    for (int k = 1; k < len; k++)
        if ((s[k] & 0xC0) != 0x80)
            return 0;
    if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] >= 0xA0) || (c == 0xF0 && s[1] < 0x90) ||
        (c == 0xF4 && s[1] >= 0x90))
        return 0;   /* overlong, a surrogate, or past U+10FFFF */
    return len;
}

/* A file name as a shell reads it back: as it is when it is plain; in
 * single quotes (a quote inside as '\'') when it is other UTF-8 text; and
 * when it holds bytes that are not UTF-8 or control characters, as $'...'
 * with those bytes as \xHH, so the command stays UTF-8 text (as a PNG's
 * iTXt chunk must be) and still names exactly that file. */
static void append_path(struct text_buf *b, const char *path)
{
    const unsigned char *u = (const unsigned char *)path;
    size_t n = strlen(path);
    bool plain = n > 0, text = true;
    for (size_t i = 0; i < n;) {
        int len = utf8_length(u + i, n - i);
        if (len == 0 || u[i] < 0x20 || u[i] == 0x7F || (len == 2 && u[i] == 0xC2 && u[i + 1] < 0xA0))
            text = false;   /* not UTF-8, or a C0/C1 control character */
        if (len != 1 || !((u[i] >= 'a' && u[i] <= 'z') || (u[i] >= 'A' && u[i] <= 'Z') ||
                          (u[i] >= '0' && u[i] <= '9') || strchr("._/+-:=,@%", u[i])))
            plain = false;
        i += len ? (size_t)len : 1;
    }
    if (plain) {
        append(b, " %s", path);
    } else if (text) {
        append(b, " '");
        for (const char *p = path; *p; p++)
            append(b, *p == '\'' ? "'\\''" : "%c", *p);
        append(b, "'");
    } else {
        append(b, " $'");
        for (size_t i = 0; i < n;) {
            int len = utf8_length(u + i, n - i);
            bool control = u[i] < 0x20 || u[i] == 0x7F || (len == 2 && u[i] == 0xC2 && u[i + 1] < 0xA0);
            if (len == 0 || control) {
                for (int k = 0; k < (len ? len : 1); k++)
                    append(b, "\\x%02X", u[i + (size_t)k]);
                i += len ? (size_t)len : 1;
            } else {
                if (u[i] == '\\' || u[i] == '\'')
                    append(b, "\\%c", u[i]);
                else
                    append(b, "%.*s", len, path + i);
                i += (size_t)len;
            }
        }
        append(b, "'");
    }
}

/* A per-run setting: one shared flag when both runs agree, else one per run. */
static void append_bool(struct text_buf *b, const char *flag, const bool v[GF_SIDES])
{
    if (v[GF_LEFT] && v[GF_RIGHT])
        append(b, " --%s", flag);
    else if (v[GF_LEFT] || v[GF_RIGHT])
        append(b, " --%s-%s", v[GF_LEFT] ? "left" : "right", flag);
}

static void append_float(struct text_buf *b, const char *flag, const float v[GF_SIDES], bool skip_zero)
{
    char l[32], r[32];
    gf_format_float(l, sizeof l, v[GF_LEFT]);
    gf_format_float(r, sizeof r, v[GF_RIGHT]);
    if (v[GF_LEFT] == v[GF_RIGHT]) {
        if (!(skip_zero && v[GF_LEFT] == 0.0f))
            append(b, " --%s %s", flag, l);
        return;
    }
    if (!(skip_zero && v[GF_LEFT] == 0.0f))
        append(b, " --left-%s %s", flag, l);
    if (!(skip_zero && v[GF_RIGHT] == 0.0f))
        append(b, " --right-%s %s", flag, r);
}

/* Every network and training setting as flags, from the defaults' point of view. */
static void append_config(struct text_buf *b, const struct gf_lab_config *c)
{
    char lr[32], noise[32];
    gf_format_float(lr, sizeof lr, c->lr);
    append(b, " --left %s --right %s --depth %d --width %d --dataset %s", gf_act_info(c->act[GF_LEFT])->id,
           gf_act_info(c->act[GF_RIGHT])->id, c->depth, c->width, gf_dataset_info(c->dataset)->id);
    append_float(b, "leaky-alpha", c->alpha, false);
    if (!c->head_from_dataset)
        append(b, " --head %s", gf_head_info(c->head)->id);
    if (c->noise >= 0.0f) {
        gf_format_float(noise, sizeof noise, c->noise);
        append(b, " --noise %s", noise);
    }
    append_bool(b, "residual", c->residual);
    append_bool(b, "batchnorm", c->batchnorm);
    append_float(b, "clip", c->clip, true);
    for (int side = 0; side < GF_SIDES; side++)
        if (c->double_softmax[side])
            append(b, " --%s-double-softmax", side == GF_LEFT ? "left" : "right");
    append(b, " --init %s --optimizer %s --lr %s --batch %d --seed %llu", gf_init_id(c->init),
           gf_opt_id(c->optimizer), lr, c->batch, (unsigned long long)c->seed);
    for (int side = 0; side < GF_SIDES; side++)
        if (c->own_init[side])
            append(b, " --%s-init %s", side == GF_LEFT ? "left" : "right", gf_init_id(c->side_init[side]));
}

/* The settings part of the command: the lesson scene on screen, if any,
 * and every setting as flags (which, with --scene, stand in for the scene's). */
static void append_settings(struct text_buf *b, const struct gf_app *app)
{
    if (gf_app_scene(app)) {
        append(b, " --scene %d", app->scene + 1);
        if (app->lesson_path) {
            append(b, " --lesson");
            append_path(b, app->lesson_path);
        }
    }
    append_config(b, &app->cfg);
}

void gf_export_config_flags(const struct gf_lab_config *c, char *buf, size_t n)
{
    struct text_buf b = {0};
    append_config(&b, c);
    snprintf(buf, n, "%s", b.failed || !b.s ? "" : b.s);
    free(b.s);
}

char *gf_export_command(const struct gf_app *app, const struct gf_export_request *req, const char *file)
{
    /* Every setting that changes the image, floats in digits that read back exactly. */
    struct text_buf b = {0};
    append(&b, "gradflow --headless --steps %lld", (long long)gf_lab_steps(app->lab));
    append_settings(&b, app);
    append(&b, " --bars %s%s", gf_metric_id(app->bar_metric), app->bar_log ? "" : " --linear");
    for (int s = 0; s < GF_SIDES; s++) {   /* the distributions inside the networks, where not the defaults */
        const char *side = s == GF_LEFT ? "left" : "right";
        if (app->dist_view[s])
            append(&b, " --%s-distributions", side);
        if (app->time_view[s] != GF_TIME_HEAT)
            append(&b, " --%s-over-steps %s", side, gf_time_view_id(app->time_view[s]));
        if (app->hist_picked[s])
            append(&b, " --%s-layer %d", side, app->hist_layer[s] + 1);
    }
    append(&b, " --screenshot");
    append_path(&b, file);
    append(&b, " --size %dx%d --theme %s --panel %s%s", req->width, req->height, gf_theme_get(req->theme)->id,
           gf_figure_id(req->figure), req->caption ? "" : " --no-caption");
    if (app->lang != GF_LANG_EN)   /* the figure's words are in the app's language */
        append(&b, " --lang %s", gf_lang_id(app->lang));
    if (app->text_scale != 1.0f) {   /* so is their size */
        char scale[32];
        gf_format_float(scale, sizeof scale, app->text_scale);
        append(&b, " --text-scale %s", scale);
    }
    if (b.failed) {
        free(b.s);
        return NULL;
    }
    return b.s;
}

bool gf_export_size_allowed(int width, int height)
{
    return width >= GF_EXPORT_MIN_W && width <= GF_EXPORT_MAX_SIDE && height >= GF_EXPORT_MIN_H &&
           height <= GF_EXPORT_MAX_SIDE;
}

static int clamp_int(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

bool gf_export_clamp_size(int *width, int *height)
{
    int w = clamp_int(*width, GF_EXPORT_MIN_W, GF_EXPORT_MAX_SIDE);
    int h = clamp_int(*height, GF_EXPORT_MIN_H, GF_EXPORT_MAX_SIDE);
    bool changed = w != *width || h != *height;
    *width = w;
    *height = h;
    return changed;
}

bool gf_export_png_write(struct gf_text *text, struct gf_app *app, const struct gf_export_request *req,
                         struct gf_outfile *out, char *err, size_t errlen)
{
    if (!gf_export_size_allowed(req->width, req->height)) {
        gf_outfile_say(err, errlen, out->path, "a %dx%d figure: sizes go from %dx%d to %dx%d", req->width,
                       req->height, GF_EXPORT_MIN_W, GF_EXPORT_MIN_H, GF_EXPORT_MAX_SIDE, GF_EXPORT_MAX_SIDE);
        return false;
    }
    for (int s = 0; s < GF_SIDES; s++)
        gf_app_refresh_map(app, (enum gf_side)s);   /* the figure shows exactly this step */

    char caption[512], title[128];
    gf_export_caption(app, caption, sizeof caption);
    /* The file name inside the command is the one asked for, not a temporary one. */
    const char *base = out->path + strlen(out->path);
    while (base > out->path && base[-1] != '/' && base[-1] != '\\')
        base--;
    char *command = gf_export_command(app, req, base);
    if (!command) {
        gf_outfile_say(err, errlen, out->path, "out of memory");
        return false;
    }
    snprintf(title, sizeof title, "gradflow: %s vs %s", gf_act_info(app->cfg.act[GF_LEFT])->name_en,
             gf_act_info(app->cfg.act[GF_RIGHT])->name_en);

    struct gf_view view;
    gf_app_view(app, &view);
    view.theme = req->theme;
    view.figure = true;
    view.help = false;
    view.note = "";
    view.caption = req->caption ? caption : NULL;

    SDL_Surface *surface = SDL_CreateRGBSurfaceWithFormat(0, req->width, req->height, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *r = surface ? SDL_CreateSoftwareRenderer(surface) : NULL;
    if (!r) {
        gf_outfile_say(err, errlen, out->path, "cannot make a %dx%d image: %s", req->width, req->height,
                       SDL_GetError());
        SDL_FreeSurface(surface);
        free(command);
        return false;
    }
    bool ok = gf_render_figure(r, text, &view, req->figure, req->width, req->height);
    SDL_RenderFlush(r);
    gf_text_forget_renderer(text, r);
    SDL_DestroyRenderer(r);
    if (!ok) {
        gf_outfile_say(err, errlen, out->path, "drawing failed: %s", SDL_GetError());
        SDL_FreeSurface(surface);
        free(command);
        return false;
    }

    const struct gf_png_text meta[] = {
        {"Title", title},
        {"Description", caption},
        {"Software", "gradflow " GF_VERSION},
        {"gradflow-command", command},
    };
    char why[256];
    int write_errno = 0;
    ok = gf_png_write(out->f, surface, meta, (int)(sizeof meta / sizeof meta[0]), &write_errno, why, sizeof why);
    if (!ok) {
        if (write_errno) {
            out->error = write_errno;
            gf_outfile_say(err, errlen, out->path, "writing failed (%s); nothing was written", strerror(write_errno));
        } else {
            gf_outfile_say(err, errlen, out->path, "%s", why);
        }
    }
    SDL_FreeSurface(surface);
    free(command);
    return ok;
}

bool gf_export_png(struct gf_text *text, struct gf_app *app, const struct gf_export_request *req, const char *path,
                   bool overwrite, char *err, size_t errlen)
{
    struct gf_outfile out;
    if (!gf_outfile_open(&out, path, overwrite, err, errlen))
        return false;
    if (!gf_export_png_write(text, app, req, &out, err, errlen)) {
        gf_outfile_abandon(&out);
        return false;
    }
    return gf_outfile_close(&out, err, errlen) && gf_outfile_publish(&out, err, errlen);
}

bool gf_export_history_csv(const struct gf_app *app, const char *path, char *err, size_t errlen)
{
    struct gf_outfile out;
    if (!gf_outfile_open(&out, path, false, err, errlen))
        return false;
    gf_csv_write_header(out.f);
    for (int s = 0; s < GF_SIDES; s++) {
        const struct gf_run *run = &app->lab->run[s];
        const struct gf_history *h = &run->history;
        for (int i = 0; i < h->count; i++) {
            struct gf_step_stats st;
            st.step = h->step[i];
            st.loss = h->loss[i];
            st.accuracy = h->accuracy[i];
            st.n_layers = h->n_layers;
            for (int l = 0; l < h->n_layers; l++)
                st.layer[l] = *gf_history_layer(h, i, l);
            /* both records merge on the same schedule, so their samples match while both were kept */
            const struct gf_dist_history *d = &run->dist_history;
            st.has_dist = d->count == h->count && d->step[i] == h->step[i];
            for (int l = 0; st.has_dist && l < h->n_layers; l++)
                st.dist[l] = *gf_dist_history_layer(d, i, l);
            gf_csv_write_step(out.f, (enum gf_side)s, run, &st);
        }
    }
    if (!gf_outfile_healthy(&out)) {   /* while errno still says why */
        gf_outfile_close(&out, err, errlen);
        return false;
    }
    return gf_outfile_close(&out, err, errlen) && gf_outfile_publish(&out, err, errlen);
}

bool gf_export_fresh_name(char *out, size_t n, const char *dir, const struct gf_app *app, const char *suffix,
                          const char *ext, time_t now, char *err, size_t errlen)
{
    if (!gf_make_dir(dir)) {
        gf_outfile_say(err, errlen, dir, "cannot create the folder (%s)", strerror(errno));
        return false;
    }
    char stamp[32] = "time-unknown";
    struct tm *t = localtime(&now);
    if (t)
        strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", t);
    char stem[1024];
    int len = snprintf(stem, sizeof stem, "%s/gradflow-%s-%s-vs-%s-step%lld%s%s", dir, stamp,
                       gf_act_info(app->cfg.act[GF_LEFT])->id, gf_act_info(app->cfg.act[GF_RIGHT])->id,
                       (long long)gf_lab_steps(app->lab), suffix ? "-" : "", suffix ? suffix : "");
    if (len < 0 || (size_t)len >= sizeof stem) {
        snprintf(err, errlen, "the folder name is too long: %.60s…", dir);
        return false;
    }
    for (int k = 1; k < 1000; k++) {
        len = k == 1 ? snprintf(out, n, "%s.%s", stem, ext) : snprintf(out, n, "%s-%d.%s", stem, k, ext);
        if (len < 0 || (size_t)len >= n) {
            snprintf(err, errlen, "the folder name is too long: %.60s…", dir);
            return false;
        }
        if (!gf_path_exists(out))
            return true;
    }
    snprintf(err, errlen, "no free file name left for %s", stem);
    return false;
}
