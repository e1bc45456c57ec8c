/* gf_keys.c - DESIGN.md's key table, in one switch. */
#include "gf_keys.h"

enum gf_action gf_key_action(SDL_Keycode key, Uint16 mod)
{
    int shift = (mod & KMOD_SHIFT) != 0;
    /* Figures with Ctrl: the vector forms of the view, and recording it. */
    if ((mod & KMOD_CTRL) && !(mod & (KMOD_ALT | KMOD_GUI)) && !shift && (key == SDLK_s || key == SDLK_g))
        return key == SDLK_s ? GF_ACTION_EXPORT_VECTOR : GF_ACTION_RECORD;
    if (mod & (KMOD_CTRL | KMOD_ALT | KMOD_GUI))
        return GF_ACTION_NONE;   /* leave the system's shortcuts alone */
    switch (key) {
    case SDLK_1: return GF_ACTION_ACT_LINEAR;
    case SDLK_2: return GF_ACTION_ACT_SIGMOID;
    case SDLK_3: return GF_ACTION_ACT_TANH;
    case SDLK_4: return GF_ACTION_ACT_RELU;
    case SDLK_5: return GF_ACTION_ACT_LEAKY_RELU;
    case SDLK_6: return GF_ACTION_ACT_GELU;
    case SDLK_7: return GF_ACTION_ACT_SILU;
    case SDLK_TAB: return GF_ACTION_FOCUS_OTHER;
    case SDLK_SPACE: return GF_ACTION_PAUSE;
    case SDLK_n: return GF_ACTION_STEP;
    case SDLK_r: return shift ? GF_ACTION_RESET_NEW_SEED : GF_ACTION_RESET;
    case SDLK_PLUS:
    case SDLK_EQUALS:        /* + without shift on most layouts */
    case SDLK_KP_PLUS: return GF_ACTION_DEPTH_UP;
    case SDLK_MINUS:
    case SDLK_KP_MINUS: return GF_ACTION_DEPTH_DOWN;
    case SDLK_LEFTBRACKET: return GF_ACTION_WIDTH_HALVE;
    case SDLK_RIGHTBRACKET: return GF_ACTION_WIDTH_DOUBLE;
    case SDLK_UP: return GF_ACTION_LR_UP;
    case SDLK_DOWN: return GF_ACTION_LR_DOWN;
    case SDLK_COMMA: return GF_ACTION_ALPHA_HALVE;
    case SDLK_PERIOD: return GF_ACTION_ALPHA_DOUBLE;
    case SDLK_d: return GF_ACTION_NEXT_DATASET;
    case SDLK_i: return GF_ACTION_NEXT_INIT;
    case SDLK_o: return GF_ACTION_NEXT_OPTIMIZER;
    case SDLK_g: return GF_ACTION_NEXT_METRIC;
    case SDLK_x: return GF_ACTION_TOGGLE_LOG;
    case SDLK_9: return GF_ACTION_SLOWER;
    case SDLK_0: return GF_ACTION_FASTER;
    case SDLK_t: return GF_ACTION_TOGGLE_THEME;
    case SDLK_f:
    case SDLK_F11: return GF_ACTION_FULLSCREEN;
    case SDLK_h:
    case SDLK_F1: return GF_ACTION_HELP;
    case SDLK_k: return GF_ACTION_TOGGLE_RESIDUAL;
    case SDLK_b: return GF_ACTION_TOGGLE_BATCHNORM;
    case SDLK_c: return GF_ACTION_TOGGLE_CLIP;
    case SDLK_s: return shift ? GF_ACTION_EXPORT_BOTH_THEMES : GF_ACTION_EXPORT;
    case SDLK_p: return shift ? GF_ACTION_EXPORT_CURVES : GF_ACTION_EXPORT_GRADIENTS;
    case SDLK_e: return GF_ACTION_EXPORT_CSV;
    case SDLK_z: return GF_ACTION_EXPORT_SIZE;
    case SDLK_a: return GF_ACTION_TOGGLE_CAPTION;
    case SDLK_l: return GF_ACTION_TOGGLE_LANG;
    case SDLK_m: return GF_ACTION_LESSON;
    case SDLK_PAGEDOWN:
    case SDLK_RIGHT: return GF_ACTION_SCENE_NEXT;
    case SDLK_PAGEUP:
    case SDLK_LEFT: return GF_ACTION_SCENE_PREV;
    case SDLK_ESCAPE: return GF_ACTION_ESCAPE;
    case SDLK_q: return GF_ACTION_QUIT;
    default: return GF_ACTION_NONE;
    }
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
        return 1;
    default:
        return 0;
    }
}
