/* gf_i18n.h - the two languages of the interface.
 *
 * Every string a student can read is written in English in the code and
 * looked up by that English text, gettext style, so the source stays
 * readable and a missing translation falls back to English instead of to
 * nothing. Format strings are translated whole, with their conversions in
 * the same order.
 */
#ifndef GF_I18N_H
#define GF_I18N_H

#include <stdbool.h>

enum gf_lang { GF_LANG_EN, GF_LANG_KO, GF_LANG_COUNT };

/* "en", "ko" */
const char *gf_lang_id(enum gf_lang lang);
bool gf_lang_from_id(const char *id, enum gf_lang *out);

/* The text in lang: english itself for GF_LANG_EN or when no translation exists. */
const char *gf_tr(enum gf_lang lang, const char *english);

/* English strings looked up in Korean and not found since the program
 * started (tests assert that a full tour of the interface misses none). */
long gf_tr_misses(void);

#endif
