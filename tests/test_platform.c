/* test_platform.c - the file calls that differ between systems, with names
 * that are not ASCII: on Windows these go through the wide API, and an ANSI
 * call would turn the Korean letters into question marks. The suite is run
 * with one argument, a Korean phrase, which must arrive intact in argv. */
#include "gf_test.h"

#include <errno.h>
#include <string.h>

#include "gf_platform.h"

#define PHRASE "기울기 소실 test"   /* what meson passes as argv[1] */

static char dir[600];

static int setup(void **state)
{
    (void)state;
    const char *tmp = getenv("GF_TEST_TMP");
    snprintf(dir, sizeof dir, "%s/플랫폼 테스트", tmp ? tmp : "/tmp");
    return gf_make_dir(dir) ? 0 : -1;
}

static void test_korean_names_round_trip(void **state)
{
    (void)state;
    char path[800];
    snprintf(path, sizeof path, "%s/결과 파일.csv", dir);
    gf_remove_file(path);
    assert_false(gf_path_exists(path));

    FILE *f = gf_create_new(path);
    assert_non_null(f);
    assert_true(fputs("한국어 안녕\n", f) >= 0);
    assert_int_equal(fclose(f), 0);
    assert_true(gf_path_exists(path));

    /* created only when free: a second create is refused, the file kept */
    errno = 0;
    assert_null(gf_create_new(path));
    assert_int_equal(errno, EEXIST);

    char line[64] = "";
    f = gf_open_file(path, "rb");
    assert_non_null(f);
    assert_non_null(fgets(line, sizeof line, f));
    fclose(f);
    assert_string_equal(line, "한국어 안녕\n");

    assert_int_equal(gf_remove_file(path), 0);
    assert_false(gf_path_exists(path));
    assert_int_equal(gf_remove_file(path), ENOENT);
}

static void test_replace_and_folders(void **state)
{
    (void)state;
    char a[800], b[800], sub[800];
    snprintf(a, sizeof a, "%s/첫째.txt", dir);
    snprintf(b, sizeof b, "%s/둘째.txt", dir);
    snprintf(sub, sizeof sub, "%s/폴더", dir);
    gf_remove_file(a);
    gf_remove_file(b);
    for (int i = 0; i < 2; i++) {
        FILE *f = gf_create_new(i == 0 ? a : b);
        assert_non_null(f);
        fputs(i == 0 ? "new" : "old", f);
        fclose(f);
    }
    assert_int_equal(gf_place_new(a, b), EEXIST);   /* a taken name is never replaced */
    assert_true(gf_path_exists(a));
    struct gf_file_info info;
    assert_int_equal(gf_file_info(b, &info), 0);
    assert_int_equal(info.kind, GF_FILE_REGULAR);
    assert_int_equal(gf_place_over(a, b, info.mode), 0);   /* onto an existing file, keeping its mode */
    assert_false(gf_path_exists(a));
    char text[8] = "";
    FILE *f = gf_open_file(b, "rb");
    assert_non_null(f);
    assert_non_null(fgets(text, sizeof text, f));
    fclose(f);
    assert_string_equal(text, "new");

    assert_true(gf_make_dir(sub));
    assert_true(gf_make_dir(sub));    /* already there: fine */
    assert_false(gf_make_dir(b));     /* a file in the way */
    assert_int_equal(errno, ENOTDIR);
    assert_int_equal(gf_remove_file(b), 0);
}

static void test_same_target(void **state)
{
    (void)state;
    char a[800], b[800];
    snprintf(a, sizeof a, "%s/그림.png", dir);
    snprintf(b, sizeof b, "%s/../%s/그림.png", dir, strrchr(dir, '/') + 1);
    assert_true(gf_same_target(a, b));
    snprintf(b, sizeof b, "%s/그림2.png", dir);
    assert_false(gf_same_target(a, b));
#ifdef _WIN32
    /* Windows' names ignore case */
    snprintf(a, sizeof a, "%s/Out.CSV", dir);
    snprintf(b, sizeof b, "%s/out.csv", dir);
    assert_true(gf_same_target(a, b));
#endif
}

static void test_default_out_dir(void **state)
{
    (void)state;
    const char *d = gf_default_out_dir("gradflow-shots");
    size_t n = strlen(d);
    assert_true(n >= strlen("gradflow-shots"));
    assert_string_equal(d + n - strlen("gradflow-shots"), "gradflow-shots");
#ifdef _WIN32
    /* inside the user's Pictures folder, an absolute path */
    assert_true(n > strlen("gradflow-shots") + 3);
    assert_int_equal(d[1], ':');
#else
    assert_string_equal(d, "gradflow-shots");
#endif
}

int main(int argc, char **argv)
{
    gf_platform_start(&argc, &argv);
    if (argc != 2 || strcmp(argv[1], PHRASE) != 0) {
        fprintf(stderr, "test_platform: argv[1] should be \"%s\", is \"%s\"\n", PHRASE, argc > 1 ? argv[1] : "");
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_korean_names_round_trip),
        cmocka_unit_test(test_replace_and_folders),
        cmocka_unit_test(test_same_target),
        cmocka_unit_test(test_default_out_dir),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
