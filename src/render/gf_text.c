/* gf_text.c - font and texture caches. */
#include "gf_text.h"

#include <string.h>

static char *dup_string(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = SDL_malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

bool gf_text_init(struct gf_text *t, const char *regular_path, const char *bold_path)
{
    memset(t, 0, sizeof *t);
    t->path[0] = dup_string(regular_path);
    t->path[1] = dup_string(bold_path);
    if (!t->path[0] || !t->path[1]) {
        SDL_LogError(SDL_LOG_CATEGORY_APPLICATION, "out of memory");
        gf_text_destroy(t);
        return false;
    }
    for (int b = 0; b < 2; b++) {
        TTF_Font *f = TTF_OpenFont(t->path[b], 16);
        if (!f) {
            SDL_LogError(SDL_LOG_CATEGORY_APPLICATION, "cannot open font %s: %s", t->path[b], TTF_GetError());
            gf_text_destroy(t);
            return false;
        }
        TTF_CloseFont(f);
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
    for (int i = 0; i < GF_TEXT_FONTS; i++)
        if (t->fonts[i].font)
            TTF_CloseFont(t->fonts[i].font);
    SDL_free(t->path[0]);
    SDL_free(t->path[1]);
    memset(t, 0, sizeof *t);
}

void gf_text_forget_renderer(struct gf_text *t, SDL_Renderer *r)
{
    for (int i = 0; i < GF_TEXT_ENTRIES; i++)
        if (t->entries[i].renderer == r)
            drop_entry(&t->entries[i]);
}

static TTF_Font *font_for(struct gf_text *t, int px, bool bold)
{
    int slot = 0;   /* a free slot, else the least recently used */
    for (int i = 0; i < GF_TEXT_FONTS; i++) {
        struct gf_text_font *f = &t->fonts[i];
        if (f->font && f->px == px && f->bold == bold) {
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
    f->font = TTF_OpenFont(t->path[bold], px);
    if (!f->font) {
        SDL_LogError(SDL_LOG_CATEGORY_APPLICATION, "cannot open font %s at %d px: %s", t->path[bold], px,
                     TTF_GetError());
        return NULL;
    }
    TTF_SetFontHinting(f->font, TTF_HINTING_LIGHT);
    f->px = px;
    f->bold = bold;
    f->used = ++t->clock;
    return f->font;
}

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
    TTF_Font *font = font_for(t, px, bold);
    if (!font)
        return NULL;
    SDL_Surface *surf = TTF_RenderUTF8_Blended(font, s, color);
    if (!surf) {
        SDL_LogError(SDL_LOG_CATEGORY_APPLICATION, "cannot render text \"%s\": %s", s, TTF_GetError());
        return NULL;
    }
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
    TTF_Font *font = font_for(t, px, bold);
    if (font && *s)
        TTF_SizeUTF8(font, s, &p.x, &p.y);
    else if (font)
        p.y = TTF_FontHeight(font);
    return p;
}

SDL_Rect gf_text_draw(struct gf_text *t, SDL_Renderer *r, const char *s, int px, bool bold,
                      SDL_Color color, int x, int y, int align)
{
    SDL_Rect dst = {x, y, 0, 0};
    if (!*s)
        return dst;
    struct gf_text_entry *e = entry_for(t, r, s, px, bold, color);
    if (!e)
        return dst;
    dst.w = e->w;
    dst.h = e->h;
    if (align & GF_ALIGN_CENTER)
        dst.x -= e->w / 2;
    else if (align & GF_ALIGN_RIGHT)
        dst.x -= e->w;
    if (align & GF_ALIGN_MIDDLE)
        dst.y -= e->h / 2;
    else if (align & GF_ALIGN_BOTTOM)
        dst.y -= e->h;
    SDL_RenderCopy(r, e->texture, NULL, &dst);
    return dst;
}
