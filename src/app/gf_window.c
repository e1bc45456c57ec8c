/* gf_window.c - the frame loop: events become actions on the app; training
 * runs at the asked speed within a time budget per frame, so the window
 * stays at the display's rate however heavy the network; the decision maps
 * are refreshed in turn, each five times a second; render draws the view. */
#include "gf_window.h"

#include <SDL.h>
#include <math.h>
#include <SDL_ttf.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "gf_app.h"
#include "gf_assets.h"
#include "gf_draw.h"
#include "gf_export.h"
#include "gf_gif.h"
#include "gf_layout.h"
#include "gf_render.h"
#include "gf_text.h"

#define TRAIN_BUDGET_S 0.006    /* at most this long training per frame (of 16.7 ms at 60 Hz) */
#define MAP_PERIOD_S 0.1        /* a map refresh starts this often, alternating sides: 5 Hz each */
#define MAP_BUDGET_S 0.0025     /* decision-map work per frame; big nets take several frames */
#define MAP_SLICE_MACS 1e6      /* map work between two looks at the clock */
#define NOTE_SECONDS 4.0        /* how long a note stays in the footer */


static double seconds(const struct gf_window *w, Uint64 a, Uint64 b)
{
    return (double)(b - a) / (double)w->freq;
}

/* The window's default size: 16:9, about 80% of the display. */
static void default_size(int *wp, int *hp)
{
    SDL_Rect usable;
    int w = 1600, h = 900;
    if (SDL_GetDisplayUsableBounds(0, &usable) == 0) {
        w = usable.w * 8 / 10;
        h = w * 9 / 16;
        if (h > usable.h * 8 / 10) {
            h = usable.h * 8 / 10;
            w = h * 16 / 9;
        }
    }
    *wp = w;
    *hp = h;
}

/* Trains for the time since the last frame at the asked speed, stopping
 * early when the frame's budget is spent. */
static void train(struct gf_window *w, double dt)
{
    struct gf_app *app = &w->app;
    if (app->paused)
        return;
    w->train_carry += dt * gf_app_steps_per_second(app);
    /* Never try to catch up on a stall: at most a quarter of a second's steps
     * are owed, or one step, so the slowest speeds still reach their next step. */
    double most = fmax(gf_app_steps_per_second(app) * 0.25, 1.0);
    if (w->train_carry > most)
        w->train_carry = most;
    Uint64 start = SDL_GetPerformanceCounter();
    int done = 0;
    int chunk = 1;
    while (w->train_carry >= 1.0) {
        int n = chunk < (int)w->train_carry ? chunk : (int)w->train_carry;
        gf_app_train(app, n);
        w->train_carry -= n;
        done += n;
        double spent = seconds(w, start, SDL_GetPerformanceCounter());
        if (spent > TRAIN_BUDGET_S) {
            w->train_carry = 0.0;   /* the machine is the limit: do not pile up debt */
            break;
        }
        chunk *= 2;   /* few timer reads when steps are cheap */
    }
    w->sps_window_steps += done;
}

/* Ctrl+G: starts recording the view at the export size, or stops and puts
 * the GIF in place. */
static void record_toggle(struct gf_window *w, const struct gf_export_request *req, time_t now)
{
    struct gf_app *app = &w->app;
    char err[1024];
    if (w->rec) {
        struct gf_record_result res;
        bool ok = gf_record_close(w->rec, &res, err, sizeof err);
        ok = gf_record_end(w->rec, ok, err, sizeof err) && ok;
        w->rec = NULL;
        if (ok)
            gf_app_say(app, false, gf_tr(app->lang, "saved %s: %ld frames, %.1f s"), w->rec_path, res.frames,
                       (double)res.frames / GF_GIF_FPS);
        else
            gf_app_say(app, true, gf_tr(app->lang, "could not record the GIF: %s"), err);
        return;
    }
    if (!gf_export_fresh_name(w->rec_path, sizeof w->rec_path, w->out_dir, app, "training", "gif", now, err,
                              sizeof err) ||
        !(w->rec = gf_record_start(w->rec_path, false, req->width, req->height, err, sizeof err))) {
        gf_app_say(app, true, gf_tr(app->lang, "could not record the GIF: %s"), err);
        return;
    }
    w->rec_clock = 1.0;   /* the first frame now */
    gf_app_say(app, false, gf_tr(app->lang, "recording %s (%d×%d, %d frames a second) — Ctrl+G stops"), w->rec_path,
               req->width, req->height, GF_GIF_FPS);
}

/* While recording: a frame of the view every 1 / GF_GIF_FPS seconds, at
 * most one per window frame (a slow frame makes the clip run faster, never
 * drops a frame of it). */
static void record_tick(struct gf_window *w, double dt)
{
    if (!w->rec || (w->rec_clock += dt) < 1.0 / GF_GIF_FPS)
        return;
    w->rec_clock = fmod(w->rec_clock, 1.0 / GF_GIF_FPS);
    struct gf_app *app = &w->app;
    int ow = 0, oh = 0;
    SDL_GetRendererOutputSize(w->ren, &ow, &oh);
    struct gf_export_request req = {.figure = GF_FIGURE_FULL, .theme = app->theme, .caption = app->caption,
                                    .no_title = app->no_title, .smooth = app->smooth};
    gf_app_export_size(app, ow, oh, &req.width, &req.height);
    char err[1024];
    SDL_Surface *frame = gf_export_render(&w->text, app, &req, err, sizeof err);
    bool ok = frame && gf_record_frame(w->rec, frame, err, sizeof err);
    SDL_FreeSurface(frame);
    if (!ok) {   /* said, and nothing kept */
        gf_record_end(w->rec, false, err, sizeof err);
        w->rec = NULL;
        gf_app_say(app, true, gf_tr(app->lang, "could not record the GIF: %s"), err);
        w->note_clock = NOTE_SECONDS;
    }
}

/* Carries out an export the app asked for: a PNG figure or the history CSV,
 * into a fresh name in the output folder; the footer says where it went. */
static void export_now(struct gf_window *w)
{
    struct gf_app *app = &w->app;
    enum gf_action a = app->pending_export;
    app->pending_export = GF_ACTION_NONE;
    char path[1024], err[1024];
    time_t now = time(NULL);
    if (a == GF_ACTION_EXPORT_CSV) {
        if (gf_export_fresh_name(path, sizeof path, w->out_dir, app, "history", "csv", now, err, sizeof err) &&
            gf_export_history_csv(app, path, err, sizeof err))
            gf_app_say(app, false, gf_tr(app->lang, "saved %s"), path);
        else
            gf_app_say(app, true, gf_tr(app->lang, "could not save the CSV: %s"), err);
        return;
    }
    int ow = 0, oh = 0;
    SDL_GetRendererOutputSize(w->ren, &ow, &oh);
    struct gf_export_request req = {.figure = GF_FIGURE_FULL, .theme = app->theme, .caption = app->caption,
                                    .no_title = app->no_title, .smooth = app->smooth};
    gf_app_export_size(app, ow, oh, &req.width, &req.height);
    if (a == GF_ACTION_RECORD) {
        record_toggle(w, &req, now);
        return;
    }
    if (a == GF_ACTION_EXPORT_VECTOR) {   /* SVG and PDF of the view, beside the PNGs */
        static const char *const ext[2] = {"svg", "pdf"};
        char first[1024] = "";
        for (int i = 0; i < 2; i++) {
            if (!gf_export_fresh_name(path, sizeof path, w->out_dir, app, NULL, ext[i], now, err, sizeof err) ||
                !gf_export_vector(&w->text, app, &req, i == 0 ? GF_FORMAT_SVG : GF_FORMAT_PDF, path, false, err,
                                  sizeof err)) {
                if (i == 1)   /* both or neither */
                    remove(first);
                gf_app_say(app, true, gf_tr(app->lang, "could not save the figure: %s"), err);
                return;
            }
            if (i == 0)
                snprintf(first, sizeof first, "%s", path);
        }
        gf_app_say(app, false, gf_tr(app->lang, "saved %s and %s"), first, path);
        return;
    }
    if (a == GF_ACTION_EXPORT) {
        if (gf_export_fresh_name(path, sizeof path, w->out_dir, app, NULL, "png", now, err, sizeof err) &&
            gf_export_png(&w->text, app, &req, path, false, err, sizeof err))
            gf_app_say(app, false, gf_tr(app->lang, "saved %s (%d×%d)"), path, req.width, req.height);
        else
            gf_app_say(app, true, gf_tr(app->lang, "could not save the PNG: %s"), err);
        return;
    }
    /* Shift+S, P, Shift+P: both themes of this one step, named by theme (and panel) */
    if (a == GF_ACTION_EXPORT_GRADIENTS || a == GF_ACTION_EXPORT_CURVES) {
        req.figure = a == GF_ACTION_EXPORT_GRADIENTS ? GF_FIGURE_GRADIENTS : GF_FIGURE_CURVES;
        req.height /= 2;   /* half a slide */
    }
    char paths[GF_THEME_COUNT][1024];
    for (int t = 0; t < GF_THEME_COUNT; t++) {
        char suffix[64];
        if (req.figure == GF_FIGURE_FULL)
            snprintf(suffix, sizeof suffix, "%s", gf_theme_get((enum gf_theme_id)t)->id);
        else
            snprintf(suffix, sizeof suffix, "%s-%s", gf_figure_id(req.figure), gf_theme_get((enum gf_theme_id)t)->id);
        if (!gf_export_fresh_name(paths[t], sizeof paths[t], w->out_dir, app, suffix, "png", now, err, sizeof err)) {
            gf_app_say(app, true, gf_tr(app->lang, "could not save the PNG: %s"), err);
            return;
        }
    }
    const char *const names[GF_THEME_COUNT] = {paths[GF_THEME_DARK], paths[GF_THEME_LIGHT]};
    if (gf_export_png_themes(&w->text, app, &req, names, err, sizeof err))
        gf_app_say(app, false, gf_tr(app->lang, "saved %s and %s"), paths[GF_THEME_DARK], paths[GF_THEME_LIGHT]);
    else
        gf_app_say(app, true, gf_tr(app->lang, "could not save the PNG: %s"), err);
}

static void handle_action(struct gf_window *w, enum gf_action a)
{
    bool was_fullscreen = w->app.fullscreen;
    unsigned serial = w->app.note_serial;
    gf_app_apply(&w->app, a);
    if (w->app.pending_export != GF_ACTION_NONE)
        export_now(w);
    if (w->app.note_serial != serial)   /* a new note: show it for a while */
        w->note_clock = NOTE_SECONDS;
    if (w->app.fullscreen != was_fullscreen &&
        SDL_SetWindowFullscreen(w->win, w->app.fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0) != 0)
        SDL_LogError(SDL_LOG_CATEGORY_VIDEO, "cannot switch fullscreen: %s", SDL_GetError());
}

static void handle_event(struct gf_window *w, const SDL_Event *e)
{
    switch (e->type) {
    case SDL_QUIT:
        w->app.quit = true;
        break;
    case SDL_KEYDOWN: {
        enum gf_action a = gf_key_action(e->key.keysym.sym, e->key.keysym.mod);
        if (e->key.repeat && !gf_action_repeats(a))
            break;
        handle_action(w, a);
        break;
    }
    case SDL_MOUSEBUTTONDOWN: {
        int ow, oh, ww, wh;
        SDL_GetRendererOutputSize(w->ren, &ow, &oh);
        SDL_GetWindowSize(w->win, &ww, &wh);
        struct gf_layout lay;
        gf_layout_compute(&lay, ow, oh);
        /* mouse coordinates are in window points; the layout is in pixels (HiDPI) */
        int x = ww ? e->button.x * ow / ww : e->button.x, y = wh ? e->button.y * oh / wh : e->button.y;
        for (int s = 0; s < GF_SIDES; s++) {
            if (gf_contains(lay.col[s].column, x, y))
                handle_action(w, s == GF_LEFT ? GF_ACTION_FOCUS_LEFT : GF_ACTION_FOCUS_RIGHT);
        }
        break;
    }
    default:
        break;
    }
}

static bool open_window(struct gf_window *w, const struct gf_cli_options *opt)
{
    int width = opt->width_px, height = opt->height_px;
    if (!width)
        default_size(&width, &height);
    w->win = SDL_CreateWindow("gradflow", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, width, height,
                              SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    if (!w->win) {
        SDL_LogError(SDL_LOG_CATEGORY_VIDEO, "cannot open a window: %s", SDL_GetError());
        return false;
    }
    SDL_SetWindowMinimumSize(w->win, 480, 270);
    w->ren = SDL_CreateRenderer(w->win, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
    if (!w->ren) {
        SDL_LogWarn(SDL_LOG_CATEGORY_RENDER, "no accelerated renderer (%s); drawing in software", SDL_GetError());
        w->ren = SDL_CreateRenderer(w->win, -1, SDL_RENDERER_SOFTWARE);
    }
    if (!w->ren) {
        SDL_LogError(SDL_LOG_CATEGORY_RENDER, "cannot create a renderer: %s", SDL_GetError());
        return false;
    }
    return true;
}

bool gf_window_open(struct gf_window *w, const struct gf_cli_options *opt, char *err, size_t errlen)
{
    memset(w, 0, sizeof *w);
    char assets[1024];
    if (!gf_assets_find(opt->assets_dir, assets, sizeof assets, err, errlen)) {
        w->status = 2;
        return false;
    }
    w->status = 1;
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        snprintf(err, errlen, "cannot start SDL video: %s\n(no display? gradflow --headless trains without a window)",
                 SDL_GetError());
        return false;
    }
    w->sdl_started = true;
    /* With no display SDL falls back to drawing off screen: a window nobody
     * sees. Unless that was asked for, say so and stop. */
    const char *driver = SDL_GetCurrentVideoDriver();
    if (driver && (strcmp(driver, "offscreen") == 0 || strcmp(driver, "dummy") == 0) && !SDL_getenv("SDL_VIDEODRIVER")) {
        snprintf(err, errlen, "no display to open a window on\n(gradflow --headless trains without a window)");
        return false;
    }
    if (TTF_Init() != 0) {
        snprintf(err, errlen, "cannot start SDL_ttf: %s", TTF_GetError());
        return false;
    }
    w->ttf_started = true;
    if (!gf_assets_open_text(&w->text, assets, err, errlen))
        return false;
    if (!gf_app_init_from_cli(&w->app, opt, true, err, errlen)) {
        if (w->app.lab)
            w->status = 2;   /* a lesson or scene that cannot be had: bad input, like any flag */
        return false;
    }
    w->out_dir = opt->out_dir;
    if (!open_window(w, opt)) {
        snprintf(err, errlen, "cannot open a window: %s", SDL_GetError());
        return false;
    }
    w->freq = SDL_GetPerformanceFrequency();
    w->status = 0;
    return true;
}

void gf_window_handle_event(struct gf_window *w, const SDL_Event *e)
{
    handle_event(w, e);
}

bool gf_window_frame(struct gf_window *w, double dt)
{
    train(w, dt);
    w->sps_window_time += dt;
    w->frames_in_window++;
    if (w->sps_window_time >= 0.5) {   /* the speeds shown, averaged over half a second */
        w->measured_sps = w->sps_window_steps / w->sps_window_time;
        w->measured_fps = w->frames_in_window / w->sps_window_time;
        w->sps_window_steps = w->sps_window_time = 0.0;
        w->frames_in_window = 0;
    }
    w->map_clock += dt;
    if (w->map_busy || w->map_clock >= MAP_PERIOD_S) {
        /* slices of the map until this frame's share of time is spent */
        Uint64 start = SDL_GetPerformanceCounter();
        do
            w->map_busy = !gf_app_map_work(&w->app, (enum gf_side)w->next_map, MAP_SLICE_MACS);
        while (w->map_busy && seconds(w, start, SDL_GetPerformanceCounter()) < MAP_BUDGET_S);
        if (!w->map_busy) {
            w->next_map = 1 - w->next_map;
            w->map_clock = 0.0;
        }
    }
    if (w->note_clock > 0.0 && (w->note_clock -= dt) <= 0.0)
        w->app.note[0] = '\0';

    struct gf_view view;
    gf_app_view(&w->app, &view);
    view.measured_steps_per_second = w->measured_sps;
    view.measured_fps = w->measured_fps;
    /* slow enough to follow step by step (the lesson's training loop lights each phase in turn) */
    if (gf_app_steps_per_second(&w->app) <= 3.0)
        view.step_phase = w->train_carry - floor(w->train_carry);
    int ow, oh;
    if (SDL_GetRendererOutputSize(w->ren, &ow, &oh) != 0) {
        SDL_LogError(SDL_LOG_CATEGORY_RENDER, "cannot read the window size: %s", SDL_GetError());
        return false;
    }
    if (!gf_render_frame(w->ren, &w->text, &view, ow, oh))
        return false;
    SDL_RenderPresent(w->ren);
    record_tick(w, dt);
    return true;
}

void gf_window_close(struct gf_window *w)
{
    if (w->rec) {   /* quitting while recording keeps what was recorded */
        struct gf_record_result res;
        char err[1024];
        bool ok = gf_record_close(w->rec, &res, err, sizeof err);
        if (!gf_record_end(w->rec, ok, err, sizeof err) || !ok)
            fprintf(stderr, "gradflow: could not record the GIF: %s\n", err);
        w->rec = NULL;
    }
    if (w->ren) {
        gf_text_forget_renderer(&w->text, w->ren);
        SDL_DestroyRenderer(w->ren);
    }
    if (w->win)
        SDL_DestroyWindow(w->win);
    gf_app_destroy(&w->app);     /* both safe on the zeroed state gf_window_open starts from */
    gf_text_destroy(&w->text);
    if (w->ttf_started)
        TTF_Quit();
    if (w->sdl_started)
        SDL_Quit();
    w->ren = NULL;
    w->win = NULL;
    w->ttf_started = w->sdl_started = false;
}

int gf_window_run(const struct gf_cli_options *opt)
{
    static struct gf_window w;   /* large (the text cache); one per process */
    char err[3072];
    if (!gf_window_open(&w, opt, err, sizeof err)) {
        fprintf(stderr, "gradflow: %s\n", err);
        int status = w.status;
        gf_window_close(&w);
        return status;
    }
    Uint64 last = SDL_GetPerformanceCounter();
    while (!w.app.quit) {
        SDL_Event e;
        while (SDL_PollEvent(&e))
            gf_window_handle_event(&w, &e);
        Uint64 now = SDL_GetPerformanceCounter();
        double dt = seconds(&w, last, now);
        last = now;
        if (!gf_window_frame(&w, dt))
            break;
    }
    gf_window_close(&w);
    return 0;
}
