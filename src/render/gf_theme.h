/* gf_theme.h - colours: two themes (dark for projectors, light for slides),
 * one Okabe-Ito colour per activation, class colours, and the colour scale
 * of the heat map. Okabe & Ito's palette stays distinct for the common
 * forms of colour blindness. */
#ifndef GF_THEME_H
#define GF_THEME_H

#include <SDL.h>

#include "gf_act.h"
#include "gf_theme_id.h"

struct gf_theme {
    const char *id;            /* "dark" or "light" */
    SDL_Color bg;              /* window background */
    SDL_Color panel;           /* panel background */
    SDL_Color border;          /* panel outlines */
    SDL_Color fg;              /* main text */
    SDL_Color muted;           /* secondary text, axes */
    SDL_Color grid;            /* gridlines */
    SDL_Color focus;           /* the focused column's frame */
    SDL_Color warn;            /* divergence, errors */
    SDL_Color overlay;         /* help overlay background (with alpha) */
    SDL_Color act[GF_ACT_COUNT];
    SDL_Color cls[4];          /* class colours on decision maps */
};

const struct gf_theme *gf_theme_get(enum gf_theme_id id);

/* Colour of t in [0, 1] on the heat map's scale (viridis: dark blue to
 * yellow, perceptually even and colour-blind safe); clamped outside. */
SDL_Color gf_heat_color(float t);

/* a blended toward b by t in [0, 1]. */
SDL_Color gf_mix(SDL_Color a, SDL_Color b, float t);

#endif
