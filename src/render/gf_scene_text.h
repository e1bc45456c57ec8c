/* gf_scene_text.h - the sentences lesson scenes build from live numbers,
 * apart from their drawing so that what they claim can be tested: each
 * chooses its words from the numbers and settings it describes. */
#ifndef GF_SCENE_TEXT_H
#define GF_SCENE_TEXT_H

#include "gf_view.h"

#define GF_SCENE_LINE 400     /* bytes per sentence */
#define GF_SCENE_FACTS 5      /* lines beside a map at most */

/* Scene 5, one run: what the bars show of layer 1 against the last layer
 * (claim), and the per-layer estimate mean |f′| × ‖W‖₂ (estimate; "" when
 * it would leave out factors the run has: skips, batch norm; or when there
 * is no gradient to estimate). */
void gf_scene_vanishing_text(const struct gf_view *v, enum gf_side side, char claim[GF_SCENE_LINE],
                             char estimate[GF_SCENE_LINE]);

/* Scene 8, one run: its facts, the first a heading; returns how many (0:
 * nothing finite to state yet). */
int gf_scene_softmax_text(const struct gf_view *v, enum gf_side side, char lines[GF_SCENE_FACTS][GF_SCENE_LINE]);

#endif
