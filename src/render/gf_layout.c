/* gf_layout.c - panel geometry, proportional to the frame. */
#include "gf_layout.h"

#include <math.h>

int gf_layout_min_px(int h, float text_scale)
{
    /* above 1.5 (2% of the height) the floor stays, so that the longest lines
     * still find a size that fits the width */
    float scale = text_scale > 0.0f ? (text_scale < 1.5f ? text_scale : 1.5f) : 1.0f;
    int px = (int)lroundf(0.014f * (float)h * scale);
    return px < 9 ? 9 : px;
}

int gf_layout_px(const struct gf_layout *lay, float units)
{
    int px = (int)lroundf(units * lay->u * (lay->text_scale > 0.0f ? lay->text_scale : 1.0f));
    return px < lay->min_px ? lay->min_px : px;
}

int gf_layout_len(const struct gf_layout *lay, float units)
{
    int px = (int)lroundf(units * lay->u);
    return px < 1 ? 1 : px;
}

void gf_layout_compute(struct gf_layout *lay, int w, int h, float text_scale)
{
    lay->w = w;
    lay->h = h;
    lay->text_scale = text_scale > 0.0f ? text_scale : 1.0f;
    lay->min_px = gf_layout_min_px(h, lay->text_scale);
    /* Scale by height (projectors are 16:9), but never so far that two
     * columns of text overflow a narrow window. */
    float u = (float)h / 1080.0f;
    float uw = (float)w / 1920.0f;
    lay->u = u < uw * 1.15f ? u : uw * 1.15f;
    int g = (int)lroundf(14.0f * lay->u);
    if (g < 4)
        g = 4;
    lay->gap = g;

    /* the bars that hold one line of text grow with it */
    int title_h = gf_layout_px(lay, 58);
    int footer_h = gf_layout_px(lay, 46);
    lay->title = (SDL_Rect){0, 0, w, title_h};
    lay->footer = (SDL_Rect){0, h - footer_h, w, footer_h};

    gf_layout_columns(lay, title_h + g / 2, h - footer_h - g / 2);
}

void gf_layout_columns(struct gf_layout *lay, int body_top, int body_bottom)
{
    int w = lay->w, g = lay->gap;
    int body_h = body_bottom - body_top;
    /* Panels that are mostly text rows (the heat map's and the loss chart's
     * axes) get at least the height of their lines, taken from the curves
     * and bars, so larger text makes room for itself rather than overlap. */
    int line = gf_layout_px(lay, 18) * 13 / 10;
    int text_panel = gf_layout_px(lay, 21) * 13 / 10 + 3 * line + 2 * g;
    int loss_h = (int)lroundf((float)body_h * 0.17f);
    if (loss_h < text_panel && text_panel < body_h / 4)
        loss_h = text_panel;
    lay->loss = (SDL_Rect){g, body_bottom - loss_h, w - 2 * g, loss_h};

    int col_w = (w - 3 * g) / 2;
    int col_h = lay->loss.y - g - body_top;
    int header_h = gf_layout_px(lay, 54);
    for (int s = 0; s < GF_SIDES; s++) {
        struct gf_column_layout *c = &lay->col[s];
        int x = g + s * (col_w + g);
        c->column = (SDL_Rect){x, body_top, col_w, col_h};
        c->header = (SDL_Rect){x, body_top, col_w, header_h};
        int y = body_top + header_h + g / 2;
        int rest = body_top + col_h - y;
        int top_h = (int)lroundf((float)rest * 0.39f);
        int bars_h = (int)lroundf((float)rest * 0.35f);
        int heat_h = rest - top_h - bars_h - 2 * g;
        int short_by = text_panel - heat_h;
        if (short_by > 0 && short_by < top_h / 3) {   /* from the curves: the bars are the lesson's picture */
            top_h -= short_by;
            heat_h = text_panel;
        }
        int map_side = top_h < col_w * 45 / 100 ? top_h : col_w * 45 / 100;
        c->curve = (SDL_Rect){x, y, col_w - map_side - g, top_h};
        c->map = (SDL_Rect){x + col_w - map_side, y + (top_h - map_side) / 2, map_side, map_side};
        c->bars = (SDL_Rect){x, y + top_h + g, col_w, bars_h};
        c->heat = (SDL_Rect){x, c->bars.y + bars_h + g, col_w, heat_h};
    }
}

void gf_layout_drop_title(struct gf_layout *lay)
{
    lay->title.h = 0;
    gf_layout_columns(lay, lay->gap, lay->footer.y - lay->gap / 2);
}
