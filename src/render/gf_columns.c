/* gf_columns.c - a run's column as free play shows it (header, curve, map,
 * bars, heat map, the trouble box) and the loss chart under both: drawn by
 * the frame and by lesson scenes that show the columns. */
#include "gf_panel.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gf_draw.h"

void gf_render_header(const struct gf_ctx *ctx, SDL_Rect a, enum gf_side side)
{
    const struct gf_view *v = ctx->view;
    const struct gf_run *run = &v->lab->run[side];
    const struct gf_theme *th = ctx->theme;
    SDL_Color colour = th->act[run->cfg.act];
    bool focused = v->focus == side && !v->figure;   /* focus means nothing on a slide */

    gf_fill(ctx->r, a, th->panel);
    /* A thick bar in the run's colour on the left; the focused run's header is framed. */
    int bar = gf_layout_len(ctx->lay, 10);
    gf_fill(ctx->r, (SDL_Rect){a.x, a.y, bar, a.h}, colour);
    if (focused)
        gf_outline(ctx->r, a, th->focus, gf_layout_len(ctx->lay, 3));
    else
        gf_outline(ctx->r, a, th->border, 1);

    int pad = ctx->lay->gap;
    int y = a.y + a.h / 2;
    char name[160], sub[96], score[96], short_score[32];
    gf_render_run_name(name, sizeof name, &run->cfg, false, v->lang);
    snprintf(sub, sizeof sub, gf_tr(v->lang, side == GF_LEFT ? "left · init %s" : "right · init %s"),
             gf_init_id(gf_init_resolve(run->cfg.init, run->cfg.act)));
    double loss = v->data_loss[side], acc = v->data_accuracy[side];
    char loss_text[32], percent[32];
    gf_format_value(loss_text, sizeof loss_text, loss);
    gf_format_percent(percent, sizeof percent, acc);
    if (isnan(loss))
        snprintf(score, sizeof score, "%s", gf_tr(v->lang, "loss —"));
    else if (isnan(acc))
        snprintf(score, sizeof score, gf_tr(v->lang, "loss %s"), loss_text);
    else
        snprintf(score, sizeof score, gf_tr(v->lang, "loss %s · accuracy %s"), loss_text, percent);
    if (isnan(acc))
        snprintf(short_score, sizeof short_score, "%s", isnan(loss) ? "—" : loss_text);
    else
        snprintf(short_score, sizeof short_score, "%s", percent);
    const char *focus_note = gf_tr(v->lang, "◀ keys act here");

    /* Fit left to right: the name and the score always, then the run's side and
     * init, then the focus note, as the width allows. */
    int name_px = gf_layout_px(ctx->lay, 34), small_px = gf_layout_px(ctx->lay, 20);
    int score_px = gf_layout_px(ctx->lay, 24);
    int left = a.x + bar + pad, right = a.x + a.w - pad;
    int score_w = gf_text_size(ctx->text, score, score_px, false).x;
    int name_w = gf_text_size(ctx->text, name, name_px, true).x;
    int sub_w = gf_text_size(ctx->text, sub, small_px, false).x;
    int focus_w = gf_text_size(ctx->text, focus_note, small_px, true).x;
    int room = right - score_w - pad - left;
    if (name_w > room) {   /* narrow: short remedy tags, then the accuracy alone, then a smaller name */
        gf_render_run_name(name, sizeof name, &run->cfg, true, v->lang);
        name_w = gf_text_size(ctx->text, name, name_px, true).x;
    }
    if (name_w > room) {
        snprintf(score, sizeof score, "%s", short_score);
        score_w = gf_text_size(ctx->text, score, score_px, false).x;
        room = right - score_w - pad - left;
    }
    while (name_w > room && name_px > ctx->lay->min_px) {
        name_px = name_px * 9 / 10 > ctx->lay->min_px ? name_px * 9 / 10 : ctx->lay->min_px;
        name_w = gf_text_size(ctx->text, name, name_px, true).x;
    }
    bool show_sub = name_w + pad + sub_w <= room;
    bool show_focus = focused && show_sub && name_w + sub_w + focus_w + 2 * pad <= room;

    SDL_Rect t = gf_text_draw(ctx->text, ctx->r, name, name_px, true, colour, left, y, GF_ALIGN_MIDDLE);
    if (show_sub) {
        SDL_Rect t2 = gf_text_draw(ctx->text, ctx->r, sub, small_px, false, th->muted, t.x + t.w + pad, y,
                                   GF_ALIGN_MIDDLE);
        if (show_focus)
            gf_text_draw(ctx->text, ctx->r, focus_note, small_px, true, th->fg, t2.x + t2.w + pad, y, GF_ALIGN_MIDDLE);
    }
    gf_text_draw(ctx->text, ctx->r, score, score_px, false, th->fg, right, y, GF_ALIGN_RIGHT | GF_ALIGN_MIDDLE);
}

/* Has the run no gradient at all: every layer's ‖dW‖ exactly 0 (a saturated
 * output, or a layer whose units are all dead)? Then no layer learns. */
static bool no_gradient(const struct gf_step_stats *st)
{
    if (st->n_layers == 0)
        return false;
    for (int l = 0; l < st->n_layers; l++)
        if (st->layer[l].v[GF_METRIC_GRAD_NORM] != 0.0f)
            return false;
    return true;
}

void gf_render_run_trouble(const struct gf_ctx *ctx, SDL_Rect area, enum gf_side side)
{
    const struct gf_run *run = &ctx->view->lab->run[side];
    const struct gf_step_stats *st = ctx->view->bars[side];
    enum gf_lang lang = ctx->view->lang;
    char line[128], advice[256];
    if (run->diverged_at) {
        snprintf(line, sizeof line, gf_tr(lang, "diverged at step %lld"), (long long)run->diverged_at);
        snprintf(advice, sizeof advice, "%s",
                 gf_tr(lang, gf_run_overflowed_at_init(run)
                                 ? "the initial weights already overflow — press I for another init, R to restart"
                                 : "learning rate too high — press ↓ to lower it, R to restart"));
    } else if (no_gradient(st)) {
        int dead_layer = 0;
        for (int l = 0; l + 1 < st->n_layers && !dead_layer; l++)
            if (st->layer[l].v[GF_METRIC_DEAD] >= 1.0f)
                dead_layer = l + 1;
        snprintf(line, sizeof line, "%s", gf_tr(lang, "no gradient: every weight gradient is 0"));
        if (dead_layer)
            snprintf(advice, sizeof advice, gf_tr(lang, "every unit of layer %d is dead — lower the learning rate (↓) or press I for another init"),
                     dead_layer);
        else if (run->cfg.head == GF_HEAD_BCE)   /* BCELoss gives a clamped log no gradient: the probability hit 0 or 1 */
            snprintf(advice, sizeof advice, "%s",
                     gf_tr(lang, "output probability at 0 or 1, where BCELoss clamps its log — lower the learning rate (↓) "
                                 "or another init (I)"));
        else
            snprintf(advice, sizeof advice, "%s",
                     gf_tr(lang, "the output saturated, its loss is flat there — lower the learning rate (↓) or press I for another init"));
    } else {
        return;
    }
    const struct gf_theme *th = ctx->theme;
    int g = ctx->lay->gap;
    int box_h = gf_layout_len(ctx->lay, 150);
    if (box_h > area.h)
        box_h = area.h;
    SDL_Rect box = {area.x + g, area.y + (area.h - box_h) / 2, area.w - 2 * g, box_h};
    gf_fill(ctx->r, box, th->overlay);
    gf_outline(ctx->r, box, th->warn, gf_layout_len(ctx->lay, 3));
    int cx = box.x + box.w / 2, room = box.w - 2 * g;
    int line_px = gf_fit_px(ctx, line, gf_layout_px(ctx->lay, 40), true, room);   /* narrow columns: smaller */
    int advice_px = gf_fit_px(ctx, advice, gf_layout_px(ctx->lay, 24), false, room);
    gf_text_draw(ctx->text, ctx->r, line, line_px, true, th->warn, cx, box.y + box.h / 3,
                 GF_ALIGN_CENTER | GF_ALIGN_MIDDLE);
    gf_text_draw(ctx->text, ctx->r, advice, advice_px, false, th->fg, cx, box.y + box.h * 2 / 3,
                 GF_ALIGN_CENTER | GF_ALIGN_MIDDLE);
}

/* A run in trouble (diverged, or no gradient at all) says so across its column, plainly. */
void gf_render_column_trouble(const struct gf_ctx *ctx, enum gf_side side)
{
    const struct gf_column_layout *col = &ctx->lay->col[side];
    int top = col->header.y + col->header.h, bottom = col->column.y + col->column.h;
    gf_render_run_trouble(ctx, (SDL_Rect){col->column.x, top, col->column.w, bottom - top}, side);
}

void gf_render_columns(const struct gf_ctx *ctx)
{
    const struct gf_layout *lay = ctx->lay;
    for (int s = 0; s < GF_SIDES; s++) {
        const struct gf_column_layout *col = &lay->col[s];
        gf_render_header(ctx, col->header, (enum gf_side)s);
        gf_panel_curve(ctx, col->curve, (enum gf_side)s);
        gf_panel_map(ctx, col->map, (enum gf_side)s);
        if (ctx->view->dist_view[s]) {   /* U: the distributions behind the bars, given the heat map's room too */
            SDL_Rect both = {col->bars.x, col->bars.y, col->bars.w, col->heat.y + col->heat.h - col->bars.y};
            gf_panel_dist(ctx, both, (enum gf_side)s);
        } else if (ctx->view->in_lesson && ctx->view->lesson.kind == GF_SCENE_PERCENTILES) {
            /* the scene is about the percentiles: they get the bars' room too */
            SDL_Rect both = {col->bars.x, col->bars.y, col->bars.w, col->heat.y + col->heat.h - col->bars.y};
            gf_panel_time(ctx, both, (enum gf_side)s, ctx->view->time_view[s]);
        } else {
            gf_panel_bars(ctx, col->bars, (enum gf_side)s);
            gf_panel_time(ctx, col->heat, (enum gf_side)s, ctx->view->time_view[s]);
        }
        gf_render_column_trouble(ctx, (enum gf_side)s);
    }
    gf_panel_loss(ctx, lay->loss);
}
