/* gf_png.h - writing an SDL surface as PNG with text metadata (libpng). */
#ifndef GF_PNG_H
#define GF_PNG_H

#include <stdbool.h>
#include <stdio.h>

#include <SDL.h>

struct gf_png_text {
    const char *key;     /* e.g. "Software", "Description" (PNG keywords: Latin-1, 1-79 bytes) */
    const char *value;   /* UTF-8; stored as an international text chunk */
};

/* Writes surface (any format; converted to RGB) to f as an 8-bit RGB PNG
 * with the given text entries and no time stamp, so the same pixels and text
 * always give the same bytes. Returns false (err says why) on failure;
 * *write_errno is then the errno of a failed write to f (0 when the failure
 * was not writing). */
bool gf_png_write(FILE *f, SDL_Surface *surface, const struct gf_png_text *text, int n_text, int *write_errno,
                  char *err, size_t errlen);

#endif
