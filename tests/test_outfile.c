/* test_outfile.c - the promises about output files, tried the way a user
 * breaks them: the real program racing another process for its names,
 * real signals in the middle of a run, a file-size limit, symbolic links,
 * devices, FIFOs, hard links and modes. Each test works in a fresh folder
 * and checks that nothing but what was promised is left in it. */
#define _XOPEN_SOURCE 700   /* mkdtemp, symlink, readlink */
#include "gf_test.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "gf_assets.h"
#include "gf_outfile.h"
#include "gf_png.h"

extern char **environ;

static const char *gradflow;   /* the program itself, from GF_TEST_GRADFLOW */
static char base[600];

/* A new empty folder for one test. */
static const char *fresh_dir(const char *tag)
{
    static char dir[700];
    snprintf(dir, sizeof dir, "%s/outfile-%s-XXXXXX", base, tag);
    assert_non_null(mkdtemp(dir));
    return dir;
}

static const char *in(const char *dir, const char *name)
{
    static char path[4][1400];
    static int next;
    char *p = path[next++ % 4];
    snprintf(p, sizeof path[0], "%s/%s", dir, name);
    return p;
}

/* Names in dir (but . and ..), joined by spaces, sorted by the reader's order; "" when empty. */
static const char *listing(const char *dir)
{
    static char names[4096];
    names[0] = '\0';
    DIR *d = opendir(dir);
    assert_non_null(d);
    for (struct dirent *e; (e = readdir(d));) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        strncat(names, e->d_name, sizeof names - strlen(names) - 2);
        strncat(names, " ", sizeof names - strlen(names) - 1);
    }
    closedir(d);
    return names;
}

static int count_parts(const char *dir)
{
    int n = 0;
    for (const char *p = listing(dir); (p = strstr(p, ".part")); p++)
        n++;
    return n;
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

static void assert_file_is(const char *path, const char *text)
{
    char *got = gf_test_slurp(path, NULL);
    if (!got || strcmp(got, text) != 0)
        fail_msg("%s holds \"%.40s\", expected \"%s\"", path, got ? got : "(nothing)", text);
    free(got);
}

/* Starts the program in dir with args (NULL-terminated), its stderr to
 * err_path, with the signals a test sends at their default action. */
static pid_t start(const char *dir, const char *err_path, const char *const *args)
{
    char *argv[40];
    int argc = 0;
    argv[argc++] = (char *)gradflow;
    while (*args)
        argv[argc++] = (char *)*args++;
    argv[argc] = NULL;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawnattr_t at;
    posix_spawnattr_init(&at);
    sigset_t def;
    sigemptyset(&def);
    sigaddset(&def, SIGINT);
    sigaddset(&def, SIGTERM);
    sigaddset(&def, SIGHUP);
    sigaddset(&def, SIGXFSZ);
    posix_spawnattr_setsigdefault(&at, &def);
    posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGDEF);
    char cwd[1024];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(dir), 0);   /* relative names, as a user types them */
    pid_t pid;
    int e = posix_spawn(&pid, gradflow, &fa, &at, argv, environ);
    assert_int_equal(chdir(cwd), 0);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&at);
    assert_int_equal(e, 0);
    return pid;
}

#define START(dir, err_path, ...) start((dir), (err_path), (const char *const[]){__VA_ARGS__, NULL})

static int finish(pid_t pid)
{
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    return status;
}

static void sleep_ms(int ms)
{
    struct timespec t = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

/* Waits (up to a minute) until dir holds n temporary files: the run is under way. */
static void wait_for_parts(const char *dir, int n)
{
    for (int i = 0; i < 6000 && count_parts(dir) < n; i++)
        sleep_ms(10);
    assert_int_equal(count_parts(dir), n);
}

/* A long run: long enough that a test can act while it trains. */
#define LONG_RUN "--headless", "--steps", "200000", "--depth", "16", "--width", "64"

/* Someone writes the output names while the run trains: their files stay,
 * the run fails saying so, and no output of the run appears at all. */
static void test_names_taken_during_the_run_are_left_alone(void **state)
{
    (void)state;
    const char *dir = fresh_dir("race");
    pid_t pid = START(dir, in(dir, "../race-stderr.txt"), "--headless", "--steps", "3000", "--csv", "out.csv", "--dump",
                      "out.json", "--screenshot", "out.png", "--size", "640x360");
    wait_for_parts(dir, 3);
    write_text(in(dir, "out.png"), "PRECIOUS\n");   /* only the figure's name */
    int status = finish(pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 2);
    assert_file_is(in(dir, "out.png"), "PRECIOUS\n");
    assert_string_equal(listing(dir), "out.png ");   /* neither the CSV nor the dump: all or nothing */
    char *err = gf_test_slurp(in(dir, "../race-stderr.txt"), NULL);
    assert_non_null(strstr(err, "gradflow: --screenshot out.png: was created by someone else during the run"));
    free(err);
}

/* Six runs race for one figure name: exactly one wins, the others fail,
 * and the winner's file is a whole PNG. */
static void test_parallel_runs_never_replace_each_other(void **state)
{
    (void)state;
    const char *dir = fresh_dir("six");
    pid_t pid[6];
    char err_path[6][800];
    for (int i = 0; i < 6; i++) {
        snprintf(err_path[i], sizeof err_path[i], "%s-stderr-%d.txt", dir, i);
        pid[i] = START(dir, err_path[i], "--headless", "--steps", "30", "--screenshot", "p.png", "--size", "640x360");
    }
    int won = 0;
    for (int i = 0; i < 6; i++) {
        int status = finish(pid[i]);
        assert_true(WIFEXITED(status));
        if (WEXITSTATUS(status) == 0) {
            won++;
            continue;
        }
        assert_int_equal(WEXITSTATUS(status), 2);
        char *err = gf_test_slurp(err_path[i], NULL);
        if (!strstr(err, "already exists") && !strstr(err, "was created by someone else"))
            fail_msg("a losing run said \"%s\"", err);
        free(err);
    }
    assert_int_equal(won, 1);
    assert_string_equal(listing(dir), "p.png ");
    size_t len = 0;
    char *png = gf_test_slurp(in(dir, "p.png"), &len);
    assert_true(len > 1000 && memcmp(png, "\x89PNG", 4) == 0 && memcmp(png + len - 8, "IEND", 4) == 0);
    free(png);
}

/* SIGINT, SIGTERM and SIGHUP in the middle of a run: the process ends by
 * that signal, and its temporary files go with it. */
static void test_signals_remove_temporary_files(void **state)
{
    (void)state;
    const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
    for (int i = 0; i < 3; i++) {
        const char *dir = fresh_dir("signal");
        pid_t pid = START(dir, "/dev/null", LONG_RUN, "--csv", "o.csv", "--dump", "o.json", "--screenshot", "o.png");
        wait_for_parts(dir, 3);
        sleep_ms(200);   /* some rows written */
        assert_int_equal(kill(pid, sigs[i]), 0);
        int status = finish(pid);
        assert_true(WIFSIGNALED(status));
        assert_int_equal(WTERMSIG(status), sigs[i]);
        assert_string_equal(listing(dir), "");
    }
}

/* Runs the program in dir under a 100 kB file-size limit; returns its status. */
static int run_capped(const char *dir, const char *err_path, const char *const *args)
{
    char *argv[20];
    int argc = 0;
    argv[argc++] = (char *)gradflow;
    while (*args)
        argv[argc++] = (char *)*args++;
    argv[argc] = NULL;
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        struct rlimit tiny = {100000, 100000};
        signal(SIGXFSZ, SIG_DFL);
        int fd = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int null = open("/dev/null", O_WRONLY);
        if (fd < 0 || null < 0 || chdir(dir) != 0 || setrlimit(RLIMIT_FSIZE, &tiny) != 0)
            _exit(99);
        dup2(fd, 2);
        dup2(null, 1);
        execv(gradflow, argv);
        _exit(98);
    }
    return finish(pid);
}

/* A file-size limit (SIGXFSZ from the kernel, whose default would kill the
 * process): the run fails with the file and the reason in words, and leaves
 * nothing, whether the CSV grows past it during training or the dump at the end. */
static void test_file_size_limit_leaves_nothing(void **state)
{
    (void)state;
    const char *dir = fresh_dir("fsize");
    const char *err_path = in(dir, "../fsize-stderr.txt");
    int status = run_capped(dir, err_path, (const char *const[]){"--headless", "--steps", "5000", "--csv", "o.csv",
                                                                 "--dump", "o.json", NULL});
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 2);
    assert_string_equal(listing(dir), "");
    char *err = gf_test_slurp(err_path, NULL);
    assert_non_null(strstr(err, "gradflow: --csv o.csv: writing failed (File too large); nothing was written"));
    free(err);

    status = run_capped(dir, err_path, (const char *const[]){"--headless", "--steps", "0", "--depth", "16", "--width",
                                                             "64", "--dump", "o.json", NULL});
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 2);
    assert_string_equal(listing(dir), "");
    err = gf_test_slurp(err_path, NULL);
    assert_non_null(strstr(err, "gradflow: --dump o.json: writing failed (File too large); nothing was written"));
    free(err);
}

/* A name no file can have, a folder given with --overwrite: refused before
 * any training, and none of the other outputs is written. */
static void test_a_bad_name_refuses_the_whole_run(void **state)
{
    (void)state;
    const char *dir = fresh_dir("names");
    char long_name[320];
    memset(long_name, 'n', 300);
    memcpy(long_name + 300, ".json", 6);
    const char *err_path = in(dir, "../names-stderr.txt");
    int status = finish(START(dir, err_path, "--headless", "--steps", "100000", "--csv", "c.csv", "--dump",
                              long_name, "--screenshot", "s.png"));
    assert_int_equal(WEXITSTATUS(status), 2);
    assert_string_equal(listing(dir), "");
    char *err = gf_test_slurp(err_path, NULL);
    assert_non_null(strstr(err, "cannot write there (File name too long)"));
    free(err);

    assert_int_equal(mkdir(in(dir, "folder"), 0755), 0);
    status = finish(START(dir, err_path, "--headless", "--steps", "100000", "--overwrite", "--csv", "folder",
                          "--screenshot", "s.png"));
    assert_int_equal(WEXITSTATUS(status), 2);
    assert_string_equal(listing(dir), "folder ");
    err = gf_test_slurp(err_path, NULL);
    assert_non_null(strstr(err, "gradflow: --csv folder: is a folder"));
    free(err);

    /* the figure's fonts are looked for before training too */
    status = finish(START(dir, err_path, "--headless", "--steps", "100000", "--csv", "c.csv", "--screenshot", "s.png",
                          "--assets", "no-such-assets"));
    assert_int_equal(WEXITSTATUS(status), 2);
    assert_string_equal(listing(dir), "folder ");
    err = gf_test_slurp(err_path, NULL);
    assert_non_null(strstr(err, "gradflow: --assets no-such-assets: no fonts/DejaVuSans.ttf there"));
    free(err);
}

static bool open_fails(const char *path, bool overwrite, const char *needle)
{
    struct gf_outfile out;
    char err[1024];
    if (gf_outfile_open(&out, path, overwrite, err, sizeof err)) {
        gf_outfile_abandon(&out);
        print_error("%s was accepted\n", path);
        return false;
    }
    if (!strstr(err, needle)) {
        print_error("\"%s\" lacks \"%s\"\n", err, needle);
        return false;
    }
    return true;
}

/* Links, devices, FIFOs and hard-linked files are never written over;
 * an overwritten file keeps its mode. */
static void test_only_regular_files_are_replaced(void **state)
{
    (void)state;
    const char *dir = fresh_dir("kinds");
    const char *dangling = in(dir, "d.csv");
    assert_int_equal(symlink("nowhere.csv", dangling), 0);
    assert_true(open_fails(dangling, false, "is a symbolic link"));
    assert_true(open_fails(dangling, true, "is a symbolic link"));
    const char *to_stdout = in(dir, "out.csv");
    assert_int_equal(symlink("/proc/self/fd/1", to_stdout), 0);
    assert_true(open_fails(to_stdout, true, "is a symbolic link"));
    assert_true(open_fails("/dev/null", true, "is not a regular file"));
    const char *fifo = in(dir, "fifo");
    assert_int_equal(mkfifo(fifo, 0644), 0);
    assert_true(open_fails(fifo, true, "is not a regular file"));
    assert_true(open_fails(dir, true, "is a folder"));
    char target[32];
    ssize_t n = readlink(dangling, target, sizeof target - 1);
    assert_int_equal(n, 11);   /* the link itself untouched */

    const char *kept = in(dir, "mode.csv");
    write_text(kept, "old\n");
    assert_int_equal(chmod(kept, 0600), 0);
    struct gf_outfile out;
    char err[1024];
    assert_true(gf_outfile_open(&out, kept, true, err, sizeof err));
    fputs("new\n", out.f);
    assert_true(gf_outfile_close(&out, err, sizeof err));
    assert_true(gf_outfile_publish(&out, err, sizeof err));
    assert_file_is(kept, "new\n");
    struct stat st;
    assert_int_equal(stat(kept, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);

    assert_int_equal(link(kept, in(dir, "second-name.csv")), 0);
    assert_true(open_fails(kept, true, "has 2 names (hard links)"));
    assert_int_equal(count_parts(dir), 0);
}

/* A name that turns into a link or a folder during the run is not replaced
 * even with overwrite; a regular file that appears is, as overwrite says. */
static void test_publish_looks_again(void **state)
{
    (void)state;
    const char *dir = fresh_dir("again");
    struct gf_outfile a, b;
    char err[1024];
    assert_true(gf_outfile_open(&a, in(dir, "a.csv"), true, err, sizeof err));
    assert_true(gf_outfile_open(&b, in(dir, "b.csv"), true, err, sizeof err));
    fputs("a\n", a.f);
    fputs("b\n", b.f);
    assert_true(gf_outfile_close(&a, err, sizeof err) && gf_outfile_close(&b, err, sizeof err));
    assert_int_equal(symlink("elsewhere", in(dir, "b.csv")), 0);
    struct gf_outfile *both[2] = {&a, &b};
    int failed = -1;
    assert_false(gf_outfile_publish_all(both, 2, &failed, err, sizeof err));
    assert_int_equal(failed, 1);
    assert_non_null(strstr(err, "b.csv: is a symbolic link"));
    assert_string_equal(listing(dir), "b.csv ");   /* a.csv was not placed either */
}

/* The process exits (the window's quit, or any exit) with a temporary
 * file open: the file goes too. */
static void test_exit_removes_temporary_files(void **state)
{
    (void)state;
    const char *dir = fresh_dir("exit");
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        struct gf_outfile out;
        char err[512];
        if (!gf_outfile_open(&out, in(dir, "x.png"), false, err, sizeof err))
            _exit(99);
        fputs("half", out.f);
        exit(count_parts(dir) == 1 ? 0 : 98);
    }
    int status = finish(pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    assert_string_equal(listing(dir), "");
}

/* A full disk (/dev/full) is reported by its name, with the file's path. */
static void test_full_disk_says_so(void **state)
{
    (void)state;
    FILE *full = fopen("/dev/full", "wb");
    if (!full)
        skip();
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, 256, 256, 32, SDL_PIXELFORMAT_ARGB8888);
    assert_non_null(s);
    Uint32 x = 1;   /* noise, so the image outgrows stdio's buffer */
    for (int i = 0; i < 256 * 256; i++) {
        x = x * 1664525u + 1013904223u;
        ((Uint32 *)s->pixels)[i] = x;
    }
    const struct gf_png_text meta[] = {{"Title", "t"}};
    int write_errno = 0;
    char err[512];
    assert_false(gf_png_write(full, s, meta, 1, &write_errno, err, sizeof err));
    assert_int_equal(write_errno, ENOSPC);
    assert_non_null(strstr(err, "No space left on device"));
    SDL_FreeSurface(s);
    fclose(full);

    /* the CSV and dump writers go through stdio: the first failed write's reason is kept */
    const char *dir = fresh_dir("full");
    struct gf_outfile out;
    assert_true(gf_outfile_open(&out, in(dir, "d.json"), false, err, sizeof err));
    fclose(out.f);
    out.f = fopen("/dev/full", "wb");   /* the disk fills up under the open file */
    for (int i = 0; i < 10000; i++)
        fputs("0.123456789,", out.f);
    assert_false(gf_outfile_healthy(&out));
    assert_false(gf_outfile_close(&out, err, sizeof err));
    char expected[1400];
    snprintf(expected, sizeof expected, "%s: writing failed (No space left on device); nothing was written",
             in(dir, "d.json"));
    assert_string_equal(err, expected);
    assert_string_equal(listing(dir), "");
}

/* A message about a path longer than its buffer keeps its explanation. */
static void test_long_paths_keep_the_explanation(void **state)
{
    (void)state;
    char path[5000];
    memset(path, 'a', sizeof path);
    memcpy(path, "/start/", 7);
    memcpy(path + sizeof path - 14, "/é-end.csv", 12);   /* é is two bytes */
    path[sizeof path - 1] = '\0';
    char err[300];
    gf_outfile_say(err, sizeof err, path, "cannot write there (%s)", strerror(ENAMETOOLONG));
    assert_true(strlen(err) < sizeof err);
    assert_true(strncmp(err, "/start/", 7) == 0);
    assert_non_null(strstr(err, "…"));
    assert_non_null(strstr(err, "-end.csv: cannot write there (File name too long)"));
    char small[1400];
    gf_outfile_say(small, sizeof small, "short.csv", "already exists");
    assert_string_equal(small, "short.csv: already exists");
}

/* An assets folder whose path is longer than the old fixed buffers (1,024
 * bytes): found, not cut short into a folder that does not exist. */
static void test_long_asset_folder_is_found(void **state)
{
    (void)state;
    char path[2000];
    int used = snprintf(path, sizeof path, "%s", fresh_dir("assets"));
    while (used < 1300) {
        used += snprintf(path + used, sizeof path - (size_t)used, "/%0150d", 0);
        assert_int_equal(mkdir(path, 0755), 0);
    }
    used += snprintf(path + used, sizeof path - (size_t)used, "/assets");
    assert_int_equal(symlink(GF_TEST_ASSETS, path), 0);
    char found[4096], err[1024];
    if (!gf_assets_find(path, found, sizeof found, err, sizeof err))
        fail_msg("not found: %s", err);
    assert_string_equal(found, path);
    char small[1024];
    assert_false(gf_assets_find(path, small, sizeof small, err, sizeof err));
    assert_non_null(strstr(err, ": longer than the 1023 bytes a folder's name may have here"));
}

int main(void)
{
    gradflow = getenv("GF_TEST_GRADFLOW");
    const char *tmp = getenv("GF_TEST_TMP");
    snprintf(base, sizeof base, "%s", tmp ? tmp : "/tmp");
    if (!gradflow) {
        fprintf(stderr, "GF_TEST_GRADFLOW is not set (meson test sets it to the built program)\n");
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_taken_during_the_run_are_left_alone),
        cmocka_unit_test(test_parallel_runs_never_replace_each_other),
        cmocka_unit_test(test_signals_remove_temporary_files),
        cmocka_unit_test(test_file_size_limit_leaves_nothing),
        cmocka_unit_test(test_a_bad_name_refuses_the_whole_run),
        cmocka_unit_test(test_only_regular_files_are_replaced),
        cmocka_unit_test(test_publish_looks_again),
        cmocka_unit_test(test_exit_removes_temporary_files),
        cmocka_unit_test(test_full_disk_says_so),
        cmocka_unit_test(test_long_paths_keep_the_explanation),
        cmocka_unit_test(test_long_asset_folder_is_found),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
