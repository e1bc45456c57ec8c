/* gf_panel.h - render's own interface between the frame and its panels:
 * the drawing context, the panels (one file each), the columns and lesson
 * scenes, and the helpers they share (gf_render_util.c). Included by render's
 * sources and its tests only; app calls gf_render.h. */
#ifndef GF_PANEL_H
#define GF_PANEL_H

#include "gf_render.h"

/* What every panel needs to draw. */
struct gf_ctx {
    SDL_Renderer *r;
    struct gf_text *text;
    const struct gf_theme *theme;
    const struct gf_view *view;
    const struct gf_layout *lay;
};

/* Shared log10 axis of the gradient bars over both runs: whole decades
 * [lo, hi], at least three apart. */
void gf_render_bar_range(const struct gf_view *view, int *lo, int *hi);

/* Panels, one file each. area is the panel's rectangle. */
void gf_panel_curve(const struct gf_ctx *ctx, SDL_Rect area, enum gf_side side);
void gf_panel_map(const struct gf_ctx *ctx, SDL_Rect area, enum gf_side side);
void gf_panel_bars(const struct gf_ctx *ctx, SDL_Rect area, enum gf_side side);
void gf_panel_heat(const struct gf_ctx *ctx, SDL_Rect area, enum gf_side side);
void gf_panel_loss(const struct gf_ctx *ctx, SDL_Rect area);

/* The distributions inside the network, in the bars' place: per layer, f(z),
 * δ on a log |δ| axis and dW on a log |dW| axis (gf_panel_dist.c). */
void gf_panel_dist(const struct gf_ctx *ctx, SDL_Rect area, enum gf_side side);

/* One of the over-training views in the heat map's place (gf_panel_time.c);
 * GF_TIME_HEAT draws the heat map. */
void gf_panel_time(const struct gf_ctx *ctx, SDL_Rect area, enum gf_side side, enum gf_time_view which);

/* Width of the value axis left of the bars' layers: the widest decade label. */
int gf_panel_axis_width(const struct gf_ctx *ctx);

/* The weight layer (from 0) of n_layers whose slot, in a panel drawn in
 * area, holds x, or -1 outside the plot: the same geometry gf_panel_bars and
 * gf_panel_dist draw with. */
int gf_panel_layer_at(const struct gf_ctx *ctx, SDL_Rect area, int n_layers, int x, int y);

/* The activation panel with the histogram of z of `hist` shaded under f(x),
 * named by `label` (NULL hist: none, as gf_panel_activation). */
void gf_panel_activation_hist(const struct gf_ctx *ctx, SDL_Rect area, enum gf_act act, float alpha,
                              const struct gf_hist *hist, const char *label);

/* A run's header: its activation's name in its colour, side, init, and the
 * loss and accuracy over the dataset; framed when the run has the focus. */
void gf_render_header(const struct gf_ctx *ctx, SDL_Rect area, enum gf_side side);

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

/* In the top-right corner of a bars panel, when the figure's bars are
 * means over the last steps: how many (view->bars_smoothed). */
void gf_render_smoothed_note(const struct gf_ctx *ctx, SDL_Rect area, enum gf_side side);

/* Under a plot of one slot per weight layer, at y: which end is which (the
 * input on the left, the output on the right) and what the slots are. */
void gf_panel_layer_axis_names(const struct gf_ctx *ctx, SDL_Rect plot, int y, int px);

/* The inside area gf_panel_frame leaves for content, without drawing. */
SDL_Rect gf_panel_inner(const struct gf_ctx *ctx, SDL_Rect area, const char *title);

/* A panel's frame and title; returns the inside area left for content. */
SDL_Rect gf_panel_frame(const struct gf_ctx *ctx, SDL_Rect area, const char *title);

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

/* The largest font size from px down to the layout's smallest at which s
 * fits in room pixels (the smallest when none does): narrow windows get
 * smaller text, never text too small to read from the back of the room. */
int gf_fit_px(const struct gf_ctx *ctx, const char *s, int px, bool bold, int room);

/* A run in trouble (diverged, or no gradient at all) says so across its
 * column, plainly (gf_render_run_trouble over the column below its header). */
void gf_render_column_trouble(const struct gf_ctx *ctx, enum gf_side side);

#endif
