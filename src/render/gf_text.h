/* gf_text.h - text drawing with SDL_ttf, cached, with font fallback.
 *
 * Two faces, each regular and bold: a primary (DejaVu Sans) and a fallback
 * (Nanum Gothic, for Korean). Every codepoint is drawn with the first face
 * that has a glyph for it, the fallback coming first in a string that is
 * mostly Hangul, so Korean lines keep one typeface for their Latin letters
 * and digits too (superscripts, arrows and formula symbols excepted); a
 * string whose codepoints need both faces is drawn run by run on one
 * baseline into a single texture.
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

#define GF_TEXT_FONTS 32     /* (size, weight, face) triples kept open */
#define GF_TEXT_FACES 2      /* 0: primary, 1: fallback (preferred for Hangul) */
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
    int face;
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

#define GF_TEXT_SIZES 1024   /* measured sizes remembered (direct-mapped by hash) */

/* A measured string: the layout's fitting loops measure the same strings
 * at the same sizes every frame, and a measurement walks every codepoint. */
struct gf_text_size_entry {
    char *str;              /* NULL: empty slot */
    Uint32 hash;
    int px;
    bool bold;
    SDL_Point size;
};

struct gf_text {
    char *path[GF_TEXT_FACES][2];   /* [face][bold]; a face with no files is skipped */
    struct gf_text_font fonts[GF_TEXT_FONTS];
    struct gf_text_entry entries[GF_TEXT_ENTRIES];
    struct gf_text_size_entry sizes[GF_TEXT_SIZES];
    Uint64 clock;
    long missing_glyphs;            /* codepoints no face has, met while measuring or drawing */
    char missing_example[128];      /* the last string with such a codepoint, for messages */
    int smallest_px;                /* the smallest size drawn since it was last set to 0 (0: none yet),
                                       so tests can hold every frame to the smallest readable size */
};

/* Remembers the font files and checks that they open: the primary face's
 * regular and bold, and optionally (both NULL: none) a fallback face's.
 * TTF_Init must have succeeded. On failure logs the SDL_ttf error and
 * returns false. */
bool gf_text_init(struct gf_text *t, const char *regular_path, const char *bold_path,
                  const char *fallback_regular_path, const char *fallback_bold_path);
void gf_text_destroy(struct gf_text *t);

/* Drops every texture made for this renderer (call before destroying it). */
void gf_text_forget_renderer(struct gf_text *t, SDL_Renderer *r);

/* Does any face draw codepoint c (regular weight)? False also when no font opens. */
bool gf_text_has_glyph(struct gf_text *t, Uint32 c);
/* May a wrapped line break at the space between two words (UTF-8, without
 * spaces)? Not inside a formula: never next to an operator (×, =, ≈, ≤, ≥,
 * +, −, ·, /, arrows), nor between a function name (ln, log, exp) and its
 * argument. Text that must hold together otherwise (a Korean number and
 * its counter, "한 번") is written with no-break spaces. */
bool gf_text_break_between(const char *left, size_t left_len, const char *right, size_t right_len);

/* Width and height of s (UTF-8) at px pixels: exactly the rectangle
 * gf_text_draw fills. */
SDL_Point gf_text_size(struct gf_text *t, const char *s, int px, bool bold);

/* Draws s with its anchor at (x, y), aligned by align (an OR of gf_align
 * flags); returns the rectangle drawn. */
SDL_Rect gf_text_draw(struct gf_text *t, SDL_Renderer *r, const char *s, int px, bool bold,
                      SDL_Color color, int x, int y, int align);

#endif
