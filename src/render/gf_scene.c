/* gf_scene.c - lesson mode: each scene's caption (a title and up to three
 * sentences, wrapped to the width) over what the scene shows. Scenes are
 * made from the same panels as free play, arranged for the point being
 * taught, plus a few drawings of their own: the three lines of a linear
 * function, the training loop, the tables. The network diagram is in
 * gf_scene_network.c. Like every panel, nothing here changes the view. */
#include "gf_panel.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gf_draw.h"
#include "gf_i18n.h"
#include "gf_scene_text.h"

#define T(s) gf_tr(ctx->view->lang, (s))
#define PI 3.14159265358979323846   /* C11 has no PI */
#define E 2.71828182845904523536


const char *gf_scene_footer(const struct gf_view *view)
{
    return gf_tr(view->lang, "PageDown / → next scene · PageUp / ← back · M free play · L 한국어 / English · "
                             "Space pause · H help");
}

/* The longest prefix of word (n bytes) no wider than w, cut between
 * characters (at least one character, so a line always moves on). */
static size_t fitting_prefix(const struct gf_ctx *ctx, const char *word, size_t n, int px, bool bold, int w)
{
    char part[1024];
    size_t best = 0;
    for (size_t i = 1; i <= n && i < sizeof part; i++) {
        if (i < n && ((unsigned char)word[i] & 0xC0) == 0x80)
            continue;   /* inside a character */
        memcpy(part, word, i);
        part[i] = '\0';
        if (best > 0 && gf_text_size(ctx->text, part, px, bold).x > w)
            break;
        best = i;
    }
    return best;
}

/* Draws s (UTF-8, words separated by spaces) in lines no wider than w,
 * from the top-left (x, y); a word wider than a line is cut between its
 * characters. With draw false only measures. Returns the height used. */
static int wrap(const struct gf_ctx *ctx, const char *s, int px, bool bold, SDL_Color c, int x, int y, int w,
                bool draw)
{
    char line[1024] = "";
    int line_h = gf_text_size(ctx->text, "Ag가", px, bold).y;
    int used = 0;
    const char *p = s;
    while (*p) {
        while (*p == ' ')
            p++;
        const char *end = p;
        while (*end && *end != ' ')
            end++;
        if (end == p)
            break;
        /* a formula holds together: words joined where no line may break */
        for (;;) {
            const char *q = end;
            while (*q == ' ')
                q++;
            const char *qe = q;
            while (*qe && *qe != ' ')
                qe++;
            const char *last = end;
            while (last > p && last[-1] != ' ')
                last--;
            if (qe == q || gf_text_break_between(last, (size_t)(end - last), q, (size_t)(qe - q)))
                break;
            end = qe;
        }
        char candidate[1024];
        snprintf(candidate, sizeof candidate, "%s%s%.*s", line, *line ? " " : "", (int)(end - p), p);
        if (gf_text_size(ctx->text, candidate, px, bold).x <= w) {
            memcpy(line, candidate, sizeof line);
            p = end;
            continue;
        }
        if (*line) {   /* the word goes on a line of its own */
            if (draw)
                gf_text_draw(ctx->text, ctx->r, line, px, bold, c, x, y + used, 0);
            used += line_h;
            line[0] = '\0';
            continue;
        }
        /* alone and still too wide: as much of it as fits, the rest on the next line */
        size_t cut = fitting_prefix(ctx, p, (size_t)(end - p), px, bold, w);
        snprintf(line, sizeof line, "%.*s", (int)cut, p);
        if (cut < (size_t)(end - p)) {
            if (draw)
                gf_text_draw(ctx->text, ctx->r, line, px, bold, c, x, y + used, 0);
            used += line_h;
            line[0] = '\0';
        }
        p += cut;
    }
    if (*line) {
        if (draw)
            gf_text_draw(ctx->text, ctx->r, line, px, bold, c, x, y + used, 0);
        used += line_h;
    }
    return used;
}

/* The caption band: "3 / 8", the scene's title and its sentences, as large
 * as fits in at most a third of the body. Returns its height. */
static int draw_caption(const struct gf_ctx *ctx, SDL_Rect body)
{
    const struct gf_theme *th = ctx->theme;
    const struct gf_lesson_view *l = &ctx->view->lesson;
    int g = ctx->lay->gap;
    char counter[32];
    snprintf(counter, sizeof counter, "%d / %d", l->index + 1, l->count);
    int title_px = gf_layout_px(ctx->lay, 36), text_px = gf_layout_px(ctx->lay, 26);
    int x = body.x + 2 * g, w = body.w - 4 * g;
    int h = 0;
    for (;;) {
        int counter_w = gf_text_size(ctx->text, counter, title_px, true).x + g;
        h = g + wrap(ctx, l->title, title_px, true, th->fg, x + counter_w, 0, w - counter_w, false) + g / 2;
        for (int i = 0; i < l->n_text; i++)
            h += wrap(ctx, l->text[i], text_px, false, th->fg, x, 0, w, false) + g / 3;
        h += g / 2;
        int least = ctx->lay->min_px;   /* never below what the back row can read */
        if (h <= body.h / 3 || text_px <= least)
            break;
        title_px = title_px * 9 / 10 > least ? title_px * 9 / 10 : least;
        text_px = text_px * 9 / 10 > least ? text_px * 9 / 10 : least;
    }
    SDL_Rect band = {body.x, body.y, body.w, h};
    gf_fill(ctx->r, band, th->panel);
    gf_fill(ctx->r, (SDL_Rect){band.x, band.y + band.h - 1, band.w, 1}, th->border);
    int y = body.y + g;
    SDL_Rect c = gf_text_draw(ctx->text, ctx->r, counter, title_px, true, th->muted, x, y, 0);
    y += wrap(ctx, l->title, title_px, true, th->fg, c.x + c.w + g, y, w - c.w - g, true) + g / 2;
    for (int i = 0; i < l->n_text; i++)
        y += wrap(ctx, l->text[i], text_px, false, th->fg, x, y, w, true) + g / 3;
    return h;
}

static void split_columns(SDL_Rect a, int g, SDL_Rect col[GF_SIDES])
{
    int w = (a.w - g) / 2;
    col[GF_LEFT] = (SDL_Rect){a.x, a.y, w, a.h};
    col[GF_RIGHT] = (SDL_Rect){a.x + w + g, a.y, a.w - w - g, a.h};
}

/* Takes the top h pixels (and a gap) off a, returning them. */
static SDL_Rect take_top(SDL_Rect *a, int h, int g)
{
    SDL_Rect top = {a->x, a->y, a->w, h};
    a->y += h + g;
    a->h -= h + g;
    return top;
}

static int header_height(const struct gf_ctx *ctx)
{
    return gf_layout_len(ctx->lay, 54);
}

/* Lines of text from the top of area, each as large as px allows; returns the height used. */
static int draw_lines(const struct gf_ctx *ctx, SDL_Rect area, const char *const *lines, const bool *bold, int n,
                      int px, SDL_Color c)
{
    int y = area.y;
    for (int i = 0; i < n; i++)
        y += wrap(ctx, lines[i], px, bold && bold[i], c, area.x, y, area.w, true) + ctx->lay->gap / 2;
    return y - area.y;
}

/* ---- 1. linear functions ---- */

static void scene_linear(const struct gf_ctx *ctx, SDL_Rect a)
{
    const struct gf_theme *th = ctx->theme;
    int g = ctx->lay->gap;
    SDL_Rect col[GF_SIDES];
    split_columns(a, g, col);
    SDL_Rect in = gf_panel_frame(ctx, col[GF_LEFT], T("three linear functions, with a = 2 and b = 1"));
    int small = gf_layout_px(ctx->lay, 20);
    const float x_lo = -3.0f, x_hi = 3.0f, y_lo = -6.0f, y_hi = 8.0f;
    int label_w = gf_text_size(ctx->text, "−6", small, false).x + g / 2;
    int label_h = gf_text_size(ctx->text, "0", small, false).y;
    SDL_Rect plot = {in.x + label_w, in.y, in.w - label_w, in.h - label_h};
    if (plot.w < 20 || plot.h < 20)
        return;
#define PX(v) ((float)plot.x + ((v) - x_lo) / (x_hi - x_lo) * (float)plot.w)
#define PY(v) ((float)plot.y + (y_hi - (v)) / (y_hi - y_lo) * (float)plot.h)
    for (int x = -3; x <= 3; x++) {
        char t[8];
        snprintf(t, sizeof t, "%d", x);
        gf_line(ctx->r, PX((float)x), (float)plot.y, PX((float)x), (float)(plot.y + plot.h), th->grid, 1.0f, 0.0f);
        gf_text_draw(ctx->text, ctx->r, t, small, false, th->muted, (int)PX((float)x), plot.y + plot.h,
                     GF_ALIGN_CENTER);
    }
    for (int y = -6; y <= 8; y += 2) {
        char t[8];
        snprintf(t, sizeof t, "%d", y);
        gf_line(ctx->r, (float)plot.x, PY((float)y), (float)(plot.x + plot.w), PY((float)y), th->grid, 1.0f, 0.0f);
        /* the ends unlabelled: −6 would meet the x axis's −3 in the corner, 8 the panel's title */
        if (y > -6 && y < 8)
            gf_text_draw(ctx->text, ctx->r, t, small, false, th->muted, plot.x - g / 4, (int)PY((float)y),
                         GF_ALIGN_RIGHT | GF_ALIGN_MIDDLE);
    }
    gf_line(ctx->r, PX(x_lo), PY(0.0f), PX(x_hi), PY(0.0f), th->muted, 2.0f, 0.0f);
    gf_line(ctx->r, PX(0.0f), (float)plot.y, PX(0.0f), (float)(plot.y + plot.h), th->muted, 2.0f, 0.0f);
    static const struct { float a, b; const char *name; enum gf_act colour; } lines[3] = {
        {1.0f, 0.0f, "y = x", GF_ACT_LINEAR}, {2.0f, 0.0f, "y = ax", GF_ACT_TANH}, {2.0f, 1.0f, "y = ax + b", GF_ACT_RELU},
    };
    float thick = fmaxf(2.0f, 5.0f * ctx->lay->u);
    int px = gf_layout_px(ctx->lay, 26);
    gf_clip(ctx->r, &plot);
    for (int i = 0; i < 3; i++)
        gf_line(ctx->r, PX(x_lo), PY(lines[i].a * x_lo + lines[i].b), PX(x_hi), PY(lines[i].a * x_hi + lines[i].b),
                th->act[lines[i].colour], thick, 0.0f);
    gf_clip(ctx->r, NULL);
    /* a key in the top-left quarter, which lines through the origin with a > 0 leave empty */
    int row = gf_text_size(ctx->text, "y", px, true).y * 13 / 10;
    float seg = 44.0f * ctx->lay->u;
    for (int i = 0; i < 3; i++) {
        int ky = plot.y + g + row / 2 + i * row;
        float kx = (float)(plot.x + g);
        gf_line(ctx->r, kx, (float)ky, kx + seg, (float)ky, th->act[lines[i].colour], thick, 0.0f);
        gf_text_draw(ctx->text, ctx->r, lines[i].name, px, true, th->act[lines[i].colour], (int)(kx + seg) + g / 2,
                     ky, GF_ALIGN_MIDDLE);
    }
#undef PX
#undef PY
    gf_panel_activation(ctx, col[GF_RIGHT], GF_ACT_LINEAR, 0.0f);
}

/* ---- 2. structure ---- */

static void scene_network(const struct gf_ctx *ctx, SDL_Rect a)
{
    int g = ctx->lay->gap;
    SDL_Rect col[GF_SIDES], diagram[GF_SIDES];
    split_columns(a, g, col);
    for (int s = 0; s < GF_SIDES; s++) {
        SDL_Rect c = col[s];
        gf_render_header(ctx, take_top(&c, header_height(ctx), g / 2), (enum gf_side)s);
        diagram[s] = take_top(&c, c.h * 62 / 100, g);
        gf_panel_bars(ctx, c, (enum gf_side)s);
    }
    gf_scene_networks(ctx, diagram);
}

/* ---- 3. stacked linear layers collapse ---- */

static void collapse_facts(const struct gf_ctx *ctx, SDL_Rect area, enum gf_side side)
{
    const struct gf_theme *th = ctx->theme;
    const struct gf_map *m = ctx->view->map[side];
    const struct gf_run *run = &ctx->view->lab->run[side];
    int px = gf_layout_px(ctx->lay, 25);
    char l0[160], l1[160], l2[160], l3[200], l4[160];
    const char *lines[5] = {l0, l1, l2, l3, l4};
    bool bold[5] = {true, false, false, false, false};
    int n = 0;
    if (run->diverged_at) {
        /* nothing finite to state: the box over this half says why */
    } else if (m->step >= 0 && m->affine) {
        int n_in = gf_mlp_n_in(&run->net);
        /* batch norm in evaluation is affine as well: folded into W_eff and b_eff, and said so */
        snprintf(l0, sizeof l0, "%s",
                 run->cfg.batchnorm ? T("net(x) = W_eff·x + b_eff, batch norm folded in: in evaluation it is affine too")
                                    : "net(x) = W_eff·x + b_eff");
        int used = snprintf(l1, sizeof l1, "W_eff = [");
        for (int i = 0; i < n_in && used > 0 && (size_t)used < sizeof l1; i++)
            used += snprintf(l1 + used, sizeof l1 - (size_t)used, "%s%.3f", i ? ",  " : " ", m->W_eff[i]);
        if (used > 0 && (size_t)used < sizeof l1)
            snprintf(l1 + used, sizeof l1 - (size_t)used, " ]");
        snprintf(l2, sizeof l2, "b_eff = %.3f", m->b_eff[0]);
        char gap[32];
        gf_format_value(gap, sizeof gap, m->affine_gap);
        snprintf(l3, sizeof l3, T("largest difference from net(x) over the %d points: %s"), ctx->view->lab->data.n, gap);
        /* the boundary W_eff x + b_eff = 0 may lie outside the map: then the map shows no line, so say so */
        int above = 0;
        for (int k = 0; k < 4; k++) {
            double x = k & 1 ? m->hi : m->lo, y = k & 2 ? m->hi : m->lo;
            above += m->W_eff[0] * x + (n_in > 1 ? m->W_eff[1] * y : 0.0) + m->b_eff[0] > 0.0;
        }
        bool outside = m->n_out == 1 && (above == 0 || above == 4);
        snprintf(l4, sizeof l4,
                 T(outside ? "%d weight layers, one straight boundary, outside this map: all of it is one class"
                           : "%d weight layers, one straight boundary"),
                 run->net.n_layers);
        n = 5;
    } else if (m->step >= 0) {
        snprintf(l0, sizeof l0, T("%s between the layers"), gf_act_name(run->cfg.act, ctx->view->lang));
        snprintf(l1, sizeof l1, "%s", T("no single W_eff: the boundary can bend around the data"));
        n = 2;
    }
    draw_lines(ctx, area, lines, bold, n, px, th->fg);
}

/* Both runs' maps, each with facts about it beside, over the loss of both:
 * the layout of the scenes that compare what two models learned. */
typedef void facts_fn(const struct gf_ctx *ctx, SDL_Rect area, enum gf_side side);

static void maps_with_facts(const struct gf_ctx *ctx, SDL_Rect a, int loss_percent, facts_fn *facts)
{
    int g = ctx->lay->gap;
    SDL_Rect loss = {a.x, a.y + a.h - a.h * loss_percent / 100, a.w, a.h * loss_percent / 100};
    a.h -= loss.h + g;
    SDL_Rect col[GF_SIDES];
    split_columns(a, g, col);
    for (int s = 0; s < GF_SIDES; s++) {
        SDL_Rect c = col[s];
        gf_render_header(ctx, take_top(&c, header_height(ctx), g / 2), (enum gf_side)s);
        int side_px = c.h < c.w / 2 ? c.h : c.w / 2;
        gf_panel_map(ctx, (SDL_Rect){c.x, c.y, side_px, side_px}, (enum gf_side)s);
        facts(ctx, (SDL_Rect){c.x + side_px + g, c.y + g / 2, c.w - side_px - g, c.h - g / 2}, (enum gf_side)s);
    }
    gf_panel_loss(ctx, loss);
}

/* ---- 4. non-linear activations ---- */

static float leaky_alpha(const struct gf_view *v)
{
    for (int s = 0; s < GF_SIDES; s++)
        if (v->lab->run[s].cfg.act == GF_ACT_LEAKY_RELU)
            return v->lab->run[s].cfg.alpha;
    return v->lab->cfg.alpha[v->focus];
}

/* The runs the table shows: the scene's two, then its example's two (sigmoid and tanh in the lesson). */
static int table_runs(const struct gf_view *v, const struct gf_run *runs[4])
{
    int n = 0;
    for (int s = 0; s < GF_SIDES; s++)
        runs[n++] = &v->lab->run[s];
    if (v->lesson.n_examples > 0)
        for (int s = 0; s < GF_SIDES; s++)
            runs[n++] = &v->lesson.example[0]->run[s];
    return n;
}

/* Each run's share under its own name (saturated for sigmoid and tanh,
 * inactive for the ReLU family) and its dead units, per hidden layer. */
static void activation_table(const struct gf_ctx *ctx, SDL_Rect area)
{
    const struct gf_theme *th = ctx->theme;
    const struct gf_view *v = ctx->view;
    SDL_Rect in = gf_panel_frame(ctx, area, T("per hidden layer · inactive or saturated: f′ under 1/10 of its largest · dead: f′ = 0 on the whole batch"));
    const struct gf_run *runs[4];
    int n_runs = table_runs(v, runs);
    int layer_w = in.w / 10, col_w = (in.w - layer_w) / (2 * n_runs);
    int px = gf_layout_px(ctx->lay, 22);
    while (px > ctx->lay->min_px && (gf_text_size(ctx->text, T("saturated"), px, false).x > col_w - ctx->lay->gap / 3 ||
                      gf_text_size(ctx->text, T("inactive"), px, false).x > col_w - ctx->lay->gap / 3))
        px--;
    int row_h = gf_text_size(ctx->text, "Ag", px, false).y * 12 / 10;
    if (in.h < 3 * row_h)
        return;   /* no room for the headings and a row */
    int y = in.y;
    gf_text_draw(ctx->text, ctx->r, T("layer"), px, true, th->muted, in.x, y + row_h, 0);
    for (int i = 0; i < n_runs; i++) {
        const struct gf_run_config *rc = &runs[i]->cfg;
        char name[96];
        gf_render_run_name(name, sizeof name, rc, false, ctx->view->lang);
        if (i >= GF_SIDES)   /* the example's: told apart from a live run the keys made sigmoid or tanh too */
            snprintf(name + strlen(name), sizeof name - strlen(name), "%s", T(" · fixed"));
        int x = in.x + layer_w + col_w * 2 * i;
        int name_px = px;
        while (name_px > ctx->lay->min_px && gf_text_size(ctx->text, name, name_px, true).x > 2 * col_w - ctx->lay->gap / 2)
            name_px--;
        gf_text_draw(ctx->text, ctx->r, name, name_px, true, th->act[rc->act], x + col_w, y, GF_ALIGN_CENTER);
        enum gf_metric share = gf_metric_share(rc->act);
        const char *share_name = share == GF_METRIC_SATURATED ? T("saturated") : share == GF_METRIC_INACTIVE ? T("inactive") : "";
        gf_text_draw(ctx->text, ctx->r, share_name, px, false, th->muted, x + col_w / 2, y + row_h, GF_ALIGN_CENTER);
        gf_text_draw(ctx->text, ctx->r, T("dead"), px, false, th->muted, x + col_w * 3 / 2, y + row_h, GF_ALIGN_CENTER);
    }
    y += 2 * row_h;
    int hidden = v->bars[GF_LEFT]->n_layers - 1;
    int fit = (in.y + in.h - y) / row_h;   /* rows with room */
    for (int l = 0; l < hidden && l < fit; l++, y += row_h) {
        char t[32];
        if (l + 1 == fit && l + 1 < hidden) {   /* no room for every layer: say how many are left */
            snprintf(t, sizeof t, T("… %d more"), hidden - l);
            gf_text_draw(ctx->text, ctx->r, t, px, false, th->muted, in.x, y, 0);
            break;
        }
        snprintf(t, sizeof t, "%d", l + 1);
        gf_text_draw(ctx->text, ctx->r, t, px, false, th->fg, in.x, y, 0);
        for (int i = 0; i < n_runs; i++) {
            /* the scene's runs as the bars show them; the example's from its last step */
            const struct gf_step_stats *st = i < GF_SIDES ? v->bars[i] : &runs[i]->last;
            int x = in.x + layer_w + col_w * 2 * i;
            enum gf_metric share = gf_metric_share(runs[i]->cfg.act);
            for (int k = 0; k < 2; k++) {
                enum gf_metric m = k == 0 ? share : GF_METRIC_DEAD;
                float f = m == GF_METRIC_COUNT || l >= st->n_layers - 1 || runs[i]->step == 0 ? NAN : st->layer[l].v[m];
                if (isfinite(f))
                    gf_format_percent(t, sizeof t, f);   /* 99.6 % inactive is not every unit */
                else
                    snprintf(t, sizeof t, "—");
                gf_text_draw(ctx->text, ctx->r, t, px, f > 0.0f, f > 0.25f ? th->warn : th->fg,
                             x + col_w / 2 + k * col_w, y, GF_ALIGN_CENTER);
            }
        }
    }
}

static void scene_activations(const struct gf_ctx *ctx, SDL_Rect a)
{
    const struct gf_theme *th = ctx->theme;
    int g = ctx->lay->gap;
    SDL_Rect row = take_top(&a, a.h * 47 / 100, g);
    static const enum gf_act acts[4] = {GF_ACT_RELU, GF_ACT_LEAKY_RELU, GF_ACT_SIGMOID, GF_ACT_TANH};
    float alpha = leaky_alpha(ctx->view);
    int w = (row.w - 3 * g) / 4;
    int name_px = gf_layout_px(ctx->lay, 28);
    int name_h = gf_text_size(ctx->text, "Ag", name_px, true).y;
    for (int i = 0; i < 4; i++) {
        SDL_Rect cell = {row.x + i * (w + g), row.y, w, row.h};
        char name[64];
        gf_render_run_name(name, sizeof name, &(struct gf_run_config){.act = acts[i], .alpha = alpha}, false,
                           ctx->view->lang);
        gf_text_draw(ctx->text, ctx->r, name, name_px, true, th->act[acts[i]], cell.x, cell.y, 0);
        cell.y += name_h;
        cell.h -= name_h;
        gf_panel_activation(ctx, cell, acts[i], alpha);
    }
    SDL_Rect table = {a.x, a.y, a.w * 62 / 100, a.h};
    activation_table(ctx, table);
    SDL_Rect note = {table.x + table.w + 2 * g, a.y + g, a.w - table.w - 3 * g, a.h - g};
    char text[400];
    snprintf(text, sizeof text,
             T("a = %g: for x < 0 leaky ReLU outputs a·x, with slope a instead of 0, so its units never die: there it still "
               "passes the gradient back, scaled by a. a is a hyperparameter: a = 1 is the linear function again, and the "
               "smaller a, the closer to ReLU (a = 0). Press < and > to halve or double a."),
             (double)alpha);
    int used = wrap(ctx, text, gf_layout_px(ctx->lay, 23), false, th->fg, note.x, note.y, note.w, true);
    wrap(ctx,
         T("σ′ ≤ ¼ everywhere, so even where it is not saturated a plain sigmoid layer passes back at most ¼ × ‖W‖₂ of the "
           "gradient; saturation, from large weights or learning rates, makes f′ smaller still. The columns marked fixed "
           "are a run of their own with fixed settings: the keys do not change it."),
         gf_layout_px(ctx->lay, 23), false, th->act[GF_ACT_SIGMOID], note.x, note.y + used + ctx->lay->gap, note.w, true);
}

/* ---- 5. the vanishing gradient ---- */

/* "3.2 × 10⁵", or "12" below a thousand: how a class reads a ratio aloud. */
static void format_ratio(char *buf, size_t n, double r)
{
    if (!isfinite(r)) {
        snprintf(buf, n, "—");
    } else if (r < 1000.0) {
        snprintf(buf, n, r < 10.0 ? "%.1f" : "%.0f", r);
    } else {
        int e = (int)floor(log10(r));
        char decade[32];
        gf_format_decade(decade, sizeof decade, e);
        snprintf(buf, n, "%.1f × %s", r / pow(10.0, e), decade);
    }
}

static void training_loop(const struct gf_ctx *ctx, SDL_Rect area)
{
    const struct gf_theme *th = ctx->theme;
    static const char *const phases[5] = {"forward pass", "loss", "gradient at the output", "backpropagation", "update"};
    SDL_Rect in = gf_panel_frame(ctx, area, T("one training step"));
    int px = gf_layout_px(ctx->lay, 24);
    double phase = ctx->view->step_phase;
    int lit = phase >= 0.0 ? (int)(phase * 5.0) % 5 : -1;
    float cx = (float)in.x + (float)in.w / 2, cy = (float)in.y + (float)in.h / 2;
    float rx = (float)in.w * 0.36f, ry = (float)in.h * 0.36f;
    SDL_Rect box[5];
    for (int i = 0; i < 5; i++) {
        double angle = -PI / 2 + 2 * PI * i / 5;
        SDL_Point size = gf_text_size(ctx->text, T(phases[i]), px, true);
        int pad = ctx->lay->gap / 2;
        box[i] = (SDL_Rect){(int)(cx + rx * (float)cos(angle)) - size.x / 2 - pad,
                            (int)(cy + ry * (float)sin(angle)) - size.y / 2 - pad / 2, size.x + 2 * pad, size.y + pad};
    }
    float thick = fmaxf(2.0f, 3.0f * ctx->lay->u);
    for (int i = 0; i < 5; i++) {   /* arrows from each phase to the next, box edge to box edge */
        SDL_Rect s = box[i], e = box[(i + 1) % 5];
        float x0 = (float)s.x + (float)s.w / 2, y0 = (float)s.y + (float)s.h / 2;
        float x1 = (float)e.x + (float)e.w / 2, y1 = (float)e.y + (float)e.h / 2;
        float dx = x1 - x0, dy = y1 - y0, len = sqrtf(dx * dx + dy * dy);
        if (len < 1.0f)
            continue;
        dx /= len;
        dy /= len;
        /* leave each box along the line: shorten by the half-extent the line crosses */
        float t0 = fminf(fabsf((float)s.w / 2 / (dx != 0.0f ? dx : 1e-6f)), fabsf((float)s.h / 2 / (dy != 0.0f ? dy : 1e-6f)));
        float t1 = fminf(fabsf((float)e.w / 2 / (dx != 0.0f ? dx : 1e-6f)), fabsf((float)e.h / 2 / (dy != 0.0f ? dy : 1e-6f)));
        float ax = x0 + dx * (t0 + 6.0f), ay = y0 + dy * (t0 + 6.0f);
        float bx = x1 - dx * (t1 + 6.0f), by = y1 - dy * (t1 + 6.0f);
        gf_line(ctx->r, ax, ay, bx, by, th->muted, thick, 0.0f);
        float head = 14.0f * ctx->lay->u;
        gf_line(ctx->r, bx, by, bx - head * (dx - dy * 0.5f), by - head * (dy + dx * 0.5f), th->muted, thick, 0.0f);
        gf_line(ctx->r, bx, by, bx - head * (dx + dy * 0.5f), by - head * (dy - dx * 0.5f), th->muted, thick, 0.0f);
    }
    for (int i = 0; i < 5; i++) {
        bool on = i == lit;
        gf_fill(ctx->r, box[i], on ? th->focus : th->bg);
        gf_outline(ctx->r, box[i], lit < 0 || on ? th->focus : th->border, gf_layout_len(ctx->lay, 2));
        gf_text_draw(ctx->text, ctx->r, T(phases[i]), px, true, on ? th->bg : th->fg, box[i].x + box[i].w / 2,
                     box[i].y + box[i].h / 2, GF_ALIGN_CENTER | GF_ALIGN_MIDDLE);
    }
    char centre[64];
    snprintf(centre, sizeof centre, T("step %lld"), (long long)ctx->view->lab->run[GF_LEFT].step);
    int centre_px = gf_layout_px(ctx->lay, 26);
    gf_text_draw(ctx->text, ctx->r, centre, centre_px, true, th->muted, (int)cx, (int)cy,
                 GF_ALIGN_CENTER | GF_ALIGN_MIDDLE);
    if (lit < 0 && !ctx->view->figure) {   /* too fast to follow: say how fast */
        snprintf(centre, sizeof centre, T("%.0f steps a second"), ctx->view->steps_per_second);
        gf_text_draw(ctx->text, ctx->r, centre, gf_layout_px(ctx->lay, 20), false, th->muted, (int)cx,
                     (int)cy + centre_px, GF_ALIGN_CENTER | GF_ALIGN_MIDDLE);
    }
}

/* Mean over the layers [from, to) of a metric, NaN unless every value is finite. */
static double layers_mean(const struct gf_step_stats *st, enum gf_metric m, int from, int to)
{
    double sum = 0.0;
    for (int l = from; l < to; l++)
        sum += st->layer[l].v[m];
    return to > from && isfinite(sum) ? sum / (to - from) : NAN;
}

void gf_scene_vanishing_text(const struct gf_view *v, enum gf_side side, char claim[GF_SCENE_LINE],
                             char estimate[GF_SCENE_LINE])
{
    enum gf_lang lang = v->lang;
    const struct gf_step_stats *st = v->bars[side];
    const struct gf_run *run = &v->lab->run[side];
    int n = st->n_layers;
    claim[0] = estimate[0] = '\0';
    if (n < 2)
        return;
    /* the sentences compare what the bars show, and only finite numbers */
    double first = st->layer[0].v[v->bar_metric], last = st->layer[n - 1].v[v->bar_metric];
    char ratio[48];
    const char *name = gf_act_name(run->cfg.act, lang);
    bool finite = isfinite(first) && isfinite(last) && gf_stats_finite(st->layer, n);
    bool nonzero = first > 0.0 && last > 0.0;
    if (run->diverged_at || !finite) {
        snprintf(claim, GF_SCENE_LINE,
                 gf_tr(lang, "%s diverged at step %lld: its numbers are no longer finite, so there is nothing to compare."),
                 name, (long long)(run->diverged_at ? run->diverged_at : run->step));
    } else if (nonzero && last / first >= 10.0) {
        format_ratio(ratio, sizeof ratio, last / first);
        /* what a smaller gradient does depends on the optimizer: SGD's step is proportional to it, Adam's is not */
        if (run->cfg.optimizer == GF_OPT_ADAM)
            snprintf(claim, GF_SCENE_LINE,
                     gf_tr(lang, "%s: the gradient at layer 1 is smaller than at layer %d by a factor of %s. Adam divides "
                                 "each weight's step by its gradient's running size, so layer 1 still moves: a small "
                                 "gradient, not a small step."),
                     name, n, ratio);
        else
            snprintf(claim, GF_SCENE_LINE,
                     gf_tr(lang, "%s: the gradient at layer 1 is smaller than at layer %d by a factor of %s. With %s a "
                                 "weight's step is proportional to its gradient, so layer 1's weights move much less "
                                 "per step."),
                     name, n, ratio, gf_opt_id(run->cfg.optimizer));
    } else if (nonzero && first / last >= 2.0) {   /* growth is named as such well before it is tenfold */
        format_ratio(ratio, sizeof ratio, first / last);
        snprintf(claim, GF_SCENE_LINE,
                 gf_tr(lang, "%s: the gradient at layer 1 is larger than at layer %d by a factor of %s: here it grows "
                             "toward the input instead of vanishing."),
                 name, n, ratio);
    } else if (nonzero) {
        format_ratio(ratio, sizeof ratio, last > first ? last / first : first / last);
        snprintf(claim, GF_SCENE_LINE,
                 gf_tr(lang, "%s: the gradients at layer 1 and at layer %d are within a factor of %s of each other."),
                 name, n, ratio);
    } else if (last > 0.0 && first == 0.0) {   /* the output has a gradient that stops on the way back */
        snprintf(claim, GF_SCENE_LINE,
                 gf_tr(lang, "%s: layer %d has a gradient but none reaches layer 1: a layer on the way passes none back, "
                             "so the layers below it do not learn."),
                 name, n);
    } else if (run->step > 0 || last == 0.0) {
        snprintf(claim, GF_SCENE_LINE,
                 gf_tr(lang, "%s: every gradient is zero (the output probability reached 0 or 1 where the loss clamps its log, or a "
                       "layer's units are all dead): no layer learns."),
                 name);
    } else {
        snprintf(claim, GF_SCENE_LINE, gf_tr(lang, "%s: no gradient to compare yet."), name);
    }
    /* why: the two factors each layer multiplies the gradient by on its way back. Only an estimate (the mean
     * slope is not the slope each unit has), never next to no gradient at all, and not for runs whose skips
     * or batch norm multiply in factors of their own it leaves out */
    if (!finite || run->diverged_at || !nonzero)
        return;
    if (run->cfg.residual || run->cfg.batchnorm) {
        snprintf(estimate, GF_SCENE_LINE, "%s",
                 gf_tr(lang, "no per-layer estimate: skips or batch norm multiply in factors it would leave out"));
        return;
    }
    double slope = layers_mean(st, GF_METRIC_SLOPE_MEAN, 0, n - 1);
    double weight = layers_mean(st, GF_METRIC_SPECTRAL_NORM, 1, n);
    if (!isfinite(slope) || !isfinite(weight))
        return;
    char a[32], b[32], c[32];
    snprintf(a, sizeof a, slope < 0.1 ? "%.3f" : "%.2f", slope);
    snprintf(b, sizeof b, "%.2f", weight);
    snprintf(c, sizeof c, slope * weight < 0.1 ? "%.3f" : "%.2f", slope * weight);
    snprintf(estimate, GF_SCENE_LINE,
             gf_tr(lang, slope * weight < 1.0
                             ? "estimate, not a bound: mean |f′| ≈ %s × ‖W‖₂ ≈ %s ≈ %s per layer, under 1: a shrink"
                             : "estimate, not a bound: mean |f′| ≈ %s × ‖W‖₂ ≈ %s ≈ %s per layer, over 1: a growth"),
             a, b, c);
}

static void vanishing_sentences(const struct gf_ctx *ctx, SDL_Rect area)
{
    const struct gf_theme *th = ctx->theme;
    const struct gf_view *v = ctx->view;
    SDL_Rect in = gf_panel_frame(ctx, area, T("from the bars above, live"));
    int px = gf_layout_px(ctx->lay, 25);
    int y = in.y;
    for (int s = 0; s < GF_SIDES; s++) {
        char claim[GF_SCENE_LINE], estimate[GF_SCENE_LINE];
        gf_scene_vanishing_text(v, (enum gf_side)s, claim, estimate);
        if (!claim[0])
            continue;
        const struct gf_run *run = &v->lab->run[s];
        y += wrap(ctx, claim, px, true, th->act[run->cfg.act], in.x, y, in.w, true) + ctx->lay->gap / 3;
        /* the estimate in muted grey, smaller: it is not the proved bound the dashed line draws */
        if (estimate[0])
            y += wrap(ctx, estimate, gf_layout_px(ctx->lay, 21), false, th->muted, in.x, y, in.w, true);
        y += ctx->lay->gap;
    }
}

static void scene_vanishing(const struct gf_ctx *ctx, SDL_Rect a)
{
    int g = ctx->lay->gap;
    SDL_Rect top = take_top(&a, a.h * 58 / 100, g);
    SDL_Rect col[GF_SIDES];
    split_columns(top, g, col);
    for (int s = 0; s < GF_SIDES; s++) {
        SDL_Rect c = col[s];
        gf_render_header(ctx, take_top(&c, header_height(ctx), g / 2), (enum gf_side)s);
        gf_panel_bars(ctx, c, (enum gf_side)s);
    }
    SDL_Rect loop = {a.x, a.y, a.w * 42 / 100, a.h};
    training_loop(ctx, loop);
    vanishing_sentences(ctx, (SDL_Rect){loop.x + loop.w + g, a.y, a.w - loop.w - g, a.h});
}

/* ---- 7. output activation and loss ---- */

static void scene_outputs(const struct gf_ctx *ctx, SDL_Rect a)
{
    const struct gf_theme *th = ctx->theme;
    const struct gf_lesson_view *l = &ctx->view->lesson;
    int g = ctx->lay->gap;
    int px = gf_layout_px(ctx->lay, 27);
    int head_h = gf_text_size(ctx->text, "Ag", px, true).y + g;
    static const char *const heads[4] = {"task", "output activation", "loss (PyTorch)", "live example"};
    int col_x[5] = {a.x + g, a.x + a.w * 25 / 100, a.x + a.w * 43 / 100, a.x + a.w * 66 / 100, a.x + a.w};
    gf_fill(ctx->r, (SDL_Rect){a.x, a.y, a.w, head_h}, th->panel);
    for (int c = 0; c < 4; c++)
        gf_text_draw(ctx->text, ctx->r, T(heads[c]), px, true, th->muted, col_x[c], a.y + head_h / 2, GF_ALIGN_MIDDLE);
    int n = l->n_examples;
    if (n == 0)
        return;
    int row_h = (a.h - head_h) / n;
    for (int i = 0; i < n; i++) {
        const struct gf_lab *lab = l->example[i];
        const struct gf_run *run = &lab->run[GF_LEFT];
        const struct gf_head_info *hi = gf_head_info(run->cfg.head);
        SDL_Rect row = {a.x, a.y + head_h + i * row_h, a.w, row_h};
        gf_fill(ctx->r, (SDL_Rect){row.x, row.y, row.w, 1}, th->border);
        const char *task = run->cfg.head == GF_HEAD_BCE   ? "binary classification"
                           : run->cfg.head == GF_HEAD_MSE ? "regression"
                                                          : "multi-class classification";
        /* where each activation lives: the network outputs logits, the loss applies sigmoid or softmax */
        const char *output = run->cfg.head == GF_HEAD_MSE ? T("none")
                             : run->cfg.head == GF_HEAD_BCE ? T("sigmoid, applied by the loss")
                                                            : T("softmax, applied by the loss");
        const char *loss_text = run->cfg.head == GF_HEAD_MSE ? "nn.MSELoss()"
                                : run->cfg.head == GF_HEAD_BCE
                                    ? T("nn.BCELoss() on the sigmoid, each log clamped at −100 (in practice: nn.BCEWithLogitsLoss() on the logits)")
                                    : T("nn.CrossEntropyLoss() on the logits (the softmax is inside)");
        (void)hi;
        int cy = row.y + row_h / 2;
        int small_px = gf_layout_px(ctx->lay, 23);
        wrap(ctx, T(task), px, true, th->fg, col_x[0], cy - px, col_x[1] - col_x[0] - g, true);
        wrap(ctx, output, small_px, false, th->fg, col_x[1], cy - small_px, col_x[2] - col_x[1] - g, true);
        wrap(ctx, loss_text, small_px, false, th->fg, col_x[2], cy - small_px, col_x[3] - col_x[2] - g, true);
        /* the example's own map, drawn by the same panel through a view of its lab */
        struct gf_view ev = *ctx->view;
        ev.lab = lab;
        ev.map[GF_LEFT] = l->example_map[i];
        struct gf_ctx ectx = *ctx;
        ectx.view = &ev;
        int side_px = row_h - g;
        gf_panel_map(&ectx, (SDL_Rect){col_x[3], row.y + g / 2, side_px, side_px}, GF_LEFT);
        char score[96], loss[32];
        gf_format_value(loss, sizeof loss, l->example_loss[i]);
        if (isnan(l->example_accuracy[i]))
            snprintf(score, sizeof score, T("loss %s"), loss);
        else {
            char percent[32];
            gf_format_percent(percent, sizeof percent, l->example_accuracy[i]);
            snprintf(score, sizeof score, T("loss %s · accuracy %s"), loss, percent);
        }
        int tx = col_x[3] + side_px + g;
        /* each example is a network of its own: its settings beside it, not the scene's */
        char settings[96];
        snprintf(settings, sizeof settings, T("%d hidden × %d · %s · lr %g"), lab->cfg.depth, lab->cfg.width,
                 gf_opt_id(lab->cfg.optimizer), (double)lab->cfg.lr);
        int line_px = gf_layout_px(ctx->lay, 22);
        gf_text_draw(ctx->text, ctx->r, gf_dataset_info(lab->cfg.dataset)->id, px, true, th->act[run->cfg.act], tx,
                     cy - px * 11 / 10, GF_ALIGN_MIDDLE);
        gf_text_draw(ctx->text, ctx->r, settings, line_px, false, th->muted, tx, cy, GF_ALIGN_MIDDLE);
        gf_text_draw(ctx->text, ctx->r, score, line_px, false, th->fg, tx, cy + px * 11 / 10, GF_ALIGN_MIDDLE);
    }
}

/* ---- 8. cross-entropy already contains the softmax ---- */

int gf_scene_softmax_text(const struct gf_view *v, enum gf_side side, char lines[GF_SCENE_FACTS][GF_SCENE_LINE])
{
    enum gf_lang lang = v->lang;
    const struct gf_map *m = v->map[side];
    const struct gf_run *run = &v->lab->run[side];
    if (m->step < 0 || run->diverged_at || !isfinite(m->top_prob))
        return 0;
    int K = gf_mlp_n_out(&run->net);
    char top[32];
    gf_format_value(top, sizeof top, m->top_prob);
    if (m->top_prob < 1.0 && strcmp(top, "1") == 0)   /* a probability short of certainty never reads as 1 */
        snprintf(top, sizeof top, "> 0.999");
    /* the harm beside the number: how much gradient reaches the logits */
    const struct gf_step_stats *st = v->bars[side];
    char grad[32];
    gf_format_value(grad, sizeof grad, st->n_layers ? st->layer[st->n_layers - 1].v[GF_METRIC_DELTA_NORM] : NAN);
    if (run->cfg.head == GF_HEAD_CE) {
        snprintf(lines[0], GF_SCENE_LINE, "%s", gf_tr(lang, "logits straight into the loss: softmax once"));
        snprintf(lines[1], GF_SCENE_LINE, gf_tr(lang, "mean top probability the loss sees: %s"), top);
        snprintf(lines[2], GF_SCENE_LINE, gf_tr(lang, "gradient reaching the logits, ‖δ‖ = %s"), grad);
        return 3;
    }
    if (run->cfg.head != GF_HEAD_CE_DOUBLE_SOFTMAX)
        return 0;
    double cap = E / (E + (K - 1));
    char cap_text[32], cap_word[48];
    snprintf(cap_text, sizeof cap_text, "%.3f", cap);
    gf_with_particle(cap_word, sizeof cap_word, lang, cap_text, "을", "를");
    snprintf(lines[0], GF_SCENE_LINE, "%s", gf_tr(lang, "softmax in the network, then again in the loss"));
    snprintf(lines[1], GF_SCENE_LINE, gf_tr(lang, "mean top probability the loss sees: %s — never above e/(e+%d) = %s"),
             top, K - 1, cap_word);
    snprintf(lines[2], GF_SCENE_LINE, gf_tr(lang, "so the loss cannot fall below −ln %.3f = %.3f"), cap, -log(cap));
    /* near the cap: most of the way there from chance, 1/K; the gradient fades only once it gets there */
    bool near_cap = (m->top_prob - 1.0 / K) >= 0.8 * (cap - 1.0 / K);
    snprintf(lines[3], GF_SCENE_LINE,
             gf_tr(lang, near_cap ? "gradient reaching the logits, ‖δ‖ = %s: it fades near the cap, not at certainty"
                                  : "gradient reaching the logits, ‖δ‖ = %s: the top probability is still well below the cap"),
             grad);
    /* what it costs the predicted class, against the run next to it when that one takes the logits straight */
    enum gf_side other = side == GF_LEFT ? GF_RIGHT : GF_LEFT;
    double acc = v->data_accuracy[side], other_acc = v->data_accuracy[other];
    if (v->lab->run[other].cfg.head != GF_HEAD_CE || v->lab->run[other].diverged_at || !isfinite(acc) ||
        !isfinite(other_acc) || v->map[other]->step < 0)
        return 4;
    char here[32], there[32];
    gf_format_percent(here, sizeof here, acc);
    gf_format_percent(there, sizeof there, other_acc);
    const char *verdict = fmax(acc, other_acc) < 1.0 / K + 0.1   /* both near chance: no verdict to give */
                              ? "accuracy %s here, %s with softmax once: neither run has learned yet"
                          : acc >= other_acc - 0.02 ? "accuracy %s here, %s with softmax once: the predicted class is not harmed"
                                                    : "accuracy %s here, %s with softmax once: the double softmax costs accuracy";
    snprintf(lines[4], GF_SCENE_LINE, gf_tr(lang, verdict), here, there);
    return 5;
}

static void softmax_facts(const struct gf_ctx *ctx, SDL_Rect area, enum gf_side side)
{
    char text[GF_SCENE_FACTS][GF_SCENE_LINE];
    const char *lines[GF_SCENE_FACTS];
    bool bold[GF_SCENE_FACTS] = {true};
    int n = gf_scene_softmax_text(ctx->view, side, text);
    for (int i = 0; i < n; i++)
        lines[i] = text[i];
    draw_lines(ctx, area, lines, bold, n, gf_layout_px(ctx->lay, 25), ctx->theme->fg);
}

void gf_render_scene(const struct gf_ctx *ctx)
{
    const struct gf_layout *lay = ctx->lay;
    int g = lay->gap;
    int top = lay->title.y + lay->title.h, bottom = lay->footer.y;
    SDL_Rect body = {0, top, lay->w, bottom - top};
    int caption_h = draw_caption(ctx, body);
    SDL_Rect content = {g, top + caption_h + g, lay->w - 2 * g, bottom - top - caption_h - 2 * g};
    if (content.w < 40 || content.h < 40)
        return;   /* a window too small for anything but the caption */
    switch (ctx->view->lesson.kind) {
    case GF_SCENE_LINEAR: scene_linear(ctx, content); break;
    case GF_SCENE_NETWORK: scene_network(ctx, content); break;
    case GF_SCENE_COLLAPSE: maps_with_facts(ctx, content, 26, collapse_facts); break;
    case GF_SCENE_ACTIVATIONS: scene_activations(ctx, content); break;
    case GF_SCENE_VANISHING: scene_vanishing(ctx, content); break;
    case GF_SCENE_OUTPUTS: scene_outputs(ctx, content); break;
    case GF_SCENE_SOFTMAX: maps_with_facts(ctx, content, 30, softmax_facts); break;
    case GF_SCENE_LAB:
    case GF_SCENE_DISTRIBUTIONS:   /* the view says what goes in the bars' and the heat map's places */
    case GF_SCENE_PERCENTILES:
    case GF_SCENE_VIEW_COUNT: {
        struct gf_layout columns = *lay;
        gf_layout_columns(&columns, content.y, content.y + content.h);
        struct gf_ctx cctx = *ctx;
        cctx.lay = &columns;
        gf_render_columns(&cctx);   /* its columns say when a run diverged */
        return;
    }
    }
    /* every other scene too: a run that diverged or has no gradient says so over its half; in scene 5 over
     * its bars, which are empty then, rather than over the sentences below that say why */
    SDL_Rect col[GF_SIDES];
    if (ctx->view->lesson.kind == GF_SCENE_VANISHING)
        content.h = content.h * 58 / 100;
    split_columns(content, g, col);
    for (int s = 0; s < GF_SIDES; s++)
        gf_render_run_trouble(ctx, col[s], (enum gf_side)s);
}
