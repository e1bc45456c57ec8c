/* gf_layout.h - where each panel goes in a w x h frame. Pure geometry, used
 * by the renderer to draw and by the app to hit-test mouse clicks.
 *
 *   title bar (settings, step, speed)
 *   left column                  | right column
 *     header (activation name)   |   ...
 *     curve f, f'   | decision map
 *     gradient bars per layer
 *     heat map: gradient per layer over time
 *   loss of both runs over time
 *   footer (main keys)
 */
#ifndef GF_LAYOUT_H
#define GF_LAYOUT_H

#include <SDL.h>

#include "gf_lab.h"

struct gf_column_layout {
    SDL_Rect column;   /* the whole column, for focus and clicks */
    SDL_Rect header;
    SDL_Rect curve;
    SDL_Rect map;
    SDL_Rect bars;
    SDL_Rect heat;
};

struct gf_layout {
    int w, h;
    float u;           /* pixels per design unit: the frame's height / 1080 */
    float text_scale;  /* text sizes (and the bars that hold text) times this */
    int min_px;        /* no text is drawn smaller: gf_layout_min_px */
    int gap;           /* space between panels */
    SDL_Rect title;
    SDL_Rect loss;
    SDL_Rect footer;
    struct gf_column_layout col[GF_SIDES];
};

/* text_scale: GF_TEXT_SCALE_MIN..MAX, or 0 for 1. */
void gf_layout_compute(struct gf_layout *lay, int w, int h, float text_scale);

/* The smallest text a frame of height h draws at a text scale: 1.4% of
 * the height (15 px at 1080 lines) times the scale up to 1.5, never below 9 px. */
int gf_layout_min_px(int h, float text_scale);

/* Places the two columns and the loss panel between body_top and
 * body_bottom (the lesson's scenes draw them below their caption). */
void gf_layout_columns(struct gf_layout *lay, int body_top, int body_bottom);

/* Font size in pixels for a size given in design units (at 1080 lines),
 * times the text scale; never below lay->min_px. */
int gf_layout_px(const struct gf_layout *lay, float units);

/* A length (line width, gap, radius) in pixels for design units; at least 1. */
int gf_layout_len(const struct gf_layout *lay, float units);

/* The same frame with no title bar: the columns move up into its room. */
void gf_layout_drop_title(struct gf_layout *lay);

#endif
