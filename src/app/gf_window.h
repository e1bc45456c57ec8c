/* gf_window.h - the interactive window: events in, frames out.
 *
 * gf_window_run is the program's loop. Its parts are public so that tests
 * can drive the real event handler and frame on SDL's dummy video driver. */
#ifndef GF_WINDOW_H
#define GF_WINDOW_H

#include <stdbool.h>
#include <stddef.h>

#include <SDL.h>

#include "gf_app.h"
#include "gf_cli.h"
#include "gf_record.h"
#include "gf_text.h"

struct gf_window {
    const char *out_dir;        /* where exports go */
    SDL_Window *win;
    SDL_Renderer *ren;
    struct gf_text text;
    struct gf_app app;
    Uint64 freq;
    double train_carry;         /* steps owed to the asked speed, carried across frames */
    double map_clock;
    int next_map;
    bool map_busy;              /* a map is part way done */
    double note_clock;
    double sps_window_steps, sps_window_time, measured_sps;
    int frames_in_window;
    double measured_fps;
    bool sdl_started, ttf_started;   /* what gf_window_close must undo */
    struct gf_record *rec;      /* Ctrl+G: the GIF being recorded, or NULL */
    char rec_path[1024];
    double rec_clock;           /* seconds since its last frame */
    int status;                 /* exit status when opening failed */
};

/* Opens the window (SDL, fonts, the app). On failure err says why and
 * w->status is the exit status; call gf_window_close either way. */
bool gf_window_open(struct gf_window *w, const struct gf_cli_options *opt, char *err, size_t errlen);

/* Handles one SDL event: keys become actions, clicks focus, resizes just happen. */
void gf_window_handle_event(struct gf_window *w, const SDL_Event *e);

/* Trains for dt seconds' worth, advances the maps and draws one frame.
 * Returns false when the renderer fails. */
bool gf_window_frame(struct gf_window *w, double dt);

void gf_window_close(struct gf_window *w);

/* Opens the window and runs until the user quits. Returns the exit status. */
int gf_window_run(const struct gf_cli_options *opt);

#endif
