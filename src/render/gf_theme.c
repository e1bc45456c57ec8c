/* gf_theme.c - the palettes. */
#include "gf_theme.h"

#define RGB(r, g, b) {r, g, b, 255}

/* Okabe-Ito, by activation. Linear takes the text colour: it is the
 * baseline, and black (the palette's eighth colour) vanishes on dark. */
#define OKABE_VERMILLION RGB(0xD5, 0x5E, 0x00)
#define OKABE_SKY_BLUE RGB(0x56, 0xB4, 0xE9)
#define OKABE_PURPLE RGB(0xCC, 0x79, 0xA7)
#define OKABE_GREEN RGB(0x00, 0x9E, 0x73)
#define OKABE_ORANGE RGB(0xE6, 0x9F, 0x00)
#define OKABE_BLUE RGB(0x00, 0x72, 0xB2)

/* The activation colours, the same in both themes but for linear's. */
#define ACT_COLOURS(linear)                                                                                    \
    {                                                                                                          \
        [GF_ACT_LINEAR] = linear, [GF_ACT_SIGMOID] = OKABE_VERMILLION, [GF_ACT_TANH] = OKABE_PURPLE,           \
        [GF_ACT_RELU] = OKABE_SKY_BLUE, [GF_ACT_LEAKY_RELU] = OKABE_GREEN, [GF_ACT_GELU] = OKABE_ORANGE,       \
        [GF_ACT_SILU] = OKABE_BLUE,                                                                            \
    }

static const struct gf_theme themes[GF_THEME_COUNT] = {
    [GF_THEME_DARK] = {
        .id = "dark",        /* gf_theme_name's too: test_render holds them equal */
        .bg = RGB(0x12, 0x14, 0x18),
        .panel = RGB(0x1b, 0x1e, 0x24),
        .border = RGB(0x3a, 0x3f, 0x48),
        .fg = RGB(0xf2, 0xf2, 0xf2),
        .muted = RGB(0xa8, 0xae, 0xb8),
        .grid = RGB(0x33, 0x38, 0x41),
        .focus = RGB(0xf2, 0xf2, 0xf2),
        .warn = RGB(0xff, 0x6b, 0x4a),
        .overlay = {0x0c, 0x0d, 0x10, 0xf0},
        .act = ACT_COLOURS(RGB(0xe8, 0xe8, 0xe8)),
        .cls = {OKABE_SKY_BLUE, OKABE_ORANGE, OKABE_GREEN, OKABE_PURPLE},
    },
    [GF_THEME_LIGHT] = {
        .id = "light",
        .bg = RGB(0xff, 0xff, 0xff),
        .panel = RGB(0xf6, 0xf6, 0xf4),
        .border = RGB(0xc8, 0xc8, 0xc4),
        .fg = RGB(0x11, 0x11, 0x11),
        .muted = RGB(0x55, 0x5a, 0x62),
        .grid = RGB(0xdd, 0xdd, 0xd8),
        .focus = RGB(0x11, 0x11, 0x11),
        .warn = RGB(0xc0, 0x30, 0x10),
        .overlay = {0xff, 0xff, 0xff, 0xf4},
        .act = ACT_COLOURS(RGB(0x22, 0x22, 0x22)),
        .cls = {OKABE_BLUE, OKABE_ORANGE, OKABE_GREEN, OKABE_PURPLE},
    },
};

const struct gf_theme *gf_theme_get(enum gf_theme_id id)
{
    return &themes[id];
}

SDL_Color gf_mix(SDL_Color a, SDL_Color b, float t)
{
    if (t < 0.0f) t = 0.0f;
    if (t > 1.0f) t = 1.0f;
    SDL_Color c = {
        (Uint8)(a.r + (b.r - a.r) * t + 0.5f),
        (Uint8)(a.g + (b.g - a.g) * t + 0.5f),
        (Uint8)(a.b + (b.b - a.b) * t + 0.5f),
        (Uint8)(a.a + (b.a - a.a) * t + 0.5f),
    };
    return c;
}

SDL_Color gf_heat_color(float t)
{
    /* viridis at nine evenly spaced points */
    static const SDL_Color stops[9] = {
        RGB(68, 1, 84), RGB(71, 44, 122), RGB(59, 81, 139), RGB(44, 113, 142), RGB(33, 144, 141),
        RGB(39, 173, 129), RGB(92, 200, 99), RGB(170, 220, 50), RGB(253, 231, 37),
    };
    if (!(t > 0.0f)) return stops[0];
    if (t >= 1.0f) return stops[8];
    float pos = t * 8.0f;
    int i = (int)pos;
    return gf_mix(stops[i], stops[i + 1], pos - (float)i);
}
