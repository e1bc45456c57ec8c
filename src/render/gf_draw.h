/* gf_draw.h - drawing primitives over any SDL_Renderer: filled and outlined
 * rectangles, thick and dashed lines, polylines, discs, images, clipping.
 * Thick shapes are drawn as triangles with SDL_RenderGeometry; on a vector
 * target (gf_vector.h) the same calls draw with cairo, for SVG and PDF. */
#ifndef GF_DRAW_H
#define GF_DRAW_H

#include <stdbool.h>

#include <SDL.h>

void gf_fill(SDL_Renderer *r, SDL_Rect rect, SDL_Color c);

/* Fills area except the n holes (rectangles something opaque is drawn over
 * next): a frame's background costs a fraction of a full clear, which on
 * the software renderer is a write of every pixel. */
void gf_fill_around(SDL_Renderer *r, SDL_Rect area, const SDL_Rect *holes, int n, SDL_Color c);
void gf_outline(SDL_Renderer *r, SDL_Rect rect, SDL_Color c, int thickness);

/* A line of the given thickness in pixels; dash > 0 draws dashes of that length. */
void gf_line(SDL_Renderer *r, float x0, float y0, float x1, float y1, SDL_Color c, float thickness, float dash);

/* n points joined by lines; points with non-finite coordinates break the line. */
void gf_polyline(SDL_Renderer *r, const SDL_FPoint *pts, int n, SDL_Color c, float thickness, float dash);

void gf_disc(SDL_Renderer *r, float cx, float cy, float radius, SDL_Color c);

/* A streaming ARGB8888 texture of w x h, locked for writing: *pixels and
 * *pitch receive its memory; SDL_UnlockTexture when written. NULL, with
 * SDL's error logged naming what it was for, when it cannot be made; NULL
 * silently on a vector target, which has no textures. */
SDL_Texture *gf_texture_for_writing(SDL_Renderer *r, int w, int h, const char *what, void **pixels, int *pitch);

/* Pixels (w x h, row after row, opaque 0xAARRGGBB words) stretched over
 * dst, blocky or (smooth) interpolated between pixel centres; on a vector
 * target an embedded image at its own resolution. what names it in errors. */
void gf_image(SDL_Renderer *r, const Uint32 *argb, int w, int h, SDL_Rect dst, bool smooth, const char *what);

/* The whole target in c, with no clip; false (logged) when the renderer fails. */
bool gf_clear(SDL_Renderer *r, SDL_Color c);

/* Clip drawing to rect (NULL: no clip). */
void gf_clip(SDL_Renderer *r, const SDL_Rect *rect);

static inline bool gf_contains(SDL_Rect rect, int x, int y)
{
    return x >= rect.x && x < rect.x + rect.w && y >= rect.y && y < rect.y + rect.h;
}

#endif
