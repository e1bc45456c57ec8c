/* gf_gif.h - animated GIFs of the view, for slides (giflib; in a build
 * without it, gf_gif_start fails saying GF_GIF_MISSING).
 *
 * Each frame gets its own palette of up to 255 colours, chosen from the
 * pixels that changed since the last frame: their exact colours when there
 * are so few (the flat panels, text and lines of a frame), else a median
 * cut of them weighted by how often each occurs, so the heat map's and
 * decision maps' ramps keep their steps instead of banding. No dithering:
 * the same frames always give the same bytes. Pixels that did not change
 * are transparent over the last frame (index 255), and each frame covers
 * only the rectangle that changed, which is most of what keeps a clip
 * small. The animation loops forever, every frame shown for the same time.
 */
#ifndef GF_GIF_H
#define GF_GIF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <SDL.h>

/* What a build without giflib (GF_FIGURES 0) says when asked for a GIF. */
#define GF_GIF_MISSING "this build has no animated GIFs (built without giflib); PNG works"

#define GF_GIF_FPS 10   /* frames per second of every animation (GIF delays are in 1/100 s) */

struct gf_gif {
    void *file;              /* GifFileType */
    FILE *out;
    int w, h;
    long frames;             /* written so far */
    bool failed;             /* a write failed: the rest is not attempted */
    Uint32 *prev;            /* (w*h) the last frame's pixels, 0xAARRGGBB */
    Uint32 *shown;           /* (w*h) what a viewer shows after the last frame */
    Uint8 *line;             /* (w) one row of indices */
    struct gf_gif_colour *table;   /* distinct colours of a frame's changes (hash table) */
    int table_size;
    double last_error;       /* mean |shown - frame| over pixels and channels, 0..255, of the last frame */
    double max_error;        /* the largest last_error so far */
};

/* Starts an animation of w x h frames written to out (binary, the caller's
 * to close after gf_gif_finish). False, err saying why and nothing left to
 * free, when it cannot. */
bool gf_gif_start(struct gf_gif *g, FILE *out, int w, int h, char *err, size_t errlen);

/* Adds a frame: w x h pixels, pitch bytes a row, 0xAARRGGBB (alpha ignored). */
bool gf_gif_add(struct gf_gif *g, const Uint32 *pixels, int pitch, char *err, size_t errlen);

/* Writes the trailer and frees everything (also after a failure); false
 * when anything written failed. */
bool gf_gif_finish(struct gf_gif *g, char *err, size_t errlen);

#endif
