/* fuzz_lesson.c - libFuzzer target for the lesson parser. Whatever the
 * bytes, the parser either fails with "name:line: ..." and leaves the
 * lesson untouched, or succeeds with a lesson every part of which the
 * program can use as it is: scenes the core accepts, titles and text
 * that are terminated. Built and run by .ci/run with clang. */
#include <assert.h>
#include <stdint.h>
#include <string.h>

#include "gf_lesson.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct gf_lesson lesson;
    char err[512] = "";
    lesson.n_scenes = -1;
    bool ok = gf_lesson_parse(&lesson, (const char *)data, size, "fuzz.txt", err, sizeof err);
    if (!ok) {
        assert(strncmp(err, "fuzz.txt:", 9) == 0 && memchr(err, '\0', sizeof err));
        assert(lesson.n_scenes == -1);
        return 0;
    }
    assert(lesson.n_scenes >= 1 && lesson.n_scenes <= GF_LESSON_MAX_SCENES);
    for (int i = 0; i < lesson.n_scenes; i++) {
        const struct gf_scene *s = &lesson.scene[i];
        assert(gf_lab_config_problem(&s->cfg) == NULL);
        assert((unsigned)s->view < GF_SCENE_VIEW_COUNT);
        assert(s->n_examples >= 0 && s->n_examples <= GF_SCENE_EXAMPLES);
        for (int e = 0; e < s->n_examples; e++)
            assert(gf_lab_config_problem(&s->example[e]) == NULL);
        for (int l = 0; l < GF_LANG_COUNT; l++) {
            const char *title = gf_scene_title(s, (enum gf_lang)l);
            assert(*title && memchr(title, '\0', GF_SCENE_TITLE_MAX));
            int n = gf_scene_text_count(s, (enum gf_lang)l);
            assert(n >= 0 && n <= GF_SCENE_SENTENCES);
            for (int k = 0; k < n; k++)
                assert(memchr(gf_scene_text(s, (enum gf_lang)l, k), '\0', GF_SCENE_TEXT_MAX));
        }
    }
    return 0;
}
