/* test_render.c - whole frames drawn headless on a software renderer, for
 * every dataset, both themes and two sizes: not blank, both columns drawn,
 * no SDL error; and in Korean, with every word translated and every glyph
 * in the fonts. */
#include "gf_test.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <string.h>

#include "gf_app.h"
#include "gf_assets.h"
#include "gf_export.h"
#include "gf_panel.h"
#include "gf_scene_text.h"

static struct gf_text text;

static int setup(void **state)
{
    (void)state;
    char err[1200];
    SDL_setenv("SDL_VIDEODRIVER", "dummy", 1);
    if (SDL_Init(SDL_INIT_VIDEO) != 0 || TTF_Init() != 0)
        return -1;
    return gf_assets_open_text(&text, GF_TEST_ASSETS, err, sizeof err) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    gf_text_destroy(&text);
    TTF_Quit();
    SDL_Quit();
    return 0;
}

/* Share of pixels in rect that differ from the background colour. */
static double ink(SDL_Surface *s, SDL_Rect rect, SDL_Color bg)
{
    Uint32 bgpix = SDL_MapRGB(s->format, bg.r, bg.g, bg.b);
    long differ = 0, total = 0;
    for (int y = rect.y; y < rect.y + rect.h; y += 2)
        for (int x = rect.x; x < rect.x + rect.w; x += 2) {
            Uint32 p = ((Uint32 *)((Uint8 *)s->pixels + (size_t)y * s->pitch))[x] & 0x00ffffff;
            differ += p != (bgpix & 0x00ffffff);
            total++;
        }
    return (double)differ / (double)total;
}

/* Distinct colours in rect: a panel with a plot has many, a blank one one or two. */
static int colours(SDL_Surface *s, SDL_Rect rect)
{
    Uint32 seen[64];
    int n = 0;
    for (int y = rect.y; y < rect.y + rect.h && n < 64; y += 3)
        for (int x = rect.x; x < rect.x + rect.w && n < 64; x += 3) {
            Uint32 p = ((Uint32 *)((Uint8 *)s->pixels + (size_t)y * s->pitch))[x];
            int i = 0;
            while (i < n && seen[i] != p)
                i++;
            if (i == n)
                seen[n++] = p;
        }
    return n;
}

static void draw_and_check(struct gf_app *app, int w, int h)
{
    SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    assert_non_null(surf);
    SDL_Renderer *r = SDL_CreateSoftwareRenderer(surf);
    assert_non_null(r);
    SDL_ClearError();
    struct gf_view view;
    gf_app_view(app, &view);
    assert_true(gf_render_frame(r, &text, &view, w, h));
    const char *error = SDL_GetError();
    if (error[0])
        fail_msg("SDL error after drawing %s at %dx%d: %s", gf_dataset_info(app->cfg.dataset)->id, w, h, error);

    struct gf_layout lay;
    gf_layout_compute(&lay, w, h, 1.0f);
    const struct gf_theme *th = gf_theme_get(app->theme);
    if (app->help) {   /* the overlay covers the columns: its text must be there instead */
        SDL_Rect centre = {w / 4, h / 3, w / 2, h / 3};
        if (colours(surf, centre) < 4)
            fail_msg("help overlay looks empty at %dx%d", w, h);
        goto done;
    }
    for (int s = 0; s < GF_SIDES; s++) {
        const struct gf_column_layout *c = &lay.col[s];
        if (ink(surf, c->column, th->bg) < 0.5)
            fail_msg("%s %s %dx%d: column %d is mostly background", gf_dataset_info(app->cfg.dataset)->id, th->id,
                     w, h, s);
        SDL_Rect panels[4] = {c->curve, c->map, c->bars, c->heat};
        for (int p = 0; p < 4; p++)
            if (colours(surf, panels[p]) < 4)
                fail_msg("%s %s %dx%d: column %d panel %d looks empty", gf_dataset_info(app->cfg.dataset)->id,
                         th->id, w, h, s, p);
    }
    if (colours(surf, lay.loss) < 4)
        fail_msg("loss chart looks empty");
done:
    gf_text_forget_renderer(&text, r);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(surf);
}

/* Was s drawn (is it in the text cache for renderer r)? */
static bool drawn(SDL_Renderer *r, const char *s)
{
    for (int i = 0; i < GF_TEXT_ENTRIES; i++)
        if (text.entries[i].texture && text.entries[i].renderer == r && strcmp(text.entries[i].str, s) == 0)
            return true;
    return false;
}

/* Draws one frame and returns the smallest text size it used; *ends_shown:
 * both runs' first and output layer's bar values were drawn. */
static int smallest_text(struct gf_app *app, int w, int h, bool *ends_shown)
{
    SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    assert_non_null(surf);
    SDL_Renderer *r = SDL_CreateSoftwareRenderer(surf);
    assert_non_null(r);
    struct gf_view *view = calloc(1, sizeof *view);
    gf_app_view(app, view);
    text.smallest_px = 0;
    assert_true(gf_render_frame(r, &text, view, w, h));
    int smallest = text.smallest_px;
    *ends_shown = true;
    for (int s = 0; s < GF_SIDES; s++) {
        const struct gf_step_stats *st = view->bars[s];
        char first[32], last[32];
        gf_format_bar_value(first, sizeof first, st->layer[0].v[view->bar_metric]);
        gf_format_bar_value(last, sizeof last, st->layer[st->n_layers - 1].v[view->bar_metric]);
        *ends_shown = *ends_shown && drawn(r, first) && drawn(r, last);
    }
    free(view);
    gf_text_forget_renderer(&text, r);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(surf);
    return smallest;
}

/* Readable from the back row: no text under 1.4% of the height at the
 * default text scale (15 px at 1080 lines), none under 2% at 1.5; at every
 * depth the first and the output layer's values are on screen; projectors
 * of 4:3 and 16:10 included, with the help, the prompt and a zoomed panel. */
/* A theme's name, as the command line and file names know it (gf_view.c,
 * without SDL), is the one its colours carry. */
static void test_theme_names_agree(void **state)
{
    (void)state;
    assert_string_equal(gf_theme_name(GF_THEME_DARK), "dark");
    assert_string_equal(gf_theme_name(GF_THEME_LIGHT), "light");
    for (int t = 0; t < GF_THEME_COUNT; t++)
        assert_string_equal(gf_theme_name((enum gf_theme_id)t), gf_theme_get((enum gf_theme_id)t)->id);
}

static void test_smallest_text_and_bar_values(void **state)
{
    (void)state;
    static const int sizes[][2] = {{1920, 1080}, {1024, 768}, {1280, 800}, {3840, 2160}};
    static const int depths[] = {8, 20, 64};
    for (size_t d = 0; d < sizeof depths / sizeof depths[0]; d++) {
        struct gf_lab_config cfg;
        gf_lab_config_default(&cfg);
        cfg.depth = depths[d];
        cfg.width = 4;
        struct gf_app *app = calloc(1, sizeof *app);
        assert_true(gf_app_init(app, &cfg, GF_THEME_DARK));
        gf_app_train(app, 2);
        for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
            for (int scale = 0; scale < 2; scale++)
                for (int state_i = 0; state_i < 5; state_i++) {
                    int w = sizes[i][0], h = sizes[i][1];
                    app->text_scale = scale ? 1.5f : 1.0f;
                    app->lang = state_i == 1 ? GF_LANG_KO : GF_LANG_EN;
                    app->help = state_i == 2;
                    app->prompt_open = state_i == 3;
                    snprintf(app->prompt, sizeof app->prompt, "--depth 0");
                    snprintf(app->prompt_error, sizeof app->prompt_error,
                             "--depth \"0\": expected a whole number of hidden layers from 1 to 64");
                    app->zoom = state_i == 4 ? GF_PANEL_BARS : GF_PANEL_NONE;
                    bool ends = false;
                    int px = smallest_text(app, w, h, &ends);
                    double floor_px = scale ? 0.02 * h : 0.014 * h - 0.5;   /* 15 px at 1080 is 1.4% rounded */
                    if (px < floor_px)
                        fail_msg("depth %d %dx%d scale %.1f state %d: text of %d px, under %.1f px", depths[d], w,
                                 h, (double)app->text_scale, state_i, px, floor_px);
                    if (!ends && !app->help)
                        fail_msg("depth %d %dx%d scale %.1f state %d: the first or last bar's value is missing",
                                 depths[d], w, h, (double)app->text_scale, state_i);
                }
        /* any bar's value is reachable: the hovered one is drawn, however thinned the row */
        app->text_scale = 1.0f;
        app->help = app->prompt_open = false;
        app->zoom = GF_PANEL_NONE;
        app->lang = GF_LANG_EN;
        for (int l = 0; l < app->bars[GF_LEFT].n_layers; l++) {
            app->hover_layer[GF_LEFT] = l;
            SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, 1024, 768, 32, SDL_PIXELFORMAT_ARGB8888);
            SDL_Renderer *r = SDL_CreateSoftwareRenderer(surf);
            struct gf_view *view = calloc(1, sizeof *view);
            gf_app_view(app, view);
            assert_true(gf_render_frame(r, &text, view, 1024, 768));
            char value[32];
            gf_format_bar_value(value, sizeof value, app->bars[GF_LEFT].layer[l].v[GF_METRIC_GRAD_RMS]);
            if (!drawn(r, value))
                fail_msg("depth %d: hovering bar %d does not show its value %s", depths[d], l + 1, value);
            free(view);
            gf_text_forget_renderer(&text, r);
            SDL_DestroyRenderer(r);
            SDL_FreeSurface(surf);
        }
        gf_app_destroy(app);
        free(app);
    }
}

/* The lesson's scenes keep to the same floor, in both languages and on a 4:3 projector. */
static void test_scenes_smallest_text(void **state)
{
    (void)state;
    struct gf_lab_config cfg;
    gf_lab_config_default(&cfg);
    struct gf_app *app = calloc(1, sizeof *app);
    assert_true(gf_app_init(app, &cfg, GF_THEME_DARK));
    static const int sizes[][2] = {{1920, 1080}, {1024, 768}};
    for (int sc = 0; sc < app->lesson->n_scenes; sc++) {
        gf_app_enter_scene(app, sc);
        gf_app_train(app, 2);
        for (int i = 0; i < 2; i++)
            for (int lang = 0; lang < GF_LANG_COUNT; lang++) {
                app->lang = (enum gf_lang)lang;
                bool ends;
                int h = sizes[i][1], px = smallest_text(app, sizes[i][0], h, &ends);
                if (px < 0.014 * h - 0.5)
                    fail_msg("scene %d at %dx%d (%s): text of %d px, under 1.4%% of the height", sc + 1, sizes[i][0],
                             h, lang ? "ko" : "en", px);
            }
    }
    gf_app_destroy(app);
    free(app);
}

/* A decade label's exponent is three quarters of the label's size. */
static void test_decade_exponent_size(void **state)
{
    (void)state;
    SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, 400, 200, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *r = SDL_CreateSoftwareRenderer(surf);
    struct gf_layout lay;
    gf_layout_compute(&lay, 1920, 1080, 1.0f);
    struct gf_view view = {0};
    struct gf_ctx ctx = {r, &text, gf_theme_get(GF_THEME_DARK), &view, &lay};
    text.smallest_px = 0;
    SDL_Rect whole = gf_decade_draw(&ctx, -12, 40, (SDL_Color){255, 255, 255, 255}, 10, 100, GF_ALIGN_MIDDLE);
    assert_int_equal(text.smallest_px, 30);
    assert_true(drawn(r, "10") && drawn(r, "−12"));
    SDL_Point size = gf_decade_size(&ctx, -12, 40);
    assert_int_equal(whole.w, size.x);
    text.smallest_px = 0;
    gf_decade_draw(&ctx, 3, 18, (SDL_Color){255, 255, 255, 255}, 10, 100, 0);
    assert_int_equal(text.smallest_px, 15);   /* 3/4 of 18 would be 14: the "10" grows to 20 instead */
    assert_int_equal(gf_decade_size(&ctx, 3, 18).x, gf_decade_size(&ctx, 3, 20).x);
    gf_text_forget_renderer(&text, r);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(surf);
}

static void test_every_dataset_theme_and_size(void **state)
{
    (void)state;
    static const int sizes[2][2] = {{1024, 576}, {2560, 1440}};
    struct gf_lab_config cfg;
    gf_lab_config_default(&cfg);
    for (int d = 0; d < GF_DATA_COUNT; d++) {
        cfg.dataset = (enum gf_dataset)d;
        struct gf_app app;
        assert_true(gf_app_init(&app, &cfg, GF_THEME_DARK));
        gf_app_train(&app, 50);
        gf_app_refresh_map(&app, GF_LEFT);
        gf_app_refresh_map(&app, GF_RIGHT);
        for (int t = 0; t < GF_THEME_COUNT; t++) {
            app.theme = (enum gf_theme_id)t;
            for (int s = 0; s < 2; s++)
                draw_and_check(&app, sizes[s][0], sizes[s][1]);
        }
        gf_app_destroy(&app);
    }
}

/* A run driven to divergence (lr 1000, normal init, sine, 12 layers): the
 * window's divergence box and stopped curves. */
static void init_diverged(struct gf_app *app, enum gf_lang lang)
{
    struct gf_lab_config cfg;
    gf_lab_config_default(&cfg);
    cfg.lr = 1000.0f;
    cfg.init = GF_INIT_NORMAL;
    cfg.dataset = GF_DATA_SINE;
    cfg.depth = 12;
    assert_true(gf_app_init(app, &cfg, GF_THEME_DARK));
    app->lang = lang;
    gf_app_train(app, 200);
    assert_true(app->lab->run[GF_RIGHT].diverged_at > 0);
}

/* Pixels of exactly colour c in the half [x0, x1) of a surface. */
static long count_colour(SDL_Surface *surf, int x0, int x1, SDL_Color c)
{
    long n = 0;
    for (int y = 0; y < surf->h; y++)
        for (int x = x0; x < x1; x++) {
            Uint32 p = ((const Uint32 *)((const Uint8 *)surf->pixels + (size_t)y * surf->pitch))[x];
            Uint8 r, g, b;
            SDL_GetRGB(p, surf->format, &r, &g, &b);
            n += r == c.r && g == c.g && b == c.b;
        }
    return n;
}

/* Every lesson scene says when a run diverged: its half carries the
 * warning box (outlined in the theme's warning colour), and free play's
 * column too. Both runs of this lab diverge. */
static void test_every_scene_shows_divergence(void **state)
{
    (void)state;
    struct gf_app app;
    init_diverged(&app, GF_LANG_EN);
    gf_app_train(&app, 2000);
    assert_true(app.lab->run[GF_LEFT].diverged_at > 0 && app.lab->run[GF_RIGHT].diverged_at > 0);
    const struct gf_theme *th = gf_theme_get(app.theme);
    int w = 1280, h = 720;
    SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *r = surf ? SDL_CreateSoftwareRenderer(surf) : NULL;
    assert_non_null(r);
    for (int scene = -1; scene < app.lesson->n_scenes; scene++) {
        app.lesson_mode = scene >= 0;   /* the scene's view over this lab, as keys leave it */
        app.scene = scene >= 0 ? scene : 0;
        struct gf_view view;
        gf_app_view(&app, &view);
        assert_true(gf_render_frame(r, &text, &view, w, h));
        for (int s = 0; s < GF_SIDES; s++) {
            long n = count_colour(surf, s * w / 2, (s + 1) * w / 2, th->warn);
            if (n < 1000)
                fail_msg("scene %d, %s half: %ld warning pixels, no divergence box", scene + 1, s ? "right" : "left", n);
        }
    }
    gf_text_forget_renderer(&text, r);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(surf);
    gf_app_destroy(&app);
}

/* Overlays and odd states draw too: help, a diverged run, step 0, linear bars, deep nets. */
static void test_overlays_and_edge_states(void **state)
{
    (void)state;
    struct gf_lab_config cfg;
    gf_lab_config_default(&cfg);
    cfg.depth = 64;
    cfg.width = 4;
    cfg.residual[GF_LEFT] = cfg.batchnorm[GF_LEFT] = true;   /* the remedies' header and clip title too */
    cfg.clip[GF_RIGHT] = 1.0f;
    struct gf_app app;
    assert_true(gf_app_init(&app, &cfg, GF_THEME_LIGHT));
    draw_and_check(&app, 1280, 720);   /* step 0: bars from the gradients at initialisation */
    app.help = true;
    app.bar_log = false;
    app.bar_metric = GF_METRIC_DELTA_MEAN_ABS;
    gf_app_train(&app, 3);
    draw_and_check(&app, 1920, 1080);
    draw_and_check(&app, 1024, 576);
    app.help = false;
    draw_and_check(&app, 1920, 1080);
    gf_app_destroy(&app);

    init_diverged(&app, GF_LANG_EN);
    draw_and_check(&app, 1920, 1080);
    gf_app_destroy(&app);
}

/* Every text drawn and none missing: no translation missed (Korean), no glyph missing (both). */
static void check_words(const char *where, enum gf_lang lang)
{
    if (gf_tr_misses() != 0)
        fail_msg("%s: no Korean for \"%s\" (%ld misses)", where, gf_tr_last_miss(), gf_tr_misses());
    if (text.missing_glyphs != 0)
        fail_msg("%s in %s: %ld codepoints without a glyph, the last %s", where, gf_lang_id(lang), text.missing_glyphs,
                 text.missing_example);
}

static void draw_figure(struct gf_app *app, enum gf_figure figure, int w, int h)
{
    char caption[512];
    gf_export_caption(app, caption, sizeof caption);
    struct gf_view view;
    gf_app_view(app, &view);
    view.figure = true;
    view.note = "";
    view.caption = caption;
    SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *r = surf ? SDL_CreateSoftwareRenderer(surf) : NULL;
    assert_non_null(r);
    assert_true(gf_render_figure(r, &text, &view, figure, w, h));
    gf_text_forget_renderer(&text, r);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(surf);
}

/* The whole interface in one language: every dataset in both themes, the
 * help overlay, the remedies, a clipped run, linear bars, step 0, the
 * notes the keys leave, a diverged run, and the three figures. */
static void tour(enum gf_lang lang)
{
    struct gf_lab_config cfg;
    gf_lab_config_default(&cfg);
    struct gf_app app;
    for (int d = 0; d < GF_DATA_COUNT; d++) {
        cfg.dataset = (enum gf_dataset)d;
        assert_true(gf_app_init(&app, &cfg, GF_THEME_DARK));
        app.lang = lang;
        draw_and_check(&app, 1024, 576);   /* step 0: "starts with the first step" */
        gf_app_train(&app, 20);
        gf_app_refresh_map(&app, GF_LEFT);
        gf_app_refresh_map(&app, GF_RIGHT);
        for (int t = 0; t < GF_THEME_COUNT; t++) {
            app.theme = (enum gf_theme_id)t;
            draw_and_check(&app, 1280, 720);
        }
        gf_app_destroy(&app);
    }

    gf_lab_config_default(&cfg);
    cfg.residual[GF_LEFT] = cfg.batchnorm[GF_LEFT] = true;
    cfg.clip[GF_LEFT] = 1e-6f;    /* the left run clipped, ... */
    cfg.clip[GF_RIGHT] = 1e6f;    /* ... the right one under its clip */
    cfg.act[GF_RIGHT] = GF_ACT_LEAKY_RELU;
    assert_true(gf_app_init(&app, &cfg, GF_THEME_LIGHT));
    app.lang = lang;
    gf_app_train(&app, 5);
    draw_and_check(&app, 1920, 1080);
    draw_and_check(&app, 1024, 576);   /* compact names */
    for (int t = 0; t < GF_TIME_VIEW_COUNT; t++) {   /* every view of the distributions, on either side */
        app.dist_view[GF_LEFT] = t % 2 == 0;
        app.dist_view[GF_RIGHT] = !app.dist_view[GF_LEFT];
        app.time_view[GF_LEFT] = app.time_view[GF_RIGHT] = (enum gf_time_view)t;
        gf_app_capture_dists(&app, false);
        draw_and_check(&app, 1920, 1080);
        draw_and_check(&app, 1024, 576);
    }
    app.dist_view[GF_LEFT] = app.dist_view[GF_RIGHT] = false;
    app.time_view[GF_LEFT] = app.time_view[GF_RIGHT] = GF_TIME_HEAT;
    gf_app_apply(&app, GF_ACTION_HIST_LAYER_PREV);   /* the note naming the layer */
    draw_and_check(&app, 1024, 576);
    gf_app_pick_layer(&app, GF_LEFT, app.cfg.depth);   /* the output layer: refused, with a note */
    draw_and_check(&app, 1024, 576);
    for (int m = 0; m < 3; m++) {      /* every bar metric, log and linear */
        gf_app_apply(&app, GF_ACTION_NEXT_METRIC);
        for (int x = 0; x < 2; x++) {
            gf_app_apply(&app, GF_ACTION_TOGGLE_LOG);
            draw_and_check(&app, 1280, 720);
        }
    }
    app.paused = true;
    app.help = true;
    draw_and_check(&app, 1920, 1080);
    draw_and_check(&app, 1024, 576);
    app.help = false;
    static const enum gf_action noisy[] = {
        GF_ACTION_EXPORT_SIZE, GF_ACTION_EXPORT_SIZE, GF_ACTION_TOGGLE_CAPTION, GF_ACTION_TOGGLE_CAPTION,
        GF_ACTION_ACT_SIGMOID, GF_ACTION_ALPHA_DOUBLE,   /* the slope, said while the run is not leaky */
    };
    for (size_t i = 0; i < sizeof noisy / sizeof noisy[0]; i++) {
        gf_app_apply(&app, noisy[i]);
        draw_and_check(&app, 1024, 576);
    }
    app.paused = false;
    gf_app_apply(&app, GF_ACTION_STEP);   /* refused: not paused */
    draw_and_check(&app, 1024, 576);
    for (int i = 0; i < 80; i++)
        gf_app_apply(&app, GF_ACTION_DEPTH_DOWN);
    draw_and_check(&app, 1024, 576);
    for (int i = 0; i < 12; i++)
        gf_app_apply(&app, GF_ACTION_ALPHA_HALVE);
    draw_and_check(&app, 1024, 576);
    for (int i = 0; i < 10; i++)
        gf_app_apply(&app, GF_ACTION_WIDTH_DOUBLE);
    draw_and_check(&app, 1024, 576);
    for (int i = 0; i < 20; i++)
        gf_app_apply(&app, GF_ACTION_LR_UP);
    draw_and_check(&app, 1024, 576);
    gf_app_destroy(&app);

    init_diverged(&app, lang);
    draw_and_check(&app, 1920, 1080);
    draw_and_check(&app, 1024, 576);
    for (int f = 0; f < GF_FIGURE_COUNT; f++)
        draw_figure(&app, (enum gf_figure)f, 1920, f == GF_FIGURE_FULL ? 1080 : 540);
    gf_app_destroy(&app);
}

/* A click finds the layer whose bar is drawn there: the slots the bars panel draws. */
static void test_click_finds_the_bar(void **state)
{
    (void)state;
    struct gf_layout lay;
    gf_layout_compute(&lay, 1920, 1080, 1.0f);
    struct gf_ctx ctx = {NULL, &text, gf_theme_get(GF_THEME_DARK), NULL, &lay};
    SDL_Rect area = lay.col[GF_LEFT].bars;
    int n = 9;
    int pad = gf_layout_len(&lay, 8), left = area.x + pad + gf_panel_axis_width(&ctx);
    float slot = (float)(area.x + area.w - pad - left) / (float)n;
    int y = area.y + area.h / 2;
    for (int l = 0; l < n; l++) {   /* the middle of each slot, and just inside both its edges */
        assert_int_equal(gf_panel_layer_at(&ctx, area, n, left + (int)(slot * ((float)l + 0.5f)), y), l);
        assert_int_equal(gf_panel_layer_at(&ctx, area, n, left + (int)(slot * (float)l) + 1, y), l);
        assert_int_equal(gf_panel_layer_at(&ctx, area, n, left + (int)(slot * (float)(l + 1)) - 1, y), l);
    }
    assert_int_equal(gf_panel_layer_at(&ctx, area, n, left - 2, y), -1);          /* on the axis labels */
    assert_int_equal(gf_panel_layer_at(&ctx, area, n, left + 10, area.y - 5), -1); /* above the panel */
}

static void test_korean_tour_misses_no_word_and_no_glyph(void **state)
{
    (void)state;
    tour(GF_LANG_KO);
    check_words("a tour of the window", GF_LANG_KO);
    /* and it was Korean that was drawn: the title's hidden layers, for one */
    struct gf_app app;
    struct gf_lab_config cfg;
    gf_lab_config_default(&cfg);
    assert_true(gf_app_init(&app, &cfg, GF_THEME_DARK));
    app.lang = GF_LANG_KO;
    struct gf_view view;
    gf_app_view(&app, &view);
    SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, 1280, 720, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *r = surf ? SDL_CreateSoftwareRenderer(surf) : NULL;
    assert_non_null(r);
    assert_true(gf_render_frame(r, &text, &view, 1280, 720));
    bool korean = false;
    for (int i = 0; i < GF_TEXT_ENTRIES; i++)
        korean = korean || (text.entries[i].renderer == r && strstr(text.entries[i].str, "은닉층 8 × 16"));
    assert_true(korean);
    gf_text_forget_renderer(&text, r);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(surf);
    gf_app_destroy(&app);
}

static void test_english_tour_misses_no_glyph(void **state)
{
    (void)state;
    tour(GF_LANG_EN);
    check_words("a tour of the window", GF_LANG_EN);
}

/* A frame covers every pixel: drawn over another frame (the window's back
 * buffer keeps whatever was there), it equals the same frame drawn fresh,
 * though only the gaps between the panels are cleared. */
static void test_frame_paints_every_pixel(void **state)
{
    (void)state;
    struct gf_lab_config cfg;
    gf_lab_config_default(&cfg);
    struct gf_app app;
    assert_true(gf_app_init(&app, &cfg, GF_THEME_LIGHT));
    gf_app_train(&app, 50);
    gf_app_refresh_map(&app, GF_LEFT);
    gf_app_refresh_map(&app, GF_RIGHT);
    int w = 1280, h = 720;
    SDL_Surface *over = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Surface *fresh = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *ro = SDL_CreateSoftwareRenderer(over), *rf = SDL_CreateSoftwareRenderer(fresh);
    assert_non_null(ro);
    assert_non_null(rf);
    struct gf_view view;
    gf_app_apply(&app, GF_ACTION_HELP);   /* first a light frame with the help over it ... */
    gf_app_view(&app, &view);
    assert_true(gf_render_frame(ro, &text, &view, w, h));
    gf_app_apply(&app, GF_ACTION_HELP);
    gf_app_apply(&app, GF_ACTION_TOGGLE_THEME);   /* ... then a dark one without, over it */
    gf_app_view(&app, &view);
    assert_true(gf_render_frame(ro, &text, &view, w, h));
    assert_true(gf_render_frame(rf, &text, &view, w, h));
    assert_int_equal(over->pitch, fresh->pitch);
    assert_memory_equal(over->pixels, fresh->pixels, (size_t)over->pitch * h);
    gf_text_forget_renderer(&text, ro);
    gf_text_forget_renderer(&text, rf);
    SDL_DestroyRenderer(ro);
    SDL_DestroyRenderer(rf);
    SDL_FreeSurface(over);
    SDL_FreeSurface(fresh);
    gf_app_destroy(&app);
}

/* One frame of a lesson scene: drawn without an SDL error, its caption and
 * its content both there. Returns true when title, a text drawn in this
 * frame, was found in the text cache. */
static bool draw_scene(struct gf_app *app, int w, int h, const char *title)
{
    SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *r = surf ? SDL_CreateSoftwareRenderer(surf) : NULL;
    assert_non_null(r);
    SDL_ClearError();
    struct gf_view view;
    gf_app_view(app, &view);
    assert_true(view.in_lesson);
    assert_true(gf_render_frame(r, &text, &view, w, h));
    const char *error = SDL_GetError();
    if (error[0])
        fail_msg("SDL error drawing scene %d at %dx%d: %s", app->scene + 1, w, h, error);
    struct gf_layout lay;
    gf_layout_compute(&lay, w, h, 1.0f);
    const struct gf_theme *th = gf_theme_get(app->theme);
    int top = lay.title.y + lay.title.h, bottom = lay.footer.y;
    SDL_Rect caption = {0, top, w, (bottom - top) / 8};
    SDL_Rect content = {0, top + (bottom - top) / 3, w, (bottom - top) * 2 / 3};
    if (colours(surf, caption) < 3 || ink(surf, content, th->bg) < 0.08 || colours(surf, content) < 6)
        fail_msg("scene %d at %dx%d (%s): caption or content looks empty (%d, %.2f, %d)", app->scene + 1, w, h, th->id, colours(surf, caption), ink(surf, content, th->bg), colours(surf, content));
    bool found = false;
    for (int i = 0; i < GF_TEXT_ENTRIES; i++)
        found = found || (text.entries[i].renderer == r && text.entries[i].str && strstr(text.entries[i].str, title));
    gf_text_forget_renderer(&text, r);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(surf);
    return found;
}

/* Every scene of the built-in lesson, in both languages, at a small and a
 * large size and in both themes, with its notes, the help overlay and as a
 * figure: no translation and no glyph missing, and the caption in the
 * language asked for. */
static void test_every_scene_in_both_languages(void **state)
{
    (void)state;
    for (int lang = 0; lang < GF_LANG_COUNT; lang++) {
        struct gf_lab_config cfg;
        gf_lab_config_default(&cfg);
        struct gf_app app;
        assert_true(gf_app_init(&app, &cfg, GF_THEME_DARK));
        app.lang = (enum gf_lang)lang;
        gf_app_apply(&app, GF_ACTION_LESSON);
        for (int i = 0; i < app.lesson->n_scenes; i++) {
            if (i > 0)
                gf_app_apply(&app, GF_ACTION_SCENE_NEXT);
            assert_int_equal(app.scene, i);
            const char *title = gf_scene_title(&app.lesson->scene[i], (enum gf_lang)lang);
            assert_true(draw_scene(&app, 1920, 1080, title));   /* step 0, before any map */
            gf_app_train(&app, 30);
            gf_app_refresh_map(&app, GF_LEFT);
            gf_app_refresh_map(&app, GF_RIGHT);
            for (int t = 0; t < GF_THEME_COUNT; t++) {
                app.theme = (enum gf_theme_id)t;
                draw_scene(&app, 1920, 1080, title);
                draw_scene(&app, 1024, 576, title);
            }
            app.theme = GF_THEME_DARK;
            draw_scene(&app, 3840, 2160, title);
            draw_figure(&app, GF_FIGURE_FULL, 1920, 1080);
            /* the distributions' keys in every scene (the two scenes of them say they show them) */
            gf_app_apply(&app, GF_ACTION_TOGGLE_DISTRIBUTIONS);
            draw_scene(&app, 1024, 576, title);
            gf_app_apply(&app, GF_ACTION_NEXT_TIME_VIEW);
            draw_scene(&app, 1024, 576, title);
        }
        gf_app_apply(&app, GF_ACTION_SCENE_NEXT);   /* the last scene's note */
        draw_scene(&app, 1280, 720, "");
        gf_app_apply(&app, GF_ACTION_HELP);
        draw_scene(&app, 1280, 720, "");
        gf_app_apply(&app, GF_ACTION_HELP);
        gf_app_apply(&app, GF_ACTION_LESSON);   /* back to free play: its note */
        draw_and_check(&app, 1280, 720);
        gf_app_destroy(&app);
        check_words("every lesson scene", (enum gf_lang)lang);
    }
}

/* Scene 5's live lines for one run after n steps of the scene as set up and
 * then changed by the actions given: the claim and the estimate, and the
 * bars' first and last values they speak of. */
static void scene_5_side_after(enum gf_side side, const enum gf_action *actions, int n_actions, int steps,
                               char claim[GF_SCENE_LINE], char estimate[GF_SCENE_LINE], double *first, double *last)
{
    struct gf_lab_config cfg;
    gf_lab_config_default(&cfg);
    struct gf_app *app = calloc(1, sizeof *app);
    assert_true(gf_app_init(app, &cfg, GF_THEME_DARK));
    gf_app_enter_scene(app, 4);
    assert_int_equal(app->lab->run[GF_LEFT].cfg.act, GF_ACT_SIGMOID);
    gf_app_apply(app, side == GF_LEFT ? GF_ACTION_FOCUS_LEFT : GF_ACTION_FOCUS_RIGHT);
    for (int i = 0; i < n_actions; i++)
        gf_app_apply(app, actions[i]);
    if (side == GF_LEFT)
        assert_int_equal(app->lab->run[GF_LEFT].cfg.optimizer, n_actions == 2 ? GF_OPT_ADAM : GF_OPT_SGD);
    gf_app_train(app, steps);
    struct gf_view view;
    gf_app_view(app, &view);
    gf_scene_vanishing_text(&view, side, claim, estimate);
    const struct gf_step_stats *st = view.bars[side];
    *first = st->layer[0].v[view.bar_metric];
    *last = st->layer[st->n_layers - 1].v[view.bar_metric];
    gf_app_destroy(app);
    free(app);
}

static void scene_5_after(const enum gf_action *actions, int n_actions, int steps, char claim[GF_SCENE_LINE],
                          char estimate[GF_SCENE_LINE], double *first, double *last)
{
    scene_5_side_after(GF_LEFT, actions, n_actions, steps, claim, estimate, first, last);
}

/* Scene 5's sentences follow the setting: "move much less" only where the
 * step is proportional to the gradient (SGD), Adam's rescaling said as
 * such, a gradient that grows toward the input never called a shrink, and
 * no per-layer estimate for runs whose skips or batch norm it leaves out. */
static void test_scene_5_sentences_follow_the_settings(void **state)
{
    (void)state;
    char claim[GF_SCENE_LINE], estimate[GF_SCENE_LINE];
    double first, last;
    scene_5_after(NULL, 0, 200, claim, estimate, &first, &last);   /* as set up: sigmoid, sgd */
    assert_true(last / first >= 10.0);
    assert_non_null(strstr(claim, "smaller than at layer 11"));
    assert_non_null(strstr(claim, "With sgd a weight's step is proportional to its gradient"));
    assert_non_null(strstr(estimate, "estimate, not a bound"));
    assert_non_null(strstr(estimate, "under 1: a shrink"));

    static const enum gf_action adam[] = {GF_ACTION_NEXT_OPTIMIZER, GF_ACTION_NEXT_OPTIMIZER};
    scene_5_after(adam, 2, 200, claim, estimate, &first, &last);
    assert_true(last / first >= 10.0);
    assert_non_null(strstr(claim, "Adam divides each weight's step"));
    assert_null(strstr(claim, "move much less"));
    assert_null(strstr(claim, "slower"));

    static const enum gf_action batchnorm[] = {GF_ACTION_TOGGLE_BATCHNORM};
    scene_5_after(batchnorm, 1, 200, claim, estimate, &first, &last);
    /* with batch norm the gradient grows toward the input: said so, never called a shrink */
    assert_true(first / last >= 2.0);
    assert_null(strstr(claim, "smaller than"));
    assert_non_null(strstr(claim, "larger than at layer 11"));
    assert_non_null(strstr(claim, "grows toward the input"));
    assert_string_equal(estimate, "no per-layer estimate: skips or batch norm multiply in factors it would leave out");

    static const enum gf_action residual[] = {GF_ACTION_TOGGLE_RESIDUAL};
    scene_5_after(residual, 1, 200, claim, estimate, &first, &last);
    assert_string_equal(estimate, "no per-layer estimate: skips or batch norm multiply in factors it would leave out");
    assert_null(strstr(claim, "every layer learns"));

    /* Shift+I (auto → normal): ReLU from a normal init loses every gradient (the output probability at 0 or 1, its log clamped): then
     * no estimate of a shrink is printed beside "every gradient is zero" */
    static const enum gf_action init[] = {GF_ACTION_PREV_INIT};
    scene_5_side_after(GF_RIGHT, init, 1, 300, claim, estimate, &first, &last);
    assert_true(last == 0.0);
    assert_non_null(strstr(claim, "every gradient is zero"));
    assert_string_equal(estimate, "");

    /* Adam, 1000 steps: a ReLU layer dies while the output keeps its gradient: not "every gradient is zero" */
    scene_5_side_after(GF_RIGHT, adam, 2, 1000, claim, estimate, &first, &last);
    assert_true(first == 0.0 && last > 0.0);
    assert_non_null(strstr(claim, "none reaches layer 1"));
    assert_null(strstr(claim, "every gradient is zero"));
}

/* Scene 8's facts after n steps of the scene, optionally with another optimizer. */
static int scene_8_after(int next_optimizer, int steps, char lines[GF_SCENE_FACTS][GF_SCENE_LINE], double acc[2],
                         enum gf_lang lang)
{
    struct gf_lab_config cfg;
    gf_lab_config_default(&cfg);
    struct gf_app *app = calloc(1, sizeof *app);
    assert_true(gf_app_init(app, &cfg, GF_THEME_DARK));
    gf_app_enter_scene(app, 7);
    for (int i = 0; i < next_optimizer; i++)
        gf_app_apply(app, GF_ACTION_NEXT_OPTIMIZER);
    assert_int_equal(app->lab->cfg.optimizer, next_optimizer ? GF_OPT_SGD : GF_OPT_ADAM);
    gf_app_train(app, steps);
    gf_app_refresh_map(app, GF_LEFT);
    gf_app_refresh_map(app, GF_RIGHT);
    app->lang = lang;
    struct gf_view view;
    gf_app_view(app, &view);
    int n = gf_scene_softmax_text(&view, GF_RIGHT, lines);
    acc[0] = view.data_accuracy[GF_LEFT];
    acc[1] = view.data_accuracy[GF_RIGHT];
    gf_app_destroy(app);
    free(app);
    return n;
}

/* Scene 8's sentences follow the live accuracies and the top probability:
 * with Adam as set up the class is not harmed and the gradient fades at the
 * cap; with plain SGD the double softmax costs accuracy and the top
 * probability is still far from the cap. */
static void test_scene_8_sentences_follow_the_accuracies(void **state)
{
    (void)state;
    char lines[GF_SCENE_FACTS][GF_SCENE_LINE];
    double acc[2];
    assert_int_equal(scene_8_after(0, 1500, lines, acc, GF_LANG_EN), 5);
    assert_true(acc[1] >= acc[0] - 0.02);
    assert_non_null(strstr(lines[4], "the predicted class is not harmed"));
    assert_non_null(strstr(lines[3], "it fades near the cap"));
    assert_non_null(strstr(lines[1], "e/(e+2) = 0.576"));
    int n = scene_8_after(1, 1500, lines, acc, GF_LANG_EN);   /* adam → sgd */
    assert_int_equal(n, 5);
    if (acc[1] >= acc[0] - 0.02)
        fail_msg("with sgd the double softmax was expected to cost accuracy: %.3f vs %.3f", acc[1], acc[0]);
    assert_non_null(strstr(lines[4], "the double softmax costs accuracy"));
    assert_non_null(strstr(lines[3], "still well below the cap"));
    /* and in Korean the cap takes the particle its last digit asks for */
    scene_8_after(0, 10, lines, acc, GF_LANG_KO);
    assert_non_null(strstr(lines[1], "0.576을 넘지"));
}

/* Accuracies never round up to 100 % or down to 0 %. */
static void test_percent_never_rounds_to_certainty(void **state)
{
    (void)state;
    char buf[32];
    static const struct { double f; const char *s; } cases[] = {
        {0.998, "99.8%"}, {0.9996, "99.9%"}, {1.0, "100%"}, {0.631, "63%"}, {0.0, "0%"}, {0.003, "0.3%"},
        {0.0004, "0.1%"}, {0.994, "99%"}, {0.995, "99.5%"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        gf_format_percent(buf, sizeof buf, cases[i].f);
        if (strcmp(buf, cases[i].s) != 0)
            fail_msg("%g: \"%s\", expected \"%s\"", cases[i].f, buf, cases[i].s);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_theme_names_agree),
        cmocka_unit_test(test_every_dataset_theme_and_size),
        cmocka_unit_test(test_overlays_and_edge_states),
        cmocka_unit_test(test_every_scene_shows_divergence),
        cmocka_unit_test(test_click_finds_the_bar),
        cmocka_unit_test(test_korean_tour_misses_no_word_and_no_glyph),
        cmocka_unit_test(test_english_tour_misses_no_glyph),
        cmocka_unit_test(test_every_scene_in_both_languages),
        cmocka_unit_test(test_frame_paints_every_pixel),
        cmocka_unit_test(test_smallest_text_and_bar_values),
        cmocka_unit_test(test_decade_exponent_size),
        cmocka_unit_test(test_scenes_smallest_text),
        cmocka_unit_test(test_scene_5_sentences_follow_the_settings),
        cmocka_unit_test(test_scene_8_sentences_follow_the_accuracies),
        cmocka_unit_test(test_percent_never_rounds_to_certainty),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
