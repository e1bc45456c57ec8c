/* gf_vector.c - the cairo target: a software renderer that stands for a
 * cairo context, and cairo-ft fonts opened from gf_text's font files. */
#include "gf_vector.h"

#include <stdio.h>
#include <string.h>

#include <cairo-ft.h>
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
