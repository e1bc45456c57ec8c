/* gf_platform.h - the few file-system and process calls that differ between
 * systems. Paths are UTF-8 everywhere (converted to UTF-16 on Windows). */
#ifndef GF_PLATFORM_H
#define GF_PLATFORM_H

#include <stdbool.h>
#include <stdio.h>

/* Call first in main. On Windows: replaces argv with the UTF-8 form of the
 * wide command line (the ANSI one cannot hold every name) and, as the
 * program is a GUI program, sends stdout and stderr to the console it was
 * started from, if any, unless they are redirected already. Elsewhere:
 * nothing. */
void gf_platform_start(int *argc, char ***argv);

/* Where nobody would read stderr - a Windows program started from Explorer,
 * with no console - also shows message in a message box, so a failure to
 * start is not silent. Elsewhere: nothing (the caller has printed it). */
void gf_show_error(const char *message);

/* fopen for a UTF-8 path. */
FILE *gf_open_file(const char *path, const char *mode);

/* Where the window's exports go when --out is not given: name itself, in
 * the current folder; on Windows name inside the user's Pictures folder,
 * since a program started from Explorer runs in its own folder (perhaps a
 * read-only stick). The string stays valid until the next call. */
const char *gf_default_out_dir(const char *name);

/* Does something exist at path? */
bool gf_path_exists(const char *path);

/* What a name holds, the name itself looked at (a final symbolic link is
 * not followed). */
enum gf_file_kind {
    GF_FILE_ABSENT,    /* nothing there (the folder may be missing too) */
    GF_FILE_REGULAR,
    GF_FILE_FOLDER,
    GF_FILE_LINK,      /* a symbolic link (or a Windows reparse point), dangling or not */
    GF_FILE_OTHER,     /* a device, a FIFO, a socket */
};

struct gf_file_info {
    enum gf_file_kind kind;
    unsigned long links;   /* names of a regular file (hard links) */
    unsigned mode;         /* permission bits of a regular file */
};

/* Looks at path. Returns 0 (info filled; GF_FILE_ABSENT when nothing is
 * there) or an errno value saying why the name cannot be used at all
 * (ENAMETOOLONG, ENOTDIR, EACCES, ELOOP ...). */
int gf_file_info(const char *path, struct gf_file_info *info);

/* Opens path for reading, only when it is a regular file: a FIFO with no
 * writer would make the read wait forever, a device never end. NULL
 * otherwise: with *kind the kind found (errno 0) when something else is
 * there, or errno set when nothing could be opened (*kind then
 * GF_FILE_REGULAR). */
FILE *gf_open_regular(const char *path, enum gf_file_kind *kind);

/* Creates path for writing, only if nothing is there (never opens or
 * truncates an existing file). NULL, errno set, on failure. */
FILE *gf_create_new(const char *path);

/* Gives the closed file from the name to, atomically and only if to is
 * free; from's name is gone afterwards. Returns 0 or an errno value
 * (EEXIST when to is taken). */
int gf_place_new(const char *from, const char *to);

/* Moves the closed file from over the regular file to, atomically, after
 * giving it the permission bits mode (to's own). Returns 0 or an errno value. */
int gf_place_over(const char *from, const char *to, unsigned mode);

/* Removes the file path. Returns 0 or an errno value. */
int gf_remove_file(const char *path);

/* path in the form gf_remove_prepared takes (the caller frees it), or NULL
 * when out of memory. */
void *gf_prepare_removal(const char *path);

/* Removes a file named by gf_prepare_removal; safe inside a signal handler. */
void gf_remove_prepared(const void *prepared);

/* Until gf_signals_disarm, a signal that ends the process (SIGINT,
 * SIGTERM, SIGHUP) first calls cleanup (which must be safe inside a signal
 * handler), then ends the process as the signal would have; signals
 * ignored when armed stay ignored. SIGXFSZ is ignored meanwhile, so a
 * write past the file-size limit fails with EFBIG and is reported like a
 * full disk. */
void gf_signals_arm(void (*cleanup)(void));

/* Puts the dispositions gf_signals_arm replaced back. */
void gf_signals_disarm(void);

/* Do the two paths name the same file (whether or not it exists yet)? */
bool gf_same_target(const char *a, const char *b);

/* Creates the folder path (one level) unless it exists. */
bool gf_make_dir(const char *path);

/* This process's id, to make temporary names unique. */
unsigned long gf_process_id(void);

#endif
