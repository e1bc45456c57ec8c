/* gf_record.c - a frame queue between the drawing thread and the encoder. */
#include "gf_record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gf_gif.h"
#include "gf_outfile.h"

#define RECORD_QUEUE 3   /* frames waiting for the encoder at most */

struct gf_record {
    struct gf_outfile out;
    struct gf_gif gif;
    int w, h;
    Uint32 *slot[RECORD_QUEUE];   /* (w*h) each */
    int head, count;              /* frames waiting, oldest at head */
    bool closing;                 /* no more frames will come */
    bool failed;                  /* the encoder failed: err says why */
    bool closed;
    char err[512];
    SDL_mutex *lock;
    SDL_cond *changed;            /* a frame came, one was written, or closing */
    SDL_Thread *thread;
};

static int encoder(void *arg)
{
    struct gf_record *r = arg;
    SDL_LockMutex(r->lock);
    for (;;) {
        while (r->count == 0 && !r->closing)
            SDL_CondWait(r->changed, r->lock);
        if (r->count == 0)
            break;
        Uint32 *frame = r->slot[r->head];
        bool failed = r->failed;
        SDL_UnlockMutex(r->lock);
        char err[512] = "";
        /* the slot stays taken while it is encoded: the drawing thread fills others */
        bool ok = failed || gf_gif_add(&r->gif, frame, r->w * (int)sizeof(Uint32), err, sizeof err);
        SDL_LockMutex(r->lock);
        if (!ok && !r->failed) {
            r->failed = true;
            snprintf(r->err, sizeof r->err, "%s", err);
        }
        r->head = (r->head + 1) % RECORD_QUEUE;
        r->count--;
        SDL_CondBroadcast(r->changed);
    }
    SDL_UnlockMutex(r->lock);
    return 0;
}

static void free_record(struct gf_record *r)
{
    for (int i = 0; i < RECORD_QUEUE; i++)
        free(r->slot[i]);
    if (r->changed)
        SDL_DestroyCond(r->changed);
    if (r->lock)
        SDL_DestroyMutex(r->lock);
    free(r);
}

struct gf_record *gf_record_start(const char *path, bool overwrite, int w, int h, char *err, size_t errlen)
{
    struct gf_record *r = calloc(1, sizeof *r);
    if (!r) {
        snprintf(err, errlen, "out of memory for a recording");
        return NULL;
    }
    r->w = w;
    r->h = h;
    for (int i = 0; i < RECORD_QUEUE; i++)
        r->slot[i] = malloc((size_t)w * (size_t)h * sizeof(Uint32));
    r->lock = SDL_CreateMutex();
    r->changed = SDL_CreateCond();
    if (!r->slot[RECORD_QUEUE - 1] || !r->slot[0] || !r->slot[1] || !r->lock || !r->changed) {
        snprintf(err, errlen, "out of memory for a %dx%d recording", w, h);
        free_record(r);
        return NULL;
    }
    if (!gf_outfile_open(&r->out, path, overwrite, err, errlen)) {
        free_record(r);
        return NULL;
    }
    if (!gf_gif_start(&r->gif, r->out.f, w, h, err, errlen)) {
        gf_outfile_abandon(&r->out);
        free_record(r);
        return NULL;
    }
    r->thread = SDL_CreateThread(encoder, "gif encoder", r);
    if (!r->thread) {
        snprintf(err, errlen, "cannot start the GIF encoder: %s", SDL_GetError());
        gf_gif_finish(&r->gif, NULL, 0);
        gf_outfile_abandon(&r->out);
        free_record(r);
        return NULL;
    }
    return r;
}

bool gf_record_frame(struct gf_record *r, const SDL_Surface *frame, char *err, size_t errlen)
{
    if (frame->w != r->w || frame->h != r->h || frame->format->BytesPerPixel != 4) {
        snprintf(err, errlen, "a %dx%d frame for a %dx%d recording", frame->w, frame->h, r->w, r->h);
        return false;
    }
    SDL_LockMutex(r->lock);
    while (r->count == RECORD_QUEUE && !r->failed)
        SDL_CondWait(r->changed, r->lock);   /* wait rather than drop a frame */
    if (r->failed) {
        snprintf(err, errlen, "%s", r->err);
        SDL_UnlockMutex(r->lock);
        return false;
    }
    Uint32 *slot = r->slot[(r->head + r->count) % RECORD_QUEUE];
    SDL_UnlockMutex(r->lock);
    /* that slot is the drawing thread's until counted in */
    for (int y = 0; y < r->h; y++)
        memcpy(slot + (size_t)y * r->w, (const Uint8 *)frame->pixels + (size_t)y * frame->pitch,
               (size_t)r->w * sizeof(Uint32));
    SDL_LockMutex(r->lock);
    r->count++;
    SDL_CondBroadcast(r->changed);
    SDL_UnlockMutex(r->lock);
    return true;
}

bool gf_record_close(struct gf_record *r, struct gf_record_result *res, char *err, size_t errlen)
{
    SDL_LockMutex(r->lock);
    r->closing = true;
    SDL_CondBroadcast(r->changed);
    SDL_UnlockMutex(r->lock);
    SDL_WaitThread(r->thread, NULL);
    r->thread = NULL;
    r->closed = true;
    *res = (struct gf_record_result){r->gif.frames, r->w, r->h, r->gif.last_error, r->gif.max_error};
    bool ok = !r->failed;
    if (!ok)
        snprintf(err, errlen, "%s", r->err);
    ok = gf_gif_finish(&r->gif, err, errlen) && ok;
    if (!ok) {
        gf_outfile_abandon(&r->out);
        return false;
    }
    return gf_outfile_close(&r->out, err, errlen);
}

struct gf_outfile *gf_record_file(struct gf_record *r)
{
    return &r->out;
}

bool gf_record_end(struct gf_record *r, bool publish, char *err, size_t errlen)
{
    bool ok = true;
    if (!r->closed) {   /* ended without closing: stop the encoder, keep nothing */
        struct gf_record_result res;
        char ignored[512];
        gf_record_close(r, &res, ignored, sizeof ignored);
        publish = false;
    }
    if (publish && r->out.temp_path)
        ok = gf_outfile_publish(&r->out, err, errlen);
    else
        gf_outfile_abandon(&r->out);
    free_record(r);
    return ok;
}
