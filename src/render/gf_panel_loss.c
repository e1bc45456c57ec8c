/* gf_panel_loss.c - both runs' training loss over steps on one chart with a
 * log10 axis: the lesson's payoff, where the run whose gradients vanish is
 * seen to stall while the other one learns. Each run's line has its
 * activation's colour, as everywhere else in the window. */
#include "gf_panel.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

#include "gf_draw.h"

/* The loss axis is clamped to [10^-6, 10^3]: a diverging run's loss would
 * otherwise stretch the axis until the healthy run's line is flat. */
#define LOSS_DECADE_MIN (-6)
#define LOSS_DECADE_MAX 3

/* Where the chart draws, and what its axes span. */
struct loss_chart {
    SDL_Rect plot;
    int lo, hi;          /* log10 of the loss at the bottom and top, whole decades */
    int64_t last_step;   /* step at the right edge */
    int label_px, label_h;
    float thickness;     /* of the runs' lines */
};

static bool any_history(const struct gf_lab *lab)
{
    for (int s = 0; s < GF_SIDES; s++)
        if (lab->run[s].history.count > 0)
            return true;
    return false;
}

/* The decades the finite, positive losses of both runs span, within the clamp,
 * at least one decade apart. */
static void loss_range(const struct gf_lab *lab, int *lo, int *hi)
{
    double smallest = INFINITY, largest = -INFINITY;
    for (int s = 0; s < GF_SIDES; s++) {
        const struct gf_history *h = &lab->run[s].history;
        for (int i = 0; i < h->count; i++) {
            double v = h->loss[i];
            if (v > 0.0 && isfinite(v)) {
                smallest = fmin(smallest, v);
                largest = fmax(largest, v);
            }
        }
    }
    if (!isfinite(smallest)) {
        *lo = -2;
        *hi = 1;
        return;
    }
    *lo = (int)floor(log10(smallest));
    *hi = (int)ceil(log10(largest));
    if (*lo < LOSS_DECADE_MIN)
        *lo = LOSS_DECADE_MIN;
    if (*hi > LOSS_DECADE_MAX)
        *hi = LOSS_DECADE_MAX;
    if (*lo > LOSS_DECADE_MAX - 1)
        *lo = LOSS_DECADE_MAX - 1;
    if (*hi <= *lo)
        *hi = *lo + 1;
}

static int64_t last_step_of_both(const struct gf_lab *lab)
{
    int64_t last = 0;
    for (int s = 0; s < GF_SIDES; s++) {
        const struct gf_history *h = &lab->run[s].history;
        if (h->count > 0 && h->step[h->count - 1] > last)
            last = h->step[h->count - 1];
    }
    return last;
}


static float x_of_step(const struct loss_chart *c, int64_t step)
{
    return (float)c->plot.x + (float)((double)step / (double)c->last_step * (c->plot.w - 1));
}

/* y of a loss; values off the axis stick to its edges so a diverging run
 * visibly hits the top. */
static float y_of_loss(const struct loss_chart *c, double loss)
{
    double e = loss > 0.0 ? log10(loss) : c->lo;
    double t = (e - c->lo) / (c->hi - c->lo);
    t = t < 0.0 ? 0.0 : t > 1.0 ? 1.0 : t;
    return (float)c->plot.y + (float)((1.0 - t) * (c->plot.h - 1));
}

static void layout_chart(const struct gf_ctx *ctx, SDL_Rect inner, struct loss_chart *c, int *decade_step)
{
    const struct gf_lab *lab = ctx->view->lab;
    c->label_px = gf_layout_px(ctx->lay, 18);
    c->label_h = gf_decade_size(ctx, -10, c->label_px).y;   /* the tallest label: a decade, its exponent raised */
    c->thickness = fmaxf(2.0f, 3.0f * ctx->lay->u);
    c->last_step = last_step_of_both(lab);
    if (c->last_step < 1)
        c->last_step = 1;
    loss_range(lab, &c->lo, &c->hi);

    int gap = gf_layout_len(ctx->lay, 8);
    /* Room above the plot for the top decade label (centred on the top edge;
     * the line's empty ascent may clip), and a line below for the step
     * numbers, a gap clear of the bottom decade label. */
    int top = inner.y + c->label_h * 2 / 5;
    int bottom = inner.y + inner.h - c->label_h - gap;
    *decade_step = gf_decade_label_step(c->hi - c->lo, bottom - top, c->label_h);

    /* "step" names the step axis, below the decades */
    int gutter = gf_text_size(ctx->text, gf_tr(ctx->view->lang, "step"), c->label_px, false).x;
    for (int d = c->lo; d <= c->hi; d++) {
        int w = gf_decade_size(ctx, d, c->label_px).x;
        if (gf_decade_labelled(d, *decade_step) && w > gutter)
            gutter = w;
    }
    gutter += gap;
    c->plot = (SDL_Rect){inner.x + gutter, top, inner.w - gutter - gap, bottom - top};
}

static void draw_decades(const struct gf_ctx *ctx, const struct loss_chart *c, int decade_step)
{
    const struct gf_theme *th = ctx->theme;
    for (int d = c->lo; d <= c->hi; d++) {
        int y = (int)lroundf(y_of_loss(c, pow(10.0, d)));
        gf_fill(ctx->r, (SDL_Rect){c->plot.x, y, c->plot.w, 1}, th->grid);
        if (!gf_decade_labelled(d, decade_step))
            continue;
        gf_decade_draw(ctx, d, c->label_px, th->muted, c->plot.x - gf_layout_len(ctx->lay, 8), y,
                       GF_ALIGN_RIGHT | GF_ALIGN_MIDDLE);
    }
}

/* How far the ticks' count falls outside the four to six wanted. */
static int64_t tick_count_miss(int64_t last_step, int64_t spacing)
{
    int64_t n = last_step / spacing;
    return n < 4 ? 4 - n : n > 6 ? n - 6 : 0;
}

/* A round tick spacing (1, 2, 2.5, 4 or 5 times a power of ten) giving four
 * to six ticks after 0 where one exists, the wider on a tie; widened while
 * the labels would touch. */
static int64_t tick_spacing(const struct gf_ctx *ctx, const struct loss_chart *c)
{
    static const double multiples[] = {1.0, 2.0, 2.5, 4.0, 5.0};
    int64_t best = 1;
    for (double magnitude = 1.0; magnitude <= (double)c->last_step; magnitude *= 10.0) {
        for (size_t i = 0; i < sizeof multiples / sizeof multiples[0]; i++) {
            double exact = multiples[i] * magnitude;
            if (exact != floor(exact))
                continue;   /* 2.5 steps: ticks must be whole steps */
            int64_t spacing = (int64_t)exact;
            if (tick_count_miss(c->last_step, spacing) <= tick_count_miss(c->last_step, best))
                best = spacing;
        }
    }
    char widest[32];
    snprintf(widest, sizeof widest, "%lld", (long long)c->last_step);
    int needed = gf_text_size(ctx->text, widest, c->label_px, false).x + 2 * gf_layout_len(ctx->lay, 16);
    while (best < c->last_step && (double)best / (double)c->last_step * c->plot.w < needed)
        best *= 2;
    return best;
}

/* Step ticks along the bottom with faint gridlines. "step" sits left of the
 * corner, so the axis reads "step 0 ... 1000 ... 2000"; a label that would
 * touch its neighbour is left out. */
static void draw_step_ticks(const struct gf_ctx *ctx, const struct loss_chart *c)
{
    const struct gf_theme *th = ctx->theme;
    int gap = gf_layout_len(ctx->lay, 8);
    int y = c->plot.y + c->plot.h + gap;
    gf_text_draw(ctx->text, ctx->r, gf_tr(ctx->view->lang, "step"), c->label_px, false, th->muted, c->plot.x - gap, y,
                 GF_ALIGN_RIGHT);
    int64_t spacing = tick_spacing(ctx, c);
    int free_from = c->plot.x;
    int right_end = c->plot.x + c->plot.w + gap;   /* the inner area's right edge */
    for (int64_t s = 0; s <= c->last_step; s += spacing) {
        int x = (int)lroundf(x_of_step(c, s));
        if (s > 0)
            gf_fill(ctx->r, (SDL_Rect){x, c->plot.y, 1, c->plot.h}, th->grid);
        char label[32];
        snprintf(label, sizeof label, "%lld", (long long)s);
        int w = gf_text_size(ctx->text, label, c->label_px, false).x;
        int left = s == 0 ? x : x - w / 2;   /* 0 sits at the corner, the rest centred */
        if (left + w > right_end)
            left = right_end - w;
        if (left < free_from)
            continue;
        gf_text_draw(ctx->text, ctx->r, label, c->label_px, false, th->muted, left, y, 0);
        free_from = left + w + 2 * gap;
    }
}

/* The right run is dashed when both share a colour, so neither hides the other. */
static float dash_of(const struct gf_ctx *ctx, enum gf_side side)
{
    const struct gf_lab *lab = ctx->view->lab;
    bool same = lab->run[GF_LEFT].cfg.act == lab->run[GF_RIGHT].cfg.act;
    return same && side == GF_RIGHT ? (float)gf_layout_len(ctx->lay, 12) : 0.0f;
}

static SDL_Color colour_of(const struct gf_ctx *ctx, enum gf_side side)
{
    return ctx->theme->act[ctx->view->lab->run[side].cfg.act];
}

/* A diverged run's line ends in a warning cross where its loss was last finite. */
static void draw_divergence_mark(const struct gf_ctx *ctx, const struct loss_chart *c, const struct gf_run *run)
{
    const struct gf_history *h = &run->history;
    float x = x_of_step(c, run->diverged_at), y = (float)c->plot.y;
    for (int i = h->count - 1; i >= 0; i--) {
        if (isfinite(h->loss[i])) {
            x = x_of_step(c, h->step[i]);
            y = y_of_loss(c, h->loss[i]);
            break;
        }
    }
    float arm = (float)gf_layout_len(ctx->lay, 9), t = c->thickness;
    gf_line(ctx->r, x - arm, y - arm, x + arm, y + arm, ctx->theme->warn, t, 0.0f);
    gf_line(ctx->r, x - arm, y + arm, x + arm, y - arm, ctx->theme->warn, t, 0.0f);
}

static void draw_run(const struct gf_ctx *ctx, const struct loss_chart *c, enum gf_side side)
{
    const struct gf_run *run = &ctx->view->lab->run[side];
    const struct gf_history *h = &run->history;
    SDL_Color colour = colour_of(ctx, side);
    float dash = dash_of(ctx, side);
    /* The mark goes under the line, so a run that diverged after one sample
     * still shows its colour at the centre of the cross. */
    if (run->diverged_at > 0)
        draw_divergence_mark(ctx, c, run);

    /* Non-finite losses become non-finite points, which break the line. The
     * history never holds more than GF_HISTORY_SAMPLES; a longer one would be
     * drawn in chunks that share their end points. */
    SDL_FPoint pts[GF_HISTORY_SAMPLES];
    for (int start = 0; start < h->count; start += GF_HISTORY_SAMPLES - 1) {
        int n = h->count - start < GF_HISTORY_SAMPLES ? h->count - start : GF_HISTORY_SAMPLES;
        for (int i = 0; i < n; i++) {
            double loss = h->loss[start + i];
            pts[i] = isfinite(loss) ? (SDL_FPoint){x_of_step(c, h->step[start + i]), y_of_loss(c, loss)}
                                    : (SDL_FPoint){NAN, NAN};
        }
        gf_polyline(ctx->r, pts, n, colour, c->thickness, dash);
        if (n < GF_HISTORY_SAMPLES)
            break;
    }
    /* A finite sample between breaks (the very first one, or the last before
     * a divergence) has no segment to show it: give it a dot. */
    for (int i = 0; i < h->count; i++) {
        bool alone = isfinite(h->loss[i]) && (i == 0 || !isfinite(h->loss[i - 1])) &&
                     (i == h->count - 1 || !isfinite(h->loss[i + 1]));
        if (alone)
            gf_disc(ctx->r, x_of_step(c, h->step[i]), y_of_loss(c, h->loss[i]), c->thickness, colour);
    }
}

/* The key sits in the panel's title row, right-aligned, so it never hides a
 * line: a stroke in each run's colour (dashed as its line is) and its name. */
static void draw_legend(const struct gf_ctx *ctx, SDL_Rect area, int title_bottom, float thickness)
{
    const struct gf_theme *th = ctx->theme;
    int px = gf_layout_px(ctx->lay, 20);
    int gap = gf_layout_len(ctx->lay, 8), stroke = gf_layout_len(ctx->lay, 36), between = gf_layout_len(ctx->lay, 24);
    int y = (area.y + title_bottom) / 2;
    int x = area.x + area.w - gap;
    enum gf_lang lang = ctx->view->lang;
    char names[GF_SIDES][128];
    for (int s = 0; s < GF_SIDES; s++)   /* compact, with the remedies: two sigmoid runs must still be told apart */
        gf_render_run_name(names[s], sizeof names[s], &ctx->view->lab->run[s].cfg, true, lang);
    if (strcmp(names[GF_LEFT], names[GF_RIGHT]) == 0)   /* the same name: then the runs differ in their init */
        for (int s = 0; s < GF_SIDES; s++) {
            const struct gf_run_config *rc = &ctx->view->lab->run[s].cfg;
            size_t used = strlen(names[s]);
            snprintf(names[s] + used, sizeof names[s] - used, " · %s", gf_init_id(gf_init_resolve(rc->init, rc->act)));
        }
    for (int s = GF_SIDES - 1; s >= 0; s--) {   /* drawn right to left */
        char name[160];
        const char *run_name = names[s];
        snprintf(name, sizeof name, gf_tr(lang, s == GF_LEFT ? "left: %s" : "right: %s"), run_name);
        SDL_Rect t = gf_text_draw(ctx->text, ctx->r, name, px, false, th->fg, x, y, GF_ALIGN_RIGHT | GF_ALIGN_MIDDLE);
        float dash = dash_of(ctx, (enum gf_side)s);
        gf_line(ctx->r, (float)(t.x - gap - stroke), (float)y, (float)(t.x - gap), (float)y,
                colour_of(ctx, (enum gf_side)s), thickness, dash > 0.0f ? (float)stroke / 5.0f : 0.0f);
        x = t.x - gap - stroke - between;
    }
}

void gf_panel_loss(const struct gf_ctx *ctx, SDL_Rect area)
{
    SDL_Rect inner = gf_panel_frame(ctx, area, gf_tr(ctx->view->lang, "loss (both runs, log scale)"));
    if (inner.w <= 0 || inner.h <= 0)
        return;
    gf_clip(ctx->r, &inner);

    if (!any_history(ctx->view->lab)) {
        gf_text_draw(ctx->text, ctx->r, gf_tr(ctx->view->lang, "starts with the first step"),
                     gf_layout_px(ctx->lay, 21), false, ctx->theme->muted, inner.x + inner.w / 2, inner.y + inner.h / 2,
                     GF_ALIGN_CENTER | GF_ALIGN_MIDDLE);
        gf_clip(ctx->r, NULL);
        return;
    }

    struct loss_chart c;
    int decade_step;
    layout_chart(ctx, inner, &c, &decade_step);
    if (c.plot.w > 1 && c.plot.h > 1) {
        gf_clip(ctx->r, &area);   /* a top label's raised exponent may reach into the title's row */
        draw_decades(ctx, &c, decade_step);
        gf_clip(ctx->r, &inner);
        draw_step_ticks(ctx, &c);
        for (int s = 0; s < GF_SIDES; s++)
            draw_run(ctx, &c, (enum gf_side)s);
    }
    gf_clip(ctx->r, NULL);
    draw_legend(ctx, area, inner.y, c.thickness);
}
