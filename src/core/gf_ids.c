/* gf_ids.c - id lookup shared by every enum with a text id. */
#include "gf_ids.h"

#include <string.h>

bool gf_ids_find(const char *id, const char *(*id_of)(int), int count, int *out)
{
    for (int i = 0; i < count; i++) {
        if (strcmp(id, id_of(i)) == 0) {
            *out = i;
            return true;
        }
    }
    return false;
}
