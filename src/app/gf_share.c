/* gf_share.c - share links to and from the command line's flags. */
#include "gf_share.h"

#include <stdio.h>
#include <string.h>

#include "gf_export.h"

/* Flags that name files, folders, a window size or a headless run: a page
 * has none of these, so a link carrying one is refused rather than ignored. */
static const char *const not_in_a_page[] = {
    "headless", "steps", "csv", "dump", "screenshot", "panel", "overwrite",
    "assets", "out", "lesson", "size", "help", "version",
};

static int hex(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decodes src[0..len) (percent-escapes; '+' stays a plus, as in "1e+03")
 * into out, which has room for it (decoding never lengthens). Returns
 * false on a broken escape or an escaped NUL. */
static bool decode(const char *src, size_t len, char *out)
{
    for (size_t i = 0; i < len; i++) {
        char c = src[i];
        if (c == '%') {
            int hi = i + 1 < len ? hex(src[i + 1]) : -1;
            int lo = i + 2 < len ? hex(src[i + 2]) : -1;
            if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
                return false;
            c = (char)(hi * 16 + lo);
            i += 2;
        }
        *out++ = c;
    }
    *out = '\0';
    return true;
}

int gf_share_to_argv(const char *fragment, char *buf, size_t n, char *argv[GF_SHARE_MAX_ARGS], char *err,
                     size_t errlen)
{
    static char program[] = "gradflow";
    int argc = 0;
    argv[argc++] = program;
    size_t used = 0;
    const char *p = fragment;
    while (*p) {
        const char *end = strchr(p, '&');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == 0) {   /* "a=1&&b=2" or a trailing '&': nothing there */
            p += end ? 1 : 0;
            continue;
        }
        const char *eq = memchr(p, '=', len);
        size_t klen = eq ? (size_t)(eq - p) : len;
        /* "--" + key + NUL, and the value + NUL */
        if (used + klen + 3 + (eq ? len - klen : 0) + 1 > n || argc + 2 >= GF_SHARE_MAX_ARGS) {
            snprintf(err, errlen, "the link is too long");
            return -1;
        }
        char *key = buf + used;
        key[0] = key[1] = '-';
        if (!decode(p, klen, key + 2) || key[2] == '\0') {
            snprintf(err, errlen, "\"%.*s\" in the link: expected name=value", (int)(len > 60 ? 60 : len), p);
            return -1;
        }
        for (const char *k = key + 2; *k; k++) {
            if (!((*k >= 'a' && *k <= 'z') || (*k >= '0' && *k <= '9') || *k == '-')) {
                snprintf(err, errlen, "\"%.*s\" in the link: not a setting's name", (int)(klen > 60 ? 60 : klen), p);
                return -1;
            }
        }
        for (size_t i = 0; i < sizeof not_in_a_page / sizeof *not_in_a_page; i++) {
            if (strcmp(key + 2, not_in_a_page[i]) == 0) {
                snprintf(err, errlen, "\"%s\" in the link: not a setting a page can take", key + 2);
                return -1;
            }
        }
        used += strlen(key) + 1;
        argv[argc++] = key;
        if (eq) {
            char *value = buf + used;
            if (!decode(eq + 1, len - klen - 1, value)) {
                snprintf(err, errlen, "\"%.*s\" in the link: a broken %%-escape", (int)(len > 60 ? 60 : len), p);
                return -1;
            }
            used += strlen(value) + 1;
            argv[argc++] = value;
        }
        p += len + (end ? 1 : 0);
    }
    argv[argc] = NULL;
    return argc;
}

/* Splits " --a 1 --b --c x" into items "--a 1", "--b", "--c x" (a value is
 * the token after a flag that is not itself a flag). Returns the count. */
static int items(char *flags, char *item[], int max)
{
    int count = 0;
    char *p = flags;
    while (*p == ' ')
        p++;
    while (*p && count < max) {
        item[count++] = p;
        char *next = strstr(p + 2, " --");
        if (!next)
            break;
        *next = '\0';
        p = next + 1;
    }
    return count;
}

static void add(char *buf, size_t n, const char *text)
{
    size_t used = strlen(buf);
    snprintf(buf + used, n - used, "%s%s", used ? "&" : "", text);
}

/* Adds an item "--key value" as key=value, "--key" as key. */
static void add_item(char *buf, size_t n, const char *item)
{
    char one[256];
    snprintf(one, sizeof one, "%s", item + 2);
    char *space = strchr(one, ' ');
    if (space)
        *space = '=';
    add(buf, n, one);
}

void gf_share_from_app(const struct gf_app *app, char *buf, size_t n)
{
    buf[0] = '\0';
    struct gf_cli_options def;
    gf_cli_defaults(&def);
    char now[2048], base[2048];
    gf_export_config_flags(&app->cfg, now, sizeof now);
    gf_export_config_flags(&def.lab, base, sizeof base);
    const struct gf_scene *scene = gf_app_scene(app);
    bool own = false;
    if (scene) {
        char scene_flags[2048];
        gf_export_config_flags(&scene->cfg, scene_flags, sizeof scene_flags);
        own = strcmp(scene_flags, now) == 0;
        char s[32];
        snprintf(s, sizeof s, "scene=%d", app->scene + 1);
        add(buf, n, s);
    }
    if (!own) {
        /* The flags, like --scene's, describe the networks from the defaults. */
        char *item[64], *def_item[64];
        int k = items(now, item, 64), m = items(base, def_item, 64);
        int added = 0;
        for (int i = 0; i < k; i++) {
            bool same = false;
            for (int j = 0; j < m && !same; j++)
                same = strcmp(item[i], def_item[j]) == 0;
            if (!same) {
                add_item(buf, n, item[i]);
                added++;
            }
        }
        if (scene && added == 0 && k > 0)   /* the defaults in a scene: one flag says "not the scene's own" */
            add_item(buf, n, item[0]);
    }
    if (app->lang != def.lang) {
        char s[32];
        snprintf(s, sizeof s, "lang=%s", gf_lang_id(app->lang));
        add(buf, n, s);
    }
    if (app->theme != def.theme) {
        char s[32];
        snprintf(s, sizeof s, "theme=%s", gf_theme_get(app->theme)->id);
        add(buf, n, s);
    }
    if (app->bar_metric != gf_app_own_metric(app)) {
        char s[48];
        snprintf(s, sizeof s, "bars=%s", gf_metric_id(app->bar_metric));
        add(buf, n, s);
    }
    if (!app->bar_log)
        add(buf, n, "linear");
    if (!app->caption)
        add(buf, n, "no-caption");
}
