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
#include <stddef.h>

/* Lets the compiler check a translated format against its arguments, as it
 * checks the English literal. */
#if defined(__GNUC__) || defined(__clang__)
#define GF_FORMAT_ARG(i) __attribute__((format_arg(i)))
#else
#define GF_FORMAT_ARG(i)
#endif

enum gf_lang { GF_LANG_EN, GF_LANG_KO, GF_LANG_COUNT };

/* "en", "ko" */
const char *gf_lang_id(enum gf_lang lang);
bool gf_lang_from_id(const char *id, enum gf_lang *out);

/* The text in lang: english itself for GF_LANG_EN or when no translation
 * exists. Cheap enough for every label of every frame (a binary search). */
const char *gf_tr(enum gf_lang lang, const char *english) GF_FORMAT_ARG(2);

/* A Korean particle that changes with the word before it (을/를, 이/가,
 * 과/와, 은/는): after_consonant when word, read aloud, ends in a final
 * consonant, else after_vowel. Numbers are read as Korean reads them
 * (0.475 ends in 오: 를; 0.576 in 육: 을); a final Hangul syllable by its
 * final consonant; "%" as 퍼센트. Anything else takes after_consonant. */
const char *gf_ko_particle(const char *word, const char *after_consonant, const char *after_vowel);

/* word with its particle attached in Korean, word alone in English: the
 * argument a translated format string takes for "0.475를". */
void gf_with_particle(char *buf, size_t n, enum gf_lang lang, const char *word, const char *after_consonant,
                      const char *after_vowel);

/* English strings looked up in Korean and not found since the program
 * started (tests assert that a full tour of the interface misses none),
 * and the last of them ("" when none). */
long gf_tr_misses(void);
const char *gf_tr_last_miss(void);

/* The table itself, for tests: entry i of gf_tr_count(). */
int gf_tr_count(void);
void gf_tr_entry(int i, const char **english, const char **korean);

#endif
