/* gf_platform.c - POSIX and Windows versions of gf_platform.h. */
#ifndef _WIN32
#define _XOPEN_SOURCE 700   /* realpath */
#endif
#include "gf_platform.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Splits path into its folder (resolved to an absolute, canonical form) and
 * its last component, so that "out", "./out" and "../here/out" compare equal. */
static bool canonical_target(const char *path, char *buf, size_t n);

#ifdef _WIN32
#include <process.h>
#include <windows.h>

bool gf_path_exists(const char *path)
{
    return GetFileAttributesA(path) != INVALID_FILE_ATTRIBUTES;
}

bool gf_replace_file(const char *from, const char *to)
{
    /* Windows' rename() refuses an existing target. */
    return MoveFileExA(from, to, MOVEFILE_REPLACE_EXISTING) != 0;
}

unsigned long gf_process_id(void)
{
    return (unsigned long)_getpid();
}

bool gf_make_dir(const char *path)
{
    return CreateDirectoryA(path, NULL) || GetLastError() == ERROR_ALREADY_EXISTS;
}

static bool resolve_folder(const char *folder, char *out, size_t n)
{
    return _fullpath(out, folder, n) != NULL;
}
#else
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

bool gf_path_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

bool gf_replace_file(const char *from, const char *to)
{
    return rename(from, to) == 0;
}

unsigned long gf_process_id(void)
{
    return (unsigned long)getpid();
}

bool gf_make_dir(const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode))
            return true;
        errno = ENOTDIR;
        return false;
    }
    return mkdir(path, 0777) == 0;
}

static bool resolve_folder(const char *folder, char *out, size_t n)
{
    char *real = realpath(folder, NULL);
    if (!real)
        return false;
    bool fits = strlen(real) < n;
    if (fits)
        strcpy(out, real);
    free(real);
    return fits;
}
#endif

static bool canonical_target(const char *path, char *buf, size_t n)
{
    size_t len = strlen(path), dir = len;
    while (dir > 0 && path[dir - 1] != '/' && path[dir - 1] != '\\')
        dir--;
    char folder[4096];
    if (dir == 0)
        strcpy(folder, ".");
    else if (dir < sizeof folder)
        snprintf(folder, sizeof folder, "%.*s", (int)dir, path);
    else
        return false;
    char resolved[4096];
    if (!resolve_folder(folder, resolved, sizeof resolved))
        return false;
    return (size_t)snprintf(buf, n, "%s/%s", resolved, path + dir) < n;
}

bool gf_same_target(const char *a, const char *b)
{
    char ca[8192], cb[8192];
    if (canonical_target(a, ca, sizeof ca) && canonical_target(b, cb, sizeof cb))
        return strcmp(ca, cb) == 0;
    return strcmp(a, b) == 0;   /* an unresolvable folder: the open will fail and say so */
}
