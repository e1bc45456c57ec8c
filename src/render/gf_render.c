/* gf_render.c - the frame: title bar, column headers, panels, loss chart,
 * footer and the help overlay. */
#include "gf_render.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gf_draw.h"
#include "gf_help.h"

void gf_format_value(char *buf, size_t n, double v)
{
    double a = fabs(v);
    if (!isfinite(v))
        snprintf(buf, n, "%s", isnan(v) ? "NaN" : v > 0 ? "∞" : "−∞");
    else if (a == 0.0)
        snprintf(buf, n, "0");
    else if (a < 1e-3 || a >= 1e5)
        snprintf(buf, n, "%.1e", v);
    else if (a < 1.0)
        snprintf(buf, n, "%.3g", v);
    else
        snprintf(buf, n, "%.3g", v);
}

SDL_Rect gf_panel_frame(const struct gf_ctx *ctx, SDL_Rect area, const char *title)
{
    const struct gf_theme *th = ctx->theme;
    gf_fill(ctx->r, area, th->panel);
    gf_outline(ctx->r, area, th->border, 1);
    int pad = gf_layout_px(ctx->lay, 8);
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
    if (*hi <= *lo)
        *hi = *lo + 1;
    while (*hi - *lo < 3)
        (*lo)--;
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

    char settings[256];
    snprintf(settings, sizeof settings, "%s · %d hidden × %d · %s · init %s · %s · lr %g · batch %d · seed %llu",
             gf_dataset_info(c->dataset)->id, c->depth, c->width, gf_head_info(gf_lab_config_head(c))->id,
             gf_init_id(c->init), gf_opt_id(c->optimizer), (double)c->lr, c->batch, (unsigned long long)c->seed);
    gf_text_draw(ctx->text, ctx->r, settings, gf_layout_px(ctx->lay, 23), false, th->fg, name.x + name.w + pad * 2,
                 y, GF_ALIGN_MIDDLE);

    char status[96];
    long long step = (long long)(v->lab->run[0].step > v->lab->run[1].step ? v->lab->run[0].step
                                                                             : v->lab->run[1].step);
    if (v->paused)
        snprintf(status, sizeof status, "step %lld · paused", step);
    else
        snprintf(status, sizeof status, "step %lld · %.0f steps/s", step, v->measured_steps_per_second);
    gf_text_draw(ctx->text, ctx->r, status, px, true, v->paused ? th->warn : th->fg, a.x + a.w - pad, y,
                 GF_ALIGN_RIGHT | GF_ALIGN_MIDDLE);
}

static void draw_header(const struct gf_ctx *ctx, enum gf_side side)
{
    const struct gf_view *v = ctx->view;
    const struct gf_run *run = &v->lab->run[side];
    const struct gf_theme *th = ctx->theme;
    const struct gf_column_layout *col = &ctx->lay->col[side];
    SDL_Rect a = col->header;
    SDL_Color colour = th->act[run->cfg.act];
    bool focused = v->focus == side;

    gf_fill(ctx->r, a, th->panel);
    /* A thick bar in the run's colour on the left; the focused run's header is framed. */
    int bar = gf_layout_px(ctx->lay, 10);
    gf_fill(ctx->r, (SDL_Rect){a.x, a.y, bar, a.h}, colour);
    if (focused)
        gf_outline(ctx->r, a, th->focus, gf_layout_px(ctx->lay, 3));
    else
        gf_outline(ctx->r, a, th->border, 1);

    int pad = ctx->lay->gap;
    int y = a.y + a.h / 2;
    const struct gf_act_info *info = gf_act_info(run->cfg.act);
    char name[96];
    if (run->cfg.act == GF_ACT_LEAKY_RELU)
        snprintf(name, sizeof name, "%s (a = %g)", info->name_en, (double)run->cfg.alpha);
    else
        snprintf(name, sizeof name, "%s", info->name_en);
    SDL_Rect t = gf_text_draw(ctx->text, ctx->r, name, gf_layout_px(ctx->lay, 34), true, colour, a.x + bar + pad, y,
                              GF_ALIGN_MIDDLE);
    char sub[96];
    snprintf(sub, sizeof sub, "%s · init %s", side == GF_LEFT ? "left" : "right",
             gf_init_id(gf_init_resolve(run->cfg.init, run->cfg.act)));
    SDL_Rect t2 = gf_text_draw(ctx->text, ctx->r, sub, gf_layout_px(ctx->lay, 20), false, th->muted,
                               t.x + t.w + pad, y, GF_ALIGN_MIDDLE);
    if (focused)
        gf_text_draw(ctx->text, ctx->r, "◀ keys act here", gf_layout_px(ctx->lay, 20), true, th->fg,
                     t2.x + t2.w + pad, y, GF_ALIGN_MIDDLE);

    char score[96];
    double acc = v->data_accuracy[side];
    if (isnan(acc))
        snprintf(score, sizeof score, "loss %.4f", v->data_loss[side]);
    else
        snprintf(score, sizeof score, "loss %.3f · accuracy %.0f%%", v->data_loss[side], 100.0 * acc);
    gf_text_draw(ctx->text, ctx->r, score, gf_layout_px(ctx->lay, 24), false, th->fg, a.x + a.w - pad, y,
                 GF_ALIGN_RIGHT | GF_ALIGN_MIDDLE);
}

/* A diverged run's column says so over its panels, plainly. */
static void draw_diverged(const struct gf_ctx *ctx, enum gf_side side)
{
    const struct gf_run *run = &ctx->view->lab->run[side];
    if (!run->diverged_at)
        return;
    const struct gf_theme *th = ctx->theme;
    const struct gf_column_layout *col = &ctx->lay->col[side];
    int top = col->curve.y, bottom = col->heat.y + col->heat.h;
    int box_h = gf_layout_px(ctx->lay, 150);
    SDL_Rect box = {col->column.x + ctx->lay->gap, top + (bottom - top - box_h) / 2,
                    col->column.w - 2 * ctx->lay->gap, box_h};
    SDL_Color bg = th->overlay;
    gf_fill(ctx->r, box, bg);
    gf_outline(ctx->r, box, th->warn, gf_layout_px(ctx->lay, 3));
    char line[96];
    snprintf(line, sizeof line, "diverged at step %lld", (long long)run->diverged_at);
    int cx = box.x + box.w / 2;
    gf_text_draw(ctx->text, ctx->r, line, gf_layout_px(ctx->lay, 40), true, th->warn, cx, box.y + box.h / 3,
                 GF_ALIGN_CENTER | GF_ALIGN_MIDDLE);
    gf_text_draw(ctx->text, ctx->r, "learning rate too high — press ↓ to lower it, R to restart",
                 gf_layout_px(ctx->lay, 24), false, th->fg, cx, box.y + box.h * 2 / 3, GF_ALIGN_CENTER | GF_ALIGN_MIDDLE);
}

static void draw_footer(const struct gf_ctx *ctx)
{
    const struct gf_theme *th = ctx->theme;
    SDL_Rect a = ctx->lay->footer;
    gf_fill(ctx->r, a, th->panel);
    gf_fill(ctx->r, (SDL_Rect){a.x, a.y, a.w, 1}, th->border);
    /* A note about the last action (a limit reached, ...) takes the footer for a moment. */
    const char *note = ctx->view->note;
    bool has_note = note && *note;
    gf_text_draw(ctx->text, ctx->r, has_note ? note : gf_help_footer(), gf_layout_px(ctx->lay, 22), has_note,
                 has_note ? th->warn : th->fg, a.x + a.w / 2, a.y + a.h / 2, GF_ALIGN_CENTER | GF_ALIGN_MIDDLE);
}

static void draw_help(const struct gf_ctx *ctx)
{
    const struct gf_theme *th = ctx->theme;
    const struct gf_layout *lay = ctx->lay;
    int n = gf_help_count();
    int px = gf_layout_px(lay, 26);
    int line = px * 3 / 2;
    int rows = (n + 1) / 2;
    int title_h = px * 3;
    int box_h = title_h + rows * line + line;
    if (box_h > lay->h - 2 * lay->gap) {   /* short windows: shrink the text to fit */
        px = px * (lay->h - 2 * lay->gap) / box_h;
        line = px * 3 / 2;
        title_h = px * 3;
        box_h = title_h + rows * line + line;
    }
    int box_w = lay->w * 86 / 100;
    SDL_Rect box = {(lay->w - box_w) / 2, (lay->h - box_h) / 2, box_w, box_h};
    gf_fill(ctx->r, box, th->overlay);
    gf_outline(ctx->r, box, th->fg, gf_layout_px(lay, 2));
    gf_text_draw(ctx->text, ctx->r, "Keys  (H, F1 or Esc closes this)", px * 5 / 4, true, th->fg, box.x + box.w / 2,
                 box.y + title_h / 2, GF_ALIGN_CENTER | GF_ALIGN_MIDDLE);
    int col_w = box_w / 2;
    int key_w = col_w * 30 / 100;
    for (int i = 0; i < n; i++) {
        const struct gf_help_entry *e = gf_help_entry(i);
        int cx = box.x + (i / rows) * col_w + lay->gap * 2;
        int y = box.y + title_h + (i % rows) * line;
        gf_text_draw(ctx->text, ctx->r, e->keys, px, true, th->fg, cx, y, 0);
        gf_text_draw(ctx->text, ctx->r, e->action, px, false, th->fg, cx + key_w, y, 0);
    }
}

bool gf_render_frame(SDL_Renderer *r, struct gf_text *text, const struct gf_view *view, int w, int h)
{
    struct gf_layout lay;
    gf_layout_compute(&lay, w, h);
    struct gf_ctx ctx = {r, text, gf_theme_get(view->theme), view, &lay};
    const struct gf_theme *th = ctx.theme;

    SDL_RenderSetClipRect(r, NULL);
    SDL_SetRenderDrawColor(r, th->bg.r, th->bg.g, th->bg.b, 255);
    if (SDL_RenderClear(r) != 0) {
        SDL_LogError(SDL_LOG_CATEGORY_RENDER, "cannot clear the frame: %s", SDL_GetError());
        return false;
    }
    draw_title(&ctx);
    for (int s = 0; s < GF_SIDES; s++) {
        const struct gf_column_layout *col = &lay.col[s];
        draw_header(&ctx, (enum gf_side)s);
        gf_panel_curve(&ctx, col->curve, (enum gf_side)s);
        gf_panel_map(&ctx, col->map, (enum gf_side)s);
        gf_panel_bars(&ctx, col->bars, (enum gf_side)s);
        gf_panel_heat(&ctx, col->heat, (enum gf_side)s);
        draw_diverged(&ctx, (enum gf_side)s);
    }
    gf_panel_loss(&ctx, lay.loss);
    draw_footer(&ctx);
    if (view->help)
        draw_help(&ctx);
    SDL_RenderSetClipRect(r, NULL);
    return true;
}
