/* gf_trainer.c - the window's networks trained on two threads (or, threads
 * off, in slices of the frame), published to the drawing thread by copy
 * and swap. See gf_trainer.h for the contract. */
#include "gf_trainer.h"

#include <SDL.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(_WIN32) && defined(__MINGW32__)
#include <float.h>   /* _fpreset */
#endif

#ifndef GF_THREADS
#define GF_THREADS 1
#endif

#define ROUND_S 0.008       /* a round of steps aims at this long, so copies reach the screen often */
#define ROUND_MIN_STEPS 2   /* ... with at least this many steps (see round_size) */
#define MAP_PERIOD_S 0.2    /* a side starts a new decision map at most this often */
#define MAP_SHARE 0.3       /* map work per round: up to this share of the round's training time ... */
#define MAP_MIN_S 0.002     /* ... and at least this long, so the heaviest map arrives within a second */
#define MAP_SLICE_MACS 6e7  /* map work between two looks at the clock: a layer of every point at 64 x 256,
                               a few milliseconds, so that a round's end does not wait long for a slice */
#define MAP_POOL_MAX_S 0.25 /* map work owed from round to round at most (none may be due for a while);
                               a new network starts owing this much, about its first maps at 64 x 256 */
#define FRAME_MAP_S 0.0025  /* threads off: map work per frame, after the training ... */
#define FRAME_MAP_SLICE_MACS 1e6   /* ... in small slices, so a big network's map does not overrun the frame */
#define IDLE_WAIT_MS 10     /* while a map is still to do, the trainer looks again this often */

/* What the window asked for, as of its last gf_trainer_ask. */
struct request {
    struct gf_lab_config cfg;
    const struct gf_lesson *lesson;
    int scene;                  /* the scene whose examples come along, or -1 */
    bool lesson_mode;
    unsigned serial;            /* the app's rebuilds_asked when asked */
    /* the views of the distributions inside the networks: what the model
       measures each step and captures after each round depends on them */
    bool dist_view[GF_SIDES];
    enum gf_time_view time_view[GF_SIDES];
    unsigned views;             /* counts the changes of the two above */
};

struct gf_trainer {
    bool threaded;              /* a thread trains (else gf_trainer_work does, in the frame) */
    bool helper;                /* ... and a second one trains the right run at the same time */
    Uint64 freq;

    /* Shared, under lock. */
    SDL_mutex *lock;
    SDL_cond *wake;             /* the trainer thread: something was asked, or a copy was taken */
    SDL_cond *go, *gone;        /* the helper thread: a round to train / it has been trained */
    struct request asked;
    unsigned built;             /* serial of the settings the model has (or failed to get) */
    unsigned model_serial;      /* serial of the settings the model was built from */
    unsigned back_serial;       /* ... and those of the copy in back */
    unsigned failed;            /* serial of the last settings that could not be built, 0 if none */
    unsigned views_done;        /* asked.views the model has */
    double owed;                /* steps owed at the asked speed */
    long single;                /* steps asked one by one (N), never dropped */
    bool quit;                  /* the trainer thread is to stop ... */
    bool helper_quit;           /* ... and, once it has, the helper (which finishes any round handed over) */
    bool ready;                 /* back holds a copy not yet taken */
    bool dirty;                 /* the model changed since the last copy */
    bool busy;                  /* the trainer thread is working outside the lock */
    bool has_examples;          /* the model has a scene's examples */
    /* A round on two threads: both train their own run, then share out the
       map work, then (publishing) each copies its own run into back. */
    SDL_cond *maps;             /* a side's map was let go, or a side finished training */
    enum task { TASK_TRAIN, TASK_COPY, TASK_HELP } task;   /* the helper's part: to train round_n steps, to
                                                               copy, or to help a build until help_stop */
    bool help_stop;
    int round_n;
    unsigned round_go, round_done;   /* parts handed to the helper, and finished */
    int training;               /* sides still training in this round */
    bool half_done;             /* a thread has finished its half of the round */
    double map_pool;            /* seconds of map work owed, this round's and the unpaid rest of those before */
    bool map_claimed[GF_SIDES]; /* a thread is working on that side's map (and owns map_busy, map_done) */
    bool copied[GF_SIDES];      /* whether each side's copy into back went well */
    /* A step's pieces shared out (gf_parallel: each layer's weight gradients,
       statistics, update): those a side's run asks to have done, which the
       other thread takes once its own run's steps are done. */
    struct share {
        void (*fn)(void *arg, int i);
        void *arg;
        int n, next, done;      /* pieces, the next one to take, and those done; n 0: none asked */
    } share[GF_SIDES];
    struct side_ref {
        struct gf_trainer *t;
        enum gf_side side;
    } ref[GF_SIDES];
    struct gf_parallel parallel[GF_SIDES];   /* each run's way to share out its pieces */
    int64_t steps;              /* both runs' steps trained, every network included */
    int builds;

    /* The trainer's own (its threads', or the caller's when threads are off). */
    struct gf_app *model;       /* the live networks */
    struct gf_app *back;        /* the copy being made, or ready */
    unsigned shown_serial;      /* the caller's: serial of the settings of the copy it last took */
    double step_s;              /* time per step of the last round, for sizing rounds */
    Uint64 map_done[GF_SIDES];  /* when each side's map last finished */
    bool map_busy[GF_SIDES];    /* a map is part way done */
    SDL_Thread *thread[GF_SIDES];   /* [GF_LEFT] trains the left run and coordinates; [GF_RIGHT] the right run */
};

static double seconds_since(const struct gf_trainer *t, Uint64 start)
{
    return (double)(SDL_GetPerformanceCounter() - start) / (double)t->freq;
}

/* The lock and signals, which are there only with threads: without them
 * nothing runs beside the caller, so there is nothing to wait for. */
static void lock(struct gf_trainer *t)
{
    if (t->lock)
        SDL_LockMutex(t->lock);
}

static void unlock(struct gf_trainer *t)
{
    if (t->lock)
        SDL_UnlockMutex(t->lock);
}

static void signal_cond(SDL_cond *c)
{
    if (c)
        SDL_CondSignal(c);
}

bool gf_trainer_threads_available(void)
{
    return GF_THREADS;
}

int gf_trainer_threads(const struct gf_trainer *t)
{
    return t->helper ? 2 : t->threaded ? 1 : 0;
}

/* Map work on one side for about budget_s: starts a map when the last is
 * out of date and MAP_PERIOD_S old (only with may_start, by a thread that
 * may read the run: it is not training), goes on with one under way.
 * Touches only that side's map and job (the left one also the examples), so
 * both sides can work at once; a map under way reads only its own snapshot
 * of the weights, so any thread may go on with it. Returns true when the
 * model changed. */
static bool map_work(struct gf_trainer *t, enum gf_side side, double budget_s, bool may_start)
{
    struct gf_app *m = t->model;
    if (!t->map_busy[side]) {
        const struct gf_run *run = &m->lab->run[side];
        if (!may_start || m->map[side].step == run->step || seconds_since(t, t->map_done[side]) < MAP_PERIOD_S)
            return false;
    }
    Uint64 start = SDL_GetPerformanceCounter();
    do
        t->map_busy[side] = !gf_app_map_work(m, side, t->threaded ? MAP_SLICE_MACS : FRAME_MAP_SLICE_MACS);
    while (t->map_busy[side] && seconds_since(t, start) < budget_s);
    if (!t->map_busy[side])
        t->map_done[side] = SDL_GetPerformanceCounter();
    return true;
}

/* The minibatch's values inside the network (10 MB a run at 64 x 256,
 * beside its 17 MB of weights) are drawn only by the lesson's network
 * scene: outside lesson mode a round's copy leaves them out, a pass over
 * memory that the two runs' steps otherwise share. */
static void copy_side(struct gf_trainer *t, enum gf_side side)
{
    t->copied[side] = gf_app_copy_model_side(t->back, t->model, side, t->model->lesson_mode);
}

#if GF_THREADS
/* Under lock: the side whose map work the thread training `own` takes
 * next: its own run's, which it may start (it is not training now), unless
 * that was found done or not due this round; else a map under way on the
 * other side that no thread holds; -1 when none. */
static int map_to_take(const struct gf_trainer *t, enum gf_side own, bool own_tried)
{
    enum gf_side other = own == GF_LEFT ? GF_RIGHT : GF_LEFT;
    if (!own_tried && !t->map_claimed[own])
        return own;
    if (!t->map_claimed[other] && t->map_busy[other])
        return other;
    return -1;
}

/* A run's gf_parallel on two threads: the run's own thread takes pieces
 * one by one, and the other thread, done with its own run's steps, takes
 * some too (train_half; helper_main while a network is built): a slower
 * run (ReLU's spectral norms take five times sigmoid's iterations) then
 * holds the round up less. */
static void share_out(void *ctx, int n, void (*fn)(void *arg, int i), void *arg)
{
    const struct side_ref *ref = ctx;
    struct gf_trainer *t = ref->t;
    struct share *sh = &t->share[ref->side];
    lock(t);
    sh->fn = fn;
    sh->arg = arg;
    sh->next = sh->done = 0;
    sh->n = n;
    SDL_CondBroadcast(t->maps);
    while (sh->next < sh->n) {
        int i = sh->next++;
        unlock(t);
        fn(arg, i);
        lock(t);
        sh->done++;
    }
    while (sh->done < sh->n)
        SDL_CondWait(t->maps, t->lock);
    sh->n = 0;
    unlock(t);
}

/* Under lock: takes and does one piece that side's run shared out, if
 * any is left (true). */
static bool help_with(struct gf_trainer *t, enum gf_side side)
{
    struct share *sh = &t->share[side];
    if (sh->next >= sh->n)
        return false;
    int i = sh->next++;
    void (*fn)(void *, int) = sh->fn;
    void *arg = sh->arg;
    unlock(t);
    fn(arg, i);
    lock(t);
    if (++sh->done == sh->n)
        SDL_CondBroadcast(t->maps);
    return true;
}

/* One thread's half of a round on two threads: its own run's n steps, then
 * while the other run still trains, the other run's statistics and map
 * work on either side, so that neither thread sits idle; once both have
 * trained, map work only as long as there is some it can take at once.
 * Map work is owed at MAP_SHARE of both runs' training time (at least
 * MAP_MIN_S a side), as on one thread; what a round cannot do without one
 * thread waiting for the other (a single map under way) is owed to the
 * next, whose gap while the slower run trains pays it. A side's map is
 * worked on by one thread at a time (its sums keep their order). */
static void train_half(struct gf_trainer *t, enum gf_side own, int n)
{
    Uint64 start = SDL_GetPerformanceCounter();
    gf_app_train_side(t->model, own, n);
    double trained = seconds_since(t, start);
    lock(t);
    t->training--;
    t->map_pool += fmax(MAP_MIN_S, MAP_SHARE * trained);
    SDL_CondBroadcast(t->maps);
    enum gf_side other = own == GF_LEFT ? GF_RIGHT : GF_LEFT;
    bool own_tried = false;   /* its own map was looked at this round: not due, or done */
    for (;;) {
        if (t->training == 0 && (t->map_pool <= 0.0 || t->half_done))
            break;   /* paid, or the other thread is done: the rest would keep it waiting */
        if (help_with(t, other))
            continue;   /* the other run's step first: the round waits for it */
        int side = map_to_take(t, own, own_tried);
        if (side < 0) {
            if (t->training == 0) {
                t->half_done = true;   /* nothing to take now: the rest is owed to the next round */
                break;
            }
            SDL_CondWait(t->maps, t->lock);   /* the other run may yet share its statistics */
            continue;
        }
        t->map_claimed[side] = true;
        unlock(t);
        Uint64 slice = SDL_GetPerformanceCounter();
        map_work(t, (enum gf_side)side, 0.0, side == (int)own);   /* one slice */
        double spent = seconds_since(t, slice);
        bool busy = t->map_busy[side];
        lock(t);
        t->map_claimed[side] = false;
        t->map_pool -= spent;
        if (side == (int)own && !busy)
            own_tried = true;   /* not due, or just finished: not again this round */
        SDL_CondBroadcast(t->maps);
    }
    t->half_done = true;
    unlock(t);
}

/* A thread's arithmetic as the program's first thread does it. Windows
 * starts a thread with the x87 unit at double precision while mingw's
 * start-up sets the main thread to extended precision, and mingw's maths
 * library computes some functions (pow among them) on the x87: the same
 * step would round differently on a trainer thread. Elsewhere a thread
 * inherits its creator's settings. */
static void arithmetic_as_main_thread(void)
{
#if defined(_WIN32) && defined(__MINGW32__)
    _fpreset();
#endif
}

/* The right run's thread: does its part of each round handed over. */
static int helper_main(void *arg)
{
    struct gf_trainer *t = arg;
    arithmetic_as_main_thread();
    lock(t);
    for (;;) {
        while (!t->helper_quit && t->round_go == t->round_done)
            SDL_CondWait(t->go, t->lock);
        if (t->round_go == t->round_done)
            break;   /* told to stop, and no part is waiting for it */
        enum task task = t->task;
        int n = t->round_n;
        unlock(t);
        if (task == TASK_TRAIN)
            train_half(t, GF_RIGHT, n);
        else if (task == TASK_COPY)
            copy_side(t, GF_RIGHT);
        lock(t);
        while (task == TASK_HELP && !t->help_stop)   /* a new network's first bars, both runs' */
            if (!help_with(t, GF_LEFT) && !help_with(t, GF_RIGHT))
                SDL_CondWait(t->maps, t->lock);
        t->round_done = t->round_go;
        signal_cond(t->gone);
    }
    unlock(t);
    return 0;
}

/* While the left thread builds a network, the helper takes pieces of its
 * first bars' statistics (a fresh network's spectral norms start cold and
 * take most of a 64 x 256 build). */
static void helper_helps(struct gf_trainer *t, bool start)
{
    lock(t);
    if (start) {
        t->task = TASK_HELP;
        t->help_stop = false;
        t->round_go++;
        signal_cond(t->go);
    } else {
        t->help_stop = true;
        SDL_CondBroadcast(t->maps);
        while (t->round_done != t->round_go)
            SDL_CondWait(t->gone, t->lock);
    }
    unlock(t);
}

/* Both threads do `task`, each for its own run: the left one here. */
static void both_threads(struct gf_trainer *t, enum task task, int n)
{
    lock(t);
    t->task = task;
    t->round_n = n;
    if (task == TASK_TRAIN) {
        t->training = 2;
        t->half_done = false;
        /* owed from rounds before, within bounds; work done beyond what was
           owed (in a gap while the other run trained) is not saved up */
        t->map_pool = fmin(fmax(t->map_pool, 0.0), MAP_POOL_MAX_S);
    }
    t->round_go++;
    signal_cond(t->go);
    unlock(t);
    if (task == TASK_TRAIN)
        train_half(t, GF_LEFT, n);
    else
        copy_side(t, GF_LEFT);
    lock(t);
    while (t->round_done != t->round_go)
        SDL_CondWait(t->gone, t->lock);
    unlock(t);
}
#endif

/* One run's n steps and, on a thread, its map work (within a frame the
 * maps get the frame's end): a round on one thread does both runs so. */
static void train_alone(struct gf_trainer *t, enum gf_side side, int n)
{
    Uint64 start = SDL_GetPerformanceCounter();
    gf_app_train_side(t->model, side, n);
    if (t->threaded)
        map_work(t, side, fmax(MAP_MIN_S, MAP_SHARE * seconds_since(t, start)), true);
}

/* n steps of both runs (on both threads when there are two), their map
 * work and the bars; with publish, and back free once they are done, the
 * round ends with its copy in back, ready (each run copied by its own
 * thread, so the copies too take both cores). */
static void round_of(struct gf_trainer *t, int n, bool publish)
{
    Uint64 start = SDL_GetPerformanceCounter();
    int64_t before = t->model->lab->run[GF_LEFT].step + t->model->lab->run[GF_RIGHT].step;
#if GF_THREADS
    if (t->helper)
        both_threads(t, TASK_TRAIN, n);
    else
#endif
    {
        train_alone(t, GF_LEFT, n);
        train_alone(t, GF_RIGHT, n);
    }
    gf_app_train_finish(t->model);
    lock(t);
    bool copy = publish && !t->ready;
    unlock(t);
    copy = copy && gf_app_copy_model_begin(t->back, t->model);   /* the shapes do not change in a round */
    if (copy) {
#if GF_THREADS
        if (t->helper)
            both_threads(t, TASK_COPY, 0);
        else
#endif
        {
            copy_side(t, GF_LEFT);
            copy_side(t, GF_RIGHT);
        }
        gf_app_copy_model_end(t->back, t->model);
    }
    int64_t after = t->model->lab->run[GF_LEFT].step + t->model->lab->run[GF_RIGHT].step;
    if (n > 0)
        t->step_s = seconds_since(t, start) / n;
    lock(t);
    t->steps += after - before;
    if (copy && t->copied[GF_LEFT] && t->copied[GF_RIGHT]) {
        t->ready = true;
        t->back_serial = t->model_serial;
        t->dirty = false;
    } else {
        t->dirty = true;   /* not copied (back still taken, or out of memory): copied when it can be */
    }
    unlock(t);
}

/* With a thread per run, each run's step shares its work out between the
 * two: the model's runs (a copy is never trained), and those of every
 * network built for it. */
static void lend_threads(struct gf_trainer *t)
{
#if GF_THREADS
    if (!t->helper)
        return;
    for (int s = 0; s < GF_SIDES; s++) {
        t->ref[s] = (struct side_ref){t, (enum gf_side)s};
        t->parallel[s] = (struct gf_parallel){share_out, &t->ref[s]};
        t->model->lab->run[s].parallel = &t->parallel[s];
    }
#else
    (void)t;
#endif
}

/* Under lock: views were asked for that the model does not have yet. */
static bool views_pending(const struct gf_trainer *t)
{
    return t->asked.views != t->views_done;
}

/* Gives the model the views r asks for: what each step measures from now
 * on, and the histograms of the pass the bars show, taken now so that a
 * paused run shows them too. Outside the lock; the model changed. */
static void apply_views(struct gf_trainer *t, const struct request *r)
{
    for (int s = 0; s < GF_SIDES; s++) {
        t->model->dist_view[s] = r->dist_view[s];
        t->model->time_view[s] = r->time_view[s];
    }
    gf_app_sync_measures(t->model);
    gf_app_capture_dists(t->model, false);
    lock(t);
    t->dirty = true;
    t->views_done = r->views;
    unlock(t);
}

/* Carries out a request: a new model when the settings changed, or the
 * examples dropped on leaving lesson mode. Outside the lock. */
static void carry_out(struct gf_trainer *t, const struct request *r, bool rebuild)
{
    bool changed = false, failed = false;
    if (rebuild) {
        struct gf_app *fresh = calloc(1, sizeof *fresh);
#if GF_THREADS
        if (t->helper)
            helper_helps(t, true);
#endif
        bool built = fresh && gf_app_build_model(fresh, &r->cfg, r->lesson, r->lesson_mode ? r->scene : -1,
                                                 t->helper ? t->parallel : NULL);
#if GF_THREADS
        if (t->helper)
            helper_helps(t, false);
#endif
        if (built) {
            gf_app_destroy(t->model);
            free(t->model);
            t->model = fresh;
            t->model_serial = r->serial;
            for (int s = 0; s < GF_SIDES; s++)
                t->map_busy[s] = false;
            t->map_pool = MAP_POOL_MAX_S;   /* a new network's first maps are owed at once */
            t->step_s = 0.0;
            changed = true;
            apply_views(t, r);   /* a new model starts with none */
        } else {
            if (fresh)
                gf_app_destroy(fresh);
            free(fresh);
            failed = true;
        }
    } else if (!r->lesson_mode && t->model->n_examples) {
        gf_app_drop_examples(t->model);
        t->model->lesson_mode = false;
        changed = true;
    }
    lock(t);
    if (rebuild) {
        t->built = r->serial;
        t->builds += changed;
        if (failed)
            t->failed = r->serial;
        else
            t->owed = 0.0;   /* a new network starts from now, not from what the old one owed */
    }
    t->dirty = t->dirty || changed;
    t->has_examples = t->model->n_examples > 0;
    unlock(t);
}

/* Copies the model into back unless the last copy has not been taken yet
 * (then it stays dirty and is copied once that copy is taken). */
static void publish(struct gf_trainer *t)
{
    lock(t);
    bool free_to_copy = t->dirty && !t->ready;
    if (free_to_copy)
        t->dirty = false;   /* changes from here on go in the next copy */
    unlock(t);
    if (!free_to_copy)
        return;
    bool ok = gf_app_copy_model(t->back, t->model);
    lock(t);
    if (ok) {
        t->ready = true;
        t->back_serial = t->model_serial;
    } else {
        t->dirty = true;   /* out of memory for the copy: the screen keeps the last one */
    }
    unlock(t);
}

/* Under lock: the steps the next round trains, taken off what is owed. */
static int take_steps(struct gf_trainer *t, int most)
{
    if (t->single > 0) {
        int n = t->single < most ? (int)t->single : most;
        t->single -= n;
        return n;
    }
    int n = t->owed < most ? (int)t->owed : most;
    t->owed -= n;
    return n;
}

/* Under lock: a request the model does not have yet; false when none. */
static bool pending_request(struct gf_trainer *t, struct request *r, bool *rebuild)
{
    *rebuild = t->asked.serial != t->built;
    if (!*rebuild && (t->asked.lesson_mode || !t->has_examples))
        return false;
    *r = t->asked;
    return true;
}

/* Is a side's map out of date (work that can be done while nothing trains)? */
static bool maps_stale(const struct gf_trainer *t)
{
    for (int s = 0; s < GF_SIDES; s++)
        if (t->map_busy[s] || t->model->map[s].step != t->model->lab->run[s].step)
            return true;
    return false;
}

#if GF_THREADS
/* Steps per round: about ROUND_S of training, and at least ROUND_MIN_STEPS:
 * a round's end costs both threads a wait (for the slower run's last piece,
 * or a map layer, a few milliseconds), which for steps longer than half a
 * round (a 64 x 256 step takes 25-35 ms) two steps a round halve; the
 * screen then gets a copy every two steps, still about ten times a second.
 * Fewer are taken when fewer are owed (a slow speed, or N). */
static int round_size(const struct gf_trainer *t)
{
    if (t->step_s <= 0.0)
        return 1;
    double n = ROUND_S / t->step_s;
    return n < ROUND_MIN_STEPS ? ROUND_MIN_STEPS : n > 1e6 ? 1000000 : (int)n;
}

/* The left run's thread, which also builds, works on idle maps and publishes. */
static int trainer_main(void *arg)
{
    struct gf_trainer *t = arg;
    arithmetic_as_main_thread();
    lock(t);
    while (!t->quit) {
        struct request r;
        bool rebuild;
        if (pending_request(t, &r, &rebuild)) {
            t->busy = true;
            unlock(t);
            carry_out(t, &r, rebuild);
            publish(t);
            lock(t);
            t->busy = false;
            continue;
        }
        if (views_pending(t)) {
            r = t->asked;
            t->busy = true;
            unlock(t);
            apply_views(t, &r);
            publish(t);
            lock(t);
            t->busy = false;
            continue;
        }
        int n = take_steps(t, round_size(t));
        bool copy = t->dirty && !t->ready;
        if (n == 0 && !copy) {
            if (maps_stale(t)) {
                /* nothing to train (paused, or the speed's next step not due): the maps catch up */
                t->busy = true;
                unlock(t);
                bool changed = map_work(t, GF_LEFT, MAP_MIN_S, true) | map_work(t, GF_RIGHT, MAP_MIN_S, true);
                lock(t);
                t->dirty = t->dirty || changed;
                t->busy = false;
                if (!changed)   /* the next map is not due yet */
                    SDL_CondWaitTimeout(t->wake, t->lock, IDLE_WAIT_MS);
                continue;
            }
            SDL_CondWait(t->wake, t->lock);
            continue;
        }
        t->busy = true;
        unlock(t);
        if (n > 0)
            round_of(t, n, true);
        publish(t);
        lock(t);
        t->busy = false;
    }
    unlock(t);
    return 0;
}
#endif

void gf_trainer_work(struct gf_trainer *t, double budget_s)
{
    if (t->threaded)
        return;
    Uint64 start = SDL_GetPerformanceCounter();
    struct request r;
    bool rebuild;
    if (pending_request(t, &r, &rebuild))
        carry_out(t, &r, rebuild);
    if (views_pending(t)) {
        r = t->asked;
        apply_views(t, &r);
    }
    double train_s = fmax(budget_s - FRAME_MAP_S, 0.0);
    int chunk = 1;
    for (;;) {
        int n = take_steps(t, chunk);
        if (n == 0)
            break;
        round_of(t, n, false);   /* the copy once, after the frame's last round */
        if (seconds_since(t, start) > train_s) {
            t->owed = 0.0;   /* the machine is the limit: do not pile up debt */
            break;
        }
        chunk *= 2;   /* few timer reads when steps are cheap */
    }
    if (maps_stale(t)) {   /* both maps get their share of the frame, whatever the first did */
        bool left = map_work(t, GF_LEFT, FRAME_MAP_S / 2, true);
        bool right = map_work(t, GF_RIGHT, FRAME_MAP_S / 2, true);
        t->dirty = left || right || t->dirty;
    }
    publish(t);
}

struct gf_trainer *gf_trainer_start(struct gf_app *app, int threads, char *err, size_t errlen)
{
    struct gf_trainer *t = calloc(1, sizeof *t);
    if (t) {
        t->model = calloc(1, sizeof *t->model);
        t->back = calloc(1, sizeof *t->back);
    }
    if (!t || !t->model || !t->back) {
        snprintf(err, errlen, "out of memory for the trainer");
        goto fail;
    }
    t->freq = SDL_GetPerformanceFrequency();
    t->threaded = threads > 0 && GF_THREADS;
    t->helper = threads > 1 && GF_THREADS;
    /* the trainer takes the live networks; the app keeps a copy to draw */
    gf_app_swap_model(t->model, app);
    t->model->cfg = app->cfg;
    t->model->lesson = app->lesson;
    t->model->lesson_mode = app->lesson_mode;
    t->model->scene = app->scene;
    t->model->dist_live = true;   /* histograms after every round, of what the views show */
    gf_app_views_shown(app, t->asked.dist_view, t->asked.time_view);
    for (int s = 0; s < GF_SIDES; s++) {
        t->model->dist_view[s] = t->asked.dist_view[s];
        t->model->time_view[s] = t->asked.time_view[s];
    }
    gf_app_sync_measures(t->model);
    gf_app_capture_dists(t->model, false);   /* the app's own, if any, went with the swap */
    if (!gf_app_copy_model(app, t->model)) {
        gf_app_swap_model(t->model, app);
        gf_app_destroy(t->model);   /* what the copy got before memory ran out */
        snprintf(err, errlen, "out of memory for a copy of the networks");
        goto fail;
    }
    app->deferred = true;
    lend_threads(t);
    t->asked.cfg = app->cfg;
    t->asked.lesson = app->lesson;
    t->asked.lesson_mode = app->lesson_mode;
    t->asked.scene = app->scene;
    t->asked.serial = t->built = t->model_serial = t->shown_serial = app->rebuilds_asked;
    t->has_examples = t->model->n_examples > 0;
#if GF_THREADS
    if (t->threaded) {
        /* only threads need locks (a build of SDL without threads, as in
         * the browser, has none to give) */
        t->lock = SDL_CreateMutex();
        t->wake = SDL_CreateCond();
        t->go = SDL_CreateCond();
        t->gone = SDL_CreateCond();
        t->maps = SDL_CreateCond();
        if (!t->lock || !t->wake || !t->go || !t->gone || !t->maps) {
            snprintf(err, errlen, "cannot create the trainer's locks: %s", SDL_GetError());
            goto fail_started;
        }
        if (t->helper)
            t->thread[GF_RIGHT] = SDL_CreateThread(helper_main, "gradflow-right", t);
        if (t->thread[GF_RIGHT] || !t->helper)
            t->thread[GF_LEFT] = SDL_CreateThread(trainer_main, "gradflow-train", t);
        if (!t->thread[GF_LEFT]) {
            snprintf(err, errlen, "cannot start the training threads: %s", SDL_GetError());
            goto fail_started;
        }
    }
#endif
    return t;

#if GF_THREADS   /* only threads can fail to start */
fail_started:
    gf_trainer_stop(t, app);   /* joins what started; app keeps its copy */
    return NULL;
#endif
fail:
    if (t) {
        free(t->model);
        free(t->back);
    }
    free(t);
    return NULL;
}

void gf_trainer_stop(struct gf_trainer *t, struct gf_app *app)
{
    if (!t)
        return;
    /* The trainer thread first: it may be waiting for the helper to finish
     * a round, so the helper is told to stop only once it has. */
    if (t->lock) {
        lock(t);
        t->quit = true;
        if (t->wake)
            signal_cond(t->wake);
        unlock(t);
    }
    if (t->thread[GF_LEFT])
        SDL_WaitThread(t->thread[GF_LEFT], NULL);
    if (t->lock) {
        lock(t);
        t->helper_quit = true;
        if (t->go)
            signal_cond(t->go);
        unlock(t);
    }
    if (t->thread[GF_RIGHT])
        SDL_WaitThread(t->thread[GF_RIGHT], NULL);
    app->deferred = false;
    gf_app_destroy(t->model);
    gf_app_destroy(t->back);
    free(t->model);
    free(t->back);
    if (t->wake)
        SDL_DestroyCond(t->wake);
    if (t->go)
        SDL_DestroyCond(t->go);
    if (t->gone)
        SDL_DestroyCond(t->gone);
    if (t->maps)
        SDL_DestroyCond(t->maps);
    if (t->lock)
        SDL_DestroyMutex(t->lock);
    free(t);
}

void gf_trainer_ask(struct gf_trainer *t, struct gf_app *app, double steps, double most)
{
    lock(t);
    bool news = false;
    if (app->rebuilds_asked != t->asked.serial || app->lesson_mode != t->asked.lesson_mode) {
        t->asked.cfg = app->cfg;
        t->asked.lesson = app->lesson;
        t->asked.lesson_mode = app->lesson_mode;
        t->asked.scene = app->scene;
        t->asked.serial = app->rebuilds_asked;
        news = true;
    }
    /* what is on screen, the lesson scene's view included: the model may
       not have been rebuilt for the scene (the same settings) */
    bool shown_dist[GF_SIDES];
    enum gf_time_view shown_time[GF_SIDES];
    gf_app_views_shown(app, shown_dist, shown_time);
    bool views = false;
    for (int s = 0; s < GF_SIDES; s++) {
        views = views || t->asked.dist_view[s] != shown_dist[s] || t->asked.time_view[s] != shown_time[s];
        t->asked.dist_view[s] = shown_dist[s];
        t->asked.time_view[s] = shown_time[s];
    }
    if (views) {
        t->asked.views++;
        news = true;
    }
    if (app->paused)
        t->owed = 0.0;
    else if (steps > 0.0) {
        t->owed = fmin(t->owed + steps, most);
        news = news || t->owed >= 1.0;
    }
    if (app->steps_asked > 0) {
        t->single += app->steps_asked;
        app->steps_asked = 0;
        news = true;
    }
    if (news)
        signal_cond(t->wake);
    unlock(t);
}

bool gf_trainer_take(struct gf_trainer *t, struct gf_app *app)
{
    lock(t);
    bool took = t->ready;
    if (took) {
        gf_app_swap_model(app, t->back);   /* pointers and small structs: quick */
        t->shown_serial = t->back_serial;
        t->ready = false;
        if (t->dirty)
            signal_cond(t->wake);   /* the trainer has a newer state to copy */
    }
    unsigned failed = t->failed;
    t->failed = 0;
    unlock(t);
    /* A change that could not be built: say so and go back to what is trained,
     * unless something newer was asked since. */
    if (failed && failed == app->rebuilds_asked) {
        t->shown_serial = failed;   /* nothing more is coming for it */
        app->cfg = app->lab->cfg;
        gf_app_say(app, true, "%s", gf_tr(app->lang, "out of memory: kept the previous settings"));
    }
    return took;
}

bool gf_trainer_building(const struct gf_trainer *t, const struct gf_app *app)
{
    return t->shown_serial != app->rebuilds_asked;
}

void gf_trainer_settle(struct gf_trainer *t, struct gf_app *app)
{
    gf_trainer_ask(t, app, 0.0, 0.0);
    for (;;) {
        gf_trainer_work(t, 1.0);
        lock(t);
        bool idle = t->asked.serial == t->built && t->single == 0 && t->owed < 1.0 && !t->busy && !t->dirty &&
                    (t->asked.lesson_mode || !t->has_examples) && !views_pending(t);
        bool ready = t->ready;
        unlock(t);
        gf_trainer_take(t, app);
        if (idle && !ready)
            return;
        if (t->threaded)
            SDL_Delay(1);
    }
}

int64_t gf_trainer_steps(struct gf_trainer *t)
{
    lock(t);
    int64_t n = t->steps;
    unlock(t);
    return n;
}

int gf_trainer_builds(struct gf_trainer *t)
{
    lock(t);
    int n = t->builds;
    unlock(t);
    return n;
}
