/* gf_help.c - every bound key, as the help overlay lists it. Kept beside
 * the renderer; the key map itself is the app's (gf_keys.c), and a test
 * checks that each bound key appears here. The texts are English, looked
 * up in gf_i18n.c when drawn; the keys are the keys' own names. */
#include "gf_help.h"

static const struct gf_help_entry entries[] = {
    {"1 … 7", "activation: linear, sigmoid, tanh, ReLU, leaky ReLU, GELU, SiLU"},
    {"Tab", "focus the left or right run (or click it)"},
    {"Space", "pause / resume training"},
    {"N", "one training step (while paused)"},
    {"R / Shift+R", "restart both runs: same seed / next seed"},
    {"+ / −", "hidden layers: more / fewer (1 … 64)"},
    {"[ / ]", "width: halve / double (1 … 256)"},
    {"↑ / ↓", "learning rate ×2 / ÷2"},
    {", / .", "leaky ReLU slope a ÷2 / ×2"},
    {"D / I / O", "next dataset / init / optimizer"},
    {"K / B / C", "residual connections / batch norm / gradient clipping (focused run)"},
    {"G", "bars show: gradient RMS, gradient norm, mean |δ|"},
    {"X", "bars: log / linear scale"},
    {"9 / 0", "training speed: slower / faster"},
    {"T", "theme: dark / light"},
    {"L", "language: English / 한국어"},
    {"S / Shift+S", "save a PNG of the view / in both themes"},
    {"Ctrl+S", "save the view as SVG and PDF"},
    {"Ctrl+G", "record the view as an animated GIF: start / stop"},
    {"P / Shift+P", "save the gradient bars / the curves in both themes, for half a slide"},
    {"E", "save the history as CSV"},
    {"Z / A", "export size: 1920×1080, 3840×2160, window / caption on or off"},
    {"M", "lesson mode on / off"},
    {"PageDown / PageUp", "next / previous scene (lesson mode)"},
    {"→ / ←", "next / previous scene (lesson mode)"},
    {"F / F11", "fullscreen"},
    {"H / F1", "this help"},
    {"Esc", "close the overlay, else leave lesson mode, else quit"},
    {"Q", "quit"},
};

int gf_help_count(void)
{
    return (int)(sizeof entries / sizeof entries[0]);
}

const struct gf_help_entry *gf_help_entry(int i)
{
    return &entries[i];
}

const char *gf_help_footer(void)
{
    return "1–7 activation · Tab focus · Space pause · R restart · +/− depth · [ ] width · ↑↓ learning rate · "
           "D dataset · T theme · S save PNG · H help · L 한국어";
}
