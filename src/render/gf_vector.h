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
#include <cairo.h>

/* A drawing target that draws into cr until gf_vector_end; NULL, err saying
 * why, when it cannot be made. One target per thread at a time. */
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

#endif
