/* gf_platform.c - POSIX and Windows versions of gf_platform.h. */
#if defined(__linux__)
#define _GNU_SOURCE         /* renameat2 and RENAME_NOREPLACE, where the C library has them */
#elif !defined(_WIN32)
#define _XOPEN_SOURCE 700   /* realpath */
#endif
#include "gf_platform.h"

#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void (*_Atomic signal_cleanup)(void);   /* what gf_signals_arm was given; read by the handler */

#ifdef _WIN32
#include <fcntl.h>
#include <io.h>
#include <process.h>
#include <sys/stat.h>
#include <windows.h>
#include <shellapi.h>   /* CommandLineToArgvW */
#include <shlobj.h>     /* SHGetKnownFolderPath */

/* A UTF-8 path as the UTF-16 the wide Windows calls take (the caller frees
 * it); NULL, errno set, when it is not UTF-8 or memory is short. The narrow
 * "A" calls would read the bytes in the ANSI code page instead. */
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

/* GetLastError() as the errno value the messages are written from. */
static int last_errno(void)
{
    switch (GetLastError()) {
    case ERROR_FILE_EXISTS:
    case ERROR_ALREADY_EXISTS: return EEXIST;
    case ERROR_FILE_NOT_FOUND:
    case ERROR_PATH_NOT_FOUND: return ENOENT;
    case ERROR_ACCESS_DENIED:
    case ERROR_SHARING_VIOLATION:
    case ERROR_LOCK_VIOLATION: return EACCES;
    case ERROR_DISK_FULL:
    case ERROR_HANDLE_DISK_FULL: return ENOSPC;
    case ERROR_FILENAME_EXCED_RANGE: return ENAMETOOLONG;
    case ERROR_INVALID_NAME:
    case ERROR_BAD_PATHNAME: return EINVAL;
    case ERROR_NOT_SAME_DEVICE: return EXDEV;
    case ERROR_NOT_ENOUGH_MEMORY:
    case ERROR_OUTOFMEMORY: return ENOMEM;
    default: return EIO;
    }
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

bool gf_path_exists(const char *path)
{
    wchar_t *w = widen(path);
    bool found = w && GetFileAttributesW(w) != INVALID_FILE_ATTRIBUTES;
    free(w);
    return found;
}

int gf_file_info(const char *path, struct gf_file_info *info)
{
    memset(info, 0, sizeof *info);
    wchar_t *w = widen(path);
    if (!w)
        return errno;
    /* The name itself, not what a link points to; a folder opens only with backup semantics. */
    HANDLE h = CreateFileW(w, FILE_READ_ATTRIBUTES, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                           OPEN_EXISTING, FILE_FLAG_OPEN_REPARSE_POINT | FILE_FLAG_BACKUP_SEMANTICS, NULL);
    free(w);
    if (h == INVALID_HANDLE_VALUE) {
        int e = last_errno();
        if (e == ENOENT) {
            info->kind = GF_FILE_ABSENT;
            return 0;
        }
        return e;
    }
    BY_HANDLE_FILE_INFORMATION fi;
    DWORD type = GetFileType(h);
    BOOL have = GetFileInformationByHandle(h, &fi);
    int e = have ? 0 : last_errno();
    CloseHandle(h);
    if (type != FILE_TYPE_DISK) {   /* NUL, CON, COM1, a pipe: not a file on a disk */
        info->kind = GF_FILE_OTHER;
        return 0;
    }
    if (!have)
        return e;
    if (fi.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT)
        info->kind = GF_FILE_LINK;
    else if (fi.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)
        info->kind = GF_FILE_FOLDER;
    else
        info->kind = GF_FILE_REGULAR;
    info->links = fi.nNumberOfLinks;
    /* Windows has no permission bits: the attributes a replacement should keep stand in for them. */
    info->mode = fi.dwFileAttributes & (FILE_ATTRIBUTE_READONLY | FILE_ATTRIBUTE_HIDDEN | FILE_ATTRIBUTE_SYSTEM |
                                        FILE_ATTRIBUTE_ARCHIVE | FILE_ATTRIBUTE_NOT_CONTENT_INDEXED);
    return 0;
}

FILE *gf_open_regular(const char *path, enum gf_file_kind *kind)
{
    *kind = GF_FILE_REGULAR;
    wchar_t *w = widen(path);
    if (!w)
        return NULL;
    DWORD attributes = GetFileAttributesW(w);
    if (attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_DIRECTORY)) {
        free(w);
        *kind = GF_FILE_FOLDER;
        errno = 0;
        return NULL;
    }
    int fd = _wopen(w, _O_RDONLY | _O_BINARY);
    free(w);
    if (fd < 0)
        return NULL;
    struct _stat64 st;
    if (_fstat64(fd, &st) != 0 || !(st.st_mode & _S_IFREG)) {   /* CON, NUL, a pipe */
        _close(fd);
        *kind = GF_FILE_OTHER;
        errno = 0;
        return NULL;
    }
    FILE *f = _fdopen(fd, "rb");
    if (!f) {
        int e = errno;
        _close(fd);
        errno = e;
    }
    return f;
}

FILE *gf_create_new(const char *path)
{
    wchar_t *w = widen(path);
    if (!w)
        return NULL;
    /* FILE_SHARE_DELETE: the signal handler's DeleteFileW works while the
     * file is still open (Windows removes it when the last handle closes,
     * at the latest when the process ends). */
    HANDLE h = CreateFileW(w, GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_DELETE, NULL, CREATE_NEW,
                           FILE_ATTRIBUTE_NORMAL, NULL);
    free(w);
    if (h == INVALID_HANDLE_VALUE) {
        errno = last_errno();
        return NULL;
    }
    int fd = _open_osfhandle((intptr_t)h, _O_WRONLY | _O_BINARY);
    if (fd < 0) {
        CloseHandle(h);
        return NULL;
    }
    FILE *f = _fdopen(fd, "wb");
    if (!f) {
        int e = errno;
        _close(fd);
        errno = e;
    }
    return f;
}

/* MoveFileExW from onto to; flags say whether an existing to may be replaced. */
static int move(const char *from, const char *to, DWORD flags)
{
    wchar_t *wf = widen(from), *wt = widen(to);
    int e = 0;
    if (!wf || !wt)
        e = errno;
    else if (!MoveFileExW(wf, wt, flags | MOVEFILE_WRITE_THROUGH))
        e = last_errno();
    free(wf);
    free(wt);
    return e;
}

int gf_place_new(const char *from, const char *to)
{
    /* Without MOVEFILE_REPLACE_EXISTING the move fails, atomically, when to exists. */
    return move(from, to, 0);
}

int gf_place_over(const char *from, const char *to, unsigned mode)
{
    wchar_t *wf = widen(from);
    if (!wf)
        return errno;
    /* read-only last: a read-only file could not replace another */
    if (!SetFileAttributesW(wf, (mode & ~(unsigned)FILE_ATTRIBUTE_READONLY) ? mode & ~(unsigned)FILE_ATTRIBUTE_READONLY
                                                                            : FILE_ATTRIBUTE_NORMAL)) {
        int e = last_errno();
        free(wf);
        return e;
    }
    free(wf);
    int e = move(from, to, MOVEFILE_REPLACE_EXISTING);
    if (e == 0 && (mode & FILE_ATTRIBUTE_READONLY)) {
        wchar_t *wt = widen(to);
        if (wt)
            SetFileAttributesW(wt, mode);
        free(wt);
    }
    return e;
}

int gf_remove_file(const char *path)
{
    wchar_t *w = widen(path);
    if (!w)
        return errno;
    int e = DeleteFileW(w) ? 0 : last_errno();
    free(w);
    return e;
}

void *gf_prepare_removal(const char *path)
{
    return widen(path);
}

void gf_remove_prepared(const void *prepared)
{
    DeleteFileW(prepared);   /* an open temporary file goes when its handle closes */
}

/* Windows delivers console Ctrl+C as SIGINT on a thread of its own, and
 * resets the handler to the default before calling it. */
static void (*previous[2])(int);
static const int caught[2] = {SIGINT, SIGTERM};

static void on_signal(int sig)
{
    void (*cleanup)(void) = atomic_load(&signal_cleanup);
    if (cleanup)
        cleanup();
    signal(sig, SIG_DFL);
    raise(sig);
}

void gf_signals_arm(void (*cleanup)(void))
{
    atomic_store(&signal_cleanup, cleanup);
    for (int i = 0; i < 2; i++) {
        previous[i] = signal(caught[i], on_signal);
        if (previous[i] == SIG_IGN)
            signal(caught[i], SIG_IGN);
    }
}

void gf_signals_disarm(void)
{
    for (int i = 0; i < 2; i++)
        if (previous[i] != SIG_ERR)
            signal(caught[i], previous[i]);
    atomic_store(&signal_cleanup, NULL);
}

unsigned long gf_process_id(void)
{
    return (unsigned long)_getpid();
}

bool gf_make_dir(const char *path)
{
    wchar_t *w = widen(path);
    if (!w)
        return false;
    bool ok = CreateDirectoryW(w, NULL);
    if (!ok && GetLastError() == ERROR_ALREADY_EXISTS) {   /* fine if it is a folder, not if a file is in the way */
        DWORD attributes = GetFileAttributesW(w);
        ok = attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_DIRECTORY);
        if (!ok)
            errno = ENOTDIR;
    }
    free(w);
    return ok;
}

/* folder as an absolute, canonical path (the caller frees it), or NULL. */
/* The folder's full path, through the wide API so that any name resolves. */
static char *resolve_folder(const char *folder)
{
    wchar_t *w = widen(folder);
    wchar_t *full = w ? _wfullpath(NULL, w, 0) : NULL;
    free(w);
    char *s = full ? narrow(full) : NULL;
    free(full);
    return s;
}

/* Windows' names ignore case: Out.CSV and out.csv are one file. */
static bool same_name(const char *a, const char *b)
{
    wchar_t *wa = widen(a), *wb = widen(b);
    bool same = wa && wb ? _wcsicmp(wa, wb) == 0 : strcmp(a, b) == 0;
    free(wa);
    free(wb);
    return same;
}
#else
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

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

const char *gf_default_out_dir(const char *name)
{
    return name;
}

bool gf_path_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

int gf_file_info(const char *path, struct gf_file_info *info)
{
    memset(info, 0, sizeof *info);
    struct stat st;
    if (lstat(path, &st) != 0) {
        if (errno == ENOENT) {
            info->kind = GF_FILE_ABSENT;
            return 0;
        }
        return errno;
    }
    info->kind = S_ISREG(st.st_mode) ? GF_FILE_REGULAR : S_ISDIR(st.st_mode) ? GF_FILE_FOLDER
                 : S_ISLNK(st.st_mode) ? GF_FILE_LINK : GF_FILE_OTHER;
    info->links = (unsigned long)st.st_nlink;
    info->mode = (unsigned)(st.st_mode & 07777);
    return 0;
}

FILE *gf_open_regular(const char *path, enum gf_file_kind *kind)
{
    *kind = GF_FILE_REGULAR;
    /* O_NONBLOCK: a FIFO opens at once instead of waiting for a writer, so it can be looked at and refused */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        errno = e;
        return NULL;
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        *kind = S_ISDIR(st.st_mode) ? GF_FILE_FOLDER : GF_FILE_OTHER;
        errno = 0;
        return NULL;
    }
    int flags = fcntl(fd, F_GETFL);
    if (flags >= 0)
        fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        int e = errno;
        close(fd);
        errno = e;
    }
    return f;
}

FILE *gf_create_new(const char *path)
{
    /* O_EXCL with O_CREAT also refuses a symbolic link at path, dangling or not. */
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0)
        return NULL;
    FILE *f = fdopen(fd, "wb");
    if (!f) {
        int e = errno;
        close(fd);
        errno = e;
    }
    return f;
}

int gf_place_new(const char *from, const char *to)
{
#if defined(RENAME_NOREPLACE)
    /* One atomic step where the kernel and the file system have it. */
    if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
        return 0;
    if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP)
        return errno;
#elif defined(__APPLE__) && defined(RENAME_EXCL)
    if (renamex_np(from, to, RENAME_EXCL) == 0)
        return 0;
    if (errno != ENOTSUP && errno != EINVAL)
        return errno;
#endif
#if defined(__EMSCRIPTEN__)
    /* The browser's in-memory files have no hard links, and nothing but
     * this one thread touches them: a look then a rename is the one step. */
    struct stat st;
    if (lstat(to, &st) == 0)
        return EEXIST;
    return rename(from, to) == 0 ? 0 : errno;
#else
    /* link() never replaces anything: it fails with EEXIST when to is taken,
     * even by a dangling symbolic link. */
    if (link(from, to) != 0)
        return errno;
    unlink(from);
    return 0;
#endif
}

int gf_place_over(const char *from, const char *to, unsigned mode)
{
    if (chmod(from, (mode_t)mode) != 0 || rename(from, to) != 0)
        return errno;
    return 0;
}

int gf_remove_file(const char *path)
{
    return unlink(path) == 0 ? 0 : errno;
}

void *gf_prepare_removal(const char *path)
{
    size_t n = strlen(path) + 1;
    char *copy = malloc(n);
    if (copy)
        memcpy(copy, path, n);
    return copy;
}

void gf_remove_prepared(const void *prepared)
{
    unlink(prepared);   /* async-signal-safe */
}

static const int caught[] = {SIGINT, SIGTERM, SIGHUP, SIGXFSZ};
#define N_CAUGHT (int)(sizeof caught / sizeof caught[0])
static struct sigaction previous[N_CAUGHT];
static bool armed[N_CAUGHT];

static void on_signal(int sig)
{
    int saved = errno;
    void (*cleanup)(void) = atomic_load(&signal_cleanup);
    if (cleanup)
        cleanup();
    /* SA_RESETHAND put the default action back; the signal, blocked while
     * this handler runs, ends the process as soon as it returns. */
    raise(sig);
    errno = saved;
}

void gf_signals_arm(void (*cleanup)(void))
{
    atomic_store(&signal_cleanup, cleanup);
    for (int i = 0; i < N_CAUGHT; i++) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sigemptyset(&sa.sa_mask);
        if (caught[i] == SIGXFSZ) {
            sa.sa_handler = SIG_IGN;
        } else {
            sa.sa_handler = on_signal;
            sa.sa_flags = SA_RESETHAND;
        }
        armed[i] = sigaction(caught[i], NULL, &previous[i]) == 0 &&
                   (caught[i] == SIGXFSZ || previous[i].sa_handler != SIG_IGN) &&   /* nohup, `&` in a script */
                   sigaction(caught[i], &sa, NULL) == 0;
    }
}

void gf_signals_disarm(void)
{
    for (int i = 0; i < N_CAUGHT; i++)
        if (armed[i])
            sigaction(caught[i], &previous[i], NULL);
    memset(armed, 0, sizeof armed);
    atomic_store(&signal_cleanup, NULL);
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

/* folder as an absolute, canonical path (the caller frees it), or NULL. */
static char *resolve_folder(const char *folder)
{
    return realpath(folder, NULL);
}

static bool same_name(const char *a, const char *b)
{
    return strcmp(a, b) == 0;
}
#endif

/* path's folder resolved to its canonical form, joined to its last
 * component (the caller frees it), so that "out", "./out" and
 * "../here/out" compare equal; NULL when the folder cannot be resolved. */
static char *canonical_target(const char *path)
{
    size_t len = strlen(path), dir = len;
    while (dir > 0 && path[dir - 1] != '/' && path[dir - 1] != '\\')
        dir--;
    char *folder = malloc(dir + 2);
    if (!folder)
        return NULL;
    if (dir == 0)
        strcpy(folder, ".");
    else
        memcpy(folder, path, dir), folder[dir] = '\0';
    char *resolved = resolve_folder(folder);
    free(folder);
    if (!resolved)
        return NULL;
    size_t r = strlen(resolved);
    while (r > 0 && (resolved[r - 1] == '/' || resolved[r - 1] == '\\'))
        resolved[--r] = '\0';   /* Windows keeps the separator of "dir\\": one form with or without it */
    size_t n = r + 1 + (len - dir) + 1;
    char *joined = malloc(n);
    if (joined)
        snprintf(joined, n, "%s/%s", resolved, path + dir);
    free(resolved);
    return joined;
}

bool gf_same_target(const char *a, const char *b)
{
    char *ca = canonical_target(a), *cb = canonical_target(b);
    bool same = ca && cb ? same_name(ca, cb)
                         : strcmp(a, b) == 0;   /* an unresolvable folder: the open will fail and say so */
    free(ca);
    free(cb);
    return same;
}
