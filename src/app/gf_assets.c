/* gf_assets.c - asset folder lookup. */
#include "gf_assets.h"

#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gf_lesson.h"
#include "gf_outfile.h"
#include "gf_platform.h"
#include "gf_text.h"

/* The file whose presence marks an assets folder. */
#define MARKER "fonts/DejaVuSans.ttf"

/* dir + "/" + name (no second separator), or NULL when memory is short;
 * the caller frees it. */
static char *join(const char *dir, const char *name)
{
    size_t len = strlen(dir), n = len + strlen(name) + 2;
    bool slash = len > 0 && (dir[len - 1] == '/' || dir[len - 1] == '\\');
    char *out = malloc(n);
    if (out)
        snprintf(out, n, "%s%s%s", dir, slash ? "" : "/", name);
    return out;
}

bool gf_assets_path(char *out, size_t n, const char *dir, const char *name)
{
    char *joined = join(dir, name);
    bool fits = joined && strlen(joined) < n;
    if (fits)
        memcpy(out, joined, strlen(joined) + 1);
    else if (n > 0)
        out[0] = '\0';
    free(joined);
    return fits;
}

/* The folders looked in, for the message when none has the assets. */
struct tried {
    char *list;   /* "\n  DIR" per folder */
    size_t len;
};

static bool try_dir(const char *dir, char *out, size_t outlen, struct tried *tried)
{
    char *marker = join(dir, MARKER);
    bool found = marker && gf_path_exists(marker) && strlen(dir) < outlen;
    free(marker);
    if (found) {
        memcpy(out, dir, strlen(dir) + 1);
        return true;
    }
    size_t add = strlen(dir) + 3;
    char *grown = realloc(tried->list, tried->len + add + 1);
    if (grown) {
        snprintf(grown + tried->len, add + 1, "\n  %s", dir);
        tried->list = grown;
        tried->len += add;
    }
    return false;
}

bool gf_assets_find(const char *override, char *out, size_t outlen, char *err, size_t errlen)
{
    struct tried tried = {NULL, 0};
    bool found = false;
    if (override) {
        found = try_dir(override, out, outlen, &tried);
        size_t n = strlen(override) + sizeof "--assets ";
        char *flag = found ? NULL : malloc(n);
        if (flag)
            snprintf(flag, n, "--assets %s", override);
        const char *named = flag ? flag : override;
        if (!found && strlen(override) >= outlen)
            gf_outfile_say(err, errlen, named, "longer than the %zu bytes a folder's name may have here", outlen - 1);
        else if (!found)
            gf_outfile_say(err, errlen, named, "no %s there", MARKER);
        free(flag);
        free(tried.list);
        return found;
    }
    char *base = SDL_GetBasePath();   /* the executable's folder, with a trailing separator */
    if (base) {
        /* a portable bundle (program and assets/ side by side), then an installed tree */
        char *beside = join(base, "assets"), *installed = join(base, "../share/gradflow");
        SDL_free(base);
        found = (beside && try_dir(beside, out, outlen, &tried)) ||
                (installed && try_dir(installed, out, outlen, &tried));
        free(beside);
        free(installed);
    }
    found = found || try_dir(GF_SOURCE_ASSETS, out, outlen, &tried) ||
            try_dir(GF_INSTALLED_ASSETS, out, outlen, &tried);
    if (!found)   /* what to do first, the list of places after it */
        snprintf(err, errlen, "cannot find gradflow's assets (%s); pass --assets DIR to say where they are; "
                              "looked in:%s", MARKER, tried.list ? tried.list : "");
    free(tried.list);
    return found;
}

bool gf_assets_open_text(struct gf_text *t, const char *dir, char *err, size_t errlen)
{
    static const char *const names[4] = {MARKER, "fonts/DejaVuSans-Bold.ttf", "fonts/NanumGothic.ttf",
                                         "fonts/NanumGothicBold.ttf"};
    char *paths[4];
    bool ok = true;
    for (int i = 0; i < 4; i++)
        ok = (paths[i] = join(dir, names[i])) != NULL && ok;
    if (!ok || !gf_text_init(t, paths[0], paths[1], paths[2], paths[3])) {
        snprintf(err, errlen, "cannot open the fonts in %s", dir);
        ok = false;
    }
    for (int i = 0; i < 4; i++)
        free(paths[i]);
    return ok;
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
