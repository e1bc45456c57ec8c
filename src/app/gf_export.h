/* gf_export.h - figures and data for slides: PNGs rendered off screen at
 * any size (the whole frame or one kind of panel), with a caption strip and
 * PNG text metadata; the same figures as SVG and PDF, drawn by the same
 * code through cairo (gf_vector.h); and the history as CSV. Every file is written to a
 * temporary name and renamed, so a failure leaves nothing behind. */
#ifndef GF_EXPORT_H
#define GF_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "gf_app.h"
#include "gf_outfile.h"
#include "gf_render.h"
#include "gf_text.h"

struct gf_export_request {
    enum gf_figure figure;
    enum gf_theme_id theme;
    int width, height;       /* pixels */
    bool caption;            /* draw the settings strip */
    bool no_title;           /* leave out the title bar (full figures) */
    int smooth;              /* > 0: the bars as each layer's mean over the last this many steps */
};

/* One line describing what the figure draws, in the app's language: the
 * two runs' settings (dataset, depth x width, both activations, init,
 * optimizer, learning rate, step and seed); in a lesson scene that shows
 * examples instead, each example's own settings; in one that trains
 * nothing, the scene's title and so. */
void gf_export_caption(const struct gf_app *app, char *buf, size_t n);

/* Figure sizes, the command line's --size range; the window's exports are
 * held to it too (a window can be dragged far larger or smaller). */
#define GF_EXPORT_MIN_W 320
#define GF_EXPORT_MIN_H 180
#define GF_EXPORT_MAX_SIDE 8192

/* The network and training settings of c as command-line flags, each
 * " --flag value" (or " --flag" alone), every setting spelled out; n of
 * GF_EXPORT_FLAGS_MAX holds any configuration. */
#define GF_EXPORT_FLAGS_MAX 1024
void gf_export_config_flags(const struct gf_lab_config *c, char *buf, size_t n);

/* Is width x height within the range above? */
bool gf_export_size_allowed(int width, int height);

/* Brings *width and *height into the range above, each on its own; true
 * when either had to change. */
bool gf_export_clamp_size(int *width, int *height);

/* The command line that draws the same figure headless, from the settings,
 * whole however long (the caller frees it); NULL when out of memory. */
char *gf_export_command(const struct gf_app *app, const struct gf_export_request *req, const char *file);

/* Brings the maps up to date, draws the figure off screen and writes it as
 * PNG with its metadata into out (open, not yet closed); the command it
 * stores names out->path's file. Returns false, err saying why, on failure
 * (a size outside the range above among them); out is left to the caller. */
bool gf_export_png_write(struct gf_text *text, struct gf_app *app, const struct gf_export_request *req,
                         struct gf_outfile *out, char *err, size_t errlen);

/* gf_export_png_write into a new file at path, put in place at once. An
 * existing path is replaced only when overwrite. Returns false, err saying
 * why, on failure (no file is left). */
bool gf_export_png(struct gf_text *text, struct gf_app *app, const struct gf_export_request *req, const char *path,
                   bool overwrite, char *err, size_t errlen);

enum gf_export_format { GF_FORMAT_PNG, GF_FORMAT_SVG, GF_FORMAT_PDF, GF_FORMAT_COUNT };

/* NULL when this build writes files ending in ext ("svg", "pdf", "gif",
 * "png", any case); else the one sentence saying it cannot, for a build
 * without the figures feature (cairo, giflib). */
const char *gf_export_missing(const char *ext);

/* The format a file name's extension asks for (.png, .svg, .pdf, any case);
 * false, *out untouched, for any other name. */
bool gf_export_format_of(const char *path, enum gf_export_format *out);

/* The figure as gf_export_png draws it, in a new ARGB8888 surface for the
 * caller to free (an animation's frame); NULL, err saying why, on failure. */
SDL_Surface *gf_export_render(struct gf_text *text, struct gf_app *app, const struct gf_export_request *req, char *err,
                              size_t errlen);

/* As gf_export_png, as SVG or PDF: text stays text in the PDF (in the
 * program's fonts) and becomes outlines in the SVG, which carries the title
 * and caption in <title> and <desc>; both carry the PNG's text entries (the
 * PDF's Keywords hold the command). No dates: the same figure gives the
 * same bytes. The size is in pixels of the frame, points of the page. */
bool gf_export_vector(struct gf_text *text, struct gf_app *app, const struct gf_export_request *req,
                      enum gf_export_format format, const char *path, bool overwrite, char *err, size_t errlen);

/* As gf_export_png_write, as SVG or PDF: the figure into out (open, not
 * yet closed), left to the caller. */
bool gf_export_vector_write(struct gf_text *text, struct gf_app *app, const struct gf_export_request *req,
                            enum gf_export_format format, struct gf_outfile *out, char *err, size_t errlen);

/* gf_export_png_write or gf_export_vector_write, by format. */
bool gf_export_figure_write(struct gf_text *text, struct gf_app *app, const struct gf_export_request *req,
                            enum gf_export_format format, struct gf_outfile *out, char *err, size_t errlen);

/* gf_export_png or gf_export_vector, by path's extension (PNG unless .svg or .pdf). */
bool gf_export_figure(struct gf_text *text, struct gf_app *app, const struct gf_export_request *req, const char *path,
                      bool overwrite, char *err, size_t errlen);

/* n figures of this one step (reqs[i] as formats[i] into paths[i], none
 * replacing a file), drawn one after the other with nothing trained in
 * between: all put in place together, or none (err names the file). */
#define GF_EXPORT_FIGURES_MAX 4
bool gf_export_figures(struct gf_text *text, struct gf_app *app, const struct gf_export_request *reqs,
                       const enum gf_export_format *formats, const char *const *paths, int n, char *err,
                       size_t errlen);

/* The view at this one step in both themes: paths[GF_THEME_DARK] and
 * paths[GF_THEME_LIGHT], PNG, req->theme ignored. All or nothing, as
 * gf_export_figures. */
bool gf_export_png_themes(struct gf_text *text, struct gf_app *app, const struct gf_export_request *req,
                          const char *const paths[GF_THEME_COUNT], char *err, size_t errlen);

/* Writes both runs' history (each sample a mean over its steps) in the
 * --csv format. */
bool gf_export_history_csv(const struct gf_app *app, const char *path, char *err, size_t errlen);

/* A name in dir that does not exist yet:
 * dir/gradflow-YYYYMMDD-HHMMSS-<left>-vs-<right>[-scene<K>]-step<N>[-suffix].ext
 * (the scene on screen in lesson mode, from 1),
 * with -2, -3 ... added when taken. Creates dir when missing. */
bool gf_export_fresh_name(char *out, size_t n, const char *dir, const struct gf_app *app, const char *suffix,
                          const char *ext, time_t now, char *err, size_t errlen);

#endif
