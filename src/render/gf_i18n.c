/* gf_i18n.c - the translation table and its look-up. */
#include "gf_i18n.h"

#include <string.h>

struct translation {
    const char *en, *ko;
};

static const struct translation table[] = {
    {"English", "영어"},
};

static long misses;

const char *gf_lang_id(enum gf_lang lang)
{
    return lang == GF_LANG_KO ? "ko" : "en";
}

bool gf_lang_from_id(const char *id, enum gf_lang *out)
{
    for (int l = 0; l < GF_LANG_COUNT; l++)
        if (strcmp(id, gf_lang_id((enum gf_lang)l)) == 0) {
            *out = (enum gf_lang)l;
            return true;
        }
    return false;
}

const char *gf_tr(enum gf_lang lang, const char *english)
{
    if (lang == GF_LANG_EN)
        return english;
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strcmp(table[i].en, english) == 0)
            return table[i].ko;
    misses++;
    return english;
}

long gf_tr_misses(void)
{
    return misses;
}
