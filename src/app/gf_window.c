/* gf_window.c - the frame loop: every waiting event becomes an action on
 * the app (settings changes are only recorded there); once per frame the
 * trainer gets the settings asked for and the steps owed at the asked
 * speed, and the newest copy of the networks it published is swapped in
 * and drawn. Training, building networks and the decision maps happen on
 * the trainer's threads, so the window keeps the display's rate however
 * heavy the network; with threads off the trainer works within a budget
 * of each frame instead. */
#include "gf_window.h"

#include <SDL.h>
#include <math.h>
#include <SDL_ttf.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "gf_app.h"
#include "gf_assets.h"
#include "gf_export.h"
#include "gf_gif.h"
#include "gf_keys.h"
#include "gf_layout.h"
#include "gf_outfile.h"
#include "gf_platform.h"
#include "gf_render.h"
#include "gf_text.h"

#define WORK_BUDGET_S 0.0085   /* threads off: training and map work per frame (of 16.7 ms at 60 Hz) */
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

/* Hands the trainer what this frame asks: the settings (once, however
 * many keys changed them), and dt's worth of steps at the asked speed.
 * Never more than a quarter of a second's steps are owed, or one step, so
 * a stall is not caught up on and the slowest speeds still reach their
 * next step. */
static void ask_trainer(struct gf_window *w, double dt)
{
    struct gf_app *app = &w->app;
    double sps = gf_app_steps_per_second(app);
    double most = fmax(sps * 0.25, 1.0);
    double steps = 0.0;
    if (!app->paused) {
        w->train_carry = fmin(w->train_carry + dt * sps, most);
        steps = floor(w->train_carry);
        w->train_carry -= steps;
    }
    gf_trainer_ask(w->trainer, app, steps, most);
}

/* Takes the trainer's newest copy, counting the steps it brings for the speed shown. */
static void take_copy(struct gf_window *w)
{
    if (!gf_trainer_take(w->trainer, &w->app))
        return;
    int64_t now = gf_lab_steps(w->app.lab), before = w->shown_step;
    w->sps_window_steps += now >= before ? (double)(now - before) : (double)now;   /* fewer: a new network */
    w->shown_step = now;
}

/* The size and request of a figure of the view: the export size (the
 * window's own when asked for), held to the figures' range; *clamped says
 * whether the window's size had to be brought into it. */
static struct gf_export_request view_request(struct gf_window *w, bool *clamped)
{
    struct gf_app *app = &w->app;
    int ow = 0, oh = 0;
    if (SDL_GetRendererOutputSize(w->ren, &ow, &oh) != 0)
        SDL_GetWindowSize(w->win, &ow, &oh);   /* a window too big for its drawing surface still has a size */
    struct gf_export_request req = {.figure = GF_FIGURE_FULL, .theme = app->theme, .caption = app->caption,
                                    .no_title = app->no_title, .smooth = app->smooth};
    gf_app_export_size(app, ow, oh, &req.width, &req.height);
    /* a window dragged past what a figure may be (or a size the display
     * forced) is exported at the nearest size in range, and the note says so */
    bool c = gf_export_clamp_size(&req.width, &req.height);
    if (clamped)
        *clamped = c;
    return req;
}

/* Ctrl+G: starts recording the view at the export size, or stops and puts
 * the GIF in place. */
static void record_toggle(struct gf_window *w, const struct gf_export_request *req, time_t now)
{
    struct gf_app *app = &w->app;
    char err[sizeof app->note - 120], shown[sizeof app->note - 120];
    if (w->rec) {
        struct gf_record_result res;
        bool ok = gf_record_close(w->rec, &res, err, sizeof err);
        ok = gf_record_end(w->rec, ok, err, sizeof err) && ok;
        w->rec = NULL;
        gf_outfile_shorten(shown, sizeof shown, w->rec_path);
        if (ok)
            gf_app_say(app, false, gf_tr(app->lang, "saved %s: %ld frames, %.1f s"), shown, res.frames,
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
    w->rec_w = req->width;
    w->rec_h = req->height;
    w->rec_clock = 1.0;   /* the first frame now */
    gf_outfile_shorten(shown, sizeof shown, w->rec_path);
    gf_app_say(app, false, gf_tr(app->lang, "recording %s (%d×%d, %d frames a second) — Ctrl+G stops"), shown,
               req->width, req->height, GF_GIF_FPS);
}

/* While recording: a frame of what is on screen every 1 / GF_GIF_FPS
 * seconds, at most one per window frame (a slow frame makes the clip run
 * faster, never drops a frame of it), at the size the recording started
 * with whatever the window does meanwhile. */
static void record_tick(struct gf_window *w, double dt)
{
    if (!w->rec || (w->rec_clock += dt) < 1.0 / GF_GIF_FPS)
        return;
    w->rec_clock = fmod(w->rec_clock, 1.0 / GF_GIF_FPS);
    struct gf_app *app = &w->app;
    struct gf_export_request req = view_request(w, NULL);
    req.width = w->rec_w;
    req.height = w->rec_h;
    char err[sizeof app->note - 120];
    /* the networks drawn, not a change the trainer is still building */
    struct gf_lab_config asked = app->cfg;
    app->cfg = app->lab->cfg;
    SDL_Surface *frame = gf_export_render(&w->text, app, &req, err, sizeof err);
    app->cfg = asked;
    bool ok = frame && gf_record_frame(w->rec, frame, err, sizeof err);
    SDL_FreeSurface(frame);
    if (!ok) {   /* said, and nothing kept */
        gf_record_end(w->rec, false, err, sizeof err);
        w->rec = NULL;
        gf_app_say(app, true, gf_tr(app->lang, "could not record the GIF: %s"), err);
        w->note_clock = NOTE_SECONDS;
    }
}

/* Two figures of this one step saved together, both or neither (Ctrl+S:
 * SVG and PDF; Shift+S, P, Shift+P: both themes); the footer names both. */
static void export_pair(struct gf_window *w, const struct gf_export_request reqs[2],
                        const enum gf_export_format formats[2], const char *const suffixes[2],
                        const char *const exts[2], bool clamped, const char *failure, time_t now)
{
    struct gf_app *app = &w->app;
    char paths[2][1024], err[sizeof app->note - 120], shown[2][(sizeof app->note - 120) / 2];
    for (int i = 0; i < 2; i++)
        if (!gf_export_fresh_name(paths[i], sizeof paths[i], w->out_dir, app, suffixes[i], exts[i], now, err,
                                  sizeof err)) {
            gf_app_say(app, true, gf_tr(app->lang, failure), err);
            return;
        }
    const char *const names[2] = {paths[0], paths[1]};
    if (!gf_export_figures(&w->text, app, reqs, formats, names, 2, err, sizeof err)) {
        gf_app_say(app, true, gf_tr(app->lang, failure), err);
        return;
    }
    for (int i = 0; i < 2; i++)
        gf_outfile_shorten(shown[i], sizeof shown[i], paths[i]);
    if (clamped)
        gf_app_say(app, false, gf_tr(app->lang, "saved %s and %s (%d×%d: figures go from 320×180 to 8192×8192)"),
                   shown[0], shown[1], reqs[0].width, reqs[0].height);
    else
        gf_app_say(app, false, gf_tr(app->lang, "saved %s and %s"), shown[0], shown[1]);
}

/* Carries out an export the app asked for: a figure, a pair of them, a
 * recording or the history CSV, into fresh names in the output folder;
 * the footer says where it went. */
static void export_action(struct gf_window *w, enum gf_action a)
{
    struct gf_app *app = &w->app;
    /* err and shown fit in the footer's note with their sentence: a long
     * path is shortened in its middle there, the reason always stays whole */
    char path[1024], err[sizeof app->note - 120], shown[sizeof app->note - 120];
    time_t now = time(NULL);
    if (a == GF_ACTION_EXPORT_CSV) {
        if (gf_export_fresh_name(path, sizeof path, w->out_dir, app, "history", "csv", now, err, sizeof err) &&
            gf_export_history_csv(app, path, err, sizeof err)) {
            gf_outfile_shorten(shown, sizeof shown, path);
            gf_app_say(app, false, gf_tr(app->lang, "saved %s"), shown);
        } else {
            gf_app_say(app, true, gf_tr(app->lang, "could not save the CSV: %s"), err);
        }
        return;
    }
    bool clamped = false;
    struct gf_export_request req = view_request(w, &clamped);
    /* a build without SVG, PDF or GIF says so and writes nothing */
    const char *missing = a == GF_ACTION_EXPORT_VECTOR ? gf_export_missing("svg")
                          : a == GF_ACTION_RECORD && !w->rec ? gf_export_missing("gif")
                                                             : NULL;
    if (missing) {
        gf_app_say(app, true, "%s", gf_tr(app->lang, missing));
        return;
    }
    if (a == GF_ACTION_RECORD) {
        record_toggle(w, &req, now);
        return;
    }
    if (a == GF_ACTION_EXPORT_VECTOR) {   /* SVG and PDF of the view, beside the PNGs */
        const struct gf_export_request reqs[2] = {req, req};
        const enum gf_export_format formats[2] = {GF_FORMAT_SVG, GF_FORMAT_PDF};
        const char *const suffixes[2] = {NULL, NULL}, *const exts[2] = {"svg", "pdf"};
        export_pair(w, reqs, formats, suffixes, exts, clamped, "could not save the figure: %s", now);
        return;
    }
    if (a == GF_ACTION_EXPORT) {
        if (gf_export_fresh_name(path, sizeof path, w->out_dir, app, NULL, "png", now, err, sizeof err) &&
            gf_export_png(&w->text, app, &req, path, false, err, sizeof err)) {
            gf_outfile_shorten(shown, sizeof shown, path);
            gf_app_say(app, false,
                       gf_tr(app->lang, clamped ? "saved %s (%d×%d: figures go from 320×180 to 8192×8192)"
                                                : "saved %s (%d×%d)"),
                       shown, req.width, req.height);
        } else {
            gf_app_say(app, true, gf_tr(app->lang, "could not save the PNG: %s"), err);
        }
        return;
    }
    /* Shift+S, P, Shift+P: both themes of this one step, named by theme (and panel) */
    if (a == GF_ACTION_EXPORT_GRADIENTS || a == GF_ACTION_EXPORT_CURVES) {
        req.figure = a == GF_ACTION_EXPORT_GRADIENTS ? GF_FIGURE_GRADIENTS : GF_FIGURE_CURVES;
        req.height /= 2;   /* half a slide */
        clamped = gf_export_clamp_size(&req.width, &req.height) || clamped;
    }
    struct gf_export_request reqs[GF_THEME_COUNT];
    enum gf_export_format formats[GF_THEME_COUNT];
    char suffix[GF_THEME_COUNT][64];
    const char *suffixes[GF_THEME_COUNT], *exts[GF_THEME_COUNT];
    for (int t = 0; t < GF_THEME_COUNT; t++) {
        reqs[t] = req;
        reqs[t].theme = (enum gf_theme_id)t;
        formats[t] = GF_FORMAT_PNG;
        if (req.figure == GF_FIGURE_FULL)
            snprintf(suffix[t], sizeof suffix[t], "%s", gf_theme_get((enum gf_theme_id)t)->id);
        else
            snprintf(suffix[t], sizeof suffix[t], "%s-%s", gf_figure_id(req.figure),
                     gf_theme_get((enum gf_theme_id)t)->id);
        suffixes[t] = suffix[t];
        exts[t] = "png";
    }
    export_pair(w, reqs, formats, suffixes, exts, clamped, "could not save the PNG: %s", now);
}

/* Exports are of what is on screen: while the trainer builds a change just
 * asked for, the networks drawn are the ones before it, and so must be the
 * settings the file names and the command it stores. */
static void export_now(struct gf_window *w)
{
    struct gf_app *app = &w->app;
    enum gf_action a = app->pending_export;
    app->pending_export = GF_ACTION_NONE;
    struct gf_lab_config asked = app->cfg;
    app->cfg = app->lab->cfg;
    export_action(w, a);
    app->cfg = asked;
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

/* While the prompt is open, keys edit the line instead of acting. */
static void prompt_key(struct gf_window *w, SDL_Keycode key)
{
    struct gf_app *app = &w->app;
    if (key == SDLK_RETURN || key == SDLK_KP_ENTER)
        gf_app_prompt_submit(app);
    else if (key == SDLK_BACKSPACE)
        gf_app_prompt_erase(app);
    else if (key == SDLK_UP || key == SDLK_DOWN)
        gf_app_prompt_recall(app, key == SDLK_UP ? -1 : 1);
    else if (key == SDLK_ESCAPE)
        handle_action(w, GF_ACTION_ESCAPE);
    if (!app->prompt_open)
        SDL_StopTextInput();
}

static void handle_event(struct gf_window *w, const SDL_Event *e)
{
    if (w->app.quit)
        return;   /* quitting: nothing after it is carried out */
    switch (e->type) {
    case SDL_QUIT:
        w->app.quit = true;
        break;
    case SDL_WINDOWEVENT:
        /* The window can leave fullscreen without a key of ours (the
           browser's Esc, a window manager's shortcut): the app's flag
           follows the window, so F and Esc keep meaning what they say. */
        w->app.fullscreen = (SDL_GetWindowFlags(w->win) & SDL_WINDOW_FULLSCREEN) != 0;
        break;
    case SDL_TEXTINPUT:
        if (w->app.prompt_open)
            gf_app_prompt_type(&w->app, e->text.text);
        break;
    case SDL_KEYDOWN: {
        if (w->app.prompt_open) {
            prompt_key(w, e->key.keysym.sym);
            break;
        }
        enum gf_action a = gf_key_action(e->key.keysym.sym, e->key.keysym.mod, w->app.lesson_mode);
        if (e->key.repeat && !gf_action_repeats(a))
            break;
        handle_action(w, a);   /* unbound keys too: on a blank screen any key brings the picture back */
        if (w->app.prompt_open)
            SDL_StartTextInput();
        break;
    }
    case SDL_MOUSEMOTION: {   /* the bar under the pointer shows its value, however crowded the row */
        int ow, oh, ww, wh;
        SDL_GetRendererOutputSize(w->ren, &ow, &oh);
        SDL_GetWindowSize(w->win, &ww, &wh);
        int x = ww ? e->motion.x * ow / ww : e->motion.x, y = wh ? e->motion.y * oh / wh : e->motion.y;
        struct gf_layout lay;
        gf_layout_compute(&lay, ow, oh, w->app.text_scale);
        struct gf_view *view = &w->hover_view;
        gf_app_view(&w->app, view);
        for (int s = 0; s < GF_SIDES; s++) {
            SDL_Rect bars = lay.col[s].bars;
            if (w->app.zoom == GF_PANEL_BARS)
                bars = (int)w->app.zoom_side == s ? gf_render_zoomed_panel(&lay) : (SDL_Rect){0, 0, 0, 0};
            w->app.hover_layer[s] = view->in_lesson ? -1 : gf_render_layer_at(w->ren, &w->text, view, &lay, bars, (enum gf_side)s, x, y);
        }
        break;
    }
    case SDL_MOUSEBUTTONDOWN: {
        int ow, oh, ww, wh;
        SDL_GetRendererOutputSize(w->ren, &ow, &oh);
        SDL_GetWindowSize(w->win, &ww, &wh);
        struct gf_layout lay;
        gf_layout_compute(&lay, ow, oh, w->app.text_scale);
        /* mouse coordinates are in window points; the layout is in pixels (HiDPI) */
        int x = ww ? e->button.x * ow / ww : e->button.x, y = wh ? e->button.y * oh / wh : e->button.y;
        if (e->button.clicks >= 2 && !w->app.blank) {   /* a double click zooms the panel, or comes back */
            enum gf_side side = GF_LEFT;
            enum gf_panel p = w->app.zoom != GF_PANEL_NONE ? GF_PANEL_NONE : gf_render_panel_at(&lay, x, y, &side);
            gf_app_zoom(&w->app, p, side);
            w->note_clock = NOTE_SECONDS;
            break;
        }
        int s = gf_render_column_at(&lay, x, y);
        if (s >= 0)
            handle_action(w, s == GF_LEFT ? GF_ACTION_FOCUS_LEFT : GF_ACTION_FOCUS_RIGHT);
        if (s >= 0 && !w->app.lesson_mode) {
            /* a bar (or a layer's distributions, which take the heat map's room too) in free play:
               that layer's z under the activation curve */
            struct gf_view *view = &w->hover_view;
            gf_app_view(&w->app, view);
            SDL_Rect bars = lay.col[s].bars;
            if (w->app.dist_view[s])
                bars.h = lay.col[s].heat.y + lay.col[s].heat.h - bars.y;
            int layer = gf_render_layer_at(w->ren, &w->text, view, &lay, bars, (enum gf_side)s, x, y);
            if (layer >= 0) {
                unsigned serial = w->app.note_serial;
                gf_app_pick_layer(&w->app, (enum gf_side)s, layer);
                if (w->app.note_serial != serial)
                    w->note_clock = NOTE_SECONDS;
            }
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

enum gf_result gf_window_open(struct gf_window *w, const struct gf_cli_options *opt, char *err, size_t errlen)
{
    return gf_window_open_threads(w, opt, 2, err, errlen);
}

enum gf_result gf_window_open_threads(struct gf_window *w, const struct gf_cli_options *opt, int threads, char *err,
                                      size_t errlen)
{
    memset(w, 0, sizeof *w);
    char assets[4096];   /* a path as long as the system takes */
    if (!gf_assets_find(opt->assets_dir, assets, sizeof assets, err, errlen))
        return w->result = GF_ERR_INPUT;
    enum gf_result result = GF_ERR_SYSTEM;
    /* Windows: draw at the display's real pixels instead of being scaled up
     * blurred on a high-DPI laptop; the layout follows the window's size.
     * (The hint means nothing elsewhere.) */
    SDL_SetHint(SDL_HINT_WINDOWS_DPI_AWARENESS, "permonitorv2");
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        snprintf(err, errlen, "cannot start SDL video: %s\n(no display? gradflow --headless trains without a window)",
                 SDL_GetError());
        goto fail;
    }
    /* With no display SDL falls back to drawing off screen: a window nobody
     * sees. Unless that was asked for, say so and stop. */
    const char *driver = SDL_GetCurrentVideoDriver();
    if (driver && (strcmp(driver, "offscreen") == 0 || strcmp(driver, "dummy") == 0) && !SDL_getenv("SDL_VIDEODRIVER")) {
        snprintf(err, errlen, "no display to open a window on\n(gradflow --headless trains without a window)");
        goto quit_sdl;
    }
    if (TTF_Init() != 0) {
        snprintf(err, errlen, "cannot start SDL_ttf: %s", TTF_GetError());
        goto quit_sdl;
    }
    if (!gf_assets_open_text(&w->text, assets, err, errlen))
        goto destroy_text;   /* what it opened before failing */
    result = gf_app_init_from_cli(&w->app, opt, true, err, errlen);
    if (result != GF_OK)
        goto destroy_app;
    result = GF_ERR_SYSTEM;   /* what can fail from here on is SDL's or the system's */
    char warning[1024];
    if (w->app.lesson_path && !gf_assets_lesson_glyphs(&w->text, w->app.lesson, w->app.lesson_path, warning,
                                                       sizeof warning)) {
        fprintf(stderr, "gradflow: warning: %s\n", warning);   /* and in the footer, where the teacher looks */
        gf_app_say(&w->app, true, "%s", warning);
        w->note_clock = NOTE_SECONDS;
    }
    w->out_dir = opt->out_dir ? opt->out_dir : gf_default_out_dir(GF_OUT_DIR_DEFAULT);
    if (!open_window(w, opt)) {
        snprintf(err, errlen, "cannot open a window: %s", SDL_GetError());
        goto destroy_window;
    }
    w->trainer = gf_trainer_start(&w->app, threads, err, errlen);
    if (!w->trainer)
        goto destroy_window;
    w->sdl_started = w->ttf_started = true;
    w->freq = SDL_GetPerformanceFrequency();
    w->last_frame = SDL_GetPerformanceCounter();
    w->shown_step = gf_lab_steps(w->app.lab);
    return w->result = GF_OK;

    /* what was set up, undone in reverse order; w is left as gf_window_close can take it */
destroy_window:
    if (w->ren) {
        gf_text_forget_renderer(&w->text, w->ren);
        SDL_DestroyRenderer(w->ren);
    }
    if (w->win)
        SDL_DestroyWindow(w->win);
    w->ren = NULL;
    w->win = NULL;
destroy_app:
    gf_app_destroy(&w->app);
destroy_text:
    gf_text_destroy(&w->text);
    TTF_Quit();
quit_sdl:
    SDL_Quit();
fail:
    return w->result = result;
}

void gf_window_handle_event(struct gf_window *w, const SDL_Event *e)
{
    handle_event(w, e);
}

bool gf_window_iterate(struct gf_window *w)
{
    /* Every waiting event, every frame: each is quick (a settings change is
     * only recorded), so a storm of keys never queues behind training. */
    SDL_Event e;
    while (!w->app.quit && SDL_PollEvent(&e))
        gf_window_handle_event(w, &e);
    if (w->app.quit)
        return false;
    Uint64 now = SDL_GetPerformanceCounter();
    double dt = seconds(w, w->last_frame, now);
    w->last_frame = now;
    w->result = gf_window_frame(w, dt);
    return w->result == GF_OK;
}

enum gf_result gf_window_frame(struct gf_window *w, double dt)
{
    ask_trainer(w, dt);
    gf_trainer_work(w->trainer, WORK_BUDGET_S);   /* threads off: the training happens here */
    take_copy(w);
    w->sps_window_time += dt;
    w->frames_in_window++;
    if (w->sps_window_time >= 0.5) {   /* the speeds shown, averaged over half a second */
        w->measured_sps = w->sps_window_steps / w->sps_window_time;
        w->measured_fps = w->frames_in_window / w->sps_window_time;
        w->sps_window_steps = w->sps_window_time = 0.0;
        w->frames_in_window = 0;
    }
    if (w->note_clock > 0.0 && (w->note_clock -= dt) <= 0.0)
        w->app.note[0] = '\0';

    struct gf_view view;
    gf_app_view(&w->app, &view);
    /* a big network takes a while to build: the key was taken, the footer says so */
    char building[160];
    if (w->note_clock <= 0.0 && gf_trainer_building(w->trainer, &w->app)) {
        snprintf(building, sizeof building, gf_tr(w->app.lang, "building the networks: %d hidden × %d …"),
                 w->app.cfg.depth, w->app.cfg.width);
        view.note = building;
        view.note_is_error = false;
    }
    view.measured_steps_per_second = w->measured_sps;
    view.measured_fps = w->measured_fps;
    /* slow enough to follow step by step (the lesson's training loop lights each phase in turn) */
    if (gf_app_steps_per_second(&w->app) <= 3.0)
        view.step_phase = w->train_carry - floor(w->train_carry);
    int ow, oh;
    if (SDL_GetRendererOutputSize(w->ren, &ow, &oh) != 0) {
        SDL_LogError(SDL_LOG_CATEGORY_RENDER, "cannot read the window size: %s", SDL_GetError());
        return GF_ERR_SYSTEM;
    }
    if (!gf_render_frame(w->ren, &w->text, &view, ow, oh))
        return GF_ERR_SYSTEM;
    SDL_RenderPresent(w->ren);
    record_tick(w, dt);
    return GF_OK;
}

void gf_window_settle(struct gf_window *w)
{
    gf_trainer_settle(w->trainer, &w->app);
    w->shown_step = gf_lab_steps(w->app.lab);
}

void gf_window_close(struct gf_window *w)
{
    /* The window goes at once; the trainer then finishes the step under way. */
    if (w->win)
        SDL_HideWindow(w->win);
    if (w->rec) {   /* quitting while recording keeps what was recorded */
        struct gf_record_result res;
        char err[1024];
        bool ok = gf_record_close(w->rec, &res, err, sizeof err);
        if (!gf_record_end(w->rec, ok, err, sizeof err) || !ok)
            fprintf(stderr, "gradflow: could not record the GIF: %s\n", err);
        w->rec = NULL;
    }
    gf_trainer_stop(w->trainer, &w->app);
    w->trainer = NULL;
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
    if (gf_window_open(&w, opt, err, sizeof err) != GF_OK) {
        fprintf(stderr, "gradflow: %s\n", err);
        gf_show_error(err);
        return gf_result_status(w.result);   /* open undid what it had done */
    }
    while (gf_window_iterate(&w))
        ;
    /* the loop ends on a quit, or when a frame could not be drawn: that is
     * a failure the exit status reports, not a normal end */
    if (w.result != GF_OK)
        fprintf(stderr, "gradflow: the window could not be drawn: %s\n", SDL_GetError());
    enum gf_result result = w.result;
    gf_window_close(&w);
    return gf_result_status(result);
}
