/* gf_ids.c - id lookup shared by every enum with a text id. */
#include "gf_ids.h"

#include <string.h>

bool gf_ids_find(const char *id, const char *const *first, size_t count, size_t stride, int *out)
{
    const char *p = (const char *)first;
    for (size_t i = 0; i < count; i++, p += stride) {
        if (strcmp(id, *(const char *const *)(const void *)p) == 0) {
            *out = (int)i;
            return true;
        }
    }
    return false;
}
