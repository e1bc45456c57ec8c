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

/* Creates path for writing, only if nothing is there (never opens or
 * truncates an existing file). NULL, errno set, on failure. */
FILE *gf_create_new(const char *path);

/* Removes the file path. Returns 0 or an errno value. */
int gf_remove_file(const char *path);

/* Where the window's exports go when --out is not given: name itself, in
 * the current folder; on Windows name inside the user's Pictures folder,
 * since a program started from Explorer runs in its own folder (perhaps a
 * read-only stick). The string stays valid until the next call. */
const char *gf_default_out_dir(const char *name);

/* Does something exist at path? */
bool gf_path_exists(const char *path);

/* Moves from onto to, replacing to if it exists. */
bool gf_replace_file(const char *from, const char *to);

/* Do the two paths name the same file (whether or not it exists yet)? */
bool gf_same_target(const char *a, const char *b);

/* Creates the folder path (one level) unless it exists. */
bool gf_make_dir(const char *path);

/* This process's id, to make temporary names unique. */
unsigned long gf_process_id(void);

#endif
