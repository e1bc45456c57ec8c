/* gf_result.h - how an operation of the program ended, and the exit status
 * each ending gives: one enum for app init, the window's open and frame,
 * and the headless run, so that a failure anywhere reaches the exit code. */
#ifndef GF_RESULT_H
#define GF_RESULT_H

enum gf_result {
    GF_OK,              /* done: exit status 0 */
    GF_ERR_INPUT,       /* a bad flag, file, lesson or scene (the user's to fix): 2 */
    GF_ERR_OUTPUT,      /* an output cannot be written, and none is left behind: 2 */
    GF_ERR_MEMORY,      /* the networks or their buffers cannot be had: 2 */
    GF_ERR_SYSTEM,      /* SDL, a display, a renderer, fonts or threads failed: 1 */
};

/* The process's exit status for a result. */
static inline int gf_result_status(enum gf_result r)
{
    return r == GF_OK ? 0 : r == GF_ERR_SYSTEM ? 1 : 2;
}

#endif
