/* gf_assets.c - asset folder lookup. */
#include "gf_assets.h"

#include <SDL.h>
#include <stdio.h>
#include <string.h>

#include "gf_lesson.h"
#include "gf_platform.h"
#include "gf_text.h"

/* The file whose presence marks an assets folder. */
#define MARKER "fonts/DejaVuSans.ttf"

void gf_assets_path(char *out, size_t n, const char *dir, const char *name)
{
    size_t len = strlen(dir);
    bool slash = len > 0 && (dir[len - 1] == '/' || dir[len - 1] == '\\');
    snprintf(out, n, "%s%s%s", dir, slash ? "" : "/", name);
}

static bool try_dir(const char *dir, char *out, size_t outlen, char *tried, size_t triedlen)
{
    char marker[1024];
    gf_assets_path(marker, sizeof marker, dir, MARKER);
    if (gf_path_exists(marker)) {
        snprintf(out, outlen, "%s", dir);
        return true;
    }
    size_t used = strlen(tried);
    snprintf(tried + used, triedlen - used, "\n  %s", dir);
    return false;
}

bool gf_assets_find(const char *override, char *out, size_t outlen, char *err, size_t errlen)
{
    char tried[2048] = "";
    if (override) {
        if (try_dir(override, out, outlen, tried, sizeof tried))
            return true;
        snprintf(err, errlen, "--assets %s: no %s there", override, MARKER);
        return false;
    }
    char *base = SDL_GetBasePath();   /* the executable's folder, with a trailing separator */
    if (base) {
        /* a portable bundle (program and assets/ side by side), then an installed tree */
        char beside[1024], installed[1024];
        snprintf(beside, sizeof beside, "%sassets", base);
        snprintf(installed, sizeof installed, "%s../share/gradflow", base);
        SDL_free(base);
        if (try_dir(beside, out, outlen, tried, sizeof tried) || try_dir(installed, out, outlen, tried, sizeof tried))
            return true;
    }
    if (try_dir(GF_SOURCE_ASSETS, out, outlen, tried, sizeof tried) ||
        try_dir(GF_INSTALLED_ASSETS, out, outlen, tried, sizeof tried))
        return true;
    snprintf(err, errlen, "cannot find gradflow's assets (%s); looked in:%s\n"
                          "pass --assets DIR to say where they are", MARKER, tried);
    return false;
}

bool gf_assets_open_text(struct gf_text *t, const char *dir, char *err, size_t errlen)
{
    static const char *const names[4] = {MARKER, "fonts/DejaVuSans-Bold.ttf", "fonts/NanumGothic.ttf",
                                         "fonts/NanumGothicBold.ttf"};
    char paths[4][1100];
    for (int i = 0; i < 4; i++)
        gf_assets_path(paths[i], sizeof paths[i], dir, names[i]);
    if (!gf_text_init(t, paths[0], paths[1], paths[2], paths[3])) {
        snprintf(err, errlen, "cannot open the fonts in %s", dir);
        return false;
    }
    return true;
}

static bool has_glyph(void *text, unsigned long c)
{
    return gf_text_has_glyph(text, (Uint32)c);
}

bool gf_assets_lesson_glyphs(struct gf_text *t, const struct gf_lesson *lesson, const char *name, char *msg,
                             size_t msglen)
{
    return !gf_lesson_missing_glyphs(lesson, name, has_glyph, t, msg, msglen);
}
