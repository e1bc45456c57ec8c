/* gf_panel_dist.c - the distributions behind the bars: for every weight
 * layer, input on the left and output on the right in the bars' own slots,
 * the distribution over the batch of (a) the activations f(z) (Glorot &
 * Bengio 2010, Fig. 6), (b) the back-propagated gradients δ on a log |δ| axis
 * (Fig. 7) and (c) the weight gradients dW on a log |dW| axis (Fig. 8), each
 * a violin: its width at a height is how many values fall there, scaled to
 * the layer's fullest bin. Both runs share the three axes, so their columns
 * compare at a glance, and a deep net still gets one slot per layer. */
#include "gf_panel.h"

#include <math.h>
#include <stdio.h>

#include "gf_draw.h"

/* One violin of histogram h in the slot centred on cx, over the strip's
 * rows [top, top + height): bin k's row runs from its value's height. */
static void violin(const struct gf_ctx *ctx, const struct gf_hist *h, float cx, float half, int top, int height,
                   SDL_Color colour)
{
    int most = 0;
    for (int k = 0; k < GF_DIST_BINS; k++)
        most = h->bin[k] > most ? h->bin[k] : most;
    if (most == 0)
        return;
    for (int k = 0; k < GF_DIST_BINS; k++) {
        if (!h->bin[k])
            continue;
        /* bin 0 at the bottom; rows rounded so neighbours meet without gaps */
        int y0 = top + height - (int)lroundf((float)(k + 1) * (float)height / GF_DIST_BINS);
        int y1 = top + height - (int)lroundf((float)k * (float)height / GF_DIST_BINS);
        float w = fmaxf(1.0f, half * (float)h->bin[k] / (float)most);
        gf_fill(ctx->r, (SDL_Rect){(int)lroundf(cx - w), y0, (int)lroundf(2.0f * w), y1 - y0 > 0 ? y1 - y0 : 1},
                colour);
    }
}

/* The strip's value axis: its two ends (and 0 when inside) for f(z), its
 * decades for the log axes. */
static void strip_axis(const struct gf_ctx *ctx, SDL_Rect plot, bool log_axis, float lo, float hi)
{
    const struct gf_theme *th = ctx->theme;
    int small = gf_layout_px(ctx->lay, 17);
    int label_h = gf_text_size(ctx->text, "0", small, false).y;
    int x = plot.x - ctx->lay->gap / 3;
    char label[32];
#define PY(v) ((float)(plot.y + plot.h) - ((v) - lo) / (hi - lo) * (float)plot.h)
    if (log_axis) {   /* a line and a label at every labelled decade only: a strip is short */
        int decades = (int)lroundf(hi - lo);
        /* as the bars' axis draws them: the exponent in digits no smaller than the smallest text */
        int decade_h = gf_decade_size(ctx, -1, small).y;
        int every = gf_decade_label_step(decades, plot.h, decade_h);
        for (int e = (int)lo; e <= (int)hi; e++) {
            if (gf_decade_labelled(e, every)) {
                float y = PY((float)e);
                gf_line(ctx->r, (float)plot.x, y, (float)(plot.x + plot.w), y, th->grid, 1.0f, 0.0f);
                /* a label centred on an end line would reach into the next strip's: that one goes unlabelled */
                if (y - (float)decade_h / 2 >= (float)plot.y - 1.0f &&
                    y + (float)decade_h / 2 <= (float)(plot.y + plot.h) + 1.0f)
                    gf_decade_draw(ctx, e, small, th->muted, x, (int)y, GF_ALIGN_RIGHT | GF_ALIGN_MIDDLE);
            }
        }
    } else {
        /* the top and the bottom, labelled inward, and 0 between when there is room for three */
        float ticks[3] = {hi, lo, 0.0f};
        int n = plot.h >= 2 * label_h ? (lo < 0.0f && hi > 0.0f && plot.h >= 4 * label_h ? 3 : 2) : 1;
        static const int align[3] = {GF_ALIGN_RIGHT, GF_ALIGN_RIGHT | GF_ALIGN_BOTTOM, GF_ALIGN_RIGHT | GF_ALIGN_MIDDLE};
        for (int i = 0; i < n; i++) {
            gf_line(ctx->r, (float)plot.x, PY(ticks[i]), (float)(plot.x + plot.w), PY(ticks[i]), th->grid, 1.0f, 0.0f);
            gf_format_value(label, sizeof label, ticks[i]);
            gf_text_draw(ctx->text, ctx->r, label, small, false, th->muted, x, (int)PY(ticks[i]), align[i]);
        }
    }
#undef PY
}

void gf_panel_dist(const struct gf_ctx *ctx, SDL_Rect area, enum gf_side side)
{
    const struct gf_view *v = ctx->view;
    const struct gf_theme *th = ctx->theme;
    const struct gf_run *run = &v->lab->run[side];
    const struct gf_net_hists *hs = v->hists[side];
    const struct gf_dist_axes *ax = v->dist_axes;
    /* a big network's are captured every few frames: then the title says which step they show */
    char title[128];
    if (hs && hs->full_step >= 0 && hs->full_step != run->step)
        snprintf(title, sizeof title, gf_tr(v->lang, "distributions per layer over the batch · step %lld"),
                 (long long)hs->full_step);
    else
        snprintf(title, sizeof title, "%s", gf_tr(v->lang, "distributions per layer over the batch"));
    SDL_Rect in = gf_panel_frame(ctx, area, title);
    int small = gf_layout_px(ctx->lay, 18);
    int gap = ctx->lay->gap;
    int row_h = gf_text_size(ctx->text, "0", small, false).y;
    int axis_w = gf_panel_axis_width(ctx);
    /* three strips, then the layer numbers and the ends' names as under the bars */
    SDL_Rect plot = {in.x + axis_w, in.y, in.w - axis_w, in.h - 2 * row_h - row_h * 2 / 3};
    if (!hs || !ax || hs->full_step < 0 || hs->n_layers == 0 || plot.w < 20 || plot.h < 60) {
        if (plot.w >= 20 && plot.h > row_h)
            gf_text_draw(ctx->text, ctx->r, gf_tr(v->lang, "no pass measured yet"), small, false, th->muted,
                         plot.x + plot.w / 2, plot.y + plot.h / 2, GF_ALIGN_CENTER | GF_ALIGN_MIDDLE);
        return;
    }
    int n = hs->n_layers;
    float slot = (float)plot.w / (float)n;
    float half = fmaxf(1.0f, slot * 0.42f);
    SDL_Color colour = th->act[run->cfg.act];
    SDL_Color out_colour = gf_mix(colour, th->panel, 0.45f);   /* the output layer, as in the bars */

    static const char *const names[3] = {"activations f(z)", "back-propagated gradients |δ|",
                                         "weight gradients |dW|"};
    static const enum gf_hist_kind kinds[3] = {GF_HIST_ACT, GF_HIST_DELTA, GF_HIST_DW};
    /* f(z) on the run's own axis (the same for every layer), the gradients on the shared ones */
    const struct gf_hist *act0 = &hs->hist[GF_HIST_ACT][0];
    float los[3] = {act0->lo, ax->delta_lo, ax->dw_lo}, his[3] = {act0->hi, ax->delta_hi, ax->dw_hi};
    int strip_gap = gap / 2, name_px = gf_layout_px(ctx->lay, 17);
    int strip_h = (plot.h - 2 * strip_gap) / 3;
    for (int s = 0; s < 3; s++) {
        SDL_Rect body = {plot.x, plot.y + s * (strip_h + strip_gap), plot.w, strip_h};
        if (body.h < 8)
            continue;
        strip_axis(ctx, body, s > 0, los[s], his[s]);
        bool shares = false;   /* a share of zeros is written under some layer */
        for (int l = 0; l < n; l++) {
            bool last = l + 1 == n;
            if (kinds[s] == GF_HIST_ACT && last)
                continue;   /* the output layer has no activation */
            const struct gf_hist *h = &hs->hist[kinds[s]][l];
            float cx = (float)plot.x + slot * ((float)l + 0.5f);
            violin(ctx, h, cx, half, body.y, body.h, last ? out_colour : colour);
            if (h->total > 0 && h->zero > 0) {
                /* exact zeros have no log to place them at: the violin shows the
                   other values, and under it the share that is 0 ("0" when all are) */
                bool some = h->zero < h->total;
                char zeros[32] = "0", share[24] = "";
                if (some) {
                    gf_format_percent(share, sizeof share, (double)h->zero / h->total);
                    snprintf(zeros, sizeof zeros, "0: %s", share);
                }
                SDL_Point zs = gf_text_size(ctx->text, zeros, small, false);
                if (some && (float)zs.x > slot) {   /* a narrow slot: the share alone */
                    snprintf(zeros, sizeof zeros, "%s", share);
                    zs = gf_text_size(ctx->text, zeros, small, false);
                }
                if (!some || (float)zs.x <= slot) {   /* on the panel's colour, over the violin's foot */
                    shares = shares || some;
                    gf_fill(ctx->r, (SDL_Rect){(int)cx - zs.x / 2 - 1, body.y + body.h - zs.y, zs.x + 2, zs.y}, th->panel);
                    gf_text_draw(ctx->text, ctx->r, zeros, small, false, th->muted, (int)cx, body.y + body.h,
                                 GF_ALIGN_CENTER | GF_ALIGN_BOTTOM);
                }
            }
        }
        /* the strip's name over its top left corner, on a backing so the violins never hide it */
        char name[160];
        if (shares)
            snprintf(name, sizeof name, gf_tr(v->lang, "%s · under each, the share exactly 0"), gf_tr(v->lang, names[s]));
        else
            snprintf(name, sizeof name, "%s", gf_tr(v->lang, names[s]));
        SDL_Point size = gf_text_size(ctx->text, name, name_px, true);
        SDL_Color backing = th->panel;
        backing.a = 200;
        gf_fill(ctx->r, (SDL_Rect){body.x + gap / 4, body.y, size.x + gap / 2, size.y}, backing);
        gf_text_draw(ctx->text, ctx->r, name, name_px, true, th->fg, body.x + gap / 2, body.y, 0);
    }

    /* layer numbers under the slots, thinned when crowded, and which end is which */
    char label[16];
    int number_w = gf_text_size(ctx->text, "64", small, false).x + gap / 2;
    int every = 1;
    while ((float)number_w > slot * (float)every)
        every++;
    for (int l = 0; l < n; l++)
        if (l + 1 == n || (l % every == 0 && n - 1 - l >= every)) {
            snprintf(label, sizeof label, "%d", l + 1);
            gf_text_draw(ctx->text, ctx->r, label, small, false, th->muted, (int)((float)plot.x + slot * ((float)l + 0.5f)),
                         plot.y + plot.h, GF_ALIGN_CENTER);
        }
    int y_names = plot.y + plot.h + row_h;
    gf_panel_layer_axis_names(ctx, plot, y_names, small);
}
