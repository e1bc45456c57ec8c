/* gf_panel_map.c - what a run has learned, drawn over its data.
 *
 * 2-D classification: the decision map. Every point of the input plane is
 * tinted with the class the run predicts there, strongly where it is sure
 * and fading to the panel colour where it hesitates, so the decision
 * boundary shows as a pale seam; the training examples sit on top as discs
 * in their true class colour, and a disc on the wrong tint is a mistake.
 *
 * 1-D regression (sine): the fitted curve. The data as a faint cloud, the
 * true function dashed, the run's prediction as a thick line in its
 * activation colour.
 */
#include "gf_panel.h"

#include <math.h>

#include "gf_draw.h"

/* Input range shown when the app has not sampled a map yet. */
#define DEFAULT_LO (-1.3f)   /* the range the app's maps cover, used until the first arrives */
#define DEFAULT_HI 1.3f

/* How far toward its class colour a fully confident cell goes. Below 1 so
 * the discs of the data, in the full colour, stay distinct from the tint. */
#define MAP_TINT_MAX 0.55f

/* Samples of the true sine drawn across the plot: smooth at any panel size. */
#define TRUTH_SAMPLES 160

/* Points handed to gf_polyline at a time, so no call allocates. */
#define LINE_CHUNK 128

/* A square of the screen showing [lo, hi] along x and [y_lo, y_hi] along y
 * (y grows upward, as on paper). */
struct plot {
    SDL_Rect px;
    float lo, hi;
    float y_lo, y_hi;
};

static float plot_x(const struct plot *p, float x)
{
    return (float)p->px.x + (x - p->lo) / (p->hi - p->lo) * (float)p->px.w;
}

static float plot_y(const struct plot *p, float y)
{
    return (float)p->px.y + (p->y_hi - y) / (p->y_hi - p->y_lo) * (float)p->px.h;
}

/* Sizes given in design units (pixels at 1080 lines). gf_layout_px is for
 * fonts and never goes below 9 px, far too big for a disc or a line. */
static float design_px(const struct gf_layout *lay, float units, float min_px)
{
    float px = units * lay->u;
    return px < min_px ? min_px : px;
}

/* The largest square centred in r, so the input plane keeps its aspect. */
static SDL_Rect centred_square(SDL_Rect r)
{
    int side = r.w < r.h ? r.w : r.h;
    if (side < 0)
        side = 0;
    return (SDL_Rect){r.x + (r.w - side) / 2, r.y + (r.h - side) / 2, side, side};
}

/* Whether map can be drawn for run. A map whose outputs do not match the
 * network, or that is newer than the run (the lab was rebuilt since), is
 * stale: reading it as this run's could run past its buffer. */
static bool map_usable(const struct gf_map *map, const struct gf_run *run)
{
    return map && map->step >= 0 && map->step <= run->step && map->out && map->res >= 2 &&
           map->n_out == gf_mlp_n_out(&run->net) && map->hi > map->lo;
}

/* The theme has four class colours; datasets have at most four classes. */
static SDL_Color class_colour(const struct gf_theme *th, int k)
{
    if (k < 0)
        k = 0;
    return th->cls[k & 3];
}

static float clamp01(float v)
{
    return v < 0.0f ? 0.0f : v > 1.0f ? 1.0f : v;
}

/* -------------------------------------------------------------------------
 * Data discs
 *
 * Five hundred discs drawn one gf_disc at a time cost several milliseconds
 * on the software renderer, and their polygon edges are jagged. Instead each
 * kind of disc is drawn once, anti-aliased, into a small texture made for
 * this call, and copied to every point: one blit per point, smooth edges.
 */

#define DISC_KINDS_MAX 4

struct disc_sheet {
    SDL_Texture *tex;   /* kinds side by side, size x size each; NULL: draw with gf_disc */
    int size;
    float radius, ring;
    SDL_Color fill[DISC_KINDS_MAX];
    SDL_Color edge;
};

/* Paints disc kind into its square of the sheet: a fill of radius, an
 * edge ring of width ring around it, with coverage as alpha at the rims. */
static void paint_disc(const struct disc_sheet *sheet, int kind, Uint8 *pixels, int pitch)
{
    float centre = (float)sheet->size * 0.5f;
    float outer = sheet->radius + sheet->ring;
    SDL_Color fill = sheet->fill[kind];
    for (int y = 0; y < sheet->size; y++) {
        Uint32 *line = (Uint32 *)(pixels + (size_t)y * (size_t)pitch) + kind * sheet->size;
        for (int x = 0; x < sheet->size; x++) {
            float dx = (float)x + 0.5f - centre, dy = (float)y + 0.5f - centre;
            float d = sqrtf(dx * dx + dy * dy);
            float coverage = clamp01(outer + 0.5f - d);
            float inside = clamp01(sheet->radius + 0.5f - d);
            SDL_Color c = sheet->ring > 0.0f ? gf_mix(sheet->edge, fill, inside) : fill;
            Uint32 a = (Uint32)lroundf(coverage * (float)fill.a);
            line[x] = a << 24 | (Uint32)c.r << 16 | (Uint32)c.g << 8 | (Uint32)c.b;
        }
    }
}

/* Makes the sheet for n <= DISC_KINDS_MAX kinds (fill colours, may be
 * translucent) with an edge ring (ring 0: none). When the texture cannot be
 * made the sheet draws with gf_disc instead: slower, but nothing is lost. */
static void disc_sheet_make(struct disc_sheet *sheet, SDL_Renderer *r, const SDL_Color *fills, int n,
                            float radius, float ring, SDL_Color edge)
{
    *sheet = (struct disc_sheet){NULL, 2 * (int)ceilf(radius + ring + 1.0f), radius, ring, {{0}}, edge};
    for (int k = 0; k < n && k < DISC_KINDS_MAX; k++)
        sheet->fill[k] = fills[k];
    void *pixels;
    int pitch;
    SDL_Texture *tex = gf_texture_for_writing(r, sheet->size * DISC_KINDS_MAX, sheet->size, "disc", &pixels, &pitch);
    if (!tex)
        return;
    for (int k = 0; k < DISC_KINDS_MAX; k++)
        paint_disc(sheet, k, pixels, pitch);
    SDL_UnlockTexture(tex);
    SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_BLEND);
    sheet->tex = tex;
}

static void disc_sheet_draw(struct disc_sheet *sheet, SDL_Renderer *r, int kind, float cx, float cy)
{
    kind = kind < 0 ? 0 : kind % DISC_KINDS_MAX;
    if (!sheet->tex) {
        if (sheet->ring > 0.0f)
            gf_disc(r, cx, cy, sheet->radius + sheet->ring, sheet->edge);
        gf_disc(r, cx, cy, sheet->radius, sheet->fill[kind]);
        return;
    }
    /* Whole pixels: the sprite's centre then falls within half a pixel of
     * the point, and unscaled copies are plain blits on every renderer. */
    float half = (float)sheet->size * 0.5f;
    SDL_Rect src = {kind * sheet->size, 0, sheet->size, sheet->size};
    SDL_Rect dst = {(int)lroundf(cx - half), (int)lroundf(cy - half), sheet->size, sheet->size};
    if (SDL_RenderCopy(r, sheet->tex, &src, &dst) != 0) {
        /* Said once, not per point; the remaining points use gf_disc. */
        SDL_LogError(SDL_LOG_CATEGORY_RENDER, "cannot draw a data disc: %s", SDL_GetError());
        SDL_DestroyTexture(sheet->tex);
        sheet->tex = NULL;
    }
}

static void disc_sheet_destroy(struct disc_sheet *sheet)
{
    if (sheet->tex)
        SDL_DestroyTexture(sheet->tex);
    sheet->tex = NULL;
}

/* -------------------------------------------------------------------------
 * Decision map
 */

/* Tint of one cell from its output (n_out values). Binary (bce, one value
 * P(class 1)): the two class colours mixed by p, faded by how far p is from
 * the undecided 0.5. Several classes: the likeliest class's colour, faded by
 * how far its probability is above the uniform 1/K. Non-finite outputs (a
 * diverged run) leave the panel colour: nothing is known there. */
static SDL_Color cell_colour(const struct gf_theme *th, const float *out, int n_out)
{
    if (n_out == 1) {
        float p = out[0];
        if (!isfinite(p))
            return th->panel;
        p = clamp01(p);
        float confidence = fabsf(2.0f * p - 1.0f);
        SDL_Color hue = gf_mix(th->cls[0], th->cls[1], p);
        return gf_mix(th->panel, hue, confidence * MAP_TINT_MAX);
    }
    int best = 0;
    for (int k = 0; k < n_out; k++) {
        if (!isfinite(out[k]))
            return th->panel;
        if (out[k] > out[best])
            best = k;
    }
    float uniform = 1.0f / (float)n_out;
    float confidence = clamp01((out[best] - uniform) / (1.0f - uniform));
    return gf_mix(th->panel, class_colour(th, best), confidence * MAP_TINT_MAX);
}

/* One pixel per map point, stretched over the plot with linear filtering so
 * the tint varies smoothly between samples. Made and dropped here: at 64 x
 * 64 that costs little, and render keeps no state between frames. */
static void draw_decision_map(const struct gf_ctx *ctx, const struct gf_map *map, const struct plot *plot)
{
    int res = map->res;
    Uint32 *pixels = SDL_malloc((size_t)res * (size_t)res * sizeof *pixels);
    if (!pixels) {
        SDL_LogError(SDL_LOG_CATEGORY_RENDER, "out of memory for the decision map");
        return;
    }
    /* Row 0 of the map is the top of the plane (y = hi), as image rows run. */
    for (int row = 0; row < res; row++) {
        Uint32 *line = pixels + (size_t)row * (size_t)res;
        for (int col = 0; col < res; col++) {
            const float *out = map->out + ((size_t)row * (size_t)res + (size_t)col) * (size_t)map->n_out;
            SDL_Color c = cell_colour(ctx->theme, out, map->n_out);
            line[col] = 0xff000000u | (Uint32)c.r << 16 | (Uint32)c.g << 8 | (Uint32)c.b;
        }
    }
    /* The app samples cell centres, lo + (hi - lo) * (i + 0.5) / res, which
     * is where a pixel's colour sits when the image spans the plot exactly. */
    gf_image(ctx->r, pixels, res, res, plot->px, true, "decision map");
    SDL_free(pixels);
}

/* The darker of the theme's text and background colours: a dark ring reads
 * against both a pale (light theme) and a deep (dark theme) tint, as
 * matplotlib's black edges do. */
static SDL_Color ring_colour(const struct gf_theme *th)
{
    int fg = th->fg.r + th->fg.g + th->fg.b, bg = th->bg.r + th->bg.g + th->bg.b;
    return fg < bg ? th->fg : th->bg;
}

static void draw_class_points(const struct gf_ctx *ctx, const struct plot *plot)
{
    const struct gf_data *data = &ctx->view->lab->data;
    struct disc_sheet sheet;
    /* on a small map (scene 6's) discs of the usual size hide the tint beneath them: there they shrink with
     * the map, so the boundary between the spiral's arms can still be read */
    float radius = design_px(ctx->lay, 4.5f, 2.0f), ring = design_px(ctx->lay, 1.3f, 0.75f);
    float fit = (float)plot->px.w / 45.0f;
    if (fit < radius) {
        float scale = fmaxf(fit, 1.5f) / radius;
        radius *= scale;
        ring = fmaxf(ring * scale, 0.75f);
    }
    disc_sheet_make(&sheet, ctx->r, ctx->theme->cls, DISC_KINDS_MAX, radius, ring, ring_colour(ctx->theme));
    /* In data order, ring and fill together: where discs overlap the upper
     * one keeps its whole outline and each stays countable. */
    for (int i = 0; i < data->n; i++) {
        const float *x = data->x + (size_t)i * (size_t)data->n_inputs;
        disc_sheet_draw(&sheet, ctx->r, (int)data->y[i], plot_x(plot, x[0]), plot_y(plot, x[1]));
    }
    disc_sheet_destroy(&sheet);
}

/* A linear network's boundary is exactly the line W_eff x + b_eff = 0
 * (two classes, one logit): drawn over the map, it shows the straight cut
 * however many layers there are. */
static void draw_affine_boundary(const struct gf_ctx *ctx, const struct gf_map *map, const struct plot *plot)
{
    double a = map->W_eff[0], b = map->W_eff[1], c = map->b_eff[0];
    float x0, y0, x1, y1;
    if (fabs(b) >= fabs(a) && b != 0.0) {   /* y as a function of x */
        x0 = plot->lo;
        x1 = plot->hi;
        y0 = (float)(-(a * x0 + c) / b);
        y1 = (float)(-(a * x1 + c) / b);
    } else if (a != 0.0) {
        y0 = plot->y_lo;
        y1 = plot->y_hi;
        x0 = (float)(-(b * y0 + c) / a);
        x1 = (float)(-(b * y1 + c) / a);
    } else {
        return;   /* a constant model has no boundary */
    }
    float u = ctx->lay->u;
    gf_clip(ctx->r, &plot->px);
    gf_line(ctx->r, plot_x(plot, x0), plot_y(plot, y0), plot_x(plot, x1), plot_y(plot, y1), ctx->theme->fg,
            fmaxf(2.0f, 4.0f * u), 12.0f * u);
    gf_clip(ctx->r, NULL);
}

static void draw_classification(const struct gf_ctx *ctx, SDL_Rect inner, const struct gf_map *map,
                                const struct gf_run *run)
{
    struct plot plot = {centred_square(inner), DEFAULT_LO, DEFAULT_HI, DEFAULT_LO, DEFAULT_HI};
    if (map_usable(map, run)) {
        plot.lo = plot.y_lo = map->lo;
        plot.hi = plot.y_hi = map->hi;
        draw_decision_map(ctx, map, &plot);
    }
    gf_outline(ctx->r, plot.px, ctx->theme->border, 1);
    draw_class_points(ctx, &plot);
    if (map_usable(map, run) && map->affine && map->n_out == 1 && gf_mlp_n_in(&run->net) == 2)
        draw_affine_boundary(ctx, map, &plot);
}

/* -------------------------------------------------------------------------
 * Fitted curve
 */

/* Far outside the plot a prediction only needs to leave it; clamping keeps
 * the geometry of a wild run within what the renderer handles well. NaN
 * stays NaN so gf_polyline breaks the line there. */
static float clamp_for_drawing(float y)
{
    if (!isfinite(y))
        return NAN;
    return y < -100.0f ? -100.0f : y > 100.0f ? 100.0f : y;
}

/* The run's prediction, res points from lo to hi, drawn in chunks that
 * share their end points so the line has no joins missing. */
static void draw_prediction(const struct gf_ctx *ctx, const struct gf_map *map, const struct plot *plot,
                            SDL_Color colour, float thickness)
{
    SDL_FPoint pts[LINE_CHUNK];
    for (int start = 0; start + 1 < map->res; start += LINE_CHUNK - 1) {
        int n = map->res - start < LINE_CHUNK ? map->res - start : LINE_CHUNK;
        for (int j = 0; j < n; j++) {
            int i = start + j;
            float x = map->lo + (map->hi - map->lo) * (float)i / (float)(map->res - 1);
            float y = clamp_for_drawing(map->out[(size_t)i * (size_t)map->n_out]);
            pts[j] = (SDL_FPoint){plot_x(plot, x), isfinite(y) ? plot_y(plot, y) : NAN};
        }
        gf_polyline(ctx->r, pts, n, colour, thickness, 0.0f);
    }
}


static void draw_truth(const struct gf_ctx *ctx, const struct plot *plot, SDL_Color colour, float thickness,
                       float dash)
{
    SDL_FPoint pts[TRUTH_SAMPLES];
    for (int i = 0; i < TRUTH_SAMPLES; i++) {
        float x = plot->lo + (plot->hi - plot->lo) * (float)i / (float)(TRUTH_SAMPLES - 1);
        pts[i] = (SDL_FPoint){plot_x(plot, x), plot_y(plot, gf_data_sine_truth(x))};
    }
    gf_polyline(ctx->r, pts, TRUTH_SAMPLES, colour, thickness, dash);
}

static void draw_regression(const struct gf_ctx *ctx, SDL_Rect inner, const struct gf_map *map,
                            const struct gf_run *run)
{
    const struct gf_theme *th = ctx->theme;
    const struct gf_data *data = &ctx->view->lab->data;
    bool have_map = map_usable(map, run);
    struct plot plot = {centred_square(inner), DEFAULT_LO, DEFAULT_HI, DEFAULT_LO, DEFAULT_HI};
    if (have_map) {
        plot.lo = map->lo;
        plot.hi = map->hi;
    }

    gf_clip(ctx->r, &plot.px);
    /* The axes through zero, light: they anchor the eye without competing. */
    if (plot.lo < 0.0f && plot.hi > 0.0f)
        gf_fill(ctx->r, (SDL_Rect){(int)lroundf(plot_x(&plot, 0.0f)), plot.px.y, 1, plot.px.h}, th->grid);
    gf_fill(ctx->r, (SDL_Rect){plot.px.x, (int)lroundf(plot_y(&plot, 0.0f)), plot.px.w, 1}, th->grid);

    /* The data as a translucent cloud: it shows the noise band behind the
     * two lines without hiding them. */
    SDL_Color dot = th->muted;
    dot.a = 80;
    struct disc_sheet sheet;
    disc_sheet_make(&sheet, ctx->r, &dot, 1, design_px(ctx->lay, 3.0f, 1.5f), 0.0f, dot);
    for (int i = 0; i < data->n; i++)
        disc_sheet_draw(&sheet, ctx->r, 0, plot_x(&plot, data->x[(size_t)i * (size_t)data->n_inputs]),
                        plot_y(&plot, data->y[(size_t)i * (size_t)data->n_targets]));
    disc_sheet_destroy(&sheet);

    if (have_map)
        draw_prediction(ctx, map, &plot, th->act[run->cfg.act], design_px(ctx->lay, 3.0f, 2.0f));
    /* The truth goes on top, thin and dashed: where the fit is good the
     * dashes ride along the coloured line instead of vanishing under it. */
    draw_truth(ctx, &plot, th->muted, design_px(ctx->lay, 2.2f, 1.5f), design_px(ctx->lay, 8.0f, 5.0f));

    gf_clip(ctx->r, &inner);
    gf_outline(ctx->r, plot.px, th->border, 1);
}

/* -------------------------------------------------------------------------
 * The panel
 */

void gf_panel_map(const struct gf_ctx *ctx, SDL_Rect area, enum gf_side side)
{
    const struct gf_data *data = &ctx->view->lab->data;
    bool regression = data->n_inputs == 1;
    SDL_Rect inner = gf_panel_frame(ctx, area, gf_tr(ctx->view->lang, regression ? "fitted curve" : "decision map"));
    if (inner.w <= 0 || inner.h <= 0)
        return;
    const struct gf_map *map = ctx->view->map[side];
    const struct gf_run *run = &ctx->view->lab->run[side];
    /* Discs on the plot's edge may spill into the panel's margin, not beyond. */
    gf_clip(ctx->r, &inner);
    if (regression)
        draw_regression(ctx, inner, map, run);
    else if (data->n_inputs == 2)
        draw_classification(ctx, inner, map, run);
    gf_clip(ctx->r, NULL);
}
