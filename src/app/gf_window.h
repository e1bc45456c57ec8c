/* gf_window.h - the interactive window: events in, frames out.
 *
 * The window is gf_window_open, then gf_window_iterate once per displayed
 * frame (natively in gf_window_run's loop; in a browser from the page's
 * animation callback), then gf_window_close. Training lives in a trainer
 * (gf_trainer.h): on two threads of its own, or with threads off in a slice
 * of each frame. The parts are public so that tests can drive the real
 * event handler and frame on SDL's dummy video driver. */
#ifndef GF_WINDOW_H
#define GF_WINDOW_H

#include <stdbool.h>
#include <stddef.h>

#include <SDL.h>

#include "gf_app.h"
#include "gf_cli.h"
#include "gf_result.h"
#include "gf_record.h"
#include "gf_text.h"
#include "gf_trainer.h"

struct gf_window {
    const char *out_dir;        /* where exports go */
    SDL_Window *win;
    SDL_Renderer *ren;
    struct gf_text text;
    struct gf_app app;          /* display state, and the copy of the networks last taken from the trainer */
    struct gf_trainer *trainer;
    Uint64 freq;
    Uint64 last_frame;          /* gf_window_iterate's clock */
    double train_carry;         /* steps owed to the asked speed, carried across frames */
    int64_t shown_step;         /* the lab's step in the copy on screen, for the speed shown */
    double note_clock;
    double sps_window_steps, sps_window_time, measured_sps;
    int frames_in_window;
    double measured_fps;
    bool sdl_started, ttf_started;   /* what gf_window_close must undo */
    enum gf_result result;      /* how the window stands: its open's result, then its last frame's */
    struct gf_record *rec;      /* Ctrl+G: the GIF being recorded, or NULL */
    char rec_path[1024];
    int rec_w, rec_h;           /* its frames' size, fixed when it starts */
    double rec_clock;           /* seconds since its last frame */
    struct gf_view hover_view;  /* what the pointer is over is found in the view as drawn */
};

/* Opens the window (SDL, fonts, the app, the trainer, on two threads when
 * the build has them). On failure err says why, what was set up is undone
 * in reverse order, and the result (also in w->result) says whose the
 * trouble is; gf_window_close is then harmless. */
enum gf_result gf_window_open(struct gf_window *w, const struct gf_cli_options *opt, char *err, size_t errlen);

/* The same, choosing the training threads (see gf_trainer_start: 2, one
 * per run; 1, one for both; 0, trained within each frame, as the web
 * build does). */
enum gf_result gf_window_open_threads(struct gf_window *w, const struct gf_cli_options *opt, int threads, char *err,
                                      size_t errlen);

/* Handles one SDL event: keys become actions, clicks focus, resizes just happen. */
void gf_window_handle_event(struct gf_window *w, const SDL_Event *e);

/* One displayed frame: every waiting event handled (a quit stops there),
 * then gf_window_frame for the time since the last call. False when it is
 * time to close: a quit, or the renderer failed (w->result not GF_OK). */
bool gf_window_iterate(struct gf_window *w);

/* Hands the frame's settings and dt seconds of training at the asked speed
 * to the trainer, takes the newest copy of the networks and draws it.
 * GF_ERR_SYSTEM (logged) when the renderer fails. */
enum gf_result gf_window_frame(struct gf_window *w, double dt);

/* Waits until the trainer has done everything asked so far and takes its
 * copy (tests and measurements). */
void gf_window_settle(struct gf_window *w);

void gf_window_close(struct gf_window *w);

/* Opens the window and runs until the user quits. Returns the exit status. */
int gf_window_run(const struct gf_cli_options *opt);

#endif
