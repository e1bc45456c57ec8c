/* gf_assets.h - finding the folder with gradflow's fonts, and opening them. */
#ifndef GF_ASSETS_H
#define GF_ASSETS_H

#include <stdbool.h>
#include <stddef.h>

/* Finds the assets folder: `override` alone when given (--assets), else
 * beside the executable (<dir>/assets, or an installed tree: <prefix>/bin/../share/gradflow),
 * the source tree an uninstalled build was configured from, and the install
 * prefix. Writes the folder to out and returns true; else writes to err a
 * message naming every path tried. */
bool gf_assets_find(const char *override, char *out, size_t outlen, char *err, size_t errlen);

/* out = dir + "/" + name; false (out empty) when that does not fit in n bytes. */
bool gf_assets_path(char *out, size_t n, const char *dir, const char *name);

struct gf_text;

/* Opens the fonts of the assets folder dir into t: DejaVu Sans, and Nanum
 * Gothic for the Korean text (gf_text's fallback face). TTF_Init must have
 * succeeded. Returns false, err naming the folder, when a font does not open. */
bool gf_assets_open_text(struct gf_text *t, const char *dir, char *err, size_t errlen);

struct gf_lesson;

/* Do the fonts in t draw every character of lesson (read from the file
 * name)? False, with a warning naming the characters in msg, when some
 * would show as empty boxes. */
bool gf_assets_lesson_glyphs(struct gf_text *t, const struct gf_lesson *lesson, const char *name, char *msg,
                             size_t msglen);

#endif
