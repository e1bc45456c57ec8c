/* gf_actions.c - the one table of keys: what the window does with a key
 * (gf_keys.c matches SDL's events against it), what the help overlay lists
 * and what the README's key table says. The README's table is held to this
 * one by a test (tests/test_app.c). No SDL: the keys are gf_keycode.h's. */
#include "gf_actions.h"

#include <stddef.h>

#include "gf_keycode.h"

#define ANY GF_MODE_ANY
#define FREE GF_MODE_FREE
#define LESSON GF_MODE_LESSON
#define NONE GF_MOD_NONE
#define SHIFT GF_MOD_SHIFT
#define EITHER GF_MOD_EITHER
#define CTRL GF_MOD_CTRL

/* A key whose files this build cannot write (no cairo and giflib): the
 * help overlay says so rather than promise them. */
#if GF_FIGURES
#define FIGURES_ONLY(what) what
#else
#define FIGURES_ONLY(what) what " (not in this build)"
#endif

static const struct gf_key_row rows[] = {
    {"1 … 7", NULL, "focused run's activation: linear, sigmoid, tanh, ReLU, leaky ReLU, GELU, SiLU",
     GF_SETTING_ACTIVATION,
     {{'1', NONE, ANY, GF_ACTION_ACT_LINEAR}, {'2', NONE, ANY, GF_ACTION_ACT_SIGMOID},
      {'3', NONE, ANY, GF_ACTION_ACT_TANH}, {'4', NONE, ANY, GF_ACTION_ACT_RELU},
      {'5', NONE, ANY, GF_ACTION_ACT_LEAKY_RELU}, {'6', NONE, ANY, GF_ACTION_ACT_GELU},
      {'7', NONE, ANY, GF_ACTION_ACT_SILU}}},
    {"Tab", NULL, "focus the left or right run (or click it)", GF_SETTING_NONE,
     {{GF_KEY_TAB, NONE, ANY, GF_ACTION_FOCUS_OTHER}}},
    {"Space", NULL, "pause / resume training", GF_SETTING_NONE, {{GF_KEY_SPACE, NONE, ANY, GF_ACTION_PAUSE}}},
    {"N", NULL, "one training step (while paused)", GF_SETTING_NONE, {{'n', NONE, ANY, GF_ACTION_STEP}}},
    {"R / Shift+R", NULL, "restart both runs: same seed / next seed", GF_SETTING_SEED,
     {{'r', NONE, ANY, GF_ACTION_RESET}, {'r', SHIFT, ANY, GF_ACTION_RESET_NEW_SEED}}},
    {"+ / −", NULL, "hidden layers: more / fewer (1 … 64)", GF_SETTING_DEPTH,
     {{GF_KEY_PLUS, EITHER, ANY, GF_ACTION_DEPTH_UP}, {GF_KEY_EQUALS, EITHER, ANY, GF_ACTION_DEPTH_UP},
      {GF_KEY_KP_PLUS, EITHER, ANY, GF_ACTION_DEPTH_UP}, {GF_KEY_MINUS, EITHER, ANY, GF_ACTION_DEPTH_DOWN},
      {GF_KEY_KP_MINUS, EITHER, ANY, GF_ACTION_DEPTH_DOWN}}},
    {"[ / ]", NULL, "width: halve / double (1 … 256)", GF_SETTING_WIDTH,
     {{GF_KEY_LEFTBRACKET, NONE, ANY, GF_ACTION_WIDTH_HALVE}, {GF_KEY_RIGHTBRACKET, NONE, ANY, GF_ACTION_WIDTH_DOUBLE}}},
    {"↑ / ↓", NULL, "learning rate ×2 / ÷2", GF_SETTING_LR,
     {{GF_KEY_UP, NONE, ANY, GF_ACTION_LR_UP}, {GF_KEY_DOWN, NONE, ANY, GF_ACTION_LR_DOWN}}},
    {", / .", NULL, "leaky ReLU slope a ÷2 / ×2 (. blanks the screen in lesson mode)", GF_SETTING_ALPHA,
     {{GF_KEY_COMMA, NONE, ANY, GF_ACTION_ALPHA_HALVE}, {GF_KEY_PERIOD, NONE, FREE, GF_ACTION_ALPHA_DOUBLE}}},
    {"< / >", NULL, "leaky ReLU slope a ÷2 / ×2, in every mode", GF_SETTING_NONE,
     {{GF_KEY_COMMA, SHIFT, ANY, GF_ACTION_ALPHA_HALVE}, {GF_KEY_LESS, EITHER, ANY, GF_ACTION_ALPHA_HALVE},
      {GF_KEY_PERIOD, SHIFT, ANY, GF_ACTION_ALPHA_DOUBLE}, {GF_KEY_GREATER, EITHER, ANY, GF_ACTION_ALPHA_DOUBLE}}},
    {"D / Shift+D", NULL, "dataset: next / previous", GF_SETTING_DATASET,
     {{'d', NONE, ANY, GF_ACTION_NEXT_DATASET}, {'d', SHIFT, ANY, GF_ACTION_PREV_DATASET}}},
    {"I / Shift+I", NULL, "initialisation: next / previous", GF_SETTING_INIT,
     {{'i', NONE, ANY, GF_ACTION_NEXT_INIT}, {'i', SHIFT, ANY, GF_ACTION_PREV_INIT}}},
    {"O / Shift+O", NULL, "optimizer: next / previous", GF_SETTING_OPTIMIZER,
     {{'o', NONE, ANY, GF_ACTION_NEXT_OPTIMIZER}, {'o', SHIFT, ANY, GF_ACTION_PREV_OPTIMIZER}}},
    {"K / B / C", NULL, "residual connections / batch norm / gradient clipping (focused run)", GF_SETTING_REMEDIES,
     {{'k', NONE, ANY, GF_ACTION_TOGGLE_RESIDUAL}, {'b', NONE, FREE, GF_ACTION_TOGGLE_BATCHNORM},
      {'c', NONE, ANY, GF_ACTION_TOGGLE_CLIP}}},
    {"Shift+B", NULL, "batch norm of the focused run, in every mode", GF_SETTING_NONE,
     {{'b', SHIFT, ANY, GF_ACTION_TOGGLE_BATCHNORM}}},
    {"G", NULL, "bars show: gradient RMS, gradient norm, mean |δ|, ‖δ‖ with its bound", GF_SETTING_METRIC,
     {{'g', NONE, ANY, GF_ACTION_NEXT_METRIC}}},
    {"X", NULL, "bars: log / linear scale", GF_SETTING_SCALE, {{'x', NONE, ANY, GF_ACTION_TOGGLE_LOG}}},
    /* the distributions inside the network */
    {"U", NULL, "distributions per layer in the bars' place, and back (focused run)", GF_SETTING_NONE,
     {{'u', NONE, ANY, GF_ACTION_TOGGLE_DISTRIBUTIONS}}},
    {"W", NULL, "heat map's place: heat map, activations, percentiles, ‖δ‖ over steps (focused run)",
     GF_SETTING_NONE, {{'w', NONE, ANY, GF_ACTION_NEXT_TIME_VIEW}}},
    {"J / Shift+J", NULL, "hidden layer the activation panel shades: next / previous (or click its bar)",
     GF_SETTING_NONE, {{'j', NONE, ANY, GF_ACTION_HIST_LAYER_NEXT}, {'j', SHIFT, ANY, GF_ACTION_HIST_LAYER_PREV}}},
    {"9 / 0", NULL, "training speed: slower / faster", GF_SETTING_SPEED,
     {{'9', NONE, ANY, GF_ACTION_SLOWER}, {'0', NONE, ANY, GF_ACTION_FASTER}}},
    {"T", NULL, "theme: dark / light", GF_SETTING_THEME, {{'t', NONE, ANY, GF_ACTION_TOGGLE_THEME}}},
    {"L", NULL, "language: English / 한국어", GF_SETTING_LANG, {{'l', NONE, ANY, GF_ACTION_TOGGLE_LANG}}},
    {"Ctrl+= / Ctrl+−", NULL, "text size: larger / smaller (0.75 … 2)", GF_SETTING_TEXT_SCALE,
     {{GF_KEY_EQUALS, CTRL, ANY, GF_ACTION_TEXT_BIGGER}, {GF_KEY_PLUS, CTRL, ANY, GF_ACTION_TEXT_BIGGER},
      {GF_KEY_KP_PLUS, CTRL, ANY, GF_ACTION_TEXT_BIGGER}, {GF_KEY_MINUS, CTRL, ANY, GF_ACTION_TEXT_SMALLER},
      {GF_KEY_KP_MINUS, CTRL, ANY, GF_ACTION_TEXT_SMALLER}}},
    {"V", "or double-click", "zoom the focused run's bars (or a clicked panel) to the window, and back",
     GF_SETTING_NONE, {{'v', NONE, ANY, GF_ACTION_ZOOM}}},
    {"Enter", NULL, "type flags: --depth 20 --leaky-alpha 0.2 (Esc closes, ↑ ↓ earlier lines)", GF_SETTING_NONE,
     {{GF_KEY_RETURN, NONE, ANY, GF_ACTION_PROMPT}, {GF_KEY_KP_ENTER, NONE, ANY, GF_ACTION_PROMPT}}},
    {"S / Shift+S", NULL, "save a PNG of the view / in both themes", GF_SETTING_NONE,
     {{'s', NONE, ANY, GF_ACTION_EXPORT}, {'s', SHIFT, ANY, GF_ACTION_EXPORT_BOTH_THEMES}}},
    {"Ctrl+S", NULL, FIGURES_ONLY("save the view as SVG and PDF"), GF_SETTING_NONE,
     {{'s', CTRL, ANY, GF_ACTION_EXPORT_VECTOR}}},
    {"Ctrl+G", NULL, FIGURES_ONLY("record the view as an animated GIF: start / stop"), GF_SETTING_NONE,
     {{'g', CTRL, ANY, GF_ACTION_RECORD}}},
    {"P / Shift+P", NULL, "save the gradient bars / the curves in both themes, for half a slide", GF_SETTING_NONE,
     {{'p', NONE, ANY, GF_ACTION_EXPORT_GRADIENTS}, {'p', SHIFT, ANY, GF_ACTION_EXPORT_CURVES}}},
    {"E", NULL, "save the history as CSV", GF_SETTING_NONE, {{'e', NONE, ANY, GF_ACTION_EXPORT_CSV}}},
    {"Z / A", NULL, "export size: 1920×1080, 3840×2160, window / caption on or off", GF_SETTING_EXPORT,
     {{'z', NONE, ANY, GF_ACTION_EXPORT_SIZE}, {'a', NONE, ANY, GF_ACTION_TOGGLE_CAPTION}}},
    {"M", NULL, "lesson mode on / off", GF_SETTING_SCENE, {{'m', NONE, ANY, GF_ACTION_LESSON}}},
    {"F5 / Shift+F5", NULL, "lesson from scene 1 / from the current scene, fullscreen", GF_SETTING_NONE,
     {{GF_KEY_F5, NONE, ANY, GF_ACTION_SHOW_FROM_START}, {GF_KEY_F5, SHIFT, ANY, GF_ACTION_SHOW_FROM_HERE}}},
    {"PageDown / PageUp", NULL, "next / previous scene (lesson mode)", GF_SETTING_NONE,
     {{GF_KEY_PAGEDOWN, EITHER, ANY, GF_ACTION_SCENE_NEXT}, {GF_KEY_PAGEUP, EITHER, ANY, GF_ACTION_SCENE_PREV}}},
    {"→ / ←", NULL, "next / previous scene (lesson mode)", GF_SETTING_NONE,
     {{GF_KEY_RIGHT, NONE, ANY, GF_ACTION_SCENE_NEXT}, {GF_KEY_LEFT, NONE, ANY, GF_ACTION_SCENE_PREV}}},
    {"B / .", "in lesson mode", "blank the screen; any key brings it back", GF_SETTING_NONE,
     {{'b', NONE, LESSON, GF_ACTION_BLANK}, {GF_KEY_PERIOD, NONE, LESSON, GF_ACTION_BLANK}}},
    {"F / F11", NULL, "fullscreen", GF_SETTING_NONE,
     {{'f', NONE, ANY, GF_ACTION_FULLSCREEN}, {GF_KEY_F11, EITHER, ANY, GF_ACTION_FULLSCREEN}}},
    {"H / F1", NULL, "this help", GF_SETTING_NONE, {{'h', NONE, ANY, GF_ACTION_HELP}, {GF_KEY_F1, EITHER, ANY, GF_ACTION_HELP}}},
    {"Esc", NULL, "close prompt or help, else unzoom, leave fullscreen, leave lessons; never quits",
     GF_SETTING_NONE, {{GF_KEY_ESCAPE, EITHER, ANY, GF_ACTION_ESCAPE}}},
    {"Q", NULL, "quit (in lesson mode or fullscreen: press Q again)", GF_SETTING_NONE,
     {{'q', EITHER, ANY, GF_ACTION_QUIT}}},
};

#define N_ROWS ((int)(sizeof rows / sizeof rows[0]))

int gf_key_row_count(void)
{
    return N_ROWS;
}

const struct gf_key_row *gf_key_row(int i)
{
    return &rows[i];
}

int gf_action_repeats(enum gf_action a)
{
    switch (a) {
    case GF_ACTION_STEP:
    case GF_ACTION_DEPTH_UP:
    case GF_ACTION_DEPTH_DOWN:
    case GF_ACTION_LR_UP:
    case GF_ACTION_LR_DOWN:
    case GF_ACTION_ALPHA_HALVE:
    case GF_ACTION_ALPHA_DOUBLE:
    case GF_ACTION_SLOWER:
    case GF_ACTION_FASTER:
    case GF_ACTION_TEXT_BIGGER:
    case GF_ACTION_TEXT_SMALLER:
        return 1;
    default:
        return 0;
    }
}
