/* gf_keycode.h - the keys the key table (gf_actions.c) binds, by the values
 * SDL gives its keycodes (SDL_keycode.h: a printable key is its character,
 * any other its scancode with bit 30 set): the table needs no SDL, and the
 * window hands SDL's code over unchanged. tests/test_window.c holds every
 * one here to SDL's own. */
#ifndef GF_KEYCODE_H
#define GF_KEYCODE_H

#define GF_KEY_SCANCODE(sc) ((sc) | (1 << 30))

enum gf_keycode {
    GF_KEY_COMMA = ',',
    GF_KEY_DOWN = GF_KEY_SCANCODE(81),
    GF_KEY_EQUALS = '=',
    GF_KEY_ESCAPE = '\x1B',
    GF_KEY_F1 = GF_KEY_SCANCODE(58),
    GF_KEY_F11 = GF_KEY_SCANCODE(68),
    GF_KEY_F5 = GF_KEY_SCANCODE(62),
    GF_KEY_GREATER = '>',
    GF_KEY_KP_ENTER = GF_KEY_SCANCODE(88),
    GF_KEY_KP_MINUS = GF_KEY_SCANCODE(86),
    GF_KEY_KP_PLUS = GF_KEY_SCANCODE(87),
    GF_KEY_LEFT = GF_KEY_SCANCODE(80),
    GF_KEY_LEFTBRACKET = '[',
    GF_KEY_LESS = '<',
    GF_KEY_MINUS = '-',
    GF_KEY_PAGEDOWN = GF_KEY_SCANCODE(78),
    GF_KEY_PAGEUP = GF_KEY_SCANCODE(75),
    GF_KEY_PERIOD = '.',
    GF_KEY_PLUS = '+',
    GF_KEY_RETURN = '\r',
    GF_KEY_RIGHT = GF_KEY_SCANCODE(79),
    GF_KEY_RIGHTBRACKET = ']',
    GF_KEY_SPACE = ' ',
    GF_KEY_TAB = '\t',
    GF_KEY_UP = GF_KEY_SCANCODE(82),
};

#endif
