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
#include "gf_outfile.h"
#include "gf_platform.h"

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
    /* "NAME:LINE: what"; a long name is shortened in its middle so that
     * what was expected is never cut off */
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    size_t n = strlen(p->name) + 16;
    char *why = k >= 0 ? malloc((size_t)k + 1) : NULL, *where = malloc(n);
    if (why && where) {
        va_start(ap, fmt);
        vsnprintf(why, (size_t)k + 1, fmt, ap);
        va_end(ap);
        snprintf(where, n, "%s:%d", p->name, p->line);
        /* what the file said is quoted in why and may be as long as a line:
           cut it (at a character's start) so that where it is always shows */
        size_t keep = p->errlen > 64 ? p->errlen - 64 : 0;
        if ((size_t)k > keep && keep > 4) {
            size_t cut = keep - 4;
            while (cut > 0 && ((unsigned char)why[cut] & 0xC0) == 0x80)
                cut--;
            memcpy(why + cut, "…", sizeof "…");
        }
        gf_outfile_say(p->err, p->errlen, where, "%s", why);
    } else {
        snprintf(p->err, p->errlen, "%s: out of memory", p->name);
    }
    free(why);
    free(where);
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
        if (cp >= 0x80 && cp <= 0x9F)   /* C1 controls: U+0085 breaks lines, U+009B starts terminal escapes */
            return fail(p, "control character U+%04X at byte %zu: expected plain text", cp, i + 1);
        i += (size_t)len;
    }
    return true;
}

/* Does s (valid UTF-8) hold anything that draws? Spaces of every width,
 * no-break and zero-width ones and the soft hyphen do not: a title made of
 * them would show blank. */
static bool visible(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    while (*u) {
        unsigned c = *u;
        int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        unsigned cp = len == 1 ? c : c & (0x7Fu >> len);
        for (int k = 1; k < len; k++)
            cp = cp << 6 | (u[k] & 0x3Fu);
        u += len;
        bool blank = cp == ' ' || cp == '\t' || cp == 0xA0 || cp == 0xAD || cp == 0x115F || cp == 0x1160 ||
                     cp == 0x1680 || (cp >= 0x180B && cp <= 0x180E) || (cp >= 0x2000 && cp <= 0x200F) ||
                     (cp >= 0x2028 && cp <= 0x202F) || (cp >= 0x205F && cp <= 0x206F) || cp == 0x3000 ||
                     cp == 0x3164 || cp == 0xFEFF || cp == 0xFFA0;
        if (!blank)
            return true;
    }
    return false;
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
    else if (s->view == GF_SCENE_ACTIVATIONS && s->n_examples > 1)
        ok = fail(p, "view activations: at most one `example:` line (two more networks for the table)");
    else if (s->view != GF_SCENE_OUTPUTS && s->view != GF_SCENE_ACTIVATIONS && s->n_examples > 0)
        ok = fail(p, "`example:` lines belong to `view: outputs` and `view: activations` only");
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
    if (!visible(value))
        return fail(p, "%s: only blank characters (no-break or zero-width spaces); expected a value that shows", key);

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

/* The line (from 1) that byte offset of text falls on. */
static int line_at(const char *text, size_t offset)
{
    int line = 1;
    for (size_t i = 0; i < offset; i++)
        line += text[i] == '\n';
    return line;
}

bool gf_lesson_parse(struct gf_lesson *lesson, const char *text, size_t len, const char *name, char *err,
                     size_t errlen)
{
    struct gf_lesson *L = calloc(1, sizeof *L);   /* built aside: lesson changes only on success */
    char *line = malloc(GF_LESSON_MAX_LINE + 1);
    struct parser p = {.lesson = L, .name = name, .line = 0, .err = err, .errlen = errlen};
    bool ok = L && line;
    if (!ok)
        gf_outfile_say(err, errlen, name, "out of memory");
    if (ok && len > GF_LESSON_MAX_BYTES) {
        p.line = line_at(text, GF_LESSON_MAX_BYTES);
        ok = fail(&p, "the file goes past %d bytes here; a lesson is a short text file", GF_LESSON_MAX_BYTES);
    }
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
    /* Only a regular file: a FIFO with no writer would wait forever, a device never end. */
    enum gf_file_kind kind = GF_FILE_REGULAR;
    errno = 0;
    FILE *f = gf_open_regular(path, &kind);
    if (!f) {
        if (kind == GF_FILE_FOLDER)
            gf_outfile_say(err, errlen, path, "is a folder; expected a lesson file");
        else if (kind != GF_FILE_REGULAR)
            gf_outfile_say(err, errlen, path, "not a regular file (a FIFO, device or socket); expected a lesson file");
        else
            gf_outfile_say(err, errlen, path, "cannot open (%s)", strerror(errno ? errno : EIO));
        return false;
    }
    /* Read one byte past the limit, so a huge file is refused without reading it all. */
    char *buf = malloc(GF_LESSON_MAX_BYTES + 1);
    if (!buf) {
        fclose(f);
        gf_outfile_say(err, errlen, path, "out of memory");
        return false;
    }
    errno = 0;
    size_t n = fread(buf, 1, GF_LESSON_MAX_BYTES + 1, f);
    int read_errno = ferror(f) ? (errno ? errno : EIO) : 0;
    fclose(f);
    bool ok;
    if (read_errno) {
        size_t wn = strlen(path) + 16;
        char *where = malloc(wn);
        if (where)
            snprintf(where, wn, "%s:%d", path, line_at(buf, n));
        gf_outfile_say(err, errlen, where ? where : path, "cannot read past here (%s)", strerror(read_errno));
        free(where);
        ok = false;
    } else {
        ok = gf_lesson_parse(lesson, buf, n, path, err, errlen);   /* which refuses what is too long */
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

/* The next codepoint of valid UTF-8 at *s (which advances). */
static unsigned long next_codepoint(const char **s)
{
    const unsigned char *u = (const unsigned char *)*s;
    int len = u[0] < 0x80 ? 1 : u[0] < 0xE0 ? 2 : u[0] < 0xF0 ? 3 : 4;
    unsigned long cp = len == 1 ? u[0] : u[0] & (0x7Fu >> len);
    for (int k = 1; k < len; k++)
        cp = cp << 6 | (u[k] & 0x3Fu);
    *s += len;
    return cp;
}

#define MISSING_NAMED 8   /* characters a warning lists */

struct missing {
    unsigned long cp[MISSING_NAMED];
    const char *at[MISSING_NAMED];   /* where each was met, to quote it */
    int n;
    bool more;                       /* others beyond the ones named */
    int line;                        /* where the first one's scene starts; 0: the lesson's title */
};

static void look_for_missing(struct missing *m, const char *text, int line,
                             bool (*has_glyph)(void *ctx, unsigned long c), void *ctx)
{
    for (const char *p = text; *p;) {
        const char *at = p;
        unsigned long c = next_codepoint(&p);
        if (c == ' ' || c == '\t' || has_glyph(ctx, c))
            continue;
        bool named = false;
        for (int i = 0; i < m->n; i++)
            named = named || m->cp[i] == c;
        if (named)
            continue;
        if (m->n == MISSING_NAMED) {
            m->more = true;
            continue;
        }
        if (m->n == 0)
            m->line = line;
        m->at[m->n] = at;
        m->cp[m->n++] = c;
    }
}

bool gf_lesson_missing_glyphs(const struct gf_lesson *lesson, const char *name,
                              bool (*has_glyph)(void *ctx, unsigned long c), void *ctx, char *msg, size_t msglen)
{
    struct missing m = {.n = 0};
    for (int lang = 0; lang < GF_LANG_COUNT; lang++)
        look_for_missing(&m, lesson->title[lang], 0, has_glyph, ctx);
    for (int i = 0; i < lesson->n_scenes; i++) {
        const struct gf_scene *s = &lesson->scene[i];
        for (int lang = 0; lang < GF_LANG_COUNT; lang++) {
            look_for_missing(&m, s->title[lang], s->line, has_glyph, ctx);
            for (int k = 0; k < s->n_text[lang]; k++)
                look_for_missing(&m, s->text[lang][k], s->line, has_glyph, ctx);
        }
    }
    if (m.n == 0)
        return false;
    int used = m.line ? snprintf(msg, msglen, "%s:%d: this scene has characters the fonts lack:", name, m.line)
                      : snprintf(msg, msglen, "%s: the lesson's title has characters the fonts lack:", name);
    for (int i = 0; i < m.n && used >= 0 && (size_t)used < msglen; i++) {
        const char *end = m.at[i];
        next_codepoint(&end);
        used += snprintf(msg + used, msglen - (size_t)used, "%s U+%04lX %.*s", i ? "," : "", m.cp[i],
                         (int)(end - m.at[i]), m.at[i]);
    }
    if (used >= 0 && (size_t)used < msglen)
        snprintf(msg + used, msglen - (size_t)used, "%s; they show as empty boxes", m.more ? " and more" : "");
    return true;
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
