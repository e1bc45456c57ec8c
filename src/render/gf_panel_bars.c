/* gf_panel_bars.c - the lesson's picture: one bar per weight layer, input on
 * the left, output on the right, on a log10 axis shared by both columns,
 * so a fading gradient reads as a staircase and a level one as a plateau. */
#include "gf_render.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gf_draw.h"

static const char *metric_title(enum gf_metric m, bool log_scale, enum gf_lang lang)
{
    switch (m) {
    case GF_METRIC_GRAD_NORM:
        return gf_tr(lang, log_scale ? "gradient norm ‖dW‖ per layer (log scale)" : "gradient norm ‖dW‖ per layer");
    case GF_METRIC_DELTA_MEAN_ABS:
        return gf_tr(lang, log_scale ? "mean |δ| per layer (log scale)" : "mean |δ| per layer");
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

/* The most a gradient can keep through k sigmoid layers: σ' <= 1/4, so
 * from the last layer's value down by a factor 4 per layer toward the input
 * (weights aside). Drawn dashed over the bars, in the lesson. */
static void draw_sigmoid_bound(const struct gf_ctx *ctx, SDL_Rect plot, const struct gf_step_stats *st,
                               enum gf_metric metric, int lo, int hi, float slot)
{
    int n = st->n_layers;
    double last = st->layer[n - 1].v[metric];
    if (!(last > 0.0) || !isfinite(last))
        return;
    SDL_FPoint pts[GF_MAX_LAYERS];
    for (int l = 0; l < n; l++) {
        double e = log10(last) + (n - 1 - l) * log10(0.25);
        pts[l] = (SDL_FPoint){(float)plot.x + slot * ((float)l + 0.5f),
                              (float)(plot.y + plot.h) - (float)((e - lo) / (hi - lo)) * (float)plot.h};
    }
    float u = ctx->lay->u;
    gf_clip(ctx->r, &plot);
    gf_polyline(ctx->r, pts, n, ctx->theme->fg, fmaxf(2.0f, 3.0f * u), 9.0f * u);
    gf_clip(ctx->r, NULL);
    /* its key in the plot's top-left corner, where sigmoid's bars are lowest */
    int px = gf_layout_px(ctx->lay, 19);
    int pad = ctx->lay->gap / 2;
    float seg = 40.0f * u;
    int y = plot.y + px;
    gf_line(ctx->r, (float)(plot.x + pad), (float)y, (float)(plot.x + pad) + seg, (float)y, ctx->theme->fg,
            fmaxf(2.0f, 3.0f * u), 9.0f * u);
    gf_text_draw(ctx->text, ctx->r, gf_tr(ctx->view->lang, "the most that survives: × 0.25 per layer (σ′ ≤ 1/4)"), px,
                 true, ctx->theme->fg,
                 plot.x + 2 * pad + (int)seg, y, GF_ALIGN_MIDDLE);
}

void gf_panel_bars(const struct gf_ctx *ctx, SDL_Rect area, enum gf_side side)
{
    const struct gf_view *v = ctx->view;
    const struct gf_theme *th = ctx->theme;
    const struct gf_step_stats *st = v->bars[side];
    const struct gf_run *run = &v->lab->run[side];
    char title[160];
    if (run->cfg.clip > 0.0f && st->n_layers > 0) {   /* clipping: show how big the gradient was */
        char norm[32];
        gf_format_value(norm, sizeof norm, st->grad_norm_total);
        snprintf(title, sizeof title,
                 gf_tr(v->lang, st->clipped ? "%s · ‖g‖ = %s, clipped to %g" : "%s · ‖g‖ = %s, under the clip at %g"),
                 metric_title(v->bar_metric, v->bar_log, v->lang), norm, (double)run->cfg.clip);
    } else {
        snprintf(title, sizeof title, "%s", metric_title(v->bar_metric, v->bar_log, v->lang));
    }
    SDL_Rect in = gf_panel_frame(ctx, area, title);
    gf_render_smoothed_note(ctx, area, side);
    int small = gf_layout_px(ctx->lay, 18);
    int value_px = gf_layout_px(ctx->lay, 17);
    int gap = ctx->lay->gap;
    int axis_w = gf_text_size(ctx->text, "10⁻¹⁰", small, false).x + gap / 2;
    int row_h = gf_text_size(ctx->text, "0", small, false).y;
    /* below the plot, two rows: the layer numbers, then the ends' names, whose
     * line may hang into the panel's padding by its empty descent only
     * (Hangul sits lower than Latin x-height letters) */
    SDL_Rect plot = {in.x + axis_w, in.y + row_h, in.w - axis_w, in.h - 2 * row_h - row_h * 2 / 3};
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
        int every = gf_decade_label_step(hi - lo, plot.h, row_h);
        for (int e = lo; e <= hi; e++) {
            float y = PY((double)(e - lo) / (hi - lo));
            gf_line(ctx->r, (float)plot.x, y, (float)(plot.x + plot.w), y, th->grid, 1.0f, 0.0f);
            if (gf_decade_labelled(e, every)) {
                gf_format_decade(label, sizeof label, e);
                gf_text_draw(ctx->text, ctx->r, label, small, false, th->muted, plot.x - gap / 3, (int)y,
                             GF_ALIGN_RIGHT | GF_ALIGN_MIDDLE);
            }
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
    /* Values above bars when they fit; layer numbers below, thinned when crowded. */
    int widest_value = gf_text_size(ctx->text, "3.3e-07", value_px, false).x;
    bool show_values = (float)widest_value * 1.15f <= slot;   /* with a little air between labels */
    int number_w = gf_text_size(ctx->text, "64", small, false).x + gap / 2;
    int number_every = 1;
    while (number_w * 1.0f > slot * (float)number_every)
        number_every++;
    for (int l = 0; l < n; l++) {
        double x = st->layer[l].v[v->bar_metric];
        float cx = (float)plot.x + slot * ((float)l + 0.5f);
        bool last = l + 1 == n;
        /* every number_every-th layer, and always the last, unless it would crowd its neighbour */
        if (last || (l % number_every == 0 && n - 1 - l >= number_every)) {
            snprintf(label, sizeof label, "%d", l + 1);
            gf_text_draw(ctx->text, ctx->r, label, small, false, th->muted, (int)cx, plot.y + plot.h, GF_ALIGN_CENTER);
        }
        if (!isfinite(x))
            continue;
        double f = FRAC(x);
        if (f > 1.0)
            f = 1.0;
        if (f > 0.0) {
            SDL_Rect bar = {(int)lroundf(cx - bar_w / 2), (int)lroundf(PY(f)), (int)lroundf(bar_w), 0};
            bar.h = plot.y + plot.h - bar.y;
            gf_fill(ctx->r, bar, last ? gf_mix(colour, th->panel, 0.45f) : colour);
        }
        if (show_values) {
            gf_format_value(label, sizeof label, x);
            float y = f > 0.0 ? PY(f) : (float)(plot.y + plot.h);
            gf_text_draw(ctx->text, ctx->r, label, value_px, false, th->fg, (int)cx, (int)y - 2,
                         GF_ALIGN_CENTER | GF_ALIGN_BOTTOM);
        }
    }
    if (v->bars_bound && run->cfg.act == GF_ACT_SIGMOID && v->bar_log && n > 1)
        draw_sigmoid_bound(ctx, plot, st, v->bar_metric, lo, hi, slot);
    /* which end is which: the input side on the left, the output on the right */
    int y_names = plot.y + plot.h + row_h;
    gf_text_draw(ctx->text, ctx->r, gf_tr(v->lang, "← input"), small, false, th->muted, plot.x, y_names, 0);
    gf_text_draw(ctx->text, ctx->r, gf_tr(v->lang, "output →"), small, false, th->muted, plot.x + plot.w, y_names,
                 GF_ALIGN_RIGHT);
    gf_text_draw(ctx->text, ctx->r, gf_tr(v->lang, "weight layer"), small, false, th->muted, plot.x + plot.w / 2,
                 y_names, GF_ALIGN_CENTER);
#undef FRAC
#undef PY
}
