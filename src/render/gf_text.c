/* gf_text.c - font and texture caches. */
#include "gf_text.h"

#include <stdio.h>
#include <string.h>

#include "gf_vector.h"

static char *dup_string(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = SDL_malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

bool gf_text_init(struct gf_text *t, const char *regular_path, const char *bold_path,
                  const char *fallback_regular_path, const char *fallback_bold_path)
{
    memset(t, 0, sizeof *t);
    const char *paths[GF_TEXT_FACES][2] = {{regular_path, bold_path}, {fallback_regular_path, fallback_bold_path}};
    for (int f = 0; f < GF_TEXT_FACES; f++)
        for (int b = 0; b < 2; b++) {
            if (!paths[f][b])
                continue;   /* no fallback face */
            t->path[f][b] = dup_string(paths[f][b]);
            if (!t->path[f][b]) {
                SDL_LogError(SDL_LOG_CATEGORY_APPLICATION, "out of memory");
                gf_text_destroy(t);
                return false;
            }
            TTF_Font *font = TTF_OpenFont(t->path[f][b], 16);
            if (!font) {
                SDL_LogError(SDL_LOG_CATEGORY_APPLICATION, "cannot open font %s: %s", t->path[f][b], TTF_GetError());
                gf_text_destroy(t);
                return false;
            }
            TTF_CloseFont(font);
        }
    if (!t->path[0][0] || !t->path[0][1]) {
        SDL_LogError(SDL_LOG_CATEGORY_APPLICATION, "the primary font needs a regular and a bold file");
        gf_text_destroy(t);
        return false;
    }
    return true;
}

static void drop_entry(struct gf_text_entry *e)
{
    if (e->texture)
        SDL_DestroyTexture(e->texture);
    SDL_free(e->str);
    memset(e, 0, sizeof *e);
}

void gf_text_destroy(struct gf_text *t)
{
    for (int i = 0; i < GF_TEXT_ENTRIES; i++)
        drop_entry(&t->entries[i]);
    for (int i = 0; i < GF_TEXT_SIZES; i++)
        SDL_free(t->sizes[i].str);
    for (int i = 0; i < GF_TEXT_FONTS; i++)
        if (t->fonts[i].font)
            TTF_CloseFont(t->fonts[i].font);
    for (int f = 0; f < GF_TEXT_FACES; f++)
        for (int b = 0; b < 2; b++)
            SDL_free(t->path[f][b]);
    memset(t, 0, sizeof *t);
}

void gf_text_forget_renderer(struct gf_text *t, SDL_Renderer *r)
{
    for (int i = 0; i < GF_TEXT_ENTRIES; i++)
        if (t->entries[i].renderer == r)
            drop_entry(&t->entries[i]);
}

/* The face's font at px, opened on first use; NULL when the face has no
 * file or it cannot be opened (logged). */
static TTF_Font *font_for(struct gf_text *t, int px, bool bold, int face)
{
    const char *path = t->path[face][bold];
    if (!path)
        return NULL;
    int slot = 0;   /* a free slot, else the least recently used */
    for (int i = 0; i < GF_TEXT_FONTS; i++) {
        struct gf_text_font *f = &t->fonts[i];
        if (f->font && f->px == px && f->bold == bold && f->face == face) {
            f->used = ++t->clock;
            return f->font;
        }
        if (f->used < t->fonts[slot].used)   /* free slots have used == 0 */
            slot = i;
    }
    struct gf_text_font *f = &t->fonts[slot];
    if (f->font)
        TTF_CloseFont(f->font);
    f->used = 0;
    f->font = TTF_OpenFont(path, px);
    if (!f->font) {
        SDL_LogError(SDL_LOG_CATEGORY_APPLICATION, "cannot open font %s at %d px: %s", path, px, TTF_GetError());
        return NULL;
    }
    TTF_SetFontHinting(f->font, TTF_HINTING_LIGHT);
    f->px = px;
    f->bold = bold;
    f->face = face;
    f->used = ++t->clock;
    return f->font;
}

/* -------------------------------------------------------------------------
 * Runs: the string cut where the face drawing it changes
 */

#define MAX_RUNS 32   /* more changes of face than this: the rest is drawn in the last run's */

struct text_run {
    int face;
    TTF_Font *font;
    size_t start, len;   /* bytes of the string */
    int w, h;            /* as TTF_SizeUTF8 measures the run */
    int baseline;        /* from the top of the run's own surface */
};

struct text_layout {
    int n;
    struct text_run run[MAX_RUNS];
    int w, h, baseline;  /* of the whole string, runs side by side on one baseline */
};

/* The codepoint at *s (UTF-8), advancing *s; a malformed byte reads as U+FFFD. */
static Uint32 next_codepoint(const char **s)
{
    const unsigned char *p = (const unsigned char *)*s;
    Uint32 c = p[0];
    int len = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
    if (len == 0) {
        (*s)++;
        return 0xfffd;
    }
    if (len > 1)
        c &= 0xffu >> (len + 1);
    for (int i = 1; i < len; i++) {
        if ((p[i] & 0xc0) != 0x80) {   /* cut short (the NUL included): resume there */
            *s += i;
            return 0xfffd;
        }
        c = c << 6 | (p[i] & 0x3f);
    }
    *s += len;
    return c;
}

static bool is_hangul(Uint32 c)
{
    return (c >= 0xac00 && c <= 0xd7a3) || (c >= 0x1100 && c <= 0x11ff) || (c >= 0x3130 && c <= 0x318f) ||
           (c >= 0xa960 && c <= 0xa97f) || (c >= 0xd7b0 && c <= 0xd7ff);
}

/* Symbols that come from the primary face in Korean text too: superscript
 * and subscript digits and signs (Nanum Gothic lacks half of them, so
 * "10⁻¹²" would mix two typefaces), arrows (Nanum's are hairlines), and
 * the norm bars, prime and operators of formulas, so "‖g‖" and "f′(x)" read
 * as they do in English; also < and > (Nanum's look like the brackets 〈 〉,
 * so "x < 0" would not read as a comparison) and ¼ (Nanum's is tiny). */
static bool is_primary_symbol(Uint32 c)
{
    return (c >= 0x2070 && c <= 0x209f) || c == 0xb2 || c == 0xb3 || c == 0xb9 || (c >= 0x2190 && c <= 0x21ff) ||
           c == 0x2016 || c == 0x2032 || (c >= 0x2200 && c <= 0x22ff) || c == '<' || c == '>' || c == 0xbc;
}

/* Whether s is mostly Korean: its Hangul, a syllable counting as four
 * Latin letters, at least matches its Latin. "언어: English / 한국어" is; the
 * English help's "language: English / 한국어" is not, and keeps DejaVu Sans
 * for its Latin like the lines around it. */
static bool mostly_korean(const char *s)
{
    long hangul = 0, latin = 0;
    while (*s) {
        Uint32 c = next_codepoint(&s);
        if (is_hangul(c))
            hangul++;
        else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
            latin++;
    }
    return hangul > 0 && 4 * hangul >= latin;
}

/* Height of the glyphs of s above font's ascent, which SDL_ttf adds at the
 * top of the surface (a tall accent, a missing glyph's box). */
static int extra_above(TTF_Font *font, const char *s)
{
    int ascent = TTF_FontAscent(font), extra = 0;
    while (*s) {
        int maxy = 0;
        if (TTF_GlyphMetrics32(font, next_codepoint(&s), NULL, NULL, NULL, &maxy, NULL) == 0 && maxy - ascent > extra)
            extra = maxy - ascent;
    }
    return extra;
}

bool gf_text_has_glyph(struct gf_text *t, Uint32 c)
{
    for (int face = 0; face < GF_TEXT_FACES; face++) {
        TTF_Font *font = font_for(t, 24, false, face);   /* any size: the glyph set does not change with it */
        if (font && TTF_GlyphIsProvided32(font, c))
            return true;
    }
    return false;
}

static void note_missing(struct gf_text *t, const char *s, Uint32 c)
{
    t->missing_glyphs++;
    snprintf(t->missing_example, sizeof t->missing_example, "U+%04X in \"%.100s\"", (unsigned)c, s);
}

/* Cuts s into runs of codepoints drawn by one face each and measures them.
 * scratch (strlen(s) + 1 bytes) receives a copy of s, each run cut off with
 * a NUL while it is measured (SDL_ttf takes C strings); the next run's copy
 * overwrites that NUL. False when no font opens. */
static bool lay_out(struct gf_text *t, const char *s, int px, bool bold, char *scratch, struct text_layout *lay)
{
    int order[GF_TEXT_FACES] = {0, 1};
    if (mostly_korean(s)) {   /* Korean keeps one typeface for its Latin letters and digits too */
        order[0] = 1;
        order[1] = 0;
    }
    TTF_Font *fonts[GF_TEXT_FACES] = {NULL, NULL};
    bool tried[GF_TEXT_FACES] = {false, false};
    int first = -1;   /* the preferred face that opens, for codepoints no face has */
    for (int i = 0; i < GF_TEXT_FACES && first < 0; i++) {
        fonts[order[i]] = font_for(t, px, bold, order[i]);
        tried[order[i]] = true;
        if (fonts[order[i]])
            first = order[i];
    }
    if (first < 0)
        return false;

    memset(lay, 0, sizeof *lay);
    const char *p = s;
    while (*p) {
        const char *at = p;
        Uint32 c = next_codepoint(&p);
        int face = -1;
        bool swap = order[0] != 0 && is_primary_symbol(c);
        for (int i = 0; i < GF_TEXT_FACES && face < 0; i++) {
            int f = order[swap ? GF_TEXT_FACES - 1 - i : i];
            if (!tried[f]) {
                fonts[f] = font_for(t, px, bold, f);
                tried[f] = true;
            }
            if (fonts[f] && TTF_GlyphIsProvided32(fonts[f], c))
                face = f;
        }
        if (face < 0) {
            note_missing(t, s, c);
            face = first;
        }
        struct text_run *r = lay->n > 0 ? &lay->run[lay->n - 1] : NULL;
        if (!r || (r->face != face && lay->n < MAX_RUNS)) {
            r = &lay->run[lay->n++];
            r->face = face;
            r->font = fonts[face];
            r->start = (size_t)(at - s);
        }
        r->len = (size_t)(p - s) - r->start;
    }

    int below = 0;
    for (int i = 0; i < lay->n; i++) {
        struct text_run *r = &lay->run[i];
        memcpy(scratch + r->start, s + r->start, r->len);
        scratch[r->start + r->len] = '\0';
        if (TTF_SizeUTF8(r->font, scratch + r->start, &r->w, &r->h) != 0)
            r->w = r->h = 0;
        r->baseline = lay->n == 1 ? 0 : TTF_FontAscent(r->font) + extra_above(r->font, scratch + r->start);
        lay->w += r->w;
        if (r->baseline > lay->baseline)
            lay->baseline = r->baseline;
        if (r->h - r->baseline > below)
            below = r->h - r->baseline;
    }
    lay->h = lay->n == 1 ? lay->run[0].h : lay->baseline + below;
    return true;
}

/* The string drawn run by run into one surface, each run's baseline on the
 * string's; the caller frees it. */
static SDL_Surface *render_runs(const struct text_layout *lay, char *scratch, SDL_Color color)
{
    SDL_Surface *out = SDL_CreateRGBSurfaceWithFormat(0, lay->w, lay->h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!out) {
        SDL_LogError(SDL_LOG_CATEGORY_APPLICATION, "cannot make a text surface: %s", SDL_GetError());
        return NULL;
    }
    int x = 0;
    for (int i = 0; i < lay->n; i++) {
        const struct text_run *r = &lay->run[i];
        /* each run ends where the next begins: cut it there while it is drawn */
        char *end = scratch + r->start + r->len, saved = *end;
        *end = '\0';
        SDL_Surface *part = TTF_RenderUTF8_Blended(r->font, scratch + r->start, color);
        *end = saved;
        if (!part) {
            SDL_LogError(SDL_LOG_CATEGORY_APPLICATION, "cannot render text \"%s\": %s", scratch + r->start,
                         TTF_GetError());
            SDL_FreeSurface(out);
            return NULL;
        }
        SDL_SetSurfaceBlendMode(part, SDL_BLENDMODE_NONE);   /* copy the coverage as it is */
        SDL_Rect at = {x, lay->baseline - r->baseline, part->w, part->h};
        SDL_BlitSurface(part, NULL, out, &at);
        SDL_FreeSurface(part);
        x += r->w;
    }
    return out;
}

/* s rendered in one surface, with font fallback; NULL (logged) on failure. */
static SDL_Surface *render_string(struct gf_text *t, const char *s, int px, bool bold, SDL_Color color)
{
    char *scratch = SDL_malloc(strlen(s) + 1);
    if (!scratch) {
        SDL_LogError(SDL_LOG_CATEGORY_APPLICATION, "out of memory");
        return NULL;
    }
    struct text_layout lay;
    SDL_Surface *surf = NULL;
    if (lay_out(t, s, px, bold, scratch, &lay)) {
        if (lay.n == 1) {   /* the common case: one face, drawn as SDL_ttf draws it */
            surf = TTF_RenderUTF8_Blended(lay.run[0].font, s, color);
            if (!surf)
                SDL_LogError(SDL_LOG_CATEGORY_APPLICATION, "cannot render text \"%s\": %s", s, TTF_GetError());
        } else {
            surf = render_runs(&lay, scratch, color);
        }
    }
    SDL_free(scratch);
    return surf;
}

/* -------------------------------------------------------------------------
 * Textures
 */

static Uint32 hash_string(const char *s)
{
    Uint32 h = 2166136261u;   /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (Uint8)*s) * 16777619u;
    return h;
}

static bool same_color(SDL_Color a, SDL_Color b)
{
    return a.r == b.r && a.g == b.g && a.b == b.b && a.a == b.a;
}

static struct gf_text_entry *entry_for(struct gf_text *t, SDL_Renderer *r, const char *s, int px, bool bold,
                                       SDL_Color color)
{
    Uint32 h = hash_string(s);
    int victim = 0;
    for (int i = 0; i < GF_TEXT_ENTRIES; i++) {
        struct gf_text_entry *e = &t->entries[i];
        if (e->texture && e->hash == h && e->renderer == r && e->px == px && e->bold == bold &&
            same_color(e->color, color) && strcmp(e->str, s) == 0) {
            e->used = ++t->clock;
            return e;
        }
        if (e->used < t->entries[victim].used)   /* free slots have used == 0 */
            victim = i;
    }
    SDL_Surface *surf = render_string(t, s, px, bold, color);
    if (!surf)
        return NULL;
    struct gf_text_entry *e = &t->entries[victim];
    drop_entry(e);
    e->texture = SDL_CreateTextureFromSurface(r, surf);
    e->w = surf->w;
    e->h = surf->h;
    SDL_FreeSurface(surf);
    if (!e->texture) {
        SDL_LogError(SDL_LOG_CATEGORY_APPLICATION, "cannot make a text texture: %s", SDL_GetError());
        return NULL;
    }
    e->str = dup_string(s);
    if (!e->str) {
        drop_entry(e);
        return NULL;
    }
    e->renderer = r;
    e->hash = h;
    e->px = px;
    e->bold = bold;
    e->color = color;
    e->used = ++t->clock;
    return e;
}

SDL_Point gf_text_size(struct gf_text *t, const char *s, int px, bool bold)
{
    SDL_Point p = {0, 0};
    if (!*s) {
        TTF_Font *font = font_for(t, px, bold, 0);
        if (font)
            p.y = TTF_FontHeight(font);
        return p;
    }
    Uint32 h = hash_string(s);
    struct gf_text_size_entry *e = &t->sizes[(h ^ (Uint32)px * 2654435761u ^ (Uint32)bold) % GF_TEXT_SIZES];
    if (e->str && e->hash == h && e->px == px && e->bold == bold && strcmp(e->str, s) == 0)
        return e->size;
    char small[256];
    size_t n = strlen(s) + 1;
    char *scratch = n <= sizeof small ? small : SDL_malloc(n);
    struct text_layout lay;
    bool measured = scratch && lay_out(t, s, px, bold, scratch, &lay);
    if (measured) {
        p.x = lay.w;
        p.y = lay.h;
    }
    if (scratch != small)
        SDL_free(scratch);
    if (measured) {   /* remembered in place of whatever the slot held */
        SDL_free(e->str);
        e->str = dup_string(s);
        e->hash = h;
        e->px = px;
        e->bold = bold;
        e->size = p;
    }
    return p;
}

/* The top-left corner of a w x h string anchored at dst's corner by align. */
static void align_rect(SDL_Rect *dst, int align)
{
    if (align & GF_ALIGN_CENTER)
        dst->x -= dst->w / 2;
    else if (align & GF_ALIGN_RIGHT)
        dst->x -= dst->w;
    if (align & GF_ALIGN_MIDDLE)
        dst->y -= dst->h / 2;
    else if (align & GF_ALIGN_BOTTOM)
        dst->y -= dst->h;
}

/* On a vector target: the runs laid out as for a texture, each drawn as
 * text by cairo on the baseline SDL_ttf would have drawn it on. */
static SDL_Rect draw_vector(struct gf_text *t, cairo_t *cr, const char *s, int px, bool bold, SDL_Color color,
                            SDL_Rect dst, int align)
{
    char *scratch = SDL_malloc(strlen(s) + 1);
    struct text_layout lay;
    if (!scratch || !lay_out(t, s, px, bold, scratch, &lay)) {
        SDL_free(scratch);
        return dst;
    }
    dst.w = lay.w;
    dst.h = lay.h;
    align_rect(&dst, align);
    int x = dst.x;
    for (int i = 0; i < lay.n; i++) {
        const struct text_run *run = &lay.run[i];
        /* one run: SDL_ttf puts the baseline at the ascent, lowered by any glyph that rises above it */
        int baseline = lay.n == 1 ? TTF_FontAscent(run->font) + extra_above(run->font, s) : lay.baseline;
        gf_vector_text(cr, t->path[run->face][bold], px, s + run->start, run->len, color, x, dst.y + baseline);
        x += run->w;
    }
    SDL_free(scratch);
    return dst;
}

SDL_Rect gf_text_draw(struct gf_text *t, SDL_Renderer *r, const char *s, int px, bool bold,
                      SDL_Color color, int x, int y, int align)
{
    SDL_Rect dst = {x, y, 0, 0};
    if (!*s)
        return dst;
    if (t->smallest_px == 0 || px < t->smallest_px)
        t->smallest_px = px;
    cairo_t *cr = gf_vector_cairo(r);
    if (cr)
        return draw_vector(t, cr, s, px, bold, color, dst, align);
    struct gf_text_entry *e = entry_for(t, r, s, px, bold, color);
    if (!e)
        return dst;
    dst.w = e->w;
    dst.h = e->h;
    align_rect(&dst, align);
    SDL_RenderCopy(r, e->texture, NULL, &dst);
    return dst;
}

/* Operators that bind the words on both sides of them into one formula. */
static const char *const binding[] = {"×", "=", "≈", "≤", "≥", "+", "−", "·", "/", "→", "←", "<", ">"};

static bool starts_with_binding(const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof binding / sizeof binding[0]; i++) {
        size_t k = strlen(binding[i]);
        if (k <= n && memcmp(s, binding[i], k) == 0)
            return true;
    }
    return false;
}

static bool ends_with_binding(const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof binding / sizeof binding[0]; i++) {
        size_t k = strlen(binding[i]);
        if (k <= n && memcmp(s + n - k, binding[i], k) == 0)
            return true;
    }
    return false;
}

bool gf_text_break_between(const char *left, size_t left_len, const char *right, size_t right_len)
{
    if (left_len == 0 || right_len == 0)
        return true;
    if (ends_with_binding(left, left_len) || starts_with_binding(right, right_len))
        return false;
    static const char *const functions[] = {"ln", "log", "exp"};
    bool number = (right[0] >= '0' && right[0] <= '9') || right[0] == '.' || starts_with_binding(right, right_len);
    for (size_t i = 0; i < sizeof functions / sizeof functions[0]; i++) {
        size_t k = strlen(functions[i]);
        if (number && k <= left_len && memcmp(left + left_len - k, functions[i], k) == 0)
            return false;
    }
    return true;
}
