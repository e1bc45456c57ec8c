/* gf_outfile.h - output files that appear whole or not at all.
 *
 * Content goes to "<path>.part" and is renamed over path only once it is
 * complete and flushed, so a failed or interrupted write never leaves a
 * partial file under the real name. An existing file is replaced only when
 * the caller allows it.
 */
#ifndef GF_OUTFILE_H
#define GF_OUTFILE_H

#include <stdbool.h>
#include <stdio.h>

struct gf_outfile {
    FILE *f;            /* write here between open and commit */
    char *path;         /* final name */
    char *part_path;    /* temporary name */
};

/* Opens the temporary file. Fails, with a sentence in err, when path exists
 * and !overwrite, or when the temporary file cannot be created. */
bool gf_outfile_open(struct gf_outfile *out, const char *path, bool overwrite, char *err, size_t errlen);

/* Closes and renames into place. On failure the temporary file is removed
 * and err says why. */
bool gf_outfile_commit(struct gf_outfile *out, char *err, size_t errlen);

/* Closes and removes the temporary file (after an error elsewhere). */
void gf_outfile_abandon(struct gf_outfile *out);

#endif
