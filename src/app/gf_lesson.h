/* gf_lesson.h - a lesson: scenes read from a plain-text file.
 *
 * A lesson is what a teacher presents with PageDown: each scene sets the
 * program up (the networks, the training speed) and says, in a title and
 * one to three sentences, in English and in Korean, what to look at. The
 * built-in lesson is assets/lessons/vanishing-gradients.txt compiled into
 * the program; a teacher copies and edits it and loads the copy with
 * --lesson FILE. The format is in the README ("Writing a lesson").
 *
 * Parsing touches no file and no global state, so bad input can only ever
 * produce an error message: it names the file, the line and what was
 * expected there.
 */
#ifndef GF_LESSON_H
#define GF_LESSON_H

#include <stdbool.h>
#include <stddef.h>

#include "gf_i18n.h"
#include "gf_lab.h"
#include "gf_view.h"

#define GF_LESSON_MAX_SCENES 99
#define GF_LESSON_MAX_BYTES (1 << 20)   /* a lesson is a short text; anything bigger is a mistake */
#define GF_LESSON_MAX_LINE 2000         /* bytes per line */
#define GF_SCENE_TITLE_MAX 160          /* bytes, with the terminating NUL */
#define GF_SCENE_TEXT_MAX 480
#define GF_SCENE_SENTENCES GF_VIEW_SENTENCES           /* text lines per language */
#define GF_SCENE_EXAMPLES GF_VIEW_EXAMPLES     /* live examples (the output-layer table) */

struct gf_scene {
    char title[GF_LANG_COUNT][GF_SCENE_TITLE_MAX];
    char text[GF_LANG_COUNT][GF_SCENE_SENTENCES][GF_SCENE_TEXT_MAX];
    int n_text[GF_LANG_COUNT];
    enum gf_scene_view view;
    struct gf_lab_config cfg;                      /* the networks (`set:`) */
    double steps_per_second;                       /* `speed:`; 0: the program's default */
    struct gf_lab_config example[GF_SCENE_EXAMPLES];   /* `example:` lines */
    int n_examples;
    int line;                                      /* where the scene starts in its file */
};

struct gf_lesson {
    char title[GF_LANG_COUNT][GF_SCENE_TITLE_MAX];
    int n_scenes;
    struct gf_scene scene[GF_LESSON_MAX_SCENES];
};

/* The built-in lesson, parsed on first use (it is tested to parse). */
const struct gf_lesson *gf_lesson_builtin(void);

/* Parses a lesson from text (len bytes, need not end in NUL). name is the
 * file's name for messages. Returns false with err set to
 * "NAME:LINE: what was expected" when the text is not a valid lesson;
 * lesson is then unchanged. */
bool gf_lesson_parse(struct gf_lesson *lesson, const char *text, size_t len, const char *name, char *err,
                     size_t errlen);

/* Reads and parses a lesson file. */
bool gf_lesson_load(struct gf_lesson *lesson, const char *path, char *err, size_t errlen);

/* Looks for characters of the lesson's titles and texts that has_glyph
 * says no font draws (they would show as empty boxes). Returns false when
 * there are none; else writes into msg "NAME:LINE: ..." (LINE where the
 * first scene with them starts; no line for the lesson's own title) with
 * up to eight of the characters, and returns true. */
bool gf_lesson_missing_glyphs(const struct gf_lesson *lesson, const char *name,
                              bool (*has_glyph)(void *ctx, unsigned long c), void *ctx, char *msg, size_t msglen);

/* The lesson's own title in lang, else in the other language, else "". */
const char *gf_lesson_title(const struct gf_lesson *lesson, enum gf_lang lang);

/* A scene's title and sentences in lang, falling back to the other language
 * when the lesson does not have them in lang. */
const char *gf_scene_title(const struct gf_scene *s, enum gf_lang lang);
int gf_scene_text_count(const struct gf_scene *s, enum gf_lang lang);
const char *gf_scene_text(const struct gf_scene *s, enum gf_lang lang, int i);

#endif
