/* gf_bench.c - gradflow's speed, measured: training steps per second for
 * three reference networks (2 inputs, D hidden layers of width W, one
 * output, bce, sgd, batch B, on xor, with the per-layer statistics the
 * window draws), and the time to draw a full 1920x1080 frame on the
 * software renderer, both decision maps recomputed. Each figure is the
 * median of several timed windows after a warm-up. Then the window's own
 * frame loop with the heaviest network (64 x 256) training, on a thread per
 * run and on one thread for both, and a full 3840x2160 frame. No display
 * needed: the window is SDL's dummy one, drawn by the software renderer.
 *
 *   gradflow-bench              every figure below but the tables
 *   gradflow-bench --training   the three training figures only
 *   gradflow-bench --frame      the two frame figures only
 *   gradflow-bench --window     the window's frame loop with the heaviest network only
 *   gradflow-bench --frame-inside  the 1920x1080 frame with the distributions inside
 *                               the networks on both sides (U and W), their
 *                               histograms captured afresh inside the timing
 *   gradflow-bench --scaling    steps/s over depth x width, and over batch (README table)
 *   gradflow-bench --denormals  cost per layer of deep sigmoid nets, whose
 *                               gradients fall below float's normal range
 */
#include <SDL.h>
#include <SDL_ttf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gf_app.h"
#include "gf_assets.h"
#include "gf_lab.h"
#include "gf_render.h"
#include "gf_window.h"

#define WINDOWS 7          /* timed windows per figure; the median is printed */
#define WINDOW_SECONDS 0.3
#define WARMUP_SECONDS 0.3

static double now(void)
{
    return (double)SDL_GetPerformanceCounter() / (double)SDL_GetPerformanceFrequency();
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, by_value);
    return v[n / 2];
}

/* Median steps/s of one network; fills *gflops with the arithmetic rate. */
static double training_rate(enum gf_act act, int depth, int width, int batch, double seconds, double *gflops)
{
    struct gf_data data;
    if (!gf_data_init(&data, GF_DATA_XOR, GF_DATA_SAMPLES, 0.05f, 1)) {
        fputs("out of memory\n", stderr);
        exit(1);
    }
    struct gf_run_config cfg = {
        .act = act, .alpha = GF_LEAKY_ALPHA_DEFAULT, .head = GF_HEAD_BCE, .init = GF_INIT_AUTO,
        .optimizer = GF_OPT_SGD, .lr = 0.01f, .depth = depth, .width = width, .batch = batch, .seed = 1,
    };
    struct gf_run run;
    if (!gf_run_init(&run, &cfg, &data)) {
        fputs("out of memory\n", stderr);
        exit(1);
    }
    for (double end = now() + WARMUP_SECONDS; now() < end;)
        gf_run_step(&run);
    double rates[WINDOWS];
    for (int w = 0; w < WINDOWS; w++) {
        long steps = 0;
        double start = now(), t;
        do {
            for (int i = 0; i < 4; i++)
                gf_run_step(&run);
            steps += 4;
            t = now();
        } while (t - start < seconds);
        rates[w] = (double)steps / (t - start);
    }
    double rate = median(rates, WINDOWS);
    /* forward 2 flops per multiply-add and example; backward twice that (dW and dh) */
    if (gflops)
        *gflops = 6.0 * batch * (double)gf_mlp_macs(&run.net) * rate / 1e9;
    gf_run_destroy(&run);
    gf_data_destroy(&data);
    return rate;
}

static void bench_training(enum gf_act act, int depth, int width, int batch)
{
    double gflops;
    double rate = training_rate(act, depth, width, batch, WINDOW_SECONDS, &gflops);
    printf("%s-d%d-w%d-b%d steps_per_s=%.0f gflops=%.2f\n", gf_act_info(act)->id, depth, width, batch, rate,
           gflops);
    fflush(stdout);
}

/* The README's scaling tables: cost should grow linearly with depth, with
 * width squared (the products) and with batch. */
static void bench_scaling(void)
{
    static const int depths[] = {4, 8, 16, 32, 64}, widths[] = {8, 32, 128, 256}, batches[] = {8, 32, 128, 512};
    printf("steps/s, relu, batch 32 (rows: depth, columns: width)\n\n| depth |");
    for (int w = 0; w < 4; w++)
        printf(" w%d |", widths[w]);
    printf("\n|---|---|---|---|---|\n");
    for (int d = 0; d < 5; d++) {
        printf("| %d |", depths[d]);
        for (int w = 0; w < 4; w++)
            printf(" %.0f |", training_rate(GF_ACT_RELU, depths[d], widths[w], 32, 0.1, NULL));
        printf("\n");
        fflush(stdout);
    }
    printf("\nsteps/s x batch (examples/s), relu, depth 8, width 64\n\n| batch | steps/s | examples/s |\n"
           "|---|---|---|\n");
    for (int b = 0; b < 4; b++) {
        double rate = training_rate(GF_ACT_RELU, 8, 64, batches[b], 0.1, NULL);
        printf("| %d | %.0f | %.0f |\n", batches[b], rate, rate * batches[b]);
        fflush(stdout);
    }
}

/* Deep sigmoid nets: from depth 16 on, the first layers' gradients are
 * subnormal floats (below 1.2e-38), which some processors handle slowly.
 * Prints the time per layer and step at each depth, and its ratio to depth 8's. */
static void bench_denormals(void)
{
    double per_layer8 = 0.0;
    static const int depths[] = {8, 16, 32, 64};
    for (int d = 0; d < 4; d++) {
        double rate = training_rate(GF_ACT_SIGMOID, depths[d], 32, 32, WINDOW_SECONDS, NULL);
        double per_layer = 1e6 / rate / (depths[d] + 1);
        if (d == 0)
            per_layer8 = per_layer;
        printf("sigmoid-d%d-w32-b32 steps_per_s=%.0f us_per_layer=%.2f vs_d8=%.2f\n", depths[d], rate, per_layer,
               per_layer / per_layer8);
        fflush(stdout);
    }
}

/* A full frame of width x height on the software renderer, both decision
 * maps recomputed first (with inside, the distributions' views on too and
 * their histograms captured afresh): the median of many, in ms. */
static void bench_frame(int width, int height, bool inside)
{
    char assets[1024], err[3072];
    if (!gf_assets_find(NULL, assets, sizeof assets, err, sizeof err) || TTF_Init() != 0) {
        fprintf(stderr, "%s\n", err);
        exit(1);
    }
    static struct gf_text text;
    static struct gf_app app;
    struct gf_lab_config cfg;
    gf_lab_config_default(&cfg);
    if (!gf_assets_open_text(&text, assets, err, sizeof err) || !gf_app_init(&app, &cfg, GF_THEME_DARK)) {
        fputs("cannot set up the frame benchmark\n", stderr);
        exit(1);
    }
    if (inside) {   /* every view of the distributions: per-layer in the bars' place, two over-training views */
        app.dist_view[GF_LEFT] = app.dist_view[GF_RIGHT] = true;
        app.time_view[GF_LEFT] = GF_TIME_ACTIVATIONS;
        app.time_view[GF_RIGHT] = GF_TIME_PERCENTILES;
        gf_app_sync_measures(&app);   /* the percentiles recorded from the first step */
    }
    gf_app_train(&app, 2000);   /* a history to draw */
    SDL_Surface *surface = SDL_CreateRGBSurfaceWithFormat(0, width, height, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *r = surface ? SDL_CreateSoftwareRenderer(surface) : NULL;
    if (!r) {
        fprintf(stderr, "cannot make a software renderer: %s\n", SDL_GetError());
        exit(1);
    }
    double times[WINDOWS * 5];
    int n = 0;
    for (int i = -10; i < WINDOWS * 5; i++) {   /* the first ten fill the text cache */
        gf_app_train(&app, 1);   /* so both maps are out of date: a full refresh each frame */
        double start = now();
        for (int s = 0; s < GF_SIDES; s++)
            gf_app_refresh_map(&app, (enum gf_side)s);
        if (inside)
            gf_app_capture_dists(&app, false);
        struct gf_view view;
        gf_app_view(&app, &view);
        gf_render_frame(r, &text, &view, width, height);
        SDL_RenderFlush(r);
        if (i >= 0)
            times[n++] = (now() - start) * 1000.0;
    }
    printf(inside ? "frame-%dx%d-inside ms=%.2f\n" : "frame-%dx%d ms=%.2f\n", width, height, median(times, n));
    fflush(stdout);
    gf_text_forget_renderer(&text, r);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(surface);
    gf_app_destroy(&app);
    gf_text_destroy(&text);
    TTF_Quit();
}

#define WINDOW_RUN_S 5.0     /* the window loop's timed run */
#define WINDOW_WARMUP_S 1.0  /* first the networks built, the text cache filled, the first maps */
#define DISPLAY_HZ 60.0      /* frames are paced as a display's vertical sync would pace them */

/* The window's frame loop as gradflow runs it (events, trainer hand-off,
 * drawing at 1920x1080 on the software renderer), both runs training 64
 * hidden layers of 256 units at the default speed, which such a network
 * cannot reach: frames drawn per second, and steps per second of both runs
 * together. The dummy driver presents without waiting, so the loop waits
 * for the next 1/60 s as a display's vertical sync would (a frame that
 * takes longer misses its tick, as on a display). */
static void window_rate(int threads, double *fps, double *steps_per_s)
{
    SDL_setenv("SDL_VIDEODRIVER", "dummy", 1);   /* no display needed */
    char *argv[] = {(char *)"gradflow", (char *)"--size", (char *)"1920x1080", (char *)"--depth", (char *)"64",
                    (char *)"--width", (char *)"256"};
    struct gf_cli_options opt;
    char err[3072];
    static struct gf_window w;
    if (gf_cli_parse(&opt, 7, argv, err, sizeof err) != GF_CLI_RUN ||
        gf_window_open_threads(&w, &opt, threads, err, sizeof err) != GF_OK) {
        fprintf(stderr, "cannot open the window: %s\n", err);
        exit(1);
    }
    double period = 1.0 / DISPLAY_HZ, start = now(), tick = start;
    int64_t steps = 0;
    long frames = 0;
    bool timing = false;
    for (;;) {
        double t = now();
        if (!timing && t - start >= WINDOW_WARMUP_S) {
            timing = true;
            start = t;
            steps = gf_trainer_steps(w.trainer);
            frames = 0;
        } else if (timing && t - start >= WINDOW_RUN_S) {
            break;
        }
        if (!gf_window_iterate(&w)) {
            fprintf(stderr, "the frame failed: %s\n", SDL_GetError());
            exit(1);
        }
        frames++;
        tick += period;
        double wait = tick - now();
        if (wait > 0.0)
            SDL_Delay((Uint32)(wait * 1000.0));
        else
            tick = now();   /* missed: the next frame waits for the next tick */
    }
    double elapsed = now() - start;
    *fps = (double)frames / elapsed;
    *steps_per_s = (double)(gf_trainer_steps(w.trainer) - steps) / elapsed;
    gf_window_close(&w);
}

static void bench_window(void)
{
    double fps, sps, fps1, sps1;
    window_rate(2, &fps, &sps);
    window_rate(1, &fps1, &sps1);
    (void)fps1;
    printf("window-d64-w256 fps=%.1f steps_per_s=%.1f one_thread_steps_per_s=%.1f\n", fps, sps, sps1);
    fflush(stdout);
}

/* The program's body; the browser build calls it for a page opened with
 * #bench, and compiles it with GF_BENCH_EMBEDDED (no main of its own). */
int gf_bench_main(int argc, char **argv);

int gf_bench_main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "";
    bool training = !strcmp(mode, "") || !strcmp(mode, "--training");
    bool frame = !strcmp(mode, "") || !strcmp(mode, "--frame");
    bool window = !strcmp(mode, "") || !strcmp(mode, "--window");
    bool inside = !strcmp(mode, "--frame-inside");
    if (argc > 2 || (!training && !frame && !window && !inside && strcmp(mode, "--scaling") &&
                     strcmp(mode, "--denormals"))) {
        fputs("usage: gradflow-bench [--training | --frame | --frame-inside | --window | --scaling | --denormals]\n",
              stderr);
        return 2;
    }
    if (training) {
        bench_training(GF_ACT_TANH, 8, 8, 10);
        bench_training(GF_ACT_SIGMOID, 10, 32, 32);
        bench_training(GF_ACT_RELU, 30, 64, 64);
    }
    if (frame)
        bench_frame(1920, 1080, false);
    if (inside)
        bench_frame(1920, 1080, true);
    if (window)
        bench_window();
    if (frame)
        bench_frame(3840, 2160, false);
    if (!strcmp(mode, "--scaling"))
        bench_scaling();
    if (!strcmp(mode, "--denormals"))
        bench_denormals();
    return 0;
}

#ifndef GF_BENCH_EMBEDDED
int main(int argc, char **argv)
{
    return gf_bench_main(argc, argv);
}
#endif
