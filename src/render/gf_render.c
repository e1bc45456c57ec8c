/* gf_render.c - the frame: title bar, the columns or a lesson scene, footer,
 * prompt and help overlay, composed of the panels (gf_panel.h); and the
 * frame's hit tests, which ask the same layout. */
#include "gf_panel.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gf_draw.h"
#include "gf_help.h"

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

    char settings[256], status[128], init[32];
    gf_lab_config_init_name(c, init, sizeof init);
    snprintf(settings, sizeof settings,
             gf_tr(v->lang, "%s · %d hidden × %d · %s · init %s · %s · lr %g · batch %d · seed %llu"),
             gf_dataset_info(c->dataset)->id, c->depth, c->width, gf_head_info(gf_lab_config_head(c))->id,
             init, gf_opt_id(c->optimizer), (double)c->lr, c->batch, (unsigned long long)c->seed);

    /* scenes that do not show the two networks name the lesson instead of their settings */
    if (v->in_lesson && (v->lesson.kind == GF_SCENE_LINEAR || v->lesson.kind == GF_SCENE_OUTPUTS))
        snprintf(settings, sizeof settings, "%s", v->lesson.lesson_title);

    long long step = (long long)gf_lab_steps(v->lab);
    if (v->figure)
        snprintf(status, sizeof status, gf_tr(v->lang, "step %lld"), step);
    else if (v->paused)
        snprintf(status, sizeof status, gf_tr(v->lang, "step %lld · paused"), step);
    else
        snprintf(status, sizeof status, gf_tr(v->lang, "step %lld · %.0f steps/s"), step, v->measured_steps_per_second);
    SDL_Rect st = gf_text_draw(ctx->text, ctx->r, status, px, true, v->paused && !v->figure ? th->warn : th->fg,
                               a.x + a.w - pad, y, GF_ALIGN_RIGHT | GF_ALIGN_MIDDLE);
    int right = st.x - pad;
    if (v->measured_fps > 0.0 && !v->figure) {   /* for the presenter: is the machine keeping up? */
        char fps[32];
        snprintf(fps, sizeof fps, "%.0f fps", v->measured_fps);
        int fps_px = gf_layout_px(ctx->lay, 18);
        if (gf_text_size(ctx->text, fps, fps_px, false).x + gf_text_size(ctx->text, settings, ctx->lay->min_px, false).x <
            right - (name.x + name.w + 2 * pad))   /* only when the settings still have room */
            right = gf_text_draw(ctx->text, ctx->r, fps, fps_px, false, th->muted, right, y,
                                 GF_ALIGN_RIGHT | GF_ALIGN_MIDDLE).x - pad;
    }
    /* the settings in what is left between the name and the status, smaller if need be */
    int left = name.x + name.w + pad * 2;
    int settings_px = gf_fit_px(ctx, settings, gf_layout_px(ctx->lay, 23), false, right - left);
    if (gf_text_size(ctx->text, settings, settings_px, false).x <= right - left)   /* even at the smallest it may not */
        gf_text_draw(ctx->text, ctx->r, settings, settings_px, false, th->fg, left, y, GF_ALIGN_MIDDLE);
}
/* The caption strip of a figure: the settings, so a slide explains itself. */
static void draw_caption(const struct gf_ctx *ctx, SDL_Rect a)
{
    const struct gf_theme *th = ctx->theme;
    gf_fill(ctx->r, a, th->panel);
    gf_fill(ctx->r, (SDL_Rect){a.x, a.y, a.w, 1}, th->border);
    if (!ctx->view->caption)
        return;
    int px = gf_fit_px(ctx, ctx->view->caption, gf_layout_px(ctx->lay, 22), false, a.w - 2 * ctx->lay->gap);
    gf_text_draw(ctx->text, ctx->r, ctx->view->caption, px, false, th->fg, a.x + a.w / 2, a.y + a.h / 2,
                 GF_ALIGN_CENTER | GF_ALIGN_MIDDLE);
}

static void draw_footer(const struct gf_ctx *ctx)
{
    const struct gf_theme *th = ctx->theme;
    SDL_Rect a = ctx->lay->footer;
    if (ctx->view->figure) {   /* keys mean nothing on a slide: the caption goes here */
        draw_caption(ctx, a);
        return;
    }
    gf_fill(ctx->r, a, th->panel);
    gf_fill(ctx->r, (SDL_Rect){a.x, a.y, a.w, 1}, th->border);
    /* A note about the last action (a limit reached, ...) takes the footer for a moment. */
    const char *note = ctx->view->note;
    bool has_note = note && *note;
    SDL_Color colour = has_note && ctx->view->note_is_error ? th->warn : th->fg;
    const char *line = has_note ? note
                       : ctx->view->in_lesson ? gf_scene_footer(ctx->view)
                                              : gf_tr(ctx->view->lang, gf_help_footer());
    int px = gf_fit_px(ctx, line, gf_layout_px(ctx->lay, 22), has_note, a.w - 2 * ctx->lay->gap);   /* never cut */
    gf_text_draw(ctx->text, ctx->r, line, px, has_note, colour, a.x + a.w / 2, a.y + a.h / 2,
                 GF_ALIGN_CENTER | GF_ALIGN_MIDDLE);
}

/* The help overlay: every key in one column, with the setting it changes
 * as it is now and its choices, the text as large as fits. */
static void draw_help(const struct gf_ctx *ctx)
{
    const struct gf_theme *th = ctx->theme;
    const struct gf_layout *lay = ctx->lay;
    const struct gf_view *v = ctx->view;
    enum gf_lang lang = v->lang;
    const char *title = gf_tr(lang, "Keys — H, F1 or Esc closes this");
    int n = v->n_help_rows;
    int pad = lay->gap * 2;

    /* Measure at a reference size, then scale to the largest size that fits. */
    int ref = 100, key_w = 0, action_w = 0, value_w = 0;
    for (int i = 0; i < n; i++) {
        const struct gf_help_row *row = &v->help_rows[i];
        SDL_Point k = gf_text_size(ctx->text, row->keys, ref, true);
        SDL_Point a = gf_text_size(ctx->text, gf_tr(lang, row->action), ref, false);
        SDL_Point val = gf_text_size(ctx->text, row->value, ref, false);
        key_w = k.x > key_w ? k.x : key_w;
        action_w = a.x > action_w ? a.x : action_w;
        value_w = val.x > value_w ? val.x : value_w;
    }
    /* values beside the actions when the window is wide enough, else under them in the same row's line */
    float content_w = (float)key_w + 0.6f * ref + (float)action_w + 0.8f * ref + (float)value_w;
    float content_h = (1.6f + 1.35f * (float)n) * ref;
    float fit_w = (float)(lay->w - 4 * pad) / content_w, fit_h = (float)(lay->h - 4 * pad) / content_h;
    int px = (int)((float)ref * (fit_w < fit_h ? fit_w : fit_h));
    int best = gf_layout_px(lay, 30);
    if (px > best)
        px = best;
    if (px < lay->min_px)   /* the floor of every text: the box may then fill the window */
        px = lay->min_px;
    int line = px * 135 / 100;
    int key_col = key_w * px / ref + px * 6 / 10;
    int value_col = key_col + action_w * px / ref + px * 8 / 10;
    SDL_Rect box = {0, 0, value_col + value_w * px / ref + 2 * pad, px * 16 / 10 + n * line + 2 * pad};
    if (box.w > lay->w)
        box.w = lay->w;
    if (box.h > lay->h)
        box.h = lay->h;
    box.x = (lay->w - box.w) / 2;
    box.y = (lay->h - box.h) / 2;

    gf_fill(ctx->r, (SDL_Rect){0, 0, lay->w, lay->h}, (SDL_Color){0, 0, 0, 150});   /* dim what is behind */
    SDL_Color solid = th->overlay;
    solid.a = 255;
    gf_fill(ctx->r, box, solid);
    gf_outline(ctx->r, box, th->fg, gf_layout_len(lay, 2));
    int x = box.x + pad, y = box.y + pad;
    gf_text_draw(ctx->text, ctx->r, title, px, true, th->fg, x, y, 0);
    y += px * 16 / 10;
    for (int i = 0; i < n; i++, y += line) {
        const struct gf_help_row *row = &v->help_rows[i];
        gf_text_draw(ctx->text, ctx->r, row->keys, px, true, th->fg, x, y, 0);
        gf_text_draw(ctx->text, ctx->r, gf_tr(lang, row->action), px, false, th->fg, x + key_col, y, 0);
        if (row->value[0])
            gf_text_draw(ctx->text, ctx->r, row->value, px, false, th->focus, x + value_col, y, 0);
    }
}

/* The prompt: one line over the footer, what is typed, and under it why the
 * last line was refused. */
static void draw_prompt(const struct gf_ctx *ctx)
{
    const struct gf_theme *th = ctx->theme;
    const struct gf_layout *lay = ctx->lay;
    const struct gf_prompt_view *p = &ctx->view->prompt;
    int px = gf_layout_px(lay, 26), pad = lay->gap;
    bool error = p->error && p->error[0];
    int line = px * 14 / 10;
    SDL_Rect box = {pad, 0, lay->w - 2 * pad, line * (error ? 3 : 2) + pad};
    box.y = lay->footer.y - box.h - pad / 2;
    SDL_Color solid = th->overlay;
    solid.a = 255;
    gf_fill(ctx->r, box, solid);
    gf_outline(ctx->r, box, error ? th->warn : th->focus, gf_layout_len(lay, 3));
    int x = box.x + pad, y = box.y + pad / 2;
    const char *hint = gf_tr(ctx->view->lang, "flags as on the command line · Enter applies · Esc closes · ↑ ↓ earlier lines");
    gf_text_draw(ctx->text, ctx->r, hint, gf_fit_px(ctx, hint, gf_layout_px(lay, 20), false, box.w - 2 * pad), false,
                 th->muted, x, y, 0);
    y += line;
    char shown[600];   /* the typed line (at most 512 bytes) and the caret */
    snprintf(shown, sizeof shown, "> %s▏", p->text ? p->text : "");
    /* a long line shows its end, where the typing is */
    const char *tail = shown;
    while (*tail && gf_text_size(ctx->text, tail, px, false).x > box.w - 2 * pad) {
        tail++;
        while ((*tail & 0xC0) == 0x80)
            tail++;
    }
    gf_text_draw(ctx->text, ctx->r, tail, px, false, th->fg, x, y, 0);
    if (error) {
        y += line;
        gf_text_draw(ctx->text, ctx->r, p->error, gf_fit_px(ctx, p->error, px, true, box.w - 2 * pad), true, th->warn, x,
                     y, 0);
    }
}

/* Clears to the theme's background; false (logged) when the renderer fails. */
static bool clear(SDL_Renderer *r, const struct gf_theme *th)
{
    SDL_Color bg = th->bg;
    bg.a = 255;
    return gf_clear(r, bg);
}

static SDL_Rect zoom_body(const struct gf_layout *lay)
{
    return (SDL_Rect){lay->gap, lay->title.h + lay->gap, lay->w - 2 * lay->gap, lay->footer.y - lay->title.h - 2 * lay->gap};
}

SDL_Rect gf_render_zoomed_panel(const struct gf_layout *lay)
{
    SDL_Rect body = zoom_body(lay);
    int header_h = lay->col[GF_LEFT].header.h;
    return (SDL_Rect){body.x, body.y + header_h + lay->gap / 2, body.w, body.h - header_h - lay->gap / 2};
}

/* One panel over the whole body of the window, for the class to read. */
static void draw_zoomed(struct gf_ctx *ctx, struct gf_layout *lay)
{
    const struct gf_view *v = ctx->view;
    SDL_Rect body = zoom_body(lay);
    enum gf_side side = v->zoom_side;
    struct gf_column_layout *col = &lay->col[side];
    SDL_Rect panel = gf_render_zoomed_panel(lay);
    col->header = (SDL_Rect){body.x, body.y, body.w, col->header.h};
    col->column = body;
    if (v->zoom == GF_PANEL_LOSS) {
        gf_panel_loss(ctx, body);
        return;
    }
    gf_render_header(ctx, col->header, side);
    switch (v->zoom) {
    case GF_PANEL_CURVE: gf_panel_curve(ctx, panel, side); break;
    case GF_PANEL_MAP: {
        int side_px = panel.w < panel.h ? panel.w : panel.h;
        gf_panel_map(ctx, (SDL_Rect){panel.x + (panel.w - side_px) / 2, panel.y, side_px, side_px}, side);
        break;
    }
    /* what the column shows in their places: with U the distributions take both */
    case GF_PANEL_BARS:
        if (v->dist_view[side])
            gf_panel_dist(ctx, panel, side);
        else
            gf_panel_bars(ctx, panel, side);
        break;
    case GF_PANEL_HEAT:
        if (v->dist_view[side])
            gf_panel_dist(ctx, panel, side);
        else
            gf_panel_time(ctx, panel, side, v->time_view[side]);
        break;
    default: break;
    }
    gf_render_column_trouble(ctx, side);
}

bool gf_render_frame(SDL_Renderer *r, struct gf_text *text, const struct gf_view *view, int w, int h)
{
    struct gf_layout lay;
    gf_layout_compute(&lay, w, h, view->text_scale);
    if (view->no_title)
        gf_layout_drop_title(&lay);
    struct gf_ctx ctx = {r, text, gf_theme_get(view->theme), view, &lay};
    if (view->blank) {   /* a presenter's black screen: nothing at all */
        SDL_RenderSetClipRect(r, NULL);
        SDL_SetRenderDrawColor(r, 0, 0, 0, 255);
        if (SDL_RenderClear(r) != 0) {
            SDL_LogError(SDL_LOG_CATEGORY_RENDER, "cannot clear the frame: %s", SDL_GetError());
            return false;
        }
        return true;
    }
    bool zoomed = view->zoom != GF_PANEL_NONE && !view->in_lesson;
    if (view->in_lesson || zoomed) {   /* each scene lays itself out */
        if (!clear(r, ctx.theme))
            return false;
    } else {   /* the background only between the panels, which paint themselves */
        SDL_Rect panels[3 + 5 * GF_SIDES] = {lay.title, lay.footer, lay.loss};
        int n = 3;
        for (int s = 0; s < GF_SIDES; s++) {
            const struct gf_column_layout *c = &lay.col[s];
            SDL_Rect own[5] = {c->header, c->curve, c->map, c->bars, c->heat};
            for (int i = 0; i < 5; i++)
                panels[n++] = own[i];
        }
        gf_clip(r, NULL);
        gf_fill_around(r, (SDL_Rect){0, 0, w, h}, panels, n, ctx.theme->bg);
    }
    if (!view->no_title)
        draw_title(&ctx);
    if (view->in_lesson)
        gf_render_scene(&ctx);
    else if (zoomed)
        draw_zoomed(&ctx, &lay);
    else
        gf_render_columns(&ctx);
    draw_footer(&ctx);
    if (view->prompt.open && !view->figure)
        draw_prompt(&ctx);
    if (view->help)
        draw_help(&ctx);
    gf_clip(r, NULL);
    return true;
}

/* A panel figure: the two runs' headers over one kind of panel, side by
 * side, and the caption strip. Text is sized from the width, as in a full
 * frame of that width, so panels cut from a slide match the full figure. */
static void layout_panel_figure(struct gf_layout *lay, int w, int h, bool caption, float text_scale)
{
    memset(lay, 0, sizeof *lay);
    lay->w = w;
    lay->h = h;
    float u = (float)w / 1920.0f, uh = (float)h / 540.0f;
    lay->u = u < uh ? u : uh;
    lay->text_scale = text_scale > 0.0f ? text_scale : 1.0f;
    lay->min_px = gf_layout_min_px((int)lroundf(1080.0f * lay->u), lay->text_scale);   /* as in the full frame */
    int g = gf_layout_len(lay, 14);
    lay->gap = g;
    int caption_h = caption ? gf_layout_len(lay, 46) : 0;
    lay->footer = (SDL_Rect){0, h - caption_h, w, caption_h};
    int header_h = gf_layout_len(lay, 54);
    int col_w = (w - 3 * g) / 2;
    for (int s = 0; s < GF_SIDES; s++) {
        struct gf_column_layout *c = &lay->col[s];
        int x = g + s * (col_w + g);
        c->column = (SDL_Rect){x, g, col_w, h - caption_h - 2 * g};
        c->header = (SDL_Rect){x, g, col_w, header_h};
        SDL_Rect body = {x, g + header_h + g / 2, col_w, h - caption_h - 2 * g - header_h - g / 2};
        c->bars = c->curve = body;
    }
}

bool gf_render_figure(SDL_Renderer *r, struct gf_text *text, const struct gf_view *view, enum gf_figure figure,
                      int w, int h)
{
    if (figure == GF_FIGURE_FULL)
        return gf_render_frame(r, text, view, w, h);
    struct gf_layout lay;
    layout_panel_figure(&lay, w, h, view->caption != NULL, view->text_scale);
    struct gf_ctx ctx = {r, text, gf_theme_get(view->theme), view, &lay};
    if (!clear(r, ctx.theme))
        return false;
    for (int s = 0; s < GF_SIDES; s++) {
        gf_render_header(&ctx, lay.col[s].header, (enum gf_side)s);
        SDL_Rect body = lay.col[s].bars;
        switch (figure) {
        case GF_FIGURE_GRADIENTS: gf_panel_bars(&ctx, body, (enum gf_side)s); break;
        case GF_FIGURE_DISTRIBUTIONS: gf_panel_dist(&ctx, body, (enum gf_side)s); break;
        case GF_FIGURE_ACTIVATIONS_OVER_STEPS: gf_panel_time(&ctx, body, (enum gf_side)s, GF_TIME_ACTIVATIONS); break;
        case GF_FIGURE_PERCENTILES_OVER_STEPS: gf_panel_time(&ctx, body, (enum gf_side)s, GF_TIME_PERCENTILES); break;
        case GF_FIGURE_DELTA_OVER_STEPS: gf_panel_time(&ctx, body, (enum gf_side)s, GF_TIME_DELTA); break;
        default: gf_panel_curve(&ctx, body, (enum gf_side)s); break;
        }
        gf_render_column_trouble(&ctx, (enum gf_side)s);
    }
    if (view->caption)
        draw_caption(&ctx, lay.footer);
    return true;
}

enum gf_panel gf_render_panel_at(const struct gf_layout *lay, int x, int y, enum gf_side *side)
{
    if (gf_contains(lay->loss, x, y))
        return GF_PANEL_LOSS;
    for (int s = 0; s < GF_SIDES; s++) {
        const struct gf_column_layout *c = &lay->col[s];
        *side = (enum gf_side)s;
        if (gf_contains(c->curve, x, y)) return GF_PANEL_CURVE;
        if (gf_contains(c->map, x, y)) return GF_PANEL_MAP;
        if (gf_contains(c->bars, x, y)) return GF_PANEL_BARS;
        if (gf_contains(c->heat, x, y)) return GF_PANEL_HEAT;
    }
    return GF_PANEL_NONE;
}

int gf_render_column_at(const struct gf_layout *lay, int x, int y)
{
    for (int s = 0; s < GF_SIDES; s++)
        if (gf_contains(lay->col[s].column, x, y))
            return s;
    return -1;
}

int gf_render_layer_at(SDL_Renderer *r, struct gf_text *text, const struct gf_view *view, const struct gf_layout *lay,
                       SDL_Rect area, enum gf_side side, int x, int y)
{
    struct gf_ctx ctx = {r, text, gf_theme_get(view->theme), view, lay};
    return gf_panel_layer_at(&ctx, area, view->lab->run[side].net.n_layers, x, y);
}
