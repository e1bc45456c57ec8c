/* gf_record.h - recording the view as an animated GIF while it trains.
 *
 * Frames are drawn by the caller (the window's thread, which owns the
 * fonts) and handed over; palette, LZW and writing happen on a thread of
 * the recording's own, so the window keeps its pace. A frame handed over
 * while the encoder is RECORD_QUEUE frames behind waits for it rather than
 * being dropped. The file goes through gf_outfile: it appears, whole, only
 * when the recording ends well.
 */
#ifndef GF_RECORD_H
#define GF_RECORD_H

#include <stdbool.h>
#include <stddef.h>

#include <SDL.h>

struct gf_record;
struct gf_outfile;

struct gf_record_result {
    long frames;
    int w, h;
    double last_error, max_error;   /* mean colour error of the last and the worst frame, 0..255 */
};

/* Starts recording w x h frames into path (replaced only when overwrite);
 * NULL, err saying why, when it cannot. */
struct gf_record *gf_record_start(const char *path, bool overwrite, int w, int h, char *err, size_t errlen);

/* Hands over one frame (w x h as started, any 32-bit surface in ARGB8888). */
bool gf_record_frame(struct gf_record *r, const SDL_Surface *frame, char *err, size_t errlen);

/* Waits for every frame to be written and closes the animation; false,
 * err saying why, when anything failed (nothing is then put in place). */
bool gf_record_close(struct gf_record *r, struct gf_record_result *res, char *err, size_t errlen);

/* The recording's file, for putting a closed recording in place together
 * with other outputs (gf_outfile_publish_all); gf_record_end then only
 * frees r. */
struct gf_outfile *gf_record_file(struct gf_record *r);

/* Puts a closed recording in place (publish) or removes it, and frees r. */
bool gf_record_end(struct gf_record *r, bool publish, char *err, size_t errlen);

#endif
