/* fuzz_cli.c - libFuzzer target for the command-line parser. The input is
 * split at NUL bytes into arguments; whatever they are, the parser must
 * answer with one of its results, a one-line message on error, and on
 * success settings the core accepts; the prompt's parse leaves its settings
 * untouched unless the whole line parses. Built and run by .ci/run with clang. */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gf_cli.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    enum { MAX_ARGS = 48 };
    char *copy = malloc(size + 1);
    if (!copy)
        return 0;
    memcpy(copy, data, size);
    copy[size] = '\0';
    char *argv[MAX_ARGS + 1];
    int argc = 0;
    argv[argc++] = (char *)"gradflow";
    for (char *p = copy; p < copy + size && argc < MAX_ARGS; p += strlen(p) + 1)
        argv[argc++] = p;
    argv[argc] = NULL;

    struct gf_cli_options opt;
    char err[512] = "";
    enum gf_cli_result r = gf_cli_parse(&opt, argc, argv, err, sizeof err);
    assert(r == GF_CLI_RUN || r == GF_CLI_HELP || r == GF_CLI_VERSION || r == GF_CLI_ERROR);
    if (r == GF_CLI_ERROR)   /* one line, whatever the values held: they are echoed escaped */
        assert(err[0] != '\0' && memchr(err, '\0', sizeof err) && !strchr(err, '\n') && !strchr(err, '\r'));
    if (r == GF_CLI_RUN)
        assert(gf_lab_config_problem(&opt.lab) == NULL);
    /* the window's prompt parses the same words over the settings it has, changing them only when all parse */
    struct gf_cli_options before, now;
    gf_cli_defaults(&before);
    before.lab.depth = 20;
    memcpy(&now, &before, sizeof now);   /* padding too, so memcmp compares settings only */
    if (gf_cli_parse_prompt(&now, argc, argv, err, sizeof err))
        assert(gf_lab_config_problem(&now.lab) == NULL);
    else
        assert(memcmp(&now, &before, sizeof now) == 0 && err[0] != '\0' && !strchr(err, '\n'));
    free(copy);
    return 0;
}
