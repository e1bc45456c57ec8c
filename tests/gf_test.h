/* gf_test.h - helpers shared by the cmocka suites.
 *
 * cmocka 1.1.5 has assert_float_equal but no double variant and no relative
 * tolerance; these report the value, the expectation and the tolerance with
 * a label, so a failure says which number and by how much.
 */
#ifndef GF_TEST_H
#define GF_TEST_H

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

/* |actual - expected| <= atol + rtol * |expected|, NaN never passes. */
#define assert_close(actual, expected, atol, rtol, ...) \
    gf_assert_close((double)(actual), (double)(expected), (atol), (rtol), __FILE__, __LINE__, __VA_ARGS__)

static inline void gf_assert_close(double actual, double expected, double atol, double rtol,
                                   const char *file, int line, const char *fmt, ...)
{
    double tol = atol + rtol * fabs(expected);
    if (fabs(actual - expected) <= tol)
        return;
    char label[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(label, sizeof label, fmt, ap);
    va_end(ap);
    print_error("%s: got %.9g, expected %.9g, difference %.3g > tolerance %.3g (atol %g, rtol %g)\n",
                label, actual, expected, fabs(actual - expected), tol, atol, rtol);
    _fail(file, line);
}

/* A whole file, NUL-terminated (the caller frees it), its length in *len; NULL when unreadable. */
static inline char *gf_test_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    size_t got = buf ? fread(buf, 1, (size_t)n, f) : 0;
    if (buf)
        buf[got] = '\0';
    fclose(f);
    if (len)
        *len = got;
    return buf;
}

#endif
