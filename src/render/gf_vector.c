/* gf_vector.c - the cairo target: a software renderer that stands for a
 * cairo context, gf_draw's primitives drawn with cairo, and cairo-ft fonts
 * opened from gf_text's font files. Built without cairo (GF_FIGURES 0), the
 * same calls make no target and draw nothing: the one place that knows. */
#include "gf_vector.h"

#include <stdio.h>
#include <string.h>

#if GF_FIGURES

#include <math.h>

#include <cairo-ft.h>
#include <cairo.h>
#include <ft2build.h>
#include FT_FREETYPE_H

/* The target bound on this thread: its stand-in renderer and cairo context. */
static _Thread_local SDL_Renderer *bound_target;
static _Thread_local cairo_t *bound_cairo;
static _Thread_local SDL_Surface *bound_surface;

SDL_Renderer *gf_vector_begin(cairo_t *cr, char *err, size_t errlen)
{
    if (bound_target) {
        snprintf(err, errlen, "a vector figure is already being drawn on this thread");
        return NULL;
    }
    /* 1 x 1: nothing is meant to be drawn into it; it is the target's identity. */
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, 1, 1, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *r = s ? SDL_CreateSoftwareRenderer(s) : NULL;
    if (!r) {
        snprintf(err, errlen, "cannot make a drawing target: %s", SDL_GetError());
        SDL_FreeSurface(s);
        return NULL;
    }
    bound_target = r;
    bound_cairo = cr;
    bound_surface = s;
    return r;
}

void gf_vector_end(SDL_Renderer *target)
{
    if (!target || target != bound_target)
        return;
    SDL_DestroyRenderer(target);
    SDL_FreeSurface(bound_surface);
    bound_target = NULL;
    bound_cairo = NULL;
    bound_surface = NULL;
}

cairo_t *gf_vector_cairo(SDL_Renderer *r)
{
    return r && r == bound_target ? bound_cairo : NULL;
}

bool gf_vector_failed(cairo_t *cr, char *err, size_t errlen)
{
    cairo_status_t st = cairo_status(cr);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(cairo_get_target(cr));
    if (st == CAIRO_STATUS_SUCCESS)
        return false;
    snprintf(err, errlen, "cairo: %s", cairo_status_to_string(st));
    return true;
}

/* -------------------------------------------------------------------------
 * gf_draw's primitives with cairo
 */

static void cairo_colour(cairo_t *cr, SDL_Color c)
{
    cairo_set_source_rgba(cr, c.r / 255.0, c.g / 255.0, c.b / 255.0, c.a / 255.0);
}

bool gf_vector_fill(SDL_Renderer *r, SDL_Rect rect, SDL_Color c)
{
    cairo_t *cr = gf_vector_cairo(r);
    if (!cr)
        return false;
    if (rect.w <= 0 || rect.h <= 0)
        return true;
    cairo_colour(cr, c);
    cairo_rectangle(cr, rect.x, rect.y, rect.w, rect.h);
    cairo_fill(cr);
    return true;
}

bool gf_vector_clear(SDL_Renderer *r, SDL_Color c)
{
    cairo_t *cr = gf_vector_cairo(r);
    if (!cr)
        return false;
    cairo_save(cr);
    cairo_colour(cr, c);
    cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE);
    cairo_paint(cr);
    cairo_restore(cr);
    return true;
}

bool gf_vector_image(SDL_Renderer *r, const Uint32 *argb, int w, int h, SDL_Rect dst, bool smooth, const char *what)
{
    cairo_t *cr = gf_vector_cairo(r);
    if (!cr)
        return false;
    /* Embedded at its own resolution; the viewer scales it as the window
     * does. Blocky images in an SVG are the exception: SVG viewers smooth
     * every image (librsvg ignores image-rendering), so each pixel goes in
     * as a block of whole pixels of the figure, and smoothing can only
     * soften the blocks' edges. PDF keeps its "no interpolation" flag. */
    int kx = 1, ky = 1;
    if (!smooth && cairo_surface_get_type(cairo_get_target(cr)) == CAIRO_SURFACE_TYPE_SVG) {
        kx = (dst.w + w - 1) / w;
        ky = (dst.h + h - 1) / h;
        kx = kx * w > 8192 ? 8192 / w : kx;
        ky = ky * h > 8192 ? 8192 / h : ky;
        kx = kx < 1 ? 1 : kx;
        ky = ky < 1 ? 1 : ky;
    }
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w * kx, h * ky);
    if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS) {
        SDL_LogError(SDL_LOG_CATEGORY_RENDER, "cannot make the %s image: %s", what,
                     cairo_status_to_string(cairo_surface_status(img)));
        cairo_surface_destroy(img);
        return true;
    }
    cairo_surface_flush(img);
    unsigned char *data = cairo_image_surface_get_data(img);
    int stride = cairo_image_surface_get_stride(img);
    for (int y = 0; y < h * ky; y++) {   /* both are native-endian 0xAARRGGBB words */
        Uint32 *line = (Uint32 *)(data + (size_t)y * (size_t)stride);
        const Uint32 *from = argb + (size_t)(y / ky) * (size_t)w;
        for (int x = 0; x < w * kx; x++)
            line[x] = from[x / kx];
    }
    cairo_surface_mark_dirty(img);
    cairo_save(cr);
    cairo_rectangle(cr, dst.x, dst.y, dst.w, dst.h);
    cairo_clip(cr);
    cairo_translate(cr, dst.x, dst.y);
    cairo_scale(cr, (double)dst.w / (w * kx), (double)dst.h / (h * ky));
    cairo_set_source_surface(cr, img, 0, 0);
    cairo_pattern_t *pat = cairo_get_source(cr);
    cairo_pattern_set_filter(pat, smooth ? CAIRO_FILTER_BILINEAR : CAIRO_FILTER_NEAREST);
    cairo_pattern_set_extend(pat, CAIRO_EXTEND_PAD);   /* edges keep their own colour when smoothed */
    cairo_paint(cr);
    cairo_restore(cr);
    cairo_surface_destroy(img);
    return true;
}

/* A stroke of the current path in c, t wide, dashed when dash > 0. */
static void cairo_stroke_as(cairo_t *cr, SDL_Color c, float t, float dash, cairo_line_cap_t cap)
{
    cairo_colour(cr, c);
    cairo_set_line_width(cr, t);
    cairo_set_line_cap(cr, cap);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    double d = dash;
    cairo_set_dash(cr, &d, dash > 0.0f ? 1 : 0, 0.0);
    cairo_stroke(cr);
}

bool gf_vector_line(SDL_Renderer *r, float x0, float y0, float x1, float y1, SDL_Color c, float t, float dash)
{
    cairo_t *cr = gf_vector_cairo(r);
    if (!cr)
        return false;
    cairo_move_to(cr, x0, y0);
    cairo_line_to(cr, x1, y1);
    cairo_stroke_as(cr, c, t, dash, CAIRO_LINE_CAP_BUTT);
    return true;
}

bool gf_vector_polyline(SDL_Renderer *r, const SDL_FPoint *pts, int n, SDL_Color c, float t, float dash)
{
    cairo_t *cr = gf_vector_cairo(r);
    if (!cr)
        return false;
    /* One path, broken where a point is not finite; cairo runs dashes on along it. */
    bool open = false;
    for (int i = 0; i < n; i++) {
        if (!isfinite(pts[i].x) || !isfinite(pts[i].y)) {
            open = false;
            continue;
        }
        if (open)
            cairo_line_to(cr, pts[i].x, pts[i].y);
        else
            cairo_move_to(cr, pts[i].x, pts[i].y);
        open = true;
    }
    /* square caps: the SDL drawing extends each end by half the thickness */
    cairo_stroke_as(cr, c, t, dash, dash > 0.0f ? CAIRO_LINE_CAP_BUTT : CAIRO_LINE_CAP_SQUARE);
    return true;
}

bool gf_vector_disc(SDL_Renderer *r, float cx, float cy, float radius, SDL_Color c)
{
    cairo_t *cr = gf_vector_cairo(r);
    if (!cr)
        return false;
    cairo_colour(cr, c);
    cairo_new_path(cr);
    cairo_arc(cr, cx, cy, radius, 0.0, 6.283185307179586);
    cairo_fill(cr);
    return true;
}

bool gf_vector_clip(SDL_Renderer *r, const SDL_Rect *rect)
{
    cairo_t *cr = gf_vector_cairo(r);
    if (!cr)
        return false;
    cairo_reset_clip(cr);
    if (rect) {
        cairo_rectangle(cr, rect->x, rect->y, rect->w, rect->h);
        cairo_clip(cr);
    }
    return true;
}

/* -------------------------------------------------------------------------
 * Fonts: one cairo face per font file, opened once per process and kept
 * (cairo's own caches may hold a face past any one figure).
 */

#define FACES 8

static SDL_SpinLock face_lock;
static FT_Library ft_library;
static struct {
    char *path;
    cairo_font_face_t *face;
} faces[FACES];

static const cairo_user_data_key_t ft_face_key;

static void done_face(void *p)
{
    FT_Done_Face((FT_Face)p);
}

static cairo_font_face_t *open_face(const char *path)
{
    if (!ft_library && FT_Init_FreeType(&ft_library) != 0) {
        ft_library = NULL;
        SDL_LogError(SDL_LOG_CATEGORY_RENDER, "cannot start FreeType for vector text");
        return NULL;
    }
    FT_Face ft;
    if (FT_New_Face(ft_library, path, 0, &ft) != 0) {
        SDL_LogError(SDL_LOG_CATEGORY_RENDER, "cannot open font %s for vector text", path);
        return NULL;
    }
    cairo_font_face_t *face = cairo_ft_font_face_create_for_ft_face(ft, 0);
    if (cairo_font_face_set_user_data(face, &ft_face_key, ft, done_face) != CAIRO_STATUS_SUCCESS) {
        SDL_LogError(SDL_LOG_CATEGORY_RENDER, "cannot keep font %s for vector text", path);
        cairo_font_face_destroy(face);
        FT_Done_Face(ft);
        return NULL;
    }
    return face;
}

static cairo_font_face_t *face_for(const char *path)
{
    cairo_font_face_t *found = NULL;
    SDL_AtomicLock(&face_lock);
    int i = 0;
    for (; i < FACES && faces[i].path; i++)
        if (strcmp(faces[i].path, path) == 0) {
            found = faces[i].face;
            break;
        }
    if (!found && i < FACES) {
        char *copy = SDL_strdup(path);
        found = copy ? open_face(path) : NULL;
        if (found) {
            faces[i].path = copy;
            faces[i].face = found;
        } else {
            SDL_free(copy);
        }
    }
    SDL_AtomicUnlock(&face_lock);
    return found;
}

bool gf_vector_text(cairo_t *cr, const char *font_path, int px, const char *s, size_t n, SDL_Color c, double x,
                    double baseline)
{
    cairo_font_face_t *face = face_for(font_path);
    if (!face)
        return false;
    char small[256];
    char *z = n < sizeof small ? small : SDL_malloc(n + 1);
    if (!z)
        return false;
    memcpy(z, s, n);
    z[n] = '\0';
    cairo_save(cr);
    cairo_set_font_face(cr, face);
    /* SDL_ttf opens a font at px "points" at 72 dpi: an em of px pixels. */
    cairo_set_font_size(cr, px);
    cairo_set_source_rgba(cr, c.r / 255.0, c.g / 255.0, c.b / 255.0, c.a / 255.0);
    cairo_move_to(cr, x, baseline);
    cairo_show_text(cr, z);
    cairo_restore(cr);
    if (z != small)
        SDL_free(z);
    return true;
}

#else   /* a build without cairo: no vector target is ever made */

SDL_Renderer *gf_vector_begin(cairo_t *cr, char *err, size_t errlen)
{
    (void)cr;
    snprintf(err, errlen, "%s", GF_VECTOR_MISSING);
    return NULL;
}

void gf_vector_end(SDL_Renderer *target) { (void)target; }

cairo_t *gf_vector_cairo(SDL_Renderer *r)
{
    (void)r;
    return NULL;
}

bool gf_vector_text(cairo_t *cr, const char *font_path, int px, const char *s, size_t n, SDL_Color c, double x,
                    double baseline)
{
    (void)cr, (void)font_path, (void)px, (void)s, (void)n, (void)c, (void)x, (void)baseline;
    return false;
}

bool gf_vector_failed(cairo_t *cr, char *err, size_t errlen)
{
    (void)cr;
    snprintf(err, errlen, "%s", GF_VECTOR_MISSING);
    return true;
}

bool gf_vector_fill(SDL_Renderer *r, SDL_Rect rect, SDL_Color c)
{
    (void)r, (void)rect, (void)c;
    return false;
}

bool gf_vector_clear(SDL_Renderer *r, SDL_Color c)
{
    (void)r, (void)c;
    return false;
}

bool gf_vector_image(SDL_Renderer *r, const Uint32 *argb, int w, int h, SDL_Rect dst, bool smooth, const char *what)
{
    (void)r, (void)argb, (void)w, (void)h, (void)dst, (void)smooth, (void)what;
    return false;
}

bool gf_vector_line(SDL_Renderer *r, float x0, float y0, float x1, float y1, SDL_Color c, float t, float dash)
{
    (void)r, (void)x0, (void)y0, (void)x1, (void)y1, (void)c, (void)t, (void)dash;
    return false;
}

bool gf_vector_polyline(SDL_Renderer *r, const SDL_FPoint *pts, int n, SDL_Color c, float t, float dash)
{
    (void)r, (void)pts, (void)n, (void)c, (void)t, (void)dash;
    return false;
}

bool gf_vector_disc(SDL_Renderer *r, float cx, float cy, float radius, SDL_Color c)
{
    (void)r, (void)cx, (void)cy, (void)radius, (void)c;
    return false;
}

bool gf_vector_clip(SDL_Renderer *r, const SDL_Rect *rect)
{
    (void)r, (void)rect;
    return false;
}

#endif
