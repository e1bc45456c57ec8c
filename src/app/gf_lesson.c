/* gf_lesson.c - the lesson format: one `key: value` per line, scenes
 * started by a line `scene`. Every rule is checked here, so the rest of
 * the program can trust a parsed lesson completely. */
#include "gf_lesson.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gf_cli.h"
#include "gf_ids.h"
#include "gf_lesson_builtin.h"

#define MAGIC "gradflow-lesson 1"
#define MAX_WORDS 64   /* words in a `set:` line */

static const char *const view_ids[GF_SCENE_VIEW_COUNT] = {
    [GF_SCENE_LAB] = "lab",           [GF_SCENE_LINEAR] = "linear",   [GF_SCENE_NETWORK] = "network",
    [GF_SCENE_COLLAPSE] = "collapse", [GF_SCENE_ACTIVATIONS] = "activations",
    [GF_SCENE_VANISHING] = "vanishing", [GF_SCENE_OUTPUTS] = "outputs", [GF_SCENE_SOFTMAX] = "softmax",
    [GF_SCENE_DISTRIBUTIONS] = "distributions", [GF_SCENE_PERCENTILES] = "percentiles",
};

static const char *view_id_of(int v)
{
    return view_ids[v];
}

/* Keys a scene (or the lesson's head) may give once. */
enum once { ONCE_TITLE_EN = 1, ONCE_TITLE_KO = 2, ONCE_VIEW = 4, ONCE_SET = 8, ONCE_SPEED = 16 };

struct parser {
    struct gf_lesson *lesson;
    const char *name;
    int line;
    unsigned given;   /* the `once` keys seen since the scene (or the file) began */
    char *err;
    size_t errlen;
};

static bool fail(struct parser *p, const char *fmt, ...)
{
    int n = snprintf(p->err, p->errlen, "%s:%d: ", p->name, p->line);
    if (n < 0 || (size_t)n >= p->errlen)
        return false;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->err + n, p->errlen - (size_t)n, fmt, ap);
    va_end(ap);
    return false;
}

/* Checks that s[0..n) is UTF-8 without control characters (tabs allowed):
 * a lesson is text a teacher writes, and everything in it ends up drawn. */
static bool check_text(struct parser *p, const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned c = s[i];
        if (c == 0)
            return fail(p, "a NUL byte: a lesson is plain UTF-8 text, not a binary file");
        if (c < 0x20 && c != '\t')
            return fail(p, "control character 0x%02X at byte %zu: expected plain text", c, i + 1);
        if (c == 0x7F)
            return fail(p, "control character 0x7F at byte %zu: expected plain text", i + 1);
        if (c < 0x80) {
            i++;
            continue;
        }
        int len = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
        if (len == 0 || i + (size_t)len > n)
            return fail(p, "not valid UTF-8 at byte %zu: save the file as UTF-8", i + 1);
        unsigned cp = c & (0x7Fu >> len);
        for (int k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return fail(p, "not valid UTF-8 at byte %zu: save the file as UTF-8", i + 1);
            cp = cp << 6 | (s[i + k] & 0x3Fu);
        }
        if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return fail(p, "not valid UTF-8 at byte %zu: save the file as UTF-8", i + 1);
        i += (size_t)len;
    }
    return true;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
    return s;
}

static bool copy_text(struct parser *p, char *dst, size_t cap, const char *key, const char *value)
{
    size_t n = strlen(value);
    if (n >= cap)
        return fail(p, "%s: %zu bytes; at most %zu fit on the screen", key, n, cap - 1);
    memcpy(dst, value, n + 1);
    return true;
}

/* A `set:` or `example:` value: network and training flags, as on the command line. */
static bool parse_settings(struct parser *p, const char *key, char *value, struct gf_lab_config *cfg)
{
    char *argv[MAX_WORDS + 1] = {"gradflow"};
    int argc = 1;
    for (char *w = strtok(value, " \t"); w; w = strtok(NULL, " \t")) {
        if (argc > MAX_WORDS)
            return fail(p, "%s: more than %d words", key, MAX_WORDS);
        argv[argc++] = w;
    }
    char why[512];
    if (!gf_cli_parse_settings(cfg, argc, argv, why, sizeof why))
        return fail(p, "%s %s", key, why);
    return true;
}

/* Checks that a finished scene is complete. */
static bool end_scene(struct parser *p, struct gf_scene *s)
{
    if (!s)
        return true;
    int line = p->line;
    p->line = s->line;
    bool ok = true;
    if (!s->title[GF_LANG_EN][0] && !s->title[GF_LANG_KO][0])
        ok = fail(p, "this scene has no title: expected `title en:` or `title ko:`");
    else if (s->view == GF_SCENE_OUTPUTS && s->n_examples == 0)
        ok = fail(p, "view outputs: expected one to three `example:` lines, one per task");
    else if (s->view != GF_SCENE_OUTPUTS && s->n_examples > 0)
        ok = fail(p, "`example:` lines belong to `view: outputs` only");
    p->line = line;
    return ok;
}

static bool parse_line(struct parser *p, char *line, bool *seen_magic, struct gf_scene **scene)
{
    struct gf_lesson *L = p->lesson;
    char *s = trim(line);
    if (*s == '\0' || *s == '#')
        return true;
    if (!*seen_magic) {
        if (strcmp(s, MAGIC) != 0)
            return fail(p, "expected the first line to be `" MAGIC "`");
        *seen_magic = true;
        return true;
    }
    if (strcmp(s, "scene") == 0) {
        if (!end_scene(p, *scene))
            return false;
        if (L->n_scenes == GF_LESSON_MAX_SCENES)
            return fail(p, "more than %d scenes", GF_LESSON_MAX_SCENES);
        *scene = &L->scene[L->n_scenes++];
        p->given = 0;
        memset(*scene, 0, sizeof **scene);
        gf_lab_config_default(&(*scene)->cfg);
        (*scene)->view = GF_SCENE_LAB;
        (*scene)->line = p->line;
        return true;
    }
    char *colon = strchr(s, ':');
    if (!colon)
        return fail(p, "expected `scene` or `key: value` (keys: title, text, view, set, speed, example)");
    *colon = '\0';
    char *key = trim(s);
    char *value = trim(colon + 1);
    char keyword[16] = "", lang_id[8] = "", extra[2] = "";
    int words = sscanf(key, "%15s %7s %1s", keyword, lang_id, extra);
    bool per_lang = strcmp(keyword, "title") == 0 || strcmp(keyword, "text") == 0;
    enum gf_lang lang = GF_LANG_EN;
    if (per_lang && (words != 2 || !gf_lang_from_id(lang_id, &lang)))
        return fail(p, "%s: expected `%s en:` or `%s ko:`", key, keyword, keyword);
    if (!per_lang && words != 1)
        return fail(p, "\"%s\": expected a key: title en, title ko, text en, text ko, view, set, speed or example",
                    key);
    if (*value == '\0')
        return fail(p, "%s: expected a value after the colon", key);

    /* a second title, view, set or speed would silently replace the first */
    unsigned once = strcmp(keyword, "title") == 0 ? (lang == GF_LANG_KO ? ONCE_TITLE_KO : ONCE_TITLE_EN)
                    : strcmp(keyword, "view") == 0 ? ONCE_VIEW
                    : strcmp(keyword, "set") == 0  ? ONCE_SET
                    : strcmp(keyword, "speed") == 0 ? ONCE_SPEED
                                                    : 0;
    if (p->given & once)
        return fail(p, "%s: given twice in this %s; give it once", key, *scene ? "scene" : "lesson");
    p->given |= once;

    struct gf_scene *sc = *scene;
    if (!sc) {   /* before the first scene: the lesson's own title */
        if (strcmp(keyword, "title") != 0)
            return fail(p, "%s: expected `scene` first (only the lesson's `title en/ko:` come before it)", key);
        return copy_text(p, L->title[lang], sizeof L->title[lang], key, value);
    }
    if (strcmp(keyword, "title") == 0)
        return copy_text(p, sc->title[lang], sizeof sc->title[lang], key, value);
    if (strcmp(keyword, "text") == 0) {
        if (sc->n_text[lang] == GF_SCENE_SENTENCES)
            return fail(p, "%s: at most %d lines of text per language in a scene", key, GF_SCENE_SENTENCES);
        return copy_text(p, sc->text[lang][sc->n_text[lang]++], GF_SCENE_TEXT_MAX, key, value);
    }
    if (strcmp(keyword, "view") == 0) {
        int v;
        if (gf_ids_find(value, view_id_of, GF_SCENE_VIEW_COUNT, &v)) {
            sc->view = (enum gf_scene_view)v;
            return true;
        }
        return fail(p, "view \"%s\": expected lab, linear, network, collapse, activations, vanishing, outputs or "
                       "softmax", value);
    }
    if (strcmp(keyword, "set") == 0)
        return parse_settings(p, "set:", value, &sc->cfg);
    if (strcmp(keyword, "example") == 0) {
        if (sc->n_examples == GF_SCENE_EXAMPLES)
            return fail(p, "example: at most %d per scene", GF_SCENE_EXAMPLES);
        return parse_settings(p, "example:", value, &sc->example[sc->n_examples++]);
    }
    if (strcmp(keyword, "speed") == 0) {
        char *end;
        errno = 0;
        double v = strtod(value, &end);
        if (end == value || *end != '\0' || errno == ERANGE || !(v >= 1.0 && v <= 100000.0))
            return fail(p, "speed \"%s\": expected training steps per second, 1..100000", value);
        sc->steps_per_second = v;
        return true;
    }
    return fail(p, "\"%s\": expected a key: title en, title ko, text en, text ko, view, set, speed or example", key);
}

bool gf_lesson_parse(struct gf_lesson *lesson, const char *text, size_t len, const char *name, char *err,
                     size_t errlen)
{
    struct gf_lesson *L = calloc(1, sizeof *L);   /* built aside: lesson changes only on success */
    char *line = malloc(GF_LESSON_MAX_LINE + 1);
    struct parser p = {.lesson = L, .name = name, .line = 0, .err = err, .errlen = errlen};
    bool ok = L && line;
    if (!ok)
        snprintf(err, errlen, "%s: out of memory", name);
    if (ok && len > GF_LESSON_MAX_BYTES)
        ok = fail(&p, "%zu bytes: a lesson is a short text file, at most %d bytes", len, GF_LESSON_MAX_BYTES);
    if (ok && len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {   /* a byte-order mark, as Notepad writes */
        text += 3;
        len -= 3;
    }
    bool seen_magic = false;
    struct gf_scene *scene = NULL;
    for (size_t at = 0; ok && at < len;) {
        p.line++;
        const char *nl = memchr(text + at, '\n', len - at);
        size_t n = nl ? (size_t)(nl - (text + at)) : len - at;
        size_t next = at + n + (nl ? 1 : 0);
        if (n > 0 && text[at + n - 1] == '\r')   /* Windows line ends */
            n--;
        if (n > GF_LESSON_MAX_LINE) {
            ok = fail(&p, "a line of %zu bytes; at most %d", n, GF_LESSON_MAX_LINE);
            break;
        }
        ok = check_text(&p, (const unsigned char *)text + at, n);
        if (ok) {
            memcpy(line, text + at, n);
            line[n] = '\0';
            ok = parse_line(&p, line, &seen_magic, &scene);
        }
        at = next;
    }
    if (ok && !seen_magic) {
        p.line = p.line ? p.line : 1;
        ok = fail(&p, "%s: expected the first line to be `" MAGIC "`", len == 0 ? "empty file" : "no lesson here");
    }
    if (ok)
        ok = end_scene(&p, scene);
    if (ok && L->n_scenes == 0)
        ok = fail(&p, "no scenes: expected a line `scene` followed by its title, text and settings");
    if (ok)
        memcpy(lesson, L, sizeof *L);
    free(L);
    free(line);
    return ok;
}

bool gf_lesson_load(struct gf_lesson *lesson, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return false;
    }
    /* Read one byte past the limit, so a huge file is refused without reading it all. */
    char *buf = malloc(GF_LESSON_MAX_BYTES + 1);
    if (!buf) {
        fclose(f);
        snprintf(err, errlen, "%s: out of memory", path);
        return false;
    }
    size_t n = fread(buf, 1, GF_LESSON_MAX_BYTES + 1, f);
    bool read_error = ferror(f) != 0;
    fclose(f);
    bool ok;
    if (read_error) {
        snprintf(err, errlen, "%s: cannot read: %s", path, strerror(errno));
        ok = false;
    } else if (n > GF_LESSON_MAX_BYTES) {
        snprintf(err, errlen, "%s: larger than %d bytes; a lesson is a short text file", path, GF_LESSON_MAX_BYTES);
        ok = false;
    } else {
        ok = gf_lesson_parse(lesson, buf, n, path, err, errlen);
    }
    free(buf);
    return ok;
}

const struct gf_lesson *gf_lesson_builtin(void)
{
    static struct gf_lesson builtin;
    static bool parsed;
    if (!parsed) {
        char err[512];
        /* Tested to parse; should that ever fail, the lesson is empty rather than half read. */
        if (!gf_lesson_parse(&builtin, (const char *)gf_lesson_builtin_text, sizeof gf_lesson_builtin_text - 1,
                             "vanishing-gradients.txt", err, sizeof err))
            fprintf(stderr, "gradflow: the built-in lesson: %s\n", err);
        parsed = true;
    }
    return &builtin;
}

const char *gf_lesson_title(const struct gf_lesson *lesson, enum gf_lang lang)
{
    return lesson->title[lang][0] ? lesson->title[lang] : lesson->title[1 - lang];
}

const char *gf_scene_title(const struct gf_scene *s, enum gf_lang lang)
{
    return s->title[lang][0] ? s->title[lang] : s->title[1 - lang];
}

int gf_scene_text_count(const struct gf_scene *s, enum gf_lang lang)
{
    return s->n_text[lang] ? s->n_text[lang] : s->n_text[1 - lang];
}

const char *gf_scene_text(const struct gf_scene *s, enum gf_lang lang, int i)
{
    enum gf_lang l = s->n_text[lang] ? lang : (enum gf_lang)(1 - lang);
    return i < s->n_text[l] ? s->text[l][i] : "";
}
