/* test_i18n.c - the translation table: one entry per English text, every
 * Korean format string with its English key's conversions in the same
 * order, every string's glyphs in the fonts gradflow ships, and look-ups
 * that find what is there and count what is not. */
#include "gf_test.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <string.h>

#include "gf_assets.h"
#include "gf_i18n.h"
#include "gf_text.h"

/* The printf conversions of fmt, each with its flags, width, precision and
 * length ("%.0f", "%lld", "%%"), joined by spaces into out. False when a
 * conversion is cut short. */
static bool conversions(const char *fmt, char *out, size_t n)
{
    size_t used = 0;
    out[0] = '\0';
    for (const char *p = fmt; *p; p++) {
        if (*p != '%')
            continue;
        const char *start = p++;
        while (*p && strchr("-+ #0123456789.*hlLqjzt", *p))
            p++;
        if (!*p || !strchr("diouxXfFeEgGaAcspn%", *p))
            return false;
        int k = snprintf(out + used, n - used, "%s%.*s", used ? " " : "", (int)(p - start + 1), start);
        if (k < 0 || (size_t)k >= n - used)
            return false;
        used += (size_t)k;
    }
    return true;
}

static void test_conversion_parser(void **state)
{
    (void)state;
    char out[128];
    assert_true(conversions("loss %s · accuracy %.0f%%", out, sizeof out));
    assert_string_equal(out, "%s %.0f %%");
    assert_true(conversions("step %lld · seed %llu", out, sizeof out));
    assert_string_equal(out, "%lld %llu");
    assert_false(conversions("cut %", out, sizeof out));
}

static void test_no_english_key_twice(void **state)
{
    (void)state;
    int n = gf_tr_count();
    assert_true(n > 50);
    for (int i = 0; i < n; i++) {
        const char *a, *ka, *b, *kb;
        gf_tr_entry(i, &a, &ka);
        if (!a[0] || !ka[0])
            fail_msg("entry %d is empty", i);
        for (int j = i + 1; j < n; j++) {
            gf_tr_entry(j, &b, &kb);
            if (strcmp(a, b) == 0)
                fail_msg("\"%s\" is in the table twice (entries %d and %d)", a, i, j);
        }
    }
}

static void test_korean_keeps_the_conversions_in_order(void **state)
{
    (void)state;
    for (int i = 0; i < gf_tr_count(); i++) {
        const char *en, *ko;
        gf_tr_entry(i, &en, &ko);
        char want[256], got[256];
        if (!conversions(en, want, sizeof want))
            fail_msg("cannot read the conversions of \"%s\"", en);
        if (!conversions(ko, got, sizeof got))
            fail_msg("cannot read the conversions of \"%s\" (for \"%s\")", ko, en);
        if (strcmp(want, got) != 0)
            fail_msg("\"%s\" has [%s] but its Korean \"%s\" has [%s]", en, want, ko, got);
    }
}

/* Korean look-ups find every key (whatever the table's order); English
 * returns the key itself; an unknown text falls back to English and is counted. */
static void test_lookup(void **state)
{
    (void)state;
    long misses = gf_tr_misses();
    for (int i = 0; i < gf_tr_count(); i++) {
        const char *en, *ko;
        gf_tr_entry(i, &en, &ko);
        assert_ptr_equal(gf_tr(GF_LANG_KO, en), ko);
        assert_ptr_equal(gf_tr(GF_LANG_EN, en), en);
    }
    assert_int_equal(gf_tr_misses(), misses);
    assert_string_equal(gf_tr(GF_LANG_KO, "no such label"), "no such label");
    assert_int_equal(gf_tr_misses(), misses + 1);
    assert_string_equal(gf_tr_last_miss(), "no such label");
    assert_string_equal(gf_tr(GF_LANG_EN, "no such label"), "no such label");
    assert_int_equal(gf_tr_misses(), misses + 1);   /* English never misses */
    enum gf_lang lang = GF_LANG_EN;
    assert_true(gf_lang_from_id("ko", &lang) && lang == GF_LANG_KO);
    assert_false(gf_lang_from_id("kr", &lang));
}

/* Every text of the table, in both languages and both weights, is drawn
 * from glyphs the shipped fonts have: no boxes anywhere. */
static void test_every_string_has_its_glyphs(void **state)
{
    (void)state;
    static struct gf_text text;
    char err[1200];
    SDL_setenv("SDL_VIDEODRIVER", "dummy", 1);
    assert_int_equal(TTF_Init(), 0);
    if (!gf_assets_open_text(&text, GF_TEST_ASSETS, err, sizeof err))
        fail_msg("%s", err);
    for (int i = 0; i < gf_tr_count(); i++) {
        const char *s[2];
        gf_tr_entry(i, &s[0], &s[1]);
        for (int l = 0; l < 2; l++)
            for (int b = 0; b < 2; b++) {
                SDL_Point p = gf_text_size(&text, s[l], 24, b == 1);
                assert_true(p.x > 0 && p.y > 0);
            }
    }
    if (text.missing_glyphs)
        fail_msg("%ld codepoints without a glyph, the last %s", text.missing_glyphs, text.missing_example);
    gf_text_destroy(&text);
    TTF_Quit();
}

/* The Korean the lesson settled on: 미분값 for f′ and 기울기 for the
 * gradient, 잔차 연결 and 스텝, and the corrected sentences. */
static void test_korean_wording(void **state)
{
    (void)state;
    assert_non_null(strstr(gf_tr(GF_LANG_KO, "no single W_eff: the boundary can bend around the data"), "합칠 수 없어"));
    /* the cap's particle comes with the number (0.576을, 0.475를), not fixed in the string */
    assert_non_null(strstr(gf_tr(GF_LANG_KO, "mean top probability the loss sees: %s — never above e/(e+%d) = %s"),
                           "= %s 넘지"));
    assert_non_null(strstr(gf_tr(GF_LANG_KO, "max f′ = %g"), "미분값"));
    assert_non_null(strstr(gf_tr(GF_LANG_KO, "activation f(x) and slope f′(x)"), "미분값 f′(x)"));
    for (int i = 0; i < gf_tr_count(); i++) {
        const char *en, *ko;
        gf_tr_entry(i, &en, &ko);
        if (strstr(ko, "스킵") || strstr(ko, "단계"))
            fail_msg("\"%s\": one term each: 잔차 연결, 스텝", ko);
        if (strstr(en, "f′") && strstr(ko, "기울기 f′"))
            fail_msg("\"%s\": f′ is 미분값, not 기울기", ko);
        if (strstr(en, "slope a") && strstr(ko, "기울기 a"))
            fail_msg("\"%s\": the leaky slope a is a 미분값, not 기울기", ko);
        if (strstr(ko, "결정 경계"))
            fail_msg("\"%s\": the decision map is 결정 영역", ko);
        /* a particle that changes with the word before it, fixed after a conversion, is wrong for some values */
        static const char *const particles[] = {"을", "를", "이 ", "가 ", "와", "과"};
        for (const char *p = strchr(ko, '%'); p; p = strchr(p + 1, '%')) {
            const char *end = p + 1;
            while (*end && strchr("0123456789.-+ #l", *end))
                end++;
            if (!*end || *end == '%')
                continue;
            for (size_t k = 0; k < sizeof particles / sizeof particles[0]; k++)
                if (strncmp(end + 1, particles[k], strlen(particles[k])) == 0)
                    fail_msg("\"%s\": a fixed particle after a conversion; pass it with gf_with_particle", ko);
        }
    }
}

/* Particles follow how the word before them is read: 0.475를 (오), 0.576을 (육). */
static void test_particles_follow_the_word(void **state)
{
    (void)state;
    static const struct { const char *word, *expect; } cases[] = {
        {"0.475", "를"}, {"0.576", "을"}, {"0.5", "를"}, {"10", "을"}, {"0.2", "를"}, {"3", "을"}, {"0.369", "를"},
        {"50%", "를"}, {"시그모이드", "를"}, {"학습률", "을"}, {"", "을"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (strcmp(gf_ko_particle(cases[i].word, "을", "를"), cases[i].expect) != 0)
            fail_msg("\"%s\" takes %s, not %s", cases[i].word, cases[i].expect, gf_ko_particle(cases[i].word, "을", "를"));
    assert_string_equal(gf_ko_particle("¼", "과", "와"), "과");   /* not a digit: the consonant form, as 사분의 일 reads */
    char buf[32];
    gf_with_particle(buf, sizeof buf, GF_LANG_KO, "0.475", "을", "를");
    assert_string_equal(buf, "0.475를");
    gf_with_particle(buf, sizeof buf, GF_LANG_EN, "0.475", "을", "를");
    assert_string_equal(buf, "0.475");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_conversion_parser),
        cmocka_unit_test(test_no_english_key_twice),
        cmocka_unit_test(test_korean_keeps_the_conversions_in_order),
        cmocka_unit_test(test_lookup),
        cmocka_unit_test(test_every_string_has_its_glyphs),
        cmocka_unit_test(test_korean_wording),
        cmocka_unit_test(test_particles_follow_the_word),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
