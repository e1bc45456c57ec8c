/* test_soak.c - a long session, outside the normal suites (meson test --setup all
 * --suite soak): a million training steps per run through the real window
 * on the dummy driver, with thousands of resizes, theme and language
 * switches, a walk through the lesson's scenes and a restart now and then,
 * checking that memory stays flat. */
#include "gf_test.h"

#include <SDL.h>
#include <stdio.h>
#include <string.h>

#include "gf_window.h"

#define STEPS 1000000L
#define STEPS_PER_FRAME 500

/* Resident memory in kB (Linux /proc; 0 where unavailable). */
static long resident_kb(void)
{
    long pages = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (!f)
        return 0;
    if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
        resident = 0;
    fclose(f);
    return resident * 4;
}

static void key(struct gf_window *w, SDL_Keycode sym)
{
    SDL_Event e = {0};
    e.type = SDL_KEYDOWN;
    e.key.keysym.sym = sym;
    gf_window_handle_event(w, &e);
}

static void test_a_million_steps(void **state)
{
    (void)state;
    SDL_setenv("SDL_VIDEODRIVER", "dummy", 1);
    static struct gf_window w;
    char *argv[] = {(char *)"gradflow", (char *)"--size", (char *)"960x540", (char *)"--assets",
                    (char *)GF_TEST_ASSETS};
    struct gf_cli_options opt;
    char err[1024];
    assert_int_equal(gf_cli_parse(&opt, 5, argv, err, sizeof err), GF_CLI_RUN);
    if (gf_window_open(&w, &opt, err, sizeof err) != GF_OK)
        fail_msg("cannot open the window: %s", err);
    key(&w, SDLK_SPACE);   /* paused: the test trains explicitly, a fixed number of steps per frame */

    long trained = 0, rss[5] = {0};   /* resident memory at 0, 25, 50, 75, 100 % of the way */
    int frames = 0, resizes = 0, restarts = 0;   /* restarts: depth changes; scene changes come on top */
    while (trained < STEPS) {
        gf_app_train(&w.app, STEPS_PER_FRAME);
        trained += STEPS_PER_FRAME;
        SDL_SetWindowSize(w.win, 320 + (frames * 37) % 2200, 180 + (frames * 23) % 1300);
        resizes++;
        if (frames % 5 == 0)
            key(&w, SDLK_t);   /* theme */
        if (frames % 7 == 0)
            key(&w, SDLK_l);   /* language */
        if (frames % 500 == 0)   /* lesson mode on and off, every scene visited both ways while on */
            key(&w, SDLK_m);
        if (frames % 20 == 10)
            key(&w, (frames / 200) % 2 ? SDLK_PAGEUP : SDLK_PAGEDOWN);
        if (frames % 400 == 399) {   /* a restart now and then: memory must come back */
            key(&w, frames % 800 == 399 ? SDLK_EQUALS : SDLK_MINUS);
            restarts++;
        }
        assert_int_equal(gf_window_frame(&w, 1.0 / 60.0), GF_OK);
        gf_window_settle(&w);   /* the trainer has trained what was asked before the next frame asks more */
        frames++;
        if (trained % (STEPS / 4) == 0)
            rss[trained / (STEPS / 4)] = resident_kb();
        if (frames == 20)
            rss[0] = resident_kb();
    }
    printf("soak: %ld steps per run, %d frames, %d resizes, %d restarts; resident memory (kB) at 0/25/50/75/100 %%: "
           "%ld %ld %ld %ld %ld\n", trained, frames, resizes, restarts, rss[0], rss[1], rss[2], rss[3], rss[4]);
    /* The text and font caches fill as sizes come and go, then stay bounded:
     * over the second half memory must not grow by more than 2 MB. */
    assert_true(rss[4] - rss[2] < 2 * 1024);
    gf_window_close(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_million_steps),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
