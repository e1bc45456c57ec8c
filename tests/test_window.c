/* test_window.c - an event storm through the real window on SDL's dummy
 * video driver: 100,000 random key presses (bound and unbound, with
 * repeats and modifiers), mouse clicks and resizes, a frame drawn after
 * every thousand, and the state checked valid each time. */
#include "gf_test.h"

#include <SDL.h>
#include <dirent.h>
#include <gif_lib.h>
#include <string.h>

#include "gf_gif.h"
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
    if (!gf_window_open(&w, &opt, err, sizeof err)) {
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
    Uint32 kind = next_random(rng) % 10;
    if (kind < 7) {   /* keys, some repeated, some with modifiers */
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
        check_state(batch);
        w.app.fullscreen = false;
        SDL_ClearError();
        if (!gf_window_frame(&w, 1.0 / 60.0))
            fail_msg("batch %d: the frame failed: %s", batch, SDL_GetError());
        check_state(batch);
    }
}

/* The slowest speed still steps (one a second), and the lesson's training
 * loop is shown lit phase by phase in between. */
static void test_slowest_speed_steps_and_shows_the_phase(void **state)
{
    (void)state;
    gf_app_enter_scene(&w.app, 4);   /* the vanishing gradient: 1 step a second */
    assert_true(gf_app_steps_per_second(&w.app) <= 1.0);
    for (int i = 0; i < 20; i++)   /* 2.5 s, in frames whose sum is exact in binary */
        assert_true(gf_window_frame(&w, 0.125));
    assert_int_equal(w.app.lab->run[GF_LEFT].step, 2);
    assert_close(w.train_carry, 0.5, 1e-9, 0.0, "the next step is half way");
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
    if (gf_cli_parse(&opt, 9, argv, err, sizeof err) != GF_CLI_RUN || !gf_window_open(&w, &opt, err, sizeof err)) {
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

/* Ctrl+G, two seconds of frames, Ctrl+G: a GIF at the export size with a
 * frame every tenth of a second, as many as the note says, none dropped. */
static void test_recording_a_gif(void **state)
{
    (void)state;
    press_ctrl_g();
    assert_non_null(w.rec);
    assert_false(w.app.note_is_error);
    for (int i = 0; i < 80; i++)   /* 2 s in frames of 1/40 s: a GIF frame every fourth */
        assert_true(gf_window_frame(&w, 0.025));
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_event_storm, setup, teardown),
        cmocka_unit_test_setup_teardown(test_slowest_speed_steps_and_shows_the_phase, setup, teardown),
        cmocka_unit_test_setup_teardown(test_recording_a_gif, setup_recording, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
