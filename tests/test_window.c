/* test_window.c - an event storm through the real window on SDL's dummy
 * video driver: 100,000 random key presses (bound and unbound, with
 * repeats and modifiers), mouse clicks and resizes, a frame drawn after
 * every thousand, and the state checked valid each time. */
#include "gf_test.h"

#include <SDL.h>
#include <dirent.h>
#if GF_FIGURES
#include <gif_lib.h>
#endif
#include <string.h>

#include "gf_layout.h"
#include "gf_gif.h"
#include "gf_keycode.h"
#include "gf_platform.h"
#include "gf_window.h"

static struct gf_window w;
static char out_dir[600];

static int setup(void **state)
{
    (void)state;
    SDL_setenv("SDL_VIDEODRIVER", "dummy", 1);
    const char *tmp = getenv("GF_TEST_TMP");
    /* exports aimed under a plain file: every S, P and E must fail cleanly, and nothing pile up */
    snprintf(out_dir, sizeof out_dir, "%s/storm-file/shots", tmp ? tmp : "/tmp");
    char file[600];
    snprintf(file, sizeof file, "%s/storm-file", tmp ? tmp : "/tmp");
    FILE *f = fopen(file, "wb");
    if (f)
        fclose(f);
    char *argv[] = {(char *)"gradflow", (char *)"--size", (char *)"800x450", (char *)"--assets",
                    (char *)GF_TEST_ASSETS, (char *)"--out", out_dir};
    struct gf_cli_options opt;
    char err[1024];
    if (gf_cli_parse(&opt, 7, argv, err, sizeof err) != GF_CLI_RUN)
        return -1;
    if (gf_window_open(&w, &opt, err, sizeof err) != GF_OK) {
        print_error("cannot open the window: %s\n", err);
        return -1;
    }
    return 0;
}

/* The heaviest network, 64 hidden layers of 256 units. */
static int setup_heaviest(void **state)
{
    (void)state;
    SDL_setenv("SDL_VIDEODRIVER", "dummy", 1);
    char *argv[] = {(char *)"gradflow", (char *)"--size", (char *)"800x450", (char *)"--assets", (char *)GF_TEST_ASSETS,
                    (char *)"--depth", (char *)"64", (char *)"--width", (char *)"256"};
    struct gf_cli_options opt;
    char err[1024];
    if (gf_cli_parse(&opt, 9, argv, err, sizeof err) != GF_CLI_RUN)
        return -1;
    if (gf_window_open(&w, &opt, err, sizeof err) != GF_OK) {
        print_error("cannot open the window: %s\n", err);
        return -1;
    }
    return 0;
}

/* A window whose exports go to a fresh folder. */
static int setup_exports(void **state)
{
    (void)state;
    SDL_setenv("SDL_VIDEODRIVER", "dummy", 1);
    const char *tmp = getenv("GF_TEST_TMP");
    snprintf(out_dir, sizeof out_dir, "%s/window-exports-%ld", tmp ? tmp : "/tmp", (long)SDL_GetPerformanceCounter());
    char *argv[] = {(char *)"gradflow", (char *)"--size", (char *)"800x450", (char *)"--assets",
                    (char *)GF_TEST_ASSETS, (char *)"--out", out_dir};
    struct gf_cli_options opt;
    char err[1024];
    if (gf_cli_parse(&opt, 7, argv, err, sizeof err) != GF_CLI_RUN)
        return -1;
    if (gf_window_open(&w, &opt, err, sizeof err) != GF_OK) {
        print_error("cannot open the window: %s\n", err);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    gf_window_close(&w);
    return 0;
}

static const SDL_Keycode keys[] = {
    SDLK_1, SDLK_2, SDLK_3, SDLK_4, SDLK_5, SDLK_6, SDLK_7, SDLK_8, SDLK_9, SDLK_0, SDLK_TAB, SDLK_SPACE, SDLK_n,
    SDLK_r, SDLK_EQUALS, SDLK_PLUS, SDLK_MINUS, SDLK_KP_PLUS, SDLK_KP_MINUS, SDLK_LEFTBRACKET, SDLK_RIGHTBRACKET,
    SDLK_UP, SDLK_DOWN, SDLK_LEFT, SDLK_RIGHT, SDLK_COMMA, SDLK_PERIOD, SDLK_d, SDLK_i, SDLK_o, SDLK_g, SDLK_x,
    SDLK_t, SDLK_s, SDLK_p, SDLK_e, SDLK_z, SDLK_a, SDLK_k, SDLK_b, SDLK_c, SDLK_f, SDLK_F11, SDLK_h, SDLK_F1,
    SDLK_ESCAPE, SDLK_q, SDLK_m, SDLK_l, SDLK_PAGEDOWN, SDLK_PAGEUP, SDLK_RETURN, SDLK_BACKSPACE, SDLK_F5,
};

static Uint32 next_random(Uint32 *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

static void random_event(SDL_Event *e, Uint32 *rng)
{
    memset(e, 0, sizeof *e);
    Uint32 kind = next_random(rng) % 12;
    if (kind >= 10) {   /* typing (into the prompt when it is open), and the pointer moving over the bars */
        if (kind == 10) {
            static const char *const typed[] = {"--depth 3", " ", "--width", "9", "x", "한", "\n", "--lr 0.1"};
            e->type = SDL_TEXTINPUT;
            snprintf(e->text.text, sizeof e->text.text, "%s", typed[next_random(rng) % 8]);
        } else {
            e->type = SDL_MOUSEMOTION;
            e->motion.x = (Sint32)(next_random(rng) % 900);
            e->motion.y = (Sint32)(next_random(rng) % 500);
        }
    } else if (kind < 7) {   /* keys, some repeated, some with modifiers */
        e->type = SDL_KEYDOWN;
        e->key.keysym.sym = keys[next_random(rng) % (sizeof keys / sizeof keys[0])];
        Uint32 m = next_random(rng) % 8;
        e->key.keysym.mod = m == 0 ? KMOD_LSHIFT : m == 1 ? KMOD_LCTRL : KMOD_NONE;
        e->key.repeat = next_random(rng) % 4 == 0;
    } else if (kind < 9) {
        e->type = SDL_MOUSEBUTTONDOWN;
        e->button.button = SDL_BUTTON_LEFT;
        e->button.x = (Sint32)(next_random(rng) % 4000) - 100;   /* some outside the window */
        e->button.y = (Sint32)(next_random(rng) % 2500) - 100;
        e->button.clicks = (Uint8)(1 + next_random(rng) % 2);   /* double clicks zoom and unzoom */
    } else {
        int width = 1 + (int)(next_random(rng) % 2600), height = 1 + (int)(next_random(rng) % 1500);
        SDL_SetWindowSize(w.win, width, height);   /* through SDL, as a user's drag would */
        e->type = SDL_WINDOWEVENT;
        e->window.event = SDL_WINDOWEVENT_SIZE_CHANGED;
        e->window.data1 = width;
        e->window.data2 = height;
    }
}

static void check_state(int batch)
{
    const struct gf_app *app = &w.app;
    if (!app->lab)
        fail_msg("batch %d: no lab", batch);
    const char *problem = gf_lab_config_problem(&app->cfg);
    if (problem)
        fail_msg("batch %d: invalid settings: %s", batch, problem);
    for (int s = 0; s < GF_SIDES; s++) {
        const struct gf_run *run = &app->lab->run[s];
        assert_int_equal(run->net.n_layers, app->cfg.depth + 1);
        assert_int_equal(run->net.size[1], app->cfg.width);
        assert_int_equal(run->cfg.act, app->cfg.act[s]);
        assert_true(run->step >= 0 && (run->diverged_at == 0 || run->diverged_at == run->step));
    }
    assert_true(app->theme < GF_THEME_COUNT && (app->focus == GF_LEFT || app->focus == GF_RIGHT));
}

static void test_event_storm(void **state)
{
    (void)state;
    Uint32 rng = 20261127;
    for (int batch = 0; batch < 100; batch++) {
        for (int i = 0; i < 1000; i++) {
            SDL_Event e;
            random_event(&e, &rng);
            gf_window_handle_event(&w, &e);
            w.app.quit = false;   /* Esc and Q are pressed too; the storm goes on */
            /* Keep the network small enough to train in a test's time: + and ] are
             * pressed as often as - and [, so sizes wander, and a wandering giant
             * would cost seconds per step. */
            if (w.app.cfg.depth > 12 || w.app.cfg.width > 32) {
                SDL_Event shrink = {0};
                shrink.type = SDL_KEYDOWN;
                shrink.key.keysym.sym = w.app.cfg.depth > 12 ? SDLK_MINUS : SDLK_LEFTBRACKET;
                gf_window_handle_event(&w, &shrink);
            }
        }
        gf_window_settle(&w);   /* the trainer has built the settings asked for */
        check_state(batch);
        w.app.fullscreen = false;
        SDL_ClearError();
        if (gf_window_frame(&w, 1.0 / 60.0) != GF_OK)
            fail_msg("batch %d: the frame failed: %s", batch, SDL_GetError());
        gf_window_settle(&w);
        check_state(batch);
    }
}

/* The slowest speed still steps (one a second), and the lesson's training
 * loop is shown lit phase by phase in between. */
static void test_slowest_speed_steps_and_shows_the_phase(void **state)
{
    (void)state;
    gf_app_enter_scene(&w.app, 4);   /* the vanishing gradient: 1 step a second */
    assert_int_equal(gf_window_frame(&w, 0.0), GF_OK);   /* the trainer builds the scene's networks */
    gf_window_settle(&w);
    assert_true(gf_app_steps_per_second(&w.app) <= 1.0);
    for (int i = 0; i < 20; i++)   /* 2.5 s, in frames whose sum is exact in binary */
        assert_int_equal(gf_window_frame(&w, 0.125), GF_OK);
    gf_window_settle(&w);
    assert_int_equal(w.app.lab->run[GF_LEFT].step, 2);
    assert_close(w.train_carry, 0.5, 1e-9, 0.0, "the next step is half way");
}

/* The PNGs in folder (removed once read), all of one size: their width
 * and height from the header; false unless there are exactly count of
 * them (S saves one, P both themes' two), all of that size. */
static bool png_sizes(const char *folder, int count, int *width, int *height)
{
    DIR *d = opendir(folder);
    int found = 0;
    bool ok = true;
    for (struct dirent *e; d && (e = readdir(d));) {
        if (!strstr(e->d_name, ".png"))
            continue;
        char path[1400];
        snprintf(path, sizeof path, "%s/%s", folder, e->d_name);
        size_t len = 0;
        unsigned char *png = (unsigned char *)gf_test_slurp(path, &len);
        bool one = png && len > 24 && memcmp(png, "\x89PNG", 4) == 0;
        if (one) {
            int pw = png[16] << 24 | png[17] << 16 | png[18] << 8 | png[19];
            int ph = png[20] << 24 | png[21] << 16 | png[22] << 8 | png[23];
            one = found == 0 || (pw == *width && ph == *height);
            *width = pw;
            *height = ph;
        }
        ok = ok && one;
        found++;
        free(png);
        remove(path);
    }
    if (d)
        closedir(d);
    return ok && found == count;
}

/* A window dragged far wider than a figure may be: S and P, through the
 * real handler, export at the nearest size in range, and the footer says so. */
static void test_huge_window_exports_are_clamped(void **state)
{
    (void)state;
    const char *tmp = getenv("GF_TEST_TMP");
    char folder[700];
    snprintf(folder, sizeof folder, "%s/huge-window-shots", tmp ? tmp : "/tmp");
    const char *saved_dir = w.out_dir;
    w.out_dir = folder;
    w.app.export_size = 2;   /* the window's own size */
    w.app.export_w = w.app.export_h = 0;
    static const struct {
        int window_w, window_h;
        SDL_Keycode key;
        int png_w, png_h, pngs;
    } cases[] = {
        {30000, 400, SDLK_s, 8192, 400, 1},    /* the full view */
        {32767, 300, SDLK_p, 8192, 180, 2},    /* half the height: 150, raised to the least; both themes */
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        SDL_SetWindowSize(w.win, cases[c].window_w, cases[c].window_h);
        int ow = 0, oh = 0;
        SDL_GetRendererOutputSize(w.ren, &ow, &oh);
        if (ow != cases[c].window_w)
            fail_msg("case %zu: the dummy window is %dx%d", c, ow, oh);
        SDL_Event e = {0};
        e.type = SDL_KEYDOWN;
        e.key.keysym.sym = cases[c].key;
        gf_window_handle_event(&w, &e);
        char expected[64];
        snprintf(expected, sizeof expected, "(%d×%d: figures go from 320×180 to 8192×8192)", cases[c].png_w,
                 cases[c].png_h);
        if (!strstr(w.app.note, expected))
            fail_msg("case %zu: the footer says \"%s\", not \"%s\"", c, w.app.note, expected);
        int pw = 0, ph = 0;
        assert_true(png_sizes(folder, cases[c].pngs, &pw, &ph));
        assert_int_equal(pw, cases[c].png_w);
        assert_int_equal(ph, cases[c].png_h);
    }
    SDL_SetWindowSize(w.win, 800, 450);
    w.out_dir = saved_dir;
}

static void push_key(SDL_Keycode k)
{
    SDL_Event e = {0};
    e.type = SDL_KEYDOWN;
    e.key.keysym.sym = k;
    assert_int_equal(SDL_PushEvent(&e), 1);
}

static double seconds_since(Uint64 start)
{
    return (double)(SDL_GetPerformanceCounter() - start) / (double)SDL_GetPerformanceFrequency();
}

/* A storm of settings keys on the heaviest network: every waiting event is
 * handled in one frame without building anything there (each change used
 * to rebuild both 64 x 256 networks in the foreground, about half a second
 * apiece, so twenty keys froze the window for ten seconds); the trainer
 * then builds once, the last settings asked. A quit among the keys is
 * carried out at once and nothing after it is. */
static void test_key_storm_on_the_heaviest_network(void **state)
{
    (void)state;
    gf_window_settle(&w);
    int builds = gf_trainer_builds(w.trainer);
    for (int i = 0; i < 20; i++)   /* 12 x -, 8 x +: depth 60 in the end, twenty changes on the way */
        push_key(i % 5 < 3 ? SDLK_MINUS : SDLK_KP_PLUS);
    push_key(SDLK_LEFTBRACKET);   /* width 128 */
    /* without threads (a build with -Dthreads=false) the one build happens in the frame */
    bool threads = gf_trainer_threads(w.trainer) > 0;
    Uint64 start = SDL_GetPerformanceCounter();
    assert_true(gf_window_iterate(&w));
    double took = seconds_since(start);
    if (threads && took > 1.0)
        fail_msg("21 settings keys took %.2f s of one frame", took);
    assert_int_equal(SDL_PeepEvents(NULL, 0, SDL_PEEKEVENT, SDL_FIRSTEVENT, SDL_LASTEVENT), 0);   /* all drained */
    assert_int_equal(w.app.cfg.depth, 60);
    assert_int_equal(w.app.cfg.width, 128);
    if (threads)
        assert_true(gf_trainer_building(w.trainer, &w.app));   /* the footer says so meanwhile */
    gf_window_settle(&w);
    assert_false(gf_trainer_building(w.trainer, &w.app));
    assert_int_equal(gf_trainer_builds(w.trainer), builds + 1);
    assert_int_equal(w.app.lab->cfg.depth, 60);
    assert_int_equal(w.app.lab->run[GF_RIGHT].net.size[1], 128);

    /* keys, a quit, keys: the frame stops at the quit */
    for (int i = 0; i < 5; i++)
        push_key(SDLK_MINUS);
    SDL_Event quit = {0};
    quit.type = SDL_QUIT;
    assert_int_equal(SDL_PushEvent(&quit), 1);
    for (int i = 0; i < 5; i++)
        push_key(SDLK_MINUS);
    start = SDL_GetPerformanceCounter();
    assert_false(gf_window_iterate(&w));
    took = seconds_since(start);
    if (took > 1.0)   /* with or without threads: the quit comes before any frame's work */
        fail_msg("the quit took %.2f s", took);
    assert_true(w.app.quit);
    assert_int_equal(w.app.cfg.depth, 55);   /* the five before the quit, not the five after */
    SDL_FlushEvents(SDL_FIRSTEVENT, SDL_LASTEVENT);
}

static void key(SDL_Keycode sym, Uint16 mod)
{
    SDL_Event e = {0};
    e.type = SDL_KEYDOWN;
    e.key.keysym.sym = sym;
    e.key.keysym.mod = mod;
    gf_window_handle_event(&w, &e);
}

static void type(const char *s)
{
    SDL_Event e = {0};
    e.type = SDL_TEXTINPUT;
    snprintf(e.text.text, sizeof e.text.text, "%s", s);
    gf_window_handle_event(&w, &e);
}

/* Through the real handler: Esc never quits; Q twice in a show; the
 * prompt takes typed text and keys mean editing while it is open. */
static void test_presenter_keys_through_the_window(void **state)
{
    (void)state;
    key(SDLK_F5, KMOD_NONE);
    assert_true(w.app.lesson_mode && w.app.fullscreen);
    for (int i = 0; i < 8; i++) {
        key(SDLK_ESCAPE, KMOD_NONE);
        assert_false(w.app.quit);
    }
    assert_true(!w.app.lesson_mode && !w.app.fullscreen);
    key(SDLK_RETURN, KMOD_NONE);
    assert_true(w.app.prompt_open);
    type("--depth 3 --right");
    key(SDLK_q, KMOD_NONE);   /* a letter key while typing: text only (it comes as SDL_TEXTINPUT), no action */
    assert_false(w.app.quit);
    type(" tanh");
    key(SDLK_RETURN, KMOD_NONE);
    assert_false(w.app.prompt_open);
    assert_int_equal(w.app.cfg.depth, 3);
    assert_int_equal(w.app.cfg.act[GF_RIGHT], GF_ACT_TANH);
    /* a double click on the right run's bars zooms them; another comes back */
    int ow, oh;
    SDL_GetRendererOutputSize(w.ren, &ow, &oh);
    struct gf_layout lay;
    gf_layout_compute(&lay, ow, oh, w.app.text_scale);
    SDL_Rect bars = lay.col[GF_RIGHT].bars;
    int ww, wh;
    SDL_GetWindowSize(w.win, &ww, &wh);
    SDL_Event click = {0};
    click.type = SDL_MOUSEBUTTONDOWN;
    click.button.button = SDL_BUTTON_LEFT;
    click.button.x = (bars.x + bars.w / 2) * ww / ow;
    click.button.y = (bars.y + bars.h / 2) * wh / oh;
    click.button.clicks = 2;
    gf_window_handle_event(&w, &click);
    assert_int_equal(w.app.zoom, GF_PANEL_BARS);
    assert_int_equal(w.app.zoom_side, GF_RIGHT);
    assert_int_equal(gf_window_frame(&w, 1.0 / 60.0), GF_OK);
    gf_window_handle_event(&w, &click);
    assert_int_equal(w.app.zoom, GF_PANEL_NONE);
    key(SDLK_m, KMOD_NONE);   /* lesson mode: Q asks first */
    key(SDLK_q, KMOD_NONE);
    assert_false(w.app.quit);
    key(SDLK_q, KMOD_NONE);
    assert_true(w.app.quit);
    assert_int_equal(gf_window_frame(&w, 1.0 / 60.0), GF_OK);
}

/* An export in the frame of a settings change is of the networks on
 * screen, which the trainer has not rebuilt yet: its name says so. */
static void test_export_names_the_networks_shown(void **state)
{
    (void)state;
    gf_window_settle(&w);
    push_key(SDLK_4);   /* the focused (left) run to ReLU: asked, not built yet */
    push_key(SDLK_e);   /* the history as CSV, in the same frame */
    assert_true(gf_window_iterate(&w));
    if (!strstr(w.app.note, "sigmoid-vs-relu"))
        fail_msg("the export was named for the settings asked, not those shown: %s", w.app.note);
    assert_int_equal(w.app.cfg.act[GF_LEFT], GF_ACT_RELU);   /* the change itself stands */
    gf_window_settle(&w);
    assert_int_equal(w.app.lab->run[GF_LEFT].cfg.act, GF_ACT_RELU);
    push_key(SDLK_e);
    assert_true(gf_window_iterate(&w));
    if (!strstr(w.app.note, "relu-vs-relu"))
        fail_msg("after the build the export names the new networks: %s", w.app.note);
}

/* The key table's codes are SDL's: the window hands SDL's keycode over as
 * it is, so each code gf_keycode.h names must be SDL's for that key. */
static void test_keycodes_are_sdls(void **state)
{
    (void)state;
    static const struct { int32_t ours; SDL_Keycode sdl; } codes[] = {
        {GF_KEY_COMMA, SDLK_COMMA}, {GF_KEY_DOWN, SDLK_DOWN}, {GF_KEY_EQUALS, SDLK_EQUALS},
        {GF_KEY_ESCAPE, SDLK_ESCAPE}, {GF_KEY_F1, SDLK_F1}, {GF_KEY_F11, SDLK_F11}, {GF_KEY_F5, SDLK_F5},
        {GF_KEY_GREATER, SDLK_GREATER}, {GF_KEY_KP_ENTER, SDLK_KP_ENTER}, {GF_KEY_KP_MINUS, SDLK_KP_MINUS},
        {GF_KEY_KP_PLUS, SDLK_KP_PLUS}, {GF_KEY_LEFT, SDLK_LEFT}, {GF_KEY_LEFTBRACKET, SDLK_LEFTBRACKET},
        {GF_KEY_LESS, SDLK_LESS}, {GF_KEY_MINUS, SDLK_MINUS}, {GF_KEY_PAGEDOWN, SDLK_PAGEDOWN},
        {GF_KEY_PAGEUP, SDLK_PAGEUP}, {GF_KEY_PERIOD, SDLK_PERIOD}, {GF_KEY_PLUS, SDLK_PLUS},
        {GF_KEY_RETURN, SDLK_RETURN}, {GF_KEY_RIGHT, SDLK_RIGHT}, {GF_KEY_RIGHTBRACKET, SDLK_RIGHTBRACKET},
        {GF_KEY_SPACE, SDLK_SPACE}, {GF_KEY_TAB, SDLK_TAB}, {GF_KEY_UP, SDLK_UP},
        {'a', SDLK_a}, {'z', SDLK_z}, {'0', SDLK_0}, {'9', SDLK_9},
    };
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        assert_int_equal(codes[i].ours, codes[i].sdl);
    /* and every key the table binds is one SDL has a name for */
    for (int r = 0; r < gf_key_row_count(); r++)
        for (int b = 0; b < GF_KEY_BINDS && gf_key_row(r)->bind[b].key; b++)
            assert_true(SDL_GetKeyName(gf_key_row(r)->bind[b].key)[0] != '\0');
}

/* A window that cannot open says whose the trouble is, and has undone what
 * it set up: nothing for gf_window_close, and the next window opens. */
static void test_failed_opens_unwind(void **state)
{
    (void)state;
    SDL_setenv("SDL_VIDEODRIVER", "dummy", 1);
    struct gf_cli_options opt;
    char err[1024];
    char *no_fonts[] = {(char *)"gradflow", (char *)"--assets", (char *)"/no/such/gradflow-fonts"};
    assert_int_equal(gf_cli_parse(&opt, 3, no_fonts, err, sizeof err), GF_CLI_RUN);
    assert_int_equal(gf_window_open(&w, &opt, err, sizeof err), GF_ERR_INPUT);
    assert_int_equal(w.result, GF_ERR_INPUT);
    assert_non_null(strstr(err, "/no/such/gradflow-fonts"));
    gf_window_close(&w);

    /* past SDL, SDL_ttf and the fonts: the lesson asked for by scene is missing */
    char *no_lesson[] = {(char *)"gradflow", (char *)"--assets", (char *)GF_TEST_ASSETS, (char *)"--size",
                         (char *)"640x360", (char *)"--lesson", (char *)"/no/such/lesson.txt", (char *)"--scene",
                         (char *)"1"};
    assert_int_equal(gf_cli_parse(&opt, 9, no_lesson, err, sizeof err), GF_CLI_RUN);
    assert_int_equal(gf_window_open(&w, &opt, err, sizeof err), GF_ERR_INPUT);
    assert_null(w.win);
    assert_null(w.ren);
    assert_null(w.app.lab);
    assert_null(w.trainer);
    assert_false(w.sdl_started);
    assert_false(w.ttf_started);
    assert_int_equal(SDL_WasInit(SDL_INIT_VIDEO), 0);   /* SDL_Quit ran */
    gf_window_close(&w);

    char *good[] = {(char *)"gradflow", (char *)"--assets", (char *)GF_TEST_ASSETS, (char *)"--size",
                    (char *)"640x360"};
    assert_int_equal(gf_cli_parse(&opt, 5, good, err, sizeof err), GF_CLI_RUN);
    assert_int_equal(gf_window_open(&w, &opt, err, sizeof err), GF_OK);
    assert_int_equal(gf_window_frame(&w, 1.0 / 60.0), GF_OK);
    gf_window_close(&w);
}

static char record_dir[600];

static int setup_recording(void **state)
{
    (void)state;
    SDL_setenv("SDL_VIDEODRIVER", "dummy", 1);
    const char *tmp = getenv("GF_TEST_TMP");
    snprintf(record_dir, sizeof record_dir, "%s/record-shots-%lu", tmp ? tmp : "/tmp", gf_process_id());
    char *argv[] = {(char *)"gradflow", (char *)"--size", (char *)"800x450", (char *)"--assets",
                    (char *)GF_TEST_ASSETS, (char *)"--out", record_dir, (char *)"--export-size", (char *)"480x270"};
    struct gf_cli_options opt;
    char err[1024];
    if (gf_cli_parse(&opt, 9, argv, err, sizeof err) != GF_CLI_RUN || gf_window_open(&w, &opt, err, sizeof err) != GF_OK) {
        print_error("cannot open the window: %s\n", err);
        return -1;
    }
    return 0;
}

static void press_ctrl_g(void)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_KEYDOWN;
    e.key.keysym.sym = SDLK_g;
    e.key.keysym.mod = KMOD_LCTRL;
    gf_window_handle_event(&w, &e);
}

#if GF_FIGURES
/* Ctrl+G, two seconds of frames, Ctrl+G: a GIF at the export size with a
 * frame every tenth of a second, as many as the note says, none dropped. */
static void test_recording_a_gif(void **state)
{
    (void)state;
    press_ctrl_g();
    assert_non_null(w.rec);
    assert_false(w.app.note_is_error);
    for (int i = 0; i < 80; i++)   /* 2 s in frames of 1/40 s: a GIF frame every fourth */
        assert_int_equal(gf_window_frame(&w, 0.025), GF_OK);
    press_ctrl_g();
    assert_null(w.rec);
    assert_false(w.app.note_is_error);
    long frames = 0;
    const char *said = strstr(w.app.note, ".gif: ");
    assert_non_null(said);
    assert_int_equal(sscanf(said, ".gif: %ld frames", &frames), 1);
    assert_true(frames >= 19 && frames <= 21);

    DIR *d = opendir(record_dir);
    assert_non_null(d);
    char path[1200] = "";
    int gifs = 0;
    for (struct dirent *e; (e = readdir(d));)
        if (strstr(e->d_name, "-training.gif")) {
            snprintf(path, sizeof path, "%s/%s", record_dir, e->d_name);
            gifs++;
        }
        else
            assert_true(e->d_name[0] == '.');   /* no temporary left behind */
    closedir(d);
    assert_int_equal(gifs, 1);
    int code = 0;
    GifFileType *in = DGifOpenFileName(path, &code);
    assert_non_null(in);
    assert_int_equal(DGifSlurp(in), GIF_OK);
    assert_int_equal(in->ImageCount, frames);
    assert_true(in->SWidth == 480 && in->SHeight == 270);
    DGifCloseFile(in, &code);
    remove(path);
}

#else
/* A build without cairo and giflib: Ctrl+G and Ctrl+S say so in the footer,
 * start no recording and write nothing into the output folder. */
static void test_figure_keys_in_a_build_without_them(void **state)
{
    (void)state;
    press_ctrl_g();
    assert_null(w.rec);
    assert_true(w.app.note_is_error);
    assert_string_equal(w.app.note, GF_GIF_MISSING);
    assert_int_equal(gf_window_frame(&w, 0.025), GF_OK);
    assert_null(w.rec);
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_KEYDOWN;
    e.key.keysym.sym = SDLK_s;
    e.key.keysym.mod = KMOD_LCTRL;
    gf_window_handle_event(&w, &e);
    assert_int_equal(gf_window_frame(&w, 0.025), GF_OK);
    assert_true(w.app.note_is_error);
    assert_non_null(strstr(w.app.note, "no SVG/PDF export (built without cairo); PNG works"));
    DIR *d = opendir(record_dir);   /* made by no export, or empty */
    if (d) {
        for (struct dirent *f; (f = readdir(d));)
            if (strcmp(f->d_name, ".") != 0 && strcmp(f->d_name, "..") != 0)
                fail_msg("written: %s", f->d_name);
        closedir(d);
    }
}
#endif

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keycodes_are_sdls),
        cmocka_unit_test(test_failed_opens_unwind),
        cmocka_unit_test_setup_teardown(test_event_storm, setup, teardown),
        cmocka_unit_test_setup_teardown(test_slowest_speed_steps_and_shows_the_phase, setup, teardown),
        cmocka_unit_test_setup_teardown(test_huge_window_exports_are_clamped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_key_storm_on_the_heaviest_network, setup_heaviest, teardown),
        cmocka_unit_test_setup_teardown(test_presenter_keys_through_the_window, setup, teardown),
        cmocka_unit_test_setup_teardown(test_export_names_the_networks_shown, setup_exports, teardown),
#if GF_FIGURES
        cmocka_unit_test_setup_teardown(test_recording_a_gif, setup_recording, teardown),
#else
        cmocka_unit_test_setup_teardown(test_figure_keys_in_a_build_without_them, setup_recording, teardown),
#endif
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
