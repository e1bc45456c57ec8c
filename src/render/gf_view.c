/* gf_view.c - the names a view's choices go by on the command line and in
 * file names (figures, themes): no SDL, so the model links them without
 * the drawing. */
#include "gf_view.h"

#include "gf_ids.h"

static const char *const figure_ids[GF_FIGURE_COUNT] = {"full", "gradients", "curves"};

const char *gf_figure_id(enum gf_figure figure)
{
    return figure_ids[figure];
}

static const char *figure_id_of(int f)
{
    return figure_ids[f];
}

bool gf_figure_from_id(const char *id, enum gf_figure *out)
{
    int f;
    if (!gf_ids_find(id, figure_id_of, GF_FIGURE_COUNT, &f))
        return false;
    *out = (enum gf_figure)f;
    return true;
}

static const char *const theme_ids[GF_THEME_COUNT] = {"dark", "light"};

const char *gf_theme_name(enum gf_theme_id theme)
{
    return theme_ids[theme];
}
