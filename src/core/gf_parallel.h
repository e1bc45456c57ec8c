/* gf_parallel.h - independent pieces of the core's work that the program
 * around it may share out among threads of its own. The core starts no
 * thread and takes no lock: it only says which work does not depend on
 * its order, and calls back to have it done. */
#ifndef GF_PARALLEL_H
#define GF_PARALLEL_H

/* each(ctx, n, fn, arg) calls fn(arg, i) once for every i in [0, n), in any
 * order and on any of the program's threads, and returns when all are done.
 * Each piece writes only what is its own, so the results are the same bits
 * however the pieces were shared out. */
struct gf_parallel {
    void (*each)(void *ctx, int n, void (*fn)(void *arg, int i), void *arg);
    void *ctx;
};

/* par's each, or (par NULL) every piece in turn on the caller's thread. */
static inline void gf_parallel_each(const struct gf_parallel *par, int n, void (*fn)(void *arg, int i), void *arg)
{
    if (par && par->each) {
        par->each(par->ctx, n, fn, arg);
        return;
    }
    for (int i = 0; i < n; i++)
        fn(arg, i);
}

#endif
