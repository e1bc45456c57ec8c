/* gf_ids.h - looking up the text ids (command line, files) of enum tables. */
#ifndef GF_IDS_H
#define GF_IDS_H

#include <stdbool.h>

/* Finds id among the ids id_of(0) .. id_of(count - 1). Stores its index in
 * *out and returns true; false when it is not there. */
bool gf_ids_find(const char *id, const char *(*id_of)(int), int count, int *out);

#endif
