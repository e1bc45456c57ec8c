/* gf_keys.h - the SDL side of the key table (gf_actions.h): a key press to
 * the action its row binds, in free play or lesson mode. */
#ifndef GF_KEYS_H
#define GF_KEYS_H

#include <stdbool.h>

#include <SDL.h>

#include "gf_actions.h"

/* The action of a key press (GF_ACTION_NONE for unbound keys). lesson: the
 * window is in lesson mode, where a clicker's B and . blank the screen. */
enum gf_action gf_key_action(SDL_Keycode key, Uint16 mod, bool lesson);

#endif
