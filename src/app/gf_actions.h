/* gf_actions.h - what a key can ask for, and the one table of keys that
 * binds them (gf_actions.c), without SDL: the key handling (gf_keys.h), the help overlay
 * and the README's key table are all read from that table, so a key
 * documented is a key that works.
 */
#ifndef GF_ACTIONS_H
#define GF_ACTIONS_H

#include <stdint.h>

enum gf_action {
    GF_ACTION_NONE,
    GF_ACTION_ACT_LINEAR,        /* 1..7: the focused run's activation, in gf_act order */
    GF_ACTION_ACT_SIGMOID,
    GF_ACTION_ACT_TANH,
    GF_ACTION_ACT_RELU,
    GF_ACTION_ACT_LEAKY_RELU,
    GF_ACTION_ACT_GELU,
    GF_ACTION_ACT_SILU,
    GF_ACTION_FOCUS_OTHER,       /* Tab */
    GF_ACTION_FOCUS_LEFT,        /* a click on the left column */
    GF_ACTION_FOCUS_RIGHT,
    GF_ACTION_PAUSE,             /* Space */
    GF_ACTION_STEP,              /* N, while paused */
    GF_ACTION_RESET,             /* R */
    GF_ACTION_RESET_NEW_SEED,    /* Shift+R */
    GF_ACTION_DEPTH_UP,          /* + */
    GF_ACTION_DEPTH_DOWN,        /* - */
    GF_ACTION_WIDTH_HALVE,       /* [ */
    GF_ACTION_WIDTH_DOUBLE,      /* ] */
    GF_ACTION_LR_UP,             /* Up */
    GF_ACTION_LR_DOWN,           /* Down */
    GF_ACTION_ALPHA_HALVE,       /* , and < */
    GF_ACTION_ALPHA_DOUBLE,      /* . (free play) and > */
    GF_ACTION_NEXT_DATASET,      /* D */
    GF_ACTION_NEXT_INIT,         /* I */
    GF_ACTION_NEXT_OPTIMIZER,    /* O */
    GF_ACTION_PREV_DATASET,      /* Shift+D */
    GF_ACTION_PREV_INIT,         /* Shift+I */
    GF_ACTION_PREV_OPTIMIZER,    /* Shift+O */
    GF_ACTION_NEXT_METRIC,       /* G */
    GF_ACTION_TOGGLE_LOG,        /* X */
    GF_ACTION_SLOWER,            /* 9 */
    GF_ACTION_FASTER,            /* 0 */
    GF_ACTION_TOGGLE_THEME,      /* T */
    GF_ACTION_FULLSCREEN,        /* F, F11 */
    GF_ACTION_HELP,              /* H, F1 */
    GF_ACTION_TOGGLE_RESIDUAL,   /* K: skip connections, focused run */
    GF_ACTION_TOGGLE_BATCHNORM,  /* B in free play, Shift+B anywhere: batch normalization, focused run */
    GF_ACTION_TOGGLE_CLIP,       /* C: gradient clipping, focused run */
    GF_ACTION_EXPORT,            /* S: PNG of the view */
    GF_ACTION_EXPORT_BOTH_THEMES,/* Shift+S: PNGs of the view in both themes, of one step */
    GF_ACTION_EXPORT_GRADIENTS,  /* P: both runs' gradient bars, for half a slide, in both themes */
    GF_ACTION_EXPORT_CURVES,     /* Shift+P: both activation curves, in both themes */
    GF_ACTION_EXPORT_CSV,        /* E: the history as CSV */
    GF_ACTION_EXPORT_VECTOR,     /* Ctrl+S: the view as SVG and PDF */
    GF_ACTION_RECORD,            /* Ctrl+G: start or stop recording the view as an animated GIF */
    GF_ACTION_EXPORT_SIZE,       /* Z: export size: 1920x1080, 3840x2160, the window's */
    GF_ACTION_TOGGLE_CAPTION,    /* A: the settings strip on exported figures */
    GF_ACTION_TOGGLE_LANG,       /* L: English / Korean */
    GF_ACTION_TEXT_BIGGER,       /* Ctrl+= */
    GF_ACTION_TEXT_SMALLER,      /* Ctrl+- */
    GF_ACTION_ZOOM,              /* V: the focused run's gradient bars over the whole window, and back */
    GF_ACTION_PROMPT,            /* Enter: the one-line prompt for flags */
    GF_ACTION_LESSON,            /* M: lesson mode on / off */
    GF_ACTION_SHOW_FROM_START,   /* F5: lesson mode at scene 1, fullscreen */
    GF_ACTION_SHOW_FROM_HERE,    /* Shift+F5: lesson mode at the current scene, fullscreen */
    GF_ACTION_BLANK,             /* B or . in lesson mode: a black screen until any key */
    GF_ACTION_SCENE_NEXT,        /* PageDown, Right: next lesson scene */
    GF_ACTION_SCENE_PREV,        /* PageUp, Left: previous lesson scene */
    GF_ACTION_ESCAPE,            /* Esc: close, leave or do nothing; never quits */
    GF_ACTION_QUIT,              /* Q; asks once more in lesson mode and fullscreen */
    /* the distributions inside the network (focused run) */
    GF_ACTION_TOGGLE_DISTRIBUTIONS, /* U: the bars panel shows the per-layer distributions, and back */
    GF_ACTION_NEXT_TIME_VIEW,    /* W: the heat map's place: heat map, activations, percentiles, ‖δ‖ over steps */
    GF_ACTION_HIST_LAYER_NEXT,   /* J: the hidden layer whose z the activation panel shades: next */
    GF_ACTION_HIST_LAYER_PREV,   /* Shift+J: previous */
    GF_ACTION_COUNT
};

/* Modifier states a binding asks for. */
enum gf_key_mod {
    GF_MOD_NONE,      /* no Shift (and no Ctrl, Alt or GUI) */
    GF_MOD_SHIFT,     /* Shift */
    GF_MOD_EITHER,    /* with or without Shift */
    GF_MOD_CTRL,      /* Ctrl, with or without Shift */
};

/* When a binding holds. */
enum gf_key_mode {
    GF_MODE_ANY,      /* in free play and in lesson mode */
    GF_MODE_FREE,     /* free play only */
    GF_MODE_LESSON,   /* lesson mode only */
};

/* What the help overlay shows as a row's current value and its choices. */
enum gf_setting {
    GF_SETTING_NONE,
    GF_SETTING_ACTIVATION, GF_SETTING_SEED, GF_SETTING_DEPTH, GF_SETTING_WIDTH, GF_SETTING_LR,
    GF_SETTING_ALPHA, GF_SETTING_DATASET, GF_SETTING_INIT, GF_SETTING_OPTIMIZER, GF_SETTING_REMEDIES,
    GF_SETTING_METRIC, GF_SETTING_SCALE, GF_SETTING_SPEED, GF_SETTING_THEME, GF_SETTING_LANG,
    GF_SETTING_TEXT_SCALE, GF_SETTING_EXPORT, GF_SETTING_SCENE,
};

#define GF_KEY_BINDS 8   /* bindings per row at most */

struct gf_key_bind {
    int32_t key;               /* a gf_keycode (SDL's value for the key); 0 ends the row's list */
    enum gf_key_mod mod;
    enum gf_key_mode mode;
    enum gf_action action;
};

/* One row of the table: the keys as people write them, what they do (in
 * English; gf_tr translates it when drawn), the setting it shows, and the
 * bindings behind it. */
struct gf_key_row {
    const char *keys;          /* "D / Shift+D": key names, the same in every language */
    const char *keys_note;     /* words after them ("in lesson mode"; English, translated when shown), or NULL */
    const char *text;          /* "dataset: next / previous" */
    enum gf_setting setting;
    struct gf_key_bind bind[GF_KEY_BINDS];
};

int gf_key_row_count(void);
const struct gf_key_row *gf_key_row(int i);

/* Does holding the key down repeat the action? (Steps and sizes do; toggles do not.) */
int gf_action_repeats(enum gf_action a);

#endif
