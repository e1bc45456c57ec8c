/* gf_render.h - draws a whole frame of the lab into any SDL_Renderer: a
 * window's, or a software renderer over a surface (export, tests). */
#ifndef GF_RENDER_H
#define GF_RENDER_H

#include <SDL.h>

#include "gf_layout.h"
#include "gf_text.h"
#include "gf_theme.h"
#include "gf_view.h"

/* What every panel needs to draw. */
struct gf_ctx {
    SDL_Renderer *r;
    struct gf_text *text;
    const struct gf_theme *theme;
    const struct gf_view *view;
    const struct gf_layout *lay;
};

/* Draws the frame at w x h. Returns false (with SDL's error logged) when
 * the renderer fails. */
bool gf_render_frame(SDL_Renderer *r, struct gf_text *text, const struct gf_view *view, int w, int h);

/* Draws a figure at w x h (view->figure should be set). */
bool gf_render_figure(SDL_Renderer *r, struct gf_text *text, const struct gf_view *view, enum gf_figure figure,
                      int w, int h);

/* Shared log10 axis of the gradient bars over both runs: whole decades
 * [lo, hi], at least three apart. */
void gf_render_bar_range(const struct gf_view *view, int *lo, int *hi);

/* Panels, one file each. area is the panel's rectangle. */
void gf_panel_curve(const struct gf_ctx *ctx, SDL_Rect area, enum gf_side side);
void gf_panel_map(const struct gf_ctx *ctx, SDL_Rect area, enum gf_side side);
void gf_panel_bars(const struct gf_ctx *ctx, SDL_Rect area, enum gf_side side);
void gf_panel_heat(const struct gf_ctx *ctx, SDL_Rect area, enum gf_side side);
void gf_panel_loss(const struct gf_ctx *ctx, SDL_Rect area);

/* A run's header: its activation's name in its colour, side, init, and the
 * loss and accuracy over the dataset; framed when the run has the focus. */
void gf_render_header(const struct gf_ctx *ctx, SDL_Rect area, enum gf_side side);

/* Where a zoomed panel (other than the loss, which takes the whole body) is drawn. */
SDL_Rect gf_render_zoomed_panel(const struct gf_layout *lay);

/* The two columns and the loss panel, where ctx->lay puts them. */
void gf_render_columns(const struct gf_ctx *ctx);

/* When a run diverged, or has no gradient at all, a box across area says so
 * and why (whatever the view: free play's columns and every lesson scene). */
void gf_render_run_trouble(const struct gf_ctx *ctx, SDL_Rect area, enum gf_side side);

/* A lesson scene: its caption and what it shows, between title and footer. */
void gf_render_scene(const struct gf_ctx *ctx);

/* Both runs' networks as nodes and edges, each in its area (gf_scene_network.c). */
void gf_scene_networks(const struct gf_ctx *ctx, const SDL_Rect area[GF_SIDES]);

/* The footer's key line in lesson mode. */
const char *gf_scene_footer(const struct gf_view *view);

/* An activation's curve f(x) and its slope f'(x), dashed, with the largest
 * slope marked (gf_panel_curve draws the run's). */
void gf_panel_activation(const struct gf_ctx *ctx, SDL_Rect area, enum gf_act act, float alpha);

/* The inside area gf_panel_frame leaves for content, without drawing. */
SDL_Rect gf_panel_inner(const struct gf_ctx *ctx, SDL_Rect area, const char *title);

/* The bar (weight layer, from 0) of the bars panel drawn in area under the
 * pixel (x, y), or -1: what the pointer hovers. */
int gf_panel_bars_layer_at(const struct gf_ctx *ctx, SDL_Rect area, enum gf_side side, int x, int y);

/* A panel's frame and title; returns the inside area left for content. */
SDL_Rect gf_panel_frame(const struct gf_ctx *ctx, SDL_Rect area, const char *title);

/* An activation's name in lang ("sigmoid", "시그모이드"). */
const char *gf_act_name(enum gf_act act, enum gf_lang lang);

/* A run's name as the header shows it: "leaky ReLU (a = 0.01) + residual + batch norm",
 * or compact: "leaky ReLU 0.01 +res +BN"; in lang. */
void gf_render_run_name(char *buf, size_t n, const struct gf_run_config *rc, bool compact, enum gf_lang lang);

/* Which decades of a log axis get a label: every one when labels fit in
 * span_px, else every other, or sparser on a very wide scale (a diverging
 * run spans dozens of decades). Labels fall on multiples of the step, so
 * 10⁰ keeps its label, and the step is at most one more than the range. */
int gf_decade_label_step(int decades, int span_px, int label_h);
bool gf_decade_labelled(int exponent, int step);

/* "10⁻⁶": a decade label with superscript digits. */
void gf_format_decade(char *buf, size_t n, int exponent);

/* A decade label drawn as "10" at px with its exponent ("−6") in ordinary
 * digits at three quarters of px, raised: superscript glyphs are about
 * half the size, and on a log axis the exponent is the information. px
 * grows when needed for the exponent to be no smaller than the layout's
 * smallest text. The rectangle is the whole label's; alignment (gf_align) is of the "10"
 * part, so labels sit on their gridlines. */
SDL_Point gf_decade_size(const struct gf_ctx *ctx, int exponent, int px);
SDL_Rect gf_decade_draw(const struct gf_ctx *ctx, int exponent, int px, SDL_Color c, int x, int y, int align);

/* A bar's value, short: "3.3e-7", "0.014", "12" (gf_format_value without
 * the exponent's padding, which crowds a deep network's row of labels). */
void gf_format_bar_value(char *buf, size_t n, double v);

/* Formats v compactly for labels: 3.2e-07, 0.014, 12. */
void gf_format_value(char *buf, size_t n, double v);

/* An accuracy in [0, 1] as a percentage that never rounds up to 100 % or
 * down to 0 % unless it is exactly that: "63%", "99.8%", "100%". */
void gf_format_percent(char *buf, size_t n, double fraction);

#endif
