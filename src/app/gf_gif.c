/* gf_gif.c - frames to GIF: what changed, its palette, LZW by giflib. */
#include "gf_gif.h"

#include <stdlib.h>
#include <string.h>

#if GF_FIGURES

#include <gif_lib.h>

#define TRANSPARENT 255       /* the index of "as the last frame" */
#define PALETTE 255           /* colours a frame may use besides it */
#define TABLE_BITS 18         /* distinct colours counted per frame: up to half of 2^18 */

struct gf_gif_colour {
    Uint32 key;     /* 0xRRGGBB | 1 << 24; 0: empty slot */
    Uint32 count;   /* changed pixels of this colour */
    int index;      /* its palette entry */
};

static int write_out(GifFileType *gif, const GifByteType *data, int n)
{
    FILE *f = gif->UserData;
    return (int)fwrite(data, 1, (size_t)n, f);
}

static bool gif_failed(struct gf_gif *g, const char *what, int code, char *err, size_t errlen)
{
    const char *why = GifErrorString(code);
    snprintf(err, errlen, "cannot write the GIF (%s: %s)", what, why ? why : "unknown error");
    g->failed = true;
    return false;
}

bool gf_gif_start(struct gf_gif *g, FILE *out, int w, int h, char *err, size_t errlen)
{
    memset(g, 0, sizeof *g);
    if (w < 1 || h < 1 || w > 65535 || h > 65535) {
        snprintf(err, errlen, "a GIF of %dx%d cannot be made (1..65535 on each side)", w, h);
        return false;
    }
    g->out = out;
    g->w = w;
    g->h = h;
    g->table_size = 1 << TABLE_BITS;
    size_t n = (size_t)w * (size_t)h;
    g->prev = malloc(n * sizeof *g->prev);
    g->shown = malloc(n * sizeof *g->shown);
    g->line = malloc((size_t)w);
    g->table = malloc((size_t)g->table_size * sizeof *g->table);
    if (!g->prev || !g->shown || !g->line || !g->table) {
        snprintf(err, errlen, "out of memory for a %dx%d GIF", w, h);
        gf_gif_finish(g, NULL, 0);
        return false;
    }
    int code = 0;
    GifFileType *gif = EGifOpen(out, write_out, &code);
    if (!gif) {
        gif_failed(g, "open", code, err, errlen);
        gf_gif_finish(g, NULL, 0);
        return false;
    }
    g->file = gif;
    EGifSetGifVersion(gif, true);
    /* no global palette: every frame brings its own; then loop forever (the
     * Netscape extension every player reads) */
    static const GifByteType loop[3] = {1, 0, 0};
    const char *what = "screen";
    bool ok = EGifPutScreenDesc(gif, w, h, 8, 0, NULL) != GIF_ERROR;
    if (ok) {
        what = "loop";
        ok = EGifPutExtensionLeader(gif, APPLICATION_EXT_FUNC_CODE) != GIF_ERROR &&
             EGifPutExtensionBlock(gif, 11, "NETSCAPE2.0") != GIF_ERROR &&
             EGifPutExtensionBlock(gif, 3, loop) != GIF_ERROR && EGifPutExtensionTrailer(gif) != GIF_ERROR;
    }
    if (!ok) {
        gif_failed(g, what, gif->Error, err, errlen);
        gf_gif_finish(g, NULL, 0);
        return false;
    }
    return true;
}

/* -------------------------------------------------------------------------
 * A frame's colours
 */

static Uint32 hash(Uint32 key)
{
    return (key * 2654435761u) >> (32 - TABLE_BITS);
}

/* The slot of colour c (0xRRGGBB), made when new; NULL when the table is too full. */
static struct gf_gif_colour *slot_for(struct gf_gif *g, Uint32 c, int *used)
{
    Uint32 key = c | 1u << 24;
    for (Uint32 i = hash(key);; i = (i + 1) & (Uint32)(g->table_size - 1)) {
        struct gf_gif_colour *s = &g->table[i];
        if (s->key == key)
            return s;
        if (s->key == 0) {
            if (*used >= g->table_size / 2)
                return NULL;
            (*used)++;
            s->key = key;
            s->count = 0;
            return s;
        }
    }
}

static int channel(Uint32 key, int k)
{
    return (int)(key >> (16 - 8 * k)) & 0xff;
}

static _Thread_local int sort_channel;

/* by one channel, then by the whole colour, so equal channels still sort one way */
static int by_channel(const void *a, const void *b)
{
    const struct gf_gif_colour *x = *(const struct gf_gif_colour *const *)a, *y = *(const struct gf_gif_colour *const *)b;
    int d = channel(x->key, sort_channel) - channel(y->key, sort_channel);
    if (d)
        return d;
    return (x->key > y->key) - (x->key < y->key);
}

struct box {
    int start, end;   /* of the sorted colour list */
    long count;
    int channel, range;   /* its widest channel and how wide */
};

static void measure(struct box *b, struct gf_gif_colour **list)
{
    int lo[3] = {255, 255, 255}, hi[3] = {0, 0, 0};
    b->count = 0;
    for (int i = b->start; i < b->end; i++) {
        for (int k = 0; k < 3; k++) {
            int v = channel(list[i]->key, k);
            lo[k] = v < lo[k] ? v : lo[k];
            hi[k] = v > hi[k] ? v : hi[k];
        }
        b->count += list[i]->count;
    }
    b->channel = 0;
    for (int k = 1; k < 3; k++)
        if (hi[k] - lo[k] > hi[b->channel] - lo[b->channel])
            b->channel = k;
    b->range = hi[b->channel] - lo[b->channel];
}

/* Median cut of the n distinct colours into at most PALETTE boxes; each
 * colour's index is its box, each palette entry its box's mean colour
 * weighted by pixel counts. Returns the number of entries. */
static int median_cut(struct gf_gif_colour **list, int n, GifColorType *palette)
{
    static _Thread_local struct box boxes[PALETTE];
    int nb = 1;
    boxes[0] = (struct box){0, n, 0, 0, 0};
    measure(&boxes[0], list);
    while (nb < PALETTE) {
        /* the box whose widest channel, weighted by its pixels, spans most */
        int best = -1;
        double score = 0.0;
        for (int i = 0; i < nb; i++) {
            double s = (double)boxes[i].range * (double)boxes[i].count;
            if (boxes[i].end - boxes[i].start > 1 && boxes[i].range > 0 && s > score) {
                score = s;
                best = i;
            }
        }
        if (best < 0)
            break;
        struct box *b = &boxes[best];
        sort_channel = b->channel;
        qsort(list + b->start, (size_t)(b->end - b->start), sizeof *list, by_channel);
        long half = 0;
        int cut = b->start + 1;   /* both halves keep at least one colour */
        for (int i = b->start; i < b->end - 1; i++) {
            half += list[i]->count;
            cut = i + 1;
            if (2 * half >= b->count)
                break;
        }
        boxes[nb] = (struct box){cut, b->end, 0, 0, 0};
        b->end = cut;
        measure(b, list);
        measure(&boxes[nb], list);
        nb++;
    }
    for (int i = 0; i < nb; i++) {
        double sum[3] = {0, 0, 0};
        for (int j = boxes[i].start; j < boxes[i].end; j++) {
            for (int k = 0; k < 3; k++)
                sum[k] += (double)channel(list[j]->key, k) * list[j]->count;
            list[j]->index = i;
        }
        double c = (double)boxes[i].count;
        palette[i] = (GifColorType){(GifByteType)(sum[0] / c + 0.5), (GifByteType)(sum[1] / c + 0.5),
                                    (GifByteType)(sum[2] / c + 0.5)};
    }
    return nb;
}

static int by_key(const void *a, const void *b)
{
    const struct gf_gif_colour *x = *(const struct gf_gif_colour *const *)a, *y = *(const struct gf_gif_colour *const *)b;
    return (x->key > y->key) - (x->key < y->key);
}

bool gf_gif_add(struct gf_gif *g, const Uint32 *pixels, int pitch, char *err, size_t errlen)
{
    if (g->failed || !g->file) {
        snprintf(err, errlen, "the GIF already failed");
        return false;
    }
    GifFileType *gif = g->file;
    int w = g->w, h = g->h;
    const int row = pitch / (int)sizeof(Uint32);
    /* the rectangle that changed (all of the first frame) */
    int x0 = w, y0 = h, x1 = -1, y1 = -1;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            if (g->frames == 0 || ((pixels[y * row + x] ^ g->prev[(size_t)y * w + x]) & 0xffffff)) {
                x0 = x < x0 ? x : x0;
                x1 = x > x1 ? x : x1;
                y0 = y < y0 ? y : y0;
                y1 = y > y1 ? y : y1;
            }
    bool still = x1 < 0;
    if (still)   /* nothing moved: a 1 x 1 transparent frame keeps the time */
        x0 = y0 = x1 = y1 = 0;

    /* the changed pixels' distinct colours, coarsened a bit at a time when they are too many */
    static _Thread_local struct gf_gif_colour *list[1 << (TABLE_BITS - 1)];
    int used = 0;
    Uint32 mask = 0xffffff;
    int drop = 0;   /* low bits dropped from each channel */
    for (bool full = true; full && !still;) {
        full = false;
        memset(g->table, 0, (size_t)g->table_size * sizeof *g->table);
        used = 0;
        for (int y = y0; y <= y1 && !full; y++)
            for (int x = x0; x <= x1; x++) {
                Uint32 c = pixels[y * row + x] & 0xffffff;
                if (g->frames > 0 && c == (g->prev[(size_t)y * w + x] & 0xffffff))
                    continue;
                struct gf_gif_colour *s = slot_for(g, c & mask, &used);
                if (!s) {
                    full = true;
                    Uint32 m = (0xffu << ++drop) & 0xffu;
                    mask = m << 16 | m << 8 | m;
                    break;
                }
                s->count++;
            }
    }
    int n = 0;
    for (int i = 0; i < g->table_size; i++)
        if (g->table[i].key)
            list[n++] = &g->table[i];
    qsort(list, (size_t)n, sizeof *list, by_key);   /* an order that does not depend on the table */
    GifColorType palette[256];
    memset(palette, 0, sizeof palette);
    if (n <= PALETTE) {
        for (int i = 0; i < n; i++) {
            list[i]->index = i;
            palette[i] = (GifColorType){(GifByteType)channel(list[i]->key, 0), (GifByteType)channel(list[i]->key, 1),
                                        (GifByteType)channel(list[i]->key, 2)};
        }
    } else {
        median_cut(list, n, palette);
    }

    ColorMapObject *map = GifMakeMapObject(256, palette);
    if (!map) {
        snprintf(err, errlen, "out of memory for a GIF palette");
        g->failed = true;
        return false;
    }
    GraphicsControlBlock gcb = {DISPOSE_DO_NOT, false, 100 / GF_GIF_FPS, TRANSPARENT};
    GifByteType ext[4];
    size_t ext_len = EGifGCBToExtension(&gcb, ext);
    int fw = x1 - x0 + 1, fh = y1 - y0 + 1;
    if (EGifPutExtension(gif, GRAPHICS_EXT_FUNC_CODE, (int)ext_len, ext) == GIF_ERROR ||
        EGifPutImageDesc(gif, x0, y0, fw, fh, false, map) == GIF_ERROR) {
        GifFreeMapObject(map);
        return gif_failed(g, "frame", gif->Error, err, errlen);
    }
    GifFreeMapObject(map);
    int unused = 0;
    for (int y = y0; y <= y1; y++) {
        for (int x = x0; x <= x1; x++) {
            size_t at = (size_t)y * w + x;
            Uint32 c = pixels[y * row + x] & 0xffffff;
            if (still || (g->frames > 0 && c == (g->prev[at] & 0xffffff))) {
                g->line[x - x0] = TRANSPARENT;
                continue;
            }
            int idx = slot_for(g, c & mask, &unused)->index;
            g->line[x - x0] = (Uint8)idx;
            g->shown[at] = (Uint32)palette[idx].Red << 16 | (Uint32)palette[idx].Green << 8 | palette[idx].Blue;
        }
        if (EGifPutLine(gif, g->line, fw) == GIF_ERROR)
            return gif_failed(g, "pixels", gif->Error, err, errlen);
    }
    /* what a viewer now shows against what the frame is */
    double sum = 0.0;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            Uint32 a = pixels[y * row + x], b = g->shown[(size_t)y * w + x];
            for (int k = 0; k < 3; k++)
                sum += abs(channel(a, k) - channel(b, k));
            g->prev[(size_t)y * w + x] = a;
        }
    g->last_error = sum / (3.0 * w * h);
    if (g->last_error > g->max_error)
        g->max_error = g->last_error;
    g->frames++;
    return true;
}

bool gf_gif_finish(struct gf_gif *g, char *err, size_t errlen)
{
    bool ok = !g->failed && g->file;
    if (g->file) {
        int code = 0;
        if (EGifCloseFile(g->file, &code) == GIF_ERROR && ok) {
            gif_failed(g, "trailer", code, err, errlen);
            ok = false;
        }
    }
    free(g->prev);
    free(g->shown);
    free(g->line);
    free(g->table);
    g->file = NULL;
    g->prev = g->shown = NULL;
    g->line = NULL;
    g->table = NULL;
    return ok;
}

#else   /* a build without giflib: no GIF is ever started */

bool gf_gif_start(struct gf_gif *g, FILE *out, int w, int h, char *err, size_t errlen)
{
    (void)out, (void)w, (void)h;
    memset(g, 0, sizeof *g);
    snprintf(err, errlen, "%s", GF_GIF_MISSING);
    return false;
}

bool gf_gif_add(struct gf_gif *g, const Uint32 *pixels, int pitch, char *err, size_t errlen)
{
    (void)pixels, (void)pitch;
    g->failed = true;
    snprintf(err, errlen, "%s", GF_GIF_MISSING);
    return false;
}

bool gf_gif_finish(struct gf_gif *g, char *err, size_t errlen)
{
    (void)g;
    if (err)
        snprintf(err, errlen, "%s", GF_GIF_MISSING);
    return false;
}

#endif
