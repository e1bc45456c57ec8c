/* gf_outfile.h - output files that appear whole or not at all, and only
 * under a name that was free (or that the user allowed to be replaced).
 *
 * Content goes to a temporary file beside the target, named
 * `.gradflow-PID-N.part` in the target's folder and created exclusively (it
 * never reuses anything). Once every output of a run is complete and closed
 * without error, they are put in place together: a free name is taken
 * atomically and only while still free (a file that appeared there during
 * the run is left alone, and the run fails saying so); with overwrite, an
 * existing regular file is replaced atomically and keeps its permission
 * bits. Symbolic links, folders, devices and files with several hard links
 * are never replaced. Temporary files are removed on every failure, at
 * exit, and when SIGINT, SIGTERM or SIGHUP ends the process.
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
    bool overwrite;     /* an existing regular file at path may be replaced */
    int error;          /* errno of the first failed write, 0 while none has failed */
    int slot;           /* the temporary's entry in the removal list */
};

/* Checks that path could be written: free, or (with overwrite) a regular
 * file with one name; its folder is not checked. Returns false with a
 * sentence "PATH: why" in err otherwise. */
bool gf_outfile_check(const char *path, bool overwrite, char *err, size_t errlen);

/* Checks path as gf_outfile_check does and creates the temporary file.
 * Fails, with a sentence in err, when the name is not usable or nothing
 * can be created in its folder. */
bool gf_outfile_open(struct gf_outfile *out, const char *path, bool overwrite, char *err, size_t errlen);

/* Records a failed write: false once any write to out->f has failed (call
 * it right after writing, while errno still says why). */
bool gf_outfile_healthy(struct gf_outfile *out);

/* Closes the temporary file, checking that every write reached it. On
 * failure the temporary file is removed and err says why. */
bool gf_outfile_close(struct gf_outfile *out, char *err, size_t errlen);

/* Puts n closed files in place, all or none: when one cannot be (its name
 * was taken meanwhile, say), the ones already placed are taken back and
 * every temporary file is removed; err names the file and why, and
 * *failed (when not NULL) is its index. */
bool gf_outfile_publish_all(struct gf_outfile *const *outs, int n, int *failed, char *err, size_t errlen);

/* One file: gf_outfile_publish_all of one. */
bool gf_outfile_publish(struct gf_outfile *out, char *err, size_t errlen);

/* Removes the temporary file, whatever state it is in (nothing on a zeroed
 * or already finished gf_outfile). */
void gf_outfile_abandon(struct gf_outfile *out);

/* path into out (n bytes), shortened in its middle with an ellipsis when
 * it does not fit: its start and its file name stay, whole UTF-8 characters. */
void gf_outfile_shorten(char *out, size_t n, const char *path);

/* "PATH: " followed by printf-style text, into err: the path shortened in
 * its middle when the whole would not fit, so the explanation always does. */
void gf_outfile_say(char *err, size_t errlen, const char *path, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

#endif
