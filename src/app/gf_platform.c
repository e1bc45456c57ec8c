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
#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <process.h>
#include <sys/stat.h>
#include <wchar.h>
#include <windows.h>
#include <shellapi.h>   /* CommandLineToArgvW */
#include <shlobj.h>     /* SHGetKnownFolderPath */

/* The errno value nearest a Windows error, so callers report every system's
 * failures with strerror alike. */
static int errno_from(DWORD error)
{
    switch (error) {
    case ERROR_FILE_NOT_FOUND:
    case ERROR_PATH_NOT_FOUND:
    case ERROR_INVALID_DRIVE:
    case ERROR_BAD_NETPATH:
        return ENOENT;
    case ERROR_ACCESS_DENIED:
    case ERROR_WRITE_PROTECT:
    case ERROR_SHARING_VIOLATION:
    case ERROR_LOCK_VIOLATION:
        return EACCES;
    case ERROR_FILE_EXISTS:
    case ERROR_ALREADY_EXISTS:
        return EEXIST;
    case ERROR_DISK_FULL:
    case ERROR_HANDLE_DISK_FULL:
        return ENOSPC;
    case ERROR_FILENAME_EXCED_RANGE:
        return ENAMETOOLONG;
    case ERROR_INVALID_NAME:
    case ERROR_DIRECTORY:
        return EINVAL;
    case ERROR_NOT_SAME_DEVICE:
        return EXDEV;
    case ERROR_NOT_ENOUGH_MEMORY:
    case ERROR_OUTOFMEMORY:
        return ENOMEM;
    default:
        return EIO;
    }
}

/* s as UTF-16 for the wide API; the caller frees it. NULL, errno set
 * (EILSEQ for a string that is not UTF-8), on failure. */
static wchar_t *widen(const char *s)
{
    int n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, NULL, 0);
    if (n <= 0) {
        errno = EILSEQ;
        return NULL;
    }
    wchar_t *w = malloc((size_t)n * sizeof *w);
    if (!w) {
        errno = ENOMEM;
        return NULL;
    }
    MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, w, n);
    return w;
}

/* w as UTF-8; the caller frees it. NULL when out of memory. */
static char *narrow(const wchar_t *w)
{
    int n = WideCharToMultiByte(CP_UTF8, 0, w, -1, NULL, 0, NULL, NULL);
    char *s = n > 0 ? malloc((size_t)n) : NULL;
    if (s)
        WideCharToMultiByte(CP_UTF8, 0, w, -1, s, n, NULL, NULL);
    return s;
}

/* Does the standard handle which go somewhere (a console, a pipe or a file
 * the caller redirected it to, or what wine passes on)? */
static bool handle_in_use(DWORD which)
{
    HANDLE h = GetStdHandle(which);
    return h != NULL && h != INVALID_HANDLE_VALUE && GetFileType(h) != FILE_TYPE_UNKNOWN;
}

/* Points stream at the console's output unless it already goes somewhere. */
static void reopen_on_console(FILE *stream, DWORD which)
{
    if (handle_in_use(which))
        return;
    if (freopen("CONOUT$", "w", stream))
        setvbuf(stream, NULL, stream == stderr ? _IONBF : _IOLBF, BUFSIZ);
}

/* stderr reaches no one: started from Explorer with nothing redirected. */
static bool errors_unseen;

void gf_platform_start(int *argc, char ***argv)
{
    /* A GUI program gets no console of its own; one started from a console
     * borrows that console for its messages and headless output. */
    if (AttachConsole(ATTACH_PARENT_PROCESS)) {
        reopen_on_console(stdout, STD_OUTPUT_HANDLE);
        reopen_on_console(stderr, STD_ERROR_HANDLE);
        SetConsoleOutputCP(CP_UTF8);
    } else {
        errors_unseen = !handle_in_use(STD_ERROR_HANDLE);
    }
    int n = 0;
    wchar_t **wargv = CommandLineToArgvW(GetCommandLineW(), &n);
    if (!wargv)
        return;   /* keep the CRT's ANSI argv: still right for plain names */
    char **args = calloc((size_t)n + 1, sizeof *args);
    bool ok = args != NULL;
    for (int i = 0; ok && i < n; i++)
        ok = (args[i] = narrow(wargv[i])) != NULL;
    LocalFree(wargv);
    if (!ok) {
        for (int i = 0; args && i < n; i++)
            free(args[i]);
        free(args);
        return;
    }
    /* args lives as long as the program, like the argv it replaces. */
    *argc = n;
    *argv = args;
}

void gf_show_error(const char *message)
{
    if (!errors_unseen)
        return;
    wchar_t *text = widen(message);
    MessageBoxW(NULL, text ? text : L"gradflow could not start.", L"gradflow", MB_OK | MB_ICONERROR);
    free(text);
}

FILE *gf_open_file(const char *path, const char *mode)
{
    wchar_t *wpath = widen(path), *wmode = widen(mode);
    FILE *f = wpath && wmode ? _wfopen(wpath, wmode) : NULL;
    free(wpath);
    free(wmode);
    return f;
}

FILE *gf_create_new(const char *path)
{
    /* _O_EXCL is the create-only-if-absent the C library's "x" mode would
     * be; msvcrt's fopen does not know "x". */
    wchar_t *wpath = widen(path);
    if (!wpath)
        return NULL;
    int fd = _wopen(wpath, _O_WRONLY | _O_CREAT | _O_EXCL | _O_BINARY, _S_IREAD | _S_IWRITE);
    free(wpath);
    if (fd < 0)
        return NULL;
    FILE *f = _fdopen(fd, "wb");
    if (!f) {
        int saved = errno;
        _close(fd);
        errno = saved;
    }
    return f;
}

int gf_remove_file(const char *path)
{
    wchar_t *wpath = widen(path);
    if (!wpath)
        return errno;
    int status = DeleteFileW(wpath) ? 0 : errno_from(GetLastError());
    free(wpath);
    return status;
}

bool gf_path_exists(const char *path)
{
    wchar_t *wpath = widen(path);
    bool exists = wpath && GetFileAttributesW(wpath) != INVALID_FILE_ATTRIBUTES;
    free(wpath);
    return exists;
}

bool gf_replace_file(const char *from, const char *to)
{
    /* Windows' rename() refuses an existing target. */
    wchar_t *wfrom = widen(from), *wto = widen(to);
    bool ok = false;
    if (wfrom && wto) {
        ok = MoveFileExW(wfrom, wto, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH) != 0;
        if (!ok)
            errno = errno_from(GetLastError());
    }
    free(wfrom);
    free(wto);
    return ok;
}

unsigned long gf_process_id(void)
{
    return (unsigned long)_getpid();
}

bool gf_make_dir(const char *path)
{
    wchar_t *wpath = widen(path);
    if (!wpath)
        return false;
    bool ok = CreateDirectoryW(wpath, NULL) != 0;
    if (!ok) {
        DWORD error = GetLastError();
        DWORD attr = GetFileAttributesW(wpath);
        if (error == ERROR_ALREADY_EXISTS && attr != INVALID_FILE_ATTRIBUTES)
            ok = (attr & FILE_ATTRIBUTE_DIRECTORY) != 0;
        errno = ok ? 0 : error == ERROR_ALREADY_EXISTS ? ENOTDIR : errno_from(error);
    }
    free(wpath);
    return ok;
}

const char *gf_default_out_dir(const char *name)
{
    static char dir[4096];
    snprintf(dir, sizeof dir, "%s", name);
    wchar_t *pictures = NULL;
    if (SHGetKnownFolderPath(&FOLDERID_Pictures, 0, NULL, &pictures) == S_OK) {
        char *folder = narrow(pictures);
        if (folder && (size_t)snprintf(dir, sizeof dir, "%s\\%s", folder, name) >= sizeof dir)
            snprintf(dir, sizeof dir, "%s", name);   /* too long to hold: the current folder after all */
        free(folder);
    }
    CoTaskMemFree(pictures);
    return dir;
}

static bool resolve_folder(const char *folder, char *out, size_t n)
{
    wchar_t *wfolder = widen(folder);
    wchar_t *full = wfolder ? _wfullpath(NULL, wfolder, 0) : NULL;
    char *resolved = full ? narrow(full) : NULL;
    bool fits = resolved && strlen(resolved) < n;
    if (fits)
        strcpy(out, resolved);
    free(resolved);
    free(full);
    free(wfolder);
    return fits;
}

/* Windows' file names ignore case: "Out.csv" is "out.csv". */
static bool same_name(const char *a, const char *b)
{
    wchar_t *wa = widen(a), *wb = widen(b);
    bool same = wa && wb ? CompareStringOrdinal(wa, -1, wb, -1, TRUE) == CSTR_EQUAL : strcmp(a, b) == 0;
    free(wa);
    free(wb);
    return same;
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

void gf_platform_start(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
}

void gf_show_error(const char *message)
{
    (void)message;
}

FILE *gf_open_file(const char *path, const char *mode)
{
    return fopen(path, mode);
}

FILE *gf_create_new(const char *path)
{
    return fopen(path, "wbx");
}

int gf_remove_file(const char *path)
{
    return remove(path) == 0 ? 0 : errno;
}

const char *gf_default_out_dir(const char *name)
{
    return name;
}

static bool same_name(const char *a, const char *b)
{
    return strcmp(a, b) == 0;
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
        return same_name(ca, cb);
    return same_name(a, b);   /* an unresolvable folder: the open will fail and say so */
}
