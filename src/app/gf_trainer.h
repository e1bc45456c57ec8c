/* gf_trainer.h - trains the window's networks away from the thread that
 * handles events and draws.
 *
 * The trainer owns the networks' half of an app (the lab being trained,
 * the decision maps' work, the scene's examples: a "model"). With threads,
 * two threads train the two runs at once, in rounds that end with both at
 * the same step: the thread done first takes independent pieces of the
 * other run's step (gf_parallel), then decision-map work on either side.
 * One of them carries out settings changes (building a 64 x 256 network
 * takes a while, the other helping) and publishes. With
 * threads off (or not compiled in, as in the web build), gf_trainer_work
 * does exactly the same work on the caller's thread within a time budget
 * per frame. The runs never read each other, so the same steps give the
 * same bits either way.
 *
 * Hand-off: after each round of steps the trainer copies what drawing
 * reads (settings, statistics, history, weights, maps) into a second model
 * and marks it ready; gf_trainer_take swaps that copy into the window's app
 * between frames. The lock is held only to read and flip a few fields,
 * never during a step, a build or a copy, so the frame never waits for
 * training and never sees half of a step.
 *
 * No SDL types here: the header stays usable by SDL-free code.
 */
#ifndef GF_TRAINER_H
#define GF_TRAINER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gf_app.h"

struct gf_trainer;

/* Whether this build can train on threads (the `threads` build option). */
bool gf_trainer_threads_available(void);

/* Takes over app's networks: app keeps a copy for drawing and becomes
 * deferred (see gf_app.deferred). threads: 2, a thread per run; 1, one
 * thread training both runs in turn (for comparison); 0, no thread, the
 * work done by gf_trainer_work (what a build without threads always gets).
 * NULL, err saying why and app as it was, when memory runs out or a thread
 * cannot start. */
struct gf_trainer *gf_trainer_start(struct gf_app *app, int threads, char *err, size_t errlen);

/* Stops the threads, after the step or build under way, and frees the
 * trainer. app keeps the copy it last took and is no longer deferred. */
void gf_trainer_stop(struct gf_trainer *t, struct gf_app *app);

/* Threads training: 0, 1 or 2. */
int gf_trainer_threads(const struct gf_trainer *t);

/* Once per frame, after the events: hands over what app asks for now (its
 * settings when they changed since the last call: one build for any number
 * of changes, the last one winning; leaving lesson mode; the steps app
 * counted while deferred), and `steps` more steps owed at the asked speed,
 * those owed kept to at most `most`. While app is paused the owed steps are
 * dropped. Never waits for training. */
void gf_trainer_ask(struct gf_trainer *t, struct gf_app *app, double steps, double most);

/* Threads off: the trainer's work (a settings change, steps owed, map
 * work, publishing) on the caller's thread for about budget_s seconds.
 * With threads it does nothing. */
void gf_trainer_work(struct gf_trainer *t, double budget_s);

/* Swaps the newest published copy into app when one is ready (true), with
 * the note of a change that could not be built. Never waits for training. */
bool gf_trainer_take(struct gf_trainer *t, struct gf_app *app);

/* Are the settings app last asked for still being built (not yet in the
 * copy app has)? */
bool gf_trainer_building(const struct gf_trainer *t, const struct gf_app *app);

/* Waits until everything asked has been done and published, and takes it:
 * for tests and measurements that need to know where training stands. */
void gf_trainer_settle(struct gf_trainer *t, struct gf_app *app);

/* Steps trained so far, both runs together, over every network built. */
int64_t gf_trainer_steps(struct gf_trainer *t);

/* Networks built for settings changes so far. */
int gf_trainer_builds(struct gf_trainer *t);

#endif
