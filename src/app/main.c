/* main.c - gradflow's entry point: parse the command line, then run. */
#include <SDL.h>   /* SDL_main on the platforms that need it */
#include <stdio.h>

#include "gf_cli.h"
#include "gf_headless.h"
#include "gf_platform.h"
#include "gf_version.h"
#include "gf_window.h"

int main(int argc, char **argv)
{
    gf_platform_start(&argc, &argv);
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
        gf_show_error(err);
        return 2;
    case GF_CLI_RUN:
        break;
    }
    if (opt.headless)
        return gf_headless_run(&opt, stdout, stderr);
    if (opt.csv_path || opt.dump_path) {
        fputs("gradflow: --csv and --dump go with --headless\n", stderr);
        return 2;
    }
    return gf_window_run(&opt);
}
