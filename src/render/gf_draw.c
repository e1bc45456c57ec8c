/* gf_draw.c - primitives, each drawn with SDL or, on a vector target,
 * with cairo by gf_vector.c (gf_vector.h says how a target finds its backend). */
#include "gf_draw.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gf_vector.h"

/* Blending only for translucent colours: an opaque colour blends to itself,
 * and SDL's software renderer draws a blended triangle through a temporary
 * surface the size of its bounding box (an allocation and a blit per
 * triangle), an unblended one straight into the frame. */
static void set_blend(SDL_Renderer *r, SDL_Color c)
{
    SDL_SetRenderDrawBlendMode(r, c.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
}

void gf_fill(SDL_Renderer *r, SDL_Rect rect, SDL_Color c)
{
    if (gf_vector_fill(r, rect, c))
        return;
    set_blend(r, c);
    SDL_SetRenderDrawColor(r, c.r, c.g, c.b, c.a);
    SDL_RenderFillRect(r, &rect);
}

bool gf_clear(SDL_Renderer *r, SDL_Color c)
{
    gf_clip(r, NULL);
    if (gf_vector_clear(r, c))
        return true;
    SDL_SetRenderDrawColor(r, c.r, c.g, c.b, c.a);
    if (SDL_RenderClear(r) != 0) {
        SDL_LogError(SDL_LOG_CATEGORY_RENDER, "cannot clear the frame: %s", SDL_GetError());
        return false;
    }
    return true;
}

SDL_Texture *gf_texture_for_writing(SDL_Renderer *r, int w, int h, const char *what, void **pixels, int *pitch)
{
    if (gf_vector_cairo(r))
        return NULL;   /* no textures on a vector target: the caller draws with primitives */
    SDL_Texture *tex = SDL_CreateTexture(r, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STREAMING, w, h);
    if (!tex) {
        SDL_LogError(SDL_LOG_CATEGORY_RENDER, "cannot create the %s texture: %s", what, SDL_GetError());
        return NULL;
    }
    if (SDL_LockTexture(tex, NULL, pixels, pitch) != 0) {
        SDL_LogError(SDL_LOG_CATEGORY_RENDER, "cannot lock the %s texture: %s", what, SDL_GetError());
        SDL_DestroyTexture(tex);
        return NULL;
    }
    return tex;
}

void gf_image(SDL_Renderer *r, const Uint32 *argb, int w, int h, SDL_Rect dst, bool smooth, const char *what)
{
    if (w <= 0 || h <= 0 || dst.w <= 0 || dst.h <= 0)
        return;
    if (gf_vector_image(r, argb, w, h, dst, smooth, what))
        return;
    void *pixels;
    int pitch;
    SDL_Texture *tex = gf_texture_for_writing(r, w, h, what, &pixels, &pitch);
    if (!tex)
        return;
    for (int y = 0; y < h; y++)
        memcpy((Uint8 *)pixels + (size_t)y * (size_t)pitch, argb + (size_t)y * (size_t)w, (size_t)w * 4);
    SDL_UnlockTexture(tex);
    SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_NONE);
    if (SDL_SetTextureScaleMode(tex, smooth ? SDL_ScaleModeLinear : SDL_ScaleModeNearest) != 0)
        SDL_LogError(SDL_LOG_CATEGORY_RENDER, "no %s scaling for the %s: %s", smooth ? "linear" : "nearest", what,
                     SDL_GetError());
    if (SDL_RenderCopy(r, tex, NULL, &dst) != 0)
        SDL_LogError(SDL_LOG_CATEGORY_RENDER, "cannot draw the %s: %s", what, SDL_GetError());
    SDL_DestroyTexture(tex);
}

static int by_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

void gf_fill_around(SDL_Renderer *r, SDL_Rect area, const SDL_Rect *holes, int n, SDL_Color c)
{
    enum { MAX_HOLES = 32 };
    if (n > MAX_HOLES) {   /* more than a frame has: fill it all */
        gf_fill(r, area, c);
        return;
    }
    /* Horizontal bands between the holes' top and bottom edges; in each,
     * the stretches of x no hole covers. */
    int ys[2 * MAX_HOLES + 2], ny = 0;
    ys[ny++] = area.y;
    ys[ny++] = area.y + area.h;
    for (int i = 0; i < n; i++) {
        ys[ny++] = holes[i].y;
        ys[ny++] = holes[i].y + holes[i].h;
    }
    qsort(ys, (size_t)ny, sizeof *ys, by_int);
    for (int b = 0; b + 1 < ny; b++) {
        int top = ys[b] > area.y ? ys[b] : area.y;
        int bottom = ys[b + 1] < area.y + area.h ? ys[b + 1] : area.y + area.h;
        if (bottom <= top)
            continue;
        int xs[2 * MAX_HOLES], nx = 0;   /* the holes across this band, as [x0, x1) pairs sorted by x0 */
        for (int i = 0; i < n; i++)
            if (holes[i].y <= top && holes[i].y + holes[i].h >= bottom && holes[i].w > 0) {
                xs[nx++] = holes[i].x;
                xs[nx++] = holes[i].x + holes[i].w;
            }
        for (int i = 0; i + 2 < nx; i += 2)   /* insertion sort of the pairs: a handful */
            for (int j = i + 2; j > 0 && xs[j] < xs[j - 2]; j -= 2) {
                int x0 = xs[j], x1 = xs[j + 1];
                xs[j] = xs[j - 2];
                xs[j + 1] = xs[j - 1];
                xs[j - 2] = x0;
                xs[j - 1] = x1;
            }
        int x = area.x;
        for (int i = 0; i < nx; i += 2) {
            if (xs[i] > x)
                gf_fill(r, (SDL_Rect){x, top, xs[i] - x, bottom - top}, c);
            if (xs[i + 1] > x)
                x = xs[i + 1];
        }
        if (x < area.x + area.w)
            gf_fill(r, (SDL_Rect){x, top, area.x + area.w - x, bottom - top}, c);
    }
}

void gf_outline(SDL_Renderer *r, SDL_Rect rect, SDL_Color c, int t)
{
    if (t < 1)
        t = 1;
    gf_fill(r, (SDL_Rect){rect.x, rect.y, rect.w, t}, c);
    gf_fill(r, (SDL_Rect){rect.x, rect.y + rect.h - t, rect.w, t}, c);
    gf_fill(r, (SDL_Rect){rect.x, rect.y, t, rect.h}, c);
    gf_fill(r, (SDL_Rect){rect.x + rect.w - t, rect.y, t, rect.h}, c);
}

/* One solid segment as a quad of two triangles. */
static void segment(SDL_Renderer *r, float x0, float y0, float x1, float y1, SDL_Color c, float t)
{
    float dx = x1 - x0, dy = y1 - y0;
    float len = sqrtf(dx * dx + dy * dy);
    if (len < 1e-3f)
        return;
    float nx = -dy / len * t * 0.5f, ny = dx / len * t * 0.5f;
    SDL_Vertex v[4] = {
        {{x0 + nx, y0 + ny}, c, {0, 0}}, {{x1 + nx, y1 + ny}, c, {0, 0}},
        {{x1 - nx, y1 - ny}, c, {0, 0}}, {{x0 - nx, y0 - ny}, c, {0, 0}},
    };
    static const int idx[6] = {0, 1, 2, 0, 2, 3};
    SDL_RenderGeometry(r, NULL, v, 4, idx, 6);
}

void gf_line(SDL_Renderer *r, float x0, float y0, float x1, float y1, SDL_Color c, float t, float dash)
{
    if (gf_vector_line(r, x0, y0, x1, y1, c, t, dash))
        return;
    set_blend(r, c);
    if (dash <= 0.0f) {
        segment(r, x0, y0, x1, y1, c, t);
        return;
    }
    float dx = x1 - x0, dy = y1 - y0;
    float len = sqrtf(dx * dx + dy * dy);
    for (float s = 0.0f; s < len; s += 2.0f * dash) {
        float e = fminf(s + dash, len);
        segment(r, x0 + dx * s / len, y0 + dy * s / len, x0 + dx * e / len, y0 + dy * e / len, c, t);
    }
}

void gf_polyline(SDL_Renderer *r, const SDL_FPoint *pts, int n, SDL_Color c, float t, float dash)
{
    if (gf_vector_polyline(r, pts, n, c, t, dash))
        return;
    /* Dashes run on along the whole line rather than restarting per segment. */
    float phase = 0.0f;
    set_blend(r, c);
    for (int i = 0; i + 1 < n; i++) {
        SDL_FPoint a = pts[i], b = pts[i + 1];
        if (!isfinite(a.x) || !isfinite(a.y) || !isfinite(b.x) || !isfinite(b.y))
            continue;
        float dx = b.x - a.x, dy = b.y - a.y;
        float len = sqrtf(dx * dx + dy * dy);
        if (dash <= 0.0f) {
            /* extend each segment by half the thickness so joints have no gaps */
            float ex = len > 0 ? dx / len * t * 0.5f : 0, ey = len > 0 ? dy / len * t * 0.5f : 0;
            segment(r, a.x - ex, a.y - ey, b.x + ex, b.y + ey, c, t);
            continue;
        }
        /* phase: position within the current dash period, kept in [0, 2 dash) so
         * it never grows large enough for small steps to be lost to rounding */
        float period = 2.0f * dash;
        float s = 0.0f;
        while (s < len) {
            float to_boundary = (phase < dash ? dash : period) - phase;
            float e = fminf(s + fmaxf(to_boundary, 1e-3f), len);
            if (phase < dash)
                segment(r, a.x + dx * s / len, a.y + dy * s / len, a.x + dx * e / len, a.y + dy * e / len, c, t);
            phase = fmodf(phase + (e - s), period);
            s = e;
        }
    }
}

void gf_disc(SDL_Renderer *r, float cx, float cy, float radius, SDL_Color c)
{
    if (gf_vector_disc(r, cx, cy, radius, c))
        return;
    enum { N = 16 };
    SDL_Vertex v[N + 1];
    int idx[N * 3];
    v[0] = (SDL_Vertex){{cx, cy}, c, {0, 0}};
    for (int i = 0; i < N; i++) {
        float a = 6.2831853f * (float)i / N;
        v[i + 1] = (SDL_Vertex){{cx + radius * cosf(a), cy + radius * sinf(a)}, c, {0, 0}};
        idx[3 * i] = 0;
        idx[3 * i + 1] = i + 1;
        idx[3 * i + 2] = (i + 1) % N + 1;
    }
    set_blend(r, c);
    SDL_RenderGeometry(r, NULL, v, N + 1, idx, N * 3);
}

void gf_clip(SDL_Renderer *r, const SDL_Rect *rect)
{
    if (gf_vector_clip(r, rect))
        return;
    SDL_RenderSetClipRect(r, rect);
}
