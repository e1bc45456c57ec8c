/* gf_keys.c - SDL's key events against the key table (gf_actions.c): the
 * table's keys have SDL's keycode values (gf_keycode.h), so only the
 * modifiers need translating here. */
#include "gf_keys.h"

static bool mod_matches(enum gf_key_mod want, Uint16 mod)
{
    bool shift = (mod & KMOD_SHIFT) != 0, ctrl = (mod & KMOD_CTRL) != 0;
    if (mod & (KMOD_ALT | KMOD_GUI))
        return false;   /* leave the system's shortcuts alone */
    switch (want) {
    case GF_MOD_NONE: return !shift && !ctrl;
    case GF_MOD_SHIFT: return shift && !ctrl;
    case GF_MOD_EITHER: return !ctrl;
    case GF_MOD_CTRL: return ctrl;
    }
    return false;
}

enum gf_action gf_key_action(SDL_Keycode key, Uint16 mod, bool lesson)
{
    for (int r = 0; r < gf_key_row_count(); r++)
        for (int b = 0; b < GF_KEY_BINDS && gf_key_row(r)->bind[b].key; b++) {
            const struct gf_key_bind *k = &gf_key_row(r)->bind[b];
            if (k->key == key && mod_matches(k->mod, mod) &&
                (k->mode == GF_MODE_ANY || (k->mode == GF_MODE_LESSON) == lesson))
                return k->action;
        }
    return GF_ACTION_NONE;
}
