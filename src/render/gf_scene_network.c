/* gf_scene_network.c - a run's network as a diagram: one column of nodes
 * per layer, input on the left; every edge coloured by its weight (blue
 * positive, orange negative, stronger for larger |w|) and every node by how
 * large its gradient was in the last step (mean |d loss / d z| over the
 * batch, on a log scale shared by both runs). Wide networks show their
 * first units and deep ones their first and last layers, each saying how
 * many more there are. */
#include "gf_render.h"

#include <math.h>
#include <stdio.h>

#include "gf_draw.h"
#include "gf_i18n.h"

#define MAX_SHOWN 10     /* nodes drawn per layer */
#define MAX_COLUMNS 13   /* layers drawn: deeper networks show their first and last six */

static int shown(int units)
{
    return units <= MAX_SHOWN ? units : MAX_SHOWN - 1;   /* the last slot says "+N" */
}

/* The shown nodes' gradients of both runs: mean |dz| of unit i of weight
 * layer l over the last batch, and the decades they span, so the two
 * diagrams share one colour scale. */
struct node_gradients {
    double mean_abs[GF_SIDES][GF_MAX_LAYERS][MAX_SHOWN];
    double lo, hi;
};

static void measure(const struct gf_view *v, struct node_gradients *ng)
{
    double lo = INFINITY, hi = -INFINITY;
    for (int s = 0; s < GF_SIDES; s++) {
        const struct gf_mlp *net = &v->lab->run[s].net;
        for (int l = 0; l < net->n_layers; l++) {
            int n = net->size[l + 1];
            const float *dz = net->dz + net->z_off[l];
            for (int i = 0; i < shown(n); i++) {
                double sum = 0.0;
                for (int r = 0; r < net->batch; r++)
                    sum += fabs((double)dz[(size_t)r * n + i]);
                double g = net->batch > 0 ? sum / net->batch : 0.0;
                ng->mean_abs[s][l][i] = g;
                if (g > 0.0 && isfinite(g)) {
                    lo = fmin(lo, log10(g));
                    hi = fmax(hi, log10(g));
                }
            }
        }
    }
    if (!isfinite(lo)) {
        lo = -6.0;
        hi = 0.0;
    }
    ng->lo = floor(lo);
    ng->hi = fmax(ceil(hi), ng->lo + 1.0);
}

static void draw_network(const struct gf_ctx *ctx, SDL_Rect area, enum gf_side side, const struct node_gradients *ng)
{
    const struct gf_theme *th = ctx->theme;
    const struct gf_view *v = ctx->view;
    const struct gf_mlp *net = &v->lab->run[side].net;
    SDL_Rect in = gf_panel_frame(ctx, area, gf_tr(v->lang, "weights: blue +, orange − · nodes: gradient |δ|"));
    int small = gf_layout_px(ctx->lay, 18);
    int label_h = gf_text_size(ctx->text, "0", small, false).y;
    SDL_Rect plot = {in.x, in.y + label_h / 2, in.w, in.h - 2 * label_h};
    if (plot.w < 40 || plot.h < 40)
        return;
    /* the layer each column shows; -1 for the gap standing for the layers left out */
    int layer_of[MAX_COLUMNS], columns = 0, layers = net->n_layers + 1;
    for (int c = 0; c < layers; c++) {
        if (layers > MAX_COLUMNS && c == MAX_COLUMNS / 2)
            layer_of[columns++] = -1;
        if (layers <= MAX_COLUMNS || c < MAX_COLUMNS / 2 || c >= layers - MAX_COLUMNS / 2)
            layer_of[columns++] = c;
    }
    float dx = (float)plot.w / (float)columns;
    float max_rows = MAX_SHOWN;
    float dy = (float)plot.h / max_rows;
    float radius = fminf(dx * 0.22f, dy * 0.32f);
    radius = fmaxf(radius, 2.0f);
#define NX(c) ((float)plot.x + dx * ((float)(c) + 0.5f))
#define NY(l, i) ((float)plot.y + (float)plot.h / 2 + dy * ((float)(i) - (float)(shown(net->size[l]) - 1) / 2.0f))

    /* edges first, under the nodes; each weight layer scaled by its own largest |w| */
    SDL_Color pos = th->act[GF_ACT_RELU], neg = th->act[GF_ACT_SIGMOID];
    for (int c = 0; c + 1 < columns; c++) {
        int l = layer_of[c];
        if (l < 0 || layer_of[c + 1] != l + 1)
            continue;   /* next to the gap */
        int n_in = net->size[l], n_out = net->size[l + 1];
        const float *W = gf_mlp_W(net, l);
        float wmax = 0.0f;
        for (int k = 0; k < n_in * n_out; k++)
            wmax = fmaxf(wmax, fabsf(W[k]));
        if (!(wmax > 0.0f) || !isfinite(wmax))
            continue;
        for (int i = 0; i < shown(n_out); i++)
            for (int j = 0; j < shown(n_in); j++) {
                float w = W[(size_t)i * n_in + j];
                float t = fabsf(w) / wmax;
                SDL_Color col = gf_mix(th->panel, w >= 0.0f ? pos : neg, 0.15f + 0.85f * t);
                gf_line(ctx->r, NX(c), NY(l, j), NX(c + 1), NY(l + 1, i), col,
                        fmaxf(1.0f, 1.0f + 3.0f * t * ctx->lay->u), 0.0f);
            }
    }
    /* nodes: inputs plain; the rest filled by gradient size */
    double lo = ng->lo, hi = ng->hi;
    bool counts_fit = gf_text_size(ctx->text, "+256", small, true).x <= (int)dx;
    for (int c = 0; c < columns; c++) {
        int l = layer_of[c];
        char t[48];
        if (l < 0) {   /* the gap: how many layers it stands for */
            snprintf(t, sizeof t, "⋯ %d", layers - (MAX_COLUMNS - 1));
            gf_text_draw(ctx->text, ctx->r, t, small, true, th->muted, (int)NX(c), plot.y + plot.h / 2,
                         GF_ALIGN_CENTER | GF_ALIGN_MIDDLE);
            continue;
        }
        int units = net->size[l];
        for (int i = 0; i < shown(units); i++) {
            SDL_Color fill = th->muted;
            if (l > 0) {
                double g = ng->mean_abs[side][l - 1][i];
                fill = g > 0.0 && isfinite(g) ? gf_heat_color((float)((log10(g) - lo) / (hi - lo))) : th->bg;
            }
            gf_disc(ctx->r, NX(c), NY(l, i), radius + fmaxf(1.0f, 2.0f * ctx->lay->u), th->fg);
            gf_disc(ctx->r, NX(c), NY(l, i), radius, fill);
        }
        if (units > shown(units) && counts_fit) {
            snprintf(t, sizeof t, "+%d", units - shown(units));
            gf_text_draw(ctx->text, ctx->r, t, small, true, th->fg, (int)NX(c), (int)NY(l, shown(units)),
                         GF_ALIGN_CENTER | GF_ALIGN_MIDDLE);
        }
    }
    /* which column is which, when there is room to say it */
    const char *names[3] = {gf_tr(v->lang, "input"), gf_tr(v->lang, "hidden layers"), gf_tr(v->lang, "output")};
    int y = plot.y + plot.h + label_h / 2;
    gf_text_draw(ctx->text, ctx->r, names[0], small, false, th->muted, (int)NX(0), y, GF_ALIGN_CENTER);
    gf_text_draw(ctx->text, ctx->r, names[2], small, false, th->muted, (int)NX(columns - 1), y, GF_ALIGN_CENTER);
    if (columns > 2)
        gf_text_draw(ctx->text, ctx->r, names[1], small, false, th->muted, (int)((NX(1) + NX(columns - 2)) / 2), y,
                     GF_ALIGN_CENTER);
    /* the colour scale of the nodes, in the title row at the right */
    int key_y = area.y + (in.y - area.y) / 2;
    int x = area.x + area.w - ctx->lay->gap;
    /* the scale's ends as the axes write decades: the exponent at 3/4 of the label's size, readable */
    SDL_Rect r = gf_decade_draw(ctx, (int)hi, small, th->muted, x, key_y, GF_ALIGN_RIGHT | GF_ALIGN_MIDDLE);
    int bar_w = gf_layout_len(ctx->lay, 90), bar_h = gf_layout_len(ctx->lay, 12);
    for (int k = 0; k < bar_w; k++)
        gf_fill(ctx->r, (SDL_Rect){r.x - 4 - bar_w + k, key_y - bar_h / 2, 1, bar_h}, gf_heat_color((float)k / (float)bar_w));
    gf_decade_draw(ctx, (int)lo, small, th->muted, r.x - 8 - bar_w, key_y, GF_ALIGN_RIGHT | GF_ALIGN_MIDDLE);
#undef NX
#undef NY
}

void gf_scene_networks(const struct gf_ctx *ctx, const SDL_Rect area[GF_SIDES])
{
    struct node_gradients ng;
    measure(ctx->view, &ng);
    for (int s = 0; s < GF_SIDES; s++)
        draw_network(ctx, area[s], (enum gf_side)s, &ng);
}
