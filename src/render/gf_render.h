/* gf_render.h - draws a whole frame of the lab into any SDL_Renderer: a
 * window's, or a software renderer over a surface (export, tests); and
 * says what the frame shows where. All that app calls of render's drawing;
 * the panels' own interface is gf_panel.h, render's alone. */
#ifndef GF_RENDER_H
#define GF_RENDER_H

#include <SDL.h>

#include "gf_layout.h"
#include "gf_text.h"
#include "gf_theme.h"
#include "gf_view.h"

/* Draws the frame at w x h. Returns false (with SDL's error logged) when
 * the renderer fails. */
bool gf_render_frame(SDL_Renderer *r, struct gf_text *text, const struct gf_view *view, int w, int h);

/* Draws a figure at w x h (view->figure should be set). */
bool gf_render_figure(SDL_Renderer *r, struct gf_text *text, const struct gf_view *view, enum gf_figure figure,
                      int w, int h);

/* Hit tests: what the frame laid out by lay shows at the pixel (x, y). */

/* The panel of free play's columns there (GF_PANEL_NONE: none), and in
 * *side whose it is. */
enum gf_panel gf_render_panel_at(const struct gf_layout *lay, int x, int y, enum gf_side *side);

/* The run whose column is there, or -1. */
int gf_render_column_at(const struct gf_layout *lay, int x, int y);

/* The weight layer (from 0) of side's bars or distributions panel drawn in
 * area under the pixel, or -1: the bar the pointer hovers, the layer a
 * click picks. */
int gf_render_layer_at(SDL_Renderer *r, struct gf_text *text, const struct gf_view *view, const struct gf_layout *lay,
                       SDL_Rect area, enum gf_side side, int x, int y);

/* Where a zoomed panel (other than the loss, which takes the whole body) is drawn. */
SDL_Rect gf_render_zoomed_panel(const struct gf_layout *lay);

/* A run's name as the header shows it: "leaky ReLU (a = 0.01) + residual + batch norm",
 * or compact: "leaky ReLU 0.01 +res +BN"; in lang. */
void gf_render_run_name(char *buf, size_t n, const struct gf_run_config *rc, bool compact, enum gf_lang lang);

#endif
