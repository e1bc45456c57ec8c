/* gf_png.c - PNG output through libpng, whose text chunks carry the
 * settings and the command line that reproduce a figure. */
#include "gf_png.h"

#include <errno.h>
#include <png.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

struct png_failure {
    jmp_buf jump;
    FILE *f;
    int write_errno;   /* why a write failed, for the caller's message */
    char *err;
    size_t errlen;
};

/* libpng's own writer says only "Write Error"; this one keeps errno. */
static void on_write(png_structp png, png_bytep data, png_size_t n)
{
    struct png_failure *failure = png_get_io_ptr(png);
    errno = 0;
    if (fwrite(data, 1, n, failure->f) != n) {
        failure->write_errno = errno ? errno : EIO;
        png_error(png, strerror(failure->write_errno));
    }
}

static void on_flush(png_structp png)
{
    struct png_failure *failure = png_get_io_ptr(png);
    errno = 0;
    if (fflush(failure->f) != 0) {
        failure->write_errno = errno ? errno : EIO;
        png_error(png, strerror(failure->write_errno));
    }
}

static void on_error(png_structp png, png_const_charp message)
{
    struct png_failure *failure = png_get_error_ptr(png);
    snprintf(failure->err, failure->errlen, "PNG: %s", message);
    longjmp(failure->jump, 1);
}

static void on_warning(png_structp png, png_const_charp message)
{
    (void)png;
    SDL_LogWarn(SDL_LOG_CATEGORY_APPLICATION, "PNG: %s", message);
}

bool gf_png_write(FILE *f, SDL_Surface *surface, const struct gf_png_text *text, int n_text, int *write_errno,
                  char *err, size_t errlen)
{
    *write_errno = 0;
    SDL_Surface *rgb = SDL_ConvertSurfaceFormat(surface, SDL_PIXELFORMAT_RGB24, 0);
    if (!rgb) {
        snprintf(err, errlen, "cannot convert the image: %s", SDL_GetError());
        return false;
    }
    /* volatile: these change between setjmp and a possible longjmp */
    png_structp volatile png = NULL;
    png_infop volatile info = NULL;
    png_textp volatile chunks = NULL;
    struct png_failure failure = {.f = f, .err = err, .errlen = errlen};
    bool ok = false;

    png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &failure, on_error, on_warning);
    if (png)
        info = png_create_info_struct(png);
    chunks = calloc((size_t)(n_text > 0 ? n_text : 1), sizeof *chunks);
    if (!png || !info || !chunks) {
        snprintf(err, errlen, "out of memory writing a PNG");
        goto out;
    }
    if (setjmp(failure.jump)) {
        *write_errno = failure.write_errno;
        goto out;
    }
    png_set_write_fn(png, &failure, on_write, on_flush);
    png_set_IHDR(png, info, (png_uint_32)rgb->w, (png_uint_32)rgb->h, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    for (int i = 0; i < n_text; i++) {
        chunks[i].compression = PNG_ITXT_COMPRESSION_NONE;
        chunks[i].key = (png_charp)text[i].key;
        chunks[i].text = (png_charp)text[i].value;
        chunks[i].text_length = 0;
        chunks[i].itxt_length = strlen(text[i].value);
        chunks[i].lang = NULL;
        chunks[i].lang_key = NULL;
    }
    if (n_text > 0)
        png_set_text(png, info, chunks, n_text);
    png_write_info(png, info);
    for (int y = 0; y < rgb->h; y++)
        png_write_row(png, (png_const_bytep)rgb->pixels + (size_t)y * rgb->pitch);
    png_write_end(png, NULL);
    ok = true;
out:
    if (png) {
        png_structp p = png;
        png_infop i = info;
        png_destroy_write_struct(&p, i ? &i : NULL);
    }
    free(chunks);
    SDL_FreeSurface(rgb);
    return ok;
}
