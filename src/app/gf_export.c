/* gf_export.c - PNG, SVG and PDF figures and history CSV. */
#include "gf_export.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "gf_outfile.h"
#include "gf_platform.h"
#include "gf_png.h"
#include "gf_report.h"
#include "gf_vector.h"
#include "gf_version.h"


/* A lesson scene's examples, each with its own settings. */
static void examples_caption(const struct gf_app *app, char *buf, size_t n)
{
    char list[400] = "";
    size_t used = 0;
    for (int i = 0; i < app->n_examples; i++) {
        const struct gf_lab_config *c = &app->example[i].lab->cfg;
        int k = snprintf(list + used, sizeof list - used, "%s%s · %s · %d × %d · %s · %s lr %g", i ? " | " : "",
                         gf_dataset_info(c->dataset)->id, gf_act_name(c->act[GF_LEFT], app->lang), c->depth, c->width,
                         gf_head_info(gf_lab_config_head(c))->id, gf_opt_id(c->optimizer), (double)c->lr);
        if (k < 0 || (size_t)k >= sizeof list - used)
            break;
        used += (size_t)k;
    }
    snprintf(buf, n, gf_tr(app->lang, "examples: %s · step %lld"), list, (long long)gf_lab_steps(app->lab));
}

void gf_export_caption(const struct gf_app *app, char *buf, size_t n)
{
    const struct gf_scene *scene = gf_app_scene(app);
    if (scene && scene->view == GF_SCENE_OUTPUTS && app->n_examples > 0) {
        examples_caption(app, buf, n);
        return;
    }
    if (scene && scene->view == GF_SCENE_LINEAR) {   /* functions drawn, no network shown */
        snprintf(buf, n, gf_tr(app->lang, "%s · figures only, no training shown"), gf_scene_title(scene, app->lang));
        return;
    }
    const struct gf_lab_config *c = &app->cfg;
    char left[160], right[160];
    gf_render_run_name(left, sizeof left, &app->lab->run[GF_LEFT].cfg, false, app->lang);
    gf_render_run_name(right, sizeof right, &app->lab->run[GF_RIGHT].cfg, false, app->lang);
    snprintf(buf, n,
             gf_tr(app->lang,
                   "%s vs %s · %s · %d hidden × %d · %s · init %s · %s · lr %g · batch %d · step %lld · seed %llu"),
             left, right,
             gf_dataset_info(c->dataset)->id, c->depth, c->width, gf_head_info(gf_lab_config_head(c))->id,
             gf_init_id(c->init), gf_opt_id(c->optimizer), (double)c->lr, c->batch, (long long)gf_lab_steps(app->lab),
             (unsigned long long)c->seed);
}

/* Appends printf-style text to buf, which holds *used bytes (the total stays within n). */
static void append(char *buf, size_t n, int *used, const char *fmt, ...)
{
    if (*used < 0 || (size_t)*used >= n)
        return;
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(buf + *used, n - (size_t)*used, fmt, ap);
    va_end(ap);
    *used = k < 0 ? -1 : *used + k;
}

/* A file name as a shell reads it back: as it is when it is plain, else in
 * single quotes (a quote inside as '\''). */
static void append_path(char *buf, size_t n, int *used, const char *path)
{
    bool plain = *path != '\0';
    for (const char *p = path; *p && plain; p++)
        plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
                strchr("._/+-:=,@%", *p) != NULL;
    if (plain) {
        append(buf, n, used, " %s", path);
        return;
    }
    append(buf, n, used, " '");
    for (const char *p = path; *p; p++)
        append(buf, n, used, *p == '\'' ? "'\\''" : "%c", *p);
    append(buf, n, used, "'");
}

/* A per-run setting: one shared flag when both runs agree, else one per run. */
static void append_bool(char *buf, size_t n, int *used, const char *flag, const bool v[GF_SIDES])
{
    if (v[GF_LEFT] && v[GF_RIGHT])
        append(buf, n, used, " --%s", flag);
    else if (v[GF_LEFT] || v[GF_RIGHT])
        append(buf, n, used, " --%s-%s", v[GF_LEFT] ? "left" : "right", flag);
}

static void append_float(char *buf, size_t n, int *used, const char *flag, const float v[GF_SIDES], bool skip_zero)
{
    char a[32], b[32];
    gf_format_float(a, sizeof a, v[GF_LEFT]);
    gf_format_float(b, sizeof b, v[GF_RIGHT]);
    if (v[GF_LEFT] == v[GF_RIGHT]) {
        if (!(skip_zero && v[GF_LEFT] == 0.0f))
            append(buf, n, used, " --%s %s", flag, a);
        return;
    }
    if (!(skip_zero && v[GF_LEFT] == 0.0f))
        append(buf, n, used, " --left-%s %s", flag, a);
    if (!(skip_zero && v[GF_RIGHT] == 0.0f))
        append(buf, n, used, " --right-%s %s", flag, b);
}

/* The settings part of the command: the lesson scene on screen, if any,
 * and every setting as flags (which, with --scene, stand in for the scene's). */
static void append_settings(char *buf, size_t n, int *used, const struct gf_app *app)
{
    const struct gf_lab_config *c = &app->cfg;
    if (gf_app_scene(app)) {
        append(buf, n, used, " --scene %d", app->scene + 1);
        if (app->lesson_path) {
            append(buf, n, used, " --lesson");
            append_path(buf, n, used, app->lesson_path);
        }
    }
    char lr[32], noise[32];
    gf_format_float(lr, sizeof lr, c->lr);
    append(buf, n, used, " --left %s --right %s --depth %d --width %d --dataset %s", gf_act_info(c->act[GF_LEFT])->id,
           gf_act_info(c->act[GF_RIGHT])->id, c->depth, c->width, gf_dataset_info(c->dataset)->id);
    append_float(buf, n, used, "leaky-alpha", c->alpha, false);
    if (!c->head_from_dataset)
        append(buf, n, used, " --head %s", gf_head_info(c->head)->id);
    if (c->noise >= 0.0f) {
        gf_format_float(noise, sizeof noise, c->noise);
        append(buf, n, used, " --noise %s", noise);
    }
    append_bool(buf, n, used, "residual", c->residual);
    append_bool(buf, n, used, "batchnorm", c->batchnorm);
    append_float(buf, n, used, "clip", c->clip, true);
    for (int side = 0; side < GF_SIDES; side++)
        if (c->double_softmax[side])
            append(buf, n, used, " --%s-double-softmax", side == GF_LEFT ? "left" : "right");
    append(buf, n, used, " --init %s --optimizer %s --lr %s --batch %d --seed %llu", gf_init_id(c->init),
           gf_opt_id(c->optimizer), lr, c->batch, (unsigned long long)c->seed);
}

void gf_export_command(const struct gf_app *app, const struct gf_export_request *req, const char *file,
                       char *buf, size_t n)
{
    /* Every setting that changes the image, floats in digits that read back exactly. */
    int used = 0;
    append(buf, n, &used, "gradflow --headless --steps %lld", (long long)gf_lab_steps(app->lab));
    append_settings(buf, n, &used, app);
    append(buf, n, &used, " --bars %s%s --screenshot", gf_metric_id(app->bar_metric), app->bar_log ? "" : " --linear");
    append_path(buf, n, &used, file);
    append(buf, n, &used, " --size %dx%d --theme %s --panel %s%s%s", req->width, req->height,
           gf_theme_get(req->theme)->id, gf_figure_id(req->figure), req->caption ? "" : " --no-caption",
           req->no_title ? " --no-title" : "");
    if (req->smooth > 0)
        append(buf, n, &used, " --smooth %d", req->smooth);
    if (app->lang != GF_LANG_EN)   /* the figure's words are in the app's language */
        append(buf, n, &used, " --lang %s", gf_lang_id(app->lang));
}

/* What every figure carries besides its drawing: the caption, the command
 * that draws it again and a title; and the view it draws. */
struct figure {
    char caption[512], command[2048], title[128];
    struct gf_view view;
    struct gf_step_stats smoothed[GF_SIDES];   /* the bars, when smoothed */
};

static void prepare_figure(struct figure *fig, struct gf_app *app, const struct gf_export_request *req,
                           const char *path)
{
    for (int s = 0; s < GF_SIDES; s++)
        gf_app_refresh_map(app, (enum gf_side)s);   /* the figure shows exactly this step */

    gf_export_caption(app, fig->caption, sizeof fig->caption);
    /* The file name inside the command is the one asked for, not a temporary one. */
    const char *base = path + strlen(path);
    while (base > path && base[-1] != '/' && base[-1] != '\\')
        base--;
    gf_export_command(app, req, base, fig->command, sizeof fig->command);
    snprintf(fig->title, sizeof fig->title, "gradflow: %s vs %s", gf_act_info(app->cfg.act[GF_LEFT])->name_en,
             gf_act_info(app->cfg.act[GF_RIGHT])->name_en);

    struct gf_view *view = &fig->view;
    gf_app_view(app, view);
    view->theme = req->theme;
    view->figure = true;
    view->help = false;
    view->note = "";
    view->caption = req->caption ? fig->caption : NULL;
    view->no_title = req->no_title;
    for (int s = 0; s < GF_SIDES && req->smooth > 0; s++) {
        /* each layer's mean over the last steps, so a figure does not hinge on one minibatch */
        fig->smoothed[s] = *view->bars[s];
        const struct gf_history *h = &app->lab->run[s].history;
        int64_t n = gf_history_recent_mean(h, req->smooth, fig->smoothed[s].layer);
        if (n > 0 && h->n_layers == fig->smoothed[s].n_layers) {
            view->bars[s] = &fig->smoothed[s];
            view->bars_smoothed[s] = n;
        }
    }
}

/* fig's view drawn into a new surface of req's size; NULL, err saying why, on failure. */
static SDL_Surface *render_figure(struct gf_text *text, const struct figure *fig, const struct gf_export_request *req,
                                  char *err, size_t errlen)
{
    SDL_Surface *surface = SDL_CreateRGBSurfaceWithFormat(0, req->width, req->height, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *r = surface ? SDL_CreateSoftwareRenderer(surface) : NULL;
    if (!r) {
        snprintf(err, errlen, "cannot make a %dx%d image: %s", req->width, req->height, SDL_GetError());
        SDL_FreeSurface(surface);
        return NULL;
    }
    bool ok = gf_render_figure(r, text, &fig->view, req->figure, req->width, req->height);
    SDL_RenderFlush(r);
    gf_text_forget_renderer(text, r);
    SDL_DestroyRenderer(r);
    if (!ok) {
        snprintf(err, errlen, "drawing failed: %s", SDL_GetError());
        SDL_FreeSurface(surface);
        return NULL;
    }
    return surface;
}

SDL_Surface *gf_export_render(struct gf_text *text, struct gf_app *app, const struct gf_export_request *req, char *err,
                              size_t errlen)
{
    static _Thread_local struct figure fig;   /* large; a figure is drawn on one thread start to end */
    prepare_figure(&fig, app, req, "");
    return render_figure(text, &fig, req, err, errlen);
}

bool gf_export_png(struct gf_text *text, struct gf_app *app, const struct gf_export_request *req, const char *path,
                   bool overwrite, char *err, size_t errlen)
{
    static _Thread_local struct figure fig;
    prepare_figure(&fig, app, req, path);
    SDL_Surface *surface = render_figure(text, &fig, req, err, errlen);
    if (!surface)
        return false;
    bool ok;

    const struct gf_png_text meta[] = {
        {"Title", fig.title},
        {"Description", fig.caption},
        {"Software", "gradflow " GF_VERSION},
        {"gradflow-command", fig.command},
    };
    struct gf_outfile out;
    ok = gf_outfile_open(&out, path, overwrite, err, errlen);
    if (ok && !gf_png_write(out.f, surface, meta, (int)(sizeof meta / sizeof meta[0]), err, errlen)) {
        gf_outfile_abandon(&out);
        ok = false;
    }
    ok = ok && gf_outfile_close(&out, err, errlen) && gf_outfile_publish(&out, err, errlen);
    SDL_FreeSurface(surface);
    return ok;
}

/* -------------------------------------------------------------------------
 * SVG and PDF: the same drawing into cairo's surfaces
 */

/* cairo's output gathered in memory (SVG: the title goes in before it is written). */
struct bytes {
    char *data;
    size_t len, cap;
    bool failed;
};

static cairo_status_t to_bytes(void *closure, const unsigned char *data, unsigned int n)
{
    struct bytes *b = closure;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 1 << 16;
        while (cap < b->len + n)
            cap *= 2;
        char *grown = SDL_realloc(b->data, cap);
        if (!grown) {
            b->failed = true;
            return CAIRO_STATUS_NO_MEMORY;
        }
        b->data = grown;
        b->cap = cap;
    }
    memcpy(b->data + b->len, data, n);
    b->len += n;
    return CAIRO_STATUS_SUCCESS;
}

/* s with XML's five special characters escaped, appended to b. */
static void xml_text(struct bytes *b, const char *s)
{
    for (; *s; s++) {
        const char *e = *s == '<' ? "&lt;" : *s == '>' ? "&gt;" : *s == '&' ? "&amp;" : *s == '"' ? "&quot;"
                      : *s == '\'' ? "&apos;" : NULL;
        if (e)
            to_bytes(b, (const unsigned char *)e, (unsigned)strlen(e));
        else
            to_bytes(b, (const unsigned char *)s, 1);
    }
}

static void xml_raw(struct bytes *b, const char *s)
{
    to_bytes(b, (const unsigned char *)s, (unsigned)strlen(s));
}

/* cairo's SVG with <title>, <desc> and the PNG's other text entries as
 * <metadata> put in right after the root element's start tag (cairo 1.16
 * has no call for them). False when cairo's output has no <svg> element. */
static bool svg_with_words(const struct bytes *svg, const struct figure *fig, struct bytes *out)
{
    const char *root = svg->len ? strstr(svg->data, "<svg") : NULL;
    const char *end = root ? memchr(root, '>', svg->len - (size_t)(root - svg->data)) : NULL;
    if (!end)
        return false;
    size_t head = (size_t)(end + 1 - svg->data);
    to_bytes(out, (const unsigned char *)svg->data, (unsigned)head);
    xml_raw(out, "\n<title>");
    xml_text(out, fig->title);
    xml_raw(out, "</title>\n<desc>");
    xml_text(out, fig->caption);
    xml_raw(out, "</desc>\n<metadata>\n<gradflow:text xmlns:gradflow=\"urn:x-gradflow:figure\" key=\"Software\">");
    xml_text(out, "gradflow " GF_VERSION);
    xml_raw(out, "</gradflow:text>\n<gradflow:text xmlns:gradflow=\"urn:x-gradflow:figure\" key=\"gradflow-command\">");
    xml_text(out, fig->command);
    xml_raw(out, "</gradflow:text>\n</metadata>");
    to_bytes(out, (const unsigned char *)svg->data + head, (unsigned)(svg->len - head));
    return !out->failed;
}

static cairo_status_t to_file(void *closure, const unsigned char *data, unsigned int n)
{
    return fwrite(data, 1, n, closure) == n ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

bool gf_export_vector(struct gf_text *text, struct gf_app *app, const struct gf_export_request *req,
                      enum gf_export_format format, const char *path, bool overwrite, char *err, size_t errlen)
{
    static _Thread_local struct figure fig;
    prepare_figure(&fig, app, req, path);
    struct gf_outfile out;
    if (!gf_outfile_open(&out, path, overwrite, err, errlen))
        return false;

    /* One pixel of the frame is one unit: a point in the PDF, a user unit in the SVG. */
    struct bytes svg = {0}, words = {0};
    cairo_surface_t *surface;
    if (format == GF_FORMAT_SVG) {
        surface = cairo_svg_surface_create_for_stream(to_bytes, &svg, req->width, req->height);
        cairo_svg_surface_set_document_unit(surface, CAIRO_SVG_UNIT_PX);
    } else {
        surface = cairo_pdf_surface_create_for_stream(to_file, out.f, req->width, req->height);
        /* The PNG's text entries; no dates, so the same command gives the same bytes. */
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, fig.title);
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT, fig.caption);
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "gradflow " GF_VERSION);
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_KEYWORDS, fig.command);
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, "");
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, "");
    }
    cairo_t *cr = cairo_create(surface);
    SDL_Renderer *target = gf_vector_begin(cr, err, errlen);
    bool ok = target != NULL;
    if (ok) {
        ok = gf_render_figure(target, text, &fig.view, req->figure, req->width, req->height);
        gf_vector_end(target);
        if (!ok)
            snprintf(err, errlen, "drawing failed");
    }
    ok = ok && !gf_vector_failed(cr, err, errlen);
    cairo_destroy(cr);
    cairo_surface_finish(surface);   /* writes the document out */
    if (ok && cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
        snprintf(err, errlen, "cannot write the %s: %s", format == GF_FORMAT_SVG ? "SVG" : "PDF",
                 cairo_status_to_string(cairo_surface_status(surface)));
        ok = false;
    }
    cairo_surface_destroy(surface);
    if (ok && format == GF_FORMAT_SVG) {
        if (svg.failed || !svg_with_words(&svg, &fig, &words)) {
            snprintf(err, errlen, "%s", svg.failed || words.failed ? "out of memory" : "cairo wrote no <svg> element");
            ok = false;
        } else if (fwrite(words.data, 1, words.len, out.f) != words.len) {
            snprintf(err, errlen, "cannot write %s (%s)", path, strerror(errno));
            ok = false;
        }
    }
    SDL_free(svg.data);
    SDL_free(words.data);
    if (!ok) {
        gf_outfile_abandon(&out);
        return false;
    }
    return gf_outfile_close(&out, err, errlen) && gf_outfile_publish(&out, err, errlen);
}

bool gf_export_format_of(const char *path, enum gf_export_format *out)
{
    static const char *const ext[GF_FORMAT_COUNT] = {".png", ".svg", ".pdf"};
    size_t n = strlen(path);
    for (int f = 0; f < GF_FORMAT_COUNT; f++)
        if (n > 4 && SDL_strcasecmp(path + n - 4, ext[f]) == 0) {
            *out = (enum gf_export_format)f;
            return true;
        }
    return false;
}

bool gf_export_figure(struct gf_text *text, struct gf_app *app, const struct gf_export_request *req, const char *path,
                      bool overwrite, char *err, size_t errlen)
{
    enum gf_export_format format = GF_FORMAT_PNG;   /* any other name is written as PNG, as it always was */
    gf_export_format_of(path, &format);
    if (format == GF_FORMAT_PNG)
        return gf_export_png(text, app, req, path, overwrite, err, errlen);
    return gf_export_vector(text, app, req, format, path, overwrite, err, errlen);
}

bool gf_export_png_themes(struct gf_text *text, struct gf_app *app, const struct gf_export_request *req,
                          const char *const paths[GF_THEME_COUNT], char *err, size_t errlen)
{
    /* Drawn one after the other from the same state: nothing trains in between. */
    struct gf_export_request one = *req;
    for (int t = 0; t < GF_THEME_COUNT; t++) {
        one.theme = (enum gf_theme_id)t;
        if (!gf_export_png(text, app, &one, paths[t], false, err, errlen)) {
            for (int k = 0; k < t; k++)
                remove(paths[k]);
            return false;
        }
    }
    return true;
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
            gf_csv_write_step(out.f, (enum gf_side)s, run, &st);
        }
    }
    return gf_outfile_close(&out, err, errlen) && gf_outfile_publish(&out, err, errlen);
}

bool gf_export_fresh_name(char *out, size_t n, const char *dir, const struct gf_app *app, const char *suffix,
                          const char *ext, time_t now, char *err, size_t errlen)
{
    if (!gf_make_dir(dir)) {
        snprintf(err, errlen, "cannot create the folder %s (%s)", dir, strerror(errno));
        return false;
    }
    char stamp[32] = "time-unknown";
    struct tm *t = localtime(&now);
    if (t)
        strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", t);
    char stem[1024], scene[32] = "";
    if (gf_app_scene(app))
        snprintf(scene, sizeof scene, "-scene%d", app->scene + 1);
    int len = snprintf(stem, sizeof stem, "%s/gradflow-%s-%s-vs-%s%s-step%lld%s%s", dir, stamp,
                       gf_act_info(app->cfg.act[GF_LEFT])->id, gf_act_info(app->cfg.act[GF_RIGHT])->id, scene,
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
