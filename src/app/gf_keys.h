/* gf_keys.h - the key map: SDL keys to actions, and the actions themselves,
 * which gf_app applies without needing SDL to be running. */
#ifndef GF_KEYS_H
#define GF_KEYS_H

#include <SDL.h>

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
    GF_ACTION_ALPHA_HALVE,       /* , */
    GF_ACTION_ALPHA_DOUBLE,      /* . */
    GF_ACTION_NEXT_DATASET,      /* D */
    GF_ACTION_NEXT_INIT,         /* I */
    GF_ACTION_NEXT_OPTIMIZER,    /* O */
    GF_ACTION_NEXT_METRIC,       /* G */
    GF_ACTION_TOGGLE_LOG,        /* X */
    GF_ACTION_SLOWER,            /* 9 */
    GF_ACTION_FASTER,            /* 0 */
    GF_ACTION_TOGGLE_THEME,      /* T */
    GF_ACTION_FULLSCREEN,        /* F, F11 */
    GF_ACTION_HELP,              /* H, F1 */
    GF_ACTION_TOGGLE_RESIDUAL,   /* K: skip connections, focused run */
    GF_ACTION_TOGGLE_BATCHNORM,  /* B: batch normalization, focused run */
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
    GF_ACTION_LESSON,            /* M: lesson mode on / off */
    GF_ACTION_SCENE_NEXT,        /* PageDown, Right: next lesson scene */
    GF_ACTION_SCENE_PREV,        /* PageUp, Left: previous lesson scene */
    GF_ACTION_ESCAPE,            /* Esc: close the overlay, else leave lesson mode, else quit */
    GF_ACTION_QUIT,              /* Q */
    GF_ACTION_COUNT
};

/* The action of a key press (GF_ACTION_NONE for unbound keys). */
enum gf_action gf_key_action(SDL_Keycode key, Uint16 mod);

/* Does holding the key down repeat the action? (Steps and sizes do; toggles do not.) */
int gf_action_repeats(enum gf_action a);

#endif
