/* gf_outfile.c - write-then-rename output files. */
#include "gf_outfile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "gf_platform.h"

static void release(struct gf_outfile *out)
{
    free(out->path);
    free(out->part_path);
    out->path = out->part_path = NULL;
    out->f = NULL;
}

bool gf_outfile_open(struct gf_outfile *out, const char *path, bool overwrite, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    if (!overwrite && gf_path_exists(path)) {
        snprintf(err, errlen, "%s: already exists; pass --overwrite to replace it", path);
        return false;
    }
    size_t n = strlen(path);
    out->path = malloc(n + 1);
    out->part_path = malloc(n + sizeof ".part");
    if (!out->path || !out->part_path) {
        snprintf(err, errlen, "%s: out of memory", path);
        release(out);
        return false;
    }
    memcpy(out->path, path, n + 1);
    memcpy(out->part_path, path, n);
    memcpy(out->part_path + n, ".part", sizeof ".part");
    out->f = fopen(out->part_path, "wb");
    if (!out->f) {
        snprintf(err, errlen, "%s: cannot write there (%s)", path, strerror(errno));
        release(out);
        return false;
    }
    return true;
}

bool gf_outfile_commit(struct gf_outfile *out, char *err, size_t errlen)
{
    bool ok = !ferror(out->f);
    int saved = errno;
    if (fclose(out->f) != 0 && ok) {
        ok = false;
        saved = errno;
    }
    out->f = NULL;
    if (ok && !gf_replace_file(out->part_path, out->path)) {
        ok = false;
        saved = errno;
    }
    if (!ok) {
        snprintf(err, errlen, "%s: writing failed (%s); nothing was written", out->path, strerror(saved));
        remove(out->part_path);
    }
    release(out);
    return ok;
}

void gf_outfile_abandon(struct gf_outfile *out)
{
    if (out->f) {
        fclose(out->f);
        remove(out->part_path);
    }
    release(out);
}
