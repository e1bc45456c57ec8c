/* gf_panel_time.c - the distributions inside the network over training, in
 * the heat map's place, from the run's bounded record (gf_dist_history):
 *
 *   activations   each hidden layer's mean f(z), with ± one standard
 *                 deviation in thin lines (Glorot & Bengio 2010, Fig. 2)
 *   percentiles   the 15th, 50th and 85th percentiles of one hidden layer's
 *                 z, its input to the nonlinearity (Ioffe & Szegedy 2015,
 *                 Fig. 1b-c)
 *   delta         each hidden layer's ‖δ‖ over the batch on a log axis, the
 *                 heat map's companion as lines, after Nielsen's "speed of
 *                 learning" per layer (Neural Networks and Deep Learning,
 *                 ch. 5, which draws ‖∂C/∂b‖, the batch-summed δ)
 *
 * Both runs share each view's value axis, so the columns compare fairly.
 * Layers are told apart by shade: the first hidden layer in the run's
 * colour, the last in the text colour, those between in between. */
#include "gf_panel.h"

#include <math.h>
#include <stdio.h>

#include "gf_draw.h"

/* The value axis of one view over both runs' records: [lo, hi] (decades for delta). */
static bool value_range(const struct gf_view *v, enum gf_time_view which, float *lo, float *hi)
{
    float mn = INFINITY, mx = -INFINITY;
    for (int s = 0; s < GF_SIDES; s++) {
        const struct gf_run *run = &v->lab->run[s];
        const struct gf_dist_history *h = &run->dist_history;
        int hidden = h->n_layers - 1;
        if (which == GF_TIME_ACTIVATIONS && (run->cfg.act == GF_ACT_SIGMOID || run->cfg.act == GF_ACT_TANH)) {
            mn = fminf(mn, run->cfg.act == GF_ACT_TANH ? -1.0f : 0.0f);   /* bounded: the whole range */
            mx = fmaxf(mx, 1.0f);
        }
        for (int i = 0; i < h->count; i++)
            for (int l = 0; l < hidden; l++) {
                if (which == GF_TIME_PERCENTILES && l != v->hist_layer[s])
                    continue;
                const float *d = gf_dist_history_layer(h, i, l)->v;
                float a, b;
                if (which == GF_TIME_ACTIVATIONS) {
                    a = d[GF_DIST_ACT_MEAN] - d[GF_DIST_ACT_STD];
                    b = d[GF_DIST_ACT_MEAN] + d[GF_DIST_ACT_STD];
                } else if (which == GF_TIME_PERCENTILES) {
                    a = d[GF_DIST_Z_P15];
                    b = d[GF_DIST_Z_P85];
                } else {
                    if (!(d[GF_DIST_DELTA_NORM] > 0.0f) || !isfinite(d[GF_DIST_DELTA_NORM]))
                        continue;
                    a = b = log10f(d[GF_DIST_DELTA_NORM]);
                }
                if (isfinite(a) && isfinite(b)) {
                    mn = fminf(mn, a);
                    mx = fmaxf(mx, b);
                }
            }
    }
    if (!(mn <= mx))
        return false;
    if (which == GF_TIME_DELTA) {
        mn = floorf(mn);
        mx = ceilf(mx);
        if (mx - mn < 1.0f)
            mx = mn + 1.0f;
    } else {
        float pad = fmaxf(0.05f * (mx - mn), 1e-3f);
        mn -= pad;
        mx += pad;
    }
    *lo = mn;
    *hi = mx;
    return true;
}

/* The shade of hidden layer l of `hidden`. */
static SDL_Color layer_colour(const struct gf_theme *th, SDL_Color run, int l, int hidden)
{
    float t = hidden > 1 ? (float)l / (float)(hidden - 1) : 0.0f;
    return gf_mix(run, th->fg, 0.85f * t);
}

static const char *view_title(enum gf_time_view which, enum gf_lang lang)
{
    switch (which) {
    case GF_TIME_ACTIVATIONS: return gf_tr(lang, "mean f(z) ± std per hidden layer over steps");
    case GF_TIME_PERCENTILES: return gf_tr(lang, "z of hidden layer %d: 15th, 50th, 85th percentiles over steps");
    default: return gf_tr(lang, "‖δ‖ per hidden layer over steps (log scale)");
    }
}

void gf_panel_time(const struct gf_ctx *ctx, SDL_Rect area, enum gf_side side, enum gf_time_view which)
{
    if (which == GF_TIME_HEAT || which >= GF_TIME_VIEW_COUNT) {
        gf_panel_heat(ctx, area, side);
        return;
    }
    const struct gf_view *v = ctx->view;
    const struct gf_theme *th = ctx->theme;
    const struct gf_run *run = &v->lab->run[side];
    const struct gf_dist_history *h = &run->dist_history;
    int hidden = h->n_layers - 1;
    int layer = v->hist_layer[side] < hidden ? v->hist_layer[side] : hidden - 1;
    char title[160];
    snprintf(title, sizeof title, view_title(which, v->lang), layer + 1);
    SDL_Rect in = gf_panel_frame(ctx, area, title);
    int small = gf_layout_px(ctx->lay, 17);
    int gap = ctx->lay->gap;
    int row_h = gf_text_size(ctx->text, "0", small, false).y;
    int axis_w = gf_panel_axis_width(ctx);
    SDL_Rect plot = {in.x + axis_w, in.y + row_h / 2, in.w - axis_w, in.h - row_h - row_h / 2};
    if (plot.w < 20 || plot.h < 20)
        return;
    float lo, hi;
    if (h->count == 0 || hidden < 1 || !value_range(v, which, &lo, &hi)) {
        gf_text_draw(ctx->text, ctx->r, gf_tr(v->lang, "no training steps yet"), small, false, th->muted,
                     plot.x + plot.w / 2, plot.y + plot.h / 2, GF_ALIGN_CENTER | GF_ALIGN_MIDDLE);
        return;
    }
    int64_t last_step = h->step[h->count - 1];
#define PX(step) ((float)plot.x + (float)((double)(step) / (double)(last_step > 0 ? last_step : 1)) * (float)plot.w)
#define PY(val) ((float)(plot.y + plot.h) - ((val) - lo) / (hi - lo) * (float)plot.h)

    /* the value axis: decades for ‖δ‖, the ends and 0 otherwise */
    char label[32];
    if (which == GF_TIME_DELTA) {
        /* as the bars' axis draws them: the exponent in digits no smaller than the smallest text */
        int every = gf_decade_label_step((int)(hi - lo), plot.h, gf_decade_size(ctx, -1, small).y);
        for (int e = (int)lo; e <= (int)hi; e++) {
            gf_line(ctx->r, (float)plot.x, PY((float)e), (float)(plot.x + plot.w), PY((float)e), th->grid, 1.0f, 0.0f);
            if (gf_decade_labelled(e, every)) {
                gf_decade_draw(ctx, e, small, th->muted, plot.x - gap / 3, (int)PY((float)e),
                               GF_ALIGN_RIGHT | GF_ALIGN_MIDDLE);
            }
        }
    } else {
        float ticks[3] = {lo, hi, 0.0f};
        int n = lo < 0.0f && hi > 0.0f ? 3 : 2;
        for (int i = 0; i < n; i++) {
            gf_line(ctx->r, (float)plot.x, PY(ticks[i]), (float)(plot.x + plot.w), PY(ticks[i]), th->grid, 1.0f, 0.0f);
            gf_format_value(label, sizeof label, ticks[i]);
            gf_text_draw(ctx->text, ctx->r, label, small, false, th->muted, plot.x - gap / 3, (int)PY(ticks[i]),
                         GF_ALIGN_RIGHT | GF_ALIGN_MIDDLE);
        }
    }
    /* the step axis: 0 and the last sample's step */
    snprintf(label, sizeof label, "0");
    gf_text_draw(ctx->text, ctx->r, label, small, false, th->muted, plot.x, plot.y + plot.h, 0);
    snprintf(label, sizeof label, gf_tr(v->lang, "step %lld"), (long long)last_step);
    gf_text_draw(ctx->text, ctx->r, label, small, false, th->muted, plot.x + plot.w, plot.y + plot.h, GF_ALIGN_RIGHT);

    SDL_Color colour = th->act[run->cfg.act];
    float u = ctx->lay->u, thick = fmaxf(1.5f, 2.5f * u);
    static SDL_FPoint pts[3][GF_HISTORY_SAMPLES + 1];
    gf_clip(ctx->r, &plot);
    for (int l = 0; l < hidden; l++) {
        if (which == GF_TIME_PERCENTILES && l != layer)
            continue;
        SDL_Color c = which == GF_TIME_PERCENTILES ? colour : layer_colour(th, colour, l, hidden);
        int n = 0;
        for (int i = 0; i <= h->count; i++) {
            /* runs of finite samples, each its own line: the window measures the
               percentiles only while a view shows them, and a diverged run's end */
            float ys[3] = {NAN, NAN, NAN};
            const float *d = i < h->count ? gf_dist_history_layer(h, i, l)->v : NULL;
            float x = i < h->count ? PX(h->step[i]) : 0.0f;
            if (!d) {
                /* past the end: draw what is gathered */
            } else if (which == GF_TIME_ACTIVATIONS) {
                ys[0] = d[GF_DIST_ACT_MEAN];
                ys[1] = d[GF_DIST_ACT_MEAN] - d[GF_DIST_ACT_STD];
                ys[2] = d[GF_DIST_ACT_MEAN] + d[GF_DIST_ACT_STD];
            } else if (which == GF_TIME_PERCENTILES) {
                ys[0] = d[GF_DIST_Z_P50];
                ys[1] = d[GF_DIST_Z_P15];
                ys[2] = d[GF_DIST_Z_P85];
            } else {
                /* ‖δ‖ = 0 has no logarithm: a gap in the line, not a point at the axis's floor */
                ys[0] = ys[1] = ys[2] = d[GF_DIST_DELTA_NORM] > 0.0f ? log10f(d[GF_DIST_DELTA_NORM]) : NAN;
            }
            if (isfinite(ys[0]) && isfinite(ys[1]) && isfinite(ys[2])) {
                for (int k = 0; k < 3; k++)
                    pts[k][n] = (SDL_FPoint){x, PY(ys[k])};
                n++;
                continue;
            }
            if (n == 0)
                continue;
            if (which != GF_TIME_DELTA) {   /* the spread: thinner, and fainter for the many layers' */
                SDL_Color faint = which == GF_TIME_ACTIVATIONS ? gf_mix(c, th->panel, 0.45f) : c;
                gf_polyline(ctx->r, pts[1], n, faint, thick * 0.6f, 0.0f);
                gf_polyline(ctx->r, pts[2], n, faint, thick * 0.6f, 0.0f);
            }
            gf_polyline(ctx->r, pts[0], n, c, which == GF_TIME_PERCENTILES ? thick * 1.6f : thick, 0.0f);
            n = 0;
        }
    }
    gf_clip(ctx->r, NULL);

    /* the key: which shade is which layer, or which line which percentile */
    int px = gf_layout_px(ctx->lay, 17);
    int y = plot.y + row_h / 2;
    int x = plot.x + plot.w - gap / 2;
    if (which == GF_TIME_PERCENTILES) {
        gf_text_draw(ctx->text, ctx->r, gf_tr(v->lang, "thick: median · thin: 15th and 85th"), px, false, th->fg, x, y,
                     GF_ALIGN_RIGHT | GF_ALIGN_MIDDLE);
        return;
    }
    char first[48], lastl[48];
    snprintf(first, sizeof first, gf_tr(v->lang, "layer %d"), 1);
    snprintf(lastl, sizeof lastl, gf_tr(v->lang, "layer %d"), hidden);
    float seg = 26.0f * u;
    SDL_Rect t2 = gf_text_draw(ctx->text, ctx->r, lastl, px, false, th->fg, x, y, GF_ALIGN_RIGHT | GF_ALIGN_MIDDLE);
    gf_line(ctx->r, (float)t2.x - gap / 3 - seg, (float)y, (float)(t2.x - gap / 3), (float)y,
            layer_colour(th, colour, hidden - 1, hidden), thick * 1.5f, 0.0f);
    if (hidden > 1) {
        int x1 = t2.x - gap - (int)seg - gap / 2;
        SDL_Rect t1 = gf_text_draw(ctx->text, ctx->r, first, px, false, th->fg, x1, y, GF_ALIGN_RIGHT | GF_ALIGN_MIDDLE);
        gf_line(ctx->r, (float)t1.x - gap / 3 - seg, (float)y, (float)(t1.x - gap / 3), (float)y, colour, thick * 1.5f,
                0.0f);
    }
    if (which == GF_TIME_ACTIVATIONS)
        gf_text_draw(ctx->text, ctx->r, gf_tr(v->lang, "thin: ± std"), px, false, th->muted, x, y + row_h,
                     GF_ALIGN_RIGHT | GF_ALIGN_MIDDLE);
#undef PX
#undef PY
}
