/* fuzz_cli.c - libFuzzer target for the command-line parser. The input is
 * split at NUL bytes into arguments; whatever they are, the parser must
 * answer with one of its results, a message on error, and on success
 * settings the core accepts. Built and run by .ci/run with clang. */
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
    if (r == GF_CLI_ERROR)
        assert(err[0] != '\0' && memchr(err, '\0', sizeof err));
    if (r == GF_CLI_RUN)
        assert(gf_lab_config_problem(&opt.lab) == NULL);
    free(copy);
    return 0;
}
