/* gf_vector.h - cairo behind the drawing functions, for SVG and PDF.
 *
 * The window, the PNG export and the vector export draw with the same code:
 * every panel draws through gf_draw (fills, outlines, lines, polylines,
 * discs, images, clipping, clearing) and gf_text, which take an
 * SDL_Renderer. A vector target is an SDL_Renderer too, a small software
 * one that stands for a cairo context while it is bound: each drawing
 * function asks gf_vector_cairo() which backend its target has and draws
 * either with SDL or with cairo. So the panels keep their signatures and
 * their own lines, and a figure becomes SVG or PDF by drawing it into the
 * target gf_vector_begin returns.
 *
 * The binding is per thread (a figure is drawn from start to end on one
 * thread); textures have no meaning on a vector target, so
 * gf_texture_for_writing gives none there and its callers draw with the
 * primitives instead.
 *
 * Text is drawn with cairo-ft from the same font files gf_text measures
 * with, run by run as gf_text cuts it between faces, so a PDF keeps its
 * words as searchable text in the program's own fonts, Korean included.
 */
#ifndef GF_VECTOR_H
#define GF_VECTOR_H

#include <stdbool.h>
#include <stddef.h>

#include <SDL.h>

/* cairo's context, opaque here (cairo.h's own typedef): a build without
 * cairo (GF_FIGURES 0) compiles every caller unchanged. */
typedef struct _cairo cairo_t;

/* Whether this build draws vector figures (built with the figures feature). */
#define GF_VECTOR_BUILT (GF_FIGURES != 0)

/* What a build without cairo says when asked for SVG or PDF. */
#define GF_VECTOR_MISSING "this build has no SVG/PDF export (built without cairo); PNG works"

/* A drawing target that draws into cr until gf_vector_end; NULL, err saying
 * why, when it cannot be made (always, GF_VECTOR_MISSING, in a build
 * without cairo). One target per thread at a time. */
SDL_Renderer *gf_vector_begin(cairo_t *cr, char *err, size_t errlen);

/* Unbinds and frees the target (cr stays the caller's). */
void gf_vector_end(SDL_Renderer *target);

/* The cairo context behind r, or NULL when r is an SDL renderer. */
cairo_t *gf_vector_cairo(SDL_Renderer *r);

/* Draws n bytes of UTF-8 text s in the font file font_path at px pixels
 * per em, its baseline starting at (x, baseline). False when the font
 * cannot be loaded (logged). */
bool gf_vector_text(cairo_t *cr, const char *font_path, int px, const char *s, size_t n, SDL_Color c, double x,
                    double baseline);

/* Whether cairo reported an error on cr; err names it. */
bool gf_vector_failed(cairo_t *cr, char *err, size_t errlen);

/* gf_draw's primitives on a vector target: each draws and returns true
 * when r is one, and returns false, drawing nothing, when r is an SDL
 * renderer (always, in a build without cairo). */
bool gf_vector_fill(SDL_Renderer *r, SDL_Rect rect, SDL_Color c);
bool gf_vector_clear(SDL_Renderer *r, SDL_Color c);
bool gf_vector_image(SDL_Renderer *r, const Uint32 *argb, int w, int h, SDL_Rect dst, bool smooth, const char *what);
bool gf_vector_line(SDL_Renderer *r, float x0, float y0, float x1, float y1, SDL_Color c, float t, float dash);
bool gf_vector_polyline(SDL_Renderer *r, const SDL_FPoint *pts, int n, SDL_Color c, float t, float dash);
bool gf_vector_disc(SDL_Renderer *r, float cx, float cy, float radius, SDL_Color c);
bool gf_vector_clip(SDL_Renderer *r, const SDL_Rect *rect);

#endif
