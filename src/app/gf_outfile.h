/* gf_outfile.h - output files that appear whole or not at all.
 *
 * Content goes to a temporary file beside the target, created exclusively
 * (it never replaces anything), and is renamed over the target only once
 * every output is complete and closed without error; a failed or
 * interrupted run leaves no file under the real name. An existing target is
 * replaced only when the caller allows it.
 */
#ifndef GF_OUTFILE_H
#define GF_OUTFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct gf_outfile {
    FILE *f;            /* write here between open and close */
    char *path;         /* final name */
    char *temp_path;    /* temporary name */
};

/* Creates the temporary file. Fails, with a sentence in err, when path
 * exists and !overwrite, or when nothing can be created there. */
bool gf_outfile_open(struct gf_outfile *out, const char *path, bool overwrite, char *err, size_t errlen);

/* Closes the temporary file, checking that every write reached it. On
 * failure the temporary file is removed and err says why. */
bool gf_outfile_close(struct gf_outfile *out, char *err, size_t errlen);

/* Renames a closed file into place. On failure the temporary file is
 * removed and err says why. */
bool gf_outfile_publish(struct gf_outfile *out, char *err, size_t errlen);

/* Removes the temporary file, whatever state it is in. */
void gf_outfile_abandon(struct gf_outfile *out);

#endif
