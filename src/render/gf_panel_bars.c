/* gf_panel_bars.c - the lesson's picture: one bar per weight layer, input on
 * the left, output on the right, on a log10 axis shared by both columns,
 * so a fading gradient reads as a staircase and a level one as a plateau. */
#include "gf_panel.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gf_draw.h"

static const char *metric_title(enum gf_metric m, bool log_scale, enum gf_lang lang)
{
    switch (m) {
    case GF_METRIC_GRAD_NORM:
        return gf_tr(lang, log_scale ? "gradient norm ‖dW‖ per layer (log scale)" : "gradient norm ‖dW‖ per layer");
    case GF_METRIC_DELTA_MEAN_ABS:
        return gf_tr(lang, log_scale ? "mean |δ| per layer (log scale)" : "mean |δ| per layer");
    case GF_METRIC_DELTA_NORM:
        return gf_tr(lang, log_scale ? "‖δ‖ per layer (log scale)" : "‖δ‖ per layer");
    default: return gf_tr(lang, log_scale ? "gradient RMS per layer (log scale)" : "gradient RMS per layer");
    }
}


/* Largest value shown by either run, for the shared linear axis. */
static double linear_top(const struct gf_view *v)
{
    double mx = 0.0;
    for (int s = 0; s < GF_SIDES; s++)
        for (int l = 0; l < v->bars[s]->n_layers; l++) {
            double x = v->bars[s]->layer[l].v[v->bar_metric];
            if (isfinite(x))
                mx = fmax(mx, x);
        }
    if (mx <= 0.0)
        return 1.0;
    double p = pow(10.0, floor(log10(mx)));   /* round up to 1, 2 or 5 times a power of ten */
    return mx <= p ? p : mx <= 2 * p ? 2 * p : mx <= 5 * p ? 5 * p : 10 * p;
}

/* The key of the bound line: what each layer's factor is made of, for this run. */
static const char *bound_key(const struct gf_run_config *rc, enum gf_lang lang)
{
    bool bn = rc->batchnorm, skip = rc->residual;
    if (rc->act == GF_ACT_SIGMOID)
        return gf_tr(lang, bn && skip ? "proved bound: σ′ ≤ ¼, ‖W‖₂, batch norm's scale, 1 + … per skip — no more can survive"
                           : bn       ? "proved bound: σ′ ≤ ¼, ‖W‖₂ and batch norm's scale per layer — no more can survive"
                           : skip     ? "proved bound: σ′ ≤ ¼ and ‖W‖₂ per layer, 1 + … per skip — no more can survive"
                                      : "proved bound: σ′ ≤ ¼ and ‖W‖₂ per layer — no more than this can survive");
    return gf_tr(lang, bn && skip ? "proved bound: largest f′, ‖W‖₂, batch norm's scale, 1 + … per skip — no more can survive"
                       : bn       ? "proved bound: largest f′, ‖W‖₂ and batch norm's scale per layer — no more can survive"
                       : skip     ? "proved bound: largest f′ and ‖W‖₂ per layer, 1 + … per skip — no more can survive"
                                  : "proved bound: largest f′ and ‖W‖₂ per layer — no more than this can survive");
}

/* The proved upper bound on ‖δ‖ (gf_stats.h), dashed over bars of ‖δ‖:
 * from the output layer's measured value toward the input, each layer's
 * factor the activation's largest slope times ‖W‖₂ (and batch norm's scale,
 * and the skip path). Drawn before the bars' values so they stay on top. */
static void draw_delta_bound(const struct gf_ctx *ctx, SDL_Rect plot, const struct gf_step_stats *st,
                             const struct gf_run_config *rc, int lo, int hi, float slot)
{
    int n = st->n_layers;
    SDL_FPoint pts[GF_MAX_LAYERS];
    int k = 0;
    for (int l = 0; l < n; l++) {
        double b = st->layer[l].v[GF_METRIC_DELTA_BOUND];
        if (!(b > 0.0) || !isfinite(b))
            continue;   /* overflowed or zero: no point to draw (the clip keeps the rest in the plot) */
        double e = fmin(log10(b), hi + 1.0);
        pts[k++] = (SDL_FPoint){(float)plot.x + slot * ((float)l + 0.5f),
                                (float)(plot.y + plot.h) - (float)((e - lo) / (hi - lo)) * (float)plot.h};
    }
    if (k < 2)
        return;
    float u = ctx->lay->u;
    gf_clip(ctx->r, &plot);
    gf_polyline(ctx->r, pts, k, ctx->theme->fg, fmaxf(2.0f, 3.0f * u), 9.0f * u);
    gf_clip(ctx->r, NULL);
    /* its key along the plot's top edge, above every bar (the axis ends at least a decade over them) */
    int px = gf_layout_px(ctx->lay, 17);
    int pad = ctx->lay->gap / 2;
    float seg = 34.0f * u;
    int y = plot.y - px * 3 / 4;
    gf_line(ctx->r, (float)(plot.x + pad), (float)y, (float)(plot.x + pad) + seg, (float)y, ctx->theme->fg,
            fmaxf(2.0f, 3.0f * u), 9.0f * u);
    const char *key = bound_key(rc, ctx->view->lang);
    int room = plot.w - 3 * pad - (int)seg;
    while (px > ctx->lay->min_px && gf_text_size(ctx->text, key, px, true).x > room)
        px--;
    if (gf_text_size(ctx->text, key, px, true).x > room)   /* a narrow column: the key in short, never cut */
        key = gf_tr(ctx->view->lang, rc->act == GF_ACT_SIGMOID ? "proved bound: σ′ ≤ ¼ × ‖W‖₂ per layer"
                                                                : "proved bound: largest f′ × ‖W‖₂ per layer");
    while (px > ctx->lay->min_px && gf_text_size(ctx->text, key, px, true).x > room)
        px--;
    /* on the panel's colour: a bound above the axis runs along the plot's top edge, right under the key */
    SDL_Point size = gf_text_size(ctx->text, key, px, true);
    gf_fill(ctx->r, (SDL_Rect){plot.x + 2 * pad + (int)seg - 2, y - size.y / 2, size.x + 4, size.y}, ctx->theme->panel);
    gf_text_draw(ctx->text, ctx->r, key, px, true, ctx->theme->fg, plot.x + 2 * pad + (int)seg, y, GF_ALIGN_MIDDLE);
}

/* A factor as a class reads it: two significant digits, no exponent until far from 1. */
static void format_factor(char *buf, size_t n, double v)
{
    if (!isfinite(v))
        snprintf(buf, n, "—");
    else if (v >= 100.0)
        snprintf(buf, n, "%.0f", v);
    else if (v >= 0.01 || v == 0.0)
        snprintf(buf, n, "%.2g", v);
    else
        gf_format_value(buf, n, v);
}

/* Rows below the bars: each layer's slope factor, mean |f′(z)| over the
 * batch (hidden layers), and weight factor ‖W‖₂: why the gradient shrinks
 * or holds, layer by layer. Returns the height the rows take (draw false:
 * only measures). */
static int draw_factors(const struct gf_ctx *ctx, SDL_Rect rows, int label_x, const struct gf_step_stats *st,
                        float slot, bool draw)
{
    int px = gf_layout_px(ctx->lay, 16);
    int row_h = gf_text_size(ctx->text, "0‖", px, false).y;
    if (!draw)
        return 2 * row_h;
    const struct gf_theme *th = ctx->theme;
    static const enum gf_metric rows_metric[2] = {GF_METRIC_SLOPE_MEAN, GF_METRIC_SPECTRAL_NORM};
    /* thinned like the layer numbers when the slots are narrower than the widest number */
    int number_w = gf_text_size(ctx->text, "0.00", px, false).x;
    for (int r = 0; r < 2; r++)
        for (int l = 0; l < st->n_layers; l++) {
            char t[32];
            format_factor(t, sizeof t, st->layer[l].v[rows_metric[r]]);
            int w = gf_text_size(ctx->text, t, px, false).x;
            number_w = w > number_w ? w : number_w;
        }
    number_w += ctx->lay->gap / 3;
    int every = 1;
    while ((float)number_w > slot * (float)every)
        every++;
    static const char *const rows_label[2] = {"|f′|", "‖W‖₂"};
    for (int r = 0; r < 2; r++) {
        int y = rows.y + r * row_h;
        gf_text_draw(ctx->text, ctx->r, rows_label[r], px, true, th->muted, label_x, y, GF_ALIGN_RIGHT);
        for (int l = 0; l < st->n_layers; l++) {
            bool last = l + 1 == st->n_layers;
            if (r == 0 && last)
                continue;   /* the output layer has no activation */
            if (l % every != 0)
                continue;
            char t[32];
            format_factor(t, sizeof t, st->layer[l].v[rows_metric[r]]);
            gf_text_draw(ctx->text, ctx->r, t, px, false, th->fg, rows.x + (int)(slot * ((float)l + 0.5f)), y,
                         GF_ALIGN_CENTER);
        }
    }
    return 2 * row_h;
}

/* The panel's title: the metric, and with clipping how big the gradient was. */
static void bars_title(const struct gf_ctx *ctx, enum gf_side side, char *title, size_t n)
{
    const struct gf_view *v = ctx->view;
    const struct gf_step_stats *st = v->bars[side];
    const struct gf_run *run = &v->lab->run[side];
    if (run->cfg.clip > 0.0f && st->n_layers > 0) {
        char norm[32];
        gf_format_value(norm, sizeof norm, st->grad_norm_total);
        snprintf(title, n,
                 gf_tr(v->lang, st->clipped ? "%s · ‖g‖ = %s, clipped to %g" : "%s · ‖g‖ = %s, under the clip at %g"),
                 metric_title(v->bar_metric, v->bar_log, v->lang), norm, (double)run->cfg.clip);
    } else {
        snprintf(title, n, "%s", metric_title(v->bar_metric, v->bar_log, v->lang));
    }
}

/* Text sizes of the panel, and where its plot goes inside the frame's inner area. */
struct bars_geometry {
    int small, tick_px, value_px, row_h;
    SDL_Rect plot;
};

static struct bars_geometry bars_geometry(const struct gf_ctx *ctx, SDL_Rect in)
{
    struct bars_geometry g;
    g.small = gf_layout_px(ctx->lay, 18);
    g.tick_px = gf_layout_px(ctx->lay, 21);   /* its exponent, at 3/4, is still readable from the back */
    g.value_px = gf_layout_px(ctx->lay, 17);
    int axis_w = gf_panel_axis_width(ctx);
    g.row_h = gf_text_size(ctx->text, "0", g.small, false).y;
    /* below the plot, two rows: the layer numbers, then the ends' names, whose
     * line may hang into the panel's padding by its empty descent only
     * (Hangul sits lower than Latin x-height letters); above, a row for values */
    int value_h = gf_text_size(ctx->text, "0", g.value_px, false).y;
    g.plot = (SDL_Rect){in.x + axis_w, in.y + value_h, in.w - axis_w, in.h - value_h - g.row_h - g.row_h * 2 / 3};
    return g;
}

int gf_panel_axis_width(const struct gf_ctx *ctx)
{
    return gf_decade_size(ctx, -10, gf_layout_px(ctx->lay, 21)).x + ctx->lay->gap / 2;
}

int gf_panel_layer_at(const struct gf_ctx *ctx, SDL_Rect area, int n_layers, int x, int y)
{
    /* the slots start after the frame's padding and the value axis; neither depends on the title */
    SDL_Rect in = gf_panel_inner(ctx, area, "");
    int left = in.x + gf_panel_axis_width(ctx), w = in.w - gf_panel_axis_width(ctx);
    if (n_layers < 1 || w < 1 || !gf_contains(area, x, y) || x < left || x >= left + w)
        return -1;
    int l = (int)((float)(x - left) * (float)n_layers / (float)w);
    return l < n_layers ? l : n_layers - 1;
}

void gf_format_bar_value(char *buf, size_t n, double v)
{
    gf_format_value(buf, n, v);
    char *e = strchr(buf, 'e');
    if (!e)
        return;
    char *digits = e + 1 + (e[1] == '-' || e[1] == '+');
    if (e[1] == '+')
        memmove(e + 1, e + 2, strlen(e + 2) + 1), digits--;
    while (digits[0] == '0' && digits[1])
        memmove(digits, digits + 1, strlen(digits));
}

void gf_panel_bars(const struct gf_ctx *ctx, SDL_Rect area, enum gf_side side)
{
    const struct gf_view *v = ctx->view;
    const struct gf_theme *th = ctx->theme;
    const struct gf_step_stats *st = v->bars[side];
    const struct gf_run *run = &v->lab->run[side];
    char title[160];
    bars_title(ctx, side, title, sizeof title);
    SDL_Rect in = gf_panel_frame(ctx, area, title);
    gf_render_smoothed_note(ctx, area, side);
    int factors_h = v->bars_bound ? draw_factors(ctx, in, 0, st, 1.0f, false) : 0;
    in.h -= factors_h;
    struct bars_geometry g = bars_geometry(ctx, in);
    int small = g.small, tick_px = g.tick_px, value_px = g.value_px, row_h = g.row_h;
    int gap = ctx->lay->gap;
    SDL_Rect plot = g.plot;
    if (plot.w < 20 || plot.h < 20 || st->n_layers == 0)
        return;

    /* the axis: log decades shared by both columns, or 0..top linear */
    int lo = 0, hi = 1;
    double top = 1.0;
    if (v->bar_log)
        gf_render_bar_range(v, &lo, &hi);
    else
        top = linear_top(v);
#define FRAC(x) (v->bar_log ? ((x) > 0.0 ? (log10(x) - lo) / (double)(hi - lo) : -1.0) : (x) / top)
#define PY(f) ((float)(plot.y + plot.h) - (float)(f) * (float)plot.h)

    char label[32];
    if (v->bar_log) {
        int every = gf_decade_label_step(hi - lo, plot.h, gf_decade_size(ctx, -1, tick_px).y);
        for (int e = lo; e <= hi; e++) {
            float y = PY((double)(e - lo) / (hi - lo));
            gf_line(ctx->r, (float)plot.x, y, (float)(plot.x + plot.w), y, th->grid, 1.0f, 0.0f);
            if (gf_decade_labelled(e, every))
                gf_decade_draw(ctx, e, tick_px, th->muted, plot.x - gap / 3, (int)y, GF_ALIGN_RIGHT | GF_ALIGN_MIDDLE);
        }
    } else {
        for (int i = 0; i <= 4; i++) {
            float y = PY(i / 4.0);
            gf_line(ctx->r, (float)plot.x, y, (float)(plot.x + plot.w), y, th->grid, 1.0f, 0.0f);
            gf_format_value(label, sizeof label, top * i / 4.0);
            gf_text_draw(ctx->text, ctx->r, label, small, false, th->muted, plot.x - gap / 3, (int)y,
                         GF_ALIGN_RIGHT | GF_ALIGN_MIDDLE);
        }
    }

    int n = st->n_layers;
    float slot = (float)plot.w / (float)n;
    float bar_w = fmaxf(1.0f, slot * 0.72f);
    SDL_Color colour = th->act[run->cfg.act];
    /* Values above the bars, every value_every-th when crowded (a deep network
     * has more bars than labels fit), but always the first and the output
     * layer's; the one under the pointer is shown whatever the thinning. */
    int widest_value = gf_text_size(ctx->text, "3.3e-17", value_px, false).x;
    int value_every = 1;
    while ((float)widest_value * 1.1f > slot * (float)value_every)
        value_every++;
    int number_w = gf_text_size(ctx->text, "64", small, false).x + gap / 2;
    int number_every = 1;
    while (number_w * 1.0f > slot * (float)number_every)
        number_every++;
    int hover = v->hover_layer[side];
    bool bound = v->bar_metric == GF_METRIC_DELTA_NORM && v->bar_log && n > 1;
    if (bound)
        draw_delta_bound(ctx, plot, st, &run->cfg, lo, hi, slot);
    for (int l = 0; l < n; l++) {
        double x = st->layer[l].v[v->bar_metric];
        float cx = (float)plot.x + slot * ((float)l + 0.5f);
        bool last = l + 1 == n;
        /* every number_every-th layer, and always the last, unless it would crowd its neighbour */
        if (last || (l % number_every == 0 && n - 1 - l >= number_every)) {
            snprintf(label, sizeof label, "%d", l + 1);
            gf_text_draw(ctx->text, ctx->r, label, small, false, th->muted, (int)cx, plot.y + plot.h, GF_ALIGN_CENTER);
        }
        if (!isfinite(x) && l != hover)
            continue;
        double f = isfinite(x) ? FRAC(x) : 0.0;
        if (f > 1.0)
            f = 1.0;
        if (f > 0.0) {
            SDL_Rect bar = {(int)lroundf(cx - bar_w / 2), (int)lroundf(PY(f)), (int)lroundf(bar_w), 0};
            bar.h = plot.y + plot.h - bar.y;
            gf_fill(ctx->r, bar, last ? gf_mix(colour, th->panel, 0.45f) : colour);
            if (l == hover)
                gf_outline(ctx->r, bar, th->fg, gf_layout_len(ctx->lay, 2));
        }
        /* the first and the last always; between them, thinned evenly, clear of both ends (whose labels
         * are pushed inwards to stay over the plot) */
        int clear = value_every + value_every / 2;
        bool shown = l == 0 || last || (l % value_every == 0 && l >= clear && n - 1 - l >= clear);
        bool hovered = l == hover && hover >= 0;
        if (hover >= 0 && !hovered && abs(l - hover) < value_every)
            shown = false;   /* make room for the value asked for */
        if (shown || hovered) {
            gf_format_bar_value(label, sizeof label, x);
            float y = f > 0.0 ? PY(f) : (float)(plot.y + plot.h);
            SDL_Point size = gf_text_size(ctx->text, label, value_px, hovered);
            /* kept inside the plot's width: the end bars' labels would hang over the axis */
            int lx = (int)cx - size.x / 2;
            lx = lx < plot.x ? plot.x : lx + size.x > plot.x + plot.w ? plot.x + plot.w - size.x : lx;
            if (hovered || bound) {   /* the dashed bound runs near the bar tops: keep it off the digits */
                SDL_Rect box = {lx - 2, (int)y - 2 - size.y, size.x + 4, size.y};
                gf_fill(ctx->r, box, th->panel);
            }
            gf_text_draw(ctx->text, ctx->r, label, value_px, hovered, th->fg, lx, (int)y - 2, GF_ALIGN_BOTTOM);
        }
    }
    /* which end is which: the input side on the left, the output on the right */
    int y_names = plot.y + plot.h + row_h;
    gf_panel_layer_axis_names(ctx, plot, y_names, small);
    if (factors_h)
        draw_factors(ctx, (SDL_Rect){plot.x, y_names + row_h, plot.w, factors_h}, plot.x - gap / 3, st, slot, true);
#undef FRAC
#undef PY
}
