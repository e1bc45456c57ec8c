/* gf_outfile.c - write, close, then rename. */
#include "gf_outfile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "gf_platform.h"

static void release(struct gf_outfile *out)
{
    free(out->path);
    free(out->temp_path);
    memset(out, 0, sizeof *out);
}

/* Length of the folder part of path, separator included ("" for a bare name). */
static size_t folder_length(const char *path)
{
    size_t n = strlen(path);
    while (n > 0 && path[n - 1] != '/' && path[n - 1] != '\\')
        n--;
    return n;
}

bool gf_outfile_open(struct gf_outfile *out, const char *path, bool overwrite, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    if (!overwrite && gf_path_exists(path)) {
        snprintf(err, errlen, "%s: already exists; pass --overwrite to replace it", path);
        return false;
    }
    size_t n = strlen(path), dir = folder_length(path);
    out->path = malloc(n + 1);
    out->temp_path = malloc(n + 64);
    if (!out->path || !out->temp_path) {
        snprintf(err, errlen, "%s: out of memory", path);
        release(out);
        return false;
    }
    memcpy(out->path, path, n + 1);
    /* A hidden name of our own beside the target: on the same file system (so
     * the rename is atomic), and created exclusively ("x"), so neither a user's
     * file nor another output's temporary file is ever reused. */
    int saved = 0;
    for (int attempt = 0; attempt < 100 && !out->f; attempt++) {
        snprintf(out->temp_path, n + 64, "%.*s.gradflow-%lu-%d.part", (int)dir, path, gf_process_id(), attempt);
        errno = 0;
        out->f = gf_create_new(out->temp_path);
        saved = errno;
        if (!out->f && !gf_path_exists(out->temp_path))
            break;   /* not a name clash: the folder itself is the problem */
    }
    if (!out->f) {
        snprintf(err, errlen, "%s: cannot write there (%s)", path, saved ? strerror(saved) : "no temporary name free");
        release(out);
        return false;
    }
    return true;
}

bool gf_outfile_close(struct gf_outfile *out, char *err, size_t errlen)
{
    errno = 0;
    bool ok = fflush(out->f) == 0 && !ferror(out->f);
    int saved = errno;
    if (fclose(out->f) != 0 && ok) {
        ok = false;
        saved = errno;
    }
    out->f = NULL;
    if (!ok) {
        snprintf(err, errlen, "%s: writing failed (%s); nothing was written", out->path,
                 saved ? strerror(saved) : "I/O error");
        gf_remove_file(out->temp_path);
        release(out);
    }
    return ok;
}

bool gf_outfile_publish(struct gf_outfile *out, char *err, size_t errlen)
{
    errno = 0;
    bool ok = gf_replace_file(out->temp_path, out->path);
    if (!ok) {
        snprintf(err, errlen, "%s: could not be put in place (%s); nothing was written", out->path,
                 errno ? strerror(errno) : "rename failed");
        gf_remove_file(out->temp_path);
    }
    release(out);
    return ok;
}

void gf_outfile_abandon(struct gf_outfile *out)
{
    if (out->f)
        fclose(out->f);
    if (out->temp_path)
        gf_remove_file(out->temp_path);
    release(out);
}
