/* gf_render.c - the frame: title bar, column headers, panels, loss chart,
 * footer and the help overlay. */
#include "gf_render.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gf_draw.h"
#include "gf_help.h"
#include "gf_ids.h"

void gf_format_value(char *buf, size_t n, double v)
{
    double a = fabs(v);
    if (!isfinite(v))
        snprintf(buf, n, "%s", isnan(v) ? "NaN" : v > 0 ? "∞" : "−∞");
    else if (a == 0.0)
        snprintf(buf, n, "0");
    else if (a < 1e-3 || a >= 1e5)
        snprintf(buf, n, "%.1e", v);
    else
        snprintf(buf, n, "%.3g", v);
}

void gf_format_percent(char *buf, size_t n, double fraction)
{
    double p = 100.0 * fraction;
    char whole[32];
    snprintf(whole, sizeof whole, "%.0f", p);
    /* 99.8 % is not 100 %, nor 0.3 % 0 %: one decimal where rounding would say so, and 99.9 below that */
    if ((strcmp(whole, "100") == 0 && fraction < 1.0) || (strcmp(whole, "0") == 0 && fraction > 0.0)) {
        double shown = p > 50.0 ? fmin(floor(p * 10.0) / 10.0, 99.9) : fmax(ceil(p * 10.0) / 10.0, 0.1);
        snprintf(buf, n, "%.1f%%", shown);
    } else {
        snprintf(buf, n, "%s%%", whole);
    }
}

const char *gf_act_name(enum gf_act act, enum gf_lang lang)
{
    const struct gf_act_info *info = gf_act_info(act);
    return lang == GF_LANG_KO ? info->name_ko : info->name_en;
}

void gf_render_run_name(char *buf, size_t n, const struct gf_run_config *rc, bool compact, enum gf_lang lang)
{
    const char *name = gf_act_name(rc->act, lang);
    int used = rc->act == GF_ACT_LEAKY_RELU ? snprintf(buf, n, compact ? "%s %g" : "%s (a = %g)", name,
                                                       (double)rc->alpha)
                                            : snprintf(buf, n, "%s", name);
    const char *parts[4] = {rc->residual ? gf_tr(lang, compact ? " +res" : " + residual") : "",
                            rc->batchnorm ? gf_tr(lang, compact ? " +BN" : " + batch norm") : "",
                            rc->clip > 0.0f ? gf_tr(lang, compact ? " +clip" : " + clipping") : "",
                            rc->head == GF_HEAD_CE_DOUBLE_SOFTMAX
                                ? gf_tr(lang, compact ? " +2×softmax" : " + softmax twice") : ""};
    for (int i = 0; i < 4 && used >= 0 && (size_t)used < n; i++)
        used += snprintf(buf + used, n - (size_t)used, "%s", parts[i]);
}

int gf_decade_label_step(int decades, int span_px, int label_h)
{
    static const int steps[] = {1, 2, 4, 10, 20, 40, 100};
    double per_decade = (double)span_px / (decades > 0 ? decades : 1), needed = label_h * 1.05;
    int step = 1;
    for (size_t i = 0; i < sizeof steps / sizeof steps[0] && steps[i] <= decades + 1; i++) {
        step = steps[i];
        if (per_decade * step >= needed)
            break;
    }
    return step;
}

bool gf_decade_labelled(int exponent, int step)
{
    return ((exponent % step) + step) % step == 0;
}

void gf_format_decade(char *buf, size_t n, int exponent)
{
    static const char *const superscript[10] = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};
    char digits[16];
    snprintf(digits, sizeof digits, "%d", exponent < 0 ? -exponent : exponent);
    int used = snprintf(buf, n, "10%s", exponent < 0 ? "⁻" : "");
    for (const char *d = digits; *d && used >= 0 && (size_t)used < n; d++)
        used += snprintf(buf + used, n - (size_t)used, "%s", superscript[*d - '0']);
}

/* A decade label's "10" is large enough that its exponent, at three
 * quarters of it, is still the smallest readable size: an exponent as
 * large as its base would read as a number ("10" and "0": 100). */
static int decade_base_px(const struct gf_ctx *ctx, int px)
{
    int least = (ctx->lay->min_px * 4 + 2) / 3;
    return px < least ? least : px;
}

static int decade_exponent_px(int px)
{
    return (px * 3 + 3) / 4;   /* three quarters, rounded up */
}

static void decade_exponent(char *buf, size_t n, int exponent)
{
    snprintf(buf, n, "%s%d", exponent < 0 ? "−" : "", exponent < 0 ? -exponent : exponent);
}

SDL_Point gf_decade_size(const struct gf_ctx *ctx, int exponent, int px)
{
    char e[16];
    decade_exponent(e, sizeof e, exponent);
    px = decade_base_px(ctx, px);
    SDL_Point base = gf_text_size(ctx->text, "10", px, false);
    SDL_Point up = gf_text_size(ctx->text, e, decade_exponent_px(px), false);
    return (SDL_Point){base.x + up.x, base.y + px / 6};
}

SDL_Rect gf_decade_draw(const struct gf_ctx *ctx, int exponent, int px, SDL_Color c, int x, int y, int align)
{
    char e[16];
    decade_exponent(e, sizeof e, exponent);
    px = decade_base_px(ctx, px);
    int epx = decade_exponent_px(px);
    SDL_Point base = gf_text_size(ctx->text, "10", px, false);
    SDL_Point up = gf_text_size(ctx->text, e, epx, false);
    int w = base.x + up.x;
    if (align & GF_ALIGN_CENTER)
        x -= w / 2;
    else if (align & GF_ALIGN_RIGHT)
        x -= w;
    if (align & GF_ALIGN_MIDDLE)
        y -= base.y / 2;
    else if (align & GF_ALIGN_BOTTOM)
        y -= base.y;
    SDL_Rect b = gf_text_draw(ctx->text, ctx->r, "10", px, false, c, x, y, 0);
    /* the exponent's digits centred on the top of the "10"'s (the lines' empty ascents taken into account) */
    SDL_Rect t = gf_text_draw(ctx->text, ctx->r, e, epx, false, c, x + base.x, y - px / 6, 0);
    return (SDL_Rect){b.x, t.y, w, b.y + b.h - t.y};
}

SDL_Rect gf_panel_inner(const struct gf_ctx *ctx, SDL_Rect area, const char *title)
{
    int pad = gf_layout_len(ctx->lay, 8);
    int h = *title ? gf_text_size(ctx->text, title, gf_layout_px(ctx->lay, 21), false).y : 0;
    int top = (h ? area.y + pad / 2 + h : area.y + pad) + pad / 2;
    return (SDL_Rect){area.x + pad, top, area.w - 2 * pad, area.y + area.h - pad - top};
}

SDL_Rect gf_panel_frame(const struct gf_ctx *ctx, SDL_Rect area, const char *title)
{
    const struct gf_theme *th = ctx->theme;
    gf_fill(ctx->r, area, th->panel);
    gf_outline(ctx->r, area, th->border, 1);
    int pad = gf_layout_len(ctx->lay, 8);
    int px = gf_layout_px(ctx->lay, 21);
    SDL_Rect t = gf_text_draw(ctx->text, ctx->r, title, px, false, th->muted, area.x + pad, area.y + pad / 2, 0);
    int top = (t.h ? t.y + t.h : area.y + pad) + pad / 2;
    return (SDL_Rect){area.x + pad, top, area.w - 2 * pad, area.y + area.h - pad - top};
}

void gf_render_bar_range(const struct gf_view *view, int *lo, int *hi)
{
    double mn = INFINITY, mx = -INFINITY;
    for (int s = 0; s < GF_SIDES; s++) {
        const struct gf_step_stats *st = view->bars[s];
        for (int l = 0; l < st->n_layers; l++) {
            double v = st->layer[l].v[view->bar_metric];
            if (v > 0.0 && isfinite(v)) {
                mn = fmin(mn, v);
                mx = fmax(mx, v);
            }
        }
    }
    if (!isfinite(mn)) {
        *lo = -6;
        *hi = 0;
        return;
    }
    *lo = (int)floor(log10(mn));
    *hi = (int)ceil(log10(mx));
    /* over bars of ‖δ‖ the bound is drawn too: room for it, up to four decades above the bars */
    if (view->bar_metric == GF_METRIC_DELTA_NORM)
        for (int s = 0; s < GF_SIDES; s++)
            for (int l = 0; l < view->bars[s]->n_layers; l++) {
                double b = view->bars[s]->layer[l].v[GF_METRIC_DELTA_BOUND];
                if (b > 0.0 && isfinite(b) && log10(b) > *hi)
                    *hi = (int)fmin(ceil(log10(b)), ceil(log10(mx)) + 4);
            }
    if (*hi <= *lo)
        *hi = *lo + 1;
    while (*hi - *lo < 3)
        (*lo)--;
}

/* The largest font size from px down to the layout's smallest at which s
 * fits in room pixels (the smallest when none does): narrow windows get
 * smaller text, never text too small to read from the back of the room. */
static int fit_px(const struct gf_ctx *ctx, const char *s, int px, bool bold, int room)
{
    while (px > ctx->lay->min_px && gf_text_size(ctx->text, s, px, bold).x > room)
        px--;
    return px;
}

static void draw_title(const struct gf_ctx *ctx)
{
    const struct gf_view *v = ctx->view;
    const struct gf_lab_config *c = &v->lab->cfg;
    const struct gf_theme *th = ctx->theme;
    SDL_Rect a = ctx->lay->title;
    gf_fill(ctx->r, a, th->panel);
    gf_fill(ctx->r, (SDL_Rect){a.x, a.y + a.h - 1, a.w, 1}, th->border);
    int pad = ctx->lay->gap;
    int px = gf_layout_px(ctx->lay, 27);
    int y = a.y + a.h / 2;
    SDL_Rect name = gf_text_draw(ctx->text, ctx->r, "gradflow", px, true, th->fg, a.x + pad, y, GF_ALIGN_MIDDLE);

    char settings[256], status[128];
    snprintf(settings, sizeof settings,
             gf_tr(v->lang, "%s · %d hidden × %d · %s · init %s · %s · lr %g · batch %d · seed %llu"),
             gf_dataset_info(c->dataset)->id, c->depth, c->width, gf_head_info(gf_lab_config_head(c))->id,
             gf_init_id(c->init), gf_opt_id(c->optimizer), (double)c->lr, c->batch, (unsigned long long)c->seed);

    /* scenes that do not show the two networks name the lesson instead of their settings */
    if (v->in_lesson && (v->lesson.kind == GF_SCENE_LINEAR || v->lesson.kind == GF_SCENE_OUTPUTS))
        snprintf(settings, sizeof settings, "%s", v->lesson.lesson_title);

    long long step = (long long)gf_lab_steps(v->lab);
    if (v->figure)
        snprintf(status, sizeof status, gf_tr(v->lang, "step %lld"), step);
    else if (v->paused)
        snprintf(status, sizeof status, gf_tr(v->lang, "step %lld · paused"), step);
    else
        snprintf(status, sizeof status, gf_tr(v->lang, "step %lld · %.0f steps/s"), step, v->measured_steps_per_second);
    SDL_Rect st = gf_text_draw(ctx->text, ctx->r, status, px, true, v->paused && !v->figure ? th->warn : th->fg,
                               a.x + a.w - pad, y, GF_ALIGN_RIGHT | GF_ALIGN_MIDDLE);
    int right = st.x - pad;
    if (v->measured_fps > 0.0 && !v->figure) {   /* for the presenter: is the machine keeping up? */
        char fps[32];
        snprintf(fps, sizeof fps, "%.0f fps", v->measured_fps);
        int fps_px = gf_layout_px(ctx->lay, 18);
        if (gf_text_size(ctx->text, fps, fps_px, false).x + gf_text_size(ctx->text, settings, ctx->lay->min_px, false).x <
            right - (name.x + name.w + 2 * pad))   /* only when the settings still have room */
            right = gf_text_draw(ctx->text, ctx->r, fps, fps_px, false, th->muted, right, y,
                                 GF_ALIGN_RIGHT | GF_ALIGN_MIDDLE).x - pad;
    }
    /* the settings in what is left between the name and the status, smaller if need be */
    int left = name.x + name.w + pad * 2;
    int settings_px = fit_px(ctx, settings, gf_layout_px(ctx->lay, 23), false, right - left);
    if (gf_text_size(ctx->text, settings, settings_px, false).x <= right - left)   /* even at the smallest it may not */
        gf_text_draw(ctx->text, ctx->r, settings, settings_px, false, th->fg, left, y, GF_ALIGN_MIDDLE);
}

void gf_render_header(const struct gf_ctx *ctx, SDL_Rect a, enum gf_side side)
{
    const struct gf_view *v = ctx->view;
    const struct gf_run *run = &v->lab->run[side];
    const struct gf_theme *th = ctx->theme;
    SDL_Color colour = th->act[run->cfg.act];
    bool focused = v->focus == side && !v->figure;   /* focus means nothing on a slide */

    gf_fill(ctx->r, a, th->panel);
    /* A thick bar in the run's colour on the left; the focused run's header is framed. */
    int bar = gf_layout_len(ctx->lay, 10);
    gf_fill(ctx->r, (SDL_Rect){a.x, a.y, bar, a.h}, colour);
    if (focused)
        gf_outline(ctx->r, a, th->focus, gf_layout_len(ctx->lay, 3));
    else
        gf_outline(ctx->r, a, th->border, 1);

    int pad = ctx->lay->gap;
    int y = a.y + a.h / 2;
    char name[160], sub[96], score[96], short_score[32];
    gf_render_run_name(name, sizeof name, &run->cfg, false, v->lang);
    snprintf(sub, sizeof sub, gf_tr(v->lang, side == GF_LEFT ? "left · init %s" : "right · init %s"),
             gf_init_id(gf_init_resolve(run->cfg.init, run->cfg.act)));
    double loss = v->data_loss[side], acc = v->data_accuracy[side];
    char loss_text[32], percent[32];
    gf_format_value(loss_text, sizeof loss_text, loss);
    gf_format_percent(percent, sizeof percent, acc);
    if (isnan(loss))
        snprintf(score, sizeof score, "%s", gf_tr(v->lang, "loss —"));
    else if (isnan(acc))
        snprintf(score, sizeof score, gf_tr(v->lang, "loss %s"), loss_text);
    else
        snprintf(score, sizeof score, gf_tr(v->lang, "loss %s · accuracy %s"), loss_text, percent);
    if (isnan(acc))
        snprintf(short_score, sizeof short_score, "%s", isnan(loss) ? "—" : loss_text);
    else
        snprintf(short_score, sizeof short_score, "%s", percent);
    const char *focus_note = gf_tr(v->lang, "◀ keys act here");

    /* Fit left to right: the name and the score always, then the run's side and
     * init, then the focus note, as the width allows. */
    int name_px = gf_layout_px(ctx->lay, 34), small_px = gf_layout_px(ctx->lay, 20);
    int score_px = gf_layout_px(ctx->lay, 24);
    int left = a.x + bar + pad, right = a.x + a.w - pad;
    int score_w = gf_text_size(ctx->text, score, score_px, false).x;
    int name_w = gf_text_size(ctx->text, name, name_px, true).x;
    int sub_w = gf_text_size(ctx->text, sub, small_px, false).x;
    int focus_w = gf_text_size(ctx->text, focus_note, small_px, true).x;
    int room = right - score_w - pad - left;
    if (name_w > room) {   /* narrow: short remedy tags, then the accuracy alone, then a smaller name */
        gf_render_run_name(name, sizeof name, &run->cfg, true, v->lang);
        name_w = gf_text_size(ctx->text, name, name_px, true).x;
    }
    if (name_w > room) {
        snprintf(score, sizeof score, "%s", short_score);
        score_w = gf_text_size(ctx->text, score, score_px, false).x;
        room = right - score_w - pad - left;
    }
    while (name_w > room && name_px > ctx->lay->min_px) {
        name_px = name_px * 9 / 10 > ctx->lay->min_px ? name_px * 9 / 10 : ctx->lay->min_px;
        name_w = gf_text_size(ctx->text, name, name_px, true).x;
    }
    bool show_sub = name_w + pad + sub_w <= room;
    bool show_focus = focused && show_sub && name_w + sub_w + focus_w + 2 * pad <= room;

    SDL_Rect t = gf_text_draw(ctx->text, ctx->r, name, name_px, true, colour, left, y, GF_ALIGN_MIDDLE);
    if (show_sub) {
        SDL_Rect t2 = gf_text_draw(ctx->text, ctx->r, sub, small_px, false, th->muted, t.x + t.w + pad, y,
                                   GF_ALIGN_MIDDLE);
        if (show_focus)
            gf_text_draw(ctx->text, ctx->r, focus_note, small_px, true, th->fg, t2.x + t2.w + pad, y, GF_ALIGN_MIDDLE);
    }
    gf_text_draw(ctx->text, ctx->r, score, score_px, false, th->fg, right, y, GF_ALIGN_RIGHT | GF_ALIGN_MIDDLE);
}

/* Has the run no gradient at all: every layer's ‖dW‖ exactly 0 (a saturated
 * output, or a layer whose units are all dead)? Then no layer learns. */
static bool no_gradient(const struct gf_step_stats *st)
{
    if (st->n_layers == 0)
        return false;
    for (int l = 0; l < st->n_layers; l++)
        if (st->layer[l].v[GF_METRIC_GRAD_NORM] != 0.0f)
            return false;
    return true;
}

void gf_render_run_trouble(const struct gf_ctx *ctx, SDL_Rect area, enum gf_side side)
{
    const struct gf_run *run = &ctx->view->lab->run[side];
    const struct gf_step_stats *st = ctx->view->bars[side];
    enum gf_lang lang = ctx->view->lang;
    char line[128], advice[256];
    if (run->diverged_at) {
        snprintf(line, sizeof line, gf_tr(lang, "diverged at step %lld"), (long long)run->diverged_at);
        snprintf(advice, sizeof advice, "%s",
                 gf_tr(lang, gf_run_overflowed_at_init(run)
                                 ? "the initial weights already overflow — press I for another init, R to restart"
                                 : "learning rate too high — press ↓ to lower it, R to restart"));
    } else if (no_gradient(st)) {
        int dead_layer = 0;
        for (int l = 0; l + 1 < st->n_layers && !dead_layer; l++)
            if (st->layer[l].v[GF_METRIC_DEAD] >= 1.0f)
                dead_layer = l + 1;
        snprintf(line, sizeof line, "%s", gf_tr(lang, "no gradient: every gradient is 0"));
        if (dead_layer)
            snprintf(advice, sizeof advice, gf_tr(lang, "every unit of layer %d is dead — lower the learning rate (↓) or press I for another init"),
                     dead_layer);
        else if (run->cfg.head == GF_HEAD_BCE)   /* BCELoss gives a clamped log no gradient: the probability hit 0 or 1 */
            snprintf(advice, sizeof advice, "%s",
                     gf_tr(lang, "output probability at 0 or 1, where BCELoss clamps its log — lower the learning rate (↓) "
                                 "or another init (I)"));
        else
            snprintf(advice, sizeof advice, "%s",
                     gf_tr(lang, "the output saturated, its loss is flat there — lower the learning rate (↓) or press I for another init"));
    } else {
        return;
    }
    const struct gf_theme *th = ctx->theme;
    int g = ctx->lay->gap;
    int box_h = gf_layout_len(ctx->lay, 150);
    if (box_h > area.h)
        box_h = area.h;
    SDL_Rect box = {area.x + g, area.y + (area.h - box_h) / 2, area.w - 2 * g, box_h};
    gf_fill(ctx->r, box, th->overlay);
    gf_outline(ctx->r, box, th->warn, gf_layout_len(ctx->lay, 3));
    int cx = box.x + box.w / 2, room = box.w - 2 * g;
    int line_px = fit_px(ctx, line, gf_layout_px(ctx->lay, 40), true, room);   /* narrow columns: smaller */
    int advice_px = fit_px(ctx, advice, gf_layout_px(ctx->lay, 24), false, room);
    gf_text_draw(ctx->text, ctx->r, line, line_px, true, th->warn, cx, box.y + box.h / 3,
                 GF_ALIGN_CENTER | GF_ALIGN_MIDDLE);
    gf_text_draw(ctx->text, ctx->r, advice, advice_px, false, th->fg, cx, box.y + box.h * 2 / 3,
                 GF_ALIGN_CENTER | GF_ALIGN_MIDDLE);
}

/* A run in trouble (diverged, or no gradient at all) says so across its column, plainly. */
static void draw_diverged(const struct gf_ctx *ctx, enum gf_side side)
{
    const struct gf_column_layout *col = &ctx->lay->col[side];
    int top = col->header.y + col->header.h, bottom = col->column.y + col->column.h;
    gf_render_run_trouble(ctx, (SDL_Rect){col->column.x, top, col->column.w, bottom - top}, side);
}

/* The caption strip of a figure: the settings, so a slide explains itself. */
static void draw_caption(const struct gf_ctx *ctx, SDL_Rect a)
{
    const struct gf_theme *th = ctx->theme;
    gf_fill(ctx->r, a, th->panel);
    gf_fill(ctx->r, (SDL_Rect){a.x, a.y, a.w, 1}, th->border);
    if (!ctx->view->caption)
        return;
    int px = fit_px(ctx, ctx->view->caption, gf_layout_px(ctx->lay, 22), false, a.w - 2 * ctx->lay->gap);
    gf_text_draw(ctx->text, ctx->r, ctx->view->caption, px, false, th->fg, a.x + a.w / 2, a.y + a.h / 2,
                 GF_ALIGN_CENTER | GF_ALIGN_MIDDLE);
}

static void draw_footer(const struct gf_ctx *ctx)
{
    const struct gf_theme *th = ctx->theme;
    SDL_Rect a = ctx->lay->footer;
    if (ctx->view->figure) {   /* keys mean nothing on a slide: the caption goes here */
        draw_caption(ctx, a);
        return;
    }
    gf_fill(ctx->r, a, th->panel);
    gf_fill(ctx->r, (SDL_Rect){a.x, a.y, a.w, 1}, th->border);
    /* A note about the last action (a limit reached, ...) takes the footer for a moment. */
    const char *note = ctx->view->note;
    bool has_note = note && *note;
    SDL_Color colour = has_note && ctx->view->note_is_error ? th->warn : th->fg;
    const char *line = has_note ? note
                       : ctx->view->in_lesson ? gf_scene_footer(ctx->view)
                                              : gf_tr(ctx->view->lang, gf_help_footer());
    int px = fit_px(ctx, line, gf_layout_px(ctx->lay, 22), has_note, a.w - 2 * ctx->lay->gap);   /* never cut */
    gf_text_draw(ctx->text, ctx->r, line, px, has_note, colour, a.x + a.w / 2, a.y + a.h / 2,
                 GF_ALIGN_CENTER | GF_ALIGN_MIDDLE);
}

/* The help overlay: every key in one column, with the setting it changes
 * as it is now and its choices, the text as large as fits. */
static void draw_help(const struct gf_ctx *ctx)
{
    const struct gf_theme *th = ctx->theme;
    const struct gf_layout *lay = ctx->lay;
    const struct gf_view *v = ctx->view;
    enum gf_lang lang = v->lang;
    const char *title = gf_tr(lang, "Keys — H, F1 or Esc closes this");
    int n = v->n_help_rows;
    int pad = lay->gap * 2;

    /* Measure at a reference size, then scale to the largest size that fits. */
    int ref = 100, key_w = 0, action_w = 0, value_w = 0;
    for (int i = 0; i < n; i++) {
        const struct gf_help_row *row = &v->help_rows[i];
        SDL_Point k = gf_text_size(ctx->text, row->keys, ref, true);
        SDL_Point a = gf_text_size(ctx->text, gf_tr(lang, row->action), ref, false);
        SDL_Point val = gf_text_size(ctx->text, row->value, ref, false);
        key_w = k.x > key_w ? k.x : key_w;
        action_w = a.x > action_w ? a.x : action_w;
        value_w = val.x > value_w ? val.x : value_w;
    }
    /* values beside the actions when the window is wide enough, else under them in the same row's line */
    float content_w = (float)key_w + 0.6f * ref + (float)action_w + 0.8f * ref + (float)value_w;
    float content_h = (1.6f + 1.35f * (float)n) * ref;
    float fit_w = (float)(lay->w - 4 * pad) / content_w, fit_h = (float)(lay->h - 4 * pad) / content_h;
    int px = (int)((float)ref * (fit_w < fit_h ? fit_w : fit_h));
    int best = gf_layout_px(lay, 30);
    if (px > best)
        px = best;
    if (px < lay->min_px)   /* the floor of every text: the box may then fill the window */
        px = lay->min_px;
    int line = px * 135 / 100;
    int key_col = key_w * px / ref + px * 6 / 10;
    int value_col = key_col + action_w * px / ref + px * 8 / 10;
    SDL_Rect box = {0, 0, value_col + value_w * px / ref + 2 * pad, px * 16 / 10 + n * line + 2 * pad};
    if (box.w > lay->w)
        box.w = lay->w;
    if (box.h > lay->h)
        box.h = lay->h;
    box.x = (lay->w - box.w) / 2;
    box.y = (lay->h - box.h) / 2;

    gf_fill(ctx->r, (SDL_Rect){0, 0, lay->w, lay->h}, (SDL_Color){0, 0, 0, 150});   /* dim what is behind */
    SDL_Color solid = th->overlay;
    solid.a = 255;
    gf_fill(ctx->r, box, solid);
    gf_outline(ctx->r, box, th->fg, gf_layout_len(lay, 2));
    int x = box.x + pad, y = box.y + pad;
    gf_text_draw(ctx->text, ctx->r, title, px, true, th->fg, x, y, 0);
    y += px * 16 / 10;
    for (int i = 0; i < n; i++, y += line) {
        const struct gf_help_row *row = &v->help_rows[i];
        gf_text_draw(ctx->text, ctx->r, row->keys, px, true, th->fg, x, y, 0);
        gf_text_draw(ctx->text, ctx->r, gf_tr(lang, row->action), px, false, th->fg, x + key_col, y, 0);
        if (row->value[0])
            gf_text_draw(ctx->text, ctx->r, row->value, px, false, th->focus, x + value_col, y, 0);
    }
}

/* The prompt: one line over the footer, what is typed, and under it why the
 * last line was refused. */
static void draw_prompt(const struct gf_ctx *ctx)
{
    const struct gf_theme *th = ctx->theme;
    const struct gf_layout *lay = ctx->lay;
    const struct gf_prompt_view *p = &ctx->view->prompt;
    int px = gf_layout_px(lay, 26), pad = lay->gap;
    bool error = p->error && p->error[0];
    int line = px * 14 / 10;
    SDL_Rect box = {pad, 0, lay->w - 2 * pad, line * (error ? 3 : 2) + pad};
    box.y = lay->footer.y - box.h - pad / 2;
    SDL_Color solid = th->overlay;
    solid.a = 255;
    gf_fill(ctx->r, box, solid);
    gf_outline(ctx->r, box, error ? th->warn : th->focus, gf_layout_len(lay, 3));
    int x = box.x + pad, y = box.y + pad / 2;
    const char *hint = gf_tr(ctx->view->lang, "flags as on the command line · Enter applies · Esc closes · ↑ ↓ earlier lines");
    gf_text_draw(ctx->text, ctx->r, hint, fit_px(ctx, hint, gf_layout_px(lay, 20), false, box.w - 2 * pad), false,
                 th->muted, x, y, 0);
    y += line;
    char shown[600];   /* the typed line (at most 512 bytes) and the caret */
    snprintf(shown, sizeof shown, "> %s▏", p->text ? p->text : "");
    /* a long line shows its end, where the typing is */
    const char *tail = shown;
    while (*tail && gf_text_size(ctx->text, tail, px, false).x > box.w - 2 * pad) {
        tail++;
        while ((*tail & 0xC0) == 0x80)
            tail++;
    }
    gf_text_draw(ctx->text, ctx->r, tail, px, false, th->fg, x, y, 0);
    if (error) {
        y += line;
        gf_text_draw(ctx->text, ctx->r, p->error, fit_px(ctx, p->error, px, true, box.w - 2 * pad), true, th->warn, x,
                     y, 0);
    }
}

/* Clears to the theme's background; false (logged) when the renderer fails. */
static bool clear(SDL_Renderer *r, const struct gf_theme *th)
{
    SDL_RenderSetClipRect(r, NULL);
    SDL_SetRenderDrawColor(r, th->bg.r, th->bg.g, th->bg.b, 255);
    if (SDL_RenderClear(r) != 0) {
        SDL_LogError(SDL_LOG_CATEGORY_RENDER, "cannot clear the frame: %s", SDL_GetError());
        return false;
    }
    return true;
}

void gf_render_columns(const struct gf_ctx *ctx)
{
    const struct gf_layout *lay = ctx->lay;
    for (int s = 0; s < GF_SIDES; s++) {
        const struct gf_column_layout *col = &lay->col[s];
        gf_render_header(ctx, col->header, (enum gf_side)s);
        gf_panel_curve(ctx, col->curve, (enum gf_side)s);
        gf_panel_map(ctx, col->map, (enum gf_side)s);
        gf_panel_bars(ctx, col->bars, (enum gf_side)s);
        gf_panel_heat(ctx, col->heat, (enum gf_side)s);
        draw_diverged(ctx, (enum gf_side)s);
    }
    gf_panel_loss(ctx, lay->loss);
}

static SDL_Rect zoom_body(const struct gf_layout *lay)
{
    return (SDL_Rect){lay->gap, lay->title.h + lay->gap, lay->w - 2 * lay->gap, lay->footer.y - lay->title.h - 2 * lay->gap};
}

SDL_Rect gf_render_zoomed_panel(const struct gf_layout *lay)
{
    SDL_Rect body = zoom_body(lay);
    int header_h = lay->col[GF_LEFT].header.h;
    return (SDL_Rect){body.x, body.y + header_h + lay->gap / 2, body.w, body.h - header_h - lay->gap / 2};
}

/* One panel over the whole body of the window, for the class to read. */
static void draw_zoomed(struct gf_ctx *ctx, struct gf_layout *lay)
{
    const struct gf_view *v = ctx->view;
    SDL_Rect body = zoom_body(lay);
    enum gf_side side = v->zoom_side;
    struct gf_column_layout *col = &lay->col[side];
    SDL_Rect panel = gf_render_zoomed_panel(lay);
    col->header = (SDL_Rect){body.x, body.y, body.w, col->header.h};
    col->column = body;
    if (v->zoom == GF_PANEL_LOSS) {
        gf_panel_loss(ctx, body);
        return;
    }
    gf_render_header(ctx, col->header, side);
    switch (v->zoom) {
    case GF_PANEL_CURVE: gf_panel_curve(ctx, panel, side); break;
    case GF_PANEL_MAP: {
        int side_px = panel.w < panel.h ? panel.w : panel.h;
        gf_panel_map(ctx, (SDL_Rect){panel.x + (panel.w - side_px) / 2, panel.y, side_px, side_px}, side);
        break;
    }
    case GF_PANEL_BARS: gf_panel_bars(ctx, panel, side); break;
    case GF_PANEL_HEAT: gf_panel_heat(ctx, panel, side); break;
    default: break;
    }
    draw_diverged(ctx, side);
}

bool gf_render_frame(SDL_Renderer *r, struct gf_text *text, const struct gf_view *view, int w, int h)
{
    struct gf_layout lay;
    gf_layout_compute(&lay, w, h, view->text_scale);
    struct gf_ctx ctx = {r, text, gf_theme_get(view->theme), view, &lay};
    if (view->blank) {   /* a presenter's black screen: nothing at all */
        SDL_RenderSetClipRect(r, NULL);
        SDL_SetRenderDrawColor(r, 0, 0, 0, 255);
        if (SDL_RenderClear(r) != 0) {
            SDL_LogError(SDL_LOG_CATEGORY_RENDER, "cannot clear the frame: %s", SDL_GetError());
            return false;
        }
        return true;
    }
    bool zoomed = view->zoom != GF_PANEL_NONE && !view->in_lesson;
    if (view->in_lesson || zoomed) {   /* each scene lays itself out */
        if (!clear(r, ctx.theme))
            return false;
    } else {   /* the background only between the panels, which paint themselves */
        SDL_Rect panels[3 + 5 * GF_SIDES] = {lay.title, lay.footer, lay.loss};
        int n = 3;
        for (int s = 0; s < GF_SIDES; s++) {
            const struct gf_column_layout *c = &lay.col[s];
            SDL_Rect own[5] = {c->header, c->curve, c->map, c->bars, c->heat};
            for (int i = 0; i < 5; i++)
                panels[n++] = own[i];
        }
        SDL_RenderSetClipRect(r, NULL);
        gf_fill_around(r, (SDL_Rect){0, 0, w, h}, panels, n, ctx.theme->bg);
    }
    draw_title(&ctx);
    if (view->in_lesson)
        gf_render_scene(&ctx);
    else if (zoomed)
        draw_zoomed(&ctx, &lay);
    else
        gf_render_columns(&ctx);
    draw_footer(&ctx);
    if (view->prompt.open && !view->figure)
        draw_prompt(&ctx);
    if (view->help)
        draw_help(&ctx);
    SDL_RenderSetClipRect(r, NULL);
    return true;
}

static const char *const figure_ids[GF_FIGURE_COUNT] = {"full", "gradients", "curves"};

const char *gf_figure_id(enum gf_figure figure)
{
    return figure_ids[figure];
}

static const char *figure_id_of(int f)
{
    return figure_ids[f];
}

bool gf_figure_from_id(const char *id, enum gf_figure *out)
{
    int f;
    if (!gf_ids_find(id, figure_id_of, GF_FIGURE_COUNT, &f))
        return false;
    *out = (enum gf_figure)f;
    return true;
}

/* A panel figure: the two runs' headers over one kind of panel, side by
 * side, and the caption strip. Text is sized from the width, as in a full
 * frame of that width, so panels cut from a slide match the full figure. */
static void layout_panel_figure(struct gf_layout *lay, int w, int h, bool caption, float text_scale)
{
    memset(lay, 0, sizeof *lay);
    lay->w = w;
    lay->h = h;
    float u = (float)w / 1920.0f, uh = (float)h / 540.0f;
    lay->u = u < uh ? u : uh;
    lay->text_scale = text_scale > 0.0f ? text_scale : 1.0f;
    lay->min_px = gf_layout_min_px((int)lroundf(1080.0f * lay->u), lay->text_scale);   /* as in the full frame */
    int g = gf_layout_len(lay, 14);
    lay->gap = g;
    int caption_h = caption ? gf_layout_len(lay, 46) : 0;
    lay->footer = (SDL_Rect){0, h - caption_h, w, caption_h};
    int header_h = gf_layout_len(lay, 54);
    int col_w = (w - 3 * g) / 2;
    for (int s = 0; s < GF_SIDES; s++) {
        struct gf_column_layout *c = &lay->col[s];
        int x = g + s * (col_w + g);
        c->column = (SDL_Rect){x, g, col_w, h - caption_h - 2 * g};
        c->header = (SDL_Rect){x, g, col_w, header_h};
        SDL_Rect body = {x, g + header_h + g / 2, col_w, h - caption_h - 2 * g - header_h - g / 2};
        c->bars = c->curve = body;
    }
}

bool gf_render_figure(SDL_Renderer *r, struct gf_text *text, const struct gf_view *view, enum gf_figure figure,
                      int w, int h)
{
    if (figure == GF_FIGURE_FULL)
        return gf_render_frame(r, text, view, w, h);
    struct gf_layout lay;
    layout_panel_figure(&lay, w, h, view->caption != NULL, view->text_scale);
    struct gf_ctx ctx = {r, text, gf_theme_get(view->theme), view, &lay};
    if (!clear(r, ctx.theme))
        return false;
    for (int s = 0; s < GF_SIDES; s++) {
        gf_render_header(&ctx, lay.col[s].header, (enum gf_side)s);
        if (figure == GF_FIGURE_GRADIENTS)
            gf_panel_bars(&ctx, lay.col[s].bars, (enum gf_side)s);
        else
            gf_panel_curve(&ctx, lay.col[s].curve, (enum gf_side)s);
        draw_diverged(&ctx, (enum gf_side)s);
    }
    if (view->caption)
        draw_caption(&ctx, lay.footer);
    return true;
}
