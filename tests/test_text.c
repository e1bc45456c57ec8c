/* test_text.c - text with font fallback: a string whose codepoints need
 * both faces is one texture exactly as large as gf_text_size says, and a
 * codepoint no face has is counted rather than drawn as a silent box. */
#include "gf_test.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <string.h>

#include "gf_assets.h"
#include "gf_text.h"

static struct gf_text text;
static SDL_Surface *surface;
static SDL_Renderer *renderer;

static int setup(void **state)
{
    (void)state;
    char err[1200];
    SDL_setenv("SDL_VIDEODRIVER", "dummy", 1);
    if (SDL_Init(SDL_INIT_VIDEO) != 0 || TTF_Init() != 0 ||
        !gf_assets_open_text(&text, GF_TEST_ASSETS, err, sizeof err))
        return -1;
    surface = SDL_CreateRGBSurfaceWithFormat(0, 800, 200, 32, SDL_PIXELFORMAT_ARGB8888);
    renderer = surface ? SDL_CreateSoftwareRenderer(surface) : NULL;
    return renderer ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    gf_text_forget_renderer(&text, renderer);
    SDL_DestroyRenderer(renderer);
    SDL_FreeSurface(surface);
    gf_text_destroy(&text);
    TTF_Quit();
    SDL_Quit();
    return 0;
}

static int textures(void)
{
    int n = 0;
    for (int i = 0; i < GF_TEXT_ENTRIES; i++)
        n += text.entries[i].texture != NULL;
    return n;
}

/* Pixels in rect with any alpha-blended ink, i.e. not the clear colour. */
static long inked(SDL_Rect rect)
{
    long n = 0;
    for (int y = rect.y; y < rect.y + rect.h; y++)
        for (int x = rect.x; x < rect.x + rect.w; x++)
            n += (((Uint32 *)((Uint8 *)surface->pixels + (size_t)y * surface->pitch))[x] & 0x00ffffff) != 0;
    return n;
}

/* Hangul (Nanum), a double bar and a minus superscript (both faces), a
 * superscript six (DejaVu only), Greek and a prime. */
static void test_mixed_string_is_one_texture_of_the_measured_size(void **state)
{
    (void)state;
    static const char *const strings[] = {"기울기 ‖g‖ 10⁻⁶ σ'(x)", "10⁻⁶ 기울기", "gradient ‖g‖ 10⁻⁶ σ′(x)",
                                          "은닉층 −3 … 5"};
    static const int sizes[] = {9, 18, 41};
    static const bool weights[] = {false, true};
    SDL_Color white = {255, 255, 255, 255};
    for (size_t s = 0; s < sizeof strings / sizeof strings[0]; s++)
        for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++)
            for (int b = 0; b < 2; b++) {
                SDL_SetRenderDrawColor(renderer, 0, 0, 0, 255);
                SDL_RenderClear(renderer);
                int before = textures();
                SDL_Point size = gf_text_size(&text, strings[s], sizes[z], weights[b]);
                SDL_Rect drawn = gf_text_draw(&text, renderer, strings[s], sizes[z], weights[b], white, 10, 10, 0);
                SDL_RenderFlush(renderer);
                if (drawn.w != size.x || drawn.h != size.y)
                    fail_msg("\"%s\" at %d px%s: drawn %dx%d, measured %dx%d", strings[s], sizes[z],
                             weights[b] ? " bold" : "", drawn.w, drawn.h, size.x, size.y);
                assert_int_equal(textures(), before + 1);
                assert_true(inked(drawn) > 0);
                /* drawn again: the cached texture, no new one */
                gf_text_draw(&text, renderer, strings[s], sizes[z], weights[b], white, 10, 10, 0);
                assert_int_equal(textures(), before + 1);
            }
    if (text.missing_glyphs != 0)
        fail_msg("%ld codepoints without a glyph, the last %s", text.missing_glyphs, text.missing_example);
}

/* The runs sit on one baseline: a Hangul syllable and a superscript six
 * drawn together do not stack, and the string is no taller than a line. */
static void test_runs_share_a_line(void **state)
{
    (void)state;
    int one = gf_text_size(&text, "기", 30, false).y;
    SDL_Point mixed = gf_text_size(&text, "기⁶기⁶기", 30, false);
    assert_true(mixed.y <= one + 2);
    assert_true(mixed.x > 3 * gf_text_size(&text, "기", 30, false).x);
}

/* English text keeps the primary face alone: as wide as DejaVu Sans makes it. */
static void test_english_is_drawn_by_the_primary_face(void **state)
{
    (void)state;
    TTF_Font *dejavu = TTF_OpenFont(GF_TEST_ASSETS "/fonts/DejaVuSans.ttf", 22);
    assert_non_null(dejavu);
    TTF_SetFontHinting(dejavu, TTF_HINTING_LIGHT);
    int w = 0, h = 0;
    TTF_SizeUTF8(dejavu, "gradient RMS per layer (log scale)", &w, &h);
    SDL_Point p = gf_text_size(&text, "gradient RMS per layer (log scale)", 22, false);
    assert_int_equal(p.x, w);
    assert_int_equal(p.y, h);
    TTF_CloseFont(dejavu);
}

static void test_a_codepoint_no_face_has_is_counted(void **state)
{
    (void)state;
    long before = text.missing_glyphs;
    gf_text_size(&text, "a \xee\x80\x80 b", 20, false);   /* U+E000, private use */
    assert_int_equal(text.missing_glyphs, before + 1);
    assert_non_null(strstr(text.missing_example, "U+E000"));
    text.missing_glyphs = before;
}

/* Lines never break inside a formula or a number with its operator. */
static void test_no_break_inside_a_formula(void **state)
{
    (void)state;
#define BREAKS(a, b) gf_text_break_between((a), strlen(a), (b), strlen(b))
    assert_false(BREAKS("−ln", "0.576"));   /* "−ln | 0.576" */
    assert_false(BREAKS("1.0", "×"));       /* "1.0 × | 10⁶배" */
    assert_false(BREAKS("×", "10⁶배"));
    assert_false(BREAKS("4^10", "="));
    assert_false(BREAKS("=", "1.0"));
    assert_false(BREAKS("e/(e+2)", "≈"));
    assert_false(BREAKS("h", "←"));
    assert_true(BREAKS("the", "loss"));      /* ordinary words still wrap */
    assert_true(BREAKS("0.576", "for"));
    assert_true(BREAKS("손실은", "0.55"));
    assert_true(BREAKS("lines", "ln"));
#undef BREAKS
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mixed_string_is_one_texture_of_the_measured_size),
        cmocka_unit_test(test_runs_share_a_line),
        cmocka_unit_test(test_english_is_drawn_by_the_primary_face),
        cmocka_unit_test(test_a_codepoint_no_face_has_is_counted),
        cmocka_unit_test(test_no_break_inside_a_formula),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
