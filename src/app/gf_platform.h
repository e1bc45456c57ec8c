/* gf_platform.h - the few file-system calls that differ between systems. */
#ifndef GF_PLATFORM_H
#define GF_PLATFORM_H

#include <stdbool.h>

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
