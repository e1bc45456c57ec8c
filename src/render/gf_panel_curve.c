/* gf_panel_curve.c - the run's activation f(x) and its derivative f'(x),
 * dashed, on [-6, 6], with the largest slope marked: for sigmoid the 0.25
 * that, multiplied once per layer, makes the gradient vanish. Under the
 * curves, shaded, the histogram of one hidden layer's pre-activations z over
 * the batch: whether the units sit in the steep middle or the flat tails. */
#include "gf_panel.h"

#include <math.h>
#include <stdio.h>

#include "gf_draw.h"

#define CURVE_X_MIN GF_DIST_Z_LO   /* the z histogram's axis is the curve's */
#define CURVE_X_MAX GF_DIST_Z_HI
#define SAMPLES 241

/* Vertical range covering f and f' on [CURVE_X_MIN, CURVE_X_MAX], with a margin. */
static void value_range(enum gf_act act, float alpha, float *lo, float *hi, float *top_value)
{
    float mn = 0.0f, mx = 0.0f;
    for (int i = 0; i < SAMPLES; i++) {
        float x = CURVE_X_MIN + (CURVE_X_MAX - CURVE_X_MIN) * (float)i / (SAMPLES - 1);
        float f = gf_act_f(act, alpha, x), d = gf_act_df(act, alpha, x);
        mn = fminf(mn, fminf(f, d));
        mx = fmaxf(mx, fmaxf(f, d));
    }
    *top_value = mx;
    /* room above the curves for the formula */
    *lo = mn - 0.06f * (mx - mn);
    *hi = mx + 0.24f * (mx - mn);
}

void gf_panel_curve(const struct gf_ctx *ctx, SDL_Rect area, enum gf_side side)
{
    const struct gf_view *v = ctx->view;
    const struct gf_run *run = &v->lab->run[side];
    const struct gf_net_hists *hs = v->hists[side];
    int l = v->hist_layer[side];
    if (!v->hist_shown[side] || !hs || l >= hs->n_layers - 1 || hs->step < 0) {
        gf_panel_activation(ctx, area, run->cfg.act, run->cfg.alpha);
        return;
    }
    char label[96];
    snprintf(label, sizeof label, gf_tr(v->lang, v->figure ? "z of hidden layer %d" : "z of hidden layer %d · J"),
             l + 1);
    gf_panel_activation_hist(ctx, area, run->cfg.act, run->cfg.alpha, &hs->hist[GF_HIST_Z][l], label);
}

void gf_panel_activation(const struct gf_ctx *ctx, SDL_Rect area, enum gf_act act, float alpha)
{
    gf_panel_activation_hist(ctx, area, act, alpha, NULL, NULL);
}

/* "12%", or "<1%" for a few that would round to none. */
static void format_share(char *buf, size_t n, int count, int total)
{
    double pct = 100.0 * count / total;
    if (pct < 0.5)
        snprintf(buf, n, "<1%%");
    else
        snprintf(buf, n, "%.0f%%", pct);
}

/* The histogram of z under the curves: translucent columns from the x axis's
 * foot, the fullest at 55 % of the plot's height, and the shares beyond
 * ±6 at the two ends. */
static void draw_z_hist(const struct gf_ctx *ctx, SDL_Rect plot, const struct gf_hist *h, SDL_Color colour,
                        const char *label, int label_y)
{
    const struct gf_theme *th = ctx->theme;
    int most = 0;
    for (int k = 0; k < GF_DIST_BINS; k++)
        most = h->bin[k] > most ? h->bin[k] : most;
    SDL_Color fill = gf_mix(colour, th->panel, 0.6f);
    for (int k = 0; k < GF_DIST_BINS && most > 0; k++) {
        int x0 = plot.x + (int)lroundf((float)k * (float)plot.w / GF_DIST_BINS);
        int x1 = plot.x + (int)lroundf((float)(k + 1) * (float)plot.w / GF_DIST_BINS);
        int hgt = (int)lroundf(0.55f * (float)plot.h * (float)h->bin[k] / (float)most);
        if (hgt > 0)
            gf_fill(ctx->r, (SDL_Rect){x0, plot.y + plot.h - hgt, x1 - x0 - 1 > 0 ? x1 - x0 - 1 : 1, hgt}, fill);
    }
    int px = gf_layout_px(ctx->lay, 17);
    int pad = ctx->lay->gap / 2;
    gf_text_draw(ctx->text, ctx->r, label, px, false, th->muted, plot.x + pad, label_y, 0);
    char share[32], pct[16];
    int foot = plot.y + plot.h - pad / 2;
    if (h->below > 0) {
        format_share(pct, sizeof pct, h->below, h->total);
        snprintf(share, sizeof share, "◂ %s", pct);
        gf_text_draw(ctx->text, ctx->r, share, px, true, th->fg, plot.x + pad / 2, foot, GF_ALIGN_BOTTOM);
    }
    if (h->above > 0) {
        format_share(pct, sizeof pct, h->above, h->total);
        snprintf(share, sizeof share, "%s ▸", pct);
        gf_text_draw(ctx->text, ctx->r, share, px, true, th->fg, plot.x + plot.w - pad / 2, foot,
                     GF_ALIGN_RIGHT | GF_ALIGN_BOTTOM);
    }
}

void gf_panel_activation_hist(const struct gf_ctx *ctx, SDL_Rect area, enum gf_act act, float alpha,
                              const struct gf_hist *hist, const char *label)
{
    const struct gf_theme *th = ctx->theme;
    const struct gf_act_info *info = gf_act_info(act);
    /* The title gives way to the key to the two lines when both do not fit. */
    const char *title = gf_tr(ctx->view->lang, "activation f(x) and slope f′(x)");
    int key_w = gf_text_size(ctx->text, "f(x)  f′(x)", gf_layout_px(ctx->lay, 21), false).x +
                gf_layout_len(ctx->lay, 120);
    if (gf_text_size(ctx->text, title, gf_layout_px(ctx->lay, 21), false).x + key_w > area.w)
        title = "";
    SDL_Rect in = gf_panel_frame(ctx, area, title);
    if (!*title) {   /* the key keeps the title's row to itself, above the plot's formula */
        int row = gf_text_size(ctx->text, "f(x)", gf_layout_px(ctx->lay, 21), false).y;
        in.y += row;
        in.h -= row;
    }
    int small = gf_layout_px(ctx->lay, 18);
    int label_w = gf_text_size(ctx->text, "−0.5", small, false).x + ctx->lay->gap / 2;
    int label_h = gf_text_size(ctx->text, "0", small, false).y;
    SDL_Rect plot = {in.x + label_w, in.y, in.w - label_w, in.h - label_h};
    if (plot.w < 20 || plot.h < 20)
        return;

    float lo, hi, top_value;
    value_range(act, alpha, &lo, &hi, &top_value);
    int px = gf_layout_px(ctx->lay, 21);
    int pad = ctx->lay->gap / 2;
    /* A short plot gets more room above the curves, so that the formula (and
     * under it the histogram's name) clears the top line; one too short for
     * that leaves the formula out, the header naming the activation. */
    SDL_Point formula_size = gf_text_size(ctx->text, info->formula, px, false);
    int above = formula_size.y + pad + (hist ? gf_text_size(ctx->text, "z", gf_layout_px(ctx->lay, 17), false).y : 0);
    float need = (float)above / (float)plot.h;
    bool formula = need < 0.6f;
    if (formula && (hi - top_value) / (hi - lo) < need)   /* top_value: the highest of f and f′ */
        hi = (top_value - need * lo) / (1.0f - need);
    SDL_Rect formula_at = {plot.x + pad, plot.y + pad / 2, formula ? formula_size.x : 0, formula ? formula_size.y : 0};
#define PX(v) ((float)plot.x + ((v) - CURVE_X_MIN) / (CURVE_X_MAX - CURVE_X_MIN) * (float)plot.w)
#define PY(v) ((float)plot.y + (hi - (v)) / (hi - lo) * (float)plot.h)

    /* axes through 0, and ticks at the ends and the middle */
    gf_line(ctx->r, PX(CURVE_X_MIN), PY(0.0f), PX(CURVE_X_MAX), PY(0.0f), th->grid, 2.0f, 0.0f);
    gf_line(ctx->r, PX(0.0f), (float)plot.y, PX(0.0f), (float)(plot.y + plot.h), th->grid, 2.0f, 0.0f);
    static const float xticks[] = {-6, -3, 0, 3, 6};
    for (size_t i = 0; i < sizeof xticks / sizeof xticks[0]; i++) {
        char t[16];
        snprintf(t, sizeof t, "%g", (double)xticks[i]);
        int align = i == 0 ? GF_ALIGN_LEFT : i + 1 == sizeof xticks / sizeof xticks[0] ? GF_ALIGN_RIGHT : GF_ALIGN_CENTER;
        gf_text_draw(ctx->text, ctx->r, t, small, false, th->muted, (int)PX(xticks[i]), plot.y + plot.h, align);
    }
    /* y labels: 0 and the top of the range, rounded */
    /* a round value at or just under the top of the curves (sigmoid's 0.9975 reads as 1) */
    float top = top_value > 2.0f ? floorf(top_value + 0.05f) : floorf(top_value * 4.0f + 0.1f) / 4.0f;
    char t[16];
    snprintf(t, sizeof t, "%g", (double)top);
    gf_line(ctx->r, (float)plot.x, PY(top), (float)(plot.x + plot.w), PY(top), th->grid, 1.0f, 0.0f);
    gf_text_draw(ctx->text, ctx->r, t, small, false, th->muted, plot.x - ctx->lay->gap / 4, (int)PY(top),
                 GF_ALIGN_RIGHT | GF_ALIGN_MIDDLE);
    gf_text_draw(ctx->text, ctx->r, "0", small, false, th->muted, plot.x - ctx->lay->gap / 4, (int)PY(0.0f),
                 GF_ALIGN_RIGHT | GF_ALIGN_MIDDLE);
    if (lo < -0.5f && PY(ceilf(lo * 4.0f) / 4.0f) - PY(0.0f) > (float)label_h) {   /* clear of the 0 label */
        float bottom = lo < -2.0f ? ceilf(lo) : ceilf(lo * 4.0f) / 4.0f;
        snprintf(t, sizeof t, "%g", (double)bottom);
        gf_text_draw(ctx->text, ctx->r, t, small, false, th->muted, plot.x - ctx->lay->gap / 4, (int)PY(bottom),
                     GF_ALIGN_RIGHT | GF_ALIGN_MIDDLE);
    }

    SDL_Color colour = th->act[act];
    if (hist)   /* beneath the curves, a line under the formula for its name */
        draw_z_hist(ctx, plot, hist, colour, label ? label : "",
                    formula ? formula_at.y + formula_at.h : plot.y + pad / 2);

    gf_clip(ctx->r, &plot);
    SDL_FPoint f[SAMPLES], d[SAMPLES];
    for (int i = 0; i < SAMPLES; i++) {
        float x = CURVE_X_MIN + (CURVE_X_MAX - CURVE_X_MIN) * (float)i / (SAMPLES - 1);
        f[i] = (SDL_FPoint){PX(x), PY(gf_act_f(act, alpha, x))};
        d[i] = (SDL_FPoint){PX(x), PY(gf_act_df(act, alpha, x))};
    }
    float thick = fmaxf(2.0f, 4.0f * ctx->lay->u);
    /* the largest slope: a dotted level and a dot where it is reached */
    float m = info->max_slope;
    gf_line(ctx->r, (float)plot.x, PY(m), (float)(plot.x + plot.w), PY(m), th->muted, fmaxf(1.0f, 2.0f * ctx->lay->u),
            5.0f * ctx->lay->u);
    gf_polyline(ctx->r, d, SAMPLES, colour, thick * 0.8f, 10.0f * ctx->lay->u);
    gf_polyline(ctx->r, f, SAMPLES, colour, thick, 0.0f);
    gf_disc(ctx->r, PX(info->max_slope_at), PY(m), thick * 1.6f, th->fg);
    gf_clip(ctx->r, NULL);

    /* labels: the formula, the key to the two lines, and the slope's value */
    if (formula)
        gf_text_draw(ctx->text, ctx->r, info->formula, px, false, th->fg, formula_at.x, formula_at.y, 0);
    char key[64];
    if (act == GF_ACT_LINEAR)   /* a constant slope has no maximum to speak of: it is that value everywhere */
        snprintf(key, sizeof key, gf_tr(ctx->view->lang, "f′ = %g everywhere"), (double)m);
    else
        snprintf(key, sizeof key, gf_tr(ctx->view->lang, "max f′ = %g"), (double)m);
    /* the slope's value sits on its level line, at the first of right-above,
     * right-below, left-above, left-below where neither curve runs through it
     * (tanh's curve runs along its level line at the right, ReLU's above it) */
    SDL_Point key_size = gf_text_size(ctx->text, key, px, true);
    SDL_Rect spot = {0, 0, key_size.x, key_size.y};
    for (int c = 0; c < 4; c++) {
        spot.x = c < 2 ? plot.x + plot.w - pad - key_size.x : plot.x + pad;
        spot.y = c % 2 == 0 ? (int)PY(m) - pad / 2 - key_size.y : (int)PY(m) + pad / 2;
        bool inside = spot.y >= plot.y && spot.y + spot.h <= plot.y + plot.h;
        bool clear = inside && !SDL_HasIntersection(&spot, &formula_at);
        for (int i = 0; i < SAMPLES && clear; i++)
            clear = !(gf_contains(spot, (int)f[i].x, (int)f[i].y) || gf_contains(spot, (int)d[i].x, (int)d[i].y));
        if (clear)
            break;
        if (c == 3) {   /* nowhere clear: the old place, above the line at the right */
            spot.x = plot.x + plot.w - pad - key_size.x;
            spot.y = (int)PY(m) - pad / 2 - key_size.y < plot.y ? (int)PY(m) + pad / 2 : (int)PY(m) - pad / 2 - key_size.y;
        }
    }
    gf_text_draw(ctx->text, ctx->r, key, px, true, th->fg, spot.x, spot.y, 0);
    /* the key to the two lines, in the title row at the right, clear of every curve */
    float seg = 34.0f * ctx->lay->u;
    int key_y = (area.y + in.y) / 2;
    int x = area.x + area.w - pad;
    SDL_Rect k2 = gf_text_draw(ctx->text, ctx->r, "f′(x)", px, false, th->muted, x, key_y, GF_ALIGN_RIGHT | GF_ALIGN_MIDDLE);
    gf_line(ctx->r, (float)k2.x - (float)pad - seg, (float)key_y, (float)(k2.x - pad), (float)key_y, colour,
            thick * 0.8f, 7.0f * ctx->lay->u);
    x = k2.x - 2 * pad - (int)seg - pad;
    SDL_Rect k1 = gf_text_draw(ctx->text, ctx->r, "f(x)", px, false, th->muted, x, key_y, GF_ALIGN_RIGHT | GF_ALIGN_MIDDLE);
    gf_line(ctx->r, (float)k1.x - (float)pad - seg, (float)key_y, (float)(k1.x - pad), (float)key_y, colour, thick, 0.0f);
#undef PX
#undef PY
}
