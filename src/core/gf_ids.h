/* gf_ids.h - looking up the text ids (command line, files) of enum tables. */
#ifndef GF_IDS_H
#define GF_IDS_H

#include <stdbool.h>
#include <stddef.h>

/* Finds id among count ids, the first at *first and each next one stride
 * bytes further (a table of strings, or the id field of a table of structs).
 * Stores its index in *out and returns true; false when it is not there. */
bool gf_ids_find(const char *id, const char *const *first, size_t count, size_t stride, int *out);

#endif
