/* gf_platform.c - POSIX and Windows versions of gf_platform.h. */
#ifndef _WIN32
#define _POSIX_C_SOURCE 200809L
#endif
#include "gf_platform.h"

#include <stdio.h>

#ifdef _WIN32
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
#else
#include <sys/stat.h>

bool gf_path_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

bool gf_replace_file(const char *from, const char *to)
{
    return rename(from, to) == 0;
}
#endif
