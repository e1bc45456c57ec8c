/* main.c - gradflow's entry point: parse the command line, then run. */
#include <stdio.h>

#include "gf_cli.h"
#include "gf_headless.h"
#include "gf_version.h"

int main(int argc, char **argv)
{
    struct gf_cli_options opt;
    char err[512];
    switch (gf_cli_parse(&opt, argc, argv, err, sizeof err)) {
    case GF_CLI_HELP:
        gf_cli_usage(stdout);
        return 0;
    case GF_CLI_VERSION:
        printf("gradflow %s\n", GF_VERSION);
        return 0;
    case GF_CLI_ERROR:
        fprintf(stderr, "gradflow: %s\n", err);
        return 2;
    case GF_CLI_RUN:
        break;
    }
    if (!opt.headless) {
        fputs("gradflow: this build trains headless only; run it with --headless (see --help)\n", stderr);
        return 2;
    }
    return gf_headless_run(&opt, stdout, stderr);
}
