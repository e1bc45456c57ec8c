/* gf_share.h - share links: the settings after the '#' of the browser
 * build's address, as the command line's long flags without their dashes,
 * joined by '&': depth=20&right=tanh&dataset=spiral3&scene=5&lang=ko.
 *
 * A link is turned into an argv for gf_cli_parse, so it is validated by the
 * same code as the command line; the app's settings are turned back into a
 * link that names only what differs from the defaults. Plain C, no browser:
 * tested natively like the rest of the app. */
#ifndef GF_SHARE_H
#define GF_SHARE_H

#include <stdbool.h>
#include <stddef.h>

#include "gf_app.h"

#define GF_SHARE_MAX_ARGS 128

/* Splits fragment (without the '#'; percent-escapes decoded) into
 * argv: argv[0] is "gradflow", each key=value gives "--key" "value", a bare
 * key "--key". The strings live in buf (n bytes). Flags that make no sense
 * in a page (headless, files, folders, help) are refused. Returns argc, or
 * -1 with one line in err. */
int gf_share_to_argv(const char *fragment, char *buf, size_t n, char *argv[GF_SHARE_MAX_ARGS], char *err,
                     size_t errlen);

/* The link that reopens what app shows: the scene, when one is on screen,
 * and every setting that differs (from the scene's own when there is one,
 * else from the defaults), the language, theme and bar display. Empty for
 * the defaults. */
void gf_share_from_app(const struct gf_app *app, char *buf, size_t n);

#endif
