/* gf_web.c - the browser build's entry point, in place of main.c.
 *
 * The page's address carries the settings after '#' (gf_share.h); they go
 * through the command line's parser, and a bad link is shown on the canvas
 * while the program starts from the defaults. The browser calls one frame
 * per display refresh: the same event handler and frame function as the
 * native loop, single-threaded, training within its budget per frame. Exports are
 * written by the same code into the page's in-memory file system and handed
 * to the browser as downloads; the address and a few data attributes of
 * the page follow the settings, so a copied address shares what is on
 * screen. #bench runs gradflow-bench's figures instead of the window. */
#include <SDL.h>
#include <dirent.h>
#include <emscripten.h>
#include <stdio.h>
#include <string.h>

#include "gf_cli.h"
#include "gf_render.h"
#include "gf_share.h"
#include "gf_window.h"

#define LINK_NOTE_SECONDS 30.0   /* a bad link's message stays long enough to be read */

int gf_bench_main(int argc, char **argv);

static struct gf_window w;       /* large (the text cache); one per page */
static Uint64 last;
static char shown[2048];         /* the link and page state last published */

/* Hands every finished export in the output folder to the browser as a
 * download and removes it: the page's files live in memory only. Exports
 * are written whole (temporary name, then rename) inside the event that
 * asked for them, so what is here after the events is complete. */
static void offer_exports(void)
{
    DIR *d = opendir(w.out_dir);
    if (!d)
        return;
    struct dirent *e;
    char path[1024];
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", w.out_dir, e->d_name);
        EM_ASM({
            var path = UTF8ToString($0);
            var name = path.split('/').pop();
            var type = name.endsWith('.png') ? 'image/png' : name.endsWith('.csv') ? 'text/csv' : 'application/octet-stream';
            var url = URL.createObjectURL(new Blob([FS.readFile(path)], {type: type}));
            var a = document.createElement('a');
            a.href = url;
            a.download = name;
            document.body.appendChild(a);
            a.click();
            a.remove();
            setTimeout(function() { URL.revokeObjectURL(url); }, 60000);
            FS.unlink(path);
        }, path);
    }
    closedir(d);
}

/* The address follows the settings (replacing the history entry, so Back
 * leaves the page instead of walking through every key press), and the
 * page's body keeps what is on screen as data attributes for scripts and
 * tests: each header, the language, the scene, the note, the step and the
 * frame rate. */
static void publish(void)
{
    char link[1024], left[160], right[160], state[2048];
    gf_share_from_app(&w.app, link, sizeof link);
    gf_render_run_name(left, sizeof left, &w.app.lab->run[GF_LEFT].cfg, false, w.app.lang);
    gf_render_run_name(right, sizeof right, &w.app.lab->run[GF_RIGHT].cfg, false, w.app.lang);
    int scene = gf_app_scene(&w.app) ? w.app.scene + 1 : 0;
    snprintf(state, sizeof state, "%s\n%s\n%s\n%d\n%s\n%d", link, left, right, scene, w.app.note, w.app.theme);
    long long step = (long long)gf_lab_steps(w.app.lab);
    EM_ASM({ document.body.dataset.step = $0; document.body.dataset.fps = $1.toFixed(1); }, (double)step,
           w.measured_fps);
    if (strcmp(state, shown) == 0)
        return;
    snprintf(shown, sizeof shown, "%s", state);
    EM_ASM({
        var b = document.body.dataset;
        var link = UTF8ToString($0);
        b.link = link;
        b.leftHeader = UTF8ToString($1);
        b.rightHeader = UTF8ToString($2);
        b.lang = UTF8ToString($3);
        b.scene = $4;
        b.note = UTF8ToString($5);
        var url = location.href.split('#')[0] + (link ? '#' + link : "");
        if (url !== location.href) {
            Module.gfLink = link;   /* the page's hashchange handler knows this one from a typed one */
            try {
                history.replaceState(null, "", url);
            } catch (e) {
                location.replace(url);
            }
        }
    }, link, left, right, gf_lang_id(w.app.lang), scene, w.app.note);
}

static void frame(void *arg)
{
    (void)arg;
    SDL_Event e;
    while (SDL_PollEvent(&e))
        gf_window_handle_event(&w, &e);
    w.app.quit = false;   /* a page cannot close itself: the tab stays open */
    offer_exports();
    Uint64 now = SDL_GetPerformanceCounter();
    double dt = (double)(now - last) / (double)SDL_GetPerformanceFrequency();
    last = now;
    if (!gf_window_frame(&w, dt)) {
        emscripten_cancel_main_loop();
        EM_ASM({ Module.gfFailed(UTF8ToString($0)); }, SDL_GetError());
        return;
    }
    publish();
}

/* A key from the page's on-screen bar, queued with the keyboard's and the
 * taps' events so that all are handled in the order they came. */
EMSCRIPTEN_KEEPALIVE void gf_web_key(int sym, int mod);
void gf_web_key(int sym, int mod)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_KEYDOWN;
    e.key.keysym.sym = sym;
    e.key.keysym.mod = (Uint16)mod;
    e.key.state = SDL_PRESSED;
    e.key.timestamp = SDL_GetTicks();
    if (SDL_PushEvent(&e) < 0)
        fprintf(stderr, "gradflow: a key from the page is lost: %s\n", SDL_GetError());
}

int main(void)
{
    char *hash = emscripten_run_script_string("location.hash.slice(1)");
    static char fragment[4096];
    snprintf(fragment, sizeof fragment, "%s", hash ? hash : "");

    if (strcmp(fragment, "bench") == 0) {
        char program[] = "gradflow-bench";
        char *argv[] = {program, NULL};
        int status = gf_bench_main(1, argv);
        EM_ASM({ document.body.dataset.bench = $0 ? 'failed' : 'done'; }, status);
        return status;
    }

    static char buf[4096];
    char *argv[GF_SHARE_MAX_ARGS];
    char err[512] = "";
    struct gf_cli_options opt;
    int argc = gf_share_to_argv(fragment, buf, sizeof buf, argv, err, sizeof err);
    enum gf_cli_result r = argc < 0 ? GF_CLI_ERROR : gf_cli_parse(&opt, argc, argv, err, sizeof err);
    if (r != GF_CLI_RUN) {
        if (r != GF_CLI_ERROR)
            snprintf(err, sizeof err, "\"%s\" in the link: not a setting a page can take", fragment);
        gf_cli_defaults(&opt);
    }
    opt.width_px = opt.height_px = 0;   /* the canvas fills the browser window */
    if (EM_ASM_INT({ return Module.gfSoftwareGL ? 1 : 0; }))
        SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
    char open_err[3072];
    if (!gf_window_open(&w, &opt, open_err, sizeof open_err)) {
        fprintf(stderr, "gradflow: %s\n", open_err);
        EM_ASM({ Module.gfFailed(UTF8ToString($0)); }, open_err);
        gf_window_close(&w);
        return 1;
    }
    if (err[0]) {
        fprintf(stderr, "gradflow: %s\n", err);
        gf_app_say(&w.app, true, "%s", err);
        w.note_clock = LINK_NOTE_SECONDS;
        EM_ASM({ document.body.dataset.linkError = UTF8ToString($0); }, err);
    }
    /* The canvas is the browser window's size, whatever it is: a phone held
     * upright is narrower than the native window's smallest, to which SDL
     * has just enlarged the canvas. A resize event makes it measure again. */
    SDL_SetWindowMinimumSize(w.win, 1, 1);
    EM_ASM({ window.dispatchEvent(new Event("resize")); });
    SDL_RendererInfo info;
    if (SDL_GetRendererInfo(w.ren, &info) == 0)
        EM_ASM({ document.body.dataset.renderer = UTF8ToString($0); }, info.name);
    last = SDL_GetPerformanceCounter();
    EM_ASM({ Module.gfStarted(); });
    emscripten_set_main_loop_arg(frame, NULL, 0, 1);   /* returns only when the page goes */
    return 0;
}
