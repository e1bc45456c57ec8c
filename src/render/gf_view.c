/* gf_view.c - the names a view's choices go by on the command line and in
 * file names (figures, over-steps views, themes): no SDL, so the model links them without
 * the drawing. */
#include "gf_view.h"

#include "gf_ids.h"

static const char *const figure_ids[GF_FIGURE_COUNT] = {
    "full", "gradients", "curves", "distributions", "activations-over-steps", "percentiles-over-steps",
    "delta-over-steps"};

const char *gf_figure_id_list(void)
{
    return "full, gradients, curves, distributions, activations-over-steps, percentiles-over-steps, "
           "delta-over-steps";
}

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

static const char *const time_view_ids[GF_TIME_VIEW_COUNT] = {"heat", "activations", "percentiles", "delta"};

const char *gf_time_view_id(enum gf_time_view v)
{
    return time_view_ids[v];
}

static const char *time_view_id_of(int v)
{
    return time_view_ids[v];
}

bool gf_time_view_from_id(const char *id, enum gf_time_view *out)
{
    int v;
    if (!gf_ids_find(id, time_view_id_of, GF_TIME_VIEW_COUNT, &v))
        return false;
    *out = (enum gf_time_view)v;
    return true;
}

const char *gf_time_view_id_list(void)
{
    return "heat, activations, percentiles, delta";
}

static const char *const theme_ids[GF_THEME_COUNT] = {"dark", "light"};

const char *gf_theme_name(enum gf_theme_id theme)
{
    return theme_ids[theme];
}

const char *gf_act_name(enum gf_act act, enum gf_lang lang)
{
    const struct gf_act_info *info = gf_act_info(act);
    return lang == GF_LANG_KO ? info->name_ko : info->name_en;
}
