/* gf_theme_id.h - which theme, without the colours: what the app and the
 * command line name, with no SDL type in sight (gf_theme.h has the colours). */
#ifndef GF_THEME_ID_H
#define GF_THEME_ID_H

enum gf_theme_id { GF_THEME_DARK, GF_THEME_LIGHT, GF_THEME_COUNT };

/* The theme's name on the command line and in file names: "dark", "light"
 * (gf_view.c; gf_theme_get(theme)->id is the same string). */
const char *gf_theme_name(enum gf_theme_id theme);

#endif
