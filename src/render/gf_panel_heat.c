/* gf_panel_heat.c - one run's gradient RMS per weight layer over its whole
 * history, as a heat map: time runs left to right, the input layer sits at
 * the bottom and the output layer at the top. Both columns share one log10
 * colour scale, so a sigmoid run's lower layers fading to dark next to a
 * ReLU run's evenly lit ones is a fair comparison, not an artefact of two
 * scales. */
#include "gf_panel.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "gf_draw.h"

/* A log10 colour scale in whole decades: 10^lo is the darkest colour, 10^hi the brightest. */
struct heat_scale {
    int lo, hi;
};

/* Where the parts of the panel go inside its frame. */
struct heat_geometry {
    SDL_Rect cells;     /* the map itself */
    SDL_Rect bar;       /* the legend's colour bar */
    int label_px;       /* font size of every label */
    int label_h;        /* height of a line of labels */
    int decade_step;    /* label every decade_step-th decade on the legend */
};


static void widen_to_history(const struct gf_history *h, float *smallest, float *largest)
{
    for (int i = 0; i < h->count; i++) {
        for (int l = 0; l < h->n_layers; l++) {
            float v = gf_history_layer(h, i, l)->v[GF_METRIC_GRAD_RMS];
            if (v > 0.0f && isfinite(v)) {
                if (v < *smallest)
                    *smallest = v;
                if (v > *largest)
                    *largest = v;
            }
        }
    }
}

/* One scale over both runs' whole histories, so the two maps compare. At
 * least three decades wide, widened downward like the bars' axis: a short
 * range would stretch noise into stripes. */
static struct heat_scale shared_heat_scale(const struct gf_lab *lab)
{
    float smallest = INFINITY, largest = -INFINITY;
    for (int s = 0; s < GF_SIDES; s++)
        widen_to_history(&lab->run[s].history, &smallest, &largest);
    if (!isfinite(smallest))
        return (struct heat_scale){-6, 0};
    struct heat_scale sc = {(int)floor(log10(smallest)), (int)ceil(log10(largest))};
    if (sc.hi <= sc.lo)
        sc.hi = sc.lo + 1;
    while (sc.hi - sc.lo < 3)
        sc.lo--;
    return sc;
}

/* ARGB8888 as a native Uint32, the layout of the texture's pixels. */
static Uint32 pack_argb(SDL_Color c)
{
    return (Uint32)0xff << 24 | (Uint32)c.r << 16 | (Uint32)c.g << 8 | (Uint32)c.b;
}

/* The colour scale sampled finely enough that neighbouring entries differ
 * by at most a few levels per channel: a table lookup per cell instead of
 * an interpolation, which matters at 33 000 cells a frame. */
#define HEAT_LEVELS 512

struct heat_palette {
    const Uint32 *level;    /* HEAT_LEVELS colours, the same for every palette */
    Uint32 not_finite;   /* the step that diverged: NaN or Inf gradients */
    float lo, per_decade;   /* level = (log10(v) - lo) * per_decade */
};

static void make_palette(struct heat_palette *p, struct heat_scale sc, const struct gf_theme *th)
{
    static Uint32 level[HEAT_LEVELS];   /* the scale never changes: sampled on first use */
    if (!level[HEAT_LEVELS - 1])
        for (int i = 0; i < HEAT_LEVELS; i++)
            level[i] = pack_argb(gf_heat_color((float)i / (HEAT_LEVELS - 1)));
    p->level = level;
    p->not_finite = pack_argb(th->warn);
    p->lo = (float)sc.lo;
    p->per_decade = (float)(HEAT_LEVELS - 1) / (float)(sc.hi - sc.lo);
}

static Uint32 cell_colour(const struct heat_palette *p, float v)
{
    if (!isfinite(v))
        return p->not_finite;
    if (v <= 0.0f)
        return p->level[0];   /* an exactly zero gradient: as dark as the scale goes */
    float level = (log10f(v) - p->lo) * p->per_decade + 0.5f;
    if (level <= 0.0f)
        return p->level[0];
    if (level >= (float)(HEAT_LEVELS - 1))
        return p->level[HEAT_LEVELS - 1];
    return p->level[(int)level];
}

/* Writes the history into a count x n_layers texture's pixels, one texel per
 * (sample, layer), output layer in the top row. */
static void fill_cells(void *pixels, int pitch, const struct gf_history *h, struct heat_scale sc,
                       const struct gf_theme *th)
{
    struct heat_palette palette;
    make_palette(&palette, sc, th);
    for (int row = 0; row < h->n_layers; row++) {
        int layer = h->n_layers - 1 - row;
        Uint32 *line = (Uint32 *)((Uint8 *)pixels + (size_t)row * (size_t)pitch);
        for (int i = 0; i < h->count; i++)
            line[i] = cell_colour(&palette, gf_history_layer(h, i, layer)->v[GF_METRIC_GRAD_RMS]);
    }
}

/* Draws the cells by stretching an image of the history over them. Nearest
 * scaling keeps every sample a crisp block when there are fewer samples than
 * pixels, and picks the nearest sample per pixel column when there are more;
 * either way it is one copy instead of up to 33 000 rectangles. */
static void draw_cells(const struct gf_ctx *ctx, SDL_Rect cells, const struct gf_history *h, struct heat_scale sc)
{
    Uint32 *pixels = SDL_malloc((size_t)h->count * (size_t)h->n_layers * sizeof *pixels);
    if (!pixels) {
        SDL_LogError(SDL_LOG_CATEGORY_RENDER, "out of memory for the heat map");
        return;
    }
    fill_cells(pixels, h->count * (int)sizeof *pixels, h, sc, ctx->theme);
    gf_image(ctx->r, pixels, h->count, h->n_layers, cells, false, "heat map");
    SDL_free(pixels);
}

static int widest_decade_label(const struct gf_ctx *ctx, struct heat_scale sc, int step, int px)
{
    int widest = 0;
    for (int d = sc.lo; d <= sc.hi; d++) {
        if (!gf_decade_labelled(d, step))
            continue;
        SDL_Point size = gf_decade_size(ctx, d, px);
        if (size.x > widest)
            widest = size.x;
    }
    return widest;
}

static struct heat_geometry layout_heat(const struct gf_ctx *ctx, SDL_Rect inner, struct heat_scale sc)
{
    struct heat_geometry g;
    g.label_px = gf_layout_px(ctx->lay, 18);
    g.label_h = gf_decade_size(ctx, -10, g.label_px).y;   /* the tallest label: a decade, its exponent raised */
    int gap = gf_layout_len(ctx->lay, 8);

    /* Vertically: half a line above the cells so the top decade label is not
     * clipped, one line below for the step numbers. */
    int top = inner.y + g.label_h / 2;
    int bottom = inner.y + inner.h - g.label_h - gap / 2;
    int cells_h = bottom - top;
    g.decade_step = gf_decade_label_step(sc.hi - sc.lo, cells_h, g.label_h);

    /* Horizontally: "input"/"output" on the left, the legend on the right. */
    int left_w = gf_text_size(ctx->text, gf_tr(ctx->view->lang, "output"), g.label_px, false).x;
    int input_w = gf_text_size(ctx->text, gf_tr(ctx->view->lang, "input"), g.label_px, false).x;
    if (input_w > left_w)
        left_w = input_w;
    int bar_w = gf_layout_len(ctx->lay, 16);
    int tick = gf_layout_len(ctx->lay, 6);
    int legend_w = bar_w + tick + gap / 2 + widest_decade_label(ctx, sc, g.decade_step, g.label_px);

    int cells_x = inner.x + left_w + gap;
    int cells_right = inner.x + inner.w - legend_w - 2 * gap;
    g.cells = (SDL_Rect){cells_x, top, cells_right - cells_x, cells_h};
    g.bar = (SDL_Rect){cells_right + 2 * gap, top, bar_w, cells_h};
    return g;
}

/* The colour bar, one row of pixels at a time (a few dozen fills), with a
 * tick and a label per shown decade. */
static void draw_legend(const struct gf_ctx *ctx, const struct heat_geometry *g, struct heat_scale sc)
{
    const struct gf_theme *th = ctx->theme;
    SDL_Rect bar = g->bar;
    if (bar.h < 2)
        return;
    for (int y = 0; y < bar.h; y++) {
        float t = 1.0f - ((float)y + 0.5f) / (float)bar.h;   /* brightest at the top */
        gf_fill(ctx->r, (SDL_Rect){bar.x, bar.y + y, bar.w, 1}, gf_heat_color(t));
    }
    gf_outline(ctx->r, bar, th->border, 1);

    int tick = gf_layout_len(ctx->lay, 6);
    for (int d = sc.lo; d <= sc.hi; d++) {
        if (!gf_decade_labelled(d, g->decade_step))
            continue;
        int y = bar.y + (int)lround((double)(sc.hi - d) / (sc.hi - sc.lo) * (bar.h - 1));
        gf_fill(ctx->r, (SDL_Rect){bar.x + bar.w, y, tick, 1}, th->muted);
        gf_decade_draw(ctx, d, g->label_px, th->muted, bar.x + bar.w + tick + gf_layout_len(ctx->lay, 4), y,
                       GF_ALIGN_MIDDLE);
    }
}

/* "output" at the top and "input" at the bottom of the rows, and the steps
 * the time axis spans at its two ends. */
static void draw_axis_labels(const struct gf_ctx *ctx, const struct heat_geometry *g, int64_t last_step)
{
    const struct gf_theme *th = ctx->theme;
    SDL_Rect c = g->cells;
    int gap = gf_layout_len(ctx->lay, 8);
    int px = g->label_px;
    /* both ends named, smaller on a short map (never under the smallest
       size); on one too short even for that, only the input's */
    int ends_px = px, label_h = g->label_h;
    while (c.h < 2 * label_h && ends_px > ctx->lay->min_px)
        label_h = gf_text_size(ctx->text, "input", --ends_px, false).y;
    gf_text_draw(ctx->text, ctx->r, gf_tr(ctx->view->lang, "input"), ends_px, false, th->muted, c.x - gap, c.y + c.h,
                 GF_ALIGN_RIGHT | GF_ALIGN_BOTTOM);
    if (c.h >= 2 * label_h)
        gf_text_draw(ctx->text, ctx->r, gf_tr(ctx->view->lang, "output"), ends_px, false, th->muted, c.x - gap, c.y,
                     GF_ALIGN_RIGHT);

    char right[48];
    snprintf(right, sizeof right, gf_tr(ctx->view->lang, "step %lld"), (long long)last_step);
    int y = c.y + c.h + gap / 2;
    SDL_Rect drawn = gf_text_draw(ctx->text, ctx->r, right, px, false, th->muted, c.x + c.w, y, GF_ALIGN_RIGHT);
    const char *start = gf_tr(ctx->view->lang, "step 0");
    if (gf_text_size(ctx->text, start, px, false).x + gap < drawn.x - c.x)
        gf_text_draw(ctx->text, ctx->r, start, px, false, th->muted, c.x, y, 0);
}

void gf_panel_heat(const struct gf_ctx *ctx, SDL_Rect area, enum gf_side side)
{
    const struct gf_history *h = &ctx->view->lab->run[side].history;
    SDL_Rect inner = gf_panel_frame(ctx, area, gf_tr(ctx->view->lang, "gradient RMS per layer over time"));
    if (inner.w <= 0 || inner.h <= 0)
        return;
    gf_clip(ctx->r, &inner);

    if (h->count == 0 || h->n_layers == 0) {
        gf_text_draw(ctx->text, ctx->r, gf_tr(ctx->view->lang, "starts with the first step"),
                     gf_layout_px(ctx->lay, 21), false, ctx->theme->muted, inner.x + inner.w / 2, inner.y + inner.h / 2,
                     GF_ALIGN_CENTER | GF_ALIGN_MIDDLE);
        gf_clip(ctx->r, NULL);
        return;
    }

    struct heat_scale sc = shared_heat_scale(ctx->view->lab);
    struct heat_geometry g = layout_heat(ctx, inner, sc);
    if (g.cells.w > 0 && g.cells.h > 0) {
        draw_cells(ctx, g.cells, h, sc);
        draw_axis_labels(ctx, &g, h->step[h->count - 1]);
        draw_legend(ctx, &g, sc);
    }
    gf_clip(ctx->r, NULL);
}
