/* gf_text.h - text drawing with SDL_ttf, cached.
 *
 * Fonts are opened per pixel size on first use; each rendered string is
 * kept as a texture (per renderer, size, weight and colour) and reused
 * while it keeps being drawn, so a steady frame renders no text at all.
 */
#ifndef GF_TEXT_H
#define GF_TEXT_H

#include <stdbool.h>

#include <SDL.h>
#include <SDL_ttf.h>

#define GF_TEXT_FONTS 24     /* (size, weight) pairs kept open */
#define GF_TEXT_ENTRIES 768  /* cached string textures */

enum gf_align {
    GF_ALIGN_LEFT = 0,
    GF_ALIGN_CENTER = 1,
    GF_ALIGN_RIGHT = 2,
    GF_ALIGN_TOP = 0,
    GF_ALIGN_MIDDLE = 4,
    GF_ALIGN_BOTTOM = 8,
};

struct gf_text_font {
    TTF_Font *font;
    int px;
    bool bold;
    Uint64 used;
};

struct gf_text_entry {
    SDL_Renderer *renderer;
    SDL_Texture *texture;   /* NULL: free slot */
    Uint32 hash;
    int px;
    bool bold;
    SDL_Color color;
    int w, h;
    char *str;
    Uint64 used;
};

struct gf_text {
    char *path[2];          /* regular, bold */
    struct gf_text_font fonts[GF_TEXT_FONTS];
    struct gf_text_entry entries[GF_TEXT_ENTRIES];
    Uint64 clock;
};

/* Remembers the font files and checks that they open. TTF_Init must have
 * succeeded. On failure logs the SDL_ttf error and returns false. */
bool gf_text_init(struct gf_text *t, const char *regular_path, const char *bold_path);
void gf_text_destroy(struct gf_text *t);

/* Drops every texture made for this renderer (call before destroying it). */
void gf_text_forget_renderer(struct gf_text *t, SDL_Renderer *r);

/* Width and height of s (UTF-8) at px pixels. */
SDL_Point gf_text_size(struct gf_text *t, const char *s, int px, bool bold);

/* Draws s with its anchor at (x, y), aligned by align (an OR of gf_align
 * flags); returns the rectangle drawn. */
SDL_Rect gf_text_draw(struct gf_text *t, SDL_Renderer *r, const char *s, int px, bool bold,
                      SDL_Color color, int x, int y, int align);

#endif
