/* gf_outfile.c - write a temporary file, close it, then give it its name:
 * only while the name is free, or over a regular file the user allowed to
 * be replaced. */
#include "gf_outfile.h"

#include <errno.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "gf_platform.h"

#define TEMP_ATTEMPTS 100   /* temporary names tried before giving up */
#define MAX_PENDING 32      /* files (temporary or placed but not yet final) at once */

/* ---- the removal list ---------------------------------------------------
 * Every temporary file, and every file placed by a group that has not
 * finished placing all of its files, is listed here from the moment it
 * exists, so a signal or an exit can remove it. The handler only reads the
 * list; the list is a fixed array of atomic pointers, so it is never seen
 * half changed. Entries are added and removed by one thread. */
static void *_Atomic pending[MAX_PENDING];
static int n_pending;
static bool exit_hooked;

/* Safe inside a signal handler: removes, frees nothing. */
static void remove_pending(void)
{
    for (int i = 0; i < MAX_PENDING; i++) {
        void *p = atomic_load(&pending[i]);
        if (p)
            gf_remove_prepared(p);
    }
}

static void remove_pending_at_exit(void)
{
    remove_pending();
    for (int i = 0; i < MAX_PENDING; i++)
        free(atomic_exchange(&pending[i], NULL));
    if (n_pending > 0)
        gf_signals_disarm();
    n_pending = 0;
}

/* Lists path for removal. Returns its entry plus one, or 0 when the list is
 * full or memory short. */
static int enlist(const char *path)
{
    void *p = gf_prepare_removal(path);
    for (int i = 0; p && i < MAX_PENDING; i++) {
        void *expected = NULL;
        if (atomic_compare_exchange_strong(&pending[i], &expected, p)) {
            if (n_pending++ == 0)
                gf_signals_arm(remove_pending);
            if (!exit_hooked)
                exit_hooked = atexit(remove_pending_at_exit) == 0;
            return i + 1;
        }
    }
    free(p);
    return 0;
}

static void delist(int slot)
{
    if (slot <= 0)
        return;
    free(atomic_exchange(&pending[slot - 1], NULL));
    if (--n_pending == 0)
        gf_signals_disarm();
}

/* ---- messages ----------------------------------------------------------- */

/* Where a cut at n bytes of s falls back to so as not to split a UTF-8 character. */
static size_t char_start(const char *s, size_t n)
{
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n;
}

void gf_outfile_shorten(char *out, size_t n, const char *path)
{
    static const char ellipsis[] = "…";
    size_t p = strlen(path), e = sizeof ellipsis - 1;
    if (n == 0)
        return;
    if (p < n || n < e + 3) {
        snprintf(out, n, "%s", path);
        return;
    }
    /* the path's start and end (the folder it began in and the file's own
     * name) with an ellipsis between */
    size_t keep = n - 1 - e;
    size_t head = char_start(path, keep / 2);
    size_t tail = p - (keep - keep / 2);
    while (tail < p && ((unsigned char)path[tail] & 0xC0) == 0x80)
        tail++;
    snprintf(out, n, "%.*s%s%s", (int)head, path, ellipsis, path + tail);
}

void gf_outfile_say(char *err, size_t errlen, const char *path, const char *fmt, ...)
{
    if (errlen == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *why = k >= 0 ? malloc((size_t)k + 1) : NULL;
    if (!why) {
        snprintf(err, errlen, "%s", path);
        return;
    }
    va_start(ap, fmt);
    vsnprintf(why, (size_t)k + 1, fmt, ap);
    va_end(ap);
    size_t w = (size_t)k;
    if (w + 2 + 16 < errlen) {
        /* the explanation whole; the path in what room is left */
        size_t room = errlen - w - 2;
        char *shown = malloc(room);
        if (shown) {
            gf_outfile_shorten(shown, room, path);
            snprintf(err, errlen, "%s: %s", shown, why);
            free(shown);
        } else {
            snprintf(err, errlen, "%s", why);
        }
    } else {
        snprintf(err, errlen, "%s", why);   /* a buffer too small for any path: the reason first */
    }
    free(why);
}

/* ---- one file ----------------------------------------------------------- */

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

/* Says in err why what is at path (described by info) may not be written
 * over, and returns true; false when it may. */
static bool refuse(const char *path, const struct gf_file_info *info, bool overwrite, char *err, size_t errlen)
{
    switch (info->kind) {
    case GF_FILE_ABSENT:
        return false;
    case GF_FILE_REGULAR:
        if (!overwrite)
            gf_outfile_say(err, errlen, path, "already exists; pass --overwrite to replace it");
        else if (info->links > 1)
            gf_outfile_say(err, errlen, path,
                           "has %lu names (hard links) and replacing it would split them; remove it first or "
                           "choose another name", info->links);
        else
            return false;
        return true;
    case GF_FILE_FOLDER:
        gf_outfile_say(err, errlen, path, "is a folder; give a file name");
        return true;
    case GF_FILE_LINK:
        gf_outfile_say(err, errlen, path,
                       "is a symbolic link; gradflow neither writes through nor replaces links: give the file's "
                       "own name or a new one");
        return true;
    case GF_FILE_OTHER:
        gf_outfile_say(err, errlen, path, "is not a regular file (a device, FIFO or socket); gradflow writes only "
                                          "regular files");
        return true;
    }
    return true;
}

bool gf_outfile_check(const char *path, bool overwrite, char *err, size_t errlen)
{
    struct gf_file_info info;
    int e = gf_file_info(path, &info);
    if (e != 0) {
        gf_outfile_say(err, errlen, path, "cannot write there (%s)", strerror(e));
        return false;
    }
    return !refuse(path, &info, overwrite, err, errlen);
}

bool gf_outfile_open(struct gf_outfile *out, const char *path, bool overwrite, char *err, size_t errlen)
{
    static unsigned long serial;   /* temporary names this process has made */
    memset(out, 0, sizeof *out);
    if (!gf_outfile_check(path, overwrite, err, errlen))
        return false;
    size_t n = strlen(path), dir = folder_length(path);
    size_t cap = dir + 64;
    out->path = malloc(n + 1);
    out->temp_path = malloc(cap);
    if (!out->path || !out->temp_path) {
        gf_outfile_say(err, errlen, path, "out of memory");
        release(out);
        return false;
    }
    memcpy(out->path, path, n + 1);
    out->overwrite = overwrite;
    /* A hidden name of our own beside the target: on the same file system
     * (so placing it is atomic), and created exclusively, so neither a
     * user's file nor another output's temporary file is ever reused. */
    int saved = 0;
    for (int attempt = 0; attempt < TEMP_ATTEMPTS && !out->f; attempt++) {
        snprintf(out->temp_path, cap, "%.*s.gradflow-%lu-%lu.part", (int)dir, path, gf_process_id(), serial++);
        errno = 0;
        out->f = gf_create_new(out->temp_path);
        saved = errno;
        if (!out->f && saved != EEXIST)
            break;   /* not a name clash: the folder itself is the problem */
    }
    if (!out->f) {
        gf_outfile_say(err, errlen, path, "cannot write there (%s)", saved ? strerror(saved) : "no temporary name free");
        release(out);
        return false;
    }
    out->slot = enlist(out->temp_path);
    if (!out->slot) {
        gf_outfile_say(err, errlen, path, "too many files open at once");
        gf_outfile_abandon(out);
        return false;
    }
    return true;
}

bool gf_outfile_healthy(struct gf_outfile *out)
{
    if (out->error == 0 && out->f && ferror(out->f))
        out->error = errno ? errno : EIO;
    return out->error == 0;
}

bool gf_outfile_close(struct gf_outfile *out, char *err, size_t errlen)
{
    errno = 0;
    bool ok = gf_outfile_healthy(out);
    if (ok && (fflush(out->f) != 0 || ferror(out->f))) {
        out->error = errno ? errno : EIO;
        ok = false;
    }
    errno = 0;
    if (fclose(out->f) != 0 && ok) {   /* a network or quota file system may say it only now */
        out->error = errno ? errno : EIO;
        ok = false;
    }
    out->f = NULL;
    if (!ok) {
        gf_outfile_say(err, errlen, out->path, "writing failed (%s); nothing was written", strerror(out->error));
        gf_outfile_abandon(out);
    }
    return ok;
}

void gf_outfile_abandon(struct gf_outfile *out)
{
    if (out->f)
        fclose(out->f);
    if (out->temp_path)
        gf_remove_file(out->temp_path);
    delist(out->slot);
    release(out);
}

/* ---- putting files in place --------------------------------------------- */

bool gf_outfile_publish_all(struct gf_outfile *const *outs, int n, int *failed, char *err, size_t errlen)
{
    int bad = 0;
    /* Every name is looked at again first: what was free or replaceable when
     * the run began may not be any more. Only then is anything placed, new
     * names before replacements, since only a new name can be taken back. */
    struct gf_file_info *info = calloc((size_t)(n > 0 ? n : 1), sizeof *info);
    if (!info) {
        for (int i = 0; i < n; i++)
            gf_outfile_abandon(outs[i]);
        snprintf(err, errlen, "out of memory; nothing was written");
        return false;
    }
    bool ok = true;
    for (int i = 0; ok && i < n; i++) {
        int e = gf_file_info(outs[i]->path, &info[i]);
        if (e != 0) {
            gf_outfile_say(err, errlen, outs[i]->path, "cannot be put in place (%s); nothing was written",
                           strerror(e));
            ok = false;
            bad = i;
        } else if (info[i].kind != GF_FILE_ABSENT && !outs[i]->overwrite) {
            gf_outfile_say(err, errlen, outs[i]->path,
                           "was created by someone else during the run; it was left alone and nothing was written");
            ok = false;
            bad = i;
        } else if (refuse(outs[i]->path, &info[i], outs[i]->overwrite, err, errlen)) {
            ok = false;
            bad = i;
        }
    }
    int placed = 0;   /* outs[0..placed) with a new name are in place */
    for (; ok && placed < n; placed++) {
        struct gf_outfile *o = outs[placed];
        if (info[placed].kind != GF_FILE_ABSENT)
            continue;
        int e = gf_place_new(o->temp_path, o->path);
        if (e == 0) {
            /* listed under its real name until the whole group is in place */
            int slot = enlist(o->path);
            delist(o->slot);
            o->slot = slot;
            free(o->temp_path);
            o->temp_path = NULL;
        } else {
            if (e == EEXIST)
                gf_outfile_say(err, errlen, o->path, "was created by someone else during the run; it was left "
                                                     "alone and nothing was written");
            else
                gf_outfile_say(err, errlen, o->path, "cannot be put in place (%s); nothing was written",
                               strerror(e));
            ok = false;
            bad = placed;
            break;
        }
    }
    int replaced = 0;
    for (int i = 0; ok && i < n; i++) {
        if (info[i].kind == GF_FILE_ABSENT)
            continue;
        int e = gf_place_over(outs[i]->temp_path, outs[i]->path, info[i].mode);
        if (e != 0) {
            if (replaced == 0)
                gf_outfile_say(err, errlen, outs[i]->path, "cannot be replaced (%s); nothing was written",
                               strerror(e));
            else
                gf_outfile_say(err, errlen, outs[i]->path,
                               "cannot be replaced (%s); %d other file%s already replaced", strerror(e), replaced,
                               replaced == 1 ? " was" : "s were");
            ok = false;
            bad = i;
            break;
        }
        replaced++;
        free(outs[i]->temp_path);
        outs[i]->temp_path = NULL;
    }
    for (int i = 0; i < n; i++) {
        struct gf_outfile *o = outs[i];
        if (!ok && !o->temp_path && info[i].kind == GF_FILE_ABSENT)
            gf_remove_file(o->path);   /* placed by this group: taken back */
        gf_outfile_abandon(o);   /* removes what is left of the temporary and the listing */
    }
    free(info);
    if (!ok && failed)
        *failed = bad;
    return ok;
}

bool gf_outfile_publish(struct gf_outfile *out, char *err, size_t errlen)
{
    struct gf_outfile *one[1] = {out};
    return gf_outfile_publish_all(one, 1, NULL, err, errlen);
}
