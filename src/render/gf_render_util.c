/* gf_render_util.c - what the panels share: value and decade labels, a
 * panel's frame, names of activations and runs, the bars' common axis and
 * text fitted to a width. Calls no panel: the panels and the frame call it. */
#include "gf_panel.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gf_draw.h"

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
    int px = gf_fit_px(ctx, title, gf_layout_px(ctx->lay, 21), false, area.w - 2 * pad);   /* as gf_panel_frame */
    int h = *title ? gf_text_size(ctx->text, title, px, false).y : 0;
    int top = (h ? area.y + pad / 2 + h : area.y + pad) + pad / 2;
    return (SDL_Rect){area.x + pad, top, area.w - 2 * pad, area.y + area.h - pad - top};
}

void gf_render_smoothed_note(const struct gf_ctx *ctx, SDL_Rect area, enum gf_side side)
{
    int64_t n = ctx->view->bars_smoothed[side];
    if (n <= 0)
        return;
    char note[96];
    snprintf(note, sizeof note, gf_tr(ctx->view->lang, "smoothed: mean of the last %lld steps"), (long long)n);
    int pad = gf_layout_len(ctx->lay, 8);
    int px = gf_layout_px(ctx->lay, 19);
    gf_text_draw(ctx->text, ctx->r, note, px, true, ctx->theme->fg, area.x + area.w - pad, area.y + pad / 2,
                 GF_ALIGN_RIGHT);
}

SDL_Rect gf_panel_frame(const struct gf_ctx *ctx, SDL_Rect area, const char *title)
{
    const struct gf_theme *th = ctx->theme;
    gf_fill(ctx->r, area, th->panel);
    gf_outline(ctx->r, area, th->border, 1);
    int pad = gf_layout_len(ctx->lay, 8);
    int px = gf_fit_px(ctx, title, gf_layout_px(ctx->lay, 21), false, area.w - 2 * pad);   /* a narrow panel's title whole */
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
int gf_fit_px(const struct gf_ctx *ctx, const char *s, int px, bool bold, int room)
{
    while (px > ctx->lay->min_px && gf_text_size(ctx->text, s, px, bold).x > room)
        px--;
    return px;
}


void gf_panel_layer_axis_names(const struct gf_ctx *ctx, SDL_Rect plot, int y, int px)
{
    enum gf_lang lang = ctx->view->lang;
    SDL_Color c = ctx->theme->muted;
    gf_text_draw(ctx->text, ctx->r, gf_tr(lang, "← input"), px, false, c, plot.x, y, 0);
    gf_text_draw(ctx->text, ctx->r, gf_tr(lang, "output →"), px, false, c, plot.x + plot.w, y, GF_ALIGN_RIGHT);
    gf_text_draw(ctx->text, ctx->r, gf_tr(lang, "weight layer"), px, false, c, plot.x + plot.w / 2, y, GF_ALIGN_CENTER);
}
